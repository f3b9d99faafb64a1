/*
 * fpu.h - saving and loading the F/D registers (unprivileged spec,
 * chapters 11-12).  The kernel itself never uses floating point; these
 * move an env's FP state when envs change on a hart.
 */
#ifndef ARCH_RISCV_FPU_H
#define ARCH_RISCV_FPU_H

#include <stdint.h>

/* f0-f31 into regs[0..31], fcsr into regs[32]. */
void fpu_save(uint64_t regs[33]);
void fpu_load(const uint64_t regs[33]);
/* Every FP register and fcsr to zero (an env's first use). */
void fpu_zero(void);

#endif
