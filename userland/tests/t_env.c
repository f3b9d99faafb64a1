/*
 * t_env - environments, capabilities, slices, upcalls, PCT and wake-up
 * predicates, each with exact expected values and hostile arguments.
 * Runs as init; every check prints "ok ..." or "FAIL ...".
 */
#include <stdint.h>
#include <string.h>
#include "check.h"
#include "exos/exos.h"

#define BAD_CAP_BIG (1L << 40)
#define KERNEL_VA 0xffffffc080000000UL

static long free_pages(void)
{
	return (long)exos_info->pages_free;
}

/* ---------------------------------------------------------------- envs */

#define EXOS_SHARED_VA 0x1000000000UL

/* The slot of a one-component capability [ns] (a granted slice cap). */
static int exos_cap_find_len1(uint32_t ns)
{
	for (int i = 0; i < EXOS_CAP_SLOTS; i++)
		if ((exos_caps->slot[i].flags & EXOS_CAP_F_USED) &&
		    exos_caps->slot[i].name.len == 1 && exos_caps->slot[i].name.comp[0] == ns)
			return i;
	return -1;
}

static int child_exit_code(long arg)
{
	return (int)arg * 3;
}

/** A spawned env runs its function, its parent waits for its exit status, and its slot is freed. */
TEST(spawn_and_wait)
{
	int status = -99;
	long id = exos_spawn(child_exit_code, 14, EXOS_ENV_F_LEFTOVER);

	EXPECT_EQ("spawn returns an env id", id > 0, 1);
	EXPECT_EQ("the new env's parent is us", exos_envs[EXOS_ENV_SLOT(id)].parent, exos_self);
	EXPECT_EQ("wait returns 0", exos_wait((uint32_t)id, &status), 0);
	EXPECT_EQ("the child's exit status", status, 42);
	EXPECT_EQ("its slot is free again", exos_envs[EXOS_ENV_SLOT(id)].state, EXOS_ENV_FREE);
	EXPECT_EQ("waiting for it again finds nothing to wait for",
		  exos_wait((uint32_t)id + EXOS_MAX_ENVS, &status), -E_NOENT);
}

/** env_create, env_run, env_set_entry, env_set_flags and env_destroy refuse every bad argument. */
TEST_FLAGS(env_hostile, TEST_IN_PARENT)
{
	uint64_t bad_entries[EXOS_NENTRIES] = { EXOS_USER_END, 0, 0, 0 };
	long id = sys_env_create(0, 0);
	int cap = exos_cap_find(EXOS_NS_ENV, (uint32_t)id);

	EXPECT_EQ("env_create with no entries", id > 0, 1);
	EXPECT_EQ("the creator holds its capability", cap >= 0, 1);
	EXPECT_EQ("a fresh env is CREATED", exos_envs[EXOS_ENV_SLOT(id)].state, EXOS_ENV_CREATED);
	EXPECT_EQ("env_create with unknown flags", sys_env_create(0x100, 0), -E_INVAL);
	EXPECT_EQ("env_create with entries at a kernel address",
		  sys_env_create(0, (const uint64_t *)KERNEL_VA), -E_FAULT);
	EXPECT_EQ("env_create with an entry outside user space",
		  sys_env_create(0, bad_entries), -E_INVAL);
	EXPECT_EQ("env_run, capability index 32", sys_env_run(32, (uint32_t)id, 0x10000, 0, 0), -E_RANGE);
	EXPECT_EQ("env_run, capability index -5", sys_env_run(-5, (uint32_t)id, 0x10000, 0, 0), -E_RANGE);
	EXPECT_EQ("env_run, capability index 2^40",
		  raw_syscall(SYS_env_run, BAD_CAP_BIG, id), -E_RANGE);
	EXPECT_EQ("env_run with a capability that does not dominate",
		  sys_env_run(EXOS_CAP_PAGES, (uint32_t)id, 0x10000, 0, 0), -E_NOCAP);
	EXPECT_EQ("env_run of env 0", sys_env_run(cap, 0, 0x10000, 0, 0), -E_NOCAP);
	EXPECT_EQ("env_run with pc in the kernel", sys_env_run(cap, (uint32_t)id, KERNEL_VA, 0, 0),
		  -E_INVAL);
	EXPECT_EQ("env_set_entry, entry 4", sys_env_set_entry(cap, (uint32_t)id, 4, 0x10000), -E_RANGE);
	EXPECT_EQ("env_set_entry outside user space",
		  sys_env_set_entry(cap, (uint32_t)id, 0, EXOS_USER_END), -E_INVAL);
	EXPECT_EQ("env_set_flags with unknown flags", sys_env_set_flags(cap, (uint32_t)id, 8), -E_INVAL);
	EXPECT_EQ("env_destroy, no such env (stale generation)",
		  sys_env_destroy(EXOS_CAP_ROOT, (uint32_t)id + EXOS_MAX_ENVS), -E_NOENT);
	EXPECT_EQ("env_destroy of a sibling's id without a capability",
		  sys_env_destroy(EXOS_CAP_PAGES, (uint32_t)id), -E_NOCAP);
	EXPECT_EQ("env_destroy", sys_env_destroy(cap, (uint32_t)id), 0);
	EXPECT_EQ("env_destroy twice", sys_env_destroy(cap, (uint32_t)id), -E_NOENT);
	EXPECT_EQ("its capability stays (names are never reused)", exos_cap_find(EXOS_NS_ENV, (uint32_t)id), cap);
	sys_cap_delete(cap);
	sys_cap_delete(exos_cap_find(EXOS_NS_PAGE, (uint32_t)id));
}

