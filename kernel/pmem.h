/*
 * pmem.h - physical pages: the allocator and the per-page records.
 *
 * Pages are named by physical page number (ppn).  Every page in the span
 * from the lowest to the highest RAM address has a struct exos_page;
 * holes and reserved ranges are EXOS_PAGE_NONE and never handed out.
 * Callers hold kernel_big_lock (boot runs before other harts start).
 */
#ifndef KERNEL_PMEM_H
#define KERNEL_PMEM_H

#include "addr.h"
#include "arch/mm.h"
#include "klib.h"
#include "exos/pages.h"
#include "exos/layout.h"

/* Most mappings one page may have (exported as kinfo->max_refs). */
#define PMEM_MAX_REFS 1024
/* No page: no RAM page has ppn 0 on the boards we support. */
#define PPN_NONE ((ppn_t){ 0 })
static inline bool ppn_is_none(ppn_t ppn)
{
	return ppn_raw(ppn) == 0;
}

struct pmem {
	struct exos_page *pages;
	ppn_t base;             /* the page of pages[0] */
	uint64_t npages;
	uint32_t free_head, free_tail;
	uint64_t nfree;
	/* Each env's pages, linked through next/prev like the free list,
	 * by env slot (a slot's pages all belong to its current env: a
	 * dead env's pages are freed or orphaned). */
	uint32_t owned_head[EXOS_MAX_ENVS];
	/* If set, kept equal to free_head, free_tail and nfree (the
	 * exported copies in the info page). */
	volatile uint32_t *exp_head, *exp_tail;
	volatile uint64_t *exp_nfree;
};

extern struct pmem pmem;

/* If set, called with (owner, +1) when an owner gains a page and
 * (owner, -1) when it loses one, so per-owner counts stay exact. */
extern void (*pmem_owner_hook)(uint32_t owner, int delta);
/* Give the page to new_owner (0: nobody, an orphan freed on last unmap). */
void pmem_set_owner(ppn_t ppn, uint32_t new_owner);

/* Bytes of page records needed for RAM spanning [lo, hi). */
uint64_t pmem_table_bytes(paddr_t lo, paddr_t hi);
/* Start with every page of [lo, hi) unusable, records at table. */
void pmem_init(struct exos_page *table, paddr_t lo, paddr_t hi);
/* Make the whole pages inside [pa, pa+size) free. */
void pmem_add_free(paddr_t pa, uint64_t size);
/* Take every page touching [pa, pa+size) off the free list as type
 * (EXOS_PAGE_NONE for firmware ranges).  Pages outside the span are
 * ignored. */
void pmem_reserve(paddr_t pa, uint64_t size, enum exos_page_type type);
/* Allocate any free page for owner as type; PPN_NONE when none is left.
 * The page's contents are not cleared. */
ppn_t pmem_alloc(uint32_t owner, enum exos_page_type type);
/* Allocate the named page; 0, -E_RANGE outside the span, -E_BUSY if not free. */
int pmem_alloc_at(ppn_t ppn, uint32_t owner, enum exos_page_type type);
/* Return an allocated page; 0, -E_RANGE, or -E_INVAL if it is not allocated
 * (free, a hole or reserved) or still referenced. */
int pmem_free(ppn_t ppn);
/* The index of the first page owner owns (then follow .next), or
 * EXOS_PAGE_NIL: lets an env's pages be found without scanning RAM. */
uint32_t pmem_owned_first(uint32_t owner);
/* One mapping of ppn is gone: drop its reference; a user page nobody
 * owns goes back to the free list with its last mapping. */
void pmem_unref(ppn_t ppn);
/* The record for ppn, or NULL outside the span. */
struct exos_page *pmem_page(ppn_t ppn);

/* Page ppn's index in the span (ppn in it), and the page of index i:
 * the page records and lists count by index. */
static inline uint32_t pmem_index(ppn_t ppn)
{
	return (uint32_t)(ppn_raw(ppn) - ppn_raw(pmem.base));
}

static inline ppn_t pmem_ppn(uint64_t i)
{
	return ppn_add(pmem.base, i);
}

/* The kernel's address of page ppn (the direct map), and back. */
static inline void *ppn_to_kva(ppn_t ppn)
{
	return arch_pa_to_kva(ppn_to_pa(ppn));
}

static inline ppn_t kva_to_ppn(const void *kva)
{
	return pa_to_ppn(arch_kva_to_pa(kva));
}

#endif
