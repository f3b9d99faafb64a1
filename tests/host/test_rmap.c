/*
 * test_rmap - inverse mappings (rmap.c) on the fake arch: every binding
 * has exactly one entry, a page's reference count is its entries, the
 * newest binding is first on its chain, megapages are one flagged entry
 * on their first page, and the pool's count is exact however it is used.
 */
#include "check.h"
#include "kfix.h"

#define R EXOS_PTE_R
#define RW (EXOS_PTE_R | EXOS_PTE_W)
#define MEGA_VA va_make(0x1400000000UL)

static struct env *me;

static void boot(uint32_t entries)
{
	kfix_boot(entries);
	me = kfix_env();
	kfix_root(me);
	kfix_run(me, 0);
}

/* Entries on ppn's own chain. */
static int chain_len(ppn_t ppn)
{
	int n = 0;

	for (uint32_t i = pmem_page(ppn)->rmap; i; i = rmap_pool.e[i].next)
		n++;
	return n;
}

/** The pool holds n entries besides the unused entry 0, all free at first. */
TEST(pool_size)
{
	boot(100);
	CHECK_EQ(kinfo->rmap_entries, 100);
	CHECK_EQ(kinfo->rmap_free, 98);   /* me's save area and capability page */
	CHECK_EQ(rmap_size(1000, 0), 2000);
	CHECK_EQ(rmap_size(1000, 50), 51);
	CHECK_EQ(rmap_size(1UL << 40, 0), EXOS_RMAP_MAX / sizeof(struct exos_rmap));
}

/** An install adds one entry naming (env, va), the newest first on the chain; removal takes it
 *  off and gives the entry back. */
TEST(add_and_drop)
{
	boot(100);
	ppn_t p = kfix_page(me);
	uint32_t free0 = kinfo->rmap_free;

	CHECK_EQ(pmem_page(p)->rmap, 0);
	CHECK_EQ(bind_install(me, me, KFIX_VA(0), p, RW, EXOS_CAP_PAGES), 0);
	CHECK_EQ(bind_install(me, me, KFIX_VA(1), p, R, EXOS_CAP_PAGES), 0);
	CHECK_EQ(chain_len(p), 2);
	CHECK_EQ(rmap_pool.e[pmem_page(p)->rmap].va, va_raw(KFIX_VA(1)));
	CHECK_EQ(rmap_pool.e[pmem_page(p)->rmap].env, me->id);
	CHECK_EQ(pmem_page(p)->refcnt, 2);
	CHECK_EQ(free0 - kinfo->rmap_free, 2);
	CHECK_EQ(bind_protect(me, me, KFIX_VA(0), R, EXOS_CAP_PAGES), 0);   /* changes no entry */
	CHECK_EQ(chain_len(p), 2);
	CHECK_EQ(bind_remove(me, KFIX_VA(0)), 0);
	CHECK_EQ(rmap_count(p, me->id, KFIX_VA(0), 0), 0);
	CHECK_EQ(rmap_count(p, me->id, KFIX_VA(1), 0), 1);
	CHECK_EQ(bind_remove(me, KFIX_VA(1)), 0);
	CHECK_EQ(pmem_page(p)->rmap, 0);
	CHECK_EQ(kinfo->rmap_free, free0);
	CHECK_EQ(kfix_invariants(), 0);
}

/** Freed entries are reused before untouched ones, and the census counts every entry once. */
TEST(entries_reused)
{
	boot(100);
	ppn_t p = kfix_page(me);
	uint64_t used, listed, counted;

	for (int i = 0; i < 10; i++)
		bind_install(me, me, KFIX_VA(i), p, R, EXOS_CAP_PAGES);
	uint32_t top = rmap_pool.top;
	for (int i = 0; i < 10; i += 2)
		bind_remove(me, KFIX_VA(i));
	for (int i = 20; i < 25; i++)
		bind_install(me, me, KFIX_VA(i), p, R, EXOS_CAP_PAGES);
	CHECK_EQ(rmap_pool.top, top);
	rmap_census(&used, &listed, &counted);
	CHECK_EQ(used, 12);   /* 10 of p's and the 2 of the env's own pages */
	CHECK_EQ(listed, counted);
	CHECK_EQ(used + counted, kinfo->rmap_entries);
	CHECK_EQ(kfix_invariants(), 0);
}

