/*
 * uart_sifive.c - the SiFive UART ("sifive,uart0": FU540, QEMU
 * sifive_u).  Only the console is driven.
 */
#include "uart.h"

/* Registers (FU540-C000 manual, chapter 13). */
#define SIFIVE_TXDATA 0x00
#define SIFIVE_RXDATA 0x04
#define SIFIVE_TXCTRL 0x08
#define SIFIVE_RXCTRL 0x0c
#define SIFIVE_IE     0x10
#define SIFIVE_FULL   0x80000000u
#define SIFIVE_EMPTY  0x80000000u
#define SIFIVE_IE_RXWM 2u         /* receive watermark interrupt */

static volatile uint32_t *reg(struct device *d, int off)
{
	return (volatile uint32_t *)(d->regs + off);
}

static int sifive_probe(struct device *d)
{
	if (!d->console)
		return DRIVER_IDLE;
	*reg(d, SIFIVE_TXCTRL) |= 1;   /* txen */
	*reg(d, SIFIVE_RXCTRL) |= 1;   /* rxen */
	*reg(d, SIFIVE_IE) = SIFIVE_IE_RXWM;
	return 0;
}

static void sifive_putc(struct device *d, char c)
{
	while (*reg(d, SIFIVE_TXDATA) & SIFIVE_FULL)
		;
	*reg(d, SIFIVE_TXDATA) = (uint8_t)c;
}

static int sifive_getc(struct device *d)
{
	uint32_t v = *reg(d, SIFIVE_RXDATA);

	return (v & SIFIVE_EMPTY) ? -1 : (int)(v & 0xff);
}

static const struct driver_match sifive_match[] = {
	{ "sifive,uart0", 0 },
	{ NULL, 0 },
};

static const struct driver_console sifive_console = { sifive_putc, sifive_getc };

const struct driver driver_uart_sifive = {
	.name = "uart_sifive",
	.match = sifive_match,
	.bind = uart_bind,
	.probe = sifive_probe,
	.irq = uart_irq,
	.console = &sifive_console,
};
