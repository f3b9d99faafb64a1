/*
 * hart.h - per-hart state, shared with the trap vector
 * (the arch's vector.S) through the HART_* offsets (kentry.h).
 *
 * While a hart runs in the kernel, this_hart() (arch/cpu.h) is its
 * struct hart; the vector finds it again from user mode.  The first
 * fields are the vector's scratch space and the values of the running
 * env it reads on its fast paths; the kernel keeps those in step with
 * the env it binds (sched.c).
 */
#ifndef KERNEL_HART_H
#define KERNEL_HART_H

#define HART_T0      0
#define HART_KSP     8
#define HART_USP     16
#define HART_URA     24
#define HART_UTF     32
#define HART_UTP     40
#define HART_T1      48
#define HART_SAVE    56
#define HART_EXC     64
#define HART_ADDR    72
#define HART_STLB    80

#define KSTACK_SIZE  16384
#define MAX_HARTS    8

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>
#include "arch/trap.h"

struct hart {
	uint64_t scratch_t0;     /* trap entry spills t0 here */
	uint64_t kernel_sp;      /* top of this hart's kernel stack */
	uint64_t user_sp;        /* syscall fast path: the caller's sp */
	uint64_t user_ra;        /* syscall fast path: the caller's ra */
	struct trapframe *utf;   /* where a full user trap saves registers */
	uint64_t user_tp;        /* syscall fast path: the caller's tp */
	uint64_t scratch_t1;     /* exception fast path spills t1 here */
	/* The running env's save area (kernel address) and exception entry,
	 * for the exception fast path; 0 when it has none. */
	uint64_t save_kva;
	uint64_t exc_entry;
	uint64_t addr_entry;     /* its addressing entry (page faults), or 0 */
	uint64_t stlb_only;      /* nonzero: page faults go to the kernel's STLB first */
	uint32_t hartid;
	uint32_t index;          /* position in the kernel's hart table */
	uint64_t idle_instret;   /* instret that passed waiting for interrupts */
	int32_t plic_ctx;
	uint32_t online;
	void *env;               /* the env running here (kernel/env.h), or NULL */
	struct trapframe idle_frame; /* utf while no env runs (never resumed) */
};

_Static_assert(offsetof(struct hart, scratch_t0) == HART_T0, "HART_T0");
_Static_assert(offsetof(struct hart, kernel_sp) == HART_KSP, "HART_KSP");
_Static_assert(offsetof(struct hart, user_sp) == HART_USP, "HART_USP");
_Static_assert(offsetof(struct hart, user_ra) == HART_URA, "HART_URA");
_Static_assert(offsetof(struct hart, utf) == HART_UTF, "HART_UTF");
_Static_assert(offsetof(struct hart, user_tp) == HART_UTP, "HART_UTP");
_Static_assert(offsetof(struct hart, scratch_t1) == HART_T1, "HART_T1");
_Static_assert(offsetof(struct hart, save_kva) == HART_SAVE, "HART_SAVE");
_Static_assert(offsetof(struct hart, exc_entry) == HART_EXC, "HART_EXC");
_Static_assert(offsetof(struct hart, addr_entry) == HART_ADDR, "HART_ADDR");
_Static_assert(offsetof(struct hart, stlb_only) == HART_STLB, "HART_STLB");

extern struct hart harts[MAX_HARTS];
#endif

#endif
