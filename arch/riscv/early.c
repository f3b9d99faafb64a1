/*
 * early.c - the boot page table: built while the kernel still runs at
 * its physical load address with translation off, extended once the
 * device tree is read, and replaced by vm.c's kernel table in vm_init.
 *
 * It maps only what boot touches before vm_init: the kernel image at
 * KERNEL_VBASE and the DTB (early_mmu_setup), then RAM outside every
 * reserved range, the console UART and the exit device
 * (early_map_direct, which vm_boot_map calls with what the tree names).
 * Never firmware memory and never the CLINT: a SiFive U54/U74 faults on
 * an access through a large page that covers a PMP-protected range
 * (the FU540 erratum OpenSBI works around), and on the JH7110 the
 * gigapage at 0x40000000 holds OpenSBI, the one at 0 the CLINT.  So a
 * leaf is 4 KiB where a range starts or ends inside a megapage, and
 * 2 MiB (1 GiB for RAM once the tree is read) only where the whole leaf
 * lies inside the range.
 *
 * Everything early_mmu_setup reaches must be position independent: the
 * code is compiled -mcmodel=medany (PC-relative addressing) with
 * -fno-jump-tables, and touches no data that holds absolute addresses.
 * Table pages come from a pool in the image; a table is reached at its
 * physical address before translation is on, and through the image's
 * own mapping (pa - kernel_pa_offset) after.
 */
#include "early.h"
#include "csr.h"

#define LEVEL_SIZE(level) (PAGE_SIZE << (9 * (level)))
#define PTE_FLAGS_MASK ((1UL << SV39_PPN_SHIFT) - 1)
#define VPN(va, level) ARCH_PT_INDEX(va, level)
#define FDT_MAGIC 0xd00dfeedu
#define FDT_HEADER_BYTES 40
/* The kernel refuses a larger tree after reading its header (main.c). */
#define EARLY_DTB_MAX (1UL << 20)

/* Table pages below the root.  early_mmu_setup takes at most six (the
 * image's L1 and tail, and the DTB's, which may cross a GiB and a
 * megapage boundary); each end of a run of free RAM or of a device range
 * takes at most one L1 and one L0 table.  QEMU virt with OpenSBI's
 * reservation takes 8 in all, the VisionFive 2 7 or 8 (tests/host/
 * test_early.c); a tree that needs more stops the boot with a message. */
#define EARLY_TABLES 32

uint64_t early_root[ARCH_PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t early_pool[EARLY_TABLES][ARCH_PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint32_t early_pool_used;
/* Physical minus virtual address of the kernel image; see arch_kva_to_pa(). */
uint64_t kernel_pa_offset;

static void early_zero(uint64_t *table)
{
	for (int i = 0; i < ARCH_PT_ENTRIES; i++)
		table[i] = 0;
}

/* The slot for va at level, making tables above it from the pool;
 * ptr_off turns a table's physical address into a pointer usable now.
 * Where a leaf above already covers va, that leaf's slot (*at its
 * level).  0 when the pool is empty. */
static uint64_t *early_slot(uint64_t va, int level, uint64_t ptr_off, int *at)
{
	uint64_t *table = early_root;

	for (int l = 2; l > level; l--) {
		uint64_t *e = &table[VPN(va, l)];
		if ((*e & SV39_V) && early_pte_is_leaf(*e)) {
			*at = l;
			return e;
		}
		if (!(*e & SV39_V)) {
			if (early_pool_used == EARLY_TABLES)
				return 0;
			uint64_t *t = early_pool[early_pool_used++];
			early_zero(t);
			*e = early_pte_make((uint64_t)t - ptr_off, SV39_V);
		}
		table = (uint64_t *)(early_pte_pa(*e) + ptr_off);
	}
	*at = level;
	return &table[VPN(va, level)];
}

/* The largest level at most max whose leaf at va maps inside [va, end). */
static int early_level(uint64_t va, uint64_t pa, uint64_t end, int max)
{
	int level = max;

	while (level > 0 && (((va | pa) & (LEVEL_SIZE(level) - 1)) || end - va < LEVEL_SIZE(level)))
		level--;
	return level;
}

/* Map [va, va + size) to pa with flags, in leaves of at most max_level;
 * all page-aligned.  A part that is already mapped the same way (the DTB
 * inside RAM, say) is left as it is.  0, or -1 when the pool is empty or
 * a different mapping is in the way. */
static int early_map(uint64_t va, uint64_t pa, uint64_t size, uint64_t flags, int max_level,
		     uint64_t ptr_off)
{
	uint64_t end = va + size;

	while (va < end) {
		int level = early_level(va, pa, end, max_level), at;
		uint64_t *e = early_slot(va, level, ptr_off, &at);
		/* Finer tables already here: map this leaf's span through them. */
		while (e && at == level && level > 0 && (*e & SV39_V) && !early_pte_is_leaf(*e))
			e = early_slot(va, --level, ptr_off, &at);
		if (!e)
			return -1;
		uint64_t step = LEVEL_SIZE(at), into = va & (step - 1);
		if (*e & SV39_V) {
			if (early_pte_pa(*e) + into != pa || (*e & PTE_FLAGS_MASK) != flags)
				return -1;
		} else {
			*e = early_pte_make(pa, flags);
		}
		va += step - into;
		pa += step - into;
	}
	return 0;
}

uint64_t early_dtb_bytes(const void *dtb)
{
	const uint8_t *h = dtb;
	uint32_t magic = (uint32_t)h[0] << 24 | h[1] << 16 | h[2] << 8 | h[3];
	uint32_t size = (uint32_t)h[4] << 24 | h[5] << 16 | h[6] << 8 | h[7];

	if (magic != FDT_MAGIC || size < FDT_HEADER_BYTES)
		return FDT_HEADER_BYTES;
	return size < EARLY_DTB_MAX ? size : EARLY_DTB_MAX;
}

uint64_t early_mmu_setup(uint64_t load_pa, uint64_t image_bytes, uint64_t dtb_pa,
			 uint64_t dtb_bytes)
{
	uint64_t lo = dtb_pa & ~(PAGE_SIZE - 1);
	uint64_t hi = (dtb_pa + dtb_bytes + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

	kernel_pa_offset = load_pa - KERNEL_VBASE;
	early_zero(early_root);
	early_pool_used = 0;
	early_map(KERNEL_VBASE, load_pa, (image_bytes + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1),
		  EARLY_KERN_RWX, 1, 0);
	if (hi > lo && hi <= DIRECT_MAP_SIZE)
		early_map(DIRECT_MAP_BASE + lo, lo, hi - lo, EARLY_KERN_RW, 0, 0);
	return SATP_MODE_SV39 | ((uint64_t)early_root >> PAGE_SHIFT);
}

int early_map_direct(uint64_t pa, uint64_t size)
{
	uint64_t lo = pa & ~(PAGE_SIZE - 1);
	uint64_t hi = (pa + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

	if (size == 0)
		return 0;
	if (hi <= lo || hi > DIRECT_MAP_SIZE)
		return -1;
	return early_map(DIRECT_MAP_BASE + lo, lo, hi - lo, EARLY_KERN_RW, 2, -kernel_pa_offset);
}
