/*
 * arch/cpu.h, fake - the processor on the host: which hart the test
 * runs as, a time counter it sets, and records of what the kernel
 * asked (inter-hart interrupts, timer deadlines, harts started) in
 * fake_cpu, for tests to read.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include "addr.h"
#include "arch/trap.h"

struct hart;

struct fake_cpu {
	unsigned hart;           /* the hart index the code runs as */
	uint64_t time, instret;
	uint64_t ipi_mask;       /* hart ids sent an IPI, accumulated */
	uint64_t timer;          /* the last deadline set */
	bool fp_dirty;
	uint64_t fp[33];         /* this hart's FP registers */
};
extern struct fake_cpu fake_cpu;

struct hart *fake_this_hart(void);
static inline struct hart *this_hart(void) { return fake_this_hart(); }
static inline uint64_t arch_time(void) { return fake_cpu.time; }
static inline uint64_t arch_instret(void) { return fake_cpu.instret; }
static inline void arch_wait_for_interrupt(void) { }
static inline void arch_irq_take_pending(void) { }
static inline void arch_irq_disable(void) { }
static inline void arch_irq_enable_devices(void) { }
static inline void arch_irq_enable_ipi(void) { }
static inline void arch_counters_enable(void) { }

static inline bool arch_counters_open(void) { return true; }

static inline bool arch_counters_probe(uint64_t *entry_instret)
{
	*entry_instret = fake_cpu.instret;
	return true;
}

static inline void arch_send_ipi(uint64_t hartid_mask) { fake_cpu.ipi_mask |= hartid_mask; }

struct arch_secondary_boot {
	uint64_t space, sp, hart;
};
long arch_hart_start(uint32_t hartid, const struct arch_secondary_boot *boot);
__attribute__((noreturn)) void arch_firmware_power_off(int status);
void arch_firmware_putc(int c);

static inline void arch_timer_init(bool has_sstc) { (void)has_sstc; }
static inline void arch_timer_set(uint64_t deadline) { fake_cpu.timer = deadline; }
static inline void arch_timer_cancel(void) { fake_cpu.timer = UINT64_MAX; }
static inline bool arch_timer_uses_sstc(void) { return true; }

static inline void arch_fpu_save(uint64_t regs[33]) { memcpy(regs, fake_cpu.fp, sizeof(fake_cpu.fp)); }
static inline void arch_fpu_load(const uint64_t regs[33]) { memcpy(fake_cpu.fp, regs, sizeof(fake_cpu.fp)); }
static inline void arch_fpu_zero(void) { memset(fake_cpu.fp, 0, sizeof(fake_cpu.fp)); }
static inline bool arch_fpu_dirty(void) { return fake_cpu.fp_dirty; }

static inline void arch_fpu_clean(struct trapframe *tf)
{
	fake_cpu.fp_dirty = false;
	tf->status |= FAKE_STATUS_FP_CLEAN;
}

#endif
