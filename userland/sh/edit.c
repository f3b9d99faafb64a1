/*
 * edit.c - the console line editor (behaviour in edit.h).
 */
#include <string.h>
#include "edit.h"

#define CTRL(c) ((c) & 0x1f)
#define ESC 0x1b
#define DEL 0x7f

void edit_init(struct edit_line *e)
{
	memset(e, 0, sizeof(*e));
}

/* Queue n bytes of s to echo; the echo buffer holds the worst case
 * (Ctrl-U on a full line), so this cannot overflow. */
static void echo(struct edit_line *e, const char *s, size_t n)
{
	memcpy(e->echo + e->necho, s, n);
	e->necho += n;
}

static int is_cont(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

/* Erase the last character: a UTF-8 lead byte with its continuation
 * bytes, or one byte.  Returns 0 if the line was empty. */
static int erase_char(struct edit_line *e)
{
	size_t n = e->len;
	int cont = 0;

	if (n == 0)
		return 0;
	while (n > 0 && cont < 3 && is_cont(e->line[n - 1])) {
		n--;
		cont++;
	}
	if (cont == 0 || (n > 0 && (unsigned char)e->line[n - 1] >= 0xc0))
		n--;
	e->len = n;
	e->line[n] = '\0';
	echo(e, "\b \b", 3);
	return 1;
}

/* End the line with result r (EDIT_DONE, EDIT_INTR or EDIT_EOF). */
static int end_line(struct edit_line *e, int r)
{
	if (r != EDIT_DONE)
		e->len = 0;
	e->line[e->len] = '\0';
	e->ended = 1;
	return r;
}

/* Handle a control byte (below 0x20, or DEL). */
static int control(struct edit_line *e, unsigned char c)
{
	switch (c) {
	case '\n':
	case '\r':
		e->after_cr = c == '\r';
		echo(e, "\r\n", 2);
		return end_line(e, EDIT_DONE);
	case CTRL('H'): case DEL:
		erase_char(e);
		return EDIT_MORE;
	case CTRL('U'):
		while (erase_char(e))
			;
		return EDIT_MORE;
	case CTRL('C'):
		echo(e, "^C\r\n", 4);
		return end_line(e, EDIT_INTR);
	case CTRL('D'):
		return e->len == 0 ? end_line(e, EDIT_EOF) : EDIT_MORE;
	case ESC:
		e->esc = 1;
		return EDIT_MORE;
	default:
		return EDIT_MORE;
	}
}

/* Swallow one byte of an escape sequence: ESC, then '[' or 'O', then
 * parameter bytes up to a final byte in 0x40..0x7e (ECMA-48 5.4). */
static void escape_byte(struct edit_line *e, unsigned char c)
{
	if (e->esc == 1)
		e->esc = (c == '[' || c == 'O') ? 2 : 0;
	else if (c >= 0x40 && c <= 0x7e)
		e->esc = 0;
}

int edit_feed(struct edit_line *e, unsigned char c)
{
	int after_cr = e->after_cr;

	e->necho = 0;
	e->after_cr = 0;
	if (after_cr && c == '\n')
		return EDIT_MORE;         /* CR LF: the line ended at the CR */
	if (e->ended) {
		e->len = 0;
		e->line[0] = '\0';
		e->ended = 0;
	}
	if (c == '\t')
		c = ' ';
	if (c < 0x20 || c == DEL) {
		e->esc = 0;               /* a control byte cuts a sequence short */
		return control(e, c);
	}
	if (e->esc) {
		escape_byte(e, c);
		return EDIT_MORE;
	}
	if (e->len == EDIT_MAX) {
		echo(e, "\a", 1);
		return EDIT_MORE;
	}
	e->line[e->len++] = (char)c;
	e->line[e->len] = '\0';
	echo(e, (const char *)&c, 1);
	return EDIT_MORE;
}
