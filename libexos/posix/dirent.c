/*
 * dirent.c - <dirent.h> over exos_dir_next (dir.c): a DIR remembers the
 * directory's path and the walk's cookie; entries come back one by one
 * with their own names (not the path from the root dir.c gives).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "exos/fs.h"
#include "../file.h"

struct exos_dir {
	char path[256];
	unsigned long cookie;
	int fd;                   /* fdopendir's descriptor, else -1 */
	long pos;                 /* entries returned (telldir) */
	struct dirent ent;
};

static unsigned char type_of(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR:
		return DT_DIR;
	case S_IFREG:
		return DT_REG;
	case S_IFLNK:
		return DT_LNK;
	case S_IFCHR:
		return DT_CHR;
	case S_IFIFO:
		return DT_FIFO;
	default:
		return DT_UNKNOWN;
	}
}

DIR *opendir(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return 0;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return 0;
	}
	DIR *d = calloc(1, sizeof(*d));
	if (!d) {
		errno = ENOMEM;
		return 0;
	}
	if (exos_file_resolve(path, d->path, sizeof(d->path)) < 0) {
		free(d);
		return 0;
	}
	d->fd = -1;
	return d;
}

DIR *fdopendir(int fd)
{
	char path[256];

	if (exos_fd_path(fd, path, sizeof(path)) < 0)
		return 0;
	DIR *d = opendir(path);
	if (d)
		d->fd = fd;
	return d;
}

/* Entry e's name within directory path (canonical, "/..."), or NULL
 * if it is not directly in it (the archive lists whole subtrees). */
static const char *child_name(const char *path, const char *name)
{
	size_t n = strlen(path + 1);

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	if (n && (strncmp(name, path + 1, n) || name[n] != '/'))
		return 0;
	name += n ? n + 1 : 0;
	return *name && !strchr(name, '/') ? name : 0;
}

struct dirent *readdir(DIR *d)
{
	struct exos_dirent e;
	const char *name;

	do {
		if (exos_dir_next(d->path, &d->cookie, &e) <= 0)
			return 0;
	} while (!(name = child_name(d->path, e.name)));
	memset(&d->ent, 0, sizeof(d->ent));
	strncpy(d->ent.d_name, name, MAXNAMLEN);
	d->ent.d_type = type_of(e.mode);
	d->ent.d_ino = (ino_t)(d->pos + 2);
	d->ent.d_reclen = sizeof(d->ent);
	d->ent.d_off = ++d->pos;
	return &d->ent;
}

int readdir_r(DIR *d, struct dirent *ent, struct dirent **out)
{
	int e = errno;
	struct dirent *r = readdir(d);

	if (r)
		*ent = *r;
	*out = r ? ent : 0;
	int err = r || errno == e ? 0 : errno;
	errno = e;
	return err;
}

void rewinddir(DIR *d)
{
	d->cookie = 0;
	d->pos = 0;
}

long telldir(DIR *d)
{
	return d->pos;
}

void seekdir(DIR *d, long pos)
{
	rewinddir(d);
	while (d->pos < pos && readdir(d))
		;
}

int dirfd(DIR *d)
{
	if (d->fd < 0)
		d->fd = open(d->path, O_RDONLY | O_DIRECTORY);
	return d->fd;
}

int closedir(DIR *d)
{
	if (!d) {
		errno = EBADF;
		return -1;
	}
	if (d->fd >= 0)
		close(d->fd);
	free(d);
	return 0;
}
