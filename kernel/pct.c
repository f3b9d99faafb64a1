/*
 * pct.c - protected control transfer (design.md; Aegis): a call into
 * another env's protected entry with arguments and results in
 * registers and no kernel buffering.
 *
 * The callee runs in a separate activation (env->call), so whatever
 * it was doing stays intact in env->own: registers, FP state and what
 * it was waiting for.  Synchronous: the caller waits
 * (PCT_WAIT) and lends the callee all its slices until pct_return hands
 * back a0-a5.  Asynchronous: the caller stays runnable and the callee
 * gets the rest of the current slice.
 */
#include "sched.h"
#include "syscall.h"
#include "kentry.h"

/* Whether callee can take a call from caller now; 0 or -E_*. */
static int pct_check(struct env *caller, uint32_t id, struct env **out)
{
	struct env *callee = env_get(id);

	if (!callee)
		return -E_NOENT;
	if (callee == caller)
		return -E_INVAL;
	if (callee->dying)
		return -E_DEAD;
	if (!(callee->flags & EXOS_ENV_F_ACCEPT_PCT) || !callee->entry[EXOS_ENTRY_PCT])
		return -E_PERM;
	if (callee->in_call || callee->state == EXOS_ENV_RUNNING ||
	    callee->state == EXOS_ENV_PCT_WAIT || callee->state == EXOS_ENV_CREATED)
		return -E_BUSY;
	*out = callee;
	return 0;
}

/* Set up the callee's activation with the caller's arguments. */
static void pct_activate(struct env *callee, struct env *caller, const uint64_t *args,
			 uint32_t kind)
{
	struct trapframe *c = &callee->call.tf;

	/* Only a0-a7, pc and the mode are defined at the entry (the mode
	 * of its own thread, which has run: pct_check refuses a CREATED
	 * callee); the other registers, FP ones too, hold what the
	 * callee's last activation left (its own values, never another
	 * env's). */
	tf_set_pc(c, callee->entry[EXOS_ENTRY_PCT]);
	for (unsigned i = 0; i < 6; i++)
		tf_set_arg(c, i, args[i]);
	tf_set_arg(c, 6, caller->id);
	tf_set_arg(c, 7, kind);
	tf_inherit_status(c, &callee->own.tf);
	callee->prev_state = callee->state;
	env_set_state(callee, EXOS_ENV_RUNNABLE);
	callee->in_call = caller->id;
	callee->call_kind = kind;
	callee->act = &callee->call;
	env_table[EXOS_ENV_SLOT(callee->id)].in_call = caller->id;
}

/* pct_async: the callee runs next on this hart, in the rest of the
 * caller's slice; the caller stays runnable. */
long sys_pct_async(long a0, long a1, long a2, long a3, long a4, long a5, uint32_t target)
{
	const uint64_t args[6] = { a0, a1, a2, a3, a4, a5 };
	struct env *me = sched_current(), *callee;
	int err = pct_check(me, target, &callee);

	if (err)
		return err;
	me->grace_deadline = 0;
	pct_activate(callee, me, args, EXOS_PCT_ASYNC);
	sched_set_next(callee);
	return 0;
}

/*
 * The fast paths (vector.S: sys_pct_sync, sys_pct_return).  They are
 * reached from the system-call fast path; the assembly has already stored
 * the caller's callee-saved registers, sp, ra, tp, gp and pc in its frame
 * (for sync calls), and leaves through user_return with the frame these
 * return.  Neither takes the generic scheduler path unless it must.
 */
/* pct_sync(a0-a5; a6 = callee): call and wait; a0-a5 come back from the
 * callee's pct_return, or a0 = -E_* if the call failed or the callee died. */
struct pct_fast pct_fast_call(uint64_t target, const uint64_t *args)
{
	kernel_lock();
	struct env *me = sched_current(), *callee;
	int err = pct_check(me, (uint32_t)target, &callee);

	if (err) {
		kernel_unlock();
		return (struct pct_fast){ 0, err };
	}
	me->grace_deadline = 0;
	env_set_state(me, EXOS_ENV_PCT_WAIT);
	me->waiting_on = callee->id;
	sched_unbind_current();
	pct_activate(callee, me, args, EXOS_PCT_SYNC);
	struct trapframe *tf = sched_bind(callee);
	kernel_unlock();
	return (struct pct_fast){ tf, 0 };
}

/* pct_return(a0-a5): end the current activation; a synchronous caller
 * gets a0-a5 and runs next.  -E_INVAL when not serving a call. */
struct pct_fast pct_fast_return(const uint64_t *res)
{
	kernel_lock();
	struct env *me = sched_current();

	if (!me->in_call || me->act != &me->call) {
		kernel_unlock();
		return (struct pct_fast){ 0, -E_INVAL };
	}
	struct env *caller = env_get(me->in_call);
	uint32_t kind = me->call_kind;
	sched_unbind_current();
	me->in_call = 0;
	me->act = &me->own;
	env_set_state(me, me->prev_state == EXOS_ENV_RUNNING ? EXOS_ENV_RUNNABLE : me->prev_state);
	sched_resume_sleep(me);
	env_table[EXOS_ENV_SLOT(me->id)].in_call = 0;
	if (kind != EXOS_PCT_SYNC || !caller || caller->state != EXOS_ENV_PCT_WAIT ||
	    caller->waiting_on != me->id)
		sched_return();
	for (unsigned i = 0; i < 6; i++)
		tf_set_arg(env_tf(caller), i, res[i]);
	caller->waiting_on = 0;
	env_set_state(caller, EXOS_ENV_RUNNABLE);
	struct trapframe *tf = sched_bind(caller);
	kernel_unlock();
	return (struct pct_fast){ tf, 0 };
}
