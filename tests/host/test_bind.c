/*
 * test_bind - kernel-checked PTE installs on the fake arch: every
 * attack the QEMU tests make on pte_install, pte_protect, pte_remove,
 * the batches and megapages (userland/tests/t_mem.c, t_rmap.c, t_env.c),
 * through the system calls' own decoding (sys_mem.c) into the binding
 * mechanism (bind.c).  Each refused call must leave everything as it
 * was: no mapping, no reference, no inverse-mapping entry, and the
 * kernel's invariant check clean.
 */
#include "check.h"
#include "kfix.h"

#define R EXOS_PTE_R
#define W EXOS_PTE_W
#define X EXOS_PTE_X
#define RW (R | W)
#define MR (R | EXOS_PTE_MEGA)
#define MRW (RW | EXOS_PTE_MEGA)
#define KERNEL_VA 0xffffffc000000000UL
#define MEGA_VA va_make(0x1400000000UL)
/* A page of the caller's for arrays (its STLB slot, 128, no KFIX_VA(i < 128) shares). */
#define BUF_VA va_make(0x1800080000UL)

static struct env *me;

/* A kernel with env me running on hart 0, holding the root capability. */
static void boot(void)
{
	kfix_boot(2048);
	me = kfix_env();
	kfix_root(me);
	kfix_run(me, 0);
}

static long install(vaddr_t va, ppn_t ppn, uint64_t perms, int pagecap)
{
	return sys_pte_install(EXOS_CAP_SELF, me->id, va, ppn, perms, pagecap);
}

static long read_pte(vaddr_t va)
{
	return sys_pte_read(EXOS_CAP_SELF, me->id, va);
}

/* Nothing changed by a refused call: no new reference on ppn (it had
 * refs), the pool as full as before, the invariants hold. */
#define UNCHANGED(ppn, refs, free0)                                    \
	do {                                                           \
		CHECK_EQ(pmem_page(ppn)->refcnt, refs);                \
		CHECK_EQ(kinfo->rmap_free, free0);                     \
		CHECK_EQ(kfix_invariants(), 0);                        \
	} while (0)

/* ---------------------------------------------------------------- single installs */

/** A good install maps the page read-write: its PTE, one reference, one inverse mapping, a flush. */
TEST(good_install)
{
	boot();
	ppn_t p = kfix_page(me);
	uint32_t free0 = kinfo->rmap_free;

	kfix_flush_mark();
	CHECK_EQ(install(KFIX_VA(0), p, RW, EXOS_CAP_PAGES), 0);
	CHECK_EQ(read_pte(KFIX_VA(0)), (long)arch_pte_raw(arch_pte_user(p, RW)));
	CHECK_EQ(pmem_page(p)->refcnt, 1);
	CHECK_EQ(rmap_count(p, me->id, KFIX_VA(0), 0), 1);
	CHECK_EQ(free0 - kinfo->rmap_free, 1);
	CHECK(kfix_flushed(0, KFIX_VA(0), me->tlb.asid));
	CHECK_EQ(kfix_invariants(), 0);
}

/** Pages that are not user memory are refused (E_PERM), even with the root capability. */
TEST(page_types_refused)
{
	boot();
	ppn_t pt = kva_to_ppn(me->us.root), stlb = kva_to_ppn(me->stlb), fw = kfix_page(me);
	ppn_t freepg = pmem_alloc(0, EXOS_PAGE_USER);
	uint32_t free0 = kinfo->rmap_free;

	pmem_free(freepg);
	pmem_reserve(ppn_to_pa(fw), PAGE_SIZE, EXOS_PAGE_NONE);
	CHECK_EQ(install(KFIX_VA(0), pt, RW, EXOS_CAP_ROOT), -E_PERM);
	CHECK_EQ(install(KFIX_VA(0), pt, R | X, EXOS_CAP_ROOT), -E_PERM);
	CHECK_EQ(install(KFIX_VA(0), pt, R, EXOS_CAP_ROOT), -E_PERM);
	CHECK_EQ(install(KFIX_VA(0), stlb, R, EXOS_CAP_ROOT), -E_PERM);
	CHECK_EQ(install(KFIX_VA(0), kinfo_ppn, R, EXOS_CAP_ROOT), -E_PERM);
	CHECK_EQ(install(KFIX_VA(0), fw, R, EXOS_CAP_ROOT), -E_PERM);
	CHECK_EQ(install(KFIX_VA(0), freepg, R, EXOS_CAP_ROOT), -E_PERM);
	CHECK_EQ(install(KFIX_VA(0), me->save_ppn, RW, EXOS_CAP_ROOT), -E_PERM);
	CHECK_EQ(install(KFIX_VA(0), me->caps_ppn, R, EXOS_CAP_ROOT), -E_PERM);
	UNCHANGED(pt, 0, free0);
	CHECK_EQ(read_pte(KFIX_VA(0)), -E_NOENT);
}

