/*
 * bind.c - see bind.h.
 */
#include "bind.h"
#include "rmap.h"
#include "stlb.h"
#include "tlb.h"
#include "exos/errno.h"

#define R EXOS_PTE_R
#define W EXOS_PTE_W
#define X EXOS_PTE_X
#define MEGA_PAGES (MEGA_SIZE / PAGE_SIZE)
_Static_assert((EXOS_PTE_MEGA & (EXOS_PTE_COW | R | W | X)) == 0,
	       "EXOS_PTE_MEGA is no permission");

/* The start of the megapage holding va. */
static vaddr_t mega_base(vaddr_t va)
{
	return va_make(ALIGN_DOWN(va_raw(va), MEGA_SIZE));
}

int bind_check_va(vaddr_t va)
{
	uint64_t v = va_raw(va);

	if (v & (PAGE_SIZE - 1))
		return -E_ALIGN;
	if (v < EXOS_USER_MIN || v >= EXOS_USER_END)
		return -E_INVAL;
	if (v >= EXOS_EXPORT_VA && v < EXOS_RESERVED_END)
		return -E_INVAL;
	return 0;
}

/* Permissions a user mapping may ask for: R, W, X only (the kernel sets
 * everything else a PTE holds), not W without R, not none. */
static int check_perms(uint64_t perms)
{
	if (perms & ~(uint64_t)(R | W | X) || !(perms & (R | X)) || ((perms & W) && !(perms & R)))
		return -E_INVAL;
	return 0;
}

/* The capability rights a mapping with perms needs on its pages. */
static uint16_t perms_need(uint64_t perms)
{
	return (perms & W) ? CAP_R | CAP_W : CAP_R;
}

int bind_check_page_cap(struct env *me, int idx, ppn_t ppn, uint16_t need,
			struct exos_page **out)
{
	struct exos_page *p = pmem_page(ppn);

	if (!p)
		return -E_RANGE;
	if (p->type != EXOS_PAGE_USER)
		return -E_PERM;
	struct exos_cap_name g = cap_guard_page(p->owner);
	int err = cap_check(me->caps, idx, &g, need);
	if (err)
		return err;
	*out = p;
	return 0;
}

/* Nothing of e's is bound at va: no valid PTE, no binding held only in
 * the STLB. */
static int va_free(struct env *e, vaddr_t va)
{
	int level;

	return !pt_leaf(e->us.root, va, &level) && !arch_pte_valid(stlb_lookup_only(e, va));
}

/* Decode one install of page ppn at va in e with perms under me's page
 * capability pagecap: every check, no side effect.  *out: the page. */
static int install_check(struct env *me, struct env *e, vaddr_t va, ppn_t ppn, uint64_t perms,
			 int pagecap, struct exos_page **out)
{
	int err;

	if ((err = bind_check_va(va)) || (err = check_perms(perms)))
		return err;
	if ((err = bind_check_page_cap(me, pagecap, ppn, perms_need(perms), out)))
		return err;
	if ((*out)->refcnt >= PMEM_MAX_REFS)
		return -E_OVERFLOW;
	if (!va_free(e, va))
		return -E_BUSY;
	return rmap_room(1) ? 0 : -E_NOMEM;
}

/* Invoke a checked install: write the PTE, record the inverse mapping
 * with its reference and the STLB entry; the caller flushes.  Fails
 * only for want of a table page. */
static int install_commit(struct env *e, vaddr_t va, ppn_t ppn, uint64_t perms,
			  struct exos_page *p)
{
	pte_t pte = arch_pte_user(ppn, perms);

	if (uspace_map_leaf(&e->us, va, pte))
		return -E_NOMEM;
	rmap_add(p, e->id, va);
	stlb_record(e, va, pte);
	return 0;
}

/* Remove e's mapping at va (present, 4 KiB); a last mapping of an
 * orphan page frees it. */
