/*
 * t_mem - memory as secure bindings: the lazily allocated heap, the
 * exported page table and free list, and every class of hostile PTE
 * install with its exact error code.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "testlib.h"
#include "exos/exos.h"
#include "exos/pages.h"

#define PAGES ((const volatile struct exos_page *)EXOS_PAGES_VA)
#define TEST_VA 0x1100000000UL
#define KERNEL_VA 0xffffffc080000000UL

static long npages_total(void)
{
	return (long)exos_info->pages_total;
}

/* The index of some page of the given type, or -1. */
static long find_page(uint8_t type)
{
	for (long i = 0; i < npages_total(); i++)
		if (PAGES[i].type == type)
			return i;
	return -1;
}

static volatile int faults;
static volatile uint64_t fault_addr;

/* Counts faults and skips the faulting (4-byte) instruction. */
static int count_fault(uint64_t cause, uint64_t tval, uint64_t epc)
{
	(void)cause;
	faults++;
	fault_addr = tval;
	exos_save->regs[0] = epc + 4;
	return 0;
}

static void store_word(uintptr_t va, uint32_t v)
{
	__asm__ volatile(".option push\n.option norvc\nsw %0, 0(%1)\n.option pop"
			 :: "r"(v), "r"(va) : "memory");
}

/** The info page says how many ASID bits the harts have and how many the kernel uses. */
TEST(asid_info)
{
	const char *args = (const char *)exos_info->bootargs;
	unsigned want = strstr(args, "noasid") ? 0 : strstr(args, "asid_bits=2") ? 2 : 16;

	EXPECT_EQ("QEMU's harts have 16 ASID bits", exos_info->asid_bits, 16);
	EXPECT_EQ("the kernel uses as many as the command line allows", exos_info->asids_used, want);
}

/** The heap takes pages only when touched; shrunk, it keeps 64 zeroed spares and frees the rest. */
TEST(heap)
{
	/* The library's table for the first 4 MiB of heap is one page,
	 * made when the heap first grows into that range. */
	sbrk(1);
	sbrk(-1);
	long before = (long)exos_info->pages_free;
	size_t n = 1 << 20;
	uint8_t *p = sbrk((ptrdiff_t)n);

	EXPECT_EQ("sbrk of 1 MiB", p != (void *)-1, 1);
	EXPECT_EQ("is in the heap region", (uintptr_t)p >= EXOS_HEAP_VA, 1);
	EXPECT_EQ("and takes no page before it is touched", before - (long)exos_info->pages_free, 0);
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 7);
	long used = before - (long)exos_info->pages_free;
	EXPECT_EQ("touching it takes 256 pages (and at most 3 table pages)", used >= 256 && used <= 259, 1);
	int ok = 1;
	for (size_t i = 0; i < n; i++)
		ok &= p[i] == (uint8_t)(i * 7);
	EXPECT_EQ("it reads back", ok, 1);
	sbrk(-(ptrdiff_t)n);
	EXPECT_EQ("shrinking the heap keeps 64 of them as zeroed spares", exos_spare_pages(), 64);
	EXPECT_EQ("and gives the other 192 back",
		  before - (long)exos_info->pages_free - 64 <= 3, 1);
	p = sbrk(64 * 4096);
	int zero = 1;
	for (size_t i = 0; i < 64 * 4096; i += 8)
		zero &= *(uint64_t *)(p + i) == 0;
	EXPECT_EQ("touching 64 new heap pages takes the spares", exos_spare_pages(), 0);
	EXPECT_EQ("zeroed", zero, 1);
	sbrk(-64 * 4096);
	exos_spare_drain();
	EXPECT_EQ("draining the pool gives every page back",
		  before - (long)exos_info->pages_free <= 3, 1);
	char *m = malloc(100000);
	EXPECT_EQ("malloc works on the lazy heap", m != 0, 1);
	memset(m, 'x', 100000);
	EXPECT_EQ("and holds what was written", m[99999], 'x');
	free(m);
}

