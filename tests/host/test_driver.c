/*
 * test_driver.c - the device-tree driver table (kernel/driver.c and the
 * drivers in kernel/drivers/): which node binds to which driver on real
 * and edited trees, each driver's bind checks, and each probe and byte
 * path on a register block faked in memory.
 */
#include "check.h"
#include "board.h"
#include "dtbfile.h"
#include "fake_kernel.h"

extern const struct driver driver_uart_16550, driver_uart_sifive, driver_virtio_mmio;
extern const struct driver driver_rtc_goldfish;

/* board_parse of blob (size bytes) into the static board. */
static struct board b;

static int parse(const void *blob, size_t size)
{
	return board_parse(&b, blob, size);
}

/* The bound device at base, or NULL. */
static const struct device *dev_at(uint64_t base)
{
	for (int i = 0; i < b.ndev; i++)
		if (b.dev[i].base == base)
			return &b.dev[i];
	return NULL;
}

/** The generated table lists each driver once, in objects.mk's order,
 *  each with a name, a probe and compatible strings no other driver has. */
TEST(table_lists_every_driver_once)
{
	static const struct driver *const want[] = {
		&driver_uart_16550, &driver_uart_sifive, &driver_virtio_mmio, &driver_rtc_goldfish,
	};
	int n = 0;

	for (; driver_table[n]; n++) {
		CHECK(n < (int)(sizeof(want) / sizeof(want[0])));
		CHECK(driver_table[n] == want[n]);
		CHECK(driver_table[n]->name && driver_table[n]->probe);
		CHECK(driver_table[n]->match[0].compatible != NULL);
	}
	CHECK_EQ(n, 4);
	for (int i = 0; i < n; i++)
		for (const struct driver_match *m = driver_table[i]->match; m->compatible; m++)
			for (int j = 0; j < n; j++)
				for (const struct driver_match *o = driver_table[j]->match;
				     o->compatible; o++)
					if (o != m && strcmp(o->compatible, m->compatible) == 0)
						CHECK_FAIL("%s is in two match tables", m->compatible);
}

/* Set the console node's compatible in virt-1 to the n-byte list and
 * parse; the console device's driver and the string it took. */
static int bind_console_as(const char *list, int n, const struct driver **drv,
			   const char **took)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-1", RW_EXTRA, &size);
	int r = -1;

	if (blob && fdt_setprop(blob, node(blob, "/soc/serial@10000000"), "compatible",
				list, n) == 0 && (r = parse(blob, size)) == 0) {
		*drv = b.dev[b.console].drv;
		*took = b.dev[b.console].match->compatible;
	}
	free(blob);
	return r;
}

/** The earliest of a node's compatible strings that any driver takes
 *  decides, whichever driver comes first in the table. */
TEST(most_specific_compatible_wins)
{
	const struct driver *drv = NULL;
	const char *took = NULL;

	CHECK_EQ(bind_console_as("sifive,uart0\0ns16550a", 22, &drv, &took), 0);
	CHECK(drv == &driver_uart_sifive);
	CHECK_STR(took, "sifive,uart0");
	CHECK_EQ(bind_console_as("ns16550\0sifive,uart0", 21, &drv, &took), 0);
	CHECK(drv == &driver_uart_16550);
	CHECK_STR(took, "ns16550");
	CHECK_EQ(bind_console_as("acme,uart7\0snps,dw-apb-uart\0ns16550a", 37, &drv, &took), 0);
	CHECK(drv == &driver_uart_16550);
	CHECK_STR(took, "snps,dw-apb-uart");
	CHECK_EQ(bind_console_as("acme,uart7", 11, &drv, &took), BOARD_E_NOCONS);
	CHECK_EQ(bind_console_as("ns16550a", 8, &drv, &took), BOARD_E_NOCONS);
}

/* Add a node named name under /soc with compatible compat (NULL: none),
 * reg [base, base + size) (size 0: no reg) and interrupt irq. */
