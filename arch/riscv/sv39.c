/*
 * sv39.c - building Sv39 trees (privileged spec v1.12, section 4.4.1).
 * Every leaf is written with A set, and D when writable: SiFive U54/U74
 * cores raise a page fault instead of setting them in hardware.
 */
#include "mmu.h"
#include "../../kernel/klib.h"

pte_t *sv39_walk(pte_t *root, uint64_t va, int *level)
{
	pte_t *table = root;

	for (int l = 2; l > 0; l--) {
		pte_t pte = table[VPN(va, l)];
		if (!(pte & PTE_V) || pte_is_leaf(pte)) {
			*level = l;
			return (pte & PTE_V) ? &table[VPN(va, l)] : 0;
		}
		table = pa_to_kva(pte_pa(pte));
	}
	*level = 0;
	return &table[VPN(va, 0)];
}

/* The table one level below slot, allocating it if absent; 0 on failure
 * or when a leaf occupies the slot. */
static pte_t *sv39_next(pte_t *slot, pt_alloc_fn alloc, void *ctx)
{
	if (*slot & PTE_V)
		return pte_is_leaf(*slot) ? 0 : pa_to_kva(pte_pa(*slot));
	paddr_t pa = alloc(ctx);
	if (!pa)
		return 0;
	*slot = pte_make(pa, PTE_V);
	return pa_to_kva(pa);
}

static int sv39_map_one(pte_t *root, uint64_t va, paddr_t pa, int level,
			uint64_t flags, pt_alloc_fn alloc, void *ctx)
{
	pte_t *table = root;

	for (int l = 2; l > level; l--) {
		table = sv39_next(&table[VPN(va, l)], alloc, ctx);
		if (!table)
			return -1;
	}
	table[VPN(va, level)] = pte_make(pa, flags);
	return 0;
}

int sv39_map(pte_t *root, uint64_t va, paddr_t pa, uint64_t size,
	     uint64_t flags, int big, pt_alloc_fn alloc, void *ctx)
{
	uint64_t end = va + size;

	while (va < end) {
		int level = 0;
		uint64_t step = PAGE_SIZE;
		if (big && IS_ALIGNED(va | pa, GIGA_SIZE) && end - va >= GIGA_SIZE) {
			level = 2;
			step = GIGA_SIZE;
		} else if (big && IS_ALIGNED(va | pa, MEGA_SIZE) && end - va >= MEGA_SIZE) {
			level = 1;
			step = MEGA_SIZE;
		}
		if (sv39_map_one(root, va, pa, level, flags, alloc, ctx))
			return -1;
		va += step;
		pa += step;
	}
	return 0;
}

pte_t *sv39_map_page(pte_t *root, uint64_t va, paddr_t pa, uint64_t flags, pt_alloc_fn alloc,
		     void *ctx)
{
	pte_t *table = root;

	for (int l = 2; l > 0; l--) {
		table = sv39_next(&table[VPN(va, l)], alloc, ctx);
		if (!table)
			return 0;
	}
	table[VPN(va, 0)] = pte_make(pa, flags);
	return table;
}
