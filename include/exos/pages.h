/*
 * exos/pages.h - the physical page table the kernel keeps, one record
 * per 4 KiB page of the RAM span.  Later issues map it read-only into
 * every env (design.md: expose all kernel information), so its layout
 * is ABI.
 */
#ifndef EXOS_PAGES_H
#define EXOS_PAGES_H

#include <stdint.h>

enum exos_page_type {
	EXOS_PAGE_NONE = 0,    /* a hole, firmware or otherwise not RAM we manage */
	EXOS_PAGE_FREE,        /* on the free list */
	EXOS_PAGE_KERNEL,      /* the kernel image, kernel data, this table */
	EXOS_PAGE_PT,          /* a page-table page */
	EXOS_PAGE_USER,        /* user data, owned by an env */
	EXOS_PAGE_EXPORT,      /* exported kernel data (read-only to users) */
	EXOS_PAGE_BOOT,        /* the DTB and the boot archive */
	EXOS_PAGE_SAVE,        /* an env's save area: mapped only by the kernel, in its env */
	EXOS_PAGE_SWR,         /* a software region's (exos/swregion.h): never mapped */
};

#define EXOS_PAGE_NIL 0xffffffffu  /* end of a page-index list */

struct exos_page {
	uint32_t owner;        /* env id, 0 for the kernel / nobody */
	uint8_t type;          /* enum exos_page_type */
	uint8_t flags;
	uint16_t _pad;
	uint32_t refcnt;       /* mappings and holds on the page */
	uint32_t next;         /* free list, or the owner's pages: next index, or EXOS_PAGE_NIL */
	uint32_t prev;         /* the same list: previous page index */
	uint32_t rmap;         /* first entry of its inverse mappings (struct exos_rmap), 0: none */
	uint64_t pt_groups;    /* a page-table page: bit g set if entries 8g..8g+7 were ever used */
};

_Static_assert(sizeof(struct exos_page) == 32, "struct exos_page is ABI");

/* Inverse mappings: where each page is mapped.  The kernel keeps one
 * entry per user binding that holds a reference on a page (in the env's
 * Sv39 tree, or held only in its software TLB after the kernel dropped
 * the tree's tables), in a pool of exos_info->rmap_entries entries
 * exported read-only at EXOS_RMAP_VA.  Entries of one page are chained
 * from its record's rmap field through next (0 ends a chain; entry 0 is
 * never used).  A 2 MiB megapage is one entry, with EXOS_RMAP_MEGA in
 * va, on the chain of its first page only: the mappings of page p are
 * the entries on p's chain without the flag plus the entries with it on
 * the chain of p rounded down to 512 pages.  So a page's reference
 * count is exactly the number of its entries.  When the pool is full, a
 * new mapping fails with -E_NOMEM (exos_info->rmap_free says how many
 * are left); nothing that removes or moves a binding needs an entry. */
struct exos_rmap {
	uint64_t va;           /* page-aligned user address, | EXOS_RMAP_MEGA */
	uint32_t env;          /* the env that maps it; 0: a free entry */
	uint32_t next;         /* next entry of the same page (or free entry), 0: none */
};
_Static_assert(sizeof(struct exos_rmap) == 16, "struct exos_rmap is ABI");
#define EXOS_RMAP_MEGA 1u

/* PTE permission bits for pte_install and friends: Sv39's R, W, X (the
 * kernel checks they match its own). */
#define EXOS_PTE_R 2u
#define EXOS_PTE_W 4u
#define EXOS_PTE_X 8u

/* One entry of pte_install_batch. */
struct exos_pte_entry {
	uint64_t va;
	uint64_t ppn;
	uint64_t perms;        /* EXOS_PTE_R/W/X */
};
#define EXOS_PTE_BATCH_MAX 64

/* One entry of pte_share_batch: give the target env at va the page the
 * caller maps at src_va, with perms (no more than the caller's own). */
struct exos_pte_share {
	uint64_t va;
	uint64_t src_va;
	uint64_t perms;        /* EXOS_PTE_R/W/X, and EXOS_PTE_COW */
};
/* In a share's perms: make the caller's own mapping read-only too (the
 * two then share the page copy-on-write; perms must not have W). */
#define EXOS_PTE_COW 0x100u
/* In pte_install's perms: one 2 MiB megapage (an Sv39 level-1 leaf) of
 * the 512 pages from ppn (2 MiB aligned, as va must be), each covered
 * by the page capability and of a type a user may map.  pte_read sets
 * it in the PTE it returns for a megapage; pte_protect of a megapage
 * must pass it; pte_remove of any address in one removes all of it.
 * Not for batches.  (Bits 8-9 are the Sv39 PTE's RSW bits, which the
 * kernel never sets, so neither flag can be mistaken for a PTE bit.) */
#define EXOS_PTE_MEGA 0x200u

#endif
