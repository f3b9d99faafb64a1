/*
 * trap.c - decoding traps (privileged spec v1.12, table 4.2: scause)
 * and handing them to the kernel's entry points (kentry.h); the trap
 * frame functions of arch/trap.h and arch/cpu.h.
 */
#include "arch/cpu.h"
#include "arch/plic.h"
#include "arch/trap.h"
#include "counters.h"
#include "csr.h"
#include "kentry.h"

extern char trap_vector[];

void trap_init_hart(void)
{
	csr_write(stvec, (uint64_t)trap_vector);
	csr_write(sscratch, 0);
}

static void irq_dispatch(uint64_t irq)
{
	struct hart *h = this_hart();

	if (irq == IRQ_S_TIMER) {
		kernel_timer_irq();
	} else if (irq == IRQ_S_EXT && h->plic_ctx >= 0) {
		uint32_t src;
		while ((src = plic_claim((uint32_t)h->plic_ctx)) != 0) {
			kernel_device_irq(src);
			plic_complete((uint32_t)h->plic_ctx, src);
		}
	} else if (irq == IRQ_S_SOFT) {
		csr_clear(sip, SIE_SSIE);
	}
}

void trap_kernel(struct trapframe *tf);
void trap_user(struct trapframe *tf);

/* From vector.S: a trap taken in S-mode (the idle loop's interrupts, or
 * a kernel fault). */
void trap_kernel(struct trapframe *tf)
{
	if (tf->scause & CAUSE_INTR)
		irq_dispatch(tf->scause & ~CAUSE_INTR);
	else if (!counters_trap(tf, false))
		kernel_fault(tf);
}

/* From vector.S: a user trap the fast paths did not handle, every
 * register saved in tf. */
void trap_user(struct trapframe *tf)
{
	if (tf->scause & CAUSE_INTR)
		irq_dispatch(tf->scause & ~CAUSE_INTR);
	else if (!counters_trap(tf, true))
		kernel_user_exception(tf);
	/* The env may have changed (slice end, an abort): let the scheduler
	 * decide what runs, never resume tf blindly. */
	kernel_trap_exit();
}

void tf_init_user(struct trapframe *tf, uint64_t pc, uint64_t sp)
{
	memset(tf, 0, sizeof(*tf));
	tf->regs[0] = pc;
	tf->regs[2] = sp;
	tf->sstatus = (csr_read(sstatus) & ~(SSTATUS_SPP | SSTATUS_SIE | SSTATUS_FS)) |
		      SSTATUS_SPIE | SSTATUS_FS_INITIAL;
}

const char *trap_cause_name(uint64_t scause)
{
	static const char *const names[] = {
		[EXC_INSN_MISALIGNED] = "instruction address misaligned",
		[EXC_INSN_ACCESS] = "instruction access fault",
		[EXC_ILLEGAL_INSN] = "illegal instruction",
		[EXC_BREAKPOINT] = "breakpoint",
		[EXC_LOAD_MISALIGNED] = "load address misaligned",
		[EXC_LOAD_ACCESS] = "load access fault",
		[EXC_STORE_MISALIGNED] = "store address misaligned",
		[EXC_STORE_ACCESS] = "store access fault",
		[EXC_ECALL_U] = "ecall from U-mode",
		[EXC_ECALL_S] = "ecall from S-mode",
		[EXC_INSN_PAGE_FAULT] = "instruction page fault",
		[EXC_LOAD_PAGE_FAULT] = "load page fault",
		[EXC_STORE_PAGE_FAULT] = "store page fault",
	};

	if (scause & CAUSE_INTR)
		return "interrupt";
	if (scause < sizeof(names) / sizeof(names[0]) && names[scause])
		return names[scause];
	return "unknown exception";
}

void trap_dump(const struct trapframe *tf)
{
	static const char *const reg[32] = {
		"pc", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
		"a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
		"s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
	};

	for (int i = 0; i < 32; i += 4)
		kprintf(" %3s %016lx  %3s %016lx  %3s %016lx  %3s %016lx\n",
			reg[i], tf->regs[i], reg[i + 1], tf->regs[i + 1],
			reg[i + 2], tf->regs[i + 2], reg[i + 3], tf->regs[i + 3]);
	kprintf(" sstatus %016lx scause %016lx stval %016lx\n",
		tf->sstatus, tf->scause, tf->stval);
}

static void print_frame(uint64_t pc)
{
	uint64_t off;
	const char *name = ksyms_lookup(pc, &off);

	if (name)
		kprintf("  [<%016lx>] %s+0x%lx\n", pc, name, off);
	else
		kprintf("  [<%016lx>] ?\n", pc);
}

/* Frames are laid out by GCC with -fno-omit-frame-pointer: fp points
 * just above the saved ra (fp-8) and the caller's fp (fp-16).  A leaf
 * function saves no ra, so the ra register is shown as a frame too
 * (for a non-leaf it may repeat the faulting function). */
void trap_backtrace_frame(const struct trapframe *tf)
{
	trap_backtrace(tf->regs[0], tf->regs[1], tf->regs[8]);
}

void trap_backtrace(uint64_t pc, uint64_t ra, uint64_t fp)
{
	uint64_t top = this_hart()->kernel_sp, bottom = top - KSTACK_SIZE;

	kprintf("backtrace:\n");
	print_frame(pc);
	if (ra)
		print_frame(ra - 4);
	for (int depth = 0; depth < 32; depth++) {
		if (fp <= bottom + 16 || fp > top || (fp & 7))
			break;
		uint64_t saved_ra = ((uint64_t *)fp)[-1];
		if (!saved_ra)
			break;
		print_frame(saved_ra - 4);
		fp = ((uint64_t *)fp)[-2];
	}
}
