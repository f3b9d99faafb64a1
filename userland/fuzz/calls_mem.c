/*
 * calls_mem.c - recipes for the memory system calls: pages and PTEs
 * (installs single, batched, shared, fused with resume; removes,
 * reads, protects; table drops and guarantees), and their oracles.
 *
 * The bookkeeping of what a worker mapped in its own area is a hint for
 * the next recipes, never an oracle (a peer holding our env capability
 * may change our mappings at any time).  The oracles are what no peer
 * can change: a call must refuse what is never allowed (a kernel page,
 * a reserved or non-canonical address, permissions Sv39 forbids), and
 * a page fresh from page_alloc is all zero.
 */
#include <string.h>
#include "calls.h"

extern char __text_start[];

#define PAGES ((const volatile struct exos_page *)EXOS_PAGES_VA)
#define RWX (EXOS_PTE_R | EXOS_PTE_W | EXOS_PTE_X)

static const uint64_t good_perms[] = {
	EXOS_PTE_R, EXOS_PTE_R | EXOS_PTE_W, EXOS_PTE_R | EXOS_PTE_X, RWX, EXOS_PTE_X,
};

static uint64_t perms(struct fz_state *s)
{
	return fz_chance(&s->rng, 3) ? fz_perms(s) : good_perms[fz_below(&s->rng, 5)];
}

static int area_index(uint64_t va)
{
	return va >= FZ_AREA_VA && va < FZ_AREA_VA + FZ_AREA_PAGES * 4096UL && !(va & 4095) ?
	       (int)((va - FZ_AREA_VA) / 4096) : -1;
}

/* An area page we have not mapped (as far as we know), else any. */
static uint64_t free_area_va(struct fz_state *s)
{
	uint32_t i = (uint32_t)fz_below(&s->rng, FZ_AREA_PAGES);

	for (uint32_t k = 0; k < FZ_AREA_PAGES; k++, i = (i + 1) % FZ_AREA_PAGES)
		if (!s->area_ppn[i])
			break;
	return FZ_AREA_VA + (uint64_t)i * 4096;
}

static uint64_t mapped_area_va(struct fz_state *s)
{
	uint32_t i = (uint32_t)fz_below(&s->rng, FZ_AREA_PAGES);

	for (uint32_t k = 0; k < FZ_AREA_PAGES; k++, i = (i + 1) % FZ_AREA_PAGES)
		if (s->area_ppn[i])
			break;
	return FZ_AREA_VA + (uint64_t)i * 4096;
}

/* Whether va may carry a user mapping at all (kernel/sys_mem.c). */
static int va_ok(uint64_t va)
{
	return !(va & 4095) && va >= EXOS_USER_MIN && va < EXOS_USER_END &&
	       !(va >= EXOS_EXPORT_VA && va < EXOS_RESERVED_END);
}

static int perms_ok(uint64_t p)
{
	p &= ~(uint64_t)EXOS_PTE_MEGA;
	return !(p & ~(uint64_t)RWX) && (p & (EXOS_PTE_R | EXOS_PTE_X)) &&
	       (!(p & EXOS_PTE_W) || (p & EXOS_PTE_R));
}

/* A page no user may ever map or free: the kernel's or the firmware's
 * (their types never change). */
static int never_user(struct fz_state *s, uint64_t ppn)
{
	return ppn == s->kernel_ppn[0] ||
	       (ppn == s->firmware_ppn && PAGES[0].type == EXOS_PAGE_NONE);
}

/* An install of page ppn at va with perms succeeded: it must be one
 * the kernel allows. */
static void check_install_ok(struct fz_state *s, const struct fz_call *c, uint64_t va,
			     uint64_t ppn, uint64_t p)
{
	if (!va_ok(va) || !perms_ok(p) || never_user(s, ppn))
		fz_fail(s, "%s of page %lx at %lx with perms %lx succeeded", fz_call_name(c->nr),
			(unsigned long)ppn, (unsigned long)va, (unsigned long)p);
}

