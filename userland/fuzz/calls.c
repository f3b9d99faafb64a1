/*
 * calls.c - recipes for the system calls of the processor: console,
 * exit and resume, envs, capabilities, slices, yield, PCT, reap,
 * revoke_short and kcheck (sleeps are in calls_sleep.c, the memory calls
 * in calls_mem.c), with the oracle each result must satisfy, and the
 * choice of the next recipe.  Weights are per 10,000 calls.
 */
#include <string.h>
#include "calls.h"

/* The flags env_create and env_set_flags take. */
#define FZ_ENV_FLAGS (EXOS_ENV_F_LEFTOVER | EXOS_ENV_F_ACCEPT_PCT | EXOS_ENV_F_NOTES)

static struct fz_bufs own_bufs, pct_bufs;

struct fz_bufs *fz_bufs(struct fz_state *s)
{
	return (s->tag >> 31) ? &pct_bufs : &own_bufs;
}

void fz_expect(struct fz_state *s, const struct fz_call *c, int64_t want)
{
	if (want != ANY && c->ret != want)
		fz_fail(s, "%s [%s] returned %ld, expected %ld", fz_call_name(c->nr),
			fz_recipe_name(c->recipe), (long)c->ret, (long)want);
}

void fz_expect_err(struct fz_state *s, const struct fz_call *c)
{
	if (c->ret >= 0)
		fz_fail(s, "%s [%s] returned %ld, expected an error", fz_call_name(c->nr),
			fz_recipe_name(c->recipe), (long)c->ret);
}

int fz_mapped_to(struct fz_state *s, uint64_t va, uint64_t ppn)
{
	long pte = sys_pte_read(EXOS_CAP_SELF, s->self, va);

	return pte >= 0 && (((uint64_t)pte >> 10) & ((1UL << 44) - 1)) == ppn;
}

int fz_mapped_with(struct fz_state *s, uint64_t va, uint64_t perms)
{
	long pte = sys_pte_read(EXOS_CAP_SELF, s->self, va);

	return pte >= 0 && ((uint64_t)pte & perms) == perms;
}

uint64_t fz_unreadable_va(struct fz_state *s)
{
	static const uint64_t bad[] = {
		EXOS_USER_END, 0x7ffffff000UL, 0x8000000000UL, 0x8000000000000000UL,
		0xffffffc000000000UL, 0xffffffc080200000UL, 0xffffffff80200000UL,
		0xfffffffffffff000UL, 0xfffffffffffffff8UL, ~0UL - 3, 0x00fffffffffff000UL,
	};

	return bad[fz_below(&s->rng, sizeof(bad) / sizeof(bad[0]))];
}

/* ---------------------------------------------------------------- console, exit, resume */

static void make_null(struct fz_state *s, struct fz_call *c)
{
	SET(c, SYS_null, fz_word(s), fz_word(s));
	EXPECT(c, 0);
}

void fz_check_expected(struct fz_state *s, struct fz_call *c)
{
	fz_expect(s, c, (int64_t)c->x[0]);
}

/* From the page of '~' (a peer may have unmapped it: then E_FAULT). */
static void make_cons_write_ok(struct fz_state *s, struct fz_call *c)
{
	uint64_t off = fz_below(&s->rng, 4096);
	uint64_t len = fz_chance(&s->rng, 64) ? fz_below(&s->rng, 4097 - off) :
		       fz_below(&s->rng, 17 < 4096 - off ? 17 : 4096 - off);

	SET(c, SYS_cons_write, FZ_CONS_VA + off, len);
	EXPECT(c, len);
	c->x[1] = EXOS_PTE_R;
}

/* E_FAULT where success was expected: a peer took our buffer's page
 * away or its permission (x[1]), or the kernel is wrong. */
static void check_cons(struct fz_state *s, struct fz_call *c)
{
	if (c->ret == -E_FAULT && (int64_t)c->x[0] >= 0 &&
	    (!fz_mapped_with(s, c->a[0], c->x[1]) ||
	     !fz_mapped_with(s, c->a[0] + (c->a[1] ? c->a[1] - 1 : 0), c->x[1])))
		fz_quit(s, FZ_DONE_DISTURBED);
	fz_check_expected(s, c);
}

