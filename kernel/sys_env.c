/*
 * sys_env.c - system calls for envs, capabilities, slices, yield, PCT
 * and sleep.  Each decodes and checks every argument first and only then
 * changes state (decode, then invoke).
 */
#include "sched.h"
#include "syscall.h"
#include "kprintf.h"
#include "smp.h"
#include "init_env.h"

static struct env *self(void)
{
	return sched_current();
}

/* The caller's capability idx must dominate env id's guard with need. */
static int check_env_cap(int idx, uint32_t id, uint16_t need, struct env **out)
{
	return env_by_cap(self(), idx, id, need, out);
}

static int is_user_va(uint64_t va)
{
	return va < EXOS_USER_END;
}

static int free_cap_slots(const struct cap_space *s)
{
	int n = 0;

	for (int i = 0; i < CAP_SLOTS; i++)
		n += !(s->slot[i].flags & EXOS_CAP_F_USED);
	return n;
}

/* env_create: the caller receives capabilities [EXOS_NS_ENV, id] and
 * [EXOS_NS_PAGE, id] (two free slots needed, or -E_NOMEM). */
long sys_env_create(unsigned long flags, vaddr_t entries)
{
	uint64_t entry[EXOS_NENTRIES] = { 0 };
	struct env *me = self(), *e;

	if (flags & ~(uint64_t)(EXOS_ENV_F_LEFTOVER | EXOS_ENV_F_ACCEPT_PCT | EXOS_ENV_F_NOTES))
		return -E_INVAL;
	if (va_raw(entries)) {
		if (uspace_check(&me->us, entries, sizeof(entry), EXOS_PTE_R))
			return -E_FAULT;
		uspace_read(&me->us, entry, entries, sizeof(entry));
		for (int i = 0; i < EXOS_NENTRIES; i++)
			if (!is_user_va(entry[i]))
				return -E_INVAL;
	}
	if (free_cap_slots(me->caps) < 2)
		return -E_NOMEM;
	int err = env_alloc(me->id, flags, &e);
	if (err)
		return err;
	memcpy(e->entry, entry, sizeof(entry));
	/* Like fork and exec, a new env starts with its creator's masks
	 * (the library keeps its signal mask and ignored signals there). */
	e->save->notes_blocked = me->save->notes_blocked;
	e->save->notes_ignored = me->save->notes_ignored;
	struct exos_cap_name ge = cap_guard_env(e->id), gp = cap_guard_page(e->id);
	cap_install(me->caps, -1, &ge, CAP_RIGHTS, 0);
	cap_install(me->caps, -1, &gp, CAP_RIGHTS, 0);
	return e->id;
}

long sys_env_run(int envcap, uint32_t id, vaddr_t pc, vaddr_t sp, long arg)
{
	struct env *e;
	int err = check_env_cap(envcap, id, CAP_W, &e);

	if (err)
		return err;
	if (!is_user_va(va_raw(pc)) || !is_user_va(va_raw(sp)))
		return -E_INVAL;
	if (e->state != EXOS_ENV_CREATED)
		return -E_BUSY;
	env_start(e, pc, sp, arg);
	return 0;
}

/* env_set_entry: the hart running e sees a new exception or addressing
 * entry at once (its fast path reads them there). */
long sys_env_set_entry(int envcap, uint32_t id, unsigned long which, vaddr_t entry)
{
	struct env *e;
	int err = check_env_cap(envcap, id, CAP_W, &e);

	if (err)
		return err;
	if (which >= EXOS_NENTRIES)
		return -E_RANGE;
	if (!is_user_va(va_raw(entry)))
		return -E_INVAL;
	e->entry[which] = va_raw(entry);
	if (e->hart >= 0 && which == EXOS_ENTRY_EXCEPTION)
		harts[e->hart].exc_entry = va_raw(entry);
	if (e->hart >= 0 && which == EXOS_ENTRY_ADDRESSING)
		harts[e->hart].addr_entry = va_raw(entry);
	return 0;
}

/* env_set_flags: EXOS_ENV_F_KILLED, the kernel's, is kept. */
long sys_env_set_flags(int envcap, uint32_t id, unsigned long flags)
{
	struct env *e;
	int err = check_env_cap(envcap, id, CAP_W, &e);

	if (err)
		return err;
	if (flags & ~(uint64_t)(EXOS_ENV_F_LEFTOVER | EXOS_ENV_F_ACCEPT_PCT | EXOS_ENV_F_NOTES))
		return -E_INVAL;
	e->flags = (e->flags & EXOS_ENV_F_KILLED) | flags;
	env_export(e);
	return 0;
}

/* env_destroy: one running on another hart is marked and kicked; its
 * hart ends it at its next pass through the scheduler. */
long sys_env_destroy(int envcap, uint32_t id)
{
	struct env *e, *me = self();
	int err = check_env_cap(envcap, id, CAP_W, &e);

	if (err)
		return err;
	if (e->hart >= 0 && e != me) {
		env_set_state(e, EXOS_ENV_DYING);
		e->dying = 1;
		e->dying_status = EXOS_STATUS_DESTROYED;
		sched_kick(e);
		return 0;
	}
	uint32_t parent = e->parent;
	env_kill(e, EXOS_STATUS_DESTROYED);
	if (parent == me->id)
		env_reap(me->id, id);   /* its parent ended it: nothing to wait for */
	return 0;
}

