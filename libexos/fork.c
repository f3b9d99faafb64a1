/*
 * fork.c - fork() done by the library OS alone: the kernel never copies
 * an address space.  The parent builds the child's with pte_share_batch,
 * passing on the pages it maps; its data, bss and heap become shared
 * copy-on-write, and the fault handler (mem.c) gives whichever side
 * writes first its own copy.
 *
 * What the child gets:
 *   code, read-only data   the same pages, read-only
 *   data, bss, heap        the same pages, copy-on-write
 *   private pages          copies, made now: the fault handler writes them
 *   the heap's page table  copies of the part in use (it writes that too)
 *   lazy pages (PCT stack) nothing: zeroed pages on first touch
 *   stack                  copies of the live part; the rest faults in
 *   handler stack          fresh pages (upcall.S)
 *   descriptors            the same table; pipe pages shared, ends counted
 * The child starts in exos_fork_entry, which longjmps out of fork with 0.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "exos/exos.h"
#include "exos/pages.h"
#include "fd.h"
#include "shared.h"
#include "signal.h"
#include "proc/ptab.h"

extern char __text_start[], __rodata_start[], __rodata_end[], __data_start[];
extern char __private_start[], __private_end[], __heap_table_start[];
extern char __handler_stack_start[], __handler_stack_end[];
extern void exos_fork_entry(void);
uintptr_t exos_heap_table_end(void);

/* Shares gathered into batches of EXOS_PTE_BATCH_MAX. */
struct sharer {
	int envcap;
	uint32_t id;
	int n, err;
	struct exos_pte_share b[EXOS_PTE_BATCH_MAX];
};

static void share_flush(struct sharer *s)
{
	if (s->n && !s->err) {
		long r = sys_pte_share_batch(s->envcap, s->id, s->b, (unsigned long)s->n, 0);
		s->err = r < 0 ? (int)r : 0;
	}
	s->n = 0;
}

void exos_share(struct sharer *s, uintptr_t va, unsigned perms)
{
	s->b[s->n++] = (struct exos_pte_share){ va, va, perms };
	if (s->n == EXOS_PTE_BATCH_MAX)
		share_flush(s);
}

/* Map every page of the heap table that names one, so it can be shared:
 * a touch lets the fault handler install it. */
static void heap_map_all(void)
{
	for (uintptr_t i = 0; i * 4096 < exos_heap_size(); i++)
		if (exos_heap_page(i) &&
		    sys_pte_read(EXOS_CAP_SELF, exos_self, EXOS_HEAP_VA + i * 4096) < 0)
			(void)*(volatile char *)(EXOS_HEAP_VA + i * 4096);
}

/* Code and read-only data as they are; data, bss and heap copy-on-write. */
static int share_image(struct sharer *s)
{
	uintptr_t va;

	for (va = (uintptr_t)__text_start; va < (uintptr_t)__rodata_end; va += 4096)
		exos_share(s, va, va < (uintptr_t)__rodata_start ? EXOS_PTE_R | EXOS_PTE_X
								 : EXOS_PTE_R);
	for (va = (uintptr_t)__data_start; va < (uintptr_t)__private_start; va += 4096)
		exos_share(s, va, EXOS_PTE_R | EXOS_PTE_COW);
	for (uintptr_t i = 0; i * 4096 < exos_heap_size(); i++)
		if (exos_heap_page(i))
			exos_share(s, EXOS_HEAP_VA + i * 4096, EXOS_PTE_R | EXOS_PTE_COW);
	share_flush(s);
	return s->err;
}

/* Copies of [from, to) of ours, read-write, for env id. */
static int copy_range(int envcap, int pagecap, uint32_t id, uintptr_t from, uintptr_t to)
{
	int err = 0;

	for (uintptr_t va = from; !err && va < to; va += 4096)
		err = exos_fill_page(envcap, pagecap, id, va, (const void *)va, 0, 4096,
				     EXOS_PTE_R | EXOS_PTE_W);
	return err;
}

/* The stack: copies of the pages from the one holding the child's
 * first frames (CHILD_FRAMES below sp) up, since both sides write them
 * at once; the pages below fault in as zero pages. */
#define CHILD_FRAMES 1024
static int copy_stack(int envcap, int pagecap, uint32_t id, uintptr_t sp)
{
	return copy_range(envcap, pagecap, id, (sp - CHILD_FRAMES) & ~4095UL, EXOS_STACK_TOP);
}

/* Fresh pages for the handler stack: mapped before the child runs,
 * since the handlers that would fault them in run on it. */
static int handler_stack(int envcap, int pagecap, uint32_t id)
{
	struct exos_pte_entry e[4];
	int n = 0;

	for (uintptr_t va = (uintptr_t)__handler_stack_start; va < (uintptr_t)__handler_stack_end;
	     va += 4096) {
		long ppn = sys_page_alloc(pagecap, 0, id);
		if (ppn < 0)
			return (int)ppn;   /* the child's pages go with it */
		e[n++] = (struct exos_pte_entry){ va, (uint64_t)ppn, EXOS_PTE_R | EXOS_PTE_W };
	}
	long r = sys_pte_install_batch(envcap, id, e, (unsigned long)n, pagecap);
	return r < 0 ? (int)r : 0;
}

void exos_fork_child(long jb, uint32_t self)
{
	exos_runtime_init(self);
	exos_shared_reset();   /* our copy names the parent's capability slot */
	exos_signal_init(0);
	exos_fd_forked();
	longjmp(*(jmp_buf *)jb, 1);
}

static pid_t fail(long err)
{
	errno = err == -E_NOMEM ? ENOMEM : EAGAIN;
	return -1;
}

pid_t fork(void)
{
	jmp_buf jb;
	char here;

	fflush(stdout);
	fflush(stderr);
	if (setjmp(jb))
		return 0;
	long id = sys_env_create(EXOS_ENV_F_LEFTOVER | EXOS_ENV_F_NOTES, exos_entries);
	if (id < 0)
		return fail(id);
	struct sharer *s = &(struct sharer){ .id = (uint32_t)id };
	s->envcap = exos_cap_find(EXOS_NS_ENV, (uint32_t)id);
	int pagecap = exos_cap_find(EXOS_NS_PAGE, (uint32_t)id);
	/* The private pages first: sharing makes our data read-only, and the
	 * faults that follow change our heap table, not the child's. */
	heap_map_all();
	int err = copy_range(s->envcap, pagecap, (uint32_t)id, (uintptr_t)__private_start,
			     (uintptr_t)__private_end);
	if (!err)
		err = copy_range(s->envcap, pagecap, (uint32_t)id, (uintptr_t)__heap_table_start,
				 exos_heap_table_end());
	if (!err)
		err = share_image(s);
	if (!err)
		err = handler_stack(s->envcap, pagecap, (uint32_t)id);
	if (!err)
		err = copy_stack(s->envcap, pagecap, (uint32_t)id, (uintptr_t)&here);
	if (!err)
		err = exos_fd_fork(s->envcap, (uint32_t)id);
	if (!err)
		err = exos_shared_give(s->envcap, (uint32_t)id);
	if (!err) {
		exos_ptab_start((uint32_t)id, 0);
		uintptr_t sp = ((uintptr_t)&here - CHILD_FRAMES / 2) & ~15UL;
		err = (int)sys_env_run(s->envcap, (uint32_t)id, (uintptr_t)exos_fork_entry, sp,
				       (long)&jb);
	}
	if (err) {
		sys_env_destroy(s->envcap, (uint32_t)id);
		exos_wait((uint32_t)id, 0);
		return fail(err);
	}
	return (pid_t)id;
}