static void make_cons_write_bad(struct fz_state *s, struct fz_call *c)
{
	if (fz_chance(&s->rng, 2)) {
		SET(c, SYS_cons_write, fz_unreadable_va(s), 1 + fz_below(&s->rng, 64));
	} else {
		/* Running off the page of '~' into the unmapped page after it,
		 * or a length that wraps. */
		uint64_t off = fz_below(&s->rng, 4096);
		SET(c, SYS_cons_write, FZ_CONS_VA + off,
		    fz_chance(&s->rng, 2) ? 4097 - off + fz_below(&s->rng, 8) : ~0UL - fz_below(&s->rng, 9));
	}
	EXPECT(c, -E_FAULT);
}

static void check_cons_bad(struct fz_state *s, struct fz_call *c)
{
	/* A peer may have mapped the page after ours: then it printed. */
	if (c->ret >= 0 && sys_pte_read(EXOS_CAP_SELF, s->self, FZ_CONS_VA + 4096) >= 0)
		return;
	fz_check_expected(s, c);
}

static void make_cons_read_ok(struct fz_state *s, struct fz_call *c)
{
	SET(c, SYS_cons_read, (uint64_t)fz_bufs(s)->extra, fz_below(&s->rng, 33));
	EXPECT(c, 0);   /* nobody types during a campaign */
	c->x[1] = EXOS_PTE_R | EXOS_PTE_W;
}

static void make_cons_read_bad(struct fz_state *s, struct fz_call *c)
{
	static const uint64_t ro[] = { EXOS_INFO_VA, EXOS_ENVS_VA, EXOS_CAPS_VA, EXOS_PAGES_VA };

	SET(c, SYS_cons_read, fz_chance(&s->rng, 2) ? fz_unreadable_va(s) : ro[fz_below(&s->rng, 4)],
	    1 + fz_below(&s->rng, 64));
	EXPECT(c, -E_FAULT);
}

static void make_exit(struct fz_state *s, struct fz_call *c)
{
	SET(c, SYS_exit, fz_chance(&s->rng, 2) ? 0 : fz_next(&s->rng));
	c->kind = FZ_K_NORET;
}

/* resume outside an upcall: nothing to resume. */
static void make_resume_plain(struct fz_state *s, struct fz_call *c)
{
	SET(c, SYS_resume, fz_word(s));
	EXPECT(c, -E_INVAL);
}

/* resume with the save area as an upcall leaves it: lands (exec.c
 * checks every register); with a hostile pc, faults there. */
static void make_resume(struct fz_state *s, struct fz_call *c)
{
	SET(c, SYS_resume, fz_word(s));
	c->kind = FZ_K_RESUME;
	switch (fz_below(&s->rng, 4)) {
	case 0:
		c->save_pc = fz_unreadable_va(s) + (fz_chance(&s->rng, 4) ? 2 : 0);
		break;
	case 1:
		c->save_sp = fz_word(s) | 1;   /* never 0: that means "ours" */
		break;
	}
}

static void check_resume(struct fz_state *s, struct fz_call *c)
{
	if (c->save_pc == 0) {
		if (c->landed != 1)
			fz_fail(s, "resume with an upcall's save area did not resume (returned %ld)",
				(long)c->ret);
		return;
	}
	if (c->landed != 2)
		fz_fail(s, "resume to pc %lx did not fault there (landed %d, a0 %ld)",
			(unsigned long)c->save_pc, c->landed, (long)c->ret);
	if (c->fault_cause != 12 || c->fault_tval != (c->save_pc & ~1UL))
		fz_fail(s, "resume to pc %lx: fault cause %lu tval %lx, expected 12 at the pc",
			(unsigned long)c->save_pc, (unsigned long)c->fault_cause,
			(unsigned long)c->fault_tval);
}

/* ---------------------------------------------------------------- envs */

static int child_index(struct fz_state *s, uint32_t id)
{
	for (int i = 0; i < FZ_MAX_CHILDREN; i++)
		if (s->children[i] == id)
			return i;
	return -1;
}

static void make_env_create(struct fz_state *s, struct fz_call *c)
{
	struct fz_bufs *b = fz_bufs(s);
	uint64_t flags = fz_chance(&s->rng, 4) ? fz_flags(s) : fz_below(&s->rng, 4);
	uint64_t ptr = 0, want = ANY;

	memcpy(b->entries, exos_entries, sizeof(b->entries));
	switch (fz_below(&s->rng, 4)) {
	case 1:
		ptr = (uint64_t)b->entries;
		break;
	case 2:
		b->entries[fz_below(&s->rng, EXOS_NENTRIES)] = fz_unreadable_va(s);
		ptr = (uint64_t)b->entries;
		want = -E_INVAL;
		break;
	case 3:
		ptr = fz_unreadable_va(s);
		want = -E_FAULT;
		break;
	}
	if (flags & ~(uint64_t)FZ_ENV_FLAGS)
		want = -E_INVAL;
	SET(c, SYS_env_create, flags, ptr);
	EXPECT(c, want);
}

