/*
 * revoke.h - visible revocation of physical pages and the abort protocol
 * (design.md: "Revocation of physical pages is visible").
 *
 * When an env below its guaranteed minimum (EXOS_GUARANTEED_PAGES) needs
 * a page and free memory is under kinfo->revoke_low, the kernel asks the
 * env holding the most pages above its own minimum to give some back
 * (an EXOS_INTR_REVOKE upcall).  If it has not freed them by the
 * deadline, the kernel takes the rest by force: it breaks every mapping
 * of each page in every env, flushes every hart's TLB, zeroes the page
 * and lists it in the victim's repossession vector.  Lock held throughout.
 */
#ifndef KERNEL_REVOKE_H
#define KERNEL_REVOKE_H

#include "env.h"

/* Pages one revocation asks for. */
#define REVOKE_BATCH 16

/* Fix the time an asked env has to answer: 50 ms, or revoke_ms when
 * nonzero (the kernel command line's revoke_ms=N, for emulators whose
 * hart threads the host may deschedule for a while). */
void revoke_init(uint64_t timebase_hz, uint32_t revoke_ms);
/* requester (below its minimum) found free memory short: start a
 * revocation if none is in progress.  Returns 1 if one is running. */
int revoke_request(struct env *requester);
/* e freed a page it owned (counts towards an open request). */
void revoke_page_freed(struct env *e);
/* e is being switched in: deliver its pending revocation upcall. */
void revoke_deliver(struct env *e);
/* e, asked for pages, gives no more: take what is still missing now,
 * as at the deadline.  0, or -E_NOENT when nothing is asked of e. */
int revoke_short(struct env *e);
/* Whether e has a revocation upcall still to receive (it must run). */
int revoke_pending(const struct env *e);
/* Called on timer ticks: enforce an expired deadline (abort protocol). */
void revoke_tick(uint64_t now);
/* e is being destroyed: close any request against it. */
void revoke_forget(struct env *e);

#endif
