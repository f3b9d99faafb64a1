/*
 * early.c - the first page table, built while the kernel still runs at
 * its physical load address with translation off.
 *
 * Everything here must be position independent: the code is compiled
 * -mcmodel=medany (PC-relative addressing) with -fno-jump-tables, and
 * touches no data that holds absolute addresses.
 */
#include "mmu.h"
#include "csr.h"

extern char _start[], _end[];

pte_t early_root[512] __attribute__((aligned(PAGE_SIZE)));
static pte_t early_kernel_l1[512] __attribute__((aligned(PAGE_SIZE)));
/* Physical minus virtual address of the kernel image; see kva_to_pa(). */
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
		early_root[VPN(DIRECT_MAP_BASE, 2) + i] =
			pte_make(i * GIGA_SIZE, PTE_KERN_RW);

	early_root[VPN(KERNEL_VBASE, 2)] =
		pte_make((uint64_t)early_kernel_l1, PTE_V);
	for (uint64_t off = 0; off < image + MEGA_SIZE; off += MEGA_SIZE)
		early_kernel_l1[VPN(KERNEL_VBASE + off, 1)] =
			pte_make(load_pa + off, PTE_KERN_RWX);

	return SATP_MODE_SV39 | ((uint64_t)early_root >> PAGE_SHIFT);
}
