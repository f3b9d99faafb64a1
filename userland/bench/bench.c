/*
 * bench - the benchmark program make bench runs as init under
 * -icount shift=0 (see shared benchmarks.md).  Each line is
 * "<op_name> <instructions per op>"; busy instructions are
 * instret minus the instret the kernel spent idle in wfi.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "exos/exos.h"
#include "exos/fs.h"
#include "exos/pages.h"
#include "../tests/testlib.h"

#define WARMUP 1000
#define ITERS 10000

static uint64_t fe_total;

static uint64_t busy_now(void)
{
	return exos_rdinstret() - exos_idle_instret();
}

static void report(const char *name, uint64_t total, uint64_t iters)
{
	uint64_t tenths = (total * 10 + iters / 2) / iters;

	printf("%s %lu.%lu\n", name, (unsigned long)(tenths / 10), (unsigned long)(tenths % 10));
}

static void bench_null_syscall(void)
{
	for (int i = 0; i < WARMUP; i++)
		sys_null();
	uint64_t t0 = busy_now();
	for (int i = 0; i < ITERS; i++)
		sys_null();
	report("null_syscall", busy_now() - t0, ITERS);
}

static int on_ebreak(uint64_t cause, uint64_t tval, uint64_t epc)
{
	(void)tval;
	if (cause != 3)
		return 1;
	exos_save->regs[0] = epc + 4;
	return 0;
}

static void ebreak4(void)
{
	__asm__ volatile(".option push\n.option norvc\nebreak\n.option pop" ::: "memory");
}

/* A user exception to the library's handler and back. */
static void bench_exception_roundtrip(void)
{
	exos_set_exception_handler(on_ebreak);
	for (int i = 0; i < WARMUP; i++)
		ebreak4();
	uint64_t t0 = busy_now();
	for (int i = 0; i < ITERS; i++)
		ebreak4();
	report("exception_roundtrip", busy_now() - t0, ITERS);
	exos_set_exception_handler(0);
}

static struct exos_pct_result echo_server(const long args[6], uint32_t caller, uint32_t kind)
{
	(void)caller, (void)kind;
	return (struct exos_pct_result){ args[0] + 1, 0 };
}

/* Change an FP register (sstatus.FS becomes Dirty): the _fp variants of
 * the switch benchmarks pay for saving and loading FP state. */
static inline void fp_touch(uint64_t v)
{
	__asm__ volatile("fmv.d.x ft0, %0" :: "r"(v) : "ft0");
}

static struct exos_pct_result echo_server_fp(const long args[6], uint32_t caller, uint32_t kind)
{
	(void)caller, (void)kind;
	fp_touch((uint64_t)args[0]);
	return (struct exos_pct_result){ args[0] + 1, 0 };
}

static volatile uint64_t never;

/* arg nonzero: the handler changes FP registers on every call. */
static int pct_server(long arg)
{
	struct exos_pred p = { .nterms = 1 };

	exos_pct_serve(arg ? echo_server_fp : echo_server);
	p.term[0] = (struct exos_pred_term){ (uintptr_t)&never, ~0UL, 1, 8, EXOS_PRED_EQ, 1, { 0 } };
	for (;;)
		sys_sleep_until(&p);
	return 0;
}

static void stop(long id)
{
	sys_env_destroy(exos_cap_find(EXOS_NS_ENV, (uint32_t)id), (uint32_t)id);
}

/* A synchronous protected control transfer to another env and back
 * (fp: both sides change an FP register each time). */
static void bench_pct_roundtrip(const char *name, int fp)
{
	long id = exos_spawn(pct_server, fp, EXOS_ENV_F_LEFTOVER);

	while (exos_envs[EXOS_ENV_SLOT(id)].state != EXOS_ENV_SLEEPING ||
	       !(exos_envs[EXOS_ENV_SLOT(id)].flags & EXOS_ENV_F_ACCEPT_PCT))
		sys_yield(0);
	for (int i = 0; i < WARMUP; i++)
		sys_pct_sync(i, 0, 0, 0, 0, 0, (uint32_t)id);
	uint64_t t0 = busy_now();
	for (int i = 0; i < ITERS; i++) {
		if (fp)
			fp_touch((uint64_t)i);
		sys_pct_sync(i, 0, 0, 0, 0, 0, (uint32_t)id);
	}
	report(name, busy_now() - t0, ITERS);
	stop(id);
}

/* Yields back to partner forever (negative: changing FP registers). */
static int yielder(long partner)
{
	for (uint64_t i = 0;; i++) {
		if (partner < 0)
			fp_touch(i);
		sys_yield((uint32_t)(partner < 0 ? -partner : partner));
	}
	return 0;
}

