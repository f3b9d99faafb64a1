/*
 * smp.c - secondary harts.  They enter arch/riscv/entry.S at
 * secondary_entry with the kernel's satp, a stack and their struct hart,
 * then park in the idle loop until later issues give them work.
 */
#include "smp.h"
#include "info.h"
#include "kprintf.h"
#include "sched.h"
#include "tlb.h"
#include "vm.h"
#include "../arch/riscv/csr.h"
#include "../arch/riscv/hart.h"
#include "../arch/riscv/plic.h"
#include "../arch/riscv/sbi.h"
#include "../arch/riscv/timer.h"
#include "../arch/riscv/trap.h"

struct hart harts[MAX_HARTS];
volatile uint32_t smp_online = 1;

struct secondary_boot {
	uint64_t satp, sp, tp;
};
static struct secondary_boot boot_args[MAX_HARTS];
static uint8_t kstacks[MAX_HARTS][KSTACK_SIZE] __attribute__((aligned(16)));
static int smp_sstc;

extern char secondary_entry[];

void smp_wait_irq(void)
{
	/* Where the firmware keeps instret closed, each read would trap. */
	int count = kinfo && kinfo->counters_ok;
	uint64_t t0 = count ? rdinstret() : 0;

	/* wfi returns when an enabled interrupt is pending, even with
	 * sstatus.SIE clear; the handler then runs outside the count. */
	__asm__ volatile("wfi");
	if (count)
		kinfo->idle_instret[this_hart()->index] += rdinstret() - t0;
	csr_set(sstatus, SSTATUS_SIE);
	csr_clear(sstatus, SSTATUS_SIE);
}

void smp_idle(void)
{
	for (;;)
		smp_wait_irq();
}

void secondary_main(void);

/* Entered from arch/riscv/entry.S with translation on, sp and tp set. */
void secondary_main(void)
{
	struct hart *h = this_hart();

	sfence_vma_all();
	trap_init_hart();
	timer_init(smp_sstc);
	csr_write(scounteren, 7);
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
	boot_args[idx] = (struct secondary_boot){ vm_kernel_satp(), h->kernel_sp, (uint64_t)h };
	long err = sbi_hart_start(bh->hartid, kva_to_pa(secondary_entry),
				  kva_to_pa(&boot_args[idx]));
	if (err)
		kprintf("smp: hart %u did not start (SBI error %ld)\n", bh->hartid, err);
	(void)b;
}

void smp_start(const struct board *b)
{
	uint32_t idx = 1, want = 1;

	smp_sstc = timer_uses_sstc();
	for (int i = 0; i < b->nharts && idx < MAX_HARTS; i++) {
		const struct board_hart *bh = &b->harts[i];
		if (!bh->usable || bh->hartid == harts[0].hartid)
			continue;
		start_one(b, bh, idx++);
		want++;
	}
	/* Wait up to one second of timebase for them to come up. */
	uint64_t deadline = rdtime() + b->timebase_hz;
	while (smp_online < want && rdtime() < deadline)
		;
	kinfo->nharts = smp_online;
	for (uint32_t i = 0; i < idx; i++)
		kinfo->hart_ids[i] = harts[i].hartid;
}
