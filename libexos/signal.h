/*
 * signal.h - the library's side of signals (signal.c), for the other
 * parts of libexos.
 */
#ifndef LIBEXOS_SIGNAL_H
#define LIBEXOS_SIGNAL_H

#include <stdint.h>

/* Inside a critical section (a shared lock held): a signal that
 * arrives waits, and is delivered by the last undefer.  Robust sections
 * (exos/robust.h) defer delivery too, without a call: the last one left
 * calls exos_signal_sections_left when something waits. */
void exos_signal_defer(void);
void exos_signal_undefer(void);
void exos_signal_sections_left(void);
/* The notification upcall (runtime.c): deliver bits. */
void exos_signal_notes(uint64_t bits);
/* A fault no handler took (runtime.c): the program's handler for the
 * signal it maps to, or death by that signal.  Returns only to resume. */
void exos_signal_fault(uint64_t cause, uint64_t tval, uint64_t epc);
/* Handlers run so far: a blocking call that a notification woke
 * (EXOS_SLEEP_NOTE) returns EINTR if this moved, and sleeps again if not. */
uint64_t exos_signal_handled(void);
/* Whether the last handler run asked for restarts (SA_RESTART). */
int exos_signal_restart(void);
/* Set up after start, fork or exec: the masks the kernel keeps in the
 * save area become ours; exec resets handlers to their default. */
void exos_signal_init(int execed);
/* Post signal sig to env id (0, or -1 with errno ESRCH/EPERM). */
int exos_signal_send(uint32_t id, int sig);
/* The wait status of an env that ended with exit status st. */
int exos_wait_status(int32_t st);
/* Sleep as sys_sleep_deadline does (p NULL: no predicate; deadline
 * EXOS_NO_DEADLINE: none): 0 (the predicate holds, or woken early:
 * look again), EXOS_SLEEP_TIMEOUT, -EINTR when a signal handler ran
 * meanwhile, or a kernel error. */
struct exos_pred;
int exos_sleep_intr(const struct exos_pred *p, uint64_t deadline);
/* The exit status (sys_exit) of a process killed by signal sig: its
 * low byte is what a shell shows for it (128 + sig, so a machine whose
 * init dies by SIGSEGV powers off with 139), bit 8 tells it from an
 * exit code (exit keeps only the low byte of its argument). */
#define EXOS_EXIT_SIGNALED(sig) (0x100 | (128 + (sig)))

#endif
