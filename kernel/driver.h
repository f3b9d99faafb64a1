/*
 * driver.h - device-tree drivers and the table that binds nodes to them
 * (in the manner of OpenSBI's fdt drivers).
 *
 * A driver is one file in kernel/drivers/ defining a `const struct
 * driver driver_<name>`: the compatible strings it takes, a bind step
 * (read and check the node's own properties), a probe (bring the device
 * up) and an interrupt handler.  kernel/drivers/objects.mk lists it in
 * kernel-drivers; the build generates driver_table from that list
 * (scripts/gen-drivers.sh, build/gen/drivers.c).
 *
 * board_parse() walks the tree and binds every enabled node a driver
 * takes (driver_match, then the driver's bind) into board->dev[]; at
 * boot device.c probes the devices and routes their interrupts.
 */
#ifndef KERNEL_DRIVER_H
#define KERNEL_DRIVER_H

#include "klib.h"
#include "fdt.h"

/* One compatible string a driver takes, and what the driver wants to
 * remember about it (a register layout, a quirk; 0 if nothing). */
struct driver_match {
	const char *compatible;
	uintptr_t data;
};

/* A node bound to a driver. */
struct device {
	const struct driver *drv;
	const struct driver_match *match;  /* the compatible string it took */
	int node;                   /* offset in the blob board_parse() read */
	uint64_t base, size;        /* the node's first reg entry; size > 0 */
	uint32_t irq;               /* first cell of "interrupts" (PLIC source), 0: none */
	uint32_t reg_shift;         /* register stride 1 << reg_shift ("reg-shift", 0) */
	uint32_t reg_io_width;      /* access width in bytes ("reg-io-width", 1) */
	uint32_t clock_hz;          /* "clock-frequency", 0 when absent */
	bool console;               /* the kernel console (board_parse's choice) */
	char path[64];              /* node path, for messages */
	/* At boot (device.c): */
	volatile uint8_t *regs;     /* the registers in the direct map, once probed */
	int state;                  /* DEVICE_* */
};

#define DEVICE_UNPROBED 0
#define DEVICE_RUNNING  1       /* probe returned 0: interrupts are routed */
#define DEVICE_IDLE     2       /* probe left it alone (DRIVER_IDLE) */
#define DEVICE_FAILED   3       /* probe failed (the driver said why) */

/* What the kernel console needs from a UART. */
struct driver_console {
	void (*putc)(struct device *dev, char c);   /* waits for room */
	int (*getc)(struct device *dev);            /* -1 when nothing waits */
};

struct driver {
	const char *name;
	const struct driver_match *match;   /* ends with a NULL compatible */
	/* At board_parse() time, on the node (pure: reads the tree, no
	 * device access): fill the driver's fields of dev and check them.
	 * 0 binds; negative leaves the node unbound.  NULL: nothing to read. */
	int (*bind)(struct device *dev, const struct fdt *f, int node);
	/* At boot, dev->regs mapped: bring the device up.  0: running, its
	 * interrupt routed to irq; DRIVER_IDLE: nothing to do with it; a
	 * negative code after saying why on the console. */
	int (*probe)(struct device *dev);
	/* dev->irq arrived (on the boot hart).  NULL: the device has none. */
	void (*irq)(struct device *dev);
	/* UARTs: the console's byte I/O.  NULL for other devices. */
	const struct driver_console *console;
};

#define DRIVER_IDLE      1      /* probe: bound, but not put to use */
#define DRIVER_E_NOMATCH -1     /* driver_match: no driver takes the node */
#define DRIVER_E_NODEV   -2     /* probe: the device is not what the node said */

/* Every driver, in the order kernel-drivers lists them; NULL-terminated
 * (generated: build/gen/drivers.c). */
extern const struct driver *const driver_table[];

/* The driver for node: the one taking the earliest of the node's
 * compatible strings (the most specific, Devicetree Spec v0.4 2.3.1),
 * the first in the table among several.  0 with *drv and *match set, or
 * DRIVER_E_NOMATCH.  Pure: reads only the tree. */
int driver_match(const struct fdt *f, int node, const struct driver **drv,
		 const struct driver_match **match);

#endif
