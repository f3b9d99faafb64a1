/*
 * test_shparse - the shell's parser and line editor.  Parsed lines are
 * rendered to a canonical string and compared exactly:
 *   CMD(w1 w2 < in 2> err 2>&1)    a command; words with a blank or
 *                                  parenthesis, or empty, in [ ]
 *   PIPE(c1 c2)  AND(x y)  OR(x y)  BG(x)  SEQ(j1 j2)
 * Every line is copied to a malloc'd buffer of exactly its length and
 * every arena is malloc'd at exactly its size, so AddressSanitizer
 * catches any read or write past either.
 */
#include <stdlib.h>
#include <limits.h>
#include "check.h"
#include "../../userland/sh/parse.h"
#include "../../userland/sh/edit.h"

/* ---------------------------------------------------------------- rendering */

struct out {
	char s[4096];
	size_t n;
};

static void put(struct out *o, const char *s)
{
	size_t k = strlen(s);

	if (o->n + k < sizeof(o->s)) {
		memcpy(o->s + o->n, s, k + 1);
		o->n += k;
	}
}

static void put_word(struct out *o, const char *w)
{
	int bracket = *w == '\0' || strpbrk(w, " \t()") != NULL;

	put(o, bracket ? "[" : "");
	put(o, w);
	put(o, bracket ? "]" : "");
}

static void put_redir(struct out *o, const struct sh_redir *r)
{
	static const char *const ops[] = { "<", ">", ">>", ">&" };
	static const int dflt[] = { 0, 1, 1, -1 };
	char fd[16];

	snprintf(fd, sizeof(fd), r->fd == dflt[r->kind] ? "" : "%d", r->fd);
	put(o, fd);
	put(o, ops[r->kind]);
	if (r->kind == SH_REDIR_DUP) {
		snprintf(fd, sizeof(fd), "%d", r->dupfd);
		put(o, fd);
	} else {
		put(o, " ");
		put_word(o, r->file);
	}
}

static void put_cmd(struct out *o, const struct sh_cmd *c)
{
	put(o, "CMD(");
	for (int i = 0; i < c->argc; i++) {
		put(o, i ? " " : "");
		put_word(o, c->argv[i]);
	}
	if (c->argv[c->argc] != NULL)
		put(o, "!argv not NULL-terminated!");
	for (const struct sh_redir *r = c->redirs; r; r = r->next) {
		put(o, c->argc || r != c->redirs ? " " : "");
		put_redir(o, r);
	}
	put(o, ")");
}

static void put_pipeline(struct out *o, const struct sh_pipeline *p)
{
	int n = 0;

	if (p->ncmds > 1)
		put(o, "PIPE(");
	for (const struct sh_cmd *c = p->cmds; c; c = c->next, n++) {
		put(o, n ? " " : "");
		put_cmd(o, c);
	}
	if (p->ncmds > 1)
		put(o, ")");
	if (n != p->ncmds)
		put(o, "!ncmds wrong!");
}

/* pipelines p1 op1 p2 op2 p3 as OP2(OP1(p1 p2) p3): left to right. */
static void put_job(struct out *o, const struct sh_job *j)
{
	const struct sh_pipeline *ps[256];
	int n = 0;

	for (const struct sh_pipeline *p = j->pipelines; p && n < 256; p = p->next)
		ps[n++] = p;
	for (int i = n - 1; i >= 1; i--)
		put(o, ps[i]->cond == SH_IF_OK ? "AND(" : ps[i]->cond == SH_IF_FAIL ? "OR(" : "?(");
	if (n && ps[0]->cond != SH_ALWAYS)
		put(o, "!first cond!");
	for (int i = 0; i < n; i++) {
		if (i)
			put(o, " ");
		put_pipeline(o, ps[i]);
		if (i)
			put(o, ")");
	}
}

static const char *render(const struct sh_job *jobs)
{
	static struct out o;
	int n = 0;

	o.n = 0;
	o.s[0] = '\0';
	for (const struct sh_job *j = jobs; j; j = j->next)
		n++;
	if (n > 1)
		put(&o, "SEQ(");
	for (const struct sh_job *j = jobs; j; j = j->next) {
		put(&o, j == jobs ? "" : " ");
		put(&o, j->background ? "BG(" : "");
		put_job(&o, j);
		put(&o, j->background ? ")" : "");
	}
	if (n > 1)
		put(&o, ")");
	return o.s;
}

