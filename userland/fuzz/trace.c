/*
 * trace.c - each worker's trace ring (its last calls, in the page the
 * supervisor shares with it), the trace hash, and printing calls.
 *
 * A record is written before its call and completed after, so the call
 * a worker was making when the machine stopped is in the ring, marked
 * pending.  The rings cost the same whether or not anything is printed:
 * a one-hart run under -icount replays exactly with or without gdb
 * reading them (scripts/fuzz.sh --replay).
 */
#include <stdio.h>
#include "fuzz.h"

static const char *const names[FZ_NCALLS] = {
	[SYS_null] = "null", [SYS_cons_write] = "cons_write", [SYS_exit] = "exit",
	[SYS_cons_read] = "cons_read", [SYS_resume] = "resume",
	[SYS_env_create] = "env_create", [SYS_env_destroy] = "env_destroy",
	[SYS_env_run] = "env_run", [SYS_env_set_entry] = "env_set_entry",
	[SYS_env_set_flags] = "env_set_flags", [SYS_cap_derive] = "cap_derive",
	[SYS_cap_grant] = "cap_grant", [SYS_cap_revoke] = "cap_revoke",
	[SYS_cap_delete] = "cap_delete", [SYS_slice_alloc] = "slice_alloc",
	[SYS_slice_free] = "slice_free", [SYS_yield] = "yield", [SYS_pct_sync] = "pct_sync",
	[SYS_pct_async] = "pct_async", [SYS_pct_return] = "pct_return",
	[SYS_sleep_until] = "sleep_until", [SYS_page_alloc] = "page_alloc",
	[SYS_page_free] = "page_free", [SYS_pte_install] = "pte_install",
	[SYS_pte_remove] = "pte_remove", [SYS_pte_read] = "pte_read",
	[SYS_pte_protect] = "pte_protect", [SYS_pte_install_resume] = "pte_install_resume",
	[SYS_pte_protect_resume] = "pte_protect_resume",
	[SYS_pte_install_batch] = "pte_install_batch", [SYS_tables_drop] = "tables_drop",
	[SYS_guarantee] = "guarantee", [SYS_env_reap] = "env_reap",
	[SYS_pte_share_batch] = "pte_share_batch", [SYS_revoke_short] = "revoke_short",
	[SYS_sleep_deadline] = "sleep_deadline", [SYS_kcheck] = "kcheck",
};
_Static_assert(SYS_COUNT == FZ_NCALLS, "a new system call: give the fuzzer recipes for it");

/* Arguments each call takes (kernel/syscalls.tbl), a6 for the PCTs. */
static const uint8_t nargs[FZ_NCALLS] = {
	[SYS_cons_write] = 2, [SYS_exit] = 1, [SYS_cons_read] = 2, [SYS_env_create] = 2,
	[SYS_env_destroy] = 2, [SYS_env_run] = 5, [SYS_env_set_entry] = 4,
	[SYS_env_set_flags] = 3, [SYS_cap_derive] = 5, [SYS_cap_grant] = 3,
	[SYS_cap_revoke] = 1, [SYS_cap_delete] = 1, [SYS_slice_alloc] = 3,
	[SYS_slice_free] = 3, [SYS_yield] = 1, [SYS_pct_sync] = 7, [SYS_pct_async] = 7,
	[SYS_pct_return] = 6, [SYS_sleep_until] = 1, [SYS_page_alloc] = 3,
	[SYS_page_free] = 2, [SYS_pte_install] = 6, [SYS_pte_remove] = 3, [SYS_pte_read] = 3,
	[SYS_pte_protect] = 5, [SYS_pte_install_resume] = 6, [SYS_pte_protect_resume] = 5,
	[SYS_pte_install_batch] = 5, [SYS_tables_drop] = 2, [SYS_guarantee] = 4,
	[SYS_env_reap] = 1, [SYS_pte_share_batch] = 5, [SYS_sleep_deadline] = 2,
	[SYS_kcheck] = 1,
};

const char *fz_call_name(unsigned nr)
{
	return nr < FZ_NCALLS && names[nr] ? names[nr] : "?";
}

uint64_t fz_hash(uint64_t h, uint64_t v)
{
	return fz_mix(h ^ v, 0x100000001b3UL);
}

#define RING ((struct fz_ring *)FZ_RING_VA)

