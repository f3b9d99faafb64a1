/*
 * sched.c - see sched.h.
 */
#include "sched.h"
#include "info.h"
#include "kprintf.h"
#include "smp.h"
#include "note.h"
#include "revoke.h"
#include "init_env.h"
#include "spinlock.h"
#include "tlb.h"
#include "upcall.h"
#include "exos/errno.h"
#include "arch/cpu.h"
#include "arch/trap.h"

ppn_t slices_ppn;
uint32_t (*slice_owner)[EXOS_NSLICES];

struct sched_hart {
	uint64_t slice_end;       /* the time the current slice ends */
	uint32_t pos;             /* current slice position */
	uint32_t rr;              /* leftover round-robin cursor (env slot) */
	int need_resched;
	struct env *next;         /* sched_set_next: run this one next */
	struct activation *fp_live; /* the activation running here, whose FP
				     * registers may differ from its saved ones */
	uint64_t fp_held;         /* the fp_stamp of what the FP registers hold */
	uint64_t armed;           /* the deadline the timer holds now */
	uint64_t wake_at;         /* earliest deadline of envs asleep on this hart (or later) */
};

static struct sched_hart sh[MAX_HARTS];
static uint64_t quantum, grace;
/* The last fp_stamp handed out: every save of FP registers gets a new
 * one, so a stamp names one saved state for good (a hart holding it
 * holds exactly those values). */
static uint64_t fp_stamps;
/* fp_held of a hart whose FP registers hold nothing any activation saved. */
#define FP_UNKNOWN UINT64_MAX

void sched_init(uint64_t timebase_hz, uint32_t grace_ms)
{
	slices_ppn = pmem_alloc(0, EXOS_PAGE_EXPORT);
	if (ppn_is_none(slices_ppn))
		panic("sched: no page for the slice vectors");
	slice_owner = ppn_to_kva(slices_ppn);
	memset(slice_owner, 0, PAGE_SIZE);
	quantum = timebase_hz / 1000;      /* 1 ms slices */
	for (int i = 0; i < MAX_HARTS; i++) {
		sh[i].wake_at = EXOS_NO_DEADLINE;
		/* The firmware's values (OpenSBI leaves NaN-boxed zeros), not
		 * the zero state a fresh activation must get. */
		sh[i].fp_held = FP_UNKNOWN;
	}
	grace = grace_ms ? timebase_hz / 1000 * grace_ms : quantum / 2;
	kinfo->slice_ticks = quantum;
	kinfo->grace_ticks = grace;
	kinfo->max_offences = SCHED_MAX_OFFENCES;
}

void sched_need_resched(void)
{
	sh[this_hart()->index].need_resched = 1;
}

/* Whether sleeping e may wake, and what sleep_deadline returns then:
 * 0 its predicate holds (or a revocation it has yet to hear about wakes
 * it early), EXOS_SLEEP_TIMEOUT its deadline has passed, -1 neither. */
static int sleep_over(struct env *e)
{
	struct activation *a = e->act;

	if (revoke_pending(e) || (a->pred.nterms && pred_eval(&a->pred, env_pred_readable, e)))
		return 0;
	if (note_wakes(e))
		return EXOS_SLEEP_NOTE;
	if (a->wake_at != EXOS_NO_DEADLINE && arch_time() >= a->wake_at)
		return EXOS_SLEEP_TIMEOUT;
	return -1;
}

/* Arm this hart for the deadline of e's activation (e asleep). */
static void sleep_arm(struct env *e)
{
	struct sched_hart *s = &sh[this_hart()->index];

	e->act->wake_hart = this_hart()->index;
	if (e->act->wake_at < s->wake_at)
		s->wake_at = e->act->wake_at;   /* sched_return arms the timer */
}

long sched_sleep(struct env *e, const struct exos_pred *p, uint64_t deadline)
{
	e->act->pred = *p;
	e->act->wake_at = deadline;
	/* Only a deadline already past is decided here; a predicate is
	 * evaluated when the scheduler looks for work, as for any sleeper
	 * (evaluating it here too would cost every pipe wait a second
	 * pass over user memory). */
	if (deadline <= arch_time())
		return MAX(sleep_over(e), 0);
	e->grace_deadline = 0;
	env_set_state(e, EXOS_ENV_SLEEPING);
	sleep_arm(e);
	return 0;
}

uint32_t sched_arm_alarm(uint64_t when)
{
	struct sched_hart *s = &sh[this_hart()->index];

	if (when < s->wake_at)
		s->wake_at = when;   /* sched_return arms the timer */
	return this_hart()->index;
}

