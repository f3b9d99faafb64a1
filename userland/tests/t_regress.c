/*
 * t_regress - the kernel bugs a random system-call campaign found
 * (issue 11, findings 1-5), each pinned down where it was found:
 * pointers at the top of the address space, a PCT handler's sleep
 * inside a sleep, FP registers across envs and harts, and exported
 * fields that outlive their env.
 */
#include <stdint.h>
#include <unistd.h>
#include "check.h"
#include "exos/exos.h"

#define SHARED_VA 0x1000000000UL
#define TOP_WORD  0xfffffffffffffff8UL

static uint64_t ms(uint64_t n)
{
	return exos_info->timebase_hz / 1000 * n;
}

/* A one-term predicate over the word at va. */
static struct exos_pred one_term(uint64_t va, uint8_t size, uint8_t op, uint64_t value)
{
	struct exos_pred p = { .nterms = 1 };

	p.term[0] = (struct exos_pred_term){ va, ~0UL, value, size, op, 1, { 0 } };
	return p;
}

/* ---------------------------------------------------------------- finding 1 */

/** A predicate term on the last bytes of the address space (sizes 1, 2,
 *  4, 8) is E_FAULT for sleep_until and sleep_deadline: the range check
 *  must not wrap to the info page. */
static void test_pred_top_of_address_space(void)
{
	static const uint8_t sizes[] = { 1, 2, 4, 8 };
	char what[96];

	for (unsigned i = 0; i < sizeof(sizes); i++) {
		struct exos_pred p = one_term(0UL - sizes[i], sizes[i], EXOS_PRED_EQ, 0);
		snprintf(what, sizeof(what), "sleep_until on the last %u bytes of the address space",
			 sizes[i]);
		EXPECT_EQ(what, sys_sleep_until(&p), -E_FAULT);
		snprintf(what, sizeof(what), "sleep_deadline on the last %u bytes", sizes[i]);
		EXPECT_EQ(what, sys_sleep_deadline(&p, exos_rdtime() + ms(1)), -E_FAULT);
	}
}

/** The last word of an exported page is readable by a predicate (the
 *  fixed check keeps the boundary): the env table's last word is 0. */
static void test_pred_last_exported_word(void)
{
	struct exos_pred p = one_term(EXOS_ENVS_VA + 4096 - 8, 8, EXOS_PRED_EQ, 0);

	EXPECT_EQ("a predicate on the env table's last word holds at once", sys_sleep_until(&p), 0);
	p = one_term(EXOS_INFO_VA + 4096 - 8, 8, EXOS_PRED_NE, 0x5a5a5a5a5a5a5a5aUL);
	EXPECT_EQ("and on the info page's last word", sys_sleep_until(&p), 0);
}

/** Every call that takes a pointer refuses one at the last word of the
 *  address space, with its documented error and no fault. */
