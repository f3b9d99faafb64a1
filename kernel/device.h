/*
 * device.h - the bound devices at run time: probing them, routing
 * their interrupts through the PLIC, and handing each interrupt to its
 * driver (the trap path's kernel_device_irq).
 */
#ifndef KERNEL_DEVICE_H
#define KERNEL_DEVICE_H

#include "board.h"

/* Map dev's registers (the direct map) and run its driver's probe;
 * dev->state says how it went.  Returns the probe's result. */
int device_probe(struct device *dev);
/* Probe every device of b not probed yet, in b->dev order (the console
 * was, by console_init); b's devices are the ones device_irq serves. */
void device_probe_all(struct board *b);
/* Enable, on PLIC context ctx, the interrupt of every running device
 * whose driver has a handler.  Returns how many. */
int device_route_irqs(uint32_t ctx);
/* PLIC source irq arrived: its device's handler (nothing for a source
 * no running device has). */
void device_irq(uint32_t irq);

#endif
