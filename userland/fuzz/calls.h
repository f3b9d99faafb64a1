/*
 * calls.h - what the recipe files (calls.c, calls_mem.c) share.
 *
 * A recipe is one way of calling one system call: it fills the call
 * (make) and, once it has run, checks what came back (check) where the
 * answer is certain whatever the other workers do meanwhile.  Checks
 * that depend on this env's own mappings confirm them with pte_read
 * before failing: a peer that holds our env capability may have changed
 * them, which is no kernel bug (fz_disturbed).
 */
#ifndef FUZZ_CALLS_H
#define FUZZ_CALLS_H

#include "fuzz.h"

struct recipe {
	const char *name;
	uint16_t nr;
	uint16_t weight;          /* per 10,000 of the own thread's calls */
	uint16_t pct_weight;      /* per 10,000 of the PCT handler's */
	void (*make)(struct fz_state *s, struct fz_call *c);
	void (*check)(struct fz_state *s, struct fz_call *c);
};

/* Buffers a call points at: one set per activation. */
struct fz_bufs {
	struct exos_pred pred;
	uint64_t entries[EXOS_NENTRIES];
	uint32_t extra[8];
	union {
		struct exos_pte_entry batch[EXOS_PTE_BATCH_MAX + 1];
		struct exos_pte_share share[EXOS_PTE_BATCH_MAX + 1];
	};
};
struct fz_bufs *fz_bufs(struct fz_state *s);

/* The expected result is unknown. */
#define ANY INT64_MIN

void fz_expect(struct fz_state *s, const struct fz_call *c, int64_t want);
void fz_expect_err(struct fz_state *s, const struct fz_call *c);
/* A result other than the one expected, explained by a peer having
 * changed our mapping at va (pte_read no longer shows ppn): end quietly. */
int fz_mapped_to(struct fz_state *s, uint64_t va, uint64_t ppn);
/* Mapped here with at least perms (EXOS_PTE_R/W/X), per pte_read. */
int fz_mapped_with(struct fz_state *s, uint64_t va, uint64_t perms);

/* A pointer the kernel can never read or write for anyone. */
uint64_t fz_unreadable_va(struct fz_state *s);
/* A predicate: its expected sleep_until result (0: holds now, 1:
 * never holds, -E_*: malformed) in *expect. */
uint64_t fz_make_pred(struct fz_state *s, int64_t *expect, int may_be_bad);
void fz_slices_check(struct fz_state *s, const char *after);

extern const struct recipe fz_recipes_mem[];
extern const unsigned fz_nrecipes_mem;

#endif
