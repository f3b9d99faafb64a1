/*
 * poll.c - poll and select over the console, pipes and files.  Files
 * are always ready; a pipe is readable when it holds bytes or has no
 * writer left, writable when it has room or no reader; the console
 * when its line discipline has input (tty/).  Waiting is one sleep on a
 * predicate over every descriptor's words (or a timed sleep when there
 * are too many to watch), ended early by a signal handler (EINTR).
 * The program's arrays, sets and times are copied in and out
 * (exos/uaccess.h): a bad pointer is EFAULT.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include "exos/exos.h"
#include "exos/uaccess.h"
#include "../fd.h"
#include "../signal.h"
#include "../tty/tty.h"

static short pipe_ready(const struct exos_fd *f, short events)
{
	struct exos_pipe *p = exos_pipe_at(f->slot);
	uint32_t rd = __atomic_load_n(&p->rd, __ATOMIC_ACQUIRE);
	uint32_t wr = __atomic_load_n(&p->wr, __ATOMIC_ACQUIRE);
	short r = 0;

	if (f->type == FD_PIPE_R) {
		exos_pipe_forget_dead(p, EXOS_PIPE_W);
		if (wr != rd)
			r |= events & (POLLIN | POLLRDNORM);
		if (!p->writers)
			r |= POLLHUP;
	} else {
		exos_pipe_forget_dead(p, EXOS_PIPE_R);
		if (wr - rd < EXOS_PIPE_BUF)
			r |= events & (POLLOUT | POLLWRNORM);
		if (!p->readers)
			r |= POLLERR;
	}
	return r;
}

static short ready(int fd, short events)
{
	if (fd < 0)
		return 0;
	if (fd >= EXOS_FD_MAX || exos_fds[fd].type == FD_NONE)
		return POLLNVAL;
	const struct exos_fd *f = &exos_fds[fd];
	switch (f->type) {
	case FD_CONS:
		return (short)exos_tty_ready(events);
	case FD_PIPE_R:
	case FD_PIPE_W:
		return pipe_ready(f, events);
	default:
		return events & (POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM);
	}
}

static int add(struct exos_pred *p, const volatile void *va, uint64_t value, int size, int op)
{
	if (p->nterms == EXOS_PRED_MAX_TERMS)
		return -1;
	p->term[p->nterms++] = (struct exos_pred_term){ (uintptr_t)va, ~0UL, value,
						       (uint8_t)size, (uint8_t)op, 1, { 0 } };
	return 0;
}

/* Terms that become true when fd may have become ready: -1 if the
 * predicate has no room left. */
static int wake_terms(struct exos_pred *p, int fd)
{
	const struct exos_fd *f = &exos_fds[fd];
	struct exos_pipe *pp;

	switch (f->type) {
	case FD_CONS:
		return exos_tty_wake_terms(p) ? 0 : -1;
	case FD_PIPE_R:
		pp = exos_pipe_at(f->slot);
		if (add(p, &pp->wr, pp->wr, 4, EXOS_PRED_NE) ||
		    add(p, &pp->writers, 0, 4, EXOS_PRED_EQ))
			return -1;
		return 0;
	case FD_PIPE_W:
		pp = exos_pipe_at(f->slot);
		if (add(p, &pp->rd, pp->rd, 4, EXOS_PRED_NE) ||
		    add(p, &pp->readers, 0, 4, EXOS_PRED_EQ))
			return -1;
		return 0;
	default:
		return 0;
	}
}

/* Entries one poll takes (more: EINVAL, as past OPEN_MAX). */
#define POLL_MAX 64

/* poll over our own copy of the program's array. */
static int poll_ours(struct pollfd *fds, nfds_t n, int timeout)
{
	uint64_t hz = exos_info->timebase_hz;
	uint64_t deadline = timeout < 0 ? EXOS_NO_DEADLINE :
			    exos_rdtime() + (uint64_t)timeout * hz / 1000;

	for (;;) {
		int count = 0;
		for (nfds_t i = 0; i < n; i++) {
			fds[i].revents = ready(fds[i].fd, fds[i].events);
			count += fds[i].revents != 0;
		}
		if (count || timeout == 0)
			return count;
		struct exos_pred p = { 0 };
		int full = add(&p, &exos_info->envs_ended, exos_info->envs_ended, 8, EXOS_PRED_NE);
		for (nfds_t i = 0; i < n && !full; i++)
			if (fds[i].fd >= 0)
				full = wake_terms(&p, fds[i].fd);
		/* Too much to watch: look again every 10 ms. */
		uint64_t until = full ? exos_rdtime() + hz / 100 : deadline;
		if (until > deadline)
			until = deadline;
		int r = exos_sleep_intr(full ? 0 : &p, until);
		if (r == -EINTR) {
			errno = EINTR;
			return -1;
		}
		if (r == EXOS_SLEEP_TIMEOUT && exos_rdtime() >= deadline)
			return 0;
	}
}

