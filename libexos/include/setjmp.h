/*
 * setjmp.h - picolibc's, plus sigsetjmp/siglongjmp: a jmp_buf that also
 * keeps the signal mask when asked (libexos/signal.c).
 */
#ifndef EXOS_SETJMP_H
#define EXOS_SETJMP_H

#include_next <setjmp.h>
#include <signal.h>

typedef struct {
	jmp_buf jb;
	int savemask;
	sigset_t mask;
} sigjmp_buf[1];

#define sigsetjmp(env, save) \
	((env)[0].savemask = (save), \
	 (save) ? (void)sigprocmask(SIG_SETMASK, 0, &(env)[0].mask) : (void)0, \
	 setjmp((env)[0].jb))
void siglongjmp(sigjmp_buf env, int val) __attribute__((__noreturn__));

#endif