void sched_resume_sleep(struct env *e)
{
	if (e->state == EXOS_ENV_SLEEPING && e->act->wake_at != EXOS_NO_DEADLINE)
		sleep_arm(e);
}

/* The earliest deadline after now of the envs asleep on hart index hi. */
static uint64_t next_wake(uint32_t hi, uint64_t now)
{
	uint64_t when = EXOS_NO_DEADLINE;

	for (int i = 0; i < EXOS_MAX_ENVS; i++) {
		struct env *e = &envs[i];
		if (e->state == EXOS_ENV_SLEEPING && e->act->wake_hart == hi &&
		    e->act->wake_at > now)
			when = MIN(when, e->act->wake_at);
	}
	return when;
}

struct env *sched_runnable(struct env *e)
{
	struct env *callee;
	int why;

	if (!e)
		return 0;
	switch (e->state) {
	case EXOS_ENV_RUNNABLE:
		return e;
	case EXOS_ENV_SLEEPING:
		why = sleep_over(e);
		if (why < 0)
			return 0;
		env_set_state(e, EXOS_ENV_RUNNABLE);
		tf_set_ret(env_tf(e), (uint64_t)why);
		return e;
	case EXOS_ENV_PCT_WAIT:
		callee = env_get(e->waiting_on);
		if (callee && callee->in_call == e->id && callee->state == EXOS_ENV_RUNNABLE)
			return callee;
		return 0;
	default:
		return 0;
	}
}

/* Who runs on hart index hi at its current position. */
static struct env *sched_pick(uint32_t hi)
{
	struct sched_hart *s = &sh[hi];
	uint32_t owner = slice_owner[hi][s->pos];
	struct env *e = owner ? sched_runnable(env_get(owner)) : 0;

	if (e)
		return e;
	for (uint32_t k = 1; k <= EXOS_MAX_ENVS; k++) {
		uint32_t slot = (s->rr + k) % EXOS_MAX_ENVS;
		struct env *c = &envs[slot];
		if (c->state == EXOS_ENV_FREE || !(c->flags & EXOS_ENV_F_LEFTOVER))
			continue;
		if ((e = sched_runnable(c))) {
			s->rr = slot;
			return e;
		}
	}
	return 0;
}

/* Arm this hart's timer for the slice end, the running env's grace
 * deadline or the first deadline of an env asleep here, whichever is
 * first. */
static void sched_arm(struct hart *h)
{
	struct env *e = h->env;
	uint64_t when = MIN(sh[h->index].slice_end, sh[h->index].wake_at);

	if (e && e->grace_deadline && e->grace_deadline < when)
		when = e->grace_deadline;
	if (when != sh[h->index].armed) {   /* most switches keep the deadline */
		sh[h->index].armed = when;
		arch_timer_set(when);
	}
}

/*
 * Floating point: each activation's FP state is saved when it stops
 * running on a hart, if it changed it there (arch_fpu_dirty), so its
 * own copy is always right wherever it runs next; a hart loads an
 * activation's state only when its registers hold anything else (the
 * fp_stamp comparison), so envs that never touch FP, or one env
 * returning to the hart it left, pay nothing.  Leaving dirty registers
 * behind for a lazy save instead goes wrong twice: the env may run on
 * another hart meanwhile (it would see an old copy, and the old hart
 * would later save stale values over its copy), and an env that exits
 * leaves its values to the next one.
 */

/* The activation running on this hart stops running here (the hart's
 * FP state is still the one it ran with). */
static void fpu_leave(struct sched_hart *s)
{
	struct activation *a = s->fp_live;

	if (!a)
		return;
	s->fp_live = 0;
	if (!arch_fpu_dirty())
		return;   /* the registers still hold what a->fp_stamp names */
	arch_fpu_save(a->fp);
	a->fp_stamp = ++fp_stamps;
	s->fp_held = a->fp_stamp;
	arch_fpu_clean(&a->tf);
}

/* Activation a runs on this hart next: give it its FP state (never
 * another env's values). */
static void fpu_enter(struct sched_hart *s, struct activation *a)
{
	if (s->fp_held != a->fp_stamp) {
		if (a->fp_stamp)
			arch_fpu_load(a->fp);
		else
			arch_fpu_zero();
		s->fp_held = a->fp_stamp;
	}
	s->fp_live = a;
}

/* Start (or restart) e's grace period: a time bound, and a floor of
 * instructions retired on its hart, so that an env whose hart did not
 * really run (an emulator thread the host descheduled) is not blamed. */
static void grace_begin(struct env *e, uint64_t now)
{
	e->grace_deadline = now + grace;
	e->grace_instret = arch_counters_open() ? arch_instret() : 0;
}

