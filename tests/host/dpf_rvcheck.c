/*
 * dpf_rvcheck.c - the verifier of emitted programs (dpf_rvcheck.h).
 *
 * Instructions are visited in address order.  Every edge goes forward,
 * so when an instruction is reached every path into it has been seen:
 * its state is the meet of what each predecessor left at it, and one
 * pass decides the program.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dpf_rvcheck.h"

enum { K_TOP, K_CONST, K_PKT, K_LEN, K_VAR, K_PKTVAR, K_CODE, K_CODEVAR, K_RA };

/*
 * CONST: c.  PKT: a0 + c.  LEN: a1 + c.  VAR: v + c where v, named by
 * id, is in lo..hi and a multiple of align.  PKTVAR: a0 + v + c.  CODE:
 * program offset c.  CODEVAR: program offset c + v.  RA: the return
 * address.
 */
struct aval {
	uint8_t k;
	uint32_t id, align;
	int64_t c, lo, hi;
};

#define NFACTS 8

struct astate {
	struct aval r[32];
	int64_t minlen;                 /* len >= minlen */
	int nf;
	struct { uint32_t id; int64_t k; } f[NFACTS];    /* len >= v_id + k */
};

struct ctx {
	const uint8_t *code;
	size_t size;
	const struct rvcheck_opts *o;
	int32_t *idx;                   /* offset / 2 -> instruction index, or -1 */
	uint32_t *off;                  /* instruction index -> offset */
	struct rvd *ins;
	uint32_t n;
	struct astate **pend;           /* per instruction: the meet so far */
	char *why;
	size_t whylen;
};

