/*
 * arch/trap.h - the register frame of a trap, and the arch's half of
 * trap handling (RISC-V privileged spec v1.12, table 4.2: scause).
 *
 * Generic code reads and writes a frame only through the tf_*
 * accessors; registers are numbered as in the save area (exos/env.h:
 * EXOS_REG_*, xn for n > 0, 0 for the pc).
 */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

/* struct trapframe: x1..x31 at 8*n, the pc in the x0 slot. */
#define TF_EPC       0
#define TF_SSTATUS   256
#define TF_SCAUSE    264
#define TF_STVAL     272
#define TF_SIZE      288

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../../csr.h"

struct trapframe {
	uint64_t regs[32];   /* regs[0] holds the pc */
	uint64_t sstatus;
	uint64_t scause;
	uint64_t stval;
	uint64_t _pad;
};
_Static_assert(offsetof(struct trapframe, sstatus) == TF_SSTATUS, "TF_SSTATUS");
_Static_assert(offsetof(struct trapframe, scause) == TF_SCAUSE, "TF_SCAUSE");
_Static_assert(offsetof(struct trapframe, stval) == TF_STVAL, "TF_STVAL");
_Static_assert(sizeof(struct trapframe) == TF_SIZE, "TF_SIZE");

static inline uint64_t tf_pc(const struct trapframe *tf) { return tf->regs[0]; }
static inline void tf_set_pc(struct trapframe *tf, uint64_t pc) { tf->regs[0] = pc; }
static inline uint64_t tf_sp(const struct trapframe *tf) { return tf->regs[2]; }
/* Argument n of a call (a0 + n, n < 8) and the result register (a0). */
static inline uint64_t tf_arg(const struct trapframe *tf, unsigned n) { return tf->regs[10 + n]; }
static inline void tf_set_arg(struct trapframe *tf, unsigned n, uint64_t v) { tf->regs[10 + n] = v; }
static inline void tf_set_ret(struct trapframe *tf, uint64_t v) { tf->regs[10] = v; }
/* Register n as the save area numbers them (EXOS_REG_*). */
static inline uint64_t tf_reg(const struct trapframe *tf, unsigned n) { return tf->regs[n]; }
static inline void tf_set_reg(struct trapframe *tf, unsigned n, uint64_t v) { tf->regs[n] = v; }
/* What trapped (scause) and the address or instruction with it (stval). */
static inline uint64_t tf_cause(const struct trapframe *tf) { return tf->scause; }
static inline uint64_t tf_tval(const struct trapframe *tf) { return tf->stval; }

/* Whether cause is a page fault (instruction, load or store). */
static inline bool arch_cause_is_page_fault(uint64_t cause)
{
	return cause == EXC_INSN_PAGE_FAULT || cause == EXC_LOAD_PAGE_FAULT ||
	       cause == EXC_STORE_PAGE_FAULT;
}

/* A fresh user frame: every register 0 but the pc and sp, user mode
 * with interrupts on and the FP registers in their initial state. */
void tf_init_user(struct trapframe *tf, uint64_t pc, uint64_t sp);
/* dst runs in the mode src runs in (src's status), with its FP
 * registers clean: loaded and unchanged.  Inline: on every PCT. */
static inline void tf_inherit_status(struct trapframe *dst, const struct trapframe *src)
{
	dst->sstatus = (src->sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
}

/* Install the trap vector on this hart. */
void trap_init_hart(void);
/* Leave the kernel for user mode with the registers in tf. */
__attribute__((noreturn)) void user_return(struct trapframe *tf);
/* Print every register of tf. */
void trap_dump(const struct trapframe *tf);
/* Print a backtrace: pc, the return address ra (0: none), then the
 * frame-pointer chain from fp on this hart's kernel stack. */
void trap_backtrace(uint64_t pc, uint64_t ra, uint64_t fp);
/* The backtrace of a kernel fault's frame. */
void trap_backtrace_frame(const struct trapframe *tf);
/* A short name for a trap cause. */
const char *trap_cause_name(uint64_t cause);
#endif

#endif
