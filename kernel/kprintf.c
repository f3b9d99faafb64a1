/*
 * kprintf.c - formatted output to the kernel console (the formatting
 * is kformat.c's).
 */
#include "kprintf.h"
#include "console.h"
#include "spinlock.h"

static struct spinlock print_lock = SPINLOCK_INIT("print");

static void console_put(void *ctx, char c)
{
	(void)ctx;
	console_putc(c);
}

void kvprintf(const char *fmt, va_list ap)
{
	if (kernel_panicking) {
		kvformat(console_put, NULL, fmt, ap);
		return;
	}
	spin_lock(&print_lock);
	kvformat(console_put, NULL, fmt, ap);
	spin_unlock(&print_lock);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}
