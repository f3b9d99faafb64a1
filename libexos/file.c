/*
 * file.c - files for POSIX calls: the name space (the boot archive,
 * read-only, with the RAM file system at /tmp; see exos/fs.h), open,
 * stat, unlink, lseek, and the descriptor operations fd.c hands over for
 * FD_FILE.  An FD_FILE descriptor names an entry of the shared
 * open-file table (exos/ramfs.h) by index, so every open file, archive ones
 * included, needs the file system.
 *
 * Archive files are read in place from the exported archive: read()
 * copies straight from it into the caller's buffer, nothing else.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "exos/exos.h"
#include "cpio.h"
#include "archive.h"
#include "fd.h"
#include "file.h"
#include "exos/ramfs.h"
#include "exos/uaccess.h"

#define PATH_MAX_LEN 255
#define PATH_IN_MAX  1024   /* a path as given, before "." and ".." go */

/* What a path names. */
enum where_kind { W_NONE, W_DIR, W_FILE, W_OTHER, W_TMPDIR, W_TMP };

struct where {
	enum where_kind kind;
	struct cpio_entry ent;   /* W_DIR (but the root), W_FILE, W_OTHER */
	const char *name;        /* W_TMP: the name in /tmp */
	int parent_ok;           /* W_NONE: its directory exists (creating it is EROFS) */
};

static const void *archive(void)
{
	return (const void *)(EXOS_INITRD_VA + exos_info->initrd_offset);
}

static int set_errno(int err)
{
	errno = -err;
	return -1;
}

/* The current directory in canonical form ("" is the root).  The
 * library keeps it; programs it starts get it in PWD, and fork copies
 * it with the rest of memory. */
static char cwd[PATH_MAX_LEN + 1];
static int cwd_known;

static int resolve(const char *path, char c[PATH_MAX_LEN + 1], struct where *w);

/* At first use: the directory PWD names, if it is one. */
static void cwd_from_environment(void)
{
	const char *pwd = getenv("PWD");
	char c[PATH_MAX_LEN + 1];
	struct where w;

	cwd_known = 1;
	if (pwd && *pwd == '/' && resolve(pwd, c, &w) == 0 &&
	    (w.kind == W_DIR || w.kind == W_TMPDIR))
		strcpy(cwd, c);
}

/* Append path's components to out (len bytes already there), without
 * "." and with ".." applied. */
static int append_components(const char *path, char out[PATH_MAX_LEN + 1], size_t len)
{
	while (*path) {
		while (*path == '/')
			path++;
		size_t n = strcspn(path, "/");
		if (n == 0 || (n == 1 && path[0] == '.')) {
			path += n;
			continue;
		}
		if (n == 2 && path[0] == '.' && path[1] == '.') {
			while (len > 0 && out[--len] != '/')
				;
			path += n;
			continue;
		}
		if (len + !!len + n > PATH_MAX_LEN)
			return -ENAMETOOLONG;
		if (len)
			out[len++] = '/';
		memcpy(out + len, path, n);
		len += n;
		path += n;
	}
	out[len] = 0;
	return 0;
}

/* path (the program's pointer; relative ones from the current
 * directory) as components joined by '/': "tmp/x", or "" for the root.
 * 0, -ENOENT (empty path), -EFAULT (a bad pointer) or -ENAMETOOLONG. */
static int canonical(const char *path, char out[PATH_MAX_LEN + 1])
{
	char in[PATH_IN_MAX];
	long n = exos_copy_str(in, path, sizeof(in));
	size_t len = 0;

	if (n <= 0)
		return n ? (int)n : -ENOENT;
	if (*in != '/') {
		if (!cwd_known)
			cwd_from_environment();
		len = strlen(cwd);
		memcpy(out, cwd, len);
	}
	return append_components(in, out, len);
}

int exos_path(const char *path, char out[PATH_MAX_LEN + 1])
{
	return canonical(path, out);
}

int chdir(const char *path)
{
	char c[PATH_MAX_LEN + 1], pwd[PATH_MAX_LEN + 2] = "/";
	struct where w;
	int err = resolve(path, c, &w);

	if (err)
		return set_errno(err);
	if (w.kind != W_DIR && w.kind != W_TMPDIR) {
		struct stat st;
		return set_errno(stat(path, &st) == 0 ? -ENOTDIR : -ENOENT);
	}
	strcpy(cwd, c);
	cwd_known = 1;
	strcat(pwd, c);
	setenv("PWD", pwd, 1);
	return 0;
}

