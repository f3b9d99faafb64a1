/*
 * exos/syscall.h - system call numbers and the user-side stubs.
 *
 * ABI: `ecall` with the number in a7 and arguments in a0-a5; the result
 * comes back in a0 (negative -E_* on failure).  A system call preserves
 * sp, gp, tp, ra and s0-s11 and may clobber the other registers, exactly
 * like a call to a C function, so the stubs are plain functions.
 * The numbers are generated from kernel/syscalls.tbl.
 */
#ifndef EXOS_SYSCALL_H
#define EXOS_SYSCALL_H

#include <stddef.h>
#include "exos/sysno.h"
#include "exos/errno.h"

#ifndef EXOS_KERNEL
long sys_null(void);
long sys_cons_write(const char *buf, size_t len);
long sys_cons_read(char *buf, size_t len);
__attribute__((noreturn)) void sys_exit(int status);
#endif

#endif