/** The exported page table agrees with the env table and the free list, and is read-only. */
TEST(exported_page_table)
{
	long owned = 0, free_walk = 0, bad = 0;
	uint32_t prev = EXOS_PAGE_NIL;

	for (long i = 0; i < npages_total(); i++)
		owned += PAGES[i].owner == exos_self;
	EXPECT_EQ("pages we own in the table match the env table", owned,
		  exos_envs[EXOS_ENV_SLOT(exos_self)].pages);
	for (uint32_t i = exos_info->free_head; i != EXOS_PAGE_NIL && free_walk <= npages_total();
	     i = PAGES[i].next) {
		bad += PAGES[i].type != EXOS_PAGE_FREE || PAGES[i].prev != prev;
		prev = i;
		free_walk++;
	}
	EXPECT_EQ("the exported free list is consistent", bad, 0);
	EXPECT_EQ("and as long as pages_free", free_walk, (long)exos_info->pages_free);
	EXPECT_EQ("its tail is the last page walked", prev, exos_info->free_tail);
	exos_set_fault_handler(count_fault);
	faults = 0;
	store_word(EXOS_PAGES_VA, 0);
	EXPECT_EQ("the page table is read-only to us", faults, 1);
	exos_set_fault_handler(0);
}

/** Every class of hostile PTE install, protect, remove and free gets its exact error. */
TEST_FLAGS(install_attacks, TEST_IN_PARENT)
{
	long mine = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
	long pt = find_page(EXOS_PAGE_PT), kern = find_page(EXOS_PAGE_KERNEL);
	long fw = find_page(EXOS_PAGE_NONE);
	unsigned long base = exos_info->pages_base_ppn;
	const unsigned RW = EXOS_PTE_R | EXOS_PTE_W;

#define INSTALL(va, ppn, perms, cap) sys_pte_install(EXOS_CAP_SELF, exos_self, va, ppn, perms, cap)
	EXPECT_EQ("allocate a page", mine > 0, 1);
	EXPECT_EQ("a page-table page, writable", INSTALL(TEST_VA, base + pt, RW, EXOS_CAP_ROOT), -E_PERM);
	EXPECT_EQ("a page-table page, executable",
		  INSTALL(TEST_VA, base + pt, EXOS_PTE_R | EXOS_PTE_X, EXOS_CAP_ROOT), -E_PERM);
	EXPECT_EQ("a page-table page, read-only", INSTALL(TEST_VA, base + pt, EXOS_PTE_R, EXOS_CAP_ROOT),
		  -E_PERM);
	EXPECT_EQ("a kernel page", INSTALL(TEST_VA, base + kern, EXOS_PTE_R, EXOS_CAP_ROOT), -E_PERM);
	EXPECT_EQ("a firmware page", INSTALL(TEST_VA, base + fw, EXOS_PTE_R, EXOS_CAP_ROOT), -E_PERM);
	EXPECT_EQ("a page number outside RAM", INSTALL(TEST_VA, 0x7fffffff, EXOS_PTE_R, EXOS_CAP_ROOT),
		  -E_RANGE);
	EXPECT_EQ("an MMIO page (the UART)", INSTALL(TEST_VA, 0x10000, EXOS_PTE_R, EXOS_CAP_ROOT),
		  -E_RANGE);
	EXPECT_EQ("W without R", INSTALL(TEST_VA, mine, EXOS_PTE_W, EXOS_CAP_PAGES), -E_INVAL);
	EXPECT_EQ("no permission at all", INSTALL(TEST_VA, mine, 0, EXOS_CAP_PAGES), -E_INVAL);
	EXPECT_EQ("the G bit", INSTALL(TEST_VA, mine, EXOS_PTE_R | 0x20, EXOS_CAP_PAGES), -E_INVAL);
	EXPECT_EQ("the U bit (the kernel's to set)", INSTALL(TEST_VA, mine, EXOS_PTE_R | 0x10,
							    EXOS_CAP_PAGES), -E_INVAL);
	EXPECT_EQ("reserved bits", INSTALL(TEST_VA, mine, EXOS_PTE_R | (1UL << 60), EXOS_CAP_PAGES),
		  -E_INVAL);
	EXPECT_EQ("a kernel-half address", INSTALL(KERNEL_VA, mine, EXOS_PTE_R, EXOS_CAP_PAGES), -E_INVAL);
	EXPECT_EQ("a non-canonical address", INSTALL(EXOS_USER_END, mine, EXOS_PTE_R, EXOS_CAP_PAGES),
		  -E_INVAL);
	EXPECT_EQ("a misaligned address", INSTALL(TEST_VA + 8, mine, EXOS_PTE_R, EXOS_CAP_PAGES), -E_ALIGN);
	EXPECT_EQ("over the exported pages", INSTALL(EXOS_INFO_VA, mine, EXOS_PTE_R, EXOS_CAP_PAGES),
		  -E_INVAL);
	EXPECT_EQ("over the save area", INSTALL(EXOS_SAVE_VA, mine, RW, EXOS_CAP_PAGES), -E_INVAL);
	EXPECT_EQ("with a capability for other envs' pages",
		  INSTALL(TEST_VA, mine, EXOS_PTE_R, EXOS_CAP_SELF), -E_NOCAP);
	EXPECT_EQ("with a capability index past the list", INSTALL(TEST_VA, mine, EXOS_PTE_R, 32), -E_RANGE);
	EXPECT_EQ("a good install", INSTALL(TEST_VA, mine, RW, EXOS_CAP_PAGES), 0);
	EXPECT_EQ("over an existing mapping", INSTALL(TEST_VA, mine, RW, EXOS_CAP_PAGES), -E_BUSY);
	EXPECT_EQ("its PTE reads back with A and D set",
		  sys_pte_read(EXOS_CAP_SELF, exos_self, TEST_VA) & 0xff, 0xd7);
	EXPECT_EQ("protect it read-only", sys_pte_protect(EXOS_CAP_SELF, exos_self, TEST_VA,
							   EXOS_PTE_R, EXOS_CAP_PAGES), 0);
	EXPECT_EQ("protect with W but no R", sys_pte_protect(EXOS_CAP_SELF, exos_self, TEST_VA,
							      EXOS_PTE_W, EXOS_CAP_PAGES), -E_INVAL);
	EXPECT_EQ("protect an unmapped address", sys_pte_protect(EXOS_CAP_SELF, exos_self,
								  TEST_VA + 4096, EXOS_PTE_R, EXOS_CAP_PAGES),
		  -E_NOENT);
	EXPECT_EQ("free a mapped page", sys_page_free(EXOS_CAP_PAGES, (unsigned long)mine), -E_BUSY);
	EXPECT_EQ("remove it", sys_pte_remove(EXOS_CAP_SELF, exos_self, TEST_VA), 0);
	EXPECT_EQ("remove it again", sys_pte_remove(EXOS_CAP_SELF, exos_self, TEST_VA), -E_NOENT);
	EXPECT_EQ("free it", sys_page_free(EXOS_CAP_PAGES, (unsigned long)mine), 0);
	EXPECT_EQ("free it twice", sys_page_free(EXOS_CAP_PAGES, (unsigned long)mine), -E_PERM);
	EXPECT_EQ("page_alloc of a named page in use", sys_page_alloc(EXOS_CAP_PAGES, base + kern, 0),
		  -E_BUSY);
	EXPECT_EQ("page_alloc for an env that does not exist", sys_page_alloc(EXOS_CAP_ROOT, 0, 12345),
		  -E_NOENT);
}

