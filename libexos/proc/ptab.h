/*
 * ptab.h - the process table: what one process publishes about itself
 * for the others (its command, its process group and session, whether
 * it is stopped), one row per env slot, in the shared region
 * (shared.h).  /proc, ps and top read it; kill of a process group,
 * job control and waitpid of stopped children use it.  A row names the
 * env it describes (id): a row whose env has ended, or whose slot a new
 * env took, is stale.
 *
 * Who writes a row: the parent fills its child's before the child runs
 * (fork, spawn: exos_ptab_start); the process itself afterwards
 * (exec, stop, continue, setsid); setpgid writes its target's pgid
 * (itself or a child, as POSIX allows).  Single words: no lock.
 */
#ifndef LIBEXOS_PTAB_H
#define LIBEXOS_PTAB_H

#include <stdint.h>

enum exos_proc_state { EXOS_PROC_RUN = 0, EXOS_PROC_STOPPED = 1 };
/* report: a change the parent has not collected with waitpid yet. */
#define EXOS_PROC_R_STOP 1u
#define EXOS_PROC_R_CONT 2u

#define EXOS_PROC_COMM 16
#define EXOS_PROC_CMDLINE 192

struct exos_proc {
	uint32_t id;                  /* env id the row describes; 0: none */
	uint32_t ppid;                /* the process that started it */
	uint32_t pgid;
	uint32_t sid;
	volatile uint32_t state;      /* enum exos_proc_state */
	volatile uint32_t stopsig;
	volatile uint32_t report;     /* EXOS_PROC_R_* */
	volatile uint32_t events;     /* moves when a child of this one stops or continues */
	uint64_t start;               /* rdtime when it started */
	char comm[EXOS_PROC_COMM];    /* its program's name */
	char cmdline[EXOS_PROC_CMDLINE]; /* argv, each ending in NUL, cut short */
	uint32_t cmdline_len;
	uint32_t _pad;
};
_Static_assert(sizeof(struct exos_proc) == 256, "four rows a page");

/* The row of env id if it describes it, else NULL (also without the
 * shared region). */
struct exos_proc *exos_ptab_get(uint32_t id);
/* Our own row (made if there is none: a process with no parent row). */
struct exos_proc *exos_ptab_self(void);
/* Fill the row of child id (not yet running) from ours. */
void exos_ptab_start(uint32_t id, char *const argv[]);
/* Our command (exec, start). */
void exos_ptab_set_cmd(char *const argv[]);
/* We stop by signal sig / continue: record it, tell the parent. */
void exos_ptab_stopped(int sig);
void exos_ptab_continued(void);
/* Whether env id is alive (started, not ended). */
int exos_env_alive(uint32_t id);
/* Whether env id still exists as a process: alive, or ended and not yet
 * reaped by its parent (a zombie still belongs to its process group). */
int exos_env_exists(uint32_t id);

#endif
