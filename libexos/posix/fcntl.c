/*
 * fcntl.c - descriptor flags: close-on-exec (exec closes those), the
 * status flags (access mode, O_APPEND, O_NONBLOCK), F_DUPFD; and ioctl's
 * FIONBIO/FIOCLEX for any descriptor (the terminal's requests are the
 * terminal's: tty/).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>
#include "../fd.h"
#include "../file.h"

static int bad_fd(int fd)
{
	return fd < 0 || fd >= EXOS_FD_MAX || exos_fds[fd].type == FD_NONE;
}

/* The lowest free descriptor at or above from, a copy of fd. */
static int dup_from(int fd, int from, int cloexec)
{
	if (from < 0 || from >= EXOS_FD_MAX) {
		errno = EINVAL;
		return -1;
	}
	for (int n = from; n < EXOS_FD_MAX; n++) {
		if (exos_fds[n].type != FD_NONE)
			continue;
		if (dup2(fd, n) < 0)
			return -1;
		exos_fds[n].fdflags = cloexec ? FD_CLOEXEC : 0;
		return n;
	}
	errno = EMFILE;
	return -1;
}

/* O_* status flags of descriptor fd as F_GETFL reports them. */
static int status_flags(int fd)
{
	const struct exos_fd *f = &exos_fds[fd];
	int acc = f->type == FD_PIPE_R || f->type == FD_DIR ? O_RDONLY :
		  f->type == FD_PIPE_W ? O_WRONLY : O_RDWR;

	if (f->type == FD_FILE)
		acc = exos_file_status(f->slot);
	return acc | (int)f->flflags;
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	if (bad_fd(fd)) {
		errno = EBADF;
		return -1;
	}
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		return dup_from(fd, (int)arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return (int)exos_fds[fd].fdflags;
	case F_SETFD:
		exos_fds[fd].fdflags = (uint32_t)arg & FD_CLOEXEC;
		return 0;
	case F_GETFL:
		return status_flags(fd);
	case F_SETFL:
		exos_fds[fd].flflags = (uint32_t)arg & O_NONBLOCK;
		if (exos_fds[fd].type == FD_FILE)
			exos_file_set_append(exos_fds[fd].slot, (int)(arg & O_APPEND));
		return 0;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		return 0;    /* one user, whole-file locks always granted */
	default:
		errno = EINVAL;
		return -1;
	}
}

/* exec: descriptors marked close-on-exec go. */
void exos_fd_close_on_exec(void)
{
	for (int fd = 0; fd < EXOS_FD_MAX; fd++)
		if (exos_fds[fd].type != FD_NONE && (exos_fds[fd].fdflags & FD_CLOEXEC))
			close(fd);
}
