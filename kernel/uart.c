/*
 * uart.c - 16550-compatible and SiFive UARTs.  The boot loader has set
 * the baud rate; the kernel only moves bytes and enables interrupts.
 */
#include "uart.h"

static uint32_t reg_read(struct uart *u, int reg)
{
	volatile uint8_t *p = u->base + ((uintptr_t)reg << u->shift);

	return u->width == 4 ? *(volatile uint32_t *)p : *p;
}

static void reg_write(struct uart *u, int reg, uint32_t v)
{
	volatile uint8_t *p = u->base + ((uintptr_t)reg << u->shift);

	if (u->width == 4)
		*(volatile uint32_t *)p = v;
	else
		*p = (uint8_t)v;
}

/* 16550 registers (TI PC16550D data sheet, table 2). */
#define U16550_RBR 0     /* receive buffer (read) */
#define U16550_THR 0     /* transmit holding (write) */
#define U16550_IER 1
#define U16550_FCR 2
#define U16550_LSR 5
#define LSR_DR    0x01   /* data ready */
#define LSR_THRE  0x20   /* transmit holding register empty */
#define IER_ERBFI 0x01   /* receive data available interrupt */

static void u16550_init(struct uart *u)
{
	/* Keep the boot loader's line settings; make sure FIFOs are on.
	 * Reset only the transmit FIFO: bytes typed while the firmware and
	 * the kernel were starting wait in the receive side. */
	reg_write(u, U16550_FCR, 0x05);
}

static void u16550_putc(struct uart *u, char c)
{
	while (!(reg_read(u, U16550_LSR) & LSR_THRE))
		;
	reg_write(u, U16550_THR, (uint8_t)c);
}

static int u16550_getc(struct uart *u)
{
	if (!(reg_read(u, U16550_LSR) & LSR_DR))
		return -1;
	return (int)(reg_read(u, U16550_RBR) & 0xff);
}

static void u16550_enable_rx_irq(struct uart *u)
{
	reg_write(u, U16550_IER, IER_ERBFI);
}

const struct uart_ops uart_16550_ops = {
	u16550_init, u16550_putc, u16550_getc, u16550_enable_rx_irq,
};

/* SiFive UART registers (FU540-C000 manual, chapter 13). */
#define SIFIVE_TXDATA 0x00
#define SIFIVE_RXDATA 0x04
#define SIFIVE_TXCTRL 0x08
#define SIFIVE_RXCTRL 0x0c
#define SIFIVE_IE     0x10
#define SIFIVE_FULL   0x80000000u
#define SIFIVE_EMPTY  0x80000000u

static volatile uint32_t *sifive_reg(struct uart *u, int off)
{
	return (volatile uint32_t *)(u->base + off);
}

static void sifive_init(struct uart *u)
{
	*sifive_reg(u, SIFIVE_TXCTRL) |= 1;   /* txen */
	*sifive_reg(u, SIFIVE_RXCTRL) |= 1;   /* rxen */
}

static void sifive_putc(struct uart *u, char c)
{
	while (*sifive_reg(u, SIFIVE_TXDATA) & SIFIVE_FULL)
		;
	*sifive_reg(u, SIFIVE_TXDATA) = (uint8_t)c;
}

static int sifive_getc(struct uart *u)
{
	uint32_t v = *sifive_reg(u, SIFIVE_RXDATA);

	return (v & SIFIVE_EMPTY) ? -1 : (int)(v & 0xff);
}

static void sifive_enable_rx_irq(struct uart *u)
{
	*sifive_reg(u, SIFIVE_IE) = 2;        /* rxwm */
}

const struct uart_ops uart_sifive_ops = {
	sifive_init, sifive_putc, sifive_getc, sifive_enable_rx_irq,
};