static void test_pointers_at_top(void)
{
	char *top = (char *)TOP_WORD;

	EXPECT_EQ("cons_write from the last word", sys_cons_write(top, 8), -E_FAULT);
	EXPECT_EQ("cons_read into the last word", sys_cons_read(top, 8), -E_FAULT);
	EXPECT_EQ("env_create with entries at the last word",
		  sys_env_create(0, (const uint64_t *)top), -E_FAULT);
	EXPECT_EQ("cap_derive with extra at the last word",
		  sys_cap_derive(EXOS_CAP_ROOT, -1, (const uint32_t *)top, 2, EXOS_CAP_R), -E_FAULT);
	EXPECT_EQ("pte_install_batch with entries at the last word",
		  sys_pte_install_batch(EXOS_CAP_SELF, exos_self, (const void *)top, 1,
					EXOS_CAP_PAGES), -E_FAULT);
	EXPECT_EQ("pte_share_batch with entries at the last word",
		  sys_pte_share_batch(EXOS_CAP_SELF, exos_self, (const void *)top, 1, 0), -E_FAULT);
	EXPECT_EQ("sleep_until with the predicate at the last word",
		  sys_sleep_until((const struct exos_pred *)top), -E_FAULT);
	EXPECT_EQ("sleep_deadline with the predicate at the last word",
		  sys_sleep_deadline((const struct exos_pred *)top, exos_rdtime() + ms(1)), -E_FAULT);
	EXPECT_EQ("guarantee of the last word", sys_guarantee(EXOS_CAP_SELF, exos_self, TOP_WORD, 8),
		  -E_INVAL);
	EXPECT_EQ("guarantee of a range that wraps",
		  sys_guarantee(EXOS_CAP_SELF, exos_self, 0x1000, ~0UL - 0x800), -E_INVAL);
	EXPECT_EQ("pte_install at the last page", sys_pte_install(EXOS_CAP_SELF, exos_self,
								   0UL - 4096, 1, EXOS_PTE_R,
								   EXOS_CAP_PAGES), -E_INVAL);
	EXPECT_EQ("env_run at the last word", sys_env_run(EXOS_CAP_SELF, exos_self, TOP_WORD,
							   TOP_WORD, 0), -E_INVAL);
	EXPECT_EQ("env_set_entry at the last word",
		  sys_env_set_entry(EXOS_CAP_SELF, exos_self, 0, TOP_WORD), -E_INVAL);
}

/* ---------------------------------------------------------------- finding 2 */

/* The page the PCT tests share with their server (at SHARED_VA). */
struct sleeper_page {
	volatile uint64_t go;          /* the server's sleep ends when this is 1 */
	volatile uint64_t asleep;      /* the server is about to sleep */
	volatile uint64_t handled;     /* calls its handler finished */
	volatile int64_t result;       /* what its sleep returned */
	volatile uint64_t woke_at;     /* rdtime when it returned */
	volatile uint64_t go_at;       /* rdtime when the parent set go */
};
#define SP ((struct sleeper_page *)SHARED_VA)

/* The handler sleeps 1 ms, with its own deadline and no predicate. */
static struct exos_pct_result napping_handler(const long args[6], uint32_t caller, uint32_t kind)
{
	(void)args, (void)caller, (void)kind;
	EXPECT_EQ("the handler's own 1 ms sleep times out",
		  sys_sleep_deadline(0, exos_rdtime() + ms(1)), EXOS_SLEEP_TIMEOUT);
	SP->handled++;
	return (struct exos_pct_result){ 0, 0 };
}

/* Server modes: how it sleeps while a PCT comes in. */
enum { SLEEP_UNTIL, SLEEP_DEADLINE_LONG, SLEEP_DEADLINE_SHORT };

static int sleeping_server(long mode)
{
	struct exos_pred p = one_term((uintptr_t)&SP->go, 8, EXOS_PRED_EQ, 1);
	struct exos_pred never = one_term((uintptr_t)&SP->go, 8, EXOS_PRED_EQ, 99);

	while (sys_pte_read(EXOS_CAP_SELF, exos_self, SHARED_VA) < 0)
		sys_yield(0);
	exos_pct_serve(napping_handler);
	SP->asleep = 1;
	if (mode == SLEEP_UNTIL)
		SP->result = sys_sleep_until(&p);
	else if (mode == SLEEP_DEADLINE_LONG)
		SP->result = sys_sleep_deadline(&p, exos_rdtime() + ms(2000));
	else
		SP->result = sys_sleep_deadline(&never, exos_rdtime() + ms(100));
	SP->woke_at = exos_rdtime();
	return 0;
}

/* A shared page mapped here and in child id; its ppn. */
static long share_page_with(long id)
{
	long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
	int cap = exos_cap_find(EXOS_NS_ENV, (uint32_t)id);

	if (ppn <= 0 || sys_pte_install(EXOS_CAP_SELF, exos_self, SHARED_VA, (unsigned long)ppn,
					EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES) ||
	    sys_pte_install(cap, (uint32_t)id, SHARED_VA, (unsigned long)ppn,
			    EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES))
		return -1;
	return ppn;
}

