/*
 * calls_swr.c - recipes for the software region calls (exos/swregion.h):
 * region ids valid, stale (destroyed), forged (another env's, from the
 * exported table; a slot number without its generation) and 64-bit
 * aliases of valid ones; offsets and lengths inside, at the end, past it
 * and wrapping; pieces arrays with hostile pointers and counts; guard
 * words that match, do not, are unaligned or out of range.
 *
 * The oracles:
 *  - on a region of our own, through the capability swr_create gave,
 *    every result is known: the errors in the order the contract gives
 *    them, swr_free's page count, E_NOMEM only where pages are made;
 *  - its exported row is what we know: id, creator, size, pages present;
 *  - only a region's creator can write it (nobody grants W on a region
 *    of their own: fz_covers_own), and it writes nothing but the
 *    region's pattern (pat), so any region, ours or a peer's, reads as
 *    zero or its pattern, and a page of ours never written (or freed
 *    since) reads all zero: another byte is a leak;
 *  - writev, free and destroy never succeed on a region we did not make.
 * The PCT handler only reads (it works on a copy of our state, and the
 * own thread may have written a page it does not know of yet).
 */
#include <string.h>
#include "calls.h"

#define PAGE 4096UL
#define RIGHTS_ALL EXOS_CAP_RIGHTS

/* The own thread's transfer buffer (every byte one call may move), the
 * PCT handler's (a page). */
static uint8_t own_buf[EXOS_SWR_XFER_MAX] __attribute__((aligned(4096)));
static uint8_t pct_buf[PAGE] __attribute__((aligned(4096)));

static uint8_t *buf_of(struct fz_state *s, uint64_t *size)
{
	int pct = (int)(s->tag >> 31);

	*size = pct ? sizeof(pct_buf) : sizeof(own_buf);
	return pct ? pct_buf : own_buf;
}

/* Byte off of region id, as its creator writes it. */
static uint8_t pat(uint32_t id, uint64_t off)
{
	return (uint8_t)(fz_mix(id, off >> 3) >> (8 * (off & 7)));
}

/* ---------------------------------------------------------------- what we know */

static struct fz_region *own_region(struct fz_state *s, uint64_t id)
{
	for (int i = 0; id && i < FZ_MAX_REGIONS; i++)
		if (s->regions[i].id == id)
			return &s->regions[i];
	return 0;
}

/* Its capability is still in the slot swr_create filled, with every
 * right (we may have deleted it since: then we forget the region). */
static int cap_intact(const struct fz_region *r)
{
	const volatile struct exos_cap *c = &exos_caps->slot[r->cap];

	return (c->flags & EXOS_CAP_F_USED) && c->name.len == 2 && c->name.comp[0] == EXOS_NS_SWR &&
	       c->name.comp[1] == r->id && c->rights == RIGHTS_ALL;
}

static int written(const struct fz_region *r, uint64_t pg)
{
	return (int)(r->written[pg / 64] >> (pg % 64) & 1);
}

static uint32_t present(const struct fz_region *r)
{
	uint32_t n = 0;

	for (unsigned i = 0; i < sizeof(r->written) / 8; i++)
		n += (uint32_t)__builtin_popcountl(r->written[i]);
	return n;
}

/* Its exported row says what we know (the own thread's view). */
static void check_row(struct fz_state *s, const struct fz_region *r, const char *after)
{
	const volatile struct exos_swr *row = &exos_swrs[r->id % EXOS_SWR_MAX];

	if (row->id != r->id || row->creator != s->self || row->npages != r->npages ||
	    row->present != present(r))
		fz_fail(s, "after %s: region %u's exported row is id %u creator %u npages %u present "
			"%u, expected %u pages, %u present", after, r->id, row->id, row->creator,
			row->npages, row->present, r->npages, present(r));
}

/* A region of ours, or NULL; forgets those whose capability is gone. */
static struct fz_region *any_own(struct fz_state *s)
{
	uint32_t i = (uint32_t)fz_below(&s->rng, FZ_MAX_REGIONS);

