/*
 * tlb.c - see tlb.h.
 */
#include "tlb.h"
#include "info.h"
#include "kprintf.h"

/* 16 bits: the most any hart reports. */
static unsigned hw_bits = 16;   /* smallest ASIDLEN over the harts */
unsigned tlb_asid_bits;         /* ASID bits in use: 0 = none */
static uint64_t asid_gen = 1;   /* the current generation */
static uint32_t asid_next = 1;  /* next ASID to hand out (0 is the kernel's) */
/* The generation each hart has flushed everything for. */
static uint64_t hart_gen[MAX_HARTS];

static void note_bits(unsigned n)
{
	unsigned cur = __atomic_load_n(&hw_bits, __ATOMIC_RELAXED);

	while (n < cur && !__atomic_compare_exchange_n(&hw_bits, &cur, n, 0, __ATOMIC_RELAXED,
						       __ATOMIC_RELAXED))
		;
}

void tlb_probe_hart(void)
{
	note_bits(arch_mm_asid_bits());
}

void tlb_init(int off, unsigned cap)
{
	note_bits(arch_mm_asid_bits());
	tlb_asid_bits = off ? 0 : hw_bits;
	if (cap && cap < tlb_asid_bits)
		tlb_asid_bits = cap;
	/* One ASID besides the kernel's 0 would mean a rollover (a full
	 * flush) at nearly every switch: no better than none. */
	if (tlb_asid_bits < 2)
		tlb_asid_bits = 0;
	kinfo->asid_bits = hw_bits;
	kinfo->asids_used = tlb_asid_bits;
	if (tlb_asid_bits)
		kprintf("exos: %u ASID bits, %u used: one ASID per env, no TLB flush on switches\n",
			hw_bits, tlb_asid_bits);
	else if (hw_bits)
		kprintf("exos: %u ASID bits, not used: a full TLB flush on every switch\n", hw_bits);
	else
		kprintf("exos: no ASIDs: a full TLB flush on every switch\n");
}

/* A fresh ASID for e.  When they run out, a new generation: no env may
 * switch without the slow path (each hart flushes everything there
 * first).  Nothing of e's is cached under the new ASID anywhere. */
static void asid_assign(struct env *e)
{
	if (asid_next >> tlb_asid_bits) {
		asid_gen++;
		asid_next = 1;
		for (int i = 0; i < EXOS_MAX_ENVS; i++)
			envs[i].tlb.ok = 0;
	}
	e->tlb.asid = asid_next++;
	e->tlb.gen = asid_gen;
	e->tlb.space = arch_mm_space(e->us.root_pa, e->tlb.asid);
	e->tlb.ran = 0;
	e->tlb.ok = 0;
}

void tlb_switch_slow(struct env *e)
{
	uint32_t hi = this_hart()->index, me = 1u << hi;

	if (e->tlb.gen != asid_gen)
		asid_assign(e);
	arch_mm_switch(e->tlb.space);
	if (hart_gen[hi] != asid_gen) {
		arch_tlb_flush_all();   /* this hart may hold old owners of e's ASID */
		hart_gen[hi] = asid_gen;
	} else if (e->tlb.ran & me) {
		arch_tlb_flush_asid(e->tlb.asid);   /* entries older than a PTE change */
	}
	e->tlb.ran |= me;
	e->tlb.ok |= me;
}

void tlb_switch_kernel(void)
{
	arch_mm_switch(vm_kernel_space());
	if (!tlb_asid_bits)
		arch_tlb_flush_all();
}

int tlb_in_use(const struct env *e)
{
	return arch_mm_in_use(e->us.root_pa);
}

/* Flush e's translation at va, a page or the megapage holding it (size
 * 0: every translation of e's) on this hart. */
static void flush_here(const struct env *e, vaddr_t va, uint64_t size)
{
	if (tlb_asid_bits && size)
		arch_tlb_flush_va_asid(va, e->tlb.asid);
	else if (tlb_asid_bits)
		arch_tlb_flush_asid(e->tlb.asid);
	else if (size)
		arch_tlb_flush_va(va);
	else
		arch_tlb_flush_all();
}

/* The same on hart index hi, which has done it when this returns. */
static void flush_there(uint32_t hi, const struct env *e, vaddr_t va, uint64_t size)
{
	if (tlb_asid_bits)
		arch_tlb_flush_remote_asid(harts[hi].hartid, va, size, e->tlb.asid);
	else
		arch_tlb_flush_remote(harts[hi].hartid, va, size);
}

void tlb_flush_slow(struct env *e, vaddr_t va, uint64_t size)
{
	/* Harts that ran e but do not run it now owe a flush (tlb.h). */
	e->tlb.ok &= e->hart >= 0 ? 1u << e->hart : 0;
	if (e->hart == (int)this_hart()->index)
		flush_here(e, va, size);
	else if (e->hart >= 0)
		flush_there((uint32_t)e->hart, e, va, size);
}

void tlb_flush_env(struct env *e)
{
	tlb_flush_slow(e, va_make(0), 0);
}
