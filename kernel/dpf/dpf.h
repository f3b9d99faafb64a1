/*
 * dpf.h - DPF, dynamic packet filters: the checker, the intersection
 * rule, the merger and the interpreter (the filter format users write
 * is in exos/dpf.h; the RISC-V code generator is in dpf_jit.h).
 *
 * Filters.  dpf_check() turns a user filter into a canonical one: its
 * atoms sorted by field, where a field is (kind, indirection, offset,
 * width, mask) compared in that order (direct fields before IND ones),
 * and each IND atom carrying its filter's indirection.  Two atoms are
 * on the same field exactly when those five agree; an IND field's
 * indirection is part of it, so two filters' IND atoms are on one field
 * only when they use the same indirection.
 *
 * Intersection.  Filters f and g intersect when some byte string (of
 * any length: the frame length is not bounded here, so two filters that
 * could both match only a frame longer than any NIC carries still
 * intersect) makes every atom of both true.  dpf_intersects() decides
 * it exactly: for each of the at most 16 x 16 values the two
 * indirections can take, every atom becomes a set of required bits at
 * fixed byte positions (the indirection byte's own masked bits
 * included), and the conjunction is satisfiable exactly when no two
 * atoms require different values of one bit.  A filter that intersects
 * nothing, not even itself, matches no frame and is rejected.
 *
 * Ownership.  An insertion that intersects an installed filter of
 * another owner is refused (-E_BUSY) unless the grant callback says
 * that filter's owner allows it; filters of one owner may overlap; two
 * filters with the same atoms never coexist.  When several installed
 * filters match a frame the winner is the first in filter order:
 * compare the canonical atom lists position by position, by (field,
 * value); the filter whose list continues wins over the one whose list
 * ends (the longer, more specific one), and at the first position they
 * differ the smaller field (then value) wins.  Without grants at most
 * one filter of another owner can match, so order only matters inside
 * one owner's filters and between a granter and its grantees.
 *
 * The trie.  All filters are merged into one decision trie.  A node is
 * reached when the atoms on its path are true; it holds groups, in
 * field order, and possibly a leaf (the filter whose last atom is the
 * node's).  A group is one field and the values installed filters want
 * there, one edge per value (sorted: a switch) to a child node.
 * Classification is a depth-first search: at a node, for each group in
 * order, read the field (skipping the group when the frame is too
 * short) and follow the edge with that value if there is one; a node
 * answers with the first answer of those children, else with its own
 * leaf, else with no match.  That visits filters in filter order, so
 * it returns the same winner as trying every filter one by one.  Only one edge of a group
 * can match (its values differ), so the work is bounded by the number
 * of groups on the paths the frame's fields select, not by the number
 * of filters.
 *
 * Locking is the caller's: every function here runs to completion on
 * the table it is given.
 */
#ifndef KERNEL_DPF_H
#define KERNEL_DPF_H

#include "klib.h"
#include "exos/dpf.h"

#define DPF_MAX_ATOMS        EXOS_DPF_MAX_ATOMS
#define DPF_MAX_FILTERS      1024   /* filter ids are 0..DPF_MAX_FILTERS-1 */
#define DPF_MAX_TOTAL_ATOMS  8192   /* the atoms of all installed filters */
#define DPF_MAX_NODES        (DPF_MAX_TOTAL_ATOMS + 1)
#define DPF_MAX_IND_VALUES   16     /* values one indirection can take */

/* One field: the kind of read and the mask.  ind_* are zero unless ind. */
struct dpf_field {
	uint16_t offset;
	uint16_t ind_offset;
	uint8_t width;        /* 1, 2, 4 or 8 */
	uint8_t ind;          /* 1: offset is relative to the indirection */
	uint8_t ind_mask;
	uint8_t ind_shift;
	uint64_t mask;        /* nonzero, within width */
};

struct dpf_atom {
	struct dpf_field f;
	uint64_t value;       /* within mask */
};

/* A canonical filter: atoms sorted by field, no field twice. */
struct dpf_filter {
	uint32_t owner;
	uint16_t natoms;
	uint8_t used;
	uint8_t _pad;
	struct dpf_atom atom[DPF_MAX_ATOMS];
};

