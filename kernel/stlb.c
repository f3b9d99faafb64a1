/*
 * stlb.c - see stlb.h.
 */
#include "stlb.h"
#include "exos/errno.h"
#include "info.h"
#include "rmap.h"
#include "tlb.h"

#define ONLY 1UL   /* stlb_entry.va bit 0 */

/* The slot of the page at va (page-aligned). */
static struct stlb_entry *slot_of(struct env *e, vaddr_t va)
{
	return &e->stlb[(va_raw(va) >> PAGE_SHIFT) % STLB_ENTRIES];
}

/* The page address a slot records. */
static vaddr_t slot_va(const struct stlb_entry *s)
{
	return va_make(s->va & ~ONLY);
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

	if (ppn_is_none(ppn))
		return -E_NOMEM;
	e->stlb = ppn_to_kva(ppn);
	page_zero(e->stlb);
	return 0;
}

/* Empty slot s; a binding only there is gone for good (with its
 * inverse mapping and reference). */
static void evict(struct env *e, struct stlb_entry *s)
{
	if (s->va & ONLY) {
		rmap_drop(arch_pte_ppn(s->pte), e->id, slot_va(s));
		e->stlb_only--;
	}
	s->va = 0;
	s->pte = arch_pte_none();
}

void stlb_record(struct env *e, vaddr_t va, pte_t pte)
{
	struct stlb_entry *s = slot_of(e, va);

	if (s->va && !va_eq(slot_va(s), va))
		evict(e, s);
	else if (s->va & ONLY)
		e->stlb_only--;
	s->va = va_raw(va);
	s->pte = pte;
	sync_hart(e);
}

int stlb_forget(struct env *e, vaddr_t va, pte_t *pte_out)
{
	struct stlb_entry *s = slot_of(e, va);

	if (!s->va || !va_eq(slot_va(s), va))
		return 0;
	int only = (int)(s->va & ONLY);
	*pte_out = s->pte;
	if (only)
		e->stlb_only--;
	s->va = 0;
	sync_hart(e);
	return only;
}

int stlb_refill(struct env *e, vaddr_t va)
{
	struct stlb_entry *s = slot_of(e, va_page(va));

	if (!(s->va & ONLY) || !va_eq(slot_va(s), va_page(va)))
		return 0;
	if (uspace_map_leaf(&e->us, slot_va(s), s->pte))
		return 0;
	s->va &= ~ONLY;
	kinfo->stlb_refills++;
	e->stlb_only--;
	sync_hart(e);
	tlb_flush_range(e, va_page(va), PAGE_SIZE);
	return 1;
}

int uspace_refill(struct uspace *us, vaddr_t va)
{
	/* Every uspace is an env's (struct env.us). */
	return stlb_refill((struct env *)((char *)us - offsetof(struct env, us)), va);
}

static int guaranteed(const struct env *e, vaddr_t va)
{
	uint64_t v = va_raw(va);

	if (v >= EXOS_SAVE_VA && v < EXOS_RESERVED_END)
		return 1;
	/* Ranges are only added, each in the first free entry: the first
	 * free one ends the list. */
	for (int i = 0; i < 8 && e->guaranteed[i][1]; i++)
		if (v >= e->guaranteed[i][0] && v < e->guaranteed[i][1])
			return 1;
	return 0;
}

int stlb_guarantee(struct env *e, vaddr_t va, uint64_t len)
{
	for (int i = 0; i < 8; i++) {
		if (e->guaranteed[i][1] == 0) {
			e->guaranteed[i][0] = va_raw(va);
			e->guaranteed[i][1] = va_raw(va) + len;
			return 0;
		}
	}
	return -E_RANGE;
}

/* The slots of a root table that belong to the env: the user half,
 * without the export subtree every env shares. */
static bool own_root_slot(uint64_t i)
{
	return i < ARCH_PT_KERNEL_SLOT && i != ARCH_PT_INDEX(EXOS_EXPORT_VA, ARCH_PT_LEVELS - 1);
}

/* Move the leaf in slot (for va) into the STLB as held only there. */
static void move_to_stlb(struct env *e, pte_t *slot, vaddr_t va)
{
	struct stlb_entry *s = slot_of(e, va);

	if (s->va && !va_eq(slot_va(s), va))
		evict(e, s);   /* a colliding binding held only here goes */
	if (!(s->va & ONLY))
		e->stlb_only++;
	s->va = va_raw(va) | ONLY;
	s->pte = *slot;
	*slot = arch_pte_none();
}

static int drop_level(struct env *e, pte_t *table, int level, vaddr_t base, int *keep);

/* drop_level for slot (at level, for va), a table entry: empty the
 * table and free it if nothing below must stay.  Sets *keep if
 * something must; returns table pages freed.  Out of line: rare, and
 * the scan in drop_level stays a few instructions per slot without it. */
static __attribute__((noinline)) int drop_table(struct env *e, pte_t *slot, int level, vaddr_t va,
						int *keep)
{
	pte_t pte = *slot;
	int sub_keep, freed = drop_level(e, pt_next(pte), level - 1, va, &sub_keep);

	if (sub_keep) {
		*keep = 1;
		return freed;
	}
	*slot = arch_pte_none();
	pmem_free(arch_pte_ppn(pte));
	return freed + 1;
}

/* Move the non-guaranteed leaves below table into the STLB (clearing
 * them); free table pages left empty.  Returns pages freed. */
static int drop_level(struct env *e, pte_t *table, int level, vaddr_t base, int *keep)
{
	int freed = 0;

	*keep = 0;
	/* Most slots are empty: the scan is a load and a test for them. */
	for (pte_t *slot = table, *end = table + ARCH_PT_ENTRIES; slot < end; slot++) {
		pte_t pte = *slot;
		uint64_t i = (uint64_t)(slot - table);
		if (!arch_pte_valid(pte) || (level == ARCH_PT_LEVELS - 1 && !own_root_slot(i)))
			continue;
		vaddr_t va = va_add(base, i * ARCH_PT_SPAN(level));
		if (!arch_pte_is_leaf(pte))
			freed += drop_table(e, slot, level, va, keep);
		else if (level != 0 || guaranteed(e, va))
			*keep = 1;
		else
			move_to_stlb(e, slot, va);
	}
	return freed;
}

int stlb_drop_tables(struct env *e)
{
	int keep;
	int freed = drop_level(e, e->us.root, ARCH_PT_LEVELS - 1, va_make(0), &keep);

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
			fn(arch_pte_ppn(e->stlb[i].pte), slot_va(&e->stlb[i]), 0, ctx);
}

int stlb_only_in(struct env *e, vaddr_t va, uint64_t len)
{
	for (int i = 0; i < STLB_ENTRIES; i++)
		if ((e->stlb[i].va & ONLY) && va_raw(slot_va(&e->stlb[i])) - va_raw(va) < len)
			return 1;
	return 0;
}

pte_t stlb_lookup_only(struct env *e, vaddr_t va)
{
	struct stlb_entry *s = slot_of(e, va);

	return (s->va & ONLY) && va_eq(slot_va(s), va) ? s->pte : arch_pte_none();
}
