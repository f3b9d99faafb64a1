/*
 * sbi.h - calls into the Supervisor Binary Interface (OpenSBI).
 * RISC-V SBI specification v1.0: a7 = extension id, a6 = function id,
 * a0-a5 arguments; a0 = error, a1 = value on return.
 */
#ifndef ARCH_RISCV_SBI_H
#define ARCH_RISCV_SBI_H

#include <stdint.h>

#define SBI_EXT_BASE   0x10
#define SBI_EXT_TIME   0x54494d45
#define SBI_EXT_IPI    0x735049
#define SBI_EXT_RFENCE 0x52464e43
#define SBI_EXT_HSM    0x48534d
#define SBI_EXT_SRST   0x53525354

#define SBI_SRST_SHUTDOWN   0
#define SBI_SRST_COLD_REBOOT 1
#define SBI_SRST_NO_REASON  0
#define SBI_SRST_FAILURE    1

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(long ext, long fid, long a0, long a1, long a2);
/* Nonzero when the firmware implements extension ext. */
int sbi_probe(long ext);
void sbi_set_timer(uint64_t when);
long sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque);
void sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);
/* sfence.vma of [start, start+size) on the harts in hart_mask (RFENCE). */
void sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long start, unsigned long size);
/* The same for address space asid only (RFENCE function 2); size
 * (unsigned long)-1 flushes all of asid's translations. */
void sbi_remote_sfence_vma_asid(unsigned long hart_mask, unsigned long start, unsigned long size,
				unsigned long asid);
/* Ask the firmware to stop the machine; returns only if it cannot. */
void sbi_system_reset(uint32_t type, uint32_t reason);
/* Legacy console putchar (extension 0x01): the console of last resort. */
void sbi_legacy_putchar(int c);

#endif
