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
long sys_null(void)
{
	return 0;
}

/* Copied through a buffer on the stack, a chunk at a time. */
long sys_cons_write(vaddr_t va, size_t len)
{
	struct uspace *us = &sched_current()->us;
	char chunk[CONS_CHUNK];

	if (uspace_check(us, va, len, EXOS_PTE_R))
		return -E_FAULT;
	for (size_t done = 0; done < len;) {
		size_t n = MIN(len - done, sizeof(chunk));
		uspace_read(us, chunk, va_add(va, done), n);
		console_write(chunk, n);
		done += n;
	}
	return (long)len;
}


/* At most one chunk per call: the caller asks again for more. */
long sys_cons_read(vaddr_t va, size_t len)
{
	struct uspace *us = &sched_current()->us;
	char chunk[CONS_CHUNK];

	if (uspace_check(us, va, len, EXOS_PTE_R | EXOS_PTE_W))
		return -E_FAULT;
	uint32_t n = console_rx_take(chunk, (uint32_t)MIN(len, sizeof(chunk)));
	uspace_write(us, va, chunk, n);
	return n;
}
