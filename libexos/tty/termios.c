/*
 * termios.c - the terminal calls: attributes, the foreground process
 * group, the window size, ioctl, isatty and ttyname.  The console is
 * the machine's one terminal (/dev/console, also /dev/tty).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "exos/exos.h"
#include "exos/uaccess.h"
#include "../fd.h"
#include "../proc/ptab.h"
#include "tty.h"

/* 0 if fd is the terminal, else -1 with errno (EBADF or ENOTTY). */
static int need_tty(int fd)
{
	if (fd < 0 || fd >= EXOS_FD_MAX || exos_fds[fd].type == FD_NONE) {
		errno = EBADF;
		return -1;
	}
	if (exos_fds[fd].type != FD_CONS) {
		errno = ENOTTY;
		return -1;
	}
	return 0;
}

int isatty(int fd)
{
	return need_tty(fd) == 0;
}

/* n bytes between the program's memory and ours (out: to u): 0, or -1
 * with EFAULT.  Never inside the terminal's lock: a fault there would
 * end the process holding it. */
static int copy(void *dst, const void *src, size_t n, int out)
{
	if (out ? exos_copy_out(dst, src, n) : exos_copy_in(dst, src, n)) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

int tcgetattr(int fd, struct termios *utio)
{
	struct termios tio;

	if (need_tty(fd))
		return -1;
	struct exos_tty *t = exos_tty_lock();
	tio = t->ld.tio;
	exos_tty_unlock(t);
	return copy(utio, &tio, sizeof(tio), 1);
}

int tcsetattr(int fd, int when, const struct termios *utio)
{
	struct termios tio;

	if (need_tty(fd) || copy(&tio, utio, sizeof(tio), 0))
		return -1;
	if (when != TCSANOW && when != TCSADRAIN && when != TCSAFLUSH) {
		errno = EINVAL;
		return -1;
	}
	struct exos_tty *t = exos_tty_lock();
	if (when == TCSAFLUSH)
		ldisc_flush(&t->ld);
	ldisc_set(&t->ld, &tio);
	__atomic_fetch_add(&t->changes, 1, __ATOMIC_RELEASE);
	exos_tty_unlock(t);
	return 0;
}

int tcflush(int fd, int queue)
{
	if (need_tty(fd))
		return -1;
	if (queue != TCIFLUSH && queue != TCOFLUSH && queue != TCIOFLUSH) {
		errno = EINVAL;
		return -1;
	}
	struct exos_tty *t = exos_tty_lock();
	if (queue != TCOFLUSH)
		ldisc_flush(&t->ld);
	exos_tty_unlock(t);
	return 0;
}

/* Output is written synchronously: it is always drained. */
int tcdrain(int fd)
{
	return need_tty(fd);
}

int tcflow(int fd, int action)
{
	(void)action;
	return need_tty(fd);
}

int tcsendbreak(int fd, int duration)
{
	(void)duration;
	return need_tty(fd);
}

pid_t tcgetpgrp(int fd)
{
	if (need_tty(fd))
		return -1;
	struct exos_tty *t = exos_tty_lock();
	exos_tty_claim(t);
	pid_t pg = (pid_t)t->fg_pgrp;
	exos_tty_unlock(t);
	return pg;
}

/* pgrp must be a group of our session (with a live member). */
static int group_in_session(uint32_t pgrp, uint32_t sid)
{
	for (int i = 0; i < EXOS_MAX_ENVS; i++) {
		struct exos_proc *r = exos_ptab_get(exos_envs[i].id);
		if (r && r->pgid == pgrp && r->sid == sid && exos_env_exists(r->id))
			return 1;
	}
	return 0;
}

int tcsetpgrp(int fd, pid_t pgrp)
{
	struct exos_proc *me = exos_ptab_self();

	if (need_tty(fd))
		return -1;
	if (pgrp <= 0) {
		errno = EINVAL;
		return -1;
	}
	if (me && !group_in_session((uint32_t)pgrp, me->sid)) {
		errno = EPERM;
		return -1;
	}
	struct exos_tty *t = exos_tty_lock();
	exos_tty_claim(t);
	if (me)
		t->sid = me->sid;
	t->fg_pgrp = (uint32_t)pgrp;
	exos_tty_unlock(t);
	return 0;
}

pid_t tcgetsid(int fd)
{
	if (need_tty(fd))
		return -1;
	struct exos_tty *t = exos_tty_lock();
	exos_tty_claim(t);
	pid_t sid = (pid_t)t->sid;
	exos_tty_unlock(t);
	return sid;
}

speed_t cfgetospeed(const struct termios *t)
{
	return t->c_ospeed;
}

speed_t cfgetispeed(const struct termios *t)
{
	return t->c_ispeed;
}

int cfsetospeed(struct termios *t, speed_t s)
{
	t->c_ospeed = s;
	t->c_cflag = (t->c_cflag & ~(tcflag_t)CBAUD) | (s & CBAUD);
	return 0;
}

int cfsetispeed(struct termios *t, speed_t s)
{
	t->c_ispeed = s;
	return 0;
}

int cfsetspeed(struct termios *t, speed_t s)
{
	cfsetispeed(t, s);
	return cfsetospeed(t, s);
}

void cfmakeraw(struct termios *t)
{
	t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	t->c_oflag &= ~(tcflag_t)OPOST;
	t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t->c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
	t->c_cflag |= CS8;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}

/* TIOCSWINSZ: a new size; the foreground group hears SIGWINCH. */
static int set_winsize(const struct winsize *ws)
{
	struct exos_tty *t = exos_tty_lock();
	int changed = memcmp(&t->ws, ws, sizeof(*ws)) != 0;
	uint32_t fg = t->fg_pgrp;

	t->ws = *ws;
	exos_tty_unlock(t);
	if (changed && fg)
		kill(-(pid_t)fg, SIGWINCH);
	return 0;
}

static int tty_ioctl(int fd, unsigned long req, void *arg)
{
	struct exos_tty *t;
	struct winsize ws;
	pid_t pg;
	int n;

	switch (req) {
	case TCGETS:
		return tcgetattr(fd, arg);
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return tcsetattr(fd, req == TCSETS ? TCSANOW : req == TCSETSW ? TCSADRAIN : TCSAFLUSH,
				 arg);
	case TIOCGWINSZ:
		t = exos_tty_lock();
		ws = t->ws;
		exos_tty_unlock(t);
		return copy(arg, &ws, sizeof(ws), 1);
	case TIOCSWINSZ:
		return copy(&ws, arg, sizeof(ws), 0) ? -1 : set_winsize(&ws);
	case TIOCGPGRP:
		return (pg = tcgetpgrp(fd)) < 0 ? -1 : copy(arg, &pg, sizeof(pg), 1);
	case TIOCSPGRP:
		return copy(&pg, arg, sizeof(pg), 0) ? -1 : tcsetpgrp(fd, pg);
	case TIOCGSID:
		return (pg = tcgetsid(fd)) < 0 ? -1 : copy(arg, &pg, sizeof(pg), 1);
	case TIOCSCTTY:
		t = exos_tty_lock();
		exos_tty_claim(t);
		exos_tty_unlock(t);
		return 0;
	case TIOCNOTTY:
		return 0;
	case FIONREAD:
		t = exos_tty_lock();
		n = (int)ldisc_readable(&t->ld);
		exos_tty_unlock(t);
		return copy(arg, &n, sizeof(n), 1);
	case TIOCOUTQ:
		n = 0;
		return copy(arg, &n, sizeof(n), 1);
	default:
		errno = EINVAL;
		return -1;
	}
}

int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd < 0 || fd >= EXOS_FD_MAX || exos_fds[fd].type == FD_NONE) {
		errno = EBADF;
		return -1;
	}
	if (req == FIONBIO) {
		int on;
		if (copy(&on, arg, sizeof(on), 0))
			return -1;
		if (on)
			exos_fds[fd].flflags |= O_NONBLOCK;
		else
			exos_fds[fd].flflags &= ~(uint32_t)O_NONBLOCK;
		return 0;
	}
	if (req == FIOCLEX || req == FIONCLEX) {
		exos_fds[fd].fdflags = req == FIOCLEX ? FD_CLOEXEC : 0;
		return 0;
	}
	if (exos_fds[fd].type == FD_CONS)
		return tty_ioctl(fd, req, arg);
	if (req == FIONREAD) {
		int n = exos_fd_nread(fd);
		return copy(arg, &n, sizeof(n), 1);
	}
	errno = ENOTTY;
	return -1;
}

int ttyname_r(int fd, char *buf, size_t len)
{
	if (need_tty(fd))
		return errno;
	if (len < sizeof("/dev/console"))
		return ERANGE;
	return exos_copy_out(buf, "/dev/console", sizeof("/dev/console")) ? EFAULT : 0;
}

char *ttyname(int fd)
{
	static char name[16];
	int err = ttyname_r(fd, name, sizeof(name));

	if (err) {
		errno = err;
		return 0;
	}
	return name;
}

char *ctermid(char *s)
{
	static char name[] = "/dev/tty";

	return s ? strcpy(s, name) : name;
}
