/*
 * pt.c - see pt.h.
 */
#include "pt.h"
#include "klib.h"

pte_t *pt_walk(pte_t *root, vaddr_t va, int *level)
{
	pte_t *table = root;

	for (int l = ARCH_PT_LEVELS - 1; l > 0; l--) {
		pte_t *slot = &table[ARCH_PT_INDEX(va_raw(va), l)];
		if (!arch_pte_is_table(*slot)) {
			*level = l;
			return arch_pte_valid(*slot) ? slot : 0;
		}
		table = pt_next(*slot);
	}
	*level = 0;
	return &table[ARCH_PT_INDEX(va_raw(va), 0)];
}

/* The table one level below slot, allocating it if absent; NULL on
 * failure or when a leaf occupies the slot. */
static inline pte_t *next_or_alloc(pte_t *slot, pt_alloc_fn alloc, void *ctx)
{
	if (arch_pte_valid(*slot))
		return arch_pte_is_leaf(*slot) ? 0 : pt_next(*slot);
	ppn_t ppn = alloc(ctx);
	if (!ppn_raw(ppn))
		return 0;
	*slot = arch_pte_table(ppn);
	return pt_next(*slot);
}

/* The level-level slot for va, making the tables above it. */
static pte_t *slot_at(pte_t *root, uint64_t va, int level, pt_alloc_fn alloc, void *ctx)
{
	pte_t *table = root;

	for (int l = ARCH_PT_LEVELS - 1; l > level; l--) {
		table = next_or_alloc(&table[ARCH_PT_INDEX(va, l)], alloc, ctx);
		if (!table)
			return 0;
	}
	return &table[ARCH_PT_INDEX(va, level)];
}

/* The walk of slot_at for a page-level leaf, written out (inline): it
 * is on every install and STLB refill, and every page the kernel maps
 * at boot.  The last-level table for va, or NULL. */
static inline pte_t *page_table(pte_t *root, uint64_t va, pt_alloc_fn alloc, void *ctx)
{
	pte_t *table = root;

	for (int l = ARCH_PT_LEVELS - 1; l > 0 && table; l--)
		table = next_or_alloc(&table[ARCH_PT_INDEX(va, l)], alloc, ctx);
	return table;
}

pte_t *pt_map_page(pte_t *root, vaddr_t va, pte_t leaf, pt_alloc_fn alloc, void *ctx)
{
	pte_t *table = page_table(root, va_raw(va), alloc, ctx);

	if (table)
		table[ARCH_PT_INDEX(va_raw(va), 0)] = leaf;
	return table;
}

/* The leaf pt_map_range writes for the page at pa. */
static inline pte_t range_leaf(uint64_t pa, uint64_t perms, unsigned flags)
{
	ppn_t ppn = pa_to_ppn(pa_make(pa));

	return (flags & PT_MAP_USER) ? arch_pte_user(ppn, perms) : arch_pte_kernel(ppn, perms);
}

/* The biggest leaf level that fits at va and pa (0: a page). */
static inline int range_level(uint64_t va, uint64_t pa, uint64_t end, unsigned flags)
{
	for (int l = ARCH_PT_LEVELS - 1; (flags & PT_MAP_BIG) && l > 0; l--)
		if (IS_ALIGNED(va | pa, ARCH_PT_SPAN(l)) && end - va >= ARCH_PT_SPAN(l))
			return l;
	return 0;
}

int pt_map_range(pte_t *root, uint64_t va, ppn_t ppn, uint64_t size, uint64_t perms,
		 unsigned flags, pt_alloc_fn alloc, void *ctx)
{
	uint64_t end = va + size, pa = pa_raw(ppn_to_pa(ppn));

	while (va < end) {
		int level = range_level(va, pa, end, flags);
		if (level) {
			pte_t *slot = slot_at(root, va, level, alloc, ctx);
			if (!slot)
				return -1;
			*slot = range_leaf(pa, perms, flags);
			va += ARCH_PT_SPAN(level);
			pa += ARCH_PT_SPAN(level);
			continue;
		}
		/* Pages: one walk per last-level table, which they fill up to
		 * its end (where a bigger leaf may start again). */
		pte_t *table = page_table(root, va, alloc, ctx);
		if (!table)
			return -1;
		do {
			table[ARCH_PT_INDEX(va, 0)] = range_leaf(pa, perms, flags);
			va += PAGE_SIZE;
			pa += PAGE_SIZE;
		} while (va < end && ARCH_PT_INDEX(va, 0) != 0);
	}
	return 0;
}
