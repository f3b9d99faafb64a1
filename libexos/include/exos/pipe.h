/*
 * exos/pipe.h - a pipe's page, the layout every process holding one of
 * its ends shares (libexos/fd.c keeps it; t_robust looks inside).
 */
#ifndef EXOS_PIPE_H
#define EXOS_PIPE_H

#include <stdint.h>
#include "exos/exos.h"
#include "exos/robust.h"

/* A pipe: one page shared by every process holding an end.  Readers
 * move rd, writers wr; the open counts say when a reader sees end of
 * file and a writer sees EPIPE.
 *
 * The counts are kept per holder too, by env slot (holder, holds), so
 * that the ends a process held when it was killed (it never closed
 * them) can be found and dropped: whoever reads, writes or reaps the
 * pipe checks the holders of the other end against the exported env
 * table, and a sleeping reader or writer wakes when one of them dies.
 *
 * Several processes may read one pipe, and several write it.  Readers
 * copy bytes out, then claim them by moving rd with a compare-and-swap
 * (a reader that loses the race looks again).  Writers take turns under
 * the write end's robust lock (exos/robust.h; a sole writer needs no
 * turn), and move wr with one store, made last.  Each end's holders and
 * count change under that end's lock, every store logged.  So a process killed or faulting anywhere
 * in a read, a write or the bookkeeping leaves the pipe as it was for
 * the next one.  A reader and a writer never wait for each other, and
 * nobody sleeps holding a lock. */
#define EXOS_PIPE_VA    0x2800000000UL
#define EXOS_PIPE_SLOTS 64
enum { EXOS_PIPE_R = 0, EXOS_PIPE_W = 1 };
struct exos_pipe {
	struct robust_mem lock[2];        /* per end (EXOS_PIPE_R, EXOS_PIPE_W) */
	volatile uint32_t rd, wr;         /* bytes read / written so far (wrapping) */
	volatile uint32_t readers, writers;
	uint64_t ppn;
	volatile uint32_t rsleep;         /* env id of a reader asleep on it, or 0 */
	volatile uint32_t wsleep;         /* env id of a writer asleep on it, or 0 */
	volatile uint32_t rlast, wlast;   /* env id of the last reader / writer */
	volatile uint64_t held[2];        /* per end: bit s set when holder[end][s] is */
	volatile uint64_t swept[2];       /* per end: exos_info->envs_ended when last swept */
	volatile uint32_t holder[2][EXOS_MAX_ENVS];  /* per end and env slot: id, or 0 */
	volatile uint8_t holds[2][EXOS_MAX_ENVS];    /* its descriptors naming that end */
	char buf[EXOS_PIPE_BUF];
};
_Static_assert(sizeof(struct exos_pipe) == 4096, "a pipe is one page");

/* The pipe in slot s (its page, mapped at the same address everywhere). */
struct exos_pipe *exos_pipe_at(uint32_t slot);
/* The pipe descriptor fd reads or writes, or NULL (not a pipe end). */
struct exos_pipe *exos_pipe_of(int fd);
/* Drop the entries of the pipe's end held by envs that have ended
 * without closing it (killed), and their count. */
void exos_pipe_forget_dead(struct exos_pipe *p, int end);

#endif
