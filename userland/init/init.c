/*
 * init - the first program: reports what the exported kernel data says,
 * makes the state every process shares (/tmp, the terminal, the process
 * table), starts the terminal server (so that Ctrl-C reaches the
 * foreground job while nobody reads), then runs the shell, /bin/sh
 * (BusyBox's ash), in a session of its own, and ends the machine with
 * its exit status.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "exos/exos.h"
#include "exos/fs.h"
#include "exos/tty.h"

/* The value of run=PATH on the kernel command line (a script the shell
 * runs instead of talking to the console: make busybox-test), or NULL. */
static char *run_script(void)
{
	static char path[128];
	const char *a = strstr((const char *)exos_info->bootargs, "run=");

	if (!a || (a != (const char *)exos_info->bootargs && a[-1] != ' '))
		return 0;
	size_t n = strcspn(a + 4, " ");
	if (n == 0 || n >= sizeof(path))
		return 0;
	memcpy(path, a + 4, n);
	path[n] = 0;
	return path;
}

/* The shell, as a child in a new session (it becomes the terminal's
 * controlling session when it asks for the foreground group). */
static pid_t start_shell(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = { "-sh", 0 }, *script[] = { "sh", run_script(), 0 };
		setsid();
		execv("/bin/sh", script[1] ? script : argv);
		printf("init: cannot run /bin/sh: %s\n", strerror(errno));
		_exit(127);
	}
	return pid;
}

int main(void)
{
	int status = 0;

	printf("init: hello from user space (picolibc printf)\n");
	printf("init: %u harts, %lu of %lu pages free, timebase %lu Hz\n",
	       exos_info->nharts, (unsigned long)exos_info->pages_free,
	       (unsigned long)exos_info->pages_total, (unsigned long)exos_info->timebase_hz);
	if (!exos_info->rng_seed_len)
		printf("init: the device tree has no /chosen/rng-seed or kaslr-seed: "
		       "getentropy fails (ENOSYS)\n");
	/* Made here, it lives as long as the machine and every program
	 * started from now on shares it. */
	if (exos_fs_init() != 0)
		printf("init: no /tmp: %s\n", strerror(errno));
	/* Every program inherits the environment from here on. */
	setenv("HOME", "/", 1);
	setenv("PATH", "/bin", 1);
	setenv("TERM", "vt100", 1);
	setenv("SHELL", "/bin/sh", 1);
	setenv("USER", "root", 1);
	if (!exos_info->initrd_size)
		return 0;
	if (exos_tty_start_server() < 0)
		printf("init: no terminal server: Ctrl-C only works while a program reads\n");
	fflush(stdout);
	pid_t sh = start_shell();
	if (sh < 0) {
		printf("init: cannot start the shell: %s\n", strerror(errno));
		return 1;
	}
	/* Orphans are not ours to reap (the kernel forgets them); wait for
	 * the shell alone. */
	while (waitpid(sh, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
