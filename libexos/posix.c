/*
 * posix.c - the system layer picolibc calls (notes.md lists the set).
 * Until processes and files exist (issue 5), descriptors 0-2 are the
 * console and everything else fails with a POSIX errno.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <unistd.h>
#include "exos/exos.h"

/* Console output is line-buffered here so printf costs one system
 * call per line, not per character. */
static char outbuf[256];
static size_t outlen;

ssize_t read(int fd, void *buf, size_t len);

static void cons_flush(void)
{
	if (outlen)
		sys_cons_write(outbuf, outlen);
	outlen = 0;
}

static int cons_put(char c, FILE *f)
{
	(void)f;
	outbuf[outlen++] = c;
	if (c == '\n' || outlen == sizeof(outbuf))
		cons_flush();
	return (unsigned char)c;
}

static int cons_get(FILE *f)
{
	char c;

	(void)f;
	return read(0, &c, 1) == 1 ? (unsigned char)c : _FDEV_ERR;
}

static int cons_fflush(FILE *f)
{
	(void)f;
	cons_flush();
	return 0;
}

static FILE cons_stream = FDEV_SETUP_STREAM(cons_put, cons_get, cons_fflush, _FDEV_SETUP_RW);
FILE *const stdin = &cons_stream;
FILE *const stdout = &cons_stream;
FILE *const stderr = &cons_stream;

ssize_t write(int fd, const void *buf, size_t len)
{
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	cons_flush();
	long r = sys_cons_write(buf, len);
	if (r < 0) {
		errno = EFAULT;
		return -1;
	}
	return r;
}

/* Console input polls the kernel's receive buffer: until wake-up
 * predicates exist (issue 3) there is nothing to sleep on. */
ssize_t read(int fd, void *buf, size_t len)
{
	long n;

	if (fd != 0) {
		errno = EBADF;
		return -1;
	}
	cons_flush();
	while ((n = sys_cons_read(buf, len)) == 0 && len)
		;
	if (n < 0) {
		errno = EFAULT;
		return -1;
	}
	return n;
}

int open(const char *path, int flags, ...)
{
	(void)path, (void)flags;
	errno = ENOENT;
	return -1;
}

int close(int fd)
{
	if (fd >= 0 && fd <= 2)
		return 0;
	errno = EBADF;
	return -1;
}

off_t lseek(int fd, off_t off, int whence)
{
	(void)fd, (void)off, (void)whence;
	errno = ESPIPE;
	return -1;
}

int fstat(int fd, struct stat *st)
{
	if (fd < 0 || fd > 2) {
		errno = EBADF;
		return -1;
	}
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | 0620;
	return 0;
}

int stat(const char *path, struct stat *st)
{
	(void)path, (void)st;
	errno = ENOENT;
	return -1;
}

int isatty(int fd)
{
	return fd >= 0 && fd <= 2;
}

int unlink(const char *path)
{
	(void)path;
	errno = ENOENT;
	return -1;
}

pid_t getpid(void)
{
	return 1;
}

int kill(pid_t pid, int sig)
{
	(void)pid, (void)sig;
	errno = ESRCH;
	return -1;
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
	tv->tv_sec = (time_t)(t / hz);
	tv->tv_usec = (suseconds_t)((t % hz) * 1000000 / hz);
	return 0;
}

clock_t times(struct tms *tms)
{
	uint64_t t = exos_rdtime() / (exos_info->timebase_hz / 100);
	tms->tms_utime = (clock_t)t;
	tms->tms_stime = tms->tms_cutime = tms->tms_cstime = 0;
	return (clock_t)t;
}

long sysconf(int name)
{
	if (name == _SC_PAGESIZE)
		return EXOS_PAGE_SIZE;
	errno = EINVAL;
	return -1;
}

/* Bytes from the DT's rng-seed stretched by xorshift; issue 5 replaces
 * this with a proper generator. */
int getentropy(void *buf, size_t len)
{
	static uint64_t state;
	uint8_t *p = buf;

	if (len > 256) {
		errno = EIO;
		return -1;
	}
	if (!state) {
		for (uint32_t i = 0; i < exos_info->rng_seed_len; i++)
			state = state * 131 + exos_info->rng_seed[i];
		state ^= exos_rdtime() | 1;
	}
	for (size_t i = 0; i < len; i++) {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		p[i] = (uint8_t)state;
	}
	return 0;
}

void _exit(int status)
{
	cons_flush();
	sys_exit(status);
}
