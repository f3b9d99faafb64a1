/*
 * timer.c - see timer.h.
 */
#include "timer.h"
#include "csr.h"
#include "sbi.h"

/* One value for all harts: the DT's ISA strings agree on our boards. */
static int use_sstc;

void timer_init(int has_sstc)
{
	use_sstc = has_sstc;
	timer_cancel();
	csr_set(sie, SIE_STIE);
}

void timer_set(uint64_t deadline)
{
	if (use_sstc)
		__asm__ volatile("csrw 0x14d, %0" :: "r"(deadline));
	else
		sbi_set_timer(deadline);
}

void timer_cancel(void)
{
	timer_set(UINT64_MAX);
}

int timer_uses_sstc(void)
{
	return use_sstc;
}
