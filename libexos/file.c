/*
 * file.c - files for POSIX calls: the name space (the boot archive,
 * read-only, with the RAM file system at /tmp; see exos/fs.h), open,
 * stat, unlink, lseek, and the descriptor operations fd.c hands over for
 * FD_FILE.  An FD_FILE descriptor names an entry of the shared
 * open-file table (exos/ramfs.h) by index, so every open file, archive
 * ones included, needs the file system.
 *
 * Every pointer a program passes (paths, stat buffers, link targets) is
 * copied in or out with exos/uaccess.h's checked copies: a bad one is
 * EFAULT.
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
#include "dev.h"
#include "proc/procfs.h"

#define PATH_MAX_LEN 255
#define PATH_IN_MAX  1024   /* a path as given, before "." and ".." go */

/* What a path names.  W_LINK: a symbolic link of the archive (only
 * when not following links). */
enum where_kind { W_NONE, W_DIR, W_FILE, W_OTHER, W_TMPDIR, W_TMP, W_DEVDIR, W_DEV, W_LINK,
		  W_PROC };

struct where {
	enum where_kind kind;
	struct cpio_entry ent;   /* W_DIR (but the root), W_FILE, W_OTHER, W_LINK */
	const char *name;        /* in /tmp (W_TMP, or W_NONE with tmp): the last component */
	int tmp;                 /* the path is in /tmp: tparent and tino are set */
	uint32_t tparent;        /* its directory there (RAMFS_ROOT, or inode + 1) */
	int tino;                /* its inode, -1 if it does not exist */
	char target[PATH_MAX_LEN + 1]; /* W_LINK in /tmp: where it points */
	int midlink;             /* W_LINK before the last component: always followed */
	int parent_ok;           /* W_NONE: its directory exists (creating it is EROFS) */
	enum exos_dev dev;       /* W_DEV */
	struct procfs_node proc; /* W_PROC (a link of /proc is W_LINK with proc.kind set) */
	int devfd;               /* W_DEV, DEV_FD: the descriptor */
};

/* Symbolic links followed in one lookup before ELOOP. */
#define LINKS_MAX 8

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
static int is_dir(const struct where *w);

