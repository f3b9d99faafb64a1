/*
 * dpf_rvemu.c - run an emitted program on a frame (dpf_rvcheck.h):
 * the integer instructions a DPF program may contain, with every load
 * checked against the frame's bounds and natural alignment, and every
 * jump against the program's.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "dpf_rvcheck.h"

#define FRAME_BASE 0x10000000ULL
#define CODE_BASE  0x40000000ULL
#define RET_ADDR   0x7fff0000ULL
#define MAX_STEPS  1000000

static int fault(char *why, size_t n, uint64_t pc, const char *fmt, ...)
{
	va_list ap;
	int k = snprintf(why, n, "at +%llu: ", (unsigned long long)(pc - CODE_BASE));

	va_start(ap, fmt);
	if (k >= 0 && (size_t)k < n)
		vsnprintf(why + k, n - (size_t)k, fmt, ap);
	va_end(ap);
	return -1;
}

static uint64_t op(uint8_t f3, uint8_t f7, uint64_t a, uint64_t b, bool word)
{
	if (word) {
		uint32_t x = (uint32_t)a, y = (uint32_t)b;
		int32_t r = f3 == 0 ? (int32_t)(f7 == 0x20 ? x - y : x + y) :
			    f3 == 1 ? (int32_t)(x << (y & 31)) :
			    f7 & 0x20 ? (int32_t)x >> (y & 31) : (int32_t)(x >> (y & 31));
		return (uint64_t)(int64_t)r;
	}
	switch (f3) {
	case 0: return f7 == 0x20 ? a - b : a + b;
	case 1: return a << (b & 63);
	case 2: return (int64_t)a < (int64_t)b;
	case 3: return a < b;
	case 4: return a ^ b;
	case 5: return f7 & 0x20 ? (uint64_t)((int64_t)a >> (b & 63)) : a >> (b & 63);
	case 6: return a | b;
	default: return a & b;
	}
}

static bool taken(uint8_t f3, uint64_t a, uint64_t b)
{
	switch (f3) {
	case 0: return a == b;
	case 1: return a != b;
	case 4: return (int64_t)a < (int64_t)b;
	case 5: return (int64_t)a >= (int64_t)b;
	case 6: return a < b;
	default: return a >= b;
	}
}

int rvemu_run(const uint8_t *code, size_t size, const uint8_t *frame, size_t len, uint32_t mod8,
	      int64_t *verdict, uint64_t *steps, char *why, size_t whylen)
{
	static const int width[8] = { 1, 2, 4, 8, 1, 2, 4, 0 };
	uint64_t x[32] = { 0 }, pc = CODE_BASE, base = FRAME_BASE + (mod8 & 7);
	struct rvd d;

	x[1] = RET_ADDR;
	x[10] = base;
	x[11] = len;
	for (*steps = 0; *steps < MAX_STEPS; (*steps)++) {
		if (pc == RET_ADDR) {
			*verdict = (int64_t)x[10];
			return 0;
		}
		if (pc < CODE_BASE || pc >= CODE_BASE + size ||
		    rvd_decode(code + (pc - CODE_BASE), size - (pc - CODE_BASE), &d))
			return fault(why, whylen, pc, "no instruction here");
		uint64_t a = x[d.rs1], b = x[d.rs2], imm = (uint64_t)d.imm, next = pc + d.len, v = 0;
		switch (d.op) {
		case RVD_LUI: v = imm; break;
		case RVD_AUIPC: v = pc + imm; break;
		case RVD_JAL: v = next; next = pc + imm; break;
		case RVD_JALR: v = next; next = (a + imm) & ~1ULL; break;
		case RVD_BRANCH:
			if (taken(d.f3, a, b))
				next = pc + imm;
			d.rd = 0;
			break;
		case RVD_LOAD: {
			int w = width[d.f3];
			uint64_t ea = a + imm;
			if (ea < base || ea - base + (uint64_t)w > len)
				return fault(why, whylen, pc, "load of %d at frame+%lld, len %zu", w,
					     (long long)(ea - base), len);
			if (ea % (uint64_t)w)
				return fault(why, whylen, pc, "misaligned load of %d", w);
			for (int i = w - 1; i >= 0; i--)
				v = v << 8 | frame[ea - base + (uint64_t)i];
			if (d.f3 < 4 && w < 8)     /* lb, lh, lw sign-extend */
				v = (uint64_t)((int64_t)(v << (64 - 8 * w)) >> (64 - 8 * w));
			break;
		}
		case RVD_OPIMM:
			v = op(d.f3, d.f3 == 5 ? (uint8_t)(d.f7 << 1) : 0, a, imm, false);
			break;
		case RVD_OPIMM32: v = op(d.f3, d.f7, a, imm, true); break;
		case RVD_OP: v = op(d.f3, d.f7, a, b, false); break;
		case RVD_OP32: v = op(d.f3, d.f7, a, b, true); break;
		default:
			return fault(why, whylen, pc, "not an instruction the emulator runs");
		}
		if (d.rd)
			x[d.rd] = v;
		pc = next;
	}
	return fault(why, whylen, pc, "more than %d steps", MAX_STEPS);
}
