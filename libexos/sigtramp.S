/*
 * sigtramp.S - where a signal handler starts (signal.c, push_frame):
 * a0 = signal, a1 = siginfo, a2 = the frame (as ucontext), a3 = the
 * frame; sp = the frame, below the interrupted stack.  The integer
 * registers the interrupted code may lose are in the frame already;
 * its callee-saved ones are still live and the handler, a C function,
 * keeps them.  Here: keep s1 and every floating-point register in the
 * frame, call the handler, put them back, and resume the interrupted
 * code through exos_sigreturn (which may start the next handler).
 */
#include "exos/sysno.h"

#define F_S1     (9 * 8)
#define F_FREGS  256
#define F_FCSR   (F_FREGS + 32 * 8)
#define F_HANDLER 520

	.section .text
	.globl exos_sigtramp
	.balign 4
exos_sigtramp:
	sd	s1, F_S1(a3)
	mv	s1, a3
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, (F_FREGS + \n * 8)(s1)
	.endr
	frcsr	t0
	sd	t0, F_FCSR(s1)
	ld	t0, F_HANDLER(s1)
	jalr	t0
	mv	a0, s1
	call	exos_sigreturn
	ld	t0, F_FCSR(s1)
	fscsr	t0
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld	f\n, (F_FREGS + \n * 8)(s1)
	.endr
	ld	s1, F_S1(s1)
	li	a7, SYS_resume
	ecall
	unimp
