/*
 * test_dpf - DPF's checker (every error, in order), the exact
 * intersection test (edge cases, and a brute-force oracle over small
 * frames), the ownership rule with grants, insertion and removal, the
 * merged trie's shape, and the interpreter against the one-at-a-time
 * oracle on random filter sets and frames of every length 0-1514
 * placed flush against an unmapped page.
 */
#include "check.h"
#include "dpf/dpf.h"
#include "dpf_gen.h"
#include "dpf_naive.h"
#include "exos/errno.h"

static struct dpf_table T, saved;
static struct naive_set N;
static struct gen_guard guard;
static uint8_t frame[GEN_FRAME_MAX];

static void setup(void)
{
	dpf_init(&T);
	memset(&N, 0, sizeof(N));
	if (!guard.page)
		gen_guard_init(&guard);
}

static struct exos_dpf_filter one(struct exos_dpf_atom a)
{
	struct exos_dpf_filter f;

	gen_filter_init(&f);
	gen_add(&f, a);
	return f;
}

static struct exos_dpf_filter two(struct exos_dpf_atom a, struct exos_dpf_atom b)
{
	struct exos_dpf_filter f = one(a);

	gen_add(&f, b);
	return f;
}

static int check(struct exos_dpf_filter f)
{
	struct dpf_filter c;

	return dpf_check(&f, &c);
}

/* Check both and ask whether they intersect; -1 if either is rejected. */
static int inter(struct exos_dpf_filter a, struct exos_dpf_filter b)
{
	struct dpf_filter ca, cb;

	if (dpf_check(&a, &ca) || dpf_check(&b, &cb))
		return -1;
	int r = dpf_intersects(&ca, &cb);
	if (dpf_intersects(&cb, &ca) != r)
		return -2;
	return r;
}

static struct exos_dpf_filter port(uint8_t proto, uint16_t p)
{
	struct exos_dpf_filter f;

	gen_ip_port(&f, proto, p);
	return f;
}

/* Insert into the table and, when accepted, into the oracle. */
static int ins(struct exos_dpf_filter f, uint32_t owner)
{
	int id = dpf_insert(&T, &f, owner, NULL, NULL);

	if (id >= 0)
		naive_add(&N, id, &f);
	return id;
}

/* A UDP/IPv4 frame to dst_port with an IP header of ihl words, from
 * 10.0.2.2:src_port to 10.0.2.15; len is the whole frame's. */
static size_t udp_frame(uint8_t *b, int ihl, uint16_t src_port, uint16_t dst_port)
{
	size_t ip = 14, udp = ip + 4 * (size_t)ihl;

	memset(b, 0, GEN_FRAME_MAX);
	b[12] = 0x08;
	b[13] = 0x00;
	b[ip] = (uint8_t)(0x40 | ihl);
	b[ip + 9] = 17;
	memcpy(b + ip + 12, "\x0a\x00\x02\x02\x0a\x00\x02\x0f", 8);
	b[udp] = (uint8_t)(src_port >> 8);
	b[udp + 1] = (uint8_t)src_port;
	b[udp + 2] = (uint8_t)(dst_port >> 8);
	b[udp + 3] = (uint8_t)dst_port;
	return udp + 8 + 4;
}

static int classify(const uint8_t *b, size_t len)
{
	return dpf_classify(&T.trie, gen_flush(&guard, b, len), len);
}

/* ---------------------------------------------------------------- the checker */

/** A UDP port filter is accepted and put in canonical order: direct atoms by offset, then IND ones carrying the indirection. */
TEST(check_canonical_order)
{
	struct exos_dpf_filter f;
	struct dpf_filter c;

	gen_filter_init(&f);
	gen_set_ind(&f, 14, 0x0f, 2);
	gen_add(&f, gen_ind_atom(16, 2, 0xffff, 53));
	gen_add(&f, gen_atom(23, 1, 0xff, 17));
	gen_add(&f, gen_atom(12, 2, 0xffff, 0x0800));
	CHECK_EQ(dpf_check(&f, &c), 0);
	CHECK_EQ(c.natoms, 3);
	CHECK_EQ(c.atom[0].f.offset, 12);
	CHECK_EQ(c.atom[0].f.ind, 0);
	CHECK_EQ(c.atom[0].f.ind_mask, 0);
	CHECK_EQ(c.atom[1].f.offset, 23);
	CHECK_EQ(c.atom[2].f.offset, 16);
	CHECK_EQ(c.atom[2].f.ind, 1);
	CHECK_EQ(c.atom[2].f.ind_offset, 14);
	CHECK_EQ(c.atom[2].f.ind_mask, 0x0f);
	CHECK_EQ(c.atom[2].f.ind_shift, 2);
	CHECK_EQ(c.atom[2].value, 53);
}