/** A page another env owns cannot be mapped or freed without a capability for its pages. */
TEST(other_envs_page)
{
	long id = sys_env_create(0, 0);
	int ecap = exos_cap_find(EXOS_NS_ENV, (uint32_t)id), pcap = exos_cap_find(EXOS_NS_PAGE, (uint32_t)id);
	long theirs = sys_page_alloc(pcap, 0, (uint32_t)id);

	EXPECT_EQ("a page allocated for another env", theirs > 0, 1);
	EXPECT_EQ("it belongs to that env", PAGES[theirs - exos_info->pages_base_ppn].owner, id);
	EXPECT_EQ("mapping it with our own page capability",
		  sys_pte_install(EXOS_CAP_SELF, exos_self, TEST_VA, (unsigned long)theirs, EXOS_PTE_R,
				  EXOS_CAP_PAGES), -E_NOCAP);
	sys_cap_delete(pcap);
	EXPECT_EQ("freeing it without the capability", sys_page_free(EXOS_CAP_PAGES, (unsigned long)theirs),
		  -E_NOCAP);
	EXPECT_EQ("destroying the env frees it", sys_env_destroy(ecap, (uint32_t)id), 0);
	EXPECT_EQ("it is free now", PAGES[theirs - exos_info->pages_base_ppn].type, EXOS_PAGE_FREE);
	sys_cap_delete(ecap);
}

/** A page maps max_refs times; one more mapping is E_OVERFLOW; removing all brings 0. */
TEST(refcount_limit)
{
	long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
	uint32_t max = exos_info->max_refs, n = 0;

	while (n < max && sys_pte_install(EXOS_CAP_SELF, exos_self, TEST_VA + n * 4096UL,
					  (unsigned long)ppn, EXOS_PTE_R, EXOS_CAP_PAGES) == 0)
		n++;
	EXPECT_EQ("a page maps max_refs times", n, max);
	EXPECT_EQ("the reference count says so", PAGES[ppn - exos_info->pages_base_ppn].refcnt, max);
	EXPECT_EQ("one more mapping would overflow",
		  sys_pte_install(EXOS_CAP_SELF, exos_self, TEST_VA + n * 4096UL, (unsigned long)ppn,
				  EXOS_PTE_R, EXOS_CAP_PAGES), -E_OVERFLOW);
	for (uint32_t i = 0; i < n; i++)
		sys_pte_remove(EXOS_CAP_SELF, exos_self, TEST_VA + i * 4096UL);
	EXPECT_EQ("removing them all brings it to 0", PAGES[ppn - exos_info->pages_base_ppn].refcnt, 0);
	EXPECT_EQ("and it frees", sys_page_free(EXOS_CAP_PAGES, (unsigned long)ppn), 0);
}