/* A directed yield to another env and its directed yield back. */
static void bench_yield_roundtrip(const char *name, int fp)
{
	long id = exos_spawn(yielder, fp ? -(long)exos_self : exos_self, 0);

	for (int i = 0; i < WARMUP; i++)
		sys_yield((uint32_t)id);
	uint64_t t0 = busy_now();
	for (int i = 0; i < ITERS; i++) {
		if (fp)
			fp_touch((uint64_t)i);
		sys_yield((uint32_t)id);
	}
	report(name, busy_now() - t0, ITERS);
	stop(id);
}

#define FAULT_PAGES 512

/* First touch of zero-filled memory: fault, a zeroed page from the
 * kernel, install and resume; the page's release is counted in. */
static void bench_page_fault_roundtrip(void)
{
	uint8_t *p = sbrk(FAULT_PAGES * 4096);
	uint64_t t0 = busy_now();

	for (int i = 0; i < FAULT_PAGES; i++)
		p[i * 4096] = 1;
	sbrk(-FAULT_PAGES * 4096);
	report("page_fault_roundtrip", busy_now() - t0, FAULT_PAGES);
}

/* The same miss served from a page the library already owns: the
 * unmapping that causes it is counted in. */
static void bench_page_fault_recycled(void)
{
	uint8_t *p = sbrk(FAULT_PAGES * 4096);
	uintptr_t off = (uintptr_t)p - EXOS_HEAP_VA;

	for (int i = 0; i < FAULT_PAGES; i++)
		p[i * 4096] = 1;
	uint64_t t0 = busy_now();
	for (int round = 0; round < 4; round++) {
		exos_heap_unmap(off, off + FAULT_PAGES * 4096);
		for (int i = 0; i < FAULT_PAGES; i++)
			p[i * 4096] = 2;
	}
	report("page_fault_recycled", busy_now() - t0, 4 * FAULT_PAGES);
	sbrk(-FAULT_PAGES * 4096);
}

/* First touches the library serves from its spare pool: the heap grows
 * by 64 pages, each is touched, and it shrinks again, which zeroes the
 * pages and puts them back in the pool (counted in). */
static void bench_page_fault_spare(void)
{
	const int n = 64, rounds = 16;

	sbrk((ptrdiff_t)((4096 - exos_heap_size() % 4096) % 4096));
	for (int r = 0; r <= rounds; r++) {
		uint64_t t0 = busy_now();
		uint8_t *p = sbrk(n * 4096);
		for (int i = 0; i < n; i++)
			p[i * 4096] = 1;
		sbrk(-n * 4096);
		fe_total += r ? busy_now() - t0 : 0;   /* the first fills the pool */
	}
	report("page_fault_spare", fe_total, (uint64_t)rounds * n);
	fe_total = 0;
}

#define PROT_VA 0x1100000000UL

static int unprotect(uint64_t cause, uint64_t tval, uint64_t epc)
{
	(void)cause, (void)tval, (void)epc;
	sys_pte_protect_resume(EXOS_CAP_SELF, exos_self, PROT_VA, EXOS_PTE_R | EXOS_PTE_W,
			       EXOS_CAP_PAGES);
	return 1;
}

/* Appel-Li: store to a read-only page, the handler makes it writable and
 * resumes; the re-protection for the next round is counted in. */
static void bench_user_fault_handler(void)
{
	long ppn = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
	volatile uint64_t *w = (volatile uint64_t *)PROT_VA;

	sys_pte_install(EXOS_CAP_SELF, exos_self, PROT_VA, (unsigned long)ppn, EXOS_PTE_R,
			EXOS_CAP_PAGES);
	exos_set_fault_handler(unprotect);
	for (int i = 0; i < WARMUP; i++) {
		*w = 1;
		sys_pte_protect(EXOS_CAP_SELF, exos_self, PROT_VA, EXOS_PTE_R, EXOS_CAP_PAGES);
	}
	uint64_t t0 = busy_now();
	for (int i = 0; i < ITERS; i++) {
		*w = 1;
		sys_pte_protect(EXOS_CAP_SELF, exos_self, PROT_VA, EXOS_PTE_R, EXOS_CAP_PAGES);
	}
	report("user_fault_handler", busy_now() - t0, ITERS);
	exos_set_fault_handler(0);
	sys_pte_remove(EXOS_CAP_SELF, exos_self, PROT_VA);
	sys_page_free(EXOS_CAP_PAGES, (unsigned long)ppn);
}

/* A translation miss the kernel's STLB serves (after it dropped the
 * page tables; the drop is counted in). */