/* ---------------------------------------------------------------- helpers */

static struct parse_error perr;
static struct sh_job *jobs;

/* Parse line (from an exact-size copy) with an arena of size bytes. */
static int parse_sized(const char *line, int status, size_t size)
{
	static char *arena, *copy;

	free(arena);
	free(copy);
	arena = malloc(size ? size : 1);
	copy = strdup(line);
	return parse_line(copy, status, arena, size, &jobs, &perr);
}

static int parse(const char *line, int status)
{
	return parse_sized(line, status, 1 << 16);
}

static const struct { const char *line; int status; const char *want; } good[] = {
	{ "", 0, "" },
	{ "  \t ", 0, "" },
	{ "# just a comment | ; &", 0, "" },
	{ "echo hi", 0, "CMD(echo hi)" },
	{ "  echo   a\tb \r ", 0, "CMD(echo a b)" },
	{ "echo a | wc -l > out", 0, "PIPE(CMD(echo a) CMD(wc -l > out))" },
	{ "a | b | c", 0, "PIPE(CMD(a) CMD(b) CMD(c))" },
	{ "a|b", 0, "PIPE(CMD(a) CMD(b))" },
	{ "cat < in > out", 0, "CMD(cat < in > out)" },
	{ "cat <in >>log", 0, "CMD(cat < in >> log)" },
	{ "echo >out a b", 0, "CMD(echo a b > out)" },
	{ "cmd 2> err", 0, "CMD(cmd 2> err)" },
	{ "cmd 2>>err 3<in 0>o", 0, "CMD(cmd 2>> err 3< in 0> o)" },
	{ "cmd 2>&1", 0, "CMD(cmd 2>&1)" },
	{ "cmd >&2 <&3", 0, "CMD(cmd 1>&2 0>&3)" },
	{ "cmd 255>f", 0, "CMD(cmd 255> f)" },
	{ "echo 2 > f", 0, "CMD(echo 2 > f)" },
	{ "echo a2>f", 0, "CMD(echo a2 > f)" },
	{ "echo 12345 2a", 0, "CMD(echo 12345 2a)" },
	{ "> f", 0, "CMD(> f)" },
	{ "2>e <i", 0, "CMD(2> e < i)" },
	{ "cmd >''", 0, "CMD(cmd > [])" },
	{ "a; b", 0, "SEQ(CMD(a) CMD(b))" },
	{ "a; b;", 0, "SEQ(CMD(a) CMD(b))" },
	{ "a;b&c", 0, "SEQ(CMD(a) BG(CMD(b)) CMD(c))" },
	{ "a &", 0, "BG(CMD(a))" },
	{ "a & b", 0, "SEQ(BG(CMD(a)) CMD(b))" },
	{ "a && b", 0, "AND(CMD(a) CMD(b))" },
	{ "a || b && c", 0, "AND(OR(CMD(a) CMD(b)) CMD(c))" },
	{ "a&&b||c", 0, "OR(AND(CMD(a) CMD(b)) CMD(c))" },
	{ "a | b && c | d || e &", 0,
	  "BG(OR(AND(PIPE(CMD(a) CMD(b)) PIPE(CMD(c) CMD(d))) CMD(e)))" },
	{ "x > f && y ; z &", 0, "SEQ(AND(CMD(x > f) CMD(y)) BG(CMD(z)))" },
	{ "echo 'a b' \"c d\"", 0, "CMD(echo [a b] [c d])" },
	{ "echo '' \"\"", 0, "CMD(echo [] [])" },
	{ "echo \"\"''x", 0, "CMD(echo x)" },
	{ "echo 'it''s'", 0, "CMD(echo its)" },
	{ "echo \"a'b\" 'a\"b'", 0, "CMD(echo a'b a\"b)" },
	{ "echo 'a|b;c&&d>e'", 0, "CMD(echo a|b;c&&d>e)" },
	{ "echo a\\ b \\|", 0, "CMD(echo [a b] |)" },
	{ "echo \\'x\\' \\\\", 0, "CMD(echo 'x' \\)" },
	{ "echo '\\n' \"\\$? \\\\ \\\" \\a \\`\"", 0, "CMD(echo \\n [$? \\ \" \\a `])" },
	{ "echo $?", 42, "CMD(echo 42)" },
	{ "echo \"<$?>\" x$?y '$?' \\$?", 7, "CMD(echo <7> x7y $? $?)" },
	{ "echo $?$?", -1, "CMD(echo -1-1)" },
	{ "echo $?", INT_MIN, "CMD(echo -2147483648)" },
	{ "$? > $?", 3, "CMD(3 > 3)" },
	{ "echo \\$HOME $ a$ \"$\"", 0, "CMD(echo $HOME $ a$ $)" },
	{ "echo a#b #c", 0, "CMD(echo a#b)" },
	{ "echo a # | b ; c", 0, "CMD(echo a)" },
	{ "echo '#' \\#x", 0, "CMD(echo # #x)" },
	{ "a\nb", 0, "SEQ(CMD(a) CMD(b))" },
	{ "a\n\n\nb\n", 0, "SEQ(CMD(a) CMD(b))" },
	{ "\n# c\na # d\n", 0, "CMD(a)" },
	{ "a \\\n b", 0, "CMD(a b)" },
	{ "a\\\nb \\\n\\\n", 0, "CMD(ab)" },
	{ "echo \"a\\\nb\"", 0, "CMD(echo ab)" },
	{ "x=1 cmd", 0, "CMD(x=1 cmd)" },
	{ "echo caf\xc3\xa9", 0, "CMD(echo caf\xc3\xa9)" },
	{ "echo {a} [b] ~ *", 0, "CMD(echo {a} [b] ~ *)" },
};

