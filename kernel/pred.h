/*
 * pred.h - checking and evaluating wake-up predicates (the format and
 * its meaning are in exos/pred.h).
 *
 * The kernel copies a predicate in, checks it once with pred_check()
 * when the env goes to sleep, and keeps its own copy; the scheduler
 * calls pred_eval() on that copy to decide whether to wake the env.
 * Memory is read through a callback so that this file knows nothing of
 * page tables: the caller reads as the sleeping env would.
 */
#ifndef KERNEL_PRED_H
#define KERNEL_PRED_H

#include "klib.h"
#include "exos/pred.h"

#define PRED_MAX_TERMS EXOS_PRED_MAX_TERMS

/* Read the size-byte (1, 2, 4, 8) little-endian word at va, which is
 * aligned to size, into *out zero-extended.  Returns 0, or -1 when the
 * env cannot read va. */
typedef int (*pred_read_fn)(void *ctx, uint64_t va, int size, uint64_t *out);

/* Decode a predicate before the env sleeps on it.  Returns 0; -E_RANGE
 * if nterms is not in 1..PRED_MAX_TERMS; -E_INVAL if a term's size is
 * not 1, 2, 4 or 8, its op unknown, its last not 0 or 1, or any padding
 * nonzero; -E_ALIGN if a va is not aligned to its size; -E_INVAL if the
 * final term does not end a product; -E_FAULT if readable() fails for
 * any term's word.  Errors come in that order (each class over all
 * terms before the next), and no word is read unless the format is
 * valid.  Reads each term's word once. */
int pred_check(const struct exos_pred *p, pred_read_fn readable, void *ctx);

/* Evaluate a predicate pred_check() accepted: 1 when it is true, 0
 * when false.  Reads at most nterms (<= PRED_MAX_TERMS) words, skipping
 * the rest of a product after its first false term and stopping at the
 * first true product.  Returns 1 as soon as a read fails: the word has
 * become unreadable, and the sleeper wakes to find out (it must not
 * sleep forever on memory it lost).  A malformed predicate also
 * returns 1, for the same reason, and reads nothing out of bounds. */
int pred_eval(const struct exos_pred *p, pred_read_fn read, void *ctx);

#endif
