/*
 * rv_asm.c - RISC-V encodings and the small assembler (rv_asm.h).
 * Bit layouts follow the unprivileged ISA spec's instruction format
 * figures (R/I/B/U/J types; CI, CSS, CIW, CL, CA, CB, CJ, CR).
 */
#include "rv_asm.h"
#include "exos/errno.h"

#define OP_LUI    0x37u
#define OP_AUIPC  0x17u
#define OP_JAL    0x6fu
#define OP_JALR   0x67u
#define OP_BRANCH 0x63u
#define OP_LOAD   0x03u
#define OP_IMM    0x13u
#define OP_IMM32  0x1bu
#define OP_OP     0x33u

#define U(x) ((uint32_t)(x))

static uint32_t itype(uint32_t op, uint32_t f3, int rd, int rs1, int32_t imm)
{
	return (U(imm) & 0xfff) << 20 | U(rs1) << 15 | f3 << 12 | U(rd) << 7 | op;
}

uint32_t rv_lui(int rd, int32_t imm20)
{
	return (U(imm20) & 0xfffff) << 12 | U(rd) << 7 | OP_LUI;
}

uint32_t rv_auipc(int rd, int32_t imm20)
{
	return (U(imm20) & 0xfffff) << 12 | U(rd) << 7 | OP_AUIPC;
}

uint32_t rv_jal(int rd, int32_t off)
{
	uint32_t u = U(off);

	return ((u >> 20) & 1) << 31 | ((u >> 1) & 0x3ff) << 21 | ((u >> 11) & 1) << 20 |
	       ((u >> 12) & 0xff) << 12 | U(rd) << 7 | OP_JAL;
}

uint32_t rv_jalr(int rd, int rs1, int32_t imm)
{
	return itype(OP_JALR, 0, rd, rs1, imm);
}

uint32_t rv_branch(enum rv_cond c, int rs1, int rs2, int32_t off)
{
	uint32_t u = U(off);

	return ((u >> 12) & 1) << 31 | ((u >> 5) & 0x3f) << 25 | U(rs2) << 20 | U(rs1) << 15 |
	       U(c) << 12 | ((u >> 1) & 0xf) << 8 | ((u >> 11) & 1) << 7 | OP_BRANCH;
}

uint32_t rv_load(enum rv_load w, int rd, int rs1, int32_t imm)
{
	return itype(OP_LOAD, U(w), rd, rs1, imm);
}

uint32_t rv_addi(int rd, int rs1, int32_t imm) { return itype(OP_IMM, 0, rd, rs1, imm); }
uint32_t rv_addiw(int rd, int rs1, int32_t imm) { return itype(OP_IMM32, 0, rd, rs1, imm); }
uint32_t rv_xori(int rd, int rs1, int32_t imm) { return itype(OP_IMM, 4, rd, rs1, imm); }
uint32_t rv_ori(int rd, int rs1, int32_t imm) { return itype(OP_IMM, 6, rd, rs1, imm); }
uint32_t rv_andi(int rd, int rs1, int32_t imm) { return itype(OP_IMM, 7, rd, rs1, imm); }
uint32_t rv_slli(int rd, int rs1, int sh) { return itype(OP_IMM, 1, rd, rs1, sh & 63); }
uint32_t rv_srli(int rd, int rs1, int sh) { return itype(OP_IMM, 5, rd, rs1, sh & 63); }
uint32_t rv_srai(int rd, int rs1, int sh) { return itype(OP_IMM, 5, rd, rs1, 0x400 | (sh & 63)); }

uint32_t rv_op(enum rv_op op, int rd, int rs1, int rs2)
{
	return (U(op) >> 8 ? 0x20u : 0) << 25 | U(rs2) << 20 | U(rs1) << 15 | (U(op) & 7) << 12 |
	       U(rd) << 7 | OP_OP;
}

/* ---------------------------------------------------------------- compressed */

