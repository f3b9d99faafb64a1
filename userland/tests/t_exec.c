/*
 * t_exec - execve in the library OS: the pid and the parent survive,
 * the exit status is the new program's, arguments and descriptors go
 * across, so does the environment, execvp looks in /bin, every bad program is refused with the
 * old one intact, and fork+exec+wait returns every page.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "testlib.h"
#include "exos/exos.h"

static int marker = 1234;

static long accounted(void)
{
	return (long)exos_info->pages_free + exos_envs[EXOS_ENV_SLOT(exos_self)].pages;
}

static int status_of(pid_t pid)
{
	int st = -1;

	return waitpid(pid, &st, 0) == pid ? st : -1;
}

/** An exec'd program keeps the pid, and its exit status is what the parent waits for. */
TEST(status_and_pid)
{
	char *argv[] = { "t_exit42", 0 };
	pid_t pid = fork();

	if (pid == 0) {
		execv("/exos/t_exit42", argv);
		_exit(1);
	}
	int st = status_of(pid);
	EXPECT_EQ("the same pid ended with the new program's status", WEXITSTATUS(st), 42);
}

/** Arguments and a dup2'd stdout go across exec; the pipe ends when the program exits. */
TEST(args_and_descriptors)
{
	char *argv[] = { "echo", "hello", "from", "exec", 0 };
	char buf[64] = { 0 };
	int fds[2];

	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execvp("echo", argv);
		_exit(1);
	}
	close(fds[1]);
	ssize_t n = 0, r;
	while ((r = read(fds[0], buf + n, sizeof(buf) - 1 - (size_t)n)) > 0)
		n += r;
	EXPECT_EQ("echo's words came through the pipe", strcmp(buf, "hello from exec\n"), 0);
	EXPECT_EQ("then end of file: the exec'd program closed it at exit", r, 0);
	EXPECT_EQ("echo exited 0", status_of(pid), 0);
	close(fds[0]);
	exos_pipe_reap();
}

/* What /bin/env prints when exec'd with envp (NULL: ours, as execv
 * passes it). */
static void env_output(char *const envp[], char *buf, size_t size)
{
	char *argv[] = { "env", 0 };

	exec_capture("/bin/env", argv, envp, buf, size, 0);
}

/** execve passes exactly the environment given, execv ours; one too big is E2BIG. */
TEST(environment)
{
	char *envp[] = { "A=1", "B=two", 0 }, *none[] = { 0 }, buf[256];

	env_output(envp, buf, sizeof(buf));
	EXPECT_EQ("execve passes exactly the environment given", strcmp(buf, "A=1\nB=two\n"), 0);
	env_output(none, buf, sizeof(buf));
	EXPECT_EQ("an empty environment prints nothing", strcmp(buf, ""), 0);
	setenv("T_EXEC", "yes", 1);
	env_output(0, buf, sizeof(buf));
	EXPECT_EQ("execv passes ours (set with setenv)", strstr(buf, "T_EXEC=yes\n") != 0, 1);
	unsetenv("T_EXEC");
	env_output(0, buf, sizeof(buf));
	EXPECT_EQ("and not after unsetenv", strstr(buf, "T_EXEC") == 0, 1);
	static char big[20000];
	memset(big, 'v', sizeof(big) - 1);
	memcpy(big, "BIG=", 4);
	char *huge[] = { big, big, 0 }, *argv[] = { "env", 0 };
	EXPECT_EQ("exec with an environment too big for the block", execve("/bin/env", argv, huge), -1);
	EXPECT_EQ("is E2BIG", errno, E2BIG);
}

/** Every bad program is refused with its errno, and the program is intact after each. */
TEST(refused)
{
	char *argv[] = { "x", 0 };
	char *heap = malloc(100);

	strcpy(heap, "still here");
	EXPECT_EQ("exec of a missing program", execv("/bin/nonesuch", argv), -1);
	EXPECT_EQ("is ENOENT", errno, ENOENT);
	EXPECT_EQ("exec of a text file", execv("/etc/motd", argv), -1);
	EXPECT_EQ("is ENOEXEC", errno, ENOEXEC);
	EXPECT_EQ("exec of a directory", execv("/bin", argv), -1);
	EXPECT_EQ("is EACCES (POSIX: not a regular file)", errno, EACCES);
	EXPECT_EQ("exec of a truncated ELF", execv("/etc/bad/truncated", argv), -1);
	EXPECT_EQ("is ENOEXEC (truncated)", errno, ENOEXEC);
	EXPECT_EQ("exec of an ELF with program headers past its end",
		  execv("/etc/bad/phoff", argv), -1);
	EXPECT_EQ("is ENOEXEC (phoff)", errno, ENOEXEC);
	static char *huge[2500];
	for (int i = 0; i < 2499; i++)
		huge[i] = "argument";
	huge[2499] = 0;
	EXPECT_EQ("exec with arguments too long for the block", execv("/bin/echo", huge), -1);
	EXPECT_EQ("is E2BIG", errno, E2BIG);
	EXPECT_EQ("execvp of a missing name", execvp("nonesuch", argv), -1);
	EXPECT_EQ("is ENOENT (execvp)", errno, ENOENT);
	EXPECT_EQ("the program is intact after every refusal", marker, 1234);
	EXPECT_EQ("its heap too", strcmp(heap, "still here"), 0);
	free(heap);
}

/** 50 fork+exec+wait rounds in a row succeed. */
TEST(many)
{
	char *argv[] = { "true", 0 };
	int ok = 1;

	for (int i = 0; i < 50 && ok; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			execv("/bin/true", argv);
			_exit(1);
		}
		ok = status_of(pid) == 0;
	}
	EXPECT_EQ("50 fork+exec+wait rounds", ok, 1);
}

int main(void)
{
	long before = accounted();

	test_run_all("t_exec");
	EXPECT_EQ("every page is back (free + ours)", accounted(), before);
	printf("t_exec: %d failures\n", check_failures);
	return check_failures;
}