/** natoms outside 1..16 is -E_RANGE, before any other error. */
TEST(check_natoms_range)
{
	struct exos_dpf_filter f;

	gen_filter_init(&f);
	f.atom[0].width = 3;   /* malformed too: the count is reported first */
	CHECK_EQ(check(f), -E_RANGE);
	f.natoms = EXOS_DPF_MAX_ATOMS + 1;
	CHECK_EQ(check(f), -E_RANGE);
	f.natoms = 0xffff;
	CHECK_EQ(check(f), -E_RANGE);
}

/** Every malformed atom is -E_INVAL: width, flags, padding, zero mask, mask above the width, value outside the mask. */
TEST(check_atom_format)
{
	CHECK_EQ(check(one(gen_atom(0, 1, 0xff, 1))), 0);
	CHECK_EQ(check(one(gen_atom(0, 3, 0xff, 1))), -E_INVAL);
	CHECK_EQ(check(one(gen_atom(0, 0, 0xff, 1))), -E_INVAL);
	CHECK_EQ(check(one(gen_atom(0, 16, 0xff, 1))), -E_INVAL);
	struct exos_dpf_atom a = gen_atom(0, 1, 0xff, 1);
	a.flags = 0x02;
	CHECK_EQ(check(one(a)), -E_INVAL);
	a = gen_atom(0, 1, 0xff, 1);
	a._pad = 1;
	CHECK_EQ(check(one(a)), -E_INVAL);
	CHECK_EQ(check(one(gen_atom(0, 1, 0, 0))), -E_INVAL);
	CHECK_EQ(check(one(gen_atom(0, 1, 0x1ff, 1))), -E_INVAL);
	CHECK_EQ(check(one(gen_atom(0, 4, 0x1ffffffffULL, 1))), -E_INVAL);
	CHECK_EQ(check(one(gen_atom(0, 8, ~0ULL, ~0ULL))), 0);
	CHECK_EQ(check(one(gen_atom(0, 2, 0xff00, 0x0001))), -E_INVAL);
}

/** The indirection's own rules are -E_INVAL: IND atom without one, more than 4 mask bits, shift above 3, fields set with no IND atom, filter padding. */
TEST(check_indirection_format)
{
	struct exos_dpf_filter f = one(gen_ind_atom(2, 2, 0xffff, 80));

	CHECK_EQ(check(f), -E_INVAL);            /* ind_mask 0 */
	gen_set_ind(&f, 14, 0x0f, 2);
	CHECK_EQ(check(f), 0);
	gen_set_ind(&f, 14, 0x1f, 2);
	CHECK_EQ(check(f), -E_INVAL);            /* 5 bits */
	gen_set_ind(&f, 14, 0xf0, 3);
	CHECK_EQ(check(f), 0);
	gen_set_ind(&f, 14, 0x0f, 4);
	CHECK_EQ(check(f), -E_INVAL);
	f = one(gen_atom(12, 2, 0xffff, 0x0800));
	gen_set_ind(&f, 14, 0, 0);
	CHECK_EQ(check(f), -E_INVAL);            /* ind_offset without IND atoms */
	gen_set_ind(&f, 0, 0, 1);
	CHECK_EQ(check(f), -E_INVAL);
	gen_set_ind(&f, 0, 0, 0);
	f._pad[1] = 1;
	CHECK_EQ(check(f), -E_INVAL);
}

/** offset + width may reach EXOS_DPF_MAX_FRAME but not pass it, for direct and IND atoms and the indirection byte; -E_RANGE. */
TEST(check_extent)
{
	CHECK_EQ(check(one(gen_atom(1512, 2, 0xffff, 1))), 0);
	CHECK_EQ(check(one(gen_atom(1513, 2, 0xffff, 1))), -E_RANGE);
	CHECK_EQ(check(one(gen_atom(1507, 8, 1, 1))), -E_RANGE);
	CHECK_EQ(check(one(gen_atom(0xffff, 1, 1, 1))), -E_RANGE);
	struct exos_dpf_filter f = one(gen_ind_atom(1513, 1, 1, 1));
	gen_set_ind(&f, 1513, 1, 0);
	CHECK_EQ(check(f), 0);
	f.atom[0].offset = 1514;
	CHECK_EQ(check(f), -E_RANGE);
	f.atom[0].offset = 0;
	gen_set_ind(&f, 1514, 1, 0);
	CHECK_EQ(check(f), -E_RANGE);
}

