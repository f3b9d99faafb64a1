/*
 * test_board.c - board_parse() on real device trees and broken ones.
 *
 * Exact expected values for every DTB in $DTB_DIR (QEMU's own dumps and
 * our dts/ sources), then hostile variants made by editing a copy of a
 * real blob with libfdt's read-write API: each must fail with the right
 * BOARD_E_* code and message, never crash.
 */
#include "check.h"
#include "board.h"
#include "dtbfile.h"

extern const struct driver driver_uart_16550, driver_uart_sifive, driver_virtio_mmio;
extern const struct driver driver_rtc_goldfish;

/* board_parse() on $DTB_DIR/name.dtb as it is. */
static int parse_file(const char *name, struct board *b)
{
	size_t size = 0;
	uint8_t *blob = load_dtb(name, 0, &size);
	int err;

	if (!blob)
		return 999;
	err = board_parse(b, blob, size);
	free(blob);
	return err;
}

/* The console device of a board parsed without error. */
static const struct device *cons(const struct board *b)
{
	return &b->dev[b->console];
}

/* ---------------------------------------------------------------- QEMU virt */

/* What every QEMU virt tree (dumped or from dts/) must give with nharts
 * default rv64 harts and mem_size bytes of RAM. */
static void check_virt(const struct board *b, int nharts, uint64_t mem_size, bool sstc)
{
	CHECK_STR(b->err, "");
	CHECK_EQ(b->nmem, 1);
	CHECK_EQ(b->mem[0].base, 0x80000000);
	CHECK_EQ(b->mem[0].size, mem_size);
	CHECK_EQ(b->nrsv, 0);   /* dumpdtb runs before OpenSBI adds any */
	CHECK_EQ(b->nharts, nharts);
	for (int h = 0; h < nharts; h++) {
		CHECK_EQ(b->harts[h].hartid, h);
		CHECK(b->harts[h].usable);
		CHECK_EQ(b->harts[h].has_sstc, sstc);
		CHECK(!b->harts[h].has_zicboz);
		CHECK_STR(b->harts[h].mmu, "sv48");
		CHECK_EQ(b->harts[h].plic_ctx, 2 * h + 1);
	}
	CHECK_EQ(b->timebase_hz, 10000000);
	CHECK_EQ(b->plic.base, 0xc000000);
	CHECK_EQ(b->plic.size, 0x600000);
	CHECK_EQ(b->plic.ndev, 96);
	CHECK(b->plic.phandle != 0);
	CHECK_EQ(b->ndev, 10);
	CHECK(b->dev[0].drv == &driver_rtc_goldfish);   /* the lowest base: 0x101000 */
	CHECK_EQ(b->dev[0].base, 0x101000);
	CHECK_EQ(b->console, 1);
	CHECK(cons(b)->drv == &driver_uart_16550);
	CHECK_STR(cons(b)->match->compatible, "ns16550a");
	CHECK(cons(b)->console);
	CHECK_EQ(cons(b)->base, 0x10000000);
	CHECK_EQ(cons(b)->size, 0x100);
	CHECK_EQ(cons(b)->reg_shift, 0);
	CHECK_EQ(cons(b)->reg_io_width, 1);
	CHECK_EQ(cons(b)->clock_hz, 3686400);
	CHECK_EQ(cons(b)->irq, 10);
	CHECK_STR(cons(b)->path, "/soc/serial@10000000");
	CHECK_EQ(b->testdev.base, 0x100000);
	CHECK_EQ(b->testdev.poweroff_value, 0x5555);
	CHECK_EQ(b->testdev.reboot_value, 0x7777);
	CHECK_EQ(b->clint.base, 0x2000000);
	CHECK_EQ(b->clint.size, 0x10000);
	for (int i = 1; i <= 8; i++) {
		CHECK(b->dev[i + 1].drv == &driver_virtio_mmio);
		CHECK(!b->dev[i + 1].console);
		CHECK_EQ(b->dev[i + 1].base, 0x10000000 + 0x1000 * i);
		CHECK_EQ(b->dev[i + 1].size, 0x1000);
		CHECK_EQ(b->dev[i + 1].irq, i);
	}
	CHECK_EQ(b->initrd.size, 0);
	CHECK_STR(b->bootargs, "");
	CHECK_STR(b->model, "riscv-virtio,qemu");
}

/** QEMU's own virt tree (-smp 1 -m 128M): 128 MiB at 2 GiB, hart 0 with
 *  Sstc on S context 1, the goldfish RTC, the ns16550a, the test device, eight virtio slots
 *  sorted by base (QEMU lists them backwards), a 32-byte rng-seed. */
TEST(virt1)
{
	struct board b;

	CHECK_EQ(parse_file("virt-1", &b), 0);
	check_virt(&b, 1, 128u << 20, true);
	if (check_failed_now)
		return;
	CHECK_STR(b.harts[0].isa, "rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc");
	CHECK_EQ(b.rng_seed_len, 32);
}

