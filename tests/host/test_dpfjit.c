/*
 * test_dpfjit - DPF's RISC-V code generator: the encoder against the
 * GNU assembler, the assembler's constants and branch relaxation, the
 * checker of emitted programs on hostile hand-made programs, and the
 * compiled code against the trie interpreter and the one-at-a-time
 * oracle, first in the checker's emulator, then on qemu-riscv64 for
 * frames of every length 0-1514 flush against an unmapped page.
 */
#include "check.h"
#include "dpf/dpf.h"
#include "dpf/dpf_jit.h"
#include "dpf_gen.h"
#include "dpf_naive.h"
#include "dpf_qemu.h"
#include "dpf_rvcheck.h"
#include "dpf_rvvec.h"
#include "exos/errno.h"

#define CODE_CAP (1u << 20)

static struct dpf_table T;
static struct naive_set N;
static struct dpf_jit_work W;
static uint8_t code[CODE_CAP];
static struct rva_ins ins[4096];
static uint32_t labels[256];
static uint8_t frame[GEN_FRAME_MAX];
static char why[256];

static void setup(void)
{
	dpf_init(&T);
	memset(&N, 0, sizeof(N));
}

static int ins_filter(struct exos_dpf_filter f, uint32_t owner)
{
	int id = dpf_insert(&T, &f, owner, NULL, NULL);

	if (id >= 0)
		naive_add(&N, id, &f);
	return id;
}

static struct dpf_jit_opts opts(int align, int mod, bool rvc)
{
	return (struct dpf_jit_opts){ .align = (uint8_t)align, .mod = (uint8_t)mod, .rvc = rvc };
}

static int verify(const uint8_t *p, long size, int align, int mod)
{
	struct rvcheck_opts o = { (uint32_t)align, (uint32_t)mod, DPF_MAX_FILTERS };

	return rvcheck_verify(p, (size_t)size, &o, why, sizeof(why));
}

/* Compile T into buf and verify it; the size, or a negative failure. */
static long compile(uint8_t *buf, size_t cap, struct dpf_jit_opts o)
{
	long n = dpf_jit(&T.trie, &o, &W, buf, cap);

	if (n > 0 && verify(buf, n, o.align, o.mod))
		return -1000;
	return n;
}

static int64_t emu(const uint8_t *p, long size, const uint8_t *f, size_t len, int mod8,
		   uint64_t *steps)
{
	int64_t v;
	uint64_t s;

	if (rvemu_run(p, (size_t)size, f, len, (uint32_t)mod8, &v, &s, why, sizeof(why)))
		return -1000;
	if (steps)
		*steps = s;
	return v;
}

/* ---------------------------------------------------------------- the encoder */

static int encode_case(const struct rvvec_case *c, uint8_t *out)
{
	uint32_t w;
	uint16_t h;

	switch (c->form) {
	case V_LUI: w = rv_lui(c->rd, c->imm); break;
	case V_AUIPC: w = rv_auipc(c->rd, c->imm); break;
	case V_JAL: w = rv_jal(c->rd, c->imm); break;
	case V_JALR: w = rv_jalr(c->rd, c->rs1, c->imm); break;
	case V_BRANCH: w = rv_branch((enum rv_cond)c->x, c->rs1, c->rs2, c->imm); break;
	case V_LOAD: w = rv_load((enum rv_load)c->x, c->rd, c->rs1, c->imm); break;
	case V_ADDI: w = rv_addi(c->rd, c->rs1, c->imm); break;
	case V_ADDIW: w = rv_addiw(c->rd, c->rs1, c->imm); break;
	case V_ANDI: w = rv_andi(c->rd, c->rs1, c->imm); break;
	case V_ORI: w = rv_ori(c->rd, c->rs1, c->imm); break;
	case V_XORI: w = rv_xori(c->rd, c->rs1, c->imm); break;
	case V_SLLI: w = rv_slli(c->rd, c->rs1, c->imm); break;
	case V_SRLI: w = rv_srli(c->rd, c->rs1, c->imm); break;
	case V_SRAI: w = rv_srai(c->rd, c->rs1, c->imm); break;
	case V_OP: w = rv_op((enum rv_op)c->x, c->rd, c->rs1, c->rs2); break;
	default:
		switch (c->form) {
		case V_C_LI: h = rv_c_li(c->rd, c->imm); break;
		case V_C_ADDI: h = rv_c_addi(c->rd, c->imm); break;
		case V_C_ADDIW: h = rv_c_addiw(c->rd, c->imm); break;
		case V_C_LUI: h = rv_c_lui(c->rd, c->imm); break;
		case V_C_SLLI: h = rv_c_slli(c->rd, c->imm); break;
		case V_C_SRLI: h = rv_c_srli(c->rd, c->imm); break;
		case V_C_ANDI: h = rv_c_andi(c->rd, c->imm); break;
		case V_C_MV: h = rv_c_mv(c->rd, c->rs2); break;
		case V_C_ADD: h = rv_c_add(c->rd, c->rs2); break;
		case V_C_OP: h = rv_c_op((enum rv_op)c->x, c->rd, c->rs2); break;
		case V_C_J: h = rv_c_j(c->imm); break;
		case V_C_JR: h = rv_c_jr(c->rs1); break;
		case V_C_BZ: h = rv_c_bz((enum rv_cond)c->x, c->rs1, c->imm); break;
		case V_C_LW: h = rv_c_lw(c->rd, c->rs1, c->imm); break;
		default: h = rv_c_ld(c->rd, c->rs1, c->imm); break;
		}
		out[0] = (uint8_t)h;
		out[1] = (uint8_t)(h >> 8);
		return 2;
	}
	for (int i = 0; i < 4; i++)
		out[i] = (uint8_t)(w >> (8 * i));
	return 4;
}

