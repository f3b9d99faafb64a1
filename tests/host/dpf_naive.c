/*
 * dpf_naive.c - the one-filter-at-a-time oracle (dpf_naive.h).
 */
#include <string.h>
#include "dpf_naive.h"

bool naive_match(const struct exos_dpf_filter *f, const uint8_t *pkt, size_t len)
{
	for (int i = 0; i < f->natoms; i++) {
		const struct exos_dpf_atom *a = &f->atom[i];
		size_t pos = a->offset;
		uint64_t x = 0;
		if (a->flags & EXOS_DPF_ATOM_IND) {
			if (f->ind_offset >= len)
				return false;
			pos += (size_t)(pkt[f->ind_offset] & f->ind_mask) << f->ind_shift;
		}
		if (pos + a->width > len)
			return false;
		for (int j = 0; j < a->width; j++)
			x = (x << 8) | pkt[pos + j];
		if ((x & a->mask) != a->value)
			return false;
	}
	return true;
}

static int key_cmp(const struct naive_key *a, const struct naive_key *b)
{
	for (int i = 0; i < 8; i++)
		if (a->k[i] != b->k[i])
			return a->k[i] < b->k[i] ? -1 : 1;
	return 0;
}

void naive_add(struct naive_set *s, int id, const struct exos_dpf_filter *f)
{
	int n = s->n++;

	s->e[n].id = id;
	s->e[n].f = *f;
	s->e[n].nkeys = f->natoms;
	for (int i = 0; i < f->natoms; i++) {
		const struct exos_dpf_atom *a = &f->atom[i];
		uint64_t ind = (a->flags & EXOS_DPF_ATOM_IND) != 0;
		struct naive_key k = { { ind, ind ? f->ind_offset : 0u, ind ? f->ind_mask : 0u,
					 ind ? f->ind_shift : 0u, a->offset, a->width, a->mask,
					 a->value } };
		int j = i;
		for (; j > 0 && key_cmp(&s->e[n].key[j - 1], &k) > 0; j--)
			s->e[n].key[j] = s->e[n].key[j - 1];
		s->e[n].key[j] = k;
	}
}

void naive_del(struct naive_set *s, int id)
{
	for (int i = 0; i < s->n; i++)
		if (s->e[i].id == id) {
			s->e[i] = s->e[--s->n];
			return;
		}
}

/* Filter order: the longer list wins over its own prefix; otherwise the
 * smaller atom at the first difference. */
static int order_cmp(const struct naive_set *s, int x, int y)
{
	for (int i = 0;; i++) {
		bool ex = i == s->e[x].nkeys, ey = i == s->e[y].nkeys;
		if (ex || ey)
			return ex == ey ? 0 : ex ? 1 : -1;
		int c = key_cmp(&s->e[x].key[i], &s->e[y].key[i]);
		if (c)
			return c;
	}
}

int naive_classify(const struct naive_set *s, const uint8_t *pkt, size_t len)
{
	int best = -1;

	for (int i = 0; i < s->n; i++)
		if (naive_match(&s->e[i].f, pkt, len) && (best < 0 || order_cmp(s, i, best) < 0))
			best = i;
	return best < 0 ? EXOS_DPF_NOMATCH : s->e[best].id;
}
