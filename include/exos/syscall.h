/*
 * exos/syscall.h - system call numbers and the user-side stubs.
 *
 * ABI: `ecall` with the number in a7 and arguments in a0-a5; the result
 * comes back in a0 (negative -E_* on failure).  A system call preserves
 * sp, gp, tp, ra and s0-s11 and may clobber the other registers, exactly
 * like a call to a C function, so the stubs are plain functions.
 * The numbers and the prototypes are generated from kernel/syscalls.tbl,
 * which documents each call.
 */
#ifndef EXOS_SYSCALL_H
#define EXOS_SYSCALL_H

#include <stddef.h>
#include "exos/sysno.h"
#include "exos/errno.h"

#ifndef EXOS_KERNEL
#include <stdint.h>

/* Two result registers of a protected control transfer. */
struct exos_pct_result {
	long r0, r1;
};

/* sys_<name> for every row of kernel/syscalls.tbl, with its contract. */
#include "exos/syscalls.h"
#endif

#endif
