/*
 * test_early.c - the boot page table (arch/riscv/early.c) on the boards'
 * device trees, as the firmware hands them over (OpenSBI's reservation
 * of itself added): what early_mmu_setup maps before the tree is read,
 * and what vm_boot_map's calls (free RAM from board_each_free_ram, the
 * UART, the exit device) add after.  Every leaf is walked and checked
 * against the firmware's reserved ranges and the CLINT, which no leaf
 * may touch, and against what should be mapped, all of which must be.
 *
 * On the host a table's "physical address" is its address here, in both
 * phases: the test sets kernel_pa_offset to 0 once the image is mapped,
 * where the kernel would have turned translation on.
 */
#include "check.h"
#include "board.h"
#include "dtbfile.h"
#include "../arch/riscv/early.h"
#include "../arch/riscv/csr.h"

#define RW_EXTRA 8192
#define PAGE 4096UL
#define MEGA (1UL << 21)
#define GIGA (1UL << 30)
/* The physical space the checks cover: every board here lies below it. */
#define PHYS_TOP (6UL << 30)
#define NPAGES (PHYS_TOP / PAGE)

#define VPN(va, level) ARCH_PT_INDEX(va, level)

/* A board as booted: its tree, where the image and the DTB are. */
struct layout {
	const char *dtb;        /* $DTB_DIR name */
	uint64_t resv_base, resv_size; /* OpenSBI's /reserved-memory entry */
	uint64_t load_pa, image_bytes, dtb_pa;
};

/* What the walk found: per physical page, how many leaves map it in the
 * direct map; the image's mapping; table pages; the largest leaf. */
struct walk {
	uint8_t *direct;        /* NPAGES counts */
	uint64_t image_bytes;   /* bytes mapped at KERNEL_VBASE, in order */
	int image_contiguous;
	int tables;
	int bad_flags;
	uint64_t biggest_direct;
};

static void walk_level(uint64_t *table, int level, uint64_t va, struct walk *w, uint64_t load_pa)
{
	for (uint64_t i = 0; i < 512; i++) {
		uint64_t e = table[i];
		uint64_t v = va | (i << (12 + 9 * level)), size = PAGE << (9 * level);
		if (level == 2 && i >= 256)
			v |= 0xffffff8000000000UL;   /* Sv39 sign extension */
		if (!(e & SV39_V))
			continue;
		if (!early_pte_is_leaf(e)) {
			w->tables++;
			walk_level((uint64_t *)early_pte_pa(e), level - 1, v, w, load_pa);
			continue;
		}
		if (v >= KERNEL_VBASE) {
			w->image_contiguous &= early_pte_pa(e) == load_pa + (v - KERNEL_VBASE) &&
					       v == KERNEL_VBASE + w->image_bytes;
			w->image_bytes += size;
			w->bad_flags |= (e & 0x3ff) != EARLY_KERN_RWX;
			continue;
		}
		w->bad_flags |= v - DIRECT_MAP_BASE != early_pte_pa(e) || (e & 0x3ff) != EARLY_KERN_RW;
		if (size > w->biggest_direct)
			w->biggest_direct = size;
		for (uint64_t p = early_pte_pa(e) / PAGE; p < (early_pte_pa(e) + size) / PAGE && p < NPAGES; p++)
			w->direct[p]++;
	}
}

static void walk(struct walk *w, uint64_t load_pa)
{
	memset(w->direct, 0, NPAGES);
	w->image_bytes = 0;
	w->image_contiguous = 1;
	w->tables = 0;
	w->bad_flags = 0;
	w->biggest_direct = 0;
	walk_level(early_root, 2, 0, w, load_pa);
}

static void mark(uint8_t *want, uint64_t base, uint64_t size)
{
	for (uint64_t p = base / PAGE; p < (base + size + PAGE - 1) / PAGE && p < NPAGES; p++)
		want[p] = 1;
}

/* The first page where the walk and want differ (a page mapped twice,
 * mapped but not wanted, or wanted but not mapped), or NPAGES. */
static uint64_t first_difference(const struct walk *w, const uint8_t *want)
{
	for (uint64_t p = 0; p < NPAGES; p++)
		if (w->direct[p] != want[p])
			return p;
	return NPAGES;
}

/* A page of a firmware reservation or of the CLINT that a leaf maps, or
 * NPAGES. */
static uint64_t firmware_page_mapped(const struct walk *w, const struct layout *l,
				     const struct board *b)
{
	for (uint64_t p = l->resv_base / PAGE; p < (l->resv_base + l->resv_size) / PAGE; p++)
		if (w->direct[p])
			return p;
	for (uint64_t p = b->clint.base / PAGE; p < (b->clint.base + b->clint.size) / PAGE; p++)
		if (w->direct[p])
			return p;
	return NPAGES;
}

