/*
 * fake_kernel.c - see fake_kernel.h.
 */
#include "fake_kernel.h"
#include "console.h"
#include "info.h"
#include "kprintf.h"

char fake_log[4096];
struct device *fake_console_irq_dev;
uint64_t fake_time_of_day;
static size_t log_len;

void fake_reset(void)
{
	fake_log[0] = '\0';
	log_len = 0;
	fake_console_irq_dev = NULL;
	fake_time_of_day = 0;
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_len += (size_t)kvsnprintf(fake_log + log_len, sizeof(fake_log) - log_len, fmt, ap);
	va_end(ap);
	if (log_len >= sizeof(fake_log))
		log_len = sizeof(fake_log) - 1;
}

void console_irq(struct device *dev)
{
	fake_console_irq_dev = dev;
}

void info_set_time_of_day(uint64_t ns)
{
	fake_time_of_day = ns;
}
