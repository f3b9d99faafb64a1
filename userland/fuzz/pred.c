/*
 * pred.c - wake-up predicates for the sleep recipes: well formed ones
 * over words whose values never change (so whether they hold is known),
 * and malformed ones with exactly one defect (so the error is known:
 * kernel/pred.c checks in a documented order).
 */
#include "calls.h"

static const uint64_t const_word = 0x0123456789abcdefUL;

/* A readable word of size bytes with a value that never changes. */
static uint64_t some_word(struct fz_state *s, uint8_t size, uint64_t *value)
{
	uint64_t slot = EXOS_ENV_SLOT(s->self);

	switch (fz_below(&s->rng, 5)) {
	case 0:
		*value = EXOS_INFO_MAGIC;
		return EXOS_INFO_VA;                      /* magic, then version */
	case 1:
		*value = 0;
		return EXOS_INFO_VA + 4096 - 8;           /* past struct exos_info */
	case 2:
		*value = 0;
		return EXOS_ENVS_VA + 4096 - 8;           /* the last row's _reserved */
	case 3:
		*value = s->self;
		return EXOS_ENVS_VA + slot * sizeof(struct exos_env);
	default: {
		uint64_t off = fz_below(&s->rng, 8) & ~(uint64_t)(size - 1);
		*value = const_word >> (8 * off);
		return (uint64_t)&const_word + off;
	}
	}
}

static int64_t sext(uint64_t x, uint8_t size)
{
	uint64_t sign = 1UL << (8 * size - 1);

	return (int64_t)((x ^ sign) - sign);
}

/* A term over a constant word that holds (truth 1) or not (0). */
static void make_term(struct fz_state *s, struct exos_pred_term *t, int truth)
{
	static const uint8_t sizes[] = { 1, 2, 4, 8 };
	uint8_t size = sizes[fz_below(&s->rng, 4)];
	uint64_t v, va = some_word(s, size, &v);

	if (size > 4 && (va == EXOS_INFO_VA || (va >= EXOS_ENVS_VA && va < EXOS_ENVS_VA + 4096 - 8)))
		size = 4;      /* the magic, or our row's id: not what follows */
	if (size < 8)
		v &= (1UL << (8 * size)) - 1;
	*t = (struct exos_pred_term){ .va = va, .mask = ~0UL, .size = size };
	switch (fz_below(&s->rng, 4)) {
	case 0:
		t->op = truth ? EXOS_PRED_EQ : EXOS_PRED_NE;
		t->value = v;
		break;
	case 1:
		t->op = truth ? EXOS_PRED_NE : EXOS_PRED_EQ;
		t->value = v ^ 1;
		break;
	case 2:
		t->op = truth ? EXOS_PRED_LEU : EXOS_PRED_GTU;
		t->value = v;
		break;
	default:
		t->op = truth ? EXOS_PRED_GE : EXOS_PRED_LT;
		t->value = (uint64_t)sext(v, size);
		break;
	}
}

/* Break pred in one way; the error sleep_until must give. */
static int64_t break_pred(struct fz_state *s, struct exos_pred *p)
{
	struct exos_pred_term *t = &p->term[fz_below(&s->rng, p->nterms)];

	switch (fz_below(&s->rng, 10)) {
	case 0:
		p->nterms = fz_chance(&s->rng, 2) ? 0 : EXOS_PRED_MAX_TERMS + 1 + (uint32_t)fz_below(&s->rng, 1000);
		return -E_RANGE;
	case 1:
		p->_pad = 1 + (uint32_t)fz_below(&s->rng, 100);
		return -E_INVAL;
	case 2:
		t->_pad[fz_below(&s->rng, 5)] = 1;
		return -E_INVAL;
	case 3:
		t->size = fz_chance(&s->rng, 2) ? 3 : (uint8_t)(16 << fz_below(&s->rng, 3));
		return -E_INVAL;
	case 4:
		t->op = (uint8_t)(EXOS_PRED_NOPS + fz_below(&s->rng, 200));
		return -E_INVAL;
	case 5:
		t->last = (uint8_t)(2 + fz_below(&s->rng, 100));
		return -E_INVAL;
	case 6:
		if (t->size == 1)
			t->size = 2;
		t->va |= 1;
		return -E_ALIGN;
	case 7:
		p->term[p->nterms - 1].last = 0;
		return -E_INVAL;
	default:
		/* The top of the address space (issue 11, finding 1) or any
		 * other address nobody may read, aligned. */
		t->va = fz_chance(&s->rng, 2) ? 0 - (uint64_t)t->size :
			fz_unreadable_va(s) & ~(uint64_t)(t->size - 1);
		return -E_FAULT;
	}
}

uint64_t fz_make_pred(struct fz_state *s, int64_t *expect, int may_be_bad)
{
	struct exos_pred *p = &fz_bufs(s)->pred;
	uint32_t n = fz_chance(&s->rng, 16) ? 1 + (uint32_t)fz_below(&s->rng, EXOS_PRED_MAX_TERMS) :
		     1 + (uint32_t)fz_below(&s->rng, 4);
	int holds = 0, product = 1;

	*p = (struct exos_pred){ .nterms = n };
	for (uint32_t i = 0; i < n; i++) {
		int truth = !fz_chance(&s->rng, 3);
		make_term(s, &p->term[i], truth);
		product &= truth;
		p->term[i].last = i == n - 1 || fz_chance(&s->rng, 3);
		if (p->term[i].last) {
			holds |= product;
			product = 1;
		}
	}
	*expect = holds ? 0 : 1;
	if (may_be_bad && fz_chance(&s->rng, 4))
		*expect = break_pred(s, p);
	return (uint64_t)p;
}