/* CI format: funct3, imm[5] at bit 12, rd, imm[4:0] at bits 6:2, quadrant. */
static uint16_t ci(uint32_t f3, uint32_t q, int rd, int32_t imm)
{
	return (uint16_t)(f3 << 13 | ((U(imm) >> 5) & 1) << 12 | U(rd) << 7 | (U(imm) & 0x1f) << 2 | q);
}

uint16_t rv_c_li(int rd, int32_t imm) { return ci(2, 1, rd, imm); }
uint16_t rv_c_addi(int rd, int32_t imm) { return ci(0, 1, rd, imm); }
uint16_t rv_c_addiw(int rd, int32_t imm) { return ci(1, 1, rd, imm); }
uint16_t rv_c_lui(int rd, int32_t imm6) { return ci(3, 1, rd, imm6); }
uint16_t rv_c_slli(int rd, int sh) { return ci(0, 2, rd, sh); }

/* CB-format ALU ops on rd': funct2 at bits 11:10. */
static uint16_t cb_alu(uint32_t f2, int rd, int32_t imm)
{
	return (uint16_t)(4u << 13 | ((U(imm) >> 5) & 1) << 12 | f2 << 10 | U(rd - 8) << 7 |
			  (U(imm) & 0x1f) << 2 | 1);
}

uint16_t rv_c_srli(int rd, int sh) { return cb_alu(0, rd, sh); }
uint16_t rv_c_andi(int rd, int32_t imm) { return cb_alu(2, rd, imm); }

uint16_t rv_c_mv(int rd, int rs2)
{
	return (uint16_t)(8u << 12 | U(rd) << 7 | U(rs2) << 2 | 2);
}

uint16_t rv_c_add(int rd, int rs2)
{
	return (uint16_t)(9u << 12 | U(rd) << 7 | U(rs2) << 2 | 2);
}

uint16_t rv_c_op(enum rv_op op, int rd, int rs2)
{
	uint32_t f2 = op == RV_SUB ? 0 : op == RV_XOR ? 1 : op == RV_OR ? 2 : 3;

	return (uint16_t)(0x23u << 10 | U(rd - 8) << 7 | f2 << 5 | U(rs2 - 8) << 2 | 1);
}

uint16_t rv_c_j(int32_t off)
{
	uint32_t u = U(off);

	return (uint16_t)(5u << 13 | ((u >> 11) & 1) << 12 | ((u >> 4) & 1) << 11 |
			  ((u >> 8) & 3) << 9 | ((u >> 10) & 1) << 8 | ((u >> 6) & 1) << 7 |
			  ((u >> 7) & 1) << 6 | ((u >> 1) & 7) << 3 | ((u >> 5) & 1) << 2 | 1);
}

uint16_t rv_c_jr(int rs1)
{
	return (uint16_t)(8u << 12 | U(rs1) << 7 | 2);
}

uint16_t rv_c_bz(enum rv_cond c, int rs1, int32_t off)
{
	uint32_t u = U(off), f3 = c == RV_BEQ ? 6 : 7;

	return (uint16_t)(f3 << 13 | ((u >> 8) & 1) << 12 | ((u >> 3) & 3) << 10 | U(rs1 - 8) << 7 |
			  ((u >> 6) & 3) << 5 | ((u >> 1) & 3) << 3 | ((u >> 5) & 1) << 2 | 1);
}

uint16_t rv_c_lw(int rd, int rs1, int32_t off)
{
	uint32_t u = U(off);

	return (uint16_t)(2u << 13 | ((u >> 3) & 7) << 10 | U(rs1 - 8) << 7 | ((u >> 2) & 1) << 6 |
			  ((u >> 6) & 1) << 5 | U(rd - 8) << 2);
}

uint16_t rv_c_ld(int rd, int rs1, int32_t off)
{
	uint32_t u = U(off);

	return (uint16_t)(3u << 13 | ((u >> 3) & 7) << 10 | U(rs1 - 8) << 7 | ((u >> 6) & 3) << 5 |
			  U(rd - 8) << 2);
}