static void note_area(struct fz_state *s, uint32_t id, uint64_t va, uint64_t ppn, uint64_t p)
{
	int i = area_index(va);

	if (id == s->self && i >= 0) {
		s->area_ppn[i] = ppn;
		s->area_perms[i] = (uint8_t)(p & RWX);
	}
}

/* ---------------------------------------------------------------- pages */

/* A fresh page must be all zero (nobody's old data): map it in our area
 * and read it; a nonzero word on a page still ours is a leak. */
static void zero_check(struct fz_state *s, uint64_t ppn)
{
	uint64_t va = free_area_va(s);

	if (s->area_ppn[area_index(va)] ||
	    sys_pte_install(EXOS_CAP_SELF, s->self, va, ppn, EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES))
		return;
	note_area(s, s->self, va, ppn, EXOS_PTE_R | EXOS_PTE_W);
	const volatile uint64_t *w = (const volatile uint64_t *)va;
	for (int k = 0; k < 512; k++) {
		uint64_t v = w[k];
		if (v && fz_mapped_to(s, va, ppn))
			fz_fail(s, "page_alloc gave page %lx with word %d = %016lx%s",
				(unsigned long)ppn, k, (unsigned long)v,
				fz_is_canary(v) ? " (another env's canary)" : "");
	}
	__atomic_fetch_add(&fz_ctl->w[s->slot].zero_checked, 1, __ATOMIC_RELAXED);
}

static int page_slot(struct fz_state *s)
{
	for (int i = 0; i < FZ_MAX_PAGES; i++)
		if (!s->pages[i])
			return i;
	return -1;
}

static void make_page_free(struct fz_state *s, struct fz_call *c)
{
	uint64_t ppn = fz_chance(&s->rng, 3) ? fz_ppn(s) : fz_own_ppn(s);

	SET(c, SYS_page_free, fz_chance(&s->rng, 5) ? fz_cap(s) : EXOS_CAP_PAGES, ppn);
	EXPECT(c, ANY);
}

static void check_page_free(struct fz_state *s, struct fz_call *c)
{
	if (c->ret == 0 && never_user(s, c->a[1]))
		fz_fail(s, "page_free of page %lx (the kernel's or the firmware's) succeeded",
			(unsigned long)c->a[1]);
	if (c->ret == 0)
		fz_forget_page(s, c->a[1]);
}

/* At the budget (FZ_MAX_PAGES) it gives one back instead. */
static void make_page_alloc(struct fz_state *s, struct fz_call *c)
{
	uint64_t r = fz_below(&s->rng, 10), owner = r < 7 ? 0 : r < 8 ? s->self :
						 r < 9 ? fz_child(s) : fz_env(s);
	uint64_t ppn = fz_chance(&s->rng, 5) ? fz_ppn(s) : 0;

	if (page_slot(s) < 0 && (owner == 0 || owner == s->self)) {
		make_page_free(s, c);
		c->a[1] = fz_own_ppn(s);
		return;
	}
	SET(c, SYS_page_alloc, fz_chance(&s->rng, 5) ? fz_cap(s) :
	    fz_cap_for(s, EXOS_NS_PAGE, owner ? (uint32_t)owner : s->self), ppn, owner);
	EXPECT(c, ANY);
	c->x[1] = exos_repossessed->count;
}

static void check_page_alloc(struct fz_state *s, struct fz_call *c)
{
	if (c->nr == SYS_page_free) {
		check_page_free(s, c);
		return;
	}
	if (c->ret <= 0)
		return;
	uint64_t ppn = (uint64_t)c->ret, owner = c->a[2] ? c->a[2] : s->self;
	if (c->a[1] && ppn != c->a[1])
		fz_fail(s, "page_alloc of page %lx gave page %lx", (unsigned long)c->a[1],
			(unsigned long)ppn);
	if (owner != s->self)
		return;   /* another env's: it may end and free it at once */
	/* Ours: nobody else may free it (peers cannot write our pages),
	 * unless the kernel took it back by force meanwhile. */
	const volatile struct exos_page *p = &PAGES[ppn - exos_info->pages_base_ppn];
	if ((p->type != EXOS_PAGE_USER || p->owner != owner) && exos_repossessed->count == c->x[1])
		fz_fail(s, "page_alloc gave us page %lx, exported as type %u owner %u",
			(unsigned long)ppn, p->type, p->owner);
	int i = page_slot(s);
	if (i >= 0)
		s->pages[i] = ppn;
	if (fz_chance(&s->rng, 4))
		zero_check(s, ppn);
	if (i < 0)
		sys_page_free(EXOS_CAP_PAGES, ppn);
}

