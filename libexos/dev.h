/*
 * dev.h - the device files of /dev: the console (as /dev/console and
 * /dev/tty), null, zero, full, random and urandom, and /dev/fd/N with
 * /dev/stdin, stdout and stderr (the same as dup(N)).  They exist
 * whatever the boot archive holds.
 */
#ifndef LIBEXOS_DEV_H
#define LIBEXOS_DEV_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

enum exos_dev { DEV_NONE = 0, DEV_CONSOLE, DEV_NULL, DEV_ZERO, DEV_FULL, DEV_RANDOM, DEV_FD };

/* The device named name (path within /dev, e.g. "null", "fd/3"):
 * its kind, and for DEV_FD the descriptor in *fd; DEV_NONE if none. */
enum exos_dev exos_dev_lookup(const char *name, int *fd);
/* stat of a device. */
void exos_dev_stat(enum exos_dev d, struct stat *st);
/* Open device d as descriptor fd (free): 0 or -errno. */
int exos_dev_open(enum exos_dev d, int devfd, int flags, int fd);
/* Reads and writes of FD_DEV descriptors (slot: the enum exos_dev). */
ssize_t exos_dev_read(int dev, void *buf, size_t len);
ssize_t exos_dev_write(int dev, const void *buf, size_t len);
/* The i-th entry of /dev (for listing): its name, or NULL past the end. */
const char *exos_dev_name(int i, mode_t *mode);

#endif
