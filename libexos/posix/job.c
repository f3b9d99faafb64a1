/*
 * job.c - process groups and sessions, kept in the process table
 * (proc/ptab.h) where every process sees them.
 */
#include <errno.h>
#include <unistd.h>
#include "exos/exos.h"
#include "../proc/ptab.h"

pid_t getpgid(pid_t pid)
{
	struct exos_proc *r = pid ? exos_ptab_get((uint32_t)pid) : exos_ptab_self();

	if (!r || !exos_env_alive(r->id)) {
		if (!pid || (uint32_t)pid == exos_self)
			return (pid_t)exos_self;   /* no table: a group of its own */
		errno = ESRCH;
		return -1;
	}
	return (pid_t)r->pgid;
}

pid_t getpgrp(void)
{
	return getpgid(0);
}

pid_t getsid(pid_t pid)
{
	struct exos_proc *r = pid ? exos_ptab_get((uint32_t)pid) : exos_ptab_self();

	if (!r || !exos_env_alive(r->id)) {
		if (!pid || (uint32_t)pid == exos_self)
			return (pid_t)exos_self;
		errno = ESRCH;
		return -1;
	}
	return (pid_t)r->sid;
}

/* Whether some live process of session sid is in group pgid. */
static int group_exists(uint32_t pgid, uint32_t sid)
{
	for (int i = 0; i < EXOS_MAX_ENVS; i++) {
		struct exos_proc *r = exos_ptab_get(exos_envs[i].id);
		if (r && r->pgid == pgid && r->sid == sid && exos_env_exists(r->id))
			return 1;
	}
	return 0;
}

/* POSIX: pid is ourselves or a child of ours in our session (not a
 * session leader); pgid is pid (a new group) or a group of our session. */
int setpgid(pid_t pid, pid_t pgid)
{
	struct exos_proc *me = exos_ptab_self();
	uint32_t target = pid ? (uint32_t)pid : exos_self;
	struct exos_proc *r = exos_ptab_get(target);

	if (pid < 0 || pgid < 0) {
		errno = EINVAL;
		return -1;
	}
	if (!me)
		return 0;   /* no table: nothing to record */
	if (!r || !exos_env_alive(target) || (target != exos_self && r->ppid != exos_self)) {
		errno = ESRCH;
		return -1;
	}
	uint32_t want = pgid ? (uint32_t)pgid : target;
	if (r->sid != me->sid || r->sid == target ||
	    (want != target && !group_exists(want, me->sid))) {
		errno = EPERM;
		return -1;
	}
	r->pgid = want;
	return 0;
}

int setpgrp(void)
{
	return setpgid(0, 0);
}

/* A new session and group led by us, without a terminal; EPERM if we
 * lead a group already. */
pid_t setsid(void)
{
	struct exos_proc *me = exos_ptab_self();

	if (!me)
		return (pid_t)exos_self;
	for (int i = 0; i < EXOS_MAX_ENVS; i++) {
		struct exos_proc *r = exos_ptab_get(exos_envs[i].id);
		if (r && r->pgid == exos_self && exos_env_alive(r->id)) {
			errno = EPERM;
			return -1;
		}
	}
	me->pgid = me->sid = exos_self;
	return (pid_t)exos_self;
}