static int add_node(void *blob, const char *name, const char *compat, uint64_t base,
		    uint64_t size, uint32_t irq)
{
	int n = fdt_add_subnode(blob, node(blob, "/soc"), name), err = 0;

	if (n < 0)
		return n;
	if (compat)
		err |= fdt_setprop_string(blob, n, "compatible", compat);
	if (size)
		err |= fdt_setprop_u64(blob, n, "reg", base) |
		       fdt_appendprop_u64(blob, n, "reg", size);
	return err | fdt_setprop_u32(blob, n, "interrupts", irq);
}

/** Nodes no driver takes, disabled ones and ones without registers stay
 *  unbound; an added virtio-mmio slot is bound with its reg and irq. */
TEST(only_drivable_nodes_are_bound)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-1", RW_EXTRA, &size);

	CHECK(blob);
	CHECK_EQ(add_node(blob, "widget@20000000", "acme,widget", 0x20000000, 0x1000, 30), 0);
	CHECK_EQ(add_node(blob, "anon@20001000", NULL, 0x20001000, 0x1000, 31), 0);
	CHECK_EQ(add_node(blob, "virtio_mmio@20002000", "virtio,mmio", 0x20002000, 0, 32), 0);
	CHECK_EQ(add_node(blob, "virtio_mmio@20003000", "virtio,mmio", 0x20003000, 0x1000, 33), 0);
	CHECK_EQ(add_node(blob, "virtio_mmio@20004000", "virtio,mmio", 0x20004000, 0x1000, 34), 0);
	CHECK_EQ(fdt_setprop_string(blob, node(blob, "/soc/virtio_mmio@20004000"), "status",
				    "disabled"), 0);
	CHECK_EQ(fdt_setprop_string(blob, node(blob, "/soc/virtio_mmio@10005000"), "status",
				    "fail"), 0);
	CHECK_EQ(parse(blob, size), 0);
	CHECK_EQ(b.ndev, 10);
	CHECK(dev_at(0x20000000) == NULL && dev_at(0x20001000) == NULL);
	CHECK(dev_at(0x20004000) == NULL && dev_at(0x10005000) == NULL);
	const struct device *d = dev_at(0x20003000);
	CHECK(d && d->drv == &driver_virtio_mmio);
	CHECK_EQ(d->size, 0x1000);
	CHECK_EQ(d->irq, 33);
	CHECK_STR(d->path, "/soc/virtio_mmio@20003000");
	free(blob);
}

/* virt-1 with the console UART's property name set to the n bytes at v;
 * board_parse's result. */
static int parse_uart_with(const char *name, const void *v, int n)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-1", RW_EXTRA, &size);
	int r = 999;

	if (blob && fdt_setprop(blob, node(blob, "/soc/serial@10000000"), name, v, n) == 0)
		r = parse(blob, size);
	free(blob);
	return r;
}

/** A UART's reg-shift, reg-io-width and clock-frequency are read at bind
 *  time; a malformed or impossible one leaves the UART unbound. */
TEST(uart_geometry_is_checked_at_bind)
{
	fdt32_t shift4 = cpu_to_fdt32(4), shift5 = cpu_to_fdt32(5), width2 = cpu_to_fdt32(2);
	fdt32_t width3 = cpu_to_fdt32(3);
	fdt64_t clock_big = cpu_to_fdt64(1ULL << 32), clock_ok = cpu_to_fdt64(48000000);

	CHECK_EQ(parse_uart_with("reg-shift", &shift4, 4), 0);
	CHECK_EQ(b.dev[b.console].reg_shift, 4);
	CHECK_EQ(parse_uart_with("reg-shift", &shift5, 4), BOARD_E_NOCONS);
	CHECK_EQ(parse_uart_with("reg-shift", "\0\0", 2), BOARD_E_NOCONS);
	CHECK_EQ(parse_uart_with("reg-io-width", &width2, 4), 0);
	CHECK_EQ(b.dev[b.console].reg_io_width, 2);
	CHECK_EQ(parse_uart_with("reg-io-width", &width3, 4), BOARD_E_NOCONS);
	CHECK_EQ(parse_uart_with("clock-frequency", &clock_ok, 8), 0);
	CHECK_EQ(b.dev[b.console].clock_hz, 48000000);
	CHECK_EQ(parse_uart_with("clock-frequency", &clock_big, 8), BOARD_E_NOCONS);
}