	for (uint32_t k = 0; k < FZ_MAX_REGIONS; k++, i = (i + 1) % FZ_MAX_REGIONS) {
		struct fz_region *r = &s->regions[i];
		if (r->id && !cap_intact(r))
			r->id = 0;
		if (r->id)
			return r;
	}
	return 0;
}

/* ---------------------------------------------------------------- pools */

/* A region id: ours (x[1] = 1), a 64-bit alias of ours (2), one we
 * destroyed (3), another env's live one, a slot number without its
 * generation, or anything. */
static uint64_t region_id(struct fz_state *s, struct fz_call *c)
{
	uint64_t r = fz_below(&s->rng, 100);
	struct fz_region *own = any_own(s);

	c->x[1] = 0;
	if (r < 55 && own) {
		c->x[1] = 1;
		return own->id;
	}
	if (r < 60 && own) {
		c->x[1] = 2;
		return own->id | (fz_chance(&s->rng, 2) ? 1UL << 32 : 1UL << 63);
	}
	if (r < 70 && s->nstale_regions) {
		c->x[1] = 3;
		return s->stale_regions[fz_below(&s->rng, s->nstale_regions < FZ_MAX_STALE ?
						  s->nstale_regions : FZ_MAX_STALE)];
	}
	if (r < 85) {
		uint32_t k = (uint32_t)fz_below(&s->rng, EXOS_SWR_MAX);
		for (uint32_t n = 0; n < EXOS_SWR_MAX; n++, k = (k + 1) % EXOS_SWR_MAX)
			if (exos_swrs[k].id && exos_swrs[k].creator != s->self)
				return exos_swrs[k].id;
	}
	if (r < 92)
		return fz_below(&s->rng, EXOS_SWR_MAX);
	return fz_chance(&s->rng, 2) ? fz_word(s) : (uint64_t)(uint32_t)fz_next(&s->rng);
}

/* Slot k holds [EXOS_NS_SWR, id] with every right. */
static int names_with_all(long k, uint32_t id)
{
	if (k < 0 || k >= EXOS_CAP_SLOTS)
		return 0;
	const volatile struct exos_cap *cp = &exos_caps->slot[k];
	return (cp->flags & EXOS_CAP_F_USED) && cp->name.len == 2 &&
	       cp->name.comp[0] == EXOS_NS_SWR && cp->name.comp[1] == id && cp->rights == RIGHTS_ALL;
}

/* The capability for id: the one swr_create gave, another slot naming
 * it, or any.  x[2] = 1 when it names the region with every right and
 * only we can take it away (a region we made): the result is then known. */
static long region_cap(struct fz_state *s, struct fz_call *c, uint64_t id)
{
	struct fz_region *own = c->x[1] == 1 || c->x[1] == 2 ? own_region(s, id & 0xffffffffUL) : 0;
	long k;

	c->x[2] = 0;
	if (own && !fz_chance(&s->rng, 10))
		k = own->cap;
	else if ((k = exos_cap_find(EXOS_NS_SWR, (uint32_t)id)) < 0 || fz_chance(&s->rng, 4))
		k = fz_cap(s);
	/* (Not in the PCT handler: the own thread it interrupted may have
	 * just destroyed a region it still lists.) */
	c->x[2] = c->x[1] && !(s->tag >> 31) && names_with_all(k, (uint32_t)id);
	return k;
}

/* The size in bytes of region id: ours as we know it, another's as the
 * exported table says (a page when it names no such region). */
static uint64_t region_size(struct fz_state *s, uint64_t id)
{
	const volatile struct exos_swr *row = &exos_swrs[id % EXOS_SWR_MAX];
	struct fz_region *own = own_region(s, id);

	if (own)
		return own->npages * PAGE;
	return row->id == id && row->npages ? row->npages * PAGE : PAGE;
}

/* The error every call on region id gives before it looks at anything
 * else, when that is known: E_NOENT for an alias of ours or one we
 * destroyed (through a capability naming it), else 0. */
