/*
 * parse.c - the shell's lexer and recursive-descent parser (grammar and
 * word rules in parse.h).
 *
 * The lexer runs one token ahead of the parser.  A word's text is built
 * byte by byte at the top of the arena; the parser allocates its nodes
 * only between tokens, so a word under construction is never split.
 * Every construct is a loop, not recursion, so a long line cannot
 * exhaust the stack.
 */
#include <ctype.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "parse.h"

enum tok_type {
	T_END, T_WORD, T_SEMI, T_AMP, T_AND, T_OR, T_PIPE,
	T_LESS, T_GREAT, T_DGREAT, T_LESSAND, T_GREATAND,
	T_DLESS, T_LPAREN, T_RPAREN,
};

struct token {
	enum tok_type type;
	int col;                 /* 1-based column of its first byte */
	int fd;                  /* redirections: the digits before it, or -1 */
	const char *name;        /* operators: as written, for messages */
	char *text;              /* T_WORD: the word, NUL-terminated, in the arena */
};

struct parser {
	const char *s;
	size_t pos;
	int status;              /* what "$?" expands to */
	char *base;              /* the arena */
	size_t size, used;
	struct token tok;        /* the lookahead */
	struct parse_error *err;
};

/* Operators, longest first so that "&&" wins over "&". */
static const struct { const char *text; enum tok_type type; } ops[] = {
	{ "&&", T_AND }, { "||", T_OR }, { ">>", T_DGREAT }, { "<<", T_DLESS },
	{ "<&", T_LESSAND }, { ">&", T_GREATAND }, { "&", T_AMP }, { "|", T_PIPE },
	{ ";", T_SEMI }, { "\n", T_SEMI }, { "<", T_LESS }, { ">", T_GREAT },
	{ "(", T_LPAREN }, { ")", T_RPAREN },
};

/* Record why parsing stopped, at 1-based column col; returns code. */
static int fail(struct parser *p, int code, int col, const char *what, const char *op)
{
	p->err->col = col;
	if (op)
		snprintf(p->err->msg, PARSE_MSG_MAX, "%s '%s' at column %d", what, op, col);
	else
		snprintf(p->err->msg, PARSE_MSG_MAX, "%s at column %d", what, col);
	return code;
}

/* "syntax error near X" for the lookahead token. */
static int fail_near(struct parser *p)
{
	if (p->tok.type == T_END)
		return fail(p, PARSE_E_SYNTAX, p->tok.col, "syntax error at end of line", NULL);
	if (p->tok.name[0] == '\n')
		return fail(p, PARSE_E_SYNTAX, p->tok.col, "syntax error near newline", NULL);
	return fail(p, PARSE_E_SYNTAX, p->tok.col, "syntax error near", p->tok.name);
}

static int col_now(const struct parser *p)
{
	return (int)p->pos + 1;
}

/* ---------------------------------------------------------------- arena */

/* Every kind of node the arena holds, for their common alignment. */
union node {
	struct sh_job job;
	struct sh_pipeline pipeline;
	struct sh_cmd cmd;
	struct sh_redir redir;
	char *word;
};

/* n bytes of the arena, aligned for any node; NULL when it is full. */
static void *arena_alloc(struct parser *p, size_t n)
{
	const size_t align = _Alignof(union node);
	size_t pad = (align - (uintptr_t)(p->base + p->used) % align) % align;

	if (p->size - p->used < pad || p->size - p->used - pad < n)
		return NULL;
	p->used += pad;
	void *r = p->base + p->used;
	p->used += n;
	memset(r, 0, n);
	return r;
}

/* Out of arena: the column is that of the last byte read. */
static int fail_nospace(struct parser *p)
{
	return fail(p, PARSE_E_NOSPACE, p->pos ? (int)p->pos : 1, "line too long", NULL);
}

/* Append byte c to the word being built at the top of the arena. */
static int arena_putc(struct parser *p, char c)
{
	if (p->used == p->size)
		return fail_nospace(p);
	p->base[p->used++] = c;
	return 0;
}

/* ---------------------------------------------------------------- lexer */

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Nonzero for the bytes that end an unquoted word. */
static int ends_word(char c)
{
	return c == '\0' || is_blank(c) || strchr("|&;<>()\n", c) != NULL;
}

/* Skip blanks, '\' newline pairs and a comment up to the newline. */
static void skip_blanks(struct parser *p)
{
	for (;;) {
		char c = p->s[p->pos];
		if (is_blank(c))
			p->pos++;
		else if (c == '\\' && p->s[p->pos + 1] == '\n')
			p->pos += 2;
		else if (c == '#')
			while (p->s[p->pos] != '\0' && p->s[p->pos] != '\n')
				p->pos++;
		else
			return;
	}
}

