/*
 * arch/trap.h, fake - a register frame on the host, laid out unlike
 * RISC-V's (the pc after the registers, x0 unused), so generic code
 * must go through the tf_* accessors.
 */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define FAKE_STATUS_USER     1u
#define FAKE_STATUS_FP_CLEAN 2u

struct trapframe {
	uint64_t x[32];
	uint64_t pc;
	uint64_t status;       /* FAKE_STATUS_* */
	uint64_t cause, tval;
};

static inline uint64_t tf_pc(const struct trapframe *tf) { return tf->pc; }
static inline void tf_set_pc(struct trapframe *tf, uint64_t pc) { tf->pc = pc; }
static inline uint64_t tf_sp(const struct trapframe *tf) { return tf->x[2]; }
static inline uint64_t tf_arg(const struct trapframe *tf, unsigned n) { return tf->x[10 + n]; }
static inline void tf_set_arg(struct trapframe *tf, unsigned n, uint64_t v) { tf->x[10 + n] = v; }
static inline void tf_set_ret(struct trapframe *tf, uint64_t v) { tf->x[10] = v; }
static inline uint64_t tf_reg(const struct trapframe *tf, unsigned n) { return n ? tf->x[n] : tf->pc; }

static inline void tf_set_reg(struct trapframe *tf, unsigned n, uint64_t v)
{
	if (n)
		tf->x[n] = v;
	else
		tf->pc = v;
}

static inline uint64_t tf_cause(const struct trapframe *tf) { return tf->cause; }
static inline uint64_t tf_tval(const struct trapframe *tf) { return tf->tval; }

/* The fake's page faults carry the ABI's causes (exos_save.cause). */
static inline bool arch_cause_is_page_fault(uint64_t cause)
{
	return cause == 12 || cause == 13 || cause == 15;
}

static inline void tf_init_user(struct trapframe *tf, uint64_t pc, uint64_t sp)
{
	memset(tf, 0, sizeof(*tf));
	tf->pc = pc;
	tf->x[2] = sp;
	tf->status = FAKE_STATUS_USER;
}

static inline void tf_inherit_status(struct trapframe *dst, const struct trapframe *src)
{
	dst->status = src->status | FAKE_STATUS_FP_CLEAN;
}

void trap_init_hart(void);
__attribute__((noreturn)) void user_return(struct trapframe *tf);
void trap_dump(const struct trapframe *tf);
void trap_backtrace(uint64_t pc, uint64_t ra, uint64_t fp);
void trap_backtrace_frame(const struct trapframe *tf);
const char *trap_cause_name(uint64_t cause);

#endif
