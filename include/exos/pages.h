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
	uint32_t rmap;         /* reserved for inverse mappings */
	uint64_t _reserved;
};

_Static_assert(sizeof(struct exos_page) == 32, "struct exos_page is ABI");

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

#endif
