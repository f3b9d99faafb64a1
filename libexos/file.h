/*
 * file.h - descriptors of type FD_FILE (file.c): fd.c and posix.c hand
 * these over; slot is the shared open-file entry (exos/ramfs.h).  Errors set
 * errno and return -1, like the POSIX calls they serve.
 */
#ifndef LIBEXOS_FILE_H
#define LIBEXOS_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

ssize_t exos_file_read(uint32_t slot, void *buf, size_t len);
ssize_t exos_file_write(uint32_t slot, const void *buf, size_t len);
/* One descriptor fewer (close) or more (dup2) names the open file. */
void exos_file_close(uint32_t slot);
/* One more descriptor of env id names open-file entry slot (fork). */
void exos_file_hold(uint32_t slot, uint32_t id);
void exos_file_dup(uint32_t slot);
/* Starting a program in env id: hand it the file system and count the
 * descriptor it inherits.  0 or -E_* (kernel codes, like exos_fd_give). */
int exos_file_give(uint32_t slot, int envcap, uint32_t id);
int exos_file_fstat(uint32_t slot, struct stat *st);
/* A copy of a parent's data (exos_spawn's child) forgets its file system. */
void exos_file_reset(void);
/* path (relative ones from the current directory) in canonical form,
 * without the leading '/': "tmp/x", "" for the root; 0, -ENOENT for an
 * empty path, -ENAMETOOLONG.  out holds 256 bytes. */
int exos_path(const char *path, char out[256]);
/* At exit: the file system ends with the process that made it. */
void exos_file_exit(void);

#endif
