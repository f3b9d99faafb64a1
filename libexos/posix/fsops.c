/*
 * fsops.c - the file-system calls beyond open/read/write/stat: access,
 * permissions, links, renames, directories, times, truncation, syncing,
 * realpath.  The name space is file.c's: the read-only boot archive
 * with the RAM file system at /tmp (exos/ramfs.h).  Paths and what the
 * calls return pass through file.c's checked copies (exos/uaccess.h);
 * the structures read here are copied in first: a bad pointer is
 * EFAULT.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>
#include "exos/exos.h"
#include "exos/uaccess.h"
#include "../file.h"

/* Copy n bytes of the program's u into ours: 0, or -1 with EFAULT. */
static int get(void *v, const void *u, size_t n)
{
	if (exos_copy_in(v, u, n)) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

/* Root may read and write anything there is; executing needs an x bit
 * (POSIX: for a privileged process, at least one). */
int access(const char *path, int mode)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -1;
	if ((mode & X_OK) && !S_ISDIR(st.st_mode) && !(st.st_mode & 0111)) {
		errno = EACCES;
		return -1;
	}
	if ((mode & W_OK) && exos_file_readonly(path)) {
		errno = EROFS;
		return -1;
	}
	return 0;
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
	(void)dirfd, (void)flags;
	return access(path, mode);
}

int lstat(const char *path, struct stat *st)
{
	return exos_lstat(path, st);
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	(void)dirfd;
	return (flags & AT_SYMLINK_NOFOLLOW) ? lstat(path, st) : stat(path, st);
}

int chmod(const char *path, mode_t mode)
{
	return exos_file_chmod(path, mode & 07777);
}

int fchmod(int fd, mode_t mode)
{
	return exos_fd_chmod(fd, mode & 07777);
}

int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	(void)dirfd, (void)flags;
	return chmod(path, mode);
}

/* Only root exists: owners never change, but the file must exist. */
int chown(const char *path, uid_t uid, gid_t gid)
{
	struct stat st;

	(void)uid, (void)gid;
	return stat(path, &st);
}

int lchown(const char *path, uid_t uid, gid_t gid)
{
	struct stat st;

	(void)uid, (void)gid;
	return lstat(path, &st);
}

int fchown(int fd, uid_t uid, gid_t gid)
{
	struct stat st;

	(void)uid, (void)gid;
	return fstat(fd, &st);
}

int mkdir(const char *path, mode_t mode)
{
	return exos_file_mkdir(path, mode & ~exos_umask() & 07777);
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
	(void)dirfd;
	return mkdir(path, mode);
}

int rmdir(const char *path)
{
	return exos_file_rmdir(path);
}

int rename(const char *from, const char *to)
{
	return exos_file_rename(from, to);
}

int link(const char *from, const char *to)
{
	return exos_file_link(from, to);
}

int symlink(const char *target, const char *path)
{
	return exos_file_symlink(target, path);
}

ssize_t readlink(const char *path, char *buf, size_t len)
{
	return exos_file_readlink(path, buf, len);
}

/* Devices and fifos cannot be made: there is no device file system. */
int mknod(const char *path, mode_t mode, dev_t dev)
{
	struct stat st;

	(void)mode, (void)dev;
	errno = stat(path, &st) == 0 ? EEXIST : EPERM;
	return -1;
}

int mkfifo(const char *path, mode_t mode)
{
	return mknod(path, mode | S_IFIFO, 0);
}

int utimensat(int dirfd, const char *path, const struct timespec t[2], int flags)
{
	(void)dirfd, (void)flags;
	return exos_file_utime(path, t);
}

int futimens(int fd, const struct timespec t[2])
{
	return exos_fd_utime(fd, t);
}

int utimes(const char *path, const struct timeval utv[2])
{
	struct timespec t[2];
	struct timeval tv[2];

	if (!utv)
		return exos_file_utime(path, 0);
	if (get(tv, utv, sizeof(tv)))
		return -1;
	for (int i = 0; i < 2; i++)
		t[i] = (struct timespec){ tv[i].tv_sec, tv[i].tv_usec * 1000 };
	return exos_file_utime(path, t);
}

int utime(const char *path, const struct utimbuf *uu)
{
	struct timespec t[2];
	struct utimbuf u;

	if (!uu)
		return exos_file_utime(path, 0);
	if (get(&u, uu, sizeof(u)))
		return -1;
	t[0] = (struct timespec){ u.actime, 0 };
	t[1] = (struct timespec){ u.modtime, 0 };
	return exos_file_utime(path, t);
}

int truncate(const char *path, off_t len)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0)
		return -1;
	int r = ftruncate(fd, len);
	int e = errno;
	close(fd);
	errno = e;
	return r;
}

int ftruncate(int fd, off_t len)
{
	return exos_fd_truncate(fd, len);
}

/* Everything is in memory: there is nothing to write back. */
int fsync(int fd)
{
	struct stat st;

	return fstat(fd, &st);
}

int fdatasync(int fd)
{
	return fsync(fd);
}

void sync(void)
{
}

int syncfs(int fd)
{
	return fsync(fd);
}

/* The canonical path of an existing file (symbolic links resolved). */
char *realpath(const char *path, char *out)
{
	char c[PATH_MAX];
	struct stat st;

	if (!path) {
		errno = EINVAL;
		return 0;
	}
	if (exos_file_resolve(path, c, sizeof(c)) < 0 || stat(c, &st) < 0)
		return 0;
	if (!out && !(out = malloc(strlen(c) + 1))) {
		errno = ENOMEM;
		return 0;
	}
	if (exos_copy_out(out, c, strlen(c) + 1)) {
		errno = EFAULT;
		return 0;
	}
	return out;
}

char *mkdtemp(char *tmpl)
{
	size_t n = strlen(tmpl);

	if (n < 6 || strcmp(tmpl + n - 6, "XXXXXX")) {
		errno = EINVAL;
		return 0;
	}
	for (int tries = 0; tries < 100; tries++) {
		uint64_t r = exos_rdtime() * 2654435761u + (uint64_t)tries * 40503u + exos_self;
		for (size_t i = n - 6; i < n; i++, r /= 36)
			tmpl[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[r % 36];
		if (mkdir(tmpl, 0700) == 0)
			return tmpl;
		if (errno != EEXIST)
			return 0;
	}
	return 0;
}
