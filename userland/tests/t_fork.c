/*
 * t_fork - fork, wait and kill done by the library OS: exit statuses,
 * copy-on-write isolation in both directions (data, bss, heap, stack),
 * descriptors inherited, fork from a forked child, a child outliving
 * its parent, 200 children in a row, and every page back afterwards.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "exos/exos.h"
#include "exos/pages.h"

static int in_data = 1;
static char in_bss[3 * 4096];

static long accounted(void)
{
	return (long)exos_info->pages_free + exos_envs[EXOS_ENV_SLOT(exos_self)].pages;
}

/* Wait for pid; its wait status, or -1. */
static int status_of(pid_t pid)
{
	int st = -1;

	return waitpid(pid, &st, 0) == pid ? st : -1;
}

/** fork returns the child's pid, the child sees its own and its parent's, wait errors are exact. */
TEST(status_and_ids)
{
	pid_t me = getpid();
	int fds[2];

	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		int ok = getppid() == me && getpid() != me;
		write(fds[1], &(pid_t){ getpid() }, sizeof(pid_t));
		_exit(ok ? 7 : 1);
	}
	pid_t seen = 0;
	EXPECT_EQ("fork returns the child's pid", pid > 0, 1);
	EXPECT_EQ("the child sees its own pid", read(fds[0], &seen, sizeof(seen)), sizeof(seen));
	EXPECT_EQ("the same as fork returned", seen, pid);
	int st = status_of(pid);
	EXPECT_EQ("the child exited", WIFEXITED(st), 1);
	EXPECT_EQ("with status 7 (it saw the right parent)", WEXITSTATUS(st), 7);
	EXPECT_EQ("waiting again", waitpid(pid, &st, 0), -1);
	EXPECT_EQ("is ECHILD", errno, ECHILD);
	EXPECT_EQ("wait with no children", wait(&st), -1);
	EXPECT_EQ("is ECHILD too", errno, ECHILD);
	EXPECT_EQ("waitpid with a bad option", waitpid(-1, &st, 0x100), -1);
	EXPECT_EQ("is EINVAL", errno, EINVAL);
	close(fds[0]);
	close(fds[1]);
	exos_pipe_reap();
}

/** After fork each side sees only its own writes to data, bss, heap and stack. */
TEST(isolation)
{
	char *heap = malloc(64 * 1024);
	int on_stack = 5, fds[2], ok = 1;

	memset(heap, 'p', 64 * 1024);
	in_bss[5000] = 'b';
	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		char go;
		read(fds[0], &go, 1);   /* after the parent's writes */
		int saw = in_data == 1 && in_bss[5000] == 'b' && heap[0] == 'p' &&
			  heap[64 * 1024 - 1] == 'p' && on_stack == 5;
		in_data = 100;
		in_bss[5000] = 'c';
		memset(heap, 'c', 64 * 1024);
		on_stack = 6;
		_exit(saw && in_data == 100 && heap[777] == 'c' ? 0 : 1);
	}
	in_data = 2;
	in_bss[5000] = 'q';
	heap[0] = 'q';
	on_stack = 9;
	write(fds[1], "g", 1);
	int st = status_of(pid);
	EXPECT_EQ("the child saw the values at fork, not the parent's later writes",
		  WIFEXITED(st) && WEXITSTATUS(st) == 0, 1);
	for (int i = 1; i < 64 * 1024; i++)
		ok &= heap[i] == 'p';
	EXPECT_EQ("the parent's data kept its own write", in_data, 2);
	EXPECT_EQ("bss too", in_bss[5000], 'q');
	EXPECT_EQ("heap too", heap[0], 'q');
	EXPECT_EQ("and the rest of the heap is untouched by the child", ok, 1);
	EXPECT_EQ("stack too", on_stack, 9);
	free(heap);
	close(fds[0]);
	close(fds[1]);
	exos_pipe_reap();
}

/** A child's output through an inherited, dup2'd pipe reaches its parent, then end of file. */
TEST(descriptors)
{
	int fds[2];
	char buf[32] = { 0 };

	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		close(fds[1]);
		printf("from the child\n");
		exit(0);
	}
	close(fds[1]);
	ssize_t n = 0, r;
	while ((r = read(fds[0], buf + n, sizeof(buf) - 1 - (size_t)n)) > 0)
		n += r;
	EXPECT_EQ("the child's output came through the inherited pipe", n, 15);
	EXPECT_EQ("as written", strcmp(buf, "from the child\n"), 0);
	EXPECT_EQ("then end of file", r, 0);
	EXPECT_EQ("the child exited 0", status_of(pid), 0);
	close(fds[0]);
	exos_pipe_reap();
}

