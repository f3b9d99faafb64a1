/*
 * test_pred - wake-up predicates over a fake env memory: every op at
 * every size, masks, the sum-of-products grouping, read counts, and
 * every install-time error.
 */
#include <limits.h>
#include "check.h"
#include "pred.h"
#include "exos/errno.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the fake memory is little-endian");

#define BASE 0x10000ULL
#define UMAX 0xffffffffffffffffULL
#define END ((uint8_t)1)    /* last = 1 */
#define AND ((uint8_t)0)    /* last = 0 */

/* 128 bytes readable at BASE, minus [hole_lo, hole_hi); counts reads. */
static struct {
	uint8_t bytes[128];
	uint64_t hole_lo, hole_hi;
	int reads;
} m;

static int mem_read(void *ctx, uint64_t va, int size, uint64_t *out)
{
	uint64_t v = 0;

	(void)ctx;
	m.reads++;
	if (va < BASE || va - BASE + size > sizeof(m.bytes))
		return -1;
	if (va < m.hole_hi && va + size > m.hole_lo)
		return -1;
	memcpy(&v, &m.bytes[va - BASE], size);
	*out = v;
	return 0;
}

/* Like mem_read, but sets every bit above the word's size. */
static int sloppy_read(void *ctx, uint64_t va, int size, uint64_t *out)
{
	int r = mem_read(ctx, va, size, out);
	if (r == 0 && size < 8)
		*out |= UMAX << (8 * size);
	return r;
}

static void reset(void)
{
	memset(m.bytes, 0xaa, sizeof(m.bytes));
	m.hole_lo = m.hole_hi = 0;
	m.reads = 0;
}

static void poke(uint64_t va, int size, uint64_t v)
{
	memcpy(&m.bytes[va - BASE], &v, size);
}

static struct exos_pred_term mterm(uint64_t va, int size, int op, uint64_t mask, uint64_t value,
				   uint8_t last)
{
	return (struct exos_pred_term){ .va = va, .mask = mask, .value = value,
					.size = (uint8_t)size, .op = (uint8_t)op, .last = last };
}

static struct exos_pred_term term(uint64_t va, int size, int op, uint64_t value, uint8_t last)
{
	return mterm(va, size, op, UMAX, value, last);
}

static int eval1(struct exos_pred_term t)
{
	struct exos_pred p = { .nterms = 1, .term = { t } };
	return pred_eval(&p, mem_read, NULL);
}

static int check_p(const struct exos_pred *p)
{
	return pred_check(p, mem_read, NULL);
}

static int eval_p(const struct exos_pred *p)
{
	return pred_eval(p, mem_read, NULL);
}

/* A word equal to 1 at BASE and one equal to 0 at BASE+8 (size 8). */
#define T(last) term(BASE, 8, EXOS_PRED_EQ, 1, last)
#define F(last) term(BASE + 8, 8, EXOS_PRED_EQ, 1, last)

static void reset_tf(void)
{
	reset();
	poke(BASE, 8, 1);
	poke(BASE + 8, 8, 0);
}

/* ------------------------------------------------------------ ops */

/* Expected results in the order EQ NE LTU LEU GTU GEU LT LE GT GE. */
static const struct op_row {
	int size;
	uint64_t x, value;
	const char *want;
} op_rows[] = {
	{ 1, 0x80, 0, "0100111100" },
	{ 1, 0x7f, 0x7f, "1001010101" },
	{ 1, 0x7f, 0xffffffffffffff80ULL, "0111000011" },
	{ 1, 0xff, UMAX, "0111000101" },
	{ 1, 0xff, 0, "0100111100" },
	{ 1, 0, 1, "0111001100" },
	{ 1, 0x80, 0xffffffffffffff80ULL, "0111000101" },
	{ 1, 0x80, 0x80, "1001011100" },
	{ 1, 1, 0, "0100110011" },

	{ 2, 0x8000, 0, "0100111100" },
	{ 2, 0x7fff, 0x7fff, "1001010101" },
	{ 2, 0x7fff, 0xffffffffffff8000ULL, "0111000011" },
	{ 2, 0xffff, UMAX, "0111000101" },
	{ 2, 0xffff, 0, "0100111100" },
	{ 2, 0, 1, "0111001100" },
	{ 2, 0x8000, 0xffffffffffff8000ULL, "0111000101" },
	{ 2, 0x8000, 0x8000, "1001011100" },
	{ 2, 1, 0, "0100110011" },

	{ 4, 0x80000000, 0, "0100111100" },
	{ 4, 0x7fffffff, 0x7fffffff, "1001010101" },
	{ 4, 0x7fffffff, 0xffffffff80000000ULL, "0111000011" },
	{ 4, 0xffffffff, UMAX, "0111000101" },
	{ 4, 0xffffffff, 0, "0100111100" },
	{ 4, 0, 1, "0111001100" },
	{ 4, 0x80000000, 0xffffffff80000000ULL, "0111000101" },
	{ 4, 0x80000000, 0x80000000, "1001011100" },
	{ 4, 1, 0, "0100110011" },

	{ 8, 0x8000000000000000ULL, 0, "0100111100" },
	{ 8, 0x7fffffffffffffffULL, 0x7fffffffffffffffULL, "1001010101" },
	{ 8, 0x7fffffffffffffffULL, 0x8000000000000000ULL, "0111000011" },
	{ 8, UMAX, UMAX, "1001010101" },
	{ 8, UMAX, 0, "0100111100" },
	{ 8, 0, 1, "0111001100" },
	{ 8, 0x8000000000000000ULL, 0x8000000000000000ULL, "1001010101" },
	{ 8, 1, 0, "0100110011" },
	{ 8, UMAX - 1, UMAX, "0111001100" },
};

