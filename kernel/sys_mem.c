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

/* page_alloc(cap, ppn, owner): a zeroed page owned by env owner (0: the
 * caller; cap must dominate [EXOS_NS_PAGE, owner]), any page when ppn is 0,
 * else that page if it is free; returns its ppn. */
long sys_page_alloc(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *me = self();
	uint32_t owner = a2 ? (uint32_t)a2 : me->id;
	struct exos_cap_name g = cap_guard_page(owner);
	int err = cap_check(me->caps, cap_arg(a0), &g, CAP_W);
	ppn_t ppn = (ppn_t)a1;

	(void)a3, (void)a4, (void)a5;
	if (err)
		return err;
	struct env *oe = env_get(owner);
	if ((uint64_t)a2 > UINT32_MAX || !oe)
		return -E_NOENT;
	/* Short of memory while this env is below its guaranteed minimum:
	 * ask the biggest holder for pages back. */
	int revoking = 0;
	if (pmem.nfree < kinfo->revoke_low && oe->npages < EXOS_GUARANTEED_PAGES)
		revoking = revoke_request(oe);
	if (ppn == 0) {
		ppn = pmem_alloc(owner, EXOS_PAGE_USER);
		if (ppn == PPN_NONE)
			return revoking ? -E_AGAIN : -E_NOMEM;
	} else if ((err = pmem_alloc_at(ppn, owner, EXOS_PAGE_USER))) {
		return err;
	}
	page_zero(pa_to_kva(ppn << PAGE_SHIFT));
	return (long)ppn;
}

/* page_free(cap, ppn): give back an unmapped page. */
long sys_page_free(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct exos_page *p;
	int err = bind_check_page_cap(self(), cap_arg(a0), (ppn_t)a1, CAP_W, &p);

	(void)a2, (void)a3, (void)a4, (void)a5;
	if (err)
		return err;
	if (p->refcnt)
		return -E_BUSY;
	struct env *owner = env_get(p->owner);
	if (owner)
		revoke_page_freed(owner);
	return pmem_free((ppn_t)a1);
}

/* The env a PTE call targets, if the caller's capability allows. */
static int target_env(long cap, long id, uint16_t need, struct env **out)
{
	return env_by_cap(self(), cap_arg(cap), (uint32_t)id, need, out);
}

/* pte_install(envcap, id, va, ppn, perms, pagecap): map page ppn at va
 * in env id with perms (EXOS_PTE_R/W/X).  Checks: the env capability
 * (W), va (aligned, user, not reserved, not already mapped), perms (R
 * with W, nothing else), the page capability (R, and W for a writable
 * mapping), the page type (user data only) and the reference count.
 * With EXOS_PTE_MEGA (exos/pages.h) in perms: the 2 MiB megapage of the
 * 512 pages from ppn, every check for each page, va and ppn 2 MiB
 * aligned (-E_ALIGN), nothing mapped in its range (-E_BUSY; an empty
 * 4 KiB table there is freed).  -E_NOMEM when the inverse-mapping pool
 * is full (rmap.h) or no table page is left. */
long sys_pte_install(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *e;
	int err = target_env(a0, a1, CAP_W, &e);

	if (err)
		return err;
	return bind_install(self(), e, (uint64_t)a2, (ppn_t)a3, (uint64_t)a4, cap_arg(a5));
}

/* Copy a batch of n entries of size bytes each from the caller's va
 * into buf: -E_RANGE for n outside 1..EXOS_PTE_BATCH_MAX, -E_FAULT. */
static int batch_copy_in(uint64_t va, uint64_t n, void *buf, uint64_t size)
{
	struct env *me = self();

	if (n == 0 || n > EXOS_PTE_BATCH_MAX)
		return -E_RANGE;
	if (uspace_check(&me->us, va, n * size, PTE_R))
		return -E_FAULT;
	uspace_read(&me->us, buf, va, n * size);
	return 0;
}

/* pte_install_batch(envcap, id, entries, n, pagecap): up to
 * EXOS_PTE_BATCH_MAX installs, all or none.  The array is copied first
 * (changing it meanwhile changes nothing), every entry is checked before
 * any is made, and a conflict inside the batch undoes what was made;
 * returns n or the first error (-E_NOMEM: fewer than n inverse-mapping
 * entries are free).  One TLB flush for the whole batch. */
long sys_pte_install_batch(long a0, long a1, long a2, long a3, long a4, long a5)
{
	static struct exos_pte_entry b[EXOS_PTE_BATCH_MAX];   /* under the lock */
	struct env *e;
	int err = target_env(a0, a1, CAP_W, &e);

	(void)a5;
	if (err || (err = batch_copy_in((uint64_t)a2, (uint64_t)a3, b, sizeof(b[0]))))
		return err;
	return bind_install_batch(self(), e, b, (uint32_t)a3, cap_arg(a4));
}

