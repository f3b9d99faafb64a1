/*
 * smp.c - secondary harts.  The arch starts each at its secondary entry
 * with the kernel's address space, a stack and its struct hart
 * (arch_hart_start); they run secondary_main and the scheduler.
 */
#include "smp.h"
#include "info.h"
#include "kprintf.h"
#include "sched.h"
#include "tlb.h"
#include "vm.h"
#include "kentry.h"
#include "arch/cpu.h"
#include "arch/trap.h"

struct hart harts[MAX_HARTS];
volatile uint32_t smp_online = 1;

static struct arch_secondary_boot boot_args[MAX_HARTS];
static uint8_t kstacks[MAX_HARTS][KSTACK_SIZE] __attribute__((aligned(16)));
static bool smp_sstc;

void smp_wait_irq(void)
{
	/* Where the firmware keeps instret closed, each read would trap. */
	int count = kinfo && kinfo->counters_ok;
	uint64_t t0 = count ? arch_instret() : 0;

	/* The wait ends when an enabled interrupt is pending, even with
	 * interrupts disabled; the handler then runs outside the count. */
	arch_wait_for_interrupt();
	if (count)
		kinfo->idle_instret[this_hart()->index] += arch_instret() - t0;
	arch_irq_take_pending();
}

void smp_idle(void)
{
	for (;;)
		smp_wait_irq();
}

void secondary_main(void);

/* Entered from the arch's secondary entry with translation on, sp and
 * this_hart() set. */
void secondary_main(void)
{
	struct hart *h = this_hart();

	arch_tlb_flush_all();
	trap_init_hart();
	arch_timer_init(smp_sstc);
	arch_counters_enable();
	tlb_probe_hart();
	__atomic_fetch_add(&smp_online, 1, __ATOMIC_RELEASE);
	h->online = 1;
	/* The boot hart is creating init; it sets sched_running in a moment. */
	while (!__atomic_load_n(&sched_running, __ATOMIC_ACQUIRE))
		;
	sched_start();
}

uint32_t smp_online_count(void)
{
	return smp_online;
}

static void start_one(const struct board *b, const struct board_hart *bh, uint32_t idx)
{
	struct hart *h = &harts[idx];

	h->hartid = bh->hartid;
	h->index = idx;
	h->plic_ctx = bh->plic_ctx;
	h->kernel_sp = (uint64_t)&kstacks[idx][KSTACK_SIZE];
	h->utf = &h->idle_frame;
	boot_args[idx] = (struct arch_secondary_boot){ vm_kernel_space(), h->kernel_sp, (uint64_t)h };
	long err = arch_hart_start(bh->hartid, &boot_args[idx]);
	if (err)
		kprintf("smp: hart %u did not start (firmware error %ld)\n", bh->hartid, err);
	(void)b;
}

void smp_start(const struct board *b)
{
	uint32_t idx = 1, want = 1;

	smp_sstc = arch_timer_uses_sstc();
	for (int i = 0; i < b->nharts && idx < MAX_HARTS; i++) {
		const struct board_hart *bh = &b->harts[i];
		if (!bh->usable || bh->hartid == harts[0].hartid)
			continue;
		start_one(b, bh, idx++);
		want++;
	}
	/* Wait up to one second of timebase for them to come up. */
	uint64_t deadline = arch_time() + b->timebase_hz;
	while (smp_online < want && arch_time() < deadline)
		;
	kinfo->nharts = smp_online;
	for (uint32_t i = 0; i < idx; i++)
		kinfo->hart_ids[i] = harts[i].hartid;
}
