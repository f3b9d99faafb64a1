/*
 * proc.c - processes as POSIX sees them: a process is an env, its pid
 * the env id.  wait and waitpid read the exported env table and the
 * process table (proc/ptab.h, for stopped and continued children) and
 * sleep on a wake-up predicate over them; kill posts a signal
 * (signal.c), or for SIGKILL destroys an env we hold the capability for
 * (a parent for its children, init for everyone).
 * usleep, sleep and nanosleep sleep on a kernel deadline.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include "exos/exos.h"
#include "exos/uaccess.h"
#include "signal.h"
#include "proc/ptab.h"

/* Children we killed: the kernel reaps an env its parent destroys at
 * once (nothing is left to wait for), so their wait status is kept here
 * until waitpid collects it.  A parent has at most EXOS_MAX_ENVS
 * children alive, and a killed one is listed only until it is waited
 * for.  The list names its owner: a forked child starts with a copy of
 * its parent's memory, and its parent's killed children are not its. */
#define KILLED_MAX EXOS_MAX_ENVS
static struct {
	uint32_t owner;
	pid_t pid[KILLED_MAX];
} killed;

static int killed_take(pid_t pid)
{
	if (killed.owner != exos_self)
		return 0;
	for (int i = 0; i < KILLED_MAX; i++)
		if (killed.pid[i] && (pid == -1 || killed.pid[i] == pid)) {
			int found = killed.pid[i];
			killed.pid[i] = 0;
			return found;
		}
	return 0;
}

static void killed_add(pid_t pid)
{
	if (killed.owner != exos_self) {
		memset(&killed, 0, sizeof(killed));
		killed.owner = exos_self;
	}
	for (int i = 0; i < KILLED_MAX; i++)
		if (!killed.pid[i]) {
			killed.pid[i] = pid;
			return;
		}
}

/* A child process: an env we made that was started (one never started,
 * CREATED, is a holder of shared pages, not a process). */
static int is_child(const volatile struct exos_env *row)
{
	return row->id && row->parent == exos_self && row->state != EXOS_ENV_CREATED &&
	       (row->state != EXOS_ENV_FREE || (row->flags & EXOS_ENV_F_ZOMBIE));
}

static int has_ended(const volatile struct exos_env *row)
{
	return row->state == EXOS_ENV_FREE;
}

/* Reap child row (ended): its status, its slot and our capabilities. */
static pid_t reap(const volatile struct exos_env *row, int *status)
{
	uint32_t id = row->id;
	int st;

	killed_take((pid_t)id);
	if (exos_wait(id, &st) != 0) {
		errno = ECHILD;
		return -1;
	}
	if (status)
		*status = exos_wait_status(st);
	return (pid_t)id;
}

/* Whether child row (of ours) is one waitpid(pid) waits for. */
static int wanted(const volatile struct exos_env *row, pid_t pid)
{
	if (pid > 0)
		return row->id == (uint32_t)pid;
	if (pid == -1)
		return 1;
	struct exos_proc *me = exos_ptab_self(), *r = exos_ptab_get(row->id);
	uint32_t pgid = pid == 0 ? (me ? me->pgid : exos_self) : (uint32_t)-pid;
	return r ? r->pgid == pgid : pgid == exos_self;
}

/* A stop or continue of child id that waitpid's options ask about, not
 * yet collected: its wait status, and the report cleared; else -1. */
