/*
 * note.c - see note.h.
 */
#include "note.h"
#include "sched.h"
#include "syscall.h"
#include "upcall.h"
#include "arch/trap.h"

static void note_export(const struct env *e)
{
	env_table[EXOS_ENV_SLOT(e->id)].notes = e->notes;
}

uint64_t note_deliverable(const struct env *e)
{
	return e->save ? e->notes & ~e->save->notes_blocked : 0;
}

int note_wakes(const struct env *e)
{
	return e->act == &e->own && e->save && !e->save->active && note_deliverable(e);
}

void note_post(struct env *e, uint64_t bits)
{
	if (!(e->flags & EXOS_ENV_F_NOTES))
		return;
	if (e->save)
		bits &= ~e->save->notes_ignored;
	if (!bits || e->state == EXOS_ENV_FREE || e->state == EXOS_ENV_DYING)
		return;
	e->notes |= bits;
	note_export(e);
	/* A sleeping own activation wakes at once (the scheduler would
	 * find out too, but only when it next looks at sleepers); one
	 * asleep inside an upcall may watch its pending word. */
	if (e->state == EXOS_ENV_SLEEPING && note_wakes(e)) {
		env_set_state(e, EXOS_ENV_RUNNABLE);
		tf_set_ret(env_tf(e), EXOS_SLEEP_NOTE);
		sched_poke_sleepers();
	} else if (e->state == EXOS_ENV_SLEEPING) {
		sched_poke_sleepers();
	} else if (e->state == EXOS_ENV_RUNNING && note_deliverable(e)) {
		sched_kick(e);
	}
}

void note_deliver(struct env *e)
{
	uint64_t bits = note_deliverable(e);

	if (!bits || e->act != &e->own)
		return;
	if (upcall_enter(e, EXOS_ENTRY_INTERRUPT, 0, bits, EXOS_INTR_NOTE, bits)) {
		e->notes &= ~bits;
		note_export(e);
	}
}

uint64_t note_alarms(uint32_t hi, uint64_t now)
{
	uint64_t next = EXOS_NO_DEADLINE;

	for (int i = 0; i < EXOS_MAX_ENVS; i++) {
		struct env *e = &envs[i];
		if (e->state == EXOS_ENV_FREE || !e->alarm_bits)
			continue;
		if (e->alarm_at <= now) {
			uint64_t bits = e->alarm_bits;
			e->alarm_bits = 0;
			note_post(e, bits);
		} else if (e->alarm_hart == hi && e->alarm_at < next) {
			next = e->alarm_at;
		}
	}
	return next;
}

/* env_notify(id, bits): post bits to env id, which must take
 * notifications (EXOS_ENV_F_NOTES: a library that answers them; the
 * kernel posts nothing to an env that did not ask).  bits 0 posts
 * nothing: it only asks whether posting would be allowed.  0, -E_NOENT,
 * -E_PERM. */
long sys_env_notify(uint32_t id, uint64_t bits)
{
	struct env *e = env_get(id);

	if (!e || e->state == EXOS_ENV_DYING)
		return -E_NOENT;
	if (!(e->flags & EXOS_ENV_F_NOTES))
		return -E_PERM;
	note_post(e, bits);
	return 0;
}

/* env_alarm(deadline, bits): at time deadline (arch_time), post bits to oneself
 * (one alarm per env: a new one replaces the old; bits 0 or deadline
 * EXOS_NO_DEADLINE cancels it).  Returns the deadline the replaced
 * alarm had, or EXOS_NO_DEADLINE. */
long sys_env_alarm(uint64_t deadline, uint64_t bits)
{
	struct env *me = sched_current();
	uint64_t old = me->alarm_bits ? me->alarm_at : EXOS_NO_DEADLINE;

	me->alarm_bits = deadline == EXOS_NO_DEADLINE ? 0 : bits;
	me->alarm_at = deadline;
	if (me->alarm_bits)
		me->alarm_hart = sched_arm_alarm(deadline);
	return (long)old;
}