#define MARK_OPEN  '\1'      /* a deferred expansion: MARK_OPEN name MARK_CLOSE */
#define MARK_CLOSE '\2'

/* Append s, or the marker for name when expansions are deferred. */
static int put_expansion(struct parser *p, const char *name, const char *s)
{
	int err = 0;

	if (p->status == PARSE_DEFER) {
		err = arena_putc(p, MARK_OPEN);
		for (; *name && !err; name++)
			err = arena_putc(p, *name);
		return err ? err : arena_putc(p, MARK_CLOSE);
	}
	for (; s && *s && !err; s++)
		err = arena_putc(p, *s);
	return err;
}

/* Append the decimal last status ("$?"). */
static int put_status(struct parser *p)
{
	char digits[16];

	snprintf(digits, sizeof(digits), "%d", p->status);
	return put_expansion(p, "?", digits);
}

int sh_last_background;

int sh_expand(const char *word, int status, char *out, size_t size)
{
	size_t n = 0;

	for (; *word; word++) {
		char name[64], digits[16];
		const char *v = NULL;
		if (*word != MARK_OPEN) {
			if (n + 1 >= size)
				return -1;
			out[n++] = *word;
			continue;
		}
		size_t len = strcspn(word + 1, "\2");
		if (len >= sizeof(name))
			return -1;
		memcpy(name, word + 1, len);
		name[len] = '\0';
		word += len + (word[len + 1] ? 1 : 0);
		if (!strcmp(name, "?") || !strcmp(name, "!")) {
			snprintf(digits, sizeof(digits), "%d", *name == '?' ? status : sh_last_background);
			v = *name == '?' || sh_last_background ? digits : "";
		} else {
			v = getenv(name);
		}
		for (; v && *v; v++) {
			if (n + 1 >= size)
				return -1;
			out[n++] = *v;
		}
	}
	if (n >= size)
		return -1;
	out[n] = '\0';
	return 0;
}

/* If a variable name starts at p->pos + 1 (after a '$'), append its
 * value from the environment (nothing if unset) and return 1. */
static int put_variable(struct parser *p, int *err)
{
	size_t start = p->pos + 1, end = start;
	char name[64];

	while (p->s[end] == '_' || isalpha((unsigned char)p->s[end]) ||
	       (end > start && isdigit((unsigned char)p->s[end])))
		end++;
	if (end == start)
		return 0;
	if (end - start >= sizeof(name)) {
		*err = fail(p, PARSE_E_SYNTAX, col_now(p), "variable name too long", NULL);
		return 1;
	}
	memcpy(name, p->s + start, end - start);
	name[end - start] = '\0';
	p->pos = end;
	*err = put_expansion(p, name, getenv(name));
	return 1;
}

/* Append the body of a single-quoted string; p->pos is just past the
 * opening quote, and ends just past the closing one. */
static int lex_single(struct parser *p, int open_col)
{
	int err;

	for (;;) {
		char c = p->s[p->pos++];
		if (c == '\0')
			return fail(p, PARSE_E_QUOTE, open_col, "unterminated quote", NULL);
		if (c == '\'')
			return 0;
		if ((err = arena_putc(p, c)))
			return err;
	}
}

/* Append the body of a double-quoted string, like lex_single. */
static int lex_double(struct parser *p, int open_col)
{
	int err = 0;

	for (;;) {
		char c = p->s[p->pos++];
		if (c == '\0')
			return fail(p, PARSE_E_QUOTE, open_col, "unterminated quote", NULL);
		if (c == '"')
			return 0;
		if (c == '\\' && p->s[p->pos] == '\n')
			p->pos++;
		else if (c == '\\' && p->s[p->pos] != '\0' && strchr("\\\"$`", p->s[p->pos]))
			err = arena_putc(p, p->s[p->pos++]);
		else if (c == '$' && p->s[p->pos] == '?') {
			p->pos++;
			err = put_status(p);
		} else if (c == '$' && p->s[p->pos] == '!') {
			p->pos++;
			err = put_expansion(p, "!", "");
		} else if (c == '$') {
			p->pos--;
			if (!put_variable(p, &err)) {
				p->pos++;
				err = arena_putc(p, c);
			}
		} else
			err = arena_putc(p, c);
		if (err)
			return err;
	}
}

/* Take one piece of a word at p->pos (a quoted string, an escape, "$?",
 * "$NAME" or one byte) and append it. */
