/*
 * sys.c - the system calls of the foundation: null, console write, exit.
 * Each handler checks every argument before it acts (decode, then
 * invoke) and returns 0, a count, or -E_*.
 */
#include "syscall.h"
#include "console.h"
#include "sched.h"

#define CONS_CHUNK 256

/* null: the benchmark's empty round trip.  A leaf with no frame (GCC 12
 * has no -momit-leaf-frame-pointer for RISC-V), so it costs two
 * instructions. */
__attribute__((optimize("omit-frame-pointer")))
long sys_null(long a0, long a1, long a2, long a3, long a4, long a5)
{
	(void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return 0;
}

/* cons_write(buf, len): write len bytes; returns len or -E_FAULT when any
 * byte of the buffer is not readable by the caller (nothing is written). */
long sys_cons_write(long a0, long a1, long a2, long a3, long a4, long a5)
{
	uint64_t va = (uint64_t)a0, len = (uint64_t)a1;
	struct uspace *us = &sched_current()->us;
	char chunk[CONS_CHUNK];

	(void)a2, (void)a3, (void)a4, (void)a5;
	if (uspace_check(us, va, len, PTE_R))
		return -E_FAULT;
	for (uint64_t done = 0; done < len;) {
		uint64_t n = MIN(len - done, sizeof(chunk));
		uspace_read(us, chunk, va + done, n);
		console_write(chunk, n);
		done += n;
	}
	return (long)len;
}


/* cons_read(buf, len): move up to len bytes of console input into buf
 * without blocking; returns the count (0 when none is waiting), or
 * -E_FAULT when buf is not writable by the caller. */
long sys_cons_read(long a0, long a1, long a2, long a3, long a4, long a5)
{
	uint64_t va = (uint64_t)a0, len = (uint64_t)a1;
	struct uspace *us = &sched_current()->us;
	char chunk[CONS_CHUNK];

	(void)a2, (void)a3, (void)a4, (void)a5;
	if (uspace_check(us, va, len, PTE_R | PTE_W))
		return -E_FAULT;
	uint32_t n = console_rx_take(chunk, (uint32_t)MIN(len, sizeof(chunk)));
	uspace_write(us, va, chunk, n);
	return n;
}
