/*
 * shared.h - state every process on the machine shares: the terminal
 * (tty/tty.h) and the process table (proc/ptab.h).  Its pages belong
 * to a holder env that never runs, and each process maps them itself
 * at EXOS_SHARED_VA (unlike /tmp, which is a software region nobody
 * maps: exos/ramfs.h); init makes it at start,
 * and starting a program (spawn, fork) passes its mappings on to the
 * child in one pte_share_batch; exec keeps them.  The range is
 * guaranteed, so the kernel never drops the mappings.
 *
 *   page 0      this header
 *   pages 1-2   the terminal (struct exos_tty)
 *   pages 3-6   the process table (struct exos_proc[EXOS_MAX_ENVS])
 *
 * Locks (exos_lock_take) are words holding the env id of their holder;
 * one held by an env that has ended is taken over.  A process holding
 * one defers its signals until it lets go.
 */
#ifndef LIBEXOS_SHARED_H
#define LIBEXOS_SHARED_H

#include <stdint.h>

#define EXOS_SHARED_VA    0x2e00000000UL
#define EXOS_SHARED_PAGES 7
#define EXOS_SHARED_TTY   (EXOS_SHARED_VA + 1 * 4096)
#define EXOS_SHARED_PTAB  (EXOS_SHARED_VA + 3 * 4096)

struct exos_shared {
	uint32_t magic;
	uint32_t holder;                  /* env owning every page; never runs */
	uint32_t creator;                 /* env that made it */
	uint32_t _pad;
	uint64_t ppn[EXOS_SHARED_PAGES];
};

/* Use the region handed to us, or make one: 0, or -1 (no memory: the
 * terminal and the process table then work for this process alone, as
 * far as they can). */
int exos_shared_attach(void);
/* Whether the region is mapped here (after a successful attach). */
int exos_shared_ok(void);
/* Hand it to env id (envcap) before it starts.  0 or -E_* (kernel). */
int exos_shared_give(int envcap, uint32_t id);
/* A copy of a parent's data (fork, exos_spawn's children) forgets the
 * parent's capability slot. */
void exos_shared_reset(void);

/* A lock word in shared memory. */
void exos_lock_take(volatile uint32_t *lock);
void exos_lock_give(volatile uint32_t *lock);

#endif