/** A write through an address whose page was unmapped, freed and reused faults. */
TEST(stale_tlb)
{
	long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);

	sys_pte_install(EXOS_CAP_SELF, exos_self, TEST_VA, (unsigned long)ppn,
			EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES);
	store_word(TEST_VA, 1);       /* the translation is in the TLB now */
	sys_pte_remove(EXOS_CAP_SELF, exos_self, TEST_VA);
	sys_page_free(EXOS_CAP_PAGES, (unsigned long)ppn);
	long ids[4];
	for (int i = 0; i < 4; i++)
		ids[i] = sys_env_create(0, 0);
	exos_set_fault_handler(count_fault);
	faults = 0;
	store_word(TEST_VA, 0xdead);
	EXPECT_EQ("the write through the old address faults", faults, 1);
	EXPECT_EQ("at that address", fault_addr, TEST_VA);
	exos_set_fault_handler(0);
	for (int i = 0; i < 4; i++) {
		int c = exos_cap_find(EXOS_NS_ENV, (uint32_t)ids[i]);
		sys_env_destroy(c, (uint32_t)ids[i]);
		sys_cap_delete(c);
		sys_cap_delete(exos_cap_find(EXOS_NS_PAGE, (uint32_t)ids[i]));
	}
}

/* Appel-Li: a read-only page, a handler that makes it writable. */
static int make_writable(uint64_t cause, uint64_t tval, uint64_t epc)
{
	(void)epc;
	if (cause != 15 || (tval & ~4095UL) != TEST_VA)
		return 1;
	faults++;
	sys_pte_protect_resume(EXOS_CAP_SELF, exos_self, TEST_VA, EXOS_PTE_R | EXOS_PTE_W,
			       EXOS_CAP_PAGES);
	return 1;
}

/** Appel-Li: a store to a read-only page reaches a handler that makes it writable. */
TEST(user_fault_handler)
{
	long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
	volatile uint32_t *w = (volatile uint32_t *)TEST_VA;

	sys_pte_install(EXOS_CAP_SELF, exos_self, TEST_VA, (unsigned long)ppn, EXOS_PTE_R,
			EXOS_CAP_PAGES);
	exos_set_fault_handler(make_writable);
	faults = 0;
	*w = 42;
	EXPECT_EQ("the store faulted once and then went through", faults * 100 + *w, 142);
	exos_set_fault_handler(0);
	sys_pte_remove(EXOS_CAP_SELF, exos_self, TEST_VA);
	sys_page_free(EXOS_CAP_PAGES, (unsigned long)ppn);
}

/** 10,000 create/destroy cycles with almost no free memory leave the free count exact.
 *  (In the program: below the low-water mark the kernel would ask a forked tester's
 *  parent for pages, and wait for its answer each time.) */
TEST_FLAGS(cycles_under_pressure, TEST_IN_PARENT)
{
	static long held[70000];
	long nheld = 0, fails = 0;

	while (exos_info->pages_free > 64 && nheld < 70000) {
		long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
		if (ppn < 0)
			break;
		held[nheld++] = ppn;
	}
	long start = (long)exos_info->pages_free;
	EXPECT_EQ("memory is nearly exhausted", start <= 64, 1);
	for (int i = 0; i < 10000; i++) {
		long id = sys_env_create(EXOS_ENV_F_LEFTOVER, exos_entries);
		if (id < 0) {
			fails++;
			continue;
		}
		int c = exos_cap_find(EXOS_NS_ENV, (uint32_t)id);
		fails += sys_env_destroy(c, (uint32_t)id) != 0;
		sys_cap_delete(c);
		sys_cap_delete(exos_cap_find(EXOS_NS_PAGE, (uint32_t)id));
	}
	EXPECT_EQ("10,000 create/destroy cycles all succeed", fails, 0);
	EXPECT_EQ("the free page count is exactly where it started", (long)exos_info->pages_free, start);
	/* Only the envs made here go: others of ours that never ran (the
	 * holder of the shared region, libexos/shared.c) stay. */
	static uint32_t made[EXOS_MAX_ENVS];
	int nmade = 0;
	long id = 0;
	while (exos_info->pages_free > 0 && (id = sys_env_create(0, 0)) > 0)
		if (nmade < EXOS_MAX_ENVS)
			made[nmade++] = (uint32_t)id;
	EXPECT_EQ("creating envs until memory runs out fails cleanly", id == -E_NOMEM || id == -E_NOMEM, 1);
	for (int i = 0; i < nmade; i++) {
		int c = exos_cap_find(EXOS_NS_ENV, made[i]);
		sys_env_destroy(c, made[i]);
		sys_cap_delete(c);
		sys_cap_delete(exos_cap_find(EXOS_NS_PAGE, made[i]));
	}
	for (long i = 0; i < nheld; i++)
		sys_page_free(EXOS_CAP_PAGES, (unsigned long)held[i]);
}

