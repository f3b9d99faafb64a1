/*
 * fake_kernel.h - what the drivers (kernel/drivers/) call in the rest
 * of the kernel, faked for the host tests that link them: kprintf
 * writes into a buffer the test reads, console_irq records its device.
 */
#ifndef TESTS_HOST_FAKE_KERNEL_H
#define TESTS_HOST_FAKE_KERNEL_H

#include "driver.h"

/* Everything kprintf printed since the last fake_reset(). */
extern char fake_log[4096];
/* The device of the last console_irq, NULL if none since fake_reset(). */
extern struct device *fake_console_irq_dev;

void fake_reset(void);

#endif