/** A format error is reported before an extent error in another atom. */
TEST(check_format_before_extent)
{
	CHECK_EQ(check(two(gen_atom(2000, 1, 1, 1), gen_atom(0, 3, 1, 1))), -E_INVAL);
	CHECK_EQ(check(two(gen_atom(2000, 1, 1, 1), gen_atom(0, 1, 1, 1))), -E_RANGE);
}

/** The same field twice is -E_INVAL, even with the same value; another mask on the same bytes is another field. */
TEST(check_same_field_twice)
{
	CHECK_EQ(check(two(gen_atom(12, 2, 0xffff, 8), gen_atom(12, 2, 0xffff, 8))), -E_INVAL);
	CHECK_EQ(check(two(gen_atom(12, 2, 0xffff, 8), gen_atom(12, 2, 0xffff, 9))), -E_INVAL);
	CHECK_EQ(check(two(gen_atom(12, 2, 0xff00, 0x800), gen_atom(12, 2, 0x00ff, 0))), 0);
	CHECK_EQ(check(two(gen_atom(12, 2, 0xffff, 8), gen_atom(12, 1, 0xff, 0))), 0);
}

/** Atoms that contradict each other are -E_INVAL: overlapping bytes, and a clash that only the forced indirection value creates. */
TEST(check_contradiction)
{
	CHECK_EQ(check(two(gen_atom(12, 2, 0xffff, 0x0800), gen_atom(13, 1, 0xff, 1))), -E_INVAL);
	CHECK_EQ(check(two(gen_atom(12, 2, 0xffff, 0x0800), gen_atom(13, 1, 0xf0, 0))), 0);
	CHECK_EQ(check(two(gen_atom(0, 8, 0xff, 0x5a), gen_atom(7, 1, 0x0f, 0x0b))), -E_INVAL);
	CHECK_EQ(check(two(gen_atom(0, 8, 0xff, 0x5a), gen_atom(7, 1, 0x0f, 0x0a))), 0);

	/* IHL forced to 5 puts the IND atom at 14 + 20 = 34, where a direct atom disagrees. */
	struct exos_dpf_filter f;
	gen_filter_init(&f);
	gen_set_ind(&f, 14, 0x0f, 2);
	gen_add(&f, gen_atom(14, 1, 0x0f, 5));
	gen_add(&f, gen_atom(34, 1, 0xff, 0x55));
	gen_add(&f, gen_ind_atom(14, 1, 0xff, 0xaa));
	CHECK_EQ(check(f), -E_INVAL);
	f.atom[0].value = 6;                 /* IND atom at 38 instead */
	CHECK_EQ(check(f), 0);
	f.natoms = 1;                        /* without the IHL atom another value works */
	f.atom[0] = gen_atom(34, 1, 0xff, 0x55);
	gen_add(&f, gen_ind_atom(14, 1, 0xff, 0xaa));
	CHECK_EQ(check(f), 0);

	/* An IND atom on the indirection byte itself, at d = 0 only. */
	gen_filter_init(&f);
	gen_set_ind(&f, 0, 0x03, 0);
	gen_add(&f, gen_ind_atom(0, 1, 0x03, 2));   /* byte 0 + d; at d = 0 it is byte 0 = 2? */
	gen_add(&f, gen_atom(0, 1, 0x03, 0));       /* forces d = 0: then byte 0 & 3 must be 2 */
	CHECK_EQ(check(f), -E_INVAL);
	f.atom[1].value = 2;                        /* d = 2: the IND atom reads byte 2 */
	CHECK_EQ(check(f), 0);
}

/* ---------------------------------------------------------------- intersection */

/** The same field with different values never intersects; with the same value it does. */
TEST(intersect_same_field)
{
	CHECK_EQ(inter(port(17, 80), port(17, 81)), 0);
	CHECK_EQ(inter(port(17, 80), port(6, 80)), 0);
	CHECK_EQ(inter(port(17, 80), port(17, 80)), 1);
}

