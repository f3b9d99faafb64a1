/*
 * trap.h - the interface between the trap vector and the kernel.
 *
 * arch/riscv decodes scause and calls these kernel entry points; this is
 * the only way arch/ calls into kernel/.
 */
#ifndef ARCH_RISCV_TRAP_H
#define ARCH_RISCV_TRAP_H

#include "hart.h"

/* Install the trap vector on this hart (sscratch = 0: in the kernel). */
void trap_init_hart(void);
/* Leave the kernel for user mode with the registers in tf. */
__attribute__((noreturn)) void user_return(struct trapframe *tf);
/* Print every register of tf and a backtrace from its frame pointer. */
void trap_dump(const struct trapframe *tf);
/* Print a backtrace: pc, the return address ra (0: none), then the
 * frame-pointer chain from fp on this hart's kernel stack. */
void trap_backtrace(uint64_t pc, uint64_t ra, uint64_t fp);
/* A short name for an exception cause. */
const char *trap_cause_name(uint64_t scause);

/* Provided by kernel/: */
void kernel_timer_irq(void);
void kernel_device_irq(uint32_t irq);
/* A synchronous exception from user mode the fast path did not deliver
 * to the env's exception entry.  Does not return. */
__attribute__((noreturn)) void kernel_user_exception(struct trapframe *tf);
/* Leave the kernel after a user trap: resume or switch envs. */
__attribute__((noreturn)) void kernel_trap_exit(void);
/* An exception in the kernel itself: fatal. */
__attribute__((noreturn)) void kernel_fault(struct trapframe *tf);

#endif
