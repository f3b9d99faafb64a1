/*
 * sysinfo.c - Linux's sysinfo() and the figures /proc shows, from the
 * exported kernel data: no system call.
 */
#include <errno.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include "exos/exos.h"
#include "exos/uaccess.h"
#include "proc.h"

uint64_t exos_uptime_ticks(void)
{
	return exos_rdtime();
}

clock_t exos_proc_cpu_ticks(uint32_t id)
{
	const volatile struct exos_env *row = &exos_envs[EXOS_ENV_SLOT(id)];

	/* Each run is at most one slice (1 ms); a tick is 10 ms. */
	return row->id == id ? (clock_t)(row->runs / 10) : 0;
}

int exos_nprocs(void)
{
	int n = 0;

	for (int i = 0; i < EXOS_MAX_ENVS; i++)
		n += exos_envs[i].id && exos_envs[i].state != EXOS_ENV_FREE &&
		     exos_envs[i].state != EXOS_ENV_CREATED;
	return n;
}

int sysinfo(struct sysinfo *uinfo)
{
	struct sysinfo v, *info = &v;
	uint64_t loads[3];

	memset(info, 0, sizeof(*info));
	info->uptime = (long)(exos_rdtime() / exos_info->timebase_hz);
	exos_loadavg(loads);
	for (int i = 0; i < 3; i++)
		info->loads[i] = (unsigned long)loads[i];
	info->totalram = (unsigned long)exos_info->pages_total;
	info->freeram = (unsigned long)exos_info->pages_free;
	info->procs = (unsigned short)exos_nprocs();
	info->mem_unit = EXOS_PAGE_SIZE;
	if (exos_copy_out(uinfo, info, sizeof(*info))) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

int get_nprocs(void)
{
	return (int)exos_info->nharts;
}

int get_nprocs_conf(void)
{
	return (int)exos_info->nharts;
}

/* Load averages in 1/65536ths: the envs running or runnable now.  The
 * kernel keeps no history, so all three are the instant figure. */
void exos_loadavg(uint64_t out[3])
{
	uint64_t n = 0;

	for (int i = 0; i < EXOS_MAX_ENVS; i++)
		n += exos_envs[i].state == EXOS_ENV_RUNNING || exos_envs[i].state == EXOS_ENV_RUNNABLE;
	for (int i = 0; i < 3; i++)
		out[i] = n << SI_LOAD_SHIFT;
}
