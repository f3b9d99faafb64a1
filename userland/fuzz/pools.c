/*
 * pools.c - the random generator and the typed pools of values (the
 * syzkaller/trinity idea: each argument drawn from values of its kind,
 * valid, stale and hostile, rather than from random bits).
 *
 * Each kind mixes, with fixed odds: values that work (its own pages,
 * its peers, capabilities it holds), stale ones (envs that ended, pages
 * it gave back, slots it emptied) and hostile ones (out of range, the
 * kernel's, unaligned, the top of the address space, non-canonical).
 */
#include <string.h>
#include "fuzz.h"

#define PAGES ((const volatile struct exos_page *)EXOS_PAGES_VA)
#define N(a) (sizeof(a) / sizeof((a)[0]))

uint64_t fz_mix(uint64_t a, uint64_t b)
{
	uint64_t z = a + b * 0x9e3779b97f4a7c15UL + 0x632be59bd9b4e019UL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
	return z ^ (z >> 31);
}

/* splitmix64: any state works, zero too (a peer may zero our memory). */
uint64_t fz_next(struct fz_rng *r)
{
	uint64_t v = fz_mix(r->s, 1);

	r->s += 0x9e3779b97f4a7c15UL;
	/* Nothing random may begin like a canary (exec.c). */
	return (v >> 48) == FZ_CANARY_MAGIC ? v ^ (1UL << 63) : v;
}

uint64_t fz_below(struct fz_rng *r, uint64_t n)
{
	return fz_next(r) % n;
}

int fz_chance(struct fz_rng *r, uint64_t n)
{
	return fz_below(r, n) == 0;
}

#define PICK(s, a) ((a)[fz_below(&(s)->rng, N(a))])

/* ---------------------------------------------------------------- envs */

uint32_t fz_peer(struct fz_state *s)
{
	uint32_t n = fz_ctl->nworkers, i = (uint32_t)fz_below(&s->rng, n ? n : 1);

	for (uint32_t k = 0; k < n; k++, i = (i + 1) % n)
		if (i != s->slot && fz_ctl->w[i].id && fz_ctl->w[i].ready)
			return fz_ctl->w[i].id;
	return 0;
}

uint32_t fz_child(struct fz_state *s)
{
	uint32_t i = (uint32_t)fz_below(&s->rng, FZ_MAX_CHILDREN);

	for (uint32_t k = 0; k < FZ_MAX_CHILDREN; k++, i = (i + 1) % FZ_MAX_CHILDREN)
		if (s->children[i])
			return s->children[i];
	return 0;
}

static uint32_t stale_id(struct fz_state *s)
{
	uint32_t n = fz_ctl->npast < N(fz_ctl->past) ? fz_ctl->npast : N(fz_ctl->past);

	if (s->nstale && fz_chance(&s->rng, 2))
		return s->stale_ids[fz_below(&s->rng, s->nstale < FZ_MAX_STALE ? s->nstale :
					     FZ_MAX_STALE)];
	return n ? fz_ctl->past[fz_below(&s->rng, n)] : s->self + EXOS_MAX_ENVS;
}

/* An env id that is none of ours to name: a live env of another
 * worker's making, a slot number without a generation, 64-bit values
 * whose low half is a real id. */
static uint64_t hostile_id(struct fz_state *s)
{
	uint32_t slot = (uint32_t)fz_below(&s->rng, EXOS_MAX_ENVS);

	switch (fz_below(&s->rng, 8)) {
	case 0: return 0;
	case 1: return UINT32_MAX;
	case 2: return slot;
	case 3: return exos_envs[slot].id;
	case 4: return (uint64_t)s->self | 1UL << 32;
	case 5: return ~0UL;
	case 6: return s->self + EXOS_MAX_ENVS;
	default: return fz_next(&s->rng);
	}
}

uint32_t fz_env(struct fz_state *s)
{
	uint64_t r = fz_below(&s->rng, 100), id;

	if (r < 30)
		id = fz_peer(s);
	else if (r < 45)
		id = fz_child(s);
	else if (r < 55)
		id = s->self;
	else if (r < 60)
		id = s->sup;
	else if (r < 72)
		id = stale_id(s);
	else
		id = hostile_id(s);
	return (uint32_t)(id ? id : hostile_id(s));
}

void fz_note_stale(struct fz_state *s, uint32_t id)
{
	s->stale_ids[s->nstale++ % FZ_MAX_STALE] = id;
}

/* ---------------------------------------------------------------- capabilities */

long fz_cap(struct fz_state *s)
{
	static const long hostile[] = {
		-1, -2, EXOS_CAP_SLOTS, EXOS_CAP_SLOTS + 1, 0x7fffffffL, 0x80000000L,
		1L << 32, -(1L << 40), INT64_MIN, INT64_MAX, EXOS_CAP_SLOTS - 1,
	};
	uint64_t r = fz_below(&s->rng, 100);

	if (r < 60) {
		uint32_t i = (uint32_t)fz_below(&s->rng, EXOS_CAP_SLOTS);
		for (uint32_t k = 0; k < EXOS_CAP_SLOTS; k++, i = (i + 1) % EXOS_CAP_SLOTS)
			if (exos_caps->slot[i].flags & EXOS_CAP_F_USED)
				return i;
	}
	if (r < 70)
		return (long)fz_below(&s->rng, 2);
	if (r < 80)
		return (long)fz_below(&s->rng, EXOS_CAP_SLOTS);
	return r < 95 ? PICK(s, hostile) : (long)fz_next(&s->rng);
}

long fz_cap_for(struct fz_state *s, uint32_t ns, uint32_t id)
{
	if (fz_chance(&s->rng, 5))
		return fz_cap(s);
	for (int i = 0; i < EXOS_CAP_SLOTS; i++) {
		const volatile struct exos_cap *c = &exos_caps->slot[i];
		if ((c->flags & EXOS_CAP_F_USED) && c->name.len == 2 && c->name.comp[0] == ns &&
		    c->name.comp[1] == id)
			return i;
	}
	if (ns == EXOS_NS_SLICE && s->slice_cap >= 0)
		return s->slice_cap;
	return fz_cap(s);
}

/* ---------------------------------------------------------------- pages */

uint64_t fz_own_ppn(struct fz_state *s)
{
	uint32_t i = (uint32_t)fz_below(&s->rng, FZ_MAX_PAGES);

	for (uint32_t k = 0; k < FZ_MAX_PAGES; k++, i = (i + 1) % FZ_MAX_PAGES)
		if (s->pages[i])
			return s->pages[i];
	return 0;
}

/* A page the exported table says matches: another env's (owner is not
 * us), or a free one. */
static uint64_t sample_page(struct fz_state *s, int want_free)
{
	uint64_t base = exos_info->pages_base_ppn, n = exos_info->pages_total;

	for (int tries = 0; tries < 8 && n; tries++) {
		uint64_t i = fz_below(&s->rng, n);
		const volatile struct exos_page *p = &PAGES[i];
		if (want_free ? p->type == EXOS_PAGE_FREE :
		    (p->type == EXOS_PAGE_USER && p->owner != s->self && p->owner))
			return base + i;
	}
	return base + fz_below(&s->rng, n ? n : 1);
}

static uint64_t hostile_ppn(struct fz_state *s)
{
	uint64_t base = exos_info->pages_base_ppn, n = exos_info->pages_total;

	switch (fz_below(&s->rng, 10)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return base - 1;
	case 3: return base + n;
	case 4: return base + n + 1 + fz_below(&s->rng, 1 << 20);
	case 5: return (1UL << 44) - 1;
	case 6: return 1UL << 44;
	case 7: return ~0UL;
	case 8: return fz_own_ppn(s) | 1UL << 32;
	default: return fz_next(&s->rng);
	}
}

uint64_t fz_ppn(struct fz_state *s)
{
	uint64_t r = fz_below(&s->rng, 100), v = 0;

	if (r < 35)
		v = fz_own_ppn(s);
	else if (r < 50)
		v = sample_page(s, 0);
	else if (r < 58 && s->nfreed)
		v = s->freed[fz_below(&s->rng, s->nfreed < FZ_MAX_STALE ? s->nfreed : FZ_MAX_STALE)];
	else if (r < 68)
		v = PICK(s, s->kernel_ppn);
	else if (r < 72)
		v = s->firmware_ppn;
	else if (r < 78)
		v = sample_page(s, 1);
	return v ? v : hostile_ppn(s);
}

void fz_forget_page(struct fz_state *s, uint64_t ppn)
{
	for (int i = 0; i < FZ_MAX_PAGES; i++)
		if (s->pages[i] == ppn)
			s->pages[i] = 0;
	for (int i = 0; i < FZ_AREA_PAGES; i++)
		if (s->area_ppn[i] == ppn)
			s->area_ppn[i] = 0;
	s->freed[s->nfreed++ % FZ_MAX_STALE] = ppn;
}

/* ---------------------------------------------------------------- addresses */

uint64_t fz_area_va(struct fz_state *s)
{
	uint32_t i = (uint32_t)fz_below(&s->rng, FZ_AREA_PAGES);

	if (fz_chance(&s->rng, 3))
		for (uint32_t k = 0; k < FZ_AREA_PAGES; k++, i = (i + 1) % FZ_AREA_PAGES)
			if (s->area_ppn[i])
				break;
	return FZ_AREA_VA + (uint64_t)i * 4096;
}

uint64_t fz_hostile_va(struct fz_state *s)
{
	static const uint64_t bad[] = {
		0, 0x1000, EXOS_USER_MIN - 4096, EXOS_USER_END, EXOS_USER_END - 4096,
		0x7ffffff000UL, 0x8000000000UL, 0x8000000000000000UL, 0x00fffffffffff000UL,
		0xffffffc000000000UL, 0xffffffc080200000UL, 0xffffffff80200000UL,
		0xfffffffffffff000UL, 0xfffffffffffffff8UL, 0xfffffffffffffffcUL, ~0UL,
		EXOS_INFO_VA, EXOS_ENVS_VA, EXOS_SLICES_VA, EXOS_PAGES_VA, EXOS_RMAP_VA,
		EXOS_INITRD_VA, EXOS_SAVE_VA, EXOS_CAPS_VA, EXOS_REPO_VA, EXOS_EXPORT_END - 4096,
		EXOS_RESERVED_END - 4096, EXOS_EXPORT_VA - 4096, EXOS_RESERVED_END,
		EXOS_STACK_TOP, FZ_CONS_VA + 4096, FZ_EDGE_VA + 4096,
	};
	static const uint64_t off[] = { 1, 2, 3, 4, 7, 8, 0x800, 0xff8, 0xfff };
	uint64_t va = PICK(s, bad);

	return fz_chance(&s->rng, 4) ? va + PICK(s, off) : va;
}

uint64_t fz_va(struct fz_state *s)
{
	extern char __text_start[], __data_start[];
	uint64_t r = fz_below(&s->rng, 100);

	if (r < 35)
		return fz_area_va(s);
	if (r < 40)
		return FZ_MEGA_VA + (fz_below(&s->rng, 4) << 21);
	if (r < 50) {
		const uint64_t own[] = { (uint64_t)__text_start, (uint64_t)__data_start,
					 EXOS_STACK_TOP - 4096, EXOS_HEAP_VA, FZ_CONS_VA,
					 FZ_EDGE_VA, FZ_CANARY_VA, FZ_SHARED_VA };
		return PICK(s, own);
	}
	if (r < 58)
		return EXOS_USER_MIN + (fz_below(&s->rng, (EXOS_USER_END - EXOS_USER_MIN) >> 12) << 12);
	return fz_hostile_va(s);
}

/* ---------------------------------------------------------------- small kinds */

uint64_t fz_perms(struct fz_state *s)
{
	static const uint64_t good[] = {
		EXOS_PTE_R, EXOS_PTE_R | EXOS_PTE_W, EXOS_PTE_R | EXOS_PTE_X,
		EXOS_PTE_R | EXOS_PTE_W | EXOS_PTE_X, EXOS_PTE_X,
	};
	static const uint64_t bad[] = {
		0, EXOS_PTE_W, EXOS_PTE_W | EXOS_PTE_X, 1, 0x10, 0x20, 0x40, 0x80, 0x3ff, 0x400,
		EXOS_PTE_COW | EXOS_PTE_R | EXOS_PTE_W, ~0UL, 1UL << 63,
	};
	uint64_t r = fz_below(&s->rng, 100);

	if (r < 55)
		return PICK(s, good);
	if (r < 65)
		return PICK(s, good) | EXOS_PTE_COW;
	if (r < 72)
		return PICK(s, good) | EXOS_PTE_MEGA;
	return r < 95 ? PICK(s, bad) : fz_next(&s->rng);
}

uint64_t fz_len(struct fz_state *s)
{
	static const uint64_t lens[] = {
		0, 1, 7, 8, 64, 520, 4095, 4096, 4097, 8192, 1UL << 20, EXOS_USER_END, ~0UL,
		~0UL - 7, 1UL << 63, 0x1000000000UL,
	};

	return fz_chance(&s->rng, 4) ? fz_below(&s->rng, 200) : PICK(s, lens);
}

uint64_t fz_rights(struct fz_state *s)
{
	static const uint64_t bad[] = { 0x10, 0x8000, 0xffff, 0x10000 | EXOS_CAP_R, ~0UL };

	return fz_below(&s->rng, 10) < 7 ? fz_below(&s->rng, 16) : PICK(s, bad);
}

uint64_t fz_flags(struct fz_state *s)
{
	static const uint64_t flags[] = { 0, 1, 2, 3, 4, 8, 0xf, 0x10, 1UL << 31, ~0UL, 5, 7 };

	return PICK(s, flags);
}

uint64_t fz_word(struct fz_state *s)
{
	switch (fz_below(&s->rng, 8)) {
	case 0: return fz_env(s);
	case 1: return fz_ppn(s);
	case 2: return fz_va(s);
	case 3: return fz_len(s);
	case 4: return fz_below(&s->rng, 64);
	case 5: return (uint64_t)fz_cap(s);
	default: return fz_next(&s->rng);
	}
}

/* ---------------------------------------------------------------- setup */

/* Pages of each kind nobody may map or free, found in the exported
 * page table: a kernel page, a page table, an exported page, a save
 * area; and the firmware's (type NONE). */
void fz_pools_init(struct fz_state *s)
{
	static const uint8_t want[4] = { EXOS_PAGE_KERNEL, EXOS_PAGE_PT, EXOS_PAGE_EXPORT,
					 EXOS_PAGE_SAVE };
	uint64_t base = exos_info->pages_base_ppn, n = exos_info->pages_total;

	for (int k = 0; k < 4; k++)
		s->kernel_ppn[k] = base + n;   /* past RAM until found */
	s->firmware_ppn = base;
	for (uint64_t i = 0; i < n; i++) {
		uint8_t t = PAGES[i].type;
		for (int k = 0; k < 4; k++)
			if (t == want[k] && s->kernel_ppn[k] == base + n &&
			    (k != 1 || PAGES[i].owner != s->self))
				s->kernel_ppn[k] = base + i;
		if (t == EXOS_PAGE_NONE && s->firmware_ppn == base && PAGES[base - base].type != EXOS_PAGE_NONE)
			s->firmware_ppn = base + i;
		if (s->kernel_ppn[0] != base + n && s->kernel_ppn[1] != base + n &&
		    s->kernel_ppn[2] != base + n && s->kernel_ppn[3] != base + n)
			break;
	}
}