static int64_t early_want(const struct fz_call *c)
{
	return c->x[2] && (c->x[1] == 2 || c->x[1] == 3) ? -E_NOENT : 0;
}

/* An offset and length against a region of size bytes: mostly inside
 * (at most max bytes), sometimes flush with the end, past it, wrapping,
 * or longer than a call may move (seldom with mostly_inside: a writev
 * has several pieces). */
static void off_len(struct fz_state *s, uint64_t size, uint64_t max, uint64_t *off, uint64_t *len,
		    int mostly_inside)
{
	uint64_t r = fz_below(&s->rng, mostly_inside && !fz_chance(&s->rng, 8) ? 14 : 20);
	uint64_t small = fz_chance(&s->rng, 8) ? fz_below(&s->rng, max + 1) :
			 fz_below(&s->rng, max < 300 ? max + 1 : 300);

	if (small > size)
		small = size;
	if (r < 12) {
		*len = small;
		*off = fz_below(&s->rng, size - small + 1);
	} else if (r < 14) {
		*len = small;
		*off = size - small;                       /* flush with the end */
	} else if (r < 16) {
		*len = small + 1;
		*off = size - small;                       /* one byte past it */
	} else if (r == 16) {
		*len = 0;
		*off = fz_chance(&s->rng, 2) ? size : size + 1;
	} else if (r == 17) {
		*off = ~0UL - fz_below(&s->rng, 4096);     /* wraps */
		*len = 1 + fz_below(&s->rng, 8192);
	} else if (r == 18) {
		*off = PAGE * fz_below(&s->rng, 2);
		*len = 0 - *off - fz_below(&s->rng, 2);    /* off + len wraps to 0 or -1 */
	} else {
		*off = 0;
		*len = EXOS_SWR_XFER_MAX + 1 + fz_below(&s->rng, 2) * (1UL << 32);
	}
}

static int in_range(uint64_t size, uint64_t off, uint64_t len)
{
	return off <= size && len <= size - off;
}

/* ---------------------------------------------------------------- create, destroy */

static void make_swr_destroy(struct fz_state *s, struct fz_call *c);

/* Mostly a few pages, sometimes the most there may be, sometimes a size
 * or flags that are refused.  With no room left in our list, a destroy
 * of one of ours instead. */
static void make_swr_create(struct fz_state *s, struct fz_call *c)
{
	static const uint64_t odd[] = { 0, EXOS_SWR_MAX_PAGES + 1, 1UL << 32 | 1, ~0UL, 1UL << 63 };
	uint64_t r = fz_below(&s->rng, 16);
	uint64_t npages = r == 0 ? odd[fz_below(&s->rng, 5)] : r == 1 ? EXOS_SWR_MAX_PAGES :
			  1 + fz_below(&s->rng, 8);
	uint64_t flags = fz_chance(&s->rng, 10) ? fz_flags(s) : 0;
	int room = 0;

	for (int i = 0; i < FZ_MAX_REGIONS; i++)
		room |= !s->regions[i].id || !cap_intact(&s->regions[i]);
	if (!room && !flags && npages && npages <= EXOS_SWR_MAX_PAGES) {
		make_swr_destroy(s, c);
		return;
	}
	SET(c, SYS_swr_create, npages, flags);
	EXPECT(c, flags ? -E_INVAL : !npages || npages > EXOS_SWR_MAX_PAGES ? -E_RANGE : ANY);
}

static void check_swr_destroy(struct fz_state *s, struct fz_call *c);

/* A new region: a fresh id (never one we destroyed), its row, its
 * capability with every right; into our list. */
