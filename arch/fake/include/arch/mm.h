/*
 * arch/mm.h, fake - memory management on the host, for unit tests of
 * the generic kernel (the interface is arch/riscv's).
 *
 * Physical memory is FAKE_RAM_PAGES pages of a host array, at
 * FAKE_RAM_BASE; a physical address outside it aborts the test.  PTEs
 * use a layout of their own, unlike Sv39's (the page number at bit 12,
 * flags from bit 52), so generic code that assumed a bit would fail
 * here.  Address-space switches and TLB flushes are recorded in
 * fake_mm, not performed.
 */
#ifndef ARCH_MM_H
#define ARCH_MM_H

#include "addr.h"
#include "arch/page.h"
#include "exos/pages.h"

#define FAKE_RAM_BASE   0x80000000UL
#define FAKE_RAM_PAGES  4096UL
#define FAKE_RAM_SIZE   (FAKE_RAM_PAGES * PAGE_SIZE)
/* The kernel's map (kmap.c builds it; never switched to on the host). */
#define KERNEL_VBASE    0xffffffff80000000UL
#define DIRECT_MAP_BASE 0xffffffc000000000UL
#define DIRECT_MAP_SIZE (1UL << 36)

extern uint8_t fake_ram[FAKE_RAM_SIZE];
/* A physical address outside fake RAM, or a kernel address outside
 * it: a test bug, reported before aborting. */
__attribute__((noreturn)) void fake_bad_address(const char *what, uint64_t addr);

static inline void *arch_pa_to_kva(paddr_t pa)
{
	uint64_t off = pa_raw(pa) - FAKE_RAM_BASE;

	if (off >= FAKE_RAM_SIZE)
		fake_bad_address("physical address outside fake RAM", pa_raw(pa));
	return fake_ram + off;
}

static inline paddr_t arch_kva_to_pa(const void *va)
{
	uint64_t off = (uint64_t)((const uint8_t *)va - fake_ram);

	if (off >= FAKE_RAM_SIZE)
		fake_bad_address("kernel address outside fake RAM", (uint64_t)va);
	return pa_make(FAKE_RAM_BASE + off);
}

/* The fake has no boot table: everything is reachable from the start. */
static inline int arch_boot_map(paddr_t pa, uint64_t size)
{
	(void)pa, (void)size;
	return 0;
}

/* ---------------------------------------------------------------- PTEs */

typedef struct { uint64_t bits; } pte_t;

#define FAKE_PTE_PPN_SHIFT 12
#define FAKE_PTE_PPN_MASK  ((1UL << 40) - 1)
#define FAKE_PTE_V   (1UL << 52)
#define FAKE_PTE_R   (1UL << 53)
#define FAKE_PTE_W   (1UL << 54)
#define FAKE_PTE_X   (1UL << 55)
#define FAKE_PTE_U   (1UL << 56)
#define FAKE_PTE_G   (1UL << 57)
#define FAKE_PTE_RWX (FAKE_PTE_R | FAKE_PTE_W | FAKE_PTE_X)

static inline pte_t fake_pte(ppn_t ppn, uint64_t flags)
{
	return (pte_t){ (ppn_raw(ppn) & FAKE_PTE_PPN_MASK) << FAKE_PTE_PPN_SHIFT | flags };
}

static inline uint64_t fake_perm_bits(uint64_t perms)
{
	return ((perms & EXOS_PTE_R) ? FAKE_PTE_R : 0) | ((perms & EXOS_PTE_W) ? FAKE_PTE_W : 0) |
	       ((perms & EXOS_PTE_X) ? FAKE_PTE_X : 0);
}

static inline pte_t arch_pte_none(void) { return (pte_t){ 0 }; }

static inline pte_t arch_pte_user(ppn_t ppn, uint64_t perms)
{
	return fake_pte(ppn, FAKE_PTE_V | FAKE_PTE_U | fake_perm_bits(perms));
}

static inline pte_t arch_pte_kernel(ppn_t ppn, uint64_t perms)
{
	return fake_pte(ppn, FAKE_PTE_V | FAKE_PTE_G | fake_perm_bits(perms));
}

