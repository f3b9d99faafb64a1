/*
 * kcheck.c - invariants every page and binding must satisfy:
 *  - the free list holds exactly the FREE pages, linked both ways;
 *  - a user mapping points at a USER, SAVE or (its own capability page)
 *    EXPORT page, never at a free, page-table or kernel page; for a
 *    megapage, each of its 512 pages, its first page 2 MiB aligned;
 *  - every page's reference count equals the mappings of it that exist;
 *  - a USER page belongs to a live env, or is an orphan still mapped.
 */
#include "kcheck.h"
#include "env.h"
#include "kprintf.h"
#include "stlb.h"

static int violations;

static void bad(const char *what, uint64_t ppn, uint32_t env, uint64_t va)
{
	if (violations++ < 10)
		kprintf("kcheck: %s: page %lx (env %u, va %lx)\n", what, (unsigned long)ppn, env,
			(unsigned long)va);
}

static void check_free_list(void)
{
	uint64_t n = 0, typed = 0;
	uint32_t prev = EXOS_PAGE_NIL;

	for (uint32_t i = pmem.free_head; i != EXOS_PAGE_NIL && n <= pmem.npages;
	     i = pmem.pages[i].next, n++) {
		if (pmem.pages[i].type != EXOS_PAGE_FREE || pmem.pages[i].prev != prev)
			bad("free list entry not free or badly linked", pmem.base + i, 0, 0);
		prev = i;
	}
	for (uint64_t i = 0; i < pmem.npages; i++)
		typed += pmem.pages[i].type == EXOS_PAGE_FREE;
	if (n != pmem.nfree || typed != n)
		bad("free list length differs from the free pages", n, (uint32_t)typed, pmem.nfree);
}

/* Count one mapping of ppn by env e at va (rmap holds the count). */
static void count_leaf(struct env *e, uint64_t va, pte_t pte)
{
	ppn_t ppn = pte_pa(pte) >> PAGE_SHIFT;
	struct exos_page *p = pmem_page(ppn);

	if (!p) {
		bad("user mapping outside RAM", ppn, e->id, va);
		return;
	}
	if (p->type != EXOS_PAGE_USER && p->type != EXOS_PAGE_SAVE &&
	    !(p->type == EXOS_PAGE_EXPORT && ppn == e->caps_ppn))
		bad("user mapping of a page that is not user memory", ppn, e->id, va);
	if (!(pte & PTE_U) || (pte & PTE_G) || !(pte & PTE_A))
		bad("user mapping with bad PTE bits", ppn, e->id, va);
	p->rmap++;
}

/* Count every page a leaf at level maps (one, or 512 for a megapage). */
static void count_span(struct env *e, uint64_t va, pte_t pte, int level)
{
	uint64_t n = 1UL << (9 * level);

	if ((pte_pa(pte) >> PAGE_SHIFT) & (n - 1))
		bad("superpage not aligned to its size", pte_pa(pte) >> PAGE_SHIFT, e->id, va);
	for (uint64_t k = 0; k < n; k++)
		count_leaf(e, va + k * PAGE_SIZE, pte + (k << PTE_PPN_SHIFT));
}

static void walk(struct env *e, pte_t *table, int level, uint64_t base)
{
	for (int i = 0; i < 512; i++) {
		uint64_t va = base | ((uint64_t)i << (PAGE_SHIFT + 9 * level));
		pte_t pte = table[i];
		if (!(pte & PTE_V) || (level == 2 && i >= 256) ||
		    (level == 2 && i == (int)VPN(EXOS_EXPORT_VA, 2)))
			continue;
		if (pte_is_leaf(pte))
			count_span(e, va, pte, level);
		else
			walk(e, pa_to_kva(pte_pa(pte)), level - 1, va);
	}
}

static void count_only(ppn_t ppn, void *ctx)
{
	struct exos_page *p = pmem_page(ppn);

	(void)ctx;
	if (!p || p->type != EXOS_PAGE_USER)
		bad("STLB binding of a page that is not user memory", ppn, 0, 0);
	else
		p->rmap++;
}

static void check_counts(void)
{
	for (uint64_t i = 0; i < pmem.npages; i++) {
		struct exos_page *p = &pmem.pages[i];
		if (p->type != EXOS_PAGE_USER && p->type != EXOS_PAGE_SAVE &&
		    p->type != EXOS_PAGE_EXPORT)
			continue;
		if (p->type != EXOS_PAGE_EXPORT || p->owner)
			if (p->rmap != p->refcnt)
				bad("reference count differs from the mappings", pmem.base + i,
				    p->owner, p->refcnt);
		if (p->type == EXOS_PAGE_USER && p->owner && !env_get(p->owner))
			bad("page owned by an env that does not exist", pmem.base + i, p->owner, 0);
		if (p->type == EXOS_PAGE_USER && !p->owner && !p->refcnt)
			bad("orphan page nobody maps (leaked)", pmem.base + i, 0, 0);
		p->rmap = 0;
	}
}

int kcheck_invariants(void)
{
	violations = 0;
	for (uint64_t i = 0; i < pmem.npages; i++)
		pmem.pages[i].rmap = 0;
	check_free_list();
	for (int i = 0; i < EXOS_MAX_ENVS; i++)
		if (envs[i].state != EXOS_ENV_FREE && envs[i].us.root) {
			walk(&envs[i], envs[i].us.root, 2, 0);
			stlb_each_only(&envs[i], count_only, 0);
		}
	check_counts();
	return violations;
}