/** 200 create/destroy cycles succeed and give back every page. */
TEST(create_destroy_cycles)
{
	long before = free_pages();
	int bad = 0;

	for (int i = 0; i < 200 && !bad; i++) {
		long id = sys_env_create(EXOS_ENV_F_LEFTOVER, 0);
		int cap = exos_cap_find(EXOS_NS_ENV, (uint32_t)id);
		bad = id < 0 || cap < 0 || sys_env_destroy(cap, (uint32_t)id) != 0;
		sys_cap_delete(cap);
		sys_cap_delete(exos_cap_find(EXOS_NS_PAGE, (uint32_t)id));
	}
	EXPECT_EQ("200 create/destroy cycles succeed", bad, 0);
	EXPECT_EQ("and return every page", free_pages(), before);
}

/* ---------------------------------------------------------------- caps */

/** cap_derive, cap_grant, cap_revoke and cap_delete check rights, lengths, slots and addresses. */
TEST_FLAGS(caps, TEST_IN_PARENT)
{
	uint32_t extra[2] = { EXOS_NS_SLICE, 0 };
	int root = EXOS_CAP_ROOT;

	int s = (int)sys_cap_derive(root, -1, extra, 1, EXOS_CAP_W | EXOS_CAP_R);
	EXPECT_EQ("derive [slice] from the root", s > 2, 1);
	EXPECT_EQ("the derived name", exos_caps->slot[s].name.len * 100 + exos_caps->slot[s].name.comp[0], 103);
	EXPECT_EQ("derive from a capability without GRANT", sys_cap_derive(s, -1, extra, 1, EXOS_CAP_R), -E_PERM);
	EXPECT_EQ("derive with more components than a name holds",
		  sys_cap_derive(root, -1, extra, 7, EXOS_CAP_R), -E_RANGE);
	EXPECT_EQ("derive with reserved rights", sys_cap_derive(root, -1, extra, 1, 0x100), -E_INVAL);
	EXPECT_EQ("derive into a used slot", sys_cap_derive(root, 0, extra, 1, EXOS_CAP_R), -E_BUSY);
	EXPECT_EQ("derive reading extra from the kernel",
		  sys_cap_derive(root, -1, (const uint32_t *)KERNEL_VA, 1, EXOS_CAP_R), -E_FAULT);
	EXPECT_EQ("grant to env 0", sys_cap_grant(s, 0, EXOS_CAP_R), -E_NOENT);
	EXPECT_EQ("revoke index 99", sys_cap_revoke(99), -E_RANGE);
	EXPECT_EQ("delete an empty slot", sys_cap_delete(31), -E_NOCAP);
	EXPECT_EQ("delete the derived capability", sys_cap_delete(s), 0);
}

