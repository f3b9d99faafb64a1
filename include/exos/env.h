/*
 * exos/env.h - environments as user space sees them: the exported env
 * table, the save area, upcall entry points and their arguments.
 * Shared by the kernel and libexos; everything here is ABI.
 */
#ifndef EXOS_ENV_H
#define EXOS_ENV_H

#include "exos/layout.h"

#define EXOS_SAVE_REGS    0
#define EXOS_SAVE_CAUSE   256
#define EXOS_SAVE_TVAL    264
#define EXOS_SAVE_ACTIVE  272
#define EXOS_SAVE_KIND    280

/*
 * Registers in the save area and in upcalls, by number: exos_save.regs[n]
 * holds xn, regs[0] the pc.  An exception or interrupt upcall overwrites
 * only EXOS_UPCALL_CLOBBERED (sp, t1, a0-a2, t0), storing their
 * interrupted values first; the library's entry stubs store
 * EXOS_UPCALL_REST (the other caller-saved registers) and resume reloads
 * both.  The addressing stub also stores EXOS_UPCALL_CALLEE (s0-s11),
 * which the fused "X and resume" calls reload.  These lists are the
 * ones the kernel (kernel/upcall.c, arch/riscv/vector.S) and libexos
 * (upcall.S) use; t0 is last in EXOS_UPCALL_CLOBBERED because the
 * assembly that reloads the list loads through it.
 */
#define EXOS_REG_PC   0
#define EXOS_REG_SP   2
#define EXOS_REG_T0   5
#define EXOS_REG_T1   6
#define EXOS_REG_A0   10
#define EXOS_REG_A1   11
#define EXOS_REG_A2   12
#define EXOS_UPCALL_CLOBBERED EXOS_REG_SP, EXOS_REG_T1, EXOS_REG_A0, EXOS_REG_A1, EXOS_REG_A2, \
			      EXOS_REG_T0
#define EXOS_UPCALL_REST      1, 7, 13, 14, 15, 16, 17, 28, 29, 30, 31
#define EXOS_UPCALL_CALLEE    8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27

#ifndef __ASSEMBLER__
#include <stdint.h>

/* An env id is slot + EXOS_MAX_ENVS * generation; 0 names no env. */
#define EXOS_ENV_SLOT(id)  ((id) % EXOS_MAX_ENVS)

enum exos_env_state {
	EXOS_ENV_FREE = 0,     /* slot unused (exit_status holds the last one's) */
	EXOS_ENV_CREATED,      /* made, not yet started (env_run) */
	EXOS_ENV_RUNNABLE,
	EXOS_ENV_RUNNING,      /* on a hart now */
	EXOS_ENV_SLEEPING,     /* waiting for its wake-up predicate */
	EXOS_ENV_PCT_WAIT,     /* in a synchronous PCT, waiting for the callee */
	EXOS_ENV_DYING,
};

/* One row of the exported env table (read-only at EXOS_ENVS_VA). */
struct exos_env {
	uint32_t id;
	uint32_t state;            /* enum exos_env_state */
	uint32_t parent;           /* creator's id */
	uint32_t slices;           /* slice positions held, all harts */
	uint32_t pages;            /* physical pages owned */
	uint32_t offences;         /* forced preemptions after a slice-end upcall */
	int32_t exit_status;       /* valid once the env has exited */
	uint32_t hart;             /* hart index it runs on (state RUNNING) */
	uint32_t in_call;          /* id of the env whose PCT it is serving, or 0 */
	uint32_t flags;            /* EXOS_ENV_F_* */
	uint64_t runs;             /* times it has been scheduled */
	uint64_t notes;            /* notifications posted and not yet delivered (env_notify) */
	uint64_t _reserved[1];
};
_Static_assert(sizeof(struct exos_env) == 64, "struct exos_env is ABI");
_Static_assert(sizeof(struct exos_env) * EXOS_MAX_ENVS <= 4096, "env table fits a page");

#define EXOS_ENV_F_LEFTOVER 1u     /* runs in slices nobody holds */
#define EXOS_ENV_F_ACCEPT_PCT 2u   /* takes protected control transfers */
#define EXOS_ENV_F_KILLED 4u       /* aborted by the kernel (offences, nested fault) */
#define EXOS_ENV_F_ZOMBIE 8u       /* ended; the slot keeps its exit status until the
				    * parent reaps it (env_reap) or ends */
#define EXOS_ENV_F_NOTES 16u       /* takes notifications (env_notify); without it the
				    * kernel posts none to the env */

