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

/* Names and argument counts (a6 for the PCTs) of every row of
 * kernel/syscalls.tbl, from the generated list (exos/sysno.h). */
#define NAME(nr, name, nargs, kinds) [nr] = #name,
#define NARGS(nr, name, nargs, kinds) [nr] = nargs,
static const char *const names[FZ_NCALLS] = { SYS_LIST(NAME) };
static const uint8_t nargs[FZ_NCALLS] = { SYS_LIST(NARGS) };

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
