/*
 * sched.h - the processor: slice vectors, switching envs, slice-end
 * upcalls, forced preemption and idling (design.md, "Time slices").
 *
 * Each hart has EXOS_NSLICES slices of kinfo->slice_ticks each, in a
 * vector that repeats.  A slice's owner runs in it; slices nobody owns
 * (or whose owner cannot run) go round-robin to envs that asked for
 * leftover time.  All functions here run under kernel_big_lock unless
 * they say otherwise.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "env.h"
#include "arch/cpu.h"

extern ppn_t slices_ppn;
/* The exported slice vectors: owner env id per hart and position. */
extern uint32_t (*slice_owner)[EXOS_NSLICES];

/* Allocate the exported slice vectors and fix the slice length (1 ms)
 * and the grace period after a slice-end upcall (half a slice, or
 * grace_ms when nonzero: the kernel command line's grace_ms=N, for
 * emulators whose hart threads the host may deschedule for a while). */
void sched_init(uint64_t timebase_hz, uint32_t grace_ms);
/* Start scheduling on this hart (lock not held).  Never returns. */
__attribute__((noreturn)) void sched_start(void);
/* Leave the kernel: run whichever env should run on this hart now, or
 * idle.  Releases the lock.  Never returns. */
__attribute__((noreturn)) void sched_return(void);
/* Ask this hart to pick again at the next sched_return. */
void sched_need_resched(void);
/* Switch to e (if it can run) at the next sched_return on this hart:
 * directed yield and PCT. */
void sched_set_next(struct env *e);

/* Forced preemptions after a slice-end upcall before an env is aborted. */
#define SCHED_MAX_OFFENCES 3
/* Instructions its hart must have retired since a slice-end upcall before
 * an env that has not yielded is at fault (far more than any handler
 * needs to save state and yield). */
#define SCHED_GRACE_INSNS 100000
/* Unbind e from slices, harts and PCT partners (callers waiting on it
 * get -E_DEAD) before it is destroyed. */
void sched_detach(struct env *e);
/* The timer interrupt on this hart (lock not held). */
void sched_timer(void);
/* The env running on this hart (NULL when idle).  Inline: every
 * system call asks. */
static inline struct env *sched_current(void)
{
	return this_hart()->env;
}
/* The env e would hand the processor to if it were picked: e itself,
 * or for a PCT_WAIT env its callee; NULL if none of them can run. */
struct env *sched_runnable(struct env *e);
/* Bind e to this hart to run next (the fast PCT path) and return the
 * frame to resume with user_return (after unlocking). */
struct trapframe *sched_bind(struct env *e);
/* Unbind the env running on this hart (its state set by the caller;
 * RUNNING becomes RUNNABLE). */
void sched_unbind_current(void);
/* Memory sleepers' predicates may read changed outside any env (device
 * input): this hart picks again when it leaves the kernel, idle harts
 * are woken (an IPI) to look at the sleepers now, not at their next
 * tick.  Lock not needed: runs in device interrupts. */
void sched_poke_sleepers(void);
/* Put the running env e to sleep until predicate p (copied; nterms 0:
 * none) holds or the time reaches deadline (EXOS_NO_DEADLINE: never),
 * arming this hart's timer for the deadline; returns 0 (its a0 is set
 * again when it wakes).  When the deadline has already passed, e does
 * not sleep: returns at once whether the predicate holds (0, or
 * EXOS_SLEEP_TIMEOUT; exos/pred.h).  p has passed pred_check. */
long sched_sleep(struct env *e, const struct exos_pred *p, uint64_t deadline);
/* e's activation just became the one to run again, in state SLEEPING
 * (a PCT activation that interrupted its sleep ended): arm this hart
 * for its deadline again (its hart may have dropped it meanwhile). */
void sched_resume_sleep(struct env *e);
/* Arm this hart's timer for an alarm at time when (arch_time; note.c); returns
 * the hart's index, where note_alarms finds it due. */
uint32_t sched_arm_alarm(uint64_t when);
/* Kick the hart running e (an IPI) so that it notices a state change. */
void sched_kick(struct env *e);

#endif
