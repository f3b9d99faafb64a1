/*
 * mem.c - the library OS's memory: the heap under picolibc's malloc,
 * allocated lazily page by page from the addressing upcall, and the
 * page table libexos keeps for it (design.md: the application's table is
 * authoritative; the kernel's Sv39 tree only caches what it installs).
 *
 * The heap is [EXOS_HEAP_VA, EXOS_HEAP_VA + brk); heap_ppn[i] is the
 * physical page behind its page i, 0 until first touched.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exos/exos.h"

#define HEAP_PAGES (EXOS_HEAP_MAX / 4096)

static uint32_t heap_ppn[HEAP_PAGES];
static uintptr_t heap_brk;            /* bytes in use */
static exos_exception_fn on_fault;

/* picolibc's malloc grows the heap through sbrk. */
void *sbrk(ptrdiff_t incr)
{
	uintptr_t old = heap_brk;

	if (incr < 0 && (uintptr_t)-incr > old) {
		errno = EINVAL;
		return (void *)-1;
	}
	if (incr > 0 && (uintptr_t)incr > EXOS_HEAP_MAX - old) {
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_brk = old + (uintptr_t)incr;
	if (incr < 0)
		exos_heap_release(heap_brk, old);
	return (void *)(EXOS_HEAP_VA + old);
}

/* Give back the pages of heap bytes [from, to) that no longer hold
 * anything: unmap and free them. */
void exos_heap_release(uintptr_t from, uintptr_t to)
{
	for (uintptr_t i = (from + 4095) / 4096; i < (to + 4095) / 4096; i++) {
		if (!heap_ppn[i])
			continue;
		sys_pte_remove(EXOS_CAP_SELF, exos_self, EXOS_HEAP_VA + i * 4096);
		sys_page_free(EXOS_CAP_PAGES, heap_ppn[i]);
		heap_ppn[i] = 0;
	}
}

/* Drop the mappings of heap bytes [from, to) but keep the pages: the
 * next touch reinstalls them from the library's table (no zeroing). */
void exos_heap_unmap(uintptr_t from, uintptr_t to)
{
	for (uintptr_t i = from / 4096; i < (to + 4095) / 4096; i++)
		if (heap_ppn[i])
			sys_pte_remove(EXOS_CAP_SELF, exos_self, EXOS_HEAP_VA + i * 4096);
}

void exos_set_fault_handler(exos_exception_fn fn)
{
	on_fault = fn;
}

/* The addressing upcall: a page fault.  A heap page is served from the
 * library's table (or a new zeroed page) and installed, resuming the
 * faulting code in the same system call; anything else goes to the
 * program's fault handler, then to the exception handling. */
void exos_addressing_dispatch(uint64_t cause, uint64_t tval, uint64_t epc)
{
	uintptr_t off = tval - EXOS_HEAP_VA;

	if (tval >= EXOS_HEAP_VA && off < heap_brk) {
		uint32_t i = (uint32_t)(off / 4096);
		if (!heap_ppn[i]) {
			long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
			if (ppn < 0) {
				fprintf(stderr, "exos: env %u: out of memory for the heap\n", exos_self);
				exit(127);
			}
			heap_ppn[i] = (uint32_t)ppn;
		}
		sys_pte_install_resume(EXOS_CAP_SELF, exos_self, EXOS_HEAP_VA + i * 4096UL,
				       heap_ppn[i], EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES);
		/* Only returns on failure: the page may have been repossessed
		 * (its contents are gone); start again with a fresh one. */
		long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
		if (ppn > 0) {
			heap_ppn[i] = (uint32_t)ppn;
			sys_pte_install_resume(EXOS_CAP_SELF, exos_self, EXOS_HEAP_VA + i * 4096UL,
					       heap_ppn[i], EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES);
		}
	}
	if (on_fault && on_fault(cause, tval, epc) == 0)
		return;
	exos_exception_dispatch(cause, tval, epc);
}

/* After exos_spawn copied the heap, the child's table still names the
 * parent's pages: read back the pages it really has. */
void exos_heap_adopt(void)
{
	for (uintptr_t i = 0; i < (heap_brk + 4095) / 4096; i++) {
		if (!heap_ppn[i])
			continue;
		long pte = sys_pte_read(EXOS_CAP_SELF, exos_self, EXOS_HEAP_VA + i * 4096);
		heap_ppn[i] = pte > 0 ? (uint32_t)(((unsigned long)pte >> 10) & 0xffffffffUL) : 0;
	}
}

/* The heap pages present in this env, for exos_spawn. */
uint32_t exos_heap_page(uintptr_t i)
{
	return i < (heap_brk + 4095) / 4096 ? heap_ppn[i] : 0;
}

uintptr_t exos_heap_size(void)
{
	return heap_brk;
}
