/*
 * exos/pred.h - wake-up predicates (Xok; design.md, "Environments and
 * the processor").
 *
 * An env sleeps until a small predicate over memory it may read
 * becomes true, e.g. "ring tail != head".  A predicate is a sum of
 * products: its terms, in order, are grouped into products, each
 * ending at a term with last = 1 (the final term must have it); the
 * predicate is true when any product is true, and a product when all
 * of its terms are.  A term reads the size-byte little-endian word at
 * va (aligned to size) and compares (word & mask) OP value:
 *
 *  - EQ, NE and the unsigned ops zero-extend the masked word to 64
 *    bits and compare it with value as a uint64_t;
 *  - the signed ops sign-extend the masked word from its size and
 *    compare it with value as an int64_t (so -1 is written
 *    0xffffffffffffffff whatever the size).
 *
 * Mask bits above the size have no effect.  Products are evaluated in
 * order and stop at their first false term, so a word is read only when
 * its value can matter; a word that is read and has become unreadable
 * makes the whole predicate true (the sleeper wakes and finds out).
 */
#ifndef EXOS_PRED_H
#define EXOS_PRED_H

#include <stdint.h>

#define EXOS_PRED_MAX_TERMS 16

enum exos_pred_op {
	EXOS_PRED_EQ,
	EXOS_PRED_NE,
	EXOS_PRED_LTU,
	EXOS_PRED_LEU,
	EXOS_PRED_GTU,
	EXOS_PRED_GEU,
	EXOS_PRED_LT,
	EXOS_PRED_LE,
	EXOS_PRED_GT,
	EXOS_PRED_GE,
	EXOS_PRED_NOPS        /* not an op: how many there are */
};

struct exos_pred_term {
	uint64_t va;          /* aligned to size */
	uint64_t mask;
	uint64_t value;
	uint8_t size;         /* 1, 2, 4 or 8 */
	uint8_t op;           /* enum exos_pred_op */
	uint8_t last;         /* 1: this term ends a product; else 0 */
	uint8_t _pad[5];      /* zero */
};

struct exos_pred {
	uint32_t nterms;      /* 1..EXOS_PRED_MAX_TERMS */
	uint32_t _pad;        /* zero */
	struct exos_pred_term term[EXOS_PRED_MAX_TERMS];
};

/* sleep_deadline(pred, deadline): the predicate, a time, or both.
 *  - It returns 0 when the predicate holds (at once if it already does),
 *    EXOS_SLEEP_TIMEOUT when rdtime reaches the deadline first; the
 *    predicate wins a tie.  A deadline already past (0 is one) returns
 *    EXOS_SLEEP_TIMEOUT at once unless the predicate holds.
 *  - EXOS_NO_DEADLINE (UINT64_MAX) means no deadline: sleep_until.
 *  - pred may be 0 (no predicate): a plain timed sleep.  No predicate
 *    and no deadline would sleep forever: -E_INVAL.
 *  - Like sleep_until it may also return 0 early, when the env has a
 *    revocation to handle: callers re-check what they wait for.
 * The kernel arms the timer of the hart the env slept on, so an idle
 * hart sleeps in wfi until then instead of polling. */
#define EXOS_NO_DEADLINE    UINT64_MAX
#define EXOS_SLEEP_TIMEOUT  1
/* A sleep of an env's own activation also ends, returning this, when a
 * notification it does not block is pending (exos/env.h, env_notify). */
#define EXOS_SLEEP_NOTE     2

_Static_assert(sizeof(struct exos_pred_term) == 32, "struct exos_pred_term is ABI");
_Static_assert(sizeof(struct exos_pred) == 8 + 32 * EXOS_PRED_MAX_TERMS,
	       "struct exos_pred is ABI");
_Static_assert(_Alignof(struct exos_pred) == 8, "struct exos_pred is ABI");

#endif
