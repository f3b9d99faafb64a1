/*
 * start.S - entry of the DPF test harness under qemu-riscv64 (Linux
 * user mode): main(), then exit_group with its status.
 */
	.section .text.start, "ax"
	.globl _start
_start:
	andi	sp, sp, -16
	call	main
	li	a7, 94		/* exit_group */
	ecall
1:	j	1b