/* ---------------------------------------------------------------- slices */

/** slice_alloc and slice_free check position, hart, capability and owner, and export the owner. */
TEST_FLAGS(slices_hostile, TEST_IN_PARENT)
{
	EXPECT_EQ("slice_alloc position 16", sys_slice_alloc(EXOS_CAP_ROOT, 0, 16), -E_RANGE);
	EXPECT_EQ("slice_alloc hart 99", sys_slice_alloc(EXOS_CAP_ROOT, 99, 0), -E_RANGE);
	EXPECT_EQ("slice_alloc without a slice capability", sys_slice_alloc(EXOS_CAP_PAGES, 0, 3), -E_NOCAP);
	EXPECT_EQ("slice_alloc", sys_slice_alloc(EXOS_CAP_ROOT, 0, 3), 0);
	EXPECT_EQ("the exported vector shows the owner", exos_slices[0][3], exos_self);
	EXPECT_EQ("slice_alloc of a taken slice", sys_slice_alloc(EXOS_CAP_ROOT, 0, 3), -E_BUSY);
	EXPECT_EQ("slice_free", sys_slice_free(EXOS_CAP_ROOT, 0, 3), 0);
	EXPECT_EQ("slice_free of a slice one does not hold", sys_slice_free(EXOS_CAP_ROOT, 0, 3), -E_NOENT);
	EXPECT_EQ("the vector shows it free", exos_slices[0][3], 0);
}

/* ---------------------------------------------------------------- exceptions */

static volatile int breakpoints;
static volatile uint64_t seen_cause, seen_kind;

static int on_breakpoint(uint64_t cause, uint64_t tval, uint64_t epc)
{
	(void)tval;
	seen_cause = exos_save->cause;
	seen_kind = exos_save->kind;
	if (cause != 3)
		return 1;
	breakpoints++;
	exos_save->regs[0] = epc + 4;
	return 0;
}

/* Registers that hold values across a breakpoint handled in user space. */
static long breakpoint_keeps_registers(void)
{
	long a = 0x1234, t = 0x5678, s = 0x9abc, out_a, out_t, out_s;

	__asm__ volatile(
		"mv a3, %3\n mv t3, %4\n mv s3, %5\n"
		".option push\n .option norvc\n ebreak\n .option pop\n"
		"mv %0, a3\n mv %1, t3\n mv %2, s3\n"
		: "=r"(out_a), "=r"(out_t), "=r"(out_s)
		: "r"(a), "r"(t), "r"(s)
		: "a3", "t3", "s3", "memory");
	return (out_a == a && out_t == t && out_s == s) ? 0 : 1;
}

/** A breakpoint reaches the handler with cause and kind, and resumes with registers intact. */
TEST(exceptions)
{
	exos_set_exception_handler(on_breakpoint);
	breakpoints = 0;
	EXPECT_EQ("ebreak resumes after the handler with registers intact",
		  breakpoint_keeps_registers(), 0);
	EXPECT_EQ("the handler ran once", breakpoints, 1);
	EXPECT_EQ("the save area is no longer active", exos_save->active, 0);
	EXPECT_EQ("the save area named the cause", seen_cause, 3);
	EXPECT_EQ("and the kind of upcall", seen_kind, EXOS_ENTRY_EXCEPTION);
	exos_set_exception_handler(0);
	EXPECT_EQ("resume outside an upcall", sys_resume(), -E_INVAL);
}

static int nested_fault_handler(uint64_t cause, uint64_t tval, uint64_t epc)
{
	(void)cause, (void)tval, (void)epc;
	volatile int *volatile p = (volatile int *)8;

	return *p;     /* faults again, inside the handler */
}

