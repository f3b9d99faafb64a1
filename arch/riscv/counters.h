/*
 * counters.h - whether the cycle and instret counters can be read below
 * M-mode, and what happens to a read when they cannot.
 */
#ifndef ARCH_RISCV_COUNTERS_H
#define ARCH_RISCV_COUNTERS_H

#include <stdbool.h>
#include "hart.h"

/* Boot hart only, once, after trap_init_hart() and before other harts
 * run: read instret and cycle, each read that traps marking its counter
 * closed.  *entry_instret gets the instret read (0 when closed).  True
 * when both counters are readable. */
bool counters_probe(uint64_t *entry_instret);

/* The result of the probe: true when cycle and instret are readable. */
bool counters_open(void);

/* Called for every synchronous exception (user_mode: it came from U-mode).
 * When it is a read of a counter the probe found closed, emulate it as
 * reading 0, step past it and return true; otherwise false. */
bool counters_trap(struct trapframe *tf, bool user_mode);

#endif
