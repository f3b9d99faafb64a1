/*
 * exos/swregion.h - software regions (Xok's fourth way of sharing
 * safely): memory that envs reach only through system calls that check
 * bounds and rights, never by mapping it.  For state shared by envs
 * that do not trust each other: a stray store in one of them cannot
 * reach it, and a call can touch only the bytes its capability covers.
 * Shared by the kernel and libexos; everything here is ABI.
 *
 * A region is npages pages of zeros to begin with, addressed by byte
 * offset.  Its pages are allocated when first written, charged to the
 * env that created it (they count in its exos_env.pages and are never
 * mapped), and freed with the region: by swr_destroy, swr_free, or
 * when the creator ends.  Ids are slot + EXOS_SWR_MAX * generation, so
 * an id outlives its region only as an error (-E_NOENT).
 *
 * Capabilities: the guard of region id is [EXOS_NS_SWR, id]; its
 * creator receives a capability for it with every right.  Reading
 * needs R, writing and freeing pages W, passing it on GRANT (as for
 * every capability), destroying GRANT and being its creator, who pays
 * for its pages: others can share a region and hand it on, never end
 * it.
 *
 * The calls (kernel/syscalls.tbl; each checks every argument before it
 * changes anything, and errors come in the order given):
 *   swr_create(npages, flags)      a new region; its id.  -E_INVAL
 *       (flags not 0), -E_RANGE (npages 0 or past EXOS_SWR_MAX_PAGES),
 *       -E_NOMEM (no free capability slot, EXOS_SWR_PER_ENV regions
 *       already, no free row, no page for its directory).
 *   swr_destroy(cap, id)           GRANT, and the caller is the creator
 *       (else -E_PERM, after the checks below).  0.
 *   swr_read(cap, id, off, va, len)         R.  len bytes at off into
 *       the caller's va; pages never written read as zeros.  0.
 *   swr_writev(cap, id, pieces, n, guard_off, guard_val)   W.  n pieces
 *       (struct exos_swr_piece) written in order, all or none, in one
 *       step no other call sees half of: with guard_off other than
 *       EXOS_SWR_NO_GUARD, only if the 32-bit word at guard_off (4-byte
 *       aligned) equals guard_val (else -E_BUSY, nothing written): a
 *       compare-and-swap, a commit that holds only for a lock's holder.
 *       0.
 *   swr_free(cap, id, off, len)    W.  Give back the pages of [off,
 *       off + len) (page-aligned): they read as zeros again.  The
 *       number of pages freed.
 * Errors of the calls on a region, in order: -E_RANGE / -E_NOCAP /
 * -E_PERM from the capability check, -E_NOENT (no such region: never
 * made, destroyed, or its creator ended), then -E_RANGE (off and len
 * not inside the region, wrapping included; len past
 * EXOS_SWR_XFER_MAX; n of pieces 0 or past EXOS_SWR_VEC_MAX), -E_ALIGN
 * (swr_free, the guard), -E_FAULT (the caller's buffer, or its pieces,
 * not mapped with the access needed), -E_BUSY (the guard), -E_NOMEM
 * (no page for a first write).
 */
#ifndef EXOS_SWREGION_H
#define EXOS_SWREGION_H

#include <stdint.h>
#include "exos/cap.h"   /* EXOS_NS_SWR */

#define EXOS_SWR_MAX         64         /* regions in the system */
#define EXOS_SWR_PER_ENV     8          /* regions one env may have made */
#define EXOS_SWR_MAX_PAGES   512        /* pages of one region (2 MiB) */
/* What one call may move, bounding the time it holds the kernel's lock:
 * enough for /tmp to commit every metadata page and two index pages at
 * once (libexos/ramfs.c). */
#define EXOS_SWR_XFER_MAX    (24 * 4096UL)   /* bytes one call moves */
#define EXOS_SWR_VEC_MAX     24         /* pieces of one swr_writev */
#define EXOS_SWR_NO_GUARD    (~0UL)

/* One piece of swr_writev: len bytes from the caller's src to off. */
struct exos_swr_piece {
	uint64_t off;
	uint64_t len;
	uint64_t src;
};
_Static_assert(sizeof(struct exos_swr_piece) == 24, "struct exos_swr_piece is ABI");

/* One row of the exported region table (read-only, at EXOS_SWR_VA,
 * indexed by id % EXOS_SWR_MAX). */
struct exos_swr {
	uint32_t id;               /* 0: the row is free */
	uint32_t creator;          /* env id its pages are charged to */
	uint32_t npages;           /* its size */
	uint32_t present;          /* pages allocated now */
};
_Static_assert(sizeof(struct exos_swr) == 16, "struct exos_swr is ABI");
_Static_assert(sizeof(struct exos_swr) * EXOS_SWR_MAX <= 4096, "the region table is one page");

#endif
