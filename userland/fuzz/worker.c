/*
 * worker.c - one fuzzing env: set-up, the loop, the memory canaries,
 * the upkeep of its children and capability slots, and how it ends
 * (a failure is printed with its last calls; anything else is a quiet
 * exit the supervisor counts).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "calls.h"

static struct fz_state st;
/* Values only this env writes; another env's value here is a leak. */
static uint64_t canary_block[64];

int fz_is_worker(uint32_t id)
{
	for (uint32_t i = 0; i < fz_ctl->nworkers; i++)
		if (id && fz_ctl->w[i].id == id)
			return 1;
	return 0;
}

void fz_fail(struct fz_state *s, const char *fmt, ...)
{
	va_list ap;
	volatile struct fz_wslot *w = &fz_ctl->w[s->slot];

	fflush(stdout);
	printf("\nFAIL fuzz: w%u (env %u%s) at call %lu: ", s->slot, s->self,
	       s->tag >> 31 ? ", PCT handler" : "", (unsigned long)s->seq);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fz_trace_print_ring((int)s->slot, (const struct fz_ring *)FZ_RING_VA, FZ_RING_OWN);
	fflush(stdout);
	w->done = FZ_DONE_FAIL;
	__atomic_store_n(&fz_ctl->failed, s->slot + 1, __ATOMIC_RELEASE);
	exit(FZ_EXIT_FAIL);
}

void fz_quit(struct fz_state *s, uint32_t why)
{
	fz_ctl->w[s->slot].done = why;
	exit(0);
}

/* ---------------------------------------------------------------- set-up */

/* A page of our own mapped read-write at va (and kept: FZ_FIXED_VA is
 * guaranteed). */
static uint64_t fixed_page(struct fz_state *s, uint64_t va)
{
	long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);

	if (ppn <= 0 || sys_pte_install(EXOS_CAP_SELF, s->self, va, (uint64_t)ppn,
					EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES))
		fz_quit(s, FZ_DONE_DISTURBED);   /* out of memory, or a peer in the way */
	return (uint64_t)ppn;
}

static uint64_t ppn_at(struct fz_state *s, uint64_t va)
{
	long pte = sys_pte_read(EXOS_CAP_SELF, s->self, va);

	return pte < 0 ? 0 : ((uint64_t)pte >> 10) & ((1UL << 44) - 1);
}

static void setup_pages(struct fz_state *s)
{
	sys_guarantee(EXOS_CAP_SELF, s->self, FZ_FIXED_VA, FZ_FIXED_SIZE);
	sys_guarantee(EXOS_CAP_SELF, s->self, FZ_SHARED_VA, 2 * 4096);
	s->canary_ppn = fixed_page(s, FZ_CANARY_VA);
	s->cons_ppn = fixed_page(s, FZ_CONS_VA);
	s->edge_ppn = fixed_page(s, FZ_EDGE_VA);
	s->code_ppn = fixed_page(s, FZ_CODE_VA);
	memset((void *)FZ_CONS_VA, '~', 4096);
	for (int i = 63; i < 4096; i += 64)
		((char *)FZ_CONS_VA)[i] = '\n';
	memcpy((void *)FZ_CODE_VA, (const void *)fz_child_code,
	       (size_t)(fz_child_code_end - (char *)fz_child_code));
	for (int k = 0; k < 512; k++)
		((volatile uint64_t *)FZ_CANARY_VA)[k] = fz_canary(s->tag, 0x8000 + (uint32_t)k);
	for (int k = 0; k < 64; k++)
		canary_block[k] = fz_canary(s->tag, 0x4000 + (uint32_t)k);
	s->data_ppn = ppn_at(s, (uint64_t)canary_block);
}