static int fail(struct ctx *c, uint32_t at, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(c->why, c->whylen, "at +%u: ", at);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < c->whylen)
		vsnprintf(c->why + n, c->whylen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static struct aval top(void) { return (struct aval){ .k = K_TOP }; }
static struct aval cst(int64_t v) { return (struct aval){ .k = K_CONST, .c = v }; }

static bool aval_eq(const struct aval *a, const struct aval *b)
{
	return a->k == b->k && a->id == b->id && a->align == b->align && a->c == b->c &&
	       a->lo == b->lo && a->hi == b->hi;
}

static int64_t fact_of(const struct astate *s, uint32_t id)
{
	for (int i = 0; i < s->nf; i++)
		if (s->f[i].id == id)
			return s->f[i].k;
	return INT64_MIN;
}

static void add_fact(struct astate *s, uint32_t id, int64_t k)
{
	for (int i = 0; i < s->nf; i++)
		if (s->f[i].id == id) {
			if (k > s->f[i].k)
				s->f[i].k = k;
			return;
		}
	if (s->nf < NFACTS)
		s->f[s->nf++] = (typeof(s->f[0])){ id, k };
}

/* into = into meet s: what both know. */
static void meet(struct astate *into, const struct astate *s)
{
	for (int i = 0; i < 32; i++)
		if (!aval_eq(&into->r[i], &s->r[i]))
			into->r[i] = top();
	if (s->minlen < into->minlen)
		into->minlen = s->minlen;
	int n = 0;
	for (int i = 0; i < into->nf; i++) {
		int64_t k = fact_of(s, into->f[i].id);
		if (k == INT64_MIN)
			continue;
		into->f[n] = into->f[i];
		if (k < into->f[n].k)
			into->f[n].k = k;
		n++;
	}
	into->nf = n;
}

/* Send state s to the instruction at offset t, from the one at `from`. */
static int flow(struct ctx *c, uint32_t from, int64_t t, const struct astate *s)
{
	if (t <= (int64_t)from || t >= (int64_t)c->size || (t & 1) || c->idx[t / 2] < 0)
		return fail(c, from, "jump to %lld: not a later instruction of the program",
			    (long long)t);
	struct astate **p = &c->pend[c->idx[t / 2]];
	if (!*p) {
		*p = malloc(sizeof(**p));
		if (!*p)
			return fail(c, from, "out of memory");
		**p = *s;
	} else {
		meet(*p, s);
	}
	return 0;
}

static bool writable(int r)
{
	return r == 0 || (r >= 5 && r <= 7) || (r >= 10 && r <= 17) || r >= 28;
}

/* ---------------------------------------------------------------- values */

static struct aval shifted(struct aval v, int64_t by)
{
	if (v.k == K_TOP || v.k == K_RA)
		return top();
	v.c += by;
	return v;
}

static struct aval add(struct aval x, struct aval y)
{
	if (x.k == K_CONST)
		return shifted(y, x.c);
	if (y.k == K_CONST)
		return shifted(x, y.c);
	if (y.k == K_PKT || y.k == K_CODE) {
		struct aval t = x;
		x = y;
		y = t;
	}
	if ((x.k == K_PKT || x.k == K_CODE) && y.k == K_VAR) {
		y.k = x.k == K_PKT ? K_PKTVAR : K_CODEVAR;
		y.c += x.c;
		return y;
	}
	return top();
}

static struct aval new_var(uint32_t id, int64_t lo, int64_t hi, uint32_t align)
{
	return (struct aval){ .k = K_VAR, .id = id, .lo = lo, .hi = hi, .align = align };
}

/* (v + c) << sh for a bounded v, as a new bounded value. */
static struct aval shift_var(struct aval v, int sh, uint32_t id)
{
	int64_t lo = v.lo + v.c, hi = v.hi + v.c;

	if (v.k != K_VAR || lo < 0 || sh > 20 || hi >= (1LL << 40))
		return top();
	uint32_t al = (v.c % (int64_t)v.align == 0 ? v.align : 1) << sh;
	return new_var(id, lo << sh, hi << sh, al > (1u << 20) ? 1u << 20 : al);
}

static int64_t alu(uint8_t f3, uint8_t f7, int64_t a, int64_t b)
{
	uint64_t ua = (uint64_t)a, ub = (uint64_t)b;

	switch (f3) {
	case 0: return f7 == 0x20 ? (int64_t)(ua - ub) : (int64_t)(ua + ub);
	case 1: return (int64_t)(ua << (ub & 63));
	case 2: return a < b;
	case 3: return ua < ub;
	case 4: return a ^ b;
	case 5: return f7 & 0x20 ? a >> (ub & 63) : (int64_t)(ua >> (ub & 63));
	case 6: return a | b;
	default: return a & b;
	}
}

/* The value an ALU instruction leaves in rd. */
static struct aval alu_value(const struct astate *s, const struct rvd *d, uint32_t id)
{
	struct aval x = s->r[d->rs1], y = d->op == RVD_OP || d->op == RVD_OP32 ? s->r[d->rs2] :
						 cst(d->imm);
	uint8_t f7 = d->op == RVD_OPIMM && d->f3 == 5 ? (uint8_t)(d->f7 << 1) : d->f7;
	bool word = d->op == RVD_OPIMM32 || d->op == RVD_OP32;

	if (d->op == RVD_OPIMM && d->f3 == 0)
		return shifted(x, d->imm);
	if (d->op == RVD_OP && d->f3 == 0 && d->f7 == 0)
		return add(x, y);
	if (d->op == RVD_OP && d->f3 == 0 && y.k == K_CONST && x.k != K_CONST)
		return shifted(x, -y.c);
	if (x.k == K_CONST && y.k == K_CONST) {
		if (!word)
			return cst(alu(d->f3, f7, x.c, y.c));
		uint32_t a32 = (uint32_t)x.c, b32 = (uint32_t)y.c;
		if (d->f3 == 0)
			return cst((int32_t)(f7 == 0x20 ? a32 - b32 : a32 + b32));
		if (d->f3 == 1)
			return cst((int32_t)(a32 << (b32 & 31)));
		return cst(f7 & 0x20 ? (int32_t)a32 >> (b32 & 31) : (int32_t)(a32 >> (b32 & 31)));
	}
	if (d->op == RVD_OPIMM && d->f3 == 7 && d->imm >= 0)
		return new_var(id, 0, d->imm, 1);
	if (d->op == RVD_OPIMM && d->f3 == 1)
		return shift_var(x, (int)d->imm, id);
	return top();
}

/* ---------------------------------------------------------------- instructions */

static int load(struct ctx *c, struct astate *s, const struct rvd *d, uint32_t at, uint32_t id)
{
	static const int width[8] = { 1, 2, 4, 8, 1, 2, 4, 0 };
	int w = width[d->f3];
	struct aval b = s->r[d->rs1];
	int64_t a = b.c + d->imm;
	uint32_t m = c->o->align;

	if (b.k == K_PKT) {
		if (a < 0 || a + w > s->minlen)
			return fail(c, at, "load of [%lld, %lld) with only %lld bytes proved",
				    (long long)a, (long long)(a + w), (long long)s->minlen);
	} else if (b.k == K_PKTVAR) {
		int64_t k = fact_of(s, b.id);
		if (b.lo < 0 || a < 0 || (a + w > k && b.hi + a + w > s->minlen))
			return fail(c, at, "load at v%u + %lld not proved inside the frame", b.id,
				    (long long)a);
		if (b.align < m)
			m = b.align;
	} else {
		return fail(c, at, "load not through the frame pointer");
	}
	if (w > 1 && ((uint32_t)w > m || (c->o->mod + (uint64_t)a) % (uint32_t)w))
		return fail(c, at, "load of %d bytes may be misaligned", w);
	s->r[d->rd] = d->f3 >= 4 ? new_var(id, 0, (int64_t)((1ULL << (8 * w)) - 1), 1) : top();
	return 0;
}

/* The length facts a branch gives its taken (t) and fall-through (f) states. */
static void branch_facts(const struct rvd *d, const struct astate *s, struct astate *t,
			 struct astate *f)
{
	const struct aval *x = &s->r[d->rs1], *y = &s->r[d->rs2];
	struct astate *ge = NULL;    /* where len >= other + delta holds */
	const struct aval *other = NULL;
	int64_t delta = 0;
	bool xl = x->k == K_LEN && x->c == 0, yl = y->k == K_LEN && y->c == 0;

	if (d->f3 == 6 && xl) { ge = f; other = y; }                  /* bltu len, y */
	else if (d->f3 == 6 && yl) { ge = t; other = x; delta = 1; }  /* bltu x, len */
	else if (d->f3 == 7 && xl) { ge = t; other = y; }             /* bgeu len, y */
	else if (d->f3 == 7 && yl) { ge = f; other = x; delta = 1; }  /* bgeu x, len */
	if (!ge)
		return;
	if (other->k == K_CONST && other->c + delta >= 0 && other->c + delta <= (1LL << 32)) {
		if (other->c + delta > ge->minlen)
			ge->minlen = other->c + delta;
	} else if (other->k == K_VAR && other->lo + other->c + delta >= 0) {
		add_fact(ge, other->id, other->c + delta);
	}
}

static int jalr(struct ctx *c, struct astate *s, const struct rvd *d, uint32_t at)
{
	struct aval b = s->r[d->rs1];

	if (d->rd != 0)
		return fail(c, at, "jalr links");
	if (b.k == K_RA) {
		struct aval v = s->r[10];
		if (d->imm != 0 || v.k != K_CONST || v.c < -1 || v.c >= c->o->max_verdict)
			return fail(c, at, "return without a constant verdict in a0");
		return 0;
	}
	if (b.k == K_CODE)
		return flow(c, at, b.c + d->imm, s);
	if (b.k != K_CODEVAR || b.lo < 0 || b.hi - b.lo > (1 << 20))
		return fail(c, at, "computed jump through an unbounded register");
	for (int64_t v = b.lo; v <= b.hi; v += b.align ? b.align : 1)
		if (flow(c, at, b.c + v + d->imm, s))
			return -1;
	return 0;
}

/* One reached instruction: check it, and pass its state on. */
static int step(struct ctx *c, uint32_t i, struct astate *s)
{
	const struct rvd *d = &c->ins[i];
	uint32_t at = c->off[i], id = i + 1;
	int64_t next = (int64_t)at + d->len;
	struct astate t;

	switch (d->op) {
	case RVD_LUI: case RVD_AUIPC: case RVD_OPIMM: case RVD_OPIMM32: case RVD_OP: case RVD_OP32:
	case RVD_LOAD:
		if (!writable(d->rd))
			return fail(c, at, "writes x%d", d->rd);
		if (d->op == RVD_LOAD) {
			if (load(c, s, d, at, id))
				return -1;
		} else if (d->op == RVD_LUI) {
			s->r[d->rd] = cst(d->imm);
		} else if (d->op == RVD_AUIPC) {
			s->r[d->rd] = (struct aval){ .k = K_CODE, .c = at + d->imm };
		} else {
			s->r[d->rd] = alu_value(s, d, id);
		}
		s->r[0] = cst(0);
		if (next >= (int64_t)c->size)
			return fail(c, at, "falls off the end");
		return flow(c, at, next, s);
	case RVD_JAL:
		if (d->rd != 0)
			return fail(c, at, "jal links");
		return flow(c, at, at + d->imm, s);
	case RVD_JALR:
		return jalr(c, s, d, at);
	case RVD_BRANCH:
		t = *s;
		branch_facts(d, s, &t, s);
		if (flow(c, at, at + d->imm, &t))
			return -1;
		if (next >= (int64_t)c->size)
			return fail(c, at, "falls off the end");
		return flow(c, at, next, s);
	case RVD_STORE:
		return fail(c, at, "store");
	default:
		return fail(c, at, "system or unknown instruction");
	}
}

/* Decode the whole program in order: every offset is then either an
 * instruction start or inside one. */
static int decode_all(struct ctx *c)
{
	for (uint32_t at = 0; at < c->size;) {
		struct rvd *d = &c->ins[c->n];
		if (rvd_decode(c->code + at, c->size - at, d))
			return fail(c, at, "undecodable instruction");
		c->idx[at / 2] = (int32_t)c->n;
		c->off[c->n++] = at;
		at += d->len;
	}
	return 0;
}

int rvcheck_verify(const uint8_t *code, size_t size, const struct rvcheck_opts *o, char *why,
		   size_t whylen)
{
	struct ctx c = { .code = code, .size = size, .o = o, .why = why, .whylen = whylen };
	int r = -1;

	if (size == 0 || (size & 1) || size > (1u << 24))
		return fail(&c, 0, "bad program size %zu", size);
	c.idx = malloc(size / 2 * sizeof(*c.idx));
	c.off = malloc(size / 2 * sizeof(*c.off));
	c.ins = malloc(size / 2 * sizeof(*c.ins));
	c.pend = calloc(size / 2, sizeof(*c.pend));
	if (!c.idx || !c.off || !c.ins || !c.pend) {
		fail(&c, 0, "out of memory");
		goto out;
	}
	memset(c.idx, 0xff, size / 2 * sizeof(*c.idx));
	if (decode_all(&c))
		goto out;
	struct astate init = { .minlen = 0 };
	for (int i = 0; i < 32; i++)
		init.r[i] = top();
	init.r[0] = cst(0);
	init.r[1] = (struct aval){ .k = K_RA };
	init.r[10] = (struct aval){ .k = K_PKT };
	init.r[11] = (struct aval){ .k = K_LEN };
	c.pend[0] = malloc(sizeof(init));
	if (!c.pend[0])
		goto out;
	*c.pend[0] = init;
	r = 0;
	for (uint32_t i = 0; i < c.n && !r; i++) {
		if (!c.pend[i])
			continue;    /* unreachable */
		r = step(&c, i, c.pend[i]);
		free(c.pend[i]);
		c.pend[i] = NULL;
	}
out:
	if (c.pend)
		for (uint32_t i = 0; i < size / 2; i++)
			free(c.pend[i]);
	free(c.pend);
	free(c.ins);
	free(c.off);
	free(c.idx);
	return r;
}
