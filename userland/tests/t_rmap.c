/*
 * t_rmap - the inverse mappings the kernel exports at EXOS_RMAP_VA
 * (exos/pages.h): their exact contents after installs, removes, a share
 * to another env and its destruction, a fork, a megapage, table drops,
 * STLB refills and evictions; and, when the kernel was booted with a
 * small pool (rmap_entries=N), what happens when it runs full.  The
 * kernel's invariant check at exit compares every entry with the real
 * bindings.
 */
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "testlib.h"
#include "exos/exos.h"
#include "exos/pages.h"

#define PAGES ((const volatile struct exos_page *)EXOS_PAGES_VA)
#define RMAP ((const volatile struct exos_rmap *)EXOS_RMAP_VA)
/* Their STLB slots (va / 4 KiB mod 256) clear of the first heap pages',
 * which a table drop would otherwise let evict them: TEST_VA's from 200,
 * FILL_VA's from 64 (a full pool of rmap_entries=200 fills fewer than
 * 192 more, so they never wrap around). */
#define TEST_VA (0x1100000000UL + 200 * 4096)
#define FILL_VA (0x1200000000UL + 64 * 4096)
#define MEGA_VA 0x1400000000UL
#define MEGA_PAGES 512
#define STLB_SPAN (256 * 4096UL)   /* kernel/stlb.h: STLB_ENTRIES, direct-mapped by va */
#define RW (EXOS_PTE_R | EXOS_PTE_W)

static const volatile struct exos_page *page(long ppn)
{
	return &PAGES[ppn - (long)exos_info->pages_base_ppn];
}

/* Entries on ppn's own chain. */
static long chain_len(long ppn)
{
	long n = 0;

	for (uint32_t i = page(ppn)->rmap; i && n < 100000; i = RMAP[i].next)
		n++;
	return n;
}

/* How many entries on ppn's chain say env maps it at va (flags: 0, or
 * EXOS_RMAP_MEGA). */
static long entries(long ppn, uint32_t env, uint64_t va, uint64_t flags)
{
	long n = 0;

	for (uint32_t i = page(ppn)->rmap; i; i = RMAP[i].next)
		n += RMAP[i].env == env && RMAP[i].va == (va | flags);
	return n;
}

static long install(uint64_t va, long ppn, unsigned perms)
{
	return sys_pte_install(EXOS_CAP_SELF, exos_self, va, (unsigned long)ppn, perms,
			       EXOS_CAP_PAGES);
}

static long remove_va(uint64_t va)
{
	return sys_pte_remove(EXOS_CAP_SELF, exos_self, va);
}

/** An install adds exactly one entry (env, va) and takes one from the
 * pool; a second mapping adds a second; a remove takes exactly its own. */
TEST(install_remove)
{
	long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
	uint32_t free0 = exos_info->rmap_free;

	EXPECT_EQ("a fresh page has no inverse mapping", page(ppn)->rmap, 0);
	EXPECT_EQ("install at TEST_VA", install(TEST_VA, ppn, RW), 0);
	EXPECT_EQ("one entry: us at TEST_VA", entries(ppn, exos_self, TEST_VA, 0), 1);
	EXPECT_EQ("and nothing else", chain_len(ppn), 1);
	EXPECT_EQ("it took one entry from the pool", free0 - exos_info->rmap_free, 1);
	EXPECT_EQ("install it again 4 KiB up", install(TEST_VA + 4096, ppn, EXOS_PTE_R), 0);
	EXPECT_EQ("two entries", chain_len(ppn), 2);
	EXPECT_EQ("the new one names its va", entries(ppn, exos_self, TEST_VA + 4096, 0), 1);
	EXPECT_EQ("the reference count equals the entries", page(ppn)->refcnt, 2);
	EXPECT_EQ("protect changes no entry",
		  sys_pte_protect(EXOS_CAP_SELF, exos_self, TEST_VA, EXOS_PTE_R, EXOS_CAP_PAGES) == 0 &&
		  chain_len(ppn) == 2, 1);
	EXPECT_EQ("remove the first", remove_va(TEST_VA), 0);
	EXPECT_EQ("its entry went", entries(ppn, exos_self, TEST_VA, 0), 0);
	EXPECT_EQ("the other stayed", entries(ppn, exos_self, TEST_VA + 4096, 0), 1);
	EXPECT_EQ("remove the second", remove_va(TEST_VA + 4096), 0);
	EXPECT_EQ("no entry left", page(ppn)->rmap, 0);
	EXPECT_EQ("the pool is back where it was", exos_info->rmap_free, free0);
	sys_page_free(EXOS_CAP_PAGES, (unsigned long)ppn);
}

