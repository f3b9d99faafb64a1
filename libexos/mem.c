/*
 * mem.c - the library OS's memory: the heap under picolibc's malloc,
 * allocated lazily page by page from the addressing upcall, the page
 * table libexos keeps for it (design.md: the application's table is
 * authoritative; the kernel's Sv39 tree only caches what it installs),
 * and copy-on-write after fork (fork.c).
 *
 * The heap is [EXOS_HEAP_VA, EXOS_HEAP_VA + brk); heap_ppn[i] is the
 * physical page behind its page i, 0 until first touched.  A fault in
 * the heap or in the program's data, bss or stack is served here:
 *   - no page yet: a new zeroed one, read-write (so the stack grows on
 *     demand too: handlers run on a stack of their own, upcall.S);
 *   - a page this env alone maps and owns: mapped read-write again;
 *   - a page shared with a forked relative: read-only for a load, and a
 *     private copy for a store.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exos/exos.h"
#include "exos/pages.h"

#define HEAP_PAGES (EXOS_HEAP_MAX / 4096)
#define CAUSE_LOAD_PAGE_FAULT 13
#define CAUSE_STORE_PAGE_FAULT 15
/* Where the handler maps a page it is copying (not EXOS_SCRATCH_VA,
 * which the interrupted code may be using). */
#define COPY_VA (EXOS_SCRATCH_VA + 4096)

extern char __data_start[], _end[];

/* Everything the fault handler writes is private (user.ld): fork copies
 * these pages for the child instead of sharing them. */
static struct {
	uintptr_t brk;                    /* heap bytes in use */
	exos_exception_fn on_fault;
} heap EXOS_PRIVATE;
/* The heap's page table: not loaded, its pages fault in as the heap
 * grows (user.ld). */
static uint32_t heap_ppn[HEAP_PAGES] __attribute__((section(".exos_private.table")));

/* The heap's page table entries [from, to) are on mapped pages.  A fork
 * child gets only the part in use; the rest fault in as zero pages, and
 * must do so here rather than inside the handler. */
static void touch_table(uintptr_t from, uintptr_t to)
{
	for (uintptr_t i = from; i < to; i += 1024 - i % 1024)
		__atomic_fetch_or(&heap_ppn[i], 0, __ATOMIC_RELAXED);
}

/* picolibc's malloc grows the heap through sbrk. */
void *sbrk(ptrdiff_t incr)
{
	uintptr_t old = heap.brk;

	if (incr < 0 && (uintptr_t)-incr > old) {
		errno = EINVAL;
		return (void *)-1;
	}
	if (incr > 0 && (uintptr_t)incr > EXOS_HEAP_MAX - old) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if (incr > 0)
		touch_table((old + 4095) / 4096, (old + (uintptr_t)incr + 4095) / 4096);
	heap.brk = old + (uintptr_t)incr;
	if (incr < 0)
		exos_heap_release(heap.brk, old);
	return (void *)(EXOS_HEAP_VA + old);
}

/* Give back the pages of heap bytes [from, to) that no longer hold
 * anything: unmap and free them (a page a forked child still maps stays
 * until it lets go: the kernel frees it then). */
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
	heap.on_fault = fn;
}

/* Whether this env owns ppn and holds exactly maps mappings of it: then
 * nobody else can see the page and it may be written in place. */
static int alone(uint64_t ppn, uint32_t maps)
{
	const volatile struct exos_page *p =
		(const volatile struct exos_page *)EXOS_PAGES_VA + (ppn - exos_info->pages_base_ppn);

	return p->owner == exos_self && p->refcnt == maps;
}

static long new_page(void)
{
	long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);

	if (ppn < 0) {
		fprintf(stderr, "exos: env %u: out of memory\n", exos_self);
		exit(127);
	}
	return ppn;
}

static void install_resume(uintptr_t va, uint64_t ppn, unsigned perms)
{
	sys_pte_install_resume(EXOS_CAP_SELF, exos_self, va, ppn, perms, EXOS_CAP_PAGES);
}

/* A private copy of the shared page mapped read-only at va. */
static void copy_on_write(uintptr_t va, uint32_t *slot)
{
	long ppn = new_page();

	if (sys_pte_install(EXOS_CAP_SELF, exos_self, COPY_VA, (unsigned long)ppn,
			    EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES) == 0) {
		memcpy((void *)COPY_VA, (const void *)va, 4096);
		sys_pte_remove(EXOS_CAP_SELF, exos_self, COPY_VA);
		sys_pte_remove(EXOS_CAP_SELF, exos_self, va);
		if (slot)
			*slot = (uint32_t)ppn;
		install_resume(va, (uint64_t)ppn, EXOS_PTE_R | EXOS_PTE_W);
		if (slot)
			*slot = 0;     /* failed: the next touch starts afresh */
	}
	sys_page_free(EXOS_CAP_PAGES, (unsigned long)ppn);
}

