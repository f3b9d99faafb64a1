/*
 * tty.c - the console as a terminal (tty.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "exos/exos.h"
#include "../shared.h"
#include "../signal.h"
#include "../proc/ptab.h"
#include "tty.h"
#include "exos/tty.h"
#include "exos/uaccess.h"

#define TTY_MAGIC 0x54545931u   /* "TTY1" */

/* Without the shared region: this process's own terminal. */
static struct exos_tty private_tty;

static struct exos_tty *tty_raw(void)
{
	return exos_shared_ok() ? (struct exos_tty *)EXOS_SHARED_TTY : &private_tty;
}

_Static_assert(sizeof(struct exos_tty) <= 2 * 4096, "two pages of the shared region");

struct exos_tty *exos_tty_lock(void)
{
	struct exos_tty *t = tty_raw();

	exos_lock_take(&t->lock);
	if (t->magic != TTY_MAGIC) {
		ldisc_init(&t->ld);
		t->ws = (struct winsize){ 24, 80, 0, 0 };
		t->rx_seen = exos_info->cons_rx_bytes - 0;
		t->magic = TTY_MAGIC;
	}
	return t;
}

void exos_tty_unlock(struct exos_tty *t)
{
	exos_lock_give(&t->lock);
}

static void echo(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	sys_cons_write(s, n);
}

/* Signals the keys raise, sent once the lock is let go. */
struct pump_ctx {
	uint32_t pgrp;
	int sigs;                     /* bit per signal */
};

static void key_signal(void *ctx, int sig)
{
	((struct pump_ctx *)ctx)->sigs |= 1 << sig;
}

static const struct ldisc_ops tty_ops = { echo, key_signal };

/* Move what the kernel received through the line discipline.  Lock
 * held; the signals it raised are left in *pc. */
static void pump(struct exos_tty *t, struct pump_ctx *pc)
{
	char buf[256];
	long n;
	size_t before = ldisc_readable(&t->ld);

	pc->pgrp = t->fg_pgrp;
	while ((n = sys_cons_read(buf, sizeof(buf))) > 0)
		for (long i = 0; i < n; i++)
			ldisc_input(&t->ld, (unsigned char)buf[i], &tty_ops, pc);
	t->rx_seen = __atomic_load_n(&exos_info->cons_rx_bytes, __ATOMIC_ACQUIRE);
	if (ldisc_readable(&t->ld) != before || pc->sigs)
		__atomic_fetch_add(&t->changes, 1, __ATOMIC_RELEASE);
}

static void send_key_signals(const struct pump_ctx *pc)
{
	for (int s = 1; s < NSIG; s++)
		if ((pc->sigs & (1 << s)) && pc->pgrp)
			kill(-(pid_t)pc->pgrp, s);
}

void exos_tty_claim(struct exos_tty *t)
{
	struct exos_proc *me = exos_ptab_self();

	if (!me || (t->sid && exos_env_alive(t->sid)))
		return;
	t->sid = me->sid;
	t->fg_pgrp = me->pgid;
}

/* A reader outside the foreground group: SIGTTIN to its group (EINTR),
 * or EIO if it ignores or blocks that.  0 if it may read. */
static int background_read(struct exos_tty *t)
{
	struct exos_proc *me = exos_ptab_self();
	struct sigaction a;
	sigset_t mask;

	if (!me || !t->fg_pgrp || me->pgid == t->fg_pgrp || me->sid != t->sid)
		return 0;
	sigaction(SIGTTIN, 0, &a);
	sigprocmask(SIG_BLOCK, 0, &mask);
	if (a.sa_handler == SIG_IGN || sigismember(&mask, SIGTTIN))
		return -EIO;
	kill(-(pid_t)me->pgid, SIGTTIN);
	return -EINTR;
}

/* Sleep until input may be readable: the queue changed, or raw input
 * arrived for us to pump. */
static int wait_input(struct exos_tty *t, uint32_t changes, uint64_t rx, uint64_t deadline)
{
	struct exos_pred p = { .nterms = 2 };

	p.term[0] = (struct exos_pred_term){ (uintptr_t)&t->changes, ~0UL, changes, 4,
					     EXOS_PRED_NE, 1, { 0 } };
	p.term[1] = (struct exos_pred_term){ (uintptr_t)&exos_info->cons_rx_bytes, ~0UL, rx, 8,
					     EXOS_PRED_NE, 1, { 0 } };
	int r = exos_sleep_intr(&p, deadline);
	return r == -EINTR && !exos_signal_restart() ? -EINTR : r;
}

