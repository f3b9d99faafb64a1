/*
 * swregion.c - software regions: the table, ids, bounds, rights, the
 * directory of each region and the copies (swregion.h).
 */
#include "swregion.h"
#include "exos/errno.h"

/* Pages one swr_writev may have to allocate: every page of
 * EXOS_SWR_XFER_MAX bytes, plus a partial page at each end of each
 * piece. */
#define SWR_TOUCH_MAX (EXOS_SWR_XFER_MAX / SWR_PAGE + 2 * EXOS_SWR_VEC_MAX)

static struct swregion regions[EXOS_SWR_MAX];
static uint32_t generation[EXOS_SWR_MAX];
static const struct swr_pages *pages;
static struct exos_swr *exported;
static const uint8_t zeros[SWR_PAGE];

void swr_init(const struct swr_pages *p, struct exos_swr *table)
{
	memset(regions, 0, sizeof(regions));
	memset(generation, 0, sizeof(generation));
	pages = p;
	exported = table;
	if (table)
		memset(table, 0, sizeof(*table) * EXOS_SWR_MAX);
}

static uint64_t *dir_of(const struct swregion *r)
{
	return pages->kva(r->dir);
}

/* Keep r's exported row equal to it. */
static void export(const struct swregion *r)
{
	if (exported)
		exported[r - regions] = (struct exos_swr){ r->id, r->creator, r->npages, r->present };
}

int swr_in_range(const struct swregion *r, uint64_t off, uint64_t len)
{
	uint64_t size = (uint64_t)r->npages * SWR_PAGE;

	return off <= size && len <= size - off;
}

/* A free slot (-1: none) and how many regions creator has made. */
static int free_slot(uint32_t creator, int *made)
{
	int s = -1;

	*made = 0;
	for (int i = 0; i < EXOS_SWR_MAX; i++) {
		if (!regions[i].id && s < 0)
			s = i;
		else if (regions[i].id && regions[i].creator == creator)
			++*made;
	}
	return s;
}

int swr_create(uint32_t creator, uint64_t npages, uint64_t flags, uint32_t *id)
{
	int made, s = free_slot(creator, &made);

	if (flags)
		return -E_INVAL;
	if (npages == 0 || npages > EXOS_SWR_MAX_PAGES)
		return -E_RANGE;
	if (s < 0 || made >= EXOS_SWR_PER_ENV)
		return -E_NOMEM;
	uint64_t dir = pages->alloc(creator);
	if (!dir)
		return -E_NOMEM;
	/* Never id 0, and a new id for every region of the slot. */
	uint32_t g = ++generation[s], newid = (uint32_t)s + EXOS_SWR_MAX * g;
	if (!newid)
		newid = (uint32_t)s + EXOS_SWR_MAX * ++generation[s];
	regions[s] = (struct swregion){ newid, creator, (uint32_t)npages, 0, dir };
	export(&regions[s]);
	*id = newid;
	return 0;
}

int swr_lookup(const struct cap_space *caps, int idx, uint32_t id, uint16_t need,
	       struct swregion **out)
{
	struct exos_cap_name g = cap_name2(EXOS_NS_SWR, id);
	int err = cap_check(caps, idx, &g, need);
	struct swregion *r = &regions[id % EXOS_SWR_MAX];

	if (err)
		return err;
	if (id == 0 || r->id != id)
		return -E_NOENT;
	*out = r;
	return 0;
}

/* Free page i of r, if it has one. */
static void drop_page(struct swregion *r, uint64_t i)
{
	uint64_t *d = dir_of(r);

	if (d[i]) {
		pages->free(d[i]);
		d[i] = 0;
		r->present--;
	}
}

void swr_destroy(struct swregion *r)
{
	for (uint64_t i = 0; i < r->npages; i++)
		drop_page(r, i);
	pages->free(r->dir);
	*r = (struct swregion){ 0 };
	export(r);
}

void swr_env_gone(uint32_t id)
{
	for (int i = 0; i < EXOS_SWR_MAX; i++)
		if (regions[i].id && regions[i].creator == id)
			swr_destroy(&regions[i]);
}

int swr_read(struct swregion *r, uint64_t off, uint64_t va, uint64_t len,
	     const struct swr_user *u)
{
	const uint64_t *d = dir_of(r);

	if (!swr_in_range(r, off, len) || len > EXOS_SWR_XFER_MAX)
		return -E_RANGE;
	if (u->check(u->ctx, va, len, 1))
		return -E_FAULT;
	for (uint64_t done = 0; done < len;) {
		uint64_t at = off + done, in = at % SWR_PAGE, k = MIN(len - done, SWR_PAGE - in);
		uint64_t ppn = d[at / SWR_PAGE];
		u->write(u->ctx, va + done, ppn ? (const uint8_t *)pages->kva(ppn) + in : zeros, k);
		done += k;
	}
	return 0;
}

