/*
 * upcall.h - entering an env's exception, interrupt or addressing entry
 * (design.md, "Environments and the processor"; exos/env.h: the save
 * area).  The exception fast path in the arch's vector.S makes the same
 * upcall without C; every other upcall the kernel makes goes through
 * here.  Lock held.
 */
#ifndef KERNEL_UPCALL_H
#define KERNEL_UPCALL_H

#include "env.h"

/* Make e's next return to user mode enter its entry `kind`: the
 * interrupted pc and EXOS_UPCALL_CLOBBERED of its current activation go
 * to the save area with cause, tval, kind and `active` set, and the
 * entry starts with a0, a1 and a2 = the interrupted pc.  False, changing
 * nothing, when e cannot take an upcall now: no save area, one already
 * in progress, or no entry of that kind. */
bool upcall_enter(struct env *e, enum exos_entry kind, uint64_t cause, uint64_t tval,
		  uint64_t a0, uint64_t a1);

#endif
