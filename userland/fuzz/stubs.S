/*
 * stubs.S - system calls with every register under watch (fuzz.h:
 * struct fz_regs), for the register oracle in exec.c.
 *
 * fz_call_plain(r): keep the caller's callee-saved registers, load
 * every register the call does not take from r (canaries: s0-s11, ra,
 * the temporaries, all 32 FP registers, fcsr), load a0-a7, ecall, then
 * store every register into r->out / r->fout / fcsr_out before putting
 * the caller's back.  The C side compares: the ABI (exos/syscall.h)
 * promises sp, gp, tp, ra, s0-s11 (and fs0-fs11, fcsr: the FP state
 * follows the env) unchanged, and no register may come back holding
 * another env's canary.
 *
 * fz_call_resume(r): the same for calls that resume from the save area
 * (resume, pte_install_resume, pte_protect_resume): first the save area
 * is filled as an upcall would leave it (kind, active, r->sv as the
 * registers, pc = the landing or r's hostile pc, sp = ours or r's), so
 * a call that resumes lands at fz_landing with the save area's values,
 * and one that fails returns after the ecall.  A hostile pc faults; the
 * fault handler (exec.c) sends the stub on to fz_recover_point.
 */
#include "fuzz.h"
#include "exos/env.h"
#include "exos/sysno.h"

	.option push
	.option arch, +d

#define FRAME   768
#define F_R     224     /* the struct fz_regs pointer */
#define F_FS    120     /* fs0-fs11 */
#define F_FCSR  216
#define D_X     240     /* the dump: x0-x31, f0-f31, fcsr (65 words, = r->out...) */
#define D_F     496
#define D_FCSR  752

	.macro save_callee
	sd	ra, 0(sp)
	sd	s0, 8(sp)
	sd	s1, 16(sp)
	.irp n, 2,3,4,5,6,7,8,9,10,11
	sd	s\n, (8 + 8*\n)(sp)
	.endr
	sd	gp, 104(sp)
	sd	tp, 112(sp)
	fsd	fs0, F_FS(sp)
	fsd	fs1, F_FS+8(sp)
	.irp n, 2,3,4,5,6,7,8,9,10,11
	fsd	fs\n, (F_FS + 8*\n)(sp)
	.endr
	frcsr	t0
	sd	t0, F_FCSR(sp)
	.endm

	.macro restore_callee
	ld	ra, 0(sp)
	ld	s0, 8(sp)
	ld	s1, 16(sp)
	.irp n, 2,3,4,5,6,7,8,9,10,11
	ld	s\n, (8 + 8*\n)(sp)
	.endr
	ld	gp, 104(sp)
	ld	tp, 112(sp)
	fld	fs0, F_FS(sp)
	fld	fs1, F_FS+8(sp)
	.irp n, 2,3,4,5,6,7,8,9,10,11
	fld	fs\n, (F_FS + 8*\n)(sp)
	.endr
	ld	t0, F_FCSR(sp)
	fscsr	t0
	.endm

/* Every register from r (in a0), a0 last. */
	.macro load_all
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld	f\n, (FZ_FIN + 8*\n)(a0)
	.endr
	ld	t0, FZ_FCSR_IN(a0)
	fscsr	t0
	.irp n, 1,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, (FZ_IN + 8*\n)(a0)
	.endr
	ld	a0, (FZ_IN + 80)(a0)
	.endm

/* Every register into the frame's dump (sp must be right: if the kernel
 * broke it, the first store faults inside [fz_dump_begin, fz_dump_end),
 * which the fault handler reports). */
	.macro dump_all
	sd	zero, D_X(sp)
	.irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (D_X + 8*\n)(sp)
	.endr
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, (D_F + 8*\n)(sp)
	.endr
	frcsr	t0
	sd	t0, D_FCSR(sp)
	.endm

	.section .text
	.balign 4
	.globl fz_call_plain
fz_call_plain:
	addi	sp, sp, -FRAME
	save_callee
	sd	a0, F_R(sp)
	sd	sp, FZ_SP_IN(a0)
	load_all
	ecall
	.globl fz_dump_begin
fz_dump_begin:
	dump_all
	li	t0, 0
	j	fz_tail

	.globl fz_call_resume
fz_call_resume:
	addi	sp, sp, -FRAME
	save_callee
	sd	a0, F_R(sp)
	sd	sp, FZ_SP_IN(a0)
	lla	t0, fz_land		/* the own thread's only: the PCT handler */
	sd	sp, 8(t0)		/* makes no resume calls */
	li	t0, EXOS_SAVE_VA
	/* As an upcall leaves it: kind first, then active, so that a slice
	 * end meanwhile switches us out instead of upcalling over it. */
	li	t1, FZ_KIND_ADDRESSING
	sd	t1, EXOS_SAVE_KIND(t0)
	li	t1, 1
	sd	t1, EXOS_SAVE_ACTIVE(t0)
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	t1, (FZ_SV + 8*\n)(a0)
	sd	t1, (8*\n)(t0)
	.endr
	ld	t1, FZ_SAVE_PC(a0)
	bnez	t1, 1f
	lla	t1, fz_landing
1:	sd	t1, 0(t0)
	ld	t1, FZ_SAVE_SP(a0)
	bnez	t1, 2f
	mv	t1, sp
2:	sd	t1, 16(t0)
	load_all
	ecall
	dump_all
	li	t0, 0
	j	fz_tail

