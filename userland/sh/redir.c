/*
 * redir.c - see redir.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "redir.h"

static int open_flags(enum sh_redir_kind kind)
{
	if (kind == SH_REDIR_IN)
		return O_RDONLY;
	return O_WRONLY | O_CREAT | (kind == SH_REDIR_APPEND ? O_APPEND : O_TRUNC);
}

/* One redirection of a file onto fd (0-2). */
static int redir_file(const struct sh_redir *r, struct redir_fds *f)
{
	if (f->nopened == REDIR_OPEN_MAX) {
		fprintf(stderr, "sh: %s: too many redirections\n", r->file);
		return 2;
	}
	int fd = open(r->file, open_flags(r->kind), 0666);
	if (fd < 0) {
		fprintf(stderr, "sh: %s: %s\n", r->file, strerror(errno));
		return 1;
	}
	f->opened[f->nopened++] = fd;
	f->map[r->fd] = fd;
	return 0;
}

int redir_apply(const struct sh_redir *r, struct redir_fds *f)
{
	for (; r; r = r->next) {
		int bad = r->fd > 2 ? r->fd : r->kind == SH_REDIR_DUP && r->dupfd > 2 ? r->dupfd : -1;
		if (bad >= 0) {
			fprintf(stderr, "sh: %d: programs receive descriptors 0-2 only\n", bad);
			return 2;
		}
		if (r->kind == SH_REDIR_DUP) {
			f->map[r->fd] = f->map[r->dupfd];
			continue;
		}
		int st = redir_file(r, f);
		if (st)
			return st;
	}
	return 0;
}

void redir_close(struct redir_fds *f)
{
	while (f->nopened)
		close(f->opened[--f->nopened]);
}