static const struct { const char *line; int code; const char *msg; } bad[] = {
	{ "| a", PARSE_E_SYNTAX, "syntax error near '|' at column 1" },
	{ "echo a | | b", PARSE_E_SYNTAX, "syntax error near '|' at column 10" },
	{ "echo a |;", PARSE_E_SYNTAX, "syntax error near ';' at column 9" },
	{ "; a", PARSE_E_SYNTAX, "syntax error near ';' at column 1" },
	{ "a ;; b", PARSE_E_SYNTAX, "syntax error near ';' at column 4" },
	{ "a & ; b", PARSE_E_SYNTAX, "syntax error near ';' at column 5" },
	{ "a & &", PARSE_E_SYNTAX, "syntax error near '&' at column 5" },
	{ "&", PARSE_E_SYNTAX, "syntax error near '&' at column 1" },
	{ "&& a", PARSE_E_SYNTAX, "syntax error near '&&' at column 1" },
	{ "a && && b", PARSE_E_SYNTAX, "syntax error near '&&' at column 6" },
	{ "a || | b", PARSE_E_SYNTAX, "syntax error near '|' at column 6" },
	{ "a |\nb", PARSE_E_SYNTAX, "syntax error near newline at column 4" },
	{ "a ;\n;", PARSE_E_SYNTAX, "syntax error near ';' at column 5" },
	{ "cat << EOF", PARSE_E_SYNTAX, "syntax error near '<<' at column 5" },
	{ "(a)", PARSE_E_SYNTAX, "syntax error near '(' at column 1" },
	{ "a )", PARSE_E_SYNTAX, "syntax error near ')' at column 3" },
	{ "echo a(b)", PARSE_E_SYNTAX, "syntax error near '(' at column 7" },
	{ "a |", PARSE_E_MISSING, "missing command after '|' at column 3" },
	{ "a | b |  ", PARSE_E_MISSING, "missing command after '|' at column 7" },
	{ "a &&", PARSE_E_MISSING, "missing command after '&&' at column 3" },
	{ "a ||   # c", PARSE_E_MISSING, "missing command after '||' at column 3" },
	{ "echo >", PARSE_E_MISSING, "missing file after '>' at column 6" },
	{ "cat <", PARSE_E_MISSING, "missing file after '<' at column 5" },
	{ "echo >> ; x", PARSE_E_MISSING, "missing file after '>>' at column 6" },
	{ "a > | b", PARSE_E_MISSING, "missing file after '>' at column 3" },
	{ "a >|b", PARSE_E_MISSING, "missing file after '>' at column 3" },
	{ "a <> b", PARSE_E_MISSING, "missing file after '<' at column 3" },
	{ "a 2>", PARSE_E_MISSING, "missing file after '>' at column 4" },
	{ "a > #x", PARSE_E_MISSING, "missing file after '>' at column 3" },
	{ "a >&", PARSE_E_MISSING, "missing descriptor after '>&' at column 3" },
	{ "a >&x", PARSE_E_FD, "bad descriptor after '>&' at column 5" },
	{ "a 2>&''", PARSE_E_FD, "bad descriptor after '>&' at column 6" },
	{ "a <&-", PARSE_E_FD, "bad descriptor after '<&' at column 5" },
	{ "a 2>&256", PARSE_E_FD, "bad descriptor after '>&' at column 6" },
	{ "a 256>f", PARSE_E_FD, "descriptor out of range at column 3" },
	{ "a 99999999999999999999999>f", PARSE_E_FD, "descriptor out of range at column 3" },
	{ "echo 'abc", PARSE_E_QUOTE, "unterminated quote at column 6" },
	{ "echo \"abc", PARSE_E_QUOTE, "unterminated quote at column 6" },
	{ "echo x\"a'b", PARSE_E_QUOTE, "unterminated quote at column 7" },
	{ "echo 'a\"b\" | c", PARSE_E_QUOTE, "unterminated quote at column 6" },
	{ "echo \"a\\\"", PARSE_E_QUOTE, "unterminated quote at column 6" },
	{ "echo ok; echo 'no", PARSE_E_QUOTE, "unterminated quote at column 15" },
	{ "echo abc\\", PARSE_E_ESCAPE, "trailing backslash at column 9" },
	{ "\\", PARSE_E_ESCAPE, "trailing backslash at column 1" },
};

