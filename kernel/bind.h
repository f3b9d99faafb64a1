/*
 * bind.h - secure bindings of physical pages into an env's address
 * space (design.md, "Memory": kernel-checked PTE installs): the checks
 * an install must pass, the commit that writes the PTE and records the
 * binding (inverse mapping, STLB), megapages, protect, remove, and
 * sharing the caller's own mappings.
 *
 * Every operation is split in two (seL4's decode/invoke): a check that
 * makes every test and changes nothing, then a commit that can fail
 * only for want of a page-table page.  `me` is the env asking (its
 * capabilities authorize the pages, its own mappings are what it may
 * share); `e` is the env whose address space changes (the caller
 * already checked its capability for e).  Errors are -E_* and leave
 * everything as it was.  Lock held.
 */
#ifndef KERNEL_BIND_H
#define KERNEL_BIND_H

#include "env.h"

/* Whether va may carry a user mapping installed through pte_install:
 * page-aligned (-E_ALIGN), in the user half and outside the
 * kernel-managed regions (-E_INVAL). */
int bind_check_va(vaddr_t va);

/* Capability idx of me covers page ppn (its owner's page guard) with
 * rights need, and the page is user memory: *out is its record.
 * -E_RANGE outside RAM, -E_PERM not user memory, cap_check's errors. */
int bind_check_page_cap(struct env *me, int idx, ppn_t ppn, uint16_t need,
			struct exos_page **out);

/* pte_install: map page ppn at va in e with perms (EXOS_PTE_R/W/X, or
 * with EXOS_PTE_MEGA the megapage of the 512 pages from ppn) under
 * me's page capability pagecap; flushed.  Errors in the order of
 * syscalls.tbl's pte_install. */
int bind_install(struct env *me, struct env *e, vaddr_t va, ppn_t ppn, uint64_t perms,
		 int pagecap);

/* The two batch calls, each entry checked before any is made, all or
 * none, one flush: n (1..EXOS_PTE_BATCH_MAX) struct exos_pte_entry
 * installed under pagecap, or struct exos_pte_share mappings of pages
 * me maps itself.  The array is the kernel's copy.  Returns n or the
 * first error. */
long bind_install_batch(struct env *me, struct env *e, const struct exos_pte_entry *b,
			uint32_t n, int pagecap);
long bind_share_batch(struct env *me, struct env *e, const struct exos_pte_share *b, uint32_t n);

/* pte_remove: unmap va in e (in a megapage, all of it; a binding held
 * only in the STLB too).  -E_NOENT when nothing is mapped there. */
int bind_remove(struct env *e, vaddr_t va);

/* pte_read: e's leaf PTE at va (EXOS_PTE_MEGA added for a megapage),
 * from the tree or the STLB, or -E_NOENT. */
long bind_read(struct env *e, vaddr_t va);

/* pte_protect: new perms for e's mapping at va, the page capability
 * checked again for them; perms has EXOS_PTE_MEGA exactly when va is
 * in a megapage (else -E_INVAL). */
int bind_protect(struct env *me, struct env *e, vaddr_t va, uint64_t perms, int pagecap);

#endif
