/*
 * dpf_table.c - the filter table: insertion under the ownership rule,
 * removal, and the merger that rebuilds the decision trie (contracts
 * in dpf.h).
 */
#include "dpf.h"
#include "exos/errno.h"

void dpf_init(struct dpf_table *t)
{
	memset(t, 0, sizeof(*t));
	dpf_trie_build(t);
}

/* ---------------------------------------------------------------- the merger */

static const struct dpf_atom *atom_at(const struct dpf_table *t, uint32_t i, int depth)
{
	return &t->filters[t->order[i]].atom[depth];
}

/*
 * The node for order[lo..hi), filters that share their first `depth`
 * atoms.  Filter order puts those that end here last (at most one: no
 * two filters have the same atoms) and sorts the rest by their next
 * atom, so each group is a run of one field and each edge a run of one
 * value.  Groups and edges of a node are reserved before recursing, so
 * that each node's groups, and each group's edges, are contiguous.
 */
static uint32_t build_node(struct dpf_table *t, uint32_t lo, uint32_t hi, int depth)
{
	struct dpf_trie *tr = &t->trie;
	uint32_t idx = tr->nnodes++, end = hi, ng = 0;

	tr->nodes[idx].leaf = EXOS_DPF_NOMATCH;
	if (end > lo && t->filters[t->order[end - 1]].natoms == depth)
		tr->nodes[idx].leaf = t->order[--end];
	for (uint32_t i = lo; i < end; i++)
		ng += i == lo || dpf_field_cmp(&atom_at(t, i - 1, depth)->f, &atom_at(t, i, depth)->f);
	tr->nodes[idx].group = tr->ngroups;
	tr->nodes[idx].ngroups = ng;
	uint32_t gi = tr->ngroups;
	tr->ngroups += ng;

	for (uint32_t i = lo; i < end;) {
		uint32_t j = i, ne = 0;
		for (; j < end && !dpf_field_cmp(&atom_at(t, j, depth)->f, &atom_at(t, i, depth)->f); j++)
			ne += j == i || atom_at(t, j - 1, depth)->value != atom_at(t, j, depth)->value;
		struct dpf_group *g = &tr->groups[gi++];
		g->f = atom_at(t, i, depth)->f;
		g->edge = tr->nedges;
		g->nedges = ne;
		tr->nedges += ne;
		for (uint32_t k = i, e = g->edge; k < j; e++) {
			uint32_t m = k;
			uint64_t v = atom_at(t, k, depth)->value;
			while (m < j && atom_at(t, m, depth)->value == v)
				m++;
			tr->edges[e].value = v;
			tr->edges[e].child = build_node(t, k, m, depth + 1);
			k = m;
		}
		i = j;
	}
	return idx;
}

void dpf_trie_build(struct dpf_table *t)
{
	t->trie.nnodes = t->trie.ngroups = t->trie.nedges = 0;
	build_node(t, 0, t->nfilters, 0);
}

/* ---------------------------------------------------------------- ownership */

struct conflict_ctx {
	const struct dpf_table *t;
	const struct dpf_filter *f;
	uint32_t owner;
	dpf_grant_fn granted;
	void *ctx;
};

/* f's atom on field fl, or NULL. */
static const struct dpf_atom *atom_on(const struct dpf_filter *f, const struct dpf_field *fl)
{
	for (int i = 0; i < f->natoms; i++)
		if (!dpf_field_cmp(&f->atom[i].f, fl))
			return &f->atom[i];
	return NULL;
}

static int candidate(const struct conflict_ctx *c, int id)
{
	const struct dpf_filter *g = &c->t->filters[id];

	if (!dpf_filter_cmp(g, c->f))
		return -E_BUSY;
	if (g->owner == c->owner || !dpf_intersects(g, c->f))
		return 0;
	if (c->granted && c->granted(c->ctx, c->t, id, c->owner))
		return 0;
	return -E_BUSY;
}

/* The edge of g with value v, or one past g's last edge. */
static uint32_t edge_find(const struct dpf_trie *tr, const struct dpf_group *g, uint64_t v)
{
	uint32_t lo = g->edge, hi = g->edge + g->nedges, end = hi;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (tr->edges[mid].value < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < end && tr->edges[lo].value == v ? lo : end;
}

/*
 * Every installed filter that could share a frame with f is a leaf
 * under n reached without crossing an edge whose field f also tests
 * with another value (those are disjoint from f by that field alone).
 * Visits each node at most once: bounded by the trie's size.
 */
static int conflict_walk(const struct conflict_ctx *c, uint32_t n)
{
	const struct dpf_trie *tr = &c->t->trie;
	const struct dpf_node *node = &tr->nodes[n];
	int r;

	for (uint32_t gi = 0; gi < node->ngroups; gi++) {
		const struct dpf_group *g = &tr->groups[node->group + gi];
		const struct dpf_atom *mine = atom_on(c->f, &g->f);
		uint32_t e = g->edge, end = g->edge + g->nedges;
		if (mine) {
			e = edge_find(tr, g, mine->value);
			end = e < end ? e + 1 : e;
		}
		for (; e < end; e++)
			if ((r = conflict_walk(c, tr->edges[e].child)))
				return r;
	}
	return node->leaf >= 0 ? candidate(c, node->leaf) : 0;
}

/* ---------------------------------------------------------------- insert, remove */

/* Where f goes in t->order (binary search by filter order). */
static uint32_t order_slot(const struct dpf_table *t, const struct dpf_filter *f)
{
	uint32_t lo = 0, hi = t->nfilters;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (dpf_filter_cmp(&t->filters[t->order[mid]], f) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int dpf_insert(struct dpf_table *t, const struct exos_dpf_filter *uf, uint32_t owner,
	       dpf_grant_fn granted, void *ctx)
{
	struct dpf_filter f;
	int r, id = 0;

	if ((r = dpf_check(uf, &f)))
		return r;
	if (t->nfilters == DPF_MAX_FILTERS || t->natoms + f.natoms > DPF_MAX_TOTAL_ATOMS)
		return -E_NOMEM;
	struct conflict_ctx c = { t, &f, owner, granted, ctx };
	if ((r = conflict_walk(&c, 0)))
		return r;

	while (t->filters[id].used)
		id++;
	f.owner = owner;
	f.used = 1;
	uint32_t slot = order_slot(t, &f);
	memmove(&t->order[slot + 1], &t->order[slot], (t->nfilters - slot) * sizeof(t->order[0]));
	t->order[slot] = (uint16_t)id;
	t->filters[id] = f;
	t->nfilters++;
	t->natoms += f.natoms;
	t->generation++;
	dpf_trie_build(t);
	return id;
}

int dpf_remove(struct dpf_table *t, int id, uint32_t owner)
{
	if (id < 0 || id >= DPF_MAX_FILTERS || !t->filters[id].used)
		return -E_NOENT;
	if (t->filters[id].owner != owner)
		return -E_PERM;
	uint32_t slot = order_slot(t, &t->filters[id]);
	memmove(&t->order[slot], &t->order[slot + 1], (t->nfilters - slot - 1) * sizeof(t->order[0]));
	t->natoms -= t->filters[id].natoms;
	t->nfilters--;
	memset(&t->filters[id], 0, sizeof(t->filters[id]));
	t->generation++;
	dpf_trie_build(t);
	return 0;
}
