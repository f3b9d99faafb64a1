/*
 * sh - the shell: reads lines from the console, runs programs from the
 * boot archive (/bin/<name>), and joins them with ';', '&&', '||' and
 * '&', and runs pipelines through libexos pipes.  $? is the last
 * status.  Redirections ('<', '>', '>>', 'N>', 'N>&M' for descriptors
 * 0-2) open files in the shell and hand them to the program as its
 * descriptors; in a pipeline they apply after the pipes, so "a < in | b
 * > out" works.  Built-ins: exit [n], cd (their redirections are
 * ignored).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "exos/exos.h"
#include "edit.h"
#include "killcmd.h"
#include "parse.h"
#include "redir.h"

static int last_status;
static char arena[65536];

/* Read one line from the console through the line editor; NULL at EOF. */
static const char *read_line(struct edit_line *ed)
{
	edit_init(ed);
	for (;;) {
		unsigned char c;
		if (read(0, &c, 1) != 1)
			return 0;
		int r = edit_feed(ed, c);
		if (ed->necho)
			write(1, ed->echo, ed->necho);
		if (r == EDIT_DONE)
			return ed->line;
		if (r == EDIT_EOF)
			return 0;
		if (r == EDIT_INTR)
			edit_init(ed);
	}
}

/* c with its words and file names expanded now (the parser deferred
 * "$?" and "$NAME"), in static storage valid until the next call; NULL
 * after a message if they do not fit. */
static const struct sh_cmd *expand_cmd(const struct sh_cmd *c)
{
	static char text[16384], *argv[256];
	static struct sh_redir redirs[32];
	static struct sh_cmd x;
	size_t used = 0;
	int nr = 0;

	x = (struct sh_cmd){ c->argc, argv, 0, 0 };
	for (int i = 0; i <= c->argc && i < 256; i++) {
		if (i == c->argc || i == 255) {
			argv[i] = 0;
			break;
		}
		if (sh_expand(c->argv[i], last_status, text + used, sizeof(text) - used) != 0)
			goto too_long;
		argv[i] = text + used;
		used += strlen(argv[i]) + 1;
	}
	for (const struct sh_redir *r = c->redirs; r && nr < 32; r = r->next, nr++) {
		redirs[nr] = *r;
		redirs[nr].next = 0;
		if (nr)
			redirs[nr - 1].next = &redirs[nr];
		if (r->file) {
			if (sh_expand(r->file, last_status, text + used, sizeof(text) - used) != 0)
				goto too_long;
			redirs[nr].file = text + used;
			used += strlen(text + used) + 1;
		}
	}
	x.redirs = nr ? redirs : 0;
	return &x;
too_long:
	fprintf(stderr, "sh: the command is too long once expanded\n");
	return 0;
}

/* Start one command with descriptors fdmap (0-2); its env id, or a
 * negative shell status after an error message. */
static long start_command(const struct sh_cmd *c, const int fdmap[3])
{
	char path[96];

	snprintf(path, sizeof(path), "%s%s", strchr(c->argv[0], '/') ? "" : "/bin/", c->argv[0]);
	long id = exos_spawn_program_fds(path, c->argv, fdmap);
	if (id == -E_NOENT) {
		fprintf(stderr, "sh: %s: command not found\n", c->argv[0]);
		return -127;
	}
	if (id < 0) {
		fprintf(stderr, "sh: %s: cannot run (error %ld)\n", c->argv[0], -id);
		return -126;
	}
	return id;
}

/* Start c with descriptors base (0-2) as its redirections change them:
 * its env id; 0 for a command of redirections only (they are done); or
 * minus a shell status after a message. */
static long start_redirected(const struct sh_cmd *c, const int base[3])
{
	struct redir_fds f = { { base[0], base[1], base[2] }, { 0 }, 0 };
	int st = redir_apply(c->redirs, &f);
	long id = st ? -st : c->argc ? start_command(c, f.map) : 0;

	redir_close(&f);
	return id;
}

/* Run a pipeline: a pipe between each pair of commands; the status is
 * the last command's. */
static int run_pipeline(const struct sh_pipeline *p)
{
	long ids[32], id = 0;
	int n = 0, in = 0, status = 0;

	for (const struct sh_cmd *c = p->cmds; c && n < 32; c = c->next) {
		int fds[2] = { -1, -1 }, map[3] = { in, 1, 2 };
		if (c->next && pipe(fds) < 0) {
			fprintf(stderr, "sh: cannot make a pipe\n");
			id = -2;
			break;
		}
		if (c->next)
			map[1] = fds[1];
		const struct sh_cmd *x = expand_cmd(c);
		id = x ? start_redirected(x, map) : -1;
		if (in != 0)
			close(in);
		if (c->next)
			close(fds[1]);
		in = c->next ? fds[0] : 0;
		if (id > 0)
			ids[n++] = id;
	}
	if (in != 0)
		close(in);
	for (int i = 0; i < n; i++) {
		int st = 1;
		exos_wait((uint32_t)ids[i], &st);
		if (ids[i] == id)
			status = st & 0xff;
	}
	exos_pipe_reap();
	return id > 0 ? status : (int)-id;
}