/** A virtio-mmio slot smaller than the register block is not bound. */
TEST(virtio_slot_must_hold_the_registers)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-1", RW_EXTRA, &size);

	CHECK(blob);
	CHECK_EQ(add_node(blob, "virtio_mmio@20000000", "virtio,mmio", 0x20000000, 0xff, 40), 0);
	CHECK_EQ(add_node(blob, "virtio_mmio@20001000", "virtio,mmio", 0x20001000, 0x100, 41), 0);
	CHECK_EQ(parse(blob, size), 0);
	CHECK(dev_at(0x20000000) == NULL);
	CHECK(dev_at(0x20001000) != NULL);
	free(blob);
}

/* A register block in memory, and a device whose registers it is. */
static uint32_t regs[64];

static struct device fake_device(const struct driver *drv, uint32_t shift, uint32_t width)
{
	memset(regs, 0, sizeof(regs));
	fake_reset();
	return (struct device){ .drv = drv, .base = 0x10001000, .size = 0x1000, .irq = 1,
				.reg_shift = shift, .reg_io_width = width,
				.regs = (volatile uint8_t *)regs };
}

/* The virtio-mmio probe on a slot whose registers say magic, version
 * and device id; what it returns (fake_log has what it said). */
static int probe_slot(uint32_t magic, uint32_t version, uint32_t id)
{
	struct device d = fake_device(&driver_virtio_mmio, 0, 1);

	regs[0] = magic;
	regs[1] = version;
	regs[2] = id;
	return d.drv->probe(&d);
}

/** The virtio-mmio probe reads magic, version and device id and reports
 *  them on one line; the slot is left idle (no driver uses it yet). */
TEST(virtio_probe_reports_the_slot)
{
	CHECK_EQ(probe_slot(0x74726976, 2, 2), DRIVER_IDLE);
	CHECK_STR(fake_log, "  virtio   10001000 irq 1: version 2, device 2 (block)\n");
	CHECK_EQ(probe_slot(0x74726976, 1, 0), DRIVER_IDLE);
	CHECK_STR(fake_log, "  virtio   10001000 irq 1: version 1, device 0 (none)\n");
	CHECK_EQ(probe_slot(0x74726976, 1, 99), DRIVER_IDLE);
	CHECK_STR(fake_log, "  virtio   10001000 irq 1: version 1, device 99 (other)\n");
	CHECK(driver_virtio_mmio.irq == NULL);
}

/** A slot without the magic, or with a version the spec does not know,
 *  is refused with a line saying what was found. */
TEST(virtio_probe_refuses_what_is_not_a_slot)
{
	CHECK_EQ(probe_slot(0, 0, 0), DRIVER_E_NODEV);
	CHECK_STR(fake_log, "  virtio   10001000 irq 1: not a virtio-mmio slot (magic 0, version 0)\n");
	CHECK_EQ(probe_slot(0x74726976, 3, 2), DRIVER_E_NODEV);
	CHECK_STR(fake_log,
		  "  virtio   10001000 irq 1: not a virtio-mmio slot (magic 74726976, version 3)\n");
	CHECK_EQ(probe_slot(0x74726976, 0, 2), DRIVER_E_NODEV);
}

/** A 16550 that is not the console is left alone; the console gets its
 *  FIFOs on and its receive interrupt, at the DT's register stride. */
TEST(uart_16550_probe_drives_only_the_console)
{
	struct device d = fake_device(&driver_uart_16550, 2, 4);

	CHECK_EQ(d.drv->probe(&d), DRIVER_IDLE);
	for (int i = 0; i < 64; i++)
		CHECK_EQ(regs[i], 0);
	d.console = true;
	CHECK_EQ(d.drv->probe(&d), 0);
	CHECK_EQ(regs[2], 0x05);   /* FCR at 2 << 2: FIFOs on, only the transmit one reset */
	CHECK_EQ(regs[1], 0x01);   /* IER: received data available */
}