static void bench_stlb_refill(void)
{
	const int n = 200, rounds = 20;
	uint8_t *p = sbrk(n * 4096);

	for (int i = 0; i < n; i++)
		p[i * 4096] = 1;
	uint64_t t0 = busy_now();
	for (int r = 0; r < rounds; r++) {
		sys_tables_drop(EXOS_CAP_SELF, exos_self);
		for (int i = 0; i < n; i++)
			p[i * 4096] = 2;
	}
	report("stlb_refill", busy_now() - t0, (uint64_t)rounds * n);
	sbrk(-n * 4096);
}

/* One byte each way over two pipes between two processes. */
static void bench_pipe_pingpong(void)
{
	char *argv[] = { "pong", 0 }, c = 'x';
	int to[2], from[2];
	const int n = 2000;

	if (!exos_info->initrd_size || pipe(to) || pipe(from))
		return;
	int map[3] = { to[0], from[1], 2 };
	long id = exos_spawn_program_fds("/exos/pong", argv, map);
	close(to[0]);
	close(from[1]);
	for (int i = 0; i < 50; i++) {
		write(to[1], &c, 1);
		read(from[0], &c, 1);
	}
	uint64_t t0 = busy_now();
	for (int i = 0; i < n; i++) {
		write(to[1], &c, 1);
		read(from[0], &c, 1);
	}
	report("pipe_pingpong", busy_now() - t0, n);
	close(to[1]);
	close(from[0]);
	exos_wait((uint32_t)id, 0);
	exos_pipe_reap();
}

/* fork, the child execs a trivial program from the boot archive, the
 * parent waits; and the same with the library's one-step spawn. */
static void bench_fork_exec_wait(void)
{
	char *argv[] = { "true", 0 };
	const int n = 50;

	if (!exos_info->initrd_size)
		return;
	for (int i = 0; i <= n; i++) {
		uint64_t t0 = busy_now();
		pid_t pid = fork();
		if (pid == 0) {
			execv("/exos/t_exit42", argv);
			_exit(127);
		}
		waitpid(pid, 0, 0);
		fe_total += i ? busy_now() - t0 : 0;   /* the first warms up */
	}
	report("fork_exec_wait", fe_total, n);
	exos_wait((uint32_t)exos_spawn_program("/exos/t_exit42", argv), 0);
	uint64_t t0 = busy_now();
	for (int i = 0; i < n; i++)
		exos_wait((uint32_t)exos_spawn_program("/exos/t_exit42", argv), 0);
	report("spawn_exit_wait", busy_now() - t0, n);
}

/* A signal to oneself with a handler: raise posts the notification,
 * the kernel delivers it on the way back, the handler runs on our stack
 * and returns through the trampoline (libexos/signal.c). */
static volatile int sig_hits;

static void on_usr1(int sig)
{
	(void)sig;
	sig_hits++;
}

static void bench_signal_roundtrip(void)
{
	struct sigaction a = { 0 };

	a.sa_handler = on_usr1;
	sigaction(SIGUSR1, &a, 0);
	for (int i = 0; i < 100; i++)
		raise(SIGUSR1);
	uint64_t t0 = busy_now();
	for (int i = 0; i < ITERS; i++)
		raise(SIGUSR1);
	uint64_t t = busy_now() - t0;
	if (sig_hits != ITERS + 100) {
		printf("bench: signal_roundtrip ran %d handlers of %d\n", sig_hits, ITERS + 100);
		return;
	}
	report("signal_roundtrip", t, ITERS);
}

/* fork, exec and wait of BusyBox's true (benchmarks.md, busybox_true). */
static void bench_busybox_true(void)
{
	char *argv[] = { "true", 0 };
	const int n = 20;
	uint64_t total = 0;

	if (!exos_info->initrd_size)
		return;
	for (int i = 0; i <= n; i++) {
		uint64_t t0 = busy_now();
		pid_t pid = fork();
		if (pid == 0) {
			execv("/bin/true", argv);
			_exit(127);
		}
		waitpid(pid, 0, 0);
		total += i ? busy_now() - t0 : 0;   /* the first warms up */
	}
	report("busybox_true", total, n);
}

/* BusyBox's sh running the shell_script workload (benchmarks.md): its
 * output must be exactly shell_script.expected, checked on every run. */
static void bench_shell_script(void)
{
	char *argv[] = { "sh", "/exos/shell_script.sh", 0 };
	static char out[4096], want[4096];
	const int n = 3;
	uint64_t total = 0;
	int fd = open("/exos/shell_script.expected", O_RDONLY);
	ssize_t wn = fd < 0 ? -1 : read(fd, want, sizeof(want));

	if (fd >= 0)
		close(fd);
	if (wn <= 0)
		return;
	for (int i = 0; i <= n; i++) {
		int status = -1;
		uint64_t t0 = busy_now();
		size_t got = exec_capture("/bin/sh", argv, 0, out, sizeof(out), &status);
		total += i ? busy_now() - t0 : 0;
		if (status != 0 || got != (size_t)wn || memcmp(out, want, got)) {
			printf("bench: shell_script run %d: status %d, output differs from "
			       "shell_script.expected (%zu bytes, want %zd)\n", i, status, got, wn);
			return;
		}
	}
	report("shell_script", total, n);
}

