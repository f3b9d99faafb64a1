/*
 * t_reap - every way a child ends gives its parent's capability slots
 * back: kill then waitpid (by pid and any child, reaped at once or a
 * zombie on another hart), exit then wait, failed spawns; killed
 * children's statuses are all reported, once, and only to their
 * parent (not to a forked child that inherited the parent's memory).
 *
 * Each test runs in a forked child, and the harness (check.h) fails it
 * if it leaves a capability slot or a page behind; the loops check the
 * slots after every round too.
 *
 * Run as init with the boot archive (the spawn cases load programs).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "exos/exos.h"

#define ROUNDS 40

static long accounted(void)
{
	return (long)exos_info->pages_free + exos_envs[EXOS_ENV_SLOT(exos_self)].pages;
}

/* Capability slots in use here now (the harness's count). */
static int slots(void)
{
	return test_counts().caps;
}

/* A child that blocks reading a pipe nobody writes: it runs only until
 * it sleeps, so its parent kills it while it is not on a hart. */
static pid_t sleeper(int fds[2])
{
	pid_t pid = fork();
	char c;

	if (pid == 0) {
		read(fds[0], &c, 1);
		_exit(1);
	}
	return pid;
}

/* A child that spins: on several harts it is running elsewhere when it
 * is killed, ends there and waits as a zombie. */
static pid_t spinner(void)
{
	pid_t pid = fork();

	if (pid == 0)
		for (volatile unsigned long i = 0;; i++)
			;
	return pid;
}

/** kill then waitpid, 40 times: the slots come back each time and fork still works. */
TEST(kill_then_waitpid)
{
	int before = slots(), fds[2], bad = 0;

	pipe(fds);
	for (int i = 0; i < ROUNDS; i++) {
		pid_t pid = i % 2 ? sleeper(fds) : spinner();
		int st = -1;
		if (pid < 0 || kill(pid, SIGKILL) != 0 || waitpid(pid, &st, 0) != pid ||
		    !WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL || slots() != before)
			bad++;
	}
	EXPECT_EQ("40 children killed and waited for by pid", bad, 0);
	EXPECT_EQ("capability slots back to the start", slots(), before);
	pid_t pid = fork();
	if (pid == 0)
		_exit(3);
	int st = -1;
	EXPECT_EQ("fork works afterwards", pid > 0 && waitpid(pid, &st, 0) == pid, 1);
	EXPECT_EQ("and its child's status arrives", WEXITSTATUS(st), 3);
	close(fds[0]);
	close(fds[1]);
	exos_pipe_reap();
}

/** kill then wait() for any child, 40 times: the slots come back each time. */
TEST(kill_then_wait_any)
{
	int before = slots(), fds[2], bad = 0;

	pipe(fds);
	for (int i = 0; i < ROUNDS; i++) {
		pid_t pid = i % 2 ? spinner() : sleeper(fds);
		int st = -1;
		if (pid < 0 || kill(pid, SIGKILL) != 0 || wait(&st) != pid ||
		    WTERMSIG(st) != SIGKILL || slots() != before)
			bad++;
	}
	EXPECT_EQ("40 children killed and reaped by wait()", bad, 0);
	EXPECT_EQ("capability slots back to the start (any child)", slots(), before);
	close(fds[0]);
	close(fds[1]);
	exos_pipe_reap();
}

/** 20 children killed before any wait: wait() reports each once, then ECHILD. */
TEST(many_killed_then_waited)
{
	pid_t pids[20];
	int before = slots(), fds[2], found = 0;

	pipe(fds);
	for (int i = 0; i < 20; i++) {
		pids[i] = sleeper(fds);
		kill(pids[i], SIGKILL);
	}
	for (int n = 0; n < 20; n++) {
		pid_t got = wait(0);
		for (int i = 0; i < 20; i++)
			if (got > 0 && pids[i] == got) {
				pids[i] = 0;
				found++;
			}
	}
	EXPECT_EQ("each of 20 killed children reported once", found, 20);
	EXPECT_EQ("then ECHILD", wait(0) == -1 && errno == ECHILD, 1);
	EXPECT_EQ("capability slots back (20 killed, then waited)", slots(), before);
	close(fds[0]);
	close(fds[1]);
	exos_pipe_reap();
}

/** A forked child does not inherit its parent's killed children: it has none to wait for. */
TEST(killed_not_inherited)
{
	int fds[2], st = -1;

	pipe(fds);
	pid_t victim = sleeper(fds);
	kill(victim, SIGKILL);
	pid_t pid = fork();
	if (pid == 0)
		_exit(waitpid(-1, 0, WNOHANG) == -1 && errno == ECHILD ? 0 : 9);
	EXPECT_EQ("the forked child has no child to wait for", waitpid(pid, &st, 0) == pid &&
		  WIFEXITED(st) && WEXITSTATUS(st) == 0, 1);
	EXPECT_EQ("the parent still gets its killed child", waitpid(victim, &st, 0), victim);
	EXPECT_EQ("killed", WTERMSIG(st), SIGKILL);
	close(fds[0]);
	close(fds[1]);
	exos_pipe_reap();
}

/** exit then wait, after fork and after spawn, 40 times each: the slots come back. */
TEST(exit_then_wait)
{
	char *argv[] = { "true", 0 };
	int before = slots(), bad = 0, st;

	for (int i = 0; i < ROUNDS; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		bad += pid < 0 || waitpid(pid, &st, 0) != pid;
		long id = exos_spawn_program("/bin/true", argv);
		bad += id < 0 || exos_wait((uint32_t)id, &st) != 0 || st != 0;
	}
	EXPECT_EQ("40 forks and 40 spawns waited for", bad, 0);
	EXPECT_EQ("capability slots back (exit, wait)", slots(), before);
}

/** A spawn that fails after its env was made (arguments too long) leaves no slot behind. */
TEST(failed_spawn)
{
	static char big[9 * 4096];   /* more than the argument block's 8 pages */
	char *argv[] = { "true", big, 0 };
	int before = slots(), bad = 0;

	memset(big, 'x', sizeof(big) - 1);
	for (int i = 0; i < ROUNDS; i++)
		bad += exos_spawn_program("/bin/true", argv) != -E_INVAL;
	EXPECT_EQ("40 spawns refused for long arguments", bad, 0);
	EXPECT_EQ("capability slots back (failed spawns)", slots(), before);
}

int main(void)
{
	long pages = accounted();
	int caps = slots();

	test_run_all("t_reap");
	EXPECT_EQ("capability slots in use as at the start", slots(), caps);
	EXPECT_EQ("every page is back (free + ours)", accounted(), pages);
	printf("t_reap: %d failures\n", check_failures);
	return check_failures;
}