static void check_swr_create(struct fz_state *s, struct fz_call *c)
{
	if (c->nr == SYS_swr_destroy) {
		check_swr_destroy(s, c);
		return;
	}
	fz_check_expected(s, c);
	if (c->ret < 0) {
		if ((int64_t)c->x[0] == ANY && c->ret != -E_NOMEM)
			fz_fail(s, "swr_create(%lu, 0) returned %ld", (unsigned long)c->a[0], (long)c->ret);
		return;
	}
	uint32_t id = (uint32_t)c->ret;
	if (c->ret == 0 || (uint64_t)c->ret > UINT32_MAX)
		fz_fail(s, "swr_create returned id %ld", (long)c->ret);
	for (uint32_t i = 0; i < s->nstale_regions && i < FZ_MAX_STALE; i++)
		if (s->stale_regions[i] == id)
			fz_fail(s, "swr_create gave id %u again after it was destroyed", id);
	int k = exos_cap_find(EXOS_NS_SWR, id);
	if (k < 0 || exos_caps->slot[k].rights != RIGHTS_ALL)
		fz_fail(s, "swr_create: no capability [%u, %u] with every right", EXOS_NS_SWR, id);
	struct fz_region *r = 0;
	for (int i = 0; i < FZ_MAX_REGIONS && !r; i++)
		if (!s->regions[i].id || !cap_intact(&s->regions[i]))
			r = &s->regions[i];
	if (!r)   /* make checked there was room (the PCT handler makes none) */
		fz_fail(s, "swr_create: no room for region %u", id);
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->npages = (uint32_t)c->a[0];
	r->cap = k;
	check_row(s, r, "swr_create");
}

static void make_swr_destroy(struct fz_state *s, struct fz_call *c)
{
	uint64_t id = region_id(s, c);
	long cap = region_cap(s, c, id);

	SET(c, SYS_swr_destroy, cap, id);
	EXPECT(c, early_want(c) ? early_want(c) : c->x[2] ? 0 : ANY);
}

static void forget_region(struct fz_state *s, struct fz_region *r)
{
	s->stale_regions[s->nstale_regions++ % FZ_MAX_STALE] = r->id;
	r->id = 0;
}

static void check_swr_destroy(struct fz_state *s, struct fz_call *c)
{
	struct fz_region *r = own_region(s, c->a[1]);

	if (c->ret == 0 && !r)
		fz_fail(s, "swr_destroy of region %lx, not one of ours, succeeded",
			(unsigned long)c->a[1]);
	fz_check_expected(s, c);
	if (c->ret != 0)
		return;
	const volatile struct exos_swr *row = &exos_swrs[r->id % EXOS_SWR_MAX];
	if (row->id == r->id)
		fz_fail(s, "swr_destroy: region %u's row is still there", r->id);
	forget_region(s, r);
}

/* ---------------------------------------------------------------- read */

/* Where a read puts its bytes: our buffer (x[3] = 1), or somewhere the
 * kernel must refuse (x[3] = 2 when it must whatever the length). */
static uint64_t read_dest(struct fz_state *s, struct fz_call *c, uint64_t len)
{
	extern char __text_start[];
	uint64_t size, r = fz_below(&s->rng, 16);
	uint8_t *buf = buf_of(s, &size);

	c->x[3] = 1;
	if (r < 13 && len <= size)
		return (uint64_t)buf + fz_below(&s->rng, size - len + 1);
	c->x[3] = 2;
	switch (r % 4) {
	case 0: return EXOS_INFO_VA + fz_below(&s->rng, 64);   /* read-only */
	case 1: return (uint64_t)__text_start;                /* read-only */
	default: return fz_unreadable_va(s);
	}
}

static void make_swr_read(struct fz_state *s, struct fz_call *c)
{
	uint64_t size, id = region_id(s, c), off, len;
	long cap = region_cap(s, c, id);

	buf_of(s, &size);
	off_len(s, region_size(s, id), size, &off, &len, 0);
	SET(c, SYS_swr_read, cap, id, off, read_dest(s, c, len), len);
	int64_t want = ANY;
	if (early_want(c))
		want = early_want(c);
	else if (c->x[2] && (!in_range(region_size(s, id), off, len) || len > EXOS_SWR_XFER_MAX))
		want = -E_RANGE;
	else if (c->x[2])
		want = c->x[3] == 1 || len == 0 ? 0 : -E_FAULT;
	EXPECT(c, want);
}

