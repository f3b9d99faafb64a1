/*
 * arch/page.h - the page size and page-table geometry (RISC-V Sv39,
 * privileged spec v1.12, section 4.4): what generic code needs to walk
 * and size page tables without knowing what a PTE looks like.
 */
#ifndef ARCH_PAGE_H
#define ARCH_PAGE_H

#define PAGE_SHIFT  12
#define PAGE_SIZE   (1UL << PAGE_SHIFT)
/* Levels of a table tree: the root is level ARCH_PT_LEVELS - 1, leaves
 * of 4 KiB pages are at level 0, a level-1 leaf maps MEGA_SIZE. */
#define ARCH_PT_LEVELS      3
#define ARCH_PT_INDEX_BITS  9
#define ARCH_PT_ENTRIES     (1 << ARCH_PT_INDEX_BITS)
#define MEGA_SIZE   (1UL << 21)
#define GIGA_SIZE   (1UL << 30)
/* Root entries from this one up map the kernel half, shared by every
 * address space; those below map the user half (EXOS_USER_END). */
#define ARCH_PT_KERNEL_SLOT 256

/* The index of va's entry in its level-level table. */
#define ARCH_PT_INDEX(va, level) \
	(((va) >> (PAGE_SHIFT + ARCH_PT_INDEX_BITS * (level))) & (ARCH_PT_ENTRIES - 1))
/* Bytes one entry of a level-level table maps. */
#define ARCH_PT_SPAN(level) (1UL << (PAGE_SHIFT + ARCH_PT_INDEX_BITS * (level)))

#endif
