/*
 * fake.c - the fake arch's state (the headers in include/arch/): RAM,
 * what was recorded, and the functions that are not inline.
 */
#include <stdio.h>
#include <stdlib.h>
#include "hart.h"
#include "arch/cpu.h"
#include "arch/mm.h"

uint8_t fake_ram[FAKE_RAM_SIZE] __attribute__((aligned(4096)));
struct fake_mm fake_mm = { .asid_bits = 16 };
struct fake_cpu fake_cpu;

void fake_bad_address(const char *what, uint64_t addr)
{
	fprintf(stderr, "fake arch: %s: %#lx\n", what, (unsigned long)addr);
	abort();
}

struct hart *fake_this_hart(void)
{
	return &harts[fake_cpu.hart];
}

unsigned fake_hart_index(void)
{
	return fake_cpu.hart;
}

uint32_t fake_hart_id(void)
{
	return harts[fake_cpu.hart].hartid;
}

void fake_flush_record(struct fake_flush f)
{
	if (fake_mm.nflush < FAKE_FLUSH_LOG)
		fake_mm.flush[fake_mm.nflush] = f;
	fake_mm.nflush++;
}

void arch_tlb_flush_remote(uint32_t hartid, vaddr_t va, uint64_t size)
{
	fake_flush_record((struct fake_flush){ hartid, 1, size ? FAKE_FLUSH_VA : FAKE_FLUSH_ALL,
					       va_raw(va), size, 0 });
}

void arch_tlb_flush_remote_asid(uint32_t hartid, vaddr_t va, uint64_t size, uint32_t asid)
{
	fake_flush_record((struct fake_flush){ hartid, 1, size ? FAKE_FLUSH_VA_ASID : FAKE_FLUSH_ASID,
					       va_raw(va), size, asid });
}

long arch_hart_start(uint32_t hartid, const struct arch_secondary_boot *boot)
{
	(void)boot;   /* nothing runs it: the host has one thread */
	return hartid < MAX_HARTS ? 0 : -1;
}

void arch_firmware_power_off(int status)
{
	fprintf(stderr, "fake arch: power off with status %d\n", status);
	exit(status ? 1 : 0);
}

void arch_firmware_putc(int c)
{
	putchar(c);
}

void trap_init_hart(void)
{
}

void user_return(struct trapframe *tf)
{
	fprintf(stderr, "fake arch: user_return to pc %#lx\n", (unsigned long)tf->pc);
	abort();
}

void trap_dump(const struct trapframe *tf)
{
	fprintf(stderr, "pc %#lx cause %lu\n", (unsigned long)tf->pc, (unsigned long)tf->cause);
}

void trap_backtrace(uint64_t pc, uint64_t ra, uint64_t fp)
{
	(void)pc, (void)ra, (void)fp;
}

void trap_backtrace_frame(const struct trapframe *tf)
{
	(void)tf;
}

const char *trap_cause_name(uint64_t cause)
{
	return cause == 12 || cause == 13 || cause == 15 ? "page fault" : "exception";
}