/** The 16550's bytes: a byte goes out when the transmitter has room,
 *  one comes in only when the line status says data is ready. */
TEST(uart_16550_moves_bytes)
{
	struct device d = fake_device(&driver_uart_16550, 0, 1);
	volatile uint8_t *r8 = (volatile uint8_t *)regs;

	r8[5] = 0x20;                        /* LSR: THR empty, no data */
	d.drv->console->putc(&d, 'x');
	CHECK_EQ(r8[0], 'x');
	CHECK_EQ(d.drv->console->getc(&d), -1);
	r8[0] = 'y';
	r8[5] = 0x21;                        /* data ready */
	CHECK_EQ(d.drv->console->getc(&d), 'y');
	r8[0] = 0xff;
	CHECK_EQ(d.drv->console->getc(&d), 0xff);
}

/** The SiFive UART: the console gets transmit, receive and the watermark
 *  interrupt enabled; bytes move as its FULL and EMPTY flags allow. */
TEST(uart_sifive_probe_and_bytes)
{
	struct device d = fake_device(&driver_uart_sifive, 0, 1);

	CHECK_EQ(d.drv->probe(&d), DRIVER_IDLE);
	CHECK_EQ(regs[2] | regs[3] | regs[4], 0);
	d.console = true;
	CHECK_EQ(d.drv->probe(&d), 0);
	CHECK_EQ(regs[2], 1);                /* txctrl.txen */
	CHECK_EQ(regs[3], 1);                /* rxctrl.rxen */
	CHECK_EQ(regs[4], 2);                /* ie.rxwm */
	d.drv->console->putc(&d, 'q');
	CHECK_EQ(regs[0], 'q');
	regs[1] = 0x80000000u;               /* rxdata: empty */
	CHECK_EQ(d.drv->console->getc(&d), -1);
	regs[1] = 'z';
	CHECK_EQ(d.drv->console->getc(&d), 'z');
}

/** QEMU virt's RTC is bound with its registers; a node too small for
 *  them is not. */
TEST(goldfish_rtc_is_bound)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-1", RW_EXTRA, &size);

	CHECK(blob);
	CHECK_EQ(parse(blob, size), 0);
	const struct device *d = dev_at(0x101000);
	CHECK(d && d->drv == &driver_rtc_goldfish);
	CHECK_EQ(d->size, 0x1000);
	CHECK_EQ(add_node(blob, "rtc@20000000", "google,goldfish-rtc", 0x20000000, 4, 42), 0);
	CHECK_EQ(parse(blob, size), 0);
	CHECK(dev_at(0x20000000) == NULL);
	free(blob);
}

/** The RTC's probe hands the kernel TIME_HIGH:TIME_LOW, nanoseconds
 *  since 1970; the device stays idle (no interrupt, no alarm). */
TEST(goldfish_rtc_probe_sets_the_time_of_day)
{
	struct device d = fake_device(&driver_rtc_goldfish, 0, 4);

	regs[0] = 0x89abcdefu;               /* TIME_LOW */
	regs[1] = 0x1234567u;                /* TIME_HIGH */
	CHECK_EQ(d.drv->probe(&d), DRIVER_IDLE);
	CHECK_EQ(fake_time_of_day, 0x123456789abcdefULL);
	CHECK(driver_rtc_goldfish.irq == NULL && driver_rtc_goldfish.console == NULL);
}

/** Both UART drivers hand their interrupt to the console, with the device. */
TEST(uart_interrupts_go_to_the_console)
{
	struct device d = fake_device(&driver_uart_16550, 0, 1);

	d.drv->irq(&d);
	CHECK(fake_console_irq_dev == &d);
	fake_reset();
	driver_uart_sifive.irq(&d);
	CHECK(fake_console_irq_dev == &d);
}

TEST_MAIN()
