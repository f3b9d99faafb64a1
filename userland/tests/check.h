/*
 * check.h - in-guest test helpers: each check prints "ok <what>" or
 * "FAIL <what>: ..." (the QEMU runner fails a boot on any FAIL line).
 */
#ifndef USERLAND_TESTS_CHECK_H
#define USERLAND_TESTS_CHECK_H

#include <stdio.h>

static int check_failures;

#define EXPECT_EQ(what, got, want)                                              \
	do {                                                                    \
		long g_ = (long)(got), w_ = (long)(want);                       \
		if (g_ == w_) {                                                 \
			printf("ok %s\n", what);                                \
		} else {                                                        \
			printf("FAIL %s: got %ld, want %ld\n", what, g_, w_);   \
			check_failures++;                                       \
		}                                                               \
	} while (0)

/* A system call by number, for numbers libexos has no stub for. */
static inline long raw_syscall(long nr, long a0, long a1)
{
	register long r0 __asm__("a0") = a0;
	register long r1 __asm__("a1") = a1;
	register long r7 __asm__("a7") = nr;

	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1), "+r"(r7)
			 :: "memory", "a2", "a3", "a4", "a5", "a6", "t0", "t1",
			    "t2", "t3", "t4", "t5", "t6", "ra");
	return r0;
}

#endif
