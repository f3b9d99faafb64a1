/*
 * exception.c - what the kernel does with the traps the arch decoded
 * (kentry.h): timer and device interrupts, user exceptions, kernel
 * faults.
 */
#include "device.h"
#include "kprintf.h"
#include "power.h"
#include "spinlock.h"
#include "sched.h"
#include "stlb.h"
#include "upcall.h"
#include "init_env.h"
#include "kentry.h"
#include "arch/cpu.h"
#include "arch/trap.h"

volatile uint64_t timer_ticks;
/* Set once envs exist and the timer drives the slice vectors. */
volatile int sched_running;

void kernel_timer_irq(void)
{
	__atomic_fetch_add(&timer_ticks, 1, __ATOMIC_RELAXED);
	if (sched_running)
		sched_timer();
	else
		arch_timer_cancel();
}

void kernel_trap_exit(void)
{
	kernel_lock();
	sched_return();
}

void kernel_device_irq(uint32_t irq)
{
	device_irq(irq);
}

/* The upcall the assembly fast path makes, made from C: a page fault
 * to the addressing entry when there is one, else the exception entry. */
static bool deliver_upcall(struct env *e, struct trapframe *tf)
{
	uint64_t cause = tf_cause(tf), tval = tf_tval(tf);
	enum exos_entry kind = arch_cause_is_page_fault(cause) && e->entry[EXOS_ENTRY_ADDRESSING] ?
			       EXOS_ENTRY_ADDRESSING : EXOS_ENTRY_EXCEPTION;

	return upcall_enter(e, kind, cause, tval, cause, tval);
}

/* An exception the fast path did not deliver: a translation miss the
 * STLB may serve, an upcall while misses come to the kernel, no entry at
 * all, or a fault inside a handler (save area active).  The last two
 * end the env; init's end stops the machine. */
void kernel_user_exception(struct trapframe *tf)
{
	uint64_t cause = tf_cause(tf), tval = tf_tval(tf), pc = tf_pc(tf);

	kernel_lock();
	struct env *e = sched_current();
	if (!e)
		panic("user exception with no env bound to hart %u: %s at pc %lx (tval %lx)",
		      this_hart()->hartid, trap_cause_name(cause), pc, tval);
	if ((arch_cause_is_page_fault(cause) && stlb_refill(e, va_make(tval))) ||
	    deliver_upcall(e, tf))
		sched_return();
	int nested = e->save && e->save->active;
	int status = nested ? EXOS_STATUS_NESTED : 128 + (int)cause;

	if (nested) {
		e->save->nested_pc = pc;
		e->save->nested_cause = cause;
		e->save->nested_tval = tval;
		kprintf("exos: env %u aborted: %s at pc %lx (tval %lx) inside its exception handler\n",
			e->id, trap_cause_name(cause), pc, tval);
	} else {
		kprintf("exos: env %u killed: %s at pc %lx (tval %lx)\n", e->id,
			trap_cause_name(cause), pc, tval);
	}
	e->flags |= EXOS_ENV_F_KILLED;
	env_kill(e, status);
	sched_return();
}

void kernel_fault(struct trapframe *tf)
{
	kernel_panicking = 1;
	kprintf("\nKERNEL FAULT on hart %u: %s at pc %lx, tval %lx\n",
		this_hart()->hartid, trap_cause_name(tf_cause(tf)), tf_pc(tf), tf_tval(tf));
	trap_dump(tf);
	trap_backtrace_frame(tf);
	power_off(POWER_PANIC_STATUS);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	kernel_panicking = 1;
	arch_irq_disable();
	kprintf("\nkernel panic on hart %u: ", this_hart()->hartid);
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	trap_backtrace((uint64_t)__builtin_return_address(0), 0,
		       (uint64_t)__builtin_frame_address(0));
	power_off(POWER_PANIC_STATUS);
}
