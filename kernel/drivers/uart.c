/*
 * uart.c - see uart.h.
 */
#include "uart.h"
#include "console.h"

int uart_bind(struct device *dev, const struct fdt *f, int node)
{
	uint32_t shift = 0, width = 1;
	uint64_t clock = 0;

	if (fdt_get_u32(f, node, "reg-shift", &shift) == FDT_E_BADVALUE || shift > 4 ||
	    fdt_get_u32(f, node, "reg-io-width", &width) == FDT_E_BADVALUE ||
	    (width != 1 && width != 2 && width != 4) ||
	    fdt_get_u64(f, node, "clock-frequency", &clock) == FDT_E_BADVALUE ||
	    clock > UINT32_MAX)
		return DRIVER_E_NODEV;
	dev->reg_shift = shift;
	dev->reg_io_width = width;
	dev->clock_hz = (uint32_t)clock;
	return 0;
}

void uart_irq(struct device *dev)
{
	console_irq(dev);
}