static int faults_in_handler(long arg)
{
	(void)arg;
	volatile int *volatile p = (volatile int *)16;

	exos_set_exception_handler(nested_fault_handler);
	return *p;
}

/** A fault inside the exception handler aborts the env instead of looping. */
TEST(nested_fault)
{
	int status = 0;
	long id = exos_spawn(faults_in_handler, 0, EXOS_ENV_F_LEFTOVER);

	EXPECT_EQ("wait for an env that faults in its handler", exos_wait((uint32_t)id, &status), 0);
	EXPECT_EQ("it is aborted, not looping", status, EXOS_STATUS_NESTED);
}

/* ---------------------------------------------------------------- save areas */

static int save_area_prober(long parent)
{
	long pte = sys_pte_read(EXOS_CAP_SELF, exos_self, EXOS_SAVE_VA);
	unsigned long ppn = ((unsigned long)pte >> 10) & ((1UL << 44) - 1);
	int bad = 0;

	exos_save->_reserved[0] = 0xc41d;
	bad |= pte <= 0;
	bad |= sys_pte_install(EXOS_CAP_SELF, exos_self, EXOS_SCRATCH_VA, ppn, EXOS_PTE_R,
			       EXOS_CAP_PAGES) != -E_PERM;
	bad |= sys_pte_read(EXOS_CAP_SELF, (uint32_t)parent, EXOS_SAVE_VA) != -E_NOCAP;
	bad |= sys_pte_install(EXOS_CAP_SELF, exos_self, EXOS_SAVE_VA, ppn, EXOS_PTE_R,
			       EXOS_CAP_PAGES) != -E_INVAL;
	return bad;
}

/** An env cannot map its own or another env's save area elsewhere, nor see another's. */
TEST(save_area_isolation)
{
	int status = -1;

	exos_save->_reserved[0] = 0x9a5e;
	long id = exos_spawn(save_area_prober, exos_self, EXOS_ENV_F_LEFTOVER);
	exos_wait((uint32_t)id, &status);
	EXPECT_EQ("an env cannot map its own or another's save area elsewhere", status, 0);
	EXPECT_EQ("the child's writes to its save area are not in ours",
		  exos_save->_reserved[0], 0x9a5e);
}

/* ---------------------------------------------------------------- PCT */

static volatile uint64_t server_stop;

static struct exos_pct_result adder(const long args[6], uint32_t caller, uint32_t kind)
{
	if (args[0] == -1)
		sys_env_destroy(EXOS_CAP_SELF, exos_self);   /* dies mid-call */
	return (struct exos_pct_result){ args[0] + args[1] + args[5], (long)caller * 10 + kind };
}

/* A server: accepts PCTs and sleeps until told to stop. */
static int server(long arg)
{
	struct exos_pred p = { .nterms = 1 };

	(void)arg;
	exos_pct_serve(adder);
	p.term[0] = (struct exos_pred_term){ (uintptr_t)&server_stop, ~0UL, 1, 8, EXOS_PRED_EQ, 1, { 0 } };
	while (!server_stop)
		sys_sleep_until(&p);
	return 0;
}

static void wait_until_serving(long id)
{
	while (!(exos_envs[EXOS_ENV_SLOT(id)].flags & EXOS_ENV_F_ACCEPT_PCT) ||
	       exos_envs[EXOS_ENV_SLOT(id)].state != EXOS_ENV_SLEEPING)
		sys_yield(0);
}

