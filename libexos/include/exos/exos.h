/*
 * exos/exos.h - what libexos offers a program beyond POSIX: the exported
 * kernel data and raw system calls.
 */
#ifndef EXOS_EXOS_H
#define EXOS_EXOS_H

#include <stdint.h>
#include "exos/layout.h"
#include "exos/syscall.h"

/* The exported kernel information page (read-only). */
#define exos_info ((const volatile struct exos_info *)EXOS_INFO_VA)

/* instret at the program's first instruction. */
extern uint64_t __exos_start_instret;

static inline uint64_t exos_rdinstret(void)
{
	uint64_t v;
	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

static inline uint64_t exos_rdtime(void)
{
	uint64_t v;
	__asm__ volatile("rdtime %0" : "=r"(v));
	return v;
}

/* Instructions spent in wfi by every hart so far (benchmarks.md). */
uint64_t exos_idle_instret(void);

#endif
