/*
 * upcall.S - the entry points the kernel upcalls (exos/env.h).
 *
 * Exception and interrupt upcalls arrive with the interrupted pc and
 * EXOS_UPCALL_CLOBBERED (sp, t0, t1, a0-a2) in the save area and every
 * other register as it was.  The stubs store the remaining caller-saved
 * registers there (EXOS_UPCALL_REST), call C (which preserves the
 * callee-saved ones) on the handler stack, and end with the resume
 * system call.  Handlers never nest (a fault inside one aborts the env),
 * so one handler stack serves them all; it is not the interrupted
 * stack, which may itself be the page that faulted (a stack growing, or
 * shared copy-on-write after fork).  Floating-point registers are not
 * saved: upcall handlers must not use floating point.
 */
#include "exos/sysno.h"
#include "exos/env.h"

/* sd of the listed registers x<n> at n*8(base): the save area's layout. */
	.macro save_regs base, regs:vararg
	.irp r, \regs
	sd	x\r, \r*8(\base)
	.endr
	.endm

/* The kernel saved EXOS_UPCALL_CLOBBERED (t0 among them): the rest. */
	.macro save_rest
	li	t0, EXOS_SAVE_VA
	save_regs t0, EXOS_UPCALL_REST
	.endm

	.section .text
	.globl exos_exception_entry
	.balign 4
exos_exception_entry:
	save_rest
	lla	sp, exos_handler_stack_top
	call	exos_exception_dispatch
	li	a7, SYS_resume
	ecall
	unimp

	.globl exos_addressing_entry
	.balign 4
exos_addressing_entry:
	save_rest
	/* The handler may end with an "install and resume" call from inside
	 * C code: keep the callee-saved registers for the kernel to reload. */
	save_regs t0, EXOS_UPCALL_CALLEE
	lla	sp, exos_handler_stack_top
	call	exos_addressing_dispatch
	li	a7, SYS_resume
	ecall
	unimp

	.globl exos_interrupt_entry
	.balign 4
exos_interrupt_entry:
	save_rest
	lla	sp, exos_handler_stack_top
	call	exos_interrupt_dispatch
	li	a7, SYS_resume
	ecall
	unimp

/* A PCT activation starts with nothing but a0-a7: give it gp, tp and
 * its own stack, run the server, return its two results. */
	.globl exos_pct_entry
	.balign 4
exos_pct_entry:
	.option push
	.option norelax
	lla	gp, __global_pointer$
	.option pop
	lla	tp, __tls_base
	lla	sp, exos_pct_stack_top
	call	exos_pct_dispatch
	li	a2, 0
	li	a3, 0
	li	a4, 0
	li	a5, 0
	li	a7, SYS_pct_return
	ecall
	unimp

/* A spawned env starts here: a0 = argument, a1 = its id. */
	.globl exos_child_entry
	.balign 4
exos_child_entry:
	.option push
	.option norelax
	lla	gp, __global_pointer$
	.option pop
	lla	tp, __tls_base
	call	exos_child_main
	unimp

/* A forked child starts here: a0 = the parent's jmp_buf (on the stack
 * copied for it), a1 = its id; exos_fork_child longjmps out of fork. */
	.globl exos_fork_entry
	.balign 4
exos_fork_entry:
	.option push
	.option norelax
	lla	gp, __global_pointer$
	.option pop
	lla	tp, __tls_base
	call	exos_fork_child
	unimp

	.section .exos_handler, "aw", @nobits
	.balign 16
	.space	8192              /* fprintf on the way out needs ~2 KiB */
	.globl exos_handler_stack_top
exos_handler_stack_top:

	.section .exos_lazy, "aw", @nobits
	.balign 16
	.space	16384
	.globl exos_pct_stack_top
exos_pct_stack_top:
