/*
 * stlb.c - see stlb.h.
 */
#include "stlb.h"
#include "exos/errno.h"
#include "info.h"
#include "rmap.h"
#include "tlb.h"

#define ONLY 1UL   /* stlb_entry.va bit 0 */

static struct stlb_entry *slot_of(struct env *e, uint64_t va)
{
	return &e->stlb[(va >> PAGE_SHIFT) % STLB_ENTRIES];
}

/* Tell the hart running e whether its misses must come to the kernel. */
static void sync_hart(struct env *e)
{
	if (e->hart >= 0 && harts[e->hart].env == e)
		harts[e->hart].stlb_only = e->stlb_only;
}

int stlb_init(struct env *e)
{
	ppn_t ppn = pmem_alloc(e->id, EXOS_PAGE_KERNEL);

	if (ppn == PPN_NONE)
		return -E_NOMEM;
	e->stlb = pa_to_kva(ppn << PAGE_SHIFT);
	page_zero(e->stlb);
	return 0;
}

/* Empty slot s; a binding only there is gone for good (with its
 * inverse mapping and reference). */
static void evict(struct env *e, struct stlb_entry *s)
{
	if (s->va & ONLY) {
		rmap_drop(pte_pa(s->pte) >> PAGE_SHIFT, e->id, s->va & ~ONLY);
		e->stlb_only--;
	}
	s->va = 0;
	s->pte = 0;
}

void stlb_record(struct env *e, uint64_t va, pte_t pte)
{
	struct stlb_entry *s = slot_of(e, va);

	if (s->va && (s->va & ~ONLY) != va)
		evict(e, s);
	else if (s->va & ONLY)
		e->stlb_only--;
	s->va = va;
	s->pte = pte;
	sync_hart(e);
}

int stlb_forget(struct env *e, uint64_t va, pte_t *pte_out)
{
	struct stlb_entry *s = slot_of(e, va);

	if ((s->va & ~ONLY) != va || !s->va)
		return 0;
	int only = (int)(s->va & ONLY);
	*pte_out = s->pte;
	if (only)
		e->stlb_only--;
	s->va = 0;
	sync_hart(e);
	return only;
}

static paddr_t refill_table(void *ctx)
{
	struct env *e = ctx;

	e->us.tables_made++;
	return vm_alloc_table_for(e->id);
}

int stlb_refill(struct env *e, uint64_t va)
{
	struct stlb_entry *s = slot_of(e, va & ~(PAGE_SIZE - 1));

	if (!(s->va & ONLY) || (s->va & ~ONLY) != (va & ~(PAGE_SIZE - 1)))
		return 0;
	uint32_t made = e->us.tables_made;

	pte_t *leaf_table = sv39_map_page(e->us.root, s->va & ~ONLY, pte_pa(s->pte),
					  s->pte & 0x3ff, refill_table, e);

	if (!leaf_table)
		return 0;
	uspace_mark(&e->us, va, leaf_table, e->us.tables_made != made);
	s->va &= ~ONLY;
	kinfo->stlb_refills++;
	e->stlb_only--;
	sync_hart(e);
	tlb_flush_range(e, va & ~(PAGE_SIZE - 1), PAGE_SIZE);
	return 1;
}

static int guaranteed(const struct env *e, uint64_t va)
{
	if (va >= EXOS_SAVE_VA && va < EXOS_RESERVED_END)
		return 1;
	for (int i = 0; i < 8; i++)
		if (va >= e->guaranteed[i][0] && va < e->guaranteed[i][1])
			return 1;
	return 0;
}

int stlb_guarantee(struct env *e, uint64_t va, uint64_t len)
{
	for (int i = 0; i < 8; i++) {
		if (e->guaranteed[i][1] == 0) {
			e->guaranteed[i][0] = va;
			e->guaranteed[i][1] = va + len;
			return 0;
		}
	}
	return -E_RANGE;
}

/* Move the non-guaranteed leaves below table into the STLB (clearing
 * them); free table pages left empty.  Returns pages freed. */
static int drop_level(struct env *e, pte_t *table, int level, uint64_t base, int *keep)
{
	int freed = 0;

	*keep = 0;
	for (int i = 0; i < 512; i++) {
		uint64_t va = base | ((uint64_t)i << (PAGE_SHIFT + 9 * level));
		pte_t pte = table[i];
		if (!(pte & PTE_V) || (level == 2 && (i >= 256 || i == (int)VPN(EXOS_EXPORT_VA, 2))))
			continue;
		if (pte_is_leaf(pte)) {
			if (guaranteed(e, va) || level != 0) {
				*keep = 1;
				continue;
			}
			struct stlb_entry *s = slot_of(e, va);
			if (s->va && (s->va & ~ONLY) != va)
				evict(e, s);   /* a colliding binding held only here goes */
			if (!(s->va & ONLY))
				e->stlb_only++;
			s->va = va | ONLY;
			s->pte = pte;
			table[i] = 0;
			continue;
		}
		int sub_keep;
		freed += drop_level(e, pa_to_kva(pte_pa(pte)), level - 1, va, &sub_keep);
		if (sub_keep) {
			*keep = 1;
		} else {
			table[i] = 0;
			pmem_free(pte_pa(pte) >> PAGE_SHIFT);
			freed++;
		}
	}
	return freed;
}

int stlb_drop_tables(struct env *e)
{
	int keep;
	int freed = drop_level(e, e->us.root, 2, 0, &keep);

	tlb_flush_env(e);   /* freed table pages: non-leaf entries too */
	sync_hart(e);
	return freed;
}

void stlb_each_only(struct env *e, uspace_drop_fn fn, void *ctx)
{
	if (!e->stlb_only)
		return;   /* the usual case: nothing was ever dropped from the tree */
	for (int i = 0; e->stlb && i < STLB_ENTRIES; i++)
		if (e->stlb[i].va & ONLY)
			fn(pte_pa(e->stlb[i].pte) >> PAGE_SHIFT, e->stlb[i].va & ~ONLY, 0, ctx);
}

int stlb_only_in(struct env *e, uint64_t va, uint64_t len)
{
	for (int i = 0; i < STLB_ENTRIES; i++)
		if ((e->stlb[i].va & ONLY) && (e->stlb[i].va & ~ONLY) - va < len)
			return 1;
	return 0;
}

pte_t stlb_lookup_only(struct env *e, uint64_t va)
{
	struct stlb_entry *s = slot_of(e, va);

	return (s->va & ONLY) && (s->va & ~ONLY) == va ? s->pte : 0;
}