/* Our row says what a fresh env's row must (issue 11, finding 5). */
static void check_own_row(struct fz_state *s)
{
	const volatile struct exos_env *row = &exos_envs[EXOS_ENV_SLOT(s->self)];

	if (row->id != s->self || row->parent != s->sup || row->slices || row->in_call ||
	    row->exit_status || row->offences || row->state != EXOS_ENV_RUNNING)
		fz_fail(s, "a fresh worker's row: id %u parent %u slices %u in_call %u exit_status %d "
			"offences %u state %u", row->id, row->parent, row->slices, row->in_call,
			row->exit_status, row->offences, row->state);
	fz_slices_check(s, "start");
}

static void find_slice_cap(struct fz_state *s)
{
	s->slice_cap = -1;
	for (int i = 0; i < EXOS_CAP_SLOTS; i++) {
		const volatile struct exos_cap *c = &exos_caps->slot[i];
		if ((c->flags & EXOS_CAP_F_USED) && c->name.len == 1 && c->name.comp[0] == EXOS_NS_SLICE)
			s->slice_cap = i;
	}
}

/* ---------------------------------------------------------------- upkeep */

/* A canary word that changed: on a page still ours, someone wrote it. */
static void canary_check(struct fz_state *s, const volatile uint64_t *w, int n, uint32_t base,
			 uint64_t ppn, const char *where)
{
	for (int k = 0; k < n; k++) {
		uint64_t v = w[k];
		if (v == fz_canary(s->tag, base + (uint32_t)k))
			continue;
		if (!fz_mapped_to(s, (uint64_t)&w[k], ppn))
			fz_quit(s, FZ_DONE_DISTURBED);    /* a peer remapped it */
		fz_fail(s, "%s word %d is %016lx%s", where, k, (unsigned long)v,
			fz_is_canary(v) ? ", another env's value" : "");
	}
}

/* A child that ended: its status says whether it started clean
 * (fz_child_code); reap it (we are its parent). */
static void children_upkeep(struct fz_state *s)
{
	for (int i = 0; i < FZ_MAX_CHILDREN; i++) {
		uint32_t id = s->children[i];
		const volatile struct exos_env *row = &exos_envs[EXOS_ENV_SLOT(id)];
		if (!id || (row->id == id && row->state != EXOS_ENV_FREE))
			continue;
		if (row->id == id) {
			int status = row->exit_status;
			if (status == FZ_CHILD_INT)
				fz_fail(s, "child %u started with integer registers not clean", id);
			if (status > 0 && (status & FZ_CHILD_FP))
				fz_fail(s, "child %u started with FP register %d (32: fcsr) not zero: "
					"bits 47-40 of its value %02x, bits 31-16 %04x", id,
					status >> 24 & 0x3f, status >> 16 & 0xff, status & 0xffff);
			long err = sys_env_reap(id);
			if (err && (row->flags & EXOS_ENV_F_ZOMBIE))
				fz_fail(s, "env_reap of our ended child %u returned %ld", id, err);
		}
		s->children[i] = 0;
		fz_note_stale(s, id);
	}
}

/* Whether capability slot k is one we must keep: ours, the slice one,
 * a region's we made, or a live child's. */
static int cap_needed(struct fz_state *s, int k)
{
	const volatile struct exos_cap *c = &exos_caps->slot[k];

	if (k <= EXOS_CAP_PAGES || k == s->slice_cap || fz_region_cap(s, k))
		return 1;
	if (c->name.len != 2 || (c->name.comp[0] != EXOS_NS_ENV && c->name.comp[0] != EXOS_NS_PAGE))
		return 0;
	for (int i = 0; i < FZ_MAX_CHILDREN; i++)
		if (s->children[i] && s->children[i] == c->name.comp[1])
			return 1;
	return 0;
}

/* Keep some capability slots free: names of ended envs and destroyed
 * regions go first, then anything we do not need. */
