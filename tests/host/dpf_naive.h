/*
 * dpf_naive.h - the test oracle for DPF: every filter tried one at a
 * time, straight from the user format (exos/dpf.h), with the winner
 * chosen by the filter order written out again independently of
 * kernel/dpf.  Slow and obvious on purpose.
 */
#ifndef TESTS_HOST_DPF_NAIVE_H
#define TESTS_HOST_DPF_NAIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "exos/dpf.h"

#define NAIVE_MAX 1024

/* One atom as a sort key: kind, indirection (offset, mask, shift),
 * offset, width, mask, value. */
struct naive_key {
	uint64_t k[8];
};

struct naive_set {
	int n;
	struct {
		int id;                          /* the id the table gave it */
		struct exos_dpf_filter f;
		int nkeys;
		struct naive_key key[EXOS_DPF_MAX_ATOMS];   /* sorted */
	} e[NAIVE_MAX];
};

/* Does f match the len-byte frame at pkt?  Reads only pkt[0..len). */
bool naive_match(const struct exos_dpf_filter *f, const uint8_t *pkt, size_t len);

void naive_add(struct naive_set *s, int id, const struct exos_dpf_filter *f);
void naive_del(struct naive_set *s, int id);

/* The id of the winning filter, or EXOS_DPF_NOMATCH. */
int naive_classify(const struct naive_set *s, const uint8_t *pkt, size_t len);

#endif