/** Page numbers outside RAM (beyond it, an MMIO page, 0) are E_RANGE. */
TEST(page_outside_ram)
{
	boot();
	uint32_t free0 = kinfo->rmap_free;

	CHECK_EQ(install(KFIX_VA(0), ppn_make(0x7fffffff), R, EXOS_CAP_ROOT), -E_RANGE);
	CHECK_EQ(install(KFIX_VA(0), ppn_make(0x10000), R, EXOS_CAP_ROOT), -E_RANGE);
	CHECK_EQ(install(KFIX_VA(0), ppn_make(0), R, EXOS_CAP_ROOT), -E_RANGE);
	CHECK_EQ(install(KFIX_VA(0), ppn_make(~0UL), R, EXOS_CAP_ROOT), -E_RANGE);
	CHECK_EQ(kinfo->rmap_free, free0);
	CHECK_EQ(kfix_invariants(), 0);
}

/** Permissions: W without R, none, any bit but R/W/X (G, U, COW, reserved) are E_INVAL. */
TEST(bad_perms)
{
	boot();
	ppn_t p = kfix_page(me);
	uint32_t free0 = kinfo->rmap_free;
	static const uint64_t bad[] = { W, 0, R | 0x20, R | 0x10, R | 1, R | EXOS_PTE_COW,
					R | (1UL << 60), W | X };

	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK_EQ(install(KFIX_VA(0), p, bad[i], EXOS_CAP_PAGES), -E_INVAL);
	CHECK_EQ(install(KFIX_VA(0), p, X, EXOS_CAP_PAGES), 0);   /* execute-only is fine */
	CHECK_EQ(kinfo->rmap_free, free0 - 1);
	CHECK_EQ(kfix_invariants(), 0);
}

/** Addresses: misaligned (E_ALIGN), page 0, the kernel half, past the user half, the top page,
 *  the exported pages, the save area (E_INVAL). */
TEST(bad_addresses)
{
	boot();
	ppn_t p = kfix_page(me);
	uint32_t free0 = kinfo->rmap_free;
	static const uint64_t bad[] = { 0, EXOS_USER_MIN - PAGE_SIZE, KERNEL_VA, EXOS_USER_END,
					0UL - PAGE_SIZE, EXOS_INFO_VA, EXOS_PAGES_VA, EXOS_SAVE_VA,
					EXOS_CAPS_VA, EXOS_RESERVED_END - PAGE_SIZE };

	CHECK_EQ(install(va_add(KFIX_VA(0), 8), p, R, EXOS_CAP_PAGES), -E_ALIGN);
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK_EQ(install(va_make(bad[i]), p, R, EXOS_CAP_PAGES), -E_INVAL);
	CHECK_EQ(install(va_make(EXOS_RESERVED_END), p, R, EXOS_CAP_PAGES), 0);
	CHECK_EQ(install(va_make(EXOS_USER_END - PAGE_SIZE), p, R, EXOS_CAP_PAGES), 0);
	CHECK_EQ(kinfo->rmap_free, free0 - 2);
	CHECK_EQ(kfix_invariants(), 0);
}

/** Page capabilities: one for envs, an index past the list or outside int range, a read-only
 *  one for a writable mapping, one for another env's pages. */
TEST(bad_page_caps)
{
	boot();
	struct env *other = kfix_env();
	ppn_t p = kfix_page(me), theirs = kfix_page(other);
	int ro = cap_derive(me->caps, EXOS_CAP_PAGES, -1, 0, 0, CAP_R);
	uint32_t free0 = kinfo->rmap_free;

	CHECK(ro > EXOS_CAP_ROOT);
	CHECK_EQ(install(KFIX_VA(0), p, R, EXOS_CAP_SELF), -E_NOCAP);
	CHECK_EQ(install(KFIX_VA(0), p, R, EXOS_CAP_SLOTS), -E_RANGE);
	CHECK_EQ(install(KFIX_VA(0), p, R, -5), -E_RANGE);
	CHECK_EQ(install(KFIX_VA(0), p, R, cap_arg(1L << 40)), -E_RANGE);   /* as the shim decodes it */
	CHECK_EQ(install(KFIX_VA(0), p, R, cap_arg(-(1L << 40))), -E_RANGE);
	CHECK_EQ(install(KFIX_VA(0), p, RW, ro), -E_PERM);
	CHECK_EQ(install(KFIX_VA(0), theirs, R, EXOS_CAP_PAGES), -E_NOCAP);
	CHECK_EQ(install(KFIX_VA(0), p, R, ro), 0);   /* read-only is what it allows */
	CHECK_EQ(kinfo->rmap_free, free0 - 1);
	CHECK_EQ(pmem_page(theirs)->refcnt, 0);
	CHECK_EQ(kfix_invariants(), 0);
}

/** Env capabilities: one that does not dominate, one without W, a stale or unknown env id. */
TEST(bad_env_caps)
{
	boot();
	struct env *other = kfix_env();
	ppn_t p = kfix_page(me);
	int ro = cap_derive(me->caps, EXOS_CAP_SELF, -1, 0, 0, CAP_R);

	CHECK_EQ(sys_pte_install(EXOS_CAP_PAGES, me->id, KFIX_VA(0), p, R, EXOS_CAP_PAGES), -E_NOCAP);
	CHECK_EQ(sys_pte_install(EXOS_CAP_SELF, other->id, KFIX_VA(0), p, R, EXOS_CAP_PAGES),
		 -E_NOCAP);
	CHECK_EQ(sys_pte_install(ro, me->id, KFIX_VA(0), p, R, EXOS_CAP_PAGES), -E_PERM);
	CHECK_EQ(sys_pte_install(EXOS_CAP_ROOT, me->id + EXOS_MAX_ENVS, KFIX_VA(0), p, R,
				 EXOS_CAP_PAGES), -E_NOENT);
	CHECK_EQ(sys_pte_install(EXOS_CAP_ROOT, 0, KFIX_VA(0), p, R, EXOS_CAP_PAGES), -E_NOENT);
	CHECK_EQ(sys_pte_read(ro, me->id, KFIX_VA(0)), -E_NOENT);   /* R is enough to read */
	CHECK_EQ(sys_pte_remove(ro, me->id, KFIX_VA(0)), -E_PERM);
	CHECK_EQ(pmem_page(p)->refcnt, 0);
	CHECK_EQ(kfix_invariants(), 0);
}

/** With the env's capability, the root one and our page capability, another env gets our page. */
TEST(install_into_other_env)
{
	boot();
	struct env *other = kfix_env();
	ppn_t p = kfix_page(me);

	CHECK_EQ(sys_pte_install(EXOS_CAP_ROOT, other->id, KFIX_VA(3), p, R, EXOS_CAP_PAGES), 0);
	CHECK_EQ(rmap_count(p, other->id, KFIX_VA(3), 0), 1);
	CHECK_EQ(sys_pte_read(EXOS_CAP_ROOT, other->id, KFIX_VA(3)),
		 (long)arch_pte_raw(arch_pte_user(p, R)));
	CHECK_EQ(kfix_invariants(), 0);
}

/** An address already mapped, or bound only in the STLB, is E_BUSY. */
TEST(busy_addresses)
{
	boot();
	ppn_t a = kfix_page(me), b = kfix_page(me);

	CHECK_EQ(install(KFIX_VA(0), a, RW, EXOS_CAP_PAGES), 0);
	CHECK_EQ(install(KFIX_VA(0), b, RW, EXOS_CAP_PAGES), -E_BUSY);
	CHECK(stlb_drop_tables(me) > 0);
	CHECK(arch_pte_valid(stlb_lookup_only(me, KFIX_VA(0))));
	CHECK_EQ(install(KFIX_VA(0), b, RW, EXOS_CAP_PAGES), -E_BUSY);
	CHECK_EQ(pmem_page(b)->refcnt, 0);
	CHECK_EQ(kfix_invariants(), 0);
}

/** A page maps PMEM_MAX_REFS times; the next install is E_OVERFLOW, and all come back. */
TEST(reference_limit)
{
	boot();
	ppn_t p = kfix_page(me);
	uint32_t n = 0;

	while (n < PMEM_MAX_REFS && install(KFIX_VA(n), p, R, EXOS_CAP_PAGES) == 0)
		n++;
	CHECK_EQ(n, PMEM_MAX_REFS);
	CHECK_EQ(install(KFIX_VA(n), p, R, EXOS_CAP_PAGES), -E_OVERFLOW);
	CHECK_EQ(kfix_invariants(), 0);
	for (uint32_t i = 0; i < n; i++)
		CHECK_EQ(sys_pte_remove(EXOS_CAP_SELF, me->id, KFIX_VA(i)), 0);
	CHECK_EQ(pmem_page(p)->refcnt, 0);
	CHECK_EQ(sys_page_free(EXOS_CAP_PAGES, p), 0);
	CHECK_EQ(kfix_invariants(), 0);
}

/** With the inverse-mapping pool full an install is E_NOMEM and takes nothing. */
TEST(pool_full)
{
	kfix_boot(8);
	me = kfix_env();   /* the save area and capability page hold 2 */
	kfix_run(me, 0);
	ppn_t p = kfix_page(me);
	uint32_t n = 0;

	while (install(KFIX_VA(n), p, R, EXOS_CAP_PAGES) == 0)
		n++;
	CHECK_EQ(n, 6);
	CHECK_EQ(kinfo->rmap_free, 0);
	CHECK_EQ(install(KFIX_VA(n), kfix_page(me), R, EXOS_CAP_PAGES), -E_NOMEM);
	CHECK_EQ(install(MEGA_VA, kfix_mega_run(me), MR, EXOS_CAP_PAGES), -E_NOMEM);
	CHECK_EQ(pmem_page(p)->refcnt, 6);
	CHECK_EQ(kfix_invariants(), 0);
}

/** Out of memory for a table page: E_NOMEM, nothing mapped, nothing leaked. */
TEST(no_table_page)
{
	boot();
	ppn_t p = kfix_page(me);
	uint64_t nfree;

	while (!ppn_is_none(pmem_alloc(me->id, EXOS_PAGE_USER)))
		;
	nfree = pmem.nfree;
	CHECK_EQ(install(va_make(0x2000000000UL), p, R, EXOS_CAP_PAGES), -E_NOMEM);
	CHECK_EQ(pmem.nfree, nfree);
	CHECK_EQ(pmem_page(p)->refcnt, 0);
	CHECK_EQ(read_pte(va_make(0x2000000000UL)), -E_NOENT);
	CHECK_EQ(kfix_invariants(), 0);
}

/* ---------------------------------------------------------------- protect, remove, free */

/** Protect: read-only, then W without R (E_INVAL), an unmapped address (E_NOENT), W with a
 *  read-only page capability (E_PERM); the PTE and the STLB follow, the page is flushed. */
TEST(protect)
{
	boot();
	ppn_t p = kfix_page(me);
	int ro = cap_derive(me->caps, EXOS_CAP_PAGES, -1, 0, 0, CAP_R);

	CHECK_EQ(install(KFIX_VA(0), p, RW, EXOS_CAP_PAGES), 0);
	kfix_flush_mark();
	CHECK_EQ(sys_pte_protect(EXOS_CAP_SELF, me->id, KFIX_VA(0), R, EXOS_CAP_PAGES), 0);
	CHECK(kfix_flushed(0, KFIX_VA(0), me->tlb.asid));
	CHECK_EQ(read_pte(KFIX_VA(0)), (long)arch_pte_raw(arch_pte_user(p, R)));
	CHECK_EQ(sys_pte_protect(EXOS_CAP_SELF, me->id, KFIX_VA(0), W, EXOS_CAP_PAGES), -E_INVAL);
	CHECK_EQ(sys_pte_protect(EXOS_CAP_SELF, me->id, KFIX_VA(1), R, EXOS_CAP_PAGES), -E_NOENT);
	CHECK_EQ(sys_pte_protect(EXOS_CAP_SELF, me->id, KFIX_VA(0), RW, ro), -E_PERM);
	CHECK_EQ(sys_pte_protect(EXOS_CAP_SELF, me->id, KFIX_VA(0), RW, EXOS_CAP_PAGES), 0);
	CHECK(stlb_drop_tables(me) > 0);
	CHECK_EQ((long)arch_pte_raw(stlb_lookup_only(me, KFIX_VA(0))),
		 (long)arch_pte_raw(arch_pte_user(p, RW)));
	CHECK_EQ(kfix_invariants(), 0);
}

/** Remove: the mapping, its reference and entry go; again is E_NOENT; a mapped page does not
 *  free (E_BUSY), an unmapped one frees once, then is not ours (E_PERM). */
TEST(remove_and_free)
{
	boot();
	ppn_t p = kfix_page(me);
	uint32_t free0 = kinfo->rmap_free;

	CHECK_EQ(install(KFIX_VA(0), p, RW, EXOS_CAP_PAGES), 0);
	CHECK_EQ(sys_page_free(EXOS_CAP_PAGES, p), -E_BUSY);
	kfix_flush_mark();
	CHECK_EQ(sys_pte_remove(EXOS_CAP_SELF, me->id, KFIX_VA(0)), 0);
	CHECK(kfix_flushed(0, KFIX_VA(0), me->tlb.asid));
	CHECK_EQ(sys_pte_remove(EXOS_CAP_SELF, me->id, KFIX_VA(0)), -E_NOENT);
	CHECK_EQ(sys_pte_remove(EXOS_CAP_SELF, me->id, va_add(KFIX_VA(0), 8)), -E_ALIGN);
	CHECK_EQ(kinfo->rmap_free, free0);
	CHECK_EQ(sys_page_free(EXOS_CAP_PAGES, p), 0);
	CHECK_EQ(sys_page_free(EXOS_CAP_PAGES, p), -E_PERM);
	CHECK_EQ(kfix_invariants(), 0);
}

/** A binding held only in the STLB reads back and removes like one in the tree. */
TEST(remove_stlb_only)
{
	boot();
	ppn_t p = kfix_page(me);

	CHECK_EQ(install(KFIX_VA(0), p, RW, EXOS_CAP_PAGES), 0);
	CHECK(stlb_drop_tables(me) > 0);
	CHECK_EQ(read_pte(KFIX_VA(0)), (long)arch_pte_raw(arch_pte_user(p, RW)));
	CHECK_EQ(sys_pte_remove(EXOS_CAP_SELF, me->id, KFIX_VA(0)), 0);
	CHECK_EQ(pmem_page(p)->refcnt, 0);
	CHECK_EQ(read_pte(KFIX_VA(0)), -E_NOENT);
	CHECK_EQ(kfix_invariants(), 0);
}

/** An orphan page (its owner gone) is freed with its last mapping. */
TEST(orphan_freed_with_last_mapping)
{
	boot();
	struct env *other = kfix_env();
	ppn_t p = kfix_page(other);
	int pc = cap_grant(other->caps, EXOS_CAP_PAGES, me->caps, CAP_R | CAP_GRANT);

	CHECK(pc >= 0);
	CHECK_EQ(install(KFIX_VA(0), p, R, pc), 0);
	env_destroy(other, 0);
	CHECK_EQ(pmem_page(p)->owner, 0);
	CHECK_EQ(pmem_page(p)->type, EXOS_PAGE_USER);
	CHECK_EQ(sys_pte_remove(EXOS_CAP_SELF, me->id, KFIX_VA(0)), 0);
	CHECK_EQ(pmem_page(p)->type, EXOS_PAGE_FREE);
	CHECK_EQ(kfix_invariants(), 0);
}

/* ---------------------------------------------------------------- batches */

static struct exos_pte_entry *entries;   /* on the caller's page at BUF_VA */

static void batch_boot(void)
{
	boot();
	entries = kfix_map(me, BUF_VA, RW);
}

static long batch(vaddr_t at, unsigned long n)
{
	return sys_pte_install_batch(EXOS_CAP_SELF, me->id, at, n, EXOS_CAP_PAGES);
}

/* Entries 0..n-1 for fresh pages at KFIX_VA(i), read-write. */
static void fill(ppn_t *ppn, int n)
{
	for (int i = 0; i < n; i++) {
		ppn[i] = kfix_page(me);
		entries[i] = (struct exos_pte_entry){ va_raw(KFIX_VA(i)), ppn_raw(ppn[i]), RW };
	}
}

/** A batch of 0 or past EXOS_PTE_BATCH_MAX is E_RANGE; an array in the kernel, off the end of
 *  the caller's memory or at the top of the address space is E_FAULT. */
TEST(batch_bounds)
{
	ppn_t ppn[16];

	batch_boot();
	fill(ppn, 16);
	CHECK_EQ(batch(BUF_VA, 0), -E_RANGE);
	CHECK_EQ(batch(BUF_VA, EXOS_PTE_BATCH_MAX + 1), -E_RANGE);
	CHECK_EQ(batch(va_make(KERNEL_VA), 2), -E_FAULT);
	CHECK_EQ(batch(va_add(BUF_VA, PAGE_SIZE - sizeof(entries[0])), 2), -E_FAULT);
	CHECK_EQ(batch(va_make(0UL - 8), 1), -E_FAULT);
	CHECK_EQ(read_pte(KFIX_VA(0)), -E_NOENT);
	CHECK_EQ(kfix_invariants(), 0);
}

/** A batch is all or none: one address twice (E_BUSY), a page-table page (E_PERM), W without R
 *  in the last entry (E_INVAL), a megapage (E_INVAL) install nothing; a good one installs all
 *  with one flush of the env; the same again is E_BUSY. */
TEST(batch_all_or_none)
{
	ppn_t ppn[16];
	uint32_t free0;

	batch_boot();
	fill(ppn, 16);
	free0 = kinfo->rmap_free;
	entries[5].va = entries[2].va;
	CHECK_EQ(batch(BUF_VA, 16), -E_BUSY);
	entries[5].va = va_raw(KFIX_VA(5));
	entries[9].ppn = ppn_raw(kva_to_ppn(me->us.root));
	CHECK_EQ(batch(BUF_VA, 16), -E_PERM);
	entries[9].ppn = ppn_raw(ppn[9]);
	entries[15].perms = W;
	CHECK_EQ(batch(BUF_VA, 16), -E_INVAL);
	entries[15].perms = MRW;
	CHECK_EQ(batch(BUF_VA, 16), -E_INVAL);
	entries[15].perms = RW;
	CHECK_EQ(kinfo->rmap_free, free0);
	for (int i = 0; i < 16; i++)
		CHECK_EQ(pmem_page(ppn[i])->refcnt, 0);
	CHECK_EQ(kfix_invariants(), 0);
	kfix_flush_mark();
	CHECK_EQ(batch(BUF_VA, 16), 16);
	CHECK(kfix_flushed(0, KFIX_VA(7), me->tlb.asid));
	CHECK_EQ(read_pte(KFIX_VA(15)), (long)arch_pte_raw(arch_pte_user(ppn[15], RW)));
	CHECK_EQ(batch(BUF_VA, 16), -E_BUSY);
	CHECK_EQ(kinfo->rmap_free, free0 - 16);
	CHECK_EQ(kfix_invariants(), 0);
}

/** A batch that takes a page past the reference limit itself undoes what it made (E_OVERFLOW). */
TEST(batch_overflows_itself)
{
	batch_boot();
	ppn_t p = kfix_page(me);
	uint32_t n = 0;

	while (n < PMEM_MAX_REFS - 2 && install(KFIX_VA(100 + n), p, R, EXOS_CAP_PAGES) == 0)
		n++;
	for (int i = 0; i < 4; i++)
		entries[i] = (struct exos_pte_entry){ va_raw(KFIX_VA(i)), ppn_raw(p), R };
	CHECK_EQ(batch(BUF_VA, 4), -E_OVERFLOW);
	CHECK_EQ(pmem_page(p)->refcnt, PMEM_MAX_REFS - 2);
	CHECK_EQ(read_pte(KFIX_VA(0)), -E_NOENT);
	CHECK_EQ(kfix_invariants(), 0);
}

/** With fewer pool entries free than the batch needs, it is E_NOMEM and makes nothing. */
TEST(batch_pool_short)
{
	ppn_t ppn[8];

	kfix_boot(8);
	me = kfix_env();
	kfix_run(me, 0);
	entries = kfix_map(me, BUF_VA, RW);   /* 3 of 8 used */
	fill(ppn, 8);
	CHECK_EQ(batch(BUF_VA, 6), -E_NOMEM);
	CHECK_EQ(batch(BUF_VA, 5), 5);
	CHECK_EQ(kfix_invariants(), 0);
}

/* ---------------------------------------------------------------- megapages */

/** Megapage refusals: a misaligned address or page number (E_ALIGN), W without R (E_INVAL), over
 *  the exported pages (E_INVAL), another env's pages (E_NOCAP); no page gains a reference. */
TEST(megapage_refusals)
{
	boot();
	ppn_t run = kfix_mega_run(me);
	struct env *other = kfix_env();

	CHECK(!ppn_is_none(run));
	CHECK_EQ(install(va_add(MEGA_VA, PAGE_SIZE), run, MRW, EXOS_CAP_PAGES), -E_ALIGN);
	CHECK_EQ(install(MEGA_VA, ppn_add(run, 1), MRW, EXOS_CAP_PAGES), -E_ALIGN);
	CHECK_EQ(install(MEGA_VA, run, W | EXOS_PTE_MEGA, EXOS_CAP_PAGES), -E_INVAL);
	CHECK_EQ(install(va_make(EXOS_INFO_VA), run, MR, EXOS_CAP_PAGES), -E_INVAL);
	CHECK_EQ(install(MEGA_VA, run, MR, EXOS_CAP_SELF), -E_NOCAP);
	pmem_set_owner(ppn_add(run, 200), other->id);
	CHECK_EQ(install(MEGA_VA, run, MR, EXOS_CAP_PAGES), -E_NOCAP);
	pmem_set_owner(ppn_add(run, 200), me->id);
	pmem_page(ppn_add(run, 100))->type = EXOS_PAGE_PT;
	CHECK_EQ(install(MEGA_VA, run, MR, EXOS_CAP_ROOT), -E_PERM);
	pmem_page(ppn_add(run, 100))->type = EXOS_PAGE_USER;
	for (int k = 0; k < 512; k++)
		CHECK_EQ(pmem_page(ppn_add(run, k))->refcnt, 0);
	CHECK_EQ(kfix_invariants(), 0);
}

/** A megapage: one flagged entry, a reference on each of its 512 pages; 4 KiB installs inside and
 *  a second megapage are E_BUSY; protect needs the flag exactly when the address is in one;
 *  remove from inside returns every reference. */
TEST(megapage_life)
{
	boot();
	ppn_t run = kfix_mega_run(me), p = kfix_page(me);
	uint64_t refs = 0;

	CHECK_EQ(install(MEGA_VA, run, MRW, EXOS_CAP_PAGES), 0);
	for (int k = 0; k < 512; k++)
		refs += pmem_page(ppn_add(run, k))->refcnt;
	CHECK_EQ(refs, 512);
	CHECK_EQ(rmap_count(run, me->id, MEGA_VA, 1), 1);
	CHECK_EQ(read_pte(va_add(MEGA_VA, 9 * PAGE_SIZE)),
		 (long)(arch_pte_raw(arch_pte_user(run, RW)) | EXOS_PTE_MEGA));
	CHECK_EQ(install(va_add(MEGA_VA, 7 * PAGE_SIZE), p, R, EXOS_CAP_PAGES), -E_BUSY);
	CHECK_EQ(install(MEGA_VA, run, MR, EXOS_CAP_PAGES), -E_BUSY);
	CHECK_EQ(sys_pte_protect(EXOS_CAP_SELF, me->id, MEGA_VA, R, EXOS_CAP_PAGES), -E_INVAL);
	CHECK_EQ(install(KFIX_VA(0), p, R, EXOS_CAP_PAGES), 0);
	CHECK_EQ(sys_pte_protect(EXOS_CAP_SELF, me->id, KFIX_VA(0), MR, EXOS_CAP_PAGES), -E_INVAL);
	CHECK_EQ(sys_pte_protect(EXOS_CAP_SELF, me->id, MEGA_VA, MR, EXOS_CAP_PAGES), 0);
	CHECK_EQ(stlb_drop_tables(me) >= 0, 1);
	CHECK(pt_leaf(me->us.root, MEGA_VA, &(int){ 0 }));   /* a table drop keeps it */
	CHECK_EQ(kfix_invariants(), 0);
	CHECK_EQ(sys_pte_remove(EXOS_CAP_SELF, me->id, va_add(MEGA_VA, 300 * PAGE_SIZE)), 0);
	refs = 0;
	for (int k = 0; k < 512; k++)
		refs += pmem_page(ppn_add(run, k))->refcnt;
	CHECK_EQ(refs, 0);
	CHECK_EQ(read_pte(MEGA_VA), -E_NOENT);
	CHECK_EQ(kfix_invariants(), 0);
}

/** A megapage over a 4 KiB mapping, or a binding held only in the STLB, is E_BUSY; over the empty
 *  table a removed mapping left, it frees that table page. */
TEST(megapage_over_table)
{
	boot();
	ppn_t run = kfix_mega_run(me), p = kfix_page(me);

	CHECK_EQ(install(va_add(MEGA_VA, PAGE_SIZE), p, R, EXOS_CAP_PAGES), 0);
	CHECK_EQ(install(MEGA_VA, run, MR, EXOS_CAP_PAGES), -E_BUSY);
	CHECK(stlb_drop_tables(me) > 0);
	CHECK_EQ(install(MEGA_VA, run, MR, EXOS_CAP_PAGES), -E_BUSY);
	CHECK_EQ(sys_pte_remove(EXOS_CAP_SELF, me->id, va_add(MEGA_VA, PAGE_SIZE)), 0);
	CHECK_EQ(install(va_add(MEGA_VA, PAGE_SIZE), p, R, EXOS_CAP_PAGES), 0);
	CHECK_EQ(sys_pte_remove(EXOS_CAP_SELF, me->id, va_add(MEGA_VA, PAGE_SIZE)), 0);
	uint32_t pages = me->npages;
	kfix_flush_mark();
	CHECK_EQ(install(MEGA_VA, run, MR, EXOS_CAP_PAGES), 0);
	CHECK_EQ(me->npages, pages - 1);   /* the empty table page went */
	CHECK(kfix_flushed(0, KFIX_VA(0), me->tlb.asid));   /* all of the env's translations */
	CHECK_EQ(kfix_invariants(), 0);
}

/* ---------------------------------------------------------------- sharing */

static struct exos_pte_share *shares;

static long share(struct env *to, unsigned long n, unsigned long flags)
{
	return sys_pte_share_batch(EXOS_CAP_ROOT, to->id, BUF_VA, n, flags);
}

/** Share refusals: flags (E_INVAL), nothing mapped at the source (E_NOENT), more rights than the
 *  caller's own (E_PERM), COW with W (E_INVAL), the save area as source (E_INVAL), a busy target
 *  (E_BUSY), a megapage as source (E_NOENT). */
TEST(share_refusals)
{
	boot();
	struct env *child = kfix_env();
	ppn_t p = kfix_page(me), run = kfix_mega_run(me);

	shares = kfix_map(me, BUF_VA, RW);
	CHECK_EQ(install(KFIX_VA(0), p, R, EXOS_CAP_PAGES), 0);
	CHECK_EQ(install(MEGA_VA, run, MR, EXOS_CAP_PAGES), 0);
	shares[0] = (struct exos_pte_share){ va_raw(KFIX_VA(0)), va_raw(KFIX_VA(0)), R };
	CHECK_EQ(share(child, 1, 1), -E_INVAL);
	shares[0].src_va = va_raw(KFIX_VA(1));
	CHECK_EQ(share(child, 1, 0), -E_NOENT);
	shares[0].src_va = va_raw(KFIX_VA(0));
	shares[0].perms = RW;
	CHECK_EQ(share(child, 1, 0), -E_PERM);
	shares[0].perms = RW | EXOS_PTE_COW;
	CHECK_EQ(share(child, 1, 0), -E_INVAL);
	shares[0] = (struct exos_pte_share){ va_raw(KFIX_VA(0)), EXOS_SAVE_VA, R };
	CHECK_EQ(share(child, 1, 0), -E_INVAL);
	shares[0] = (struct exos_pte_share){ va_raw(KFIX_VA(0)), va_raw(MEGA_VA), R };
	CHECK_EQ(share(child, 1, 0), -E_NOENT);
	shares[0] = (struct exos_pte_share){ EXOS_CAPS_VA, va_raw(KFIX_VA(0)), R };
	CHECK_EQ(share(child, 1, 0), -E_INVAL);
	CHECK_EQ(sys_pte_install(EXOS_CAP_ROOT, child->id, KFIX_VA(5), p, R, EXOS_CAP_PAGES), 0);
	shares[0] = (struct exos_pte_share){ va_raw(KFIX_VA(5)), va_raw(KFIX_VA(0)), R };
	CHECK_EQ(share(child, 1, 0), -E_BUSY);
	CHECK_EQ(pmem_page(p)->refcnt, 2);
	CHECK_EQ(kfix_invariants(), 0);
}

/** A share maps the caller's page into the target with an entry of its own; with COW the caller's
 *  own mapping becomes read-only too, and both envs' translations are flushed. */
TEST(share_copy_on_write)
{
	boot();
	struct env *child = kfix_env();
	ppn_t p = kfix_page(me);

	shares = kfix_map(me, BUF_VA, RW);
	CHECK_EQ(install(KFIX_VA(0), p, RW, EXOS_CAP_PAGES), 0);
	shares[0] = (struct exos_pte_share){ va_raw(KFIX_VA(2)), va_raw(KFIX_VA(0)),
					     R | EXOS_PTE_COW };
	kfix_flush_mark();
	CHECK_EQ(share(child, 1, 0), 1);
	CHECK_EQ(rmap_count(p, child->id, KFIX_VA(2), 0), 1);
	CHECK_EQ(read_pte(KFIX_VA(0)), (long)arch_pte_raw(arch_pte_user(p, R)));
	CHECK_EQ(sys_pte_read(EXOS_CAP_ROOT, child->id, KFIX_VA(2)),
		 (long)arch_pte_raw(arch_pte_user(p, R)));
	CHECK(kfix_flushed(0, KFIX_VA(0), me->tlb.asid));
	CHECK_EQ(pmem_page(p)->refcnt, 2);
	CHECK_EQ(kfix_invariants(), 0);
	env_destroy(child, 0);
	CHECK_EQ(pmem_page(p)->refcnt, 1);
	CHECK_EQ(kfix_invariants(), 0);
}

/** A share from a binding held only in the caller's STLB refills it first. */
TEST(share_refills_source)
{
	boot();
	struct env *child = kfix_env();
	ppn_t p = kfix_page(me);

	shares = kfix_map(me, BUF_VA, RW);
	CHECK_EQ(install(KFIX_VA(0), p, R, EXOS_CAP_PAGES), 0);
	CHECK(stlb_drop_tables(me) > 0);
	shares[0] = (struct exos_pte_share){ va_raw(KFIX_VA(1)), va_raw(KFIX_VA(0)), R };
	/* the array's own page went to the STLB too: the copy-in refills it */
	CHECK_EQ(stlb_refill(me, BUF_VA), 1);
	CHECK_EQ(share(child, 1, 0), 1);
	CHECK(pt_leaf(me->us.root, KFIX_VA(0), &(int){ 0 }));
	CHECK_EQ(kfix_invariants(), 0);
}

TEST_MAIN()
