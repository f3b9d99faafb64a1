/*
 * crt0.S - where every user program starts.  The kernel enters with
 * sp = the top of the stack, a0 = argc, a1 = argv, a2 = the exported
 * info page.  The very first instruction reads instret, for the
 * boot_to_init benchmark.
 */
	.section .text.init.enter, "ax"
	.globl _start
_start:
	rdinstret t0
	.option push
	.option norelax
	lla	gp, __global_pointer$
	.option pop
	lla	t1, __exos_start_instret
	sd	t0, 0(t1)
	call	__exos_start
	unimp

	.section .bss
	.balign 8
	.globl __exos_start_instret
__exos_start_instret:
	.dword 0
