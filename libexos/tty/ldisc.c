/*
 * ldisc.c - the line discipline (ldisc.h).
 */
#include <signal.h>
#include <string.h>
#include "ldisc.h"

#define MASK (LDISC_QSIZE - 1)

static const cc_t default_cc[NCCS] = {
	[VINTR] = 3, [VQUIT] = 0x1c, [VERASE] = 0x7f, [VKILL] = 0x15, [VEOF] = 4,
	[VTIME] = 0, [VMIN] = 1, [VSTART] = 0x11, [VSTOP] = 0x13, [VSUSP] = 0x1a,
	[VEOL] = 0, [VREPRINT] = 0x12, [VDISCARD] = 0x0f, [VWERASE] = 0x17,
	[VLNEXT] = 0x16, [VEOL2] = 0,
};

void ldisc_init(struct ldisc *ld)
{
	memset(ld, 0, sizeof(*ld));
	ld->tio.c_iflag = ICRNL | IXON;
	ld->tio.c_oflag = OPOST | ONLCR;
	ld->tio.c_cflag = B115200 | CS8 | CREAD | HUPCL;
	ld->tio.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	memcpy(ld->tio.c_cc, default_cc, sizeof(default_cc));
	ld->tio.c_ispeed = ld->tio.c_ospeed = B115200;
}

static int canon(const struct ldisc *ld)
{
	return (ld->tio.c_lflag & ICANON) != 0;
}

void ldisc_flush(struct ldisc *ld)
{
	ld->tail = ld->edit = ld->head;
	ld->eol_tail = ld->eol_head;
	ld->lnext = 0;
}

/* The line being typed ends at the head: a reader may take it. */
static void end_line(struct ldisc *ld)
{
	if (ld->eol_head - ld->eol_tail < LDISC_EOLS)
		ld->eol[ld->eol_head++ % LDISC_EOLS] = ld->head;
	ld->edit = ld->head;
}

void ldisc_set(struct ldisc *ld, const struct termios *t)
{
	int was = canon(ld);

	ld->tio = *t;
	if (was && !canon(ld)) {
		ld->edit = ld->head;
		ld->eol_tail = ld->eol_head;
	} else if (!was && canon(ld) && ld->head != ld->tail) {
		end_line(ld);
	}
}

static void echo(const struct ldisc_ops *ops, void *ctx, const char *s, size_t n)
{
	if (ops && ops->echo)
		ops->echo(ctx, s, n);
}

static int is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* Echo c as typed: control characters as ^X under ECHOCTL (not tab or
 * newline). */
static void echo_char(struct ldisc *ld, unsigned char c, const struct ldisc_ops *ops, void *ctx)
{
	char s[2] = { '^', (char)(c == 0x7f ? '?' : c + '@') };

	if (is_ctl(c) && c != '\t' && c != '\n' && (ld->tio.c_lflag & ECHOCTL))
		echo(ops, ctx, s, 2);
	else
		echo(ops, ctx, (const char *)&c, 1);
}

/* Columns the echo of queued byte c took. */
static int echo_width(const struct ldisc *ld, unsigned char c)
{
	return is_ctl(c) && c != '\t' && (ld->tio.c_lflag & ECHOCTL) ? 2 : 1;
}

/* Remove the last byte of the line being typed, and its echo. */
static int erase_one(struct ldisc *ld, const struct ldisc_ops *ops, void *ctx)
{
	if (ld->head == ld->edit)
		return 0;
	unsigned char c = (unsigned char)ld->q[--ld->head & MASK];
	if ((ld->tio.c_lflag & ECHO) && (ld->tio.c_lflag & ECHOE))
		for (int i = echo_width(ld, c); i > 0; i--)
			echo(ops, ctx, "\b \b", 3);
	return 1;
}

static void erase_word(struct ldisc *ld, const struct ldisc_ops *ops, void *ctx)
{
	while (ld->head != ld->edit && ld->q[(ld->head - 1) & MASK] == ' ')
		erase_one(ld, ops, ctx);
	while (ld->head != ld->edit && ld->q[(ld->head - 1) & MASK] != ' ')
		erase_one(ld, ops, ctx);
}

static void erase_line(struct ldisc *ld, const struct ldisc_ops *ops, void *ctx)
{
	if ((ld->tio.c_lflag & ECHO) && !(ld->tio.c_lflag & ECHOKE) && (ld->tio.c_lflag & ECHOK)) {
		ld->head = ld->edit;
		echo(ops, ctx, "\n", 1);
		return;
	}
	while (erase_one(ld, ops, ctx))
		;
}