/** pte_install_batch checks every entry first and installs all or none. */
TEST(batch)
{
	static struct exos_pte_entry b[EXOS_PTE_BATCH_MAX + 1];
	long ppn[16];
	long pt = find_page(EXOS_PAGE_PT) + (long)exos_info->pages_base_ppn;

	for (int i = 0; i < 16; i++) {
		ppn[i] = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
		b[i] = (struct exos_pte_entry){ TEST_VA + i * 4096UL, (uint64_t)ppn[i],
						EXOS_PTE_R | EXOS_PTE_W };
	}
#define BATCH(entries, n) sys_pte_install_batch(EXOS_CAP_SELF, exos_self, entries, n, EXOS_CAP_PAGES)
#define MAPPED0 sys_pte_read(EXOS_CAP_SELF, exos_self, TEST_VA)
	EXPECT_EQ("a batch of 0", BATCH(b, 0), -E_RANGE);
	EXPECT_EQ("a batch of 65", BATCH(b, EXOS_PTE_BATCH_MAX + 1), -E_RANGE);
	EXPECT_EQ("a batch array in the kernel", BATCH((const struct exos_pte_entry *)KERNEL_VA, 2),
		  -E_FAULT);
	EXPECT_EQ("a batch array running off the stack top",
		  BATCH((const struct exos_pte_entry *)(EXOS_STACK_TOP - sizeof(b[0])), 2), -E_FAULT);
	b[5].va = b[2].va;
	EXPECT_EQ("a batch mapping one address twice", BATCH(b, 16), -E_BUSY);
	EXPECT_EQ("installs nothing", MAPPED0, -E_NOENT);
	b[5].va = TEST_VA + 5 * 4096UL;
	b[9].ppn = (uint64_t)pt;
	EXPECT_EQ("a batch with a page-table page in the middle", BATCH(b, 16), -E_PERM);
	EXPECT_EQ("installs nothing either", MAPPED0, -E_NOENT);
	b[9].ppn = (uint64_t)ppn[9];
	b[15].perms = EXOS_PTE_W;
	EXPECT_EQ("a batch whose last entry is W without R", BATCH(b, 16), -E_INVAL);
	b[15].perms = EXOS_PTE_R | EXOS_PTE_W;
	EXPECT_EQ("a good batch of 16", BATCH(b, 16), 16);
	EXPECT_EQ("maps every entry", sys_pte_read(EXOS_CAP_SELF, exos_self, TEST_VA + 15 * 4096UL) > 0, 1);
	EXPECT_EQ("the same batch again", BATCH(b, 16), -E_BUSY);
	for (int i = 0; i < 16; i++) {
		sys_pte_remove(EXOS_CAP_SELF, exos_self, TEST_VA + i * 4096UL);
		sys_page_free(EXOS_CAP_PAGES, (unsigned long)ppn[i]);
	}
}

