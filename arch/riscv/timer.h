/*
 * timer.h - the supervisor timer: Sstc's stimecmp when the hart has it
 * (privileged spec v1.12 with Sstc, section 3.2), the SBI TIME
 * extension otherwise.
 */
#ifndef ARCH_RISCV_TIMER_H
#define ARCH_RISCV_TIMER_H

#include <stdint.h>

/* Choose the mechanism for this hart; call on every hart. */
void timer_init(int has_sstc);
/* Raise a timer interrupt when rdtime reaches deadline. */
void timer_set(uint64_t deadline);
/* Clear the pending timer interrupt without arming a new one. */
void timer_cancel(void);
int timer_uses_sstc(void);

#endif
