/*
 * uaccess.c - checking and copying a program's pointers (exos/uaccess.h).
 */
#include <errno.h>
#include "exos/exos.h"
#include "exos/uaccess.h"

int exos_copy_in(void *dst, const void *usrc, size_t n)
{
	if (!exos_uptr_ok(usrc, n, 0) || exos_ucopy(dst, usrc, n))
		return -EFAULT;
	return 0;
}

int exos_copy_out(void *udst, const void *src, size_t n)
{
	if (!exos_uptr_ok(udst, n, 1) || exos_ucopy(udst, src, n))
		return -EFAULT;
	return 0;
}

long exos_copy_str(char *dst, const char *usrc, size_t size)
{
	uintptr_t a = (uintptr_t)usrc;

	if (!size || !exos_uptr_ok(usrc, 1, 0))
		return -EFAULT;
	/* Scan no further than the user half; the bytes found are checked
	 * as a buffer after. */
	size_t max = size < EXOS_USER_END - a ? size : EXOS_USER_END - a;
	long len = exos_ustrnlen(usrc, max);
	if (len < 0 || ((size_t)len == max && max < size))
		return -EFAULT;
	if ((size_t)len == size)
		return -ENAMETOOLONG;
	if (exos_copy_in(dst, usrc, (size_t)len + 1))
		return -EFAULT;
	return len;
}

int exos_touch(const void *p, size_t n, int write)
{
	if (!exos_uptr_ok(p, n, write) || exos_utouch(p, n, write))
		return -EFAULT;
	return 0;
}