/* What region id holds at [off, off + len) is in buf: zero or its
 * pattern, and all zero on a page of ours the own thread never wrote. */
static void check_contents(struct fz_state *s, uint64_t id, uint64_t off, const uint8_t *buf,
			   uint64_t len)
{
	struct fz_region *own = own_region(s, id);
	int strict = own && !(s->tag >> 31);

	for (uint64_t i = 0; i < len; i++) {
		uint64_t at = off + i;
		uint8_t want = pat((uint32_t)id, at);
		if (buf[i] == 0 || (buf[i] == want && !(strict && !written(own, at / PAGE))))
			continue;
		fz_fail(s, "swr_read of region %lx: byte %lx is %02x, expected 0%s%02x (page %s)",
			(unsigned long)id, (unsigned long)at, buf[i], strict && !written(own, at / PAGE) ?
			" (never written; the pattern would be " : " or ", want,
			own ? (written(own, at / PAGE) ? "written" : "never written") : "a peer's");
	}
}

/* E_FAULT for a buffer of ours: a peer took the page (we end), or memory
 * is nearly gone (a binding only in the kernel's STLB needs a table page
 * to be refilled); otherwise a failure. */
static void fault_explained(struct fz_state *s, const struct fz_call *c, uint64_t va,
			    uint64_t len, uint64_t perms)
{
	for (uint64_t p = va & ~(PAGE - 1); p < va + len; p += PAGE)
		if (!fz_mapped_with(s, p, perms))
			fz_quit(s, FZ_DONE_DISTURBED);
	if (fz_low_memory())
		return;   /* the refill may have found no table page */
	fz_fail(s, "%s: E_FAULT for a buffer at %lx (+%lx) pte_read shows mapped",
		fz_call_name(c->nr), (unsigned long)va, (unsigned long)len);
}

static void check_swr_read(struct fz_state *s, struct fz_call *c)
{
	if (c->ret == -E_FAULT && c->x[0] == 0 && c->x[3] == 1) {
		fault_explained(s, c, c->a[3], c->a[4], EXOS_PTE_R | EXOS_PTE_W);
		return;
	}
	fz_check_expected(s, c);
	if (c->ret == 0 && c->x[3] == 1)
		check_contents(s, c->a[1], c->a[2], (const uint8_t *)c->a[3], c->a[4]);
	if (c->ret == 0 && c->x[3] == 2 && c->a[4])
		fz_fail(s, "swr_read into %lx (not writable) succeeded", (unsigned long)c->a[3]);
}

/* ---------------------------------------------------------------- writev */

/* Fill piece p to write [off, off + len) of region id from our buffer
 * at *pos (holding the pattern there), or from an address no env can
 * read (x[4] = 1: the call must fail). */
static void make_piece(struct fz_state *s, struct fz_call *c, struct exos_swr_piece *p,
		       uint64_t id, uint64_t *pos)
{
	uint64_t size, off, len;
	uint8_t *buf = buf_of(s, &size);

	off_len(s, region_size(s, id), size - *pos, &off, &len, 1);
	p->off = off;
	p->len = len;
	if (fz_chance(&s->rng, 16) && len) {
		p->src = fz_unreadable_va(s);
		c->x[4] = 1;
		return;
	}
	if (len > size - *pos) {
		p->src = (uint64_t)buf;   /* out of range anyway: never read */
		return;
	}
	p->src = (uint64_t)buf + *pos;
	for (uint64_t i = 0; i < len; i++)
		buf[*pos + i] = pat((uint32_t)id, off + i);
	*pos += len;
}

/* The result writev must give on a region of ours through its own
 * capability (exos/swregion.h's order); 0 means 0 or E_NOMEM. */