static int lex_piece(struct parser *p)
{
	char c = p->s[p->pos];
	int col = col_now(p);

	if (c == '\'' || c == '"') {
		p->pos++;
		return c == '\'' ? lex_single(p, col) : lex_double(p, col);
	}
	if (c == '\\') {
		char next = p->s[p->pos + 1];
		if (next == '\0')
			return fail(p, PARSE_E_ESCAPE, col, "trailing backslash", NULL);
		p->pos += 2;
		return next == '\n' ? 0 : arena_putc(p, next);
	}
	if (c == '$' && p->s[p->pos + 1] == '?') {
		p->pos += 2;
		return put_status(p);
	}
	if (c == '$' && p->s[p->pos + 1] == '!') {
		p->pos += 2;
		return put_expansion(p, "!", "");
	}
	int err;
	if (c == '$' && put_variable(p, &err))
		return err;
	p->pos++;
	return arena_putc(p, c);
}

/* Lex a word starting at p->pos (not a word end) into the lookahead.
 * It may be empty (''), but skip_blanks has taken any leading '\'
 * newline, so there is always a word. */
static int lex_word(struct parser *p)
{
	size_t start = p->used;
	int err;

	p->tok.type = T_WORD;
	while (!ends_word(p->s[p->pos]))
		if ((err = lex_piece(p)))
			return err;
	if ((err = arena_putc(p, '\0')))
		return err;
	p->tok.text = p->base + start;
	return 0;
}

/* Lex the operator at p->pos into the lookahead, with io-number fd. */
static void lex_op(struct parser *p, int fd, int col)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i].text);
		if (strncmp(p->s + p->pos, ops[i].text, n) == 0) {
			p->tok.type = ops[i].type;
			p->tok.name = ops[i].text;
			p->tok.col = col;
			p->tok.fd = fd;
			p->pos += n;
			return;
		}
	}
}

/* If digits at p->pos lead straight into '<' or '>', lex them and the
 * operator as one redirection token: 1 if so, 0 if not, or an error. */
static int lex_io_number(struct parser *p)
{
	size_t end = p->pos;
	int fd = 0, col = col_now(p);

	while (p->s[end] >= '0' && p->s[end] <= '9')
		end++;
	if (end == p->pos || (p->s[end] != '<' && p->s[end] != '>'))
		return 0;
	for (size_t i = p->pos; i < end; i++) {
		fd = fd * 10 + (p->s[i] - '0');
		if (fd > SH_FD_MAX)
			return fail(p, PARSE_E_FD, col, "descriptor out of range", NULL);
	}
	p->pos = end;
	lex_op(p, fd, col_now(p));
	return 1;
}

/* Advance the lookahead to the next token. */
static int next(struct parser *p)
{
	int r;

	p->tok.text = NULL;
	p->tok.name = "";
	p->tok.fd = -1;
	skip_blanks(p);
	p->tok.col = col_now(p);
	if (p->s[p->pos] == '\0') {
		p->tok.type = T_END;
		return 0;
	}
	if ((r = lex_io_number(p)) != 0)
		return r < 0 ? r : 0;
	if (ends_word(p->s[p->pos])) {
		lex_op(p, -1, col_now(p));
		return 0;
	}
	return lex_word(p);
}

/* ---------------------------------------------------------------- parser */

static int is_redir(enum tok_type t)
{
	return t == T_LESS || t == T_GREAT || t == T_DGREAT ||
	       t == T_LESSAND || t == T_GREATAND;
}

/* The descriptor a ">&" target word names, or -1. */
static int dup_target(const char *w)
{
	int fd = 0;

	if (*w == '\0')
		return -1;
	for (; *w; w++) {
		if (*w < '0' || *w > '9')
			return -1;
		fd = fd * 10 + (*w - '0');
		if (fd > SH_FD_MAX)
			return -1;
	}
	return fd;
}

/* Parse one redirection (the lookahead is its operator) onto *tail. */
static int parse_redir(struct parser *p, struct sh_redir ***tail)
{
	struct token op = p->tok;
	struct sh_redir *r;
	int err, dup = op.type == T_LESSAND || op.type == T_GREATAND;

	if ((err = next(p)))
		return err;
	if (p->tok.type != T_WORD)
		return fail(p, PARSE_E_MISSING, op.col, dup ? "missing descriptor after" :
			    "missing file after", op.name);
	if (!(r = arena_alloc(p, sizeof(*r))))
		return fail_nospace(p);
	r->kind = op.type == T_LESS ? SH_REDIR_IN : op.type == T_GREAT ? SH_REDIR_OUT :
		  op.type == T_DGREAT ? SH_REDIR_APPEND : SH_REDIR_DUP;
	r->fd = op.fd >= 0 ? op.fd : (op.type == T_LESS || op.type == T_LESSAND) ? 0 : 1;
	if (!dup)
		r->file = p->tok.text;
	else if ((r->dupfd = dup_target(p->tok.text)) < 0)
		return fail(p, PARSE_E_FD, p->tok.col, "bad descriptor after", op.name);
	**tail = r;
	*tail = &r->next;
	return next(p);
}