/* The row and capabilities of a new env hold nothing of the slot's
 * previous env (issue 11, finding 5): only this env could reach it yet. */
static void check_fresh_env(struct fz_state *s, uint32_t id, uint64_t flags)
{
	const volatile struct exos_env *row = &exos_envs[EXOS_ENV_SLOT(id)];

	if (row->id != id || row->state != EXOS_ENV_CREATED || row->parent != s->self ||
	    row->slices || row->in_call || row->exit_status || row->runs || row->offences ||
	    row->flags != flags)
		fz_fail(s, "env_create: the new env %u's row is id %u state %u parent %u slices %u "
			"in_call %u exit_status %d runs %lu offences %u flags %x", id, row->id,
			row->state, row->parent, row->slices, row->in_call, row->exit_status,
			(unsigned long)row->runs, row->offences, row->flags);
	for (uint32_t ns = EXOS_NS_ENV; ns <= EXOS_NS_PAGE; ns++) {
		int k = exos_cap_find(ns, id);
		if (k < 0 || exos_caps->slot[k].rights != EXOS_CAP_RIGHTS)
			fz_fail(s, "env_create: no capability [%u, %u] with every right", ns, id);
	}
}

static void check_env_create(struct fz_state *s, struct fz_call *c)
{
	if (c->ret > 0 && (int64_t)c->x[0] == ANY) {
		uint32_t id = (uint32_t)c->ret;
		check_fresh_env(s, id, c->a[0]);
		int i = child_index(s, 0);
		if (i >= 0) {
			s->children[i] = id;
			s->code_in[i] = 0;
		} else {
			sys_env_destroy(exos_cap_find(EXOS_NS_ENV, id), id);
		}
		return;
	}
	if ((int64_t)c->x[0] == ANY) {
		if (c->ret == -E_FAULT && c->a[1] && !fz_mapped_with(s, c->a[1], EXOS_PTE_R))
			fz_quit(s, FZ_DONE_DISTURBED);
		if (c->ret != -E_NOMEM)   /* no env slot, capability slot or page left */
			fz_fail(s, "env_create(%lx, %lx) returned %ld", (unsigned long)c->a[0],
				(unsigned long)c->a[1], (long)c->ret);
		return;
	}
	fz_check_expected(s, c);
}

static void make_env_destroy(struct fz_state *s, struct fz_call *c)
{
	uint64_t r = fz_below(&s->rng, 100);
	uint32_t id;

	if (r < 60 && (id = fz_child(s))) {
		SET(c, SYS_env_destroy, fz_cap_for(s, EXOS_NS_ENV, id), id);
	} else if (r == 60 && (id = fz_peer(s))) {
		SET(c, SYS_env_destroy, fz_cap_for(s, EXOS_NS_ENV, id), id);
	} else if (r == 61 && fz_chance(&s->rng, 4)) {
		SET(c, SYS_env_destroy, EXOS_CAP_SELF, s->self);
		c->kind = FZ_K_NORET;
	} else {
		/* Never ourselves, seldom a peer (each lives a few thousand
		 * calls): whatever the capability, the supervisor instead. */
		long cap = fz_cap(s);
		uint32_t any = fz_env(s);
		if (any == s->self || (fz_is_worker(any) && !fz_chance(&s->rng, 32)))
			any = s->sup;
		SET(c, SYS_env_destroy, cap, any);
	}
	EXPECT(c, ANY);
}