struct fz_rec *fz_trace_begin(struct fz_state *s, int pct, const struct fz_call *c)
{
	volatile struct fz_wslot *w = &fz_ctl->w[s->slot];
	uint32_t i = pct ? RING->phead++ % FZ_RING_PCT : RING->head++ % FZ_RING_OWN;
	struct fz_rec *r = pct ? &RING->pct[i] : &RING->own[i];

	r->seq = (uint32_t)s->seq;
	r->nr = c->nr;
	r->recipe = c->recipe;
	r->flags = FZ_REC_PENDING | (pct ? FZ_REC_PCT : 0);
	for (int k = 0; k < 7; k++)
		r->a[k] = c->a[k];
	r->ret = 0;
	__atomic_fetch_add(&w->calls, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&w->by_nr[c->nr], 1, __ATOMIC_RELAXED);
	w->beat = exos_rdtime();
	return r;
}

void fz_trace_end(struct fz_state *s, struct fz_rec *r, const struct fz_call *c, int pct)
{
	volatile struct fz_wslot *w = &fz_ctl->w[s->slot];
	uint64_t h = pct ? w->phash : w->hash;

	r->ret = c->ret;
	r->flags = (uint8_t)((r->flags & FZ_REC_PCT) | (c->landed == 1 ? FZ_REC_RESUMED : 0) |
			     (c->landed == 2 ? FZ_REC_RECOVER : 0));
	h = fz_hash(h, (uint64_t)c->nr << 8 | c->recipe);
	for (int k = 0; k < 7; k++)
		h = fz_hash(h, c->a[k]);
	h = fz_hash(h, (uint64_t)c->ret);
	if (pct)
		w->phash = h;
	else
		w->hash = h;
	if (c->landed == 1)
		__atomic_fetch_add(&w->resumed, 1, __ATOMIC_RELAXED);
	if (c->landed == 2)
		__atomic_fetch_add(&w->recovered, 1, __ATOMIC_RELAXED);
	if (fz_ctl->trace_all)
		fz_trace_print_rec((int)s->slot, r);
}

void fz_trace_print_rec(int w, const struct fz_rec *r)
{
	char args[7 * 20 + 8];
	unsigned n = r->nr < FZ_NCALLS ? nargs[r->nr] : 6, len = 0;

	args[0] = 0;
	for (unsigned k = 0; k < n && k < 7; k++)
		len += (unsigned)snprintf(args + len, sizeof(args) - len, "%s%lx", k ? ", " : "",
					  (unsigned long)r->a[k]);
	if (r->flags & FZ_REC_PENDING)
		printf("fuzz: w%d %s%u %s(%s) ... [%s]\n", w, r->flags & FZ_REC_PCT ? "pct#" : "#",
		       r->seq, fz_call_name(r->nr), args, fz_recipe_name(r->recipe));
	else
		printf("fuzz: w%d %s%u %s(%s) = %ld%s [%s]\n", w, r->flags & FZ_REC_PCT ? "pct#" : "#",
		       r->seq, fz_call_name(r->nr), args, (long)r->ret,
		       r->flags & FZ_REC_RESUMED ? " (resumed)" :
		       r->flags & FZ_REC_RECOVER ? " (faulted, recovered)" : "",
		       fz_recipe_name(r->recipe));
}

/* The last `last` own calls and the last PCT-handler calls, oldest first. */
void fz_trace_print_ring(int w, const volatile struct fz_ring *ring, unsigned last)
{
	uint32_t head = ring->head, phead = ring->phead;
	unsigned n = head < FZ_RING_OWN ? head : FZ_RING_OWN;

	if (last < n)
		n = last;
	printf("fuzz: w%d: its last %u calls:\n", w, n);
	for (uint32_t i = head - n; i != head; i++)
		fz_trace_print_rec(w, (const struct fz_rec *)&ring->own[i % FZ_RING_OWN]);
	n = phead < FZ_RING_PCT ? phead : FZ_RING_PCT;
	if (n)
		printf("fuzz: w%d: its PCT handler's last %u calls:\n", w, n);
	for (uint32_t i = phead - n; i != phead; i++)
		fz_trace_print_rec(w, (const struct fz_rec *)&ring->pct[i % FZ_RING_PCT]);
}
