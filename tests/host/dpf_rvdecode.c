/*
 * dpf_rvdecode.c - RV64I and RV64C integer decoding for the checker
 * and the emulator (dpf_rvcheck.h), written from the ISA spec's format
 * tables independently of kernel/dpf/rv_asm.c.
 */
#include <string.h>
#include "dpf_rvcheck.h"

static int64_t sext(uint64_t v, int bits)
{
	uint64_t m = 1ULL << (bits - 1);

	v &= (1ULL << bits) - 1;
	return (int64_t)((v ^ m) - m);
}

static int decode32(uint32_t w, struct rvd *d)
{
	d->len = 4;
	d->rd = (w >> 7) & 31;
	d->f3 = (w >> 12) & 7;
	d->rs1 = (w >> 15) & 31;
	d->rs2 = (w >> 20) & 31;
	d->f7 = (uint8_t)(w >> 25);
	d->imm = (int32_t)w >> 20;
	switch (w & 0x7f) {
	case 0x37: d->op = RVD_LUI; d->imm = (int32_t)(w & 0xfffff000u); return 0;
	case 0x17: d->op = RVD_AUIPC; d->imm = (int32_t)(w & 0xfffff000u); return 0;
	case 0x6f:
		d->op = RVD_JAL;
		d->imm = sext(((w >> 31) & 1) << 20 | ((w >> 12) & 0xff) << 12 |
			      ((w >> 20) & 1) << 11 | ((w >> 21) & 0x3ff) << 1, 21);
		return 0;
	case 0x67: d->op = RVD_JALR; return d->f3 ? -1 : 0;
	case 0x63:
		d->op = RVD_BRANCH;
		d->imm = sext(((w >> 31) & 1) << 12 | ((w >> 7) & 1) << 11 | ((w >> 25) & 0x3f) << 5 |
			      ((w >> 8) & 0xf) << 1, 13);
		return d->f3 == 2 || d->f3 == 3 ? -1 : 0;
	case 0x03: d->op = RVD_LOAD; return d->f3 == 7 ? -1 : 0;
	case 0x23: d->op = RVD_STORE; return 0;
	case 0x13:
		d->op = RVD_OPIMM;
		if (d->f3 == 1 || d->f3 == 5) {
			d->f7 = (uint8_t)(w >> 26);
			d->imm = (w >> 20) & 63;
			return d->f7 == 0 || (d->f3 == 5 && d->f7 == 0x10) ? 0 : -1;
		}
		d->f7 = 0;    /* those bits are the immediate's */
		return 0;
	case 0x1b:
		d->op = RVD_OPIMM32;
		if (d->f3 == 1 || d->f3 == 5) {
			d->imm = (w >> 20) & 31;
			return d->f7 == 0 || (d->f3 == 5 && d->f7 == 0x20) ? 0 : -1;
		}
		d->f7 = 0;
		return d->f3 == 0 ? 0 : -1;
	case 0x33:
		d->op = RVD_OP;
		return d->f7 == 0 || (d->f7 == 0x20 && (d->f3 == 0 || d->f3 == 5)) ? 0 : -1;
	case 0x3b:
		d->op = RVD_OP32;
		if (d->f3 == 0 || d->f3 == 5)
			return d->f7 == 0 || d->f7 == 0x20 ? 0 : -1;
		return d->f3 == 1 && d->f7 == 0 ? 0 : -1;
	case 0x73: d->op = RVD_SYSTEM; return 0;
	default: return -1;
	}
}

static void set(struct rvd *d, uint8_t op, uint8_t f3, uint8_t f7, int rd, int rs1, int rs2,
		int64_t imm)
{
	d->op = op;
	d->f3 = f3;
	d->f7 = f7;
	d->rd = (uint8_t)rd;
	d->rs1 = (uint8_t)rs1;
	d->rs2 = (uint8_t)rs2;
	d->imm = imm;
}

static int quadrant0(uint16_t h, struct rvd *d)
{
	int rd = 8 + ((h >> 2) & 7), rs1 = 8 + ((h >> 7) & 7);
	uint32_t lw = ((h >> 10) & 7) << 3 | ((h >> 6) & 1) << 2 | ((h >> 5) & 1) << 6;
	uint32_t ld = ((h >> 10) & 7) << 3 | ((h >> 5) & 3) << 6;

	switch (h >> 13) {
	case 2: set(d, RVD_LOAD, 2, 0, rd, rs1, 0, lw); return 0;
	case 3: set(d, RVD_LOAD, 3, 0, rd, rs1, 0, ld); return 0;
	case 6: set(d, RVD_STORE, 2, 0, 0, rs1, rd, lw); return 0;
	case 7: set(d, RVD_STORE, 3, 0, 0, rs1, rd, ld); return 0;
	default: return -1;   /* ADDI4SPN and the FP forms: never emitted */
	}
}