/** Each line of the table parses to its expected tree. */
TEST(good_lines)
{
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int r = parse(good[i].line, good[i].status);
		if (r != 0)
			CHECK_FAIL("\"%s\": %d %s", good[i].line, r, perr.msg);
		if (strcmp(render(jobs), good[i].want) != 0)
			CHECK_FAIL("\"%s\": got %s, want %s", good[i].line, render(jobs), good[i].want);
	}
}

/** $NAME expands from the environment, in words and double quotes, not
 * in single quotes; an unset one is empty; a '$' before no name stays. */
TEST(variables)
{
	static const struct { const char *line; const char *want; } v[] = {
		{ "echo $G", "CMD(echo hi)" },
		{ "echo x$G-y \"[$G]\" '$G'", "CMD(echo xhi-y [hi] $G)" },
		{ "echo $G_2 $UNSET_VAR. $", "CMD(echo two . $)" },
		{ "echo \"$ $1\" $?", "CMD(echo [$ $1] 3)" },
		{ "cat < $G", "CMD(cat < hi)" },
	};

	setenv("G", "hi", 1);
	setenv("G_2", "two", 1);
	unsetenv("UNSET_VAR");
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		int r = parse(v[i].line, 3);
		if (r != 0)
			CHECK_FAIL("\"%s\": %d %s", v[i].line, r, perr.msg);
		else if (strcmp(render(jobs), v[i].want) != 0)
			CHECK_FAIL("\"%s\": got %s, want %s", v[i].line, render(jobs), v[i].want);
	}
	char longname[100] = "echo $";
	memset(longname + 6, 'A', 80);
	longname[86] = '\0';
	CHECK_EQ(parse(longname, 0), PARSE_E_SYNTAX);
}

/** With PARSE_DEFER the words keep markers that sh_expand fills in later,
 * with the status and environment of that moment. */
