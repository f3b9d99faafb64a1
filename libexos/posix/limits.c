/*
 * limits.c - sysconf and resource limits: what this system really
 * allows (descriptors, argument bytes, processes, memory), none of it
 * adjustable upwards.
 */
#include <errno.h>
#include <limits.h>
#include <sys/resource.h>
#include <unistd.h>
#include "exos/exos.h"
#include "exos/uaccess.h"
#include "../fd.h"

/* Bytes of argv and environment a started program may get (spawn.c's
 * argument block is 8 pages, with the descriptor specs). */
#define ARG_BYTES 32000

long sysconf(int name)
{
	switch (name) {
	case _SC_PAGESIZE:
		return EXOS_PAGE_SIZE;
	case _SC_CLK_TCK:
		return 100;
	case _SC_OPEN_MAX:
		return EXOS_FD_MAX;
	case _SC_ARG_MAX:
		return ARG_BYTES;
	case _SC_CHILD_MAX:
		return EXOS_MAX_ENVS;
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:
		return exos_info->nharts;
	case _SC_PHYS_PAGES:
		return (long)exos_info->pages_total;
	case _SC_AVPHYS_PAGES:
		return (long)exos_info->pages_free;
	case _SC_LINE_MAX:
		return 2048;
	case _SC_NGROUPS_MAX:
		return 1;
	case _SC_TTY_NAME_MAX:
		return 32;
	case _SC_HOST_NAME_MAX:
		return 64;
	case _SC_LOGIN_NAME_MAX:
		return 32;
	case _SC_SYMLOOP_MAX:
		return 8;
	default:
		errno = EINVAL;
		return -1;
	}
}

int getpagesize(void)
{
	return EXOS_PAGE_SIZE;
}

/* The limit that stands for resource r, both soft and hard. */
static rlim_t limit_of(int r)
{
	switch (r) {
	case RLIMIT_NOFILE:
		return EXOS_FD_MAX;
	case RLIMIT_NPROC:
		return EXOS_MAX_ENVS;
	case RLIMIT_STACK:
		return EXOS_STACK_PAGES * EXOS_PAGE_SIZE;
	case RLIMIT_CORE:
		return 0;
	default:
		return RLIM_INFINITY;
	}
}

int getrlimit(int r, struct rlimit *rl)
{
	if (r < 0 || r >= RLIMIT_NLIMITS) {
		errno = EINVAL;
		return -1;
	}
	struct rlimit v = { limit_of(r), limit_of(r) };
	if (exos_copy_out(rl, &v, sizeof(v))) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

/* Lowering is accepted and forgotten (nothing enforces a lower limit
 * yet); raising past what there is is EPERM. */
int setrlimit(int r, const struct rlimit *url)
{
	struct rlimit v, *rl = &v;

	if (exos_copy_in(&v, url, sizeof(v))) {
		errno = EFAULT;
		return -1;
	}
	if (r < 0 || r >= RLIMIT_NLIMITS || rl->rlim_cur > rl->rlim_max) {
		errno = EINVAL;
		return -1;
	}
	if (rl->rlim_max > limit_of(r)) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

int getpriority(int which, id_t who)
{
	(void)which, (void)who;
	errno = 0;
	return 0;
}

int setpriority(int which, id_t who, int prio)
{
	(void)which, (void)who, (void)prio;
	return 0;
}

int getrusage(int who, struct rusage *ru)
{
	static const struct rusage none;

	(void)who;
	if (exos_copy_out(ru, &none, sizeof(none))) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}
