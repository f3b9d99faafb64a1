/*
 * exos/exos.h - what libexos offers a program beyond POSIX: the exported
 * kernel data and raw system calls.
 */
#ifndef EXOS_EXOS_H
#define EXOS_EXOS_H

#include <stdint.h>
#include "exos/layout.h"
#include "exos/syscall.h"
#include "exos/env.h"
#include "exos/cap.h"
#include "exos/pred.h"
#include "exos/pages.h"
#include "exos/swregion.h"

/* The exported kernel information page (read-only). */
#define exos_info ((const volatile struct exos_info *)EXOS_INFO_VA)
/* The exported software region table (exos/swregion.h). */
#define exos_swrs ((const volatile struct exos_swr *)EXOS_SWR_VA)
/* The exported env table and slice vectors. */
#define exos_envs ((const volatile struct exos_env *)EXOS_ENVS_VA)
#define exos_slices ((const volatile uint32_t (*)[EXOS_NSLICES])EXOS_SLICES_VA)
/* This env's capability list. */
#define exos_caps ((const volatile struct exos_cap_space *)EXOS_CAPS_VA)
/* This env's save area. */
#define exos_save ((volatile struct exos_save *)EXOS_SAVE_VA)

/* The capability slots every env starts with (EXOS_CAP_SELF, _PAGES,
 * _ROOT) and the namespaces of guard names (EXOS_NS_*) are in
 * exos/cap.h, shared with the kernel. */

/* PTE permission bits for sys_pte_install (EXOS_PTE_R/W/X, _MEGA) are
 * in exos/pages.h, shared with the kernel. */

/* A page of address space libexos uses to fill pages for other envs. */
#define EXOS_SCRATCH_VA 0x2000000000UL
/* Stack pages a spawned env gets below EXOS_STACK_TOP. */
#define EXOS_CHILD_STACK_PAGES 4

/* This env's id (set at start). */
extern uint32_t exos_self;
/* The upcall entry points libexos installs (for sys_env_create). */
extern const uint64_t exos_entries[EXOS_NENTRIES];

/* An exception handler: return 0 to resume (after changing exos_save
 * registers as needed), nonzero for the default (print and exit). */
typedef int (*exos_exception_fn)(uint64_t cause, uint64_t tval, uint64_t epc);
void exos_set_exception_handler(exos_exception_fn fn);
/* Print to descriptor 2 without stdio (safe in upcall handlers and
 * after a fork: nothing shared is written).  At most 199 bytes. */
void exos_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A short name for an exception cause (scause). */
const char *exos_cause_name(uint64_t cause);

/* A variable an upcall handler writes, or one a fork child writes at
 * once: kept on the library's private pages (libexos/user.ld), which
 * fork copies instead of sharing copy-on-write.  Zero-initialized only
 * (the section is not loaded from the file). */
#define EXOS_PRIVATE __attribute__((section(".exos_private")))

/* The heap picolibc's malloc uses: lazily allocated, at most EXOS_HEAP_MAX. */
#define EXOS_HEAP_VA   0x3000000000UL
#define EXOS_HEAP_MAX  (64UL << 20)

/* A handler for page faults outside the heap (Appel-Li style): return 0
 * to resume, nonzero for the default exception handling. */
void exos_set_fault_handler(exos_exception_fn fn);
void exos_heap_release(uintptr_t from, uintptr_t to);
void exos_heap_unmap(uintptr_t from, uintptr_t to);
void exos_heap_adopt(void);
uint32_t exos_heap_page(uintptr_t i);
uintptr_t exos_heap_size(void);
void exos_exception_dispatch(uint64_t cause, uint64_t tval, uint64_t epc);

/* The kernel wants n pages back (exos/env.h, EXOS_INTR_REVOKE): free
 * them with sys_page_free, and call sys_revoke_short if fewer than n
 * can go (the kernel then takes the rest by force at once; see
 * exos_repossessed).  The default, exos_revoke_default, gives back
 * spare pages (mem.c), least recently used first; a handler of 0 gives
 * nothing and the kernel takes pages at the deadline. */
typedef void (*exos_revoke_fn)(unsigned n);
void exos_set_revoke_handler(exos_revoke_fn fn);
void exos_revoke_default(unsigned n);
/* Zeroed pages the heap keeps for its next first touches (mem.c), and
 * giving them all back (exec: the new image would not know them). */