/** Every op at every size gives the exact result on sign-bit, max, -1, 0 and 1 boundaries. */
TEST(ops_at_every_size)
{
	for (size_t r = 0; r < ARRAY_SIZE(op_rows); r++) {
		const struct op_row *row = &op_rows[r];
		reset();
		poke(BASE + 16, row->size, row->x);
		for (int op = 0; op < EXOS_PRED_NOPS; op++) {
			int got = eval1(term(BASE + 16, row->size, op, row->value, END));
			if (got != row->want[op] - '0')
				CHECK_FAIL("row %zu (size %d x %#llx value %#llx) op %d: got %d",
					   r, row->size, (unsigned long long)row->x,
					   (unsigned long long)row->value, op, got);
		}
	}
}

/** Signed ops see 1, 2 and 4-byte words with the top bit set as negative. */
TEST(signed_ops_sign_extend_small_sizes)
{
	reset();
	poke(BASE, 1, 0xff);
	poke(BASE + 2, 2, 0xfffe);
	poke(BASE + 4, 4, 0x80000000);
	CHECK_EQ(eval1(term(BASE, 1, EXOS_PRED_LT, 0, END)), 1);
	CHECK_EQ(eval1(term(BASE, 1, EXOS_PRED_EQ, 0xff, END)), 1);
	CHECK_EQ(eval1(term(BASE, 1, EXOS_PRED_GE, (uint64_t)-1, END)), 1);
	CHECK_EQ(eval1(term(BASE + 2, 2, EXOS_PRED_LE, (uint64_t)-2, END)), 1);
	CHECK_EQ(eval1(term(BASE + 2, 2, EXOS_PRED_LT, (uint64_t)-2, END)), 0);
	CHECK_EQ(eval1(term(BASE + 4, 4, EXOS_PRED_LT, (uint64_t)-2147483647, END)), 1);
	CHECK_EQ(eval1(term(BASE + 4, 4, EXOS_PRED_GTU, 0x7fffffff, END)), 1);
}

/* ------------------------------------------------------------ masks */

/** The mask selects bits of the word before the comparison. */
TEST(mask_selects_bits)
{
	reset();
	poke(BASE, 2, 0xabcd);
	CHECK_EQ(eval1(mterm(BASE, 2, EXOS_PRED_EQ, 0xff00, 0xab00, END)), 1);
	CHECK_EQ(eval1(mterm(BASE, 2, EXOS_PRED_EQ, 0x00ff, 0xcd, END)), 1);
	CHECK_EQ(eval1(mterm(BASE, 2, EXOS_PRED_EQ, 0x00ff, 0xabcd, END)), 0);
	CHECK_EQ(eval1(mterm(BASE, 2, EXOS_PRED_EQ, 0, 0, END)), 1);
	CHECK_EQ(eval1(mterm(BASE, 2, EXOS_PRED_NE, 0x0001, 0, END)), 1);
}