/* The tree with OpenSBI's reservation added, as U-Boot passes it on. */
static uint8_t *firmware_tree(const struct layout *l, size_t *size)
{
	uint8_t *blob = load_dtb(l->dtb, RW_EXTRA, size);
	int rm;

	if (!blob)
		return NULL;
	rm = fdt_add_subnode(blob, 0, "reserved-memory");
	if (rm < 0 || fdt_setprop_u32(blob, rm, "#address-cells", 2) ||
	    fdt_setprop_u32(blob, rm, "#size-cells", 2) || fdt_setprop_empty(blob, rm, "ranges") ||
	    (rm = fdt_add_subnode(blob, rm, "mmode_resv0")) < 0 ||
	    fdt_setprop_u64(blob, rm, "reg", l->resv_base) ||
	    fdt_appendprop_u64(blob, rm, "reg", l->resv_size) || fdt_setprop_empty(blob, rm, "no-map")) {
		free(blob);
		return NULL;
	}
	return blob;
}

static int boot_map_run(void *ctx, uint64_t pa, uint64_t size)
{
	(void)ctx;
	return early_map_direct(pa, size);
}

/* l's tree parsed into *b (one reservation, OpenSBI's, and a CLINT);
 * *dtb_bytes is what early_dtb_bytes reads from its header. */
static int parse_layout(const struct layout *l, struct board *b, uint64_t *dtb_bytes)
{
	size_t size;
	uint8_t *blob = firmware_tree(l, &size);
	int err;

	if (!blob) {
		printf("  %s: cannot build the tree for %s\n", check_current, l->dtb);
		return -1;
	}
	err = board_parse(b, blob, size);
	*dtb_bytes = early_dtb_bytes(blob);
	free(blob);
	if (err || b->nrsv != 1 || b->clint.size == 0) {
		printf("  %s: %s: parse: \"%s\", %d reserved\n", check_current, l->dtb, b->err,
		       b->nrsv);
		return -1;
	}
	return 0;
}

/* Before the tree is read: the image at KERNEL_VBASE, the DTB's pages in
 * 4 KiB leaves, nothing else (want: the DTB's pages). */
static int check_before(const struct layout *l, uint64_t dtb_bytes, struct walk *w,
			uint8_t *want)
{
	uint64_t satp = early_mmu_setup(l->load_pa, l->image_bytes, l->dtb_pa, dtb_bytes);
	uint64_t p;

	memset(want, 0, NPAGES);
	mark(want, l->dtb_pa, dtb_bytes);
	walk(w, l->load_pa);
	if (satp != (SATP_MODE_SV39 | ((uint64_t)early_root >> 12)) || w->bad_flags ||
	    !w->image_contiguous || w->image_bytes != (l->image_bytes + PAGE - 1) / PAGE * PAGE) {
		printf("  %s: %s: image mapped %#lx bytes (contiguous %d, flags bad %d)\n",
		       check_current, l->dtb, (unsigned long)w->image_bytes, w->image_contiguous,
		       w->bad_flags);
		return -1;
	}
	if ((p = first_difference(w, want)) != NPAGES || w->biggest_direct != PAGE) {
		printf("  %s: %s: before the tree, page %#lx mapped %d times, want %d\n",
		       check_current, l->dtb, (unsigned long)(p * PAGE), w->direct[p], want[p]);
		return -1;
	}
	return 0;
}

/* After vm_boot_map's calls (translation on: see the top): the DTB, RAM
 * minus OpenSBI's memory, the UART and the exit device, nothing else. */
static int check_after(const struct layout *l, const struct board *b, struct walk *w,
		       uint8_t *want)
{
	uint64_t p;

	kernel_pa_offset = 0;
	if (board_each_free_ram(b, boot_map_run, 0) ||
	    early_map_direct(b->dev[b->console].base, b->dev[b->console].size) ||
	    (b->testdev.base && early_map_direct(b->testdev.base, PAGE))) {
		printf("  %s: %s: the boot map failed\n", check_current, l->dtb);
		return -1;
	}
	for (int m = 0; m < b->nmem; m++)
		mark(want, b->mem[m].base, b->mem[m].size);
	memset(want + l->resv_base / PAGE, 0, l->resv_size / PAGE);
	mark(want, b->dev[b->console].base, b->dev[b->console].size);
	if (b->testdev.base)
		mark(want, b->testdev.base, PAGE);
	walk(w, l->load_pa);
	if ((p = firmware_page_mapped(w, l, b)) != NPAGES) {
		printf("  %s: %s: firmware page %#lx is mapped\n", check_current, l->dtb,
		       (unsigned long)(p * PAGE));
		return -1;
	}
	if ((p = first_difference(w, want)) != NPAGES || w->bad_flags) {
		printf("  %s: %s: page %#lx mapped %d times, want %d (flags bad %d)\n",
		       check_current, l->dtb, (unsigned long)(p * PAGE), w->direct[p], want[p],
		       w->bad_flags);
		return -1;
	}
	return 0;
}

/* Both phases on layout l: each maps exactly what it should, nothing of
 * the firmware's memory or the CLINT; returns the table pages used, or
 * -1 after saying what is wrong. */
