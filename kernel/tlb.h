/*
 * tlb.h - address-space identifiers (ASIDs) and TLB flushes for envs,
 * over the arch's switch and flush primitives (arch/mm.h).
 *
 * Without ASIDs (the JH7110 has none, or the kernel command line says
 * noasid) every switch to an env's table flushes the whole TLB, so only
 * the hart running an env can hold its translations: a PTE change is
 * flushed there and nowhere else.
 *
 * With ASIDs each env gets one from a global generation: ASIDs are
 * handed out in order and never reused within a generation; when they
 * run out a new generation starts, and each hart flushes everything
 * once before it next switches to an env, so an ASID is reused only on
 * harts that have forgotten its previous owner.  A destroyed env's ASID
 * is thereby dead until such a flush.  Switches do not flush.  A PTE
 * change of env e is flushed at once (that range, e's ASID only) on the
 * hart running e, if any; the other harts that ran e under its ASID
 * flush e's ASID when e next runs there: their entries for e cannot be
 * used before that, because only e's address space selects e's ASID.  One
 * generation counter rather than per-hart allocation: with 16 ASID bits
 * and 64 envs a rollover is rare, and an env keeps one ASID wherever it
 * runs, so one remote flush names it.
 *
 * Everything here runs under kernel_big_lock.
 */
#ifndef KERNEL_TLB_H
#define KERNEL_TLB_H

#include "env.h"
#include "arch/cpu.h"

/* This hart's ASID bits (secondary harts, before they go online): the
 * kernel uses the smallest count any hart has. */
void tlb_probe_hart(void);
/* The boot hart, once every hart is online: probe, decide, log and
 * export.  off nonzero (the command line's noasid) keeps ASIDs unused;
 * cap nonzero (asid_bits=N) uses at most cap bits, so that tests roll
 * generations over often. */
void tlb_init(int off, unsigned cap);
/* ASID bits in use (0: none, a full flush on every switch). */
extern unsigned tlb_asid_bits;
/* tlb_switch_to with ASIDs when e.tlb.ok lacks this hart: assign,
 * flush, record. */
void tlb_switch_slow(struct env *e);
/* Switch this hart to the kernel's table (idle, or e is going away). */
void tlb_switch_kernel(void);
/* Whether this hart translates through e's table. */
int tlb_in_use(const struct env *e);
/* tlb_flush_range for any case but one page of the env running here. */
void tlb_flush_slow(struct env *e, vaddr_t va, uint64_t size);
/* Many of e's PTEs changed, or its table pages were freed: flush all of
 * e's translations (leaf and non-leaf) everywhere. */
void tlb_flush_env(struct env *e);

/* Switch this hart to e's table, with its ASID (a fresh one if its
 * generation is over) and any flush owed.  Inline: it is on every
 * switch, and most switches owe nothing. */
static inline void tlb_switch_to(struct env *e)
{
	if (e->tlb.ok & (1u << this_hart()->index)) {
		arch_mm_switch(e->tlb.space);
	} else if (!tlb_asid_bits) {
		arch_mm_switch(e->us.space);
		arch_tlb_flush_all();
	} else {
		tlb_switch_slow(e);
	}
}


/* e's leaf PTE(s) for [va, va + size) changed (installed, removed,
 * protected): flush that range of e's translations everywhere.  Inline
 * for the common case, one page of the env running on this hart: the
 * other harts that ran it owe a flush (tlb.h), and this one flushes va
 * in e's ASID (0 without ASIDs, where every env's entries carry 0). */
static inline void tlb_flush_range(struct env *e, vaddr_t va, uint64_t size)
{
	uint32_t hi = this_hart()->index;

	if (e->hart == (int)hi && size == PAGE_SIZE) {
		e->tlb.ok &= 1u << hi;
		arch_tlb_flush_va_asid(va, e->tlb.asid);
	} else {
		tlb_flush_slow(e, va, size);
	}
}

#endif
