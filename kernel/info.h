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
/* Refresh the fields that change (free page count). */
void info_update(void);

#endif
