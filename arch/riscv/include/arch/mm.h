/*
 * arch/mm.h - memory management, the arch side: the kernel's memory
 * map, PTEs, address spaces and TLB flushes (RISC-V Sv39: privileged
 * spec v1.12, 4.1.11 satp, 4.2.1 SFENCE.VMA, 4.4 Sv39; SBI v1.0,
 * chapter 8, RFENCE).
 *
 * A PTE is opaque: generic code builds and inspects one only through
 * the arch_pte_* functions, and names permissions with the ABI's
 * EXOS_PTE_R/W/X.  Every leaf is written with A set, and D when
 * writable: SiFive U54/U74 cores raise a page fault instead of setting
 * them in hardware.
 */
#ifndef ARCH_MM_H
#define ARCH_MM_H

#include "arch/page.h"
#include "../../sv39.h"

#ifndef __ASSEMBLER__
#include "addr.h"
#include "exos/pages.h"
#include "../../csr.h"
#include "../../early.h"

static inline void *arch_pa_to_kva(paddr_t pa)
{
	return (void *)(pa_raw(pa) + DIRECT_MAP_BASE);
}

static inline paddr_t arch_kva_to_pa(const void *va)
{
	uint64_t v = (uint64_t)va;

	return pa_make(v >= KERNEL_VBASE ? v + kernel_pa_offset : v - DIRECT_MAP_BASE);
}

/* Before the kernel's own table exists: add [pa, pa + size) to the boot
 * table's direct map (early.c; the caller flushes).  0, or -1 when the
 * boot table cannot hold it. */
static inline int arch_boot_map(paddr_t pa, uint64_t size)
{
	return early_map_direct(pa_raw(pa), size);
}

/* ---------------------------------------------------------------- PTEs */

typedef struct { uint64_t bits; } pte_t;

_Static_assert(EXOS_PTE_R == SV39_R && EXOS_PTE_W == SV39_W && EXOS_PTE_X == SV39_X,
	       "the ABI's permission bits are Sv39's (pte_read returns the PTE)");

static inline pte_t sv39_pte(ppn_t ppn, uint64_t flags)
{
	return (pte_t){ ppn_raw(ppn) << SV39_PPN_SHIFT | flags };
}

/* An empty entry. */
static inline pte_t arch_pte_none(void)
{
	return (pte_t){ 0 };
}

/* A leaf an env may use: page ppn with perms (EXOS_PTE_R/W/X). */
static inline pte_t arch_pte_user(ppn_t ppn, uint64_t perms)
{
	perms &= SV39_RWX;
	return sv39_pte(ppn, perms | SV39_V | SV39_U | SV39_A | ((perms & SV39_W) ? SV39_D : 0));
}

/* A kernel leaf, global to every address space. */
static inline pte_t arch_pte_kernel(ppn_t ppn, uint64_t perms)
{
	perms &= SV39_RWX;
	return sv39_pte(ppn, perms | SV39_V | SV39_G | SV39_A | ((perms & SV39_W) ? SV39_D : 0));
}

/* An entry pointing at the next-level table in page ppn. */
static inline pte_t arch_pte_table(ppn_t ppn)
{
	return sv39_pte(ppn, SV39_V);
}

static inline bool arch_pte_valid(pte_t pte)
{
	return pte.bits & SV39_V;
}

/* Valid and a leaf (maps memory), not a pointer to a table. */
static inline bool arch_pte_is_leaf(pte_t pte)
{
	return (pte.bits & SV39_V) && (pte.bits & SV39_RWX);
}

static inline bool arch_pte_is_table(pte_t pte)
{
	return (pte.bits & SV39_V) && !(pte.bits & SV39_RWX);
}

/* The page a leaf maps (its first page, for a megapage), or the table
 * page a table entry points at. */
static inline ppn_t arch_pte_ppn(pte_t pte)
{
	return ppn_make((pte.bits >> SV39_PPN_SHIFT) & SV39_PPN_MASK);
}

/* A leaf's permissions, EXOS_PTE_R/W/X. */
static inline uint64_t arch_pte_perms(pte_t pte)
{
	return pte.bits & SV39_RWX;
}

/* A valid leaf user mode may use with every permission in perms. */
static inline bool arch_pte_allows_user(pte_t pte, uint64_t perms)
{
	uint64_t need = (perms & SV39_RWX) | SV39_V | SV39_U;

	return (pte.bits & need) == need;
}

static inline bool arch_pte_same(pte_t a, pte_t b)
{
	return a.bits == b.bits;
}

/* The hardware's own value (pte_read returns it to the env). */
static inline uint64_t arch_pte_raw(pte_t pte)
{
	return pte.bits;
}

/* ---------------------------------------------------------------- address spaces */

/* The value arch_mm_switch takes to select the tree at root, tagging
 * its TLB entries with asid (satp). */
static inline uint64_t arch_mm_space(paddr_t root, uint32_t asid)
{
	return SATP_MODE_SV39 | (uint64_t)asid << SATP_ASID_SHIFT | pa_raw(root) >> PAGE_SHIFT;
}

/* Translate through space from now on (no flush: see arch_tlb_*). */
static inline void arch_mm_switch(uint64_t space)
{
	csr_write(satp, space);
}

/* Whether this hart translates through the tree at root (any ASID). */
static inline bool arch_mm_in_use(paddr_t root)
{
	return ((csr_read(satp) ^ (pa_raw(root) >> PAGE_SHIFT)) & SATP_PPN_MASK) == 0;
}

/* The ASID bits this hart implements (0 to 16). */
static inline unsigned arch_mm_asid_bits(void)
{
	return satp_asid_bits();
}

/* ---------------------------------------------------------------- TLB flushes */

/* Every translation on this hart (after the tables changed wholesale). */
static inline void arch_tlb_flush_all(void)
{
	sfence_vma_all();
}

/* va's translation in every address space on this hart. */
static inline void arch_tlb_flush_va(vaddr_t va)
{
	sfence_vma_page(va_raw(va));
}

/* va's leaf translation in address space asid only, on this hart. */
static inline void arch_tlb_flush_va_asid(vaddr_t va, uint32_t asid)
{
	sfence_vma_page_asid(va_raw(va), asid);
}

/* Every translation of address space asid, leaf and non-leaf, on this
 * hart (after table pages were freed, or many PTEs changed). */
static inline void arch_tlb_flush_asid(uint32_t asid)
{
	sfence_vma_asid(asid);
}

/* The same on hart hartid, returning once it is done there: [va,
 * va + size) in every address space, or in asid only (size 0:
 * everything). */
void arch_tlb_flush_remote(uint32_t hartid, vaddr_t va, uint64_t size);
void arch_tlb_flush_remote_asid(uint32_t hartid, vaddr_t va, uint64_t size, uint32_t asid);
#endif

#endif
