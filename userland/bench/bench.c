/*
 * bench - the benchmark program make bench runs as init under
 * -icount shift=0 (see shared benchmarks.md).  Each line is
 * "<op_name> <instructions per op>"; busy instructions are
 * instret minus the instret the kernel spent idle in wfi.
 */
#include <stdio.h>
#include "exos/exos.h"

#define WARMUP 1000
#define ITERS 10000

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
	printf("bench: done\n");
	return 0;
}
