/*
 * rv_asm.h - a small RISC-V assembler for generated code: RV64I and
 * RV64C encodings (written from the unprivileged ISA spec, chapters
 * "RV32I/RV64I Base Integer Instruction Set" and "C Standard Extension
 * for Compressed Instructions"), labels, and branch relaxation.  The
 * only RISC-V-specific part of DPF besides the choice of instructions
 * in dpf_jit.c.
 *
 * Code is built as a list of instructions in a caller-provided array;
 * branches and jumps name labels, which are bound to positions in the
 * list.  rva_finish() then sizes every branch (compressed, plain, or an
 * inverted branch over a jal when the target is beyond +-4 KiB),
 * growing sizes until nothing moves (sizes only grow, so this ends),
 * and writes the bytes.  Errors are sticky: once the array or the
 * label table is full every later call does nothing and rva_finish()
 * reports -E_NOMEM.
 */
#ifndef KERNEL_DPF_RV_ASM_H
#define KERNEL_DPF_RV_ASM_H

#include "klib.h"

/* Integer registers by ABI name. */
enum {
	RV_ZERO = 0, RV_RA = 1, RV_SP = 2, RV_GP = 3, RV_TP = 4,
	RV_T0 = 5, RV_T1 = 6, RV_T2 = 7, RV_S0 = 8, RV_S1 = 9,
	RV_A0 = 10, RV_A1, RV_A2, RV_A3, RV_A4, RV_A5, RV_A6, RV_A7,
	RV_T3 = 28, RV_T4, RV_T5, RV_T6,
};

/* Branch conditions: the funct3 of BRANCH. */
enum rv_cond { RV_BEQ = 0, RV_BNE = 1, RV_BLT = 4, RV_BGE = 5, RV_BLTU = 6, RV_BGEU = 7 };

/* Register-register ops: funct7 << 3 | funct3 of OP. */
enum rv_op {
	RV_ADD = 0x000, RV_SUB = 0x100, RV_SLL = 0x001, RV_SLT = 0x002, RV_SLTU = 0x003,
	RV_XOR = 0x004, RV_SRL = 0x005, RV_SRA = 0x105, RV_OR = 0x006, RV_AND = 0x007,
};

/* Loads: the funct3 of LOAD. */
enum rv_load { RV_LB = 0, RV_LH = 1, RV_LW = 2, RV_LD = 3, RV_LBU = 4, RV_LHU = 5, RV_LWU = 6 };

/* ---------------------------------------------------------------- encodings
 * Each returns the instruction; operands must be in range (the caller
 * checks: these only place bits).  Offsets are in bytes. */
uint32_t rv_lui(int rd, int32_t imm20);
uint32_t rv_auipc(int rd, int32_t imm20);
uint32_t rv_jal(int rd, int32_t off);                   /* +-1 MiB, even */
uint32_t rv_jalr(int rd, int rs1, int32_t imm);
uint32_t rv_branch(enum rv_cond c, int rs1, int rs2, int32_t off);   /* +-4 KiB, even */
uint32_t rv_load(enum rv_load w, int rd, int rs1, int32_t imm);
uint32_t rv_addi(int rd, int rs1, int32_t imm);
uint32_t rv_addiw(int rd, int rs1, int32_t imm);
uint32_t rv_andi(int rd, int rs1, int32_t imm);
uint32_t rv_ori(int rd, int rs1, int32_t imm);
uint32_t rv_xori(int rd, int rs1, int32_t imm);
uint32_t rv_slli(int rd, int rs1, int sh);              /* 0..63 */
uint32_t rv_srli(int rd, int rs1, int sh);
uint32_t rv_srai(int rd, int rs1, int sh);
uint32_t rv_op(enum rv_op op, int rd, int rs1, int rs2);