/** Dropping the page tables moves bindings into the STLB: the entries
 * stay; a refill changes none; removing a binding held only in the STLB
 * takes its entry; one evicted from the STLB by a colliding binding
 * loses its entry (and its reference) with it. */
TEST(drop_refill_evict)
{
	long a = sys_page_alloc(EXOS_CAP_PAGES, 0, 0), b = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
	uint32_t free0 = exos_info->rmap_free;

	install(TEST_VA, a, RW);
	install(TEST_VA + 4096, b, RW);
	*(volatile uint64_t *)TEST_VA = 7;
	EXPECT_EQ("tables dropped", sys_tables_drop(EXOS_CAP_SELF, exos_self) > 0, 1);
	EXPECT_EQ("a's entry stays while it is held only in the STLB",
		  entries(a, exos_self, TEST_VA, 0) == 1 && chain_len(a) == 1, 1);
	EXPECT_EQ("a refill (a touch) reads it back", *(volatile uint64_t *)TEST_VA, 7);
	EXPECT_EQ("and changes no entry", entries(a, exos_self, TEST_VA, 0) == 1 && chain_len(a) == 1,
		  1);
	EXPECT_EQ("b is held only in the STLB: removing it", remove_va(TEST_VA + 4096), 0);
	EXPECT_EQ("takes its entry", chain_len(b), 0);
	/* A binding one STLB span up lands in a's slot: a drop moves a
	 * there first, then the colliding one evicts it for good. */
	EXPECT_EQ("b installed where it collides with a in the STLB",
		  install(TEST_VA + STLB_SPAN, b, RW), 0);
	remove_va(TEST_VA);
	install(TEST_VA, a, RW);    /* its STLB slot is a's again */
	sys_tables_drop(EXOS_CAP_SELF, exos_self);
	EXPECT_EQ("the evicted binding is gone", sys_pte_read(EXOS_CAP_SELF, exos_self, TEST_VA),
		  -E_NOENT);
	EXPECT_EQ("with its entry", chain_len(a), 0);
	EXPECT_EQ("and its reference", page(a)->refcnt, 0);
	EXPECT_EQ("the one that stayed keeps its entry", entries(b, exos_self, TEST_VA + STLB_SPAN, 0),
		  1);
	remove_va(TEST_VA + STLB_SPAN);
	EXPECT_EQ("the pool is back where it was", exos_info->rmap_free, free0);
	sys_page_free(EXOS_CAP_PAGES, (unsigned long)a);
	sys_page_free(EXOS_CAP_PAGES, (unsigned long)b);
}

/** A share (pte_share_batch) into another env adds that env's entry;
 * destroying the env removes every entry it had. */
TEST(share_destroy)
{
	long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
	uint32_t free0 = exos_info->rmap_free;
	long id = sys_env_create(0, 0);
	int ecap = exos_cap_find(EXOS_NS_ENV, (uint32_t)id);
	struct exos_pte_share s = { TEST_VA + 8192, TEST_VA, EXOS_PTE_R | EXOS_PTE_COW };

	install(TEST_VA, ppn, RW);
	EXPECT_EQ("share our page into a new env", sys_pte_share_batch(ecap, (uint32_t)id, &s, 1, 0), 1);
	EXPECT_EQ("its entry names that env and its va", entries(ppn, (uint32_t)id, TEST_VA + 8192, 0),
		  1);
	EXPECT_EQ("ours is still there", entries(ppn, exos_self, TEST_VA, 0), 1);
	EXPECT_EQ("two entries, two references", chain_len(ppn) * 10 + page(ppn)->refcnt, 22);
	EXPECT_EQ("destroy the env", sys_env_destroy(ecap, (uint32_t)id), 0);
	EXPECT_EQ("its entry went with it", entries(ppn, (uint32_t)id, TEST_VA + 8192, 0), 0);
	EXPECT_EQ("ours alone is left", chain_len(ppn), 1);
	remove_va(TEST_VA);
	EXPECT_EQ("every entry of the env and its own pages is back in the pool",
		  exos_info->rmap_free, free0);
	sys_cap_delete(ecap);
	sys_cap_delete(exos_cap_find(EXOS_NS_PAGE, (uint32_t)id));
	sys_page_free(EXOS_CAP_PAGES, (unsigned long)ppn);
}

