/*
 * arch/plic.h - the RISC-V Platform-Level Interrupt Controller (PLIC spec
 * v1.0.0, chapter 3: memory map).  A context is a (hart, privilege)
 * pair; the kernel uses each hart's S-mode context, which the DT names.
 */
#ifndef ARCH_PLIC_H
#define ARCH_PLIC_H

#include <stdint.h>

/* Use the PLIC whose registers are mapped at base, with ndev sources. */
void plic_init(volatile void *base, uint32_t ndev);
/* Enable source irq at priority 1 for context ctx (threshold 0). */
void plic_enable(uint32_t ctx, uint32_t irq);
/* Claim the highest-priority pending source for ctx (0: none). */
uint32_t plic_claim(uint32_t ctx);
void plic_complete(uint32_t ctx, uint32_t irq);

#endif
