/*
 * calls.h - what the recipe files (calls.c, calls_sleep.c, calls_mem.c)
 * share.
 *
 * A recipe is one way of calling one system call: it fills the call
 * (make) and, once it has run, checks what came back (check) where the
 * answer is certain whatever the other workers do meanwhile.  Giving a
 * new system call recipes is one line in a table below (with its make
 * and check); until then calls_generic.c fuzzes it from its table row.  Checks
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
		struct exos_swr_piece pieces[EXOS_SWR_VEC_MAX + 1];
		uint64_t words[64];       /* what a generic recipe's pointers point at */
	};
};
struct fz_bufs *fz_bufs(struct fz_state *s);

/* The expected result is unknown. */
#define ANY INT64_MIN

/* Fill call c: system call n with arguments a0, a1, ... (the rest 0). */
#define SET(c, n, ...) do { \
	const uint64_t v_[] = { __VA_ARGS__ }; \
	(c)->nr = (n); \
	for (unsigned i_ = 0; i_ < 7; i_++) \
		(c)->a[i_] = i_ < sizeof(v_) / sizeof(v_[0]) ? v_[i_] : 0; \
	} while (0)
/* The result the check expects (ANY: none), kept in c->x[0]. */
#define EXPECT(c, v) ((c)->x[0] = (uint64_t)(int64_t)(v))

void fz_expect(struct fz_state *s, const struct fz_call *c, int64_t want);
/* The check of recipes whose make set EXPECT. */
void fz_check_expected(struct fz_state *s, struct fz_call *c);
void fz_expect_err(struct fz_state *s, const struct fz_call *c);
/* A result other than the one expected, explained by a peer having
 * changed our mapping at va (pte_read no longer shows ppn): end quietly. */
int fz_mapped_to(struct fz_state *s, uint64_t va, uint64_t ppn);
/* Mapped here with at least perms (EXOS_PTE_R/W/X), per pte_read. */
int fz_mapped_with(struct fz_state *s, uint64_t va, uint64_t perms);

/* A pointer the kernel can never read or write for anyone. */
uint64_t fz_unreadable_va(struct fz_state *s);
void fz_slices_check(struct fz_state *s, const char *after);

/* The recipe tables, numbered in this order (calls.c: recipe_at). */
extern const struct recipe fz_recipes_sleep[], fz_recipes_mem[], fz_recipes_swr[];
extern const unsigned fz_nrecipes_sleep, fz_nrecipes_mem, fz_nrecipes_swr;

/* calls_generic.c: a recipe for system call nr from its row of
 * kernel/syscalls.tbl alone (each argument from the pool of its kind). */
struct recipe fz_recipe_generic_for(unsigned nr);
/* Whether nr is a row of the table. */
int fz_call_exists(unsigned nr);

/* calls_swr.c, for the upkeep: slot k holds the capability of a region
 * of ours; id is a region of ours. */
int fz_region_cap(struct fz_state *s, int k);
int fz_region_owned(struct fz_state *s, uint32_t id);

#endif
