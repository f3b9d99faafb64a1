/*
 * syscall.h - the system call dispatch table and the handlers'
 * prototypes, both generated from kernel/syscalls.tbl (build/gen/
 * sysent.c, syshandlers.h), and the helpers the generated shims use.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "addr.h"
#include "klib.h"
#include "pmem.h"
#include "spinlock.h"
#include "exos/sysno.h"
#include "exos/errno.h"

struct trapframe;

/* A capability index argument: values outside int range become an
 * index cap_check refuses (E_RANGE) instead of wrapping to a valid one. */
static inline int cap_arg(long v)
{
	return (v < -1 || v > 0x7fffffffL) ? 0x7fffffff : (int)v;
}

/* The entry of each call by number, for the trap vector's system-call
 * path: it jumps there with the caller's a0-a5 (a handler, or the shim
 * that decodes them for it). */
extern const uintptr_t syscall_table[SYS_COUNT];

#include "syshandlers.h"

#endif