/* ---------------------------------------------------------------- the assembler */

static bool fits(int64_t v, int bits)
{
	return v >= -(1LL << (bits - 1)) && v < (1LL << (bits - 1));
}

static bool creg(int r)
{
	return r >= 8 && r <= 15;
}

void rva_init(struct rva *a, struct rva_ins *ins, uint32_t cap, uint32_t *labels, uint32_t lcap,
	      bool rvc)
{
	*a = (struct rva){ .ins = ins, .cap = cap, .label = labels, .lcap = lcap, .rvc = rvc };
}

static void emit(struct rva *a, uint8_t kind, uint32_t word, uint32_t target, uint8_t size)
{
	if (a->full)
		return;
	if (a->nins == a->cap) {
		a->full = true;
		return;
	}
	a->ins[a->nins++] = (struct rva_ins){ .word = word, .target = target, .kind = kind,
					      .size = size };
}

static void fixed32(struct rva *a, uint32_t w) { emit(a, RVA_FIXED, w, 0, 4); }
static void fixed16(struct rva *a, uint16_t h) { emit(a, RVA_FIXED, h, 0, 2); }

uint32_t rva_label(struct rva *a)
{
	if (a->nlabels == a->lcap) {
		a->full = true;
		return 0;
	}
	a->label[a->nlabels] = UINT32_MAX;
	return a->nlabels++;
}

void rva_bind(struct rva *a, uint32_t label)
{
	if (a->full || label >= a->nlabels)
		return;
	/* Labels bound at a dropped jump keep its index, which is now this
	 * position: they reached the same place through the jump anyway. */
	while (a->nins && a->ins[a->nins - 1].kind == RVA_JUMP && a->ins[a->nins - 1].target == label)
		a->nins--;
	a->label[label] = a->nins;
}

void rva_addi(struct rva *a, int rd, int rs1, int32_t imm)
{
	if (a->rvc && rd != 0 && rs1 == 0 && fits(imm, 6))
		fixed16(a, rv_c_li(rd, imm));
	else if (a->rvc && rd != 0 && rd == rs1 && imm != 0 && fits(imm, 6))
		fixed16(a, rv_c_addi(rd, imm));
	else if (a->rvc && rd != 0 && rs1 != 0 && imm == 0)
		fixed16(a, rv_c_mv(rd, rs1));
	else
		fixed32(a, rv_addi(rd, rs1, imm));
}

void rva_addiw(struct rva *a, int rd, int rs1, int32_t imm)
{
	if (a->rvc && rd != 0 && rd == rs1 && fits(imm, 6))
		fixed16(a, rv_c_addiw(rd, imm));
	else
		fixed32(a, rv_addiw(rd, rs1, imm));
}

/* lui rd, hi20 (sign-extended to 64 bits by the hardware). */
static void lui(struct rva *a, int rd, int32_t hi20)
{
	int32_t s = (int32_t)(U(hi20) << 12) >> 12;    /* the 20-bit value, signed */

	if (a->rvc && rd != 0 && rd != RV_SP && s != 0 && fits(s, 6))
		fixed16(a, rv_c_lui(rd, s));
	else
		fixed32(a, rv_lui(rd, hi20));
}

/*
 * Any 64-bit constant: addi for 12 bits, lui + addiw for 32 bits
 * (addiw wraps and sign-extends, so every int32 works), else the upper
 * part recursively, a shift past its trailing zeros, and the low 12
 * bits.  All arithmetic is modulo 2^64, as the registers are.
 */