int poll(struct pollfd *ufds, nfds_t n, int timeout)
{
	struct pollfd fds[POLL_MAX];

	if (n > POLL_MAX) {
		errno = EINVAL;
		return -1;
	}
	if (exos_copy_in(fds, ufds, n * sizeof(fds[0])) ||
	    !exos_uptr_ok(ufds, n * sizeof(fds[0]), 1)) {
		errno = EFAULT;
		return -1;
	}
	int r = poll_ours(fds, n, timeout);
	for (nfds_t i = 0; r >= 0 && i < n; i++)
		if (exos_copy_out(&ufds[i].revents, &fds[i].revents, sizeof(fds[i].revents))) {
			errno = EFAULT;
			return -1;
		}
	return r;
}

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *uts, const sigset_t *umask)
{
	sigset_t old, mask;
	struct timespec ts;

	if ((uts && exos_copy_in(&ts, uts, sizeof(ts))) ||
	    (umask && exos_copy_in(&mask, umask, sizeof(mask)))) {
		errno = EFAULT;
		return -1;
	}
	int ms = uts ? (int)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000) : -1;
	if (umask)
		sigprocmask(SIG_SETMASK, &mask, &old);
	int r = poll(fds, n, ms);
	if (umask) {
		int e = errno;
		sigprocmask(SIG_SETMASK, &old, 0);
		errno = e;
	}
	return r;
}

/* The program's set u (NULL: none) into ours; 0 or -1 with EFAULT. */
static int set_in(fd_set *v, fd_set **u)
{
	if (!*u)
		return 0;
	if (exos_copy_in(v, *u, sizeof(*v)) || !exos_uptr_ok(*u, sizeof(*v), 1))
		return -1;
	return 0;
}

static int select_ours(int nfds, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *tv);

int select(int nfds, fd_set *urd, fd_set *uwr, fd_set *uex, struct timeval *utv)
{
	fd_set rd, wr, ex;
	struct timeval tv;

	if (set_in(&rd, &urd) || set_in(&wr, &uwr) || set_in(&ex, &uex) ||
	    (utv && exos_copy_in(&tv, utv, sizeof(tv)))) {
		errno = EFAULT;
		return -1;
	}
	int r = select_ours(nfds, urd ? &rd : 0, uwr ? &wr : 0, uex ? &ex : 0, utv ? &tv : 0);
	if (r >= 0 && ((urd && exos_copy_out(urd, &rd, sizeof(rd))) ||
		       (uwr && exos_copy_out(uwr, &wr, sizeof(wr))) ||
		       (uex && exos_copy_out(uex, &ex, sizeof(ex))))) {
		errno = EFAULT;
		return -1;
	}
	return r;
}

/* select over our own sets and time. */
static int select_ours(int nfds, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *tv)
{
	struct pollfd fds[EXOS_FD_MAX];
	int n = 0;

	if (nfds < 0) {
		errno = EINVAL;
		return -1;
	}
	for (int fd = 0; fd < nfds && fd < EXOS_FD_MAX; fd++) {
		short ev = (rd && FD_ISSET(fd, rd) ? POLLIN : 0) | (wr && FD_ISSET(fd, wr) ? POLLOUT : 0);
		if (ev || (ex && FD_ISSET(fd, ex)))
			fds[n++] = (struct pollfd){ fd, ev, 0 };
	}
	int ms = tv ? (int)(tv->tv_sec * 1000 + tv->tv_usec / 1000) : -1;
	int r = poll_ours(fds, (nfds_t)n, ms);
	if (r < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (fds[i].revents & POLLNVAL) {
			errno = EBADF;
			return -1;
		}
	if (rd)
		FD_ZERO(rd);
	if (wr)
		FD_ZERO(wr);
	if (ex)
		FD_ZERO(ex);
	int count = 0;
	for (int i = 0; i < n; i++) {
		short re = fds[i].revents;
		if (rd && (re & (POLLIN | POLLHUP | POLLERR)) && (fds[i].events & POLLIN)) {
			FD_SET(fds[i].fd, rd);
			count++;
		}
		if (wr && (re & (POLLOUT | POLLERR)) && (fds[i].events & POLLOUT)) {
			FD_SET(fds[i].fd, wr);
			count++;
		}
	}
	return count;
}
