/*
 * arch/cpu.h - the processor, the arch side: this hart, its counters,
 * waiting for interrupts, inter-hart interrupts, starting harts, the
 * timer, floating-point state and the firmware's services (RISC-V
 * privileged spec v1.12, chapter 4; SBI v1.0: TIME, IPI, HSM, SRST).
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include "addr.h"
#include "arch/trap.h"
#include "../../csr.h"

struct hart;

/* This hart's struct hart (kernel/hart.h): tp while in the kernel. */
static inline struct hart *this_hart(void)
{
	struct hart *h;
	__asm__("mv %0, tp" : "=r"(h));
	return h;
}

/* The time counter (timebase ticks) and instructions retired. */
static inline uint64_t arch_time(void)
{
	return rdtime();
}

static inline uint64_t arch_instret(void)
{
	return rdinstret();
}

/* Sleep until an interrupt is pending (it returns even with interrupts
 * disabled: the interrupt is taken by arch_irq_take_pending). */
static inline void arch_wait_for_interrupt(void)
{
	__asm__ volatile("wfi");
}

/* Let an interrupt that is pending be taken now, then disable them
 * again (the kernel runs with interrupts off otherwise). */
static inline void arch_irq_take_pending(void)
{
	csr_set(sstatus, SSTATUS_SIE);
	csr_clear(sstatus, SSTATUS_SIE);
}

static inline void arch_irq_disable(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
}

/* Take device interrupts (from the interrupt controller) on this hart. */
static inline void arch_irq_enable_devices(void)
{
	csr_set(sie, SIE_SEIE);
}

/* Take inter-hart interrupts on this hart (arch_send_ipi). */
static inline void arch_irq_enable_ipi(void)
{
	csr_set(sie, SIE_SSIE);
}

/* Let user mode read cycle, time and instret (scounteren). */
static inline void arch_counters_enable(void)
{
	csr_write(scounteren, 7);
}

/* Boot hart only, once, after trap_init_hart() and before other harts
 * run: read instret and cycle, each read that traps marking its counter
 * closed (the firmware keeps it from S-mode).  *entry_instret gets the
 * instret read (0 when closed).  True when both counters are readable. */
bool arch_counters_probe(uint64_t *entry_instret);
/* The result of the probe: true when cycle and instret are readable. */
bool arch_counters_open(void);

/* An inter-hart interrupt to each hart whose id's bit is set in mask. */
void arch_send_ipi(uint64_t hartid_mask);
/* Start hart hartid at the arch's secondary entry (entry.S), which
 * turns translation on with boot->space, takes boot->sp and boot->hart,
 * and calls secondary_main().  0, or the firmware's error. */
struct arch_secondary_boot {
	uint64_t space, sp, hart;   /* entry.S reads them in this order */
};
long arch_hart_start(uint32_t hartid, const struct arch_secondary_boot *boot);

/* The firmware stops the machine (SBI SRST; status nonzero: a failure)
 * or, if it cannot, the hart waits for interrupts forever. */
__attribute__((noreturn)) void arch_firmware_power_off(int status);
/* The firmware's console (SBI legacy putchar): the console of last resort. */
void arch_firmware_putc(int c);

/* The supervisor timer: Sstc's stimecmp when the hart has it, the SBI
 * TIME extension otherwise.  Choose on every hart; a timer interrupt
 * comes when the time counter reaches deadline. */
void arch_timer_init(bool has_sstc);
void arch_timer_set(uint64_t deadline);
/* Clear the pending timer interrupt without arming a new one. */
void arch_timer_cancel(void);
bool arch_timer_uses_sstc(void);

/* Floating point (unprivileged spec, chapters 11-12).  The kernel
 * itself never uses it; these move an activation's registers: f0-f31
 * into regs[0..31], fcsr into regs[32]. */
void arch_fpu_save(uint64_t regs[33]);
void arch_fpu_load(const uint64_t regs[33]);
/* Every FP register and fcsr to zero (an env's first use). */
void arch_fpu_zero(void);
/* Whether this hart's FP registers changed since they were loaded or
 * last marked clean (sstatus.FS Dirty). */
static inline bool arch_fpu_dirty(void)
{
	return (csr_read(sstatus) & SSTATUS_FS) == SSTATUS_FS_DIRTY;
}
/* The registers were just saved: clean on this hart, and in tf, the
 * frame that resumes with them. */
static inline void arch_fpu_clean(struct trapframe *tf)
{
	tf->sstatus = (tf->sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
	csr_clear(sstatus, SSTATUS_FS_DIRTY ^ SSTATUS_FS_CLEAN);   /* Dirty -> Clean */
}

#endif
