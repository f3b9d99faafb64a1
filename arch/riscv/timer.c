/*
 * timer.c - the supervisor timer (arch/cpu.h): Sstc's stimecmp when the
 * hart has it (privileged spec v1.12 with Sstc, section 3.2), the SBI
 * TIME extension otherwise.
 */
#include "arch/cpu.h"
#include "csr.h"
#include "sbi.h"

/* One value for all harts: the DT's ISA strings agree on our boards. */
static bool use_sstc;

void arch_timer_init(bool has_sstc)
{
	use_sstc = has_sstc;
	arch_timer_cancel();
	csr_set(sie, SIE_STIE);
}

void arch_timer_set(uint64_t deadline)
{
	if (use_sstc)
		__asm__ volatile("csrw 0x14d, %0" :: "r"(deadline));
	else
		sbi_set_timer(deadline);
}

void arch_timer_cancel(void)
{
	arch_timer_set(UINT64_MAX);
}

bool arch_timer_uses_sstc(void)
{
	return use_sstc;
}