static void check_env_gone(struct fz_state *s, struct fz_call *c)
{
	int i = child_index(s, (uint32_t)c->a[1]);

	if (c->ret == 0 && i >= 0) {
		/* Its parent ended it: reaped at once (the slot may be anyone's
		 * now), or dying at its next trap on the hart it runs on. */
		const volatile struct exos_env *row = &exos_envs[EXOS_ENV_SLOT(c->a[1])];
		uint32_t st = row->state;
		if (row->id == c->a[1] && st != EXOS_ENV_FREE && st != EXOS_ENV_DYING)
			fz_fail(s, "env_destroy of child %u returned 0, its row says state %u",
				(unsigned)c->a[1], st);
		if (row->id != c->a[1] || st == EXOS_ENV_FREE) {
			s->children[i] = 0;
			fz_note_stale(s, (uint32_t)c->a[1]);
		}
	}
	if (c->a[1] == s->sup && c->ret == 0)
		fz_fail(s, "env_destroy of the supervisor succeeded without a capability for it");
}

/* Run a child, mostly on the child program (mapped first). */
static void make_env_run(struct fz_state *s, struct fz_call *c)
{
	uint32_t id = fz_child(s);
	int i = child_index(s, id);

	if (id && !fz_chance(&s->rng, 8)) {
		long cap = exos_cap_find(EXOS_NS_ENV, id);
		if (!s->code_in[i] && cap >= 0)
			s->code_in[i] = sys_pte_install(cap, id, FZ_CHILD_VA, s->code_ppn,
							EXOS_PTE_R | EXOS_PTE_X, EXOS_CAP_PAGES) == 0;
		SET(c, SYS_env_run, cap, id, FZ_CHILD_VA, fz_chance(&s->rng, 4) ? fz_va(s) : 0,
		    fz_below(&s->rng, FZ_CHILD_NBEHAV));
	} else {
		SET(c, SYS_env_run, fz_cap(s), fz_env(s), fz_va(s), fz_va(s), fz_word(s));
	}
	EXPECT(c, ANY);
}

static void check_env_run(struct fz_state *s, struct fz_call *c)
{
	if ((c->a[2] >= EXOS_USER_END || c->a[3] >= EXOS_USER_END) && c->ret == 0)
		fz_fail(s, "env_run at pc %lx sp %lx outside the user half succeeded",
			(unsigned long)c->a[2], (unsigned long)c->a[3]);
}

static void make_env_set_entry(struct fz_state *s, struct fz_call *c)
{
	uint32_t id = fz_chance(&s->rng, 2) ? fz_child(s) : 0;
	uint64_t which = fz_chance(&s->rng, 6) ? fz_word(s) : fz_below(&s->rng, EXOS_NENTRIES);
	uint64_t va = fz_chance(&s->rng, 2) ? fz_va(s) : exos_entries[fz_below(&s->rng, EXOS_NENTRIES)];

	if (!id)
		id = fz_chance(&s->rng, 8) ? s->self : fz_env(s);
	/* A worker's entries (ours or a peer's) only with values that keep
	 * them working: an upcall into the middle of its code would make
	 * its oracles meaningless.  Children take anything. */
	if (which < EXOS_NENTRIES && (id == s->self || fz_is_worker(id)))
		va = which == EXOS_ENTRY_PCT ? (uint64_t)fz_pct_entry : exos_entries[which];
	/* A child's upcalls never run its program (whose exit status says
	 * its registers started clean): not that page. */
	if ((va >> 12) == (FZ_CHILD_VA >> 12))
		va += 4096;
	SET(c, SYS_env_set_entry, fz_cap_for(s, EXOS_NS_ENV, id), id, which, va);
	EXPECT(c, ANY);
}

static void check_set_entry(struct fz_state *s, struct fz_call *c)
{
	if (c->ret == 0 && (c->a[2] >= EXOS_NENTRIES || c->a[3] >= EXOS_USER_END))
		fz_fail(s, "env_set_entry(%lu, %lx) succeeded", (unsigned long)c->a[2],
			(unsigned long)c->a[3]);
}

static void make_env_set_flags(struct fz_state *s, struct fz_call *c)
{
	uint32_t id = fz_chance(&s->rng, 2) ? fz_child(s) : 0;
	uint64_t flags = fz_flags(s);

	if (!id)
		id = fz_chance(&s->rng, 6) ? s->self : fz_env(s);
	/* Workers keep running on leftover time (mostly, for a peer: the
	 * supervisor's watchdog replaces one that starves). */
	if (!(flags & ~3UL) && (id == s->self || (fz_is_worker(id) && !fz_chance(&s->rng, 16))))
		flags = EXOS_ENV_F_LEFTOVER | EXOS_ENV_F_ACCEPT_PCT;
	SET(c, SYS_env_set_flags, fz_cap_for(s, EXOS_NS_ENV, id), id, flags);
	EXPECT(c, ANY);
}

