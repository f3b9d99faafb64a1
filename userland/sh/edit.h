/*
 * edit.h - line editing on a raw serial console, one byte at a time.
 *
 * The console gives the shell bytes as they are typed, with no echo and
 * no line discipline (the kernel has none).  edit_feed takes one byte,
 * updates the line and says what to echo:
 *   - printable ASCII and bytes >= 0x80 (UTF-8) are added and echoed;
 *     a tab is added as a space;
 *   - backspace (0x08) or DEL (0x7f) erases the last character (a whole
 *     UTF-8 sequence) and echoes "\b \b"; on an empty line, nothing;
 *   - Ctrl-U erases the line, echoing "\b \b" once per character;
 *   - CR or LF ends the line (a LF right after a CR is swallowed, so
 *     CR LF ends one line, not two) and echoes "\r\n";
 *   - Ctrl-C drops the line and echoes "^C\r\n";
 *   - Ctrl-D on an empty line reports end of input; elsewhere ignored;
 *   - ANSI escape sequences (arrow keys: ESC [ A, ESC O A, ...) and
 *     other control bytes are ignored.
 * Overflow: the line holds at most EDIT_MAX bytes.  A byte that does
 * not fit is dropped and echoes BEL (0x07), so what is on the screen
 * is always exactly the line; erasing or ending the line works as usual.
 * A multi-byte character cut at the limit keeps the bytes that fit.
 */
#ifndef SH_EDIT_H
#define SH_EDIT_H

#include <stddef.h>

#define EDIT_MAX 1023

#define EDIT_MORE 0   /* the line goes on */
#define EDIT_DONE 1   /* the line ended: line[0..len) and a NUL */
#define EDIT_INTR 2   /* Ctrl-C: the line was dropped */
#define EDIT_EOF  3   /* Ctrl-D on an empty line */

struct edit_line {
	char line[EDIT_MAX + 1];      /* the line so far, always NUL-terminated */
	size_t len;
	char echo[3 * EDIT_MAX + 4];  /* what the last edit_feed wants echoed */
	size_t necho;
	int esc;                      /* inside an escape sequence: 1 after ESC, 2 in it */
	int after_cr;                 /* the last byte was a CR that ended a line */
	int ended;                    /* the last edit_feed ended the line */
};

/* Start with an empty line. */
void edit_init(struct edit_line *e);

/* Take byte c; returns EDIT_MORE, EDIT_DONE, EDIT_INTR or EDIT_EOF, and
 * leaves the bytes to echo in e->echo[0..e->necho).  After anything but
 * EDIT_MORE the line stays readable until the next call, which starts a
 * new one. */
int edit_feed(struct edit_line *e, unsigned char c);

#endif
