/*
 * syscall.h - the system call dispatch table (generated from
 * kernel/syscalls.tbl into build/gen/sysent.c) and its helpers.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "klib.h"
#include "spinlock.h"
#include "exos/sysno.h"
#include "exos/errno.h"

typedef long (*syscall_fn)(long a0, long a1, long a2, long a3, long a4, long a5);
extern const syscall_fn syscall_table[SYS_COUNT];

#endif