/** Signed ops sign-extend the masked word: masking off the sign bit makes it positive. */
TEST(mask_applies_before_sign_extension)
{
	reset();
	poke(BASE, 1, 0xf0);
	CHECK_EQ(eval1(mterm(BASE, 1, EXOS_PRED_GT, 0x70, 0, END)), 1);
	CHECK_EQ(eval1(mterm(BASE, 1, EXOS_PRED_EQ, 0x70, 0x70, END)), 1);
	CHECK_EQ(eval1(mterm(BASE, 1, EXOS_PRED_LT, 0xf0, (uint64_t)-15, END)), 1);
	CHECK_EQ(eval1(mterm(BASE, 1, EXOS_PRED_EQ, 0x80, 0x80, END)), 1);
	CHECK_EQ(eval1(mterm(BASE, 1, EXOS_PRED_LT, 0x80, 0, END)), 1);
}

/** Bits above the size count for nothing, even when the reader returns junk there. */
TEST(bits_above_size_ignored)
{
	struct exos_pred p = { .nterms = 2 };
	reset();
	poke(BASE, 1, 0x01);
	poke(BASE + 4, 4, 0x7fffffff);
	p.term[0] = term(BASE, 1, EXOS_PRED_EQ, 1, AND);
	p.term[1] = term(BASE + 4, 4, EXOS_PRED_GT, 0, END);
	CHECK_EQ(pred_eval(&p, sloppy_read, NULL), 1);
	CHECK_EQ(pred_eval(&p, mem_read, NULL), 1);
}

/* ------------------------------------------------------------ sums of products */

/** Terms group into products at last=1: (a&b)|c, a|(b&c), a&b&c, a|b|c differ as they should. */
TEST(products_and_sums_grouping)
{
	struct exos_pred p = { .nterms = 3 };
	reset_tf();
	p.term[0] = F(AND), p.term[1] = F(END), p.term[2] = T(END);
	CHECK_EQ(eval_p(&p), 1);
	p.term[0] = F(END), p.term[1] = F(AND), p.term[2] = T(END);
	CHECK_EQ(eval_p(&p), 0);
	p.term[0] = T(AND), p.term[1] = T(AND), p.term[2] = F(END);
	CHECK_EQ(eval_p(&p), 0);
	p.term[0] = F(END), p.term[1] = F(END), p.term[2] = T(END);
	CHECK_EQ(eval_p(&p), 1);
	p.term[0] = T(AND), p.term[1] = F(END), p.term[2] = F(END);
	CHECK_EQ(eval_p(&p), 0);
	p.term[0] = T(AND), p.term[1] = T(END), p.term[2] = F(END);
	CHECK_EQ(eval_p(&p), 1);
}

/** Evaluation stops at the first true product. */
TEST(first_true_product_stops_evaluation)
{
	struct exos_pred p = { .nterms = 4 };
	reset_tf();
	p.term[0] = T(AND), p.term[1] = T(END), p.term[2] = F(END), p.term[3] = T(END);
	CHECK_EQ(eval_p(&p), 1);
	CHECK_EQ(m.reads, 2);
}

/** A false term skips the rest of its product, not the next product. */
TEST(false_term_skips_rest_of_product)
{
	struct exos_pred p = { .nterms = 4 };
	reset_tf();
	p.term[0] = F(AND), p.term[1] = T(AND), p.term[2] = T(END), p.term[3] = T(END);
	CHECK_EQ(eval_p(&p), 1);
	CHECK_EQ(m.reads, 2);
}

/* ------------------------------------------------------------ unreadable, cost */

/** A word that became unreadable after install makes the predicate true. */
TEST(unreadable_at_eval_wakes)
{
	struct exos_pred p = { .nterms = 2 };
	reset_tf();
	p.term[0] = F(END);
	p.term[1] = term(BASE + 32, 4, EXOS_PRED_EQ, 12345, END);
	CHECK_EQ(check_p(&p), 0);
	CHECK_EQ(eval_p(&p), 0);
	m.hole_lo = BASE + 32, m.hole_hi = BASE + 36;
	m.reads = 0;
	CHECK_EQ(eval_p(&p), 1);
	CHECK_EQ(m.reads, 2);
}

/** An unreadable word that evaluation skips does not wake the sleeper. */
TEST(skipped_unreadable_word_does_not_wake)
{
	struct exos_pred p = { .nterms = 3 };
	reset_tf();
	m.hole_lo = BASE + 32, m.hole_hi = BASE + 40;
	p.term[0] = F(AND);
	p.term[1] = term(BASE + 32, 8, EXOS_PRED_EQ, 0, END);
	p.term[2] = F(END);
	CHECK_EQ(eval_p(&p), 0);
	CHECK_EQ(m.reads, 2);
}

