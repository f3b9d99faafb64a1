/*
 * power.c - power-off through the DT's "sifive,test0" device (QEMU virt:
 * writing (status << 16) | 0x3333 makes QEMU exit with status, 0x5555
 * powers off cleanly), or through SBI SRST where there is none.
 */
#include "power.h"
#include "../arch/riscv/mmu.h"
#include "../arch/riscv/sbi.h"

static volatile uint32_t *testdev;
static uint32_t poweroff_value = 0x5555;

#define TEST_FAIL 0x3333

void power_init(const struct board *b)
{
	if (b->testdev.base) {
		testdev = pa_to_kva(b->testdev.base);
		poweroff_value = b->testdev.poweroff_value;
	}
}

void power_off(int status)
{
	if (testdev) {
		if (status == 0)
			*testdev = poweroff_value;
		else
			*testdev = ((uint32_t)(status & 0xffff) << 16) | TEST_FAIL;
	}
	sbi_system_reset(SBI_SRST_SHUTDOWN, status ? SBI_SRST_FAILURE : SBI_SRST_NO_REASON);
	for (;;)
		__asm__ volatile("wfi");
}