char *getcwd(char *buf, size_t size)
{
	if (!cwd_known)
		cwd_from_environment();
	size_t n = strlen(cwd);
	if (!buf || size < n + 2) {
		errno = buf ? ERANGE : EINVAL;
		return 0;
	}
	if (exos_copy_out(buf, "/", 1) || exos_copy_out(buf + 1, cwd, n + 1)) {
		errno = EFAULT;
		return 0;
	}
	return buf;
}

/* Whether the archive has directory dir ("" is the root). */
static int archive_dir(const char *dir)
{
	struct cpio_entry e;

	if (!*dir)
		return 1;
	return exos_archive_find(dir, &e) == 0 &&
	       (e.mode & CPIO_S_IFMT) == CPIO_S_IFDIR;
}

/* Look the canonical path c up in the archive. */
static void resolve_archive(char *c, struct where *w)
{
	if (!*c) {
		w->kind = W_DIR;
		return;
	}
	if (exos_archive_find(c, &w->ent) != 0) {
		char *slash = strrchr(c, '/');
		if (slash)
			*slash = 0;
		w->kind = W_NONE;
		w->parent_ok = archive_dir(slash ? c : "");
		return;
	}
	uint32_t t = w->ent.mode & CPIO_S_IFMT;
	w->kind = t == CPIO_S_IFDIR ? W_DIR : t == CPIO_S_IFREG ? W_FILE : W_OTHER;
}

/* What path names; c is the buffer for its canonical form. */
static int resolve(const char *path, char c[PATH_MAX_LEN + 1], struct where *w)
{
	int err = canonical(path, c);

	memset(w, 0, sizeof(*w));
	if (err)
		return err;
	if (!strcmp(c, "tmp")) {
		w->kind = W_TMPDIR;
	} else if (!strncmp(c, "tmp/", 4)) {
		w->kind = W_TMP;
		w->name = c + 4;
		if (strchr(w->name, '/'))
			return -ENOENT;   /* /tmp has no subdirectories */
		if (strlen(w->name) > EXOS_FS_NAME_MAX)
			return -ENAMETOOLONG;
	} else {
		resolve_archive(c, w);
	}
	return 0;
}

