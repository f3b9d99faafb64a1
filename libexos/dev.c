/*
 * dev.c - the device files (dev.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "exos/exos.h"
#include "dev.h"
#include "fd.h"
#include "exos/uaccess.h"

static const struct {
	const char *name;
	enum exos_dev dev;
	int fd;
} devices[] = {
	{ "console", DEV_CONSOLE, 0 }, { "tty", DEV_CONSOLE, 0 }, { "null", DEV_NULL, 0 },
	{ "zero", DEV_ZERO, 0 }, { "full", DEV_FULL, 0 }, { "random", DEV_RANDOM, 0 },
	{ "urandom", DEV_RANDOM, 0 }, { "stdin", DEV_FD, 0 }, { "stdout", DEV_FD, 1 },
	{ "stderr", DEV_FD, 2 }, { "fd", DEV_NONE, 0 },
};
#define NDEV (sizeof(devices) / sizeof(devices[0]))

enum exos_dev exos_dev_lookup(const char *name, int *fd)
{
	if (!strncmp(name, "fd/", 3) && name[3]) {
		char *end;
		long n = strtol(name + 3, &end, 10);
		if (*end || n < 0 || n >= EXOS_FD_MAX || exos_fds[n].type == FD_NONE)
			return DEV_NONE;
		*fd = (int)n;
		return DEV_FD;
	}
	for (unsigned i = 0; i < NDEV; i++)
		if (!strcmp(name, devices[i].name) && devices[i].dev != DEV_NONE) {
			*fd = devices[i].fd;
			return devices[i].dev;
		}
	return DEV_NONE;
}

const char *exos_dev_name(int i, mode_t *mode)
{
	if (i < 0 || (unsigned)i >= NDEV)
		return 0;
	*mode = devices[i].dev == DEV_NONE ? S_IFDIR | 0555 :
		devices[i].dev == DEV_FD ? S_IFLNK | 0777 : S_IFCHR | 0666;
	return devices[i].name;
}

void exos_dev_stat(enum exos_dev d, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | (d == DEV_CONSOLE ? 0620 : 0666);
	st->st_rdev = d == DEV_CONSOLE ? (5 << 8 | 1) : (1 << 8 | (unsigned)d);
	st->st_ino = 1000 + (ino_t)d;
	st->st_nlink = 1;
	st->st_blksize = 4096;
}

int exos_dev_open(enum exos_dev d, int devfd, int flags, int fd)
{
	if (d == DEV_FD)
		return dup2(devfd, fd) < 0 ? -errno : 0;
	exos_fds[fd] = (struct exos_fd){ d == DEV_CONSOLE ? FD_CONS : FD_DEV, (uint32_t)d, 0,
					 (flags & O_CLOEXEC) ? FD_CLOEXEC : 0,
					 (uint32_t)(flags & O_NONBLOCK) };
	return 0;
}

/* len zero bytes into the program's buf: len, or -1 and EFAULT. */
static ssize_t zeros_out(char *buf, size_t len)
{
	static const char zeros[512];

	for (size_t done = 0; done < len; done += sizeof(zeros)) {
		size_t k = len - done < sizeof(zeros) ? len - done : sizeof(zeros);
		if (exos_copy_out(buf + done, zeros, k)) {
			errno = EFAULT;
			return -1;
		}
	}
	return (ssize_t)len;
}

ssize_t exos_dev_read(int dev, void *buf, size_t len)
{
	switch (dev) {
	case DEV_NULL:
		return 0;
	case DEV_ZERO:
	case DEV_FULL:
		return zeros_out(buf, len);
	case DEV_RANDOM:
		if (len > 256)
			len = 256;
		if (getentropy(buf, len) < 0)
			return -1;
		return (ssize_t)len;
	default:
		errno = EBADF;
		return -1;
	}
}

ssize_t exos_dev_write(int dev, const void *buf, size_t len)
{
	(void)buf;
	if (dev == DEV_FULL) {
		errno = ENOSPC;
		return -1;
	}
	return (ssize_t)len;
}