/* At first use: the directory PWD names, if it is one. */
static void cwd_from_environment(void)
{
	const char *pwd = getenv("PWD");
	char c[PATH_MAX_LEN + 1];
	struct where w;

	cwd_known = 1;
	if (pwd && *pwd == '/' && resolve(pwd, c, &w) == 0 && is_dir(&w))
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
	if (!is_dir(&w)) {
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
	w->kind = t == CPIO_S_IFDIR ? W_DIR : t == CPIO_S_IFREG ? W_FILE :
		  t == CPIO_S_IFLNK ? W_LINK : W_OTHER;
}

/* c (canonical) names an archive link to target: c becomes the
 * canonical path the link leads to (a relative target is taken from
 * the link's directory). */
static int link_target(char c[PATH_MAX_LEN + 1], const struct where *w)
{
	char target[PATH_MAX_LEN + 1];
	const struct cpio_entry *e = &w->ent;
	size_t n = e->size;

	if (w->proc.kind == PROCFS_LINK) {
		n = (size_t)exos_procfs_readlink(&w->proc, target, sizeof(target) - 1);
		target[n] = 0;
		strcpy(c, "proc/");
		return append_components(target, c, 4);
	}
	if (w->tmp) {
		strcpy(target, w->target);
		n = strlen(target);
	} else {
		if (n == 0 || n > PATH_MAX_LEN)
			return -ENOENT;
		memcpy(target, e->data, n);
		target[n] = 0;
	}
	if (!n)
		return -ENOENT;
	if (target[0] == '/') {
		c[0] = 0;
		return append_components(target, c, 0);
	}
	char *slash = strrchr(c, '/');
	size_t len = slash ? (size_t)(slash - c) : 0;
	c[len] = 0;
	return append_components(target, c, len);
}

static int resolve_in(char c[PATH_MAX_LEN + 1], struct where *w);
static int resolve_tmp(char c[PATH_MAX_LEN + 1], struct where *w);
static uint32_t ramfs_dir_mode(int ino);

/* What path names; c is the buffer for its canonical form.  A symbolic
 * link at the end is followed unless nofollow. */
static int resolve_at(const char *path, char c[PATH_MAX_LEN + 1], struct where *w, int nofollow)
{
	int err = canonical(path, c);

	for (int links = 0; !err; links++) {
		err = resolve_in(c, w);
		if (err || w->kind != W_LINK || (nofollow && !w->midlink))
			return err;
		if (links == LINKS_MAX)
			return -ELOOP;
		err = link_target(c, w);
	}
	return err;
}

static int resolve(const char *path, char c[PATH_MAX_LEN + 1], struct where *w)
{
	return resolve_at(path, c, w, 0);
}

/* What canonical path c names, links not followed. */
static int resolve_in(char c[PATH_MAX_LEN + 1], struct where *w)
{
	memset(w, 0, sizeof(*w));
	if (!strcmp(c, "proc") || !strncmp(c, "proc/", 5)) {
		if (exos_procfs_lookup(c[4] ? c + 5 : "", &w->proc) < 0) {
			w->kind = W_NONE;
			w->parent_ok = 0;
		} else {
			w->kind = w->proc.kind == PROCFS_LINK ? W_LINK : W_PROC;
		}
	} else if (!strcmp(c, "dev")) {
		w->kind = W_DEVDIR;
	} else if (!strncmp(c, "dev/", 4)) {
		w->dev = exos_dev_lookup(c + 4, &w->devfd);
		w->kind = w->dev == DEV_NONE ? W_NONE : W_DEV;
		w->parent_ok = 1;
	} else if (!strcmp(c, "tmp")) {
		w->kind = W_TMPDIR;
	} else if (!strncmp(c, "tmp/", 4)) {
		return resolve_tmp(c, w);
	} else {
		resolve_archive(c, w);
	}
	return 0;
}

/* The symbolic link of /tmp ino's target into out. Lock held. */
static void tmp_link(int ino, char out[PATH_MAX_LEN + 1])
{
	ssize_t n = ramfs_read(ino, 0, out, PATH_MAX_LEN);

	out[n > 0 ? n : 0] = 0;
}

/* c is "tmp/a/b/...": walk it through the directories of /tmp.  A link
 * met before the last component is followed by rewriting c (W_LINK,
 * tmp set, target its target with the rest of the path after it); one
 * at the end is W_LINK too.  A missing last component is W_NONE with
 * parent_ok, tparent and name set, for creating it. */
static int resolve_tmp(char c[PATH_MAX_LEN + 1], struct where *w)
{
	char *comp = c + 4;
	uint32_t parent = RAMFS_ROOT;
	int err = ramfs_attach();

	if (err)
		return err;
	w->tmp = 1;
	if ((err = ramfs_lock()))
		return err;
	for (;;) {
		char *slash = strchr(comp, '/');
		if (slash)
			*slash = 0;
		size_t len = strlen(comp);
		int ino = len > EXOS_FS_NAME_MAX ? -ENAMETOOLONG : ramfs_lookup_in(parent, comp);
		const struct ramfs_inode *n = ino >= 0 ? ramfs_inode_ro(ino) : 0;
		if (slash)
			*slash = '/';
		w->tparent = parent;
		w->name = comp;
		w->tino = ino < 0 ? -1 : ino;
		if (ino == -ENAMETOOLONG) {
			err = ino;
		} else if (ino < 0) {
			w->kind = W_NONE;
			w->parent_ok = !slash;
		} else if (S_ISLNK(n->mode)) {
			w->kind = W_LINK;
			tmp_link(ino, w->target);
			w->midlink = slash != 0;
			if (slash && strlen(w->target) + strlen(slash) <= PATH_MAX_LEN) {
				strcat(w->target, slash);
				*slash = 0;   /* the link is now the end of c */
			} else if (slash) {
				err = -ENAMETOOLONG;
			}
		} else if (slash && !S_ISDIR(n->mode)) {
			err = -ENOTDIR;
		} else if (slash) {
			parent = (uint32_t)ino + 1;
			comp = slash + 1;
			continue;
		} else {
			w->kind = W_TMP;
		}
		break;
	}
	ramfs_unlock();
	return err;
}

/* A new open-file entry for the file of /tmp w names (created with
 * mode under O_CREAT); its slot or -errno.  Lock held. */
static int open_ram(const struct where *w, int flags, mode_t mode)
{
	int ino = w->tino >= 0 && ramfs_inode_ro(w->tino)->used ? w->tino :
		  ramfs_lookup_in(w->tparent, w->name);

	if (ino >= 0 && (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if (ino >= 0 && S_ISDIR(ramfs_inode_ro(ino)->mode))
		return -EISDIR;
	if (ino < 0 && !(flags & O_CREAT))
		return ino;
	if (ino < 0 && (ino = ramfs_create_in(w->tparent, w->name, S_IFREG | (mode & 07777))) < 0)
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
	case W_DEVDIR:
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

/* Directories opened for reading (FD_DIR): their paths, by descriptor. */
static char dir_paths[EXOS_FD_MAX][PATH_MAX_LEN + 2];

/* A directory opened read-only: a descriptor that fstat, fchdir and
 * fdopendir understand.  Writing one is EISDIR. */
static int open_dir(const char *c, int flags, int fd)
{
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC)))
		return set_errno((flags & O_CREAT) && (flags & O_EXCL) ? -EEXIST : -EISDIR);
	if (fd < 0)
		return set_errno(fd);
	dir_paths[fd][0] = '/';
	strcpy(dir_paths[fd] + 1, c);
	exos_fds[fd] = (struct exos_fd){ FD_DIR, 0, 0, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0, 0 };
	return fd;
}

void exos_dir_dup(int from, int to)
{
	if (from != to)
		memmove(dir_paths[to], dir_paths[from], sizeof(dir_paths[to]));
}

int fchdir(int fd)
{
	char path[PATH_MAX_LEN + 2];

	return exos_fd_path(fd, path, sizeof(path)) < 0 ? -1 : chdir(path);
}

int exos_fd_path(int fd, char *out, size_t len)
{
	if (fd < 0 || fd >= EXOS_FD_MAX || exos_fds[fd].type == FD_NONE)
		return set_errno(-EBADF);
	if (exos_fds[fd].type != FD_DIR)
		return set_errno(-ENOTDIR);
	if (strlen(dir_paths[fd]) + 1 > len)
		return set_errno(-ENAMETOOLONG);
	strcpy(out, dir_paths[fd]);
	return 0;
}

int open(const char *path, int flags, ...)
{
	char c[PATH_MAX_LEN + 1];
	struct where w;
	va_list ap;
	int err = resolve_at(path, c, &w, flags & O_NOFOLLOW), fd = free_fd();

	va_start(ap, flags);
	mode_t mode = (flags & O_CREAT) ? (mode_t)va_arg(ap, int) : 0;
	va_end(ap);
	if (!err && w.kind == W_LINK)
		err = -ELOOP;   /* O_NOFOLLOW on a link */
	if (!err && w.kind == W_TMP && S_ISDIR(ramfs_dir_mode(w.tino)))
		return open_dir(c, flags, fd);
	if (!err && (w.kind == W_DIR || w.kind == W_TMPDIR || w.kind == W_DEVDIR))
		return open_dir(c, flags, fd);
	if (!err && w.kind == W_PROC && w.proc.kind != PROCFS_FILE && w.proc.kind != PROCFS_PIDFILE)
		return open_dir(c, flags, fd);
	if (!err && w.kind == W_PROC) {
		if (fd < 0)
			return set_errno(fd);
		if ((flags & O_ACCMODE) != O_RDONLY)
			return set_errno(-EACCES);
		err = exos_procfs_open(&w.proc, fd);
		return err ? set_errno(err) : fd;
	}
	if (!err && w.kind == W_DEV) {
		if (fd < 0)
			return set_errno(fd);
		err = exos_dev_open(w.dev, w.devfd, flags, fd);
		return err ? set_errno(err) : fd;
	}
	if (!err && (flags & O_DIRECTORY))
		err = w.kind == W_NONE ? -ENOENT : -ENOTDIR;
	int in_tmp = w.kind == W_TMP || (w.kind == W_NONE && w.tmp && w.parent_ok);
	if (!err && !in_tmp)
		err = archive_refusal(&w, flags);
	if (!err)
		err = fd;
	if (err >= 0 && (err = ramfs_attach()) == 0 && (err = ramfs_lock()) == 0) {
		err = in_tmp ? open_ram(&w, flags, mode & ~exos_umask()) : open_archive(&w.ent);
		ramfs_unlock();
	}
	if (err < 0)
		return set_errno(err);
	exos_fds[fd] = (struct exos_fd){ .type = FD_FILE, .slot = (uint32_t)err,
					  .fdflags = (flags & O_CLOEXEC) ? FD_CLOEXEC : 0,
					  .flflags = (uint32_t)(flags & O_NONBLOCK) };
	return fd;
}

/* Whether w is a directory (one may chdir there). */
static int is_dir(const struct where *w)
{
	switch (w->kind) {
	case W_DIR:
	case W_TMPDIR:
	case W_DEVDIR:
		return 1;
	case W_PROC:
		return w->proc.kind == PROCFS_DIR || w->proc.kind == PROCFS_PIDDIR;
	case W_TMP:
		return S_ISDIR(ramfs_dir_mode(w->tino));
	default:
		return 0;
	}
}

/* The mode of /tmp's inode ino (takes the lock), 0 if none. */
static uint32_t ramfs_dir_mode(int ino)
{
	if (ino < 0 || ramfs_lock())
		return 0;
	const struct ramfs_inode *n = ramfs_inode_ro(ino);
	uint32_t m = n->used ? n->mode : 0;
	ramfs_unlock();
	return m;
}

/* stat of the file of /tmp named name (lock taken here). */
static int stat_ram(int ino, struct stat *st)
{
	const struct ramfs_inode *n = ramfs_inode_ro(ino);

	st->st_mode = n->mode ? n->mode : S_IFREG | 0666;
	st->st_atime = n->atime;
	st->st_ctime = n->ctime;
	st->st_dev = 2;
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

static int stat_where(const char *c, const struct where *w, struct stat *st);

/* stat or lstat (nofollow) into the program's ust, through our own. */
static int stat_at(const char *path, struct stat *ust, int nofollow)
{
	char c[PATH_MAX_LEN + 1];
	struct where w;
	struct stat st;

	memset(&st, 0, sizeof(st));
	if (!exos_uptr_ok(ust, sizeof(*ust), 1))
		return set_errno(-EFAULT);
	int err = resolve_at(path, c, &w, nofollow);
	if (err)
		return set_errno(err);
	if (stat_where(c, &w, &st))
		return -1;
	return exos_copy_out(ust, &st, sizeof(st)) ? set_errno(-EFAULT) : 0;
}

int stat(const char *path, struct stat *st)
{
	return stat_at(path, st, 0);
}

int exos_lstat(const char *path, struct stat *st)
{
	return stat_at(path, st, 1);
}

static int stat_tmp(const struct where *w, struct stat *st)
{
	int err = ramfs_attach();

	if (err < 0 || (err = ramfs_lock()) < 0)
		return set_errno(err);
	err = w->tino >= 0 && ramfs_inode_ro(w->tino)->used ? stat_ram(w->tino, st) : -ENOENT;
	ramfs_unlock();
	return err < 0 ? set_errno(err) : 0;
}

static int stat_where(const char *c, const struct where *wp, struct stat *st)
{
	struct where w = *wp;

	switch (w.kind) {
	case W_NONE:
		return set_errno(-ENOENT);
	case W_PROC:
		exos_procfs_stat(&w.proc, st);
		return 0;
	case W_LINK:
		if (w.proc.kind == PROCFS_LINK) {
			exos_procfs_stat(&w.proc, st);
			return 0;
		}
		if (!w.tmp) {
			stat_archive(&w.ent, st);
			return 0;
		}
		return stat_tmp(&w, st);   /* a link of /tmp has its inode */
	case W_DEVDIR:
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
		st->st_ino = 999;
		return 0;
	case W_DEV:
		if (w.dev == DEV_FD)
			return fstat(w.devfd, st);
		exos_dev_stat(w.dev, st);
		return 0;
	case W_TMPDIR:
		st->st_mode = S_IFDIR | 01777;
		st->st_nlink = 2;
		return 0;
	case W_TMP:
		return stat_tmp(&w, st);
	default:
		if (!*c)
			st->st_mode = S_IFDIR | 0755;
		else
			stat_archive(&w.ent, st);
		return 0;
	}
}

/* Remove the entry of /tmp w names (a directory only with dir set, and
 * only when empty): 0 or -errno. */
static int remove_tmp(const struct where *w, int dir)
{
	int err = ramfs_attach();

	if (err || (err = ramfs_lock()))
		return err;
	const struct ramfs_inode *n = w->tino >= 0 ? ramfs_inode_ro(w->tino) : 0;
	if (!n || !n->used || !n->nlink)
		err = -ENOENT;
	else if (!dir && S_ISDIR(n->mode))
		err = -EISDIR;
	else if (dir && !S_ISDIR(n->mode))
		err = -ENOTDIR;
	else if (dir && !ramfs_dir_empty(w->tino))
		err = -ENOTEMPTY;
	else
		ramfs_unlink(w->tino);
	ramfs_unlock();
	return err;
}

int unlink(const char *path)
{
	char c[PATH_MAX_LEN + 1];
	struct where w;
	int err = resolve_at(path, c, &w, 1);

	if (!err && w.kind != W_TMP && !(w.kind == W_LINK && w.tmp))
		err = w.kind == W_NONE ? -ENOENT : w.kind == W_TMPDIR ? -EISDIR :
		      w.kind == W_DIR || w.kind == W_DEVDIR ? -EISDIR : -EROFS;
	if (!err)
		err = remove_tmp(&w, 0);
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
			o->off = ramfs_inode_ro((int)o->ino)->size;
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
	const struct ramfs_open *o = ramfs_open_at(slot);
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
	if (exos_fds[fd].type == FD_PROC)
		return exos_procfs_seek(fd, off, whence);
	if (exos_fds[fd].type != FD_FILE)
		return set_errno(-ESPIPE);
	if (ramfs_lock())
		return set_errno(-EIO);
	struct ramfs_open *o = ramfs_open_at(exos_fds[fd].slot);
	int64_t size = o->kind != RAMFS_OPEN_RAM ? (int64_t)o->size :
		       o->ino < EXOS_FS_FILES ? ramfs_inode_ro((int)o->ino)->size : 0;
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

/* ---------------------------------------------------------------- more of the name space */

/* What path names, for the calls below: 0 and *w, or -1 with errno. */
static int where_of(const char *path, char c[PATH_MAX_LEN + 1], struct where *w)
{
	int err = resolve(path, c, w);

	if (!err && w->kind == W_NONE)
		err = -ENOENT;
	return err ? set_errno(err) : 0;
}

int exos_file_readonly(const char *path)
{
	char c[PATH_MAX_LEN + 1];
	struct where w;

	return resolve(path, c, &w) == 0 && w.kind != W_TMP && w.kind != W_TMPDIR &&
	       w.kind != W_DEV;
}

int exos_file_resolve(const char *path, char *out, size_t len)
{
	char c[PATH_MAX_LEN + 1];
	struct where w;
	int err = resolve(path, c, &w);

	if (err)
		return set_errno(err);
	if (strlen(c) + 2 > len)
		return set_errno(-ENAMETOOLONG);
	out[0] = '/';
	strcpy(out + 1, c);
	return 0;
}

static mode_t umask_now = 022;

mode_t exos_umask(void)
{
	return umask_now;
}

mode_t umask(mode_t mask)
{
	mode_t old = umask_now;

	umask_now = mask & 0777;
	return old;
}

/* Change an inode of /tmp under the lock: fn(inode, arg). */
static int tmp_change(const struct where *w, void (*fn)(struct ramfs_inode *n, long arg), long arg)
{
	int err = ramfs_attach();

	if (err || (err = ramfs_lock()))
		return set_errno(err);
	struct ramfs_inode *n = w->tino >= 0 ? ramfs_inode(w->tino) : 0;
	if (n && n->used)
		fn(n, arg);
	ramfs_unlock();
	return n ? 0 : set_errno(-ENOENT);
}

static void set_mode(struct ramfs_inode *n, long mode)
{
	n->mode = (n->mode & S_IFMT) | ((uint32_t)mode & 07777);
}

int exos_file_chmod(const char *path, mode_t mode)
{
	char c[PATH_MAX_LEN + 1];
	struct where w;

	if (where_of(path, c, &w))
		return -1;
	if (w.kind == W_TMP)
		return tmp_change(&w, set_mode, (long)mode);
	return w.kind == W_TMPDIR || w.kind == W_DEV ? 0 : set_errno(-EROFS);
}

int exos_fd_chmod(int fd, mode_t mode)
{
	struct stat st;

	(void)mode;
	return fstat(fd, &st);
}

/* Where a new entry would go: 0 with w set for a name free in /tmp,
 * else -errno (EEXIST if taken, EROFS outside /tmp, ENOENT without its
 * directory). */
static int new_name(const char *path, char c[PATH_MAX_LEN + 1], struct where *w)
{
	int err = resolve_at(path, c, w, 1);

	if (err)
		return err;
	if (w->kind != W_NONE)
		return -EEXIST;
	if (!w->parent_ok)
		return -ENOENT;
	return w->tmp ? 0 : -EROFS;
}

/* A new entry of /tmp at w with mode, holding data (a link's target). */
static int make_entry(const struct where *w, uint32_t mode, const char *data)
{
	int err = ramfs_attach();

	if (err || (err = ramfs_lock()))
		return set_errno(err);
	int ino = ramfs_lookup_in(w->tparent, w->name) >= 0 ? -EEXIST :
		  ramfs_create_in(w->tparent, w->name, mode);
	if (ino >= 0 && data && ramfs_write(ino, 0, data, strlen(data)) != (ssize_t)strlen(data)) {
		ramfs_unlink(ino);
		ino = -ENOSPC;
	}
	ramfs_unlock();
	return ino < 0 ? set_errno(ino) : 0;
}

int exos_file_mkdir(const char *path, mode_t mode)
{
	char c[PATH_MAX_LEN + 1];
	struct where w;
	int err = new_name(path, c, &w);

	return err ? set_errno(err) : make_entry(&w, S_IFDIR | (mode & 07777), 0);
}

int exos_file_symlink(const char *utarget, const char *path)
{
	char c[PATH_MAX_LEN + 1], target[PATH_MAX_LEN + 1];
	struct where w;
	long n = exos_copy_str(target, utarget, sizeof(target));
	int err = n < 0 ? (int)n : n == 0 ? -ENOENT : new_name(path, c, &w);

	return err ? set_errno(err) : make_entry(&w, S_IFLNK | 0777, target);
}

/* Hard links: /tmp keeps one name per file.  EEXIST and EROFS as for
 * any new name; in /tmp, EMLINK. */
int exos_file_link(const char *from, const char *to)
{
	char c[PATH_MAX_LEN + 1];
	struct where w;
	struct stat st;

	if (stat(from, &st) < 0)
		return -1;
	int err = new_name(to, c, &w);
	return set_errno(err ? err : -EMLINK);
}

int exos_file_rmdir(const char *path)
{
	char c[PATH_MAX_LEN + 1];
	struct where w;
	int err = resolve_at(path, c, &w, 1);

	if (!err && w.kind == W_NONE)
		err = -ENOENT;
	if (!err && w.kind != W_TMP)
		err = w.kind == W_DIR || w.kind == W_TMPDIR || w.kind == W_DEVDIR ? -EROFS :
		      -ENOTDIR;
	if (!err)
		err = remove_tmp(&w, 1);
	return err ? set_errno(err) : 0;
}

ssize_t exos_file_readlink(const char *path, char *buf, size_t len)
{
	char c[PATH_MAX_LEN + 1];
	struct where w;
	int err = resolve_at(path, c, &w, 1);

	if (!err && w.kind == W_NONE)
		err = -ENOENT;
	if (!err && w.kind != W_LINK)
		err = -EINVAL;
	if (err)
		return set_errno(err);
	char proc[PATH_MAX_LEN + 1];
	const char *t = w.tmp ? w.target : w.ent.data;
	size_t n = w.tmp ? strlen(w.target) : w.ent.size;
	if (w.proc.kind == PROCFS_LINK) {
		ssize_t k = exos_procfs_readlink(&w.proc, proc, sizeof(proc));
		t = proc;
		n = k > 0 ? (size_t)k : 0;
	}
	if (n > len)
		n = len;
	return exos_copy_out(buf, t, n) ? set_errno(-EFAULT) : (ssize_t)n;
}

int exos_file_exists_tmp(const char *name)
{
	if (ramfs_attach() != 0 || ramfs_lock() != 0)
		return 0;
	int ino = ramfs_lookup(name);
	ramfs_unlock();
	return ino >= 0;
}

/* rename within /tmp, lock held: from's entry gets to's name and
 * directory; an entry there goes (a file for a file, an empty directory
 * for a directory). */
static int rename_tmp(const struct where *wf, const struct where *wt)
{
	struct ramfs_inode *n = ramfs_inode(wf->tino);
	int old = ramfs_lookup_in(wt->tparent, wt->name);

	if (!n->used || !n->nlink)
		return -ENOENT;
	if (old == wf->tino)
		return 0;
	if (S_ISDIR(n->mode) && wt->tparent && ramfs_inside((int)wt->tparent - 1, wf->tino))
		return -EINVAL;
	if (old >= 0) {
		struct ramfs_inode *o = ramfs_inode(old);
		if (S_ISDIR(o->mode) && !S_ISDIR(n->mode))
			return -EISDIR;
		if (!S_ISDIR(o->mode) && S_ISDIR(n->mode))
			return -ENOTDIR;
		if (S_ISDIR(o->mode) && !ramfs_dir_empty(old))
			return -ENOTEMPTY;
		ramfs_unlink(old);
	}
	memset(n->name, 0, sizeof(n->name));
	strncpy(n->name, wt->name, EXOS_FS_NAME_MAX);
	n->parent = wt->tparent;
	return 0;
}

int exos_file_rename(const char *from, const char *to)
{
	char cf[PATH_MAX_LEN + 1], ct[PATH_MAX_LEN + 1];
	struct where wf, wt;
	int err = resolve_at(from, cf, &wf, 1);

	if (!err)
		err = resolve_at(to, ct, &wt, 1);
	if (!err && wf.kind == W_NONE)
		err = -ENOENT;
	if (!err && wt.kind == W_NONE && !wt.parent_ok)
		err = -ENOENT;
	if (!err && (!wf.tmp || wf.tino < 0 || !wt.tmp))
		err = wf.tmp && !wt.tmp && wt.kind != W_NONE ? -EXDEV : -EROFS;
	if (!err)
		err = ramfs_attach();
	if (!err)
		err = ramfs_lock();
	if (err)
		return set_errno(err);
	err = rename_tmp(&wf, &wt);
	ramfs_unlock();
	return err ? set_errno(err) : 0;
}

/* arg: our copy of the times (NULL: now for both). */
static void set_times(struct ramfs_inode *n, long arg)
{
	const struct timespec *t = (const struct timespec *)arg;
	uint32_t now = ramfs_now();

	if (!t || t[0].tv_nsec != UTIME_OMIT)
		n->atime = t && t[0].tv_nsec != UTIME_NOW ? (uint32_t)t[0].tv_sec : now;
	if (!t || t[1].tv_nsec != UTIME_OMIT)
		n->mtime = t && t[1].tv_nsec != UTIME_NOW ? (uint32_t)t[1].tv_sec : now;
	n->ctime = now;
}

int exos_file_utime(const char *path, const struct timespec ut[2])
{
	char c[PATH_MAX_LEN + 1];
	struct timespec t[2];
	struct where w;

	if (ut && exos_copy_in(t, ut, sizeof(t)))
		return set_errno(-EFAULT);
	if (where_of(path, c, &w))
		return -1;
	if (w.kind == W_TMPDIR || w.kind == W_DEV)
		return 0;
	if (w.kind != W_TMP)
		return set_errno(-EROFS);
	return tmp_change(&w, set_times, ut ? (long)t : 0);
}

int exos_fd_utime(int fd, const struct timespec t[2])
{
	struct stat st;
	struct timespec copy[2];

	if (t && exos_copy_in(copy, t, sizeof(copy)))
		return set_errno(-EFAULT);
	return fstat(fd, &st);
}

int exos_fd_truncate(int fd, off_t len)
{
	if (fd < 0 || fd >= EXOS_FD_MAX || exos_fds[fd].type == FD_NONE)
		return set_errno(-EBADF);
	if (exos_fds[fd].type != FD_FILE || len < 0)
		return set_errno(-EINVAL);
	if (ramfs_lock())
		return set_errno(-EIO);
	struct ramfs_open *o = ramfs_open_at(exos_fds[fd].slot);
	int err = o->kind != RAMFS_OPEN_RAM || (o->flags & O_ACCMODE) == O_RDONLY ? -EBADF :
		  len != 0 ? -EPERM : 0;
	if (!err)
		ramfs_truncate((int)o->ino);
	ramfs_unlock();
	return err ? set_errno(err) : 0;
}

int exos_file_status(uint32_t slot)
{
	if (ramfs_lock())
		return O_RDONLY;
	int flags = (int)ramfs_open_at(slot)->flags;
	ramfs_unlock();
	return flags;
}

void exos_file_set_append(uint32_t slot, int append)
{
	if (ramfs_lock())
		return;
	struct ramfs_open *o = ramfs_open_at(slot);
	o->flags = (o->flags & ~(uint32_t)O_APPEND) | (append ? O_APPEND : 0);
	ramfs_unlock();
}

int exos_file_nread(uint32_t slot)
{
	if (ramfs_lock())
		return 0;
	const struct ramfs_open *o = ramfs_open_at(slot);
	uint64_t size = o->kind == RAMFS_OPEN_RAM ? ramfs_inode_ro((int)o->ino)->size : o->size;
	int n = size > o->off ? (int)(size - o->off) : 0;
	ramfs_unlock();
	return n;
}

int exos_file_program(const char *path, char out[PATH_MAX_LEN + 1])
{
	struct where w;
	int err = resolve(path, out, &w);

	if (err)
		return err;
	if (w.kind == W_TMP && S_ISDIR(ramfs_dir_mode(w.tino)))
		return -EACCES;
	if (w.kind == W_TMP)
		return -ENOEXEC;   /* a script, maybe: the shell runs those */
	return w.kind == W_NONE ? -ENOENT : w.kind == W_FILE ? 0 : -EACCES;
}

int exos_tmp_dir(const char *canon, uint32_t *parent)
{
	char c[PATH_MAX_LEN + 1];
	struct where w;
	int err = strlen(canon) > PATH_MAX_LEN ? -ENAMETOOLONG : 0;

	if (!err) {
		strcpy(c, canon);
		err = resolve_in(c, &w);
	}
	if (!err && w.kind == W_TMPDIR) {
		*parent = RAMFS_ROOT;
		return 0;
	}
	if (!err && (w.kind != W_TMP || !S_ISDIR(ramfs_dir_mode(w.tino))))
		err = w.kind == W_NONE ? -ENOENT : -ENOTDIR;
	if (err)
		return err;
	*parent = (uint32_t)w.tino + 1;
	return 0;
}
