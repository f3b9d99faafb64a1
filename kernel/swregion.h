/*
 * swregion.h - software regions (exos/swregion.h has what they are and
 * the system calls' contract; sys_swr.c makes the calls of this).
 *
 * Pure C: pages come from, and the caller's memory is reached through,
 * the callbacks below, so this file knows neither the allocator nor
 * page tables and runs in host unit tests (tests/host/test_swregion.c).
 * Each region keeps a directory: one page of the physical page number
 * behind each of its pages (0: never written), itself a region page
 * charged to the creator.
 *
 * Every function that acts on a region takes one swr_lookup found, and
 * checks all its arguments before it changes anything; a region call
 * either does all it was asked or nothing.  Callers hold
 * kernel_big_lock.  Errors are -E_* (exos/errno.h).
 */
#ifndef KERNEL_SWREGION_H
#define KERNEL_SWREGION_H

#include "cap.h"
#include "exos/swregion.h"

#define SWR_PAGE 4096UL

/* Where region pages come from: the kernel's allocator (type
 * EXOS_PAGE_SWR, owner charged), or a fake in host tests. */
struct swr_pages {
	uint64_t (*alloc)(uint32_t owner);  /* a zeroed page's ppn; 0: none left */
	void (*free)(uint64_t ppn);
	void *(*kva)(uint64_t ppn);         /* where its bytes are */
};

/* The calling env's memory: checked (0 or -E_FAULT, write: to be
 * written), then copied; the kernel's uspace, or a fake. */
struct swr_user {
	int (*check)(void *ctx, uint64_t va, uint64_t len, int write);
	void (*read)(void *ctx, void *dst, uint64_t va, uint64_t len);
	void (*write)(void *ctx, uint64_t va, const void *src, uint64_t len);
	void *ctx;
};

struct swregion {
	uint32_t id;             /* 0: the slot is free */
	uint32_t creator;
	uint32_t npages;
	uint32_t present;        /* pages of dir that are not 0 */
	uint64_t dir;            /* ppn of the directory page */
};

/* Start with no region; exported rows go to table (EXOS_SWR_MAX of
 * them, kept equal to the regions; may be NULL). */
void swr_init(const struct swr_pages *pages, struct exos_swr *table);
/* A new region of npages for creator: 0 and *id, or swr_create's errors
 * but the capability slot (exos/swregion.h). */
int swr_create(uint32_t creator, uint64_t npages, uint64_t flags, uint32_t *id);
/* The region id, if caps' capability idx dominates its guard with need:
 * 0 and *out, or -E_RANGE / -E_NOCAP / -E_PERM (cap_check), -E_NOENT. */
int swr_lookup(const struct cap_space *caps, int idx, uint32_t id, uint16_t need,
	       struct swregion **out);
/* The calls' work (exos/swregion.h), on a region swr_lookup gave. */
void swr_destroy(struct swregion *r);
int swr_read(struct swregion *r, uint64_t off, uint64_t va, uint64_t len,
	     const struct swr_user *u);
int swr_writev(struct swregion *r, const struct exos_swr_piece *p, uint64_t n,
	       uint64_t guard_off, uint64_t guard_val, const struct swr_user *u);
long swr_free(struct swregion *r, uint64_t off, uint64_t len);
/* Env id has ended: destroy every region it made. */
void swr_env_gone(uint32_t id);
/* Whether [off, off + len) lies in r, without wrapping. */
int swr_in_range(const struct swregion *r, uint64_t off, uint64_t len);

/* The kernel's side (sys_swr.c): at boot, the exported table's page
 * and the allocator's callbacks; then the table's place in the export
 * region every env maps. */
void swr_boot(void);
void swr_export(void);
/* The invariant check's part (kcheck.c): each live region's creator is
 * alive, its directory and every page it lists are region pages of
 * that creator that nothing maps, its count and exported row are right,
 * and every region page is listed by exactly one region.  Prints each
 * violation (the first ten); returns how many. */
int swr_kcheck(void);

/* For the invariant check: the region in slot s (its id 0 when free),
 * and the ppn behind its page i (0: none). */
const struct swregion *swr_slot(int s);
/* Its exported row (NULL before swr_init had a table). */
const struct exos_swr *swr_row(int s);
uint64_t swr_page(const struct swregion *r, uint32_t i);

#endif
