/*
 * exos/syscall.h - system call numbers and the user-side stubs.
 *
 * ABI: `ecall` with the number in a7 and arguments in a0-a5; the result
 * comes back in a0 (negative -E_* on failure).  A system call preserves
 * sp, gp, tp, ra and s0-s11 and may clobber the other registers, exactly
 * like a call to a C function, so the stubs are plain functions.
 * The numbers are generated from kernel/syscalls.tbl.
 */
#ifndef EXOS_SYSCALL_H
#define EXOS_SYSCALL_H

#include <stddef.h>
#include "exos/sysno.h"
#include "exos/errno.h"

#ifndef EXOS_KERNEL
#include <stdint.h>

struct exos_pred;

/* Two result registers of a protected control transfer. */
struct exos_pct_result {
	long r0, r1;
};

long sys_null(void);
long sys_cons_write(const char *buf, size_t len);
long sys_cons_read(char *buf, size_t len);
__attribute__((noreturn)) void sys_exit(int status);
/* End an upcall: reload the interrupted registers from the save area. */
long sys_resume(void);
/* A new env (CREATED) with flags EXOS_ENV_F_* and upcall entries
 * (uint64_t[EXOS_NENTRIES] or NULL); returns its id or -E_*. */
long sys_env_create(unsigned long flags, const uint64_t *entries);
long sys_env_destroy(int cap, uint32_t id);
long sys_env_run(int cap, uint32_t id, uintptr_t pc, uintptr_t sp, long arg);
long sys_env_set_entry(int cap, uint32_t id, unsigned which, uintptr_t va);
long sys_env_set_flags(int cap, uint32_t id, unsigned long flags);
/* We have read our ended child's exit status: free its slot. */
long sys_env_reap(uint32_t id);
long sys_cap_derive(int src, int dst, const uint32_t *extra, unsigned nextra, unsigned rights);
long sys_cap_grant(int idx, uint32_t target, unsigned rights);
long sys_cap_revoke(int idx);
long sys_cap_delete(int idx);
long sys_slice_alloc(int cap, unsigned hart, unsigned pos);
long sys_slice_free(int cap, unsigned hart, unsigned pos);
/* Give the rest of the slice to env target (0: anyone). */
long sys_yield(uint32_t target);
/* Protected control transfer to target with a0-a5 (target goes in a6). */
struct exos_pct_result sys_pct_sync(long a0, long a1, long a2, long a3, long a4, long a5,
				    uint32_t target);
long sys_pct_async(long a0, long a1, long a2, long a3, long a4, long a5, uint32_t target);
__attribute__((noreturn)) void sys_pct_return(long r0, long r1);
long sys_sleep_until(const struct exos_pred *pred);
/* Sleep until pred holds (NULL: no predicate) or rdtime reaches
 * deadline (EXOS_NO_DEADLINE: never).  0: woken by the predicate (or
 * early: re-check); EXOS_SLEEP_TIMEOUT: the deadline came first. */
long sys_sleep_deadline(const struct exos_pred *pred, uint64_t deadline);
/* A zeroed page owned by env owner (0: oneself); ppn 0: any page. */
long sys_page_alloc(int cap, unsigned long ppn, uint32_t owner);
long sys_page_free(int cap, unsigned long ppn);
long sys_pte_install(int envcap, uint32_t id, uintptr_t va, unsigned long ppn,
		     unsigned long perms, int pagecap);
long sys_pte_remove(int envcap, uint32_t id, uintptr_t va);
long sys_pte_read(int envcap, uint32_t id, uintptr_t va);
struct exos_pte_entry;
/* Up to EXOS_PTE_BATCH_MAX installs with one page capability, all or
 * none; returns n or the first error. */
long sys_pte_install_batch(int envcap, uint32_t id, const struct exos_pte_entry *entries,
			   unsigned long n, int pagecap);
/* Drop env id's Sv39 tables (bindings stay in the kernel's STLB). */
long sys_tables_drop(int envcap, uint32_t id);
/* Keep [va, va+len) of env id mapped always (never dropped). */
long sys_guarantee(int envcap, uint32_t id, uintptr_t va, unsigned long len);
long sys_pte_protect(int envcap, uint32_t id, uintptr_t va, unsigned long perms, int pagecap);
/* pte_install / pte_protect, then (on success) resume the interrupted
 * code as sys_resume does: the end of a page-fault upcall in one crossing.
 * They return only on failure. */
long sys_pte_install_resume(int envcap, uint32_t id, uintptr_t va, unsigned long ppn,
			    unsigned long perms, int pagecap);
long sys_pte_protect_resume(int envcap, uint32_t id, uintptr_t va, unsigned perms,
			    int pagecap);
struct exos_pte_share;
/* Up to EXOS_PTE_BATCH_MAX mappings in env id of pages the caller maps
 * itself (no more rights than its own; EXOS_PTE_COW makes its own
 * read-only too), all or none; flags must be 0; returns n. */
long sys_pte_share_batch(int envcap, uint32_t id, const struct exos_pte_share *entries,
			 unsigned long n, unsigned long flags);
/* Asked for pages (EXOS_INTR_REVOKE), we give no more: the kernel takes
 * what is missing now.  0, or -E_NOENT when nothing is asked of us. */
long sys_revoke_short(void);
/* Software regions (exos/swregion.h has the contract). */
struct exos_swr_piece;
long sys_swr_create(unsigned long npages, unsigned long flags);
long sys_swr_destroy(int cap, uint32_t id);
long sys_swr_read(int cap, uint32_t id, unsigned long off, void *buf, unsigned long len);
long sys_swr_writev(int cap, uint32_t id, const struct exos_swr_piece *pieces, unsigned long n,
		    unsigned long guard_off, unsigned long guard_val);
long sys_swr_free(int cap, uint32_t id, unsigned long off, unsigned long len);
/* Post notification bits to env id (exos/env.h, EXOS_INTR_NOTE): allowed
 * with a capability for it or when it takes notifications
 * (EXOS_ENV_F_NOTES); bits 0 only checks.  0, -E_NOENT, -E_PERM. */
long sys_env_notify(uint32_t id, uint64_t bits);
/* At rdtime deadline, post bits to oneself; replaces the previous
 * alarm, whose deadline it returns (EXOS_NO_DEADLINE: none); bits 0 or
 * deadline EXOS_NO_DEADLINE cancels. */
long sys_env_alarm(uint64_t deadline, uint64_t bits);
#endif

#endif
