/*
 * dpf_interp.c - the trie interpreter: the reference semantics of a
 * filter set, and the fallback when no compiled code is installed
 * (contract in dpf.h).  Self-contained on purpose: it calls nothing
 * outside this file, so its cost can be measured alone.
 */
#include "dpf.h"

int dpf_field_read(const struct dpf_field *f, const uint8_t *pkt, size_t len, uint64_t *v)
{
	size_t off = f->offset;
	uint64_t x = 0;

	if (f->ind) {
		if (f->ind_offset >= len)
			return 0;
		off += (size_t)(pkt[f->ind_offset] & f->ind_mask) << f->ind_shift;
	}
	if (off + f->width > len)
		return 0;
	for (int i = 0; i < f->width; i++)
		x = x << 8 | pkt[off + i];
	*v = x & f->mask;
	return 1;
}

/* The child of g for value v, or -1 (edges are sorted by value). */
static int64_t child_of(const struct dpf_trie *tr, const struct dpf_group *g, uint64_t v)
{
	uint32_t lo = g->edge, hi = g->edge + g->nedges;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		uint64_t mv = tr->edges[mid].value;
		if (mv == v)
			return tr->edges[mid].child;
		if (mv < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int classify_node(const struct dpf_trie *tr, uint32_t n, const uint8_t *pkt, size_t len)
{
	const struct dpf_node *node = &tr->nodes[n];

	for (uint32_t i = 0; i < node->ngroups; i++) {
		const struct dpf_group *g = &tr->groups[node->group + i];
		uint64_t v;
		if (!dpf_field_read(&g->f, pkt, len, &v))
			continue;
		int64_t child = child_of(tr, g, v);
		if (child < 0)
			continue;
		int r = classify_node(tr, (uint32_t)child, pkt, len);
		if (r != EXOS_DPF_NOMATCH)
			return r;
	}
	return node->leaf;
}

int dpf_classify(const struct dpf_trie *trie, const uint8_t *pkt, size_t len)
{
	return classify_node(trie, 0, pkt, len);
}
