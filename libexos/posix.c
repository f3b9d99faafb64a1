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

ssize_t write(int fd, const void *buf, size_t len)
{
	return exos_fd_write(fd, buf, len);
}

ssize_t read(int fd, void *buf, size_t len)
{
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
	if (exos_fds[fd].type == FD_DEV || exos_fds[fd].type == FD_CONS) {
		exos_dev_stat(exos_fds[fd].type == FD_CONS ? DEV_CONSOLE : (int)exos_fds[fd].slot, st);
		return 0;
	}
	if (exos_fds[fd].type == FD_PROC) {
		memset(st, 0, sizeof(*st));
		st->st_mode = S_IFREG | 0444;
		st->st_size = (off_t)exos_procfs_size(fd);
		return 0;
	}
	if (exos_fds[fd].type == FD_DIR) {
		char path[256];
		return exos_fd_path(fd, path, sizeof(path)) < 0 ? -1 : stat(path, st);
	}
	memset(st, 0, sizeof(*st));
	st->st_mode = exos_fds[fd].type == FD_CONS ? S_IFCHR | 0620 : S_IFIFO | 0600;
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
	exos_fd_close_all();
	exos_file_exit();
	sys_exit(status & 0xff);
}