/* Decode a writev: every piece inside the region, their total bounded,
 * the guard word inside it and aligned, every source readable.  No
 * side effect. */
static int writev_check(const struct swregion *r, const struct exos_swr_piece *p, uint64_t n,
			uint64_t guard_off, const struct swr_user *u)
{
	uint64_t total = 0;
	int guarded = guard_off != EXOS_SWR_NO_GUARD;

	for (uint64_t i = 0; i < n; i++) {
		if (!swr_in_range(r, p[i].off, p[i].len) || p[i].len > EXOS_SWR_XFER_MAX - total)
			return -E_RANGE;
		total += p[i].len;
	}
	if (guarded && !swr_in_range(r, guard_off, 4))
		return -E_RANGE;
	if (guarded && guard_off % 4)
		return -E_ALIGN;
	for (uint64_t i = 0; i < n; i++)
		if (u->check(u->ctx, p[i].src, p[i].len, 0))
			return -E_FAULT;
	return 0;
}

/* The 32-bit word at off (4-byte aligned, in range): 0 in a page
 * never written. */
static uint32_t word_at(const struct swregion *r, uint64_t off)
{
	uint64_t ppn = dir_of(r)[off / SWR_PAGE];
	uint32_t v = 0;

	if (ppn)
		memcpy(&v, (const uint8_t *)pages->kva(ppn) + off % SWR_PAGE, 4);
	return v;
}

/* Prepare: a page for every page the pieces write that has none.  On
 * -E_NOMEM the pages made here are freed again: nothing changed. */
static int writev_prepare(struct swregion *r, const struct exos_swr_piece *p, uint64_t n)
{
	uint64_t *d = dir_of(r), made[SWR_TOUCH_MAX];
	int nmade = 0;

	for (uint64_t i = 0; i < n; i++) {
		for (uint64_t pg = p[i].off / SWR_PAGE; p[i].len && pg * SWR_PAGE < p[i].off + p[i].len;
		     pg++) {
			if (d[pg])
				continue;
			if (!(d[pg] = pages->alloc(r->creator))) {
				while (nmade)
					drop_page(r, made[--nmade]);
				return -E_NOMEM;
			}
			r->present++;
			made[nmade++] = pg;
		}
	}
	return 0;
}

int swr_writev(struct swregion *r, const struct exos_swr_piece *p, uint64_t n,
	       uint64_t guard_off, uint64_t guard_val, const struct swr_user *u)
{
	int err;

	if (n == 0 || n > EXOS_SWR_VEC_MAX)
		return -E_RANGE;
	if ((err = writev_check(r, p, n, guard_off, u)))
		return err;
	if (guard_off != EXOS_SWR_NO_GUARD && word_at(r, guard_off) != guard_val)
		return -E_BUSY;
	if ((err = writev_prepare(r, p, n)))
		return err;
	const uint64_t *d = dir_of(r);
	for (uint64_t i = 0; i < n; i++)
		for (uint64_t done = 0; done < p[i].len;) {
			uint64_t at = p[i].off + done, in = at % SWR_PAGE;
			uint64_t k = MIN(p[i].len - done, SWR_PAGE - in);
			u->read(u->ctx, (uint8_t *)pages->kva(d[at / SWR_PAGE]) + in, p[i].src + done, k);
			done += k;
		}
	export(r);
	return 0;
}

long swr_free(struct swregion *r, uint64_t off, uint64_t len)
{
	long n = 0;

	if (!swr_in_range(r, off, len))
		return -E_RANGE;
	if (off % SWR_PAGE || len % SWR_PAGE)
		return -E_ALIGN;
	for (uint64_t i = off / SWR_PAGE; i < (off + len) / SWR_PAGE; i++) {
		n += dir_of(r)[i] != 0;
		drop_page(r, i);
	}
	export(r);
	return n;
}

const struct swregion *swr_slot(int s)
{
	return &regions[s];
}

const struct exos_swr *swr_row(int s)
{
	return exported ? &exported[s] : 0;
}

uint64_t swr_page(const struct swregion *r, uint32_t i)
{
	return i < r->npages ? dir_of(r)[i] : 0;
}
