/*
 * tty.h - the console as a terminal: one line discipline (ldisc.h) for
 * the whole machine, in the shared region (shared.h) where every
 * process reaches it, with the foreground process group and the window
 * size.  Input moves from the kernel's receive buffer through the line
 * discipline into its queue whenever anyone holding the lock pumps it:
 * a reader, or the terminal server init starts (exos_tty_serve), which
 * sleeps until the kernel's count of received bytes moves, so that
 * Ctrl-C reaches the foreground group while nobody reads.  Readers
 * sleep on the queue's change count.  Only the foreground process group
 * reads: a background reader gets SIGTTIN.
 */
#ifndef LIBEXOS_TTY_H
#define LIBEXOS_TTY_H

#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include "ldisc.h"

struct exos_tty {
	uint32_t magic;
	volatile uint32_t lock;           /* exos_lock_take */
	volatile uint32_t sid;            /* the session it is the terminal of (0: none) */
	volatile uint32_t fg_pgrp;        /* its foreground process group (0: none) */
	volatile uint32_t server;         /* env id of the terminal server, 0: none */
	volatile uint32_t changes;        /* moves when input becomes readable */
	uint64_t rx_seen;                 /* exos_info->cons_rx_bytes pumped so far */
	struct winsize ws;
	struct ldisc ld;
};

ssize_t exos_tty_read(void *buf, size_t len, int nonblocking);
ssize_t exos_tty_write(const void *buf, size_t len);
/* poll(): which of POLLIN/POLLOUT hold, and the predicate terms that
 * wake a poller when input arrives (returns how many it added). */
int exos_tty_ready(int events);
struct exos_pred;
int exos_tty_wake_terms(struct exos_pred *p);
/* The terminal server (exos_spawn it): pumps input as it arrives. */
int exos_tty_serve(long arg);
/* The terminal, locked: call exos_tty_unlock after. */
struct exos_tty *exos_tty_lock(void);
void exos_tty_unlock(struct exos_tty *t);
/* Take the terminal as the controlling one of our session if it has
 * none (or its session has ended). */
void exos_tty_claim(struct exos_tty *t);

#endif
