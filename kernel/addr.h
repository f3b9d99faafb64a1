/*
 * addr.h - the kinds of address the kernel handles, as distinct types
 * (Hafnium's paddr_t/vaddr_t): a physical address, a physical page
 * number and an env's (user) virtual address cannot be mixed, or taken
 * for a plain number, without a conversion that says so.
 *
 * Each is a struct of one 64-bit word: as cheap as the word itself
 * (passed and returned in a register, every helper inline), so the hot
 * paths cost what they did with plain integers.  Kernel virtual
 * addresses are pointers (arch/mm.h converts physical ones).
 *
 * vaddr_t is an address as an env, or a system call from one, names
 * it: never dereferenced, only checked and translated (vm.h).
 */
#ifndef KERNEL_ADDR_H
#define KERNEL_ADDR_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/page.h"

typedef struct { uint64_t va; } vaddr_t;
typedef struct { uint64_t pa; } paddr_t;
typedef struct { uint64_t n; } ppn_t;

static inline vaddr_t va_make(uint64_t v) { return (vaddr_t){ v }; }
static inline uint64_t va_raw(vaddr_t va) { return va.va; }
static inline vaddr_t va_add(vaddr_t va, uint64_t n) { return (vaddr_t){ va.va + n }; }
/* The start of the page holding va. */
static inline vaddr_t va_page(vaddr_t va) { return (vaddr_t){ va.va & ~(PAGE_SIZE - 1) }; }
static inline bool va_eq(vaddr_t a, vaddr_t b) { return a.va == b.va; }

static inline paddr_t pa_make(uint64_t p) { return (paddr_t){ p }; }
static inline uint64_t pa_raw(paddr_t pa) { return pa.pa; }
static inline paddr_t pa_add(paddr_t pa, uint64_t n) { return (paddr_t){ pa.pa + n }; }

static inline ppn_t ppn_make(uint64_t n) { return (ppn_t){ n }; }
static inline uint64_t ppn_raw(ppn_t ppn) { return ppn.n; }
static inline ppn_t ppn_add(ppn_t ppn, uint64_t k) { return (ppn_t){ ppn.n + k }; }
static inline bool ppn_eq(ppn_t a, ppn_t b) { return a.n == b.n; }

/* The first byte of page ppn, and the page holding pa. */
static inline paddr_t ppn_to_pa(ppn_t ppn) { return (paddr_t){ ppn.n << PAGE_SHIFT }; }
static inline ppn_t pa_to_ppn(paddr_t pa) { return (ppn_t){ pa.pa >> PAGE_SHIFT }; }

#endif