/* ---------------------------------------------------------------- installs */

/* An address to change in env id: in our own space (or a peer's) our
 * area or a hostile one, seldom anything else (code, stack: that ends
 * the worker); in a child's anything. */
static uint64_t target_va(struct fz_state *s, uint32_t id, uint64_t area_va)
{
	if (!fz_is_worker(id))
		return fz_chance(&s->rng, 2) ? area_va : fz_va(s);
	if (fz_chance(&s->rng, 512))
		return (uint64_t)__text_start + (fz_below(&s->rng, 16) << 12);
	return fz_chance(&s->rng, 8) ? fz_hostile_va(s) : area_va;
}

/* The arguments of one install: into our area, a child, a peer's area,
 * a peer's page into ours, or anything at all. */
static void install_args(struct fz_state *s, uint64_t a[6])
{
	uint64_t r = fz_below(&s->rng, 100);
	uint32_t id;

	a[0] = EXOS_CAP_SELF, a[1] = s->self, a[2] = free_area_va(s);
	a[3] = fz_chance(&s->rng, 4) ? fz_ppn(s) : fz_own_ppn(s);
	a[4] = perms(s), a[5] = EXOS_CAP_PAGES;
	if (r < 40)
		return;
	if (r < 55 && (id = fz_child(s))) {
		a[0] = fz_cap_for(s, EXOS_NS_ENV, id), a[1] = id, a[2] = fz_va(s);
	} else if (r < 65 && (id = fz_peer(s))) {
		a[0] = fz_cap_for(s, EXOS_NS_ENV, id), a[1] = id, a[2] = fz_area_va(s);
	} else if (r < 75) {
		a[3] = fz_ppn(s), a[4] = EXOS_PTE_R;
		uint32_t owner = PAGES[(a[3] - exos_info->pages_base_ppn) % exos_info->pages_total].owner;
		a[5] = fz_cap_for(s, EXOS_NS_PAGE, owner);
	} else {
		a[0] = fz_cap(s), a[1] = fz_env(s), a[3] = fz_ppn(s);
		a[2] = target_va(s, (uint32_t)a[1], fz_area_va(s));
		a[4] = fz_perms(s), a[5] = fz_cap(s);
	}
	if (fz_chance(&s->rng, 20))
		a[2] |= 1 + fz_below(&s->rng, 4095);   /* unaligned */
}

static void make_pte_install(struct fz_state *s, struct fz_call *c)
{
	uint64_t a[6];

	install_args(s, a);
	SET(c, SYS_pte_install, a[0], a[1], a[2], a[3], a[4], a[5]);
	EXPECT(c, ANY);
}

static void check_pte_install(struct fz_state *s, struct fz_call *c)
{
	if (c->ret != 0 && !(c->nr == SYS_pte_install_resume && c->landed == 1))
		return;
	check_install_ok(s, c, c->a[2], c->a[3], c->a[4]);
	note_area(s, (uint32_t)c->a[1], c->a[2], c->a[3], c->a[4]);
}

/* Install and resume: with the save area prepared (resumes on success)
 * or not (the install happens, then there is nothing to resume). */
static void make_pte_install_resume(struct fz_state *s, struct fz_call *c)
{
	make_pte_install(s, c);
	c->nr = SYS_pte_install_resume;
	if (!fz_chance(&s->rng, 5))
		c->kind = FZ_K_RESUME;
}

