/*
 * spinlock.h - test-and-set spin locks, and the big kernel lock.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include "klib.h"

struct spinlock {
	volatile uint32_t locked;
	int32_t holder;          /* hart index holding it, -1 when free */
	const char *name;
};

#define SPINLOCK_INIT(n) { 0, -1, n }

void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
/* Nonzero when this hart holds l. */
int spin_held(const struct spinlock *l);

/*
 * The big kernel lock.  For now one lock serializes every system call
 * and trap handler that touches shared kernel state (envs, pages, the
 * scheduler); syscalls marked "free" in kernel/syscalls.tbl run without
 * it.  Finer locks can replace it subsystem by subsystem.
 */
extern struct spinlock kernel_big_lock;
void kernel_lock(void);
void kernel_unlock(void);

/* Set once a panic has started: printing ignores the print lock. */
extern volatile int kernel_panicking;

#endif
