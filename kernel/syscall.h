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

/* A capability index argument: values outside int range become an
 * index cap_check refuses (E_RANGE) instead of wrapping to a valid one. */
static inline int cap_arg(long v)
{
	return (v < -1 || v > 0x7fffffffL) ? 0x7fffffff : (int)v;
}

typedef long (*syscall_fn)(long a0, long a1, long a2, long a3, long a4, long a5);
extern const syscall_fn syscall_table[SYS_COUNT];

#endif