static void check_resume_fused(struct fz_state *s, struct fz_call *c)
{
	if (c->kind == FZ_K_RESUME) {
		if (c->landed == 2)
			fz_fail(s, "%s faulted after resuming", fz_call_name(c->nr));
		if (c->landed == 0 && c->ret >= 0)
			fz_fail(s, "%s returned %ld without resuming", fz_call_name(c->nr),
				(long)c->ret);
	} else if (c->ret == 0) {
		fz_fail(s, "%s outside an upcall returned 0", fz_call_name(c->nr));
	}
	if (c->nr == SYS_pte_install_resume && c->kind == FZ_K_RESUME) {
		check_pte_install(s, c);
		return;
	}
	/* Without a save area it may have done its work: look. */
	int i = area_index(c->a[2]);
	if (c->a[1] == s->self && i >= 0) {
		long pte = sys_pte_read(EXOS_CAP_SELF, s->self, c->a[2]);
		s->area_ppn[i] = pte < 0 ? 0 : ((uint64_t)pte >> 10) & ((1UL << 44) - 1);
		s->area_perms[i] = pte < 0 ? 0 : (uint8_t)(pte & RWX);
	}
}

static void make_pte_remove(struct fz_state *s, struct fz_call *c)
{
	uint64_t r = fz_below(&s->rng, 10);
	uint32_t id = r < 6 ? s->self : r < 7 ? fz_child(s) : r < 8 ? fz_peer(s) : fz_env(s);

	if (!id)
		id = s->self;
	SET(c, SYS_pte_remove, fz_chance(&s->rng, 8) ? fz_cap(s) : fz_cap_for(s, EXOS_NS_ENV, id),
	    id, target_va(s, id, id == s->self ? mapped_area_va(s) : fz_area_va(s)));
	EXPECT(c, ANY);
}

static void check_pte_remove(struct fz_state *s, struct fz_call *c)
{
	if (c->ret == 0 && !va_ok(c->a[2] & ~4095UL))
		fz_fail(s, "pte_remove at %lx succeeded", (unsigned long)c->a[2]);
	int i = area_index(c->a[2]);
	if (c->ret == 0 && c->a[1] == s->self && i >= 0)
		s->area_ppn[i] = 0;
}

static void make_pte_read(struct fz_state *s, struct fz_call *c)
{
	uint32_t id = fz_chance(&s->rng, 2) ? s->self : fz_env(s);

	SET(c, SYS_pte_read, fz_chance(&s->rng, 8) ? fz_cap(s) : fz_cap_for(s, EXOS_NS_ENV, id), id,
	    fz_chance(&s->rng, 2) ? fz_area_va(s) : fz_va(s));
	EXPECT(c, ANY);
}

static void check_pte_read(struct fz_state *s, struct fz_call *c)
{
	if (c->ret >= 0 && (c->a[2] >= EXOS_USER_END || !(c->ret & 1)))
		fz_fail(s, "pte_read at %lx returned %lx", (unsigned long)c->a[2],
			(unsigned long)c->ret);
}

static void make_pte_protect(struct fz_state *s, struct fz_call *c)
{
	uint64_t r = fz_below(&s->rng, 10);
	uint32_t id = r < 6 ? s->self : r < 7 ? fz_child(s) : r < 8 ? fz_peer(s) : fz_env(s);

	if (!id)
		id = s->self;
	SET(c, SYS_pte_protect, fz_chance(&s->rng, 8) ? fz_cap(s) : fz_cap_for(s, EXOS_NS_ENV, id),
	    id, target_va(s, id, id == s->self ? mapped_area_va(s) : fz_area_va(s)), perms(s),
	    fz_chance(&s->rng, 5) ? fz_cap(s) : EXOS_CAP_PAGES);
	EXPECT(c, ANY);
}

