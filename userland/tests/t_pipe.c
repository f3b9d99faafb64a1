/*
 * t_pipe - pipes and descriptors: EOF when writers are gone, EPIPE when
 * readers are (also when they were killed without closing), dup2, a
 * write larger than the pipe's buffer, a pipeline of ten programs, and
 * every page back afterwards.
 */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "exos/exos.h"

static long accounted(void)
{
	return (long)exos_info->pages_free + exos_envs[EXOS_ENV_SLOT(exos_self)].pages;
}

/** Pipes give end of file without writers, EPIPE without readers; dup and dup2 share ends. */
TEST(eof_epipe_dup2)
{
	int fds[2];
	char buf[16];

	EXPECT_EQ("pipe", pipe(fds), 0);
	EXPECT_EQ("write 5 bytes", write(fds[1], "hello", 5), 5);
	EXPECT_EQ("read them back", read(fds[0], buf, sizeof(buf)), 5);
	EXPECT_EQ("as written", memcmp(buf, "hello", 5), 0);
	EXPECT_EQ("dup2 the write end to 7", dup2(fds[1], 7), 7);
	EXPECT_EQ("close the original write end", close(fds[1]), 0);
	EXPECT_EQ("write through the copy", write(7, "x", 1), 1);
	EXPECT_EQ("close the copy", close(7), 0);
	EXPECT_EQ("read what is left", read(fds[0], buf, sizeof(buf)), 1);
	EXPECT_EQ("then end of file: no writer is left", read(fds[0], buf, sizeof(buf)), 0);
	EXPECT_EQ("close the read end", close(fds[0]), 0);
	EXPECT_EQ("close it twice", close(fds[0]), -1);
	EXPECT_EQ("with EBADF", errno, EBADF);
	EXPECT_EQ("pipe again", pipe(fds), 0);
	close(fds[0]);
	EXPECT_EQ("write with no reader fails", write(fds[1], "x", 1), -1);
	EXPECT_EQ("with EPIPE", errno, EPIPE);
	EXPECT_EQ("read from a write end", read(fds[1], buf, 1), -1);
	EXPECT_EQ("is EBADF", errno, EBADF);
	close(fds[1]);
	EXPECT_EQ("dup2 of a closed descriptor", dup2(9, 3), -1);
	EXPECT_EQ("pipe for dup", pipe(fds), 0);
	int lowest = fds[1] + 1, d = dup(fds[1]);
	EXPECT_EQ("dup takes the lowest free descriptor", d, lowest);
	EXPECT_EQ("write through the dup", write(d, "y", 1), 1);
	EXPECT_EQ("read it", read(fds[0], buf, 1) == 1 && buf[0] == 'y', 1);
	close(d);
	close(fds[1]);
	EXPECT_EQ("end of file once both write ends are closed", read(fds[0], buf, 1), 0);
	close(fds[0]);
	EXPECT_EQ("dup of a closed descriptor", dup(fds[0]), -1);
	EXPECT_EQ("is EBADF (dup)", errno, EBADF);
	int many = 0;
	while (dup(1) >= 0)
		many++;
	EXPECT_EQ("dup until the table is full", errno, EMFILE);
	for (int fd = 3; fd < EXOS_FD_MAX; fd++)
		close(fd);
	EXPECT_EQ("and it held every free slot", many, EXOS_FD_MAX - 3);
	exos_pipe_reap();
}

/** 20000 bytes through cat into wc, more than five pipes full, arrive whole. */
TEST(big_write_and_pipeline)
{
	static char big[20000];
	char *cat[] = { "cat", 0 }, *wc[] = { "wc", 0 };
	int to_cat[2], from_cat[2], status = -1;

	memset(big, 'z', sizeof(big));
	for (size_t i = 99; i < sizeof(big); i += 100)
		big[i] = '\n';
	pipe(to_cat);
	pipe(from_cat);
	int m1[3] = { to_cat[0], from_cat[1], 2 }, m2[3] = { from_cat[0], 1, 2 };
	long c = exos_spawn_program_fds("/bin/cat", cat, m1);
	long w = exos_spawn_program_fds("/bin/wc", wc, m2);
	close(to_cat[0]);
	close(from_cat[1]);
	close(from_cat[0]);
	EXPECT_EQ("spawned cat and wc on pipes", c > 0 && w > 0, 1);
	EXPECT_EQ("write 20000 bytes into a 4 KiB pipe", write(to_cat[1], big, sizeof(big)),
		  (long)sizeof(big));
	close(to_cat[1]);
	exos_wait((uint32_t)c, &status);
	EXPECT_EQ("cat exits 0", status, 0);
	exos_wait((uint32_t)w, &status);
	EXPECT_EQ("wc exits 0 (it printed '200 200 20000')", status, 0);
	exos_pipe_reap();
}

