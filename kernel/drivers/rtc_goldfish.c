/*
 * rtc_goldfish.c - the Goldfish real-time clock ("google,goldfish-rtc",
 * QEMU virt): the time of day at boot, which the kernel exports
 * (info_set_time_of_day) and programs count on from with the time counter.  Only
 * the time is read; the alarm and its interrupt stay unused.  The
 * VisionFive 2's tree has no RTC the kernel reads (the JH7110's is not
 * battery-backed on the board), so the time of day starts at 1970 there.
 */
#include "driver.h"
#include "info.h"

/* Registers (QEMU's hw/rtc/goldfish_rtc.c, Android's GOLDFISH-VIRTUAL-
 * HARDWARE.TXT): nanoseconds since 1970; reading TIME_LOW latches the
 * high half into TIME_HIGH, so low is read first. */
#define GOLDFISH_TIME_LOW  0x00
#define GOLDFISH_TIME_HIGH 0x04

static uint32_t reg(const struct device *d, int off)
{
	return *(const volatile uint32_t *)(d->regs + off);
}

static int goldfish_bind(struct device *d, const struct fdt *f, int node)
{
	(void)f, (void)node;
	return d->size >= 8 ? 0 : DRIVER_E_NODEV;
}

static int goldfish_probe(struct device *d)
{
	uint64_t lo = reg(d, GOLDFISH_TIME_LOW);
	uint64_t hi = reg(d, GOLDFISH_TIME_HIGH);

	info_set_time_of_day(hi << 32 | lo);
	return DRIVER_IDLE;
}

static const struct driver_match goldfish_match[] = {
	{ "google,goldfish-rtc", 0 },
	{ NULL, 0 },
};

const struct driver driver_rtc_goldfish = {
	.name = "rtc_goldfish",
	.match = goldfish_match,
	.bind = goldfish_bind,
	.probe = goldfish_probe,
};
