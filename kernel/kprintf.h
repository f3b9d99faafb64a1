/*
 * kprintf.h - formatted output to the kernel console, and panic().
 */
#ifndef KERNEL_KPRINTF_H
#define KERNEL_KPRINTF_H

#include "kformat.h"

/* kformat.h's formats, to the console, whole lines at a time under the
 * console lock. */
__attribute__((format(printf, 1, 2))) void kprintf(const char *fmt, ...);
void kvprintf(const char *fmt, va_list ap);

/* A broken kernel invariant or an unrecoverable boot failure: print the
 * message and a backtrace, stop every hart and power off with status 1. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

#endif
