/*
 * runtime.c - the library OS side of envs: upcall dispatch, the default
 * handlers, spawning an env that runs a function of this program,
 * waiting for it, and protected control transfer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exos/exos.h"
#include "fd.h"
#include "exos/uaccess.h"
#include "shared.h"
#include "signal.h"
#include "proc/ptab.h"

extern void exos_exception_entry(void), exos_interrupt_entry(void);
extern void exos_pct_entry(void), exos_child_entry(void), exos_addressing_entry(void);
extern char __text_start[], __rodata_start[], __rodata_end[], __data_start[];
extern char _end[];

/* Read by the fault handler before anything else: private (user.ld). */
uint32_t exos_self __attribute__((section(".exos_private.hot")));
static exos_exception_fn on_exception;
static exos_pct_fn pct_server;
static exos_revoke_fn on_revoke = exos_revoke_default;

const uint64_t exos_entries[EXOS_NENTRIES] = {
	[EXOS_ENTRY_EXCEPTION] = (uint64_t)exos_exception_entry,
	[EXOS_ENTRY_INTERRUPT] = (uint64_t)exos_interrupt_entry,
	[EXOS_ENTRY_PCT] = (uint64_t)exos_pct_entry,
	[EXOS_ENTRY_ADDRESSING] = (uint64_t)exos_addressing_entry,
};

void exos_runtime_init(uint32_t self)
{
	extern char _end[];

	exos_self = self;
	/* The program and its stack are never dropped by the kernel: the
	 * library keeps no page table for them (only for its heap). */
	sys_guarantee(EXOS_CAP_SELF, self, (uintptr_t)__text_start,
		      (uintptr_t)_end - (uintptr_t)__text_start);
	sys_guarantee(EXOS_CAP_SELF, self, EXOS_STACK_TOP - EXOS_STACK_PAGES * 4096UL,
		      EXOS_STACK_PAGES * 4096UL);
	for (unsigned i = 0; i < EXOS_NENTRIES; i++)
		if (exos_entries[i])
			sys_env_set_entry(EXOS_CAP_SELF, self, i, exos_entries[i]);
}

void exos_set_exception_handler(exos_exception_fn fn)
{
	on_exception = fn;
}

/* Called by the exception stub; returning resumes the interrupted code
 * with the save area's registers (a handler may change them).  A fault
 * in a marked copy routine is a bad pointer a program handed us (the
 * copy fails with EFAULT); one nobody else takes is a signal
 * (signal.c: the program's handler, or death by it). */
void exos_exception_dispatch(uint64_t cause, uint64_t tval, uint64_t epc)
{
	if (exos_ucopy_fixup(epc))
		return;
	if (on_exception && on_exception(cause, tval, epc) == 0)
		return;
	exos_signal_fault(cause, tval, epc);
}

void exos_warn(const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (n > 0)
		exos_fd_write(2, buf, (size_t)n);
}

const char *exos_cause_name(uint64_t cause)
{
	static const char *const names[] = {
		"instruction address misaligned", "instruction access fault",
		"illegal instruction", "breakpoint", "load address misaligned",
		"load access fault", "store address misaligned", "store access fault",
		"ecall from U-mode", "ecall from S-mode", "exception 10", "exception 11",
		"instruction page fault", "load page fault", "exception 14",
		"store page fault",
	};

	return cause < sizeof(names) / sizeof(names[0]) ? names[cause] : "unknown exception";
}

/* The slice-end upcall: our registers are safe in the save area and
 * this stack, so give the processor back at once. */
void exos_interrupt_dispatch(uint64_t kind, uint64_t arg)
{
	if (kind == EXOS_INTR_SLICE_END)
		sys_yield(0);
	else if (kind == EXOS_INTR_REVOKE && on_revoke)
		on_revoke((unsigned)arg);
	else if (kind == EXOS_INTR_NOTE)
		exos_signal_notes(arg);
}

void exos_set_revoke_handler(exos_revoke_fn fn)
{
	on_revoke = fn;
}