/** Different fields over the same bytes intersect exactly when the bits both care about agree. */
TEST(intersect_overlapping_fields)
{
	CHECK_EQ(inter(one(gen_atom(12, 2, 0xff00, 0x0800)), one(gen_atom(12, 1, 0xff, 0x08))), 1);
	CHECK_EQ(inter(one(gen_atom(12, 2, 0xff00, 0x0800)), one(gen_atom(12, 1, 0xff, 0x09))), 0);
	CHECK_EQ(inter(one(gen_atom(12, 2, 0xff00, 0x0800)), one(gen_atom(12, 2, 0x00ff, 0x01))), 1);
	CHECK_EQ(inter(one(gen_atom(12, 2, 0xfff0, 0x0800)), one(gen_atom(12, 2, 0x0fff, 0x0810))), 0);
	CHECK_EQ(inter(one(gen_atom(12, 2, 0xfff0, 0x0800)), one(gen_atom(12, 2, 0x0fff, 0x0800))), 1);
	CHECK_EQ(inter(one(gen_atom(0, 8, 0xff, 0x11)), one(gen_atom(7, 1, 0xff, 0x11))), 1);
	CHECK_EQ(inter(one(gen_atom(0, 8, 0xff, 0x11)), one(gen_atom(7, 1, 0xff, 0x12))), 0);
	CHECK_EQ(inter(one(gen_atom(0, 8, 0xff, 0x11)), one(gen_atom(6, 1, 0xff, 0x12))), 1);
}

/** Adjacent fields that share no byte always intersect, and so do atoms near the largest frame's end. */
TEST(intersect_adjacent_and_far)
{
	CHECK_EQ(inter(one(gen_atom(12, 2, 0xffff, 1)), one(gen_atom(14, 2, 0xffff, 2))), 1);
	CHECK_EQ(inter(one(gen_atom(12, 2, 0xffff, 1)), one(gen_atom(11, 1, 0xff, 2))), 1);
	CHECK_EQ(inter(one(gen_atom(1512, 2, 0xffff, 1)), one(gen_atom(0, 1, 0xff, 2))), 1);
}

/** An IND atom and a direct atom meet only for the indirection values that put them on the same bytes. */
TEST(intersect_indirect_vs_direct)
{
	struct exos_dpf_filter a = port(17, 80), b = one(gen_atom(36, 2, 0xffff, 81));

	CHECK_EQ(inter(a, b), 1);            /* IHL 6: the port is at 40, byte 36 is free */
	gen_add(&a, gen_atom(14, 1, 0x0f, 5));
	CHECK_EQ(inter(a, b), 0);            /* IHL 5 forced: both read 36 */
	b.atom[0].value = 80;
	CHECK_EQ(inter(a, b), 1);
	a.atom[3].value = 6;                 /* IHL 6: the port at 40 */
	b.atom[0].value = 81;
	CHECK_EQ(inter(a, b), 1);
}

/** Two different indirections: the pair of values decides, and the indirection bytes themselves must agree. */
TEST(intersect_two_indirections)
{
	struct exos_dpf_filter a, b;

	/* a: byte 0 & 3 picks d in 0..3; IND byte at 4 + d is 0xaa.
	 * b: byte 0 & 3 (shift 1) picks d in {0,2,4,6}; IND byte at 2 + d is 0x55. */
	gen_filter_init(&a);
	gen_set_ind(&a, 0, 0x03, 0);
	gen_add(&a, gen_ind_atom(4, 1, 0xff, 0xaa));
	gen_filter_init(&b);
	gen_set_ind(&b, 0, 0x03, 1);
	gen_add(&b, gen_ind_atom(2, 1, 0xff, 0x55));
	CHECK_EQ(inter(a, b), 1);       /* v = 0: a at 4, b at 2 */
	gen_add(&a, gen_atom(0, 1, 0x03, 2));
	gen_add(&b, gen_atom(0, 1, 0x03, 2));
	CHECK_EQ(inter(a, b), 0);       /* both forced to v = 2: a at 6, b at 6 */
	b.atom[1].value = 1;
	CHECK_EQ(inter(a, b), 0);       /* the indirection bytes disagree */
	b.atom[0].value = 0xaa;         /* same place, same byte */
	b.atom[1].value = 2;
	CHECK_EQ(inter(a, b), 1);
}

/* Small filters for the brute-force oracle: every atom lies in bytes
 * 0..7 for every indirection value, and every mask bit is bit 0 or 1 of
 * its byte, so 2^16 frames decide intersection exactly. */