static void unshare_page(long ppn)
{
	sys_pte_remove(EXOS_CAP_SELF, exos_self, SHARED_VA);
	sys_page_free(EXOS_CAP_PAGES, (unsigned long)ppn);
}

/* Spawn a sleeping server in mode, wait until it sleeps, call it once
 * (its handler naps 1 ms).  Returns its id; *ppn the shared page. */
static long call_a_sleeper(long mode, long *ppn)
{
	long id = exos_spawn(sleeping_server, mode, EXOS_ENV_F_LEFTOVER);

	*ppn = share_page_with(id);
	while (!SP->asleep || exos_envs[EXOS_ENV_SLOT(id)].state != EXOS_ENV_SLEEPING)
		sys_yield(0);
	struct exos_pct_result r = sys_pct_sync(0, 0, 0, 0, 0, 0, (uint32_t)id);
	EXPECT_EQ("the PCT into the sleeping server returns", r.r0, 0);
	EXPECT_EQ("its handler ran once", SP->handled, 1);
	return id;
}

/** A PCT handler's own sleep does not end the sleep it interrupted:
 *  sleep_until (no deadline) and sleep_deadline (2 s) both go on
 *  sleeping until their predicate holds, then return 0. */
static void test_pct_sleep_keeps_interrupted_sleep(long mode, const char *name)
{
	long ppn, id = call_a_sleeper(mode, &ppn);
	char what[96];

	usleep(50000);
	snprintf(what, sizeof(what), "%s: still asleep 50 ms after the call", name);
	EXPECT_EQ(what, exos_envs[EXOS_ENV_SLOT(id)].state, EXOS_ENV_SLEEPING);
	SP->go_at = exos_rdtime();
	SP->go = 1;
	exos_wait((uint32_t)id, 0);
	snprintf(what, sizeof(what), "%s: its sleep returns 0 (the predicate)", name);
	EXPECT_EQ(what, SP->result, 0);
	snprintf(what, sizeof(what), "%s: and only once the predicate held", name);
	EXPECT_EQ(what, SP->woke_at >= SP->go_at, 1);
	unshare_page(ppn);
}

/** The interrupted sleep keeps its own deadline: 100 ms after it began
 *  (not the handler's 1 ms), and it still fires after the call ended. */
static void test_pct_sleep_keeps_deadline(void)
{
	uint64_t t0 = exos_rdtime();
	long ppn, id = call_a_sleeper(SLEEP_DEADLINE_SHORT, &ppn);

	exos_wait((uint32_t)id, 0);
	EXPECT_EQ("the interrupted sleep_deadline times out", SP->result, EXOS_SLEEP_TIMEOUT);
	EXPECT_EQ("no earlier than its own 100 ms deadline", SP->woke_at - t0 >= ms(100), 1);
	EXPECT_EQ("and not long after it (< 1.5 s)", SP->woke_at - t0 < ms(1500), 1);
	unshare_page(ppn);
}

/* ---------------------------------------------------------------- findings 3, 4 */

#define FP_MAGIC 0x5eed000000000000UL

/* Fill every FP register with FP_MAGIC + n and exit at once. */
static int fp_dirtier(long arg)
{
	(void)arg;
	__asm__ volatile(
		".option push\n.option arch, +d\n"
		"li t0, %0\n"
		".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
		"fmv.d.x f\\n, t0\n addi t0, t0, 1\n"
		".endr\n.option pop\n" :: "i"(FP_MAGIC) : "t0", "memory");
	sys_exit(0);
}

/* Exit 0 when no FP register holds a value fp_dirtier wrote. */
static int fp_reader(long arg)
{
	uint64_t f[32];

	(void)arg;
	__asm__ volatile(
		".option push\n.option arch, +d\n"
		".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
		"fsd f\\n, 8*\\n(%0)\n"
		".endr\n.option pop\n" :: "r"(f) : "memory");
	for (int i = 0; i < 32; i++)
		if (f[i] >> 32 == FP_MAGIC >> 32)
			return 1;
	return 0;
}