static void check_pte_protect(struct fz_state *s, struct fz_call *c)
{
	if (c->ret == 0 && (!va_ok(c->a[2]) || !perms_ok(c->a[3])))
		fz_fail(s, "pte_protect at %lx with %lx succeeded", (unsigned long)c->a[2],
			(unsigned long)c->a[3]);
	int i = area_index(c->a[2]);
	if (c->ret == 0 && c->a[1] == s->self && i >= 0)
		s->area_perms[i] = (uint8_t)(c->a[3] & RWX);
}

static void make_pte_protect_resume(struct fz_state *s, struct fz_call *c)
{
	make_pte_protect(s, c);
	c->nr = SYS_pte_protect_resume;
	if (!fz_chance(&s->rng, 5))
		c->kind = FZ_K_RESUME;
}

/* ---------------------------------------------------------------- batches */

/* How many entries, mostly a few, sometimes none or too many. */
static uint64_t batch_n(struct fz_state *s)
{
	static const uint64_t odd[] = { 0, EXOS_PTE_BATCH_MAX, EXOS_PTE_BATCH_MAX + 1, ~0UL,
					1UL << 32 };

	return fz_chance(&s->rng, 8) ? odd[fz_below(&s->rng, 5)] : 1 + fz_below(&s->rng, 8);
}

/* Where the kernel reads the entries: ours, or not readable at all. */
static uint64_t batch_ptr(struct fz_state *s, void *buf, uint64_t n, size_t each)
{
	if (!fz_chance(&s->rng, 10))
		return (uint64_t)buf;
	if (fz_chance(&s->rng, 2) || n == 0 || n > 64)
		return fz_unreadable_va(s);
	return FZ_EDGE_VA + 4096 - each * (n - 1) - 8;   /* runs into the unmapped page */
}

static void make_batch_target(struct fz_state *s, struct fz_call *c, uint16_t nr)
{
	uint64_t r = fz_below(&s->rng, 10);
	uint32_t id = r < 5 ? s->self : r < 7 ? fz_child(s) : r < 8 ? fz_peer(s) : fz_env(s);

	if (!id)
		id = s->self;
	c->nr = nr;
	c->a[0] = fz_chance(&s->rng, 8) ? (uint64_t)fz_cap(s) : (uint64_t)fz_cap_for(s, EXOS_NS_ENV, id);
	c->a[1] = id;
}

static void make_install_batch(struct fz_state *s, struct fz_call *c)
{
	struct exos_pte_entry *b = fz_bufs(s)->batch;
	uint64_t n = batch_n(s);

	make_batch_target(s, c, SYS_pte_install_batch);
	for (uint64_t i = 0; i < EXOS_PTE_BATCH_MAX + 1; i++) {
		b[i].va = c->a[1] == s->self ? free_area_va(s) : fz_area_va(s);
		b[i].ppn = fz_chance(&s->rng, 6) ? fz_ppn(s) : fz_own_ppn(s);
		b[i].perms = perms(s) & ~(uint64_t)EXOS_PTE_MEGA;
		if (i >= 8)
			break;
	}
	c->a[2] = batch_ptr(s, b, n, sizeof(*b));
	c->a[3] = n;
	c->a[4] = fz_chance(&s->rng, 8) ? (uint64_t)fz_cap(s) : EXOS_CAP_PAGES;
	EXPECT(c, ANY);
	c->x[1] = c->a[2] == (uint64_t)b;
}

static void check_install_batch(struct fz_state *s, struct fz_call *c)
{
	const struct exos_pte_entry *b = fz_bufs(s)->batch;

	if (c->ret > 0 && (uint64_t)c->ret != c->a[3])
		fz_fail(s, "pte_install_batch of %lu returned %ld", (unsigned long)c->a[3],
			(long)c->ret);
	if (c->ret <= 0 || !c->x[1])
		return;
	for (uint64_t i = 0; i < c->a[3] && i < 9; i++) {
		check_install_ok(s, c, b[i].va, b[i].ppn, b[i].perms);
		note_area(s, (uint32_t)c->a[1], b[i].va, b[i].ppn, b[i].perms);
	}
}

