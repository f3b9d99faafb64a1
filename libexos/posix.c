/*
 * posix.c - the system layer picolibc calls (notes.md lists the set).
 * Files (open, stat, unlink, lseek) are in file.c, getentropy in
 * entropy.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <unistd.h>
#include "exos/exos.h"
#include "fd.h"
#include "file.h"
#include "exos/robust.h"
#include "exos/uaccess.h"

/* stdout and stderr are line-buffered here, so printf costs one write
 * per line; each goes to its descriptor (the console or a pipe). */
struct outbuf {
	size_t len;
	char buf[256];
};

/* Private (EXOS_PRIVATE), so the exception handler can print through
 * them after a fork; out1 is descriptor 1, out2 descriptor 2. */
static struct outbuf out1 EXOS_PRIVATE, out2 EXOS_PRIVATE;

static void out_flush(struct outbuf *o)
{
	if (o->len)
		exos_fd_write(o == &out2 ? 2 : 1, o->buf, o->len);
	o->len = 0;
}

static int out_put(struct outbuf *o, char c)
{
	o->buf[o->len++] = c;
	if (c == '\n' || o->len == sizeof(o->buf))
		out_flush(o);
	return (unsigned char)c;
}

static int put1(char c, FILE *f)
{
	(void)f;
	return out_put(&out1, c);
}

static int put2(char c, FILE *f)
{
	(void)f;
	return out_put(&out2, c);
}

static int get0(FILE *f)
{
	char c;

	(void)f;
	out_flush(&out1);
	out_flush(&out2);
	ssize_t n = exos_fd_read(0, &c, 1);
	return n == 1 ? (unsigned char)c : n == 0 ? _FDEV_EOF : _FDEV_ERR;
}

static int flush1(FILE *f)
{
	(void)f;
	out_flush(&out1);
	return 0;
}

static int flush2(FILE *f)
{
	(void)f;
	out_flush(&out2);
	return 0;
}

static FILE in_stream = FDEV_SETUP_STREAM(0, get0, 0, _FDEV_SETUP_READ);
static FILE out_stream = FDEV_SETUP_STREAM(put1, 0, flush1, _FDEV_SETUP_WRITE);
static FILE err_stream = FDEV_SETUP_STREAM(put2, 0, flush2, _FDEV_SETUP_WRITE);
FILE *const stdin = &in_stream;
FILE *const stdout = &out_stream;
FILE *const stderr = &err_stream;

/* Pending output goes out first (the program's own order). */
static void flush_all(void)
{
	out_flush(&out1);
	out_flush(&out2);
}

ssize_t write(int fd, const void *buf, size_t len)
{
	flush_all();
	return exos_fd_write(fd, buf, len);
}

ssize_t read(int fd, void *buf, size_t len)
{
	flush_all();
	return exos_fd_read(fd, buf, len);
}

int fstat(int fd, struct stat *st)
{
	if (fd < 0 || fd >= EXOS_FD_MAX || exos_fds[fd].type == FD_NONE) {
		errno = EBADF;
		return -1;
	}
	if (exos_fds[fd].type == FD_FILE)
		return exos_file_fstat(exos_fds[fd].slot, st);
	struct stat s = { .st_mode = exos_fds[fd].type == FD_CONS ? S_IFCHR | 0620 : S_IFIFO | 0600 };
	if (exos_copy_out(st, &s, sizeof(s))) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

int isatty(int fd)
{
	return fd >= 0 && fd < EXOS_FD_MAX && exos_fds[fd].type == FD_CONS;
}

pid_t getpid(void)
{
	return (pid_t)exos_self;
}

pid_t getppid(void)
{
	return (pid_t)exos_envs[EXOS_ENV_SLOT(exos_self)].parent;
}

int sigprocmask(int how, const void *set, void *old)
{
	(void)how, (void)set, (void)old;
	return 0;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	(void)tz;
	uint64_t t = exos_rdtime(), hz = exos_info->timebase_hz;
	struct timeval v = { (time_t)(t / hz), (suseconds_t)((t % hz) * 1000000 / hz) };
	if (exos_copy_out(tv, &v, sizeof(v))) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

clock_t times(struct tms *tms)
{
	uint64_t t = exos_rdtime() / (exos_info->timebase_hz / 100);
	struct tms v = { .tms_utime = (clock_t)t };
	if (exos_copy_out(tms, &v, sizeof(v))) {
		errno = EFAULT;
		return (clock_t)-1;
	}
	return (clock_t)t;
}

long sysconf(int name)
{
	if (name == _SC_PAGESIZE)
		return EXOS_PAGE_SIZE;
	errno = EINVAL;
	return -1;
}

void _exit(int status)
{
	robust_abandon_all();   /* inside a section: the closes below recover it */
	flush_all();
	exos_fd_close_all();
	exos_file_exit();
	sys_exit(status);
}