/** After the kernel drops our page tables the STLB and the library refill every binding. */
TEST(stlb)
{
	const int n = 200;
	uint8_t *p = sbrk(n * 4096);
	long sum = 0, want = 0;

	for (int i = 0; i < n; i++)
		p[i * 4096] = (uint8_t)(i + 1);
	/* A predicate over its own first word, true as written, in page 1;
	 * page 2 a buffer for cons_read: system calls must see both after
	 * the drop without our touching them (the fuzzer found E_FAULT). */
	struct exos_pred *pr = (struct exos_pred *)(p + 4096 + 8);
	*pr = (struct exos_pred){ .nterms = 1 };
	pr->term[0] = (struct exos_pred_term){ (uint64_t)(uintptr_t)pr, ~0UL, 1, 8, EXOS_PRED_EQ, 1, { 0 } };
	uint64_t refills = exos_info->stlb_refills;
	long freed = sys_tables_drop(EXOS_CAP_SELF, exos_self);
	EXPECT_EQ("dropping our page tables frees table pages", freed >= 1, 1);
	EXPECT_EQ("a system call reads a predicate the tables dropped",
		  sys_sleep_deadline(pr, EXOS_NO_DEADLINE), 0);
	EXPECT_EQ("a system call writes into a buffer the tables dropped",
		  sys_cons_read((char *)p + 2 * 4096 + 16, 8), 0);
	EXPECT_EQ("a dropped binding still reads back (from the STLB)",
		  sys_pte_read(EXOS_CAP_SELF, exos_self, (uintptr_t)p) > 0, 1);
	for (int i = 0; i < n; i++) {
		sum += p[i * 4096];
		want += (uint8_t)(i + 1);
	}
	EXPECT_EQ("every page is still there with its data", sum, want);
	EXPECT_EQ("most misses were served by the kernel's STLB",
		  exos_info->stlb_refills - refills >= (uint64_t)n / 2, 1);
	sbrk(-n * 4096);
	EXPECT_EQ("tables_drop without the env's capability",
		  sys_tables_drop(EXOS_CAP_PAGES, exos_self), -E_NOCAP);
	EXPECT_EQ("guarantee of nothing", sys_guarantee(EXOS_CAP_SELF, exos_self, TEST_VA, 0), -E_INVAL);
	EXPECT_EQ("guarantee past the user half",
		  sys_guarantee(EXOS_CAP_SELF, exos_self, KERNEL_VA, 4096), -E_INVAL);
	int full = 0;
	for (int i = 0; i < 8 && !full; i++)
		full = sys_guarantee(EXOS_CAP_SELF, exos_self, TEST_VA + i * 4096UL, 4096) == -E_RANGE;
	EXPECT_EQ("the ninth guaranteed range does not fit", full, 1);
}

/* ---------------------------------------------------------------- megapages */

#define MEGA_VA    0x1400000000UL
#define MEGA_BYTES (2UL << 20)
#define MEGA_PAGES 512
#define RW (EXOS_PTE_R | EXOS_PTE_W)
#define SELF_INSTALL(va, ppn, perms, cap) \
	sys_pte_install(EXOS_CAP_SELF, exos_self, va, (unsigned long)(ppn), perms, cap)

/* The references held on the 512 pages from ppn. */
static long run_refs(long ppn)
{
	long n = 0;

	for (int k = 0; k < MEGA_PAGES; k++)
		n += PAGES[ppn + k - (long)exos_info->pages_base_ppn].refcnt;
	return n;
}

/* Free the 512 pages from ppn (the user pages still ours); how many
 * would not go. */
static long free_run(long ppn)
{
	long bad = 0;

	for (int k = 0; k < MEGA_PAGES; k++)
		if (PAGES[ppn + k - (long)exos_info->pages_base_ppn].owner == exos_self &&
		    PAGES[ppn + k - (long)exos_info->pages_base_ppn].type == EXOS_PAGE_USER)
			bad += sys_page_free(EXOS_CAP_PAGES, (unsigned long)(ppn + k)) != 0;
	return bad;
}

/** Megapage installs: misaligned va or ppn fail with E_ALIGN; a good one
 * reads and writes through to the pages named; 4 KiB installs inside it
 * and protect without the flag are refused; remove (from any address in
 * it) returns all 512 references. */