static void small_filter(uint64_t *s, struct exos_dpf_filter *f)
{
	int n = 1 + (int)gen_below(s, 3);
	bool ind = gen_below(s, 2);

	gen_filter_init(f);
	if (ind)
		gen_set_ind(f, (uint16_t)gen_below(s, 4), (uint8_t)(1 + gen_below(s, 3)), 0);
	for (int i = 0; i < n; i++) {
		int w = gen_below(s, 3) ? 1 : 2;
		uint64_t m = 0;
		while (!m)
			m = gen_next(s) & (w == 1 ? 0x03 : 0x0303);
		bool is_ind = ind && gen_below(s, 2);
		uint16_t off = (uint16_t)gen_below(s, (uint64_t)((is_ind ? 5 : 9) - w));
		struct exos_dpf_atom a = gen_atom(off, (uint8_t)w, m, gen_next(s) & m);
		if (is_ind)
			a.flags = EXOS_DPF_ATOM_IND;
		gen_add(f, a);
	}
	bool any = false;
	for (int i = 0; i < f->natoms; i++)
		any |= f->atom[i].flags != 0;
	if (!any)
		gen_set_ind(f, 0, 0, 0);
}

static bool brute_intersects(const struct exos_dpf_filter *a, const struct exos_dpf_filter *b)
{
	uint8_t p[8];

	for (uint32_t bits = 0; bits < 65536; bits++) {
		for (int i = 0; i < 8; i++)
			p[i] = (uint8_t)((bits >> (2 * i)) & 3);
		if (naive_match(a, p, 8) && naive_match(b, p, 8))
			return true;
	}
	return false;
}

static bool same_field_twice(const struct exos_dpf_filter *f)
{
	for (int i = 0; i < f->natoms; i++)
		for (int j = 0; j < i; j++)
			if (f->atom[i].offset == f->atom[j].offset &&
			    f->atom[i].width == f->atom[j].width && f->atom[i].mask == f->atom[j].mask &&
			    f->atom[i].flags == f->atom[j].flags)
				return true;
	return false;
}

/* dpf_check's verdict on f is right: accepted exactly when no field is
 * there twice and some frame matches. */
static bool check_is_right(const struct exos_dpf_filter *f, int r)
{
	bool want_ok = !same_field_twice(f) && brute_intersects(f, f);

	return want_ok ? r == 0 : r == -E_INVAL;
}

/** dpf_intersects and the contradiction check agree with an exhaustive search over every relevant frame, on 300 random pairs of small filters with indirections. */
TEST(intersect_matches_brute_force)
{
	uint64_t s = 1234;
	int yes = 0, no = 0, rejected = 0;

	for (int iter = 0; iter < 300; iter++) {
		struct exos_dpf_filter a, b;
		struct dpf_filter ca, cb;
		small_filter(&s, &a);
		small_filter(&s, &b);
		int ra = dpf_check(&a, &ca), rb = dpf_check(&b, &cb);
		if (!check_is_right(&a, ra) || !check_is_right(&b, rb))
			CHECK_FAIL("iter %d: check gave %d, %d", iter, ra, rb);
		if (ra || rb) {
			rejected++;
			continue;
		}
		int got = dpf_intersects(&ca, &cb);
		bool want = brute_intersects(&a, &b);
		if (got != (int)want)
			CHECK_FAIL("iter %d: intersects %d, brute force %d", iter, got, want);
		if (dpf_intersects(&cb, &ca) != got)
			CHECK_FAIL("iter %d: not symmetric", iter);
		yes += want;
		no += !want;
	}
	CHECK(yes > 30 && no > 30 && rejected > 5);
}

/* ---------------------------------------------------------------- ownership */

static struct {
	int calls, id;
	uint32_t new_owner;
	uint32_t allow_owner;   /* filters of this owner allow anyone */
} grant;

static bool grant_fn(void *ctx, const struct dpf_table *t, int id, uint32_t new_owner)
{
	(void)ctx;
	grant.calls++;
	grant.id = id;
	grant.new_owner = new_owner;
	return t->filters[id].owner == grant.allow_owner;
}

/** A filter on another owner's port is -E_BUSY; the same owner may not install the same atoms twice either; other ports are free. */
TEST(owner_same_port_busy)
{
	setup();
	CHECK_EQ(ins(port(17, 80), 1), 0);
	CHECK_EQ(ins(port(17, 80), 2), -E_BUSY);
	CHECK_EQ(ins(port(17, 80), 1), -E_BUSY);
	CHECK_EQ(ins(port(6, 80), 2), 1);
	CHECK_EQ(ins(port(17, 81), 2), 2);
	CHECK_EQ(T.nfilters, 3);
}

