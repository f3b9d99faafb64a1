/*
 * t_revoke - visible revocation and the abort protocol: a cooperative
 * env gives back the pages asked; an uncooperative one has them taken
 * by force, listed in its repossession vector, with no mapping left
 * (the kernel's invariant check at exit verifies every mapping); with
 * libexos's default handler, an env gives back exactly what is asked
 * from its spare pool, and one whose pool is empty says so and has the
 * pages taken at once.  The
 * hog fills memory to half the low-water mark, so that the kernel's
 * first resort, dropping idle envs' page tables, is not enough.
 */
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "exos/exos.h"
#include "exos/pages.h"

#define PAGES ((const volatile struct exos_page *)EXOS_PAGES_VA)
#define CACHE_VA 0x1200000000UL
/* The cache lives on the hog's heap, so the program image (which every
 * spawned env copies) stays small enough for the requester to be below
 * its guaranteed minimum. */
static uint32_t *cache;
static int ncache, cache_max;
static volatile uint64_t never;

static void give_back(unsigned n)
{
	while (n-- && ncache > 0)
		sys_page_free(EXOS_CAP_PAGES, cache[--ncache]);
}

enum { COOPERATIVE = 1, UNCOOPERATIVE, SPARES, NO_SPARES };

/* Fill memory with a cache of pages (mapped when asked), then sleep.
 * SPARES first touches 64 heap pages and shrinks the heap again, which
 * leaves them in libexos's spare pool; the default handler serves both
 * SPARES and NO_SPARES. */
static int hog(long mode)
{
	struct exos_pred p = { .nterms = 1 };
	static struct exos_pte_entry b[EXOS_PTE_BATCH_MAX];

	if (mode == COOPERATIVE)
		exos_set_revoke_handler(give_back);
	else if (mode == UNCOOPERATIVE)
		exos_set_revoke_handler(0);
	cache_max = (int)exos_info->pages_total;
	cache = sbrk(cache_max * (int)sizeof(*cache));
	if (mode == SPARES) {
		/* The cache's own pages first, or it would take the spares. */
		memset(cache, 0, (size_t)cache_max * sizeof(*cache));
		volatile char *s = sbrk(64 * 4096);
		for (int i = 0; i < 64; i++)
			s[i * 4096] = 1;
		sbrk(-64 * 4096);
	}
	/* The revocation handler reads it: it must never be dropped. */
	sys_guarantee(EXOS_CAP_SELF, exos_self, (uintptr_t)cache,
		      (unsigned long)cache_max * sizeof(*cache));
	while (exos_info->pages_free > exos_info->revoke_low / 2 && ncache < cache_max) {
		long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
		if (ppn < 0)
			break;
		cache[ncache++] = (uint32_t)ppn;
	}
	for (int i = 0; mode == UNCOOPERATIVE && i + EXOS_PTE_BATCH_MAX <= ncache;
	     i += EXOS_PTE_BATCH_MAX) {
		for (int j = 0; j < EXOS_PTE_BATCH_MAX; j++)
			b[j] = (struct exos_pte_entry){ CACHE_VA + (uint64_t)(i + j) * 4096, cache[i + j],
							EXOS_PTE_R | EXOS_PTE_W };
		sys_pte_install_batch(EXOS_CAP_SELF, exos_self, b, EXOS_PTE_BATCH_MAX, EXOS_CAP_PAGES);
	}
	for (int i = ncache - ncache % EXOS_PTE_BATCH_MAX; mode == UNCOOPERATIVE && i < ncache; i++)
		sys_pte_install(EXOS_CAP_SELF, exos_self, CACHE_VA + (uint64_t)i * 4096, cache[i],
				EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES);
	p.term[0] = (struct exos_pred_term){ (uintptr_t)&never, ~0UL, 1, 8, EXOS_PRED_EQ, 1, { 0 } };
	for (;;)
		sys_sleep_until(&p);
	return 0;
}

/* A small env asking for pages: retries while a revocation runs.  It
 * is made before the memory runs low (building it then would start
 * revocations of its own) and starts asking once its parent sleeps
 * waiting for it. */
static int requester(long n)
{
	const volatile struct exos_env *parent = &exos_envs[EXOS_ENV_SLOT((uint32_t)getppid())];
	struct exos_pred p = { .nterms = 1 };
	long got = 0, tries = 0;

	p.term[0] = (struct exos_pred_term){ (uintptr_t)&parent->state, ~0UL, EXOS_ENV_SLEEPING, 4,
					     EXOS_PRED_EQ, 1, { 0 } };
	while (parent->state != EXOS_ENV_SLEEPING)
		sys_sleep_until(&p);

	while (got < n && tries++ < 1000000) {
		long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
		if (ppn > 0)
			got++;
		else if (ppn == -E_AGAIN)
			sys_yield(0);
		else
			break;
	}
	return (int)got;
}