static void unmap_one(struct env *e, vaddr_t va)
{
	int level;
	pte_t *pte = pt_walk(e->us.root, va, &level), ignored;
	ppn_t ppn = arch_pte_ppn(*pte);

	*pte = arch_pte_none();
	stlb_forget(e, va, &ignored);
	tlb_flush_range(e, va, PAGE_SIZE);
	rmap_drop(ppn, e->id, va);
}

/* ---------------------------------------------------------------- megapages */

/* Each of the 512 pages from ppn is covered by pagecap with the rights
 * perms need, is user memory, and (adding: a new mapping) may take one
 * more reference.  The first failure's code. */
static int mega_pages_check(struct env *me, ppn_t ppn, uint64_t perms, int pagecap, int adding)
{
	struct exos_page *p;
	int err;

	for (uint64_t i = 0; i < MEGA_PAGES; i++) {
		if ((err = bind_check_page_cap(me, pagecap, ppn_add(ppn, i), perms_need(perms), &p)))
			return err;
		if (adding && p->refcnt >= PMEM_MAX_REFS)
			return -E_OVERFLOW;
	}
	return 0;
}

/* Nothing of e's is mapped in [va, va + 2 MiB): no leaf, no binding
 * held only in the STLB.  A 4 KiB table there must be empty (the commit
 * frees it); one holding any mapping is in the way: -E_BUSY. */
static int mega_range_free(struct env *e, vaddr_t va)
{
	int level;
	pte_t *pte = pt_walk(e->us.root, va, &level);

	if (pte && level > 0)
		return -E_BUSY;           /* a megapage already */
	for (int i = 0; pte && i < ARCH_PT_ENTRIES; i++)
		if (arch_pte_valid(pte[i]))   /* va is aligned: pte is the table's first slot */
			return -E_BUSY;
	return stlb_only_in(e, va, MEGA_SIZE) ? -E_BUSY : 0;
}

/* Decode a megapage install of the 512 pages from ppn at va in e: every
 * check, no side effect.  Misaligned va or ppn: -E_ALIGN. */
static int mega_check(struct env *me, struct env *e, vaddr_t va, ppn_t ppn, uint64_t perms,
		      int pagecap)
{
	int err;

	/* The reserved regions are 2 MiB aligned: first and last page tell. */
	if ((err = bind_check_va(va)) || (err = bind_check_va(va_add(va, MEGA_SIZE - PAGE_SIZE))) ||
	    (err = check_perms(perms)))
		return err;
	if (!IS_ALIGNED(va_raw(va), MEGA_SIZE) || !IS_ALIGNED(ppn_raw(ppn), MEGA_PAGES))
		return -E_ALIGN;
	if ((err = mega_pages_check(me, ppn, perms, pagecap, 1)))
		return err;
	if (!rmap_room(1))
		return -E_NOMEM;
	return mega_range_free(e, va);
}

/* Invoke a checked megapage install: the level-1 leaf (never in the
 * STLB: stlb.h), a reference on every page, the flush.  Fails only for
 * want of a table page. */
