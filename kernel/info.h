/*
 * info.h - the exported kernel information page (exos/layout.h).
 */
#ifndef KERNEL_INFO_H
#define KERNEL_INFO_H

#include "board.h"
#include "pmem.h"
#include "exos/layout.h"

/* The page, in the kernel's direct map; user space sees it read-only. */
extern struct exos_info *kinfo;
extern ppn_t kinfo_ppn;

/* Allocate and fill the page from the DT; panics without memory. */
void info_init(const struct board *b);
/* The time of day is ns nanoseconds since 1970 now (a real-time clock's
 * probe, kernel/drivers/): recorded with the time (arch_time) it goes with, from
 * which programs compute the time of day (exos_info.rtc_boot_ns).
 * Without a call both stay 0 and the time of day starts at 1970. */
void info_set_time_of_day(uint64_t ns);
/* Refresh the fields that change (free page count). */
void info_update(void);

#endif
