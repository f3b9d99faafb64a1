/*
 * kformat.h - the kernel's printf formatting, to any sink: kprintf.c
 * sends it to the console, ksnprintf to a buffer.  Pure C (no console,
 * no locks), so board.c's messages and the formatting itself are
 * host-tested (tests/host/test_kformat.c).
 *
 * Conversions: %s %c %d %i %u %x %p %%, with an optional '0' flag, a
 * width, and the l/ll/z length modifiers (each means 64 bits).  %s of
 * NULL prints "(null)"; %p prints 0x and 16 hex digits; an unknown
 * conversion is printed as it stands.
 */
#ifndef KERNEL_KFORMAT_H
#define KERNEL_KFORMAT_H

#include "klib.h"

/* Format into put(ctx, c), one character at a time; returns how many. */
int kvformat(void (*put)(void *ctx, char c), void *ctx, const char *fmt, va_list ap);

/* Format into buf: at most size - 1 characters and a NUL (nothing when
 * size is 0).  Returns the length the whole output has, as snprintf
 * does: a result >= size means it was cut short. */
__attribute__((format(printf, 3, 4)))
int ksnprintf(char *buf, size_t size, const char *fmt, ...);
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif
