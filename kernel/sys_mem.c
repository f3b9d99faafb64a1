/*
 * sys_mem.c - physical pages and kernel-checked PTE installs: the
 * first cut of the memory interface (design.md, "Memory"), enough for
 * an env to build another env's address space from pages it owns.
 */
#include "revoke.h"
#include "rmap.h"
#include "sched.h"
#include "stlb.h"
#include "syscall.h"
#include "info.h"
#include "tlb.h"

static struct env *self(void)
{
	return sched_current();
}

/* Whether va may carry a user mapping installed through pte_install:
 * page-aligned, in the user half, outside the kernel-managed regions. */
static int check_user_va(uint64_t va)
{
	if (va & (PAGE_SIZE - 1))
		return -E_ALIGN;
	if (va < EXOS_USER_MIN || va >= EXOS_USER_END)
		return -E_INVAL;
	if (va >= EXOS_EXPORT_VA && va < EXOS_RESERVED_END)
		return -E_INVAL;
	return 0;
}

/* Permissions a user mapping may ask for: R, W, X only (no U, G, A, D
 * or reserved bits: the kernel sets those), not W without R, not none. */
static int check_perms(uint64_t perms)
{
	if (perms & ~(uint64_t)(PTE_R | PTE_W | PTE_X) || !(perms & (PTE_R | PTE_X)) ||
	    ((perms & PTE_W) && !(perms & PTE_R)))
		return -E_INVAL;
	return 0;
}

/* The caller's capability idx for pages of ppn's owner, with need. */
static int check_page_cap(long idx, ppn_t ppn, uint16_t need, struct exos_page **out)
{
	struct exos_page *p = pmem_page(ppn);

	if (!p)
		return -E_RANGE;
	if (p->type != EXOS_PAGE_USER)
		return -E_PERM;
	struct exos_cap_name g = cap_guard_page(p->owner);
	int err = cap_check(self()->caps, cap_arg(idx), &g, need);
	if (err)
		return err;
	*out = p;
	return 0;
}

/* page_alloc(cap, ppn, owner): a zeroed page owned by env owner (0: the
 * caller; cap must dominate [EXOS_NS_PAGE, owner]), any page when ppn is 0,
 * else that page if it is free; returns its ppn. */
long sys_page_alloc(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *me = self();
	uint32_t owner = a2 ? (uint32_t)a2 : me->id;
	struct exos_cap_name g = cap_guard_page(owner);
	int err = cap_check(me->caps, cap_arg(a0), &g, CAP_W);
	ppn_t ppn = (ppn_t)a1;

	(void)a3, (void)a4, (void)a5;
	if (err)
		return err;
	struct env *oe = env_get(owner);
	if ((uint64_t)a2 > UINT32_MAX || !oe)
		return -E_NOENT;
	/* Short of memory while this env is below its guaranteed minimum:
	 * ask the biggest holder for pages back. */
	int revoking = 0;
	if (pmem.nfree < kinfo->revoke_low && oe->npages < EXOS_GUARANTEED_PAGES)
		revoking = revoke_request(oe);
	if (ppn == 0) {
		ppn = pmem_alloc(owner, EXOS_PAGE_USER);
		if (ppn == PPN_NONE)
			return revoking ? -E_AGAIN : -E_NOMEM;
	} else if ((err = pmem_alloc_at(ppn, owner, EXOS_PAGE_USER))) {
		return err;
	}
	page_zero(pa_to_kva(ppn << PAGE_SHIFT));
	return (long)ppn;
}

/* page_free(cap, ppn): give back an unmapped page. */
long sys_page_free(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct exos_page *p;
	int err = check_page_cap(a0, (ppn_t)a1, CAP_W, &p);

	(void)a2, (void)a3, (void)a4, (void)a5;
	if (err)
		return err;
	if (p->refcnt)
		return -E_BUSY;
	struct env *owner = env_get(p->owner);
	if (owner)
		revoke_page_freed(owner);
	return pmem_free((ppn_t)a1);
}

static void unmap_one(struct env *e, uint64_t va);

/* Decode one install of page ppn at va in e with perms under page
 * capability pagecap: every check, no side effect.  *out: the page. */
static int install_check(struct env *e, uint64_t va, ppn_t ppn, uint64_t perms, long pagecap,
			 struct exos_page **out)
{
	int err, level;

	if ((err = check_user_va(va)) || (err = check_perms(perms)))
		return err;
	if ((err = check_page_cap(pagecap, ppn, (perms & PTE_W) ? CAP_R | CAP_W : CAP_R, out)))
		return err;
	if ((*out)->refcnt >= PMEM_MAX_REFS)
		return -E_OVERFLOW;
	pte_t *old = sv39_walk(e->us.root, va, &level);
	if ((old && (*old & PTE_V)) || stlb_lookup_only(e, va))
		return -E_BUSY;
	return rmap_room(1) ? 0 : -E_NOMEM;
}

/* Invoke a checked install: write the PTE (A, D set), record the
 * inverse mapping with its reference; the caller flushes.  Fails only
 * for want of a table page. */
static int install_commit(struct env *e, uint64_t va, ppn_t ppn, uint64_t perms,
			  struct exos_page *p)
{
	if (uspace_map(&e->us, va, ppn << PAGE_SHIFT, perms))
		return -E_NOMEM;
	rmap_add(p, e->id, va);
	stlb_record(e, va, pte_make(ppn << PAGE_SHIFT, uspace_pte_flags(perms)));
	return 0;
}

/* The env a PTE call targets, if the caller's capability allows. */
static int target_env(long cap, long id, struct env **out)
{
	struct exos_cap_name g = cap_guard_env((uint32_t)id);
	int err = cap_check(self()->caps, cap_arg(cap), &g, CAP_W);

	if (err)
		return err;
	*out = env_get((uint32_t)id);
	return *out ? 0 : -E_NOENT;
}

/* ---------------------------------------------------------------- megapages */

#define MEGA_PAGES (MEGA_SIZE / PAGE_SIZE)
_Static_assert((EXOS_PTE_MEGA & (EXOS_PTE_COW | 0xff)) == 0, "EXOS_PTE_MEGA is no PTE bit");
_Static_assert(EXOS_PTE_R == PTE_R && EXOS_PTE_W == PTE_W && EXOS_PTE_X == PTE_X,
	       "the ABI's permission bits are Sv39's");

/* The capability rights a mapping with perms needs on its pages. */
static uint16_t perms_need(uint64_t perms)
{
	return (perms & PTE_W) ? CAP_R | CAP_W : CAP_R;
}

/* Each of the 512 pages from ppn is covered by pagecap with the rights
 * perms need, is user memory, and (adding: a new mapping) may take one
 * more reference.  The first failure's code. */
static int mega_pages_check(ppn_t ppn, uint64_t perms, long pagecap, int adding)
{
	struct exos_page *p;
	int err;

	for (uint64_t i = 0; i < MEGA_PAGES; i++) {
		if ((err = check_page_cap(pagecap, ppn + i, perms_need(perms), &p)))
			return err;
		if (adding && p->refcnt >= PMEM_MAX_REFS)
			return -E_OVERFLOW;
	}
	return 0;
}

/* Nothing of e's is mapped in [va, va + 2 MiB): no leaf, no binding
 * held only in the STLB.  A 4 KiB table there must be empty (the commit
 * frees it); one holding any mapping is in the way: -E_BUSY. */
static int mega_range_free(struct env *e, uint64_t va)
{
	int level;
	pte_t *pte = sv39_walk(e->us.root, va, &level);

	if (pte && level > 0)
		return -E_BUSY;           /* a megapage already */
	for (int i = 0; pte && i < 512; i++)
		if (pte[i] & PTE_V)       /* va is aligned: pte is the table's first slot */
			return -E_BUSY;
	return stlb_only_in(e, va, MEGA_SIZE) ? -E_BUSY : 0;
}

/* Decode a megapage install of the 512 pages from ppn at va in e: every
 * check, no side effect.  Misaligned va or ppn: -E_ALIGN. */
static int mega_check(struct env *e, uint64_t va, ppn_t ppn, uint64_t perms, long pagecap)
{
	int err;

	/* The reserved regions are 2 MiB aligned: first and last page tell. */
	if ((err = check_user_va(va)) || (err = check_user_va(va + MEGA_SIZE - PAGE_SIZE)) ||
	    (err = check_perms(perms)))
		return err;
	if (!IS_ALIGNED(va, MEGA_SIZE) || !IS_ALIGNED(ppn, MEGA_PAGES))
		return -E_ALIGN;
	if ((err = mega_pages_check(ppn, perms, pagecap, 1)))
		return err;
	if (!rmap_room(1))
		return -E_NOMEM;
	return mega_range_free(e, va);
}

/* Invoke a checked megapage install: the level-1 leaf (never in the
 * STLB: stlb.h), a reference on every page, the flush.  Fails only for
 * want of a table page. */
static int mega_commit(struct env *e, uint64_t va, ppn_t ppn, uint64_t perms)
{
	int freed;

	if (uspace_map_mega(&e->us, va, ppn << PAGE_SHIFT, perms, &freed))
		return -E_NOMEM;
	rmap_add_mega(ppn, e->id, va);
	if (freed)
		tlb_flush_env(e);   /* a table page went: non-leaf entries too */
	else
		tlb_flush_range(e, va, MEGA_SIZE);
	return 0;
}

/* Remove the megapage at e's level-1 slot pte (covering va): every one
 * of its pages loses the reference. */
static void unmap_mega(struct env *e, pte_t *pte, uint64_t va)
{
	ppn_t base = pte_pa(*pte) >> PAGE_SHIFT;

	*pte = 0;
	tlb_flush_range(e, ALIGN_DOWN(va, MEGA_SIZE), MEGA_SIZE);
	rmap_drop_mega(base, e->id, ALIGN_DOWN(va, MEGA_SIZE));
}

/* pte_protect of the megapage at slot pte: the caps checked for all 512. */
static int protect_mega(struct env *e, pte_t *pte, uint64_t va, uint64_t perms, long pagecap)
{
	paddr_t pa = pte_pa(*pte);
	int err = mega_pages_check(pa >> PAGE_SHIFT, perms, pagecap, 0);

	if (err)
		return err;
	*pte = pte_make(pa, uspace_pte_flags(perms));
	tlb_flush_range(e, ALIGN_DOWN(va, MEGA_SIZE), MEGA_SIZE);
	return 0;
}

/* ---------------------------------------------------------------- PTEs */

/* pte_install(envcap, id, va, ppn, perms, pagecap): map page ppn at va
 * in env id with perms (EXOS_PTE_R/W/X).  Checks: the env capability
 * (W), va (aligned, user, not reserved, not already mapped), perms (R
 * with W, nothing else), the page capability (R, and W for a writable
 * mapping), the page type (user data only) and the reference count.
 * With EXOS_PTE_MEGA (exos/pages.h) in perms: the 2 MiB megapage of the
 * 512 pages from ppn, every check for each page, va and ppn 2 MiB
 * aligned (-E_ALIGN), nothing mapped in its range (-E_BUSY; an empty
 * 4 KiB table there is freed).  -E_NOMEM when the inverse-mapping pool
 * is full (rmap.h) or no table page is left. */
long sys_pte_install(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *e;
	struct exos_page *p;
	uint64_t perms = (uint64_t)a4 & ~(uint64_t)EXOS_PTE_MEGA;
	int err = target_env(a0, a1, &e);

	if (!err && ((uint64_t)a4 & EXOS_PTE_MEGA)) {
		if ((err = mega_check(e, (uint64_t)a2, (ppn_t)a3, perms, a5)))
			return err;
		return mega_commit(e, (uint64_t)a2, (ppn_t)a3, perms);
	}
	if (err || (err = install_check(e, (uint64_t)a2, (ppn_t)a3, (uint64_t)a4, a5, &p)))
		return err;
	if ((err = install_commit(e, (uint64_t)a2, (ppn_t)a3, (uint64_t)a4, p)))
		return err;
	tlb_flush_range(e, (uint64_t)a2, PAGE_SIZE);
	return 0;
}

/* Commit entry i of a checked batch.  Two entries at one address, or
 * one page mapped past the reference limit by the batch itself, show up
 * only here (the earlier entries are in place): -E_BUSY / -E_OVERFLOW. */
static int batch_commit_one(struct env *e, const struct exos_pte_entry *b, struct exos_page *p)
{
	int level;
	pte_t *old = sv39_walk(e->us.root, b->va, &level);

	if (old && (*old & PTE_V))
		return -E_BUSY;
	if (p->refcnt >= PMEM_MAX_REFS)
		return -E_OVERFLOW;
	return install_commit(e, b->va, b->ppn, b->perms, p);
}

/* pte_install_batch(envcap, id, entries, n, pagecap): up to
 * EXOS_PTE_BATCH_MAX installs, all or none.  The array is copied first
 * (changing it meanwhile changes nothing), every entry is checked before
 * any is made, and a conflict inside the batch undoes what was made;
 * returns n or the first error (-E_NOMEM: fewer than n inverse-mapping
 * entries are free).  One TLB flush for the whole batch. */
long sys_pte_install_batch(long a0, long a1, long a2, long a3, long a4, long a5)
{
	static struct exos_pte_entry b[EXOS_PTE_BATCH_MAX];   /* under the lock */
	struct exos_page *pg[EXOS_PTE_BATCH_MAX];
	struct env *e, *me = self();
	uint64_t n = (uint64_t)a3;
	int err = target_env(a0, a1, &e);

	(void)a5;
	if (err)
		return err;
	if (n == 0 || n > EXOS_PTE_BATCH_MAX)
		return -E_RANGE;
	if (uspace_check(&me->us, (uint64_t)a2, n * sizeof(b[0]), PTE_R))
		return -E_FAULT;
	uspace_read(&me->us, b, (uint64_t)a2, n * sizeof(b[0]));
	for (uint32_t i = 0; i < n; i++)
		if ((err = install_check(e, b[i].va, b[i].ppn, b[i].perms, a4, &pg[i])))
			return err;
	if (!rmap_room((uint32_t)n))
		return -E_NOMEM;
	for (uint32_t i = 0; i < n; i++) {
		if ((err = batch_commit_one(e, &b[i], pg[i])) == 0)
			continue;
		while (i--)
			unmap_one(e, b[i].va);
		return err;
	}
	tlb_flush_env(e);
	return (long)n;
}

/* The caller's own leaf PTE at src (refilled from its STLB if the
 * kernel dropped the table), or 0 if it maps nothing there. */
static pte_t *own_leaf(struct env *me, uint64_t src)
{
	int level;
	pte_t *pte = sv39_walk(me->us.root, src, &level);

	if ((!pte || !(*pte & PTE_V)) && stlb_refill(me, src))
		pte = sv39_walk(me->us.root, src, &level);
	return pte && (*pte & PTE_V) && (*pte & PTE_U) && level == 0 ? pte : 0;
}

/* Check one share into e: dst va and perms as for an install, src a
 * 4 KiB mapping of the caller that has every right asked for. */
static int share_check(struct env *me, struct env *e, const struct exos_pte_share *b,
		       struct exos_page **out, ppn_t *ppn)
{
	uint64_t perms = b->perms & ~(uint64_t)EXOS_PTE_COW;
	int err, level;

	if ((err = check_user_va(b->va)) || (err = check_user_va(b->src_va)) ||
	    (err = check_perms(perms)))
		return err;
	if ((b->perms & EXOS_PTE_COW) && (perms & PTE_W))
		return -E_INVAL;
	pte_t *src = own_leaf(me, b->src_va);
	if (!src)
		return -E_NOENT;
	if (perms & ~*src & (PTE_R | PTE_W | PTE_X))
		return -E_PERM;
	*ppn = pte_pa(*src) >> PAGE_SHIFT;
	*out = pmem_page(*ppn);
	if (!*out || (*out)->type != EXOS_PAGE_USER)
		return -E_PERM;
	if ((*out)->refcnt >= PMEM_MAX_REFS)
		return -E_OVERFLOW;
	pte_t *old = sv39_walk(e->us.root, b->va, &level);
	if ((old && (*old & PTE_V)) || stlb_lookup_only(e, b->va))
		return -E_BUSY;
	return 0;
}

/* Make the caller's mapping at src read-only (the COW half of a share). */
static void share_downgrade(struct env *me, uint64_t src)
{
	pte_t *pte = own_leaf(me, src);

	*pte &= ~(PTE_W | PTE_D);
	stlb_record(me, src, *pte);
}

/* pte_share_batch(envcap, id, entries, n, 0): up to EXOS_PTE_BATCH_MAX
 * struct exos_pte_share: map into env id the pages the caller itself
 * maps, with no more rights than it has (holding a mapping is the
 * authority, so a library OS can pass on pages it was given, e.g. to a
 * grandchild after fork).  EXOS_PTE_COW also makes the caller's mapping
 * read-only.  All or none, as pte_install_batch (-E_NOMEM as there);
 * returns n. */
long sys_pte_share_batch(long a0, long a1, long a2, long a3, long a4, long a5)
{
	static struct exos_pte_share b[EXOS_PTE_BATCH_MAX];   /* under the lock */
	struct exos_page *pg[EXOS_PTE_BATCH_MAX];
	ppn_t ppn[EXOS_PTE_BATCH_MAX];
	struct env *e, *me = self();
	uint64_t n = (uint64_t)a3;
	int err = target_env(a0, a1, &e), cow = 0;

	(void)a5;
	if (err)
		return err;
	if (a4)
		return -E_INVAL;
	if (n == 0 || n > EXOS_PTE_BATCH_MAX)
		return -E_RANGE;
	if (uspace_check(&me->us, (uint64_t)a2, n * sizeof(b[0]), PTE_R))
		return -E_FAULT;
	uspace_read(&me->us, b, (uint64_t)a2, n * sizeof(b[0]));
	for (uint32_t i = 0; i < n; i++)
		if ((err = share_check(me, e, &b[i], &pg[i], &ppn[i])))
			return err;
	if (!rmap_room((uint32_t)n))
		return -E_NOMEM;
	for (uint32_t i = 0; i < n; i++) {
		struct exos_pte_entry one = { b[i].va, ppn[i],
					      b[i].perms & ~(uint64_t)EXOS_PTE_COW };
		if ((err = batch_commit_one(e, &one, pg[i])) == 0)
			continue;
		while (i--)
			unmap_one(e, b[i].va);
		return err;
	}
	for (uint32_t i = 0; i < n; i++)
		if (b[i].perms & EXOS_PTE_COW) {
			share_downgrade(me, b[i].src_va);
			cow = 1;
		}
	tlb_flush_env(e);
	if (cow && e != me)
		tlb_flush_env(me);
	return (long)n;
}

/* Remove e's mapping at va (present, 4 KiB); a last mapping of an
 * orphan page frees it. */
static void unmap_one(struct env *e, uint64_t va)
{
	int level;
	pte_t *pte = sv39_walk(e->us.root, va, &level);
	ppn_t ppn = pte_pa(*pte) >> PAGE_SHIFT;

	pte_t ignored;

	*pte = 0;
	stlb_forget(e, va, &ignored);
	tlb_flush_range(e, va, PAGE_SIZE);
	rmap_drop(ppn, e->id, va);
}

/* pte_remove(envcap, id, va): unmap va in env id; in a megapage, the
 * whole megapage. */
long sys_pte_remove(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *e;
	uint64_t va = (uint64_t)a2;
	int err = target_env(a0, a1, &e), level;

	(void)a3, (void)a4, (void)a5;
	if (err || (err = check_user_va(va)))
		return err;
	pte_t *pte = sv39_walk(e->us.root, va, &level), only;
	if (pte && (*pte & PTE_V) && level == 0) {
		unmap_one(e, va);
		return 0;
	}
	if (pte && level == 1) {
		unmap_mega(e, pte, va);
		return 0;
	}
	if (!stlb_forget(e, va, &only))   /* a binding only in the STLB */
		return -E_NOENT;
	rmap_drop(pte_pa(only) >> PAGE_SHIFT, e->id, va);
	return 0;
}

/* pte_read(envcap, id, va): the Sv39 leaf PTE mapping va in env id
 * (bit 0 set; EXOS_PTE_MEGA added for a megapage), or -E_NOENT. */
long sys_pte_read(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *e;
	struct exos_cap_name g = cap_guard_env((uint32_t)a1);
	int err = cap_check(self()->caps, cap_arg(a0), &g, CAP_R), level;

	(void)a3, (void)a4, (void)a5;
	if (err)
		return err;
	if (!(e = env_get((uint32_t)a1)))
		return -E_NOENT;
	if ((uint64_t)a2 >= EXOS_USER_END)
		return -E_INVAL;
	pte_t *pte = sv39_walk(e->us.root, (uint64_t)a2, &level);
	if (!pte || !(*pte & PTE_V)) {
		pte_t only = stlb_lookup_only(e, (uint64_t)a2 & ~(PAGE_SIZE - 1));
		return only ? (long)only : -E_NOENT;
	}
	return (long)(*pte | (level == 1 ? EXOS_PTE_MEGA : 0));
}

/* pte_protect(envcap, id, va, perms, pagecap): change the permissions of
 * an existing mapping, with the same checks as pte_install (the page
 * capability must allow W for a writable mapping).  perms has
 * EXOS_PTE_MEGA exactly when va is in a megapage (else -E_INVAL). */
long sys_pte_protect(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *e;
	struct exos_page *p;
	uint64_t va = (uint64_t)a2, perms = (uint64_t)a3 & ~(uint64_t)EXOS_PTE_MEGA;
	struct exos_cap_name g = cap_guard_env((uint32_t)a1);
	int err = cap_check(self()->caps, cap_arg(a0), &g, CAP_W), level;
	int mega = ((uint64_t)a3 & EXOS_PTE_MEGA) != 0;

	(void)a5;
	if (err)
		return err;
	if (!(e = env_get((uint32_t)a1)))
		return -E_NOENT;
	if ((err = check_user_va(va)))
		return err;
	if ((err = check_perms(perms)))
		return err;
	pte_t *pte = sv39_walk(e->us.root, va, &level);
	if (!pte || !(*pte & PTE_V) || level > 1)
		return -E_NOENT;
	if (mega != (level == 1))
		return -E_INVAL;
	if (mega)
		return protect_mega(e, pte, va, perms, a4);
	ppn_t ppn = pte_pa(*pte) >> PAGE_SHIFT;
	if ((err = check_page_cap(a4, ppn, perms_need(perms), &p)))
		return err;
	*pte = pte_make(ppn << PAGE_SHIFT, uspace_pte_flags(perms));
	stlb_record(e, va, *pte);
	tlb_flush_range(e, va, PAGE_SIZE);
	return 0;
}

/* revoke_short(): the caller, asked to give pages back (EXOS_INTR_REVOKE),
 * says it has given all it will: the kernel takes what is still missing
 * at once by force (listed in its repossession vector) rather than at
 * the deadline, so the env that needs memory waits no longer than it
 * must.  0, or -E_NOENT when nothing is asked of the caller. */
long sys_revoke_short(long a0, long a1, long a2, long a3, long a4, long a5)
{
	(void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return revoke_short(self());
}

/* The locked forms the "and resume" thunks in vector.S call. */
long pte_install_locked(long a0, long a1, long a2, long a3, long a4, long a5)
{
	kernel_lock();
	long r = sys_pte_install(a0, a1, a2, a3, a4, a5);
	kernel_unlock();
	return r;
}

long pte_protect_locked(long a0, long a1, long a2, long a3, long a4, long a5)
{
	kernel_lock();
	long r = sys_pte_protect(a0, a1, a2, a3, a4, a5);
	kernel_unlock();
	return r;
}

/* tables_drop(envcap, id): drop env id's Sv39 table pages (the kernel's
 * cache; bindings stay in its STLB, guaranteed ranges stay mapped).
 * Returns the table pages freed. */
long sys_tables_drop(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *e;
	int err = target_env(a0, a1, &e);

	(void)a2, (void)a3, (void)a4, (void)a5;
	if (err)
		return err;
	int freed = stlb_drop_tables(e);
	kinfo->tables_dropped += (uint64_t)freed;
	sched_kick(e);
	return freed;
}

/* guarantee(envcap, id, va, len): keep [va, va+len) always mapped (never
 * dropped with the tables): a library's code, stack and handler data. */
long sys_guarantee(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *e;
	int err = target_env(a0, a1, &e);
	uint64_t va = (uint64_t)a2, len = (uint64_t)a3;

	(void)a4, (void)a5;
	if (err)
		return err;
	if (va >= EXOS_USER_END || len > EXOS_USER_END - va || len == 0)
		return -E_INVAL;
	return stlb_guarantee(e, va, len);
}
