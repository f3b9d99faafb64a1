/*
 * sys_mem.c - the memory system calls: physical pages, PTE installs
 * and the kernel's table cache.  Each decodes its arguments (which env,
 * the capability for it, arrays copied in) and hands the binding to
 * bind.c, the mechanism.
 */
#include "bind.h"
#include "info.h"
#include "revoke.h"
#include "sched.h"
#include "stlb.h"
#include "syscall.h"

static struct env *self(void)
{
	return sched_current();
}

/* page_alloc: owner is checked after the capability, as a 32-bit id
 * (so a capability error wins over a bad owner). */
long sys_page_alloc(int pagecap, ppn_t ppn, unsigned long owner)
{
	struct env *me = self();
	uint32_t oid = owner ? owner : me->id;
	struct exos_cap_name g = cap_guard_page(oid);
	int err = cap_check(me->caps, pagecap, &g, CAP_W);

	if (err)
		return err;
	struct env *oe = env_get(oid);
	if (owner > UINT32_MAX || !oe)
		return -E_NOENT;
	/* Short of memory while this env is below its guaranteed minimum:
	 * ask the biggest holder for pages back. */
	int revoking = 0;
	if (pmem.nfree < kinfo->revoke_low && oe->npages < EXOS_GUARANTEED_PAGES)
		revoking = revoke_request(oe);
	if (ppn_is_none(ppn)) {
		ppn = pmem_alloc(oid, EXOS_PAGE_USER);
		if (ppn_is_none(ppn))
			return revoking ? -E_AGAIN : -E_NOMEM;
	} else if ((err = pmem_alloc_at(ppn, oid, EXOS_PAGE_USER))) {
		return err;
	}
	page_zero(ppn_to_kva(ppn));
	return (long)ppn_raw(ppn);
}

/* page_free: the page must be unmapped (-E_BUSY); it counts towards a
 * revocation asked of its owner. */
long sys_page_free(int pagecap, ppn_t ppn)
{
	struct exos_page *p;
	int err = bind_check_page_cap(self(), pagecap, ppn, CAP_W, &p);

	if (err)
		return err;
	if (p->refcnt)
		return -E_BUSY;
	struct env *owner = env_get(p->owner);
	if (owner)
		revoke_page_freed(owner);
	return pmem_free(ppn);
}

long sys_pte_install(int envcap, uint32_t id, vaddr_t va, ppn_t ppn, unsigned long perms,
		     int pagecap)
{
	struct env *e;
	int err = env_by_cap(self(), envcap, id, CAP_W, &e);

	if (err)
		return err;
	return bind_install(self(), e, va, ppn, perms, pagecap);
}

/* Copy a batch of n entries of size bytes each from the caller's va
 * into buf: -E_RANGE for n outside 1..EXOS_PTE_BATCH_MAX, -E_FAULT. */
static int batch_copy_in(vaddr_t va, unsigned long n, void *buf, uint64_t size)
{
	struct env *me = self();

	if (n == 0 || n > EXOS_PTE_BATCH_MAX)
		return -E_RANGE;
	if (uspace_check(&me->us, va, n * size, EXOS_PTE_R))
		return -E_FAULT;
	uspace_read(&me->us, buf, va, n * size);
	return 0;
}

/* pte_install_batch: the array is copied first (changing it meanwhile
 * changes nothing); -E_NOMEM when fewer than n inverse-mapping entries
 * are free. */
long sys_pte_install_batch(int envcap, uint32_t id, vaddr_t entries, unsigned long n,
			   int pagecap)
{
	static struct exos_pte_entry b[EXOS_PTE_BATCH_MAX];   /* under the lock */
	struct env *e;
	int err = env_by_cap(self(), envcap, id, CAP_W, &e);

	if (err || (err = batch_copy_in(entries, n, b, sizeof(b[0]))))
		return err;
	return bind_install_batch(self(), e, b, n, pagecap);
}

/* pte_share_batch: holding a mapping is the authority, so a library OS
 * can pass on pages it was given (e.g. to a grandchild after fork). */
long sys_pte_share_batch(int envcap, uint32_t id, vaddr_t entries, unsigned long n,
			 unsigned long flags)
{
	static struct exos_pte_share b[EXOS_PTE_BATCH_MAX];   /* under the lock */
	struct env *e;
	int err = env_by_cap(self(), envcap, id, CAP_W, &e);

	if (err)
		return err;
	if (flags)
		return -E_INVAL;
	if ((err = batch_copy_in(entries, n, b, sizeof(b[0]))))
		return err;
	return bind_share_batch(self(), e, b, n);
}

long sys_pte_remove(int envcap, uint32_t id, vaddr_t va)
{
	struct env *e;
	int err = env_by_cap(self(), envcap, id, CAP_W, &e);

	if (err)
		return err;
	return bind_remove(e, va);
}

/* pte_read needs only R on the env: reading is not changing. */
long sys_pte_read(int envcap, uint32_t id, vaddr_t va)
{
	struct env *e;
	int err = env_by_cap(self(), envcap, id, CAP_R, &e);

	if (err)
		return err;
	return bind_read(e, va);
}

long sys_pte_protect(int envcap, uint32_t id, vaddr_t va, unsigned long perms, int pagecap)
{
	struct env *e;
	int err = env_by_cap(self(), envcap, id, CAP_W, &e);

	if (err)
		return err;
	return bind_protect(self(), e, va, perms, pagecap);
}

/* revoke_short: the kernel takes what is still missing at once by force
 * (listed in the repossession vector) rather than at the deadline, so
 * the env that needs memory waits no longer than it must. */
long sys_revoke_short(void)
{
	return revoke_short(self());
}

/* tables_drop: the Sv39 tables are the kernel's cache; guaranteed
 * ranges stay mapped. */
long sys_tables_drop(int envcap, uint32_t id)
{
	struct env *e;
	int err = env_by_cap(self(), envcap, id, CAP_W, &e);

	if (err)
		return err;
	int freed = stlb_drop_tables(e);
	kinfo->tables_dropped += (uint64_t)freed;
	sched_kick(e);
	return freed;
}

/* guarantee: a library's code, stack and handler data.  The range check
 * cannot wrap at the top of the address space. */
long sys_guarantee(int envcap, uint32_t id, vaddr_t va, unsigned long len)
{
	struct env *e;
	int err = env_by_cap(self(), envcap, id, CAP_W, &e);

	if (err)
		return err;
	if (va_raw(va) >= EXOS_USER_END || len > EXOS_USER_END - va_raw(va) || len == 0)
		return -E_INVAL;
	return stlb_guarantee(e, va, len);
}