TEST(deferred)
{
	char out[64];

	setenv("D", "one", 1);
	CHECK_EQ(parse("echo $? x$D \"[$D $?]\" '$D' > f$D", PARSE_DEFER), 0);
	const struct sh_cmd *c = jobs->pipelines->cmds;
	CHECK_EQ(c->argc, 5);
	setenv("D", "two", 1);
	CHECK_EQ(sh_expand(c->argv[1], 7, out, sizeof(out)), 0);
	CHECK(strcmp(out, "7") == 0);
	CHECK_EQ(sh_expand(c->argv[2], 7, out, sizeof(out)), 0);
	CHECK(strcmp(out, "xtwo") == 0);
	CHECK_EQ(sh_expand(c->argv[3], 0, out, sizeof(out)), 0);
	CHECK(strcmp(out, "[two 0]") == 0);
	CHECK_EQ(sh_expand(c->argv[4], 0, out, sizeof(out)), 0);
	CHECK(strcmp(out, "$D") == 0);
	CHECK_EQ(sh_expand(c->redirs->file, 0, out, sizeof(out)), 0);
	CHECK(strcmp(out, "ftwo") == 0);
	unsetenv("D");
	CHECK_EQ(sh_expand(c->argv[2], 0, out, sizeof(out)), 0);
	CHECK(strcmp(out, "x") == 0);
	CHECK_EQ(sh_expand(c->argv[3], 123, out, 4), -1);   /* "[ 123]" does not fit */
	CHECK_EQ(parse("echo $! \"$!\"", PARSE_DEFER), 0);
	c = jobs->pipelines->cmds;
	sh_last_background = 0;
	CHECK_EQ(sh_expand(c->argv[1], 0, out, sizeof(out)), 0);
	CHECK(strcmp(out, "") == 0);
	sh_last_background = 77;
	CHECK_EQ(sh_expand(c->argv[2], 0, out, sizeof(out)), 0);
	CHECK(strcmp(out, "77") == 0);
	CHECK_EQ(parse("echo $!", 0), 0);
	CHECK(strcmp(render(jobs), "CMD(echo [])") == 0);   /* empty without deferring */
	CHECK_EQ(sh_expand("", 0, out, 1), 0);
	CHECK_EQ(sh_expand("a", 0, out, 1), -1);
	CHECK_EQ(parse("echo \001x", PARSE_DEFER), PARSE_E_SYNTAX);
	CHECK(strstr(perr.msg, "control character") != NULL);
	CHECK_EQ(parse("echo x\002", 0), PARSE_E_SYNTAX);
}

/** Each bad line gets its error code and exact one-line message, and no tree. */
TEST(bad_lines)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		jobs = (struct sh_job *)1;
		int r = parse(bad[i].line, 0);
		if (r != bad[i].code || strcmp(perr.msg, bad[i].msg) != 0 || jobs != NULL)
			CHECK_FAIL("\"%s\": got %d \"%s\", want %d \"%s\"", bad[i].line, r,
				   perr.msg, bad[i].code, bad[i].msg);
		char want_col[32];
		snprintf(want_col, sizeof(want_col), "at column %d", perr.col);
		CHECK(strstr(perr.msg, want_col) != NULL);
	}
}

/** The tree's fields: argc and NULL-terminated argv, redirection kinds and fds, conditions. */
TEST(tree_fields)
{
	CHECK_EQ(parse("grep -v x < in 2>&1 | wc && true &", 0), 0);
	CHECK(jobs && jobs->next == NULL && jobs->background == 1);
	const struct sh_pipeline *p = jobs->pipelines;
	CHECK_EQ(p->cond, SH_ALWAYS);
	CHECK_EQ(p->ncmds, 2);
	const struct sh_cmd *c = p->cmds;
	CHECK_EQ(c->argc, 3);
	CHECK_STR(c->argv[0], "grep");
	CHECK_STR(c->argv[2], "x");
	CHECK(c->argv[3] == NULL);
	CHECK_EQ(c->redirs->kind, SH_REDIR_IN);
	CHECK_EQ(c->redirs->fd, 0);
	CHECK_STR(c->redirs->file, "in");
	CHECK_EQ(c->redirs->next->kind, SH_REDIR_DUP);
	CHECK_EQ(c->redirs->next->fd, 2);
	CHECK_EQ(c->redirs->next->dupfd, 1);
	CHECK(c->redirs->next->file == NULL);
	CHECK(c->redirs->next->next == NULL);
	CHECK_STR(c->next->argv[0], "wc");
	CHECK(c->next->next == NULL && c->next->redirs == NULL);
	CHECK_EQ(p->next->cond, SH_IF_OK);
	CHECK_EQ(p->next->ncmds, 1);
	CHECK(p->next->next == NULL);
	CHECK_EQ(parse("> f", 0), 0);
	CHECK_EQ(jobs->pipelines->cmds->argc, 0);
	CHECK(jobs->pipelines->cmds->argv[0] == NULL);
	CHECK_EQ(jobs->pipelines->cmds->redirs->kind, SH_REDIR_OUT);
}