/** Every encoder form agrees bit for bit with the GNU assembler on about 11,000 instructions (registers, immediates and offsets at their edges). */
TEST(encoder_matches_gnu_as)
{
	size_t at = 0;
	uint8_t b[4];

	CHECK(rvvec_ncases > 10000);
	for (size_t i = 0; i < rvvec_ncases; i++) {
		int n = encode_case(&rvvec_cases[i], b);
		if (at + (size_t)n > rvvec_nbytes)
			CHECK_FAIL("case %zu (%s): past the assembler's bytes", i, rvvec_cases[i].text);
		if (memcmp(b, rvvec_bytes + at, (size_t)n))
			CHECK_FAIL("case %zu '%s': encoded %02x%02x%02x%02x, as says %02x%02x%02x%02x",
				   i, rvvec_cases[i].text, b[0], b[1], n > 2 ? b[2] : 0,
				   n > 2 ? b[3] : 0, rvvec_bytes[at], rvvec_bytes[at + 1],
				   n > 2 ? rvvec_bytes[at + 2] : 0, n > 2 ? rvvec_bytes[at + 3] : 0);
		at += (size_t)n;
	}
	CHECK_EQ(at, rvvec_nbytes);
}

/** The decoder the checker uses reads back every vector with the right length and operation. */
TEST(decoder_reads_vectors)
{
	size_t at = 0;
	struct rvd d;

	for (size_t i = 0; i < rvvec_ncases; i++) {
		const struct rvvec_case *c = &rvvec_cases[i];
		if (rvd_decode(rvvec_bytes + at, rvvec_nbytes - at, &d))
			CHECK_FAIL("case %zu '%s': not decoded", i, c->text);
		int want = c->form >= V_C_LI ? 2 : 4;
		if (d.len != want)
			CHECK_FAIL("case %zu '%s': length %d", i, c->text, d.len);
		if ((c->form == V_BRANCH || c->form == V_JAL || c->form == V_C_J ||
		     c->form == V_C_BZ) && d.imm != c->imm)
			CHECK_FAIL("case %zu '%s': offset %lld", i, c->text, (long long)d.imm);
		if ((c->form == V_LOAD || c->form == V_C_LW || c->form == V_C_LD) &&
		    (d.op != RVD_LOAD || d.imm != c->imm || d.rs1 != c->rs1 || d.rd != c->rd))
			CHECK_FAIL("case %zu '%s': load decoded wrong", i, c->text);
		at += d.len;
	}
}

/* ---------------------------------------------------------------- the assembler */

static long assemble(struct rva *a)
{
	return rva_finish(a, code, CODE_CAP);
}

/** li loads every 64-bit constant exactly (edges and 3,000 random values), compressed or not, in at most 8 instructions. */
TEST(asm_li_any_constant)
{
	static const int64_t edges[] = { 0, 1, -1, 31, -32, 2047, -2048, 2048, 0x7ff800,
					 0x7fffffff, -0x80000000LL, 0x80000000LL, 0xffffffffLL,
					 0x7ffff800, 0x100000000LL, INT64_MAX, INT64_MIN,
					 0x0123456789abcdefLL, (int64_t)0xfedcba9876543210ULL };
	uint64_t s = 99;

	for (int i = 0; i < 3000 + (int)ARRAY_SIZE(edges); i++) {
		int64_t k = i < (int)ARRAY_SIZE(edges) ? edges[i] : (int64_t)gen_next(&s);
		if (i % 3 == 1)
			k >>= gen_below(&s, 60);
		for (int rvc = 0; rvc < 2; rvc++) {
			struct rva a;
			rva_init(&a, ins, ARRAY_SIZE(ins), labels, ARRAY_SIZE(labels), rvc);
			rva_li(&a, RV_A0, k);
			if (a.nins > 8)
				CHECK_FAIL("li %llx: %u instructions", (unsigned long long)k, a.nins);
			rva_ret(&a);
			long n = assemble(&a);
			int64_t v;
			uint64_t st;
			if (n <= 0 || rvemu_run(code, (size_t)n, frame, 0, 0, &v, &st, why, sizeof(why)))
				CHECK_FAIL("li %llx: %s", (unsigned long long)k, why);
			if (v != k)
				CHECK_FAIL("li %llx gave %llx (rvc %d)", (unsigned long long)k,
					   (unsigned long long)v, rvc);
		}
	}
}

