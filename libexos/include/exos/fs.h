/*
 * exos/fs.h - files beyond POSIX's calls: the limits of the RAM file
 * system at /tmp and a way to list a directory (opendir and readdir are
 * built on it).
 *
 * The name space: /tmp is a RAM file system shared by every process
 * (exos/ramfs.h), with directories and symbolic links; /dev and /proc
 * are the library's views; everything else is the read-only boot
 * archive.  The POSIX file calls work on all of them, with the usual
 * errno (EROFS for writing the archive, EISDIR for a directory, ENOSPC
 * when /tmp is full).
 */
#ifndef EXOS_FS_H
#define EXOS_FS_H

#include <stdint.h>

#define EXOS_FS_PAGES    512    /* pages /tmp may use: 2 MiB, metadata included */
#define EXOS_FS_FILES    512    /* files, directories and links in /tmp */
#define EXOS_FS_NAME_MAX 59     /* bytes of a name in /tmp */

struct exos_fs_usage {
	uint32_t region;        /* the software region holding it (exos/swregion.h) */
	uint32_t pages_used;    /* of EXOS_FS_PAGES */
	uint32_t files_used;    /* of EXOS_FS_FILES, open unlinked files included */
	uint32_t opens_used;    /* open-file entries in use */
};

/* Use the file system handed to this process, or make one (init does at
 * start, so that every process shares it).  0 or -1 with errno. */
int exos_fs_init(void);
/* Figures for tests and free; 0 or -1 (ENOENT: no file system). */
int exos_fs_usage(struct exos_fs_usage *u);

/* One entry of a directory listing: the path from the root without its
 * leading '/', e.g. "tmp/x" or "bin/sh". */
struct exos_dirent {
	char name[96];
	uint32_t mode;          /* S_IFREG / S_IFDIR | permissions */
	uint64_t size;
};

/* The entries under directory dir ("/" for all), one per call: start
 * with *cookie = 0; returns 1 and fills *out, 0 at the end, or -1 with
 * errno (ENOENT, ENOTDIR). */
int exos_dir_next(const char *dir, unsigned long *cookie, struct exos_dirent *out);

#endif
