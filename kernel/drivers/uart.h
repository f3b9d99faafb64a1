/*
 * uart.h - what the UART drivers (uart_16550.c, uart_sifive.c) share:
 * reading a UART node's register geometry, and the interrupt handler
 * that hands received bytes to the console.
 */
#ifndef KERNEL_DRIVERS_UART_H
#define KERNEL_DRIVERS_UART_H

#include "driver.h"

/* Bind step for a UART: "reg-shift" (at most 4), "reg-io-width" (1, 2
 * or 4) and "clock-frequency" (32 bits), each optional; a malformed or
 * out-of-range one leaves the node unbound (DRIVER_E_NODEV). */
int uart_bind(struct device *dev, const struct fdt *f, int node);
/* Interrupt: the console's receive path (console_irq). */
void uart_irq(struct device *dev);

#endif
