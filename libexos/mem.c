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
 *   - no page yet: a zeroed one from the spare pool (below), else a new
 *     one from the kernel, read-write (so the stack grows on demand too:
 *     handlers run on a stack of their own, upcall.S);
 *   - a page this env alone maps and owns: mapped read-write again;
 *   - a page shared with a forked relative: read-only for a load, and a
 *     private copy for a store.
 *
 * The spare pool: up to SPARE_MAX zeroed pages this env owns and maps
 * nowhere, so that a first touch costs no allocation and no zeroing in
 * the kernel.  Shrinking the heap refills it (off the fault path: the
 * released page is zeroed through its heap address, then unmapped); the
 * pages past what it holds go back to the kernel.  So the heap keeps no
 * page beyond brk, and the pool is what this env can give back when the
 * kernel revokes memory: exos_revoke_default frees the least recently
 * released pages first and, when the pool cannot cover the request,
 * tells the kernel so (sys_revoke_short), which takes the rest by force
 * at once instead of at the deadline.  The pool lives in the private
 * pages, and names its owner: a fork or spawn child, which gets a copy,
 * starts with an empty pool (the pages are its parent's, as the kernel's
 * page records say too), and pages the kernel repossessed leave it.
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

#define SPARE_MAX 64      /* a power of two: the ring's index is masked */

/* Written by the fault and revocation handlers: private, and on the hot
 * private page, which fork always copies (the handlers must not fault). */
static struct {
	uint32_t owner;           /* the env the pages are this env's for: else empty */
	uint32_t repo_seen;       /* repossession vector entries already taken out */
	uint32_t head, n;         /* the ring: n pages from head, the least recently used */
	uint32_t ppn[SPARE_MAX];
} spare __attribute__((section(".exos_private.hot")));

#define PAGES ((const volatile struct exos_page *)EXOS_PAGES_VA)

/* Rebuild the ring with only the pages keep() accepts. */
static void spare_filter(int (*keep)(uint32_t ppn, uint32_t from, uint32_t to),
			 uint32_t from, uint32_t to)
{
	uint32_t n = 0;

	for (uint32_t k = 0; k < spare.n; k++) {
		uint32_t ppn = spare.ppn[(spare.head + k) & (SPARE_MAX - 1)];
		if (keep(ppn, from, to))
			spare.ppn[n++] = ppn;   /* n <= k: never overwrites one unread */
	}
	spare.head = 0;
	spare.n = n;
}

/* spare_filter: not among repossession vector entries [from, to). */
static int not_taken(uint32_t ppn, uint32_t from, uint32_t to)
{
	for (uint32_t k = from; k < to; k++)
		if (exos_repossessed->ppn[k] == ppn)
			return 0;
	return 1;
}

/* Make the pool this env's own and forget pages the kernel took by
 * force since the last look (past EXOS_REPO_MAX the vector cannot say
 * which: the pool is dropped, its pages stay ours until exit). */
static void spare_sync(void)
{
	uint32_t count = exos_repossessed->count;

	if (spare.owner != exos_self || count > EXOS_REPO_MAX) {
		spare.owner = exos_self;
		spare.head = spare.n = 0;
	} else if (count != spare.repo_seen) {
		spare_filter(not_taken, spare.repo_seen, count);
	}
	spare.repo_seen = count;
}

/* A page from the pool, the most recently released (0: none), checked
 * against the kernel's record: ours, mapped nowhere. */
static uint32_t spare_take(void)
{
	if (spare.owner != exos_self || spare.repo_seen != exos_repossessed->count)
		spare_sync();
	while (spare.n) {
		uint32_t ppn = spare.ppn[(spare.head + --spare.n) & (SPARE_MAX - 1)];
		const volatile struct exos_page *p = &PAGES[ppn - exos_info->pages_base_ppn];
		if (p->owner == exos_self && p->type == EXOS_PAGE_USER && p->refcnt == 0)
			return ppn;
	}
	return 0;
}

/* The least recently released page of the pool (0: none). */
static uint32_t spare_take_oldest(void)
{
	if (!spare.n)
		return 0;
	uint32_t ppn = spare.ppn[spare.head];
	spare.head = (spare.head + 1) & (SPARE_MAX - 1);
	spare.n--;
	return ppn;
}

unsigned exos_spare_pages(void)
{
	spare_sync();
	return spare.n;
}

void exos_revoke_default(unsigned n)
{
	unsigned given = 0;
	uint32_t ppn;

	spare_sync();
	while (given < n && (ppn = spare_take_oldest()))
		given += sys_page_free(EXOS_CAP_PAGES, ppn) == 0;
	if (given < n)
		sys_revoke_short();
}

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

static int alone(uint64_t ppn, uint32_t maps);

/* Keep the heap page ppn, mapped at va, as a spare: if the pool has
 * room and the page is ours alone, mapped writable (not shared with a
 * forked relative), zero it through va and unmap it.  0: not kept. */