/* pte_share_batch(envcap, id, entries, n, 0): up to EXOS_PTE_BATCH_MAX
 * struct exos_pte_share: map into env id the pages the caller itself
 * maps, with no more rights than it has (holding a mapping is the
 * authority, so a library OS can pass on pages it was given, e.g. to a
 * grandchild after fork).  EXOS_PTE_COW also makes the caller's mapping
 * read-only.  All or none, as pte_install_batch (-E_NOMEM as there);
 * returns n. */
long sys_pte_share_batch(long a0, long a1, long a2, long a3, long a4, long a5)
{
	static struct exos_pte_share b[EXOS_PTE_BATCH_MAX];   /* under the lock */
	struct env *e;
	int err = target_env(a0, a1, CAP_W, &e);

	(void)a5;
	if (err)
		return err;
	if (a4)
		return -E_INVAL;
	if ((err = batch_copy_in((uint64_t)a2, (uint64_t)a3, b, sizeof(b[0]))))
		return err;
	return bind_share_batch(self(), e, b, (uint32_t)a3);
}

/* pte_remove(envcap, id, va): unmap va in env id; in a megapage, the
 * whole megapage. */
long sys_pte_remove(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *e;
	int err = target_env(a0, a1, CAP_W, &e);

	(void)a3, (void)a4, (void)a5;
	if (err)
		return err;
	return bind_remove(e, (uint64_t)a2);
}

/* pte_read(envcap, id, va): the Sv39 leaf PTE mapping va in env id
 * (bit 0 set; EXOS_PTE_MEGA added for a megapage), or -E_NOENT. */
long sys_pte_read(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *e;
	int err = target_env(a0, a1, CAP_R, &e);

	(void)a3, (void)a4, (void)a5;
	if (err)
		return err;
	return bind_read(e, (uint64_t)a2);
}

/* pte_protect(envcap, id, va, perms, pagecap): change the permissions of
 * an existing mapping, with the same checks as pte_install (the page
 * capability must allow W for a writable mapping).  perms has
 * EXOS_PTE_MEGA exactly when va is in a megapage (else -E_INVAL). */
long sys_pte_protect(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *e;
	int err = target_env(a0, a1, CAP_W, &e);

	(void)a5;
	if (err)
		return err;
	return bind_protect(self(), e, (uint64_t)a2, (uint64_t)a3, cap_arg(a4));
}

/* revoke_short(): the caller, asked to give pages back (EXOS_INTR_REVOKE),
 * says it has given all it will: the kernel takes what is still missing
 * at once by force (listed in its repossession vector) rather than at
 * the deadline, so the env that needs memory waits no longer than it
 * must.  0, or -E_NOENT when nothing is asked of the caller. */
long sys_revoke_short(long a0, long a1, long a2, long a3, long a4, long a5)
{
	(void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return revoke_short(self());
}

/* The locked forms the "and resume" thunks in vector.S call. */
long pte_install_locked(long a0, long a1, long a2, long a3, long a4, long a5)
{
	kernel_lock();
	long r = sys_pte_install(a0, a1, a2, a3, a4, a5);
	kernel_unlock();
	return r;
}

long pte_protect_locked(long a0, long a1, long a2, long a3, long a4, long a5)
{
	kernel_lock();
	long r = sys_pte_protect(a0, a1, a2, a3, a4, a5);
	kernel_unlock();
	return r;
}

/* tables_drop(envcap, id): drop env id's Sv39 table pages (the kernel's
 * cache; bindings stay in its STLB, guaranteed ranges stay mapped).
 * Returns the table pages freed. */
long sys_tables_drop(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *e;
	int err = target_env(a0, a1, CAP_W, &e);

	(void)a2, (void)a3, (void)a4, (void)a5;
	if (err)
		return err;
	int freed = stlb_drop_tables(e);
	kinfo->tables_dropped += (uint64_t)freed;
	sched_kick(e);
	return freed;
}

/* guarantee(envcap, id, va, len): keep [va, va+len) always mapped (never
 * dropped with the tables): a library's code, stack and handler data. */
long sys_guarantee(long a0, long a1, long a2, long a3, long a4, long a5)
{
	struct env *e;
	int err = target_env(a0, a1, CAP_W, &e);
	uint64_t va = (uint64_t)a2, len = (uint64_t)a3;

	(void)a4, (void)a5;
	if (err)
		return err;
	if (va >= EXOS_USER_END || len > EXOS_USER_END - va || len == 0)
		return -E_INVAL;
	return stlb_guarantee(e, va, len);
}
