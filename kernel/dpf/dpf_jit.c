/*
 * dpf_jit.c - the trie compiled to RISC-V (conventions in dpf_jit.h).
 */
#include "dpf_jit.h"
#include "exos/errno.h"

#define R_PKT  RV_A0
#define R_LEN  RV_A1
#define R_D    RV_A2
#define R_BASE RV_A3     /* R_PKT + R_D */
#define R_VAL  RV_A4
#define R_TMP  RV_A5
#define R_JMP  RV_T1

/* What the code has established at a point, on every path to it. */
struct known {
	uint32_t len;            /* len >= len */
	bool dvalid;             /* a2/a3 hold the indirection `spec` */
	struct dpf_field spec;   /* only its ind_* fields matter */
	uint32_t dlen;           /* len >= d + dlen */
};

struct gen {
	struct rva a;
	const struct dpf_trie *tr;
	const struct dpf_jit_opts *o;
	uint32_t *scratch;
	uint32_t sp;             /* scratch in use (a stack) */
	bool full;
	uint32_t nomatch;        /* label of `li a0, -1; ret` */
};

static bool gen_node(struct gen *g, uint32_t n, const struct known *k, uint32_t fail);

/* Helpers stay out of line so that each level of the recursion (one
 * per trie level, at most DPF_MAX_ATOMS + 1) keeps a small frame on the
 * kernel stack: gen_node and chain, plus switch_of for a hashed group,
 * 340-470 bytes a level with the kernel's flags (-fstack-usage). */
#define FLAT __attribute__((noinline))

/* ---------------------------------------------------------------- representation */

static uint64_t bswap(uint64_t v, int w)
{
	uint64_t r = 0;

	for (int i = 0; i < w; i++, v >>= 8)
		r = r << 8 | (v & 0xff);
	return r;
}

/* A big-endian field value as the loaded register holds it. */
static int64_t rep(uint64_t be, int w)
{
	uint64_t le = bswap(be, w);

	return w == 4 ? (int64_t)(int32_t)(uint32_t)le : (int64_t)le;
}

/* ---------------------------------------------------------------- loads */

/* The biggest naturally aligned piece at addr % m == r, at most left bytes. */
static int piece(uint32_t m, uint32_t r, int left)
{
	for (int c = 8; c > 1; c /= 2)
		if (c <= left && (uint32_t)c <= m && r % (uint32_t)c == 0)
			return c;
	return 1;
}

static const enum rv_load piece_load[9] = { [1] = RV_LBU, [2] = RV_LHU, [4] = RV_LWU, [8] = RV_LD };

/*
 * Load field f from base + off into R_VAL in its representation.  The
 * address is known modulo m to be r (the caller's alignment promise,
 * less what the indirection does not preserve).
 */
FLAT static void load_field(struct gen *g, const struct dpf_field *f, int base, uint32_t m, uint32_t r)
{
	int w = f->width;

	for (int pos = 0; pos < w;) {
		int c = piece(m, (r + (uint32_t)pos) % m, w - pos);
		enum rv_load ld = c == 4 && w == 4 ? RV_LW : piece_load[c];
		int rd = pos ? R_TMP : R_VAL;
		rva_load(&g->a, ld, rd, base, (int32_t)(f->offset + pos));
		if (pos) {
			rva_slli(&g->a, R_TMP, R_TMP, 8 * pos);
			rva_op(&g->a, RV_OR, R_VAL, R_VAL, R_TMP);
		}
		if (c == w)
			return;   /* one load: already in representation */
		pos += c;
	}
	if (w == 4)
		rva_addiw(&g->a, R_VAL, R_VAL, 0);   /* sign-extend the assembled word */
}

FLAT static void apply_mask(struct gen *g, const struct dpf_field *f)
{
	int64_t m = rep(f->mask, f->width), all = rep(~0ULL >> (64 - 8 * f->width), f->width);

	if (m == all)
		return;
	if (m >= -2048 && m < 2048) {
		rva_andi(&g->a, R_VAL, R_VAL, (int32_t)m);
	} else {
		rva_li(&g->a, R_TMP, m);
		rva_op(&g->a, RV_AND, R_VAL, R_VAL, R_TMP);
	}
}

static bool same_ind(const struct dpf_field *a, const struct dpf_field *b)
{
	return a->ind_offset == b->ind_offset && a->ind_mask == b->ind_mask &&
	       a->ind_shift == b->ind_shift;
}

/* Branch to `to` unless len >= need (a constant). */
FLAT static void need_len(struct gen *g, struct known *k, uint32_t need, uint32_t to)
{
	if (k->len >= need)
		return;
	rva_li(&g->a, R_TMP, need);
	rva_branch(&g->a, RV_BLTU, R_LEN, R_TMP, to);
	k->len = need;
}

