/*
 * kfix.h - the generic kernel on the fake arch (arch/fake), for host
 * unit tests of its mechanisms: bindings, the STLB, inverse mappings,
 * revocation, and the system calls that decode pointers.
 *
 * The kernel's own code runs unchanged (pmem, rmap, stlb, bind, revoke,
 * env, vm, pt, tlb, upcall, kcheck, sys_*); what it would ask of the
 * scheduler, the console and the init env is replaced here by small
 * stand-ins that record what was asked (kfix.c).
 */
#ifndef TESTS_HOST_KFIX_H
#define TESTS_HOST_KFIX_H

#include "bind.h"
#include "env.h"
#include "info.h"
#include "kcheck.h"
#include "revoke.h"
#include "rmap.h"
#include "sched.h"
#include "stlb.h"
#include "syscall.h"
#include "tlb.h"
#include "arch/cpu.h"
#include "arch/mm.h"
#include "exos/errno.h"

#define KFIX_RMAP_MAX 8192

/* A fresh kernel on the fake machine: all of fake RAM free, the page
 * records, rmap_entries inverse-mapping entries (at most KFIX_RMAP_MAX),
 * the info page, the env table, harts 0 and 1 online with ASIDs, the
 * revocation thresholds.  Forgets every env of an earlier test. */
void kfix_boot(uint32_t rmap_entries);
/* A new env with the capabilities every env starts with (CREATED); the
 * test program stops if there is no room. */
struct env *kfix_env(void);
/* The code runs as env e (sched_current()) on hart index h, e bound
 * there as the scheduler would (its hart fields, RUNNING). */
void kfix_run(struct env *e, unsigned h);
/* e runs nowhere now. */
void kfix_unbind(struct env *e);
/* Give e the root capability in EXOS_CAP_ROOT, as init has. */
void kfix_root(struct env *e);
/* A new page of e's mapped at va in e with perms (by bind_install):
 * its kernel address; the test program stops if that fails. */
void *kfix_map(struct env *e, vaddr_t va, uint64_t perms);
/* A zeroed user page owned by e, not mapped. */
ppn_t kfix_page(struct env *e);
/* The first of 512 free user pages owned by e from a 2 MiB-aligned
 * page number, or PPN_NONE. */
ppn_t kfix_mega_run(struct env *e);
/* kcheck_invariants(): 0 when every page and binding is consistent
 * (violations are printed). */
int kfix_invariants(void);
/* The user address of page i in a test region, and of the top page. */
#define KFIX_VA(i) va_make(0x1000000000UL + (uint64_t)(i) * PAGE_SIZE)
/* The flushes recorded since kfix_flush_mark(). */
void kfix_flush_mark(void);
uint32_t kfix_flushes(void);
/* Whether one was recorded (since the mark) on hart id hartid, remote
 * or not, that covers va in address space asid (a full flush, all of
 * asid's, or va itself). */
bool kfix_flushed(uint32_t hartid, vaddr_t va, uint32_t asid);
/* What the stand-ins recorded. */
extern int kfix_kicks;            /* sched_kick calls */
extern char kfix_console[4096];   /* console_write output */
extern size_t kfix_console_len;

#endif
