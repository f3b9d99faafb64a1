/*
 * dpf_rvcheck.h - an independent check of emitted DPF programs: a
 * small RISC-V decoder (RV64I and RV64C integer instructions), a
 * verifier that proves a program safe without running it, and an
 * emulator that runs it on a frame.
 *
 * The verifier accepts a program only when, on every path:
 *   - it is made of known instructions, and only loads, integer ALU
 *     ops, lui/auipc, conditional branches, jal x0 and jalr x0;
 *   - it writes no register but t0-t6 and a0-a7 (never ra, sp, gp, tp
 *     or the callee-saved s registers) and stores nothing;
 *   - every branch or jump goes strictly forward to the start of an
 *     instruction of the program (so it ends), and no path falls off
 *     its end; a computed jump is allowed only through a register
 *     known to be auipc + an index bounded by a mask (every possible
 *     target is then checked the same way);
 *   - every load reads through a0 (the frame, never written before)
 *     plus constants, or plus a value bounded by a mask, within a
 *     length the path has proved by an unsigned compare of a1 (the
 *     length) against that same constant or value; and is naturally
 *     aligned given the alignment promised for a0;
 *   - it returns only with jalr x0, 0(ra), ra never written, with a0 a
 *     constant verdict in -1..max_verdict-1.
 * It tracks, per register, an abstract value (constant, frame + k,
 * length, a bounded value with an identity, code address) and, per
 * path, the facts "len >= k" and "len >= v + k"; paths meet at forward
 * targets, where only what both know survives.
 */
#ifndef TESTS_HOST_DPF_RVCHECK_H
#define TESTS_HOST_DPF_RVCHECK_H

#include <stddef.h>
#include <stdint.h>

enum rvd_op {
	RVD_BAD, RVD_LUI, RVD_AUIPC, RVD_JAL, RVD_JALR, RVD_BRANCH, RVD_LOAD, RVD_STORE,
	RVD_OPIMM, RVD_OPIMM32, RVD_OP, RVD_OP32, RVD_SYSTEM,
};

/* One decoded instruction, compressed ones expanded to their base form. */
struct rvd {
	uint8_t len;          /* 2 or 4 */
	uint8_t op;           /* enum rvd_op */
	uint8_t f3;           /* funct3 */
	uint8_t f7;           /* funct7 (OP, OP32); shifts: bits 31:26 of the base form */
	uint8_t rd, rs1, rs2;
	int64_t imm;
};

/* Decode the instruction at p (avail bytes left).  0, or -1 when it is
 * cut short or not a valid RV64IC integer instruction. */
int rvd_decode(const uint8_t *p, size_t avail, struct rvd *d);

struct rvcheck_opts {
	uint32_t align, mod;      /* a0 % align == mod, as promised to dpf_jit */
	int32_t max_verdict;      /* verdicts must be -1..max_verdict-1 */
};

/* 0 when the program is safe; -1 with the reason (and its offset) in why. */
int rvcheck_verify(const uint8_t *code, size_t size, const struct rvcheck_opts *o, char *why,
		   size_t whylen);

/* Run the program on the len-byte frame, as if a0 % 8 == mod8.  Faults
 * (a load outside the frame or misaligned, a jump outside the program,
 * an instruction the emulator does not run, too many steps) return -1
 * with the reason in why; otherwise 0 with the verdict and the number
 * of instructions executed. */
int rvemu_run(const uint8_t *code, size_t size, const uint8_t *frame, size_t len, uint32_t mod8,
	      int64_t *verdict, uint64_t *steps, char *why, size_t whylen);

#endif
