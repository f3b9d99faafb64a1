/*
 * sys_swr.c - the software region system calls (exos/swregion.h): the
 * kernel's pages and the caller's address space handed to swregion.c.
 */
#include "env.h"
#include "kprintf.h"
#include "sched.h"
#include "swregion.h"
#include "syscall.h"

static ppn_t table_ppn;

static uint64_t kpage_alloc(uint32_t owner)
{
	ppn_t ppn = pmem_alloc(owner, EXOS_PAGE_SWR);

	if (ppn_is_none(ppn))
		return 0;
	page_zero(ppn_to_kva(ppn));
	return ppn_raw(ppn);
}

static void kpage_free(uint64_t ppn)
{
	pmem_free(ppn_make(ppn));
}

static void *kpage_kva(uint64_t ppn)
{
	return ppn_to_kva(ppn_make(ppn));
}

static const struct swr_pages kpages = { kpage_alloc, kpage_free, kpage_kva };

void swr_boot(void)
{
	table_ppn = pmem_alloc(0, EXOS_PAGE_EXPORT);
	if (ppn_is_none(table_ppn))
		panic("swr: no page for the exported region table");
	swr_init(&kpages, ppn_to_kva(table_ppn));
}

void swr_export(void)
{
	vm_export(va_make(EXOS_SWR_VA), ppn_to_pa(table_ppn), PAGE_SIZE);
}

static int u_check(void *ctx, uint64_t va, uint64_t len, int write)
{
	return uspace_check(ctx, va_make(va), len, write ? EXOS_PTE_R | EXOS_PTE_W : EXOS_PTE_R);
}

static void u_read(void *ctx, void *dst, uint64_t va, uint64_t len)
{
	uspace_read(ctx, dst, va_make(va), len);
}

static void u_write(void *ctx, uint64_t va, const void *src, uint64_t len)
{
	uspace_write(ctx, va_make(va), src, len);
}

static struct swr_user user_of(struct env *e)
{
	return (struct swr_user){ u_check, u_read, u_write, &e->us };
}

/* The region id (a 64-bit argument) for a call needing rights need. */
static int region(int cap, unsigned long id, uint16_t need, struct swregion **out)
{
	int err = swr_lookup(sched_current()->caps, cap, (uint32_t)id, need, out);

	if (!err && id > UINT32_MAX)
		return -E_NOENT;   /* no alias of a real id by its low bits */
	return err;
}

/* swr_create(npages, flags): a new region; the caller gets the
 * capability [EXOS_NS_SWR, id] with every right.  Returns the id. */
long sys_swr_create(unsigned long npages, unsigned long flags)
{
	struct env *me = sched_current();
	uint32_t id;
	int free = 0;

	if (flags)
		return -E_INVAL;
	if (npages == 0 || npages > EXOS_SWR_MAX_PAGES)
		return -E_RANGE;
	for (int i = 0; i < CAP_SLOTS; i++)
		free += !(me->caps->slot[i].flags & EXOS_CAP_F_USED);
	if (!free)
		return -E_NOMEM;
	int err = swr_create(me->id, npages, flags, &id);
	if (err)
		return err;
	struct exos_cap_name g = cap_name2(EXOS_NS_SWR, id);
	cap_install(me->caps, -1, &g, CAP_RIGHTS, 0);
	return id;
}

/* swr_destroy(cap, id): GRANT, and only by its creator (it pays for
 * the pages; others may hold GRANT to pass the region on). */
long sys_swr_destroy(int swrcap, unsigned long id)
{
	struct swregion *r;
	int err = region(swrcap, id, CAP_GRANT, &r);

	if (err)
		return err;
	if (r->creator != sched_current()->id)
		return -E_PERM;
	swr_destroy(r);
	return 0;
}

/* swr_read(cap, id, off, va, len): R. */
long sys_swr_read(int swrcap, unsigned long id, unsigned long off, vaddr_t buf,
		  unsigned long len)
{
	struct swregion *r;
	struct swr_user u = user_of(sched_current());
	int err = region(swrcap, id, CAP_R, &r);

	if (err)
		return err;
	return swr_read(r, off, va_raw(buf), len, &u);
}

/* swr_writev(cap, id, pieces, n, guard_off, guard_val): W.  The pieces
 * are copied in first (changing them meanwhile changes nothing). */
