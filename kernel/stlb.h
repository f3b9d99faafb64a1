/*
 * stlb.h - the kernel software TLB (design.md: the env's Sv39 tree is a
 * cache of bindings the application decided).
 *
 * Every binding an env installs is also recorded here, in a direct-mapped
 * table of STLB_ENTRIES per env.  The kernel may drop an env's Sv39
 * table pages at any time (stlb_drop_tables); a later miss on a binding
 * still in the STLB is refilled by the kernel without an upcall.  A
 * binding holds one reference on its page wherever it lives (tree,
 * STLB or both); one evicted from the STLB while not in the tree is
 * gone (its inverse mapping with it, rmap.h), and the library
 * reinstalls it from its own page table when it faults.  The save area and capability page are never dropped; nor is
 * any range registered with the guarantee system call, nor a megapage
 * (EXOS_PTE_MEGA): it stays in the tree and never enters the STLB, so
 * every entry here is one 4 KiB page.  Lock held.
 */
#ifndef KERNEL_STLB_H
#define KERNEL_STLB_H

#include "env.h"

#define STLB_ENTRIES 256

/* A page for e's STLB (owned by e); 0 or -E_NOMEM. */
int stlb_init(struct env *e);
/* The page at va is bound to pte in e's tree now. */
void stlb_record(struct env *e, vaddr_t va, pte_t pte);
/* The binding of the page at va is gone (pte_remove): forget it.
 * Returns 1 if it was only in the STLB (the caller drops its page
 * reference), its PTE in *pte_out. */
int stlb_forget(struct env *e, vaddr_t va, pte_t *pte_out);
/* A translation miss at va (any address in the page): reinstall it
 * from the STLB.  1 if done. */
int stlb_refill(struct env *e, vaddr_t va);
/* Move e's bindings out of its Sv39 tree into the STLB and free the
 * table pages (guaranteed ranges stay).  Returns table pages freed. */
int stlb_drop_tables(struct env *e);
/* For each binding held only in the STLB, call fn(ppn, va, 0, ctx)
 * (destroy, kcheck). */
void stlb_each_only(struct env *e, uspace_drop_fn fn, void *ctx);
/* Whether a binding in [va, va + len) is held only in the STLB. */
int stlb_only_in(struct env *e, vaddr_t va, uint64_t len);
/* The PTE of a binding of the page at va held only in the STLB, or an
 * invalid one. */
pte_t stlb_lookup_only(struct env *e, vaddr_t va);
/* Register [va, va+len) as guaranteed (never dropped); 0, -E_RANGE (full). */
int stlb_guarantee(struct env *e, vaddr_t va, uint64_t len);

#endif