/** PCTs reach a server and bring back its results; bad targets and a dying callee are errors. */
TEST(pct)
{
	long id = exos_spawn(server, 0, EXOS_ENV_F_LEFTOVER);
	struct exos_pct_result r;
	int status = 0;

	wait_until_serving(id);
	r = sys_pct_sync(40, 2, 0, 0, 0, 100, (uint32_t)id);
	EXPECT_EQ("pct_sync returns the callee's first result", r.r0, 142);
	EXPECT_EQ("and its second (caller id * 10 + SYNC)", r.r1, (long)exos_self * 10 + EXOS_PCT_SYNC);
	EXPECT_EQ("pct_async to the server", sys_pct_async(1, 2, 3, 4, 5, 6, (uint32_t)id), 0);
	r = sys_pct_sync(1, 1, 0, 0, 0, 0, 0);
	EXPECT_EQ("pct to env 0", r.r0, -E_NOENT);
	r = sys_pct_sync(1, 1, 0, 0, 0, 0, exos_self);
	EXPECT_EQ("pct to oneself", r.r0, -E_INVAL);
	long plain = sys_env_create(0, 0);
	r = sys_pct_sync(1, 1, 0, 0, 0, 0, (uint32_t)plain);
	EXPECT_EQ("pct to an env that does not accept it", r.r0, -E_PERM);
	int plain_cap = exos_cap_find(EXOS_NS_ENV, (uint32_t)plain);
	sys_env_destroy(plain_cap, (uint32_t)plain);
	sys_cap_delete(plain_cap);
	sys_cap_delete(exos_cap_find(EXOS_NS_PAGE, (uint32_t)plain));
	wait_until_serving(id);
	r = sys_pct_sync(-1, 0, 0, 0, 0, 0, (uint32_t)id);
	EXPECT_EQ("a callee destroyed mid-call gives the caller E_DEAD", r.r0, -E_DEAD);
	EXPECT_EQ("wait for the dead server", exos_wait((uint32_t)id, &status), 0);
	EXPECT_EQ("which was destroyed", status, EXOS_STATUS_DESTROYED);
	r = sys_pct_sync(1, 1, 0, 0, 0, 0, (uint32_t)id);
	EXPECT_EQ("pct to a dead env", r.r0, -E_NOENT);
}

/* ---------------------------------------------------------------- predicates */

static volatile uint64_t flag_word;

static int set_flag_later(long arg)
{
	volatile uint64_t *shared = (volatile uint64_t *)EXOS_SHARED_VA;

	/* The parent maps the page after starting us: on another hart we
	 * may get here first (a loaded host stalls the parent's hart). */
	while (sys_pte_read(EXOS_CAP_SELF, exos_self, EXOS_SHARED_VA) < 0)
		sys_yield(0);
	for (int i = 0; i < 3; i++)
		sys_yield(0);
	*shared = (uint64_t)arg;
	return 0;
}

/** sleep_until checks the predicate and wakes when another env writes the awaited value. */
TEST(predicates)
{
	struct exos_pred p = { .nterms = 1 };
	long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
	volatile uint64_t *shared = (volatile uint64_t *)EXOS_SHARED_VA;

	EXPECT_EQ("allocate a page to share", ppn > 0, 1);
	EXPECT_EQ("map it here", sys_pte_install(EXOS_CAP_SELF, exos_self, EXOS_SHARED_VA,
						  (unsigned long)ppn, EXOS_PTE_R | EXOS_PTE_W,
						  EXOS_CAP_PAGES), 0);
	p.term[0] = (struct exos_pred_term){ EXOS_SHARED_VA, ~0UL, 77, 8, EXOS_PRED_EQ, 1, { 0 } };
	p.nterms = 17;
	EXPECT_EQ("a predicate with 17 terms", sys_sleep_until(&p), -E_RANGE);
	p.nterms = 1;
	p.term[0].va = KERNEL_VA;
	EXPECT_EQ("a predicate on kernel memory", sys_sleep_until(&p), -E_FAULT);
	p.term[0].va = EXOS_SHARED_VA + 4;
	EXPECT_EQ("a misaligned 8-byte term", sys_sleep_until(&p), -E_ALIGN);
	p.term[0].va = EXOS_SHARED_VA;
	p.term[0].op = 99;
	EXPECT_EQ("an unknown comparison", sys_sleep_until(&p), -E_INVAL);
	EXPECT_EQ("a predicate at a kernel address", sys_sleep_until((void *)KERNEL_VA), -E_FAULT);
	p.term[0].op = EXOS_PRED_EQ;

	long id = exos_spawn(set_flag_later, 77, EXOS_ENV_F_LEFTOVER);
	int cap = exos_cap_find(EXOS_NS_ENV, (uint32_t)id);
	/* The child may already be running: map the page into it now. */
	EXPECT_EQ("map the page into the child", sys_pte_install(cap, (uint32_t)id, EXOS_SHARED_VA,
								  (unsigned long)ppn, EXOS_PTE_R | EXOS_PTE_W,
								  EXOS_CAP_PAGES), 0);
	EXPECT_EQ("sleep until the child writes 77", sys_sleep_until(&p), 0);
	EXPECT_EQ("woken with the value there", *shared, 77);
	exos_wait((uint32_t)id, 0);
	EXPECT_EQ("unmap it", sys_pte_remove(EXOS_CAP_SELF, exos_self, EXOS_SHARED_VA), 0);
	EXPECT_EQ("free it", sys_page_free(EXOS_CAP_PAGES, (unsigned long)ppn), 0);
	(void)flag_word;
}

