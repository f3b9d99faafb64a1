/*
 * check.h - the in-guest test harness, shaped like the host one
 * (tests/host/check.h).  A test program defines each test as TEST(name)
 * { ... EXPECT_EQ("what is checked", got, want); ... }, under a one-line
 * doc comment saying the behaviour it pins down, and main runs them, in
 * the order they are written, with test_run_all("t_prog").
 *
 * Each test runs in a child made by fork (xv6 usertests' way), so what
 * it breaks goes with it.  Around it the runner counts (xv6's countfree)
 *   - pages: free pages plus those of the env counting (constant unless
 *     pages leak to another env or to nobody), and
 *   - the capability slots in use,
 * in the child around the test body and in the program around the
 * child; a count that moved fails the test, naming it and both counts.
 * A test about the program itself (its own capabilities, init's root
 * capability, what fork would disturb) is TEST_FLAGS(name,
 * TEST_IN_PARENT): it runs in the program, counted the same way.
 * Before a test runs its process makes its memory its own (data, bss,
 * heap and some stack), so that a test comparing free pages sees only
 * what it does, not fork's copy-on-write.
 *
 * Output: "ok <what>" per check that holds, "FAIL <test>: <what>: got
 * G, want W" per one that does not, then "PASS <test>" or "FAIL <test>:
 * ..." per test; test_run_all's caller prints "<prog>: N failures" (the
 * line the QEMU cases read).  A FAIL line anywhere fails the QEMU case.
 */
#ifndef USERLAND_TESTS_CHECK_H
#define USERLAND_TESTS_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "exos/exos.h"

/* Failed checks and tests so far in this process. */
static int check_failures;
/* The test running here, NULL outside one. */
static const char *check_test_name;

