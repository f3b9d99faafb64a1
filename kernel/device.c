/*
 * device.c - see device.h.
 */
#include "device.h"
#include "arch/mm.h"
#include "arch/plic.h"

static struct device *devs;
static int ndevs;

int device_probe(struct device *dev)
{
	int r;

	dev->regs = arch_pa_to_kva(pa_make(dev->base));
	r = dev->drv->probe(dev);
	dev->state = r == 0 ? DEVICE_RUNNING : r == DRIVER_IDLE ? DEVICE_IDLE : DEVICE_FAILED;
	return r;
}

void device_probe_all(struct board *b)
{
	devs = b->dev;
	ndevs = b->ndev;
	for (int i = 0; i < ndevs; i++)
		if (devs[i].state == DEVICE_UNPROBED)
			device_probe(&devs[i]);
}

int device_route_irqs(uint32_t ctx)
{
	int n = 0;

	for (int i = 0; i < ndevs; i++)
		if (devs[i].state == DEVICE_RUNNING && devs[i].drv->irq && devs[i].irq) {
			plic_enable(ctx, devs[i].irq);
			n++;
		}
	return n;
}

void device_irq(uint32_t irq)
{
	for (int i = 0; i < ndevs; i++)
		if (devs[i].irq == irq && devs[i].state == DEVICE_RUNNING && devs[i].drv->irq)
			devs[i].drv->irq(&devs[i]);
}
