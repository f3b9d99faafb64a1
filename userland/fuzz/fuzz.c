/*
 * fuzz - a typed random system-call fuzzer (README: "The fuzzer").
 *
 * Run as init.  The supervisor reads its settings from the kernel
 * command line (exos_info->bootargs):
 *   fuzz_seed=N       the campaign's seed (default 1); printed first
 *   fuzz_ms=N         stop after N ms of guest time (default 5000)
 *   fuzz_calls=N      or after N calls, whichever comes first
 *   fuzz_workers=N    fuzzing envs at once, 1-8 (default 4)
 *   fuzz_kcheck_ms=N  run the kernel's invariant check every N ms (200;
 *                     less often if it takes more than a tenth of the time)
 *   fuzz_trace        print every call as it is made
 *   fuzz_free=N       memory pressure: hold pages (mapped nowhere) so that
 *                     only about N stay free; below the kernel's revoke_low
 *                     that makes it revoke (from us, the biggest holder) and
 *                     take pages by force, and drop tables of envs that wait
 * spawns the workers, gives each capabilities for the others (so they
 * target each other), replaces those that end, stops those that stall,
 * runs the kernel's invariant check on the way, prints a progress line
 * each guest second, and at the end checks that every page came back.
 * Its last line:
 *   fuzz: N calls, P panics, I invariant failures, H hangs, L leaked pages
 * (panics and hangs are the runner's to count: scripts/fuzz.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

#define NSTATUS 8
static const char *const status_names[NSTATUS] = {
	"killed by a peer or destroyed", "finished", "stopped", "disturbed by a peer",
	"ended by a fault", "failed", "exited", "killed by the kernel",
};

static struct {
	uint64_t seed, ms, max_calls, kcheck_ms;
	uint32_t nworkers;
	int slice_cap;
	uint64_t ctl_ppn, ring_ppn[FZ_MAX_WORKERS];
	uint64_t calls, hash, by_nr[FZ_NCALLS];
	uint64_t ended[NSTATUS], stalled, spawned, spawn_failed;
	uint64_t resumed, recovered, pcts, zero_checked;
	uint32_t kcheck_failures, oracle_failures;
	uint64_t kchecks;
	uint64_t free_target, hogged;
} sup;

#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* The numbers of kernel/syscalls.tbl's rows (exos/sysno.h). */
#define ROW(nr, name, nargs, kinds) nr,
static const uint16_t rows[] = { SYS_LIST(ROW) };
#define NROWS (sizeof(rows) / sizeof(rows[0]))

#define RING_VA(i) (FZ_SHARED_VA + 4096UL * (1 + (i)))

/* The number after name= on the command line, or dflt. */
static uint64_t arg_num(const char *name, uint64_t dflt)
{
	const char *a = (const char *)exos_info->bootargs;
	size_t n = strlen(name);

	for (const char *p = a; *p; p++)
		if ((p == a || p[-1] == ' ') && !strncmp(p, name, n) && p[n] == '=')
			return strtoull(p + n + 1, 0, 0);
	return dflt;
}

