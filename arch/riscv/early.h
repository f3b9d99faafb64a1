/*
 * early.h - the boot page table (early.c): raw Sv39 entries, in use
 * from entry.S until vm_init replaces the table.  Apart from arch/mm.h
 * so that tests/host/test_early.c can build early.c on the host.
 */
#ifndef ARCH_RISCV_EARLY_H
#define ARCH_RISCV_EARLY_H

#include <stdint.h>
#include "sv39.h"

/* Kernel leaves: A set, D with W, global to every address space. */
#define EARLY_KERN_RW  (SV39_V | SV39_R | SV39_W | SV39_A | SV39_D | SV39_G)
#define EARLY_KERN_RWX (EARLY_KERN_RW | SV39_X)

/* A raw entry mapping pa with flags, and what an entry holds. */
static inline uint64_t early_pte_make(uint64_t pa, uint64_t flags)
{
	return (pa >> PAGE_SHIFT) << SV39_PPN_SHIFT | flags;
}

static inline uint64_t early_pte_pa(uint64_t pte)
{
	return ((pte >> SV39_PPN_SHIFT) & SV39_PPN_MASK) << PAGE_SHIFT;
}

static inline int early_pte_is_leaf(uint64_t pte)
{
	return (pte & SV39_RWX) != 0;
}

extern uint64_t early_root[ARCH_PT_ENTRIES];
/* Physical minus virtual address of the kernel image. */
extern uint64_t kernel_pa_offset;

/* How many bytes of the DTB at dtb to map (called with translation off,
 * dtb its physical address): its totalsize, at most 1 MiB; the 40-byte
 * header when it is no DTB, so that the kernel can still say so. */
uint64_t early_dtb_bytes(const void *dtb);
/* Map the kernel image (image_bytes at load_pa) at KERNEL_VBASE and the
 * DTB in the direct map, nothing else; returns the satp value that turns
 * the table on.  Runs with translation off. */
uint64_t early_mmu_setup(uint64_t load_pa, uint64_t image_bytes, uint64_t dtb_pa,
			 uint64_t dtb_bytes);
/* Add [pa, pa + size), rounded out to pages, to the boot table's direct
 * map, read-write, in the largest leaves that lie inside it (the caller
 * flushes).  Before vm_init only.  0, or -1 when it lies past the direct
 * map, conflicts with what is mapped, or the table pool is used up. */
int early_map_direct(uint64_t pa, uint64_t size);

#endif
