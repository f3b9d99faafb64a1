/*
 * dpf_rvvec.h - encoder test vectors: tests/host/gen-rv-vectors.py
 * writes one case per instruction both as assembly text (assembled by
 * the cross assembler into rvvec_bytes) and as a struct rvvec_case the
 * test feeds to kernel/dpf/rv_asm.c's encoder; the bytes must agree.
 */
#ifndef TESTS_HOST_DPF_RVVEC_H
#define TESTS_HOST_DPF_RVVEC_H

#include <stddef.h>
#include <stdint.h>

enum rvvec_form {
	V_LUI, V_AUIPC, V_JAL, V_JALR, V_BRANCH, V_LOAD, V_ADDI, V_ADDIW, V_ANDI, V_ORI, V_XORI,
	V_SLLI, V_SRLI, V_SRAI, V_OP,
	V_C_LI, V_C_ADDI, V_C_ADDIW, V_C_LUI, V_C_SLLI, V_C_SRLI, V_C_ANDI, V_C_MV, V_C_ADD,
	V_C_OP, V_C_J, V_C_JR, V_C_BZ, V_C_LW, V_C_LD,
};

struct rvvec_case {
	uint8_t form;         /* enum rvvec_form */
	uint8_t rd, rs1, rs2;
	int32_t x;            /* branch condition, load width or rv_op */
	int32_t imm;
	const char *text;     /* the assembly line */
};

extern const struct rvvec_case rvvec_cases[];
extern const size_t rvvec_ncases;
extern const uint8_t rvvec_bytes[];
extern const size_t rvvec_nbytes;

#endif