/** A new env never starts with FP values an ended env left in the
 *  registers (5 rounds of: one env fills them and exits, the next reads). */
static void test_fp_not_inherited(void)
{
	int leaks = 0, status;

	for (int i = 0; i < 5; i++) {
		exos_wait((uint32_t)exos_spawn(fp_dirtier, 0, EXOS_ENV_F_LEFTOVER), &status);
		exos_wait((uint32_t)exos_spawn(fp_reader, 0, EXOS_ENV_F_LEFTOVER), &status);
		leaks += status != 0;
	}
	EXPECT_EQ("fresh envs that saw an ended env's FP registers", leaks, 0);
}

/* Keeps FP registers busy with its own values, sleeping 0.1 ms between
 * rounds so that envs move between harts; stops when SP->go is 1. */
static int fp_churner(long seed)
{
	while (sys_pte_read(EXOS_CAP_SELF, exos_self, SHARED_VA) < 0)
		sys_yield(0);
	for (uint64_t i = 0; !SP->go; i++) {
		uint64_t v = (uint64_t)seed << 40 | i;
		__asm__ volatile(".option push\n.option arch, +d\n"
				 "fmv.d.x fs0, %0\n fmv.d.x fs1, %0\n fmv.d.x ft0, %0\n"
				 ".option pop\n" :: "r"(v) : "fs0", "fs1", "ft0");
		sys_sleep_deadline(0, exos_rdtime() + ms(1) / 10);
	}
	return 0;
}

/* Set fs0 to v, sleep until deadline, return fs0 (one asm block: the
 * compiler must not touch fs0 in between). */
static uint64_t fs0_across_sleep(uint64_t v, uint64_t deadline)
{
	register long a0 __asm__("a0") = 0;
	register long a1 __asm__("a1") = (long)deadline;
	register long a7 __asm__("a7") = SYS_sleep_deadline;
	uint64_t out;

	__asm__ volatile(".option push\n.option arch, +d\n"
			 "fmv.d.x fs0, %[v]\n ecall\n fmv.x.d %[out], fs0\n"
			 ".option pop\n"
			 : [out] "=r"(out), "+r"(a0), "+r"(a1), "+r"(a7)
			 : [v] "r"(v)
			 : "memory", "a2", "a3", "a4", "a5", "a6", "t0", "t1", "t2", "t3", "t4",
			   "t5", "t6", "ra", "fs0", "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6",
			   "ft7", "ft8", "ft9", "ft10", "ft11", "fa0", "fa1", "fa2", "fa3", "fa4",
			   "fa5", "fa6", "fa7");
	return out;
}

/** fs0 (callee-saved) survives 1,000 short sleeps while three other envs
 *  churn FP registers; on several harts the sleeper also changes harts
 *  (counted, so the test shows it exercised migration). */
static void test_fp_survives_migration(void)
{
	long churn[3], ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
	int lost = 0, moves = 0;
	uint32_t slot = EXOS_ENV_SLOT(exos_self), hart = exos_envs[slot].hart;

	sys_pte_install(EXOS_CAP_SELF, exos_self, SHARED_VA, (unsigned long)ppn,
			EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES);
	for (int i = 0; i < 3; i++) {
		churn[i] = exos_spawn(fp_churner, i + 1, EXOS_ENV_F_LEFTOVER);
		int cap = exos_cap_find(EXOS_NS_ENV, (uint32_t)churn[i]);
		sys_pte_install(cap, (uint32_t)churn[i], SHARED_VA, (unsigned long)ppn,
				EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES);
	}
	for (uint64_t i = 0; i < 1000; i++) {
		uint64_t v = 0x0fa5000000000000UL | i;
		lost += fs0_across_sleep(v, exos_rdtime() + ms(1) / 10) != v;
		moves += exos_envs[slot].hart != hart;
		hart = exos_envs[slot].hart;
	}
	SP->go = 1;
	for (int i = 0; i < 3; i++)
		exos_wait((uint32_t)churn[i], 0);
	unshare_page(ppn);
	EXPECT_EQ("fs0 values lost across 1,000 sleeps", lost, 0);
	if (exos_info->nharts > 1)
		EXPECT_EQ("the sleeper changed harts (migration was exercised)", moves > 0, 1);
	printf("t_regress: %d hart changes in 1,000 sleeps\n", moves);
}

