/*
 * ksyms.h - the kernel's own function names, for backtraces.  The table
 * is generated from a first link of the kernel (scripts/gen-ksyms.sh).
 */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include "klib.h"

/* The function containing pc and the offset into it; NULL if unknown. */
const char *ksyms_lookup(uint64_t pc, uint64_t *offset);

#endif
