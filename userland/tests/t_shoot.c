/*
 * t_shoot - TLB shootdown across harts.  A child env loads from (or
 * stores to) a page in a tight loop, on whichever hart runs it; its
 * parent, on another hart, removes the mapping (or makes it read-only)
 * with pte_remove (pte_protect).  Those calls return only once every
 * hart that may use the old translation has dropped it, so the child's
 * first access after it has seen the parent's "gone" flag must fault:
 * never read the old page, never write it.  Every handshake goes
 * through a shared page and wake-up predicates; nothing waits for a
 * time.  Run on 4 harts, with and without ASIDs (tests/qemu/cases.sh).
 */
#include <stdint.h>
#include "check.h"
#include "exos/exos.h"

#define SHARED_VA 0x1000000000UL
#define DATA_VA   0x1100000000UL
#define ROUNDS    12
#define WARM_READS 2000       /* loads the child makes before the change */
#define STOP      (~0UL)
#define OLD_DATA  0x5eedUL

enum mode { LOAD_AFTER_REMOVE, STORE_AFTER_PROTECT };

/* The shared page: who writes each field is in its comment. */
struct hand {
	uint64_t go;          /* parent: the round the child runs now (STOP: end) */
	uint64_t mode;        /* parent: enum mode of that round */
	uint64_t gone;        /* parent: the call returned: no access may work now */
	uint64_t accesses;    /* child: accesses that worked this round */
	uint64_t stale;       /* child: accesses that worked after it saw gone */
	uint64_t faults;      /* child: faults at DATA_VA, all rounds */
	uint64_t cause;       /* child: scause of the last one */
	uint64_t done;        /* child: the last round it finished */
};

#define H ((volatile struct hand *)SHARED_VA)

static volatile int faulted;

/* The child's handler: a fault at DATA_VA skips the (4-byte) access. */
static int on_fault(uint64_t cause, uint64_t tval, uint64_t epc)
{
	if ((tval & ~0xfffUL) != DATA_VA)
		return 1;
	H->faults++;
	H->cause = cause;
	faulted = 1;
	exos_save->regs[0] = epc + 4;
	return 0;
}

/* One access at DATA_VA; the value loaded (0 for a store or a fault). */
static uint64_t access_data(uint64_t mode)
{
	uint64_t v = 0;

	if (mode == LOAD_AFTER_REMOVE)
		__asm__ volatile(".option push\n.option norvc\nld %0, 0(%1)\n.option pop"
				 : "+r"(v) : "r"(DATA_VA) : "memory");
	else
		__asm__ volatile(".option push\n.option norvc\nsd %0, 0(%1)\n.option pop"
				 :: "r"(OLD_DATA), "r"(DATA_VA) : "memory");
	return v;
}

/* Sleep until the 8-byte word at va is >= value (unsigned). */
static void wait_geu(volatile uint64_t *va, uint64_t value)
{
	struct exos_pred p = { .nterms = 1 };

	p.term[0] = (struct exos_pred_term){ (uintptr_t)va, ~0UL, value, 8, EXOS_PRED_GEU, 1, { 0 } };
	while (*va < value)
		sys_sleep_until(&p);
}

/* Access the page until an access faults; count the ones that worked
 * although the parent had already said the mapping was gone. */
static void child_round(uint64_t round)
{
	uint64_t mode = H->mode;

	faulted = 0;
	for (;;) {
		uint64_t gone = H->gone;
		/* The load of gone is done before the access is attempted. */
		__asm__ volatile("fence r, rw" ::: "memory");
		uint64_t v = access_data(mode);
		if (faulted)
			break;
		if (gone || (mode == LOAD_AFTER_REMOVE && v != OLD_DATA)) {
			H->stale++;
			break;
		}
		H->accesses++;
	}
	H->done = round;
}

static int child(long arg)
{
	(void)arg;
	/* The parent maps the shared page once we exist. */
	while (sys_pte_read(EXOS_CAP_SELF, exos_self, SHARED_VA) < 0)
		sys_yield(0);
	exos_set_fault_handler(on_fault);
	for (uint64_t round = 1;; round++) {
		wait_geu(&H->go, round);
		if (H->go == STOP)
			return 0;
		child_round(round);
	}
}