static void make_share_batch(struct fz_state *s, struct fz_call *c)
{
	struct exos_pte_share *b = fz_bufs(s)->share;
	uint64_t n = batch_n(s);

	make_batch_target(s, c, SYS_pte_share_batch);
	for (uint64_t i = 0; i < 9; i++) {
		/* From our area, seldom our code (never our data or stack: a
		 * copy-on-write share makes them read-only for a while, which
		 * the oracles of our buffers would take for the kernel's). */
		uint64_t src = fz_chance(&s->rng, 16) ? (fz_chance(&s->rng, 2) ? fz_hostile_va(s) :
			       (uint64_t)__text_start + (fz_below(&s->rng, 8) << 12)) : mapped_area_va(s);
		int k = area_index(src);
		b[i].va = c->a[1] == s->self ? free_area_va(s) : fz_area_va(s);
		b[i].src_va = src;
		b[i].perms = k >= 0 && s->area_perms[k] && !fz_chance(&s->rng, 6) ?
			     s->area_perms[k] : perms(s);
		if (fz_chance(&s->rng, 4))
			b[i].perms = (b[i].perms & ~(uint64_t)EXOS_PTE_W) | EXOS_PTE_COW;
	}
	c->a[2] = batch_ptr(s, b, n, sizeof(*b));
	c->a[3] = n;
	c->a[4] = fz_chance(&s->rng, 10) ? fz_word(s) : 0;
	EXPECT(c, c->a[4] && c->a[0] == EXOS_CAP_SELF && c->a[1] == s->self ? -E_INVAL : ANY);
	c->x[1] = c->a[2] == (uint64_t)b;
}

static void check_share_batch(struct fz_state *s, struct fz_call *c)
{
	const struct exos_pte_share *b = fz_bufs(s)->share;

	fz_expect(s, c, (int64_t)c->x[0]);
	if (c->ret >= 0 && c->a[4])
		fz_fail(s, "pte_share_batch with flags %lx succeeded", (unsigned long)c->a[4]);
	if (c->ret > 0 && (uint64_t)c->ret != c->a[3])
		fz_fail(s, "pte_share_batch of %lu returned %ld", (unsigned long)c->a[3],
			(long)c->ret);
	if (c->ret <= 0 || !c->x[1])
		return;
	for (uint64_t i = 0; i < c->a[3] && i < 9; i++) {
		uint64_t p = b[i].perms & ~(uint64_t)EXOS_PTE_COW;
		if (!va_ok(b[i].va) || !va_ok(b[i].src_va) || !perms_ok(p) ||
		    ((b[i].perms & EXOS_PTE_COW) && (p & EXOS_PTE_W)))
			fz_fail(s, "pte_share_batch entry %lu (%lx from %lx, %lx) was taken",
				(unsigned long)i, (unsigned long)b[i].va, (unsigned long)b[i].src_va,
				(unsigned long)b[i].perms);
		int k = area_index(b[i].src_va);
		note_area(s, (uint32_t)c->a[1], b[i].va, k >= 0 ? s->area_ppn[k] : 0, p);
		if ((b[i].perms & EXOS_PTE_COW) && k >= 0)
			s->area_perms[k] &= (uint8_t)~EXOS_PTE_W;
	}
}

/* ---------------------------------------------------------------- tables, guarantees */

static void make_tables_drop(struct fz_state *s, struct fz_call *c)
{
	uint64_t r = fz_below(&s->rng, 10);
	uint32_t id = r < 4 ? s->self : r < 6 ? fz_child(s) : r < 7 ? fz_peer(s) : fz_env(s);

	if (!id)
		id = s->self;
	SET(c, SYS_tables_drop, fz_chance(&s->rng, 8) ? fz_cap(s) : fz_cap_for(s, EXOS_NS_ENV, id), id);
	EXPECT(c, ANY);
}