/** The longest predicates cost exactly 16 reads, whether true or false. */
TEST(eval_reads_at_most_16)
{
	struct exos_pred p = { .nterms = EXOS_PRED_MAX_TERMS };
	reset_tf();
	for (int i = 0; i < EXOS_PRED_MAX_TERMS; i++)
		p.term[i] = F(END);
	CHECK_EQ(eval_p(&p), 0);
	CHECK_EQ(m.reads, 16);
	for (int i = 0; i < EXOS_PRED_MAX_TERMS; i++)
		p.term[i] = T(i == EXOS_PRED_MAX_TERMS - 1 ? END : AND);
	m.reads = 0;
	CHECK_EQ(eval_p(&p), 1);
	CHECK_EQ(m.reads, 16);
}

/** A malformed predicate evaluates to true without reading out of bounds. */
TEST(eval_malformed_wakes)
{
	struct exos_pred p = { .nterms = 0 };
	reset_tf();
	CHECK_EQ(eval_p(&p), 1);
	p.nterms = 17;
	CHECK_EQ(eval_p(&p), 1);
	p.nterms = UINT32_MAX;
	CHECK_EQ(eval_p(&p), 1);
	CHECK_EQ(m.reads, 0);
	p.nterms = 1;
	p.term[0] = F(END);
	p.term[0].size = 3;
	CHECK_EQ(eval_p(&p), 1);
	p.term[0] = F(END);
	p.term[0].op = 200;
	CHECK_EQ(eval_p(&p), 1);
	p.term[0] = T(AND);           /* an unterminated product still counts */
	CHECK_EQ(eval_p(&p), 1);
	p.term[0] = F(AND);
	CHECK_EQ(eval_p(&p), 0);
}

/* ------------------------------------------------------------ pred_check */

/** A well-formed predicate passes and costs one read per term. */
TEST(check_accepts_well_formed)
{
	struct exos_pred p = { .nterms = 3 };
	reset_tf();
	p.term[0] = term(BASE + 1, 1, EXOS_PRED_GEU, 0, AND);
	p.term[1] = term(BASE + 2, 2, EXOS_PRED_LT, 0, END);
	p.term[2] = term(BASE + 124, 4, EXOS_PRED_NE, 0, END);
	CHECK_EQ(check_p(&p), 0);
	CHECK_EQ(m.reads, 3);
}

/** nterms outside 1..16 fails with E_RANGE before anything is read. */
TEST(check_nterms_range)
{
	struct exos_pred p = { .nterms = 0 };
	reset_tf();
	for (int i = 0; i < EXOS_PRED_MAX_TERMS; i++)
		p.term[i] = T(END);
	CHECK_EQ(check_p(&p), -E_RANGE);
	p.nterms = 17;
	CHECK_EQ(check_p(&p), -E_RANGE);
	p.nterms = UINT32_MAX;
	CHECK_EQ(check_p(&p), -E_RANGE);
	p.nterms = 0x80000000u;
	CHECK_EQ(check_p(&p), -E_RANGE);
	CHECK_EQ(m.reads, 0);
	p.nterms = 16;
	CHECK_EQ(check_p(&p), 0);
}

/** A size other than 1, 2, 4 or 8 fails with E_INVAL. */
TEST(check_bad_size)
{
	const int bad[] = { 0, 3, 5, 6, 7, 9, 16, 255 };
	struct exos_pred p = { .nterms = 2 };
	reset_tf();
	p.term[0] = T(AND);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		p.term[1] = term(BASE, bad[i], EXOS_PRED_EQ, 0, END);
		CHECK_EQ(check_p(&p), -E_INVAL);
	}
	CHECK_EQ(m.reads, 0);
}

/** Ops 0..9 pass; any other op fails with E_INVAL. */
TEST(check_bad_op)
{
	struct exos_pred p = { .nterms = 1 };
	reset_tf();
	for (int op = 0; op < EXOS_PRED_NOPS; op++) {
		p.term[0] = term(BASE, 8, op, 0, END);
		CHECK_EQ(check_p(&p), 0);
	}
	p.term[0].op = EXOS_PRED_NOPS;
	CHECK_EQ(check_p(&p), -E_INVAL);
	p.term[0].op = 255;
	CHECK_EQ(check_p(&p), -E_INVAL);
}

/** Any nonzero padding byte, in a term or the header, fails with E_INVAL. */
TEST(check_nonzero_padding)
{
	struct exos_pred p = { .nterms = 1 };
	reset_tf();
	for (int i = 0; i < 5; i++) {
		p.term[0] = T(END);
		p.term[0]._pad[i] = 1;
		CHECK_EQ(check_p(&p), -E_INVAL);
	}
	p.term[0] = T(END);
	p._pad = 0x100;
	CHECK_EQ(check_p(&p), -E_INVAL);
	p._pad = 0;
	CHECK_EQ(check_p(&p), 0);
}

