/*
 * counters.h - whether the cycle and instret counters can be read below
 * M-mode, and what happens to a read when they cannot.
 */
#ifndef ARCH_RISCV_COUNTERS_H
#define ARCH_RISCV_COUNTERS_H

#include <stdbool.h>
#include "arch/trap.h"

/* arch_counters_probe and arch_counters_open are in arch/cpu.h. */

/* Called for every synchronous exception (user_mode: it came from U-mode).
 * When it is a read of a counter the probe found closed, emulate it as
 * reading 0, step past it and return true; otherwise false. */
bool counters_trap(struct trapframe *tf, bool user_mode);

#endif