/** Words stay valid while the arena lives: a second parse elsewhere does not touch them. */
TEST(separate_arenas)
{
	static char a1[4096], a2[4096];
	struct sh_job *j1, *j2;

	CHECK_EQ(parse_line("echo one | cat", 0, a1, sizeof(a1), &j1, &perr), 0);
	CHECK_EQ(parse_line("echo two", 0, a2, sizeof(a2), &j2, &perr), 0);
	CHECK_STR(render(j1), "PIPE(CMD(echo one) CMD(cat))");
	CHECK_STR(render(j2), "CMD(echo two)");
	CHECK_EQ(parse_line("x", 0, a1 + 1, sizeof(a1) - 1, &j1, &perr), 0);
	CHECK_STR(render(j1), "CMD(x)");
}

/* The smallest arena that parses line (sizes are monotonic). */
static size_t arena_needed(const char *line, int status)
{
	size_t lo = 0, hi = 1 << 22;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (parse_sized(line, status, mid) == 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/** Every arena too small gives "line too long", never an overflow; from the needed size on, the same tree. */
TEST(arena_sizes)
{
	const char *line = "echo 'a b' $? | wc -l > out 2>&1 && x || y & z";
	const char *want = "SEQ(BG(OR(AND(PIPE(CMD(echo [a b] 5) CMD(wc -l > out 2>&1)) CMD(x)) CMD(y))) CMD(z))";
	size_t need = arena_needed(line, 5);

	CHECK(need > 0 && need < 4096);
	for (size_t size = 0; size < need + 64; size++) {
		int r = parse_sized(line, 5, size);
		if (size < need && (r != PARSE_E_NOSPACE || strncmp(perr.msg, "line too long at column ", 24)))
			CHECK_FAIL("size %zu: %d %s", size, r, perr.msg);
		if (size >= need && (r != 0 || strcmp(render(jobs), want) != 0))
			CHECK_FAIL("size %zu: %d %s", size, r, render(jobs));
	}
}

/** The arena a line needs stays within 64 bytes per input byte, as parse.h promises. */
TEST(arena_bound)
{
	static const char *const units[] = {
		"a;", "a ", "a|", "a&", "'' ", "$? ", "a>b ", "2>&1 ", ">a;", "a&&", "\n",
		"'' ;", "a\\\n",
	};
	static char line[2048];

	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		size_t k = strlen(units[u]), n = 0;
		while (n + k < 1000) {
			memcpy(line + n, units[u], k);
			n += k;
		}
		line[n] = '\0';
		if (line[n - 1] == '|' || line[n - 1] == '&')
			line[n++] = 'z', line[n] = '\0';
		size_t need = arena_needed(line, INT_MIN);
		CHECK(parse_sized(line, INT_MIN, need) == 0);
		if (need > 64 * n + 64)
			CHECK_FAIL("\"%s\" x %zu: %zu bytes", units[u], n / k, need);
	}
	for (int i = 0; i < EDIT_MAX; i++)
		line[i] = i % 2 ? ';' : 'a';
	line[EDIT_MAX] = '\0';
	CHECK_EQ(parse_sized(line, 0, 64 << 10), 0);
	int n = 0;
	for (const struct sh_job *j = jobs; j; j = j->next)
		n++;
	CHECK_EQ(n, (EDIT_MAX + 1) / 2);
}

/** A very long word and a very long pipeline parse without recursion or overflow. */
TEST(long_lines)
{
	static char line[200001];

	memset(line, 'a', 100000);
	line[100000] = '\0';
	CHECK_EQ(parse_sized(line, 0, 1 << 20), 0);
	CHECK_EQ(strlen(jobs->pipelines->cmds->argv[0]), 100000);
	CHECK_EQ(parse_sized(line, 0, 4096), PARSE_E_NOSPACE);
	CHECK_STR(perr.msg, "line too long at column 4097");
	for (int i = 0; i < 100000; i++)
		line[2 * i] = 'a', line[2 * i + 1] = '|';
	line[199999] = '\0';
	CHECK_EQ(parse_sized(line, 0, 1 << 24), 0);
	CHECK_EQ(jobs->pipelines->ncmds, 100000);
	for (int i = 0; i < 100000; i++)
		line[2 * i] = 'a', line[2 * i + 1] = ';';
	CHECK_EQ(parse_sized(line, 0, 1 << 24), 0);
}

/* Walk a tree and check that every string lies in [lo, hi). */
static int inside(const struct sh_job *j, const char *lo, const char *hi)
{
	for (; j; j = j->next)
		for (const struct sh_pipeline *p = j->pipelines; p; p = p->next)
			for (const struct sh_cmd *c = p->cmds; c; c = c->next) {
				for (int i = 0; i < c->argc; i++)
					if (c->argv[i] < lo || c->argv[i] >= hi)
						return 0;
				for (const struct sh_redir *r = c->redirs; r; r = r->next)
					if (r->file && (r->file < lo || r->file >= hi))
						return 0;
			}
	return 1;
}

/** Random lines of shell punctuation parse or fail with a positioned message, never crash. */
TEST(fuzz)
{
	static const char alphabet[] = "ab |&;<>()'\"\\$?#\n2 \t>&|";
	static char line[256];
	static char arena[8192];
	uint32_t seed = 777;
	int ok = 0;

	for (int iter = 0; iter < 200000; iter++) {
		seed = seed * 1664525 + 1013904223;
		size_t n = (seed >> 8) % 40;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1664525 + 1013904223;
			line[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		line[n] = '\0';
		char *copy = strdup(line);
		int r = parse_line(copy, 0, arena, iter % 7 ? sizeof(arena) : 64, &jobs, &perr);
		free(copy);
		if (r == 0) {
			ok++;
			CHECK(inside(jobs, arena, arena + sizeof(arena)));
			render(jobs);
		} else if (r < PARSE_E_NOSPACE || perr.col < 1 || (size_t)perr.col > n + 1 ||
			   strstr(perr.msg, " at column ") == NULL || jobs != NULL)
			CHECK_FAIL("\"%s\": %d \"%s\" col %d", line, r, perr.msg, perr.col);
	}
	CHECK(ok > 1000);
}

/* ---------------------------------------------------------------- editor */

static struct edit_line ed;
static char echoed[8192];
static size_t nechoed;

/* Feed n bytes; returns the last result, echo collected in echoed. */
static int feed(const char *s, size_t n)
{
	int r = EDIT_MORE;

	nechoed = 0;
	for (size_t i = 0; i < n; i++) {
		r = edit_feed(&ed, (unsigned char)s[i]);
		memcpy(echoed + nechoed, ed.echo, ed.necho);
		nechoed += ed.necho;
		echoed[nechoed] = '\0';
	}
	return r;
}

#define FEED(s) feed(s, sizeof(s) - 1)

/** Typed characters are echoed, and CR ends the line with "\r\n". */
TEST(edit_typing)
{
	edit_init(&ed);
	CHECK_EQ(FEED("ls -l"), EDIT_MORE);
	CHECK_STR(ed.line, "ls -l");
	CHECK_EQ(FEED("\r"), EDIT_DONE);
	CHECK_STR(echoed, "\r\n");
	CHECK_STR(ed.line, "ls -l");
	CHECK_EQ(ed.len, 5);
	CHECK_EQ(FEED("x\n"), EDIT_DONE);
	CHECK_STR(ed.line, "x");
	CHECK_STR(echoed, "x\r\n");
}

/** Backspace and DEL erase one character with "\b \b"; on an empty line they do nothing. */
TEST(edit_backspace)
{
	edit_init(&ed);
	CHECK_EQ(FEED("lx\x7fs\b\bcat\r"), EDIT_DONE);
	CHECK_STR(ed.line, "cat");
	CHECK_STR(echoed, "lx\b \bs\b \b\b \bcat\r\n");
	CHECK_EQ(FEED("\x7f\b\x7f"), EDIT_MORE);
	CHECK_EQ(nechoed, 0);
	CHECK_EQ(ed.len, 0);
}

/** Ctrl-U erases the whole line, one "\b \b" per character. */
TEST(edit_kill_line)
{
	edit_init(&ed);
	CHECK_EQ(FEED("abc\x15" "d\r"), EDIT_DONE);
	CHECK_STR(ed.line, "d");
	CHECK_STR(echoed, "abc\b \b\b \b\b \bd\r\n");
}

/** CR LF ends one line, not two; LF LF ends two, the second empty. */
TEST(edit_crlf)
{
	edit_init(&ed);
	CHECK_EQ(FEED("a\r"), EDIT_DONE);
	CHECK_EQ(FEED("\n"), EDIT_MORE);
	CHECK_EQ(nechoed, 0);
	CHECK_EQ(FEED("b\r\n"), EDIT_MORE);
	CHECK_STR(ed.line, "b");
	CHECK_EQ(FEED("c\n"), EDIT_DONE);
	CHECK_EQ(FEED("\n"), EDIT_DONE);
	CHECK_STR(ed.line, "");
	CHECK_EQ(FEED("\r"), EDIT_DONE);
	CHECK_EQ(FEED("\r"), EDIT_DONE);
}

/** Ctrl-C drops the line with "^C"; Ctrl-D ends input only on an empty line. */
TEST(edit_intr_eof)
{
	edit_init(&ed);
	CHECK_EQ(FEED("abc\x03"), EDIT_INTR);
	CHECK_STR(ed.line, "");
	CHECK_STR(echoed, "abc^C\r\n");
	CHECK_EQ(FEED("a\x04"), EDIT_MORE);
	CHECK_STR(ed.line, "a");
	CHECK_EQ(FEED("\x15\x04"), EDIT_EOF);
	CHECK_EQ(FEED("\x04"), EDIT_EOF);
}

/** Arrow keys and other escape sequences, Alt-keys and stray control bytes are ignored. */
TEST(edit_escapes)
{
	edit_init(&ed);
	CHECK_EQ(FEED("a\x1b[Ab\x1b[1;5Cc\x1bODd\x1b" "xe\x01\x02\x00\x1f" "f"), EDIT_MORE);
	CHECK_STR(ed.line, "abcdef");
	CHECK_STR(echoed, "abcdef");
	CHECK_EQ(FEED("\x1b\r"), EDIT_DONE);      /* a control byte ends a sequence */
	CHECK_STR(ed.line, "abcdef");
	CHECK_EQ(FEED("\x1b[\x7fz"), EDIT_MORE);
	CHECK_STR(ed.line, "z");
}

/** A tab becomes a space; UTF-8 characters are erased whole. */
TEST(edit_tab_utf8)
{
	edit_init(&ed);
	CHECK_EQ(FEED("a\tb"), EDIT_MORE);
	CHECK_STR(ed.line, "a b");
	CHECK_EQ(FEED("\xc3\xa9\xf0\x9f\x98\x80\x7f"), EDIT_MORE);
	CHECK_STR(ed.line, "a b\xc3\xa9");
	CHECK_STR(echoed, "\xc3\xa9\xf0\x9f\x98\x80\b \b");
	CHECK_EQ(FEED("\x7f\x7f"), EDIT_MORE);
	CHECK_STR(ed.line, "a ");
	CHECK_EQ(FEED("\x80\x80\x7f"), EDIT_MORE);   /* stray continuation bytes */
	CHECK_STR(ed.line, "a ");
}

/** A full line drops further bytes with BEL; erasing and ending still work. */
TEST(edit_overflow)
{
	static char many[EDIT_MAX + 10];

	edit_init(&ed);
	memset(many, 'x', sizeof(many));
	CHECK_EQ(feed(many, sizeof(many)), EDIT_MORE);
	CHECK_EQ(ed.len, EDIT_MAX);
	CHECK_EQ(nechoed, EDIT_MAX + 10);
	CHECK(memcmp(echoed + EDIT_MAX, "\a\a\a\a\a\a\a\a\a\a", 10) == 0);
	CHECK_EQ(FEED("\x7fy"), EDIT_MORE);
	CHECK_EQ(ed.line[EDIT_MAX - 1], 'y');
	CHECK_EQ(FEED("\x15"), EDIT_MORE);
	CHECK_EQ(nechoed, 3 * EDIT_MAX);
	CHECK_EQ(feed(many, sizeof(many)), EDIT_MORE);
	CHECK_EQ(FEED("\r"), EDIT_DONE);
	CHECK_EQ(strlen(ed.line), EDIT_MAX);
}

/** Random bytes keep the editor's line consistent and the echo within its buffer. */
TEST(edit_fuzz)
{
	uint32_t seed = 5;

	edit_init(&ed);
	for (int i = 0; i < 300000; i++) {
		seed = seed * 1664525 + 1013904223;
		unsigned char c = (seed >> 24) % 4 ? 'a' + (seed >> 8) % 26 : (unsigned char)(seed >> 16);
		int r = edit_feed(&ed, c);
		CHECK(r >= EDIT_MORE && r <= EDIT_EOF);
		CHECK(ed.len <= EDIT_MAX && strlen(ed.line) == ed.len);
		CHECK(ed.necho <= sizeof(ed.echo));
	}
}

TEST_MAIN()
