/*
 * posix.c - the system layer picolibc calls (notes.md lists the set).
 * Files (open, stat, unlink, lseek) are in file.c, getentropy in
 * entropy.c, the standard streams in stdio.c.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <unistd.h>
#include "exos/exos.h"
#include "fd.h"
#include "file.h"
#include "dev.h"
#include "proc/procfs.h"
#include "exos/robust.h"
#include "exos/uaccess.h"

ssize_t write(int fd, const void *buf, size_t len)
{
	return exos_fd_write(fd, buf, len);
}

ssize_t read(int fd, void *buf, size_t len)
{
	return exos_fd_read(fd, buf, len);
}

int fstat(int fd, struct stat *ust)
{
	struct stat s, *st = &s;

	if (fd < 0 || fd >= EXOS_FD_MAX || exos_fds[fd].type == FD_NONE) {
		errno = EBADF;
		return -1;
	}
	if (exos_fds[fd].type == FD_FILE)
		return exos_file_fstat(exos_fds[fd].slot, ust);
	if (exos_fds[fd].type == FD_DIR) {
		char path[256];
		return exos_fd_path(fd, path, sizeof(path)) < 0 ? -1 : stat(path, ust);
	}
	memset(st, 0, sizeof(*st));
	if (exos_fds[fd].type == FD_DEV || exos_fds[fd].type == FD_CONS) {
		exos_dev_stat(exos_fds[fd].type == FD_CONS ? DEV_CONSOLE : (int)exos_fds[fd].slot, st);
	} else if (exos_fds[fd].type == FD_PROC) {
		st->st_mode = S_IFREG | 0444;
		st->st_size = (off_t)exos_procfs_size(fd);
	} else {
		st->st_mode = S_IFIFO | 0600;
	}
	if (exos_copy_out(ust, st, sizeof(s))) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

pid_t getpid(void)
{
	return (pid_t)exos_self;
}

pid_t getppid(void)
{
	return (pid_t)exos_envs[EXOS_ENV_SLOT(exos_self)].parent;
}

void _exit(int status)
{
	robust_abandon_all();   /* inside a section: the closes below recover it */
	exos_fd_close_all();
	exos_file_exit();
	sys_exit(status & 0xff);
}