/* if (a1 != 0) goto L; gap; a0 = 2; ret; (more gap) L: a0 = 1; ret */
static long branch_over(bool rvc, int gap, int after)
{
	struct rva a;
	uint32_t l;

	rva_init(&a, ins, ARRAY_SIZE(ins), labels, ARRAY_SIZE(labels), rvc);
	l = rva_label(&a);
	rva_branch(&a, RV_BNE, RV_A1, RV_ZERO, l);
	for (int i = 0; i < gap; i++)
		rva_addi(&a, RV_T0, RV_T0, 1);
	rva_li(&a, RV_A0, 2);
	rva_ret(&a);
	for (int i = 0; i < after; i++)
		rva_addi(&a, RV_T0, RV_T0, 1);
	rva_bind(&a, l);
	rva_li(&a, RV_A0, 1);
	rva_ret(&a);
	return assemble(&a);
}

/** Branches reach targets beyond +-256 bytes (no c.bnez) and +-4 KiB (inverted branch over jal), compressed or not, both ways taken. */
TEST(asm_branch_relaxation)
{
	static const int gaps[] = { 0, 10, 200, 1100, 3000 };

	for (int rvc = 0; rvc < 2; rvc++)
		for (size_t g = 0; g < ARRAY_SIZE(gaps); g++) {
			long n = branch_over(rvc, 0, gaps[g]);
			CHECK(n > 0);
			CHECK_EQ(emu(code, n, frame, 1, 0, NULL), 1);
			CHECK_EQ(emu(code, n, frame, 0, 0, NULL), 2);
			n = branch_over(rvc, gaps[g], 0);
			CHECK_EQ(emu(code, n, frame, 1, 0, NULL), 1);
			CHECK_EQ(emu(code, n, frame, 0, 0, NULL), 2);
		}
	/* a near compressed branch stays 2 bytes, a far one takes 8 */
	CHECK_EQ(branch_over(true, 0, 0), 2 + 2 + 2 + 2 + 2);
	CHECK_EQ(branch_over(true, 0, 1100) - 1100 * 2, 4 + 2 + 2 + 2 + 2);
	CHECK_EQ(branch_over(true, 0, 3000) - 3000 * 2, 8 + 2 + 2 + 2 + 2);
}

/** An unconditional jump is 2 bytes within +-2 KiB and grows to a jal beyond, and lands right both ways. */
TEST(asm_jump_relaxation)
{
	for (int gap = 10; gap <= 3000; gap += 2990) {
		struct rva a;
		rva_init(&a, ins, ARRAY_SIZE(ins), labels, ARRAY_SIZE(labels), true);
		uint32_t l = rva_label(&a);
		rva_jump(&a, l);
		for (int i = 0; i < gap; i++)
			rva_addi(&a, RV_A0, RV_A0, 1);
		rva_ret(&a);
		rva_bind(&a, l);
		rva_li(&a, RV_A0, 5);
		rva_ret(&a);
		long n = assemble(&a);
		CHECK_EQ(n, (gap < 1000 ? 2 : 4) + 2 * gap + 2 + 2 + 2);
		CHECK_EQ(emu(code, n, frame, 0, 0, NULL), 5);
	}
}

/** A jump to the very next instruction is dropped; a label never bound, a full array or a small buffer fail cleanly. */
TEST(asm_peephole_and_errors)
{
	struct rva a;
	uint32_t l;

	rva_init(&a, ins, ARRAY_SIZE(ins), labels, ARRAY_SIZE(labels), true);
	l = rva_label(&a);
	rva_jump(&a, l);
	rva_bind(&a, l);
	rva_ret(&a);
	CHECK_EQ(assemble(&a), 2);

	rva_init(&a, ins, ARRAY_SIZE(ins), labels, ARRAY_SIZE(labels), true);
	rva_jump(&a, rva_label(&a));
	CHECK_EQ(assemble(&a), -E_INVAL);

	rva_init(&a, ins, 3, labels, ARRAY_SIZE(labels), false);
	for (int i = 0; i < 4; i++)
		rva_ret(&a);
	CHECK_EQ(assemble(&a), -E_NOMEM);

	rva_init(&a, ins, ARRAY_SIZE(ins), labels, 1, false);
	rva_label(&a);
	rva_label(&a);
	CHECK_EQ(assemble(&a), -E_NOMEM);

	rva_init(&a, ins, ARRAY_SIZE(ins), labels, ARRAY_SIZE(labels), false);
	rva_ret(&a);
	CHECK_EQ(rva_finish(&a, code, 3), -E_NOMEM);
}