/* ---------------------------------------------------------------- finding 5 */

/* The slot of a one-component capability [ns] (one the parent grants). */
static int cap_find_len1(uint32_t ns)
{
	for (int i = 0; i < EXOS_CAP_SLOTS; i++)
		if ((exos_caps->slot[i].flags & EXOS_CAP_F_USED) &&
		    exos_caps->slot[i].name.len == 1 && exos_caps->slot[i].name.comp[0] == ns)
			return i;
	return -1;
}

/* Take two slice positions (with a capability the parent grants) and
 * exit with 42 if the exported row counted them. */
static int slice_taker(long arg)
{
	int scap;

	(void)arg;
	while ((scap = cap_find_len1(EXOS_NS_SLICE)) < 0)
		sys_yield(0);
	if (sys_slice_alloc(scap, 0, 5) || sys_slice_alloc(scap, 0, 7))
		return 1;
	return exos_envs[EXOS_ENV_SLOT(exos_self)].slices == 2 ? 42 : 2;
}

static int do_nothing(long arg)
{
	return (int)arg;
}

/** An env that held slices and ended leaves nothing in its slot's
 *  exported row: the next env there shows 0 slices, its own run count
 *  and no exit status. */
static void test_slot_row_is_fresh(void)
{
	uint32_t extra[1] = { EXOS_NS_SLICE };
	int scap = (int)sys_cap_derive(EXOS_CAP_ROOT, -1, extra, 1, EXOS_CAP_RIGHTS);
	long a = exos_spawn(slice_taker, 0, EXOS_ENV_F_LEFTOVER);
	int status = -1;

	EXPECT_EQ("grant the child a slice capability", sys_cap_grant(scap, (uint32_t)a,
								      EXOS_CAP_RIGHTS) >= 0, 1);
	exos_wait((uint32_t)a, &status);
	EXPECT_EQ("the child held 2 slices", status, 42);
	EXPECT_EQ("its row shows none once it ended", exos_envs[EXOS_ENV_SLOT(a)].slices, 0);
	EXPECT_EQ("its slice positions are free", exos_slices[0][5] + exos_slices[0][7], 0);
	long b = exos_spawn(do_nothing, 0, 0);   /* created, never run: no leftover time */
	EXPECT_EQ("the next env takes the same slot", EXOS_ENV_SLOT(b), EXOS_ENV_SLOT(a));
	const volatile struct exos_env *row = &exos_envs[EXOS_ENV_SLOT(b)];
	EXPECT_EQ("the new env's row shows 0 slices", row->slices, 0);
	EXPECT_EQ("and its own run count", row->runs < 3, 1);
	EXPECT_EQ("and no exit status", row->exit_status, 0);
	sys_env_destroy(exos_cap_find(EXOS_NS_ENV, (uint32_t)b), (uint32_t)b);
	sys_cap_delete(exos_cap_find(EXOS_NS_PAGE, (uint32_t)b));
	sys_cap_delete(exos_cap_find(EXOS_NS_ENV, (uint32_t)b));
	sys_cap_delete(scap);
}

int main(void)
{
	test_pred_top_of_address_space();
	test_pred_last_exported_word();
	test_pointers_at_top();
	test_pct_sleep_keeps_interrupted_sleep(SLEEP_UNTIL, "sleep_until");
	test_pct_sleep_keeps_interrupted_sleep(SLEEP_DEADLINE_LONG, "sleep_deadline");
	test_pct_sleep_keeps_deadline();
	test_fp_not_inherited();
	test_fp_survives_migration();
	test_slot_row_is_fresh();
	printf("t_regress: %d failures\n", check_failures);
	return check_failures;
}
