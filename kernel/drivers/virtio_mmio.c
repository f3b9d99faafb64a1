/*
 * virtio_mmio.c - the virtio-mmio transport (virtio spec v1.2, 4.2.2):
 * each slot's registers say whether a device sits behind it and which.
 * For now the probe reads and reports magic, version and device id; the
 * block and network drivers build on it.
 */
#include "driver.h"
#include "kprintf.h"

/* Registers (4.2.2, table "MMIO Device Register Layout"). */
#define VIRTIO_MMIO_MAGIC     0x000
#define VIRTIO_MMIO_VERSION   0x004   /* 1: legacy (4.2.4), 2: virtio 1.x */
#define VIRTIO_MMIO_DEVICE_ID 0x008   /* 0: an empty slot (4.2.3.1.1) */
#define VIRTIO_MMIO_REGS      0x100   /* the register block; device config follows */
#define VIRTIO_MAGIC          0x74726976u   /* "virt", little-endian */

static uint32_t reg(const struct device *d, int off)
{
	return *(const volatile uint32_t *)(d->regs + off);
}

/* A name for the device ids this system may meet (5, "Device Types"). */
static const char *device_name(uint32_t id)
{
	static const char *const names[] = {
		[0] = "none", [1] = "network", [2] = "block", [3] = "console",
		[4] = "entropy", [16] = "gpu", [18] = "input",
	};

	return id < ARRAY_SIZE(names) && names[id] ? names[id] : "other";
}

/* A slot too small for the registers is not one. */
static int virtio_mmio_bind(struct device *d, const struct fdt *f, int node)
{
	(void)f, (void)node;
	return d->size >= VIRTIO_MMIO_REGS ? 0 : DRIVER_E_NODEV;
}

static int virtio_mmio_probe(struct device *d)
{
	uint32_t magic = reg(d, VIRTIO_MMIO_MAGIC), version = reg(d, VIRTIO_MMIO_VERSION);
	uint32_t id = reg(d, VIRTIO_MMIO_DEVICE_ID);

	if (magic != VIRTIO_MAGIC || version < 1 || version > 2) {
		kprintf("  virtio   %lx irq %u: not a virtio-mmio slot (magic %x, version %u)\n",
			d->base, d->irq, magic, version);
		return DRIVER_E_NODEV;
	}
	kprintf("  virtio   %lx irq %u: version %u, device %u (%s)\n", d->base, d->irq,
		version, id, device_name(id));
	return DRIVER_IDLE;
}

static const struct driver_match virtio_mmio_match[] = {
	{ "virtio,mmio", 0 },
	{ NULL, 0 },
};

const struct driver driver_virtio_mmio = {
	.name = "virtio_mmio",
	.match = virtio_mmio_match,
	.bind = virtio_mmio_bind,
	.probe = virtio_mmio_probe,
};
