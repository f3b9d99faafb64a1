/*
 * rmap.c - see rmap.h.  Chains are singly linked and new entries go at
 * the head: most pages have one or two mappings, so finding an entry to
 * drop is a step or two; a page shared by every env (a program's code
 * after many forks) has at most EXOS_MAX_ENVS-odd entries.
 */
#include "rmap.h"
#include "info.h"
#include "kprintf.h"
#include "vm.h"

#define MEGA_PAGES (MEGA_SIZE / PAGE_SIZE)

struct rmap_pool rmap_pool;

uint32_t rmap_size(uint64_t npages, uint32_t cap)
{
	uint64_t n = 2 * npages;

	if (cap && n > (uint64_t)cap + 1)
		n = (uint64_t)cap + 1;
	return (uint32_t)MIN(n, EXOS_RMAP_MAX / sizeof(struct exos_rmap));
}

void rmap_init(struct exos_rmap *e, uint32_t n)
{
	rmap_pool.e = e;
	rmap_pool.n = n;
	rmap_pool.free_head = 0;
	rmap_pool.top = 1;
	/* Zeroed (free entries read as env 0), a page at a time: unrolled. */
	for (uint64_t off = 0; off < (uint64_t)n * sizeof(*e); off += PAGE_SIZE)
		page_zero((uint8_t *)e + off);
	rmap_pool.nfree = n ? n - 1 : 0;
	kinfo->rmap_entries = rmap_pool.nfree;
	kinfo->rmap_free = rmap_pool.nfree;
}

void rmap_export(void)
{
	vm_export(va_make(EXOS_RMAP_VA), arch_kva_to_pa(rmap_pool.e),
		  (uint64_t)rmap_pool.n * sizeof(*rmap_pool.e));
}

void rmap_broken(const struct exos_page *p, uint32_t env, uint64_t va)
{
	panic("rmap: env %u's binding of page %lx at %lx %s", env,
	      (unsigned long)ppn_raw(pmem_ppn((uint64_t)(p - pmem.pages))), (unsigned long)va,
	      rmap_pool.nfree ? "was never recorded" : "finds the pool empty");
}

void rmap_add_mega(ppn_t base, uint32_t env, vaddr_t va)
{
	rmap_link(pmem_page(base), env, va_raw(va) | EXOS_RMAP_MEGA);
	for (uint64_t k = 0; k < MEGA_PAGES; k++)
		pmem_page(ppn_add(base, k))->refcnt++;
}

void rmap_drop_mega(ppn_t base, uint32_t env, vaddr_t va)
{
	rmap_unlink(pmem_page(base), env, va_raw(va) | EXOS_RMAP_MEGA);
	for (uint64_t k = 0; k < MEGA_PAGES; k++)
		pmem_unref(ppn_add(base, k));
}

/* The first entry on ppn's chain whose megapage flag is mega, or 0. */
static uint32_t find_kind(ppn_t ppn, int mega)
{
	struct exos_page *p = pmem_page(ppn);

	for (uint32_t i = p ? p->rmap : 0; i; i = rmap_pool.e[i].next)
		if (!(rmap_pool.e[i].va & EXOS_RMAP_MEGA) == !mega)
			return i;
	return 0;
}

int rmap_first(ppn_t ppn, uint32_t *env, vaddr_t *va, int *mega)
{
	uint32_t i = find_kind(ppn, 0);

	*mega = !i;
	if (!i)
		i = find_kind(ppn_make(ALIGN_DOWN(ppn_raw(ppn), MEGA_PAGES)), 1);
	if (!i)
		return 0;
	*env = rmap_pool.e[i].env;
	*va = va_make(rmap_pool.e[i].va & ~(uint64_t)EXOS_RMAP_MEGA);
	return 1;
}

int rmap_count(ppn_t ppn, uint32_t env, vaddr_t va, int mega)
{
	struct exos_page *p = pmem_page(ppn);
	uint64_t want = va_raw(va) | (mega ? EXOS_RMAP_MEGA : 0);
	int n = 0;

	for (uint32_t i = p ? p->rmap : 0, k = 0; i && k < rmap_pool.n; i = rmap_pool.e[i].next, k++)
		n += rmap_pool.e[i].env == env && rmap_pool.e[i].va == want;
	return n;
}

void rmap_each(ppn_t ppn, void (*fn)(uint32_t env, vaddr_t va, int mega, void *ctx), void *ctx)
{
	struct exos_page *p = pmem_page(ppn);

	for (uint32_t i = p ? p->rmap : 0, n = 0; i && n < rmap_pool.n; i = rmap_pool.e[i].next, n++)
		fn(rmap_pool.e[i].env, va_make(rmap_pool.e[i].va & ~(uint64_t)EXOS_RMAP_MEGA),
		   (rmap_pool.e[i].va & EXOS_RMAP_MEGA) != 0, ctx);
}

void rmap_census(uint64_t *used, uint64_t *free_listed, uint64_t *free_counted)
{
	*used = *free_listed = 0;
	for (uint64_t k = 0; k < pmem.npages; k++)
		for (uint32_t i = pmem.pages[k].rmap; i && *used < rmap_pool.n; i = rmap_pool.e[i].next)
			(*used)++;
	for (uint32_t i = rmap_pool.free_head; i && *free_listed < rmap_pool.n; i = rmap_pool.e[i].next)
		(*free_listed)++;
	*free_listed += rmap_pool.n - MIN(rmap_pool.top, rmap_pool.n);
	*free_counted = rmap_pool.nfree;
}