static void make_guarantee(struct fz_state *s, struct fz_call *c)
{
	uint32_t id = fz_chance(&s->rng, 2) ? s->self : fz_env(s);
	uint64_t va = fz_chance(&s->rng, 2) ? fz_area_va(s) : fz_va(s);

	SET(c, SYS_guarantee, fz_chance(&s->rng, 8) ? fz_cap(s) : fz_cap_for(s, EXOS_NS_ENV, id), id,
	    va, fz_len(s));
	EXPECT(c, ANY);
}

static void check_guarantee(struct fz_state *s, struct fz_call *c)
{
	uint64_t va = c->a[2], len = c->a[3];

	if (c->ret == 0 && (va >= EXOS_USER_END || len == 0 || len > EXOS_USER_END - va))
		fz_fail(s, "guarantee of [%lx, +%lx) succeeded", (unsigned long)va,
			(unsigned long)len);
}

/* ---------------------------------------------------------------- console into our area */

/* cons_read into an area page we mapped writable: 0 bytes (nobody
 * types), E_FAULT only if the page is not mapped so any more, even
 * after the kernel dropped our tables (the binding is then in its STLB:
 * still a mapping, and pte_read says so). */
static void make_cons_read_area(struct fz_state *s, struct fz_call *c)
{
	uint64_t va = mapped_area_va(s);
	int i = area_index(va);

	SET(c, SYS_cons_read, va + fz_below(&s->rng, 4096 - 64), fz_below(&s->rng, 64));
	EXPECT(c, (s->area_perms[i] & EXOS_PTE_W) && s->area_ppn[i] ? 0 : ANY);
}

static void check_cons_read_area(struct fz_state *s, struct fz_call *c)
{
	if (c->ret == -E_FAULT && (int64_t)c->x[0] == 0) {
		if (!fz_mapped_with(s, c->a[0], EXOS_PTE_R | EXOS_PTE_W))
			return;   /* a peer, or the STLB evicted it: no longer mapped */
		/* Still ours: a binding the kernel dropped from our tables but
		 * holds in its STLB must be refilled by the call itself (this
		 * was a kernel bug until uspace_check learned it), unless
		 * memory is nearly gone and no table page was left for it. */
		if (fz_low_memory())
			return;
		fz_fail(s, "cons_read into %lx (mapped %lx) returned -E_FAULT",
			(unsigned long)c->a[0],
			(unsigned long)sys_pte_read(EXOS_CAP_SELF, s->self, c->a[0]));
	}
	fz_expect(s, c, (int64_t)c->x[0]);
}

const struct recipe fz_recipes_mem[] = {
	{ "page_alloc", SYS_page_alloc, 400, 0, make_page_alloc, check_page_alloc },
	{ "page_free", SYS_page_free, 250, 0, make_page_free, check_page_free },
	{ "pte_install", SYS_pte_install, 550, 0, make_pte_install, check_pte_install },
	{ "pte_install_resume", SYS_pte_install_resume, 150, 0, make_pte_install_resume,
	  check_resume_fused },
	{ "pte_remove", SYS_pte_remove, 350, 0, make_pte_remove, check_pte_remove },
	{ "pte_read", SYS_pte_read, 250, 600, make_pte_read, check_pte_read },
	{ "pte_protect", SYS_pte_protect, 250, 0, make_pte_protect, check_pte_protect },
	{ "pte_protect_resume", SYS_pte_protect_resume, 120, 0, make_pte_protect_resume,
	  check_resume_fused },
	{ "pte_install_batch", SYS_pte_install_batch, 200, 0, make_install_batch,
	  check_install_batch },
	{ "pte_share_batch", SYS_pte_share_batch, 200, 0, make_share_batch, check_share_batch },
	{ "tables_drop", SYS_tables_drop, 80, 0, make_tables_drop, 0 },
	{ "guarantee", SYS_guarantee, 60, 0, make_guarantee, check_guarantee },
	{ "cons_read_area", SYS_cons_read, 120, 0, make_cons_read_area, check_cons_read_area },
};
const unsigned fz_nrecipes_mem = sizeof(fz_recipes_mem) / sizeof(fz_recipes_mem[0]);
