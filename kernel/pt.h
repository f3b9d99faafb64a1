/*
 * pt.h - walking and filling page-table trees: generic code over the
 * geometry of arch/page.h and the PTEs of arch/mm.h.  A tree is its
 * root table (kernel address); table pages come from the caller.
 */
#ifndef KERNEL_PT_H
#define KERNEL_PT_H

#include "arch/mm.h"

/* Supplies a zeroed page for a table; PPN 0 when out of memory. */
typedef ppn_t (*pt_alloc_fn)(void *ctx);

/* The table a table entry points at. */
static inline pte_t *pt_next(pte_t entry)
{
	return arch_pa_to_kva(ppn_to_pa(arch_pte_ppn(entry)));
}

/* The valid leaf slot for va, with *level set to its level; or NULL
 * when the walk meets an empty slot (*level: where it stopped).  A
 * level-0 slot is returned even when empty: it is where va's leaf goes. */
pte_t *pt_walk(pte_t *root, vaddr_t va, int *level);
/* The valid leaf for va, or NULL (the page-level slot of pt_walk only
 * when it is valid). */
static inline pte_t *pt_leaf(pte_t *root, vaddr_t va, int *level)
{
	pte_t *pte = pt_walk(root, va, level);

	return pte && arch_pte_valid(*pte) ? pte : 0;
}

/* Put leaf at va's page-level slot, making the tables on the way;
 * returns the last-level table it went into, or NULL when a table page
 * could not be allocated or a bigger leaf is in the way. */
pte_t *pt_map_page(pte_t *root, vaddr_t va, pte_t leaf, pt_alloc_fn alloc, void *ctx);
/* pt_map_range's flags: user leaves (arch_pte_user; else kernel ones),
 * and bigger leaves than a page where alignment allows. */
enum { PT_MAP_USER = 1, PT_MAP_BIG = 2 };
/* Map [va, va + size) to the pages from ppn with perms (EXOS_PTE_R/W/X)
 * and flags.  0, or -1 as pt_map_page fails.  For the kernel's own
 * trees (kernel addresses as numbers). */
int pt_map_range(pte_t *root, uint64_t va, ppn_t ppn, uint64_t size, uint64_t perms,
		 unsigned flags, pt_alloc_fn alloc, void *ctx);

#endif
