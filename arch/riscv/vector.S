/*
 * vector.S - the supervisor trap vector (stvec, direct mode).
 *
 * Three paths:
 *  - ecall from U-mode: the system call fast path.  A system call obeys
 *    the C calling convention (exos/syscall.h), so only sp, ra and tp
 *    need saving; the handler is an ordinary C function and preserves
 *    s0-s11 itself.
 *  - any other trap from U-mode: every register goes to hart->utf and
 *    trap_user() decides; it leaves through user_return.
 *  - a trap from S-mode: registers are saved on the kernel stack and
 *    trap_kernel() handles it (interrupts in the idle loop, or a kernel
 *    fault, which is fatal).
 * sscratch is the struct hart pointer while in U-mode and 0 in S-mode.
 */
#include "arch/trap.h"
#include "kentry.h"

/* sd/ld of the listed registers x<n> at n*8(base): frame layout. */
	.macro save_regs base, regs:vararg
	.irp r, \regs
	sd	x\r, \r*8(\base)
	.endr
	.endm
	.macro load_regs base, regs:vararg
	.irp r, \regs
	ld	x\r, \r*8(\base)
	.endr
	.endm

	.section .text
	.balign 4
	.globl trap_vector
trap_vector:
	csrrw	tp, sscratch, tp
	beqz	tp, trap_from_kernel
	sd	t0, HART_T0(tp)
	csrr	t0, scause
	addi	t0, t0, -8		/* EXC_ECALL_U */
	bnez	t0, trap_from_user

	/* System call: a7 = number, a0-a5 = arguments.  sscratch becomes 0
	 * so that a fault inside the handler is seen as a kernel fault. */
	csrrw	t0, sscratch, zero
	sd	t0, HART_UTP(tp)
	sd	sp, HART_USP(tp)
	sd	ra, HART_URA(tp)
	ld	sp, HART_KSP(tp)
	li	t0, SYS_COUNT
	bgeu	a7, t0, 2f
	lla	t0, syscall_table
	slli	t1, a7, 3
	add	t0, t0, t1
	ld	t0, 0(t0)
	jalr	t0
1:	csrr	t0, sepc
	addi	t0, t0, 4
	csrw	sepc, t0
	ld	ra, HART_URA(tp)
	ld	sp, HART_USP(tp)
	csrw	sscratch, tp
	ld	tp, HART_UTP(tp)
	sret
2:	li	a0, -E_NOSYS
	j	1b

/*
 * Not a system call.  An exception goes straight to the
 * env's exception entry when it has one and is not already in an upcall
 * (exos/env.h: the save area): the Aegis-style fast path, no C code.
 */
trap_from_user:
	csrr	t0, scause
	bltz	t0, trap_full		/* an interrupt */
	sd	t1, HART_T1(tp)
	ld	t1, HART_SAVE(tp)
	beqz	t1, 1f
	ld	t0, EXOS_SAVE_ACTIVE(t1)
	bnez	t0, 1f			/* nested: the kernel decides */
	csrr	t0, scause		/* page faults (12, 13, 15) go to the */
	addi	t0, t0, -12		/* addressing entry when there is one */
	bltz	t0, 2f
	ld	t0, HART_STLB(tp)	/* ... unless the STLB may refill them */
	bnez	t0, 1f
	ld	t0, HART_ADDR(tp)
	bnez	t0, 3f
2:	ld	t0, HART_EXC(tp)
	beqz	t0, 1f
3:	sd	a0, EXOS_REG_A0*8(t1)	/* EXOS_UPCALL_CLOBBERED */
	sd	a1, EXOS_REG_A1*8(t1)
	sd	a2, EXOS_REG_A2*8(t1)
	sd	sp, EXOS_REG_SP*8(t1)
	ld	a0, HART_T0(tp)
	sd	a0, EXOS_REG_T0*8(t1)
	ld	a0, HART_T1(tp)
	sd	a0, EXOS_REG_T1*8(t1)
	csrr	a2, sepc
	sd	a2, EXOS_REG_PC*8(t1)
	csrr	a0, scause
	sd	a0, EXOS_SAVE_CAUSE(t1)
	csrr	a1, stval
	sd	a1, EXOS_SAVE_TVAL(t1)
	sd	t0, EXOS_SAVE_ACTIVE(t1)
	csrw	sepc, t0
	ld	a1, HART_ADDR(tp)	/* kind: 3 (addressing) or 0 (exception) */
	sub	a1, t0, a1
	seqz	a1, a1
	slli	t0, a1, 1
	add	t0, t0, a1
	sd	t0, EXOS_SAVE_KIND(t1)
	csrr	a1, stval
	csrrw	tp, sscratch, tp
	sret
