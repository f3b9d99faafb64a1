/*
 * check.h - the host unit-test harness.
 *
 * A test file defines its tests with TEST(name) { ... } and ends with
 * TEST_MAIN().  Each test is announced before it runs; CHECK* macros
 * record a failure (with file:line and the values) and return from the
 * test.  The program prints one line per test, "PASS name" or
 * "FAIL name: why", and exits non-zero when any failed; the make check
 * runner counts those lines.
 */
#ifndef TESTS_HOST_CHECK_H
#define TESTS_HOST_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct check_test {
	const char *name;
	void (*fn)(void);
};

#define CHECK_MAX_TESTS 512
extern struct check_test check_tests[CHECK_MAX_TESTS];
extern int check_ntests;
extern int check_failed_now;

#define TEST(tname)                                                      \
	static void test_##tname(void);                                  \
	__attribute__((constructor)) static void register_##tname(void)  \
	{                                                                \
		check_tests[check_ntests].name = #tname;                 \
		check_tests[check_ntests++].fn = test_##tname;           \
	}                                                                \
	static void test_##tname(void)

#define CHECK_FAIL(...)                                                  \
	do {                                                             \
		printf("FAIL %s: %s:%d: ", check_current, __FILE__,      \
		       __LINE__);                                        \
		printf(__VA_ARGS__);                                     \
		printf("\n");                                            \
		check_failed_now = 1;                                    \
		return;                                                  \
	} while (0)

#define CHECK(cond)                                                      \
	do {                                                             \
		if (!(cond))                                             \
			CHECK_FAIL("%s", #cond);                         \
	} while (0)

/* Compare two integers exactly; prints both on failure. */
#define CHECK_EQ(got, want)                                              \
	do {                                                             \
		long long g_ = (long long)(got), w_ = (long long)(want); \
		if (g_ != w_)                                            \
			CHECK_FAIL("%s == %lld, want %s == %lld", #got, g_, \
				   #want, w_);                           \
	} while (0)

#define CHECK_STR(got, want)                                             \
	do {                                                             \
		const char *g_ = (got), *w_ = (want);                    \
		if (!g_ || strcmp(g_, w_) != 0)                          \
			CHECK_FAIL("%s == \"%s\", want \"%s\"", #got,    \
				   g_ ? g_ : "(null)", w_);              \
	} while (0)

extern const char *check_current;

#define TEST_MAIN()                                                      \
	struct check_test check_tests[CHECK_MAX_TESTS];                  \
	int check_ntests;                                                \
	int check_failed_now;                                            \
	const char *check_current;                                       \
	int main(void)                                                   \
	{                                                                \
		int failed = 0;                                          \
		/* Line-buffered: a sanitizer exit keeps what was printed. */ \
		setvbuf(stdout, NULL, _IOLBF, 0);                        \
		for (int i = 0; i < check_ntests; i++) {                 \
			check_current = check_tests[i].name;             \
			check_failed_now = 0;                            \
			check_tests[i].fn();                             \
			if (check_failed_now)                            \
				failed++;                                \
			else                                             \
				printf("PASS %s\n", check_current);      \
		}                                                        \
		return failed ? 1 : 0;                                   \
	}

#endif
