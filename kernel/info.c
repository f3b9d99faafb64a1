/*
 * info.c - see info.h.
 */
#include "info.h"
#include "kprintf.h"
#include "arch/cpu.h"

struct exos_info *kinfo;
ppn_t kinfo_ppn;

void info_init(const struct board *b)
{
	kinfo_ppn = pmem_alloc(0, EXOS_PAGE_EXPORT);
	if (ppn_is_none(kinfo_ppn))
		panic("info: no page for the exported info page");
	kinfo = ppn_to_kva(kinfo_ppn);
	memset(kinfo, 0, PAGE_SIZE);
	kinfo->magic = EXOS_INFO_MAGIC;
	kinfo->version = EXOS_INFO_VERSION;
	kinfo->timebase_hz = b->timebase_hz;
	for (int i = 0; i < b->nmem; i++)
		kinfo->ram_bytes += b->mem[i].size;
	kinfo->pages_total = pmem.npages;
	kinfo->rng_seed_len = MIN(b->rng_seed_len, sizeof(kinfo->rng_seed));
	memcpy(kinfo->rng_seed, b->rng_seed, kinfo->rng_seed_len);
	memcpy(kinfo->bootargs, b->bootargs, sizeof(kinfo->bootargs) - 1);
	kinfo->pages_base_ppn = ppn_raw(pmem.base);
	kinfo->max_refs = PMEM_MAX_REFS;
	pmem.exp_head = &kinfo->free_head;
	pmem.exp_tail = &kinfo->free_tail;
	pmem.exp_nfree = &kinfo->pages_free;
	info_update();
}

void info_set_time_of_day(uint64_t ns)
{
	kinfo->rtc_boot_ticks = arch_time();
	kinfo->rtc_boot_ns = ns;
}

void info_update(void)
{
	kinfo->pages_free = pmem.nfree;
	kinfo->free_head = pmem.free_head;
	kinfo->free_tail = pmem.free_tail;
}