static int check_layout(const struct layout *l)
{
	static uint8_t direct[NPAGES], want[NPAGES];
	struct walk w = { .direct = direct };
	struct board b;
	uint64_t dtb_bytes;

	if (parse_layout(l, &b, &dtb_bytes) || check_before(l, dtb_bytes, &w, want) ||
	    check_after(l, &b, &w, want))
		return -1;
	return w.tables;
}

/** QEMU virt as OpenSBI 1.1 boots it (-bios default, 128 MiB): the
 *  kernel at 0x80200000, the DTB in the last 2 MiB of RAM, OpenSBI's
 *  512 KiB at 0x80000000 reserved.  Nothing of OpenSBI or the CLINT is
 *  mapped in either phase; the second adds RAM (in 2 MiB and 1 GiB
 *  leaves where they fit), the UART and the exit device. */
TEST(qemu_virt_firmware_unmapped)
{
	struct layout l = { "virt-1", 0x80000000, 0x80000, 0x80200000, 0x2f1000, 0x87e00000 };

	CHECK_EQ(check_layout(&l), 8);
}

/** The same with the DTB right after OpenSBI's memory, in the page next
 *  to it (as a firmware that packs them could): 4 KiB leaves keep OpenSBI
 *  out. */
TEST(qemu_virt_dtb_next_to_firmware)
{
	struct layout l = { "virt-1", 0x80000000, 0x80000, 0x80200000, 0x400000, 0x80080000 };

	CHECK_EQ(check_layout(&l), 6);
}

/** The VisionFive 2 (dts/visionfive2.dts, 4 GiB) as StarFive's firmware
 *  boots it: OpenSBI's reservation at 0x40000000, in the gigapage that
 *  also holds the kernel at 0x40200000 and the DTB at fdt_addr_r
 *  (0x46000000, used in place); the CLINT in the gigapage at 0. */
TEST(visionfive2_firmware_unmapped)
{
	struct layout l = { "visionfive2", 0x40000000, 0x80000, 0x40200000, 0x2f1000, 0x46000000 };

	CHECK_EQ(check_layout(&l), 7);
}

/** The VisionFive 2 as mainline U-Boot boots it: the DTB moved near the
 *  top of RAM, across a GiB boundary from everything else. */
TEST(visionfive2_dtb_high)
{
	struct layout l = { "visionfive2", 0x40000000, 0x80000, 0x40200000, 0x2f1000,
			    0x13ffee000 };

	CHECK_EQ(check_layout(&l), 8);
}

/** early_dtb_bytes maps the header's totalsize, at most 1 MiB, and only
 *  the 40-byte header of what is no DTB (the kernel then says so). */
TEST(dtb_bytes)
{
	uint8_t h[64] = { 0xd0, 0x0d, 0xfe, 0xed, 0x00, 0x00, 0x12, 0x34 };

	CHECK_EQ(early_dtb_bytes(h), 0x1234);
	h[4] = 0x7f;
	CHECK_EQ(early_dtb_bytes(h), 1UL << 20);
	h[4] = 0, h[6] = 0, h[7] = 39;
	CHECK_EQ(early_dtb_bytes(h), 40);
	h[0] = 0, h[6] = 0x12;
	CHECK_EQ(early_dtb_bytes(h), 40);
}

/* The level of the leaf mapping va in the boot table, or -1. */
static int leaf_level(uint64_t va)
{
	uint64_t *table = early_root;

	for (int l = 2; l >= 0; l--) {
		uint64_t e = table[VPN(va, l)];
		if (!(e & SV39_V))
			return -1;
		if (early_pte_is_leaf(e))
			return l;
		table = (uint64_t *)early_pte_pa(e);
	}
	return -1;
}

/** early_map_direct refuses what lies past the direct map, maps nothing
 *  for size 0, and fails cleanly, keeping what it mapped, when its pool
 *  of table pages runs out. */
TEST(boot_map_errors)
{
	int i;

	early_mmu_setup(0x80200000, 0x100000, 0x87e00000, 0x2000);
	kernel_pa_offset = 0;
	CHECK_EQ(early_map_direct(DIRECT_MAP_SIZE - PAGE, 2 * PAGE), -1);
	CHECK_EQ(early_map_direct(0x90000000, 0), 0);
	CHECK_EQ(leaf_level(DIRECT_MAP_BASE + 0x90000000), -1);
	/* One page in each of many gigapages: an L1 and an L0 table each. */
	for (i = 0; i < 64; i++)
		if (early_map_direct((uint64_t)(8 + i) << 30, PAGE))
			break;
	CHECK_EQ(i, 14);   /* 32 table pages: 4 taken by the image and the DTB */
	CHECK_EQ(leaf_level(DIRECT_MAP_BASE + (21UL << 30)), 0);
	CHECK_EQ(leaf_level(DIRECT_MAP_BASE + (22UL << 30)), -1);
	CHECK_EQ(leaf_level(DIRECT_MAP_BASE + 0x87e01000), 0);
	CHECK_EQ(leaf_level(KERNEL_VBASE + 0xff000), 0);
}

TEST_MAIN()