/* Append c to the queue (in canonical mode, to the line being typed);
 * 0, or -1 if it is full (the byte is counted as dropped). */
static int put(struct ldisc *ld, unsigned char c)
{
	if (ld->head - ld->tail >= LDISC_QSIZE - 1 ||
	    (canon(ld) && ld->eol_head - ld->eol_tail >= LDISC_EOLS)) {
		ld->dropped++;
		return -1;
	}
	ld->q[ld->head++ & MASK] = (char)c;
	return 0;
}

/* VINTR, VQUIT, VSUSP under ISIG: 1 if c was one (and is consumed). */
static int isig(struct ldisc *ld, unsigned char c, const struct ldisc_ops *ops, void *ctx)
{
	const cc_t *cc = ld->tio.c_cc;
	int sig = c == cc[VINTR] ? SIGINT : c == cc[VQUIT] ? SIGQUIT :
		  c == cc[VSUSP] ? SIGTSTP : 0;

	if (!(ld->tio.c_lflag & ISIG) || !sig || !c)
		return 0;
	if (!(ld->tio.c_lflag & NOFLSH))
		ldisc_flush(ld);
	if (ld->tio.c_lflag & ECHO)
		echo_char(ld, c, ops, ctx);
	if (ops && ops->signal)
		ops->signal(ctx, sig);
	return 1;
}

/* The editing characters of canonical mode: 1 if c was one. */
static int edit(struct ldisc *ld, unsigned char c, const struct ldisc_ops *ops, void *ctx)
{
	const cc_t *cc = ld->tio.c_cc;
	tcflag_t lf = ld->tio.c_lflag;

	if (!c)
		return 0;
	if (c == cc[VERASE]) {
		erase_one(ld, ops, ctx);
	} else if (c == cc[VKILL]) {
		erase_line(ld, ops, ctx);
	} else if (c == cc[VWERASE] && (lf & IEXTEN)) {
		erase_word(ld, ops, ctx);
	} else if (c == cc[VLNEXT] && (lf & IEXTEN)) {
		ld->lnext = 1;
	} else if (c == cc[VEOF]) {
		end_line(ld);      /* on an empty line: end of file */
	} else {
		return 0;
	}
	return 1;
}

void ldisc_input(struct ldisc *ld, unsigned char c, const struct ldisc_ops *ops, void *ctx)
{
	tcflag_t in = ld->tio.c_iflag, lf = ld->tio.c_lflag;
	const cc_t *cc = ld->tio.c_cc;

	if (in & ISTRIP)
		c &= 0x7f;
	if (ld->lnext) {
		ld->lnext = 0;
	} else {
		if (c == '\r' && (in & IGNCR))
			return;
		if (c == '\r' && (in & ICRNL))
			c = '\n';
		else if (c == '\n' && (in & INLCR))
			c = '\r';
		if ((in & IXON) && c && (c == cc[VSTART] || c == cc[VSTOP]))
			return;
		if (isig(ld, c, ops, ctx))
			return;
		if (canon(ld) && edit(ld, c, ops, ctx))
			return;
	}
	if (put(ld, c) < 0)
		return;
	if ((lf & ECHO) || (c == '\n' && (lf & ECHONL) && canon(ld)))
		echo_char(ld, c, ops, ctx);
	if (canon(ld) && (c == '\n' || (c && (c == cc[VEOL] || c == cc[VEOL2]))))
		end_line(ld);
}

size_t ldisc_readable(const struct ldisc *ld)
{
	if (!canon(ld))
		return ld->head - ld->tail;
	if (ld->eol_head == ld->eol_tail)
		return 0;
	uint32_t end = ld->eol[ld->eol_tail % LDISC_EOLS];
	return end == ld->tail ? 1 : end - ld->tail;
}

long ldisc_read(struct ldisc *ld, char *buf, size_t len)
{
	uint32_t end = ld->head;
	int line = canon(ld);

	if (line) {
		if (ld->eol_head == ld->eol_tail)
			return -1;
		end = ld->eol[ld->eol_tail % LDISC_EOLS];
		if (end == ld->tail) {
			ld->eol_tail++;    /* end of file: consumed */
			return 0;
		}
	} else if (end == ld->tail) {
		return -1;
	}
	size_t n = 0;
	while (n < len && ld->tail != end)
		buf[n++] = ld->q[ld->tail++ & MASK];
	if (line && ld->tail == end)
		ld->eol_tail++;
	return (long)n;
}
