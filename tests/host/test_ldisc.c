/*
 * test_ldisc - the terminal line discipline (libexos/tty/ldisc.c) as
 * pure C: what typed bytes become for a reader, what is echoed, which
 * signals the keys raise, under the termios flags.
 */
#include <signal.h>
#include "check.h"
#include "../../libexos/tty/ldisc.h"

/* What the discipline echoed and signalled. */
static char echoed[8192];
static size_t nechoed;
static int sigs[16], nsigs;

static void on_echo(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	memcpy(echoed + nechoed, s, n);
	nechoed += n;
	echoed[nechoed] = 0;
}

static void on_signal(void *ctx, int sig)
{
	(void)ctx;
	sigs[nsigs++] = sig;
}

static const struct ldisc_ops ops = { on_echo, on_signal };

static void fresh(struct ldisc *ld)
{
	ldisc_init(ld);
	nechoed = 0;
	echoed[0] = 0;
	nsigs = 0;
}

static void type(struct ldisc *ld, const char *s)
{
	while (*s)
		ldisc_input(ld, (unsigned char)*s++, &ops, 0);
}

static void type_n(struct ldisc *ld, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ldisc_input(ld, (unsigned char)s[i], &ops, 0);
}

/* Read into buf (NUL-terminated); the count, 0 at EOF, -1 nothing. */
static long rd(struct ldisc *ld, char *buf, size_t len)
{
	long n = ldisc_read(ld, buf, len);

	buf[n > 0 ? n : 0] = 0;
	return n;
}

static struct ldisc ld;
static char buf[8192];

/** A line typed in cooked mode is not readable until Enter; CR becomes NL. */
TEST(cooked_line_needs_enter)
{
	fresh(&ld);
	type(&ld, "abc");
	CHECK_EQ(ldisc_readable(&ld), 0);
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), -1);
	type(&ld, "\r");
	CHECK_EQ(ldisc_readable(&ld), 4);
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 4);
	CHECK_STR(buf, "abc\n");
	CHECK_STR(echoed, "abc\n");
}

/** A read returns at most one line, and a short read leaves the rest of it. */
TEST(read_stops_at_line_end)
{
	fresh(&ld);
	type(&ld, "one\rtwo\r");
	CHECK_EQ(rd(&ld, buf, 2), 2);
	CHECK_STR(buf, "on");
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 2);
	CHECK_STR(buf, "e\n");
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 4);
	CHECK_STR(buf, "two\n");
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), -1);
}

/** Ctrl-D on an empty line is end of file: one read returns 0, the next waits. */
TEST(eof_on_empty_line)
{
	fresh(&ld);
	type(&ld, "\x04");
	CHECK_EQ(ldisc_readable(&ld), 1);
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 0);
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), -1);
	CHECK_EQ(nechoed, 0);
}

/** Ctrl-D after text ends the line without a newline; a second Ctrl-D is EOF. */
TEST(eof_after_text_pushes_line)
{
	fresh(&ld);
	type(&ld, "abc\x04\x04");
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 3);
	CHECK_STR(buf, "abc");
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 0);
}

/** DEL erases the last byte and its echo; erasing an empty line does nothing. */
TEST(erase)
{
	fresh(&ld);
	type(&ld, "ab\x7f\x7f\x7f" "c\r");
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 2);
	CHECK_STR(buf, "c\n");
	CHECK_STR(echoed, "ab\b \b\b \bc\n");
}

/** Erasing a control character echoed as ^X erases two columns. */
TEST(erase_control_char_two_columns)
{
	fresh(&ld);
	type(&ld, "\x01\x7f");
	CHECK_STR(echoed, "^A\b \b\b \b");
}

/** Ctrl-U erases the whole line being typed; lines already ended stay. */
TEST(kill_line)
{
	fresh(&ld);
	type(&ld, "keep\rdrop\x15new\r");
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 5);
	CHECK_STR(buf, "keep\n");
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 4);
	CHECK_STR(buf, "new\n");
}

/** Ctrl-W erases the last word and the spaces after it. */
TEST(word_erase)
{
	fresh(&ld);
	type(&ld, "one two  \x17three\r");
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 10);
	CHECK_STR(buf, "one three\n");
}

/** Ctrl-V makes the next byte literal (a Ctrl-C that is not SIGINT). */
TEST(literal_next)
{
	fresh(&ld);
	type(&ld, "\x16\x03\r");
	CHECK_EQ(nsigs, 0);
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 2);
	CHECK_EQ(buf[0], 3);
}

/** Ctrl-C, Ctrl-\ and Ctrl-Z raise SIGINT, SIGQUIT, SIGTSTP, flush the input and echo as ^X. */
TEST(signal_keys)
{
	fresh(&ld);
	type(&ld, "done\rhalf");
	type(&ld, "\x03");
	CHECK_EQ(nsigs, 1);
	CHECK_EQ(sigs[0], SIGINT);
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), -1);
	type(&ld, "\x1c\x1a");
	CHECK_EQ(nsigs, 3);
	CHECK_EQ(sigs[1], SIGQUIT);
	CHECK_EQ(sigs[2], SIGTSTP);
	CHECK_STR(echoed, "done\nhalf^C^\\^Z");
}

/** With NOFLSH a signal key keeps the queued input. */
TEST(noflsh_keeps_input)
{
	struct termios t;

	fresh(&ld);
	t = ld.tio;
	t.c_lflag |= NOFLSH;
	ldisc_set(&ld, &t);
	type(&ld, "x\r\x03");
	CHECK_EQ(nsigs, 1);
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 2);
}