/** rmap_first finds a page's own 4 KiB binding first, then a megapage holding it, then none. */
TEST(first_binding)
{
	boot(100);
	ppn_t run = kfix_mega_run(me);
	ppn_t inner = ppn_add(run, 300);
	uint32_t env;
	vaddr_t va;
	int mega;

	CHECK_EQ(rmap_first(inner, &env, &va, &mega), 0);
	CHECK_EQ(bind_install(me, me, MEGA_VA, run, R | EXOS_PTE_MEGA, EXOS_CAP_PAGES), 0);
	CHECK_EQ(rmap_first(inner, &env, &va, &mega), 1);
	CHECK_EQ(mega * 100 + (env == me->id) * 10 + va_eq(va, MEGA_VA), 111);
	CHECK_EQ(bind_install(me, me, KFIX_VA(3), inner, R, EXOS_CAP_PAGES), 0);
	CHECK_EQ(rmap_first(inner, &env, &va, &mega), 1);
	CHECK_EQ(mega * 100 + va_eq(va, KFIX_VA(3)), 1);
	CHECK_EQ(chain_len(run), 1);               /* the megapage entry, on its first page only */
	CHECK_EQ(chain_len(ppn_add(run, 1)), 0);
	CHECK_EQ(pmem_page(inner)->refcnt, 2);
	CHECK_EQ(kfix_invariants(), 0);
}

/** A megapage takes one pool entry and a reference on each page; removing it gives both back. */
TEST(megapage_one_entry)
{
	boot(100);
	ppn_t run = kfix_mega_run(me);
	uint32_t free0 = kinfo->rmap_free;

	CHECK_EQ(bind_install(me, me, MEGA_VA, run, RW | EXOS_PTE_MEGA, EXOS_CAP_PAGES), 0);
	CHECK_EQ(free0 - kinfo->rmap_free, 1);
	CHECK_EQ(rmap_count(run, me->id, MEGA_VA, 1), 1);
	CHECK_EQ(pmem_page(ppn_add(run, 511))->refcnt, 1);
	CHECK_EQ(bind_remove(me, va_add(MEGA_VA, 300 * PAGE_SIZE)), 0);
	CHECK_EQ(kinfo->rmap_free, free0);
	CHECK_EQ(pmem_page(ppn_add(run, 511))->refcnt, 0);
	CHECK_EQ(kfix_invariants(), 0);
}

/** With the pool empty, installs, batches, shares, megapages and new envs all fail with E_NOMEM
 *  and change nothing. */
TEST(pool_empty_everywhere)
{
	boot(12);
	ppn_t p = kfix_page(me), q = kfix_page(me);
	struct exos_pte_share s = { va_raw(KFIX_VA(60)), va_raw(KFIX_VA(0)), R };
	struct exos_pte_entry b = { va_raw(KFIX_VA(61)), ppn_raw(q), R };
	struct env *e;
	int n = 0;

	while (bind_install(me, me, KFIX_VA(n), p, R, EXOS_CAP_PAGES) == 0)
		n++;
	CHECK_EQ(n, 10);
	CHECK_EQ(kinfo->rmap_free, 0);
	uint64_t nfree = pmem.nfree;
	CHECK_EQ(bind_install(me, me, KFIX_VA(50), q, R, EXOS_CAP_PAGES), -E_NOMEM);
	CHECK_EQ(bind_install_batch(me, me, &b, 1, EXOS_CAP_PAGES), -E_NOMEM);
	CHECK_EQ(bind_share_batch(me, me, &s, 1), -E_NOMEM);
	CHECK_EQ(bind_install(me, me, MEGA_VA, kfix_mega_run(me), R | EXOS_PTE_MEGA, EXOS_CAP_PAGES),
		 -E_NOMEM);
	nfree = pmem.nfree;
	CHECK_EQ(env_alloc(me->id, 0, &e), -E_NOMEM);
	CHECK_EQ(pmem.nfree, nfree);
	CHECK_EQ(pmem_page(q)->refcnt, 0);
	CHECK_EQ(kfix_invariants(), 0);
}

/** Destroying an env drops all of its entries, and a page it owned that another env still maps
 *  becomes an orphan freed with that last mapping. */
TEST(destroy_drops_entries)
{
	boot(100);
	struct env *e = kfix_env();
	ppn_t p = kfix_page(e);
	int pc = cap_grant(e->caps, EXOS_CAP_PAGES, me->caps, CAP_R | CAP_GRANT);
	uint32_t free0 = kinfo->rmap_free;

	CHECK_EQ(sys_pte_install(EXOS_CAP_ROOT, e->id, KFIX_VA(0), p, R, pc), 0);
	CHECK_EQ(bind_install(me, me, KFIX_VA(0), p, R, pc), 0);
	env_destroy(e, 0);
	CHECK_EQ(rmap_count(p, e->id, KFIX_VA(0), 0), 0);
	CHECK_EQ(chain_len(p), 1);
	CHECK_EQ(pmem_page(p)->owner, 0);
	CHECK_EQ(kinfo->rmap_free, free0 + 2 - 1);   /* e's two pages gone, our mapping stays */
	CHECK_EQ(bind_remove(me, KFIX_VA(0)), 0);
	CHECK_EQ(pmem_page(p)->type, EXOS_PAGE_FREE);
	CHECK_EQ(kfix_invariants(), 0);
}

TEST_MAIN()