long sys_swr_writev(int swrcap, unsigned long id, vaddr_t pieces, unsigned long n,
		    unsigned long guard_off, unsigned long guard_val)
{
	static struct exos_swr_piece p[EXOS_SWR_VEC_MAX];   /* under the lock */
	struct env *me = sched_current();
	struct swr_user u = user_of(me);
	struct swregion *r;
	int err = region(swrcap, id, CAP_W, &r);

	if (err)
		return err;
	if (n == 0 || n > EXOS_SWR_VEC_MAX)
		return -E_RANGE;
	if (uspace_check(&me->us, pieces, n * sizeof(p[0]), EXOS_PTE_R))
		return -E_FAULT;
	uspace_read(&me->us, p, pieces, n * sizeof(p[0]));
	return swr_writev(r, p, n, guard_off, guard_val, &u);
}

/* swr_free(cap, id, off, len): W; the pages freed. */
long sys_swr_free(int swrcap, unsigned long id, unsigned long off, unsigned long len)
{
	struct swregion *r;
	int err = region(swrcap, id, CAP_W, &r);

	if (err)
		return err;
	return swr_free(r, off, len);
}

/* ---------------------------------------------------------------- invariants */

static int swr_violations;

static void swr_bad(const char *what, uint64_t ppn, uint32_t env, uint64_t id)
{
	if (swr_violations++ < 10)
		kprintf("kcheck: %s: page %lx (env %u, region %lx)\n", what, (unsigned long)ppn, env,
			(unsigned long)id);
}

/* One page region r holds (its directory, or one it lists). */
static void check_swr_page(const struct swregion *r, uint64_t ppn)
{
	struct exos_page *p = pmem_page(ppn_make(ppn));

	if (!p || p->type != EXOS_PAGE_SWR || p->owner != r->creator || p->refcnt || p->rmap)
		swr_bad("region page not an unmapped region page of its creator", ppn, r->creator, r->id);
}

/* Whether ppn is the directory of, or listed by, a region of owner. */
static int swr_holds(uint32_t owner, uint64_t ppn)
{
	for (int s = 0; s < EXOS_SWR_MAX; s++) {
		const struct swregion *r = swr_slot(s);
		if (!r->id || r->creator != owner)
			continue;
		if (r->dir == ppn)
			return 1;
		for (uint32_t i = 0; i < r->npages; i++)
			if (swr_page(r, i) == ppn)
				return 1;
	}
	return 0;
}

/* One live region: creator, pages, count, exported row; how many pages
 * it holds, directory included. */
static uint64_t check_region(int s)
{
	const struct swregion *r = swr_slot(s);
	const struct exos_swr *row = swr_row(s);
	uint32_t n = 0;

	if (!env_get(r->creator))
		swr_bad("region of an env that does not exist", r->dir, r->creator, r->id);
	check_swr_page(r, r->dir);
	for (uint32_t i = 0; i < r->npages; i++) {
		uint64_t ppn = swr_page(r, i);
		if (ppn) {
			check_swr_page(r, ppn);
			n++;
		}
	}
	if (n != r->present)
		swr_bad("region's page count differs from its pages", r->dir, r->creator, n);
	if (row->id != r->id || row->creator != r->creator || row->npages != r->npages ||
	    row->present != r->present)
		swr_bad("exported region row differs from the region", r->dir, r->creator, r->id);
	return n + 1;
}

/* Every region page listed once: those the regions list (all region
 * pages of their creators, checked above) are as many as the pages of
 * that type, and each of those is listed by its owner's regions. */
int swr_kcheck(void)
{
	uint64_t listed = 0, typed = 0;

	swr_violations = 0;
	for (int s = 0; s < EXOS_SWR_MAX; s++) {
		if (swr_slot(s)->id)
			listed += check_region(s);
		else if (swr_row(s)->id)
			swr_bad("exported region row for no region", 0, 0, (uint64_t)s);
	}
	for (uint64_t i = 0; i < pmem.npages; i++) {
		if (pmem.pages[i].type != EXOS_PAGE_SWR)
			continue;
		typed++;
		if (!swr_holds(pmem.pages[i].owner, ppn_raw(pmem.base) + i))
			swr_bad("region page no region holds (leaked)", ppn_raw(pmem.base) + i,
			    pmem.pages[i].owner, 0);
	}
	if (typed != listed)
		swr_bad("region pages not listed exactly once", typed, 0, listed);
	return swr_violations;
}