/* ---------------------------------------------------------------- the checker */

/* Assemble a hand-made program (not compressed) and run the checker. */
struct prog {
	struct rva a;
};

static void prog_init(struct prog *p)
{
	rva_init(&p->a, ins, ARRAY_SIZE(ins), labels, ARRAY_SIZE(labels), false);
}

static int prog_verify(struct prog *p, int align, int mod)
{
	long n = assemble(&p->a);

	if (n <= 0)
		return -99;
	return verify(code, n, align, mod);
}

/* len >= need, else return -1 (via label l at the end). */
static uint32_t guard_len(struct prog *p, int need)
{
	uint32_t l = rva_label(&p->a);

	rva_li(&p->a, RV_A5, need);
	rva_branch(&p->a, RV_BLTU, RV_A1, RV_A5, l);
	return l;
}

static void finish(struct prog *p, uint32_t l)
{
	rva_li(&p->a, RV_A0, 0);
	rva_ret(&p->a);
	rva_bind(&p->a, l);
	rva_li(&p->a, RV_A0, -1);
	rva_ret(&p->a);
}

/** The checker accepts a load after the length check that covers it, and rejects one byte more, no check, or a check the wrong way round. */
TEST(checker_load_bounds)
{
	struct prog p;
	uint32_t l;

	prog_init(&p);
	l = guard_len(&p, 14);
	rva_load(&p.a, RV_LBU, RV_A4, RV_A0, 13);
	finish(&p, l);
	CHECK_EQ(prog_verify(&p, 1, 0), 0);

	prog_init(&p);
	l = guard_len(&p, 14);
	rva_load(&p.a, RV_LBU, RV_A4, RV_A0, 14);
	finish(&p, l);
	CHECK_EQ(prog_verify(&p, 1, 0), -1);

	prog_init(&p);
	l = rva_label(&p.a);
	rva_load(&p.a, RV_LBU, RV_A4, RV_A0, 0);
	finish(&p, l);
	CHECK_EQ(prog_verify(&p, 1, 0), -1);

	prog_init(&p);
	l = rva_label(&p.a);
	rva_li(&p.a, RV_A5, 14);
	rva_branch(&p.a, RV_BGEU, RV_A1, RV_A5, l);    /* taken when long enough */
	rva_load(&p.a, RV_LBU, RV_A4, RV_A0, 0);
	finish(&p, l);
	CHECK_EQ(prog_verify(&p, 1, 0), -1);

	prog_init(&p);                                  /* negative offsets are outside too */
	l = guard_len(&p, 14);
	rva_load(&p.a, RV_LBU, RV_A4, RV_A0, -1);
	finish(&p, l);
	CHECK_EQ(prog_verify(&p, 1, 0), -1);
}

/** Loads through the indirection need a bounded, non-negative offset (a zero-extending load, masked or not) and a check of len against that same offset. */
TEST(checker_indirect_loads)
{
	for (int variant = 0; variant < 4; variant++) {
		struct prog p;
		prog_init(&p);
		uint32_t l = guard_len(&p, 15);
		/* variant 1: lb may give a negative offset */
		rva_load(&p.a, variant == 1 ? RV_LB : RV_LBU, RV_A2, RV_A0, 14);
		rva_andi(&p.a, RV_A2, RV_A2, variant == 1 ? -1 : 15);
		rva_slli(&p.a, RV_A2, RV_A2, 2);
		rva_op(&p.a, RV_ADD, RV_A3, RV_A0, RV_A2);
		rva_addi(&p.a, RV_A5, RV_A2, variant == 2 ? 17 : 18);
		rva_branch(&p.a, RV_BLTU, RV_A1, RV_A5, l);
		rva_load(&p.a, RV_LBU, RV_A4, RV_A3, variant == 3 ? 18 : 17);
		finish(&p, l);
		int want = variant == 0 ? 0 : -1;
		if (prog_verify(&p, 1, 0) != want)
			CHECK_FAIL("variant %d: %s", variant, why);
	}
}

