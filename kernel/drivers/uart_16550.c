/*
 * uart_16550.c - 16550-compatible UARTs: QEMU virt's "ns16550a", the
 * JH7110's "snps,dw-apb-uart" (registers 4 bytes apart, 32-bit access).
 * The boot loader has set the baud rate; the kernel only moves bytes
 * and takes the receive interrupt.  Only the console is driven.
 */
#include "uart.h"

/* 16550 registers (TI PC16550D data sheet, table 2). */
#define U16550_RBR 0     /* receive buffer (read) */
#define U16550_THR 0     /* transmit holding (write) */
#define U16550_IER 1
#define U16550_FCR 2
#define U16550_LSR 5
#define LSR_DR    0x01   /* data ready */
#define LSR_THRE  0x20   /* transmit holding register empty */
#define IER_ERBFI 0x01   /* receive data available interrupt */

static uint32_t reg_read(struct device *d, int reg)
{
	volatile uint8_t *p = d->regs + ((uintptr_t)reg << d->reg_shift);

	return d->reg_io_width == 4 ? *(volatile uint32_t *)p : *p;
}

static void reg_write(struct device *d, int reg, uint32_t v)
{
	volatile uint8_t *p = d->regs + ((uintptr_t)reg << d->reg_shift);

	if (d->reg_io_width == 4)
		*(volatile uint32_t *)p = v;
	else
		*p = (uint8_t)v;
}

/* Keep the boot loader's line settings; make sure the FIFOs are on and
 * a received byte raises the interrupt.  Reset only the transmit FIFO
 * (FCR 0x05, not 0x07): bytes typed while the firmware and the kernel
 * were starting wait on the receive side. */
static int u16550_probe(struct device *d)
{
	if (!d->console)
		return DRIVER_IDLE;
	reg_write(d, U16550_FCR, 0x05);
	reg_write(d, U16550_IER, IER_ERBFI);
	return 0;
}

static void u16550_putc(struct device *d, char c)
{
	while (!(reg_read(d, U16550_LSR) & LSR_THRE))
		;
	reg_write(d, U16550_THR, (uint8_t)c);
}

static int u16550_getc(struct device *d)
{
	if (!(reg_read(d, U16550_LSR) & LSR_DR))
		return -1;
	return (int)(reg_read(d, U16550_RBR) & 0xff);
}

static const struct driver_match u16550_match[] = {
	{ "ns16550a", 0 },
	{ "ns16550", 0 },
	{ "snps,dw-apb-uart", 0 },
	{ NULL, 0 },
};

static const struct driver_console u16550_console = { u16550_putc, u16550_getc };

const struct driver driver_uart_16550 = {
	.name = "uart_16550",
	.match = u16550_match,
	.bind = uart_bind,
	.probe = u16550_probe,
	.irq = uart_irq,
	.console = &u16550_console,
};
