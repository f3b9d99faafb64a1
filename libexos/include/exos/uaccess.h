/*
 * exos/uaccess.h - pointers a program hands libexos: checked without a
 * system call, and copied with routines that turn a fault into an
 * error (POSIX's EFAULT) instead of killing the program.
 *
 * Two lines of defence, as kernels have (an access_ok range test and an
 * exception table):
 *   - exos_uptr_ok: arithmetic on the address alone.  A buffer must lie
 *     in the user half past page 0 (no kernel, non-canonical or
 *     wrapping address), outside libexos's own windows (the scratch
 *     page, exec's trampoline, pipe pages: [EXOS_SCRATCH_VA,
 *     EXOS_HEAP_VA)) and outside the save area and capability page; a
 *     buffer written to must also be outside the exported kernel data.
 *   - the copy routines (ucopy.S) are marked: a fault inside one that
 *     the addressing handler does not serve (a hole, a read-only page
 *     to be written) returns an error from the routine.  A fault the
 *     handler does serve (the heap's first touch, copy-on-write, the
 *     stack) is served as anywhere, and the copy goes on.
 *
 * The kernel checks the buffers of system calls itself but sees only
 * what is mapped in the page table now; exos_touch faults a buffer in
 * first (what a retry after -E_FAULT needs).
 *
 * Functions return 0 (or a length) or -EFAULT / -ENAMETOOLONG.
 */
#ifndef EXOS_UACCESS_H
#define EXOS_UACCESS_H

#include <stddef.h>
#include <stdint.h>
#include "exos/exos.h"

/* Whether [p, p + n) may be a program's buffer (write: one libexos
 * writes to).  n == 0 is always fine.  Inline: every read and write
 * asks. */
static inline int exos_uptr_ok(const void *p, size_t n, int write)
{
	uintptr_t a = (uintptr_t)p;

	if (n == 0)
		return 1;
	if (a < EXOS_USER_MIN || a >= EXOS_USER_END || n > EXOS_USER_END - a)
		return 0;
	if (a < EXOS_HEAP_VA && a + n > EXOS_SCRATCH_VA)
		return 0;   /* libexos's windows */
	return !(a < EXOS_RESERVED_END && a + n > (write ? EXOS_EXPORT_VA : EXOS_SAVE_VA));
}
/* Copy n bytes from a program's buffer usrc into ours (in), or from
 * ours into a program's udst (out).  0 or -EFAULT; on -EFAULT part of
 * the destination may have been written. */
int exos_copy_in(void *dst, const void *usrc, size_t n);
int exos_copy_out(void *udst, const void *src, size_t n);
/* The string at usrc into dst (size bytes with its NUL): its length,
 * -EFAULT, or -ENAMETOOLONG if it does not fit. */
long exos_copy_str(char *dst, const char *usrc, size_t size);
/* Fault every page of a program's buffer in (write: for writing), so
 * that the kernel finds it mapped: 0 or -EFAULT. */
int exos_touch(const void *p, size_t n, int write);
/* The exception handler's question: epc is inside a marked routine, and
 * the upcall now resumes at its failure exit (1), or not (0).  Inline:
 * every exception upcall asks. */
static inline int exos_ucopy_fixup(uint64_t epc)
{
	extern char exos_ucopy_begin[], exos_ucopy_end[], exos_ucopy_fault[];

	if (epc < (uintptr_t)exos_ucopy_begin || epc >= (uintptr_t)exos_ucopy_end)
		return 0;
	exos_save->regs[0] = (uintptr_t)exos_ucopy_fault;
	return 1;
}

/* The marked routines themselves (ucopy.S): 0 or a length, -1 on a fault. */
long exos_ucopy(void *dst, const void *src, size_t n);
long exos_ustrnlen(const char *s, size_t max);
long exos_utouch(const void *p, size_t n, int write);

#endif
