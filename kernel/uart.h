/*
 * uart.h - register-level UART drivers behind the console.
 */
#ifndef KERNEL_UART_H
#define KERNEL_UART_H

#include "klib.h"

struct uart {
	volatile uint8_t *base;  /* mapped register block */
	uint32_t shift;          /* register stride = 1 << shift */
	uint32_t width;          /* access width in bytes: 1 or 4 */
	const struct uart_ops *ops;
};

struct uart_ops {
	void (*init)(struct uart *u);
	void (*putc)(struct uart *u, char c);
	int (*getc)(struct uart *u);          /* -1 when empty */
	void (*enable_rx_irq)(struct uart *u);
};

/* 16550-compatible: "ns16550a" (QEMU virt), "snps,dw-apb-uart" (JH7110). */
extern const struct uart_ops uart_16550_ops;
/* "sifive,uart0" (FU540, QEMU sifive_u). */
extern const struct uart_ops uart_sifive_ops;

#endif