/* A data page of its own: nothing else we write lives on it. */
static volatile uint64_t shared_page[512] __attribute__((aligned(4096))) = { 1 };

/** After fork, the page holding a data word is mapped by parent and
 * child at the same va (copy-on-write); when the child is gone, only the
 * parent's entry is left. */
TEST(fork)
{
	uintptr_t va = (uintptr_t)shared_page;
	long pte = sys_pte_read(EXOS_CAP_SELF, exos_self, va);
	long ppn = (long)(((unsigned long)pte >> 10) & ((1UL << 44) - 1));
	int status, fds[2];
	char c;

	EXPECT_EQ("the data page is ours alone before fork", chain_len(ppn), 1);
	pipe(fds);
	pid_t pid = fork();
	if (pid == 0) {
		read(fds[0], &c, 1);   /* never comes: it is killed */
		_exit(0);
	}
	EXPECT_EQ("after fork the child maps it at the same va", entries(ppn, (uint32_t)pid, va, 0), 1);
	EXPECT_EQ("and so do we", entries(ppn, exos_self, va, 0), 1);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	close(fds[0]);
	close(fds[1]);
	EXPECT_EQ("the child's entry went with it", entries(ppn, (uint32_t)pid, va, 0), 0);
	EXPECT_EQ("the page has one entry per mapping left", chain_len(ppn), page(ppn)->refcnt);
}

/** A megapage is one entry, flagged EXOS_RMAP_MEGA, on its first page's
 * chain, while each of its 512 pages holds a reference; removing it (from
 * any address inside) takes the entry. */
TEST(megapage)
{
	long ppn = alloc_mega_run();
	uint32_t free0 = exos_info->rmap_free;

	EXPECT_EQ("a free 2 MiB-aligned run of 512 pages", ppn != 0, 1);
	EXPECT_EQ("a megapage install", install(MEGA_VA, ppn, RW | EXOS_PTE_MEGA), 0);
	EXPECT_EQ("one flagged entry on the first page", entries(ppn, exos_self, MEGA_VA, EXOS_RMAP_MEGA),
		  1);
	EXPECT_EQ("the first page's chain holds only it", chain_len(ppn), 1);
	EXPECT_EQ("the other pages have no entry of their own",
		  chain_len(ppn + 1) + chain_len(ppn + 511), 0);
	EXPECT_EQ("but a reference each", page(ppn + 1)->refcnt + page(ppn + 511)->refcnt, 2);
	EXPECT_EQ("it took one pool entry", free0 - exos_info->rmap_free, 1);
	EXPECT_EQ("a table drop keeps the megapage and its entry",
		  sys_tables_drop(EXOS_CAP_SELF, exos_self) >= 0 && chain_len(ppn) == 1, 1);
	EXPECT_EQ("remove it from an address inside", remove_va(MEGA_VA + 300 * 4096), 0);
	EXPECT_EQ("its entry went", chain_len(ppn), 0);
	EXPECT_EQ("the pool is back where it was", exos_info->rmap_free, free0);
	for (int k = 0; k < MEGA_PAGES; k++)
		sys_page_free(EXOS_CAP_PAGES, (unsigned long)(ppn + k));
}

static long pool_results[8];

/* Map ppn at FILL_VA, FILL_VA + 4 KiB, ... until an install fails;
 * returns how many were made, the failure in *err.  Nothing here may
 * fault in a new page: the pool may be full. */
