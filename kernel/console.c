/*
 * console.c - the kernel console on top of the UART drivers.
 */
#include "console.h"
#include "info.h"
#include "uart.h"
#include "arch/cpu.h"
#include "arch/mm.h"

static struct uart cons;
static uint32_t cons_irq;

/* Input waiting to be read.  The receive interrupt fills it (one hart
 * at a time: the PLIC routes the UART to the boot hart only), system
 * calls drain it under the big lock: one producer, one consumer.  4 KiB
 * holds a long scripted session typed while every program is busy;
 * what does not fit is counted in kinfo->cons_rx_dropped. */
#define CONS_RX_SIZE 4096
static char cons_rx[CONS_RX_SIZE];
static uint32_t cons_rx_head, cons_rx_tail;

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
	cons.base = arch_pa_to_kva(pa_make(b->uart.base));
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
		arch_firmware_putc(c);
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

uint32_t console_rx_poll(void)
{
	uint32_t got = 0, lost = 0;
	int c;

	while ((c = console_getc()) >= 0) {
		got++;
		if (cons_rx_head - __atomic_load_n(&cons_rx_tail, __ATOMIC_ACQUIRE) >= CONS_RX_SIZE) {
			lost++;
			continue;
		}
		cons_rx[cons_rx_head % CONS_RX_SIZE] = (char)c;
		__atomic_store_n(&cons_rx_head, cons_rx_head + 1, __ATOMIC_RELEASE);
	}
	if (!got || !kinfo)
		return got;
	kinfo->cons_rx_dropped += lost;
	/* After the bytes: a reader that sees the count move finds them. */
	__atomic_store_n(&kinfo->cons_rx_bytes, kinfo->cons_rx_bytes + got, __ATOMIC_RELEASE);
	return got;
}

uint32_t console_rx_take(char *buf, uint32_t max)
{
	uint32_t n = 0, head = __atomic_load_n(&cons_rx_head, __ATOMIC_ACQUIRE);

	while (n < max && cons_rx_tail + n != head) {
		buf[n] = cons_rx[(cons_rx_tail + n) % CONS_RX_SIZE];
		n++;
	}
	__atomic_store_n(&cons_rx_tail, cons_rx_tail + n, __ATOMIC_RELEASE);
	return n;
}
