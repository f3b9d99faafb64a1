/*
 * rmap.h - inverse mappings (design.md, "Memory": the kernel records
 * the inverse mapping of every install): for each physical page, every
 * (env, va) binding that holds a reference on it, in the pool exported
 * read-only at EXOS_RMAP_VA (the layout is in exos/pages.h).
 *
 * The reference count of a page is the number of its entries, so every
 * path that creates a binding calls rmap_add (instead of counting the
 * reference itself) and every path that ends one calls rmap_drop.
 * Moving a binding between an env's Sv39 tree and its STLB, or changing
 * its permissions, changes no entry.  Adding needs a free entry: callers
 * check rmap_room while decoding, so that the commit cannot fail.
 * Lock held.
 */
#ifndef KERNEL_RMAP_H
#define KERNEL_RMAP_H

#include "info.h"
#include "pmem.h"

/* Pool entries (entry 0 included) for a span of npages pages: two per
 * page (every page mapped twice, as after a fork; the pool then takes
 * as much memory as the page table), at most cap + 1 when cap is
 * nonzero (the rmap_entries= test hook), and at most what the export
 * region holds. */
uint32_t rmap_size(uint64_t npages, uint32_t cap);
/* Start with the n entries at pool all free (boot, after pmem_init). */
void rmap_init(struct exos_rmap *pool, uint32_t n);
/* Map the pool read-only at EXOS_RMAP_VA for every env (vm_export). */
void rmap_export(void);

/* The pool (rmap.c's; here for the inline functions below, which are on
 * every install and remove). */
struct rmap_pool {
	struct exos_rmap *e;      /* the exported entries; e[0] is never used */
	uint32_t n;               /* entries, e[0] included */
	uint32_t free_head;       /* freed entries, linked through next */
	uint32_t top;             /* entries from top on were never used */
	uint32_t nfree;           /* on the list and from top: kinfo->rmap_free */
};
extern struct rmap_pool rmap_pool;

/* A mapping that was never recorded, or a pool emptied behind
 * rmap_room's back: a broken kernel invariant. */
__attribute__((noreturn)) void rmap_broken(const struct exos_page *p, uint32_t env,
					   uint64_t va);

/* Whether n more bindings can be recorded now. */
static inline int rmap_room(uint32_t n)
{
	return rmap_pool.nfree >= n;
}

/* Put (env, va) at the head of p's chain (the newest binding of a page
 * is the likeliest to go first: a fork child's, a COW copy's). */
static inline void rmap_link(struct exos_page *p, uint32_t env, uint64_t va)
{
	uint32_t i = rmap_pool.free_head;
	struct exos_rmap *r = &rmap_pool.e[i];

	if (i)
		rmap_pool.free_head = r->next;
	else if ((i = rmap_pool.top++) < rmap_pool.n)
		r = &rmap_pool.e[i];
	else
		rmap_broken(p, env, va);
	kinfo->rmap_free = --rmap_pool.nfree;
	*r = (struct exos_rmap){ va, env, p->rmap };
	p->rmap = i;
}

/* Take (env, va) off p's chain and free its entry. */
static inline void rmap_unlink(struct exos_page *p, uint32_t env, uint64_t va)
{
	struct exos_rmap *e = rmap_pool.e;
	uint32_t *at = &p->rmap, i;

	while ((i = *at) && (e[i].env != env || e[i].va != va))
		at = &e[i].next;
	if (!i)
		rmap_broken(p, env, va);
	*at = e[i].next;
	e[i] = (struct exos_rmap){ 0, 0, rmap_pool.free_head };
	rmap_pool.free_head = i;
	kinfo->rmap_free = ++rmap_pool.nfree;
}

/* Env env maps page p at va: record it and count the reference (the
 * caller checked rmap_room and the reference limit). */
static inline void rmap_add(struct exos_page *p, uint32_t env, vaddr_t va)
{
	rmap_link(p, env, va_raw(va));
	p->refcnt++;
}

/* Env env's binding of ppn (a page in the span: it is mapped) at va is
 * gone: forget it and drop the reference; a user page nobody owns is
 * freed with its last one. */
static inline void rmap_drop(ppn_t ppn, uint32_t env, vaddr_t va)
{
	struct exos_page *p = &pmem.pages[pmem_index(ppn)];

	rmap_unlink(p, env, va_raw(va));
	if (--p->refcnt == 0 && p->owner == 0 && p->type == EXOS_PAGE_USER)
		pmem_free(ppn);
}
/* The same for a megapage of the 512 pages from base at va: one entry,
 * a reference on each page. */
void rmap_add_mega(ppn_t base, uint32_t env, vaddr_t va);
void rmap_drop_mega(ppn_t base, uint32_t env, vaddr_t va);
/* Some binding of ppn (its own 4 KiB ones first, then a megapage that
 * holds it): 1 with *env, *va and *mega set (va is the megapage's
 * start), or 0 when nothing maps ppn. */
int rmap_first(ppn_t ppn, uint32_t *env, vaddr_t *va, int *mega);
/* How many times env's binding of ppn at va is recorded (mega: the
 * megapage from ppn); kcheck. */
int rmap_count(ppn_t ppn, uint32_t env, vaddr_t va, int mega);
/* For each entry on ppn's chain, fn(env, va, mega, ctx); kcheck. */
void rmap_each(ppn_t ppn, void (*fn)(uint32_t env, vaddr_t va, int mega, void *ctx), void *ctx);
/* Pool entries on chains (walking every page's chain), free ones found
 * (the freed list and those never used) and free ones counted; kcheck. */
void rmap_census(uint64_t *used, uint64_t *free_listed, uint64_t *free_counted);

#endif