/** The Xok flaw: a narrower filter of another owner may not take packets from a broader one (nor a broader from a narrower) without a grant. */
TEST(owner_narrower_needs_grant)
{
	struct exos_dpf_filter udp = two(gen_atom(12, 2, 0xffff, 0x0800), gen_atom(23, 1, 0xff, 17));

	setup();
	CHECK_EQ(ins(udp, 1), 0);
	CHECK_EQ(ins(port(17, 53), 2), -E_BUSY);
	CHECK_EQ(ins(port(6, 53), 2), 1);              /* TCP is not UDP */
	setup();
	CHECK_EQ(ins(port(17, 53), 2), 0);
	CHECK_EQ(ins(udp, 1), -E_BUSY);
}

/** A granted overlap is allowed; the more specific filter then wins the frames both match, the broader one keeps the rest. */
TEST(owner_grant_allows_overlap)
{
	struct exos_dpf_filter narrow = port(17, 80);

	setup();
	memset(&grant, 0, sizeof(grant));
	CHECK_EQ(ins(port(17, 80), 1), 0);
	gen_add(&narrow, gen_atom(26, 4, 0xffffffff, 0x0a000202));   /* from 10.0.2.2 */
	grant.allow_owner = 1;
	int id = dpf_insert(&T, &narrow, 2, grant_fn, NULL);
	CHECK_EQ(id, 1);
	naive_add(&N, id, &narrow);
	CHECK_EQ(grant.calls, 1);
	CHECK_EQ(grant.id, 0);
	CHECK_EQ(grant.new_owner, 2);

	size_t len = udp_frame(frame, 5, 1234, 80);
	CHECK_EQ(classify(frame, len), 1);
	frame[29] = 3;                                   /* from 10.0.2.3 */
	CHECK_EQ(classify(frame, len), 0);
	CHECK_EQ(naive_classify(&N, frame, len), 0);
}

/** Without a grant (the callback says no, or there is none) the overlap is refused and the table is unchanged. */
TEST(owner_refused_changes_nothing)
{
	struct exos_dpf_filter narrow = port(17, 80);

	setup();
	memset(&grant, 0, sizeof(grant));
	CHECK_EQ(ins(port(17, 80), 1), 0);
	gen_add(&narrow, gen_atom(26, 4, 0xffffffff, 0x0a000202));
	grant.allow_owner = 99;
	saved = T;
	CHECK_EQ(dpf_insert(&T, &narrow, 2, grant_fn, NULL), -E_BUSY);
	CHECK_EQ(grant.calls, 1);
	CHECK_EQ(dpf_insert(&T, &narrow, 2, NULL, NULL), -E_BUSY);
	CHECK(!memcmp(&T, &saved, sizeof(T)));
	CHECK_EQ(ins(narrow, 1), 1);                      /* the owner itself may */
}

/** The grant callback is not asked about filters that cannot share a frame with the new one. */
TEST(owner_grant_asked_only_on_overlap)
{
	setup();
	memset(&grant, 0, sizeof(grant));
	for (int p = 1; p <= 50; p++)
		CHECK_EQ(dpf_insert(&T, (struct exos_dpf_filter[]){ port(17, (uint16_t)p) }, 1,
				    grant_fn, NULL), p - 1);
	CHECK_EQ(dpf_insert(&T, (struct exos_dpf_filter[]){ port(17, 51) }, 2, grant_fn, NULL), 50);
	CHECK_EQ(grant.calls, 0);
}

/* ---------------------------------------------------------------- insert, remove */

/** The table takes DPF_MAX_FILTERS filters, then -E_NOMEM; and at most DPF_MAX_TOTAL_ATOMS atoms. */
TEST(table_limits)
{
	setup();
	for (int p = 0; p < DPF_MAX_FILTERS; p++)
		CHECK_EQ(dpf_insert(&T, (struct exos_dpf_filter[]){ port(17, (uint16_t)p) }, 1, NULL,
				    NULL), p);
	CHECK_EQ(dpf_insert(&T, (struct exos_dpf_filter[]){ port(6, 1) }, 1, NULL, NULL), -E_NOMEM);

	setup();
	struct exos_dpf_filter f;
	int n = 0, r;
	gen_filter_init(&f);
	for (int i = 0; i < DPF_MAX_ATOMS; i++)
		gen_add(&f, gen_atom((uint16_t)(2 * i), 2, 0xffff, 0));
	while ((r = dpf_insert(&T, &f, 1, NULL, NULL)) >= 0) {
		n++;
		f.atom[0].value++;
	}
	CHECK_EQ(r, -E_NOMEM);
	CHECK_EQ(n, DPF_MAX_TOTAL_ATOMS / DPF_MAX_ATOMS);
	CHECK_EQ(T.natoms, DPF_MAX_TOTAL_ATOMS);
}

