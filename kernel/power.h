/*
 * power.h - stopping the machine with a verdict.
 */
#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H

#include "board.h"

/* The exit status a kernel panic reports. */
#define POWER_PANIC_STATUS 101

/* Remember the DT's power-off device (mapped) for power_off(). */
void power_init(const struct board *b);
/* Stop the machine: status 0 is a clean power-off; any other value is
 * the emulator's exit status (QEMU's sifive,test device), or a failed
 * shutdown through the firmware.  Never returns. */
__attribute__((noreturn)) void power_off(int status);

#endif
