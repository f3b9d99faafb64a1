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

/* Map RAM range r into the direct map, minus every reserved range. */
static void map_ram_range(const struct board *b, struct board_range r)
{
	uint64_t pos = r.base, end = r.base + r.size;

	for (int i = 0; i < b->nrsv && pos < end; i++) {
		uint64_t rs = ALIGN_DOWN(b->rsv[i].base, PAGE_SIZE);
		uint64_t re = ALIGN_UP(b->rsv[i].base + b->rsv[i].size, PAGE_SIZE);
		if (re <= pos || rs >= end)
			continue;
		if (rs > pos)
			kmap(DIRECT_MAP_BASE + pos, pa_make(pos), rs - pos, R | W, PT_MAP_BIG);
		pos = re;
	}
	if (pos < end)
		kmap(DIRECT_MAP_BASE + pos, pa_make(pos), end - pos, R | W, PT_MAP_BIG);
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
	for (int i = 0; i < b->nmem; i++)
		map_ram_range(b, b->mem[i]);
	map_image();
	map_device(b->uart.base, b->uart.size);
	map_device(b->plic.base, b->plic.size);
	map_device(b->testdev.base, b->testdev.base ? PAGE_SIZE : 0);
	for (int i = 0; i < b->nvirtio; i++)
		map_device(b->virtio[i].base, b->virtio[i].size);
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
