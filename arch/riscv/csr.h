/*
 * csr.h - RISC-V supervisor CSRs and their bits (privileged spec v1.12,
 * chapter 4).  Only arch/riscv/ includes this.
 */
#ifndef ARCH_RISCV_CSR_H
#define ARCH_RISCV_CSR_H

#define SSTATUS_SIE   (1UL << 1)
#define SSTATUS_SPIE  (1UL << 5)
#define SSTATUS_SPP   (1UL << 8)
#define SSTATUS_FS    (3UL << 13)
#define SSTATUS_FS_INITIAL (1UL << 13)
#define SSTATUS_FS_CLEAN   (2UL << 13)
#define SSTATUS_FS_DIRTY   (3UL << 13)
#define SSTATUS_SUM   (1UL << 18)
#define SSTATUS_MXR   (1UL << 19)

#define SIE_SSIE      (1UL << 1)
#define SIE_STIE      (1UL << 5)
#define SIE_SEIE      (1UL << 9)

#define CAUSE_INTR    (1UL << 63)
#define IRQ_S_SOFT    1
#define IRQ_S_TIMER   5
#define IRQ_S_EXT     9

#define EXC_INSN_MISALIGNED  0
#define EXC_INSN_ACCESS      1
#define EXC_ILLEGAL_INSN     2
#define EXC_BREAKPOINT       3
#define EXC_LOAD_MISALIGNED  4
#define EXC_LOAD_ACCESS      5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS     7
#define EXC_ECALL_U          8
#define EXC_ECALL_S          9
#define EXC_INSN_PAGE_FAULT  12
#define EXC_LOAD_PAGE_FAULT  13
#define EXC_STORE_PAGE_FAULT 15

#define SATP_MODE_SV39  (8UL << 60)
#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK  0xffffUL
#define SATP_PPN_MASK   ((1UL << 44) - 1)

/* CSR 0x14d, Sstc extension: supervisor timer compare. */
#define CSR_STIMECMP  0x14d

#ifndef __ASSEMBLER__
#include <stdint.h>

#define csr_read(csr) ({                                          \
	unsigned long v_;                                         \
	__asm__ volatile("csrr %0, " #csr : "=r"(v_));            \
	v_; })
#define csr_write(csr, val) \
	__asm__ volatile("csrw " #csr ", %0" :: "rK"(val) : "memory")
#define csr_set(csr, val) \
	__asm__ volatile("csrs " #csr ", %0" :: "rK"(val) : "memory")
#define csr_clear(csr, val) \
	__asm__ volatile("csrc " #csr ", %0" :: "rK"(val) : "memory")

static inline uint64_t rdtime(void)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static inline uint64_t rdinstret(void)
{
	uint64_t t;
	__asm__ volatile("rdinstret %0" : "=r"(t));
	return t;
}

static inline void sfence_vma_all(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

static inline void sfence_vma_page(unsigned long va)
{
	__asm__ volatile("sfence.vma %0" :: "r"(va) : "memory");
}

/* The leaf translation of va in address space asid only (privileged
 * spec v1.12, 4.2.1: rs2 != x0 leaves global mappings and every other
 * ASID alone). */
static inline void sfence_vma_page_asid(unsigned long va, unsigned long asid)
{
	__asm__ volatile("sfence.vma %0, %1" :: "r"(va), "r"(asid) : "memory");
}

/* Every non-global translation of address space asid, leaf and non-leaf
 * (rs1 = x0): after table pages were freed, or many PTEs changed. */
static inline void sfence_vma_asid(unsigned long asid)
{
	__asm__ volatile("sfence.vma zero, %0" :: "r"(asid) : "memory");
}

/* ASIDLEN, the ASID bits this hart implements (privileged spec v1.12,
 * 4.1.11: "the number of ASID bits implemented can be determined by
 * writing one to every bit position in the ASID field, then reading back
 * the value in satp").  Leaves satp as it was; the table in use must
 * have only global mappings (the kernel's), so no fence is needed. */
static inline unsigned satp_asid_bits(void)
{
	unsigned long old = csr_read(satp);
	unsigned n = 0;

	csr_write(satp, old | (SATP_ASID_MASK << SATP_ASID_SHIFT));
	unsigned long got = (csr_read(satp) >> SATP_ASID_SHIFT) & SATP_ASID_MASK;
	csr_write(satp, old);
	while (got & 1) {   /* the implemented bits are the low ones */
		n++;
		got >>= 1;
	}
	return n;
}
#endif

#endif