/* A new zeroed page at va (and in *slot), ending the upcall. */
static void fresh_page(uintptr_t va, uint32_t *slot)
{
	long ppn = new_page();

	if (slot)
		*slot = (uint32_t)ppn;
	install_resume(va, (uint64_t)ppn, EXOS_PTE_R | EXOS_PTE_W);
}

/* Serve a fault at page va (slot: its heap table entry, or NULL for the
 * data, bss and stack).  Ends in an "install and resume" call; returns
 * 0 to resume through the stub, -1 if it could not serve it. */
static int serve(uintptr_t va, uint32_t *slot, uint64_t cause)
{
	if (slot && !*slot) {
		fresh_page(va, slot);
		return -1;
	}
	if (slot)   /* returns only if va is mapped, or the page is not ours */
		sys_pte_install_resume(EXOS_CAP_SELF, exos_self, va, *slot,
				       alone(*slot, 0) ? EXOS_PTE_R | EXOS_PTE_W : EXOS_PTE_R,
				       EXOS_CAP_PAGES);
	long pte = sys_pte_read(EXOS_CAP_SELF, exos_self, va);
	if (pte < 0) {
		/* Data and stack pages not given yet; or a heap page that was
		 * repossessed (its contents are gone) or was shared with us and
		 * dropped by the kernel (see fork.c): start with a fresh one. */
		fresh_page(va, slot);
		return -1;
	}
	if (cause == CAUSE_STORE_PAGE_FAULT ? (pte & EXOS_PTE_W) :
	    cause == CAUSE_LOAD_PAGE_FAULT ? (pte & EXOS_PTE_R) : (pte & EXOS_PTE_X))
		return 0;          /* already served: a stale translation */
	if (cause != CAUSE_STORE_PAGE_FAULT || !(pte & EXOS_PTE_R))
		return -1;         /* a real fault: not ours to serve */
	uint64_t ppn = ((uint64_t)pte >> 10) & ((1UL << 44) - 1);
	if (alone(ppn, 1))
		sys_pte_protect_resume(EXOS_CAP_SELF, exos_self, va, EXOS_PTE_R | EXOS_PTE_W,
				       EXOS_CAP_PAGES);
	else
		copy_on_write(va, slot);
	return -1;
}

/* The addressing upcall: a page fault.  The heap, data, bss and stack
 * are served above, resuming the faulting code in the same system
 * call; anything else goes to the program's fault handler, then to the
 * exception handling. */
void exos_addressing_dispatch(uint64_t cause, uint64_t tval, uint64_t epc)
{
	uintptr_t off = tval - EXOS_HEAP_VA, va = tval & ~4095UL;

	if (tval >= EXOS_HEAP_VA && off < heap.brk) {
		if (serve(va, &heap_ppn[off / 4096], cause) == 0)
			return;
	} else if ((tval >= (uintptr_t)__data_start && tval < (uintptr_t)_end) ||
		   (tval >= EXOS_STACK_TOP - EXOS_STACK_PAGES * 4096UL && tval < EXOS_STACK_TOP)) {
		if (serve(va, 0, cause) == 0)
			return;
	}
	if (heap.on_fault && heap.on_fault(cause, tval, epc) == 0)
		return;
	exos_exception_dispatch(cause, tval, epc);
}

/* After exos_spawn copied the heap, the child's table still names the
 * parent's pages: read back the pages it really has. */
void exos_heap_adopt(void)
{
	for (uintptr_t i = 0; i < (heap.brk + 4095) / 4096; i++) {
		if (!heap_ppn[i])
			continue;
		long pte = sys_pte_read(EXOS_CAP_SELF, exos_self, EXOS_HEAP_VA + i * 4096);
		heap_ppn[i] = pte > 0 ? (uint32_t)(((unsigned long)pte >> 10) & 0xffffffffUL) : 0;
	}
}

/* The heap pages present in this env, for exos_spawn and fork. */
uint32_t exos_heap_page(uintptr_t i)
{
	return i < (heap.brk + 4095) / 4096 ? heap_ppn[i] : 0;
}

uintptr_t exos_heap_size(void)
{
	return heap.brk;
}

/* The end of the heap table's part in use, for fork to copy. */
uintptr_t exos_heap_table_end(void)
{
	return ((uintptr_t)&heap_ppn[(heap.brk + 4095) / 4096] + 4095) & ~4095UL;
}