/** Multi-byte loads must be naturally aligned given the promised alignment of a0. */
TEST(checker_alignment)
{
	struct prog p;

	for (int off = 12; off <= 13; off++)
		for (int align = 1; align <= 8; align *= 2) {
			prog_init(&p);
			uint32_t l = guard_len(&p, 16);
			rva_load(&p.a, RV_LHU, RV_A4, RV_A0, off);
			finish(&p, l);
			int want = align >= 2 && off == 12 ? 0 : -1;
			if (prog_verify(&p, align, 0) != want)
				CHECK_FAIL("lhu %d with align %d", off, align);
		}
	prog_init(&p);
	uint32_t l = guard_len(&p, 16);
	rva_load(&p.a, RV_LW, RV_A4, RV_A0, 10);
	finish(&p, l);
	CHECK_EQ(prog_verify(&p, 8, 2), 0);     /* a0 = 8k + 2: a0 + 10 is aligned */
	CHECK_EQ(prog_verify(&p, 8, 0), -1);
}

/** Stores, system instructions, writes to ra/sp/s0, backward or outside jumps, linking, falling off the end and odd verdicts are all rejected. */
TEST(checker_rejects_hostile_programs)
{
	static const uint32_t bad_words[] = {
		0x00e53023,   /* sd a4, 0(a0) */
		0x00000073,   /* ecall */
		0x0000100f,   /* fence.i */
		0x00000000,   /* illegal */
	};
	struct prog p;

	for (size_t i = 0; i < ARRAY_SIZE(bad_words); i++) {
		prog_init(&p);
		rva_word(&p.a, bad_words[i]);
		finish(&p, rva_label(&p.a));
		CHECK_EQ(prog_verify(&p, 1, 0), -1);
	}
	static const int bad_rd[] = { RV_RA, RV_SP, RV_GP, RV_TP, RV_S0, RV_S1, 18, 27 };
	for (size_t i = 0; i < ARRAY_SIZE(bad_rd); i++) {
		prog_init(&p);
		rva_word(&p.a, rv_addi(bad_rd[i], RV_ZERO, 1));
		finish(&p, rva_label(&p.a));
		CHECK_EQ(prog_verify(&p, 1, 0), -1);
	}
	prog_init(&p);                                  /* the minimal good program */
	finish(&p, rva_label(&p.a));
	CHECK_EQ(prog_verify(&p, 1, 0), 0);

	uint8_t raw[16];
	uint32_t words[4];
	struct rvcheck_opts o = { 1, 0, DPF_MAX_FILTERS };
	/* backward: beq x0,x0,-4 */
	words[0] = rv_addi(RV_A0, RV_ZERO, -1);
	words[1] = rv_branch(RV_BEQ, RV_ZERO, RV_ZERO, -4);
	words[2] = rv_jalr(0, RV_RA, 0);
	memcpy(raw, words, 12);
	CHECK_EQ(rvcheck_verify(raw, 12, &o, why, sizeof(why)), -1);
	words[1] = rv_jal(RV_ZERO, 64);                 /* past the end */
	memcpy(raw, words, 12);
	CHECK_EQ(rvcheck_verify(raw, 12, &o, why, sizeof(why)), -1);
	words[1] = rv_jal(RV_ZERO, 2);                  /* into the middle of an instruction */
	memcpy(raw, words, 12);
	CHECK_EQ(rvcheck_verify(raw, 12, &o, why, sizeof(why)), -1);
	words[1] = rv_jal(RV_RA, 4);                    /* links */
	memcpy(raw, words, 12);
	CHECK_EQ(rvcheck_verify(raw, 12, &o, why, sizeof(why)), -1);
	words[1] = rv_jal(RV_ZERO, 4);
	memcpy(raw, words, 12);
	CHECK_EQ(rvcheck_verify(raw, 12, &o, why, sizeof(why)), 0);
	CHECK_EQ(rvcheck_verify(raw, 8, &o, why, sizeof(why)), -1);   /* falls off the end */
	words[0] = rv_addi(RV_A0, RV_ZERO, DPF_MAX_FILTERS);           /* no such verdict */
	memcpy(raw, words, 12);
	CHECK_EQ(rvcheck_verify(raw, 12, &o, why, sizeof(why)), -1);
	words[0] = rv_addi(RV_A0, RV_A4, 0);                           /* not a constant */
	memcpy(raw, words, 12);
	CHECK_EQ(rvcheck_verify(raw, 12, &o, why, sizeof(why)), -1);
}

/** A computed jump is accepted only through auipc plus a masked index whose every target lies ahead inside the program. */
TEST(checker_computed_jumps)
{
	for (int variant = 0; variant < 3; variant++) {
		struct prog p;
		prog_init(&p);
		uint32_t out = rva_label(&p.a);
		if (variant != 1)
			rva_andi(&p.a, RV_A5, RV_A4, variant == 2 ? 7 : 3);
		else
			rva_addi(&p.a, RV_A5, RV_A4, 0);
		rva_slli(&p.a, RV_A5, RV_A5, 2);
		rva_auipc(&p.a, RV_T1, 0);
		rva_word(&p.a, rv_op(RV_ADD, RV_T1, RV_T1, RV_A5));
		rva_jalr0(&p.a, RV_T1, 12);
		for (int i = 0; i < 4; i++)
			rva_jtab(&p.a, out);
		rva_bind(&p.a, out);
		rva_li(&p.a, RV_A0, -1);
		rva_ret(&p.a);
		int want = variant == 0 ? 0 : -1;
		if (prog_verify(&p, 1, 0) != want)
			CHECK_FAIL("variant %d: %s", variant, why);
	}
}

