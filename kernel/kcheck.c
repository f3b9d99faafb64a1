/*
 * kcheck.c - invariants every page and binding must satisfy:
 *  - the free list holds exactly the FREE pages, linked both ways;
 *  - a user mapping points at a USER, SAVE or (its own capability page)
 *    EXPORT page, never at a free, page-table or kernel page; for a
 *    megapage, each of its 512 pages, its first page 2 MiB aligned;
 *  - the inverse mappings (rmap.h) are exactly the bindings: each
 *    binding, in an env's tree or only in its STLB, has its entry, each
 *    entry names a binding that exists, no entry twice, and every pool
 *    entry is on a chain or on the free list;
 *  - so every page's reference count, which must equal its entries,
 *    equals the mappings of it that exist;
 *  - a USER page belongs to a live env, or is an orphan still mapped;
 *  - the exported env table says what the kernel knows: each live env's
 *    row holds its id, state, parent, pages, slices (counted in the
 *    slice vectors), offences, PCT partner, flags and runs; a free
 *    slot's row holds no pages, slices or partner;
 *  - software regions' pages (swr_kcheck, sys_swr.c).
 */
#include "kcheck.h"
#include "env.h"
#include "info.h"
#include "kprintf.h"
#include "rmap.h"
#include "sched.h"
#include "stlb.h"
#include "swregion.h"
#include "syscall.h"

#define MEGA_PAGES (MEGA_SIZE / PAGE_SIZE)

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
			bad("free list entry not free or badly linked", ppn_raw(pmem_ppn(i)), 0, 0);
		prev = i;
	}
	for (uint64_t i = 0; i < pmem.npages; i++)
		typed += pmem.pages[i].type == EXOS_PAGE_FREE;
	if (n != pmem.nfree || typed != n)
		bad("free list length differs from the free pages", n, (uint32_t)typed, pmem.nfree);
}

/* One page of env e's mapping at va: a type a user may map. */
static void check_leaf(struct env *e, vaddr_t va, ppn_t ppn)
{
	struct exos_page *p = pmem_page(ppn);

	if (!p) {
		bad("user mapping outside RAM", ppn_raw(ppn), e->id, va_raw(va));
		return;
	}
	if (p->type != EXOS_PAGE_USER && p->type != EXOS_PAGE_SAVE &&
	    !(p->type == EXOS_PAGE_EXPORT && ppn_eq(ppn, e->caps_ppn)))
		bad("user mapping of a page that is not user memory", ppn_raw(ppn), e->id, va_raw(va));
}

/* A leaf at level (one page, or 512 for a megapage): what the kernel
 * writes for a user mapping, every page's type, the alignment, and its
 * inverse mapping. */
static void check_span(struct env *e, vaddr_t va, pte_t pte, int level)
{
	uint64_t n = ARCH_PT_SPAN(level) / PAGE_SIZE;
	ppn_t ppn = arch_pte_ppn(pte);

	if (!arch_pte_same(pte, arch_pte_user(ppn, arch_pte_perms(pte))))
		bad("user mapping with bad PTE bits", ppn_raw(ppn), e->id, va_raw(va));
	if (ppn_raw(ppn) & (n - 1))
		bad("superpage not aligned to its size", ppn_raw(ppn), e->id, va_raw(va));
	for (uint64_t k = 0; k < n; k++)
		check_leaf(e, va_add(va, k * PAGE_SIZE), ppn_add(ppn, k));
	if (rmap_count(ppn, e->id, va, level == 1) != 1)
		bad("mapping not recorded once in the inverse mappings", ppn_raw(ppn), e->id,
		    va_raw(va));
}

static void walk(struct env *e, pte_t *table, int level, vaddr_t base)
{
	const int root = ARCH_PT_LEVELS - 1;

	for (int i = 0; i < ARCH_PT_ENTRIES; i++) {
		vaddr_t va = va_add(base, (uint64_t)i * ARCH_PT_SPAN(level));
		pte_t pte = table[i];
		if (!arch_pte_valid(pte) || (level == root && i >= ARCH_PT_KERNEL_SLOT) ||
		    (level == root && i == (int)ARCH_PT_INDEX(EXOS_EXPORT_VA, root)))
			continue;
		if (arch_pte_is_leaf(pte))
			check_span(e, va, pte, level);
		else
			walk(e, pt_next(pte), level - 1, va);
	}
}

/* uspace_drop_fn over e's STLB: a binding held only there. */
static void check_only(ppn_t ppn, vaddr_t va, int level, void *ctx)
{
	struct env *e = ctx;
	struct exos_page *p = pmem_page(ppn);

	(void)level;
	if (!p || p->type != EXOS_PAGE_USER)
		bad("STLB binding of a page that is not user memory", ppn_raw(ppn), e->id, va_raw(va));
	else if (rmap_count(ppn, e->id, va, 0) != 1)
		bad("STLB binding not recorded once in the inverse mappings", ppn_raw(ppn), e->id,
		    va_raw(va));
}

/* The page env id maps at va, per its tree or its STLB (mega: the
 * first page of a megapage there), or PPN_NONE. */
static ppn_t bound_page(uint32_t id, vaddr_t va, int mega)
{
	struct env *e = env_get(id);
	int level;

	if (!e || !e->us.root)
		return PPN_NONE;
	pte_t *pte = pt_leaf(e->us.root, va, &level);
	if (pte && level == (mega ? 1 : 0))
		return arch_pte_ppn(*pte);
	pte_t only = mega ? arch_pte_none() : stlb_lookup_only(e, va);
	return arch_pte_valid(only) ? arch_pte_ppn(only) : PPN_NONE;
}

