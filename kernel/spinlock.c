/*
 * spinlock.c - spin locks on the compiler's atomic exchange with
 * acquire/release orderings.
 */
#include "spinlock.h"
#include "hart.h"
#include "kprintf.h"
#include "arch/cpu.h"

struct spinlock kernel_big_lock = SPINLOCK_INIT("kernel");
volatile int kernel_panicking;

void spin_lock(struct spinlock *l)
{
	int me = (int)this_hart()->index;

	if (l->holder == me && l->locked && !kernel_panicking)
		panic("spin_lock: hart %d already holds lock '%s'", me, l->name);
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (l->locked)
			;
	l->holder = me;
}

void spin_unlock(struct spinlock *l)
{
	l->holder = -1;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

int spin_held(const struct spinlock *l)
{
	return l->locked && l->holder == (int)this_hart()->index;
}

void kernel_lock(void)
{
	spin_lock(&kernel_big_lock);
}

void kernel_unlock(void)
{
	spin_unlock(&kernel_big_lock);
}