/* ---------------------------------------------------------------- the compiler */

static struct exos_dpf_filter port(uint8_t proto, uint16_t p)
{
	struct exos_dpf_filter f;

	gen_ip_port(&f, proto, p);
	return f;
}

static size_t udp_frame(uint8_t *b, int ihl, uint16_t dst_port)
{
	size_t udp = 14 + 4 * (size_t)ihl;

	memset(b, 0, GEN_FRAME_MAX);
	b[12] = 0x08;
	b[14] = (uint8_t)(0x40 | ihl);
	b[23] = 17;
	b[udp + 2] = (uint8_t)(dst_port >> 8);
	b[udp + 3] = (uint8_t)dst_port;
	return udp + 8;
}

/** Bad options are -E_INVAL; a buffer too small is -E_NOMEM; an empty trie compiles to "no match". */
TEST(jit_options_and_empty)
{
	setup();
	CHECK_EQ(dpf_jit(&T.trie, (struct dpf_jit_opts[]){ opts(3, 0, true) }, &W, code, CODE_CAP),
		 -E_INVAL);
	CHECK_EQ(dpf_jit(&T.trie, (struct dpf_jit_opts[]){ opts(4, 4, true) }, &W, code, CODE_CAP),
		 -E_INVAL);
	long n = compile(code, CODE_CAP, opts(8, 0, true));
	CHECK(n > 0);
	CHECK_EQ(emu(code, n, frame, 100, 0, NULL), -1);
	CHECK_EQ(emu(code, n, frame, 0, 0, NULL), -1);
	CHECK_EQ(ins_filter(port(17, 80), 1), 0);
	CHECK_EQ(dpf_jit(&T.trie, (struct dpf_jit_opts[]){ opts(8, 0, true) }, &W, code, 8),
		 -E_NOMEM);
}

/** The compiled port filter follows the IP header length and matches exactly from the length that holds the port, at every alignment. */
TEST(jit_port_filter)
{
	setup();
	CHECK_EQ(ins_filter(port(17, 7), 1), 0);
	for (int mod = 0; mod < 8; mod++) {
		long n = compile(code, CODE_CAP, opts(8, mod, mod & 1));
		if (n <= 0)
			CHECK_FAIL("mod %d: %ld %s", mod, n, why);
		for (int ihl = 5; ihl <= 15; ihl += 5) {
			size_t full = udp_frame(frame, ihl, 7), need = 14 + 4 * (size_t)ihl + 4;
			for (size_t len = 0; len <= full; len++) {
				int64_t v = emu(code, n, frame, len, mod, NULL);
				if (v != (len >= need ? 0 : -1))
					CHECK_FAIL("mod %d ihl %d len %zu: %lld %s", mod, ihl, len,
						   (long long)v, why);
			}
		}
	}
}

/** 1,000 port filters compile to a hashed switch: every port finds its filter, others none, and a lookup costs at most 12 instructions more than with one filter. */
TEST(jit_switch_flat)
{
	uint64_t one_steps, steps;

	setup();
	CHECK_EQ(ins_filter(port(17, 5000), 0), 0);
	long n = compile(code, CODE_CAP, opts(8, 2, true));
	CHECK(n > 0);
	size_t len = udp_frame(frame, 5, 5000);
	CHECK_EQ(emu(code, n, frame, len, 2, &one_steps), 0);

	setup();
	for (int p = 0; p < 1000; p++)
		CHECK_EQ(ins_filter(port(17, (uint16_t)(5000 + 7 * p)), (uint32_t)p), p);
	n = compile(code, CODE_CAP, opts(8, 2, true));
	if (n <= 0)
		CHECK_FAIL("compile: %ld %s", n, why);
	uint64_t worst = 0;
	for (int p = 0; p < 1000; p++) {
		len = udp_frame(frame, 5, (uint16_t)(5000 + 7 * p));
		if (emu(code, n, frame, len, 2, &steps) != p)
			CHECK_FAIL("port %d: %s", 5000 + 7 * p, why);
		worst = MAX(worst, steps);
	}
	len = udp_frame(frame, 5, 5001);
	CHECK_EQ(emu(code, n, frame, len, 2, NULL), -1);
	if (worst > one_steps + 12)
		CHECK_FAIL("1 filter: %llu instructions, 1000: up to %llu",
			   (unsigned long long)one_steps, (unsigned long long)worst);
}

