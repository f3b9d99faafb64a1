/*
 * console.h - the kernel console: the UART /chosen/stdout-path names.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include "board.h"

/* Drive the UART described by b (already mapped at its direct-map
 * address); until this runs, output goes through the firmware's
 * console.  Returns 0, or -1 for a kind the kernel cannot drive. */
int console_init(const struct board *b);
void console_putc(char c);
void console_write(const char *s, size_t n);
/* The next received character, or -1 when none is waiting. */
int console_getc(void);
/* The receive interrupt: move every character the UART holds into the
 * receive buffer, counting them in kinfo->cons_rx_bytes (and those the
 * full buffer had no room for in kinfo->cons_rx_dropped).  Returns how
 * many arrived.  Runs without the big lock, on one hart at a time. */
uint32_t console_rx_poll(void);
/* Move up to max received characters into buf; returns how many.
 * Caller holds the big lock (it is the buffer's only consumer). */
uint32_t console_rx_take(char *buf, uint32_t max);
/* The PLIC source of the console's receive interrupt (0: none). */
uint32_t console_irq(void);
/* Enable the receive interrupt in the UART itself. */
void console_enable_rx_irq(void);

#endif