struct chain_ctx {
	ppn_t ppn;
	uint64_t own, mega;       /* its 4 KiB entries, its megapage entries */
};

/* rmap_each over a page's chain: count the entry; the binding it
 * names exists (a duplicate shows up as a count of 2 from the walk). */
static void check_entry(uint32_t env, vaddr_t va, int mega, void *ctx)
{
	struct chain_ctx *c = ctx;

	if (mega)
		c->mega++;
	else
		c->own++;
	if (!ppn_eq(bound_page(env, va, mega), c->ppn))
		bad("inverse mapping of a binding that does not exist", ppn_raw(c->ppn), env,
		    va_raw(va));
}

/* rmap_each: count the megapage entries only. */
static void count_mega(uint32_t env, vaddr_t va, int mega, void *ctx)
{
	(void)env, (void)va;
	*(uint64_t *)ctx += mega != 0;
}

/* The megapages holding ppn: entries on the chain of its 2 MiB-aligned
 * first page. */
static uint64_t mega_entries(ppn_t ppn)
{
	uint64_t n = 0;

	rmap_each(ppn_make(ALIGN_DOWN(ppn_raw(ppn), MEGA_PAGES)), count_mega, &n);
	return n;
}

/* Each page's chain, its reference count (its own 4 KiB entries and the
 * megapages that hold it), its owner. */
static void check_pages(void)
{
	for (uint64_t i = 0; i < pmem.npages; i++) {
		struct exos_page *p = &pmem.pages[i];
		struct chain_ctx c = { .ppn = pmem_ppn(i) };
		rmap_each(c.ppn, check_entry, &c);
		if (c.own + mega_entries(c.ppn) != p->refcnt &&
		    (p->type != EXOS_PAGE_EXPORT || p->owner))
			bad("reference count differs from the mappings", ppn_raw(c.ppn), p->owner,
			    p->refcnt);
		if (p->type == EXOS_PAGE_USER && p->owner && !env_get(p->owner))
			bad("page owned by an env that does not exist", ppn_raw(c.ppn), p->owner, 0);
		if (p->type == EXOS_PAGE_USER && !p->owner && !p->refcnt)
			bad("orphan page nobody maps (leaked)", ppn_raw(c.ppn), 0, 0);
	}
}

/* Every pool entry is on exactly one list: a chain or the free list. */
static void check_pool(void)
{
	uint64_t used, listed, counted;

	rmap_census(&used, &listed, &counted);
	if (listed != counted || used + counted != kinfo->rmap_entries ||
	    counted != kinfo->rmap_free)
		bad("inverse-mapping pool entries lost or counted twice", used, (uint32_t)listed,
		    counted);
}

/* Slice positions env id holds on every hart. */
static uint32_t slices_held(uint32_t id)
{
	uint32_t n = 0;

	for (int h = 0; h < MAX_HARTS; h++)
		for (int p = 0; p < EXOS_NSLICES; p++)
			n += slice_owner[h][p] == id;
	return n;
}

static void bad_row(const char *field, int slot, uint64_t exported, uint64_t kernel)
{
	if (violations++ < 10)
		kprintf("kcheck: env table slot %d: %s exported %lu, kernel %lu\n", slot, field,
			(unsigned long)exported, (unsigned long)kernel);
}

#define ROW_EQ(field, want) \
	do { if ((uint64_t)row->field != (uint64_t)(want)) bad_row(#field, i, row->field, want); } while (0)

/* Each row of the exported env table against the kernel's own state. */
static void check_env_table(void)
{
	for (int i = 0; i < EXOS_MAX_ENVS; i++) {
		const struct env *e = &envs[i];
		const struct exos_env *row = &env_table[i];
		if (e->state == EXOS_ENV_FREE) {
			ROW_EQ(state, EXOS_ENV_FREE);
			ROW_EQ(pages, 0);
			ROW_EQ(slices, 0);
			ROW_EQ(in_call, 0);
			continue;
		}
		ROW_EQ(id, e->id);
		ROW_EQ(state, e->state);
		ROW_EQ(parent, e->parent);
		ROW_EQ(pages, e->npages);
		ROW_EQ(slices, e->nslices);
		ROW_EQ(slices, slices_held(e->id));
		ROW_EQ(offences, e->offences);
		ROW_EQ(in_call, e->in_call);
		ROW_EQ(flags, e->flags);
		ROW_EQ(runs, e->runs);
		if (e->state == EXOS_ENV_RUNNING)
			ROW_EQ(hart, (uint64_t)e->hart);
	}
}

int kcheck_invariants(void)
{
	violations = 0;
	check_free_list();
	for (int i = 0; i < EXOS_MAX_ENVS; i++)
		if (envs[i].state != EXOS_ENV_FREE && envs[i].us.root) {
			walk(&envs[i], envs[i].us.root, ARCH_PT_LEVELS - 1, va_make(0));
			stlb_each_only(&envs[i], check_only, &envs[i]);
		}
	check_pages();
	check_pool();
	check_env_table();
	violations += swr_kcheck();
	return violations;
}

/* kcheck(cap): the invariant check on request, for test programs and
 * the fuzzer, which run it while other envs work on other harts (the
 * shim holds the lock, so it sees no half-made change).  cap must be
 * the root capability: the check reads every env's state. */
long sys_kcheck(int cap)
{
	struct exos_cap_name root = cap_name0();
	int err = cap_check(sched_current()->caps, cap, &root, CAP_R);

	return err ? err : kcheck_invariants();
}
