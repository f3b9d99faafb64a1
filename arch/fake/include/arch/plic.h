/*
 * arch/plic.h, fake - an interrupt controller with no sources.
 */
#ifndef ARCH_PLIC_H
#define ARCH_PLIC_H

#include <stdint.h>

static inline void plic_init(volatile void *base, uint32_t ndev) { (void)base, (void)ndev; }
static inline void plic_enable(uint32_t ctx, uint32_t irq) { (void)ctx, (void)irq; }
static inline uint32_t plic_claim(uint32_t ctx) { (void)ctx; return 0; }
static inline void plic_complete(uint32_t ctx, uint32_t irq) { (void)ctx, (void)irq; }

#endif
