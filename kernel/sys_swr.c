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

	if (ppn == PPN_NONE)
		return 0;
	page_zero(pa_to_kva(ppn << PAGE_SHIFT));
	return ppn;
}

static void kpage_free(uint64_t ppn)
{
	pmem_free(ppn);
}

static void *kpage_kva(uint64_t ppn)
{
	return pa_to_kva(ppn << PAGE_SHIFT);
}

static const struct swr_pages kpages = { kpage_alloc, kpage_free, kpage_kva };

void swr_boot(void)
{
	table_ppn = pmem_alloc(0, EXOS_PAGE_EXPORT);
	if (table_ppn == PPN_NONE)
		panic("swr: no page for the exported region table");
	swr_init(&kpages, pa_to_kva(table_ppn << PAGE_SHIFT));
}

void swr_export(void)
{
	vm_export(EXOS_SWR_VA, table_ppn << PAGE_SHIFT, PAGE_SIZE);
}

static int u_check(void *ctx, uint64_t va, uint64_t len, int write)
{
	return uspace_check(ctx, va, len, write ? PTE_R | PTE_W : PTE_R);
}

static void u_read(void *ctx, void *dst, uint64_t va, uint64_t len)
{
	uspace_read(ctx, dst, va, len);
}

static void u_write(void *ctx, uint64_t va, const void *src, uint64_t len)
{
	uspace_write(ctx, va, src, len);
}

static struct swr_user user_of(struct env *e)
{
	return (struct swr_user){ u_check, u_read, u_write, &e->us };
}

/* The region id (a 64-bit argument) for a call needing rights need. */
static int region(long cap, long id, uint16_t need, struct swregion **out)
{
	int err = swr_lookup(sched_current()->caps, cap_arg(cap), (uint32_t)id, need, out);

	if (!err && (uint64_t)id > UINT32_MAX)
		return -E_NOENT;   /* no alias of a real id by its low bits */
	return err;
}

/* swr_create(npages, flags): a new region; the caller gets the
 * capability [NS_SWR, id] with every right.  Returns the id. */
long sys_swr_create(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *me = sched_current();
	uint32_t id;
	int free = 0;

	(void)a2, (void)a3, (void)a4, (void)a5;
	if (a1)
		return -E_INVAL;
	if (a0 <= 0 || a0 > EXOS_SWR_MAX_PAGES)
		return -E_RANGE;
	for (int i = 0; i < CAP_SLOTS; i++)
		free += !(me->caps->slot[i].flags & EXOS_CAP_F_USED);
	if (!free)
		return -E_NOMEM;
	int err = swr_create(me->id, (uint64_t)a0, (uint64_t)a1, &id);
	if (err)
		return err;
	struct exos_cap_name g = cap_name2(NS_SWR, id);
	cap_install(me->caps, -1, &g, CAP_RIGHTS, 0);
	return id;
}

/* swr_destroy(cap, id): GRANT, and only by its creator (it pays for
 * the pages; others may hold GRANT to pass the region on). */
long sys_swr_destroy(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct swregion *r;
	int err = region(a0, a1, CAP_GRANT, &r);

	(void)a2, (void)a3, (void)a4, (void)a5;
	if (err)
		return err;
	if (r->creator != sched_current()->id)
		return -E_PERM;
	swr_destroy(r);
	return 0;
}

/* swr_read(cap, id, off, va, len): R. */
long sys_swr_read(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct swregion *r;
	struct swr_user u = user_of(sched_current());
	int err = region(a0, a1, CAP_R, &r);

	(void)a5;
	if (err)
		return err;
	return swr_read(r, (uint64_t)a2, (uint64_t)a3, (uint64_t)a4, &u);
}

/* swr_writev(cap, id, pieces, n, guard_off, guard_val): W.  The pieces
 * are copied in first (changing them meanwhile changes nothing). */
long sys_swr_writev(long a0, long a1, long a2, long a3, long a4, long a5)
{
	static struct exos_swr_piece p[EXOS_SWR_VEC_MAX];   /* under the lock */
	struct env *me = sched_current();
	struct swr_user u = user_of(me);
	struct swregion *r;
	uint64_t n = (uint64_t)a3;
	int err = region(a0, a1, CAP_W, &r);

	if (err)
		return err;
	if (n == 0 || n > EXOS_SWR_VEC_MAX)
		return -E_RANGE;
	if (uspace_check(&me->us, (uint64_t)a2, n * sizeof(p[0]), PTE_R))
		return -E_FAULT;
	uspace_read(&me->us, p, (uint64_t)a2, n * sizeof(p[0]));
	return swr_writev(r, p, n, (uint64_t)a4, (uint64_t)a5, &u);
}

/* swr_free(cap, id, off, len): W; the pages freed. */
long sys_swr_free(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct swregion *r;
	int err = region(a0, a1, CAP_W, &r);

	(void)a4, (void)a5;
	if (err)
		return err;
	return swr_free(r, (uint64_t)a2, (uint64_t)a3);
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
	struct exos_page *p = pmem_page(ppn);

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
		if (!swr_holds(pmem.pages[i].owner, pmem.base + i))
			swr_bad("region page no region holds (leaked)", pmem.base + i,
			    pmem.pages[i].owner, 0);
	}
	if (typed != listed)
		swr_bad("region pages not listed exactly once", typed, 0, listed);
	return swr_violations;
}