struct exos_pct_result exos_pct_dispatch(long a0, long a1, long a2, long a3, long a4,
					 long a5, uint32_t caller, uint32_t kind)
{
	struct exos_pct_result none = { -E_NOSYS, 0 };
	long args[6] = { a0, a1, a2, a3, a4, a5 };

	return pct_server ? pct_server(args, caller, kind) : none;
}

int exos_pct_serve(exos_pct_fn fn)
{
	pct_server = fn;
	long r = sys_env_set_flags(EXOS_CAP_SELF, exos_self,
				   EXOS_ENV_F_LEFTOVER | EXOS_ENV_F_ACCEPT_PCT);
	return (int)r;
}

int exos_cap_find(uint32_t ns, uint32_t id)
{
	const struct exos_cap_space *cs = (const struct exos_cap_space *)EXOS_CAPS_VA;

	for (int i = 0; i < EXOS_CAP_SLOTS; i++) {
		const struct exos_cap *c = &cs->slot[i];
		if ((c->flags & EXOS_CAP_F_USED) && c->name.len == 2 &&
		    c->name.comp[0] == ns && c->name.comp[1] == id)
			return i;
	}
	return -E_NOCAP;
}

/* Map the page at va of this env into env id (cap envcap) with perms,
 * passed on as a mapping (pte_share_batch): a forked process maps code
 * it does not own, and may spawn too. */
static int share_page(int envcap, uint32_t id, uintptr_t va, unsigned perms)
{
	struct exos_pte_share s = { va, va, perms };
	long r = sys_pte_share_batch(envcap, id, &s, 1, 0);

	return r < 0 ? (int)r : 0;
}

long exos_page_with(int pagecap, uint32_t owner, const void *src, size_t off, size_t len)
{
	if (off > 4096 || len > 4096 - off)
		return -E_RANGE;
	if (!exos_uptr_ok(src, len, 0))
		return -E_FAULT;
	long ppn = sys_page_alloc(pagecap, 0, owner);
	if (ppn < 0 || !len)
		return ppn;   /* pages come zeroed */
	long err = sys_pte_install(EXOS_CAP_SELF, exos_self, EXOS_SCRATCH_VA, (unsigned long)ppn,
				   EXOS_PTE_R | EXOS_PTE_W, pagecap);
	if (!err) {
		if (exos_ucopy((char *)EXOS_SCRATCH_VA + off, src, len))
			err = -E_FAULT;
		sys_pte_remove(EXOS_CAP_SELF, exos_self, EXOS_SCRATCH_VA);
	}
	if (err) {
		sys_page_free(pagecap, (unsigned long)ppn);
		return err;
	}
	return ppn;
}

int exos_fill_page(int envcap, int pagecap, uint32_t id, uintptr_t va, const void *src,
		   size_t off, size_t len, unsigned perms)
{
	long ppn = exos_page_with(pagecap, id, src, off, len);

	if (ppn < 0)
		return (int)ppn;
	long err = sys_pte_install(envcap, id, va, (unsigned long)ppn, perms, pagecap);
	if (err)
		sys_page_free(pagecap, (unsigned long)ppn);
	return (int)err;
}

/* A new read-write page for env id at va, filled with len bytes from src. */
static int copy_page(int envcap, int pagecap, uint32_t id, uintptr_t va, const void *src,
		     size_t len)
{
	return exos_fill_page(envcap, pagecap, id, va, src, 0, len, EXOS_PTE_R | EXOS_PTE_W);
}

/* Give env id this program's code (shared, read-only) and a copy of its
 * data and bss, plus a fresh stack. */
