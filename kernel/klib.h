/*
 * klib.h - the few C library routines the kernel provides for itself.
 *
 * The kernel is freestanding: it links no C library.  kernel/klib.c
 * implements these; host unit tests build kernel modules against the
 * host's libc instead (KLIB_HOSTED), so the same sources run under
 * the sanitizers.
 */
#ifndef KERNEL_KLIB_H
#define KERNEL_KLIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef KLIB_HOSTED
#include <string.h>
#include <stdio.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
#endif

/* Zero one 4 KiB, 8-byte-aligned page quickly (allocation paths). */
void page_zero(void *page);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
