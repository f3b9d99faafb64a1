/*
 * kprintf.h - formatted output to the kernel console, and panic().
 */
#ifndef KERNEL_KPRINTF_H
#define KERNEL_KPRINTF_H

#include "klib.h"

/* Formats %s %c %d %i %u %x %p %% with optional '0', width and the
 * l/ll/z length modifiers.  Output goes to the console, whole lines at
 * a time under the console lock. */
__attribute__((format(printf, 1, 2))) void kprintf(const char *fmt, ...);
void kvprintf(const char *fmt, va_list ap);
/* Format into buf (always NUL-terminated); returns the length written. */
__attribute__((format(printf, 3, 4)))
int ksnprintf(char *buf, size_t size, const char *fmt, ...);

/* A broken kernel invariant or an unrecoverable boot failure: print the
 * message and a backtrace, stop every hart and power off with status 1. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

#endif