/* Compressed forms (16 bits).  rd'/rs' operands must be x8..x15. */
uint16_t rv_c_li(int rd, int32_t imm);                  /* rd != 0, -32..31 */
uint16_t rv_c_addi(int rd, int32_t imm);                /* rd != 0, imm != 0 */
uint16_t rv_c_addiw(int rd, int32_t imm);               /* rd != 0 */
uint16_t rv_c_lui(int rd, int32_t imm6);                /* rd != 0, 2; imm6 != 0, -32..31 */
uint16_t rv_c_slli(int rd, int sh);                     /* rd != 0, 1..63 */
uint16_t rv_c_srli(int rd, int sh);                     /* rd', 1..63 */
uint16_t rv_c_andi(int rd, int32_t imm);                /* rd', -32..31 */
uint16_t rv_c_mv(int rd, int rs2);                      /* rd, rs2 != 0 */
uint16_t rv_c_add(int rd, int rs2);                     /* rd, rs2 != 0 */
uint16_t rv_c_op(enum rv_op op, int rd, int rs2);       /* SUB, XOR, OR, AND; rd', rs2' */
uint16_t rv_c_j(int32_t off);                           /* +-2 KiB */
uint16_t rv_c_jr(int rs1);                              /* rs1 != 0 */
uint16_t rv_c_bz(enum rv_cond c, int rs1, int32_t off); /* BEQ or BNE against zero; +-256 */
uint16_t rv_c_lw(int rd, int rs1, int32_t off);         /* 0..124, multiple of 4 */
uint16_t rv_c_ld(int rd, int rs1, int32_t off);         /* 0..248, multiple of 8 */

/* ---------------------------------------------------------------- the assembler */

enum rva_kind { RVA_FIXED, RVA_BRANCH, RVA_JUMP, RVA_JTAB };

struct rva_ins {
	uint32_t word;        /* FIXED: the encoding; BRANCH: cond | rs1 << 8 | rs2 << 16 */
	uint32_t target;      /* BRANCH, JUMP, JTAB: a label */
	uint32_t off;         /* byte offset, set by rva_finish */
	uint8_t kind;         /* enum rva_kind */
	uint8_t size;         /* bytes: 2, 4 or 8 */
	uint16_t _pad;
};

struct rva {
	struct rva_ins *ins;
	uint32_t nins, cap;
	uint32_t *label;      /* label -> index of the instruction it precedes */
	uint32_t nlabels, lcap;
	bool rvc;             /* emit compressed forms where they fit */
	bool full;            /* an array ran out: rva_finish fails */
};

void rva_init(struct rva *a, struct rva_ins *ins, uint32_t cap, uint32_t *labels, uint32_t lcap,
	      bool rvc);
uint32_t rva_label(struct rva *a);
/* Bind label to the current position.  A jump to it just before is
 * dropped (it would jump to the next instruction). */
void rva_bind(struct rva *a, uint32_t label);

/* The instructions the code generator uses; each picks a compressed
 * encoding when a->rvc and the operands allow it. */
void rva_li(struct rva *a, int rd, int64_t imm);        /* any 64-bit value */
void rva_addi(struct rva *a, int rd, int rs1, int32_t imm);     /* -2048..2047 */
void rva_addiw(struct rva *a, int rd, int rs1, int32_t imm);
void rva_andi(struct rva *a, int rd, int rs1, int32_t imm);
void rva_slli(struct rva *a, int rd, int rs1, int sh);
void rva_srli(struct rva *a, int rd, int rs1, int sh);
void rva_op(struct rva *a, enum rv_op op, int rd, int rs1, int rs2);
void rva_load(struct rva *a, enum rv_load w, int rd, int rs1, int32_t imm);
void rva_auipc(struct rva *a, int rd, int32_t imm20);
void rva_word(struct rva *a, uint32_t insn);           /* exactly these 4 bytes */
void rva_jalr0(struct rva *a, int rs1, int32_t imm);   /* jalr x0, imm(rs1): 4 bytes */
void rva_ret(struct rva *a);
void rva_branch(struct rva *a, enum rv_cond c, int rs1, int rs2, uint32_t label);
void rva_jump(struct rva *a, uint32_t label);
void rva_jtab(struct rva *a, uint32_t label);          /* jal x0, label: always 4 bytes */

/* Lay out, relax and write the code to out.  Returns its size, or
 * -E_NOMEM when an array ran out or the code does not fit in cap, or
 * -E_RANGE when a jump needs more than +-1 MiB. */
long rva_finish(struct rva *a, uint8_t *out, size_t cap);

#endif
