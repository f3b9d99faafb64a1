/*
 * t_time - timed sleeps: the kernel wakes a sleeper at a deadline
 * (sys_sleep_deadline), so `sleep` lets its hart idle in wfi; a
 * predicate with a deadline wakes at the deadline or when it holds;
 * hostile deadlines behave as exos/pred.h promises.
 */
#include <errno.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"
#include "exos/exos.h"

static uint64_t ms(uint64_t n)
{
	return exos_info->timebase_hz / 1000 * n;
}

/* What "at once" may take: exact under -icount on one hart; several
 * harts run in real time, where the host may stall a hart's thread for
 * a long while (the deadlines these are checked against are 2 s). */
static uint64_t at_once(void)
{
	return exos_info->nharts == 1 ? ms(10) : ms(1000);
}

static uint64_t idle_sum(void)
{
	uint64_t sum = 0;

	for (uint32_t i = 0; i < exos_info->nharts; i++)
		sum += exos_info->idle_instret[i];
	return sum;
}

static uint64_t rdinstret(void)
{
	uint64_t v;

	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

/* A one-term predicate: the word at w equals v. */
static struct exos_pred word_is(const volatile uint32_t *w, uint32_t v)
{
	struct exos_pred p = { .nterms = 1 };

	p.term[0] = (struct exos_pred_term){ (uintptr_t)w, ~0UL, v, 4, EXOS_PRED_EQ, 1, { 0 } };
	return p;
}

/** `sleep 0.2` (the program) takes at least 0.2 s, and on one hart the
 *  hart spends most of it idle in wfi rather than running anyone. */
TEST(sleep_program)
{
	char *argv[] = { "sleep", "0.2", 0 };
	int status = -1;
	uint64_t t0 = exos_rdtime(), i0 = idle_sum(), n0 = rdinstret();
	pid_t pid = fork();

	if (pid == 0) {
		execv("/bin/sleep", argv);
		_exit(127);
	}
	EXPECT_EQ("sleep 0.2 ends", waitpid(pid, &status, 0), pid);
	EXPECT_EQ("with status 0", status, 0);
	uint64_t took = exos_rdtime() - t0, idle = idle_sum() - i0, all = rdinstret() - n0;
	printf("t_time: sleep 0.2 took %lu ticks; %lu of %lu instructions idle\n",
	       (unsigned long)took, (unsigned long)idle, (unsigned long)all);
	EXPECT_EQ("it took at least 0.2 s", took >= ms(200), 1);
	EXPECT_EQ("the harts idled meanwhile", idle > 0, 1);
	if (exos_info->nharts == 1)   /* -icount: instret counts time in wfi */
		EXPECT_EQ("most of it in wfi", idle > all / 2, 1);
}

/** A predicate that never holds wakes at its deadline, returning
 *  EXOS_SLEEP_TIMEOUT; one that holds returns 0 at once. */
TEST(deadline_and_predicate)
{
	static volatile uint32_t word;
	struct exos_pred never = word_is(&word, 1), holds = word_is(&word, 0);
	uint64_t late_ok = exos_info->nharts == 1 ? ms(2) : ms(500);

	uint64_t deadline = exos_rdtime() + ms(20);
	EXPECT_EQ("a false predicate times out", sys_sleep_deadline(&never, deadline),
		  EXOS_SLEEP_TIMEOUT);
	uint64_t now = exos_rdtime();
	EXPECT_EQ("not before the deadline", now >= deadline, 1);
	printf("t_time: woke %lu ticks after the deadline\n", (unsigned long)(now - deadline));
	EXPECT_EQ("and soon after it", now - deadline < late_ok, 1);
	uint64_t t0 = exos_rdtime();
	EXPECT_EQ("a true predicate returns 0", sys_sleep_deadline(&holds, t0 + ms(2000)), 0);
	EXPECT_EQ("at once, long before the deadline", exos_rdtime() - t0 < at_once(), 1);
	t0 = exos_rdtime();
	EXPECT_EQ("no predicate: a plain timed sleep", sys_sleep_deadline(0, t0 + ms(5)),
		  EXOS_SLEEP_TIMEOUT);
	EXPECT_EQ("of at least 5 ms", exos_rdtime() - t0 >= ms(5), 1);
}

/** Deadlines 0 and in the past time out at once unless the predicate
 *  holds; EXOS_NO_DEADLINE is no deadline; nothing to wait for is an
 *  error, and so is a bad predicate. */
TEST(hostile_deadlines)
{
	static volatile uint32_t word;
	struct exos_pred never = word_is(&word, 1), holds = word_is(&word, 0);
	uint64_t t0 = exos_rdtime();

	EXPECT_EQ("deadline 0 times out", sys_sleep_deadline(&never, 0), EXOS_SLEEP_TIMEOUT);
	EXPECT_EQ("a past deadline times out", sys_sleep_deadline(&never, t0 - 1),
		  EXOS_SLEEP_TIMEOUT);
	EXPECT_EQ("no predicate, deadline 0", sys_sleep_deadline(0, 0), EXOS_SLEEP_TIMEOUT);
	EXPECT_EQ("all at once", exos_rdtime() - t0 < at_once(), 1);
	EXPECT_EQ("the predicate wins over a past deadline", sys_sleep_deadline(&holds, 0), 0);
	EXPECT_EQ("no deadline, a true predicate", sys_sleep_deadline(&holds, EXOS_NO_DEADLINE), 0);
	EXPECT_EQ("no predicate and no deadline", sys_sleep_deadline(0, EXOS_NO_DEADLINE), -E_INVAL);
	EXPECT_EQ("a predicate at a kernel address",
		  sys_sleep_deadline((void *)0xffffffc000000000UL, 0), -E_FAULT);
	struct exos_pred bad = never;
	bad.nterms = EXOS_PRED_MAX_TERMS + 1;
	EXPECT_EQ("a predicate with 17 terms", sys_sleep_deadline(&bad, 0), -E_RANGE);
}

/** nanosleep sleeps at least as asked and refuses a bad timespec. */
TEST(nanosleep)
{
	struct timespec req = { 0, 3000000 }, rem = { 1, 1 }, bad = { 0, 1000000000 };
	uint64_t t0 = exos_rdtime();

	EXPECT_EQ("nanosleep 3 ms", nanosleep(&req, &rem), 0);
	EXPECT_EQ("took at least 3 ms", exos_rdtime() - t0 >= ms(3), 1);
	EXPECT_EQ("nothing remains", rem.tv_sec + rem.tv_nsec, 0);
	EXPECT_EQ("tv_nsec of a second", nanosleep(&bad, 0), -1);
	EXPECT_EQ("is EINVAL", errno, EINVAL);
	t0 = exos_rdtime();
	EXPECT_EQ("usleep 2000", usleep(2000), 0);
	EXPECT_EQ("took at least 2 ms", exos_rdtime() - t0 >= ms(2), 1);
}

int main(void)
{
	test_run_all("t_time");
	printf("t_time: %d failures\n", check_failures);
	return check_failures ? 1 : 0;
}