static int spare_keep(uintptr_t va, uint32_t ppn)
{
	if (spare.n == SPARE_MAX || !alone(ppn, 1))
		return 0;
	long pte = sys_pte_read(EXOS_CAP_SELF, exos_self, va);
	if (pte < 0 || !(pte & EXOS_PTE_W) || (((unsigned long)pte >> 10) & ((1UL << 44) - 1)) != ppn)
		return 0;
	memset((void *)va, 0, 4096);
	sys_pte_remove(EXOS_CAP_SELF, exos_self, va);
	spare.ppn[(spare.head + spare.n++) & (SPARE_MAX - 1)] = ppn;
	return 1;
}

/* Give back the pages of heap bytes [from, to) that no longer hold
 * anything: into the spare pool, or unmapped and freed (a page a forked
 * child still maps stays until it lets go: the kernel frees it then). */
void exos_heap_release(uintptr_t from, uintptr_t to)
{
	spare_sync();
	for (uintptr_t i = (from + 4095) / 4096; i < (to + 4095) / 4096; i++) {
		uintptr_t va = EXOS_HEAP_VA + i * 4096;
		if (!heap_ppn[i])
			continue;
		if (!spare_keep(va, heap_ppn[i])) {
			sys_pte_remove(EXOS_CAP_SELF, exos_self, va);
			sys_page_free(EXOS_CAP_PAGES, heap_ppn[i]);
		}
		heap_ppn[i] = 0;
	}
}

void exos_spare_drain(void)
{
	uint32_t ppn;

	spare_sync();
	while ((ppn = spare_take_oldest()))
		sys_page_free(EXOS_CAP_PAGES, ppn);
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
		exos_warn("exos: env %u: out of memory\n", exos_self);
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

/* A zeroed page at va (and in *slot), a spare if there is one, ending
 * the upcall. */
static void fresh_page(uintptr_t va, uint32_t *slot)
{
	long ppn = spare_take();

	if (!ppn)
		ppn = new_page();

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

/* The heap table slot of va, or NULL if va is in the data, bss or
 * stack; -1 cast when it is in none of them. */
static uint32_t *slot_of(uintptr_t va, int *ok)
{
	uintptr_t off = va - EXOS_HEAP_VA;

	*ok = 1;
	if (va >= EXOS_HEAP_VA && off < heap.brk)
		return &heap_ppn[off / 4096];
	*ok = (va >= (uintptr_t)__data_start && va < (uintptr_t)_end) ||
	      (va >= EXOS_STACK_TOP - EXOS_STACK_PAGES * 4096UL && va < EXOS_STACK_TOP);
	return 0;
}

/* A private copy of the shared page at va, installed without resuming. */
static int copy_in_place(uintptr_t va, uint32_t *slot)
{
	long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);

	if (ppn < 0)
		return -1;
	if (sys_pte_install(EXOS_CAP_SELF, exos_self, COPY_VA, (unsigned long)ppn,
			    EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES) == 0) {
		memcpy((void *)COPY_VA, (const void *)va, 4096);
		sys_pte_remove(EXOS_CAP_SELF, exos_self, COPY_VA);
		sys_pte_remove(EXOS_CAP_SELF, exos_self, va);
		if (sys_pte_install(EXOS_CAP_SELF, exos_self, va, (unsigned long)ppn,
				    EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES) == 0) {
			if (slot)
				*slot = (uint32_t)ppn;
			return 0;
		}
	}
	sys_page_free(EXOS_CAP_PAGES, (unsigned long)ppn);
	return -1;
}

int exos_mem_make_writable(uintptr_t va)
{
	int ok;
	uint32_t *slot = slot_of(va &= ~4095UL, &ok);
	long pte = sys_pte_read(EXOS_CAP_SELF, exos_self, va);

	if (pte >= 0 && (pte & EXOS_PTE_W))
		return 0;
	if (!ok)
		return -1;
	if (pte < 0 && slot && *slot && alone(*slot, 0))
		return sys_pte_install(EXOS_CAP_SELF, exos_self, va, *slot, EXOS_PTE_R | EXOS_PTE_W,
				       EXOS_CAP_PAGES) ? -1 : 0;
	if (pte < 0 && slot && *slot) {
		if (sys_pte_install(EXOS_CAP_SELF, exos_self, va, *slot, EXOS_PTE_R, EXOS_CAP_PAGES))
			return -1;
		pte = sys_pte_read(EXOS_CAP_SELF, exos_self, va);
	}
	if (pte < 0) {
		long ppn = spare_take();
		if (!ppn && (ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0)) < 0)
			return -1;
		if (sys_pte_install(EXOS_CAP_SELF, exos_self, va, (unsigned long)ppn,
				    EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES))
			return -1;
		if (slot)
			*slot = (uint32_t)ppn;
		return 0;
	}
	uint64_t ppn = ((uint64_t)pte >> 10) & ((1UL << 44) - 1);
	if (alone(ppn, 1))
		return sys_pte_protect(EXOS_CAP_SELF, exos_self, va, EXOS_PTE_R | EXOS_PTE_W,
				       EXOS_CAP_PAGES) ? -1 : 0;
	return copy_in_place(va, slot);
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
