/*
 * parse.h - the shell's lexer and parser: one command line in, a tree
 * of jobs, pipelines and commands out.
 *
 * The grammar, a subset of the POSIX shell's (XCU 2.9, 2.10):
 *   line      := [ job { (';' | '&') job } [ ';' | '&' ] ]
 *   job       := pipeline { ('&&' | '||') pipeline }
 *   pipeline  := command { '|' command }
 *   command   := { word | redirect }+
 *   redirect  := [fd] ('<' | '>' | '>>') word  |  [fd] ('<&' | '>&') digits
 * where [fd] is a run of digits written right before the operator
 * ("2>err", "2>&1").  A newline separates jobs like ';', and empty
 * lines between jobs are skipped.
 *
 * Words: blanks (space, tab, CR) separate them; single quotes keep
 * everything up to the next one; double quotes keep everything but
 * '\' before \ " $ ` (which then stands for itself) and "$?"; outside
 * quotes '\' makes the next character literal and '\' newline is
 * dropped.  "$?" becomes the caller's last status in decimal, outside
 * quotes or in double quotes; any other '$' is kept as it is (there are
 * no variables yet).  '#' at the start of a word comments out the rest
 * of the line.  No globbing, no '~', no subshells: '(', ')' and '<<'
 * are syntax errors.
 *
 * Memory: everything (nodes, argv arrays, word text) is carved from a
 * caller-provided arena; nothing is malloc'd, nothing needs freeing,
 * and the tree lives as long as the arena.  On a 64-bit machine a line
 * needs at most 64 bytes of arena per input byte (the worst case,
 * "a;a;a;...", takes 60), so 64 KiB always holds a 1023-byte line
 * (EDIT_MAX); a line that does not fit gets PARSE_E_NOSPACE, never an
 * overflow.
 */
#ifndef SH_PARSE_H
#define SH_PARSE_H

#include <stddef.h>

enum sh_redir_kind {
	SH_REDIR_IN,        /* fd < file      (fd defaults to 0) */
	SH_REDIR_OUT,       /* fd > file      (fd defaults to 1) */
	SH_REDIR_APPEND,    /* fd >> file     (fd defaults to 1) */
	SH_REDIR_DUP,       /* fd >& dupfd, fd <& dupfd: fd becomes a copy of dupfd */
};

/* The largest descriptor number a redirection may name. */
#define SH_FD_MAX 255

struct sh_redir {
	enum sh_redir_kind kind;
	int fd;
	const char *file;         /* IN, OUT, APPEND */
	int dupfd;                /* DUP */
	struct sh_redir *next;    /* source order: apply them in turn */
};

/* One simple command.  argc may be 0 when there are only redirections
 * ("> file" creates the file). */
struct sh_cmd {
	int argc;
	char **argv;              /* argc words, then NULL */
	struct sh_redir *redirs;
	struct sh_cmd *next;      /* the next command of the pipeline */
};

/* How a pipeline joins the one before it in its job. */
enum sh_cond {
	SH_ALWAYS,                /* the job's first pipeline */
	SH_IF_OK,                 /* after '&&': runs if the status so far is 0 */
	SH_IF_FAIL,               /* after '||': runs if the status so far is not 0 */
};

/* Commands joined by '|'; the status is the last command's. */
struct sh_pipeline {
	enum sh_cond cond;
	int ncmds;
	struct sh_cmd *cmds;
	struct sh_pipeline *next;
};

/* An and-or list, left to right: a skipped pipeline keeps the status, so
 * "false && a || b" runs b.  background: it ended with '&'. */
struct sh_job {
	int background;
	struct sh_pipeline *pipelines;
	struct sh_job *next;
};

#define PARSE_E_SYNTAX   -1  /* an operator where it cannot be */
#define PARSE_E_QUOTE    -2  /* a quote is not closed */
#define PARSE_E_ESCAPE   -3  /* a '\' ends the line */
#define PARSE_E_MISSING  -4  /* an operator lacks its command or file */
#define PARSE_E_FD       -5  /* a descriptor number is bad or too large */
#define PARSE_E_NOSPACE  -6  /* the arena is too small for the line */

#define PARSE_MSG_MAX 80

/* Where and why a line was refused: msg is one line, no newline, e.g.
 * "syntax error near '|' at column 5"; col counts bytes from 1. */
struct parse_error {
	int col;
	char msg[PARSE_MSG_MAX];
};

/* last_status for parse_line: leave "$?" and "$NAME" in the words as
 * markers, for sh_expand when each command runs ("false; echo $?" then
 * prints 1, and "export A=1; echo $A" prints 1). */
#define PARSE_DEFER (-1000)

/* Parse line, expanding "$?" to last_status and "$NAME" from the
 * environment (or not: PARSE_DEFER), with the size bytes at arena as
 * the only memory.  Returns 0 and sets *out to the first job (NULL for
 * a blank line or a comment), or a PARSE_E_* code with *err filled
 * (then *out is NULL).  Never reads line past its NUL; the control
 * bytes 1 and 2, which mark deferred expansions, are refused. */
int parse_line(const char *line, int last_status, void *arena, size_t size,
	       struct sh_job **out, struct parse_error *err);

/* A word parsed with PARSE_DEFER, its markers expanded ("$?" as status,
 * "$!" as sh_last_background, "$NAME" from the environment now) into
 * out; 0, or -1 when out (size bytes) is too small.  Without deferring,
 * "$!" is empty. */
int sh_expand(const char *word, int status, char *out, size_t size);
/* The pid of the last background job ("$!"), 0 for none. */
extern int sh_last_background;

#endif