/** Removal: -E_NOENT for ids out of range or free, -E_PERM for another owner's; a removed filter matches nothing and its id is reused. */
TEST(table_remove)
{
	setup();
	CHECK_EQ(ins(port(17, 80), 1), 0);
	CHECK_EQ(ins(port(17, 81), 2), 1);
	CHECK_EQ(dpf_remove(&T, -1, 1), -E_NOENT);
	CHECK_EQ(dpf_remove(&T, DPF_MAX_FILTERS, 1), -E_NOENT);
	CHECK_EQ(dpf_remove(&T, 2, 1), -E_NOENT);
	CHECK_EQ(dpf_remove(&T, 1, 1), -E_PERM);
	size_t len = udp_frame(frame, 5, 9, 80);
	CHECK_EQ(classify(frame, len), 0);
	CHECK_EQ(dpf_remove(&T, 0, 1), 0);
	CHECK_EQ(dpf_remove(&T, 0, 1), -E_NOENT);
	CHECK_EQ(classify(frame, len), EXOS_DPF_NOMATCH);
	CHECK_EQ(T.nfilters, 1);
	CHECK_EQ(T.natoms, 3);
	CHECK_EQ(ins(port(17, 80), 2), 0);               /* now owner 2 may */
	CHECK_EQ(classify(frame, len), 0);
}

/* ---------------------------------------------------------------- the trie */

/** 1,000 port filters merge into one chain with one switch of 1,000 edges on the port field. */
TEST(trie_merges_shared_fields)
{
	setup();
	for (int p = 0; p < 1000; p++)
		CHECK_EQ(ins(port(17, (uint16_t)(1000 + p)), (uint32_t)p), p);
	const struct dpf_trie *tr = &T.trie;
	CHECK_EQ(tr->ngroups, 3);
	CHECK_EQ(tr->nnodes, 3 + 1000);
	CHECK_EQ(tr->nedges, 2 + 1000);
	CHECK_EQ(tr->nodes[0].ngroups, 1);
	CHECK_EQ(tr->groups[0].f.offset, 12);
	CHECK_EQ(tr->groups[2].f.ind, 1);
	CHECK_EQ(tr->groups[2].nedges, 1000);
	for (uint32_t e = 1; e < tr->groups[2].nedges; e++)
		CHECK(tr->edges[tr->groups[2].edge + e - 1].value <
		      tr->edges[tr->groups[2].edge + e].value);
	size_t len = udp_frame(frame, 5, 9, 1500);
	CHECK_EQ(classify(frame, len), 500);
}

/** A filter that is a prefix of another is a leaf on an inner node; frames that fail the longer one fall back to it. */
TEST(trie_prefix_leaf)
{
	struct exos_dpf_filter ip = one(gen_atom(12, 2, 0xffff, 0x0800));

	setup();
	CHECK_EQ(ins(port(17, 53), 1), 0);
	CHECK_EQ(ins(ip, 1), 1);
	CHECK_EQ(T.trie.nodes[1].leaf, 1);
	size_t len = udp_frame(frame, 5, 9, 53);
	CHECK_EQ(classify(frame, len), 0);
	CHECK_EQ(classify(frame, 14 + 20 + 4), 0);
	CHECK_EQ(classify(frame, 14 + 20 + 3), 1);      /* too short for the port */
	CHECK_EQ(classify(frame, 13), EXOS_DPF_NOMATCH);
	frame[37] = 54;
	CHECK_EQ(classify(frame, len), 1);
}

/** An empty table is one node that matches nothing. */
TEST(trie_empty)
{
	setup();
	CHECK_EQ(T.trie.nnodes, 1);
	CHECK_EQ(T.trie.nodes[0].ngroups, 0);
	CHECK_EQ(classify(frame, 100), EXOS_DPF_NOMATCH);
	CHECK_EQ(classify(frame, 0), EXOS_DPF_NOMATCH);
}

/* ---------------------------------------------------------------- the interpreter */