1:	ld	t1, HART_T1(tp)

/* Every register into hart->utf, then trap_user(tf) on the kernel stack. */
trap_full:
	ld	t0, HART_UTF(tp)
	save_regs t0, 1,2,3,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	t1, HART_T0(tp)
	sd	t1, 5*8(t0)
	csrr	t1, sscratch
	sd	t1, 4*8(t0)		/* the user's tp */
	csrw	sscratch, zero
	csrr	t1, sepc
	sd	t1, TF_EPC(t0)
	csrr	t1, sstatus
	sd	t1, TF_SSTATUS(t0)
	csrr	t1, scause
	sd	t1, TF_SCAUSE(t0)
	csrr	t1, stval
	sd	t1, TF_STVAL(t0)
	ld	sp, HART_KSP(tp)
	mv	a0, t0
	call	trap_user
	/* trap_user does not return; it leaves through user_return. */
	unimp

/*
 * syscall_full: the entry of system calls that may switch envs (table
 * column "full").  The generated thunk put the C shim in t1.  Saves
 * the caller's registers in hart->utf with pc past the ecall (t0-t2,
 * clobbered by then, read as 0), takes the kernel lock, runs
 * a0 = shim(tf), stores a0 as the caller's result in its frame, and
 * leaves through sched_return(), which resumes whichever env should run
 * now.
 */
	.globl syscall_full
syscall_full:
	ld	t0, HART_UTF(tp)
	ld	t2, HART_URA(tp)
	sd	t2, 1*8(t0)
	ld	t2, HART_USP(tp)
	sd	t2, 2*8(t0)
	sd	x3, 3*8(t0)
	ld	t2, HART_UTP(tp)
	sd	t2, 4*8(t0)
	sd	zero, 5*8(t0)
	sd	zero, 6*8(t0)
	sd	zero, 7*8(t0)
	save_regs t0, 8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	csrr	t2, sepc
	addi	t2, t2, 4
	sd	t2, TF_EPC(t0)
	csrr	t2, sstatus
	sd	t2, TF_SSTATUS(t0)
	li	t2, 8
	sd	t2, TF_SCAUSE(t0)
	mv	s1, t0
	mv	s2, t1
	call	kernel_lock
	mv	a0, s1
	jalr	s2
	sd	a0, 10*8(s1)
	call	sched_return
	unimp

/*
 * sys_resume: end an upcall (exos/env.h).  Reached from the syscall
 * fast path with the caller's sp, ra, tp in struct hart and its
 * callee-saved registers live.  Reloads pc, sp, ra, t0-t6, a0-a7 from
 * the save area, clears `active`, and returns to user mode.
 */
	.globl sys_resume
sys_resume:
	ld	t0, HART_SAVE(tp)
	beqz	t0, 2f
	ld	t1, EXOS_SAVE_ACTIVE(t0)
	beqz	t1, 2f			/* not in an upcall */
	ld	t1, EXOS_REG_PC*8(t0)
	csrw	sepc, t1
	sd	zero, EXOS_SAVE_ACTIVE(t0)
	csrw	sscratch, tp
	ld	tp, HART_UTP(tp)
	load_regs t0, EXOS_UPCALL_REST
	load_regs t0, EXOS_UPCALL_CLOBBERED	/* t0 last */
	sret
2:	li	a0, -E_INVAL		/* no upcall in progress: nothing to resume */
	ret

/* The fused "X and resume" calls run from inside C code whose
 * callee-saved registers are not the interrupted ones: they reload
 * s0-s11 from the save area too (the addressing stub stored them). */
