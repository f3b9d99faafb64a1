/*
 * plic.c - see arch/plic.h.
 */
#include "arch/plic.h"

static volatile uint8_t *plic;
static uint32_t plic_ndev;

#define PRIORITY(irq)      (0x000000 + 4 * (irq))
#define ENABLE(ctx, irq)   (0x002000 + 0x80 * (ctx) + 4 * ((irq) / 32))
#define THRESHOLD(ctx)     (0x200000 + 0x1000 * (ctx))
#define CLAIM(ctx)         (0x200004 + 0x1000 * (ctx))

static volatile uint32_t *reg(uint64_t off)
{
	return (volatile uint32_t *)(plic + off);
}

void plic_init(volatile void *base, uint32_t ndev)
{
	plic = base;
	plic_ndev = ndev;
}

void plic_enable(uint32_t ctx, uint32_t irq)
{
	if (!plic || irq == 0 || irq > plic_ndev)
		return;
	*reg(PRIORITY(irq)) = 1;
	*reg(ENABLE(ctx, irq)) |= 1u << (irq % 32);
	*reg(THRESHOLD(ctx)) = 0;
}

uint32_t plic_claim(uint32_t ctx)
{
	return plic ? *reg(CLAIM(ctx)) : 0;
}

void plic_complete(uint32_t ctx, uint32_t irq)
{
	*reg(CLAIM(ctx)) = irq;
}