static void check_set_flags(struct fz_state *s, struct fz_call *c)
{
	if (c->ret == 0 && (c->a[2] & ~(uint64_t)FZ_ENV_FLAGS))
		fz_fail(s, "env_set_flags(%lx) succeeded", (unsigned long)c->a[2]);
}

static void make_env_reap(struct fz_state *s, struct fz_call *c)
{
	uint64_t id = fz_chance(&s->rng, 3) ? fz_child(s) : fz_env(s);

	SET(c, SYS_env_reap, fz_chance(&s->rng, 8) ? id | 1UL << 32 : id);
	EXPECT(c, c->a[0] == 0 ? -E_NOENT : ANY);
}

/* ---------------------------------------------------------------- capabilities */

int fz_covers_own(struct fz_state *s, long k)
{
	if (k < 0 || k >= EXOS_CAP_SLOTS)
		return 0;
	const volatile struct exos_cap *cp = &exos_caps->slot[k];
	if (!(cp->flags & EXOS_CAP_F_USED) || cp->name.len > 2)
		return 0;
	if (cp->name.len < 2)   /* [], [ns]: ours among others (none of us has one) */
		return 1;
	return (cp->name.comp[0] == EXOS_NS_PAGE && cp->name.comp[1] == s->self) ||
	       (cp->name.comp[0] == EXOS_NS_SWR && fz_region_owned(s, cp->name.comp[1]));
}

static void make_cap_derive(struct fz_state *s, struct fz_call *c)
{
	struct fz_bufs *b = fz_bufs(s);
	long src = fz_cap(s);
	uint64_t n = fz_chance(&s->rng, 8) ? fz_word(s) : fz_below(&s->rng, EXOS_CAP_MAX_COMP + 1);
	uint64_t rights = fz_rights(s), ptr = (uint64_t)b->extra;

	for (int i = 0; i < 8; i++)
		b->extra[i] = (uint32_t)(fz_chance(&s->rng, 2) ? fz_below(&s->rng, 4) : fz_word(s));
	if (fz_covers_own(s, src))
		rights &= ~(uint64_t)EXOS_CAP_W;
	if (fz_chance(&s->rng, 8))
		ptr = fz_unreadable_va(s);
	SET(c, SYS_cap_derive, src, fz_chance(&s->rng, 2) ? -1 : fz_cap(s), ptr, n, rights);
	EXPECT(c, ANY);
	c->x[1] = src >= 0 && src < EXOS_CAP_SLOTS ? exos_caps->slot[src].id : 0;
}

/* A capability made from slot src now in slot dst: src's name plus
 * extra, the rights asked, src as parent (unless someone revoked it
 * meanwhile and another took the slot: then its parent differs). */
static void check_new_cap(struct fz_state *s, struct fz_call *c, long dst, uint64_t parent,
			  const uint32_t *extra, uint64_t nextra, uint64_t rights)
{
	if (dst < 0 || dst >= EXOS_CAP_SLOTS)
		fz_fail(s, "%s returned slot %ld", fz_call_name(c->nr), dst);
	const volatile struct exos_cap *d = &exos_caps->slot[dst];
	const volatile struct exos_cap *src = &exos_caps->slot[c->a[0]];
	if (!(d->flags & EXOS_CAP_F_USED) || d->parent != parent || src->id != parent)
		return;
	int bad = d->rights != rights || d->name.len != src->name.len + nextra;
	for (uint32_t i = 0; !bad && i < src->name.len; i++)
		bad = d->name.comp[i] != src->name.comp[i];
	for (uint32_t i = 0; !bad && i < nextra; i++)
		bad = d->name.comp[src->name.len + i] != extra[i];
	if (bad)
		fz_fail(s, "%s into slot %ld: name length %u rights %x, expected length %lu rights %lx",
			fz_call_name(c->nr), dst, d->name.len, d->rights,
			(unsigned long)(src->name.len + nextra), (unsigned long)rights);
}

static void check_cap_derive(struct fz_state *s, struct fz_call *c)
{
	if (c->ret >= 0)
		check_new_cap(s, c, c->ret, c->x[1], fz_bufs(s)->extra, c->a[3], c->a[4]);
}