/** After a removal the recompiled program no longer delivers the removed filter's frames, and still delivers the others. */
TEST(jit_removal_recompiles)
{
	setup();
	CHECK_EQ(ins_filter(port(17, 80), 1), 0);
	CHECK_EQ(ins_filter(port(17, 81), 2), 1);
	size_t l80 = udp_frame(frame, 5, 80);
	long n = compile(code, CODE_CAP, opts(1, 0, true));
	CHECK_EQ(emu(code, n, frame, l80, 0, NULL), 0);
	CHECK_EQ(dpf_remove(&T, 0, 1), 0);
	n = compile(code, CODE_CAP, opts(1, 0, true));
	CHECK_EQ(emu(code, n, frame, l80, 0, NULL), -1);
	udp_frame(frame, 5, 81);
	CHECK_EQ(emu(code, n, frame, l80, 0, NULL), 1);
}

/* ---------------------------------------------------------------- differential */

static int random_set(uint64_t *s, int n)
{
	int got = 0;

	for (int i = 0; i < n; i++) {
		struct exos_dpf_filter f;
		gen_random_filter(s, &f);
		got += ins_filter(f, 1 + (uint32_t)gen_below(s, 4)) >= 0;
	}
	return got;
}

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

#define NVAR 11
static uint8_t vcode[NVAR][1 << 17];
static long vsize[NVAR];
static const struct { int align, mod, rvc; } variants[NVAR] = {
	{ 8, 0, 1 }, { 8, 1, 1 }, { 8, 2, 1 }, { 8, 3, 1 }, { 8, 4, 1 }, { 8, 5, 1 },
	{ 8, 6, 1 }, { 8, 7, 1 }, { 1, 0, 0 }, { 4, 2, 1 }, { 2, 1, 0 },
};

static int compile_variants(void)
{
	for (int v = 0; v < NVAR; v++) {
		vsize[v] = compile(vcode[v], sizeof(vcode[v]),
				   opts(variants[v].align, variants[v].mod, variants[v].rvc));
		if (vsize[v] <= 0)
			return v;
	}
	return -1;
}

/** Compiled code (11 alignment and compression variants, in the emulator) agrees with the interpreter and the oracle on 12 random filter sets, for frames of every length 0-1514; every program passes the checker. */
TEST(jit_matches_interp_every_length)
{
	uint64_t s = 4242;
	struct gen_guard guard;

	gen_guard_init(&guard);
	for (int set = 0; set < 12; set++) {
		setup();
		random_set(&s, set < 6 ? 8 : 48);
		int bad = compile_variants();
		if (bad >= 0)
			CHECK_FAIL("set %d variant %d: %ld %s", set, bad, vsize[bad], why);
		for (int base = 0; base < 6; base++) {
			random_base(&s, frame);
			for (size_t len = 0; len <= GEN_FRAME_MAX; len++) {
				const uint8_t *p = gen_flush(&guard, frame, len);
				int want = dpf_classify(&T.trie, p, len);
				if (want != naive_classify(&N, p, len))
					CHECK_FAIL("set %d: interpreter and oracle differ", set);
				int v1 = (int)((-len) & 7), v2 = 8 + (int)(len % 3);
				int m2 = variants[v2].mod + variants[v2].align * (int)(len % 2);
				int64_t g1 = emu(vcode[v1], vsize[v1], p, len, (int)((-len) & 7), NULL);
				int64_t g2 = emu(vcode[v2], vsize[v2], p, len, m2 & 7, NULL);
				if (g1 != want || g2 != want)
					CHECK_FAIL("set %d base %d len %zu: want %d, got %lld/%lld %s",
						   set, base, len, want, (long long)g1, (long long)g2, why);
			}
		}
	}
}

/* ---------------------------------------------------------------- on qemu-riscv64 */

#define QBASES 8
static uint8_t qbase[QBASES][QEMU_FRAME];