static int mega_commit(struct env *e, vaddr_t va, ppn_t ppn, uint64_t perms)
{
	int freed;

	if (uspace_map_mega(&e->us, va, ppn, perms, &freed))
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
static void unmap_mega(struct env *e, pte_t *pte, vaddr_t va)
{
	ppn_t base = arch_pte_ppn(*pte);

	*pte = arch_pte_none();
	tlb_flush_range(e, mega_base(va), MEGA_SIZE);
	rmap_drop_mega(base, e->id, mega_base(va));
}

/* pte_protect of the megapage at slot pte: the caps checked for all 512. */
static int protect_mega(struct env *me, struct env *e, pte_t *pte, vaddr_t va, uint64_t perms,
			int pagecap)
{
	ppn_t ppn = arch_pte_ppn(*pte);
	int err = mega_pages_check(me, ppn, perms, pagecap, 0);

	if (err)
		return err;
	*pte = arch_pte_user(ppn, perms);
	tlb_flush_range(e, mega_base(va), MEGA_SIZE);
	return 0;
}

/* ---------------------------------------------------------------- single calls */

int bind_install(struct env *me, struct env *e, vaddr_t va, ppn_t ppn, uint64_t perms,
		 int pagecap)
{
	struct exos_page *p;
	int err;

	if (perms & EXOS_PTE_MEGA) {
		perms &= ~(uint64_t)EXOS_PTE_MEGA;
		if ((err = mega_check(me, e, va, ppn, perms, pagecap)))
			return err;
		return mega_commit(e, va, ppn, perms);
	}
	if ((err = install_check(me, e, va, ppn, perms, pagecap, &p)) ||
	    (err = install_commit(e, va, ppn, perms, p)))
		return err;
	tlb_flush_range(e, va, PAGE_SIZE);
	return 0;
}

int bind_remove(struct env *e, vaddr_t va)
{
	int err = bind_check_va(va), level;

	if (err)
		return err;
	pte_t *pte = pt_leaf(e->us.root, va, &level), only;
	if (pte && level == 0) {
		unmap_one(e, va);
		return 0;
	}
	if (pte && level == 1) {
		unmap_mega(e, pte, va);
		return 0;
	}
	if (!stlb_forget(e, va, &only))   /* a binding only in the STLB */
		return -E_NOENT;
	rmap_drop(arch_pte_ppn(only), e->id, va);
	return 0;
}

long bind_read(struct env *e, vaddr_t va)
{
	int level;

	if (va_raw(va) >= EXOS_USER_END)
		return -E_INVAL;
	pte_t *pte = pt_leaf(e->us.root, va, &level);
	if (!pte) {
		pte_t only = stlb_lookup_only(e, va_page(va));
		return arch_pte_valid(only) ? (long)arch_pte_raw(only) : -E_NOENT;
	}
	return (long)(arch_pte_raw(*pte) | (level == 1 ? EXOS_PTE_MEGA : 0));
}

int bind_protect(struct env *me, struct env *e, vaddr_t va, uint64_t perms, int pagecap)
{
	struct exos_page *p;
	int mega = (perms & EXOS_PTE_MEGA) != 0, err, level;

	perms &= ~(uint64_t)EXOS_PTE_MEGA;
	if ((err = bind_check_va(va)) || (err = check_perms(perms)))
		return err;
	pte_t *pte = pt_leaf(e->us.root, va, &level);
	if (!pte || level > 1)
		return -E_NOENT;
	if (mega != (level == 1))
		return -E_INVAL;
	if (mega)
		return protect_mega(me, e, pte, va, perms, pagecap);
	ppn_t ppn = arch_pte_ppn(*pte);
	if ((err = bind_check_page_cap(me, pagecap, ppn, perms_need(perms), &p)))
		return err;
	*pte = arch_pte_user(ppn, perms);
	stlb_record(e, va, *pte);
	tlb_flush_range(e, va, PAGE_SIZE);
	return 0;
}

/* ---------------------------------------------------------------- batches */

/* One checked entry of a batch: map page (record p) at va with perms;
 * cow_src nonzero: then make me's own mapping there read-only. */
struct bind_entry {
	vaddr_t va;
	ppn_t ppn;
	uint64_t perms;
	struct exos_page *p;
	vaddr_t cow_src;
};

/* Commit entry b of a checked batch.  Two entries at one address, or
 * one page mapped past the reference limit by the batch itself, show up
 * only here (the earlier entries are in place): -E_BUSY / -E_OVERFLOW. */
static int batch_commit_one(struct env *e, const struct bind_entry *b)
{
	int level;

	if (pt_leaf(e->us.root, b->va, &level))
		return -E_BUSY;
	if (b->p->refcnt >= PMEM_MAX_REFS)
		return -E_OVERFLOW;
	return install_commit(e, b->va, b->ppn, b->perms, b->p);
}

/* The caller's own 4 KiB leaf PTE at src (refilled from its STLB if the
 * kernel dropped the table), or NULL if it maps nothing there. */
static pte_t *own_leaf(struct env *me, vaddr_t src)
{
	int level;
	pte_t *pte = pt_leaf(me->us.root, src, &level);

	if (!pte && stlb_refill(me, src))
		pte = pt_leaf(me->us.root, src, &level);
	return pte && level == 0 && arch_pte_allows_user(*pte, 0) ? pte : 0;
}

/* Make the caller's mapping at src read-only (the COW half of a share). */
static void share_downgrade(struct env *me, vaddr_t src)
{
	pte_t *pte = own_leaf(me, src);

	*pte = arch_pte_user(arch_pte_ppn(*pte), arch_pte_perms(*pte) & ~(uint64_t)W);
	stlb_record(me, src, *pte);
}

/* The batch engine: commit n checked entries into e, all or none (a
 * conflict inside the batch undoes what was made), then the COW
 * downgrades of me's own mappings, then one flush per env changed. */
static long batch_commit(struct env *me, struct env *e, const struct bind_entry *b, uint32_t n)
{
	int err, cow = 0;

	if (!rmap_room(n))
		return -E_NOMEM;
	for (uint32_t i = 0; i < n; i++) {
		if ((err = batch_commit_one(e, &b[i])) == 0)
			continue;
		while (i--)
			unmap_one(e, b[i].va);
		return err;
	}
	for (uint32_t i = 0; i < n; i++)
		if (va_raw(b[i].cow_src)) {
			share_downgrade(me, b[i].cow_src);
			cow = 1;
		}
	tlb_flush_env(e);
	if (cow && e != me)
		tlb_flush_env(me);
	return (long)n;
}

/* The entries being checked and committed (under the lock). */
static struct bind_entry batch[EXOS_PTE_BATCH_MAX];

long bind_install_batch(struct env *me, struct env *e, const struct exos_pte_entry *b,
			uint32_t n, int pagecap)
{
	int err;

	for (uint32_t i = 0; i < n; i++) {
		struct bind_entry *t = &batch[i];
		*t = (struct bind_entry){ va_make(b[i].va), ppn_make(b[i].ppn), b[i].perms, 0,
					  va_make(0) };
		if ((err = install_check(me, e, t->va, t->ppn, t->perms, pagecap, &t->p)))
			return err;
	}
	return batch_commit(me, e, batch, n);
}

/* Check one share into e: dst va and perms as for an install, src a
 * 4 KiB mapping of me's that has every right asked for. */
static int share_check(struct env *me, struct env *e, const struct exos_pte_share *s,
		       struct bind_entry *out)
{
	uint64_t perms = s->perms & ~(uint64_t)EXOS_PTE_COW;
	vaddr_t va = va_make(s->va), src_va = va_make(s->src_va);
	int err;

	if ((err = bind_check_va(va)) || (err = bind_check_va(src_va)) || (err = check_perms(perms)))
		return err;
	if ((s->perms & EXOS_PTE_COW) && (perms & W))
		return -E_INVAL;
	pte_t *src = own_leaf(me, src_va);
	if (!src)
		return -E_NOENT;
	if (perms & ~arch_pte_perms(*src))
		return -E_PERM;
	ppn_t ppn = arch_pte_ppn(*src);
	struct exos_page *p = pmem_page(ppn);
	if (!p || p->type != EXOS_PAGE_USER)
		return -E_PERM;
	if (p->refcnt >= PMEM_MAX_REFS)
		return -E_OVERFLOW;
	if (!va_free(e, va))
		return -E_BUSY;
	*out = (struct bind_entry){ va, ppn, perms, p,
				    (s->perms & EXOS_PTE_COW) ? src_va : va_make(0) };
	return 0;
}

long bind_share_batch(struct env *me, struct env *e, const struct exos_pte_share *b, uint32_t n)
{
	int err;

	for (uint32_t i = 0; i < n; i++)
		if ((err = share_check(me, e, &b[i], &batch[i])))
			return err;
	return batch_commit(me, e, batch, n);
}