static long fill(long ppn, long *err)
{
	long n = 0, r;

	while ((r = install(FILL_VA + (uint64_t)n * 4096, ppn, EXOS_PTE_R)) == 0 && n < 100000)
		n++;
	*err = r;
	return n;
}

/** With the pool full: a single install, a batch and a share fail with
 * E_NOMEM and leave nothing mapped; creating an env fails; a table drop
 * and the STLB refills after it need no entry and still work; removing
 * the mappings gives every entry back.  (Only with rmap_entries=N: the
 * pool is global, and a fork would take entries from it too.) */
TEST_FLAGS(pool_full, TEST_IN_PARENT)
{
	long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0), other = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
	uint32_t free0 = exos_info->rmap_free;
	struct exos_pte_entry b = { TEST_VA, (uint64_t)other, EXOS_PTE_R };
	struct exos_pte_share s = { TEST_VA + 4096, FILL_VA, EXOS_PTE_R };
	long err;

	if (exos_info->rmap_entries >= 4096) {
		printf("ok the pool of %u entries is filled only when booted with rmap_entries=N\n",
		       exos_info->rmap_entries);
		sys_page_free(EXOS_CAP_PAGES, (unsigned long)ppn);
		sys_page_free(EXOS_CAP_PAGES, (unsigned long)other);
		return;
	}
	printf("t_rmap: filling a pool of %u entries, %u free\n", exos_info->rmap_entries, free0);
	long made = fill(ppn, &err);
	pool_results[0] = err;
	pool_results[1] = exos_info->rmap_free;
	pool_results[2] = install(TEST_VA, other, EXOS_PTE_R);
	pool_results[3] = sys_pte_install_batch(EXOS_CAP_SELF, exos_self, &b, 1, EXOS_CAP_PAGES);
	pool_results[4] = sys_pte_share_batch(EXOS_CAP_SELF, exos_self, &s, 1, 0);
	pool_results[5] = sys_pte_read(EXOS_CAP_SELF, exos_self, TEST_VA) == -E_NOENT &&
			  sys_pte_read(EXOS_CAP_SELF, exos_self, TEST_VA + 4096) == -E_NOENT;
	pool_results[6] = sys_env_create(0, 0);
	sys_tables_drop(EXOS_CAP_SELF, exos_self);
	long sum = 0;
	for (long i = 0; i < made; i++)
		sum += *(volatile uint8_t *)(FILL_VA + (uint64_t)i * 4096) == 0;
	pool_results[7] = sum == made && page(ppn)->refcnt == (uint32_t)made;
	for (long i = 0; i < made; i++)
		remove_va(FILL_VA + (uint64_t)i * 4096);
	EXPECT_EQ("every free entry went to the fill", made, free0);
	EXPECT_EQ("then an install fails with E_NOMEM", pool_results[0], -E_NOMEM);
	EXPECT_EQ("the pool says none is free", pool_results[1], 0);
	EXPECT_EQ("an install of another page: E_NOMEM", pool_results[2], -E_NOMEM);
	EXPECT_EQ("a batch: E_NOMEM", pool_results[3], -E_NOMEM);
	EXPECT_EQ("a share: E_NOMEM", pool_results[4], -E_NOMEM);
	EXPECT_EQ("none of them mapped anything", pool_results[5], 1);
	EXPECT_EQ("creating an env: E_NOMEM", pool_results[6], -E_NOMEM);
	EXPECT_EQ("after a table drop every page refills from the STLB", pool_results[7], 1);
	EXPECT_EQ("removing them gives every entry back", exos_info->rmap_free, free0);
	EXPECT_EQ("and the page has no entry left", page(ppn)->rmap, 0);
	sys_page_free(EXOS_CAP_PAGES, (unsigned long)ppn);
	sys_page_free(EXOS_CAP_PAGES, (unsigned long)other);
}

int main(void)
{
	printf("t_rmap: %u entries, %u free\n", exos_info->rmap_entries, exos_info->rmap_free);
	test_run_all("t_rmap");
	printf("t_rmap: %d failures\n", check_failures);
	return check_failures;
}