/** dts/qemu-virt.dts reads exactly as QEMU's own tree (no rng-seed). */
TEST(qemu_virt_dts)
{
	struct board b;

	CHECK_EQ(parse_file("qemu-virt", &b), 0);
	check_virt(&b, 1, 128u << 20, true);
	if (check_failed_now)
		return;
	CHECK_EQ(b.rng_seed_len, 0);
	CHECK_EQ(b.rng_seed_bytes, 0);
	CHECK_EQ(b.kaslr_seed_bytes, 0);
}

/** -smp 4 -m 512M: harts 0-3 on S contexts 1, 3, 5, 7; 512 MiB. */
TEST(virt4)
{
	struct board b;

	CHECK_EQ(parse_file("virt-4", &b), 0);
	check_virt(&b, 4, 512u << 20, true);
}

/** -cpu sifive-u54: the same machine without Sstc. */
TEST(virt_u54)
{
	struct board b;

	CHECK_EQ(parse_file("virt-u54", &b), 0);
	check_virt(&b, 1, 128u << 20, false);
	if (check_failed_now)
		return;
	CHECK_STR(b.harts[0].isa, "rv64imafdc_zicsr_zifencei");
}

/** VisionFive 2: 4 GiB at 1 GiB; the S7 (hart 0) is not usable and has no
 *  S context; U74 harts 1-4 use S contexts 2, 4, 6, 8, without Sstc in
 *  either ISA property; the DesignWare UART through the serial0 alias;
 *  4 MHz timebase; no test device. */
TEST(visionfive2)
{
	struct board b;

	CHECK_EQ(parse_file("visionfive2", &b), 0);
	CHECK_EQ(b.nmem, 1);
	CHECK_EQ(b.mem[0].base, 0x40000000);
	CHECK_EQ(b.mem[0].size, 0x100000000);
	CHECK_EQ(b.nharts, 5);
	CHECK_EQ(b.harts[0].hartid, 0);
	CHECK(!b.harts[0].usable);
	CHECK_EQ(b.harts[0].plic_ctx, -1);
	CHECK_STR(b.harts[0].mmu, "");
	for (int h = 1; h <= 4; h++) {
		CHECK_EQ(b.harts[h].hartid, h);
		CHECK(b.harts[h].usable);
		CHECK(!b.harts[h].has_sstc);
		CHECK(!b.harts[h].has_zicboz);
		CHECK_STR(b.harts[h].isa, "rv64imafdc_zicsr_zifencei_zba_zbb");
		CHECK_STR(b.harts[h].mmu, "sv39");
		CHECK_EQ(b.harts[h].plic_ctx, 2 * h);
	}
	CHECK_EQ(b.ndev, 1);
	CHECK(cons(&b)->drv == &driver_uart_16550);
	CHECK_STR(cons(&b)->match->compatible, "snps,dw-apb-uart");
	CHECK_EQ(cons(&b)->base, 0x10000000);
	CHECK_EQ(cons(&b)->size, 0x10000);
	CHECK_EQ(cons(&b)->reg_shift, 2);
	CHECK_EQ(cons(&b)->reg_io_width, 4);
	CHECK_EQ(cons(&b)->clock_hz, 24000000);
	CHECK_EQ(cons(&b)->irq, 32);
	CHECK_STR(cons(&b)->path, "/soc/serial@10000000");
	CHECK_EQ(b.timebase_hz, 4000000);
	CHECK_EQ(b.testdev.base, 0);
	CHECK_EQ(b.clint.base, 0x2000000);
	CHECK_EQ(b.clint.size, 0x10000);
	CHECK_EQ(b.plic.base, 0xc000000);
	CHECK_EQ(b.plic.size, 0x4000000);
	CHECK_EQ(b.plic.ndev, 136);
	CHECK_EQ(b.nrsv, 0);
	CHECK_STR(b.model, "StarFive VisionFive 2 v1.3B");
}

/** QEMU sifive_u (default -smp 2): the E51 hart 0 is "okay" but has no
 *  MMU, so it is not usable and has only an M context; U54 hart 1 has S
 *  context 2; sifive,uart0 console; 1 MHz timebase; no virtio, no test
 *  device. */
TEST(sifive_u)
{
	struct board b;

	CHECK_EQ(parse_file("sifive_u", &b), 0);
	CHECK_EQ(b.nmem, 1);
	CHECK_EQ(b.mem[0].base, 0x80000000);
	CHECK_EQ(b.nharts, 2);
	CHECK(!b.harts[0].usable);
	CHECK_EQ(b.harts[0].plic_ctx, -1);
	CHECK_STR(b.harts[0].isa, "rv64imac_zicsr_zifencei");
	CHECK_EQ(b.harts[1].hartid, 1);
	CHECK(b.harts[1].usable);
	CHECK(!b.harts[1].has_sstc);
	CHECK_EQ(b.harts[1].plic_ctx, 2);
	CHECK_EQ(b.ndev, 2);
	CHECK_EQ(b.console, 0);
	CHECK(cons(&b)->drv == &driver_uart_sifive);
	CHECK(b.dev[1].drv == &driver_uart_sifive && !b.dev[1].console);
	CHECK_EQ(b.dev[1].base, 0x10011000);
	CHECK_EQ(cons(&b)->base, 0x10010000);
	CHECK_EQ(cons(&b)->size, 0x1000);
	CHECK_EQ(cons(&b)->irq, 4);
	CHECK_EQ(b.timebase_hz, 1000000);
	CHECK_EQ(b.testdev.base, 0);
	CHECK_EQ(b.clint.base, 0x2000000);
	CHECK_EQ(b.plic.ndev, 53);
	CHECK_STR(b.model, "SiFive HiFive Unleashed A00");
}