static int job_change(uint32_t id, int options)
{
	struct exos_proc *r = exos_ptab_get(id);
	uint32_t rep = r ? r->report : 0;

	if ((options & WUNTRACED) && rep == EXOS_PROC_R_STOP &&
	    __atomic_compare_exchange_n(&r->report, &rep, 0, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return (int)(r->stopsig << 8 | 0x7f);
	if ((options & WCONTINUED) && rep == EXOS_PROC_R_CONT &&
	    __atomic_compare_exchange_n(&r->report, &rep, 0, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return 0xffff;
	return -1;
}

/* Sleep until one of our children (the first EXOS_PRED_MAX_TERMS - 1
 * of them) ends, or one stops or continues (our row's events word), or
 * a signal handler runs: 0, -EINTR. */
static int sleep_for_children(uint32_t events)
{
	struct exos_pred p = { 0 };
	struct exos_proc *me = exos_ptab_self();

	for (int i = 0; i < EXOS_MAX_ENVS && p.nterms < EXOS_PRED_MAX_TERMS - 1; i++) {
		const volatile struct exos_env *row = &exos_envs[i];
		if (is_child(row))
			p.term[p.nterms++] = (struct exos_pred_term){
				(uintptr_t)&row->state, ~0UL, EXOS_ENV_FREE, 4, EXOS_PRED_EQ, 1, { 0 } };
	}
	if (me)
		p.term[p.nterms++] = (struct exos_pred_term){ (uintptr_t)&me->events, ~0UL, events,
							      4, EXOS_PRED_NE, 1, { 0 } };
	int r = exos_sleep_intr(&p, EXOS_NO_DEADLINE);
	return r == -EINTR && !exos_signal_restart() ? -EINTR : 0;
}

/* One pass over our children for waitpid: an ended one is reaped, a
 * stopped or continued one reported.  The pid, 0 if none is ready
 * (*any: whether there is one to wait for), or -1 with errno. */
static pid_t wait_pass(pid_t pid, int *status, int options, int *any)
{
	pid_t gone;

	*any = 0;
	if ((gone = killed_take(pid > 0 ? pid : -1))) {
		if (status)
			*status = SIGKILL;
		return gone;
	}
	for (int i = 0; i < EXOS_MAX_ENVS; i++) {
		const volatile struct exos_env *row = &exos_envs[i];
		if (!is_child(row) || !wanted(row, pid))
			continue;
		*any = 1;
		if (has_ended(row))
			return reap(row, status);
		int st = job_change(row->id, options);
		if (st >= 0) {
			if (status)
				*status = st;
			return (pid_t)row->id;
		}
	}
	return 0;
}

/* waitpid into our own *status (which may be NULL). */
static pid_t wait_for(pid_t pid, int *status, int options)
{
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED)) {
		errno = EINVAL;
		return -1;
	}
	for (;;) {
		struct exos_proc *me = exos_ptab_self();
		uint32_t events = me ? __atomic_load_n(&me->events, __ATOMIC_ACQUIRE) : 0;
		int any;
		pid_t got = wait_pass(pid, status, options, &any);
		if (got)
			return got;
		if (!any) {
			errno = ECHILD;
			return -1;
		}
		if (options & WNOHANG)
			return 0;
		if (sleep_for_children(events) == -EINTR) {
			errno = EINTR;
			return -1;
		}
	}
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	int st = 0;

	/* Fault the status in before reaping anything: a bad pointer
	 * fails with EFAULT and leaves the child to wait for. */
	if (status && exos_touch(status, sizeof(*status), 1)) {
		errno = EFAULT;
		return -1;
	}
	pid_t r = wait_for(pid, status ? &st : 0, options);
	if (r > 0 && status && exos_copy_out(status, &st, sizeof(st))) {
		errno = EFAULT;
		return -1;
	}
	return r;
}

pid_t wait(int *status)
{
	return waitpid(-1, status, 0);
}

pid_t wait3(int *status, int options, struct rusage *ru)
{
	return wait4(-1, status, options, ru);
}

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
	static const struct rusage none;

	if (ru && exos_copy_out(ru, &none, sizeof(none))) {
		errno = EFAULT;
		return -1;
	}
	return waitpid(pid, status, options);
}

/* SIGKILL to a child or, for init, anyone: destroyed by the kernel, so
 * that nothing it does can keep it alive.  0, or -1 with errno. */
static int destroy(pid_t pid)
{
	const volatile struct exos_env *row = &exos_envs[EXOS_ENV_SLOT((uint32_t)pid)];
	int cap = exos_cap_find(EXOS_NS_ENV, (uint32_t)pid);
	int mine = row->parent == exos_self;
	long err = sys_env_destroy(cap, (uint32_t)pid);

	if (err) {
		errno = err == -E_NOCAP || err == -E_PERM ? EPERM : ESRCH;
		return -1;
	}
	/* Reaped at once unless it was running on another hart: then it
	 * ends there and waits as a zombie like any other child.  Reaped,
	 * it needs our capabilities no more. */
	if (mine && !is_child(row)) {
		exos_forget_env((uint32_t)pid);
		killed_add(pid);
	}
	return 0;
}

/* Signal one process. */
static int kill_one(pid_t pid, int sig)
{
	if (!exos_env_alive((uint32_t)pid)) {
		errno = ESRCH;
		return -1;
	}
	if (sig == SIGKILL && (uint32_t)pid != exos_self &&
	    exos_cap_find(EXOS_NS_ENV, (uint32_t)pid) >= 0)
		return destroy(pid);
	return exos_signal_send((uint32_t)pid, sig);
}

/* Signal every process of group pgid (all but init and ourselves when
 * pgid is 0 with all set: kill(-1)). */
static int kill_group(uint32_t pgid, int sig, int all)
{
	int found = 0, err = 0;

	for (int i = 0; i < EXOS_MAX_ENVS; i++) {
		uint32_t id = exos_envs[i].id;
		struct exos_proc *r = exos_ptab_get(id);
		if (!r || !exos_env_exists(id) || (all ? id == exos_self || !r->ppid : r->pgid != pgid))
			continue;
		found = 1;   /* a zombie is still a member */
		if ((uint32_t)id == exos_self || !exos_env_alive(id))
			continue;   /* ourselves last: a signal to ourselves may end us */
		if (kill_one((pid_t)id, sig) < 0)
			err = errno;
	}
	if (!found) {
		errno = ESRCH;
		return -1;
	}
	if (!all && exos_ptab_get(exos_self) && exos_ptab_get(exos_self)->pgid == pgid)
		return kill_one((pid_t)exos_self, sig);
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

int kill(pid_t pid, int sig)
{
	if (sig < 0 || sig >= NSIG) {
		errno = EINVAL;
		return -1;
	}
	if (pid > 0)
		return kill_one(pid, sig);
	if (pid == -1)
		return kill_group(0, sig, 1);
	struct exos_proc *me = exos_ptab_self();
	return kill_group(pid == 0 ? (me ? me->pgid : exos_self) : (uint32_t)-pid, sig, 0);
}

int killpg(pid_t pgrp, int sig)
{
	if (pgrp <= 1) {
		errno = EINVAL;
		return -1;
	}
	return kill(-pgrp, sig);
}

/* Sleep until rdtime reaches end.  The kernel wakes us then (a
 * deadline on the hart's timer), and the hart idles in wfi meanwhile
 * if nobody else wants it.  An early wake (a revocation to handle)
 * sleeps again; a signal handler ends the sleep: -EINTR. */
static int sleep_until_time(uint64_t end)
{
	while (exos_rdtime() < end)
		if (exos_sleep_intr(0, end) == -EINTR)
			return -EINTR;
	return 0;
}

/* What is left of a sleep until end, in ns. */
static uint64_t left_ns(uint64_t end)
{
	uint64_t now = exos_rdtime(), hz = exos_info->timebase_hz;
	uint64_t d = end > now ? end - now : 0;

	return d / hz * 1000000000ULL + d % hz * 1000000000ULL / hz;
}

/* The rdtime deadline `ticks` from now, saturating short of
 * EXOS_NO_DEADLINE (which would mean never). */
static uint64_t deadline_in(uint64_t ticks)
{
	uint64_t now = exos_rdtime();

	return ticks >= EXOS_NO_DEADLINE - 1 - now ? EXOS_NO_DEADLINE - 1 : now + ticks;
}

/* Ticks in sec seconds and nsec nanoseconds, saturating. */
static uint64_t to_ticks(uint64_t sec, uint64_t nsec)
{
	uint64_t hz = exos_info->timebase_hz;

	if (sec > UINT64_MAX / hz - 1)
		return UINT64_MAX;
	return sec * hz + (nsec * hz + 999999999) / 1000000000;   /* round up */
}

int usleep(useconds_t us)
{
	if (sleep_until_time(deadline_in(to_ticks(us / 1000000,
						  (uint64_t)(us % 1000000) * 1000))) < 0) {
		errno = EINTR;
		return -1;
	}
	return 0;
}

unsigned sleep(unsigned s)
{
	uint64_t end = deadline_in(to_ticks(s, 0));

	if (sleep_until_time(end) < 0)
		return (unsigned)((left_ns(end) + 999999999ULL) / 1000000000ULL);
	return 0;
}

/* A signal handler ends the sleep: EINTR, with what is left in *rem. */
int nanosleep(const struct timespec *ureq, struct timespec *rem)
{
	struct timespec req;

	if (exos_copy_in(&req, ureq, sizeof(req)) || !exos_uptr_ok(rem, rem ? sizeof(*rem) : 0, 1)) {
		errno = EFAULT;
		return -1;
	}
	if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= 1000000000) {
		errno = EINVAL;
		return -1;
	}
	uint64_t end = deadline_in(to_ticks((uint64_t)req.tv_sec, (uint64_t)req.tv_nsec));
	int r = sleep_until_time(end);
	uint64_t ns = r < 0 ? left_ns(end) : 0;
	struct timespec left = { (time_t)(ns / 1000000000ULL), (long)(ns % 1000000000ULL) };
	if (rem && exos_copy_out(rem, &left, sizeof(left))) {
		errno = EFAULT;
		return -1;
	}
	if (r < 0) {
		errno = EINTR;
		return -1;
	}
	return 0;
}