/* When a non-canonical read with VMIN 0 and VTIME > 0 gives up. */
static uint64_t vtime_deadline(const struct exos_tty *t)
{
	if ((t->ld.tio.c_lflag & ICANON) || t->ld.tio.c_cc[VMIN] || !t->ld.tio.c_cc[VTIME])
		return EXOS_NO_DEADLINE;
	return exos_rdtime() + exos_info->timebase_hz / 10 * t->ld.tio.c_cc[VTIME];
}

/* Bytes one read moves at most: the line discipline fills our buffer
 * under the lock, and it is copied out to the program's after. */
#define TTY_READ_MAX 1024

ssize_t exos_tty_read(void *ubuf, size_t len, int nonblocking)
{
	struct pump_ctx pc = { 0 };
	uint64_t deadline = EXOS_NO_DEADLINE;
	char buf[TTY_READ_MAX];

	if (len > sizeof(buf))
		len = sizeof(buf);
	/* A bad buffer is EFAULT before any input is taken. */
	if (exos_touch(ubuf, len, 1)) {
		errno = EFAULT;
		return -1;
	}
	for (int first = 1;; first = 0) {
		struct exos_tty *t = exos_tty_lock();
		int bg = background_read(t);
		if (bg) {
			exos_tty_unlock(t);
			errno = -bg;
			return -1;
		}
		pump(t, &pc);
		long n = len ? ldisc_read(&t->ld, buf, len) : 0;
		int poll_only = !(t->ld.tio.c_lflag & ICANON) && !t->ld.tio.c_cc[VMIN] &&
				!t->ld.tio.c_cc[VTIME];
		if (first)
			deadline = vtime_deadline(t);
		uint32_t changes = t->changes;
		uint64_t rx = t->rx_seen;
		exos_tty_unlock(t);
		send_key_signals(&pc);
		pc.sigs = 0;
		if (n > 0 && exos_copy_out(ubuf, buf, (size_t)n)) {
			errno = EFAULT;
			return -1;
		}
		if (n >= 0)
			return n;
		if (poll_only)
			return 0;
		if (nonblocking) {
			errno = EAGAIN;
			return -1;
		}
		int r = wait_input(t, changes, rx, deadline);
		if (r == -EINTR) {
			errno = EINTR;
			return -1;
		}
		if (r == EXOS_SLEEP_TIMEOUT)
			return 0;
	}
}

ssize_t exos_tty_write(const void *buf, size_t len)
{
	long r = sys_cons_write(buf, len);

	/* The kernel sees only what is mapped now: fault the buffer in (the
	 * heap's first touch, copy-on-write) and ask again. */
	if (r == -E_FAULT && exos_touch(buf, len, 0) == 0)
		r = sys_cons_write(buf, len);
	if (r < 0) {
		errno = EFAULT;
		return -1;
	}
	return r;
}

int exos_tty_ready(int events)
{
	struct pump_ctx pc = { 0 };
	struct exos_tty *t = exos_tty_lock();
	int r = events & (POLLOUT | POLLWRNORM);

	pump(t, &pc);
	if (ldisc_readable(&t->ld))
		r |= events & (POLLIN | POLLRDNORM);
	exos_tty_unlock(t);
	send_key_signals(&pc);
	return r;
}

int exos_tty_wake_terms(struct exos_pred *p)
{
	struct exos_tty *t = tty_raw();

	if (p->nterms + 2 > EXOS_PRED_MAX_TERMS)
		return 0;
	p->term[p->nterms++] = (struct exos_pred_term){ (uintptr_t)&t->changes, ~0UL, t->changes,
							4, EXOS_PRED_NE, 1, { 0 } };
	p->term[p->nterms++] = (struct exos_pred_term){ (uintptr_t)&exos_info->cons_rx_bytes, ~0UL,
							exos_info->cons_rx_bytes, 8, EXOS_PRED_NE,
							1, { 0 } };
	return 2;
}

int exos_tty_serve(long arg)
{
	struct exos_pred p = { .nterms = 1 };

	(void)arg;
	/* Nothing here answers to the keyboard's signals. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	for (;;) {
		struct pump_ctx pc = { 0 };
		struct exos_tty *t = exos_tty_lock();
		t->server = exos_self;
		pump(t, &pc);
		uint64_t rx = t->rx_seen;
		exos_tty_unlock(t);
		send_key_signals(&pc);
		p.term[0] = (struct exos_pred_term){ (uintptr_t)&exos_info->cons_rx_bytes, ~0UL, rx,
						     8, EXOS_PRED_NE, 1, { 0 } };
		sys_sleep_until(&p);
	}
	return 0;
}

int exos_tty_start_server(void)
{
	return exos_spawn(exos_tty_serve, 0, EXOS_ENV_F_LEFTOVER | EXOS_SPAWN_SHARED) < 0 ? -1 : 0;
}