TEST(megapage)
{
	long ppn = alloc_mega_run();
	volatile uint64_t *m = (volatile uint64_t *)MEGA_VA;
	const unsigned MR = EXOS_PTE_R | EXOS_PTE_MEGA, MRW = RW | EXOS_PTE_MEGA;

	EXPECT_EQ("512 free pages from a 2 MiB-aligned page number", ppn > 0, 1);
	EXPECT_EQ("a megapage at an address 4 KiB past 2 MiB",
		  SELF_INSTALL(MEGA_VA + 4096, ppn, MRW, EXOS_CAP_PAGES), -E_ALIGN);
	EXPECT_EQ("a megapage of a page number not 512-aligned",
		  SELF_INSTALL(MEGA_VA, ppn + 1, MRW, EXOS_CAP_PAGES), -E_ALIGN);
	EXPECT_EQ("a megapage W without R",
		  SELF_INSTALL(MEGA_VA, ppn, EXOS_PTE_W | EXOS_PTE_MEGA, EXOS_CAP_PAGES), -E_INVAL);
	EXPECT_EQ("a megapage over the exported pages",
		  SELF_INSTALL(EXOS_INFO_VA, ppn, MR, EXOS_CAP_PAGES), -E_INVAL);
	EXPECT_EQ("a megapage of another env's pages with our capability",
		  SELF_INSTALL(MEGA_VA, ppn, MR, EXOS_CAP_SELF), -E_NOCAP);
	EXPECT_EQ("a megapage in a batch", sys_pte_install_batch(EXOS_CAP_SELF, exos_self,
		  &(struct exos_pte_entry){ MEGA_VA, (uint64_t)ppn, MRW }, 1, EXOS_CAP_PAGES), -E_INVAL);
	EXPECT_EQ("a good megapage install", SELF_INSTALL(MEGA_VA, ppn, MRW, EXOS_CAP_PAGES), 0);
	m[0] = 0x1234;
	m[MEGA_BYTES / 8 - 1] = 0x5678;
	m[300 * 512 + 1] = 0x9abc;
	EXPECT_EQ("it reads back what was written at both ends", m[0] * 0x10000 + m[MEGA_BYTES / 8 - 1],
		  0x12345678);
	EXPECT_EQ("map its page 300 alone", SELF_INSTALL(TEST_VA, ppn + 300, EXOS_PTE_R, EXOS_CAP_PAGES), 0);
	EXPECT_EQ("which holds what was written there", ((volatile uint64_t *)TEST_VA)[1], 0x9abc);
	EXPECT_EQ("its PTE reads back as a megapage with A and D",
		  sys_pte_read(EXOS_CAP_SELF, exos_self, MEGA_VA) & (EXOS_PTE_MEGA | 0xff),
		  EXOS_PTE_MEGA | 0xd7);
	EXPECT_EQ("so does an address inside it", sys_pte_read(EXOS_CAP_SELF, exos_self, MEGA_VA + 9 * 4096),
		  sys_pte_read(EXOS_CAP_SELF, exos_self, MEGA_VA));
	EXPECT_EQ("every page holds a reference (page 300 two)", run_refs(ppn), MEGA_PAGES + 1);
	EXPECT_EQ("a 4 KiB install inside it",
		  SELF_INSTALL(MEGA_VA + 7 * 4096, ppn, EXOS_PTE_R, EXOS_CAP_PAGES), -E_BUSY);
	EXPECT_EQ("a second megapage over it", SELF_INSTALL(MEGA_VA, ppn, MR, EXOS_CAP_PAGES), -E_BUSY);
	EXPECT_EQ("protect it without the megapage flag",
		  sys_pte_protect(EXOS_CAP_SELF, exos_self, MEGA_VA, EXOS_PTE_R, EXOS_CAP_PAGES), -E_INVAL);
	EXPECT_EQ("protect a 4 KiB page with it",
		  sys_pte_protect(EXOS_CAP_SELF, exos_self, TEST_VA, MR, EXOS_CAP_PAGES), -E_INVAL);
	EXPECT_EQ("protect it read-only", sys_pte_protect(EXOS_CAP_SELF, exos_self, MEGA_VA, MR,
							   EXOS_CAP_PAGES), 0);
	exos_set_fault_handler(count_fault);
	faults = 0;
	store_word(MEGA_VA + 100 * 4096, 1);
	EXPECT_EQ("a store to it faults now", faults * 100 + (fault_addr == MEGA_VA + 100 * 4096), 101);
	exos_set_fault_handler(0);
	EXPECT_EQ("remove it from an address inside it",
		  sys_pte_remove(EXOS_CAP_SELF, exos_self, MEGA_VA + 9 * 4096), 0);
	EXPECT_EQ("it is gone", sys_pte_read(EXOS_CAP_SELF, exos_self, MEGA_VA), -E_NOENT);
	sys_pte_remove(EXOS_CAP_SELF, exos_self, TEST_VA);
	EXPECT_EQ("every reference is returned", run_refs(ppn), 0);
	EXPECT_EQ("and every page frees", free_run(ppn), 0);
}

/** A megapage over a 4 KiB mapping is refused (E_BUSY); over the empty
 * 4 KiB table that mapping leaves behind, it frees the table. */
