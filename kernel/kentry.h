/*
 * kentry.h - everything arch/ may reach in kernel/, and why (design.md:
 * the dependency runs one way; arch/ calls into kernel/ only through
 * the trap dispatch entry and the fast paths it declares).  The boot
 * code (entry.S), the trap vector (vector.S), trap decoding (trap.c)
 * and the arch's diagnostics use these and nothing else of the
 * kernel's: scripts/check-layering.sh checks every undefined symbol of
 * the arch objects against the names declared here.  Besides these the
 * arch sees only ABI headers (include/exos/) and the address types
 * (addr.h), and the offsets: HART_* (hart.h, struct hart), EXOS_SAVE_*
 * and EXOS_REG_* (exos/env.h, the save area), SYS_COUNT (the table's
 * size), TF_* (its own struct trapframe).
 */
#ifndef KERNEL_KENTRY_H
#define KERNEL_KENTRY_H

#include "hart.h"
#include "exos/env.h"
#include "exos/errno.h"
#include "exos/sysno.h"

#ifndef __ASSEMBLER__
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ---- boot (entry.S) */
/* The boot hart's first C code, with translation on and tp = &harts[0]. */
__attribute__((noreturn)) void kernel_main(uint64_t hartid, uint64_t dtb_pa);
/* A secondary hart's, with the boot arguments arch_hart_start passed. */
__attribute__((noreturn)) void secondary_main(void);
/* struct hart (hart.h) of every hart: the boot hart's tp is &harts[0]. */
extern struct hart harts[MAX_HARTS];

/* ---- trap decoding (trap.c) */
/* The timer interrupt (interrupts disabled, lock not held). */
void kernel_timer_irq(void);
/* Device interrupt source irq, claimed from the interrupt controller. */
void kernel_device_irq(uint32_t irq);
/* A synchronous exception from user mode the fast path did not deliver
 * to the env's exception entry (tf: the env's frame).  Does not return. */
__attribute__((noreturn)) void kernel_user_exception(struct trapframe *tf);
/* Leave the kernel after a user trap: resume or switch envs. */
__attribute__((noreturn)) void kernel_trap_exit(void);
/* An exception in the kernel itself: fatal. */
__attribute__((noreturn)) void kernel_fault(struct trapframe *tf);

/* ---- the trap vector (vector.S) */
/* The system-call path jumps to syscall_table[a7] (a7 < SYS_COUNT) with
 * the caller's a0-a5: a handler, or the generated shim that decodes the
 * registers for it (kernel/syscalls.tbl). */
extern const uintptr_t syscall_table[SYS_COUNT];
/* syscall_full takes the big lock before the shim of a "full" call
 * (which may switch envs) runs on the saved frame ... */
void kernel_lock(void);
/* ... and leaves through the scheduler, which resumes whichever env
 * should run now (it releases the lock). */
__attribute__((noreturn)) void sched_return(void);
/* pct_sync and pct_return's fast paths (pct.c): the assembly saved
 * what the calling convention keeps and hands over the arguments; the
 * C side returns the frame to resume with user_return, or an error for
 * the caller. */
struct pct_fast {
	struct trapframe *tf;     /* resume this, or NULL: return err */
	long err;
};
struct pct_fast pct_fast_call(uint64_t target, const uint64_t *args);
struct pct_fast pct_fast_return(const uint64_t *res);
/* pte_install_resume and pte_protect_resume call the locked, decoded
 * pte_install and pte_protect (the generated shims) and resume the
 * upcall when they return 0. */
long shim_pte_install(long a0, long a1, long a2, long a3, long a4, long a5);
long shim_pte_protect(long a0, long a1, long a2, long a3, long a4);

/* ---- diagnostics, and the C library GCC may call */
__attribute__((format(printf, 1, 2))) void kprintf(const char *fmt, ...);
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);
/* The kernel symbol holding pc (backtraces), its offset in *offset. */
const char *ksyms_lookup(uint64_t pc, uint64_t *offset);
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
#endif

#endif