static inline pte_t arch_pte_table(ppn_t ppn) { return fake_pte(ppn, FAKE_PTE_V); }
static inline bool arch_pte_valid(pte_t pte) { return pte.bits & FAKE_PTE_V; }

static inline bool arch_pte_is_leaf(pte_t pte)
{
	return (pte.bits & FAKE_PTE_V) && (pte.bits & FAKE_PTE_RWX);
}

static inline bool arch_pte_is_table(pte_t pte)
{
	return (pte.bits & FAKE_PTE_V) && !(pte.bits & FAKE_PTE_RWX);
}

static inline ppn_t arch_pte_ppn(pte_t pte)
{
	return ppn_make((pte.bits >> FAKE_PTE_PPN_SHIFT) & FAKE_PTE_PPN_MASK);
}

static inline uint64_t arch_pte_perms(pte_t pte)
{
	return ((pte.bits & FAKE_PTE_R) ? EXOS_PTE_R : 0) | ((pte.bits & FAKE_PTE_W) ? EXOS_PTE_W : 0) |
	       ((pte.bits & FAKE_PTE_X) ? EXOS_PTE_X : 0);
}

static inline bool arch_pte_allows_user(pte_t pte, uint64_t perms)
{
	uint64_t need = fake_perm_bits(perms) | FAKE_PTE_V | FAKE_PTE_U;

	return (pte.bits & need) == need;
}

static inline bool arch_pte_same(pte_t a, pte_t b) { return a.bits == b.bits; }
static inline uint64_t arch_pte_raw(pte_t pte) { return pte.bits; }

/* ---------------------------------------------------------------- address spaces, flushes */

/* What the fake records: each hart's current space, and every flush. */
enum fake_flush_kind { FAKE_FLUSH_ALL, FAKE_FLUSH_VA, FAKE_FLUSH_VA_ASID, FAKE_FLUSH_ASID };
struct fake_flush {
	uint32_t hart;         /* hart id it happened on */
	int remote;            /* asked of another hart */
	enum fake_flush_kind kind;
	uint64_t va, size;     /* size 0: everything */
	uint32_t asid;
};
#define FAKE_FLUSH_LOG 256
struct fake_mm {
	uint64_t space[8];     /* per hart index */
	unsigned asid_bits;
	uint32_t nflush;       /* flushes so far (the log keeps the first FAKE_FLUSH_LOG) */
	struct fake_flush flush[FAKE_FLUSH_LOG];
};
extern struct fake_mm fake_mm;
void fake_flush_record(struct fake_flush f);
unsigned fake_hart_index(void);
uint32_t fake_hart_id(void);

static inline uint64_t arch_mm_space(paddr_t root, uint32_t asid)
{
	return pa_raw(root) | (uint64_t)asid << 48;
}

static inline void arch_mm_switch(uint64_t space) { fake_mm.space[fake_hart_index()] = space; }

static inline bool arch_mm_in_use(paddr_t root)
{
	return (fake_mm.space[fake_hart_index()] & ((1UL << 48) - 1)) == pa_raw(root);
}

static inline unsigned arch_mm_asid_bits(void) { return fake_mm.asid_bits; }

static inline void arch_tlb_flush_all(void)
{
	fake_flush_record((struct fake_flush){ fake_hart_id(), 0, FAKE_FLUSH_ALL, 0, 0, 0 });
}

static inline void arch_tlb_flush_va(vaddr_t va)
{
	fake_flush_record((struct fake_flush){ fake_hart_id(), 0, FAKE_FLUSH_VA, va_raw(va), PAGE_SIZE, 0 });
}

static inline void arch_tlb_flush_va_asid(vaddr_t va, uint32_t asid)
{
	fake_flush_record((struct fake_flush){ fake_hart_id(), 0, FAKE_FLUSH_VA_ASID, va_raw(va),
					       PAGE_SIZE, asid });
}

static inline void arch_tlb_flush_asid(uint32_t asid)
{
	fake_flush_record((struct fake_flush){ fake_hart_id(), 0, FAKE_FLUSH_ASID, 0, 0, asid });
}

void arch_tlb_flush_remote(uint32_t hartid, vaddr_t va, uint64_t size);
void arch_tlb_flush_remote_asid(uint32_t hartid, vaddr_t va, uint64_t size, uint32_t asid);

#endif
