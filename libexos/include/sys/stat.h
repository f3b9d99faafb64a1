/*
 * sys/stat.h - picolibc's, plus the calls it declares only for other
 * systems (lstat, mknod) and the at-variants libexos implements.
 */
#ifndef EXOS_SYS_STAT_H
#define EXOS_SYS_STAT_H

#include_next <sys/stat.h>

#ifndef UTIME_NOW
#define UTIME_NOW  ((1L << 30) - 1L)   /* Linux's values */
#define UTIME_OMIT ((1L << 30) - 2L)
#endif

#ifdef __cplusplus
extern "C" {
#endif
int lstat(const char *__restrict path, struct stat *__restrict st);
int mknod(const char *path, mode_t mode, dev_t dev);
int utimensat(int dirfd, const char *path, const struct timespec t[2], int flags);
int futimens(int fd, const struct timespec t[2]);
int fstatat(int dirfd, const char *__restrict path, struct stat *__restrict st, int flags);
int mkdirat(int dirfd, const char *path, mode_t mode);
#ifdef __cplusplus
}
#endif

#endif
