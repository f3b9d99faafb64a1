/*
 * mount.c - the mounted file systems as the mount table and statfs see
 * them: the boot archive at / (read-only, its size) and the RAM file
 * system at /tmp (its pages and files in use, what is left of its
 * limits).
 */
#include <errno.h>
#include <mntent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include "exos/exos.h"
#include "exos/uaccess.h"
#include "exos/fs.h"
#include "../file.h"

/* The table, in /proc/mounts's format, as setmntent's stream. */
struct mount_cursor {
	int next;
	struct mntent ent;
};

static const char *const mounts[][3] = {
	{ "rootfs", "/", "cpio" },
	{ "tmpfs", "/tmp", "tmpfs" },
};

static struct mount_cursor cursor;

FILE *setmntent(const char *file, const char *mode)
{
	(void)file, (void)mode;
	cursor.next = 0;
	return (FILE *)&cursor;
}

struct mntent *getmntent_r(FILE *f, struct mntent *m, char *buf, int len)
{
	struct mount_cursor *c = (struct mount_cursor *)f;

	(void)buf, (void)len;
	if (c != &cursor || c->next >= (int)(sizeof(mounts) / sizeof(mounts[0])))
		return 0;
	const char *const *row = mounts[c->next];
	*m = (struct mntent){ (char *)row[0], (char *)row[1], (char *)row[2],
			      c->next ? "rw" : "ro", 0, 0 };
	c->next++;
	return m;
}

struct mntent *getmntent(FILE *f)
{
	return getmntent_r(f, &cursor.ent, 0, 0);
}

int endmntent(FILE *f)
{
	(void)f;
	return 1;
}

char *hasmntopt(const struct mntent *m, const char *opt)
{
	return strstr(m->mnt_opts, opt);
}

int addmntent(FILE *f, const struct mntent *m)
{
	(void)f, (void)m;
	errno = EROFS;
	return 1;
}

/* Figures for the file system holding path (canonical form c). */
static int fill(const char *c, struct statfs *b)
{
	memset(b, 0, sizeof(*b));
	b->f_bsize = b->f_frsize = 4096;
	b->f_namelen = 255;
	if (!strcmp(c, "/tmp") || !strncmp(c, "/tmp/", 5)) {
		struct exos_fs_usage u;
		if (exos_fs_usage(&u) < 0)
			return -1;
		b->f_type = RAMFS_MAGIC_EXOS;
		b->f_blocks = EXOS_FS_PAGES;
		b->f_bfree = b->f_bavail = EXOS_FS_PAGES - u.pages_used;
		b->f_files = EXOS_FS_FILES;
		b->f_ffree = EXOS_FS_FILES - u.files_used;
		return 0;
	}
	b->f_type = CPIO_MAGIC_EXOS;
	b->f_blocks = (exos_info->initrd_size + 4095) / 4096;
	b->f_flags = ST_RDONLY;
	return 0;
}

/* The figures into the program's ub: 0, or -1 with EFAULT. */
static int put(struct statfs *ub, const struct statfs *b)
{
	if (exos_copy_out(ub, b, sizeof(*b))) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

int statfs(const char *path, struct statfs *ub)
{
	char c[256];
	struct stat st;
	struct statfs b;

	if (stat(path, &st) < 0 || exos_file_resolve(path, c, sizeof(c)) < 0 || fill(c, &b) < 0)
		return -1;
	return put(ub, &b);
}

int fstatfs(int fd, struct statfs *ub)
{
	struct stat st;
	struct statfs b;

	if (fstat(fd, &st) < 0 || fill(S_ISCHR(st.st_mode) || st.st_nlink == 0 ? "/" : "/tmp", &b) < 0)
		return -1;
	return put(ub, &b);
}

static void to_vfs(const struct statfs *b, struct statvfs *v)
{
	*v = (struct statvfs){ (unsigned long)b->f_bsize, (unsigned long)b->f_frsize,
			       b->f_blocks, b->f_bfree, b->f_bavail, b->f_files, b->f_ffree,
			       b->f_ffree, (unsigned long)b->f_type, (unsigned long)b->f_flags,
			       (unsigned long)b->f_namelen };
}

/* The figures as statvfs gives them into the program's uv. */
static int put_vfs(struct statvfs *uv, const struct statfs *b)
{
	struct statvfs v;

	to_vfs(b, &v);
	if (exos_copy_out(uv, &v, sizeof(v))) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

int statvfs(const char *path, struct statvfs *v)
{
	struct statfs b;

	return statfs(path, &b) < 0 ? -1 : put_vfs(v, &b);
}

int fstatvfs(int fd, struct statvfs *v)
{
	struct statfs b;

	return fstatfs(fd, &b) < 0 ? -1 : put_vfs(v, &b);
}
