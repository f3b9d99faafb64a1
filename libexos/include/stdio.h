/*
 * stdio.h - picolibc's, plus what POSIX programs expect beside it: the
 * _unlocked variants (a process here has one thread, so they are the
 * plain calls), getline/getdelim, dprintf, popen (libexos/stdio.c).
 */
#ifndef EXOS_STDIO_H
#define EXOS_STDIO_H

#include_next <stdio.h>
#include <sys/types.h>
#include <stdarg.h>

#define getc_unlocked(f)     getc(f)
#define getchar_unlocked()   getchar()
#define putc_unlocked(c, f)  putc(c, f)
#define putchar_unlocked(c)  putchar(c)
#define fputc_unlocked(c, f) fputc(c, f)
#define fgetc_unlocked(f)    fgetc(f)
#define fputs_unlocked(s, f) fputs(s, f)
#define fgets_unlocked(s, n, f) fgets(s, n, f)
#define fflush_unlocked(f)   fflush(f)
#define ferror_unlocked(f)   ferror(f)
#define feof_unlocked(f)     feof(f)
#define clearerr_unlocked(f) clearerr(f)
#define fileno_unlocked(f)   fileno(f)
#define fread_unlocked(p, s, n, f)  fread(p, s, n, f)
#define fwrite_unlocked(p, s, n, f) fwrite(p, s, n, f)
#define flockfile(f)         ((void)(f))
#define funlockfile(f)       ((void)(f))

#ifdef __cplusplus
extern "C" {
#endif
ssize_t getline(char **line, size_t *cap, FILE *f);
ssize_t getdelim(char **line, size_t *cap, int delim, FILE *f);
int dprintf(int fd, const char *fmt, ...) __attribute__((__format__(__printf__, 2, 3)));
int vdprintf(int fd, const char *fmt, va_list ap);
FILE *popen(const char *cmd, const char *mode);
int pclose(FILE *f);
#ifdef __cplusplus
}
#endif

#endif
