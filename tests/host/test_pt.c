/*
 * test_pt - the generic page-table walks (pt.c) over the fake arch's
 * PTEs: pages and bigger leaves where alignment allows, tables made on
 * the way and shared by neighbours, and a failed table allocation.
 */
#include "check.h"
#include "kfix.h"
#include "pt.h"

#define RW (EXOS_PTE_R | EXOS_PTE_W)

static pte_t *root;
static int tables, fail_after = -1;

static ppn_t alloc(void *ctx)
{
	(void)ctx;
	if (fail_after >= 0 && tables >= fail_after)
		return PPN_NONE;
	tables++;
	return vm_alloc_table_for(0);
}

static void boot(void)
{
	kfix_boot(64);
	root = ppn_to_kva(vm_alloc_table_for(0));
	tables = 0;
	fail_after = -1;
}

/* The leaf mapping va and its level, or an invalid PTE. */
static pte_t leaf_at(uint64_t va, int *level)
{
	pte_t *pte = pt_leaf(root, va_make(va), level);

	return pte ? *pte : arch_pte_none();
}

/** A page mapped at va is found at level 0 with its page and perms; its neighbours are not. */
TEST(map_page_then_walk)
{
	int level;

	boot();
	CHECK(pt_map_page(root, va_make(0x40000000), arch_pte_user(ppn_make(0x80123), RW), alloc, 0));
	CHECK_EQ(tables, 2);
	pte_t pte = leaf_at(0x40000000, &level);
	CHECK_EQ(level, 0);
	CHECK(arch_pte_same(pte, arch_pte_user(ppn_make(0x80123), RW)));
	CHECK(!arch_pte_valid(leaf_at(0x40001000, &level)));
	CHECK_EQ(level, 0);   /* the table is there, the slot empty */
	CHECK(!pt_leaf(root, va_make(0x80000000), &level));
	CHECK_EQ(level, 2);   /* nothing at all there */
}

/** Pages in one 2 MiB range share their tables. */
TEST(neighbours_share_tables)
{
	boot();
	for (int i = 0; i < 512; i++)
		CHECK(pt_map_page(root, va_make(0x40000000 + i * PAGE_SIZE),
				  arch_pte_user(ppn_make(0x80000 + i), EXOS_PTE_R), alloc, 0));
	CHECK_EQ(tables, 2);
	CHECK(pt_map_page(root, va_make(0x40200000), arch_pte_user(ppn_make(0x80000), EXOS_PTE_R),
			  alloc, 0));
	CHECK_EQ(tables, 3);
}

/** A range uses 1 GiB and 2 MiB leaves where both addresses are aligned, pages elsewhere, each
 *  leaf naming the right page. */
TEST(range_big_leaves)
{
	int level;
	const uint64_t va = 0x40000000 - 3 * PAGE_SIZE, pa = 0x80000000 - 3 * PAGE_SIZE;
	const uint64_t size = 3 * PAGE_SIZE + GIGA_SIZE + MEGA_SIZE + 5 * PAGE_SIZE;

	boot();
	CHECK_EQ(pt_map_range(root, va, pa_to_ppn(pa_make(pa)), size, RW, PT_MAP_BIG, alloc, 0), 0);
	pte_t p = leaf_at(va + PAGE_SIZE, &level);
	CHECK_EQ(level * 0x1000000 + ppn_raw(arch_pte_ppn(p)), (pa >> 12) + 1);
	p = leaf_at(0x40000000 + 12345, &level);
	CHECK_EQ(level * 0x1000000 + ppn_raw(arch_pte_ppn(p)), 2 * 0x1000000 + (0x80000000 >> 12));
	p = leaf_at(0x80000000 + MEGA_SIZE - 1, &level);
	CHECK_EQ(level * 0x1000000 + ppn_raw(arch_pte_ppn(p)), 1 * 0x1000000 + (0xc0000000 >> 12));
	p = leaf_at(0x80000000 + MEGA_SIZE + 4 * PAGE_SIZE, &level);
	CHECK_EQ(level * 0x1000000 + ppn_raw(arch_pte_ppn(p)), (0xc0200000 >> 12) + 4);
	CHECK(!arch_pte_valid(leaf_at(0x80000000 + MEGA_SIZE + 5 * PAGE_SIZE, &level)));
	CHECK(arch_pte_same(p, arch_pte_kernel(arch_pte_ppn(p), RW)));
}

/** Without PT_MAP_BIG every leaf is a page; PT_MAP_USER makes user leaves. */
TEST(range_pages_user)
{
	int level;

	boot();
	CHECK_EQ(pt_map_range(root, 0x40000000, ppn_make(0x80000), MEGA_SIZE + PAGE_SIZE,
			      EXOS_PTE_R, PT_MAP_USER, alloc, 0), 0);
	pte_t p = leaf_at(0x40000000 + MEGA_SIZE, &level);
	CHECK_EQ(level, 0);
	CHECK(arch_pte_same(p, arch_pte_user(ppn_make(0x80200), EXOS_PTE_R)));
	CHECK_EQ(tables, 3);
}

/** A table that cannot be allocated fails the map (-1 / NULL) without a leaf. */
TEST(allocation_fails)
{
	int level;

	boot();
	fail_after = 1;
	CHECK(!pt_map_page(root, va_make(0x40000000), arch_pte_user(ppn_make(0x80000), RW), alloc, 0));
	CHECK_EQ(pt_map_range(root, 0x80000000, ppn_make(0x80000), PAGE_SIZE, RW, 0, alloc, 0), -1);
	CHECK(!pt_leaf(root, va_make(0x40000000), &level));
}

TEST_MAIN()