void sys_exit(int status)
{
	env_kill(self(), status);
}

/* cap_derive: extra is copied in before the rights are checked (the
 * order of the errors is ABI). */
long sys_cap_derive(int src, int dst, vaddr_t extra, unsigned long nextra, unsigned long rights)
{
	uint32_t comp[CAP_MAX_COMP];
	struct env *me = self();

	if (nextra > CAP_MAX_COMP)
		return -E_RANGE;
	if (nextra && uspace_check(&me->us, extra, nextra * 4, EXOS_PTE_R))
		return -E_FAULT;
	if (nextra)
		uspace_read(&me->us, comp, extra, nextra * 4);
	if (rights & ~(uint64_t)CAP_RIGHTS)
		return -E_INVAL;
	return cap_derive(me->caps, src, dst, comp, nextra, rights);
}

long sys_cap_grant(int idx, uint32_t target, unsigned long rights)
{
	struct env *to = env_get(target);

	if (!to)
		return -E_NOENT;
	if (rights & ~(uint64_t)CAP_RIGHTS)
		return -E_INVAL;
	return cap_grant(self()->caps, idx, to->caps, rights);
}

long sys_cap_revoke(int idx)
{
	struct cap_space *spaces[EXOS_MAX_ENVS];

	return cap_revoke(spaces, env_all_caps(spaces, EXOS_MAX_ENVS), self()->caps, idx);
}

long sys_cap_delete(int idx)
{
	struct cap_space *spaces[EXOS_MAX_ENVS];

	return cap_delete(spaces, env_all_caps(spaces, EXOS_MAX_ENVS), self()->caps, idx);
}

/* Check a slice position and the capability for it. */
static int check_slice(int slicecap, unsigned long hart, unsigned long pos)
{
	if (hart >= smp_online_count() || pos >= EXOS_NSLICES)
		return -E_RANGE;
	struct exos_cap_name g = cap_guard_slice(hart, pos);
	return cap_check(self()->caps, slicecap, &g, CAP_W);
}

long sys_slice_alloc(int slicecap, unsigned long hart, unsigned long pos)
{
	int err = check_slice(slicecap, hart, pos);

	if (err)
		return err;
	if (slice_owner[hart][pos] && env_get(slice_owner[hart][pos]))
		return -E_BUSY;
	slice_owner[hart][pos] = self()->id;
	env_table[EXOS_ENV_SLOT(self()->id)].slices = ++self()->nslices;
	return 0;
}

long sys_slice_free(int slicecap, unsigned long hart, unsigned long pos)
{
	int err = check_slice(slicecap, hart, pos);

	if (err)
		return err;
	if (slice_owner[hart][pos] != self()->id)
		return -E_NOENT;
	slice_owner[hart][pos] = 0;
	env_table[EXOS_ENV_SLOT(self()->id)].slices = --self()->nslices;
	return 0;
}

/* yield: ends a slice-end upcall's grace period. */
long sys_yield(uint32_t target)
{
	struct env *me = self(), *to = 0;

	if (target) {
		to = env_get(target);
		if (!to || to == me)
			return to ? -E_INVAL : -E_NOENT;
		if (sched_runnable(to) != to)
			return -E_BUSY;
	}
	me->grace_deadline = 0;
	me->yielded = 1;
	if (to)
		sched_set_next(to);
	else
		sched_need_resched();
	return 0;
}

/* Copy the caller's predicate at va in and check it (pred_check's
 * errors, -E_FAULT when va is not readable). */
static int pred_copy_in(struct env *me, vaddr_t va, struct exos_pred *p)
{
	if (uspace_check(&me->us, va, sizeof(*p), EXOS_PTE_R))
		return -E_FAULT;
	uspace_read(&me->us, p, va, sizeof(*p));
	return pred_check(p, env_pred_readable, me);
}

long sys_sleep_until(vaddr_t pred)
{
	struct env *me = self();
	struct exos_pred p;
	int err = pred_copy_in(me, pred, &p);

	if (err)
		return err;
	return sched_sleep(me, &p, EXOS_NO_DEADLINE);
}

/* sleep_deadline: exos/pred.h has the contract.  -E_INVAL for no
 * predicate and no deadline. */
long sys_sleep_deadline(vaddr_t pred, uint64_t deadline)
{
	struct env *me = self();
	struct exos_pred p = { 0 };
	int err = va_raw(pred) ? pred_copy_in(me, pred, &p) : 0;

	if (!err && !va_raw(pred) && deadline == EXOS_NO_DEADLINE)
		err = -E_INVAL;
	if (err)
		return err;
	return sched_sleep(me, &p, deadline);
}

/* env_reap: an id past 32 bits names no env. */
long sys_env_reap(unsigned long id)
{
	if (id > UINT32_MAX)
		return -E_NOENT;
	return env_reap(self()->id, id);
}
