/*
 * ldisc.h - the terminal line discipline, pure C (host-tested in
 * tests/host/test_ldisc.c): what each input byte does under the
 * termios flags, in a queue of input the readers take from.
 *
 * Canonical mode (ICANON): bytes are edited on the line being typed
 * (VERASE, VKILL, VWERASE, VLNEXT) and become readable when the line
 * ends (a newline, VEOL, VEOL2 or VEOF); a read returns at most one
 * line, and VEOF on an empty line is end of file (a read returns 0).
 * Non-canonical: every byte is readable at once.  ISIG makes VINTR,
 * VQUIT and VSUSP signals (reported through ops->signal, the queue
 * flushed unless NOFLSH); ECHO* say what is echoed (ops->echo);
 * ICRNL, INLCR, IGNCR and ISTRIP map input; IXON consumes VSTART and
 * VSTOP.  Input that does not fit is dropped and counted.
 */
#ifndef LIBEXOS_LDISC_H
#define LIBEXOS_LDISC_H

#include <stddef.h>
#include <stdint.h>
#include <termios.h>

#define LDISC_QSIZE 4096          /* a power of two; a line holds QSIZE - 1 bytes */
#define LDISC_EOLS  64            /* lines waiting to be read */

struct ldisc {
	struct termios tio;
	uint32_t head, tail;          /* the queue is [tail, head), positions wrap */
	uint32_t edit;                /* canonical: start of the line being typed */
	uint32_t eol[LDISC_EOLS];     /* canonical: where each complete line ends */
	uint32_t eol_head, eol_tail;
	uint32_t lnext;               /* the next byte is taken literally (VLNEXT) */
	uint64_t dropped;             /* bytes lost to a full queue */
	char q[LDISC_QSIZE];
};

struct ldisc_ops {
	void (*echo)(void *ctx, const char *s, size_t n);
	void (*signal)(void *ctx, int sig);
};

/* The settings of a fresh terminal (cooked, echoing, Ctrl-C is
 * SIGINT), and an empty queue. */
void ldisc_init(struct ldisc *ld);
/* Take the new settings (tcsetattr): leaving canonical mode makes the
 * line being typed readable; entering it ends what is queued as a line. */
void ldisc_set(struct ldisc *ld, const struct termios *t);
/* One byte of input. */
void ldisc_input(struct ldisc *ld, unsigned char c, const struct ldisc_ops *ops, void *ctx);
/* Bytes a read could take now; in canonical mode a pending end of file
 * counts as readable too (returns 1 then, and ldisc_read gives 0). */
size_t ldisc_readable(const struct ldisc *ld);
/* Move up to len readable bytes to buf: the count, 0 at end of file
 * (canonical VEOF on an empty line, consumed), -1 when nothing is
 * readable. */
long ldisc_read(struct ldisc *ld, char *buf, size_t len);
/* Drop all input (tcflush TCIFLUSH). */
void ldisc_flush(struct ldisc *ld);

#endif
