/*
 * proc.c - processes as POSIX sees them: a process is an env, its pid
 * the env id.  wait and waitpid read the exported env table and sleep on
 * a wake-up predicate over it; kill destroys an env we hold the
 * capability for (a parent for its children, init for everyone).
 * usleep, sleep and nanosleep sleep on a kernel deadline.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "exos/exos.h"
#include "exos/uaccess.h"

/* The wait status of an env that ended with exit status st: an exit
 * code, or a signal for an env that did not end by itself (the kernel
 * does not know signals: every kill is a SIGKILL). */
static int wait_status(int32_t st)
{
	switch (st) {
	case EXOS_STATUS_DESTROYED:
		return SIGKILL;
	case EXOS_STATUS_KILLED:
		return SIGXCPU;
	case EXOS_STATUS_NESTED:
	case EXOS_STATUS_FAULT:
		return SIGSEGV;
	default:
		return (st & 0xff) << 8;
	}
}

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

static int is_child(const volatile struct exos_env *row)
{
	return row->id && row->parent == exos_self &&
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
		*status = wait_status(st);
	return (pid_t)id;
}

/* Sleep until one of our children (the first EXOS_PRED_MAX_TERMS of
 * them) ends; 0 if we have none. */
static int sleep_for_children(void)
{
	struct exos_pred p = { 0 };

	for (int i = 0; i < EXOS_MAX_ENVS && p.nterms < EXOS_PRED_MAX_TERMS; i++) {
		const volatile struct exos_env *row = &exos_envs[i];
		if (is_child(row))
			p.term[p.nterms++] = (struct exos_pred_term){
				(uintptr_t)&row->state, ~0UL, EXOS_ENV_FREE, 4, EXOS_PRED_EQ, 1, { 0 } };
	}
	if (!p.nterms)
		return 0;
	sys_sleep_until(&p);
	return 1;
}

/* waitpid into our own *status (which may be NULL). */
static pid_t wait_for(pid_t pid, int *status, int options)
{
	if (options & ~WNOHANG) {
		errno = EINVAL;
		return -1;
	}
	pid_t gone;
	if (pid > 0) {
		const volatile struct exos_env *row = &exos_envs[EXOS_ENV_SLOT((uint32_t)pid)];
		if ((row->id != (uint32_t)pid || !is_child(row)) && (gone = killed_take(pid))) {
			if (status)
				*status = SIGKILL;
			return gone;
		}
		if (row->id != (uint32_t)pid || !is_child(row)) {
			errno = ECHILD;
			return -1;
		}
		if ((options & WNOHANG) && !has_ended(row))
			return 0;
		return reap(row, status);
	}
	if (pid != -1) {
		errno = EINVAL;   /* no process groups */
		return -1;
	}
	for (;;) {
		int any = 0;
		if ((gone = killed_take(-1))) {
			if (status)
				*status = SIGKILL;
			return gone;
		}
		for (int i = 0; i < EXOS_MAX_ENVS; i++) {
			const volatile struct exos_env *row = &exos_envs[i];
			if (!is_child(row))
				continue;
			any = 1;
			if (has_ended(row))
				return reap(row, status);
		}
		if (!any) {
			errno = ECHILD;
			return -1;
		}
		if (options & WNOHANG)
			return 0;
		if (!sleep_for_children()) {
			errno = ECHILD;
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

int kill(pid_t pid, int sig)
{
	if (sig < 0 || sig >= NSIG) {
		errno = EINVAL;
		return -1;
	}
	const volatile struct exos_env *row = &exos_envs[EXOS_ENV_SLOT((uint32_t)pid)];
	if (pid <= 0 || row->id != (uint32_t)pid || row->state == EXOS_ENV_FREE) {
		errno = ESRCH;
		return -1;
	}
	if ((uint32_t)pid == exos_self && sig) {
		fflush(0);
		_exit(128 + sig);
	}
	int cap = exos_cap_find(EXOS_NS_ENV, (uint32_t)pid);
	if (cap < 0)
		cap = EXOS_CAP_ROOT;   /* only init has it; the kernel checks */
	if (!sig)
		return 0;
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

/* Sleep until rdtime reaches end.  The kernel wakes us then (a
 * deadline on the hart's timer), and the hart idles in wfi meanwhile
 * if nobody else wants it.  An early wake (a revocation to handle)
 * sleeps again. */
static void sleep_until_time(uint64_t end)
{
	while (exos_rdtime() < end)
		sys_sleep_deadline(0, end);
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
	sleep_until_time(deadline_in(to_ticks(us / 1000000, (uint64_t)(us % 1000000) * 1000)));
	return 0;
}

unsigned sleep(unsigned s)
{
	sleep_until_time(deadline_in(to_ticks(s, 0)));
	return 0;
}

/* Nothing interrupts a sleep here (no signals), so *rem is always 0. */
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
	sleep_until_time(deadline_in(to_ticks((uint64_t)req.tv_sec, (uint64_t)req.tv_nsec)));
	if (rem && exos_copy_out(rem, &(struct timespec){ 0, 0 }, sizeof(*rem))) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}
