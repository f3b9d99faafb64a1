/*
 * early.c - the first page table, built while the kernel still runs at
 * its physical load address with translation off.
 *
 * Everything here must be position independent: the code is compiled
 * -mcmodel=medany (PC-relative addressing) with -fno-jump-tables, and
 * touches no data that holds absolute addresses.
 */
#include "arch/mm.h"

extern char _start[], _end[];

pte_t early_root[ARCH_PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static pte_t early_kernel_l1[ARCH_PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
/* Physical minus virtual address of the kernel image; see arch_kva_to_pa(). */
uint64_t kernel_pa_offset;

/*
 * Build the boot page table and return the satp value that enables it.
 * It maps the kernel image at KERNEL_VBASE with 2 MiB RWX leaves (the
 * final table in vm.c replaces them with W^X pages) and the first
 * 254 GiB of physical space at DIRECT_MAP_BASE with 1 GiB RW leaves, so
 * the DTB, RAM and the console are reachable before the DT is parsed.
 */
uint64_t early_mmu_setup(uint64_t load_pa)
{
	uint64_t image = (uint64_t)(_end - _start);

	kernel_pa_offset = load_pa - KERNEL_VBASE;
	for (uint64_t i = 0; i < DIRECT_MAP_SIZE / GIGA_SIZE; i++)
		early_root[ARCH_PT_INDEX(DIRECT_MAP_BASE, 2) + i] =
			arch_pte_kernel(pa_to_ppn(pa_make(i * GIGA_SIZE)), EXOS_PTE_R | EXOS_PTE_W);

	early_root[ARCH_PT_INDEX(KERNEL_VBASE, 2)] =
		arch_pte_table(pa_to_ppn(pa_make((uint64_t)early_kernel_l1)));
	for (uint64_t off = 0; off < image + MEGA_SIZE; off += MEGA_SIZE)
		early_kernel_l1[ARCH_PT_INDEX(KERNEL_VBASE + off, 1)] =
			arch_pte_kernel(pa_to_ppn(pa_make(load_pa + off)),
					EXOS_PTE_R | EXOS_PTE_W | EXOS_PTE_X);

	return arch_mm_space(pa_make((uint64_t)early_root), 0);
}
