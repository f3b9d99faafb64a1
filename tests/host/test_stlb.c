/*
 * test_stlb - the kernel's software TLB (stlb.c) on the fake arch:
 * dropping an env's tables moves its bindings there, a miss refills
 * one, collisions evict, guaranteed ranges and megapages stay in the
 * tree, and the hart running the env knows whether its misses must
 * come to the kernel.
 */
#include "check.h"
#include "kfix.h"

#define RW (EXOS_PTE_R | EXOS_PTE_W)

static struct env *me;

static void boot(void)
{
	kfix_boot(2048);
	me = kfix_env();
	kfix_run(me, 0);
}

/* Page i mapped read-write at KFIX_VA(i); its page number. */
static ppn_t map(int i)
{
	ppn_t p = kfix_page(me);

	if (bind_install(me, me, KFIX_VA(i), p, RW, EXOS_CAP_PAGES))
		return PPN_NONE;
	return p;
}

static bool in_tree(vaddr_t va)
{
	int level;

	return pt_leaf(me->us.root, va, &level) != 0;
}

/** An install is recorded in the STLB but not as held only there. */
TEST(install_recorded_not_only)
{
	boot();
	map(0);
	CHECK_EQ(me->stlb_only, 0);
	CHECK(!arch_pte_valid(stlb_lookup_only(me, KFIX_VA(0))));
	CHECK_EQ(stlb_only_in(me, KFIX_VA(0), PAGE_SIZE), 0);
}

/** Dropping the tables frees every table page of the user half, keeps each binding (its entry
 *  and reference) in the STLB, tells the running hart, and flushes all of the env's translations. */
TEST(drop_moves_bindings)
{
	boot();
	ppn_t p[8];
	uint32_t pages = me->npages;

	for (int i = 0; i < 8; i++)
		p[i] = map(i * 3);
	uint32_t tables = me->npages - pages - 8;
	kfix_flush_mark();
	CHECK_EQ(stlb_drop_tables(me), (int)tables);
	CHECK(kfix_flushed(0, KFIX_VA(5), me->tlb.asid));
	CHECK_EQ(me->stlb_only, 8);
	CHECK_EQ(harts[0].stlb_only, 8);
	for (int i = 0; i < 8; i++) {
		CHECK(!in_tree(KFIX_VA(i * 3)));
		CHECK(arch_pte_same(stlb_lookup_only(me, KFIX_VA(i * 3)), arch_pte_user(p[i], RW)));
		CHECK_EQ(pmem_page(p[i])->refcnt, 1);
	}
	CHECK_EQ(stlb_only_in(me, KFIX_VA(0), 24 * PAGE_SIZE), 1);
	CHECK_EQ(stlb_only_in(me, KFIX_VA(22), PAGE_SIZE), 0);
	CHECK_EQ(kfix_invariants(), 0);
}

/** The save area, the capability page and guaranteed ranges stay in the tree. */
TEST(drop_keeps_guaranteed)
{
	boot();
	map(0);
	map(1);
	CHECK_EQ(stlb_guarantee(me, KFIX_VA(1), PAGE_SIZE), 0);
	stlb_drop_tables(me);
	CHECK(!in_tree(KFIX_VA(0)));
	CHECK(in_tree(KFIX_VA(1)));
	CHECK(in_tree(va_make(EXOS_SAVE_VA)));
	CHECK(in_tree(va_make(EXOS_CAPS_VA)));
	CHECK_EQ(me->stlb_only, 1);
	CHECK_EQ(kfix_invariants(), 0);
}

/** Only eight ranges can be guaranteed: the ninth is E_RANGE. */
TEST(guarantee_full)
{
	boot();
	for (int i = 0; i < 8; i++)
		CHECK_EQ(stlb_guarantee(me, KFIX_VA(i), PAGE_SIZE), 0);
	CHECK_EQ(stlb_guarantee(me, KFIX_VA(8), PAGE_SIZE), -E_RANGE);
}

/** A miss anywhere in a dropped page refills it into the tree (and its tables), changes no
 *  inverse mapping, counts the refill and flushes that page. */
TEST(refill)
{
	boot();
	ppn_t p = map(0);
	stlb_drop_tables(me);
	uint32_t free0 = kinfo->rmap_free;
	uint64_t refills = kinfo->stlb_refills;

	kfix_flush_mark();
	CHECK_EQ(stlb_refill(me, va_add(KFIX_VA(0), 123)), 1);
	CHECK(in_tree(KFIX_VA(0)));
	CHECK(kfix_flushed(0, KFIX_VA(0), me->tlb.asid));
	CHECK_EQ(me->stlb_only, 0);
	CHECK_EQ(harts[0].stlb_only, 0);
	CHECK_EQ(kinfo->stlb_refills, refills + 1);
	CHECK_EQ(kinfo->rmap_free, free0);
	CHECK_EQ(pmem_page(p)->refcnt, 1);
	CHECK_EQ(stlb_refill(me, KFIX_VA(0)), 0);   /* in the tree: nothing to do */
	CHECK_EQ(stlb_refill(me, KFIX_VA(1)), 0);   /* never bound */
	CHECK_EQ(kfix_invariants(), 0);
}

