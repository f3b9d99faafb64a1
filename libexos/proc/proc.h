/*
 * proc.h - processes as others see them: figures from the exported
 * kernel data (sysinfo.c) and the files of /proc (procfs.c).
 */
#ifndef LIBEXOS_PROC_H
#define LIBEXOS_PROC_H

#include <stdint.h>
#include <time.h>

/* Clock ticks (100 a second) of processor time env id has had. */
clock_t exos_proc_cpu_ticks(uint32_t id);
/* Processes that exist (envs started and not ended). */
int exos_nprocs(void);
/* Load averages (1, 5, 15 minutes) << 16. */
void exos_loadavg(uint64_t out[3]);

#endif
