/*
 * testlib.h - helpers several in-guest test programs share.
 */
#ifndef USERLAND_TESTS_TESTLIB_H
#define USERLAND_TESTS_TESTLIB_H

#include <sys/wait.h>
#include <unistd.h>
#include "exos/exos.h"
#include "exos/pages.h"

extern char **environ;

/* Run the program at path (execve with envp; NULL: ours) in a forked
 * child whose stdout is a pipe; its output, NUL-terminated, in buf
 * (size bytes).  Returns the bytes read; *status (if not NULL) gets
 * its wait status. */
static inline size_t exec_capture(const char *path, char *const argv[], char *const envp[],
				  char *buf, size_t size, int *status)
{
	int fds[2], st = -1;
	size_t n = 0;
	ssize_t r;

	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execve(path, argv, envp ? envp : environ);
		_exit(1);
	}
	close(fds[1]);
	while (n < size - 1 && (r = read(fds[0], buf + n, size - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
	close(fds[0]);
	waitpid(pid, &st, 0);
	if (status)
		*status = st;
	exos_pipe_reap();
	return n;
}

#define TEST_MEGA_PAGES 512

/* 512 free pages from a 2 MiB-aligned page number, allocated to us by
 * name; the first ppn, or 0. */
static inline long alloc_mega_run(void)
{
	const volatile struct exos_page *pages = (const volatile struct exos_page *)EXOS_PAGES_VA;
	unsigned long base = exos_info->pages_base_ppn;

	for (long i = (long)((TEST_MEGA_PAGES - base % TEST_MEGA_PAGES) % TEST_MEGA_PAGES);
	     i + TEST_MEGA_PAGES <= (long)exos_info->pages_total; i += TEST_MEGA_PAGES) {
		int ok = 1;
		for (int k = 0; k < TEST_MEGA_PAGES && ok; k++)
			ok = pages[i + k].type == EXOS_PAGE_FREE;
		for (int k = 0; k < TEST_MEGA_PAGES && ok; k++)
			ok = sys_page_alloc(EXOS_CAP_PAGES, base + i + k, 0) == (long)(base + i + k);
		if (ok)
			return (long)(base + i);
	}
	return 0;
}

#endif
