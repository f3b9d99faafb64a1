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

/* The name space's calls beyond open/stat/unlink (posix/fsops.c uses
 * them): 0 (or a length) or -1 with errno. */
struct timespec;
int exos_file_readonly(const char *path);
/* The file mode creation mask (umask). */
mode_t exos_umask(void);
int exos_lstat(const char *path, struct stat *st);
int exos_file_resolve(const char *path, char *out, size_t len);
int exos_file_chmod(const char *path, mode_t mode);
int exos_fd_chmod(int fd, mode_t mode);
int exos_file_mkdir(const char *path, mode_t mode);
int exos_file_rmdir(const char *path);
int exos_file_rename(const char *from, const char *to);
int exos_file_link(const char *from, const char *to);
int exos_file_symlink(const char *target, const char *path);
ssize_t exos_file_readlink(const char *path, char *buf, size_t len);
int exos_file_exists_tmp(const char *name);
int exos_file_utime(const char *path, const struct timespec t[2]);
int exos_fd_utime(int fd, const struct timespec t[2]);
int exos_fd_truncate(int fd, off_t len);
/* FD_DIR descriptors: the directory's path, and dup2's copy of it. */
int exos_fd_path(int fd, char *out, size_t len);
void exos_dir_dup(int from, int to);
/* An open file's O_ACCMODE and O_APPEND flags; changing O_APPEND. */
int exos_file_status(uint32_t slot);
void exos_file_set_append(uint32_t slot, int append);
int exos_file_nread(uint32_t slot);
/* The archive path (canonical, no leading '/') of the program path
 * names, links followed: 0, -ENOENT, -EACCES (not a regular file of
 * the archive), -ELOOP, -ENAMETOOLONG. */
int exos_file_program(const char *path, char out[256]);
/* The directory of /tmp the canonical path canon (no leading '/') names,
 * as ramfs.h's parent number: 0, -ENOENT, -ENOTDIR. */
int exos_tmp_dir(const char *canon, uint32_t *parent);

#endif
