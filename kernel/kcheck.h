/*
 * kcheck.h - the kernel's own invariant check over pages and bindings,
 * run when init exits (so after every QEMU test) and on request.
 */
#ifndef KERNEL_KCHECK_H
#define KERNEL_KCHECK_H

/* Check every invariant, printing each violation; returns how many.
 * Lock held.  Uses the page records' rmap field as scratch. */
int kcheck_invariants(void);

#endif
