/*
 * power.c - power-off through the DT's "sifive,test0" device (QEMU virt:
 * writing (status << 16) | 0x3333 makes QEMU exit with status, 0x5555
 * powers off cleanly), or through the firmware where there is none.
 */
#include "power.h"
#include "arch/cpu.h"
#include "arch/mm.h"

static volatile uint32_t *testdev;
static uint32_t poweroff_value = 0x5555;

#define TEST_FAIL 0x3333

void power_init(const struct board *b)
{
	if (b->testdev.base) {
		testdev = arch_pa_to_kva(pa_make(b->testdev.base));
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
	arch_firmware_power_off(status);
}
