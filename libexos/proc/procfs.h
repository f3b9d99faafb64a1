/*
 * procfs.h - the files of /proc (procfs.c), for the name space (file.c)
 * and the descriptors (fd.c).  Names are paths within /proc ("" is
 * /proc itself, "self/stat", "123/cmdline").
 */
#ifndef LIBEXOS_PROCFS_H
#define LIBEXOS_PROCFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

enum procfs_kind { PROCFS_DIR = 1, PROCFS_FILE, PROCFS_LINK, PROCFS_PIDDIR, PROCFS_PIDFILE };

struct procfs_node {
	enum procfs_kind kind;
	uint32_t pid;             /* PIDDIR, PIDFILE, LINK (self) */
	int file;                 /* FILE, PIDFILE: which */
};

/* What name is: 0 and *n, or -ENOENT. */
int exos_procfs_lookup(const char *name, struct procfs_node *n);
void exos_procfs_stat(const struct procfs_node *n, struct stat *st);
/* A link's target (the pid, for self); its length. */
int exos_procfs_readlink(const struct procfs_node *n, char *buf, size_t len);
/* Write the file out as descriptor fd (free): 0 or -errno. */
int exos_procfs_open(const struct procfs_node *n, int fd);
/* FD_PROC descriptors. */
ssize_t exos_procfs_read(int fd, void *buf, size_t len);
off_t exos_procfs_seek(int fd, off_t off, int whence);
void exos_procfs_close(int fd);
int exos_procfs_dup(int from, int to);
size_t exos_procfs_size(int fd);
/* The next entry of directory dir from *cookie (0 first): 1 with its
 * name and mode, 0 at the end, -1 if dir is not a directory of /proc. */
int exos_procfs_next(const char *dir, unsigned long *cookie, char *name, size_t len,
		     uint32_t *mode);

#endif