/* ---------------------------------------------------------------- slices, continued */

/* A hog: its slice-end handler never yields. */
static void hog_interrupt(void)
{
	for (;;)
		;
}

static int hog(long arg)
{
	volatile int forever = 1;

	(void)arg;
	sys_env_set_entry(EXOS_CAP_SELF, exos_self, EXOS_ENTRY_INTERRUPT, (uintptr_t)hog_interrupt);
	while (forever)
		;
	return 0;
}

/* Holds the even slices of hart 0 (with a capability its parent grants)
 * and works only in them: counts to n and exits. */
static int worker(long n)
{
	volatile long i;
	int scap;

	while ((scap = exos_cap_find_len1(EXOS_NS_SLICE)) < 0)
		sys_yield(0);
	for (unsigned p = 0; p < EXOS_NSLICES; p += 2)
		if (sys_slice_alloc(scap, 0, p) != 0)
			return 1;
	sys_env_set_flags(EXOS_CAP_SELF, exos_self, 0);
	for (i = 0; i < n; i++)
		;
	return 7;
}

/** A hog ignoring slice-end upcalls is aborted after max_offences; a worker still finishes. */
TEST_FLAGS(hog_is_aborted, TEST_IN_PARENT)
{
	uint32_t extra[1] = { EXOS_NS_SLICE };
	int scap = (int)sys_cap_derive(EXOS_CAP_ROOT, -1, extra, 1, EXOS_CAP_RIGHTS);
	long w = exos_spawn(worker, 3000000, EXOS_ENV_F_LEFTOVER);
	long h = exos_spawn(hog, 0, EXOS_ENV_F_LEFTOVER);
	int st_h = 0, st_w = 0;

	EXPECT_EQ("spawned a worker and a hog", h > 0 && w > 0 && scap > 2, 1);
	EXPECT_EQ("grant the worker a slice capability",
		  sys_cap_grant(scap, (uint32_t)w, EXOS_CAP_RIGHTS) >= 0, 1);
	EXPECT_EQ("wait for the worker", exos_wait((uint32_t)w, &st_w), 0);
	EXPECT_EQ("the worker finished in its slices despite the hog", st_w, 7);
	EXPECT_EQ("wait for the hog", exos_wait((uint32_t)h, &st_h), 0);
	EXPECT_EQ("the hog was aborted for its offences", st_h, EXOS_STATUS_KILLED);
	EXPECT_EQ("after exactly max_offences forced preemptions",
		  exos_envs[EXOS_ENV_SLOT(h)].offences, exos_info->max_offences);
	EXPECT_EQ("the worker's slices are free again", exos_slices[0][0], 0);
	sys_cap_delete(scap);
}

/* Free pages plus the pages this env owns (its page-table pages among
 * them): constant unless pages leak to nobody. */
static long accounted_pages(void)
{
	return free_pages() + exos_envs[EXOS_ENV_SLOT(exos_self)].pages;
}

int main(void)
{
	long before = accounted_pages();

	test_run_all("t_env");
	EXPECT_EQ("every page is back (free + ours)", accounted_pages(), before);
	printf("t_env: %d failures\n", check_failures);
	return check_failures;
}