static void make_cap_grant(struct fz_state *s, struct fz_call *c)
{
	long idx = fz_cap(s);
	uint64_t rights = fz_rights(s);

	if (fz_covers_own(s, idx))
		rights &= ~(uint64_t)EXOS_CAP_W;
	SET(c, SYS_cap_grant, idx, fz_chance(&s->rng, 8) ? s->self : fz_env(s), rights);
	EXPECT(c, ANY);
	c->x[1] = idx >= 0 && idx < EXOS_CAP_SLOTS ? exos_caps->slot[idx].id : 0;
}

static void check_cap_grant(struct fz_state *s, struct fz_call *c)
{
	if (c->ret >= 0 && c->a[1] == s->self)
		check_new_cap(s, c, c->ret, c->x[1], 0, 0, c->a[2]);
}

static void make_cap_revoke(struct fz_state *s, struct fz_call *c)
{
	SET(c, SYS_cap_revoke, fz_cap(s));
	EXPECT(c, ANY);
}

/* Never our own slots 0 and 1 (without them a worker cannot manage
 * itself), seldom the slice capability or a region's (the region then
 * lives on out of our reach until we end): any other, or an index out
 * of range. */
static void make_cap_delete(struct fz_state *s, struct fz_call *c)
{
	long k = fz_cap(s);

	if (k == EXOS_CAP_SELF || k == EXOS_CAP_PAGES ||
	    ((k == s->slice_cap || fz_region_cap(s, (int)k)) && !fz_chance(&s->rng, 16)))
		k = 2 + (long)fz_below(&s->rng, EXOS_CAP_SLOTS - 2);
	if (k == s->slice_cap)
		s->slice_cap = -1;
	SET(c, SYS_cap_delete, k);
	EXPECT(c, k < 0 || k >= EXOS_CAP_SLOTS ? -E_RANGE : ANY);
}

/* ---------------------------------------------------------------- slices */

/* What the exported slice vectors and our row say we hold is what we
 * know we hold: nobody else can take or give back our positions. */
void fz_slices_check(struct fz_state *s, const char *after)
{
	uint32_t row = exos_envs[EXOS_ENV_SLOT(s->self)].slices;

	if (row != s->nslices)
		fz_fail(s, "after %s: our exported row says %u slices, we hold %u", after, row,
			s->nslices);
	for (uint32_t h = 0; h < fz_ctl->nharts && h < EXOS_MAX_HARTS; h++)
		for (int p = 0; p < EXOS_NSLICES; p++)
			if (s->slices[h][p] != (exos_slices[h][p] == s->self))
				fz_fail(s, "after %s: slice %u/%d exported owner %u, we %s it", after, h,
					p, exos_slices[h][p], s->slices[h][p] ? "hold" : "do not hold");
}

static void make_slice(struct fz_state *s, struct fz_call *c, uint16_t nr)
{
	uint64_t hart = fz_chance(&s->rng, 8) ? fz_word(s) : fz_below(&s->rng, fz_ctl->nharts);
	uint64_t pos = fz_chance(&s->rng, 8) ? fz_word(s) : fz_below(&s->rng, EXOS_NSLICES);
	long cap = s->slice_cap >= 0 && !fz_chance(&s->rng, 6) ? s->slice_cap : fz_cap(s);

	SET(c, nr, cap, hart, pos);
	EXPECT(c, hart >= fz_ctl->nharts || pos >= EXOS_NSLICES ? -E_RANGE : ANY);
}

static void make_slice_alloc(struct fz_state *s, struct fz_call *c)
{
	make_slice(s, c, SYS_slice_alloc);
}

static void make_slice_free(struct fz_state *s, struct fz_call *c)
{
	make_slice(s, c, SYS_slice_free);
}

static void check_slice(struct fz_state *s, struct fz_call *c)
{
	fz_check_expected(s, c);
	if (c->ret == 0) {
		uint8_t *held = &s->slices[c->a[1]][c->a[2]];
		if (*held == (c->nr == SYS_slice_alloc))
			fz_fail(s, "%s of %lu/%lu succeeded, we %s it", fz_call_name(c->nr),
				(unsigned long)c->a[1], (unsigned long)c->a[2],
				*held ? "already held" : "did not hold");
		*held = c->nr == SYS_slice_alloc;
		s->nslices += *held ? 1 : -1;
	}
	fz_slices_check(s, fz_call_name(c->nr));
}

/* ---------------------------------------------------------------- yield, PCT */