/** On qemu-riscv64, with W^X code pages and frames flush against a PROT_NONE page, compiled code (aligned and compressed, byte-wise, uncompressed) returns the interpreter's verdict for 8 random sets x 8 frames x every length 0-1514. */
TEST(qemu_matches_interp_every_length)
{
	uint64_t s = 777;
	static struct qemu_job jobs[QBASES * (QEMU_FRAME + 1) * 3];
	static int32_t got[ARRAY_SIZE(jobs)];
	static int want[QBASES * (QEMU_FRAME + 1)];
	struct qemu_prog progs[NVAR];
	long total = 0, matched = 0;

	for (int set = 0; set < 8; set++) {
		setup();
		random_set(&s, set < 4 ? 12 : 64);
		int bad = compile_variants();
		if (bad >= 0)
			CHECK_FAIL("set %d variant %d: %s", set, bad, why);
		for (int v = 0; v < NVAR; v++)
			progs[v] = (struct qemu_prog){ vcode[v], (size_t)vsize[v] };
		int nj = 0;
		for (int b = 0; b < QBASES; b++) {
			random_base(&s, qbase[b]);
			for (uint32_t len = 0; len <= QEMU_FRAME; len++) {
				want[b * (QEMU_FRAME + 1) + len] = dpf_classify(&T.trie, qbase[b], len);
				uint32_t m = (uint32_t)((-len) & 7);
				jobs[nj++] = (struct qemu_job){ m, (uint32_t)b, len };
				jobs[nj++] = (struct qemu_job){ 8, (uint32_t)b, len };
				jobs[nj++] = (struct qemu_job){ 9 + (len & 1), (uint32_t)b, len };
			}
		}
		if (qemu_run_jobs(progs, NVAR, (const uint8_t(*)[QEMU_FRAME])qbase, QBASES, jobs, nj,
				  got, why, sizeof(why)))
			CHECK_FAIL("set %d: %s", set, why);
		for (int j = 0; j < nj; j++) {
			int w = want[jobs[j].base * (QEMU_FRAME + 1) + jobs[j].len];
			if (got[j] != w)
				CHECK_FAIL("set %d job %d (program %u, base %u, len %u): %d, want %d",
					   set, j, jobs[j].prog, jobs[j].base, jobs[j].len, got[j], w);
			matched += w >= 0;
			total++;
		}
	}
	CHECK(matched > total / 5);
}

/** The harness's guard is real: an unchecked load of the frame's first byte works at len 1 (the byte just before the unmapped page) and kills the harness at len 0. */
TEST(qemu_guard_page_faults)
{
	struct prog p;
	struct qemu_job job = { 0, 0, 1 };
	int32_t v;

	prog_init(&p);
	rva_load(&p.a, RV_LBU, RV_A0, RV_A0, 0);     /* the verdict is the byte */
	rva_ret(&p.a);
	long n = assemble(&p.a);
	struct qemu_prog q = { code, (size_t)n };
	memset(qbase[0], 0, QEMU_FRAME);
	qbase[0][0] = 7;
	CHECK_EQ(qemu_run_jobs(&q, 1, (const uint8_t(*)[QEMU_FRAME])qbase, 1, &job, 1, &v, why,
			       sizeof(why)), 0);
	CHECK_EQ(v, 7);
	job.len = 0;
	CHECK_EQ(qemu_run_jobs(&q, 1, (const uint8_t(*)[QEMU_FRAME])qbase, 1, &job, 1, &v, why,
			       sizeof(why)), -1);
}

/** On qemu-riscv64, the 1,000-filter hashed switch delivers each of 200 ports' frames, at every length, to its filter and no other. */
TEST(qemu_switch_1000)
{
	static struct qemu_job jobs[QBASES * (QEMU_FRAME + 1)];
	static int32_t got[ARRAY_SIZE(jobs)];
	uint64_t s = 5;
	int ports[QBASES];

	setup();
	for (int p = 0; p < 1000; p++)
		CHECK_EQ(ins_filter(port(p % 2 ? 6 : 17, (uint16_t)(1024 + 3 * p)), (uint32_t)p), p);
	for (int v = 0; v < 8; v++)
		if ((vsize[v] = compile(vcode[v], sizeof(vcode[v]), opts(8, v, true))) <= 0)
			CHECK_FAIL("variant %d: %s", v, why);
	struct qemu_prog progs[8];
	for (int v = 0; v < 8; v++)
		progs[v] = (struct qemu_prog){ vcode[v], (size_t)vsize[v] };
	for (int round = 0; round < 25; round++) {
		int nj = 0;
		for (int b = 0; b < QBASES; b++) {
			ports[b] = (int)gen_below(&s, 1000);
			udp_frame(qbase[b], 5 + (int)gen_below(&s, 3), (uint16_t)(1024 + 3 * ports[b]));
			qbase[b][23] = ports[b] % 2 ? 6 : 17;
			for (uint32_t len = 0; len <= QEMU_FRAME; len += 1 + (len > 64) * 37)
				jobs[nj++] = (struct qemu_job){ (uint32_t)((-len) & 7), (uint32_t)b, len };
		}
		if (qemu_run_jobs(progs, 8, (const uint8_t(*)[QEMU_FRAME])qbase, QBASES, jobs, nj, got,
				  why, sizeof(why)))
			CHECK_FAIL("%s", why);
		for (int j = 0; j < nj; j++) {
			int w = dpf_classify(&T.trie, qbase[jobs[j].base], jobs[j].len);
			if (got[j] != w)
				CHECK_FAIL("port %d len %u: %d, want %d", ports[jobs[j].base],
					   jobs[j].len, got[j], w);
		}
	}
}

TEST_MAIN()
