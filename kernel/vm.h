/*
 * vm.h - address spaces: the kernel's own tree (kmap.c) and each env's
 * (vm.c), built with pt.h over the arch's PTEs.
 */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H

#include "board.h"
#include "pmem.h"
#include "pt.h"
#include "exos/errno.h"

/* ---- kmap.c: the kernel's tree */

extern pte_t *kernel_root;

/* Before vm_init: add to the arch's boot page table (arch_boot_map) what
 * the kernel touches until then besides the image and the DTB: RAM
 * outside the reserved ranges (the page table pmem_setup writes, the
 * pages vm_init takes), the console UART and the exit device.  0, or -1
 * when the boot table cannot hold it. */
int vm_boot_map(const struct board *b);
/* Build the final kernel page table from the DT (RAM minus reserved
 * ranges in the direct map, the image per section with W^X, device
 * registers) and switch every later hart to it.  Panics on failure. */
void vm_init(const struct board *b);
/* What arch_mm_switch takes to select the kernel's tree (secondary
 * harts, idle harts). */
uint64_t vm_kernel_space(void);
/* Map [pa, pa+size) read-only for user space at va in the export region
 * every address space shares (boot only, before envs exist). */
void vm_export(vaddr_t va, paddr_t pa, uint64_t size);
/* A new user root gets the kernel half and the export subtree, shared
 * with every other space; vm_unshare takes them out of a root before
 * its tables are freed. */
void vm_share(pte_t *root);
void vm_unshare(pte_t *root);

/* ---- vm.c: user address spaces */

/* A zeroed page-table page charged to owner; PPN_NONE when out of memory. */
ppn_t vm_alloc_table_for(uint32_t owner);

struct uspace {
	pte_t *root;
	paddr_t root_pa;
	uint64_t space;          /* arch_mm_space(root_pa, 0) */
	uint32_t owner;          /* env id charged for table pages */
	uint32_t tables_made;    /* table pages allocated so far */
};

/* A new address space sharing the kernel half; 0 or -E_NOMEM. */
int uspace_create(struct uspace *us, uint32_t owner);
/* pt_alloc_fn: a table page charged to the struct uspace in ctx. */
ppn_t uspace_table_alloc(void *ctx);
/* Mark va's entry in use in leaf_table (the last-level table
 * pt_map_page returned), and in every table on its path when some
 * were just made: the sparse walk of uspace_destroy visits only those. */
void uspace_mark(struct uspace *us, vaddr_t va, const pte_t *leaf_table, int new_tables);

/* Map one user page: leaf (an arch_pte_user PTE) at va.  0 or -E_NOMEM.
 * Inline: on every install and STLB refill. */
static inline int uspace_map_leaf(struct uspace *us, vaddr_t va, pte_t leaf)
{
	uint32_t made = us->tables_made;
	pte_t *leaf_table = pt_map_page(us->root, va, leaf, uspace_table_alloc, us);

	if (!leaf_table)
		return -E_NOMEM;
	uspace_mark(us, va, leaf_table, us->tables_made != made);
	return 0;
}
/* The same for page ppn with perms EXOS_PTE_R/W/X. */
static inline int uspace_map(struct uspace *us, vaddr_t va, ppn_t ppn, uint64_t perms)
{
	return uspace_map_leaf(us, va, arch_pte_user(ppn, perms));
}
/* Map the 2 MiB megapage of the pages from ppn at va (both aligned);
 * perms as for uspace_map.  An empty 4 KiB table in the slot (the
 * caller checked it is empty) is freed first, and *freed_table set.
 * 0 or -E_NOMEM. */
int uspace_map_mega(struct uspace *us, vaddr_t va, ppn_t ppn, uint64_t perms, int *freed_table);
/* stlb.c: put the binding the STLB holds for va (one the tables
 * dropped) back into the tree of us, an env's space.  1 when it did, 0
 * when the STLB holds none for va (or no table page was left). */
int uspace_refill(struct uspace *us, vaddr_t va);
/* Called for each leaf a destroyed address space held: the first page
 * it maps, its va, its level (1: a 2 MiB megapage of 512 pages). */
typedef void (*uspace_drop_fn)(ppn_t ppn, vaddr_t va, int level, void *ctx);
/* Free the table pages of us, calling drop for every mapped page. */
void uspace_destroy(struct uspace *us, uspace_drop_fn drop, void *ctx);
/* Whether [va, va+len) is mapped for user access with at least perms
 * (EXOS_PTE_R, or EXOS_PTE_R | EXOS_PTE_W); 0 or -E_FAULT.  The range
 * check cannot wrap at the top of the address space.  A page the tables
 * dropped but the STLB still binds is mapped again (uspace_refill). */
int uspace_check(struct uspace *us, vaddr_t va, uint64_t len, uint64_t perms);
/* Copy len bytes from user va (already checked) into dst. */
void uspace_read(const struct uspace *us, void *dst, vaddr_t va, uint64_t len);
/* Copy len bytes from src to user va (already checked writable). */
void uspace_write(const struct uspace *us, vaddr_t va, const void *src, uint64_t len);

#endif