static int build_image(int envcap, uint32_t id)
{
	int pagecap = exos_cap_find(EXOS_NS_PAGE, id);
	uintptr_t va;
	int err = pagecap < 0 ? pagecap : 0;

	for (va = (uintptr_t)__text_start; !err && va < (uintptr_t)__rodata_end; va += 4096)
		err = share_page(envcap, id, va, va < (uintptr_t)__rodata_start ?
				 EXOS_PTE_R | EXOS_PTE_X : EXOS_PTE_R);
	for (va = (uintptr_t)__data_start; !err && va < (uintptr_t)_end; va += 4096)
		err = copy_page(envcap, pagecap, id, va, (const void *)va, 4096);
	for (va = EXOS_STACK_TOP - EXOS_CHILD_STACK_PAGES * 4096; !err && va < EXOS_STACK_TOP;
	     va += 4096)
		err = copy_page(envcap, pagecap, id, va, 0, 0);
	for (uintptr_t i = 0; !err && i * 4096 < exos_heap_size(); i++)
		if (exos_heap_page(i))
			err = copy_page(envcap, pagecap, id, EXOS_HEAP_VA + i * 4096,
					(const void *)(EXOS_HEAP_VA + i * 4096), 4096);
	return err;
}

static exos_child_fn child_fn;

long exos_spawn(exos_child_fn fn, long arg, unsigned long flags)
{
	long id = sys_env_create(flags & ~EXOS_SPAWN_SHARED, exos_entries);

	if (id < 0)
		return id;
	int envcap = exos_cap_find(EXOS_NS_ENV, (uint32_t)id);
	fflush(stdout);
	child_fn = fn;
	int err = build_image(envcap, (uint32_t)id);
	if (!err && (flags & EXOS_SPAWN_SHARED))
		err = exos_shared_give(envcap, (uint32_t)id);
	if (!err) {
		exos_ptab_start((uint32_t)id, 0);
		err = (int)sys_env_run(envcap, (uint32_t)id, (uintptr_t)exos_child_entry,
				       EXOS_STACK_TOP, arg);
	}
	if (err) {
		sys_env_destroy(envcap, (uint32_t)id);
		exos_forget_env((uint32_t)id);
		return err;
	}
	return id;
}

void exos_child_main(long arg, uint32_t self)
{
	exos_runtime_init(self);
	exos_shared_reset();
	exos_signal_init(0);
	exos_fd_init(0);   /* the copied table's pipe ends were never counted */
	exos_heap_adopt();
	exit(child_fn(arg));
}

void exos_forget_env(uint32_t id)
{
	int c = exos_cap_find(EXOS_NS_ENV, id);

	if (c >= 0)
		sys_cap_delete(c);
	if ((c = exos_cap_find(EXOS_NS_PAGE, id)) >= 0)
		sys_cap_delete(c);
}

int exos_wait_ended(uint32_t id)
{
	const volatile struct exos_env *row = &exos_envs[EXOS_ENV_SLOT(id)];
	struct exos_pred p = { .nterms = 2 };

	p.term[0] = (struct exos_pred_term){ (uintptr_t)&row->state, ~0UL, EXOS_ENV_FREE, 4,
					     EXOS_PRED_EQ, 1, { 0 } };
	p.term[1] = (struct exos_pred_term){ (uintptr_t)&row->id, ~0UL, id, 4, EXOS_PRED_NE, 1,
					     { 0 } };
	while (row->id == id && row->state != EXOS_ENV_FREE) {
		long err = sys_sleep_until(&p);
		if (err < 0)
			return (int)err;
	}
	return row->id == id ? 0 : -E_NOENT;
}

int exos_wait(uint32_t id, int *status)
{
	const volatile struct exos_env *row = &exos_envs[EXOS_ENV_SLOT(id)];

	if (status && exos_touch(status, sizeof(*status), 1))
		return -E_FAULT;   /* nothing reaped */
	int err = exos_wait_ended(id);
	if (err && err != -E_NOENT)
		return err;
	int st = row->exit_status;
	if (!err)
		sys_env_reap(id);
	/* Ended either way (reaped already if its slot moved on): our
	 * capabilities for it name nothing now. */
	exos_forget_env(id);
	if (err)
		return err;
	return status && exos_copy_out(status, &st, sizeof(st)) ? -E_FAULT : 0;
}
