/*
 * sbi.c - SBI calls (RISC-V SBI specification v1.0, chapter 3: binary
 * encoding), and the interface functions of arch/cpu.h and arch/mm.h
 * that the firmware provides.
 */
#include "sbi.h"
#include "arch/cpu.h"
#include "arch/mm.h"

struct sbiret sbi_call(long ext, long fid, long a0, long a1, long a2)
{
	register long r0 __asm__("a0") = a0;
	register long r1 __asm__("a1") = a1;
	register long r2 __asm__("a2") = a2;
	register long r6 __asm__("a6") = fid;
	register long r7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){ r0, r1 };
}

int sbi_probe(long ext)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, 3, ext, 0, 0);
	return r.error == 0 && r.value != 0;
}

void sbi_set_timer(uint64_t when)
{
	sbi_call(SBI_EXT_TIME, 0, (long)when, 0, 0);
}

long sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque)
{
	return sbi_call(SBI_EXT_HSM, 0, (long)hartid, (long)start_pa, (long)opaque).error;
}

void sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base)
{
	sbi_call(SBI_EXT_IPI, 0, (long)hart_mask, (long)hart_mask_base, 0);
}

void sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long start, unsigned long size)
{
	register long r0 __asm__("a0") = (long)hart_mask;
	register long r1 __asm__("a1") = 0;
	register long r2 __asm__("a2") = (long)start;
	register long r3 __asm__("a3") = (long)size;
	register long r6 __asm__("a6") = 1;
	register long r7 __asm__("a7") = SBI_EXT_RFENCE;

	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r3), "r"(r6), "r"(r7)
			 : "memory");
}

void sbi_remote_sfence_vma_asid(unsigned long hart_mask, unsigned long start, unsigned long size,
				unsigned long asid)
{
	register long r0 __asm__("a0") = (long)hart_mask;
	register long r1 __asm__("a1") = 0;
	register long r2 __asm__("a2") = (long)start;
	register long r3 __asm__("a3") = (long)size;
	register long r4 __asm__("a4") = (long)asid;
	register long r6 __asm__("a6") = 2;
	register long r7 __asm__("a7") = SBI_EXT_RFENCE;

	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r3), "r"(r4), "r"(r6), "r"(r7)
			 : "memory");
}

void sbi_system_reset(uint32_t type, uint32_t reason)
{
	sbi_call(SBI_EXT_SRST, 0, type, reason, 0);
}

void sbi_legacy_putchar(int c)
{
	sbi_call(0x01, 0, c, 0, 0);
}

void arch_send_ipi(uint64_t hartid_mask)
{
	sbi_send_ipi(hartid_mask, 0);
}

long arch_hart_start(uint32_t hartid, const struct arch_secondary_boot *boot)
{
	extern char secondary_entry[];   /* entry.S */

	return sbi_hart_start(hartid, pa_raw(arch_kva_to_pa(secondary_entry)),
			      pa_raw(arch_kva_to_pa(boot)));
}

void arch_firmware_power_off(int status)
{
	sbi_system_reset(SBI_SRST_SHUTDOWN, status ? SBI_SRST_FAILURE : SBI_SRST_NO_REASON);
	for (;;)
		arch_wait_for_interrupt();
}

void arch_firmware_putc(int c)
{
	sbi_legacy_putchar(c);
}

/* RFENCE takes a hart mask, and size -1 for "everything". */
void arch_tlb_flush_remote(uint32_t hartid, vaddr_t va, uint64_t size)
{
	sbi_remote_sfence_vma(1UL << hartid, va_raw(va), size ? size : (unsigned long)-1);
}

void arch_tlb_flush_remote_asid(uint32_t hartid, vaddr_t va, uint64_t size, uint32_t asid)
{
	sbi_remote_sfence_vma_asid(1UL << hartid, va_raw(va), size ? size : (unsigned long)-1, asid);
}