resume_all:
	ld	t0, HART_SAVE(tp)
	beqz	t0, 2b
	ld	t1, EXOS_SAVE_ACTIVE(t0)
	beqz	t1, 2b
	load_regs t0, EXOS_UPCALL_CALLEE
	j	sys_resume

/*
 * sys_pte_install_resume / sys_pte_protect_resume: the "do X and resume"
 * forms that end an addressing upcall in one crossing (every register,
 * callee-saved ones included, comes back from the save area).
 * Reached like any fast system call; on success they leave through
 * sys_resume, on failure they return the error like the plain call.
 */
	.macro and_resume name, fn
	.globl \name
\name:
	addi	sp, sp, -16
	sd	ra, 8(sp)
	call	\fn
	ld	ra, 8(sp)
	addi	sp, sp, 16
	beqz	a0, resume_all
	ret
	.endm
	and_resume sys_pte_install_resume, shim_pte_install
	and_resume sys_pte_protect_resume, shim_pte_protect

/*
 * sys_pct_sync / sys_pct_return: protected control transfer without the
 * generic full save (kernel/pct.c).  pct_sync stores only what the C
 * calling convention says survives a call (s0-s11, gp, sp, ra, tp and
 * the pc after the ecall) in the caller's frame; the callee's activation
 * and the caller's resumption both leave through user_return.
 */
/* a0-a5 and ra onto the kernel stack: the C side reads them as an array. */
	.macro push_args
	addi	sp, sp, -64
	sd	a0, 0(sp)
	sd	a1, 8(sp)
	sd	a2, 16(sp)
	sd	a3, 24(sp)
	sd	a4, 32(sp)
	sd	a5, 40(sp)
	sd	ra, 56(sp)
	.endm
/* The C side returned {frame, err}: resume the frame, or return err. */
	.macro resume_or_fail
	bnez	a0, user_return
	ld	ra, 56(sp)
	addi	sp, sp, 64
	mv	a0, a1
	ret
	.endm

	.globl sys_pct_sync
sys_pct_sync:
	ld	t0, HART_UTF(tp)
	save_regs t0, 3,8,9,18,19,20,21,22,23,24,25,26,27
	ld	t1, HART_URA(tp)
	sd	t1, 1*8(t0)
	ld	t1, HART_USP(tp)
	sd	t1, 2*8(t0)
	ld	t1, HART_UTP(tp)
	sd	t1, 4*8(t0)
	csrr	t1, sepc
	addi	t1, t1, 4
	sd	t1, TF_EPC(t0)
	csrr	t1, sstatus
	sd	t1, TF_SSTATUS(t0)
	push_args
	mv	a0, a6
	mv	a1, sp
	call	pct_fast_call
	resume_or_fail

	.globl sys_pct_return
sys_pct_return:
	push_args
	mv	a0, sp
	call	pct_fast_return
	resume_or_fail

/*
 * user_return(tf): restore every register from tf and sret to U-mode.
 * Called with tp = this hart; tf's sstatus must have SPP clear.
 */
	.globl user_return
user_return:
	csrw	sscratch, tp
	ld	t0, TF_EPC(a0)
	csrw	sepc, t0
	ld	t0, TF_SSTATUS(a0)
	csrw	sstatus, t0
	load_regs a0, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,10
	sret

/* A trap taken in S-mode: tp was the hart pointer, now in sscratch. */
trap_from_kernel:
	csrrw	tp, sscratch, tp	/* tp = hart again, sscratch = 0 */
	addi	sp, sp, -TF_SIZE
	save_regs sp, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	addi	t0, sp, TF_SIZE
	sd	t0, 2*8(sp)
	csrr	t0, sepc
	sd	t0, TF_EPC(sp)
	csrr	t0, sstatus
	sd	t0, TF_SSTATUS(sp)
	csrr	t0, scause
	sd	t0, TF_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, TF_STVAL(sp)
	mv	a0, sp
	call	trap_kernel
	ld	t0, TF_EPC(sp)
	csrw	sepc, t0
	ld	t0, TF_SSTATUS(sp)
	csrw	sstatus, t0
	load_regs sp, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	addi	sp, sp, TF_SIZE
	sret
