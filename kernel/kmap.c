/*
 * kmap.c - the kernel's own page table, and the export subtree every
 * address space shares (vm.h).
 */
#include "vm.h"
#include "kprintf.h"
#include "exos/layout.h"

extern char _start_image[], _text_end[], _rodata_end[], _end[];

pte_t *kernel_root;
/* A root table used only to build the export subtree; its slot for
 * EXOS_EXPORT_VA is copied into every address space. */
static pte_t *export_root;

#define EXPORT_SLOT ARCH_PT_INDEX(EXOS_EXPORT_VA, ARCH_PT_LEVELS - 1)
#define R EXOS_PTE_R
#define W EXOS_PTE_W
#define X EXOS_PTE_X

/* pt_alloc_fn: a table page for the kernel's trees. */
static ppn_t kernel_table(void *ctx)
{
	(void)ctx;
	return vm_alloc_table_for(0);
}

/* A new kernel table page, or a panic naming what it was for. */
static pte_t *new_root(const char *what)
{
	ppn_t ppn = kernel_table(0);

	if (ppn_is_none(ppn))
		panic("vm: no page for %s", what);
	return ppn_to_kva(ppn);
}

static void kmap(uint64_t va, paddr_t pa, uint64_t size, uint64_t perms, unsigned flags)
{
	if (pt_map_range(kernel_root, va, pa_to_ppn(pa), size, perms, flags, kernel_table, 0))
		panic("vm: cannot map %p -> %lx (+%lx): out of memory or overlap",
		      (void *)va, (unsigned long)pa_raw(pa), (unsigned long)size);
}

/* board_each_free_ram's callback: one run of free RAM into the direct
 * map.  Reserved ranges stay out of it, "no-map" or not: OpenSBI's own
 * (which its PMP guards, and which it marks no-map) must be in no
 * mapping at all, and the kernel has no use for the others (U-Boot's
 * reservation of the DTB, say); a leaf never spans into one. */
static int map_ram_run(void *ctx, uint64_t pa, uint64_t size)
{
	(void)ctx;
	kmap(DIRECT_MAP_BASE + pa, pa_make(pa), size, R | W, PT_MAP_BIG);
	return 0;
}

static int boot_map_run(void *ctx, uint64_t pa, uint64_t size)
{
	(void)ctx;
	return arch_boot_map(pa_make(pa), size);
}

int vm_boot_map(const struct board *b)
{
	const struct device *cons = &b->dev[b->console];

	if (board_each_free_ram(b, boot_map_run, 0) ||
	    arch_boot_map(pa_make(cons->base), cons->size) ||
	    (b->testdev.base && arch_boot_map(pa_make(b->testdev.base), PAGE_SIZE)))
		return -1;
	arch_tlb_flush_all();   /* implementations may cache invalid entries */
	return 0;
}

static void map_device(uint64_t base, uint64_t size)
{
	if (size == 0)
		return;
	uint64_t lo = ALIGN_DOWN(base, PAGE_SIZE), hi = ALIGN_UP(base + size, PAGE_SIZE);
	kmap(DIRECT_MAP_BASE + lo, pa_make(lo), hi - lo, R | W, 0);
}

static void map_image(void)
{
	uint64_t text = (uint64_t)_start_image, rodata = (uint64_t)_text_end;
	uint64_t data = (uint64_t)_rodata_end, end = (uint64_t)_end;

	kmap(text, arch_kva_to_pa(_start_image), rodata - text, R | X, 0);
	kmap(rodata, arch_kva_to_pa(_text_end), data - rodata, R, 0);
	kmap(data, arch_kva_to_pa(_rodata_end), end - data, R | W, 0);
}

void vm_init(const struct board *b)
{
	kernel_root = new_root("the kernel root table");
	board_each_free_ram(b, map_ram_run, 0);
	map_image();
	map_device(b->plic.base, b->plic.size);
	map_device(b->testdev.base, b->testdev.base ? PAGE_SIZE : 0);
	for (int i = 0; i < b->ndev; i++)
		map_device(b->dev[i].base, b->dev[i].size);
	arch_mm_switch(vm_kernel_space());
	arch_tlb_flush_all();
}

uint64_t vm_kernel_space(void)
{
	return arch_mm_space(arch_kva_to_pa(kernel_root), 0);
}

void vm_export(vaddr_t va, paddr_t pa, uint64_t size)
{
	uint64_t v = va_raw(va);

	if (!export_root)
		export_root = new_root("the export table");
	if (v < EXOS_EXPORT_VA || v + size > EXOS_EXPORT_END ||
	    pt_map_range(export_root, v, pa_to_ppn(pa), ALIGN_UP(size, PAGE_SIZE), R, PT_MAP_USER,
			 kernel_table, 0))
		panic("vm: cannot export [%lx +%lx) at %p", (unsigned long)pa_raw(pa),
		      (unsigned long)size, (void *)v);
}

void vm_share(pte_t *root)
{
	/* Never changed after boot: copied, not referenced. */
	memcpy(root + ARCH_PT_KERNEL_SLOT, kernel_root + ARCH_PT_KERNEL_SLOT,
	       (ARCH_PT_ENTRIES - ARCH_PT_KERNEL_SLOT) * sizeof(pte_t));
	if (export_root)
		root[EXPORT_SLOT] = export_root[EXPORT_SLOT];
}

void vm_unshare(pte_t *root)
{
	memset(root + ARCH_PT_KERNEL_SLOT, 0, (ARCH_PT_ENTRIES - ARCH_PT_KERNEL_SLOT) * sizeof(pte_t));
	root[EXPORT_SLOT] = arch_pte_none();
}