static int64_t writev_want(const struct fz_call *c, const struct exos_swr_piece *p,
			   uint64_t size, int pieces_readable)
{
	uint64_t n = c->a[3], goff = c->a[4], total = 0;

	if (early_want(c))
		return early_want(c);
	if (n == 0 || n > EXOS_SWR_VEC_MAX)
		return -E_RANGE;
	if (!pieces_readable)
		return -E_FAULT;
	for (uint64_t i = 0; i < n; i++) {
		if (!in_range(size, p[i].off, p[i].len) || p[i].len > EXOS_SWR_XFER_MAX - total)
			return -E_RANGE;
		total += p[i].len;
	}
	if (goff != EXOS_SWR_NO_GUARD && !in_range(size, goff, 4))
		return -E_RANGE;
	if (goff != EXOS_SWR_NO_GUARD && goff % 4)
		return -E_ALIGN;
	if (c->x[4])
		return -E_FAULT;
	if (goff != EXOS_SWR_NO_GUARD && c->x[5] != c->a[5])
		return -E_BUSY;
	return 0;
}

/* The guard: mostly none; else a word inside (its value read first, so
 * that the guard holds or, on purpose, does not), unaligned, or past the
 * end.  x[5] = the word as read (on a region of ours). */
static void make_guard(struct fz_state *s, struct fz_call *c, uint64_t size)
{
	uint64_t r = fz_below(&s->rng, 10);
	uint32_t word = 0;

	c->a[4] = EXOS_SWR_NO_GUARD;
	c->a[5] = fz_word(s);
	if (r < 6)
		return;
	if (r < 9) {
		c->a[4] = fz_below(&s->rng, size / 4) * 4;
		if (r == 8)
			c->a[4] |= 1 + fz_below(&s->rng, 3);
	} else {
		static const uint64_t past[] = { 0, 2, 4 };
		c->a[4] = fz_chance(&s->rng, 2) ? size - past[fz_below(&s->rng, 3)] : ~3UL;
	}
	if (c->x[2] && c->x[1] == 1 && in_range(size, c->a[4], 4) && !(c->a[4] % 4) &&
	    sys_swr_read((int)c->a[0], c->a[1], c->a[4], &word, 4) == 0)
		c->x[5] = word;
	c->a[5] = fz_chance(&s->rng, 3) ? fz_word(s) : (uint64_t)word ^ (fz_chance(&s->rng, 2) ? 0 : 1);
	if (fz_chance(&s->rng, 8))
		c->a[5] |= 1UL << 32;   /* the kernel compares 32 bits: never equal */
}

static void make_swr_writev(struct fz_state *s, struct fz_call *c)
{
	static const uint64_t odd[] = { 0, EXOS_SWR_VEC_MAX, EXOS_SWR_VEC_MAX + 1, ~0UL,
					1UL << 32 | 1 };
	struct exos_swr_piece *p = fz_bufs(s)->pieces;
	uint64_t id = region_id(s, c), pos = 0;
	long cap = region_cap(s, c, id);
	uint64_t n = fz_chance(&s->rng, 10) ? odd[fz_below(&s->rng, 5)] : 1 + fz_below(&s->rng, 4);
	int readable = !fz_chance(&s->rng, 16);

	c->x[4] = 0;
	c->x[5] = ~0UL;
	for (uint64_t i = 0; i < n && i < EXOS_SWR_VEC_MAX + 1; i++)
		make_piece(s, c, &p[i], id, &pos);
	SET(c, SYS_swr_writev, cap, id, readable ? (uint64_t)p : fz_unreadable_va(s), n);
	make_guard(s, c, region_size(s, id));
	EXPECT(c, c->x[2] ? writev_want(c, p, region_size(s, id), readable) : ANY);
}