static int arg_flag(const char *name)
{
	const char *a = (const char *)exos_info->bootargs;
	size_t n = strlen(name);

	for (const char *p = a; *p; p++)
		if ((p == a || p[-1] == ' ') && !strncmp(p, name, n) && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

static uint64_t ms_ticks(uint64_t n)
{
	return exos_info->timebase_hz / 1000 * n;
}

/* ---------------------------------------------------------------- set-up */

/* The recipes, and each call no recipe names (fuzzed from its table row
 * alone: README, "The fuzzer", says how to give it recipes). */
static void announce_recipes(void)
{
	fz_recipes_init();
	printf("fuzz: %u recipes for %u system calls\n", fz_nrecipes(), (unsigned)NROWS);
	for (unsigned i = 0; i < fz_nrecipes(); i++)
		if (fz_recipe_generic(i))
			printf("fuzz: %s (%u) has no recipe of its own: arguments of the kinds its "
			       "row in kernel/syscalls.tbl gives, results unchecked\n",
			       fz_recipe_name(i), fz_recipe_nr(i));
}

static uint64_t shared_page(uint64_t va)
{
	long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);

	if (ppn <= 0 || sys_pte_install(EXOS_CAP_SELF, exos_self, va, (uint64_t)ppn,
					EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES)) {
		printf("fuzz: no memory for the shared pages\n");
		exit(2);
	}
	return (uint64_t)ppn;
}

static void setup(void)
{
	uint32_t slice_ns = EXOS_NS_SLICE;

	/* Never dropped with our tables (under memory pressure the kernel
	 * drops them, and its STLB may lose a binding we keep no table for). */
	sys_guarantee(EXOS_CAP_SELF, exos_self, FZ_SHARED_VA, RING_VA(sup.nworkers) - FZ_SHARED_VA);
	sup.ctl_ppn = shared_page(FZ_SHARED_VA);
	for (uint32_t i = 0; i < sup.nworkers; i++)
		sup.ring_ppn[i] = shared_page(RING_VA(i));
	fz_ctl->magic = FZ_MAGIC;
	fz_ctl->seed = sup.seed;
	fz_ctl->nworkers = sup.nworkers;
	fz_ctl->trace_all = (uint32_t)arg_flag("fuzz_trace");
	fz_ctl->sup = exos_self;
	fz_ctl->nharts = exos_info->nharts;
	/* Workers may take any slice position but 15, which we hold on every
	 * hart so that we always get to run. */
	sup.slice_cap = (int)sys_cap_derive(EXOS_CAP_ROOT, -1, &slice_ns, 1, EXOS_CAP_RIGHTS);
	for (uint32_t h = 0; h < exos_info->nharts; h++)
		sys_slice_alloc(sup.slice_cap, h, EXOS_NSLICES - 1);
	/* No slice-end upcalls for us (we are switched out without them):
	 * in real time on a loaded host the kernel may count a vCPU the host
	 * descheduled as one that ignored them (its instret follows host
	 * time there), and three end init and the campaign.  Under memory
	 * pressure we keep the entry: revocation upcalls come through it. */
	if (!sup.free_target)
		sys_env_set_entry(EXOS_CAP_SELF, exos_self, EXOS_ENTRY_INTERRUPT, 0);
	/* After a panic, scripts/fuzz.sh --replay reads the rings here. */
	printf("fuzz: trace pages");
	for (uint32_t i = 0; i < sup.nworkers; i++)
		printf(" %lx", (unsigned long)sup.ring_ppn[i]);
	printf("\n");
}

/* fuzz_free: take pages until about free_target are left (at most max
 * at a time: the campaign goes on meanwhile).  The kernel takes what it
 * needs back by force (our unmapped pages first: these). */
static void hog(uint64_t max)
{
	for (uint64_t n = 0; sup.free_target && n < max &&
	     exos_info->pages_free > sup.free_target + 64; n++) {
		if (sys_page_alloc(EXOS_CAP_PAGES, 0, 0) <= 0)
			break;
		sup.hogged++;
	}
}

/* ---------------------------------------------------------------- workers */

/* Capabilities of each other in both directions: full rights over the
 * env, reading its pages (never writing: the memory canaries). */
static void introduce(uint32_t a, uint32_t b)
{
	int env = exos_cap_find(EXOS_NS_ENV, a), pages = exos_cap_find(EXOS_NS_PAGE, a);

	sys_cap_grant(env, b, EXOS_CAP_RIGHTS);
	sys_cap_grant(pages, b, EXOS_CAP_R | EXOS_CAP_GRANT);
}

/* Our capability slots: what workers granted us goes (keep ours, the
 * root, the slice capability, and those of the workers now running). */
static void clean_caps(void)
{
	for (int k = 3; k < EXOS_CAP_SLOTS; k++) {
		const volatile struct exos_cap *c = &exos_caps->slot[k];
		int keep = k == sup.slice_cap || !(c->flags & EXOS_CAP_F_USED);
		if (c->parent == 0 && c->name.len == 2 && c->rights == EXOS_CAP_RIGHTS)
			for (uint32_t i = 0; i < sup.nworkers; i++)
				keep |= fz_ctl->w[i].id && c->name.comp[1] == fz_ctl->w[i].id;
		if (!keep)
			sys_cap_delete(k);
	}
}

static void spawn(uint32_t i)
{
	volatile struct fz_wslot *w = &fz_ctl->w[i];
	uint32_t gen = w->gen + 1;

	clean_caps();
	long id = exos_spawn(fz_worker, (long)(i | gen << 8), EXOS_ENV_F_LEFTOVER);
	int envcap = id > 0 ? exos_cap_find(EXOS_NS_ENV, (uint32_t)id) : -1;
	if (id <= 0 ||
	    sys_pte_install(envcap, (uint32_t)id, FZ_SHARED_VA, sup.ctl_ppn,
			    EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES) ||
	    sys_pte_install(envcap, (uint32_t)id, FZ_RING_VA, sup.ring_ppn[i],
			    EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES)) {
		if (id > 0)
			sys_env_destroy(envcap, (uint32_t)id);   /* reaped: we are its parent */
		sup.spawn_failed++;
		return;
	}
	memset((void *)w, 0, sizeof(*w));
	memset((void *)RING_VA(i), 0, 4096);
	w->gen = gen;
	w->id = (uint32_t)id;
	w->beat = exos_rdtime();
	sys_cap_grant(sup.slice_cap, (uint32_t)id, EXOS_CAP_R | EXOS_CAP_W);
	for (uint32_t j = 0; j < sup.nworkers; j++)
		if (j != i && fz_ctl->w[j].id) {
			introduce((uint32_t)id, fz_ctl->w[j].id);
			introduce(fz_ctl->w[j].id, (uint32_t)id);
		}
	sup.spawned++;
	__atomic_store_n(&w->ready, 1, __ATOMIC_RELEASE);
}

/* Why worker slot i ended (status_names), from its last word or its
 * row (read before the slot is reaped). */
static int end_kind(const volatile struct fz_wslot *w)
{
	const volatile struct exos_env *row = &exos_envs[EXOS_ENV_SLOT(w->id)];

	if (w->done)
		return (int)w->done;
	if (row->id == w->id && (row->flags & EXOS_ENV_F_KILLED))
		return 7;
	if (row->id == w->id && row->exit_status == EXOS_STATUS_DESTROYED)
		return 0;
	return 6;
}

/* Worker slot i has ended: count it, free its slot. */
static void account(uint32_t i)
{
	volatile struct fz_wslot *w = &fz_ctl->w[i];
	int kind = end_kind(w);

	exos_wait(w->id, 0);
	sup.ended[kind]++;
	sup.oracle_failures += kind == FZ_DONE_FAIL;
	sup.calls += w->calls;
	sup.hash = fz_hash(fz_hash(fz_hash(sup.hash, w->hash), w->phash), w->calls);
	for (int k = 0; k < FZ_NCALLS; k++)
		sup.by_nr[k] += w->by_nr[k];
	sup.resumed += w->resumed, sup.recovered += w->recovered;
	sup.pcts += w->pcts, sup.zero_checked += w->zero_checked;
	fz_ctl->past[fz_ctl->npast++ % FZ_PAST] = w->id;
	w->id = 0;
	w->ready = 0;
}

static int ended(uint32_t i)
{
	uint32_t id = fz_ctl->w[i].id;
	const volatile struct exos_env *row = &exos_envs[EXOS_ENV_SLOT(id)];

	return id && (row->id != id || row->state == EXOS_ENV_FREE);
}

/* Envs no worker will look after: children of workers that ended. */
/* Envs alive before the campaign (the library's terminal server): not
 * ours to destroy, and their pages count as theirs throughout. */
static uint32_t bystanders[EXOS_MAX_ENVS];

static int bystander(uint32_t id)
{
	return id && bystanders[EXOS_ENV_SLOT(id)] == id;
}

static void note_bystanders(void)
{
	for (int k = 0; k < EXOS_MAX_ENVS; k++)
		if (exos_envs[k].state != EXOS_ENV_FREE && exos_envs[k].id != exos_self)
			bystanders[k] = exos_envs[k].id;
}

/* Pages free plus those of every env alive (page tables come and go with
 * the kernel's table drops, but are their env's): the same at the end,
 * when only we and the bystanders are left, or pages leaked. */
static uint64_t pages_accounted(void)
{
	uint64_t n = exos_info->pages_free;

	for (int k = 0; k < EXOS_MAX_ENVS; k++)
		if (exos_envs[k].state != EXOS_ENV_FREE)
			n += exos_envs[k].pages;
	return n;
}

static void destroy_strays(int all)
{
	for (int k = 1; k < EXOS_MAX_ENVS; k++) {
		const volatile struct exos_env *row = &exos_envs[k];
		uint32_t id = row->id;
		if (row->state == EXOS_ENV_FREE || id == exos_self || fz_is_worker(id) ||
		    bystander(id))
			continue;
		if (all || !fz_is_worker(row->parent))
			sys_env_destroy(EXOS_CAP_ROOT, id);
	}
}

/* A worker that made no call for 2 s is stuck (a peer took its leftover
 * time away, or it waits on one that did): replace it. */
static void watchdog(uint64_t now)
{
	for (uint32_t i = 0; i < sup.nworkers; i++) {
		volatile struct fz_wslot *w = &fz_ctl->w[i];
		if (w->id && w->ready && (int64_t)(now - w->beat) > (int64_t)ms_ticks(2000) &&
		    exos_envs[EXOS_ENV_SLOT(w->id)].state != EXOS_ENV_DYING) {
			sys_env_destroy(EXOS_CAP_ROOT, w->id);
			sup.stalled++;
		}
	}
}

static void kcheck(void)
{
	long n = sys_kcheck(EXOS_CAP_ROOT);

	if (n != 0) {
		printf("\nFAIL fuzz: the kernel's invariant check found %ld violations\n", n);
		sup.kcheck_failures += n > 0 ? (uint32_t)n : 1;
	}
}

/* Sleep until a worker ends or fails, at most 10 ms. */
static void wait_event(uint64_t seen)
{
	struct exos_pred p = { .nterms = 2 };

	p.term[0] = (struct exos_pred_term){ (uint64_t)&exos_info->envs_ended, ~0UL, seen, 8,
					     EXOS_PRED_NE, 1, { 0 } };
	p.term[1] = (struct exos_pred_term){ (uint64_t)&fz_ctl->failed, ~0UL, 0, 4, EXOS_PRED_NE,
					     1, { 0 } };
	sys_sleep_deadline(&p, exos_rdtime() + ms_ticks(10));
}

static uint64_t calls_so_far(void)
{
	uint64_t n = sup.calls;

	for (uint32_t i = 0; i < sup.nworkers; i++)
		n += fz_ctl->w[i].id ? fz_ctl->w[i].calls : 0;
	return n;
}

static void campaign(void)
{
	uint64_t start = exos_rdtime(), end = start + ms_ticks(sup.ms), next_check = start;
	uint64_t next_beat = start + ms_ticks(1000);

	for (uint32_t i = 0; i < sup.nworkers; i++)
		spawn(i);
	for (;;) {
		uint64_t seen = exos_info->envs_ended, now = exos_rdtime();
		for (uint32_t i = 0; i < sup.nworkers; i++) {
			if (ended(i))
				account(i);
			if (!fz_ctl->w[i].id && !fz_ctl->failed && now < end)
				spawn(i);
		}
		destroy_strays(0);
		watchdog(now);
		hog(512);
		if (now >= next_check) {
			/* Every kcheck_ms, but the check (which holds the kernel
			 * lock while it walks every page) takes at most a tenth. */
			kcheck();
			uint64_t took = exos_rdtime() - now;
			next_check = now + MAX(ms_ticks(sup.kcheck_ms), 10 * took);
			sup.kchecks++;
		}
		if (now >= next_beat) {
			/* The runner's sign of life (scripts/fuzz.sh: no line for
			 * minutes is a hang). */
			printf("fuzz: %lu ms, %lu calls\n", (unsigned long)((now - start) / ms_ticks(1)),
			       (unsigned long)calls_so_far());
			next_beat += ms_ticks(1000);
		}
		if (fz_ctl->failed || sup.kcheck_failures || now >= end ||
		    calls_so_far() >= sup.max_calls)
			break;
		wait_event(seen);
	}
}

/* Tell the workers to stop; end those that do not within 0.5 s. */
static void wind_down(void)
{
	uint64_t give_up = exos_rdtime() + ms_ticks(500);
	int left;

	fz_ctl->stop = 1;
	do {
		left = 0;
		for (uint32_t i = 0; i < sup.nworkers; i++) {
			if (ended(i))
				account(i);
			left += fz_ctl->w[i].id != 0;
		}
		if (left)
			sys_sleep_deadline(0, exos_rdtime() + ms_ticks(1));
	} while (left && exos_rdtime() < give_up);
	for (uint32_t i = 0; i < sup.nworkers; i++)
		if (fz_ctl->w[i].id) {
			sys_env_destroy(EXOS_CAP_ROOT, fz_ctl->w[i].id);
			account(i);
		}
	/* One running on another hart dies at its next trap: wait for every
	 * env but us to be gone before counting pages. */
	uint64_t limit = exos_rdtime() + ms_ticks(2000);
	for (int left = 1; left && exos_rdtime() < limit;) {
		destroy_strays(1);
		left = 0;
		for (int k = 0; k < EXOS_MAX_ENVS; k++)
			left += exos_envs[k].state != EXOS_ENV_FREE && exos_envs[k].id != exos_self &&
				!bystander(exos_envs[k].id);
		if (left)
			sys_sleep_deadline(0, exos_rdtime() + ms_ticks(1));
	}
	clean_caps();
}

/* ---------------------------------------------------------------- the end */

static void report(uint64_t ms, uint64_t busy, long leaked)
{
	int never = 0;

	printf("\n");   /* after whatever a worker's cons_write left unfinished */
	printf("fuzz: calls per system call:");
	for (unsigned k = 0; k < NROWS; k++)
		printf(" %s %lu", fz_call_name(rows[k]), (unsigned long)sup.by_nr[rows[k]]);
	printf("\n");
	for (unsigned k = 0; k < NROWS; k++)
		if (!sup.by_nr[rows[k]])
			printf("%s%s", never++ ? ", " : "fuzz: never called: ", fz_call_name(rows[k]));
	if (never)
		printf("\n");
	printf("fuzz: %lu workers:", (unsigned long)sup.spawned);
	for (int k = 0; k < NSTATUS; k++)
		printf("%s %lu %s", k ? "," : "", (unsigned long)sup.ended[k], status_names[k]);
	printf("; %lu stalled, %lu spawns failed\n", (unsigned long)sup.stalled,
	       (unsigned long)sup.spawn_failed);
	printf("fuzz: %lu PCTs served, %lu resumes landed, %lu hostile resumes faulted as they "
	       "should, %lu fresh pages found zero, %lu invariant checks\n", (unsigned long)sup.pcts,
	       (unsigned long)sup.resumed, (unsigned long)sup.recovered,
	       (unsigned long)sup.zero_checked, (unsigned long)sup.kchecks);
	if (sup.free_target)
		printf("fuzz: memory pressure: %lu pages held, %lu revocations, %lu pages taken by "
		       "force, %lu table pages dropped\n", (unsigned long)sup.hogged,
		       (unsigned long)exos_info->revocations, (unsigned long)exos_info->repossessed,
		       (unsigned long)exos_info->tables_dropped);
	printf("fuzz: trace hash %016lx\n", (unsigned long)sup.hash);
	printf("fuzz: %lu calls in %lu ms of guest time, %lu calls/s\n", (unsigned long)sup.calls,
	       (unsigned long)ms, (unsigned long)(ms ? sup.calls * 1000 / ms : 0));
	if (exos_info->nharts == 1 && exos_info->counters_ok && sup.calls)
		printf("fuzz: %lu instructions per call (not idle, everything counted)\n",
		       (unsigned long)(busy / sup.calls));
	printf("fuzz: invariant failures: %u kernel (kcheck), %u oracle\n", sup.kcheck_failures,
	       sup.oracle_failures);
	printf("fuzz: %lu calls, 0 panics, %u invariant failures, 0 hangs, %ld leaked pages\n",
	       (unsigned long)sup.calls, sup.kcheck_failures + sup.oracle_failures, leaked);
}

int main(void)
{
	sup.seed = arg_num("fuzz_seed", 1);
	sup.ms = arg_num("fuzz_ms", 5000);
	sup.max_calls = arg_num("fuzz_calls", UINT64_MAX);
	sup.kcheck_ms = arg_num("fuzz_kcheck_ms", 200);
	sup.nworkers = (uint32_t)arg_num("fuzz_workers", 4);
	sup.free_target = arg_num("fuzz_free", 0);
	if (sup.nworkers < 1 || sup.nworkers > FZ_MAX_WORKERS)
		sup.nworkers = 4;
	/* The supervisor takes no notifications: env_notify needs no
	 * capability for an env that takes them, so the workers' random
	 * notifications would be signals that end it. */
	sys_env_set_flags(EXOS_CAP_SELF, exos_self, EXOS_ENV_F_LEFTOVER);
	printf("fuzz: seed %lu, %u workers, %lu ms, %u harts%s\n", (unsigned long)sup.seed,
	       sup.nworkers, (unsigned long)sup.ms, exos_info->nharts,
	       arg_flag("fuzz_trace") ? ", tracing every call" : "");
	announce_recipes();
	setup();
	hog(UINT64_MAX);
	note_bystanders();
	uint64_t accounted = pages_accounted(), t0 = exos_rdtime();
	uint64_t i0 = exos_rdinstret() - exos_idle_instret();
	campaign();
	wind_down();
	uint64_t ms = (exos_rdtime() - t0) / ms_ticks(1);
	uint64_t busy = exos_rdinstret() - exos_idle_instret() - i0;
	kcheck();
	long leaked = (long)accounted - (long)pages_accounted();
	if (fz_ctl->failed) {
		/* The failing worker printed its ring; the others' show what ran
		 * beside it. */
		for (uint32_t i = 0; i < sup.nworkers; i++)
			if (i + 1 != fz_ctl->failed)
				fz_trace_print_ring((int)i, (const struct fz_ring *)RING_VA(i), 16);
	}
	report(ms, busy, leaked);
	return sup.kcheck_failures || sup.oracle_failures || leaked ? 1 : 0;
}