/** Without ISIG, Ctrl-C is an ordinary byte. */
TEST(no_isig)
{
	struct termios t;

	fresh(&ld);
	t = ld.tio;
	t.c_lflag &= ~(tcflag_t)ISIG;
	ldisc_set(&ld, &t);
	type(&ld, "\x03\r");
	CHECK_EQ(nsigs, 0);
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 2);
	CHECK_EQ(buf[0], 3);
}

/** Raw mode (no ICANON, no ECHO): every byte is readable at once, nothing echoed, no editing. */
TEST(raw_mode)
{
	struct termios t;

	fresh(&ld);
	t = ld.tio;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	ldisc_set(&ld, &t);
	type(&ld, "a\x7f\x04");
	CHECK_EQ(ldisc_readable(&ld), 3);
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 3);
	CHECK_EQ(buf[1], 0x7f);
	CHECK_EQ(buf[2], 4);
	CHECK_EQ(nechoed, 0);
}

/** ICRNL maps CR to NL; without it (raw, as ash sets) CR stays CR. */
TEST(icrnl)
{
	struct termios t;

	fresh(&ld);
	t = ld.tio;
	t.c_lflag &= ~(tcflag_t)ICANON;
	t.c_iflag &= ~(tcflag_t)ICRNL;
	ldisc_set(&ld, &t);
	type(&ld, "\r");
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 1);
	CHECK_EQ(buf[0], '\r');
}

/** IGNCR drops CR; INLCR maps NL to CR. */
TEST(igncr_inlcr)
{
	struct termios t;

	fresh(&ld);
	t = ld.tio;
	t.c_lflag &= ~(tcflag_t)ICANON;
	t.c_iflag |= IGNCR | INLCR;
	ldisc_set(&ld, &t);
	type(&ld, "\r\n");
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 1);
	CHECK_EQ(buf[0], '\r');
}

/** Leaving canonical mode makes the half-typed line readable. */
TEST(leaving_canon_releases_line)
{
	struct termios t;

	fresh(&ld);
	type(&ld, "half");
	t = ld.tio;
	t.c_lflag &= ~(tcflag_t)ICANON;
	ldisc_set(&ld, &t);
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 4);
	CHECK_STR(buf, "half");
}

/** A 2,000-character line is read back whole. */
TEST(long_line)
{
	char line[2002];

	fresh(&ld);
	for (int i = 0; i < 2000; i++)
		line[i] = (char)('a' + i % 26);
	line[2000] = '\r';
	line[2001] = 0;
	type(&ld, line);
	CHECK_EQ(ldisc_readable(&ld), 2001);
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 2001);
	CHECK_EQ(memcmp(buf, line, 2000), 0);
	CHECK_EQ(ld.dropped, 0);
}

/** A flood past the queue keeps the first QSIZE-1 bytes and counts the rest as dropped. */
TEST(flood_counts_dropped)
{
	struct termios t;

	fresh(&ld);
	t = ld.tio;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	ldisc_set(&ld, &t);
	for (int i = 0; i < LDISC_QSIZE + 100; i++)
		ldisc_input(&ld, (unsigned char)('0' + i % 10), &ops, 0);
	CHECK_EQ(ldisc_readable(&ld), LDISC_QSIZE - 1);
	CHECK_EQ(ld.dropped, 101);
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), LDISC_QSIZE - 1);
	CHECK_EQ(buf[0], '0');
	CHECK_EQ(buf[LDISC_QSIZE - 2], (char)('0' + (LDISC_QSIZE - 2) % 10));
}

/** Ctrl-C still works when the queue is full. */
TEST(signal_when_full)
{
	fresh(&ld);
	for (int i = 0; i < LDISC_QSIZE + 10; i++)
		ldisc_input(&ld, 'x', &ops, 0);
	CHECK(ld.dropped > 0);
	type(&ld, "\x03");
	CHECK_EQ(nsigs, 1);
	CHECK_EQ(ldisc_readable(&ld), 0);
}

/** Every byte 0-255 typed in cooked mode: nothing crashes, control bytes echo as ^X, the line reads back. */
TEST(hostile_bytes)
{
	char all[256];
	struct termios t;

	fresh(&ld);
	t = ld.tio;
	t.c_lflag &= ~(tcflag_t)ISIG;
	t.c_iflag &= ~(tcflag_t)IXON;
	ldisc_set(&ld, &t);
	for (int i = 0; i < 256; i++)
		all[i] = (char)i;
	type_n(&ld, all, sizeof(all));
	type(&ld, "\r");
	long n, last = 0, lines = 0;
	while ((n = rd(&ld, buf, sizeof(buf))) >= 0) {
		lines++;
		if (n > 0)
			last = buf[n - 1];
	}
	CHECK_EQ(last, '\n');
	CHECK(lines >= 3);    /* ended by Ctrl-D (4), newline (10) and the last CR */
	CHECK(strstr(echoed, "^A") != 0);
}

/** ECHOCTL off: control characters echo as themselves. */
TEST(echoctl_off)
{
	struct termios t;

	fresh(&ld);
	t = ld.tio;
	t.c_lflag &= ~(tcflag_t)ECHOCTL;
	ldisc_set(&ld, &t);
	type(&ld, "\x01");
	CHECK_EQ(nechoed, 1);
	CHECK_EQ(echoed[0], 1);
}

/** IXON consumes Ctrl-S and Ctrl-Q. */
TEST(ixon_consumes_start_stop)
{
	fresh(&ld);
	type(&ld, "a\x13\x11" "b\r");
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 3);
	CHECK_STR(buf, "ab\n");
}

/** Flushing drops queued and half-typed input. */
TEST(flush)
{
	fresh(&ld);
	type(&ld, "x\ry");
	ldisc_flush(&ld);
	type(&ld, "z\r");
	CHECK_EQ(rd(&ld, buf, sizeof(buf)), 2);
	CHECK_STR(buf, "z\n");
}

TEST_MAIN()
