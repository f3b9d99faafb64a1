/*
 * sv39.h - the Sv39 PTE layout and the kernel's memory map (privileged
 * spec v1.12, section 4.4).  No inline assembly and no kernel types:
 * arch/mm.h builds its opaque PTEs on it, and early.c's raw boot table
 * uses it too, also when tests/host/test_early.c compiles it on the host.
 */
#ifndef ARCH_RISCV_SV39_H
#define ARCH_RISCV_SV39_H

#include "include/arch/page.h"

/* Upper half of Sv39: every RAM page and device register block the DT
 * names at DIRECT_MAP_BASE + pa (RW, never X), the kernel image at
 * KERNEL_VBASE (per-section W^X). */
#define KERNEL_VBASE    0xffffffff80200000UL
#define DIRECT_MAP_BASE 0xffffffc000000000UL
/* The direct map spans root slots 256..509: 254 GiB of physical space. */
#define DIRECT_MAP_SIZE (254UL << 30)

#define SV39_V  (1UL << 0)
#define SV39_R  (1UL << 1)
#define SV39_W  (1UL << 2)
#define SV39_X  (1UL << 3)
#define SV39_U  (1UL << 4)
#define SV39_G  (1UL << 5)
#define SV39_A  (1UL << 6)
#define SV39_D  (1UL << 7)
#define SV39_RWX (SV39_R | SV39_W | SV39_X)
#define SV39_PPN_SHIFT 10
#define SV39_PPN_MASK  ((1UL << 44) - 1)

#endif
