/*
 * test_pmem - the physical page allocator over a fake RAM span.
 */
#include "check.h"
#include "pmem.h"
#include "exos/errno.h"

#define LO 0x80000000ULL
#define PG 4096ULL
/* Page i of the span, and the address at offset off. */
#define P(i) ppn_make((LO >> 12) + (i))
#define A(off) pa_make(LO + (off))

static struct exos_page table[1024];

/* 1024 pages at LO; [LO, LO+16 pages) firmware; a hole at pages 100-199. */
static void setup(void)
{
	pmem_init(table, A(0), A(1024 * PG));
	pmem_add_free(A(0), 100 * PG);
	pmem_add_free(A(200 * PG), 824 * PG);
	pmem_reserve(A(0), 16 * PG, EXOS_PAGE_NONE);
}

/* Free-list walk agrees with nfree and with every record's type. */
static int list_consistent(void)
{
	uint64_t n = 0, typed = 0;
	uint32_t prev = EXOS_PAGE_NIL;

	for (uint32_t i = pmem.free_head; i != EXOS_PAGE_NIL; i = table[i].next) {
		if (table[i].type != EXOS_PAGE_FREE || table[i].prev != prev)
			return 0;
		prev = i;
		if (++n > pmem.npages)
			return 0;
	}
	for (uint64_t i = 0; i < pmem.npages; i++)
		typed += table[i].type == EXOS_PAGE_FREE;
	return n == pmem.nfree && typed == n && prev == pmem.free_tail;
}

/** The table needs one 32-byte record per page of the span. */
TEST(table_bytes)
{
	CHECK_EQ(pmem_table_bytes(A(0), A(1024 * PG)), 1024 * 32);
}

/** Free ranges minus reserved ones give exactly the expected count. */
TEST(initial_count)
{
	setup();
	CHECK_EQ(pmem.nfree, 100 - 16 + 824);
	CHECK(list_consistent());
	CHECK_EQ(pmem_page(P(150))->type, EXOS_PAGE_NONE);
}

/** Allocation hands out pages in address order at first, typed and owned. */
TEST(alloc_order_and_owner)
{
	setup();
	ppn_t a = pmem_alloc(7, EXOS_PAGE_USER);
	ppn_t b = pmem_alloc(7, EXOS_PAGE_PT);
	CHECK_EQ(ppn_raw(a), ppn_raw(P(16)));
	CHECK_EQ(ppn_raw(b), ppn_raw(a) + 1);
	CHECK_EQ(pmem_page(a)->owner, 7);
	CHECK_EQ(pmem_page(b)->type, EXOS_PAGE_PT);
	CHECK_EQ(pmem.nfree, 908 - 2);
	CHECK(list_consistent());
}

/** Every free page can be allocated once; then allocation fails cleanly. */
TEST(exhaustion)
{
	setup();
	for (int i = 0; i < 908; i++)
		CHECK(!ppn_is_none(pmem_alloc(1, EXOS_PAGE_USER)));
	CHECK(ppn_is_none(pmem_alloc(1, EXOS_PAGE_USER)));
	CHECK_EQ(pmem.nfree, 0);
	CHECK(list_consistent());
}

/** A named page: free ones can be taken once, others are refused. */
TEST(alloc_at)
{
	setup();
	ppn_t p = P(500);
	CHECK_EQ(pmem_alloc_at(p, 3, EXOS_PAGE_USER), 0);
	CHECK_EQ(pmem_alloc_at(p, 3, EXOS_PAGE_USER), -E_BUSY);
	CHECK_EQ(pmem_alloc_at(P(150), 3, EXOS_PAGE_USER), -E_BUSY);
	CHECK_EQ(pmem_alloc_at(P(2), 3, EXOS_PAGE_USER), -E_BUSY);
	CHECK_EQ(pmem_alloc_at(P(1024), 3, EXOS_PAGE_USER), -E_RANGE);
	CHECK_EQ(pmem_alloc_at(ppn_make(0), 3, EXOS_PAGE_USER), -E_RANGE);
	CHECK(list_consistent());
}

/** Freeing returns the page; double frees and frees of holes fail. */
TEST(free_errors)
{
	setup();
	ppn_t p = pmem_alloc(1, EXOS_PAGE_USER);
	CHECK_EQ(pmem_free(p), 0);
	CHECK_EQ(pmem_free(p), -E_INVAL);
	CHECK_EQ(pmem_free(P(150)), -E_INVAL);
	CHECK_EQ(pmem_free(P(5000)), -E_RANGE);
	ppn_t q = pmem_alloc(1, EXOS_PAGE_USER);
	pmem_page(q)->refcnt = 1;
	CHECK_EQ(pmem_free(q), -E_INVAL);
	pmem_page(q)->refcnt = 0;
	CHECK_EQ(pmem_free(q), 0);
	CHECK_EQ(pmem.nfree, 908);
	CHECK(list_consistent());
}

/** Reserving partial pages rounds outward; adding free rounds inward. */
TEST(rounding)
{
	pmem_init(table, A(0), A(64 * PG));
	pmem_add_free(A(100), 10 * PG);          /* pages 1..9 */
	CHECK_EQ(pmem.nfree, 9);
	pmem_reserve(A(3 * PG + 1), 2, EXOS_PAGE_KERNEL);  /* page 3 */
	CHECK_EQ(pmem.nfree, 8);
	CHECK_EQ(table[3].type, EXOS_PAGE_KERNEL);
	pmem_reserve(A(60 * PG), 100 * PG, EXOS_PAGE_NONE);     /* clipped to the span */
	pmem_reserve(pa_make(0), 0x1000, EXOS_PAGE_NONE);      /* outside: ignored */
	pmem_reserve(pa_make(~0ULL - 10), 100, EXOS_PAGE_NONE); /* wraps: ignored */
	CHECK_EQ(pmem.nfree, 8);
	CHECK(list_consistent());
}

/** Random alloc/free sequences keep the list consistent and lose nothing. */
TEST(random_churn)
{
	static ppn_t held[908];
	int n = 0;
	uint32_t seed = 12345;

	setup();
	for (int step = 0; step < 20000; step++) {
		seed = seed * 1103515245 + 12345;
		if ((seed >> 16) % 3 && n < 908) {
			held[n] = pmem_alloc(1, EXOS_PAGE_USER);
			CHECK(!ppn_is_none(held[n]));
			n++;
		} else if (n > 0) {
			int i = (int)((seed >> 8) % (uint32_t)n);
			CHECK_EQ(pmem_free(held[i]), 0);
			held[i] = held[--n];
		}
	}
	CHECK_EQ(pmem.nfree, 908 - (uint64_t)n);
	CHECK(list_consistent());
}

TEST_MAIN()