static void make_yield(struct fz_state *s, struct fz_call *c)
{
	uint64_t r = fz_below(&s->rng, 10);
	uint64_t id = r < 4 ? 0 : r < 7 ? fz_peer(s) : r < 8 ? s->self : fz_env(s);

	SET(c, SYS_yield, id);
	EXPECT(c, id == 0 ? 0 : id == s->self ? -E_INVAL : ANY);
}

static void make_pct(struct fz_state *s, struct fz_call *c, uint16_t nr)
{
	uint64_t r = fz_below(&s->rng, 10), want = ANY;
	uint32_t id = r < 7 ? fz_peer(s) : r < 8 ? s->self : r < 9 ? s->sup : fz_env(s);

	if (id == s->self)
		want = -E_INVAL;
	else if (id == s->sup)
		want = -E_PERM;       /* it takes no PCTs */
	else if (id == 0)
		want = -E_NOENT;
	SET(c, nr, fz_word(s), fz_word(s), fz_word(s), fz_word(s), fz_word(s), fz_word(s), id);
	EXPECT(c, want);
}

static void make_pct_sync(struct fz_state *s, struct fz_call *c)
{
	make_pct(s, c, SYS_pct_sync);
}

static void make_pct_async(struct fz_state *s, struct fz_call *c)
{
	make_pct(s, c, SYS_pct_async);
}

/* The own thread is never in a call: nothing to return from. */
static void make_pct_return_own(struct fz_state *s, struct fz_call *c)
{
	SET(c, SYS_pct_return, fz_word(s), fz_word(s), fz_word(s), fz_word(s), fz_word(s),
	    fz_word(s));
	EXPECT(c, -E_INVAL);
}

/* In the handler: ends the call with these results. */
static void make_pct_return(struct fz_state *s, struct fz_call *c)
{
	make_pct_return_own(s, c);
	c->kind = FZ_K_NORET;
}

/* ---------------------------------------------------------------- the rest */

static void make_revoke_short(struct fz_state *s, struct fz_call *c)
{
	SET(c, SYS_revoke_short, fz_word(s));
	EXPECT(c, ANY);
}

static void check_revoke_short(struct fz_state *s, struct fz_call *c)
{
	if (c->ret != 0 && c->ret != -E_NOENT)
		fz_fail(s, "revoke_short returned %ld", (long)c->ret);
}

/* No worker holds the root capability: kcheck always refuses. */
static void make_kcheck(struct fz_state *s, struct fz_call *c)
{
	SET(c, SYS_kcheck, fz_cap(s));
	EXPECT(c, ANY);
}

static void check_kcheck(struct fz_state *s, struct fz_call *c)
{
	fz_expect_err(s, c);
}

/* ---------------------------------------------------------------- the table */

static const struct recipe recipes[] = {
	{ "null", SYS_null, 80, 1500, make_null, fz_check_expected },
	{ "cons_write", SYS_cons_write, 40, 0, make_cons_write_ok, check_cons },
	{ "cons_write_bad", SYS_cons_write, 40, 0, make_cons_write_bad, check_cons_bad },
	{ "cons_read", SYS_cons_read, 30, 600, make_cons_read_ok, fz_check_expected },
	{ "cons_read_bad", SYS_cons_read, 30, 0, make_cons_read_bad, fz_check_expected },
	{ "exit", SYS_exit, 1, 4, make_exit, 0 },
	{ "resume_plain", SYS_resume, 40, 0, make_resume_plain, fz_check_expected },
	{ "resume", SYS_resume, 120, 0, make_resume, check_resume },
	{ "env_create", SYS_env_create, 250, 0, make_env_create, check_env_create },
	{ "env_destroy", SYS_env_destroy, 200, 0, make_env_destroy, check_env_gone },
	{ "env_run", SYS_env_run, 200, 0, make_env_run, check_env_run },
	{ "env_set_entry", SYS_env_set_entry, 150, 0, make_env_set_entry, check_set_entry },
	{ "env_set_flags", SYS_env_set_flags, 150, 0, make_env_set_flags, check_set_flags },
	{ "env_reap", SYS_env_reap, 120, 0, make_env_reap, fz_check_expected },
	{ "cap_derive", SYS_cap_derive, 250, 0, make_cap_derive, check_cap_derive },
	{ "cap_grant", SYS_cap_grant, 250, 0, make_cap_grant, check_cap_grant },
	{ "cap_revoke", SYS_cap_revoke, 100, 0, make_cap_revoke, 0 },
	{ "cap_delete", SYS_cap_delete, 150, 0, make_cap_delete, fz_check_expected },
	{ "slice_alloc", SYS_slice_alloc, 200, 0, make_slice_alloc, check_slice },
	{ "slice_free", SYS_slice_free, 200, 0, make_slice_free, check_slice },
	{ "yield", SYS_yield, 300, 1500, make_yield, fz_check_expected },
	{ "pct_sync", SYS_pct_sync, 350, 1200, make_pct_sync, fz_check_expected },
	{ "pct_async", SYS_pct_async, 250, 800, make_pct_async, fz_check_expected },
	{ "pct_return_own", SYS_pct_return, 100, 0, make_pct_return_own, fz_check_expected },
	{ "pct_return", SYS_pct_return, 0, 500, make_pct_return, 0 },
	{ "revoke_short", SYS_revoke_short, 80, 300, make_revoke_short, check_revoke_short },
	{ "kcheck", SYS_kcheck, 40, 0, make_kcheck, check_kcheck },
};
#define NRECIPES (sizeof(recipes) / sizeof(recipes[0]))

