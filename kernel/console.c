/*
 * console.c - the kernel console on top of a UART driver.
 */
#include "console.h"
#include "device.h"
#include "info.h"
#include "sched.h"
#include "arch/cpu.h"

static struct device *cons;

/* Input waiting to be read.  The receive interrupt fills it (one hart
 * at a time: the PLIC routes the UART to the boot hart only), system
 * calls drain it under the big lock: one producer, one consumer.  4 KiB
 * holds a long scripted session typed while every program is busy;
 * what does not fit is counted in kinfo->cons_rx_dropped. */
#define CONS_RX_SIZE 4096
static char cons_rx[CONS_RX_SIZE];
static uint32_t cons_rx_head, cons_rx_tail;

int console_init(struct board *b)
{
	struct device *d = &b->dev[b->console];
	int r = device_probe(d);

	if (r < 0)
		return r;
	cons = d;
	return 0;
}

void console_putc(char c)
{
	if (!cons) {
		arch_firmware_putc(c);
		return;
	}
	if (c == '\n')
		cons->drv->console->putc(cons, '\r');
	cons->drv->console->putc(cons, c);
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		console_putc(s[i]);
}

/* Every character the UART holds into the receive buffer; how many. */
static uint32_t console_rx_poll(void)
{
	uint32_t got = 0, lost = 0;
	int c;

	while ((c = cons->drv->console->getc(cons)) >= 0) {
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

void console_irq(struct device *dev)
{
	if (dev == cons && console_rx_poll())
		sched_poke_sleepers();
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
