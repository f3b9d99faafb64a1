/*
 * string.c - memcpy, memmove and memset for every program, eight bytes
 * at a time.  picolibc's (1.8, as Debian builds it) move one byte per
 * iteration: about 6 instructions a byte, 24,600 to copy a page, which
 * made copying pages (spawn, fork) cost more than everything else put
 * together.  Linked as an object, so these win over libc.a's.
 *
 * Words are used only when both pointers share their alignment:
 * misaligned loads trap to the firmware on many harts.
 */
#include <stddef.h>
#include <stdint.h>

/* Keep GCC from turning these loops back into calls to themselves. */
#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

NO_LIBCALL void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
		for (; n && ((uintptr_t)d & 7); n--)
			*d++ = *s++;
		uint64_t *dw = (uint64_t *)d;
		const uint64_t *sw = (const uint64_t *)s;
		for (; n >= 64; n -= 64, dw += 8, sw += 8) {
			uint64_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
			uint64_t f = sw[4], g = sw[5], h = sw[6], i = sw[7];
			dw[0] = a; dw[1] = b; dw[2] = c; dw[3] = e;
			dw[4] = f; dw[5] = g; dw[6] = h; dw[7] = i;
		}
		for (; n >= 8; n -= 8)
			*dw++ = *sw++;
		d = (unsigned char *)dw;
		s = (const unsigned char *)sw;
	} else if ((((uintptr_t)d ^ (uintptr_t)s) & 3) == 0) {
		/* Four bytes apart in alignment: the boot archive (cpio
		 * aligns file data to 4) into a page, as loading does. */
		for (; n && ((uintptr_t)d & 3); n--)
			*d++ = *s++;
		uint32_t *dw = (uint32_t *)d;
		const uint32_t *sw = (const uint32_t *)s;
		for (; n >= 32; n -= 32, dw += 8, sw += 8) {
			uint32_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
			uint32_t f = sw[4], g = sw[5], h = sw[6], i = sw[7];
			dw[0] = a; dw[1] = b; dw[2] = c; dw[3] = e;
			dw[4] = f; dw[5] = g; dw[6] = h; dw[7] = i;
		}
		for (; n >= 4; n -= 4)
			*dw++ = *sw++;
		d = (unsigned char *)dw;
		s = (const unsigned char *)sw;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

NO_LIBCALL void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);   /* forward copying is safe */
	d += n;
	s += n;
	if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
		for (; n && ((uintptr_t)d & 7); n--)
			*--d = *--s;
		for (; n >= 8; n -= 8) {
			d -= 8;
			s -= 8;
			*(uint64_t *)d = *(const uint64_t *)s;
		}
	}
	while (n--)
		*--d = *--s;
	return dst;
}

NO_LIBCALL void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t w = (unsigned char)c * 0x0101010101010101UL;

	for (; n && ((uintptr_t)d & 7); n--)
		*d++ = (unsigned char)c;
	uint64_t *dw = (uint64_t *)d;
	for (; n >= 64; n -= 64, dw += 8) {
		dw[0] = w; dw[1] = w; dw[2] = w; dw[3] = w;
		dw[4] = w; dw[5] = w; dw[6] = w; dw[7] = w;
	}
	for (; n >= 8; n -= 8)
		*dw++ = w;
	d = (unsigned char *)dw;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}
