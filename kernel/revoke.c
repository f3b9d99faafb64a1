/*
 * revoke.c - see revoke.h.
 */
#include "revoke.h"
#include "info.h"
#include "kprintf.h"
#include "rmap.h"
#include "sched.h"
#include "smp.h"
#include "stlb.h"
#include "tlb.h"
#include "upcall.h"
#include "exos/errno.h"
#include "arch/cpu.h"

static struct {
	uint32_t victim;          /* env asked, 0: none */
	uint32_t want, freed;
	uint64_t deadline;
	int delivered;
} req;

static uint64_t revoke_ticks;

void revoke_init(uint64_t timebase_hz, uint32_t revoke_ms)
{
	revoke_ticks = revoke_ms ? timebase_hz / 1000 * revoke_ms : timebase_hz / 20;   /* 50 ms */
	kinfo->revoke_ticks = revoke_ticks;
	kinfo->revoke_low = (uint32_t)MAX(pmem.npages / 64, 64UL);
}

/* The env with the most pages above its guaranteed minimum, not e. */
static struct env *pick_victim(struct env *e)
{
	struct env *best = 0;

	for (int i = 0; i < EXOS_MAX_ENVS; i++) {
		struct env *c = &envs[i];
		if (c->state == EXOS_ENV_FREE || c->dying || c == e ||
		    c->npages <= EXOS_GUARANTEED_PAGES + REVOKE_BATCH)
			continue;
		if (!best || c->npages > best->npages)
			best = c;
	}
	return best;
}

int revoke_request(struct env *requester)
{
	if (req.victim && env_get(req.victim))
		return 1;
	/* First the kernel's own cache: the Sv39 table pages of envs not
	 * running now (their bindings stay in their STLBs). */
	int freed = 0;
	for (int i = 0; i < EXOS_MAX_ENVS; i++)
		if (envs[i].state != EXOS_ENV_FREE && envs[i].hart < 0 && &envs[i] != requester &&
		    envs[i].us.root)
			freed += stlb_drop_tables(&envs[i]);
	kinfo->tables_dropped += (uint64_t)freed;
	if (pmem.nfree >= kinfo->revoke_low)
		return 0;
	struct env *v = pick_victim(requester);
	if (!v)
		return 0;
	req = (typeof(req)){ v->id, REVOKE_BATCH, 0, arch_time() + revoke_ticks, 0 };
	kinfo->revocations++;
	/* A sleeper wakes to answer (its sleep returns early, as any may). */
	if (v->state == EXOS_ENV_SLEEPING) {
		env_set_state(v, EXOS_ENV_RUNNABLE);
		tf_set_ret(env_tf(v), 0);
	}
	sched_kick(v);
	return 1;
}

void revoke_page_freed(struct env *e)
{
	if (req.victim == e->id && ++req.freed >= req.want)
		req.victim = 0;
}

void revoke_forget(struct env *e)
{
	if (req.victim == e->id)
		req.victim = 0;
}

void revoke_deliver(struct env *e)
{
	uint32_t missing = req.want - req.freed;

	if (req.victim != e->id || req.delivered || e->act != &e->own)
		return;
	if (upcall_enter(e, EXOS_ENTRY_INTERRUPT, 0, missing, EXOS_INTR_REVOKE, missing)) {
		/* Its time to answer runs from now, not from the request: a
		 * victim that waited for a hart (or for the host to run its
		 * hart's thread) was not asked yet. */
		req.deadline = MAX(req.deadline, arch_time() + revoke_ticks);
		req.delivered = 1;
	}
}

/* Break env e's binding at va recorded for ppn: the PTE (a megapage's
 * whole level-1 leaf, whose other pages lose their reference too) or
 * the binding held only in its STLB, and the inverse mapping. */
static void break_one(struct env *e, ppn_t ppn, vaddr_t va, int mega)
{
	int level;
	pte_t *pte = pt_leaf(e->us.root, va, &level), only;

	if (mega) {
		if (!pte || level != 1)
			panic("revoke: env %u has no megapage at %lx the rmap records", e->id,
			      (unsigned long)va_raw(va));
		*pte = arch_pte_none();
		rmap_drop_mega(ppn, e->id, va);
		return;
	}
	if (pte && level == 0)
		*pte = arch_pte_none();
	stlb_forget(e, va, &only);
	rmap_drop(ppn, e->id, va);
}