/* Recipes made at start-up for the calls no table names (calls_generic.c). */
static struct recipe generic[FZ_NCALLS];
static unsigned ngeneric;

/* The recipes of every file, numbered in this order (the trace shows
 * the number; scripts/fuzz-trace.py numbers them the same way). */
static const struct recipe *recipe_at(unsigned i)
{
	if (i < NRECIPES)
		return &recipes[i];
	if ((i -= NRECIPES) < fz_nrecipes_sleep)
		return &fz_recipes_sleep[i];
	if ((i -= fz_nrecipes_sleep) < fz_nrecipes_mem)
		return &fz_recipes_mem[i];
	if ((i -= fz_nrecipes_mem) < fz_nrecipes_swr)
		return &fz_recipes_swr[i];
	if ((i -= fz_nrecipes_swr) < ngeneric)
		return &generic[i];
	return 0;
}

unsigned fz_nrecipes(void)
{
	return NRECIPES + fz_nrecipes_sleep + fz_nrecipes_mem + fz_nrecipes_swr + ngeneric;
}

unsigned fz_recipe_nr(unsigned i)
{
	const struct recipe *r = recipe_at(i);

	return r ? r->nr : ~0u;
}

int fz_recipe_generic(unsigned i)
{
	return i >= fz_nrecipes() - ngeneric && i < fz_nrecipes();
}

unsigned fz_recipes_init(void)
{
	static int done;
	unsigned n = fz_nrecipes();

	if (done++)
		return ngeneric;
	for (unsigned nr = 0; nr < FZ_NCALLS; nr++) {
		int named = 0;
		for (unsigned i = 0; i < n && !named; i++)
			named = recipe_at(i)->nr == nr;
		if (fz_call_exists(nr) && !named)
			generic[ngeneric++] = fz_recipe_generic_for(nr);
	}
	_Static_assert(FZ_NCALLS < 256, "a recipe number is 8 bits (struct fz_rec)");
	return ngeneric;
}

const char *fz_recipe_name(unsigned i)
{
	const struct recipe *r = recipe_at(i);

	return r ? r->name : "?";
}

void fz_make(struct fz_state *s, struct fz_call *c, int pct)
{
	static uint32_t total[2];
	unsigned n = fz_nrecipes();

	if (!total[pct])
		for (unsigned i = 0; i < n; i++)
			total[pct] += pct ? recipe_at(i)->pct_weight : recipe_at(i)->weight;
	uint64_t r = fz_below(&s->rng, total[pct]);
	unsigned i = 0;
	for (;; i++) {
		uint32_t w = pct ? recipe_at(i)->pct_weight : recipe_at(i)->weight;
		if (r < w)
			break;
		r -= w;
	}
	memset(c, 0, sizeof(*c));
	c->recipe = (uint8_t)i;
	recipe_at(i)->make(s, c);
}

void fz_check(struct fz_state *s, struct fz_call *c, int pct)
{
	const struct recipe *r = recipe_at(c->recipe);

	(void)pct;
	if (c->kind == FZ_K_NORET)
		fz_fail(s, "%s [%s] returned %ld: it should have ended the caller",
			fz_call_name(c->nr), r->name, (long)c->ret);
	if (r->check)
		r->check(s, c);
}