static int quadrant1_alu(uint16_t h, struct rvd *d)
{
	int rd = 8 + ((h >> 7) & 7), rs2 = 8 + ((h >> 2) & 7);
	int64_t imm = sext(((h >> 12) & 1) << 5 | ((h >> 2) & 31), 6);
	uint32_t sh = ((h >> 12) & 1) << 5 | ((h >> 2) & 31);
	static const uint8_t f3s[4] = { 0, 4, 6, 7 };   /* SUB, XOR, OR, AND */

	switch ((h >> 10) & 3) {
	case 0: set(d, RVD_OPIMM, 5, 0, rd, rd, 0, sh); return sh ? 0 : -1;
	case 1: set(d, RVD_OPIMM, 5, 0x10, rd, rd, 0, sh); return sh ? 0 : -1;
	case 2: set(d, RVD_OPIMM, 7, 0, rd, rd, 0, imm); return 0;
	default:
		if (!((h >> 12) & 1)) {
			int f2 = (h >> 5) & 3;
			set(d, RVD_OP, f3s[f2], f2 == 0 ? 0x20 : 0, rd, rd, rs2, 0);
			return 0;
		}
		if (((h >> 5) & 3) > 1)
			return -1;
		set(d, RVD_OP32, 0, ((h >> 5) & 3) ? 0 : 0x20, rd, rd, rs2, 0);
		return 0;
	}
}

static int quadrant1(uint16_t h, struct rvd *d)
{
	int rd = (h >> 7) & 31, rs1 = 8 + ((h >> 7) & 7);
	int64_t imm = sext(((h >> 12) & 1) << 5 | ((h >> 2) & 31), 6);
	int64_t j = sext(((h >> 12) & 1) << 11 | ((h >> 11) & 1) << 4 | ((h >> 9) & 3) << 8 |
			 ((h >> 8) & 1) << 10 | ((h >> 7) & 1) << 6 | ((h >> 6) & 1) << 7 |
			 ((h >> 3) & 7) << 1 | ((h >> 2) & 1) << 5, 12);
	int64_t b = sext(((h >> 12) & 1) << 8 | ((h >> 10) & 3) << 3 | ((h >> 5) & 3) << 6 |
			 ((h >> 3) & 3) << 1 | ((h >> 2) & 1) << 5, 9);

	switch (h >> 13) {
	case 0: set(d, RVD_OPIMM, 0, 0, rd, rd, 0, imm); return 0;
	case 1: set(d, RVD_OPIMM32, 0, 0, rd, rd, 0, imm); return rd ? 0 : -1;
	case 2: set(d, RVD_OPIMM, 0, 0, rd, 0, 0, imm); return 0;
	case 3: set(d, RVD_LUI, 0, 0, rd, 0, 0, imm * 4096); return rd && rd != 2 && imm ? 0 : -1;
	case 4: return quadrant1_alu(h, d);
	case 5: set(d, RVD_JAL, 0, 0, 0, 0, 0, j); return 0;
	case 6: set(d, RVD_BRANCH, 0, 0, 0, rs1, 0, b); return 0;
	default: set(d, RVD_BRANCH, 1, 0, 0, rs1, 0, b); return 0;
	}
}

static int quadrant2(uint16_t h, struct rvd *d)
{
	int rd = (h >> 7) & 31, rs2 = (h >> 2) & 31;
	uint32_t sh = ((h >> 12) & 1) << 5 | ((h >> 2) & 31);
	uint32_t lwsp = ((h >> 12) & 1) << 5 | ((h >> 4) & 7) << 2 | ((h >> 2) & 3) << 6;
	uint32_t ldsp = ((h >> 12) & 1) << 5 | ((h >> 5) & 3) << 3 | ((h >> 2) & 7) << 6;

	switch (h >> 13) {
	case 0: set(d, RVD_OPIMM, 1, 0, rd, rd, 0, sh); return rd && sh ? 0 : -1;
	case 2: set(d, RVD_LOAD, 2, 0, rd, 2, 0, lwsp); return rd ? 0 : -1;
	case 3: set(d, RVD_LOAD, 3, 0, rd, 2, 0, ldsp); return rd ? 0 : -1;
	case 6: case 7: set(d, RVD_STORE, 2, 0, 0, 2, rs2, 0); return 0;
	case 4:
		if (!((h >> 12) & 1)) {
			if (!rs2)
				set(d, RVD_JALR, 0, 0, 0, rd, 0, 0);      /* c.jr */
			else
				set(d, RVD_OP, 0, 0, rd, 0, rs2, 0);      /* c.mv */
			return rd ? 0 : -1;
		}
		if (!rd && !rs2)
			set(d, RVD_SYSTEM, 0, 0, 0, 0, 0, 1);         /* c.ebreak */
		else if (!rs2)
			set(d, RVD_JALR, 0, 0, 1, rd, 0, 0);          /* c.jalr */
		else
			set(d, RVD_OP, 0, 0, rd, rd, rs2, 0);         /* c.add */
		return 0;
	default:
		return -1;
	}
}

int rvd_decode(const uint8_t *p, size_t avail, struct rvd *d)
{
	memset(d, 0, sizeof(*d));
	if (avail < 2)
		return -1;
	uint16_t h = (uint16_t)(p[0] | p[1] << 8);
	if ((h & 3) == 3) {
		if (avail < 4 || (h & 0x1c) == 0x1c)   /* 48-bit and longer forms */
			return -1;
		return decode32(h | (uint32_t)(p[2] | p[3] << 8) << 16, d);
	}
	d->len = 2;
	if (h == 0)
		return -1;                               /* the defined illegal instruction */
	switch (h & 3) {
	case 0: return quadrant0(h, d);
	case 1: return quadrant1(h, d);
	default: return quadrant2(h, d);
	}
}