/** echo | 10 x cat | wc, built by hand as the shell does, all run and exit 0. */
TEST(ten_stage_pipeline)
{
	char *echo[] = { "echo", "ten", "stages", 0 }, *cat[] = { "cat", 0 }, *wc[] = { "wc", 0 };
	long ids[12];
	int in = 0, n = 0, status = -1;

	for (int stage = 0; stage < 12; stage++) {
		int fds[2] = { -1, 1 };
		if (stage < 11)
			pipe(fds);
		int map[3] = { in, stage < 11 ? fds[1] : 1, 2 };
		ids[n++] = exos_spawn_program_fds(stage == 0 ? "/bin/echo" : stage == 11 ? "/bin/wc" :
						  "/bin/cat", stage == 0 ? echo : stage == 11 ? wc : cat,
						  map);
		if (in)
			close(in);
		if (stage < 11)
			close(fds[1]);
		in = stage < 11 ? fds[0] : 0;
	}
	int ok = 1;
	for (int i = 0; i < n; i++) {
		int good = ids[i] > 0 && exos_wait((uint32_t)ids[i], &status) == 0 && status == 0;
		ok &= good;
	}
	EXPECT_EQ("echo | 10 x cat | wc all ran and exited 0", ok, 1);
	exos_pipe_reap();
}

/** 200 short-lived programs in a row are spawned and waited for. */
TEST(many_children)
{
	char *argv[] = { "t_exit42", 0 };
	int status = 0, ok = 1;

	for (int i = 0; i < 200 && ok; i++) {
		long id = exos_spawn_program("/exos/t_exit42", argv);
		ok = id > 0 && exos_wait((uint32_t)id, &status) == 0 && status == 42;
	}
	EXPECT_EQ("200 children spawned and waited for", ok, 1);
}

/* A child that keeps end `keep` of fds (closing the other) and waits
 * until it is killed. */
static pid_t holder(int fds[2], int keep)
{
	pid_t pid = fork();

	if (pid == 0) {
		close(fds[!keep]);
		for (;;)
			sleep(1000);
	}
	return pid;
}

/* A child that kills the holder it forks (after ms milliseconds), so
 * that we can be asleep on the pipe meanwhile; it closes its own ends. */
static pid_t killer(int fds[2], int keep, unsigned ms)
{
	pid_t pid = fork();

	if (pid == 0) {
		pid_t h = holder(fds, keep);
		close(fds[0]);
		close(fds[1]);
		usleep(ms * 1000);
		kill(h, SIGKILL);
		waitpid(h, 0, 0);
		_exit(0);
	}
	return pid;
}

/** A reader sees end of file when the only writer left was killed (it
 *  never closed its end): at once, and when already asleep on the pipe. */
TEST(killed_writer)
{
	int fds[2], status = -1;
	char c;

	pipe(fds);
	pid_t h = holder(fds, 1);
	close(fds[1]);
	EXPECT_EQ("kill the child holding the write end", kill(h, SIGKILL), 0);
	EXPECT_EQ("it ends", waitpid(h, &status, 0), h);
	EXPECT_EQ("read sees end of file", read(fds[0], &c, 1), 0);
	close(fds[0]);
	pipe(fds);
	pid_t k = killer(fds, 1, 20);
	close(fds[1]);
	EXPECT_EQ("a sleeping reader wakes to end of file when the writer is killed",
		  read(fds[0], &c, 1), 0);
	waitpid(k, &status, 0);
	EXPECT_EQ("(the killer ended well)", status, 0);
	close(fds[0]);
	exos_pipe_reap();
}

/** A writer gets EPIPE when the only reader left was killed: at once,
 *  and when already asleep on a full pipe. */
TEST(killed_reader)
{
	static char fill[EXOS_PIPE_BUF + 1];
	int fds[2], status = -1;

	pipe(fds);
	pid_t h = holder(fds, 0);
	close(fds[0]);
	EXPECT_EQ("kill the child holding the read end", kill(h, SIGKILL), 0);
	EXPECT_EQ("it ends", waitpid(h, &status, 0), h);
	EXPECT_EQ("write fails", write(fds[1], "x", 1), -1);
	EXPECT_EQ("with EPIPE", errno, EPIPE);
	close(fds[1]);
	pipe(fds);
	pid_t k = killer(fds, 0, 20);
	close(fds[0]);
	EXPECT_EQ("a writer asleep on a full pipe wakes when the reader is killed",
		  write(fds[1], fill, sizeof(fill)), EXOS_PIPE_BUF);
	EXPECT_EQ("the next write fails", write(fds[1], "x", 1), -1);
	EXPECT_EQ("with EPIPE", errno, EPIPE);
	waitpid(k, &status, 0);
	EXPECT_EQ("(the killer ended well)", status, 0);
	close(fds[1]);
	exos_pipe_reap();
}

/** A writer with no reader left dies by SIGPIPE unless it ignores it (the others get EPIPE). */
TEST(sigpipe_kills)
{
	int fds[2], status = -1;

	pipe(fds);
	close(fds[0]);
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		write(fds[1], "x", 1);
		_exit(0);
	}
	close(fds[1]);
	waitpid(pid, &status, 0);
	EXPECT_EQ("the writer was killed by SIGPIPE", WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
		  1);
	exos_pipe_reap();
}

int main(void)
{
	long before = accounted();

	signal(SIGPIPE, SIG_IGN);   /* the tests get EPIPE; sigpipe_kills asks for death */
	test_run_all("t_pipe");
	EXPECT_EQ("every page is back (free + ours)", accounted(), before);
	printf("t_pipe: %d failures\n", check_failures);
	return check_failures;
}
