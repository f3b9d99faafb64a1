/*
 * sys_env.c - system calls for envs, capabilities, slices, yield, PCT
 * and sleep.  Each decodes and checks every argument first and only then
 * changes state (decode, then invoke).
 */
#include "sched.h"
#include "syscall.h"
#include "kprintf.h"
#include "smp.h"
#include "user.h"
#include "../arch/riscv/csr.h"

#define ARG(tf, n) ((tf)->regs[10 + (n)])

static struct env *self(void)
{
	return sched_current();
}

/* The caller's capability idx must dominate env id's guard with need. */
static int check_env_cap(long idx, uint32_t id, uint16_t need, struct env **out)
{
	struct exos_cap_name g = env_guard(id);
	int err = cap_check(self()->caps, cap_arg(idx), &g, need);

	if (err)
		return err;
	*out = env_get(id);
	return *out ? 0 : -E_NOENT;
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

/* env_create(flags, entries): a new env in state CREATED; entries, if
 * not 0, points at EXOS_NENTRIES upcall addresses.  The caller receives
 * capabilities [NS_ENV, id] and [NS_PAGE, id]; returns the id. */
long sys_env_create(long a0, long a1, long a2, long a3, long a4, long a5)
{
	uint64_t flags = (uint64_t)a0, va = (uint64_t)a1, entry[EXOS_NENTRIES] = { 0 };
	struct env *me = self(), *e;

	(void)a2, (void)a3, (void)a4, (void)a5;
	if (flags & ~(uint64_t)(EXOS_ENV_F_LEFTOVER | EXOS_ENV_F_ACCEPT_PCT | EXOS_ENV_F_NOTES))
		return -E_INVAL;
	if (va) {
		if (uspace_check(&me->us, va, sizeof(entry), PTE_R))
			return -E_FAULT;
		uspace_read(&me->us, entry, va, sizeof(entry));
		for (int i = 0; i < EXOS_NENTRIES; i++)
			if (!is_user_va(entry[i]))
				return -E_INVAL;
	}
	if (free_cap_slots(me->caps) < 2)
		return -E_NOMEM;
	int err = env_alloc(me->id, (uint32_t)flags, &e);
	if (err)
		return err;
	memcpy(e->entry, entry, sizeof(entry));
	/* Like fork and exec, a new env starts with its creator's masks
	 * (the library keeps its signal mask and ignored signals there). */
	e->save->notes_blocked = me->save->notes_blocked;
	e->save->notes_ignored = me->save->notes_ignored;
	struct exos_cap_name ge = env_guard(e->id), gp = page_guard(e->id);
	cap_install(me->caps, -1, &ge, CAP_RIGHTS, 0);
	cap_install(me->caps, -1, &gp, CAP_RIGHTS, 0);
	return e->id;
}

/* env_run(cap, id, pc, sp, arg): start a CREATED env at pc with sp;
 * it gets a0 = arg, a1 = its own id. */
long sys_env_run(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *e;
	int err = check_env_cap(a0, (uint32_t)a1, CAP_W, &e);

	(void)a5;
	if (err)
		return err;
	if (!is_user_va((uint64_t)a2) || !is_user_va((uint64_t)a3))
		return -E_INVAL;
	if (e->state != EXOS_ENV_CREATED)
		return -E_BUSY;
	env_start(e, (uint64_t)a2, (uint64_t)a3, (uint64_t)a4);
	return 0;
}

/* env_set_entry(cap, id, which, va): one upcall entry point (0: none). */
long sys_env_set_entry(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *e;
	int err = check_env_cap(a0, (uint32_t)a1, CAP_W, &e);

	(void)a4, (void)a5;
	if (err)
		return err;
	if ((uint64_t)a2 >= EXOS_NENTRIES)
		return -E_RANGE;
	if (!is_user_va((uint64_t)a3))
		return -E_INVAL;
	e->entry[a2] = (uint64_t)a3;
	if (e->hart >= 0 && a2 == EXOS_ENTRY_EXCEPTION)
		harts[e->hart].exc_entry = (uint64_t)a3;
	if (e->hart >= 0 && a2 == EXOS_ENTRY_ADDRESSING)
		harts[e->hart].addr_entry = (uint64_t)a3;
	return 0;
}

/* env_set_flags(cap, id, flags): EXOS_ENV_F_LEFTOVER / _ACCEPT_PCT. */
long sys_env_set_flags(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *e;
	int err = check_env_cap(a0, (uint32_t)a1, CAP_W, &e);

	(void)a3, (void)a4, (void)a5;
	if (err)
		return err;
	if ((uint64_t)a2 & ~(uint64_t)(EXOS_ENV_F_LEFTOVER | EXOS_ENV_F_ACCEPT_PCT |
				       EXOS_ENV_F_NOTES))
		return -E_INVAL;
	e->flags = (e->flags & EXOS_ENV_F_KILLED) | (uint32_t)a2;
	env_export(e);
	return 0;
}

/* env_destroy(cap, id): destroy an env (possibly oneself, which does
 * not return).  One running on another hart dies at its next trap. */
void sys_env_destroy(struct trapframe *tf)
{
	struct env *e, *me = self();
	int err = check_env_cap((long)ARG(tf, 0), (uint32_t)ARG(tf, 1), CAP_W, &e);

	if (err) {
		ARG(tf, 0) = (uint64_t)err;
		return;
	}
	ARG(tf, 0) = 0;
	if (e->hart >= 0 && e != me) {
		env_set_state(e, EXOS_ENV_DYING);
		e->dying = 1;
		e->dying_status = EXOS_STATUS_DESTROYED;
		sched_kick(e);
		return;
	}
	uint32_t id = e->id, parent = e->parent;
	user_kill(e, EXOS_STATUS_DESTROYED);
	if (parent == me->id)
		env_reap(me->id, id);   /* its parent ended it: nothing to wait for */
}

/* exit(status): the calling env ends. */
void sys_exit(struct trapframe *tf)
{
	user_kill(self(), (int)ARG(tf, 0));
}

/* cap_derive(src, dst, extra, nextra, rights): a narrower capability. */
long sys_cap_derive(long a0, long a1, long a2, long a3, long a4, long a5)
{
	uint32_t extra[CAP_MAX_COMP];
	struct env *me = self();

	(void)a5;
	if ((uint64_t)a3 > CAP_MAX_COMP)
		return -E_RANGE;
	if (a3 && uspace_check(&me->us, (uint64_t)a2, (uint64_t)a3 * 4, PTE_R))
		return -E_FAULT;
	if (a3)
		uspace_read(&me->us, extra, (uint64_t)a2, (uint64_t)a3 * 4);
	if ((uint64_t)a4 & ~(uint64_t)CAP_RIGHTS)
		return -E_INVAL;
	return cap_derive(me->caps, cap_arg(a0), cap_arg(a1), extra, (int)a3, (uint16_t)a4);
}

/* cap_grant(idx, target, rights): copy a capability into another env. */
long sys_cap_grant(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *to = env_get((uint32_t)a1);

	(void)a3, (void)a4, (void)a5;
	if (!to)
		return -E_NOENT;
	if ((uint64_t)a2 & ~(uint64_t)CAP_RIGHTS)
		return -E_INVAL;
	return cap_grant(self()->caps, cap_arg(a0), to->caps, (uint16_t)a2);
}

long sys_cap_revoke(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct cap_space *spaces[EXOS_MAX_ENVS];

	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return cap_revoke(spaces, env_all_caps(spaces, EXOS_MAX_ENVS), self()->caps, cap_arg(a0));
}

long sys_cap_delete(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct cap_space *spaces[EXOS_MAX_ENVS];

	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return cap_delete(spaces, env_all_caps(spaces, EXOS_MAX_ENVS), self()->caps, cap_arg(a0));
}

/* Check a slice position and the capability for it. */
static int check_slice(long cap, uint64_t hart, uint64_t pos)
{
	if (hart >= smp_online_count() || pos >= EXOS_NSLICES)
		return -E_RANGE;
	struct exos_cap_name g = slice_guard((uint32_t)hart, (uint32_t)pos);
	return cap_check(self()->caps, cap_arg(cap), &g, CAP_W);
}

/* slice_alloc(cap, hart, pos): own a slice position. */
long sys_slice_alloc(long a0, long a1, long a2, long a3, long a4, long a5)
{
	int err = check_slice(a0, (uint64_t)a1, (uint64_t)a2);

	(void)a3, (void)a4, (void)a5;
	if (err)
		return err;
	if (slice_owner[a1][a2] && env_get(slice_owner[a1][a2]))
		return -E_BUSY;
	slice_owner[a1][a2] = self()->id;
	env_table[EXOS_ENV_SLOT(self()->id)].slices = ++self()->nslices;
	return 0;
}

/* slice_free(cap, hart, pos): give back a slice position one owns. */
long sys_slice_free(long a0, long a1, long a2, long a3, long a4, long a5)
{
	int err = check_slice(a0, (uint64_t)a1, (uint64_t)a2);

	(void)a3, (void)a4, (void)a5;
	if (err)
		return err;
	if (slice_owner[a1][a2] != self()->id)
		return -E_NOENT;
	slice_owner[a1][a2] = 0;
	env_table[EXOS_ENV_SLOT(self()->id)].slices = --self()->nslices;
	return 0;
}

/* yield(target): give the rest of the slice to target (0: anyone who
 * can use it).  Ends a slice-end upcall's grace period. */
void sys_yield(struct trapframe *tf)
{
	struct env *me = self(), *to = 0;
	uint32_t target = (uint32_t)ARG(tf, 0);

	if (target) {
		to = env_get(target);
		if (!to || to == me) {
			ARG(tf, 0) = (uint64_t)(to ? -E_INVAL : -E_NOENT);
			return;
		}
		if (sched_runnable(to) != to) {
			ARG(tf, 0) = (uint64_t)-E_BUSY;
			return;
		}
	}
	ARG(tf, 0) = 0;
	me->grace_deadline = 0;
	me->yielded = 1;
	if (to)
		sched_set_next(to);
	else
		sched_need_resched();
}

/* Copy the caller's predicate at va in and check it (pred_check's
 * errors, -E_FAULT when va is not readable). */
static int pred_copy_in(struct env *me, uint64_t va, struct exos_pred *p)
{
	if (uspace_check(&me->us, va, sizeof(*p), PTE_R))
		return -E_FAULT;
	uspace_read(&me->us, p, va, sizeof(*p));
	return pred_check(p, env_pred_readable, me);
}

/* sleep_until(pred): sleep until the wake-up predicate at pred holds. */
void sys_sleep_until(struct trapframe *tf)
{
	struct env *me = self();
	struct exos_pred p;
	int err = pred_copy_in(me, ARG(tf, 0), &p);

	ARG(tf, 0) = (uint64_t)err;
	if (!err)
		sched_sleep(me, &p, EXOS_NO_DEADLINE);
}

/* sleep_deadline(pred, deadline): sleep until the predicate at pred
 * holds (pred 0: none) or rdtime reaches deadline (exos/pred.h has the
 * contract).  Errors: those of sleep_until; -E_INVAL for no predicate
 * and no deadline. */
void sys_sleep_deadline(struct trapframe *tf)
{
	struct env *me = self();
	uint64_t va = ARG(tf, 0), deadline = ARG(tf, 1);
	struct exos_pred p = { 0 };
	int err = va ? pred_copy_in(me, va, &p) : 0;

	if (!err && !va && deadline == EXOS_NO_DEADLINE)
		err = -E_INVAL;
	ARG(tf, 0) = (uint64_t)err;
	if (!err)
		sched_sleep(me, &p, deadline);
}

/* env_reap(id): we have read our ended child id's exit status (kept in
 * the env table); its slot may be reused. */
long sys_env_reap(long a0, long a1, long a2, long a3, long a4, long a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	if ((uint64_t)a0 > UINT32_MAX)
		return -E_NOENT;
	return env_reap(self()->id, (uint32_t)a0);
}
