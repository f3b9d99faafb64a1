/*
 * exos/tty.h - the console terminal beyond POSIX's calls (libexos/tty/).
 */
#ifndef EXOS_TTY_H
#define EXOS_TTY_H

/* Start the terminal server: an env that moves console input through
 * the line discipline as it arrives, so that the keys that raise
 * signals (Ctrl-C, Ctrl-Z, Ctrl-\) work while no program reads.  init
 * starts it.  0, or -1 (no env for it). */
int exos_tty_start_server(void);

#endif