/* /tmp's operations (benchmarks.md, small_file_create_delete): create a
 * file, write 1 KiB, close, unlink; and one lseek, the cheapest
 * operation under /tmp's lock (libexos/ramfs.c: a robust section over a
 * software region). */
static void bench_small_file(void)
{
	static char kib[1024];
	const int n = 200;
	uint64_t total = 0;

	if (exos_fs_init())
		return;
	for (int i = 0; i <= n; i++) {
		uint64_t t0 = busy_now();
		int fd = open("/tmp/bench", O_WRONLY | O_CREAT | O_TRUNC, 0666);
		write(fd, kib, sizeof(kib));
		close(fd);
		unlink("/tmp/bench");
		total += i ? busy_now() - t0 : 0;   /* the first warms up */
	}
	report("small_file_create_delete", total, n);
	int fd = open("/tmp/bench", O_RDWR | O_CREAT | O_TRUNC, 0666);
	lseek(fd, 0, SEEK_SET);
	uint64_t t0 = busy_now();
	for (int i = 0; i < n; i++)
		lseek(fd, i, SEEK_SET);
	report("tmp_lseek", busy_now() - t0, n);
	close(fd);
	unlink("/tmp/bench");
}

/* fork, the child exits at once, the parent waits: the library OS's
 * copy-on-write fork (libexos/fork.c), memory returned each time. */
static void bench_fork_exit_wait(void)
{
	const int n = 50;

	for (int i = 0; i < n / 5; i++)
		if (fork() == 0)
			_exit(0);
		else
			wait(0);
	uint64_t t0 = busy_now();
	for (int i = 0; i < n; i++)
		if (fork() == 0)
			_exit(0);
		else
			wait(0);
	report("fork_exit_wait", busy_now() - t0, n);
}

/* Installing pages with pte_install_batch, per page. */
static void bench_pte_install_batch(void)
{
	static struct exos_pte_entry b[EXOS_PTE_BATCH_MAX];
	const int rounds = 64;

	for (int i = 0; i < EXOS_PTE_BATCH_MAX; i++)
		b[i] = (struct exos_pte_entry){ PROT_VA + i * 4096UL,
						(uint64_t)sys_page_alloc(EXOS_CAP_PAGES, 0, 0),
						EXOS_PTE_R | EXOS_PTE_W };
	uint64_t total = 0;
	for (int r = 0; r < rounds; r++) {
		uint64_t t0 = busy_now();
		sys_pte_install_batch(EXOS_CAP_SELF, exos_self, b, EXOS_PTE_BATCH_MAX, EXOS_CAP_PAGES);
		total += busy_now() - t0;
		for (int i = 0; i < EXOS_PTE_BATCH_MAX; i++)
			sys_pte_remove(EXOS_CAP_SELF, exos_self, b[i].va);
	}
	report("pte_install_batch", total, rounds * EXOS_PTE_BATCH_MAX);
	for (int i = 0; i < EXOS_PTE_BATCH_MAX; i++)
		sys_page_free(EXOS_CAP_PAGES, b[i].ppn);
}

int main(void)
{
	/* Idle instret is zero before init on one hart except for the
	 * kernel's timer self-test wait; take it off the boot figure. */
	uint64_t boot = __exos_start_instret - exos_idle_instret();

	if (!exos_info->counters_ok) {
		printf("bench: cycle/instret counters are not readable here; no figures\n");
		return 1;
	}
	printf("bench: start\n");
	report("boot_to_init", boot, 1);
	report("boot_firmware", exos_info->kernel_entry_instret, 1);
	report("boot_kernel_to_init", boot - exos_info->kernel_entry_instret, 1);
	bench_null_syscall();
	bench_exception_roundtrip();
	bench_pct_roundtrip("pct_roundtrip", 0);
	bench_yield_roundtrip("yield_roundtrip", 0);
	bench_pct_roundtrip("pct_roundtrip_fp", 1);
	bench_yield_roundtrip("yield_roundtrip_fp", 1);
	bench_page_fault_roundtrip();
	bench_page_fault_recycled();
	bench_page_fault_spare();
	bench_user_fault_handler();
	bench_pte_install_batch();
	bench_stlb_refill();
	bench_pipe_pingpong();
	bench_fork_exit_wait();
	bench_signal_roundtrip();
	bench_busybox_true();
	bench_shell_script();
	bench_fork_exec_wait();
	bench_small_file();   /* last: the file system it makes changes what fork passes on */
	printf("bench: done\n");
	return 0;
}
