/*
 * mmap.c - memory mappings as the heap's: anonymous memory and private
 * read-only copies of files come from malloc, page-aligned and zeroed
 * (the heap allocates its pages on first touch).  Shared mappings of
 * files are not offered (ENODEV); PROT_NONE guard areas are memory
 * like any other.
 */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Every mapping made, so munmap frees only what mmap gave. */
#define MAPS_MAX 64
static struct {
	void *addr;
	size_t len;
} maps[MAPS_MAX];

static void *map_new(size_t len)
{
	int slot = 0;

	while (slot < MAPS_MAX && maps[slot].addr)
		slot++;
	if (slot == MAPS_MAX) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	void *p = memalign(4096, len);
	if (!p) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	memset(p, 0, len);
	maps[slot].addr = p;
	maps[slot].len = len;
	return p;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	(void)addr, (void)prot;
	if (!len || (off & 4095) || (flags & MAP_FIXED)) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	len = (len + 4095) & ~4095UL;
	if (flags & MAP_ANONYMOUS)
		return map_new(len);
	if (flags & MAP_SHARED) {
		errno = ENODEV;
		return MAP_FAILED;
	}
	char *p = map_new(len);
	if (p == MAP_FAILED)
		return p;
	size_t done = 0;
	ssize_t r = 1;
	off_t at = lseek(fd, 0, SEEK_CUR);
	if (at < 0 || lseek(fd, off, SEEK_SET) < 0) {
		munmap(p, len);
		errno = EACCES;
		return MAP_FAILED;
	}
	while (done < len && (r = read(fd, p + done, len - done)) > 0)
		done += (size_t)r;
	lseek(fd, at, SEEK_SET);
	return p;
}

int munmap(void *addr, size_t len)
{
	(void)len;
	for (int i = 0; i < MAPS_MAX; i++)
		if (maps[i].addr == addr) {
			free(addr);
			maps[i].addr = 0;
			return 0;
		}
	errno = EINVAL;
	return -1;
}

int mprotect(void *addr, size_t len, int prot)
{
	(void)addr, (void)len, (void)prot;
	return 0;
}

int msync(void *addr, size_t len, int flags)
{
	(void)addr, (void)len, (void)flags;
	return 0;
}

int madvise(void *addr, size_t len, int advice)
{
	(void)addr, (void)len, (void)advice;
	return 0;
}

int mlock(const void *addr, size_t len)
{
	(void)addr, (void)len;
	return 0;
}

int munlock(const void *addr, size_t len)
{
	(void)addr, (void)len;
	return 0;
}