/** A refill that needs a table page when none is left fails and keeps the binding. */
TEST(refill_without_memory)
{
	boot();
	ppn_t p = map(0);

	stlb_drop_tables(me);
	while (!ppn_is_none(pmem_alloc(me->id, EXOS_PAGE_USER)))
		;
	CHECK_EQ(stlb_refill(me, KFIX_VA(0)), 0);
	CHECK(arch_pte_same(stlb_lookup_only(me, KFIX_VA(0)), arch_pte_user(p, RW)));
	CHECK_EQ(kfix_invariants(), 0);
}

/** A binding that collides with one held only in the STLB evicts it for good: its entry and
 *  reference go (an orphan page is freed). */
TEST(collision_evicts)
{
	boot();
	ppn_t a = map(0);
	stlb_drop_tables(me);
	ppn_t b = map(STLB_ENTRIES);   /* the same slot */

	CHECK(!arch_pte_valid(stlb_lookup_only(me, KFIX_VA(0))));
	CHECK_EQ(pmem_page(a)->refcnt, 0);
	CHECK_EQ(rmap_count(a, me->id, KFIX_VA(0), 0), 0);
	CHECK_EQ(pmem_page(b)->refcnt, 1);
	CHECK_EQ(me->stlb_only, 0);
	CHECK_EQ(bind_read(me, KFIX_VA(0)), -E_NOENT);
	CHECK_EQ(kfix_invariants(), 0);
}

/** Dropping twice with colliding bindings keeps the last and evicts the first. */
TEST(drop_collision)
{
	boot();
	ppn_t a = map(0);

	stlb_drop_tables(me);
	CHECK_EQ(stlb_refill(me, KFIX_VA(0)), 1);
	ppn_t b = map(STLB_ENTRIES);
	stlb_drop_tables(me);
	CHECK_EQ(me->stlb_only, 1);
	CHECK_EQ(pmem_page(a)->refcnt + pmem_page(b)->refcnt, 1);
	CHECK_EQ(kfix_invariants(), 0);
}

/** Forgetting a binding says whether it was held only in the STLB, with its PTE. */
TEST(forget)
{
	boot();
	ppn_t p = map(0);
	pte_t pte;

	CHECK_EQ(stlb_forget(me, KFIX_VA(1), &pte), 0);
	stlb_drop_tables(me);
	CHECK_EQ(stlb_forget(me, KFIX_VA(0), &pte), 1);
	CHECK(arch_pte_same(pte, arch_pte_user(p, RW)));
	CHECK_EQ(me->stlb_only, 0);
	rmap_drop(p, me->id, KFIX_VA(0));   /* the caller's part of a remove */
	CHECK_EQ(kfix_invariants(), 0);
}

static int visited;
static void visit(ppn_t ppn, vaddr_t va, int level, void *ctx)
{
	(void)ppn, (void)va, (void)level, (void)ctx;
	visited++;
}

/** stlb_each_only visits exactly the bindings held only there. */
TEST(each_only)
{
	boot();
	map(0);
	map(1);
	visited = 0;
	stlb_each_only(me, visit, 0);
	CHECK_EQ(visited, 0);
	stlb_drop_tables(me);
	stlb_refill(me, KFIX_VA(1));
	stlb_each_only(me, visit, 0);
	CHECK_EQ(visited, 1);
}

/** A megapage stays in the tree through a drop and is never in the STLB. */
TEST(megapage_stays)
{
	boot();
	ppn_t run = kfix_mega_run(me);
	vaddr_t mva = va_make(0x1400000000UL);

	CHECK_EQ(bind_install(me, me, mva, run, EXOS_PTE_R | EXOS_PTE_MEGA, EXOS_CAP_PAGES), 0);
	stlb_drop_tables(me);
	CHECK(in_tree(mva));
	CHECK(!arch_pte_valid(stlb_lookup_only(me, mva)));
	CHECK_EQ(me->stlb_only, 0);
	CHECK_EQ(kfix_invariants(), 0);
}

/** Destroying an env with bindings held only in its STLB returns every page and entry. */
TEST(destroy_with_only_bindings)
{
	boot();
	struct env *e = kfix_env();
	uint32_t free0 = kinfo->rmap_free;
	uint64_t nfree = pmem.nfree;
	ppn_t p = kfix_page(me);

	CHECK_EQ(sys_pte_install(EXOS_CAP_ROOT, e->id, KFIX_VA(0), p, EXOS_PTE_R, EXOS_CAP_PAGES),
		 -E_NOCAP);   /* no root capability: nothing happens */
	kfix_root(me);
	CHECK_EQ(sys_pte_install(EXOS_CAP_ROOT, e->id, KFIX_VA(0), p, EXOS_PTE_R, EXOS_CAP_PAGES), 0);
	stlb_drop_tables(e);
	CHECK_EQ(e->stlb_only, 1);
	env_destroy(e, 0);
	CHECK_EQ(pmem_page(p)->refcnt, 0);
	CHECK_EQ(kinfo->rmap_free, free0 + 2);   /* e's save area and capability page too */
	CHECK(pmem.nfree > nfree);
	CHECK_EQ(kfix_invariants(), 0);
}

TEST_MAIN()