unsigned exos_spare_pages(void);
void exos_spare_drain(void);
#define exos_repossessed ((const volatile struct exos_repossession *)EXOS_REPO_VA)

/* A PCT server: args[0..5] from the caller; returns two results. */
typedef struct exos_pct_result (*exos_pct_fn)(const long args[6], uint32_t caller,
					       uint32_t kind);
/* Accept protected control transfers, served by fn. */
int exos_pct_serve(exos_pct_fn fn);

/* Run fn(arg) in a new env built from this program (code shared,
 * data copied, fresh stack); returns its id or -E_*.  flags are
 * sys_env_create's, and EXOS_SPAWN_SHARED: the child also gets the
 * state every process shares (the terminal, the process table). */
#define EXOS_SPAWN_SHARED (1UL << 32)
typedef int (*exos_child_fn)(long arg);
long exos_spawn(exos_child_fn fn, long arg, unsigned long flags);
/* Run the program at path in the boot archive (e.g. "/bin/t_exit42") in
 * a new env with argv (NULL-terminated; argv[0] is the name it sees);
 * returns its id, or -E_NOENT (no such file), -E_NOEXEC (not a program
 * this system runs), -E_NOMEM, -E_INVAL (arguments too long). */
long exos_spawn_program(const char *path, char *const argv[]);
/* The same, the child's descriptors 0-2 being copies of our fdmap[0..2]
 * (exos_spawn_program: our own 0-2). */
long exos_spawn_program_fds(const char *path, char *const argv[], const int fdmap[3]);
/* Descriptors a process may have open (libexos/fd.h). */
#define EXOS_FD_MAX 16
/* Bytes a pipe holds: its page less the bookkeeping (exos/pipe.h). */
#define EXOS_PIPE_BUF 3176
/* Free the pages of pipes no process of ours uses any more: call after
 * waiting for children that held ends (a killed one never closes them). */
void exos_pipe_reap(void);
/* A new page owned by env owner (pagecap; 0: ourselves), not mapped
 * anywhere, holding len bytes from src at offset off (zeros elsewhere):
 * its ppn, or -E_* (-E_FAULT: src is not readable, -E_RANGE: off and
 * len pass the page). */
long exos_page_with(int pagecap, uint32_t owner, const void *src, size_t off, size_t len);
/* The same, owned by env id and mapped there at va with perms. */
int exos_fill_page(int envcap, int pagecap, uint32_t id, uintptr_t va, const void *src,
		   size_t off, size_t len, unsigned perms);

/* Sleep until env id has ended; its exit status in *status.  Our
 * capabilities for it are deleted (exos_forget_env) once it has ended:
 * 0, or -E_NOENT if its slot was reaped already; -E_FAULT (status is a
 * bad pointer) before anything is waited for or reaped. */
int exos_wait(uint32_t id, int *status);
/* Sleep until env id has ended, without reaping it (any env, not only a
 * child): 0, or -E_NOENT once its slot is reaped or reused. */
int exos_wait_ended(uint32_t id);
/* Delete our capabilities for env id ([NS_ENV, id], [NS_PAGE, id]):
 * it has ended, and each would keep one of our EXOS_CAP_SLOTS. */
void exos_forget_env(uint32_t id);
/* The slot of this env's capability named [ns, id], or -E_NOCAP. */
int exos_cap_find(uint32_t ns, uint32_t id);
void exos_runtime_init(uint32_t self);

/* instret at the program's first instruction. */
extern uint64_t __exos_start_instret;

static inline uint64_t exos_rdinstret(void)
{
	uint64_t v;
	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

/* nanosleep (libexos/proc.c): picolibc's <time.h> declares it only
 * under _POSIX_TIMERS, which this target does not define. */
struct timespec;
int nanosleep(const struct timespec *req, struct timespec *rem);

static inline uint64_t exos_rdtime(void)
{
	uint64_t v;
	__asm__ volatile("rdtime %0" : "=r"(v));
	return v;
}

/* Instructions spent in wfi by every hart so far (benchmarks.md). */
uint64_t exos_idle_instret(void);

#endif