/* Whether env id runs on a hart other than ours right now. */
static int running_elsewhere(long id)
{
	const volatile struct exos_env *c = &exos_envs[EXOS_ENV_SLOT(id)];

	return c->state == EXOS_ENV_RUNNING && c->hart != exos_envs[EXOS_ENV_SLOT(exos_self)].hart;
}

struct round_result {
	long stale, faults, cause, elsewhere;
};

/* One round: map the data page in the child, let it use the mapping,
 * take the mapping away under it, and wait for its verdict. */
static void parent_round(long id, int ecap, long data, uint64_t round, uint64_t mode,
			 struct round_result *r)
{
	uint64_t faults = H->faults, perms = EXOS_PTE_R;

	if (mode == STORE_AFTER_PROTECT)
		perms |= EXOS_PTE_W;
	*(volatile uint64_t *)DATA_VA = OLD_DATA;
	sys_pte_install(ecap, (uint32_t)id, DATA_VA, (unsigned long)data, perms, EXOS_CAP_PAGES);
	H->accesses = 0;
	H->stale = 0;
	H->gone = 0;
	H->mode = mode;
	__asm__ volatile("fence rw, rw" ::: "memory");
	H->go = round;
	wait_geu(&H->accesses, WARM_READS);
	r->elsewhere += running_elsewhere(id);
	if (mode == LOAD_AFTER_REMOVE)
		sys_pte_remove(ecap, (uint32_t)id, DATA_VA);
	else
		sys_pte_protect(ecap, (uint32_t)id, DATA_VA, EXOS_PTE_R, EXOS_CAP_PAGES);
	H->gone = 1;
	wait_geu(&H->done, round);
	r->stale += (long)H->stale;
	r->faults += (long)(H->faults - faults);
	r->cause = (long)H->cause;
	if (mode == STORE_AFTER_PROTECT)
		sys_pte_remove(ecap, (uint32_t)id, DATA_VA);
}

/* ROUNDS rounds of mode with a child made for them, which then ends. */
static void shootdown(uint64_t mode, const char *what_stale, const char *what_faults,
		      long want_cause)
{
	struct round_result r = { 0, 0, 0, 0 };
	long shared = sys_page_alloc(EXOS_CAP_PAGES, 0, 0), data = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
	int status = -1;

	sys_pte_install(EXOS_CAP_SELF, exos_self, SHARED_VA, (unsigned long)shared,
			EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES);
	sys_pte_install(EXOS_CAP_SELF, exos_self, DATA_VA, (unsigned long)data,
			EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES);
	long id = exos_spawn(child, 0, EXOS_ENV_F_LEFTOVER);
	int ecap = exos_cap_find(EXOS_NS_ENV, (uint32_t)id);
	EXPECT_EQ("spawn the child", id > 0 && ecap >= 0, 1);
	EXPECT_EQ("share a page with it", sys_pte_install(ecap, (uint32_t)id, SHARED_VA,
							  (unsigned long)shared,
							  EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES), 0);
	for (uint64_t round = 1; round <= ROUNDS; round++)
		parent_round(id, ecap, data, round, mode, &r);
	EXPECT_EQ(what_stale, r.stale, 0);
	EXPECT_EQ(what_faults, r.faults, ROUNDS);
	EXPECT_EQ("with the expected cause", r.cause, want_cause);
	if (exos_info->nharts > 1)
		EXPECT_EQ("the child ran on another hart in some round", r.elsewhere > 0, 1);
	H->go = STOP;
	EXPECT_EQ("the child ends", exos_wait((uint32_t)id, &status) * 100 + status, 0);
}

/** Removing a mapping makes the child's next load on another hart fault: never a stale hit. */
TEST(load_after_remove)
{
	shootdown(LOAD_AFTER_REMOVE, "no load works after pte_remove returned",
		  "every round ends in one load page fault", 13);
}

/** Write-protecting a mapping makes the child's next store on another hart fault. */
TEST(store_after_protect)
{
	shootdown(STORE_AFTER_PROTECT, "no store works after pte_protect (read-only) returned",
		  "every round ends in one store page fault", 15);
}

int main(void)
{
	printf("t_shoot: %u harts, %u ASID bits used\n", exos_info->nharts, exos_info->asids_used);
	test_run_all("t_shoot");
	printf("t_shoot: %d failures\n", check_failures);
	return check_failures;
}
