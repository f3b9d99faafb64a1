/*
 * fd.h - the library OS's file descriptors: the console, pipes and
 * files, in a per-process table that spawned programs inherit (for 0,
 * 1 and 2).
 */
#ifndef LIBEXOS_FD_H
#define LIBEXOS_FD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "exos/exos.h"
#include "exos/pipe.h"

/* FD_FILE: slot is an entry of the shared open-file table (file.h).
 * FD_DIR: a directory opened for reading (file.c keeps its path). */
/* FD_DEV: a device of /dev other than the console (slot: dev.h's enum). */
/* FD_PROC: a file of /proc, written out when opened (proc/procfs.c). */
enum exos_fd_type { FD_NONE = 0, FD_CONS, FD_PIPE_R, FD_PIPE_W, FD_FILE, FD_DIR, FD_DEV, FD_PROC };

/* How a started program's descriptors arrive: EXOS_FD_MAX specs after
 * argc in its argument block (start.c), FD_NONE for a closed one. */
struct exos_fd_spec {
	uint32_t type;                    /* enum exos_fd_type */
	uint32_t slot;                    /* pipe slot, or FD_FILE's open-file entry */
	uint64_t arg;                     /* per-type state (0 for console, pipes, files) */
};

struct exos_fd {
	enum exos_fd_type type;
	uint32_t slot;
	uint64_t arg;
	uint32_t fdflags;                 /* FD_CLOEXEC */
	uint32_t flflags;                 /* O_NONBLOCK (fcntl F_SETFL) */
};

extern struct exos_fd exos_fds[EXOS_FD_MAX];

/* Set the table from a started program's EXOS_FD_MAX specs (NULL: 0-2
 * the console, the rest closed). */
void exos_fd_init(const struct exos_fd_spec *spec);
/* Close the descriptors marked close-on-exec (exec, posix/fcntl.c). */
void exos_fd_close_on_exec(void);
/* Close every descriptor (at exit). */
void exos_fd_close_all(void);
/* For starting a program in env id (envcap): what our fd `fd` is, as a
 * spec (FD_NONE if closed); maps a pipe's page there and counts the new
 * end. */
int exos_fd_give(int fd, int envcap, uint32_t id, struct exos_fd_spec *out);
/* fork (fork.c): map every pipe page our table names into the child
 * and count its ends again, hand it our file system and count its open
 * files again, all as held by the child (if it never starts, it is
 * destroyed and whoever looks next drops them); and in the child,
 * forget which pipe pages we allocated (the parent did) and the
 * parent's file system state (it adopts the one handed over). */
int exos_fd_fork(int envcap, uint32_t id);
void exos_fd_forked(void);

ssize_t exos_fd_read(int fd, void *buf, size_t len);
ssize_t exos_fd_write(int fd, const void *buf, size_t len);
/* Bytes a read of fd (a pipe or file) could take now without waiting. */
int exos_fd_nread(int fd);

#endif