/* Resumed: sp is the save area's (maybe hostile): note it, take ours
 * back (t6 is lost: the oracle skips it here). */
	.globl fz_landing
fz_landing:
	lla	t6, fz_land
	sd	sp, 0(t6)
	ld	sp, 8(t6)
	dump_all
	li	t0, 1
	j	fz_tail

/* A hostile resume faulted; the handler set sp back to fz_land[1]. */
	.globl fz_recover_point
fz_recover_point:
	li	t0, 2
	/* fall through */

/* t0 = how the call ended; copy the dump to r and return. */
fz_tail:
	ld	a0, F_R(sp)
	sd	t0, FZ_LANDED(a0)
	addi	t1, sp, D_X
	addi	t2, a0, FZ_OUT
	li	t3, 65
3:	ld	t4, 0(t1)
	sd	t4, 0(t2)
	addi	t1, t1, 8
	addi	t2, t2, 8
	addi	t3, t3, -1
	bnez	t3, 3b
	restore_callee
	addi	sp, sp, FRAME
	ret
	.globl fz_dump_end
fz_dump_end:

/* fz_read_fregs(out): f0-f31 and fcsr as they are (a fresh env's). */
	.globl fz_read_fregs
fz_read_fregs:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, (8*\n)(a0)
	.endr
	frcsr	t0
	sd	t0, 256(a0)
	ret

/*
 * The PCT entry: a0-a5 arguments, a6 caller, a7 kind; every other
 * register holds what this env's PCT activation last left.  Record them
 * all (t6 is the base, so lost) for the oracle, then run the handler on
 * a stack of its own and return its results (fz_pct_res).
 */
	.globl fz_pct_entry
fz_pct_entry:
	lla	t6, fz_pct_dump
	.irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	sd	x\n, (8*\n)(t6)
	.endr
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, (256 + 8*\n)(t6)
	.endr
	.option push
	.option norelax
	lla	gp, __global_pointer$
	.option pop
	lla	tp, __tls_base
	lla	sp, fz_pct_stack_top
	call	fz_pct_handler
	lla	t0, fz_pct_res
	ld	a0, 0(t0)
	ld	a1, 8(t0)
	ld	a2, 16(t0)
	ld	a3, 24(t0)
	ld	a4, 32(t0)
	ld	a5, 40(t0)
	li	a7, SYS_pct_return
	ecall
	unimp

/*
 * The children's program (copied to a page of its own and run by
 * env_run at FZ_CHILD_VA): a fresh env starts with every register zero
 * but pc, sp, a0 (its argument) and a1 (its id), FP ones and fcsr too
 * (kernel/env.c env_start; sched.c: a fresh activation's FP state is
 * zero).  It exits FZ_CHILD_OK if so, else FZ_CHILD_INT, or FZ_CHILD_FP
 * with the register and some of its value (fuzz.h),
 * after a little work chosen by a0 & 3: none, eight nulls, a yield, a
 * sleep that times out at once; it leaves every FP register dirty for
 * the next env on its hart to (not) see.  Position independent, no
 * memory.
 */
	.balign 4
	.globl fz_child_code
fz_child_code:
	.irp n, 1,3,4,5,6,7,8,9,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	bnez	x\n, 8f
	.endr
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmv.x.d	t0, f\n
	li	t1, \n
	bnez	t0, 9f
	.endr
	frcsr	t0
	li	t1, 32
	bnez	t0, 9f
	li	s1, FZ_CHILD_OK
	andi	t1, a0, 3
	beqz	t1, 7f
	li	t0, 1
	bne	t1, t0, 2f
	li	s2, 8
1:	li	a7, SYS_null
	ecall
	addi	s2, s2, -1
	bnez	s2, 1b
	j	7f
2:	li	t0, 2
	bne	t1, t0, 3f
	li	a0, 0
	li	a7, SYS_yield
	ecall
	j	7f
3:	li	a0, 0
	li	a1, 0
	li	a7, SYS_sleep_deadline
	ecall
	j	7f
8:	li	s1, FZ_CHILD_INT
	j	7f
9:	srli	t2, t0, 16		/* FZ_CHILD_FP | n << 24 | v[47:40] << 16 | v[31:16] */
	slli	t2, t2, 48
	srli	t2, t2, 48
	srli	t3, t0, 40
	andi	t3, t3, 0xff
	slli	t3, t3, 16
	or	t2, t2, t3
	slli	t1, t1, 24
	or	t2, t2, t1
	li	t3, FZ_CHILD_FP
	or	s1, t2, t3
	/* Leave FP registers dirty for whoever comes next on this hart (a
	 * fresh env must not see them), then exit. */
7:	li	t0, 0x0dd5eed0
	slli	t0, t0, 32
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmv.d.x	f\n, t0
	addi	t0, t0, 1
	.endr
	li	t0, 0x3f
	fscsr	t0
	mv	a0, s1
	li	a7, SYS_exit
	ecall
	unimp
	.globl fz_child_code_end
fz_child_code_end:

	.option pop

	.section .bss
	.balign 16
	.globl fz_land
fz_land:
	.space	16
	.globl fz_pct_dump
fz_pct_dump:
	.space	512
	.globl fz_pct_res
fz_pct_res:
	.space	48
	.balign 16
	.globl fz_pct_stack, fz_pct_stack_top
fz_pct_stack:
	.space	12288
fz_pct_stack_top:
