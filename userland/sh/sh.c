/*
 * sh - the shell: reads lines from the console, runs programs from the
 * boot archive (/bin/<name>), and joins them with ';', '&&', '||' and
 * '&'.  $? is the last status.  Built-ins: exit [n], cd.  Pipelines and
 * redirections parse but wait for the pipes and files of later work;
 * the shell says so instead of running them wrongly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "exos/exos.h"
#include "edit.h"
#include "parse.h"

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

/* Run one simple command in the foreground (or not); its status. */
static int run_command(const struct sh_cmd *c, int background)
{
	char path[96];

	if (c->redirs) {
		fprintf(stderr, "sh: redirection needs files, which come with a later issue\n");
		return 2;
	}
	if (c->argc == 0)
		return 0;
	if (!strcmp(c->argv[0], "exit"))
		exit(c->argc > 1 ? atoi(c->argv[1]) : last_status);
	if (!strcmp(c->argv[0], "cd")) {
		fprintf(stderr, "sh: cd: there is no file system yet\n");
		return 1;
	}
	snprintf(path, sizeof(path), "%s%s", strchr(c->argv[0], '/') ? "" : "/bin/", c->argv[0]);
	long id = exos_spawn_program(path, c->argv);
	if (id == -E_NOENT) {
		fprintf(stderr, "sh: %s: command not found\n", c->argv[0]);
		return 127;
	}
	if (id < 0) {
		fprintf(stderr, "sh: %s: cannot run (error %ld)\n", c->argv[0], -id);
		return 126;
	}
	if (background) {
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
		if (p->ncmds > 1) {
			fprintf(stderr, "sh: pipelines need pipes, which come with a later issue\n");
			last_status = 2;
			continue;
		}
		last_status = run_command(p->cmds, j->background);
	}
}

int main(void)
{
	static struct edit_line ed;
	const char *line;

	printf("exos shell: programs are in /bin of the boot archive; exit to leave\n");
	for (;;) {
		printf("$ ");
		fflush(stdout);
		if (!(line = read_line(&ed)))
			return last_status;
		struct sh_job *jobs;
		struct parse_error err;
		if (parse_line(line, last_status, arena, sizeof(arena), &jobs, &err) != 0) {
			fprintf(stderr, "sh: %s\n", err.msg);
			last_status = 2;
			continue;
		}
		for (; jobs; jobs = jobs->next)
			run_job(jobs);
	}
}