static void check_swr_writev(struct fz_state *s, struct fz_call *c)
{
	struct fz_region *r = own_region(s, c->a[1]);
	const struct exos_swr_piece *p = fz_bufs(s)->pieces;

	if (c->ret == 0 && !r)
		fz_fail(s, "swr_writev into region %lx, not one of ours, succeeded",
			(unsigned long)c->a[1]);
	if (c->ret == -E_FAULT && c->x[0] == 0) {
		fault_explained(s, c, c->a[2], c->a[3] * sizeof(*p), EXOS_PTE_R);
		for (uint64_t i = 0; i < c->a[3]; i++)
			fault_explained(s, c, p[i].src, p[i].len, EXOS_PTE_R);
		return;
	}
	if (!(c->ret == -E_NOMEM && c->x[0] == 0))
		fz_check_expected(s, c);
	if (c->ret != 0)
		return;
	for (uint64_t i = 0; i < c->a[3]; i++)
		for (uint64_t pg = p[i].off / PAGE; p[i].len && pg * PAGE < p[i].off + p[i].len; pg++)
			r->written[pg / 64] |= 1UL << (pg % 64);
	check_row(s, r, "swr_writev");
}

/* ---------------------------------------------------------------- free */

static void make_swr_free(struct fz_state *s, struct fz_call *c)
{
	uint64_t id = region_id(s, c), size = region_size(s, id), off, len;
	long cap = region_cap(s, c, id);
	uint64_t r = fz_below(&s->rng, 10);

	if (r < 6) {   /* whole pages inside */
		uint64_t pages = size / PAGE, first = fz_below(&s->rng, pages);
		off = first * PAGE;
		len = (1 + fz_below(&s->rng, pages - first)) * PAGE;
	} else {
		off_len(s, size, size, &off, &len, 0);
		if (r < 8)
			off &= ~(PAGE - 1), len &= ~(PAGE - 1);
	}
	SET(c, SYS_swr_free, cap, id, off, len);
	int64_t want = ANY;
	struct fz_region *own = own_region(s, id);
	if (early_want(c))
		want = early_want(c);
	else if (c->x[2] && !in_range(size, off, len))
		want = -E_RANGE;
	else if (c->x[2] && (off % PAGE || len % PAGE))
		want = -E_ALIGN;
	else if (c->x[2]) {
		want = 0;
		for (uint64_t pg = off / PAGE; pg < (off + len) / PAGE; pg++)
			want += written(own, pg);
	}
	EXPECT(c, want);
}

static void check_swr_free(struct fz_state *s, struct fz_call *c)
{
	struct fz_region *r = own_region(s, c->a[1]);

	if (c->ret >= 0 && !r)
		fz_fail(s, "swr_free in region %lx, not one of ours, succeeded", (unsigned long)c->a[1]);
	fz_check_expected(s, c);
	if (c->ret < 0)
		return;
	for (uint64_t pg = c->a[2] / PAGE; pg < (c->a[2] + c->a[3]) / PAGE; pg++)
		r->written[pg / 64] &= ~(1UL << (pg % 64));
	check_row(s, r, "swr_free");
}

/* ---------------------------------------------------------------- the table */

const struct recipe fz_recipes_swr[] = {
	{ "swr_create", SYS_swr_create, 60, 0, make_swr_create, check_swr_create },
	{ "swr_destroy", SYS_swr_destroy, 40, 0, make_swr_destroy, check_swr_destroy },
	{ "swr_read", SYS_swr_read, 120, 300, make_swr_read, check_swr_read },
	{ "swr_writev", SYS_swr_writev, 150, 0, make_swr_writev, check_swr_writev },
	{ "swr_free", SYS_swr_free, 50, 0, make_swr_free, check_swr_free },
};
const unsigned fz_nrecipes_swr = sizeof(fz_recipes_swr) / sizeof(fz_recipes_swr[0]);

/* ---------------------------------------------------------------- upkeep */

int fz_region_cap(struct fz_state *s, int k)
{
	for (int i = 0; i < FZ_MAX_REGIONS; i++)
		if (s->regions[i].id && s->regions[i].cap == k)
			return 1;
	return 0;
}

int fz_region_owned(struct fz_state *s, uint32_t id)
{
	return own_region(s, id) != 0;
}
