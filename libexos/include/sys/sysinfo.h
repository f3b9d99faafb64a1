/*
 * sys/sysinfo.h - Linux's sysinfo(), from the exported kernel data
 * (libexos/proc/sysinfo.c): uptime, load, memory, processes.
 */
#ifndef EXOS_SYS_SYSINFO_H
#define EXOS_SYS_SYSINFO_H

struct sysinfo {
	long uptime;                  /* seconds since boot */
	unsigned long loads[3];       /* 1, 5 and 15 minute load averages, << SI_LOAD_SHIFT */
	unsigned long totalram;
	unsigned long freeram;
	unsigned long sharedram;
	unsigned long bufferram;
	unsigned long totalswap;
	unsigned long freeswap;
	unsigned short procs;
	unsigned short pad;
	unsigned long totalhigh;
	unsigned long freehigh;
	unsigned int mem_unit;        /* the sizes above are in units of this many bytes */
	char _f[20 - 2 * sizeof(long) - sizeof(int)];
};
#define SI_LOAD_SHIFT 16

#ifdef __cplusplus
extern "C" {
#endif
int sysinfo(struct sysinfo *info);
int get_nprocs(void);
int get_nprocs_conf(void);
#ifdef __cplusplus
}
#endif

#endif
