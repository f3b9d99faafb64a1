/*
 * console.c - the kernel console on top of the UART drivers.
 */
#include "console.h"
#include "uart.h"
#include "../arch/riscv/mmu.h"
#include "../arch/riscv/sbi.h"

static struct uart cons;
static uint32_t cons_irq;

/* The driver table: DT kind to register logic. */
static const struct uart_ops *const uart_drivers[] = {
	[UART_NS16550] = &uart_16550_ops,
	[UART_DW_APB] = &uart_16550_ops,
	[UART_SIFIVE] = &uart_sifive_ops,
};

int console_init(const struct board *b)
{
	enum board_uart_kind k = b->uart.kind;

	if (k <= UART_NONE || k >= (int)ARRAY_SIZE(uart_drivers))
		return -1;
	cons.base = pa_to_kva(b->uart.base);
	cons.shift = b->uart.reg_shift;
	cons.width = b->uart.reg_io_width == 4 ? 4 : 1;
	uart_drivers[k]->init(&cons);
	cons_irq = b->uart.irq;
	cons.ops = uart_drivers[k];
	return 0;
}

void console_putc(char c)
{
	if (!cons.ops) {
		sbi_legacy_putchar(c);
		return;
	}
	if (c == '\n')
		cons.ops->putc(&cons, '\r');
	cons.ops->putc(&cons, c);
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		console_putc(s[i]);
}

int console_getc(void)
{
	return cons.ops ? cons.ops->getc(&cons) : -1;
}

uint32_t console_irq(void)
{
	return cons_irq;
}

void console_enable_rx_irq(void)
{
	if (cons.ops)
		cons.ops->enable_rx_irq(&cons);
}