/*
 * Make R_VAL the group's field, or branch to next when the frame is too
 * short for it.  Returns whether it (re)computed the indirection.
 */
FLAT static bool fetch(struct gen *g, const struct dpf_field *f, struct known *k, uint32_t next)
{
	uint32_t need = f->offset + f->width, m = g->o->align, r = g->o->mod;
	bool wrote = false;

	if (!f->ind) {
		need_len(g, k, need, next);
		load_field(g, f, R_PKT, m, (r + f->offset) % m);
		return false;
	}
	if (!k->dvalid || !same_ind(&k->spec, f)) {
		need_len(g, k, f->ind_offset + 1u, next);
		rva_load(&g->a, RV_LBU, R_D, R_PKT, f->ind_offset);
		rva_andi(&g->a, R_D, R_D, f->ind_mask);
		if (f->ind_shift)
			rva_slli(&g->a, R_D, R_D, f->ind_shift);
		rva_op(&g->a, RV_ADD, R_BASE, R_PKT, R_D);
		k->dvalid = true;
		k->spec = *f;
		k->dlen = 0;
		wrote = true;
	}
	if (k->dlen < need) {
		rva_addi(&g->a, R_TMP, R_D, (int32_t)need);
		rva_branch(&g->a, RV_BLTU, R_LEN, R_TMP, next);
		k->dlen = need;
	}
	m = MIN(m, 1u << f->ind_shift);   /* d is a multiple of 1 << shift */
	load_field(g, f, R_BASE, m, (r + f->offset) % m);
	return wrote;
}

/* ---------------------------------------------------------------- dispatch */

/* if (R_VAL != key) goto skip; then the child's code. */
static bool case_of(struct gen *g, int64_t key, uint32_t child, const struct known *k, uint32_t skip,
		    uint32_t next)
{
	if (key == 0) {
		rva_branch(&g->a, RV_BNE, R_VAL, RV_ZERO, skip);
	} else {
		rva_li(&g->a, R_TMP, key);
		rva_branch(&g->a, RV_BNE, R_VAL, R_TMP, skip);
	}
	return gen_node(g, child, k, next);
}

/* A chain over edges[list[0..n)]: each value, then its child. */
static bool chain(struct gen *g, const struct dpf_group *grp, const uint32_t *list, uint32_t n,
		  const struct known *k, uint32_t next)
{
	bool wrote = false;

	for (uint32_t i = 0; i < n; i++) {
		const struct dpf_edge *e = &g->tr->edges[grp->edge + (list ? list[i] : i)];
		uint32_t skip = i + 1 == n ? next : rva_label(&g->a);
		wrote |= case_of(g, rep(e->value, grp->f.width), e->child, k, skip, next);
		if (skip != next)
			rva_bind(&g->a, skip);
	}
	return wrote;
}

static uint32_t hash(int64_t key, int s, uint32_t nb)
{
	uint64_t k = (uint64_t)key;

	return (uint32_t)((s ? (k >> s) ^ k : k) & (nb - 1));
}

static uint32_t *scratch_push(struct gen *g, uint32_t n)
{
	if (g->sp + n > DPF_JIT_SCRATCH) {
		g->full = true;
		return NULL;
	}
	g->sp += n;
	return g->scratch + g->sp - n;
}

/* The shift (0: none) whose buckets have the shortest longest chain,
 * then the fewest compares in total. */
FLAT static int pick_shift(struct gen *g, const struct dpf_group *grp, uint32_t nb, uint32_t *count)
{
	uint64_t best = UINT64_MAX;
	int best_s = 0;

	for (int s = 0; s < 64; s++) {
		uint64_t worst = 0, total = 0;
		memset(count, 0, nb * sizeof(*count));
		for (uint32_t i = 0; i < grp->nedges; i++) {
			int64_t key = rep(g->tr->edges[grp->edge + i].value, grp->f.width);
			uint32_t c = ++count[hash(key, s, nb)];
			worst = MAX(worst, c);
			total += c;
		}
		uint64_t score = worst << 32 | total;
		if (score < best) {
			best = score;
			best_s = s;
		}
	}
	return best_s;
}

/*
 * The hashed switch: index = hash(R_VAL) into a table of jal, one per
 * bucket (an empty one jumps to next), each bucket a chain.  The table
 * follows `jalr x0, 12(t1)` directly: auipc, add and jalr are 4 bytes
 * each, so t1 + 12 is the table's first entry.
 */
