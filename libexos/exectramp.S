/*
 * exectramp.S - the last steps of exec (exec.c), copied to a page of
 * their own at EXOS_EXEC_VA because they unmap the program they were
 * part of: position-independent, registers only, no stack.
 *
 * a0 = the plan (struct exec_plan in exec.c):
 *    0 self      8 nold     16 nnew     24 entry    32 sp    40 arg
 *   48 offset of old[] {va, ppn}        56 offset of new[] (exos_pte_entry)
 * Unmap and free every old page (page_free fails harmlessly for a page
 * we do not own or that someone else still maps), install the new ones
 * 64 at a time, and jump to the entry as the kernel starts a program:
 * a0 = its argument block, a1 = its env id.
 */
#include "exos/cap.h"
#include "exos/sysno.h"

	.section .text
	.globl exos_exec_tramp, exos_exec_tramp_end
	.balign 4
exos_exec_tramp:
	mv	s0, a0
	ld	s1, 8(s0)
	ld	t0, 48(s0)
	add	s2, s0, t0
1:	beqz	s1, 2f
	li	a0, EXOS_CAP_SELF
	ld	a1, 0(s0)
	ld	a2, 0(s2)
	li	a7, SYS_pte_remove
	ecall
	li	a0, EXOS_CAP_PAGES
	ld	a1, 8(s2)
	li	a7, SYS_page_free
	ecall
	addi	s2, s2, 16
	addi	s1, s1, -1
	j	1b
2:	ld	s1, 16(s0)
	ld	t0, 56(s0)
	add	s2, s0, t0
3:	beqz	s1, 5f
	mv	s3, s1
	li	t0, 64			/* EXOS_PTE_BATCH_MAX */
	bleu	s3, t0, 4f
	mv	s3, t0
4:	li	a0, EXOS_CAP_SELF
	ld	a1, 0(s0)
	mv	a2, s2
	mv	a3, s3
	li	a4, EXOS_CAP_PAGES
	li	a7, SYS_pte_install_batch
	ecall
	bltz	a0, 6f
	sub	s1, s1, s3
	li	t0, 24
	mul	t0, t0, s3
	add	s2, s2, t0
	j	3b
5:	fence.i
	ld	a0, 40(s0)
	ld	a1, 0(s0)
	ld	sp, 32(s0)
	ld	t0, 24(s0)
	jr	t0
6:	li	a0, 127			/* the old program is gone: nothing to go back to */
	li	a7, SYS_exit
	ecall
	unimp
exos_exec_tramp_end:
