/*
 * test_swregion - software regions over fake pages and a fake caller's
 * memory: ids, rights, bounds (wrap-around included), lazy pages and
 * their charging, all-or-nothing writes, the guard, freeing, limits,
 * and everything a region holds going back when it or its creator
 * ends.
 */
#include <stdlib.h>
#include "check.h"
#include "swregion.h"
#include "exos/errno.h"

#define NFAKE 1200            /* fake physical pages */
#define FAKE_BASE 100         /* ppn of the first: never 0 */
#define UBASE 0x100000ULL     /* the fake caller's memory */
#define USIZE (96 * 4096ULL)
#define PG 4096ULL
#define ALL (CAP_R | CAP_W | CAP_X | CAP_GRANT)

static struct {
	uint8_t page[NFAKE][4096];
	uint32_t owner[NFAKE];    /* 0: free */
	long budget;              /* allocations left; -1: no limit */
	int used;
} *fk;

static uint8_t umem[USIZE];
static uint64_t hole_lo, hole_hi, ro_lo, ro_hi;   /* unmapped, read-only */
static struct cap_space caps_a, caps_b;

static uint64_t fake_alloc(uint32_t owner)
{
	if (fk->budget == 0)
		return 0;
	for (int i = 0; i < NFAKE; i++)
		if (!fk->owner[i]) {
			fk->owner[i] = owner;
			fk->used++;
			if (fk->budget > 0)
				fk->budget--;
			memset(fk->page[i], 0, 4096);
			return FAKE_BASE + (uint64_t)i;
		}
	return 0;
}

static void fake_free(uint64_t ppn)
{
	if (ppn < FAKE_BASE || ppn >= FAKE_BASE + NFAKE || !fk->owner[ppn - FAKE_BASE])
		abort();   /* freeing what is not allocated: a bug in the module */
	fk->owner[ppn - FAKE_BASE] = 0;
	fk->used--;
	memset(fk->page[ppn - FAKE_BASE], 0xee, 4096);   /* stale bytes must not show */
}

static void *fake_kva(uint64_t ppn)
{
	return fk->page[ppn - FAKE_BASE];
}

static const struct swr_pages fake_pages = { fake_alloc, fake_free, fake_kva };
static struct exos_swr table[EXOS_SWR_MAX];

static int overlaps(uint64_t va, uint64_t len, uint64_t lo, uint64_t hi)
{
	return len && va < hi && va + len > lo;
}

static int u_check(void *ctx, uint64_t va, uint64_t len, int write)
{
	(void)ctx;
	if (len == 0)
		return 0;
	if (va < UBASE || va - UBASE > USIZE || len > USIZE - (va - UBASE))
		return -E_FAULT;
	if (overlaps(va, len, hole_lo, hole_hi) || (write && overlaps(va, len, ro_lo, ro_hi)))
		return -E_FAULT;
	return 0;
}

static void u_read(void *ctx, void *dst, uint64_t va, uint64_t len)
{
	(void)ctx;
	memcpy(dst, &umem[va - UBASE], len);
}

static void u_write(void *ctx, uint64_t va, const void *src, uint64_t len)
{
	(void)ctx;
	memcpy(&umem[va - UBASE], src, len);
}

static const struct swr_user user = { u_check, u_read, u_write, 0 };

/* The caller's memory at va. */
static uint8_t *at(uint64_t va)
{
	return &umem[va - UBASE];
}

static void setup(void)
{
	if (!fk)
		fk = calloc(1, sizeof(*fk));
	memset(fk->owner, 0, sizeof(fk->owner));
	fk->budget = -1;
	fk->used = 0;
	memset(umem, 0, sizeof(umem));
	hole_lo = hole_hi = ro_lo = ro_hi = 0;
	swr_init(&fake_pages, table);
	cap_space_init(&caps_a);
	cap_space_init(&caps_b);
}

/* A region of npages made by env 7, with a capability for it with
 * rights in caps_a slot 0; its id. */
static uint32_t make(uint64_t npages, uint16_t rights)
{
	uint32_t id = 0;

	if (swr_create(7, npages, 0, &id))
		return 0;
	struct exos_cap_name g = cap_name2(EXOS_NS_SWR, id);
	cap_install(&caps_a, -1, &g, rights, 0);
	return id;
}

static struct swregion *get(uint32_t id)
{
	struct swregion *r = 0;

	return swr_lookup(&caps_a, 0, id, 0, &r) ? 0 : r;
}

/* One unguarded piece: len bytes from the caller's src to off. */
static int write1(struct swregion *r, uint64_t off, uint64_t src, uint64_t len)
{
	struct exos_swr_piece p = { off, len, src };

	return swr_writev(r, &p, 1, EXOS_SWR_NO_GUARD, 0, &user);
}

/** A new region: a nonzero id, its directory page charged to its
 *  creator, its row exported, nothing else allocated. */
TEST(create_makes_a_region_and_its_row)
{
	setup();
	uint32_t id = make(4, ALL);
	CHECK(id != 0);
	CHECK_EQ(fk->used, 1);
	CHECK_EQ(fk->owner[0], 7);
	CHECK_EQ(table[id % EXOS_SWR_MAX].id, id);
	CHECK_EQ(table[id % EXOS_SWR_MAX].creator, 7);
	CHECK_EQ(table[id % EXOS_SWR_MAX].npages, 4);
	CHECK_EQ(table[id % EXOS_SWR_MAX].present, 0);
}

/** Flags other than 0 are E_INVAL; a size of 0 or past the maximum is
 *  E_RANGE, before anything is allocated. */
TEST(create_refuses_bad_arguments)
{
	uint32_t id = 0;

	setup();
	CHECK_EQ(swr_create(7, 4, 1, &id), -E_INVAL);
	CHECK_EQ(swr_create(7, 0, 0, &id), -E_RANGE);
	CHECK_EQ(swr_create(7, EXOS_SWR_MAX_PAGES + 1, 0, &id), -E_RANGE);
	CHECK_EQ(swr_create(7, UINT64_MAX, 0, &id), -E_RANGE);
	CHECK_EQ(fk->used, 0);
	CHECK_EQ(swr_create(7, EXOS_SWR_MAX_PAGES, 0, &id), 0);
}

/** An env may make EXOS_SWR_PER_ENV regions (E_NOMEM after); others
 *  still may, until the table is full. */
TEST(create_limits)
{
	uint32_t id;
	int made = 0;

	setup();
	for (int i = 0; i < EXOS_SWR_PER_ENV; i++)
		CHECK_EQ(swr_create(7, 1, 0, &id), 0);
	CHECK_EQ(swr_create(7, 1, 0, &id), -E_NOMEM);
	for (uint32_t env = 8; swr_create(env, 1, 0, &id) == 0 || swr_create(env + 1000, 1, 0, &id) == 0;
	     env++)
		made++;
	CHECK_EQ(made + EXOS_SWR_PER_ENV, EXOS_SWR_MAX);
	CHECK_EQ(swr_create(5000, 1, 0, &id), -E_NOMEM);
}

/** No page for the directory: E_NOMEM and no row. */
TEST(create_without_memory)
{
	uint32_t id = 0;

	setup();
	fk->budget = 0;
	CHECK_EQ(swr_create(7, 4, 0, &id), -E_NOMEM);
	for (int s = 0; s < EXOS_SWR_MAX; s++)
		CHECK_EQ(table[s].id, 0);
}

/** A destroyed region's id stays dead: the next region in its slot
 *  gets another id, and the old one is E_NOENT even to the root. */
TEST(ids_are_not_reused)
{
	struct cap_space root;
	struct exos_cap_name all = cap_name0();
	struct swregion *r;

	setup();
	cap_space_init(&root);
	cap_install(&root, 0, &all, ALL, 0);
	uint32_t old = make(1, ALL);
	swr_destroy(get(old));
	uint32_t again = 0;
	CHECK_EQ(swr_create(7, 1, 0, &again), 0);
	CHECK_EQ(again % EXOS_SWR_MAX, old % EXOS_SWR_MAX);
	CHECK(again != old);
	CHECK_EQ(swr_lookup(&root, 0, old, CAP_R, &r), -E_NOENT);
	CHECK_EQ(swr_lookup(&root, 0, again, CAP_R, &r), 0);
	CHECK_EQ(swr_lookup(&root, 0, 0, CAP_R, &r), -E_NOENT);
	CHECK_EQ(swr_lookup(&root, 0, again + 1, CAP_R, &r), -E_NOENT);
}

/** Rights: reading needs R, writing and freeing W, destroying GRANT;
 *  another region's capability, an empty slot and a bad index fail
 *  first (E_NOCAP, E_NOCAP, E_RANGE); a shorter name dominates. */
TEST(lookup_checks_rights)
{
	struct swregion *r;

	setup();
	uint32_t id = make(2, CAP_R), other = make(2, ALL);
	CHECK_EQ(swr_lookup(&caps_a, 0, id, CAP_R, &r), 0);
	CHECK_EQ(swr_lookup(&caps_a, 0, id, CAP_W, &r), -E_PERM);
	CHECK_EQ(swr_lookup(&caps_a, 0, id, CAP_GRANT, &r), -E_PERM);
	CHECK_EQ(swr_lookup(&caps_a, 1, id, CAP_R, &r), -E_NOCAP);
	CHECK_EQ(swr_lookup(&caps_a, 5, id, CAP_R, &r), -E_NOCAP);
	CHECK_EQ(swr_lookup(&caps_a, -1, id, CAP_R, &r), -E_RANGE);
	CHECK_EQ(swr_lookup(&caps_a, CAP_SLOTS, id, CAP_R, &r), -E_RANGE);
	CHECK_EQ(swr_lookup(&caps_b, 0, id, CAP_R, &r), -E_NOCAP);
	struct exos_cap_name ns = cap_name1(EXOS_NS_SWR);
	cap_install(&caps_b, 0, &ns, CAP_R | CAP_W, 0);
	CHECK_EQ(swr_lookup(&caps_b, 0, other, CAP_W, &r), 0);
	CHECK_EQ(swr_lookup(&caps_b, 0, other, CAP_GRANT, &r), -E_PERM);
	/* The capability check comes before the region's existence. */
	CHECK_EQ(swr_lookup(&caps_a, 0, other + EXOS_SWR_MAX, CAP_R, &r), -E_NOCAP);
}

/** Pages never written read as zeros, and reading allocates none. */
TEST(unwritten_pages_read_as_zeros)
{
	setup();
	struct swregion *r = get(make(3, ALL));
	memset(at(UBASE), 0x55, 3 * PG);
	CHECK_EQ(swr_read(r, 0, UBASE, 3 * PG, &user), 0);
	for (uint64_t i = 0; i < 3 * PG; i++)
		if (umem[i])
			CHECK_FAIL("byte %lu is %d", (unsigned long)i, umem[i]);
	CHECK_EQ(fk->used, 1);
	CHECK_EQ(r->present, 0);
}

/** A write across a page boundary allocates the two pages, charged to
 *  the creator, and reads back exactly; the row counts them. */
TEST(write_then_read_back)
{
	setup();
	uint32_t id = make(4, ALL);
	struct swregion *r = get(id);
	for (int i = 0; i < 100; i++)
		*at(UBASE + (uint64_t)i) = (uint8_t)(i + 1);
	CHECK_EQ(write1(r, PG - 50, UBASE, 100), 0);
	CHECK_EQ(r->present, 2);
	CHECK_EQ(table[id % EXOS_SWR_MAX].present, 2);
	CHECK_EQ(fk->used, 3);
	CHECK_EQ(fk->owner[1], 7);
	CHECK_EQ(fk->owner[2], 7);
	CHECK_EQ(swr_read(r, PG - 60, UBASE + PG, 120, &user), 0);
	for (int i = 0; i < 120; i++)
		CHECK_EQ(*at(UBASE + PG + (uint64_t)i), i < 10 || i >= 110 ? 0 : i - 9);
	CHECK(swr_page(r, 0) != 0);
	CHECK_EQ(swr_page(r, 2), 0);
	CHECK_EQ(swr_page(r, 4), 0);
}

/** Bounds: the last byte is in, one past is not, a zero-length access
 *  at the end is fine, and offsets that wrap the 64-bit space fail. */
TEST(range_checks_include_wraparound)
{
	setup();
	struct swregion *r = get(make(2, ALL));
	uint64_t size = 2 * PG;
	CHECK_EQ(swr_read(r, size - 1, UBASE, 1, &user), 0);
	CHECK_EQ(swr_read(r, size - 1, UBASE, 2, &user), -E_RANGE);
	CHECK_EQ(swr_read(r, size, UBASE, 0, &user), 0);
	CHECK_EQ(swr_read(r, size + 1, UBASE, 0, &user), -E_RANGE);
	CHECK_EQ(swr_read(r, UINT64_MAX - 7, UBASE, 16, &user), -E_RANGE);
	CHECK_EQ(swr_read(r, 8, UBASE, UINT64_MAX - 7, &user), -E_RANGE);
	CHECK_EQ(swr_read(r, 0, UBASE, UINT64_MAX, &user), -E_RANGE);
	CHECK_EQ(write1(r, UINT64_MAX - 7, UBASE, 16), -E_RANGE);
	CHECK_EQ(write1(r, size - 4, UBASE, 8), -E_RANGE);
	CHECK_EQ(swr_free(r, UINT64_MAX - PG + 1, 2 * PG), -E_RANGE);
	CHECK_EQ(swr_free(r, PG, UINT64_MAX - PG + 1), -E_RANGE);
	CHECK(!swr_in_range(r, 8, UINT64_MAX - 7));
	CHECK(!swr_in_range(r, size, UINT64_MAX));
	CHECK(swr_in_range(r, 0, size));
	CHECK(!swr_in_range(r, 1, size));
	CHECK(!swr_in_range(r, size, 1));
	CHECK_EQ(fk->used, 1);
}

/** One call moves at most EXOS_SWR_XFER_MAX bytes; a writev has 1 to
 *  EXOS_SWR_VEC_MAX pieces whose total is within that too. */
TEST(transfer_limits)
{
	struct exos_swr_piece p[EXOS_SWR_VEC_MAX + 1];

	setup();
	struct swregion *r = get(make(32, ALL));
	CHECK_EQ(swr_read(r, 0, UBASE, EXOS_SWR_XFER_MAX, &user), 0);
	CHECK_EQ(swr_read(r, 0, UBASE, EXOS_SWR_XFER_MAX + 1, &user), -E_RANGE);
	for (int i = 0; i <= EXOS_SWR_VEC_MAX; i++)
		p[i] = (struct exos_swr_piece){ (uint64_t)i * 8, 8, UBASE };
	CHECK_EQ(swr_writev(r, p, 0, EXOS_SWR_NO_GUARD, 0, &user), -E_RANGE);
	CHECK_EQ(swr_writev(r, p, EXOS_SWR_VEC_MAX + 1, EXOS_SWR_NO_GUARD, 0, &user), -E_RANGE);
	CHECK_EQ(swr_writev(r, p, EXOS_SWR_VEC_MAX, EXOS_SWR_NO_GUARD, 0, &user), 0);
	p[0] = (struct exos_swr_piece){ 0, EXOS_SWR_XFER_MAX, UBASE };
	p[1] = (struct exos_swr_piece){ 0, 1, UBASE };
	CHECK_EQ(swr_writev(r, p, 1, EXOS_SWR_NO_GUARD, 0, &user), 0);
	CHECK_EQ(swr_writev(r, p, 2, EXOS_SWR_NO_GUARD, 0, &user), -E_RANGE);
}

/** A writev with any bad piece (out of range, or a source that is not
 *  readable) writes nothing, not even the good pieces before it. */
TEST(writev_is_all_or_nothing)
{
	struct exos_swr_piece p[2];

	setup();
	struct swregion *r = get(make(2, ALL));
	memset(at(UBASE), 0x11, 64);
	p[0] = (struct exos_swr_piece){ 0, 64, UBASE };
	p[1] = (struct exos_swr_piece){ 2 * PG - 8, 16, UBASE };
	CHECK_EQ(swr_writev(r, p, 2, EXOS_SWR_NO_GUARD, 0, &user), -E_RANGE);
	hole_lo = UBASE + PG;
	hole_hi = UBASE + 2 * PG;
	p[1] = (struct exos_swr_piece){ 100, 16, UBASE + PG + 8 };
	CHECK_EQ(swr_writev(r, p, 2, EXOS_SWR_NO_GUARD, 0, &user), -E_FAULT);
	CHECK_EQ(r->present, 0);
	CHECK_EQ(fk->used, 1);
	p[1].src = UBASE + 2 * PG;
	CHECK_EQ(swr_writev(r, p, 2, EXOS_SWR_NO_GUARD, 0, &user), 0);
	CHECK_EQ(r->present, 1);
}

/** Out of pages in the middle of a writev: E_NOMEM, the pages it had
 *  allocated are freed again and nothing is written. */
TEST(writev_without_memory_changes_nothing)
{
	setup();
	struct swregion *r = get(make(4, ALL));
	CHECK_EQ(write1(r, 0, UBASE, 8), 0);
	fk->budget = 1;
	memset(at(UBASE), 0x22, 3 * PG);
	CHECK_EQ(write1(r, 0, UBASE, 3 * PG), -E_NOMEM);
	CHECK_EQ(r->present, 1);
	CHECK_EQ(fk->used, 2);
	CHECK_EQ(swr_read(r, 0, UBASE + 4 * PG, 16, &user), 0);
	CHECK_EQ(*at(UBASE + 4 * PG), 0);
}

/** The guard: the pieces are written only if the 32-bit word at
 *  guard_off holds guard_val (E_BUSY otherwise); a page never written
 *  holds 0; a lock taken and released this way. */
TEST(guard_is_compare_and_swap)
{
	uint32_t me = 77, none = 0, word;

	setup();
	struct swregion *r = get(make(2, ALL));
	memcpy(at(UBASE), &me, 4);
	memcpy(at(UBASE + 4), &none, 4);
	struct exos_swr_piece take = { PG, 4, UBASE }, give = { PG, 4, UBASE + 4 };
	CHECK_EQ(swr_writev(r, &take, 1, PG, 0, &user), 0);
	CHECK_EQ(swr_writev(r, &take, 1, PG, 0, &user), -E_BUSY);
	CHECK_EQ(swr_writev(r, &give, 1, PG, 78, &user), -E_BUSY);
	CHECK_EQ(swr_read(r, PG, UBASE + 8, 4, &user), 0);
	memcpy(&word, at(UBASE + 8), 4);
	CHECK_EQ(word, 77);
	CHECK_EQ(swr_writev(r, &give, 1, PG, 77, &user), 0);
	CHECK_EQ(swr_writev(r, &take, 1, PG, 0, &user), 0);
	CHECK_EQ(swr_writev(r, &take, 1, PG, 77 + (1ULL << 32), &user), -E_BUSY);
}

/** A guard past the end is E_RANGE, a misaligned one E_ALIGN; range
 *  errors come before alignment, alignment before a bad source. */
TEST(guard_checks_and_error_order)
{
	setup();
	struct swregion *r = get(make(1, ALL));
	struct exos_swr_piece p = { 0, 4, UBASE };
	CHECK_EQ(swr_writev(r, &p, 1, PG - 2, 0, &user), -E_RANGE);
	CHECK_EQ(swr_writev(r, &p, 1, PG, 0, &user), -E_RANGE);
	CHECK_EQ(swr_writev(r, &p, 1, UINT64_MAX - 3, 0, &user), -E_RANGE);
	CHECK_EQ(swr_writev(r, &p, 1, 2, 0, &user), -E_ALIGN);
	p.src = 0;
	CHECK_EQ(swr_writev(r, &p, 1, 2, 0, &user), -E_ALIGN);
	CHECK_EQ(swr_writev(r, &p, 1, 0, 0, &user), -E_FAULT);
	p.off = PG;
	CHECK_EQ(swr_writev(r, &p, 1, 2, 0, &user), -E_RANGE);
}

/** A read into memory the caller may not write is E_FAULT and writes
 *  nothing there. */
TEST(read_into_bad_memory)
{
	setup();
	struct swregion *r = get(make(1, ALL));
	memset(at(UBASE), 0x33, 64);
	CHECK_EQ(write1(r, 0, UBASE, 64), 0);
	ro_lo = UBASE + PG;
	ro_hi = UBASE + 2 * PG;
	CHECK_EQ(swr_read(r, 0, UBASE + PG - 8, 64, &user), -E_FAULT);
	CHECK_EQ(*at(UBASE + PG - 8), 0);
	CHECK_EQ(swr_read(r, 0, UBASE + USIZE - 8, 64, &user), -E_FAULT);
	CHECK_EQ(swr_read(r, 0, UINT64_MAX - 7, 64, &user), -E_FAULT);
}

/** Freeing: page-aligned ranges only (E_ALIGN), returns the pages
 *  freed, which go back and read as zeros again. */
TEST(free_gives_pages_back)
{
	setup();
	struct swregion *r = get(make(4, ALL));
	memset(at(UBASE), 0x44, 4 * PG);
	CHECK_EQ(write1(r, 0, UBASE, 3 * PG), 0);
	CHECK_EQ(fk->used, 4);
	CHECK_EQ(swr_free(r, 1, PG), -E_ALIGN);
	CHECK_EQ(swr_free(r, 0, 100), -E_ALIGN);
	CHECK_EQ(swr_free(r, 3 * PG, 2 * PG), -E_RANGE);
	CHECK_EQ(swr_free(r, PG, 3 * PG), 2);
	CHECK_EQ(r->present, 1);
	CHECK_EQ(fk->used, 2);
	CHECK_EQ(swr_read(r, PG, UBASE, 8, &user), 0);
	CHECK_EQ(*at(UBASE), 0);
	CHECK_EQ(swr_free(r, 0, 0), 0);
	CHECK_EQ(swr_free(r, 0, 4 * PG), 1);
}

/** Destroying a region frees every page it held, its directory too,
 *  and clears its row. */
TEST(destroy_frees_everything)
{
	setup();
	uint32_t id = make(8, ALL);
	struct swregion *r = get(id);
	CHECK_EQ(write1(r, 0, UBASE, 8 * PG), 0);
	CHECK_EQ(fk->used, 9);
	swr_destroy(r);
	CHECK_EQ(fk->used, 0);
	CHECK_EQ(table[id % EXOS_SWR_MAX].id, 0);
	CHECK(get(id) == 0);
}

/** When an env ends, its regions go (every page back) and other envs'
 *  stay. */
TEST(creator_end_destroys_its_regions)
{
	uint32_t a, b, c;

	setup();
	CHECK_EQ(swr_create(7, 2, 0, &a), 0);
	CHECK_EQ(swr_create(7, 2, 0, &b), 0);
	CHECK_EQ(swr_create(9, 2, 0, &c), 0);
	struct exos_cap_name all = cap_name0();
	cap_install(&caps_a, 0, &all, ALL, 0);
	CHECK_EQ(write1(get(a), 0, UBASE, 2 * PG), 0);
	CHECK_EQ(write1(get(c), 0, UBASE, PG), 0);
	swr_env_gone(7);
	CHECK(get(a) == 0);
	CHECK(get(b) == 0);
	CHECK(get(c) != 0);
	CHECK_EQ(fk->used, 2);
	CHECK_EQ(fk->owner[0], 0);
	swr_env_gone(9);
	CHECK_EQ(fk->used, 0);
}

TEST_MAIN()
