/*
 * arch/page.h, fake - the geometry of the fake machine's page tables:
 * that of Sv39 (three levels of 512 entries over 4 KiB pages), which
 * the ABI's layout and megapages assume; what a PTE holds differs
 * (arch/mm.h).
 */
#ifndef ARCH_PAGE_H
#define ARCH_PAGE_H

#define PAGE_SHIFT          12
#define PAGE_SIZE           (1UL << PAGE_SHIFT)
#define ARCH_PT_LEVELS      3
#define ARCH_PT_INDEX_BITS  9
#define ARCH_PT_ENTRIES     (1 << ARCH_PT_INDEX_BITS)
#define MEGA_SIZE           (PAGE_SIZE << ARCH_PT_INDEX_BITS)
#define GIGA_SIZE           (MEGA_SIZE << ARCH_PT_INDEX_BITS)
#define ARCH_PT_KERNEL_SLOT (ARCH_PT_ENTRIES / 2)

#define ARCH_PT_SPAN(level) (PAGE_SIZE << (ARCH_PT_INDEX_BITS * (level)))
#define ARCH_PT_INDEX(va, level) (((va) / ARCH_PT_SPAN(level)) % ARCH_PT_ENTRIES)

#endif
