/*
 * calls_sleep.c - the sleep recipes, and their wake-up predicates: well
 * formed ones over words whose values never change (so whether they hold
 * is known), and malformed ones with exactly one defect (so the error is
 * known: kernel/pred.c checks in a documented order).
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
		p->nterms = fz_chance(&s->rng, 2) ? 0 :
			    EXOS_PRED_MAX_TERMS + 1 + (uint32_t)fz_below(&s->rng, 1000);
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

static uint64_t make_pred(struct fz_state *s, int64_t *expect, int may_be_bad)
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

/* ---------------------------------------------------------------- the recipes */

static uint64_t ms_ticks(uint64_t n)
{
	return exos_info->timebase_hz / 1000 * n;
}

/* A pointer to a predicate and the result sleep_until must give. */
static uint64_t pred_ptr(struct fz_state *s, int64_t *expect, int may_be_bad, int no_false)
{
	uint64_t r = fz_below(&s->rng, 20);

	if (may_be_bad && r == 0) {
		*expect = -E_FAULT;
		return fz_unreadable_va(s);
	}
	if (may_be_bad && r == 1) {
		/* The 520 bytes run into the unmapped page after FZ_EDGE_VA. */
		*expect = -E_FAULT;
		return FZ_EDGE_VA + 4096 - 8 * (1 + fz_below(&s->rng, 64));
	}
	uint64_t p = make_pred(s, expect, may_be_bad);
	if (no_false && *expect == 1) {
		/* Would sleep for ever: a last product that holds (the word
		 * masked to 0 is not ~0). */
		struct exos_pred *pr = &fz_bufs(s)->pred;
		uint32_t n = pr->nterms < EXOS_PRED_MAX_TERMS ? pr->nterms : EXOS_PRED_MAX_TERMS - 1;
		pr->term[n - 1].last = 1;
		pr->term[n] = (struct exos_pred_term){ .va = EXOS_INFO_VA, .mask = 0, .value = ~0UL,
						       .size = 4, .op = EXOS_PRED_NE, .last = 1 };
		pr->nterms = n + 1;
		*expect = 0;
	}
	return p;
}

static void make_sleep_until(struct fz_state *s, struct fz_call *c)
{
	int64_t expect;
	uint64_t p = pred_ptr(s, &expect, !(s->tag >> 31), 1);

	SET(c, SYS_sleep_until, p);
	EXPECT(c, expect);
}

/* sleep_deadline: a predicate that holds returns 0; one that never
 * holds, or none, with a deadline within 2 ms returns EXOS_SLEEP_TIMEOUT
 * no earlier than the deadline (or 0 early: a revocation); none and no
 * deadline is E_INVAL; a bad predicate its error. */
static void make_sleep_deadline(struct fz_state *s, struct fz_call *c)
{
	int64_t expect = 1;
	uint64_t p = 0, now = exos_rdtime(), deadline;
	int pct = (int)(s->tag >> 31);

	if (!pct && !fz_chance(&s->rng, 3))
		p = pred_ptr(s, &expect, 1, 0);
	switch (fz_below(&s->rng, 8)) {
	case 0: deadline = 0; break;
	case 1: deadline = now - fz_below(&s->rng, 1000); break;
	case 2: deadline = expect == 0 || (p == 0 && !pct) ? EXOS_NO_DEADLINE : now; break;
	case 3: deadline = expect == 0 ? now + (1UL << 62) : now + ms_ticks(1); break;
	default: deadline = now + fz_below(&s->rng, ms_ticks(pct ? 1 : 2)); break;
	}
	if (p == 0 && deadline == EXOS_NO_DEADLINE)
		expect = -E_INVAL;
	SET(c, SYS_sleep_deadline, p, deadline);
	EXPECT(c, expect);
}

/* A peer took away the read permission of our predicate's pages or of
 * the words it reads (the exported ones are nobody's to take). */
static int pred_disturbed(struct fz_state *s, uint64_t p)
{
	const struct exos_pred *pred = (const struct exos_pred *)p;

	if (!fz_mapped_with(s, p, EXOS_PTE_R) ||
	    !fz_mapped_with(s, p + sizeof(*pred) - 1, EXOS_PTE_R))
		return 1;
	for (uint32_t i = 0; i < pred->nterms && i < EXOS_PRED_MAX_TERMS; i++)
		if (pred->term[i].va < EXOS_EXPORT_VA && !fz_mapped_with(s, pred->term[i].va, EXOS_PTE_R))
			return 1;
	return 0;
}

static void check_sleep(struct fz_state *s, struct fz_call *c)
{
	int64_t want = (int64_t)c->x[0];

	if (c->nr == SYS_sleep_deadline && want == 1) {
		if (c->ret == 0)
			return;   /* early: a revocation to answer */
		if (c->ret == 1 && exos_rdtime() < c->a[1])
			fz_fail(s, "sleep_deadline returned EXOS_SLEEP_TIMEOUT %lu ticks before its "
				"deadline", (unsigned long)(c->a[1] - exos_rdtime()));
	}
	if (c->ret == -E_FAULT && want >= 0 && pred_disturbed(s, c->a[0]))
		fz_quit(s, FZ_DONE_DISTURBED);
	/* A peer may have mapped something after FZ_EDGE_VA (it is in the
	 * hostile pool): then the predicate there was readable. */
	if (c->a[0] >> 12 == FZ_EDGE_VA >> 12 && c->ret != -E_FAULT &&
	    sys_pte_read(EXOS_CAP_SELF, s->self, FZ_EDGE_VA + 4096) >= 0)
		return;
	fz_check_expected(s, c);
}

const struct recipe fz_recipes_sleep[] = {
	{ "sleep_until", SYS_sleep_until, 300, 800, make_sleep_until, check_sleep },
	{ "sleep_deadline", SYS_sleep_deadline, 350, 1500, make_sleep_deadline, check_sleep },
};
const unsigned fz_nrecipes_sleep = sizeof(fz_recipes_sleep) / sizeof(fz_recipes_sleep[0]);