#define EXPECT_EQ(what, got, want)                                              \
	do {                                                                    \
		long g_ = (long)(got), w_ = (long)(want);                       \
		if (g_ == w_) {                                                 \
			printf("ok %s\n", what);                                \
		} else {                                                        \
			printf("FAIL %s%s%s: got %ld, want %ld\n",              \
			       check_test_name ? check_test_name : "",          \
			       check_test_name ? ": " : "", what, g_, w_);      \
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

/* ---------------------------------------------------------------- tests */

#define TEST_IN_PARENT 1u   /* run in the program itself, not in a child */

struct test {
	const char *name;
	void (*fn)(void);
	unsigned flags;
	int line;                  /* where it is written: the order it runs in */
};

#define TEST_MAX 64
static struct test test_table[TEST_MAX];
static int test_count, test_registered;

#define TEST_FLAGS(tname, tflags)                                               \
	static void test_##tname(void);                                         \
	__attribute__((constructor)) static void register_##tname(void)         \
	{                                                                       \
		if (test_registered++ < TEST_MAX)                               \
			test_table[test_count++] = (struct test){               \
				#tname, test_##tname, tflags, __LINE__ };       \
	}                                                                       \
	static void test_##tname(void)

#define TEST(tname) TEST_FLAGS(tname, 0)

extern char __data_start[], __private_start[];

/* Make this process's memory its own before a test counts pages: after
 * a fork the data, bss and heap pages it maps are copy-on-write and the
 * stack below fork's frame is not mapped, so a test's first writes would
 * take pages from the free list in the middle of what it measures.
 * (Pages never touched stay so: they fault in as before.) */
static __attribute__((noinline)) void test_own_memory(void)
{
	volatile char stack[16384];

	for (size_t i = 0; i < sizeof(stack); i += 4096)
		stack[i] = 0;
	for (volatile char *p = __data_start; p < __private_start; p += 4096)
		if (sys_pte_read(EXOS_CAP_SELF, exos_self, (uintptr_t)p) >= 0)
			*p = *p;
	for (uintptr_t i = 0; i * 4096 < exos_heap_size(); i++)
		if (exos_heap_page(i))
			*(volatile char *)(EXOS_HEAP_VA + i * 4096) =
				*(volatile char *)(EXOS_HEAP_VA + i * 4096);
}

/* What leaks would move (see the top of this file). */
struct test_counts {
	long pages;
	int caps;
};

static inline struct test_counts test_counts(void)
{
	struct test_counts c = { 0, 0 };

	c.pages = (long)exos_info->pages_free + (long)exos_envs[EXOS_ENV_SLOT(exos_self)].pages;
	for (int i = 0; i < EXOS_CAP_SLOTS; i++)
		c.caps += (exos_caps->slot[i].flags & EXOS_CAP_F_USED) != 0;
	return c;
}

/* After a test (or its child) ended: its pipes reaped, did the counts
 * move?  Says so for test t, where, and counts one failure. */
static inline int test_leaked(const struct test *t, struct test_counts before,
			      const char *where)
{
	exos_pipe_reap();
	struct test_counts after = test_counts();

	if (after.pages == before.pages && after.caps == before.caps)
		return 0;
	printf("FAIL %s: leaked %ld pages (%ld before, %ld after) and %d capability slots "
	       "(%d before, %d after) %s\n", t->name, before.pages - after.pages, before.pages,
	       after.pages, after.caps - before.caps, before.caps, after.caps, where);
	return 1;
}

/* Run t here, counted; its failures. */
static inline int test_run_here(const struct test *t, const char *where)
{
	int before_failures = check_failures;

	test_own_memory();
	struct test_counts before = test_counts();

	check_test_name = t->name;
	t->fn();
	check_failures += test_leaked(t, before, where);
	check_test_name = NULL;
	return check_failures - before_failures;
}

/* Run t in a forked child (its failures are its exit status); its
 * failures, the child's and any leak the child's end left. */
static inline int test_run_child(const struct test *t)
{
	struct test_counts before = test_counts();
	int status = 0, failed;

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int n = test_run_here(t, "in its child");
		fflush(stdout);
		_exit(n > 100 ? 100 : n);
	}
	if (pid < 0) {
		printf("FAIL %s: fork failed\n", t->name);
		return 1;
	}
	if (waitpid(pid, &status, 0) != pid) {
		printf("FAIL %s: its child could not be waited for\n", t->name);
		return 1;
	}
	failed = WIFEXITED(status) && WEXITSTATUS(status) <= 100 ? WEXITSTATUS(status) : 1;
	if (WIFSIGNALED(status))
		printf("FAIL %s: its child ended by signal %d\n", t->name, WTERMSIG(status));
	else if (failed == 1 && WEXITSTATUS(status) > 100)
		printf("FAIL %s: its child exited with status %d\n", t->name, WEXITSTATUS(status));
	return failed + test_leaked(t, before, "with its child");
}

/* Run every test in the order written; prints a line per test and
 * returns how many failed.  check_failures counts every failed check
 * and leak, the children's included. */
static inline int test_run_all(const char *prog)
{
	int failed_tests = 0;

	for (int i = 1; i < test_count; i++)
		for (int j = i; j > 0 && test_table[j - 1].line > test_table[j].line; j--) {
			struct test tmp = test_table[j];
			test_table[j] = test_table[j - 1];
			test_table[j - 1] = tmp;
		}
	for (int i = 0; i < test_count; i++) {
		const struct test *t = &test_table[i];
		int n;
		if (t->flags & TEST_IN_PARENT) {
			n = test_run_here(t, "in the program");
		} else {
			n = test_run_child(t);
			check_failures += n;
		}
		if (n)
			printf("FAIL %s: %d failures\n", t->name, n);
		else
			printf("PASS %s\n", t->name);
		failed_tests += n != 0;
	}
	if (test_registered > TEST_MAX) {
		printf("FAIL %s: more than %d tests (raise TEST_MAX)\n", prog, TEST_MAX);
		check_failures++;
		failed_tests++;
	}
	return failed_tests;
}

#endif
