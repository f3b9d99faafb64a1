/*
 * vm.h - the kernel's address space and user address spaces (Sv39).
 */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H

#include "board.h"
#include "pmem.h"
#include "../arch/riscv/mmu.h"

extern pte_t *kernel_root;

/* Before vm_init: add to the boot page table (arch/riscv/early.c) what
 * the kernel touches until then besides the image and the DTB: RAM
 * outside the reserved ranges (the page table pmem_setup writes, the
 * pages vm_init takes), the console UART and the exit device.  0, or -1
 * when the boot table cannot hold it. */
int vm_boot_map(const struct board *b);
/* Build the final kernel page table from the DT (RAM minus reserved
 * ranges in the direct map, the image per section with W^X, device
 * registers) and switch every later hart to it.  Panics on failure. */
void vm_init(const struct board *b);
/* satp value for the kernel table (secondary harts use it). */
uint64_t vm_kernel_satp(void);
/* A zeroed page-table page charged to owner; 0 when out of memory. */
paddr_t vm_alloc_table_for(uint32_t owner);

/* Map [pa, pa+size) read-only for user space at va in the export region
 * every address space shares (boot only, before envs exist). */
void vm_export(uint64_t va, paddr_t pa, uint64_t size);

struct uspace {
	pte_t *root;
	uint64_t satp;           /* the satp value that selects root */
	uint32_t owner;          /* env id charged for table pages */
	uint32_t tables_made;    /* table pages allocated so far (uspace_mark) */
};

/* A new address space sharing the kernel half; 0 or -E_NOMEM. */
int uspace_create(struct uspace *us, uint32_t owner);
/* The PTE bits of a user mapping with perms R/W/X: U, V, A and D set. */
uint64_t uspace_pte_flags(uint64_t perms);
/* Map one user page; flags are PTE_R/W/X (U, V, A, D added). 0 or -E_NOMEM. */
/* Record that va's entry is in use in leaf_table (where sv39_map_page
 * put it), and in every table on its path if new_tables (uspace_map
 * does it; callers writing PTEs themselves, like the STLB refill, must
 * too). */
void uspace_mark(struct uspace *us, uint64_t va, const pte_t *leaf_table, int new_tables);
int uspace_map(struct uspace *us, uint64_t va, paddr_t pa, uint64_t flags);
/* Called for each leaf a destroyed address space held: the first page
 * it maps, its va, its level (1: a 2 MiB megapage of 512 pages). */
typedef void (*uspace_drop_fn)(ppn_t ppn, uint64_t va, int level, void *ctx);
/* Map the 2 MiB megapage at pa at va (both aligned); flags as for
 * uspace_map.  An empty 4 KiB table in the slot (the caller checked it
 * is empty) is freed first, and *freed_table set.  0 or -E_NOMEM. */
int uspace_map_mega(struct uspace *us, uint64_t va, paddr_t pa, uint64_t flags, int *freed_table);
/* Free the table pages of us, calling drop for every mapped page. */
void uspace_destroy(struct uspace *us, uspace_drop_fn drop, void *ctx);
/* Check that [va, va+len) is mapped for user access with at least
 * perm (PTE_R or PTE_R|PTE_W); 0 or -E_FAULT. */
int uspace_check(const struct uspace *us, uint64_t va, uint64_t len, uint64_t perm);
/* Copy len bytes from user va (already checked) into dst. */
void uspace_read(const struct uspace *us, void *dst, uint64_t va, uint64_t len);
/* Copy len bytes from src to user va (already checked writable). */
void uspace_write(const struct uspace *us, uint64_t va, const void *src, uint64_t len);
uint64_t uspace_satp(const struct uspace *us);

#endif