/** A forked child forks again, and an orphaned grandchild still reads the pages it was given. */
TEST(grandchildren)
{
	int go[2], ans[2];

	pipe(go);
	pipe(ans);
	in_data = 40;
	in_bss[5000] = 'q';
	pid_t pid = fork();
	if (pid == 0) {
		pid_t g = fork();
		if (g == 0) {
			in_data += 2;
			_exit(in_data);
		}
		int st = status_of(g);
		_exit(WIFEXITED(st) && in_data == 40 ? WEXITSTATUS(st) + 10 : 1);
	}
	int st = status_of(pid);
	EXPECT_EQ("a grandchild's status came up through its parent", WEXITSTATUS(st), 52);

	pid = fork();
	if (pid == 0) {
		pid_t g = fork();
		if (g == 0) {
			char c;
			read(go[0], &c, 1);     /* until its parent has gone */
			int ok = in_data == 40 && in_bss[5000] == 'q';
			in_data = 41;           /* a copy of an orphaned page */
			write(ans[1], ok && in_data == 41 ? "Y" : "N", 1);
			write(ans[1], &(pid_t){ getpid() }, sizeof(pid_t));
			_exit(0);
		}
		_exit(3);
	}
	EXPECT_EQ("the middle process ended", WEXITSTATUS(status_of(pid)), 3);
	write(go[1], "g", 1);
	char answer = 0;
	read(ans[0], &answer, 1);
	EXPECT_EQ("the orphaned grandchild still read its parent's pages", answer, 'Y');
	pid_t orphan = 0;
	read(ans[0], &orphan, sizeof(orphan));
	exos_wait_ended((uint32_t)orphan);   /* its pages are back before the counting */
	close(go[0]);
	close(go[1]);
	close(ans[0]);
	close(ans[1]);
	exos_pipe_reap();
}

/** kill ends a child with SIGKILL; signal 0 finds it; bad signals and pids are errors. */
TEST(kill)
{
	int fds[2], st = -1;
	char c;

	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		read(fds[0], &c, 1);   /* never comes */
		_exit(0);
	}
	EXPECT_EQ("a running child is not waited for with WNOHANG", waitpid(pid, &st, WNOHANG), 0);
	EXPECT_EQ("kill with signal 0 finds it", kill(pid, 0), 0);
	EXPECT_EQ("kill it", kill(pid, SIGTERM), 0);
	st = status_of(pid);
	EXPECT_EQ("it ended by a signal", WIFSIGNALED(st), 1);
	EXPECT_EQ("SIGTERM, the signal sent", WTERMSIG(st), SIGTERM);
	EXPECT_EQ("kill it again", kill(pid, SIGTERM), -1);
	EXPECT_EQ("is ESRCH", errno, ESRCH);
	EXPECT_EQ("kill with a bad signal", kill(getpid(), 999), -1);
	EXPECT_EQ("is EINVAL", errno, EINVAL);
	EXPECT_EQ("kill pid 0 with signal 0: our own group exists", kill(0, 0), 0);
	EXPECT_EQ("kill of a group that does not exist", kill(-999999, SIGTERM), -1);
	EXPECT_EQ("is ESRCH (group)", errno, ESRCH);
	close(fds[0]);
	close(fds[1]);
	exos_pipe_reap();
}

/** wait reaps three children in whatever order they end, then ECHILD. */
TEST(wait_any)
{
	int sum = 0, n = 0, st;
	pid_t p;

	for (int i = 1; i <= 3; i++)
		if (fork() == 0)
			_exit(i);
	while ((p = wait(&st)) > 0) {
		sum += WEXITSTATUS(st);
		n++;
	}
	EXPECT_EQ("wait reaped three children", n, 3);
	EXPECT_EQ("with statuses 1+2+3", sum, 6);
	EXPECT_EQ("then there are none", errno, ECHILD);
}

/** 200 children in a row are forked and waited for. */
TEST(many)
{
	int ok = 1;

	for (int i = 0; i < 200 && ok; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(i & 0x7f);
		int st = status_of(pid);
		ok = pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == (i & 0x7f);
	}
	EXPECT_EQ("200 children forked and waited for", ok, 1);
}

#define PAGES ((const volatile struct exos_page *)EXOS_PAGES_VA)

/** libexos's spare pool is the parent's: a child starts with none, and
 * its first touches get pages of its own; the parent keeps its spares. */
TEST(spares)
{
	unsigned before = exos_spare_pages();
	int fds[2];

	sbrk((ptrdiff_t)((4096 - exos_heap_size() % 4096) % 4096));   /* whole pages below */
	volatile char *p = sbrk(8 * 4096);
	for (int i = 0; i < 8; i++)
		p[i * 4096] = 1;
	sbrk(-8 * 4096);
	unsigned mine = exos_spare_pages();
	EXPECT_EQ("shrinking the heap by 8 pages left 8 more spares", mine - before, 8);
	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		int ok = exos_spare_pages() == 0;
		volatile char *q = sbrk(4096);
		q[0] = 1;
		long pte = sys_pte_read(EXOS_CAP_SELF, exos_self, (uintptr_t)q);
		unsigned long ppn = ((unsigned long)pte >> 10) & ((1UL << 44) - 1);
		ok &= pte > 0 && PAGES[ppn - exos_info->pages_base_ppn].owner == exos_self;
		_exit(ok ? 3 : 1);
	}
	EXPECT_EQ("the child had no spares and its new page was its own", WEXITSTATUS(status_of(pid)),
		  3);
	EXPECT_EQ("the parent kept its spares", exos_spare_pages(), mine);
	close(fds[0]);
	close(fds[1]);
	exos_pipe_reap();
}

int main(void)
{
	long before = accounted();

	test_run_all("t_fork");
	exos_spare_drain();
	EXPECT_EQ("every page is back (free + ours)", accounted(), before);
	printf("t_fork: %d failures\n", check_failures);
	return check_failures;
}
