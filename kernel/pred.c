/*
 * pred.c - wake-up predicates: the install-time check and the
 * evaluation the scheduler runs (contracts in pred.h, meaning in
 * exos/pred.h).  Cost is bounded by construction: one read per term at
 * most, PRED_MAX_TERMS terms at most, no loops over memory.
 */
#include "pred.h"
#include "exos/errno.h"

static bool size_ok(uint8_t size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

static bool term_well_formed(const struct exos_pred_term *t)
{
	for (size_t i = 0; i < sizeof(t->_pad); i++)
		if (t->_pad[i])
			return false;
	return size_ok(t->size) && t->op < EXOS_PRED_NOPS && t->last <= 1;
}

int pred_check(const struct exos_pred *p, pred_read_fn readable, void *ctx)
{
	uint32_t n = p->nterms;
	uint64_t word;

	if (n < 1 || n > PRED_MAX_TERMS)
		return -E_RANGE;
	if (p->_pad)
		return -E_INVAL;
	for (uint32_t i = 0; i < n; i++)
		if (!term_well_formed(&p->term[i]))
			return -E_INVAL;
	for (uint32_t i = 0; i < n; i++)
		if (!IS_ALIGNED(p->term[i].va, (uint64_t)p->term[i].size))
			return -E_ALIGN;
	if (!p->term[n - 1].last)
		return -E_INVAL;
	for (uint32_t i = 0; i < n; i++)
		if (readable(ctx, p->term[i].va, p->term[i].size, &word) != 0)
			return -E_FAULT;
	return 0;
}

/* x, the low `size` bytes of a word, as a signed number of that size. */
static int64_t sign_extend(uint64_t x, int size)
{
	uint64_t sign = 1ULL << (8 * size - 1);

	return (int64_t)((x ^ sign) - sign);
}

static bool compare(uint8_t op, uint64_t x, int size, uint64_t value)
{
	int64_t sx = sign_extend(x, size), sv = (int64_t)value;

	switch (op) {
	case EXOS_PRED_EQ:  return x == value;
	case EXOS_PRED_NE:  return x != value;
	case EXOS_PRED_LTU: return x < value;
	case EXOS_PRED_LEU: return x <= value;
	case EXOS_PRED_GTU: return x > value;
	case EXOS_PRED_GEU: return x >= value;
	case EXOS_PRED_LT:  return sx < sv;
	case EXOS_PRED_LE:  return sx <= sv;
	case EXOS_PRED_GT:  return sx > sv;
	case EXOS_PRED_GE:  return sx >= sv;
	default:            return true;   /* malformed: wake */
	}
}

/* One term: 1 true, 0 false, -1 when its word cannot be read (or the
 * size is malformed, which is treated the same way). */
static int term_eval(const struct exos_pred_term *t, pred_read_fn read, void *ctx)
{
	uint64_t word;

	if (!size_ok(t->size) || read(ctx, t->va, t->size, &word) != 0)
		return -1;
	word &= t->mask;
	if (t->size < 8)
		word &= (1ULL << (8 * t->size)) - 1;
	return compare(t->op, word, t->size, t->value);
}

int pred_eval(const struct exos_pred *p, pred_read_fn read, void *ctx)
{
	uint32_t n = p->nterms;
	bool product = true;

	if (n < 1 || n > PRED_MAX_TERMS)
		return 1;
	for (uint32_t i = 0; i < n; i++) {
		const struct exos_pred_term *t = &p->term[i];
		if (product) {
			int r = term_eval(t, read, ctx);
			if (r < 0)
				return 1;
			product = r;
		}
		if (t->last || i == n - 1) {
			if (product)
				return 1;
			product = true;
		}
	}
	return 0;
}
