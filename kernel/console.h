/*
 * console.h - the kernel console: the UART /chosen/stdout-path names
 * (board_parse's choice, board->console), driven through its driver's
 * byte I/O (driver.h).
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include "board.h"

/* Probe b's console device (reachable at its direct-map address) and
 * write to it from now on; until this runs, output goes through the SBI
 * legacy console.  Returns 0, or the probe's negative code. */
int console_init(struct board *b);
void console_putc(char c);
void console_write(const char *s, size_t n);
/* The UART interrupt (the UART drivers' handler): for the console, move
 * every character the UART holds into the receive buffer, counting them
 * in kinfo->cons_rx_bytes (and those the full buffer had no room for in
 * kinfo->cons_rx_dropped), and wake the harts to look at sleepers (they
 * may wait for input).  Runs without the big lock, on one hart at a
 * time. */
void console_irq(struct device *dev);
/* Move up to max received characters into buf; returns how many.
 * Caller holds the big lock (it is the buffer's only consumer). */
uint32_t console_rx_take(char *buf, uint32_t max);

#endif