/* Hart h (any hart) runs nobody now: forget the last env's bindings. */
static void unbind_hart(struct hart *h)
{
	h->env = 0;
	h->utf = &h->idle_frame;
	h->save_kva = 0;
	h->exc_entry = 0;
	h->addr_entry = 0;
	h->stlb_only = 0;
}

/* Bind e to hart h to run next: state, hart fields, address space, FP
 * registers, timer.  Returns the frame to resume. */
static struct trapframe *bind(struct hart *h, struct env *e)
{
	sh[h->index].need_resched = 0;
	sh[h->index].next = 0;
	/* A grace period only runs while the env does. */
	if (e->grace_deadline)
		grace_begin(e, arch_time());
	env_set_state(e, EXOS_ENV_RUNNING);
	e->hart = (int)h->index;
	h->env = e;
	h->utf = env_tf(e);
	h->save_kva = (uint64_t)e->save;
	h->exc_entry = e->entry[EXOS_ENTRY_EXCEPTION];
	h->addr_entry = e->entry[EXOS_ENTRY_ADDRESSING];
	h->stlb_only = e->stlb_only;
	tlb_switch_to(e);
	fpu_enter(&sh[h->index], e->act);
	revoke_deliver(e);
	note_deliver(e);
	struct exos_env *row = &env_table[EXOS_ENV_SLOT(e->id)];
	row->runs = ++e->runs;
	row->hart = h->index;
	sched_arm(h);
	return env_tf(e);
}

static __attribute__((noreturn)) void switch_to(struct hart *h, struct env *e)
{
	struct trapframe *tf = bind(h, e);

	kernel_unlock();
	user_return(tf);
}

struct trapframe *sched_bind(struct env *e)
{
	return bind(this_hart(), e);
}

/* The env running on this hart (h, e) stops running here. */
static void leave(struct hart *h, struct env *e)
{
	fpu_leave(&sh[h->index]);
	if (e->state == EXOS_ENV_RUNNING)
		env_set_state(e, EXOS_ENV_RUNNABLE);
	e->hart = -1;
	unbind_hart(h);
}

void sched_unbind_current(void)
{
	struct hart *h = this_hart();

	if (h->env)
		leave(h, h->env);
}


static __attribute__((noreturn)) void sched_idle(struct hart *h)
{
	unbind_hart(h);
	tlb_switch_kernel();
	for (;;) {
		struct env *e = sched_pick(h->index);
		if (e)
			switch_to(h, e);
		sched_arm(h);
		kernel_unlock();
		smp_wait_irq();
		kernel_lock();
	}
}

void sched_return(void)
{
	struct hart *h = this_hart();
	struct sched_hart *s = &sh[h->index];
	struct env *e = h->env;

	if (e && e->dying)
		env_kill(e, e->dying_status);
	e = h->env;
	if (e && e->state == EXOS_ENV_RUNNING && !s->need_resched) {
		revoke_deliver(e);
		note_deliver(e);
		sched_arm(h);
		kernel_unlock();
		user_return(env_tf(e));
	}
	s->need_resched = 0;
	struct env *want = s->next;
	s->next = 0;
	if (e)
		leave(h, e);
	if (want && sched_runnable(want) == want)
		switch_to(h, want);
	e = sched_pick(h->index);
	if (e)
		switch_to(h, e);
	sched_idle(h);
}

void sched_set_next(struct env *e)
{
	sh[this_hart()->index].next = e;
	sh[this_hart()->index].need_resched = 1;
}

void sched_start(void)
{
	struct hart *h = this_hart();
	uint64_t now = arch_time();

	arch_irq_enable_ipi();
	kernel_lock();
	sh[h->index].pos = (uint32_t)((now / quantum) % EXOS_NSLICES);
	sh[h->index].slice_end = (now / quantum + 1) * quantum;
	sched_idle(h);
}

/* Give the running env its slice-end upcall, with its grace period to
 * yield in (a1: the deadline). */
static void slice_end_upcall(struct env *e, uint64_t now)
{
	e->yielded = 0;
	grace_begin(e, now);
	upcall_enter(e, EXOS_ENTRY_INTERRUPT, tf_cause(env_tf(e)), 0, EXOS_INTR_SLICE_END,
		     e->grace_deadline);
}

/* The running env's slice is over and someone else's begins: it is told
 * (slice-end upcall) and given the grace period to yield.  One still
 * inside an earlier slice-end upcall that it has not yielded in owes
 * that yield: its grace starts without a new upcall.  One that has
 * yielded and is finishing its handler, one with no interrupt entry, inside an
 * exception upcall, or running a PCT activation (whose registers, even
 * sp, are the kernel's to keep until it returns) is switched out now,
 * without an offence. */