FLAT static bool switch_of(struct gen *g, const struct dpf_group *grp, const struct known *k,
		      uint32_t next)
{
	uint32_t n = grp->nedges, nb = 1, mark = g->sp;
	bool wrote = false;

	while (nb < 2 * n && nb < 2048)
		nb *= 2;
	uint32_t *start = scratch_push(g, nb + 1), *list = scratch_push(g, n);
	uint32_t *label = scratch_push(g, nb);
	if (!start || !list || !label)
		return false;
	int s = pick_shift(g, grp, nb, label);
	/* counting sort of the edges by bucket, keeping edge order inside one */
	memset(start, 0, (nb + 1) * sizeof(*start));
	for (uint32_t i = 0; i < n; i++)
		start[hash(rep(g->tr->edges[grp->edge + i].value, grp->f.width), s, nb) + 1]++;
	for (uint32_t b = 0; b < nb; b++)
		start[b + 1] += start[b];
	for (uint32_t i = 0; i < n; i++)
		list[start[hash(rep(g->tr->edges[grp->edge + i].value, grp->f.width), s, nb)]++] = i;
	for (uint32_t b = nb; b > 0; b--)
		start[b] = start[b - 1];
	start[0] = 0;

	if (s) {
		rva_srli(&g->a, R_TMP, R_VAL, s);
		rva_op(&g->a, RV_XOR, R_TMP, R_TMP, R_VAL);
		rva_andi(&g->a, R_TMP, R_TMP, (int32_t)(nb - 1));
	} else {
		rva_andi(&g->a, R_TMP, R_VAL, (int32_t)(nb - 1));
	}
	rva_slli(&g->a, R_TMP, R_TMP, 2);
	rva_auipc(&g->a, R_JMP, 0);
	rva_word(&g->a, rv_op(RV_ADD, R_JMP, R_JMP, R_TMP));
	rva_jalr0(&g->a, R_JMP, 12);
	for (uint32_t b = 0; b < nb; b++) {
		label[b] = start[b] == start[b + 1] ? next : rva_label(&g->a);
		rva_jtab(&g->a, label[b]);
	}
	for (uint32_t b = 0; b < nb; b++) {
		if (label[b] == next)
			continue;
		rva_bind(&g->a, label[b]);
		wrote |= chain(g, grp, list + start[b], start[b + 1] - start[b], k, next);
	}
	g->sp = mark;
	return wrote;
}

/* ---------------------------------------------------------------- nodes */

static bool gen_group(struct gen *g, const struct dpf_group *grp, const struct known *entry,
		      uint32_t next)
{
	struct known k = *entry;
	bool wrote = fetch(g, &grp->f, &k, next);

	apply_mask(g, &grp->f);
	if (grp->nedges <= DPF_JIT_CHAIN_MAX)
		return chain(g, grp, NULL, grp->nedges, &k, next) || wrote;
	return switch_of(g, grp, &k, next) || wrote;
}

FLAT static void verdict(struct gen *g, int32_t id)
{
	rva_addi(&g->a, RV_A0, RV_ZERO, id);
	rva_ret(&g->a);
}

/* The code for node n, entered with k known; failing goes to `fail`.
 * Returns whether it may have changed a2/a3 (the indirection). */
static bool gen_node(struct gen *g, uint32_t n, const struct known *entry, uint32_t fail)
{
	const struct dpf_node *node = &g->tr->nodes[n];
	struct known k = *entry;
	bool wrote = false;

	for (uint32_t i = 0; i < node->ngroups; i++) {
		bool last = i + 1 == node->ngroups && node->leaf < 0;
		uint32_t next = last ? fail : rva_label(&g->a);
		if (gen_group(g, &g->tr->groups[node->group + i], &k, next)) {
			wrote = true;
			k.dvalid = false;
		}
		if (!last)
			rva_bind(&g->a, next);
	}
	if (node->leaf >= 0)
		verdict(g, node->leaf);
	else if (!node->ngroups && fail == g->nomatch)
		verdict(g, EXOS_DPF_NOMATCH);
	else if (!node->ngroups)
		rva_jump(&g->a, fail);
	return wrote;
}

long dpf_jit(const struct dpf_trie *trie, const struct dpf_jit_opts *opts,
	     struct dpf_jit_work *w, uint8_t *code, size_t cap)
{
	struct gen g = { .tr = trie, .o = opts, .scratch = w->scratch };
	struct known k = { 0 };

	if ((opts->align != 1 && opts->align != 2 && opts->align != 4 && opts->align != 8) ||
	    opts->mod >= opts->align)
		return -E_INVAL;
	rva_init(&g.a, w->ins, DPF_JIT_MAX_INS, w->labels, DPF_JIT_MAX_LABELS, opts->rvc);
	g.nomatch = rva_label(&g.a);
	gen_node(&g, 0, &k, g.nomatch);
	rva_bind(&g.a, g.nomatch);
	verdict(&g, EXOS_DPF_NOMATCH);
	if (g.full)
		return -E_NOMEM;
	return rva_finish(&g.a, code, cap);
}
