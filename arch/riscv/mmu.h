/*
 * mmu.h - Sv39 page tables (privileged spec v1.12, section 4.4) and the
 * kernel's virtual memory map.
 *
 * Kernel map (upper half of Sv39):
 *   DIRECT_MAP_BASE + pa   every RAM page and every device register
 *                          block the DT names (RW, never X)
 *   KERNEL_VBASE ...       the kernel image, per-section W^X
 */
#ifndef ARCH_RISCV_MMU_H
#define ARCH_RISCV_MMU_H

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define MEGA_SIZE  (1UL << 21)
#define GIGA_SIZE  (1UL << 30)

#define KERNEL_VBASE    0xffffffff80200000UL
#define DIRECT_MAP_BASE 0xffffffc000000000UL
/* The direct map spans root slots 256..509: 254 GiB of physical space. */
#define DIRECT_MAP_SIZE (254UL << 30)

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_PPN_SHIFT 10
/* Bits 54-63: reserved (Svpbmt/Svnapot when enabled); must be zero. */
#define PTE_RESERVED_MASK (0x3ffUL << 54)

#define PTE_KERN_RW  (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G)
#define PTE_KERN_RO  (PTE_V | PTE_R | PTE_A | PTE_G)
#define PTE_KERN_RX  (PTE_V | PTE_R | PTE_X | PTE_A | PTE_G)
#define PTE_KERN_RWX (PTE_KERN_RW | PTE_X)

#define VPN(va, level) (((va) >> (PAGE_SHIFT + 9 * (level))) & 511)

#ifndef __ASSEMBLER__
#include <stdint.h>

typedef uint64_t pte_t;
typedef uint64_t paddr_t;

static inline pte_t pte_make(paddr_t pa, uint64_t flags)
{
	return ((pa >> PAGE_SHIFT) << PTE_PPN_SHIFT) | flags;
}

static inline paddr_t pte_pa(pte_t pte)
{
	return ((pte >> PTE_PPN_SHIFT) & ((1UL << 44) - 1)) << PAGE_SHIFT;
}

static inline int pte_is_leaf(pte_t pte)
{
	return (pte & (PTE_R | PTE_W | PTE_X)) != 0;
}

static inline void *pa_to_kva(paddr_t pa)
{
	return (void *)(pa + DIRECT_MAP_BASE);
}

static inline paddr_t kva_to_pa(const void *va)
{
	extern uint64_t kernel_pa_offset;
	uint64_t v = (uint64_t)va;

	if (v >= KERNEL_VBASE)
		return v + kernel_pa_offset;
	return v - DIRECT_MAP_BASE;
}

/* Supplies a zeroed page for an intermediate table; 0 when out of memory. */
typedef paddr_t (*pt_alloc_fn)(void *ctx);

/* Map [va, va+size) to [pa, ...) in the tree at root with flags (which
 * must include PTE_V and the A/D bits the caller wants); uses 1 GiB and
 * 2 MiB leaves where alignment allows when big is nonzero.  Returns 0,
 * or -1 when a table page could not be allocated or a leaf is in the way. */
int sv39_map(pte_t *root, uint64_t va, paddr_t pa, uint64_t size,
	     uint64_t flags, int big, pt_alloc_fn alloc, void *ctx);
/* sv39_map for exactly one 4 KiB page (the common, fast case); returns
 * the last-level table the PTE went into, or 0 as sv39_map fails. */
pte_t *sv39_map_page(pte_t *root, uint64_t va, paddr_t pa, uint64_t flags, pt_alloc_fn alloc,
		     void *ctx);
/* The leaf PTE slot for va, or 0 when a level is missing (with *level
 * set to the level where the walk stopped or found a leaf). */
pte_t *sv39_walk(pte_t *root, uint64_t va, int *level);

/* early.c: the boot page table, in use until vm_init replaces it.  It
 * never maps firmware memory or the CLINT (see early.c). */
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
 * fences).  Before vm_init only.  0, or -1 when it lies past the direct
 * map, conflicts with what is mapped, or the table pool is used up. */
int early_map_direct(paddr_t pa, uint64_t size);
#endif

#endif