/** The port filter follows the IP header length (5 and 15 words) and matches exactly from the length that holds the port. */
TEST(interp_ihl_and_short_frames)
{
	setup();
	CHECK_EQ(ins(port(17, 7), 1), 0);
	for (int ihl = 5; ihl <= 15; ihl += 10) {
		size_t full = udp_frame(frame, ihl, 9, 7);
		size_t need = 14 + 4 * (size_t)ihl + 4;
		for (size_t len = 0; len <= full; len++) {
			int want = len >= need ? 0 : EXOS_DPF_NOMATCH;
			if (classify(frame, len) != want)
				CHECK_FAIL("ihl %d len %zu: got %d", ihl, len, classify(frame, len));
		}
	}
}

/** Every width (1, 2, 4, 8) reads big-endian and compares under its mask. */
TEST(interp_widths_big_endian)
{
	setup();
	/* one owner: these overlap (any frame can match all four) */
	CHECK_EQ(ins(one(gen_atom(1, 1, 0xf0, 0xa0)), 1), 0);
	CHECK_EQ(ins(one(gen_atom(2, 2, 0xffff, 0x0102)), 1), 1);
	CHECK_EQ(ins(one(gen_atom(4, 4, 0xff00ff00, 0x11003300)), 1), 2);
	CHECK_EQ(ins(one(gen_atom(8, 8, ~0ULL, 0x0102030405060708ULL)), 1), 3);
	memset(frame, 0, 16);
	frame[1] = 0xab;
	CHECK_EQ(classify(frame, 16), 0);
	frame[1] = 0;
	frame[2] = 1;
	frame[3] = 2;
	CHECK_EQ(classify(frame, 16), 1);
	frame[2] = 2;
	memcpy(frame + 4, "\x11\x22\x33\x44", 4);
	CHECK_EQ(classify(frame, 16), 2);
	frame[4] = 0;
	memcpy(frame + 8, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	CHECK_EQ(classify(frame, 16), 3);
	CHECK_EQ(classify(frame, 15), EXOS_DPF_NOMATCH);
}

/* Insert up to n random filters for random owners (1..4); returns how many. */
static int random_set(uint64_t *s, int n)
{
	int got = 0;

	for (int i = 0; i < n; i++) {
		struct exos_dpf_filter f;
		gen_random_filter(s, &f);
		got += ins(f, 1 + (uint32_t)gen_below(s, 4)) >= 0;
	}
	return got;
}

/* A base frame: made for a random installed filter, or random, then
 * perhaps one byte changed. */
static void random_base(uint64_t *s, uint8_t *b)
{
	if (N.n && gen_below(s, 4)) {
		gen_frame_for(s, &N.e[gen_below(s, (uint64_t)N.n)].f, b);
		if (gen_below(s, 3) == 0)
			b[gen_below(s, 64)] ^= (uint8_t)(1 + gen_below(s, 255));
	} else {
		gen_fill(s, b, GEN_FRAME_MAX);
	}
}

/** The interpreter returns the oracle's winner on 12 random filter sets, for frames of every length 0-1514 flush against an unmapped page. */
TEST(interp_matches_naive_every_length)
{
	uint64_t s = 42;
	long matched = 0, total = 0;

	for (int set = 0; set < 12; set++) {
		setup();
		int n = random_set(&s, set < 6 ? 8 : 48);
		CHECK(n > 0);
		for (int base = 0; base < 6; base++) {
			random_base(&s, frame);
			for (size_t len = 0; len <= GEN_FRAME_MAX; len++) {
				const uint8_t *p = gen_flush(&guard, frame, len);
				int want = naive_classify(&N, p, len);
				int got = dpf_classify(&T.trie, p, len);
				if (got != want)
					CHECK_FAIL("set %d base %d len %zu: got %d, want %d", set,
						   base, len, got, want);
				matched += want >= 0;
				total++;
			}
		}
	}
	/* the frames made for filters must mostly match something */
	CHECK(matched > total / 4);
}

/** After random removals the trie still agrees with the oracle. */
TEST(interp_after_removals)
{
	uint64_t s = 7;

	setup();
	random_set(&s, 64);
	for (int k = 0; k < 40 && N.n; k++) {
		int i = (int)gen_below(&s, (uint64_t)N.n);
		int id = N.e[i].id;
		CHECK_EQ(dpf_remove(&T, id, T.filters[id].owner), 0);
		naive_del(&N, id);
		for (int j = 0; j < 20; j++) {
			random_base(&s, frame);
			size_t len = gen_below(&s, GEN_FRAME_MAX + 1);
			const uint8_t *p = gen_flush(&guard, frame, len);
			CHECK_EQ(dpf_classify(&T.trie, p, len), naive_classify(&N, p, len));
		}
	}
	CHECK_EQ((int)T.nfilters, N.n);
}

TEST_MAIN()
