/*
 * smp.h - bringing up the other harts.
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include "board.h"

/* Number of harts running the kernel (the boot hart included). */
extern volatile uint32_t smp_online;

uint32_t smp_online_count(void);
extern volatile int sched_running;

/* Start every usable hart the DT lists (arch_hart_start) and wait
 * until each has reached its idle loop, or a timeout. */
void smp_start(const struct board *b);
/* This hart's idle loop: wait for interrupts, accounting the instret
 * spent waiting (benchmarks.md). */
__attribute__((noreturn)) void smp_idle(void);
/* Wait for one interrupt, accounting idle instret; returns after it
 * has been handled. */
void smp_wait_irq(void);

#endif