/* exit_status of envs that did not exit by themselves. */
#define EXOS_STATUS_DESTROYED (-1)   /* env_destroy by another env */
#define EXOS_STATUS_KILLED    (-2)   /* ignored its slice-end upcalls */
#define EXOS_STATUS_NESTED    (-3)   /* faulted inside its exception handler */
#define EXOS_STATUS_FAULT     (-4)   /* a fault with no exception entry */

/* Upcall entry points (env_create, env_set_entry).  Every upcall but
 * PCT gets a2 = the interrupted pc. */
enum exos_entry {
	EXOS_ENTRY_EXCEPTION = 0,  /* a0 = scause, a1 = stval, a2 = epc */
	EXOS_ENTRY_INTERRUPT,      /* a0 = EXOS_INTR_*, a1 = deadline (rdtime) to yield by */
	EXOS_ENTRY_PCT,            /* a0-a5 = arguments, a6 = caller id, a7 = EXOS_PCT_* */
	EXOS_ENTRY_ADDRESSING,     /* translation misses (memory issue) */
	EXOS_NENTRIES,
};

#define EXOS_INTR_SLICE_END 1
/* Revocation: a1 = how many pages the kernel wants back.  Free them (any
 * of one's own) before a1's deadline (exos_info->revoke_ticks); what is
 * still missing then is taken by force and listed in the repossession
 * vector. */
#define EXOS_INTR_REVOKE    2
/* Notifications (env_notify): a1 = the bits delivered, now cleared from
 * the env's pending word.  The kernel delivers those not in the save
 * area's notes_blocked, one upcall for all of them, when the env's own
 * activation is about to run and is not inside an upcall; bits in
 * notes_ignored are dropped when posted.  A pending deliverable
 * notification ends a sleep of the own activation (sleep returns
 * EXOS_SLEEP_NOTE).  Bits mean what the library says (libexos: bit n-1
 * is signal n), except EXOS_NOTE_CHILD, which the kernel posts to an
 * env's parent when the env ends. */
#define EXOS_INTR_NOTE      3
#define EXOS_NOTE_CHILD     (1UL << 16)

/* The repossession vector (read-only, at EXOS_REPO_VA): pages the kernel
 * took from this env by force, oldest first. */
struct exos_repossession {
	uint32_t count;            /* pages taken in all (may pass EXOS_REPO_MAX) */
	uint32_t _pad;
	uint64_t ppn[255];         /* the first EXOS_REPO_MAX of them */
};
#define EXOS_REPO_MAX 255
_Static_assert(sizeof(struct exos_repossession) == 2048, "struct exos_repossession is ABI");

#define EXOS_PCT_SYNC  1
#define EXOS_PCT_ASYNC 2

/*
 * The save area.  On an exception or interrupt upcall the kernel stores
 * the interrupted pc and EXOS_UPCALL_CLOBBERED (sp, t0, t1, a0-a2) here,
 * sets `active` (to the entry), and enters the env's entry with a0-a2 as
 * above; every other register still holds the interrupted value.  The
 * library saves the rest (EXOS_UPCALL_REST), handles the event, and ends
 * with the resume system call, which reloads pc, sp, ra, t0-t6 and a0-a7
 * from here and clears `active` (callee-saved registers are left as the
 * handler's C code preserved them).  The addressing stub also stores
 * s0-s11 (EXOS_UPCALL_CALLEE), and the fused calls (pte_install_resume,
 * pte_protect_resume) reload every register from here.  A fault while
 * `active` is set does not loop: the kernel records it in `nested` and
 * aborts the env.
 */
struct exos_save {
	uint64_t regs[32];         /* regs[0] = interrupted pc; regs[n] = xn */
	uint64_t cause;            /* scause of the last upcall's event */
	uint64_t tval;             /* stval */
	uint64_t active;           /* nonzero while an upcall is being handled */
	uint64_t kind;             /* EXOS_ENTRY_* of the upcall in progress */
	uint64_t nested_pc, nested_cause, nested_tval; /* the fault that aborted us */
	uint64_t notes_blocked;    /* notifications not to deliver yet (they stay pending) */
	uint64_t notes_ignored;    /* notifications to drop when posted */
	uint64_t _reserved[3];
};
_Static_assert(sizeof(struct exos_save) == 352, "struct exos_save is ABI");
_Static_assert(__builtin_offsetof(struct exos_save, active) == EXOS_SAVE_ACTIVE, "ABI");
_Static_assert(__builtin_offsetof(struct exos_save, kind) == EXOS_SAVE_KIND, "ABI");
_Static_assert(__builtin_offsetof(struct exos_save, cause) == EXOS_SAVE_CAUSE, "ABI");
#endif

#endif
