/*
 * shared.c - the system-wide shared region (shared.h).
 */
#include <string.h>
#include "exos/exos.h"
#include "shared.h"
#include "signal.h"

#define SHARED_MAGIC 0x53484152u   /* "SHAR" */

/* Our slot of [NS_PAGE, holder] + 1 (0: not attached), private: a fork
 * child resets it at once. */
static int cap_1 EXOS_PRIVATE;
static int failed EXOS_PRIVATE;

static struct exos_shared *hdr(void)
{
	return (struct exos_shared *)EXOS_SHARED_VA;
}

static void guarantee(void)
{
	sys_guarantee(EXOS_CAP_SELF, exos_self, EXOS_SHARED_VA, EXOS_SHARED_PAGES * 4096UL);
}

/* Take up the region our starter mapped for us (it needs no
 * capability: nothing is allocated in it after it is made). */
static int adopt(void)
{
	if (sys_pte_read(EXOS_CAP_SELF, exos_self, EXOS_SHARED_VA) < 0 ||
	    hdr()->magic != SHARED_MAGIC)
		return -1;
	guarantee();
	cap_1 = 1;
	return 0;
}

/* Make a new region: a holder env and its zeroed pages, mapped here. */
static int create(void)
{
	long holder = sys_env_create(0, 0);

	if (holder < 0)
		return -1;
	int envcap = exos_cap_find(EXOS_NS_ENV, (uint32_t)holder);
	int cap = exos_cap_find(EXOS_NS_PAGE, (uint32_t)holder);
	uint64_t ppn[EXOS_SHARED_PAGES];
	for (int i = 0; i < EXOS_SHARED_PAGES; i++) {
		long p = sys_page_alloc(cap, 0, holder);
		if (p < 0 || sys_pte_install(EXOS_CAP_SELF, exos_self, EXOS_SHARED_VA + i * 4096UL,
					     (unsigned long)p, EXOS_PTE_R | EXOS_PTE_W, cap)) {
			for (int k = 0; k < i; k++)
				sys_pte_remove(EXOS_CAP_SELF, exos_self, EXOS_SHARED_VA + k * 4096UL);
			sys_env_destroy(envcap, (uint32_t)holder);
			sys_cap_delete(cap);
			sys_cap_delete(exos_cap_find(EXOS_NS_ENV, (uint32_t)holder));
			return -1;
		}
		ppn[i] = (uint64_t)p;
	}
	memcpy(hdr()->ppn, ppn, sizeof(ppn));
	hdr()->holder = (uint32_t)holder;
	hdr()->creator = exos_self;
	hdr()->magic = SHARED_MAGIC;
	guarantee();
	cap_1 = cap + 1;
	return 0;
}

int exos_shared_attach(void)
{
	if (cap_1)
		return 0;
	if (failed)
		return -1;
	if (adopt() == 0 || create() == 0)
		return 0;
	failed = 1;
	return -1;
}

int exos_shared_ok(void)
{
	return cap_1 || (!failed && adopt() == 0);
}

int exos_shared_give(int envcap, uint32_t id)
{
	if (!exos_shared_ok())
		return 0;   /* none here: the child makes its own if it needs one */
	/* Our own mappings, passed on in one call (fork and spawn pay it for
	 * every process). */
	struct exos_pte_share b[EXOS_SHARED_PAGES];
	for (int i = 0; i < EXOS_SHARED_PAGES; i++)
		b[i] = (struct exos_pte_share){ EXOS_SHARED_VA + i * 4096UL,
						EXOS_SHARED_VA + i * 4096UL,
						EXOS_PTE_R | EXOS_PTE_W };
	long err = sys_pte_share_batch(envcap, id, b, EXOS_SHARED_PAGES, 0);
	return err < 0 ? (int)err : 0;
}

void exos_shared_reset(void)
{
	cap_1 = 0;
	failed = 0;
}

static int env_gone(uint32_t id)
{
	const volatile struct exos_env *e = &exos_envs[EXOS_ENV_SLOT(id)];

	return e->id != id || e->state == EXOS_ENV_FREE;
}

void exos_lock_take(volatile uint32_t *l)
{
	exos_signal_defer();
	for (;;) {
		uint32_t cur = 0;
		if (__atomic_compare_exchange_n(l, &cur, exos_self, 0, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return;
		if (env_gone(cur) && __atomic_compare_exchange_n(l, &cur, exos_self, 0,
								 __ATOMIC_ACQUIRE,
								 __ATOMIC_RELAXED))
			return;
		/* Its holder never sleeps inside: let it run to the end. */
		if (sys_yield(cur) < 0)
			sys_yield(0);
	}
}

void exos_lock_give(volatile uint32_t *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
	exos_signal_undefer();
}