/* A new open-file entry for a file of /tmp; its slot or -errno.  Lock held. */
static int open_ram(const char *name, int flags)
{
	int ino = ramfs_lookup(name);

	if (ino >= 0 && (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if (ino < 0 && !(flags & O_CREAT))
		return ino;
	if (ino < 0 && (ino = ramfs_create(name)) < 0)
		return ino;
	int slot = ramfs_open_new();
	if (slot < 0)
		return slot;
	ramfs_hold(exos_self, (uint32_t)slot);
	struct ramfs_open *o = ramfs_open_at((uint32_t)slot);
	o->kind = RAMFS_OPEN_RAM;
	o->ino = (uint32_t)ino;
	o->flags = (uint32_t)(flags & (O_ACCMODE | O_APPEND));
	ramfs_inode(ino)->opens++;
	if ((flags & O_TRUNC) && (flags & O_ACCMODE) != O_RDONLY)
		ramfs_truncate(ino);
	return slot;
}

/* A new open-file entry for an archive file, read-only.  Lock held. */
static int open_archive(const struct cpio_entry *e)
{
	int slot = ramfs_open_new();

	if (slot < 0)
		return slot;
	ramfs_hold(exos_self, (uint32_t)slot);
	struct ramfs_open *o = ramfs_open_at((uint32_t)slot);
	o->kind = RAMFS_OPEN_ARCHIVE;
	o->flags = O_RDONLY;
	o->data = (uint64_t)((const char *)e->data - (const char *)archive());
	o->size = e->size;
	return slot;
}

/* Why a path that is not a file of /tmp cannot be opened with flags,
 * or 0 if it can (a regular archive file, read-only). */
static int archive_refusal(const struct where *w, int flags)
{
	int writing = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);

	switch (w->kind) {
	case W_DIR:
	case W_TMPDIR:
		return -EISDIR;
	case W_NONE:
		return (flags & O_CREAT) && w->parent_ok ? -EROFS : -ENOENT;
	case W_OTHER:
		return -EACCES;
	default:
		if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
			return -EEXIST;
		return writing ? -EROFS : 0;
	}
}

static int free_fd(void)
{
	for (int fd = 0; fd < EXOS_FD_MAX; fd++)
		if (exos_fds[fd].type == FD_NONE)
			return fd;
	return -EMFILE;
}

int open(const char *path, int flags, ...)
{
	char c[PATH_MAX_LEN + 1];
	struct where w;
	int err = resolve(path, c, &w), fd = free_fd();

	if (!err && w.kind != W_TMP)
		err = archive_refusal(&w, flags);
	if (!err)
		err = fd;
	if (err >= 0 && (err = ramfs_attach()) == 0 && (err = ramfs_lock()) == 0) {
		err = w.kind == W_TMP ? open_ram(w.name, flags) : open_archive(&w.ent);
		ramfs_unlock();
	}
	if (err < 0)
		return set_errno(err);
	exos_fds[fd] = (struct exos_fd){ .type = FD_FILE, .slot = (uint32_t)err, .arg = 0 };
	return fd;
}

/* stat of the file of /tmp named name (lock taken here). */
static int stat_ram(int ino, struct stat *st)
{
	struct ramfs_inode *n = ramfs_inode(ino);

	st->st_mode = S_IFREG | 0666;
	st->st_size = n->size;
	st->st_nlink = n->nlink;
	st->st_ino = (ino_t)ino + 1;
	st->st_blksize = 4096;
	st->st_mtime = n->mtime;
	return 0;
}

static void stat_archive(const struct cpio_entry *e, struct stat *st)
{
	st->st_mode = e->mode;
	st->st_size = (off_t)e->size;
	st->st_nlink = e->nlink;
	st->st_ino = e->ino;
	st->st_blksize = 4096;
	st->st_mtime = e->mtime;
}

/* stat into our own st: 0 or -errno. */
static int stat_path(const char *path, struct stat *st)
{
	char c[PATH_MAX_LEN + 1];
	struct where w;
	int err = resolve(path, c, &w);

	memset(st, 0, sizeof(*st));
	if (err)
		return err;
	switch (w.kind) {
	case W_NONE:
		return -ENOENT;
	case W_TMPDIR:
		st->st_mode = S_IFDIR | 01777;
		st->st_nlink = 2;
		return 0;
	case W_TMP:
		if ((err = ramfs_attach()) < 0 || (err = ramfs_lock()) < 0)
			return err;
		err = ramfs_lookup(w.name);
		if (err >= 0)
			err = stat_ram(err, st);
		ramfs_unlock();
		return err < 0 ? err : 0;
	default:
		if (!*c)
			st->st_mode = S_IFDIR | 0755;
		else
			stat_archive(&w.ent, st);
		return 0;
	}
}

int stat(const char *path, struct stat *st)
{
	struct stat s;
	int err = exos_uptr_ok(st, sizeof(*st), 1) ? stat_path(path, &s) : -EFAULT;

	if (!err)
		err = exos_copy_out(st, &s, sizeof(s));
	return err ? set_errno(err) : 0;
}

int unlink(const char *path)
{
	char c[PATH_MAX_LEN + 1];
	struct where w;
	int err = resolve(path, c, &w);

	if (!err && w.kind != W_TMP)
		err = w.kind == W_NONE ? -ENOENT : w.kind == W_TMPDIR ? -EISDIR : -EROFS;
	if (!err)
		err = ramfs_attach();
	if (!err)
		err = ramfs_lock();
	if (err)
		return set_errno(err);
	if ((err = ramfs_lookup(w.name)) >= 0)
		ramfs_unlink(err);
	ramfs_unlock();
	return err < 0 ? set_errno(err) : 0;
}

/* ---------------------------------------------------------------- descriptors */

ssize_t exos_file_read(uint32_t slot, void *buf, size_t len)
{
	ssize_t n = ramfs_lock();

	if (n)
		return set_errno((int)n);
	struct ramfs_open *o = ramfs_open_at(slot);
	if ((o->flags & O_ACCMODE) == O_WRONLY || (o->kind == RAMFS_OPEN_RAM && o->ino >= EXOS_FS_FILES)) {
		n = -EBADF;
	} else if (o->kind == RAMFS_OPEN_ARCHIVE) {
		n = o->off < o->size ? (ssize_t)(o->size - o->off < len ? o->size - o->off : len) : 0;
		if (exos_copy_out(buf, (const char *)archive() + o->data + o->off, (size_t)n))
			n = -EFAULT;
	} else {
		n = ramfs_read((int)o->ino, o->off, buf, len);
	}
	if (n > 0)
		o->off += (uint64_t)n;
	ramfs_unlock();
	return n < 0 ? set_errno((int)n) : n;
}

ssize_t exos_file_write(uint32_t slot, const void *buf, size_t len)
{
	ssize_t n = ramfs_lock();

	if (n)
		return set_errno((int)n);
	struct ramfs_open *o = ramfs_open_at(slot);
	if ((o->flags & O_ACCMODE) == O_RDONLY || o->kind != RAMFS_OPEN_RAM ||
	    o->ino >= EXOS_FS_FILES) {
		n = -EBADF;
	} else {
		if (o->flags & O_APPEND)
			o->off = ramfs_inode((int)o->ino)->size;
		n = ramfs_write((int)o->ino, o->off, buf, len);
	}
	if (n > 0)
		o->off += (uint64_t)n;
	ramfs_unlock();
	return n < 0 ? set_errno((int)n) : n;
}

void exos_file_close(uint32_t slot)
{
	if (ramfs_lock())
		return;   /* the file system is gone, and its files with it */
	ramfs_unhold(exos_self, slot);
	ramfs_open_put(slot);
	ramfs_unlock();
}

void exos_file_hold(uint32_t slot, uint32_t id)
{
	if (ramfs_lock())
		return;
	ramfs_open_at(slot)->refs++;
	ramfs_hold(id, slot);
	ramfs_unlock();
}

void exos_file_dup(uint32_t slot)
{
	exos_file_hold(slot, exos_self);
}

int exos_file_give(uint32_t slot, int envcap, uint32_t id)
{
	int err = ramfs_give(envcap, id);

	if (!err)
		exos_file_hold(slot, id);
	return err;
}

int exos_file_fstat(uint32_t slot, struct stat *ust)
{
	struct stat s, *st = &s;

	if (!exos_uptr_ok(ust, sizeof(*ust), 1))
		return set_errno(-EFAULT);
	memset(st, 0, sizeof(*st));
	if (ramfs_lock())
		return set_errno(-EIO);
	struct ramfs_open *o = ramfs_open_at(slot);
	if (o->kind == RAMFS_OPEN_RAM && o->ino < EXOS_FS_FILES) {
		stat_ram((int)o->ino, st);
	} else {
		st->st_mode = S_IFREG | 0444;
		st->st_size = (off_t)o->size;
		st->st_nlink = 1;
		st->st_blksize = 4096;
	}
	ramfs_unlock();
	return exos_copy_out(ust, st, sizeof(s)) ? set_errno(-EFAULT) : 0;
}

off_t lseek(int fd, off_t off, int whence)
{
	if (fd < 0 || fd >= EXOS_FD_MAX || exos_fds[fd].type == FD_NONE)
		return set_errno(-EBADF);
	if (exos_fds[fd].type != FD_FILE)
		return set_errno(-ESPIPE);
	if (ramfs_lock())
		return set_errno(-EIO);
	struct ramfs_open *o = ramfs_open_at(exos_fds[fd].slot);
	int64_t size = o->kind != RAMFS_OPEN_RAM ? (int64_t)o->size :
		       o->ino < EXOS_FS_FILES ? ramfs_inode((int)o->ino)->size : 0;
	int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int64_t)o->off :
		       whence == SEEK_END ? size : -1;
	int64_t to = base < 0 || (off > 0 && off > INT64_MAX - base) ? -1 : base + off;
	if (to >= 0)
		o->off = (uint64_t)to;
	ramfs_unlock();
	return to < 0 ? set_errno(-EINVAL) : (off_t)to;
}

void exos_file_reset(void)
{
	ramfs_reset();
}

void exos_file_exit(void)
{
	ramfs_exit();
}

int exos_fs_init(void)
{
	int err = ramfs_attach();

	return err ? set_errno(err) : 0;
}

int exos_fs_usage(struct exos_fs_usage *u)
{
	struct exos_fs_usage got;
	int err = exos_uptr_ok(u, sizeof(*u), 1) ? ramfs_usage(&got) : -EFAULT;

	if (!err)
		err = exos_copy_out(u, &got, sizeof(got));
	return err ? set_errno(err) : 0;
}