TEST(megapage_over_table)
{
	long ppn = alloc_mega_run(), ours;
	const unsigned MR = EXOS_PTE_R | EXOS_PTE_MEGA;

	EXPECT_EQ("a 4 KiB mapping in the range", SELF_INSTALL(MEGA_VA + 4096, ppn, EXOS_PTE_R,
							     EXOS_CAP_PAGES), 0);
	EXPECT_EQ("a megapage over it", SELF_INSTALL(MEGA_VA, ppn, MR, EXOS_CAP_PAGES), -E_BUSY);
	sys_pte_remove(EXOS_CAP_SELF, exos_self, MEGA_VA + 4096);
	ours = exos_envs[EXOS_ENV_SLOT(exos_self)].pages;
	EXPECT_EQ("a megapage over the empty table", SELF_INSTALL(MEGA_VA, ppn, MR, EXOS_CAP_PAGES), 0);
	EXPECT_EQ("frees the table page", exos_envs[EXOS_ENV_SLOT(exos_self)].pages, ours - 1);
	sys_pte_remove(EXOS_CAP_SELF, exos_self, MEGA_VA);
	EXPECT_EQ("all pages free again", free_run(ppn), 0);
}

/** A range holding one of our own page-table pages cannot be a
 * megapage, writable or not, though every other page in it is ours. */
TEST_FLAGS(megapage_table_page, TEST_IN_PARENT)
{
	static long held[70000];
	long ppn = alloc_mega_run(), nheld = 0, base = (long)exos_info->pages_base_ppn;
	const uint64_t fresh = MEGA_VA + 64 * MEGA_BYTES;   /* no 4 KiB table there yet */

	/* A mapping in the same GiB first, so that fresh needs only the
	 * last-level table (the upper one stays when it is removed). */
	SELF_INSTALL(MEGA_VA, ppn + 1, EXOS_PTE_R, EXOS_CAP_PAGES);
	sys_pte_remove(EXOS_CAP_SELF, exos_self, MEGA_VA);
	/* Only page 100 of the run free: the next table page is that one. */
	while (exos_info->pages_free > 0 && nheld < 70000) {
		long p = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
		if (p < 0)
			break;
		held[nheld++] = p;
	}
	sys_page_free(EXOS_CAP_PAGES, (unsigned long)(ppn + 100));
	EXPECT_EQ("a mapping that needs a table page", SELF_INSTALL(fresh, ppn + 5, EXOS_PTE_R,
							     EXOS_CAP_PAGES), 0);
	for (long i = 0; i < nheld; i++)
		sys_page_free(EXOS_CAP_PAGES, (unsigned long)held[i]);
	EXPECT_EQ("page 100 of the run is our page-table page now",
		  PAGES[ppn + 100 - base].type * 1000 + (PAGES[ppn + 100 - base].owner == exos_self),
		  EXOS_PAGE_PT * 1000 + 1);
	EXPECT_EQ("a writable megapage over it",
		  SELF_INSTALL(MEGA_VA, ppn, RW | EXOS_PTE_MEGA, EXOS_CAP_PAGES), -E_PERM);
	EXPECT_EQ("a read-only one", SELF_INSTALL(MEGA_VA, ppn, EXOS_PTE_R | EXOS_PTE_MEGA,
						  EXOS_CAP_PAGES), -E_PERM);
	EXPECT_EQ("even with the root capability",
		  SELF_INSTALL(MEGA_VA, ppn, RW | EXOS_PTE_MEGA, EXOS_CAP_ROOT), -E_PERM);
	EXPECT_EQ("takes no reference", run_refs(ppn), 1);   /* the mapping at fresh */
	sys_pte_remove(EXOS_CAP_SELF, exos_self, fresh);
	EXPECT_EQ("the rest of the run frees", free_run(ppn), 0);
}

/** A range holding a page of another env cannot be our megapage. */
TEST(megapage_other_env)
{
	long id = sys_env_create(0, 0), ppn = alloc_mega_run();
	int ecap = exos_cap_find(EXOS_NS_ENV, (uint32_t)id), pcap = exos_cap_find(EXOS_NS_PAGE, (uint32_t)id);

	sys_page_free(EXOS_CAP_PAGES, (unsigned long)(ppn + 200));
	EXPECT_EQ("page 200 of the run goes to another env",
		  sys_page_alloc(pcap, (unsigned long)(ppn + 200), (uint32_t)id), ppn + 200);
	EXPECT_EQ("a megapage over it with our page capability",
		  SELF_INSTALL(MEGA_VA, ppn, EXOS_PTE_R | EXOS_PTE_MEGA, EXOS_CAP_PAGES), -E_NOCAP);
	EXPECT_EQ("takes no reference", run_refs(ppn), 0);
	sys_env_destroy(ecap, (uint32_t)id);
	sys_cap_delete(ecap);
	sys_cap_delete(pcap);
	EXPECT_EQ("the rest of the run frees", free_run(ppn), 0);
}

int main(void)
{
	test_run_all("t_mem");
	printf("t_mem: %d failures\n", check_failures);
	return check_failures;
}