/** last must be 0 or 1. */
TEST(check_last_is_boolean)
{
	struct exos_pred p = { .nterms = 2 };
	reset_tf();
	p.term[0] = T(2);
	p.term[1] = T(END);
	CHECK_EQ(check_p(&p), -E_INVAL);
	p.term[0] = T(AND);
	p.term[1] = T(255);
	CHECK_EQ(check_p(&p), -E_INVAL);
}

/** A va not aligned to its size fails with E_ALIGN; bytes may sit anywhere. */
TEST(check_misaligned)
{
	struct exos_pred p = { .nterms = 1 };
	reset_tf();
	p.term[0] = term(BASE + 1, 2, EXOS_PRED_EQ, 0, END);
	CHECK_EQ(check_p(&p), -E_ALIGN);
	p.term[0] = term(BASE + 2, 4, EXOS_PRED_EQ, 0, END);
	CHECK_EQ(check_p(&p), -E_ALIGN);
	p.term[0] = term(BASE + 4, 8, EXOS_PRED_EQ, 0, END);
	CHECK_EQ(check_p(&p), -E_ALIGN);
	p.term[0] = term(UMAX, 8, EXOS_PRED_EQ, 0, END);
	CHECK_EQ(check_p(&p), -E_ALIGN);
	CHECK_EQ(m.reads, 0);
	p.term[0] = term(BASE + 7, 1, EXOS_PRED_EQ, 0, END);
	CHECK_EQ(check_p(&p), 0);
}

/** The final term must end a product. */
TEST(check_final_term_must_end_product)
{
	struct exos_pred p = { .nterms = 2 };
	reset_tf();
	p.term[0] = T(END);
	p.term[1] = T(AND);
	CHECK_EQ(check_p(&p), -E_INVAL);
	CHECK_EQ(m.reads, 0);
}

/** A word the env cannot read at install fails with E_FAULT. */
TEST(check_unreadable)
{
	struct exos_pred p = { .nterms = 3 };
	reset_tf();
	p.term[0] = T(AND);
	p.term[1] = T(END);
	p.term[2] = term(BASE + 128, 8, EXOS_PRED_EQ, 0, END);
	CHECK_EQ(check_p(&p), -E_FAULT);
	p.term[2] = term(BASE + 64, 8, EXOS_PRED_EQ, 0, END);
	m.hole_lo = BASE + 64, m.hole_hi = BASE + 65;
	CHECK_EQ(check_p(&p), -E_FAULT);
	p.term[2] = term(0, 8, EXOS_PRED_EQ, 0, END);
	CHECK_EQ(check_p(&p), -E_FAULT);
}

/** Errors come range, format, alignment, final last, readability, over all terms. */
TEST(check_error_priority)
{
	struct exos_pred p = { .nterms = 3 };
	reset_tf();
	p.term[0] = term(BASE + 200, 8, EXOS_PRED_EQ, 0, AND);   /* unreadable */
	p.term[1] = term(BASE + 1, 2, EXOS_PRED_EQ, 0, AND);     /* misaligned */
	p.term[2] = term(BASE, 3, EXOS_PRED_EQ, 0, AND);         /* bad size, last 0 */
	p.nterms = 17;
	CHECK_EQ(check_p(&p), -E_RANGE);
	p.nterms = 3;
	CHECK_EQ(check_p(&p), -E_INVAL);
	p.term[2].size = 8;
	CHECK_EQ(check_p(&p), -E_ALIGN);
	p.term[1].va = BASE + 2;
	CHECK_EQ(check_p(&p), -E_INVAL);
	CHECK_EQ(m.reads, 0);
	p.term[2].last = 1;
	CHECK_EQ(check_p(&p), -E_FAULT);
	p.term[0].va = BASE + 8;
	CHECK_EQ(check_p(&p), 0);
}

/** Terms past nterms are not looked at. */
TEST(check_ignores_terms_past_nterms)
{
	struct exos_pred p = { .nterms = 1 };
	reset_tf();
	memset(p.term, 0xff, sizeof(p.term));
	p.term[0] = T(END);
	CHECK_EQ(check_p(&p), 0);
	CHECK_EQ(eval_p(&p), 1);
	CHECK_EQ(m.reads, 2);
}

TEST_MAIN()
