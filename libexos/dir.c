/*
 * dir.c - listing a directory (exos/fs.h): the archive's entries under
 * a directory, and the files of /tmp.  The cookie says where the walk
 * is: an offset in the archive, then /tmp itself (when listing the
 * root), then the files of /tmp by number.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "exos/exos.h"
#include "exos/fs.h"
#include "cpio.h"
#include "exos/ramfs.h"
#include "exos/uaccess.h"
#include "file.h"
#include "dev.h"
#include "proc/procfs.h"

#define AT_TMPDIR (1UL << 40)              /* next: the entry "tmp" itself */
#define AT_TMP    (1UL << 41)              /* + n: the files of /tmp from number n */
#define AT_END    (1UL << 42)
#define AT_DEV    (1UL << 43)              /* + n: the n-th device of /dev */

/* Whether archive name is strictly inside dir ("" is the root). */
static int inside(const char *name, const char *dir)
{
	size_t n = strlen(dir);

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	return n == 0 ? name[0] != 0 : !strncmp(name, dir, n) && name[n] == '/' && name[n + 1];
}

/* The next archive entry inside dir at or after *cookie; 1, or 0 at the
 * end (or on damage, which ends the listing). */
static int next_archive(const char *dir, unsigned long *cookie, struct exos_dirent *out)
{
	const void *ar = (const void *)(EXOS_INITRD_VA + exos_info->initrd_offset);
	struct cpio_iter it;
	struct cpio_entry e;

	if (!exos_info->initrd_size)
		return 0;
	cpio_iter_init(&it, ar, exos_info->initrd_size);
	it.off = *cookie;
	while (cpio_next(&it, &e) == 1) {
		*cookie = it.off;
		if (!inside(e.name, dir))
			continue;
		strncpy(out->name, e.name, sizeof(out->name) - 1);
		out->mode = e.mode;
		out->size = e.size;
		return 1;
	}
	return 0;
}

/* The next entry of directory parent of /tmp (named dir) from number
 * *cookie - AT_TMP on; 1 or 0. */
static int next_tmp(const char *dir, uint32_t parent, unsigned long *cookie,
		    struct exos_dirent *out)
{
	unsigned n = (unsigned)(*cookie - AT_TMP);
	int ino;

	if (ramfs_attach() != 0 || ramfs_lock() != 0)
		return 0;
	if ((ino = ramfs_next_in(parent, &n)) >= 0) {
		const struct ramfs_inode *i = ramfs_inode_ro(ino);
		snprintf(out->name, sizeof(out->name), "%.35s/%.59s", dir, i->name);
		out->mode = i->mode ? i->mode : S_IFREG | 0666;
		out->size = i->size;
	}
	ramfs_unlock();
	*cookie = AT_TMP + n;
	return ino >= 0;
}

/* The devices of /dev, by number from *cookie - AT_DEV. */
static int next_dev(unsigned long *cookie, struct exos_dirent *out)
{
	mode_t mode;
	const char *name = exos_dev_name((int)(*cookie - AT_DEV), &mode);

	if (!name)
		return 0;
	strcpy(out->name, "dev/");
	strcat(out->name, name);
	out->mode = mode;
	(*cookie)++;
	return 1;
}

/* The entry after *cookie under path, into our own out: 1, 0 at the
 * end, or -1 with errno. */
static int dir_next(const char *path, unsigned long *cookie, struct exos_dirent *out)
{
	char dir[256];
	struct stat st;

	if (*cookie == 0 && stat(path, &st) != 0)
		return -1;
	if (*cookie == 0 && !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	if (exos_file_resolve(path, dir, sizeof(dir)) < 0)
		return -1;
	memmove(dir, dir + 1, strlen(dir));   /* without the leading '/' */
	int root = !*dir;
	uint32_t parent;
	if (!strncmp(dir, "tmp/", 4) && exos_tmp_dir(dir, &parent) == 0) {
		*cookie = *cookie < AT_TMP ? AT_TMP : *cookie;
		return next_tmp(dir, parent, cookie, out);
	}
	if (!strcmp(dir, "proc") || !strncmp(dir, "proc/", 5)) {
		char name[64];
		uint32_t mode;
		int r = exos_procfs_next(dir[4] ? dir + 5 : "", cookie, name, sizeof(name), &mode);
		if (r <= 0)
			return r < 0 ? (errno = ENOTDIR, -1) : 0;
		snprintf(out->name, sizeof(out->name), "%.30s/%.60s", dir, name);
		out->mode = mode;
		return 1;
	}
	if (!strcmp(dir, "dev")) {
		*cookie = *cookie < AT_DEV ? AT_DEV : *cookie;
		return next_dev(cookie, out);
	}
	if (!strcmp(dir, "tmp"))
		*cookie = *cookie < AT_TMP ? AT_TMP : *cookie;
	if (*cookie < AT_TMPDIR) {
		if (next_archive(root ? "" : dir, cookie, out))
			return 1;
		*cookie = root ? AT_TMPDIR : AT_END;
	}
	if (*cookie == AT_TMPDIR) {
		*cookie = AT_TMP;
		strcpy(out->name, "tmp");
		out->mode = S_IFDIR | 01777;
		return 1;
	}
	if (*cookie >= AT_TMP && *cookie < AT_END && next_tmp("tmp", RAMFS_ROOT, cookie, out))
		return 1;
	*cookie = AT_END;
	return 0;
}

int exos_dir_next(const char *path, unsigned long *ucookie, struct exos_dirent *uout)
{
	struct exos_dirent out;
	unsigned long cookie;

	memset(&out, 0, sizeof(out));
	if (exos_copy_in(&cookie, ucookie, sizeof(cookie)) ||
	    !exos_uptr_ok(ucookie, sizeof(cookie), 1) || !exos_uptr_ok(uout, sizeof(out), 1)) {
		errno = EFAULT;
		return -1;
	}
	int found = dir_next(path, &cookie, &out);
	if (found < 0)
		return -1;
	if (exos_copy_out(ucookie, &cookie, sizeof(cookie)) || exos_copy_out(uout, &out, sizeof(out))) {
		errno = EFAULT;
		return -1;
	}
	return found;
}
