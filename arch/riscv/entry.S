/*
 * entry.S - the first instructions: the Image header U-Boot's booti
 * checks, the boot hart's position-independent start, and the entry
 * secondary harts get from SBI HSM hart_start.
 *
 * OpenSBI (fw_dynamic) or U-Boot enters in S-mode with a0 = hart id,
 * a1 = DTB physical address, satp = 0, at any 2 MiB-aligned address.
 */
#include "arch/mm.h"
#include "kentry.h"

	.section .head.text, "ax"
	.globl _start
_start:
	/* Linux RISC-V Image header (Documentation/riscv/boot-image-header.rst). */
	j	boot_entry		/* code0 */
	.balign 8
	.dword	0x200000		/* text_offset from the start of RAM */
	.dword	__image_size		/* image_size, including BSS (kernel.ld) */
	.dword	0			/* flags: little endian */
	.word	2			/* version 0.2 */
	.word	0
	.dword	0
	.ascii	"RISCV\0\0\0"		/* magic, checked by older U-Boot */
	.ascii	"RSC\x05"		/* magic2, checked by U-Boot 2023.01 */
	.word	0

boot_entry:
	csrw	sie, zero
	csrci	sstatus, 2
	/* Only one hart may boot the kernel; any other that arrives here stops. */
	lla	t0, boot_lottery
	li	t1, 1
	amoswap.w t1, t1, (t0)
	bnez	t1, boot_lost

	mv	s0, a0
	mv	s1, a1
	/* Zero BSS (still at physical addresses). */
	lla	t0, _bss_start
	lla	t1, _bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, (t0)
	addi	t0, t0, 8
	j	1b
2:
	lla	sp, boot_stack_top
	mv	a0, s1
	call	early_dtb_bytes		/* how much of the DTB to map */
	mv	a3, a0
	lla	a0, _start		/* load address */
	lla	a1, _end
	sub	a1, a1, a0		/* image bytes, BSS included */
	mv	a2, s1			/* DTB */
	call	early_mmu_setup		/* returns the satp value */
	mv	s2, a0

	/* t0 = link address - load address */
	lla	t0, _start
	li	t1, KERNEL_VBASE
	sub	t0, t1, t0
	/* Turn on translation: the next fetch at a physical address faults to
	 * stvec, which holds the same instruction's virtual address. */
	lla	t1, 3f
	add	t1, t1, t0
	csrw	stvec, t1
	add	sp, sp, t0
	csrw	satp, s2
	.balign 4
3:	sfence.vma
	la	tp, harts
	mv	a0, s0
	mv	a1, s1
	/* A zero ra and fp end every backtrace here. */
	li	ra, 0
	li	s0, 0
	la	t0, kernel_main
	jr	t0

boot_lost:
	wfi
	j	boot_lost

/*
 * Secondary entry: a0 = hart id, a1 = physical address of its
 * struct secondary_boot { satp, sp, tp } written by kernel/smp.c.
 * Turning translation on faults the next fetch into stvec, which
 * holds secondary_high's virtual address (4-byte aligned, as stvec
 * requires).
 */
	.globl secondary_entry
secondary_entry:
	csrw	sie, zero
	csrci	sstatus, 2
	ld	t2, 0(a1)		/* satp */
	ld	sp, 8(a1)
	ld	tp, 16(a1)
	li	t1, KERNEL_VBASE
	lla	t0, _start
	sub	t1, t1, t0
	lla	t0, secondary_high
	add	t0, t0, t1
	csrw	stvec, t0
	csrw	satp, t2
	.balign 4
secondary_high:
	sfence.vma
	li	ra, 0
	li	s0, 0
	la	t0, secondary_main
	jr	t0

	.section .data
	.balign 4
boot_lottery:
	.word	0

	.section .bss.stack, "aw", @nobits
	.balign 16
boot_stack:
	.space	KSTACK_SIZE
	.globl boot_stack_top
boot_stack_top:
