/*
 * fake_kernel.h - what the drivers (kernel/drivers/) call in the rest
 * of the kernel, faked for the host tests that link them: kprintf
 * writes into a buffer the test reads, console_irq records its device,
 * info_set_time_of_day the time.
 */
#ifndef TESTS_HOST_FAKE_KERNEL_H
#define TESTS_HOST_FAKE_KERNEL_H

#include "driver.h"

/* Everything kprintf printed since the last fake_reset(). */
extern char fake_log[4096];
/* The device of the last console_irq, NULL if none since fake_reset(). */
extern struct device *fake_console_irq_dev;
/* The time of day info_set_time_of_day was last given, 0 if none since
 * fake_reset(). */
extern uint64_t fake_time_of_day;

void fake_reset(void);

#endif