void rva_li(struct rva *a, int rd, int64_t imm)
{
	if (fits(imm, 12)) {
		rva_addi(a, rd, RV_ZERO, (int32_t)imm);
	} else if (fits(imm, 32)) {
		int32_t lo = (int32_t)((uint64_t)imm << 52 >> 52);
		lo = (lo ^ 0x800) - 0x800;
		int64_t hi = (imm - lo) >> 12;
		lui(a, rd, (int32_t)hi);
		if (lo)
			rva_addiw(a, rd, rd, lo);
	} else {
		int32_t lo = (int32_t)(((uint64_t)imm & 0xfff) ^ 0x800) - 0x800;
		int64_t hi = (int64_t)((uint64_t)imm - (uint64_t)(int64_t)lo) >> 12;
		int sh = 12;
		while (!(hi & 1)) {
			hi >>= 1;
			sh++;
		}
		rva_li(a, rd, hi);
		rva_slli(a, rd, rd, sh);
		if (lo)
			rva_addi(a, rd, rd, lo);
	}
}

void rva_andi(struct rva *a, int rd, int rs1, int32_t imm)
{
	if (a->rvc && rd == rs1 && creg(rd) && fits(imm, 6))
		fixed16(a, rv_c_andi(rd, imm));
	else
		fixed32(a, rv_andi(rd, rs1, imm));
}

void rva_slli(struct rva *a, int rd, int rs1, int sh)
{
	if (a->rvc && rd != 0 && rd == rs1 && sh != 0)
		fixed16(a, rv_c_slli(rd, sh));
	else
		fixed32(a, rv_slli(rd, rs1, sh));
}

void rva_srli(struct rva *a, int rd, int rs1, int sh)
{
	if (a->rvc && creg(rd) && rd == rs1 && sh != 0)
		fixed16(a, rv_c_srli(rd, sh));
	else
		fixed32(a, rv_srli(rd, rs1, sh));
}

void rva_op(struct rva *a, enum rv_op op, int rd, int rs1, int rs2)
{
	bool commutes = op == RV_ADD || op == RV_XOR || op == RV_OR || op == RV_AND;

	if (commutes && rd == rs2 && rd != rs1) {
		rs2 = rs1;
		rs1 = rd;
	}
	if (a->rvc && op == RV_ADD && rd != 0 && rd == rs1 && rs2 != 0)
		fixed16(a, rv_c_add(rd, rs2));
	else if (a->rvc && (commutes || op == RV_SUB) && op != RV_ADD && rd == rs1 && creg(rd) &&
		 creg(rs2))
		fixed16(a, rv_c_op(op, rd, rs2));
	else
		fixed32(a, rv_op(op, rd, rs1, rs2));
}

void rva_load(struct rva *a, enum rv_load w, int rd, int rs1, int32_t imm)
{
	if (a->rvc && w == RV_LW && creg(rd) && creg(rs1) && imm >= 0 && imm <= 124 && !(imm & 3))
		fixed16(a, rv_c_lw(rd, rs1, imm));
	else if (a->rvc && w == RV_LD && creg(rd) && creg(rs1) && imm >= 0 && imm <= 248 &&
		 !(imm & 7))
		fixed16(a, rv_c_ld(rd, rs1, imm));
	else
		fixed32(a, rv_load(w, rd, rs1, imm));
}

void rva_auipc(struct rva *a, int rd, int32_t imm20)
{
	fixed32(a, rv_auipc(rd, imm20));
}

void rva_word(struct rva *a, uint32_t insn)
{
	fixed32(a, insn);
}

void rva_jalr0(struct rva *a, int rs1, int32_t imm)
{
	fixed32(a, rv_jalr(RV_ZERO, rs1, imm));
}

void rva_ret(struct rva *a)
{
	if (a->rvc)
		fixed16(a, rv_c_jr(RV_RA));
	else
		fixed32(a, rv_jalr(RV_ZERO, RV_RA, 0));
}

void rva_branch(struct rva *a, enum rv_cond c, int rs1, int rs2, uint32_t label)
{
	if (rs1 == RV_ZERO && (c == RV_BEQ || c == RV_BNE)) {
		rs1 = rs2;
		rs2 = RV_ZERO;
	}
	bool small = a->rvc && (c == RV_BEQ || c == RV_BNE) && rs2 == RV_ZERO && creg(rs1);
	emit(a, RVA_BRANCH, U(c) | U(rs1) << 8 | U(rs2) << 16, label, small ? 2 : 4);
}