static void caps_upkeep(struct fz_state *s)
{
	int nfree = 0;

	for (int k = 0; k < EXOS_CAP_SLOTS; k++)
		nfree += !(exos_caps->slot[k].flags & EXOS_CAP_F_USED);
	for (int pass = 0; pass < 2 && nfree < 8; pass++)
		for (int k = 2; k < EXOS_CAP_SLOTS && nfree < 8; k++) {
			const volatile struct exos_cap *c = &exos_caps->slot[k];
			if (!(c->flags & EXOS_CAP_F_USED) || cap_needed(s, k))
				continue;
			uint32_t id = c->name.len == 2 ? c->name.comp[1] : 0;
			const volatile struct exos_env *row = &exos_envs[EXOS_ENV_SLOT(id)];
			int stale = c->name.len == 2 && (row->id != id || row->state == EXOS_ENV_FREE);
			if (c->name.len == 2 && c->name.comp[0] == EXOS_NS_SWR)
				stale = exos_swrs[id % EXOS_SWR_MAX].id != id;
			if ((pass == 1 || stale) && sys_cap_delete(k) == 0)
				nfree++;
		}
}

/* Peers may have changed our entries and flags: put them back. */
static void entries_upkeep(struct fz_state *s)
{
	for (unsigned i = 0; i < EXOS_NENTRIES; i++)
		sys_env_set_entry(EXOS_CAP_SELF, s->self, i,
				  i == EXOS_ENTRY_PCT ? (uint64_t)fz_pct_entry : exos_entries[i]);
	sys_env_set_flags(EXOS_CAP_SELF, s->self, EXOS_ENV_F_LEFTOVER | EXOS_ENV_F_ACCEPT_PCT);
}

static void upkeep(struct fz_state *s)
{
	canary_check(s, (const volatile uint64_t *)FZ_CANARY_VA, 512, 0x8000, s->canary_ppn,
		     "our canary page's");
	canary_check(s, canary_block, 64, 0x4000, s->data_ppn, "our canary block's");
	children_upkeep(s);
	caps_upkeep(s);
	entries_upkeep(s);
	fz_slices_check(s, "upkeep");
}

/* ---------------------------------------------------------------- the loop */

int fz_worker(long arg)
{
	struct fz_state *s = &st;
	uint64_t fregs[33];

	fz_read_fregs(fregs);      /* before anything might touch them */
	memset(s, 0, sizeof(*s));
	s->self = exos_self;
	s->slot = (uint32_t)arg & 0xff;
	s->tag = exos_self & 0x7fffffff;
	fz_own_state = s;
	fz_recipes_init();
	while (sys_pte_read(EXOS_CAP_SELF, s->self, FZ_SHARED_VA) < 0 ||
	       sys_pte_read(EXOS_CAP_SELF, s->self, FZ_RING_VA) < 0)
		sys_yield(0);
	while (fz_ctl->w[s->slot].id != s->self || !fz_ctl->w[s->slot].ready)
		sys_yield(0);
	for (int i = 0; i < 33; i++)
		if (fregs[i])
			fz_fail(s, "a fresh worker started with %s%d = %016lx%s", i == 32 ? "fcsr" : "f",
				i == 32 ? 0 : i, (unsigned long)fregs[i],
				fz_foreign(s, fregs[i]) ? ", another env's value" : " (not zero)");
	((struct fz_ring *)FZ_RING_VA)->id = s->self;
	s->sup = fz_ctl->sup;
	s->rng.s = fz_mix(fz_ctl->seed, (uint64_t)arg);
	exos_set_exception_handler(fz_handler);
	exos_set_fault_handler(fz_handler);
	setup_pages(s);
	fz_pools_init(s);
	find_slice_cap(s);
	fz_pct_setup();
	check_own_row(s);
	uint64_t lifetime = 2000 + fz_below(&s->rng, 20000);
	for (;;) {
		struct fz_call c;
		if (fz_ctl->stop)
			fz_quit(s, FZ_DONE_STOP);
		if (s->seq >= lifetime)
			fz_quit(s, FZ_DONE_LIFETIME);
		fz_make(s, &c, 0);
		struct fz_rec *r = fz_trace_begin(s, 0, &c);
		fz_run(s, &c, 0);
		fz_trace_end(s, r, &c, 0);
		fz_check(s, &c, 0);
		if ((++s->seq & 63) == 0)
			upkeep(s);
	}
}