/* export NAME=value...: into the environment every program started
 * from now on gets ("export NAME" alone changes nothing: there are no
 * unexported variables). */
static int export_vars(const struct sh_cmd *c)
{
	int status = 0;

	for (int i = 1; i < c->argc; i++) {
		char *eq = strchr(c->argv[i], '=');
		if (eq == c->argv[i]) {
			fprintf(stderr, "sh: export: '%s': not a variable name\n", c->argv[i]);
			status = 1;
			continue;
		}
		if (!eq)
			continue;
		*eq = '\0';
		if (setenv(c->argv[i], eq + 1, 1) != 0) {
			fprintf(stderr, "sh: export: '%s': not a variable name\n", c->argv[i]);
			status = 1;
		}
		*eq = '=';
	}
	return status;
}

/* Report a background job that ended (pid, its wait status). */
static void report_done(pid_t pid, int st)
{
	if (WIFEXITED(st))
		printf("[%d] done, status %d\n", (int)pid, WEXITSTATUS(st));
	else
		printf("[%d] killed\n", (int)pid);
}

/* Before each prompt: reap the background jobs that have ended. */
static void reap_done(void)
{
	int st;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		report_done(pid, st);
}

/* wait [pid]: for that background job, or for all of them; the status
 * of the last one waited for (127 for a pid that is not our child). */
static int wait_jobs(pid_t which)
{
	int st = 0, status = 0;
	pid_t pid;

	if (which > 0) {
		if (waitpid(which, &st, 0) != which) {
			fprintf(stderr, "sh: wait: %d: no such job\n", (int)which);
			return 127;
		}
		report_done(which, st);
		return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	}
	while ((pid = waitpid(-1, &st, 0)) > 0) {
		report_done(pid, st);
		status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	}
	return status;
}

/* Run one simple command in the foreground (or not); its status. */
static int run_command(const struct sh_cmd *c, int background)
{
	static const int std[3] = { 0, 1, 2 };

	if (!(c = expand_cmd(c)))
		return 1;

	if (c->argc && !strcmp(c->argv[0], "exit"))
		exit(c->argc > 1 ? atoi(c->argv[1]) : last_status);
	if (c->argc && !strcmp(c->argv[0], "export"))
		return export_vars(c);
	if (c->argc && !strcmp(c->argv[0], "unset")) {
		for (int i = 1; i < c->argc; i++)
			unsetenv(c->argv[i]);
		return 0;
	}
	if (c->argc && !strcmp(c->argv[0], "kill"))
		return kill_command(c->argc, c->argv);
	if (c->argc && !strcmp(c->argv[0], "wait"))
		return wait_jobs(c->argc > 1 ? atoi(c->argv[1]) : -1);
	if (c->argc && !strcmp(c->argv[0], "pwd")) {
		char dir[260];
		printf("%s\n", getcwd(dir, sizeof(dir)) ? dir : "/");
		return 0;
	}
	if (c->argc && !strcmp(c->argv[0], "cd")) {
		const char *to = c->argc > 1 ? c->argv[1] : getenv("HOME");
		if (chdir(to ? to : "/") != 0) {
			fprintf(stderr, "sh: cd: %s: %s\n", to, strerror(errno));
			return 1;
		}
		return 0;
	}
	long id = start_redirected(c, std);
	if (id <= 0)
		return (int)-id;
	if (background) {
		sh_last_background = (int)id;
		printf("[%ld]\n", id);
		return 0;
	}
	int status = 1;
	exos_wait((uint32_t)id, &status);
	return status & 0xff;
}

static void run_job(const struct sh_job *j)
{
	for (const struct sh_pipeline *p = j->pipelines; p; p = p->next) {
		if ((p->cond == SH_IF_OK && last_status) || (p->cond == SH_IF_FAIL && !last_status))
			continue;
		if (p->ncmds > 1)
			last_status = run_pipeline(p);
		else
			last_status = run_command(p->cmds, j->background);
	}
}

int main(void)
{
	static struct edit_line ed;
	const char *line;

	printf("exos shell: programs are in /bin of the boot archive; exit to leave\n");
	for (;;) {
		reap_done();
		printf("$ ");
		fflush(stdout);
		if (!(line = read_line(&ed)))
			return last_status;
		struct sh_job *jobs;
		struct parse_error err;
		if (parse_line(line, PARSE_DEFER, arena, sizeof(arena), &jobs, &err) != 0) {
			fprintf(stderr, "sh: %s\n", err.msg);
			last_status = 2;
			continue;
		}
		for (; jobs; jobs = jobs->next)
			run_job(jobs);
	}
}