void rva_jump(struct rva *a, uint32_t label)
{
	emit(a, RVA_JUMP, 0, label, a->rvc ? 2 : 4);
}

void rva_jtab(struct rva *a, uint32_t label)
{
	emit(a, RVA_JTAB, 0, label, 4);
}

/* One layout pass: offsets from sizes; returns the end. */
static uint32_t layout(struct rva *a)
{
	uint32_t off = 0;

	for (uint32_t i = 0; i < a->nins; i++) {
		a->ins[i].off = off;
		off += a->ins[i].size;
	}
	return off;
}

static int64_t label_off(const struct rva *a, uint32_t label, uint32_t end)
{
	uint32_t i = a->label[label];

	return i == a->nins ? end : a->ins[i].off;
}

/* Grow what does not reach its target; true when something grew. */
static bool relax(struct rva *a, uint32_t end)
{
	bool grew = false;

	for (uint32_t i = 0; i < a->nins; i++) {
		struct rva_ins *in = &a->ins[i];
		if (in->kind == RVA_FIXED)
			continue;
		int64_t d = label_off(a, in->target, end) - in->off;
		if (in->kind == RVA_BRANCH && ((in->size == 2 && !fits(d, 9)) ||
					       (in->size == 4 && !fits(d, 13)))) {
			in->size = in->size == 2 ? 4 : 8;
			grew = true;
		} else if (in->kind == RVA_JUMP && in->size == 2 && !fits(d, 12)) {
			in->size = 4;
			grew = true;
		}
	}
	return grew;
}

static void put16(uint8_t *p, uint32_t h)
{
	p[0] = (uint8_t)h;
	p[1] = (uint8_t)(h >> 8);
}

static void put32(uint8_t *p, uint32_t w)
{
	put16(p, w);
	put16(p + 2, w >> 16);
}

static int encode(const struct rva *a, const struct rva_ins *in, uint8_t *p, uint32_t end)
{
	int32_t d = in->kind == RVA_FIXED ? 0 : (int32_t)(label_off(a, in->target, end) - in->off);
	enum rv_cond c = (enum rv_cond)(in->word & 0xff);
	int rs1 = (int)(in->word >> 8) & 0xff, rs2 = (int)(in->word >> 16) & 0xff;

	switch (in->kind) {
	case RVA_FIXED:
		if (in->size == 2)
			put16(p, in->word);
		else
			put32(p, in->word);
		return 0;
	case RVA_BRANCH:
		if (in->size == 2)
			put16(p, rv_c_bz(c, rs1, d));
		else if (in->size == 4)
			put32(p, rv_branch(c, rs1, rs2, d));
		else if (!fits(d - 4, 21))
			return -E_RANGE;
		else {
			put32(p, rv_branch((enum rv_cond)(c ^ 1), rs1, rs2, 8));
			put32(p + 4, rv_jal(RV_ZERO, d - 4));
		}
		return 0;
	default:
		if (!fits(d, in->size == 2 ? 12 : 21))
			return -E_RANGE;
		if (in->size == 2)
			put16(p, rv_c_j(d));
		else
			put32(p, rv_jal(RV_ZERO, d));
		return 0;
	}
}

long rva_finish(struct rva *a, uint8_t *out, size_t cap)
{
	uint32_t end;
	int r;

	if (a->full)
		return -E_NOMEM;
	for (uint32_t i = 0; i < a->nins; i++)
		if (a->ins[i].kind != RVA_FIXED &&
		    (a->ins[i].target >= a->nlabels || a->label[a->ins[i].target] == UINT32_MAX))
			return -E_INVAL;    /* a label never bound: a generator bug */
	do
		end = layout(a);
	while (relax(a, end));
	if (end > cap)
		return -E_NOMEM;
	for (uint32_t i = 0; i < a->nins; i++)
		if ((r = encode(a, &a->ins[i], out + a->ins[i].off, end)))
			return r;
	return end;
}
