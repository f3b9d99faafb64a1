/*
 * redir.h - a command's redirections, applied by the shell before the
 * command starts: files opened in the shell, handed to the program as
 * its descriptors 0-2 (the only ones a started program receives).
 */
#ifndef SH_REDIR_H
#define SH_REDIR_H

#include "parse.h"

#define REDIR_OPEN_MAX 8

/* map[i]: the shell's descriptor that becomes the command's i. */
struct redir_fds {
	int map[3];
	int opened[REDIR_OPEN_MAX];   /* files opened for it, closed after the start */
	int nopened;
};

/* Apply r and the ones after it, in order, to f->map.  0, or a shell
 * status (1: a file could not be opened, 2: a redirection we cannot do)
 * after a one-line message on standard error. */
int redir_apply(const struct sh_redir *r, struct redir_fds *f);
/* Close the files redir_apply opened (the started program holds its own
 * references). */
void redir_close(struct redir_fds *f);

#endif