/* Clear every mapping of ppn, found through its inverse mappings (each
 * break drops the entry, so the first one left is the next); returns
 * the envs that lost one (bit per slot), whose TLBs the caller flushes. */
static uint64_t break_bindings(ppn_t ppn)
{
	uint64_t touched = 0;
	vaddr_t va;
	uint32_t id;
	int mega;

	_Static_assert(EXOS_MAX_ENVS <= 64, "one bit per env slot");
	while (rmap_first(ppn, &id, &va, &mega)) {
		struct env *e = &envs[EXOS_ENV_SLOT(id)];
		ppn_t base = ppn_make(ALIGN_DOWN(ppn_raw(ppn), MEGA_SIZE / PAGE_SIZE));
		break_one(e, mega ? base : ppn, va, mega);
		touched |= 1UL << EXOS_ENV_SLOT(id);
	}
	return touched;
}

/* Whether page index i of v may be taken in this pass: unmapped pages
 * in the first (least disruptive), in the second any not taken yet
 * (the first took every unmapped one if it did not take enough; pages
 * unmapped since are those of a megapage broken in the second). */
static int takeable(const struct env *v, uint64_t i, int pass, const uint64_t *chosen,
		    uint32_t taken)
{
	const struct exos_page *p = &pmem.pages[i];

	if (p->owner != v->id || p->type != EXOS_PAGE_USER)
		return 0;
	if (pass == 0)
		return p->refcnt == 0;
	for (uint32_t t = 0; t < taken; t++)
		if (chosen[t] == i)
			return 0;
	return 1;
}

/* Take page index i of v by force (its bindings already broken and
 * flushed): zero it, free it and list it in v's repossession vector. */
static void take_page(struct env *v, uint64_t i)
{
	struct exos_repossession *repo = (void *)((uint8_t *)v->caps + 0x800);

	page_zero(ppn_to_kva(pmem_ppn(i)));
	pmem_free(pmem_ppn(i));
	if (repo->count < EXOS_REPO_MAX)
		repo->ppn[repo->count] = ppn_raw(pmem_ppn(i));
	repo->count++;
}

/* Take n user pages from v by force: unmapped pages first, then mapped
 * ones, the most recently allocated first.  Every binding is broken and every env that lost
 * one has its TLBs flushed (tlb.h) before any page is zeroed and freed.
 * why ends the console line that says so. */
static void abort_take(struct env *v, uint32_t n, const char *why)
{
	static uint64_t chosen[REVOKE_BATCH];   /* under the lock */
	uint32_t taken = 0;
	uint64_t touched = 0;

	/* v's own pages, newest first (pmem keeps each owner's list). */
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t i = pmem_owned_first(v->id);
		     i != EXOS_PAGE_NIL && taken < n && taken < REVOKE_BATCH; i = pmem.pages[i].next) {
			if (!takeable(v, i, pass, chosen, taken) ||
			    v->npages - taken <= EXOS_GUARANTEED_PAGES)
				continue;
			touched |= break_bindings(pmem_ppn(i));
			chosen[taken++] = i;
		}
	for (int i = 0; i < EXOS_MAX_ENVS; i++)
		if (touched & (1UL << i))
			tlb_flush_env(&envs[i]);
	for (uint32_t t = 0; t < taken; t++)
		take_page(v, chosen[t]);
	kinfo->repossessed += taken;
	kprintf("exos: env %u did not give back %u pages %s: %u taken\n", v->id, n, why, taken);
}

void revoke_tick(uint64_t now)
{
	if (!req.victim || now < req.deadline)
		return;
	struct env *v = env_get(req.victim);
	uint32_t missing = req.want - req.freed;
	req.victim = 0;
	if (v)
		abort_take(v, missing, "in time");
}

int revoke_short(struct env *e)
{
	if (req.victim != e->id)
		return -E_NOENT;
	uint32_t missing = req.want - req.freed;
	req.victim = 0;
	abort_take(e, missing, "(it said it could not)");
	return 0;
}

int revoke_pending(const struct env *e)
{
	return req.victim == e->id && !req.delivered;
}
