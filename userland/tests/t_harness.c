/*
 * t_harness - the in-guest test harness (check.h) tested on tests made
 * to pass, to fail a check, to crash and to leak: each bad one fails
 * with a line naming it and what went wrong.  The inner tests run with
 * their output captured in a pipe, so their FAIL lines do not fail the
 * QEMU case; this program's own tests must all pass.
 */
#include <string.h>
#include "check.h"
#include "exos/exos.h"

/* Where the env leaks_pages makes sends its id. */
static int leak_pipe[2];

static void passes(void)
{
	uint32_t extra[1] = { 77 };
	int c = (int)sys_cap_derive(EXOS_CAP_SELF, -1, extra, 1, EXOS_CAP_R);

	EXPECT_EQ("a derived capability", c > 0, 1);
	EXPECT_EQ("deleted again", sys_cap_delete(c), 0);
}

static void fails_a_check(void)
{
	EXPECT_EQ("1 + 1", 1 + 1, 3);
}

static void crashes(void)
{
	volatile int *volatile p = (volatile int *)8;

	(void)*p;
}

static void leaks_a_slot(void)
{
	uint32_t extra[1] = { 78 };

	sys_cap_derive(EXOS_CAP_SELF, -1, extra, 1, EXOS_CAP_R);
}

/* An env made and never run or destroyed, its capabilities deleted: its
 * pages belong to nobody who will give them back. */
static void leaks_pages(void)
{
	long id = sys_env_create(0, 0);

	sys_cap_delete(exos_cap_find(EXOS_NS_ENV, (uint32_t)id));
	sys_cap_delete(exos_cap_find(EXOS_NS_PAGE, (uint32_t)id));
	write(leak_pipe[1], &id, sizeof(id));
}

/* Run the test {name, fn} in a child as test_run_all would, its output
 * into out (size bytes, NUL-terminated); returns its failures. */
static int run_captured(const char *name, void (*fn)(void), char *out, size_t size)
{
	struct test t = { name, fn, 0, 0 };
	int fds[2], saved = dup(1), n;
	size_t len = 0;
	ssize_t r;

	fflush(stdout);
	pipe(fds);
	dup2(fds[1], 1);
	close(fds[1]);
	n = test_run_child(&t);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	while (len + 1 < size && (r = read(fds[0], out + len, size - 1 - len)) > 0)
		len += (size_t)r;
	out[len] = '\0';
	close(fds[0]);
	exos_pipe_reap();
	return n;
}

/* Whether out holds a line starting with want. */
static int has_line(const char *out, const char *want)
{
	for (const char *p = out; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, want, strlen(want)) == 0)
			return 1;
	return 0;
}

static char out[2048];

/** A test whose checks hold, and that leaks nothing, passes without a FAIL line. */
TEST(clean_test_passes)
{
	EXPECT_EQ("no failures", run_captured("passes", passes, out, sizeof(out)), 0);
	EXPECT_EQ("its checks said ok", has_line(out, "ok a derived capability"), 1);
	EXPECT_EQ("no FAIL line", strstr(out, "FAIL") == NULL, 1);
}

/** A check that does not hold fails its test, naming the test, the check and both values. */
TEST(failed_check_names_the_test)
{
	EXPECT_EQ("one failure", run_captured("fails_a_check", fails_a_check, out, sizeof(out)), 1);
	EXPECT_EQ("the line names test, check and values",
		  has_line(out, "FAIL fails_a_check: 1 + 1: got 2, want 3"), 1);
}

/** A test that crashes fails, saying how its child ended. */
TEST(crash_fails_the_test)
{
	EXPECT_EQ("one failure", run_captured("crashes", crashes, out, sizeof(out)), 1);
	EXPECT_EQ("the line says how the child ended",
		  has_line(out, "FAIL crashes: its child ended by signal 11"), 1);
}

/** A capability slot a test keeps fails it, with both slot counts. */
TEST(leaked_slot_names_the_test)
{
	long p0 = -1, p1 = -2;
	int c0 = -1, c1 = -1;
	const char *line;

	EXPECT_EQ("one failure", run_captured("leaks_a_slot", leaks_a_slot, out, sizeof(out)), 1);
	line = strstr(out, "FAIL leaks_a_slot: leaked 0 pages (");
	EXPECT_EQ("the line names it", line != NULL, 1);
	EXPECT_EQ("and gives the counts", line && sscanf(line, "FAIL leaks_a_slot: leaked 0 pages "
		  "(%ld before, %ld after) and 1 capability slots (%d before, %d after) in its child",
		  &p0, &p1, &c0, &c1) == 4, 1);
	EXPECT_EQ("pages unchanged", p1, p0);
	EXPECT_EQ("one more slot in use", c1, c0 + 1);
	EXPECT_EQ("an env has at least its own two", c0 >= 2, 1);
}

/** Pages a test leaves with an env nobody will end fail it, in the child and in the program. */
TEST_FLAGS(leaked_pages_name_the_test, TEST_IN_PARENT)
{
	long id = 0;
	struct test_counts before = test_counts();

	pipe(leak_pipe);
	EXPECT_EQ("two failures", run_captured("leaks_pages", leaks_pages, out, sizeof(out)), 2);
	read(leak_pipe[0], &id, sizeof(id));
	long leaked = before.pages - test_counts().pages;
	EXPECT_EQ("an env's pages leaked", leaked > 0, 1);
	EXPECT_EQ("the child's line names the test",
		  has_line(out, "FAIL leaks_pages: leaked "), 1);
	char want[64];
	snprintf(want, sizeof(want), "FAIL leaks_pages: leaked %ld pages", leaked);
	EXPECT_EQ("the program's line gives the count", has_line(out, want), 1);
	EXPECT_EQ("init ends the leftover env", sys_env_destroy(EXOS_CAP_ROOT, (uint32_t)id), 0);
	close(leak_pipe[0]);
	close(leak_pipe[1]);
	exos_pipe_reap();
}

int main(void)
{
	test_run_all("t_harness");
	printf("t_harness: %d failures\n", check_failures);
	return check_failures;
}