/* The trie, in index form so that it can be copied anywhere. */
struct dpf_node {
	uint32_t group;       /* first group, in trie.groups */
	uint32_t ngroups;
	int32_t leaf;         /* filter id, or EXOS_DPF_NOMATCH */
};

struct dpf_group {
	struct dpf_field f;
	uint32_t edge;        /* first edge, in trie.edges; sorted by value */
	uint32_t nedges;      /* >= 1 */
};

struct dpf_edge {
	uint64_t value;
	uint32_t child;       /* node index */
	uint32_t _pad;
};

/* Node 0 is the root.  An empty trie (no filters) is one node with no
 * groups and no leaf. */
struct dpf_trie {
	uint32_t nnodes, ngroups, nedges, _pad;
	struct dpf_node nodes[DPF_MAX_NODES];
	struct dpf_group groups[DPF_MAX_TOTAL_ATOMS];
	struct dpf_edge edges[DPF_MAX_TOTAL_ATOMS];
};

struct dpf_table {
	uint32_t nfilters;                   /* installed */
	uint32_t natoms;                     /* sum of their natoms */
	uint32_t generation;                 /* bumped by every change */
	uint32_t _pad;
	struct dpf_filter filters[DPF_MAX_FILTERS];
	uint16_t order[DPF_MAX_FILTERS];     /* installed ids in filter order */
	struct dpf_trie trie;                /* always matches filters[] */
};

/* May the owner of installed filter `id` (t->filters[id].owner) be
 * overlapped by a filter of new_owner?  The kernel answers from the
 * capabilities the owner granted; tests use fakes. */
typedef bool (*dpf_grant_fn)(void *ctx, const struct dpf_table *t, int id, uint32_t new_owner);

/* An empty table: no filters, the trie one empty root. */
void dpf_init(struct dpf_table *t);

/* Check a user filter and write its canonical form to *out (owner 0).
 * Returns 0, or the first error of exos/dpf.h's list up to and
 * including the contradiction check.  Reads only *f. */
int dpf_check(const struct exos_dpf_filter *f, struct dpf_filter *out);

/* Does some byte string match both a and b (canonical filters)?  1 or
 * 0.  dpf_intersects(a, a) is 0 exactly when a matches nothing. */
int dpf_intersects(const struct dpf_filter *a, const struct dpf_filter *b);

/* The filter order described above: <0 when a wins over b, >0 when b
 * wins, 0 when their atoms are the same. */
int dpf_filter_cmp(const struct dpf_filter *a, const struct dpf_filter *b);

/* Check f (dpf_check), then insert it for owner: the lowest free id,
 * the trie rebuilt.  Returns the id (>= 0) or a negative error from
 * exos/dpf.h's list; on error nothing changed.  granted may be NULL:
 * no owner grants anything. */
int dpf_insert(struct dpf_table *t, const struct exos_dpf_filter *f, uint32_t owner,
	       dpf_grant_fn granted, void *ctx);

/* Remove filter id, which owner must own; the trie is rebuilt.
 * Returns 0, -E_NOENT when id is out of range or free, -E_PERM when
 * another owner holds it. */
int dpf_remove(struct dpf_table *t, int id, uint32_t owner);

/* The trie interpreter, the reference semantics (and the fallback when
 * no compiled code is available): the id of the winning filter for the
 * len-byte frame at pkt, or EXOS_DPF_NOMATCH.  Reads only bytes
 * pkt[0..len), each at most a few times; recursion depth is at most
 * DPF_MAX_ATOMS + 1. */
int dpf_classify(const struct dpf_trie *trie, const uint8_t *pkt, size_t len);

/* Rebuild t->trie from t->filters (dpf_insert and dpf_remove do it;
 * exported for tests).  Cannot fail: the trie has room for
 * DPF_MAX_TOTAL_ATOMS atoms. */
void dpf_trie_build(struct dpf_table *t);

/* Read field f of the frame into *v (big-endian, masked): 1, or 0 when
 * the frame is too short for it. */
int dpf_field_read(const struct dpf_field *f, const uint8_t *pkt, size_t len, uint64_t *v);

/* Compare fields in canonical order: <0, 0, >0. */
int dpf_field_cmp(const struct dpf_field *a, const struct dpf_field *b);

#endif