static void run(int mode, const char *name)
{
	uint64_t revocations = exos_info->revocations, repossessed = exos_info->repossessed;
	/* Ours count too: the kernel drops and we refill our table pages. */
	uint64_t free0 = exos_info->pages_free + exos_envs[EXOS_ENV_SLOT(exos_self)].pages;
	/* Each allocation below the low-water mark may start a revocation
	 * of 16 (one at a time): asking 4 keeps it within 64 spares. */
	int need = mode >= SPARES ? 4 : 20;
	long r = exos_spawn(requester, need, EXOS_ENV_F_LEFTOVER);
	long h = exos_spawn(hog, mode, EXOS_ENV_F_LEFTOVER);
	int status = -1;
	char what[96];

	while (exos_envs[EXOS_ENV_SLOT(h)].state != EXOS_ENV_SLEEPING ||
	       exos_info->pages_free > exos_info->revoke_low / 2 + 8)
		sys_yield(0);
	uint32_t hog_pages = exos_envs[EXOS_ENV_SLOT(h)].pages;
	exos_wait((uint32_t)r, &status);   /* we sleep: the requester starts */
	snprintf(what, sizeof(what), "%s: the small env got its %d pages", name, need);
	EXPECT_EQ(what, status, need);
	/* Give the deadline time to pass, then look. */
	uint64_t until = exos_rdtime() + 3 * exos_info->revoke_ticks;
	while (exos_rdtime() < until)
		sys_yield(0);
	snprintf(what, sizeof(what), "%s: a revocation was asked", name);
	EXPECT_EQ(what, exos_info->revocations > revocations, 1);
	const volatile struct exos_repossession *repo =
		(const volatile struct exos_repossession *)EXOS_REPO_VA;
	(void)repo;
	uint64_t taken = exos_info->repossessed - repossessed;
	uint32_t now_pages = exos_envs[EXOS_ENV_SLOT(h)].pages;
	uint64_t asked = 16 * (exos_info->revocations - revocations);
	if (mode == COOPERATIVE) {
		snprintf(what, sizeof(what), "%s: nothing was taken by force", name);
		EXPECT_EQ(what, taken, 0);
		snprintf(what, sizeof(what), "%s: it gave back at least 16 pages", name);
		EXPECT_EQ(what, hog_pages - now_pages >= 16, 1);
	} else if (mode == SPARES) {
		snprintf(what, sizeof(what), "%s: nothing was taken by force", name);
		EXPECT_EQ(what, taken, 0);
		snprintf(what, sizeof(what), "%s: it gave back exactly the 16 asked each time", name);
		EXPECT_EQ(what, hog_pages - now_pages, asked);
		snprintf(what, sizeof(what), "%s: at most its 64 spares were asked", name);
		EXPECT_EQ(what, asked >= 16 && asked <= 64, 1);
	} else if (mode == NO_SPARES) {
		snprintf(what, sizeof(what), "%s: every page asked was taken by force", name);
		EXPECT_EQ(what, taken, asked);
		snprintf(what, sizeof(what), "%s: it holds that many fewer", name);
		EXPECT_EQ(what, hog_pages - now_pages, asked);
	} else {
		snprintf(what, sizeof(what), "%s: 16 pages were taken by force", name);
		EXPECT_EQ(what, taken, 16);
		snprintf(what, sizeof(what), "%s: the env holds at least 16 pages fewer", name);
		EXPECT_EQ(what, hog_pages - now_pages >= 16, 1);
		snprintf(what, sizeof(what), "%s: and is still alive", name);
		EXPECT_EQ(what, exos_envs[EXOS_ENV_SLOT(h)].state, EXOS_ENV_SLEEPING);
		/* Its cache mappings: exactly 16 holes, none pointing at a page
		 * that is no longer its own. */
		int ecap = exos_cap_find(EXOS_NS_ENV, (uint32_t)h), holes = 0, stale = 0, seen = 0;
		for (uint64_t i = 0; i < exos_info->pages_total && seen < (int)hog_pages; i++) {
			long pte = sys_pte_read(ecap, (uint32_t)h, CACHE_VA + i * 4096);
			if (pte < 0) {
				holes++;
				if (holes > 64 + 16)
					break;
				continue;
			}
			seen++;
			uint64_t ppn = ((uint64_t)pte >> 10) & ((1UL << 44) - 1);
			stale += PAGES[ppn - exos_info->pages_base_ppn].owner != (uint32_t)h;
		}
		snprintf(what, sizeof(what), "%s: no mapping of a taken page is left", name);
		EXPECT_EQ(what, stale, 0);
		snprintf(what, sizeof(what), "%s: the taken pages were mapped ones (holes)", name);
		EXPECT_EQ(what, holes >= 16, 1);
	}
	int hcap = exos_cap_find(EXOS_NS_ENV, (uint32_t)h);
	sys_env_destroy(hcap, (uint32_t)h);
	exos_wait((uint32_t)h, 0);
	snprintf(what, sizeof(what), "%s: every page is free again (or ours)", name);
	EXPECT_EQ(what, exos_info->pages_free + exos_envs[EXOS_ENV_SLOT(exos_self)].pages, free0);
}

/* Each test runs in the program itself: under memory pressure the kernel
 * drops the page tables of idle envs, a forked tester's parent among
 * them, so only the one env that is the whole system can count pages. */

/** A cooperative env gives back the pages asked; nothing is taken by force. */
TEST_FLAGS(cooperative, TEST_IN_PARENT)
{
	run(COOPERATIVE, "cooperative");
}

/** An env that ignores revocation has 16 mapped pages taken, with no mapping of them left. */
TEST_FLAGS(uncooperative, TEST_IN_PARENT)
{
	run(UNCOOPERATIVE, "uncooperative, pages mapped");
}

/** libexos's default handler gives back exactly what is asked from its spare pool. */
TEST_FLAGS(default_handler_spares, TEST_IN_PARENT)
{
	run(SPARES, "default handler, spare pool");
}

/** With no spares the default handler says so, and the pages asked are taken at once. */
TEST_FLAGS(default_handler_no_spares, TEST_IN_PARENT)
{
	run(NO_SPARES, "default handler, no spares");
}

int main(void)
{
	test_run_all("t_revoke");
	printf("t_revoke: %d failures\n", check_failures);
	return check_failures;
}