static void slice_over(struct hart *h, struct env *e, uint64_t now)
{
	if (slice_owner[h->index][sh[h->index].pos] == e->id || e->grace_deadline)
		return;
	if (!e->entry[EXOS_ENTRY_INTERRUPT] || e->act != &e->own)
		sh[h->index].need_resched = 1;
	else if (!e->save->active)
		slice_end_upcall(e, now);
	else if (e->save->kind == EXOS_ENTRY_INTERRUPT && !e->yielded)
		grace_begin(e, now);
	else
		sh[h->index].need_resched = 1;
}

/* The grace period ran out: preempt by force, count an offence, abort
 * after SCHED_MAX_OFFENCES. */
static void grace_over(struct hart *h, struct env *e, uint64_t now)
{
	/* Not at fault if its hart barely ran (instret), or if it has not
	 * executed the first instruction of its handler: both happen under
	 * an emulator whose hart threads the host deschedules. */
	int not_started = e->save->active && tf_pc(env_tf(e)) == e->entry[EXOS_ENTRY_INTERRUPT];
	if (not_started ||
	    (arch_counters_open() && arch_instret() - e->grace_instret < SCHED_GRACE_INSNS)) {
		e->grace_deadline = now + grace;
		return;
	}
	e->grace_deadline = 0;
	e->offences++;
	sh[h->index].need_resched = 1;
	env_export(e);
	if (e->offences >= SCHED_MAX_OFFENCES) {
		kprintf("exos: env %u aborted: ignored %u slice-end upcalls\n", e->id, e->offences);
		e->flags |= EXOS_ENV_F_KILLED;
		env_kill(e, EXOS_STATUS_KILLED);
	}
}

void sched_timer(void)
{
	struct hart *h = this_hart();
	struct sched_hart *s = &sh[h->index];
	uint64_t now = arch_time();

	kernel_lock();
	struct env *e = h->env;
	if (now >= s->slice_end) {
		s->pos = (uint32_t)((now / quantum) % EXOS_NSLICES);
		s->slice_end = (now / quantum + 1) * quantum;
		if (e)
			slice_over(h, e, now);
		else
			s->need_resched = 1;
	}
	if (e && e->grace_deadline && now >= e->grace_deadline)
		grace_over(h, e, now);
	if (now >= s->wake_at) {   /* a sleeper's deadline or an alarm: pick again */
		s->wake_at = MIN(next_wake(h->index, now), note_alarms(h->index, now));
		s->need_resched = 1;
	}
	revoke_tick(now);
	sched_arm(h);
	kernel_unlock();
}

void sched_poke_sleepers(void)
{
	uint32_t me = this_hart()->index;
	uint64_t mask = 0;

	sh[me].need_resched = 1;
	/* Unlocked reads of h->env: an idle hart that just took work
	 * gets a spurious IPI, one that just went idle picks anyway. */
	for (uint32_t i = 0; i < MAX_HARTS; i++)
		if (i != me && harts[i].online && !harts[i].env)
			mask |= 1UL << harts[i].hartid;
	if (mask)
		arch_send_ipi(mask);
}

void sched_kick(struct env *e)
{
	if (e->hart >= 0 && e->hart != (int)this_hart()->index)
		arch_send_ipi(1UL << harts[e->hart].hartid);
}

/* Anyone in a PCT with e gets -E_DEAD and runs again. */
static void detach_pct(struct env *e)
{
	for (int i = 0; i < EXOS_MAX_ENVS; i++) {
		struct env *c = &envs[i];
		if (c == e || c->state == EXOS_ENV_FREE)
			continue;
		if (c->state == EXOS_ENV_PCT_WAIT && c->waiting_on == e->id) {
			tf_set_ret(env_tf(c), (uint64_t)-E_DEAD);
			c->waiting_on = 0;
			env_set_state(c, EXOS_ENV_RUNNABLE);
		}
	}
}

void sched_detach(struct env *e)
{
	for (int h = 0; h < MAX_HARTS; h++) {
		for (int p = 0; p < EXOS_NSLICES; p++)
			if (slice_owner[h][p] == e->id)
				slice_owner[h][p] = 0;
		/* Running there, it may have changed its FP registers: they
		 * match no saved state (the next env must not see them). */
		if (sh[h].fp_live == &e->own || sh[h].fp_live == &e->call) {
			sh[h].fp_live = 0;
			sh[h].fp_held = FP_UNKNOWN;
		}
	}
	e->nslices = 0;
	detach_pct(e);
	if (e->hart >= 0 && harts[e->hart].env == e)
		unbind_hart(&harts[e->hart]);
	e->hart = -1;
}