/* A word list node, only while a command is parsed. */
struct word {
	char *text;
	struct word *next;
};

/* Turn the command's word list into its argv array. */
static int make_argv(struct parser *p, struct sh_cmd *c, const struct word *w)
{
	if (!(c->argv = arena_alloc(p, sizeof(char *) * ((size_t)c->argc + 1))))
		return fail_nospace(p);
	for (int i = 0; w; w = w->next)
		c->argv[i++] = w->text;
	c->argv[c->argc] = NULL;
	return 0;
}

/* Parse a simple command: words and redirections, at least one. */
static int parse_command(struct parser *p, struct sh_cmd **out)
{
	struct sh_cmd *c = arena_alloc(p, sizeof(*c));
	struct sh_redir **rtail;
	struct word *words = NULL, **wtail = &words;
	int err;

	if (!(*out = c))
		return fail_nospace(p);
	rtail = &c->redirs;
	for (;;) {
		if (is_redir(p->tok.type)) {
			if ((err = parse_redir(p, &rtail)))
				return err;
		} else if (p->tok.type == T_WORD) {
			struct word *w = arena_alloc(p, sizeof(*w));
			if (!w)
				return fail_nospace(p);
			w->text = p->tok.text;
			*wtail = w;
			wtail = &w->next;
			c->argc++;
			if ((err = next(p)))
				return err;
		} else
			break;
	}
	if (c->argc == 0 && c->redirs == NULL)
		return fail_near(p);
	return make_argv(p, c, words);
}

/* After operator op (just consumed), the line must go on. */
static int need_more(struct parser *p, const struct token *op)
{
	if (p->tok.type == T_END)
		return fail(p, PARSE_E_MISSING, op->col, "missing command after", op->name);
	return 0;
}

/* Parse commands joined by '|'. */
static int parse_pipeline(struct parser *p, enum sh_cond cond, struct sh_pipeline **out)
{
	struct sh_pipeline *pl = arena_alloc(p, sizeof(*pl));
	struct sh_cmd **tail;
	int err;

	if (!(*out = pl))
		return fail_nospace(p);
	pl->cond = cond;
	tail = &pl->cmds;
	for (;;) {
		if ((err = parse_command(p, tail)))
			return err;
		tail = &(*tail)->next;
		pl->ncmds++;
		if (p->tok.type != T_PIPE)
			return 0;
		struct token op = p->tok;
		if ((err = next(p)) || (err = need_more(p, &op)))
			return err;
	}
}

/* Parse pipelines joined by '&&' and '||'. */
static int parse_job(struct parser *p, struct sh_job **out)
{
	struct sh_job *j = arena_alloc(p, sizeof(*j));
	struct sh_pipeline **tail;
	enum sh_cond cond = SH_ALWAYS;
	int err;

	if (!(*out = j))
		return fail_nospace(p);
	tail = &j->pipelines;
	for (;;) {
		if ((err = parse_pipeline(p, cond, tail)))
			return err;
		tail = &(*tail)->next;
		if (p->tok.type != T_AND && p->tok.type != T_OR)
			return 0;
		struct token op = p->tok;
		cond = op.type == T_AND ? SH_IF_OK : SH_IF_FAIL;
		if ((err = next(p)) || (err = need_more(p, &op)))
			return err;
	}
}

/* Parse the whole line: jobs ended by ';', '&' or a newline. */
static int parse_jobs(struct parser *p, struct sh_job **out)
{
	struct sh_job **tail = out;
	int err;

	while (p->tok.type != T_END) {
		if (p->tok.type == T_SEMI && p->tok.name[0] == '\n') {
			if ((err = next(p)))     /* an empty line between jobs */
				return err;
			continue;
		}
		if ((err = parse_job(p, tail)))
			return err;
		if (p->tok.type == T_SEMI || p->tok.type == T_AMP) {
			(*tail)->background = p->tok.type == T_AMP;
			if ((err = next(p)))
				return err;
		} else if (p->tok.type != T_END)
			return fail_near(p);
		tail = &(*tail)->next;
	}
	return 0;
}

int parse_line(const char *line, int last_status, void *arena, size_t size,
	       struct sh_job **out, struct parse_error *err)
{
	struct parser p = {
		.s = line, .status = last_status, .base = arena, .size = size, .err = err,
	};
	int r;

	*out = NULL;
	err->col = 0;
	err->msg[0] = '\0';
	size_t bad = strcspn(line, "\1\2");
	if (line[bad]) {
		p.pos = bad;
		return fail(&p, PARSE_E_SYNTAX, col_now(&p), "control character", NULL);
	}
	if ((r = next(&p)) || (r = parse_jobs(&p, out)))
		*out = NULL;
	return r;
}