/** The VisionFive 2 tree as U-Boot hands it to booti from the SD card:
 *  OpenSBI's reservation at the bottom of RAM copied in, /chosen with
 *  bootargs, boot-hartid and an initrd, which fdt_initrd() also lists in
 *  the memory reservation block.  OpenSBI's reservation and the initrd
 *  are honoured, the initrd's own reservation is not reported as
 *  reserved memory; an initrd past the end of the 4 GiB is refused. */
TEST(visionfive2_from_uboot)
{
	size_t size;
	uint8_t *blob = load_dtb("visionfive2", RW_EXTRA, &size);
	struct board b;
	int rm, ch;

	CHECK(blob);
	rm = fdt_add_subnode(blob, 0, "reserved-memory");
	CHECK(rm >= 0);
	CHECK_EQ(fdt_setprop_u32(blob, rm, "#address-cells", 2), 0);
	CHECK_EQ(fdt_setprop_u32(blob, rm, "#size-cells", 2), 0);
	CHECK_EQ(fdt_setprop_empty(blob, rm, "ranges"), 0);
	rm = fdt_add_subnode(blob, rm, "mmode_resv0@40000000");
	CHECK_EQ(fdt_setprop_u64(blob, rm, "reg", 0x40000000), 0);
	CHECK_EQ(fdt_appendprop_u64(blob, rm, "reg", 0x80000), 0);
	ch = node(blob, "/chosen");
	CHECK_EQ(fdt_setprop_string(blob, ch, "bootargs", "exos"), 0);
	CHECK_EQ(fdt_setprop_u32(blob, ch, "boot-hartid", 2), 0);
	CHECK_EQ(fdt_setprop_u64(blob, ch, "linux,initrd-start", 0x46100000), 0);
	CHECK_EQ(fdt_setprop_u64(blob, ch, "linux,initrd-end", 0x46180000), 0);
	CHECK_EQ(fdt_add_mem_rsv(blob, 0x46100000, 0x80000), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(b.nrsv, 1);
	CHECK_EQ(b.rsv[0].base, 0x40000000);
	CHECK_EQ(b.rsv[0].size, 0x80000);
	CHECK_EQ(b.initrd.base, 0x46100000);
	CHECK_EQ(b.initrd.size, 0x80000);
	CHECK_STR(b.bootargs, "exos");
	CHECK(cons(&b)->drv == &driver_uart_16550);
	CHECK_EQ(b.harts[2].plic_ctx, 4);
	/* A reservation reaching past the initrd is someone else's: kept. */
	CHECK_EQ(fdt_setprop_u64(blob, ch, "linux,initrd-end", 0x46140000), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(b.nrsv, 2);
	CHECK_EQ(b.rsv[1].base, 0x46100000);
	CHECK_EQ(b.rsv[1].size, 0x80000);
	CHECK_EQ(fdt_setprop_u64(blob, ch, "linux,initrd-start", 0x13ff00000), 0);
	CHECK_EQ(fdt_setprop_u64(blob, ch, "linux,initrd-end", 0x140001000), 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_BADINITRD);
	CHECK_STR(b.err, "initrd [0x13ff00000,0x140001000) is not inside RAM");
	free(blob);
}

/** Vendor trees describe hart 0 as a disabled U74 with an MMU: disabled
 *  wins, so it is not used and gets no S context; the U74s still do.
 *  Older trees give the UART no clock-frequency (clock_hz 0: the divisor
 *  the firmware set stays) and name the PLIC only "riscv,plic0". */
TEST(visionfive2_vendor_tree)
{
	size_t size;
	uint8_t *blob = load_dtb("visionfive2", RW_EXTRA, &size);
	struct board b;
	int cpu0, uart, plic;

	CHECK(blob);
	cpu0 = node(blob, "/cpus/cpu@0");
	CHECK_EQ(fdt_setprop_string(blob, cpu0, "compatible", "sifive,u74-mc"), 0);
	CHECK_EQ(fdt_setprop_string(blob, cpu0, "mmu-type", "riscv,sv39"), 0);
	uart = node(blob, "/soc/serial@10000000");
	CHECK_EQ(fdt_delprop(blob, uart, "clock-frequency"), 0);
	plic = node(blob, "/soc/interrupt-controller@c000000");
	CHECK_EQ(fdt_setprop_string(blob, plic, "compatible", "riscv,plic0"), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK(!b.harts[0].usable);
	CHECK_EQ(b.harts[0].plic_ctx, -1);
	CHECK_STR(b.harts[0].mmu, "sv39");
	for (int h = 1; h <= 4; h++) {
		CHECK(b.harts[h].usable);
		CHECK_EQ(b.harts[h].plic_ctx, 2 * h);
	}
	CHECK_EQ(cons(&b)->clock_hz, 0);
	CHECK_EQ(b.plic.base, 0xc000000);
	CHECK_EQ(fdt_setprop_string(blob, cpu0, "status", "okay"), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK(b.harts[0].usable);
	CHECK_EQ(b.harts[0].plic_ctx, -1);   /* the PLIC gives it no S context */
	free(blob);
}

/* ---------------------------------------------------------------- edited trees */

/** The tree as OpenSBI 1.1 hands it over: /reserved-memory holds its
 *  512 KiB and the PLIC's M-mode entries read 0xffffffff; the S context
 *  and the reservation come out right. */
TEST(opensbi_fixups)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-4", RW_EXTRA, &size);
	struct board b;
	int rm, plic, len;
	uint32_t *ie;

	CHECK(blob);
	rm = fdt_add_subnode(blob, 0, "reserved-memory");
	CHECK(rm >= 0);
	CHECK_EQ(fdt_setprop_u32(blob, rm, "#address-cells", 2), 0);
	CHECK_EQ(fdt_setprop_u32(blob, rm, "#size-cells", 2), 0);
	CHECK_EQ(fdt_setprop_empty(blob, rm, "ranges"), 0);
	rm = fdt_add_subnode(blob, rm, "mmode_resv0@80000000");
	CHECK_EQ(fdt_setprop_u64(blob, rm, "reg", 0x80000000), 0);
	CHECK_EQ(fdt_appendprop_u64(blob, rm, "reg", 0x80000), 0);
	plic = node(blob, "/soc/plic@c000000");
	ie = (uint32_t *)fdt_getprop_w(blob, plic, "interrupts-extended", &len);
	CHECK(ie && len == 4 * 16);
	for (int i = 1; i < 16; i += 4)
		ie[i] = 0xffffffff;     /* <intc 11> -> <intc -1> */
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(b.nrsv, 1);
	CHECK_EQ(b.rsv[0].base, 0x80000000);
	CHECK_EQ(b.rsv[0].size, 0x80000);
	for (int h = 0; h < 4; h++)
		CHECK_EQ(b.harts[h].plic_ctx, 2 * h + 1);
	free(blob);
}

/** Without a memory node (or with it disabled) parsing fails with
 *  BOARD_E_NOMEM and says so. */
TEST(no_memory)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-1", RW_EXTRA, &size);
	struct board b;

	CHECK(blob);
	CHECK_EQ(fdt_setprop_string(blob, node(blob, "/memory"), "status", "disabled"), 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_NOMEM);
	CHECK_STR(b.err, "device tree: no memory node");
	CHECK_EQ(fdt_del_node(blob, node(blob, "/memory")), 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_NOMEM);
	CHECK_STR(b.err, "device tree: no memory node");
	free(blob);
}

/** With no stdout-path and no UART left there is no console. */
TEST(no_console)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-1", RW_EXTRA, &size);
	struct board b;

	CHECK(blob);
	CHECK_EQ(fdt_del_node(blob, node(blob, "/soc/serial@10000000")), 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_NOCONS);
	CHECK_STR(b.err, "device tree: no usable console (stdout-path \"/soc/serial@10000000\", "
		  "and no ns16550/dw-apb/sifive UART)");
	CHECK_EQ(fdt_delprop(blob, node(blob, "/chosen"), "stdout-path"), 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_NOCONS);
	free(blob);
}

/** A stdout-path that leads nowhere, or to a disabled UART, falls back to
 *  the first UART we can drive. */
TEST(console_fallback)
{
	size_t size;
	uint8_t *blob = load_dtb("sifive_u", RW_EXTRA, &size);
	struct board b;
	int ch;

	CHECK(blob);
	ch = node(blob, "/chosen");
	CHECK_EQ(fdt_setprop_string(blob, ch, "stdout-path", "serial9:115200"), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(cons(&b)->base, 0x10010000);
	CHECK_EQ(fdt_setprop_string(blob, ch, "stdout-path", "serial1"), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(cons(&b)->base, 0x10011000);
	CHECK_EQ(fdt_setprop_string(blob, node(blob, "/soc/serial@10011000"), "status",
				    "fail"), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(cons(&b)->base, 0x10010000);
	CHECK_EQ(fdt_setprop_u32(blob, node(blob, "/soc/serial@10010000"), "reg-io-width", 3),
		 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_NOCONS);
	free(blob);
}

/** Reserved regions from the reservation block and /reserved-memory are
 *  merged and sorted; two that overlap are refused, naming both. */
TEST(reserved_overlap)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-1", RW_EXTRA, &size);
	struct board b;
	int rm;

	CHECK(blob);
	CHECK_EQ(fdt_add_mem_rsv(blob, 0x87000000, 0x1000), 0);
	rm = fdt_add_subnode(blob, 0, "reserved-memory");
	CHECK_EQ(fdt_setprop_u32(blob, rm, "#address-cells", 2), 0);
	CHECK_EQ(fdt_setprop_u32(blob, rm, "#size-cells", 2), 0);
	CHECK_EQ(fdt_setprop_empty(blob, rm, "ranges"), 0);
	rm = fdt_add_subnode(blob, rm, "fw@80000000");
	CHECK_EQ(fdt_setprop_u64(blob, rm, "reg", 0x80000000), 0);
	CHECK_EQ(fdt_appendprop_u64(blob, rm, "reg", 0x100000), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(b.nrsv, 2);
	CHECK_EQ(b.rsv[0].base, 0x80000000);
	CHECK_EQ(b.rsv[1].base, 0x87000000);
	CHECK_EQ(fdt_add_mem_rsv(blob, 0x800ff000, 0x2000), 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_BADRSV);
	CHECK_STR(b.err, "reserved regions overlap: [0x80000000,0x80100000) and "
		  "[0x800ff000,0x80101000)");
	free(blob);
}

/** A reserved region wholly outside RAM is dropped; one that straddles
 *  the end of RAM is refused. */
TEST(reserved_outside_ram)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-1", RW_EXTRA, &size);
	struct board b;

	CHECK(blob);
	CHECK_EQ(fdt_add_mem_rsv(blob, 0x1000, 0x1000), 0);
	CHECK_EQ(fdt_add_mem_rsv(blob, 0x87fff000, 0x1000), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(b.nrsv, 1);
	CHECK_EQ(b.rsv[0].base, 0x87fff000);
	CHECK_EQ(fdt_add_mem_rsv(blob, 0x88000000 - 0x800, 0x1000), 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_BADRSV);
	CHECK_EQ(fdt_del_mem_rsv(blob, 1), 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_BADRSV);
	CHECK_STR(b.err, "reserved region [0x87fff800,0x88000800) is partly outside RAM");
	free(blob);
}

/** An initrd given with 1- or 2-cell values inside RAM is recorded; one
 *  outside RAM, ending before it starts, or half given is refused. */
TEST(initrd)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-1", RW_EXTRA, &size);
	struct board b;
	int ch;

	CHECK(blob);
	ch = node(blob, "/chosen");
	CHECK_EQ(fdt_setprop_u32(blob, ch, "linux,initrd-start", 0x84000000), 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_BADINITRD);
	CHECK_EQ(fdt_setprop_u64(blob, ch, "linux,initrd-end", 0x84100000), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(b.initrd.base, 0x84000000);
	CHECK_EQ(b.initrd.size, 0x100000);
	CHECK_EQ(fdt_setprop_u64(blob, ch, "linux,initrd-end", 0x88000000), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(fdt_setprop_u64(blob, ch, "linux,initrd-end", 0x88000001), 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_BADINITRD);
	CHECK_STR(b.err, "initrd [0x84000000,0x88000001) is not inside RAM");
	CHECK_EQ(fdt_setprop_u32(blob, ch, "linux,initrd-start", 0x90000000), 0);
	CHECK_EQ(fdt_setprop_u32(blob, ch, "linux,initrd-end", 0x90001000), 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_BADINITRD);
	CHECK_EQ(fdt_setprop_u32(blob, ch, "linux,initrd-end", 0x8fff0000), 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_BADINITRD);
	CHECK_STR(b.err, "initrd ends (0x8fff0000) before it starts (0x90000000)");
	CHECK_EQ(fdt_setprop(blob, ch, "linux,initrd-end", "abc", 3), 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_BADINITRD);
	free(blob);
}

/** A truncated or non-FDT blob fails with BOARD_E_FDT and fdt's reason. */
TEST(bad_blob)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-1", 0, &size);
	struct board b;

	CHECK(blob);
	CHECK_EQ(board_parse(&b, blob, size / 2), BOARD_E_FDT);
	CHECK_STR(b.err, "device tree: truncated: totalsize exceeds buffer");
	CHECK_EQ(board_parse(&b, blob, 0), BOARD_E_FDT);
	blob[0] = 0;
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_FDT);
	CHECK_STR(b.err, "device tree: bad magic");
	free(blob);
}

/* Add a virtio-mmio node at base under /soc. */
static int add_virtio(void *blob, uint64_t base, uint32_t irq)
{
	char name[64];
	int soc = fdt_path_offset(blob, "/soc"), n;

	snprintf(name, sizeof(name), "virtio_mmio@%llx", (unsigned long long)base);
	n = fdt_add_subnode(blob, soc, name);
	if (n < 0)
		return n;
	return fdt_setprop_string(blob, n, "compatible", "virtio,mmio") |
	       fdt_setprop_u64(blob, n, "reg", base) |
	       fdt_appendprop_u64(blob, n, "reg", 0x1000) |
	       fdt_setprop_u32(blob, n, "interrupts", irq);
}

/** Past BOARD_MAX_DEVS bound devices the ones with the highest bases are
 *  left out; the table stays sorted, and the console is kept. */
TEST(too_many_devices)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-1", RW_EXTRA, &size);
	struct board b;

	CHECK(blob);
	/* virt-1 has ten: the RTC, the UART, eight virtio slots. */
	for (int i = 0; i < BOARD_MAX_DEVS - 10; i++)
		CHECK_EQ(add_virtio(blob, 0x20000000 + 0x1000 * (uint64_t)i, 40 + (uint32_t)i), 0);
	CHECK_EQ(add_virtio(blob, 0x30000000, 9), 0);
	CHECK_EQ(add_virtio(blob, 0x10000800, 20), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(b.ndev, BOARD_MAX_DEVS);
	CHECK_EQ(b.dev[0].base, 0x101000);
	CHECK_EQ(b.console, 1);
	CHECK_EQ(cons(&b)->base, 0x10000000);
	CHECK_EQ(b.dev[2].base, 0x10000800);
	CHECK_EQ(b.dev[2].irq, 20);
	for (int i = 3; i < 11; i++)
		CHECK_EQ(b.dev[i].base, 0x10001000 + 0x1000 * (uint64_t)(i - 3));
	for (int i = 11; i < BOARD_MAX_DEVS; i++)
		CHECK_EQ(b.dev[i].base, 0x20000000 + 0x1000 * (uint64_t)(i - 11));
	free(blob);
}

/* Add /cpus/cpu@<id> as QEMU would write it. */
static int add_cpu(void *blob, uint32_t id, const char *mmu)
{
	char name[32];
	int n;

	snprintf(name, sizeof(name), "cpu@%x", id);
	n = fdt_add_subnode(blob, fdt_path_offset(blob, "/cpus"), name);
	if (n < 0)
		return n;
	return fdt_setprop_string(blob, n, "device_type", "cpu") |
	       fdt_setprop_u32(blob, n, "reg", id) |
	       fdt_setprop_string(blob, n, "riscv,isa", "rv64imafdc") |
	       fdt_setprop_string(blob, n, "mmu-type", mmu);
}

/** A ninth hart is BOARD_E_TOOMANY; up to eight are kept sorted by id,
 *  a hart outside the PLIC's list without an S context. */
TEST(too_many_harts)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-4", RW_EXTRA, &size);
	struct board b;

	CHECK(blob);
	CHECK_EQ(add_cpu(blob, 9, "riscv,sv39"), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(b.nharts, 5);
	CHECK_EQ(b.harts[4].hartid, 9);
	CHECK_EQ(b.harts[4].plic_ctx, -1);
	for (uint32_t id = 4; id < 8; id++)
		CHECK_EQ(add_cpu(blob, id, "riscv,sv39"), 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_TOOMANY);
	CHECK_STR(b.err, "device tree: more than 8 harts");
	free(blob);
}

/** A hart id that appears twice is refused. */
TEST(duplicate_hart)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-4", RW_EXTRA, &size);
	struct board b;

	CHECK(blob);
	CHECK_EQ(fdt_setprop_u32(blob, node(blob, "/cpus/cpu@3"), "reg", 1), 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_FDT);
	CHECK_STR(b.err, "device tree: hart id 0x1 appears twice");
	free(blob);
}

/** No hart with an MMU, or no timebase, is BOARD_E_NOCPU. */
TEST(no_usable_cpu)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-1", RW_EXTRA, &size);
	struct board b;
	int cpu;

	CHECK(blob);
	CHECK_EQ(fdt_delprop(blob, node(blob, "/cpus"), "timebase-frequency"), 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_NOCPU);
	CHECK_STR(b.err, "device tree: no timebase-frequency in /cpus");
	cpu = node(blob, "/cpus/cpu@0");
	CHECK_EQ(fdt_setprop_u64(blob, cpu, "timebase-frequency", 25000000), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(b.timebase_hz, 25000000);
	CHECK_EQ(fdt_setprop_string(blob, node(blob, "/cpus/cpu@0"), "mmu-type", "riscv,none"),
		 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_NOCPU);
	CHECK_EQ(fdt_del_node(blob, node(blob, "/cpus")), 0);
	CHECK_EQ(board_parse(&b, blob, size), BOARD_E_NOCPU);
	CHECK_STR(b.err, "device tree: no /cpus node");
	free(blob);
}

/** Sstc and Zicboz are found in riscv,isa-extensions as well as in the
 *  riscv,isa string, and only as whole extension names. */
TEST(isa_extensions)
{
	static const char exts[] = "i\0m\0a\0f\0d\0c\0zicboz\0sstc";
	size_t size;
	uint8_t *blob = load_dtb("virt-1", RW_EXTRA, &size);
	struct board b;
	int cpu;

	CHECK(blob);
	cpu = node(blob, "/cpus/cpu@0");
	CHECK_EQ(fdt_setprop_string(blob, cpu, "riscv,isa", "rv64imafdc_sstcx_zicbozz"), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK(!b.harts[0].has_sstc);
	CHECK(!b.harts[0].has_zicboz);
	CHECK_EQ(fdt_setprop_string(blob, cpu, "riscv,isa", "RV64IMAFDC_Zicboz_Sstc"), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK(b.harts[0].has_sstc);
	CHECK(b.harts[0].has_zicboz);
	CHECK_EQ(fdt_setprop_string(blob, cpu, "riscv,isa", "rv64imafdc"), 0);
	CHECK_EQ(fdt_setprop(blob, cpu, "riscv,isa-extensions", exts, sizeof(exts)), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK(b.harts[0].has_sstc);
	CHECK(b.harts[0].has_zicboz);
	free(blob);
}

/** The test device's poweroff/reboot values come from the syscon nodes
 *  whose regmap points at it, else the defaults. */
TEST(testdev_values)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-1", RW_EXTRA, &size);
	struct board b;

	CHECK(blob);
	CHECK_EQ(fdt_setprop_u32(blob, node(blob, "/poweroff"), "value", 0x1234), 0);
	CHECK_EQ(fdt_setprop_u32(blob, node(blob, "/reboot"), "regmap", 0x777), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(b.testdev.poweroff_value, 0x1234);
	CHECK_EQ(b.testdev.reboot_value, 0x7777);
	free(blob);
}

/** /chosen strings and bytes are copied bounded: bootargs to 255
 *  characters; an rng-seed longer than 64 bytes is folded into 64 (XOR),
 *  so none of its bytes is lost. */
TEST(chosen_bounds)
{
	char args[400];
	uint8_t seed[100];
	size_t size;
	uint8_t *blob = load_dtb("virt-1", RW_EXTRA, &size);
	struct board b;
	int ch;

	CHECK(blob);
	ch = node(blob, "/chosen");
	memset(args, 'a', sizeof(args) - 1);
	args[sizeof(args) - 1] = '\0';
	for (int i = 0; i < 100; i++)
		seed[i] = (uint8_t)i;
	CHECK_EQ(fdt_setprop_string(blob, ch, "bootargs", args), 0);
	CHECK_EQ(fdt_setprop(blob, ch, "rng-seed", seed, sizeof(seed)), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(strlen(b.bootargs), sizeof(b.bootargs) - 1);
	CHECK_EQ(b.rng_seed_len, 64);
	CHECK_EQ(b.rng_seed_bytes, 100);
	for (int i = 0; i < 64; i++)
		CHECK_EQ(b.rng_seed[i], i < 36 ? (i ^ (i + 64)) : i);
	free(blob);
}

/** Mainline U-Boot's 8-byte /chosen/kaslr-seed alone is seed material:
 *  the kernel exports those 8 bytes and says where they came from. */
TEST(kaslr_seed_only)
{
	static const uint8_t seed[8] = { 0x9e, 0x37, 0x79, 0xb9, 0x7f, 0x4a, 0x7c, 0x15 };
	size_t size;
	uint8_t *blob = load_dtb("qemu-virt", RW_EXTRA, &size);
	struct board b;

	CHECK(blob);
	CHECK_EQ(fdt_setprop(blob, node(blob, "/chosen"), "kaslr-seed", seed, sizeof(seed)), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(b.rng_seed_len, 8);
	CHECK_EQ(b.kaslr_seed_bytes, 8);
	CHECK_EQ(b.rng_seed_bytes, 0);
	CHECK(memcmp(b.rng_seed, seed, 8) == 0);
	free(blob);
}

/** With both, both are used: the kaslr-seed is folded into the rng-seed. */
TEST(rng_and_kaslr_seed)
{
	uint8_t rng[32], kaslr[8];
	size_t size;
	uint8_t *blob = load_dtb("qemu-virt", RW_EXTRA, &size);
	struct board b;
	int ch;

	CHECK(blob);
	for (int i = 0; i < 32; i++)
		rng[i] = (uint8_t)(0xa0 + i);
	for (int i = 0; i < 8; i++)
		kaslr[i] = (uint8_t)(1u << i);
	ch = node(blob, "/chosen");
	CHECK_EQ(fdt_setprop(blob, ch, "rng-seed", rng, sizeof(rng)), 0);
	CHECK_EQ(fdt_setprop(blob, ch, "kaslr-seed", kaslr, sizeof(kaslr)), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(b.rng_seed_len, 32);
	CHECK_EQ(b.rng_seed_bytes, 32);
	CHECK_EQ(b.kaslr_seed_bytes, 8);
	for (int i = 0; i < 32; i++)
		CHECK_EQ(b.rng_seed[i], rng[i] ^ (i < 8 ? kaslr[i] : 0));
	free(blob);
}

/** A seed of zeros (what a kernel leaves after consuming kaslr-seed) and
 *  an empty one are no seed: with nothing else, getentropy will fail. */
TEST(zero_seeds_are_none)
{
	static const uint8_t zeros[8];
	size_t size;
	uint8_t *blob = load_dtb("qemu-virt", RW_EXTRA, &size);
	struct board b;
	int ch;

	CHECK(blob);
	ch = node(blob, "/chosen");
	CHECK_EQ(fdt_setprop(blob, ch, "kaslr-seed", zeros, sizeof(zeros)), 0);
	CHECK_EQ(fdt_setprop(blob, ch, "rng-seed", zeros, 0), 0);
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(b.rng_seed_len, 0);
	CHECK_EQ(b.rng_seed_bytes, 0);
	CHECK_EQ(b.kaslr_seed_bytes, 0);
	free(blob);
}

struct runs {
	uint64_t base[8], size[8];
	int n, stop_at;
};

static int record_run(void *ctx, uint64_t base, uint64_t size)
{
	struct runs *r = ctx;

	if (r->n == r->stop_at)
		return -7;
	r->base[r->n] = base;
	r->size[r->n++] = size;
	return 0;
}

/** board_each_free_ram gives RAM minus every reserved region, each
 *  region rounded out to whole pages, in order; a nonzero return from
 *  the callback stops the walk and is passed back. */
TEST(free_ram_runs)
{
	size_t size;
	uint8_t *blob = load_dtb("virt-1", RW_EXTRA, &size);
	struct board b;
	struct runs r = { .stop_at = -1 };

	CHECK(blob);
	CHECK_EQ(fdt_add_mem_rsv(blob, 0x80000000, 0x80000), 0);
	CHECK_EQ(fdt_add_mem_rsv(blob, 0x84000100, 0x1000), 0);   /* two pages once rounded */
	CHECK_EQ(board_parse(&b, blob, size), 0);
	CHECK_EQ(board_each_free_ram(&b, record_run, &r), 0);
	CHECK_EQ(r.n, 2);
	CHECK_EQ(r.base[0], 0x80080000);
	CHECK_EQ(r.size[0], 0x84000000 - 0x80080000);
	CHECK_EQ(r.base[1], 0x84002000);
	CHECK_EQ(r.size[1], 0x88000000 - 0x84002000);
	r = (struct runs){ .stop_at = 1 };
	CHECK_EQ(board_each_free_ram(&b, record_run, &r), -7);
	CHECK_EQ(r.n, 1);
	free(blob);
}

/* The invariants a successful parse promises (board.h). */
static void check_invariants(const struct board *b)
{
	CHECK_STR(b->err, "");
	CHECK(b->nmem >= 1 && b->nmem <= BOARD_MAX_MEM);
	for (int i = 0; i + 1 < b->nmem; i++)
		CHECK(b->mem[i].base + b->mem[i].size <= b->mem[i + 1].base);
	for (int i = 0; i + 1 < b->nrsv; i++)
		CHECK(b->rsv[i].base + b->rsv[i].size <= b->rsv[i + 1].base);
	CHECK(b->nharts >= 1 && b->nharts <= BOARD_MAX_HARTS);
	for (int i = 0; i + 1 < b->nharts; i++)
		CHECK(b->harts[i].hartid < b->harts[i + 1].hartid);
	CHECK(b->timebase_hz > 0);
	CHECK(b->ndev >= 1 && b->ndev <= BOARD_MAX_DEVS);
	CHECK(b->console >= 0 && b->console < b->ndev && cons(b)->drv->console);
	for (int i = 0; i < b->ndev; i++) {
		const struct device *d = &b->dev[i];
		CHECK(d->drv && d->match && d->match->compatible && d->size > 0);
		CHECK(d->console == (i == b->console));
		CHECK(strlen(d->path) < sizeof(d->path));
	}
	for (int i = 0; i + 1 < b->ndev; i++)
		CHECK(b->dev[i].base <= b->dev[i + 1].base);
	CHECK(b->rng_seed_len <= sizeof(b->rng_seed));
	CHECK(strlen(b->model) < sizeof(b->model));
	CHECK(strlen(b->bootargs) < sizeof(b->bootargs));
}

/* err is one NUL-terminated line of printable characters. */
static void check_err_line(const struct board *b)
{
	size_t n = strnlen(b->err, sizeof(b->err));

	CHECK(n > 0 && n < sizeof(b->err));
	for (size_t i = 0; i < n; i++)
		CHECK(b->err[i] >= 0x20 && b->err[i] < 0x7f);
}

/* xorshift64*, fixed seed: failures reproduce. */
static uint64_t rng_next(uint64_t *st)
{
	*st ^= *st >> 12;
	*st ^= *st << 25;
	*st ^= *st >> 27;
	return *st * 0x2545f4914f6cdd1dull;
}

/** 3,000 randomly damaged copies of the real trees: board_parse never
 *  reads out of bounds, a success keeps every promise of board.h, and a
 *  failure says why in one printable line. */
TEST(fuzz)
{
	static const char *const names[] = { "virt-4", "visionfive2", "sifive_u", "qemu-virt" };
	uint64_t st = 0x0123456789abcdefull;
	int ok = 0, bad = 0;

	for (int n = 0; n < 4; n++) {
		size_t size;
		uint8_t *orig = load_dtb(names[n], 0, &size);

		CHECK(orig);
		for (int iter = 0; iter < 750 && !check_failed_now; iter++) {
			uint8_t *blob = malloc(size);
			struct board b;

			memcpy(blob, orig, size);
			for (int k = 1 + (int)(rng_next(&st) % 3); k > 0; k--) {
				uint64_t r = rng_next(&st);

				blob[(r >> 8) % size] ^= (uint8_t)(1 + (r >> 40) % 255);
			}
			if (board_parse(&b, blob, size) == 0) {
				ok++;
				check_invariants(&b);
			} else {
				bad++;
				check_err_line(&b);
			}
			free(blob);
		}
		free(orig);
		if (check_failed_now)
			return;
	}
	printf("board fuzz: %d parsed, %d refused\n", ok, bad);
	CHECK(ok > 100 && bad > 100);
}

TEST_MAIN()
