/*
 * console.h - the kernel console: the UART /chosen/stdout-path names.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include "board.h"

/* Drive the UART described by b (already mapped at its direct-map
 * address); until this runs, output goes through the SBI legacy
 * console.  Returns 0, or -1 for a kind the kernel cannot drive. */
int console_init(const struct board *b);
void console_putc(char c);
void console_write(const char *s, size_t n);
/* The next received character, or -1 when none is waiting. */
int console_getc(void);
/* Move up to max received characters (buffered by the receive
 * interrupt) into buf; returns how many. */
uint32_t console_rx_take(char *buf, uint32_t max);
/* The PLIC source of the console's receive interrupt (0: none). */
uint32_t console_irq(void);
/* Enable the receive interrupt in the UART itself. */
void console_enable_rx_irq(void);

#endif
