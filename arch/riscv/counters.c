/*
 * counters.c - cycle and instret on firmware that keeps them closed.
 *
 * Whether S- and U-mode may read the cycle and instret counters is
 * M-mode's decision (mcounteren; privileged spec v1.12, 3.1.11).  OpenSBI
 * 1.1 opens them; other firmware may not, and then a read is an illegal
 * instruction.  Such traps are not delegated: OpenSBI first tries to
 * emulate the read, refuses when mcounteren says no, and forwards the
 * trap to S-mode with the instruction bits in stval.
 *
 * The boot hart probes once at entry, with a flag that lets the kernel
 * trap handler step over a read that traps.  Afterwards a read of a
 * closed counter, by the kernel (idle accounting) or by a program
 * (libexos's crt0 stamps its start), is emulated as reading 0, so that
 * nothing dies for want of a measurement; the info page's counters_ok
 * tells programs the figures mean nothing, and bench says so.
 */
#include "counters.h"
#include "csr.h"
#include "kentry.h"
#include "arch/cpu.h"

#define CSR_CYCLE   0xc00
#define CSR_INSTRET 0xc02

/* Set around the probe's two reads; closed[] is written only then. */
static volatile bool probing;
static volatile bool closed_cycle, closed_instret;

bool arch_counters_probe(uint64_t *entry_instret)
{
	uint64_t instret, cycle;

	probing = true;
	__asm__ volatile("rdinstret %0" : "=r"(instret) :: "memory");
	__asm__ volatile("rdcycle %0" : "=r"(cycle) :: "memory");
	probing = false;
	(void)cycle;
	*entry_instret = closed_instret ? 0 : instret;
	if (!arch_counters_open())
		kprintf("exos: the firmware keeps %s%s%s closed to S-mode: reads give 0, "
			"no benchmark figures\n", closed_cycle ? "cycle" : "",
			closed_cycle && closed_instret ? " and " : "",
			closed_instret ? "instret" : "");
	return arch_counters_open();
}

bool arch_counters_open(void)
{
	return !closed_cycle && !closed_instret;
}

/* The 32-bit instruction that trapped, from stval: OpenSBI puts it there
 * when it forwards an illegal instruction (sbi_illegal_insn.c), and so do
 * cores that report it in mtval.  Reading it at epc instead could fault
 * inside the trap handler.  0 when stval holds none. */
static uint32_t trapped_insn(const struct trapframe *tf)
{
	if ((tf->stval & 3) == 3 && tf->stval <= UINT32_MAX)
		return (uint32_t)tf->stval;
	return 0;
}

/* Is insn a pure read of csr (csrrs/csrrc rd, csr, x0 or the immediate
 * forms with 0: unprivileged spec, "Zicsr")?  Those are what rdcycle
 * and rdinstret assemble to. */
static bool is_csr_read(uint32_t insn, uint32_t csr)
{
	uint32_t funct3 = (insn >> 12) & 7, rs1 = (insn >> 15) & 31;

	return (insn & 0x7f) == 0x73 && (insn >> 20) == csr && rs1 == 0 &&
	       (funct3 == 2 || funct3 == 3 || funct3 == 6 || funct3 == 7);
}

bool counters_trap(struct trapframe *tf, bool user_mode)
{
	uint32_t insn, rd;

	if (tf->scause != EXC_ILLEGAL_INSN || (user_mode && probing))
		return false;
	insn = trapped_insn(tf);
	if (is_csr_read(insn, CSR_CYCLE)) {
		if (probing)
			closed_cycle = true;
		if (!closed_cycle)
			return false;
	} else if (is_csr_read(insn, CSR_INSTRET)) {
		if (probing)
			closed_instret = true;
		if (!closed_instret)
			return false;
	} else {
		return false;
	}
	rd = (insn >> 7) & 31;
	if (rd != 0)            /* regs[0] holds epc, not x0 */
		tf->regs[rd] = 0;
	tf->regs[0] += 4;
	return true;
}
