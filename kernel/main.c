/*
 * main.c - the boot hart's path from the first C code to init.
 */
#include "board.h"
#include "console.h"
#include "device.h"
#include "fdt.h"
#include "info.h"
#include "kprintf.h"
#include "pmem.h"
#include "rmap.h"
#include "revoke.h"
#include "sched.h"
#include "power.h"
#include "smp.h"
#include "tlb.h"
#include "spinlock.h"
#include "init_env.h"
#include "vm.h"
#include "kentry.h"
#include "arch/cpu.h"
#include "arch/plic.h"
#include "arch/trap.h"

/* Exit status for a boot that cannot continue (bad DT, no memory). */
#define BOOT_FAIL_STATUS 2
/* A DTB larger than this is refused as garbage. */
#define DTB_MAX (1UL << 20)

extern char _start[], _end[], boot_stack_top[];
extern volatile uint64_t timer_ticks;

static struct board board;
static uint64_t dtb_pa, dtb_size;

static __attribute__((noreturn)) void boot_fail(const char *what)
{
	kprintf("exos: boot failed: %s\n", what);
	power_off(BOOT_FAIL_STATUS);
}

static int bootarg(const char *word)
{
	size_t n = strlen(word);

	for (const char *p = board.bootargs; *p; p++)
		if ((p == board.bootargs || p[-1] == ' ') && !strncmp(p, word, n) &&
		    (p[n] == 0 || p[n] == ' '))
			return 1;
	return 0;
}

/* The decimal number after word (e.g. "grace_ms=") on the kernel
 * command line, or 0. */
static uint32_t bootarg_number(const char *word)
{
	size_t n = strlen(word);
	uint32_t v = 0;

	for (const char *p = board.bootargs; *p; p++) {
		if ((p != board.bootargs && p[-1] != ' ') || strncmp(p, word, n))
			continue;
		for (p += n; *p >= '0' && *p <= '9' && v < 100000; p++)
			v = v * 10 + (uint32_t)(*p - '0');
		return v;
	}
	return 0;
}

/* Parse the DT.  The test hooks dtbtest=truncate and dtbtest=garble
 * re-parse a damaged copy to exercise the boot-time error path; the
 * power-off device found in the intact tree stays in use, so the test
 * sees the failure status.  (With a really broken DT the kernel can
 * only ask the firmware, which OpenSBI 1.1 reports as a clean shutdown.) */
static void parse_dt(void *dtb)
{
	static uint8_t garbled[65536];
	int err;

	dtb_size = fdt_blob_size(dtb);
	if (dtb_size > DTB_MAX)
		boot_fail("device tree: header claims more than 1 MiB (garbled?)");
	if ((err = board_parse(&board, dtb, dtb_size))) {
		/* A tree that names QEMU's exit device gets the failure status
		 * through it (mapped for that alone); otherwise the firmware. */
		if (board_parse_testdev(&board, dtb, dtb_size) == 0 && board.testdev.base &&
		    arch_boot_map(pa_make(board.testdev.base), PAGE_SIZE) == 0) {
			arch_tlb_flush_all();
			power_init(&board);
		}
		boot_fail(board.err);
	}
	if (vm_boot_map(&board))
		boot_fail("boot page table: no room to map RAM, console and exit device "
			  "(too many reserved ranges?)");
	power_init(&board);
	if (bootarg("dtbtest=truncate") && board_parse(&board, dtb, dtb_size / 2))
		boot_fail(board.err);
	if (bootarg("dtbtest=garble") && dtb_size <= sizeof(garbled)) {
		/* Overwrite the first tokens of the structure block. */
		const uint8_t *off = (const uint8_t *)dtb + 8;
		uint32_t sb = (uint32_t)off[0] << 24 | off[1] << 16 | off[2] << 8 | off[3];
		memcpy(garbled, dtb, dtb_size);
		memset(garbled + MIN(sb, dtb_size - 16), 0xee, 16);
		if (board_parse(&board, garbled, dtb_size))
			boot_fail(board.err);
	}
}

static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* A page-aligned physical range of size bytes in RAM that holds nothing
 * yet: not reserved, not the kernel, the DTB or the initrd. */
static uint64_t find_free_ram(uint64_t size, uint64_t kpa, uint64_t ksize)
{
	for (int m = 0; m < board.nmem; m++) {
		uint64_t pos = ALIGN_UP(board.mem[m].base, PAGE_SIZE);
		uint64_t end = board.mem[m].base + board.mem[m].size;
		while (pos + size <= end) {
			uint64_t next = 0;
			if (overlaps(pos, size, kpa, ksize))
				next = kpa + ksize;
			else if (overlaps(pos, size, dtb_pa, dtb_size))
				next = dtb_pa + dtb_size;
			else if (overlaps(pos, size, board.initrd.base, board.initrd.size))
				next = board.initrd.base + board.initrd.size;
			for (int i = 0; !next && i < board.nrsv; i++)
				if (overlaps(pos, size, board.rsv[i].base, board.rsv[i].size))
					next = board.rsv[i].base + board.rsv[i].size;
			if (!next)
				return pos;
			pos = ALIGN_UP(next, PAGE_SIZE);
		}
	}
	return 0;
}

/* Where rmap_init puts the inverse-mapping pool: after the page table,
 * in the same run of RAM. */
static uint64_t rmap_pa;
static uint32_t rmap_n;

static void pmem_setup(void)
{
	uint64_t lo = ALIGN_DOWN(board.mem[0].base, PAGE_SIZE);
	uint64_t hi = 0, kpa = pa_raw(arch_kva_to_pa(_start)), ksize = (uint64_t)(_end - _start);

	for (int i = 0; i < board.nmem; i++)
		hi = MAX(hi, ALIGN_DOWN(board.mem[i].base + board.mem[i].size, PAGE_SIZE));
	uint64_t tbytes = ALIGN_UP(pmem_table_bytes(pa_make(lo), pa_make(hi)), PAGE_SIZE);
	if (tbytes > EXOS_RMAP_VA - EXOS_PAGES_VA)
		boot_fail("the RAM span is too large for the exported page table");
	rmap_n = rmap_size((hi - lo) >> PAGE_SHIFT, bootarg_number("rmap_entries="));
	uint64_t rbytes = ALIGN_UP((uint64_t)rmap_n * sizeof(struct exos_rmap), PAGE_SIZE);
	uint64_t tpa = find_free_ram(tbytes + rbytes, kpa, ksize);
	if (!tpa)
		boot_fail("no room in RAM for the page table");
	rmap_pa = tpa + tbytes;
	pmem_init(arch_pa_to_kva(pa_make(tpa)), pa_make(lo), pa_make(hi));
	for (int i = 0; i < board.nmem; i++)
		pmem_add_free(pa_make(board.mem[i].base), board.mem[i].size);
	for (int i = 0; i < board.nrsv; i++)
		pmem_reserve(pa_make(board.rsv[i].base), board.rsv[i].size, EXOS_PAGE_NONE);
	pmem_reserve(pa_make(kpa), ksize, EXOS_PAGE_KERNEL);
	pmem_reserve(pa_make(tpa), tbytes + rbytes, EXOS_PAGE_KERNEL);
	pmem_reserve(pa_make(dtb_pa), dtb_size, EXOS_PAGE_BOOT);
	pmem_reserve(pa_make(board.initrd.base), board.initrd.size, EXOS_PAGE_BOOT);
}

/* Which seed material the firmware gave (board.c parse_seeds): what
 * getentropy in every program is keyed from. */
static void banner_entropy(void)
{
	kprintf("  entropy  ");
	if (board.rng_seed_bytes)
		kprintf("/chosen/rng-seed (%u bytes)%s", board.rng_seed_bytes,
			board.kaslr_seed_bytes ? ", " : "");
	if (board.kaslr_seed_bytes)
		kprintf("/chosen/kaslr-seed (%u bytes)", board.kaslr_seed_bytes);
	if (!board.rng_seed_len)
		kprintf("none: no /chosen/rng-seed or kaslr-seed, getentropy fails");
	kprintf("\n");
}

/* What the device tree says (each device's probe adds a line of its own). */
static void banner(void)
{
	const struct device *cons = &board.dev[board.console];

	kprintf("exos: exokernel booting on hart %u%s%s\n", harts[0].hartid,
		board.model[0] ? ", " : "", board.model);
	for (int i = 0; i < board.nmem; i++)
		kprintf("  memory   [%lx-%lx) %lu MiB\n", board.mem[i].base,
			board.mem[i].base + board.mem[i].size, board.mem[i].size >> 20);
	for (int i = 0; i < board.nrsv; i++)
		kprintf("  reserved [%lx-%lx)\n", board.rsv[i].base,
			board.rsv[i].base + board.rsv[i].size);
	kprintf("  pages    %lu free of %lu\n", pmem.nfree, pmem.npages);
	for (int i = 0; i < board.nharts; i++) {
		const struct board_hart *h = &board.harts[i];
		kprintf("  hart %u   %s %s%s%s, plic context %d\n", h->hartid, h->isa,
			h->mmu[0] ? h->mmu : "no-mmu", h->has_sstc ? ", sstc" : "",
			h->usable ? "" : " (not used)", h->plic_ctx);
	}
	kprintf("  timebase %lu Hz, timer via %s\n", board.timebase_hz,
		arch_timer_uses_sstc() ? "sstc" : "sbi");
	kprintf("  console  %s %s at %lx irq %u\n", cons->path, cons->match->compatible,
		cons->base, cons->irq);
	if (board.plic.size)
		kprintf("  plic     %lx, %u sources\n", board.plic.base, board.plic.ndev);
	if (board.initrd.size)
		kprintf("  initrd   [%lx-%lx) %lu KiB\n", board.initrd.base,
			board.initrd.base + board.initrd.size, board.initrd.size >> 10);
	banner_entropy();
}

static const struct board_hart *boot_board_hart(uint32_t hartid)
{
	for (int i = 0; i < board.nharts; i++)
		if (board.harts[i].hartid == hartid && board.harts[i].usable)
			return &board.harts[i];
	boot_fail("the boot hart is not a usable hart in the device tree");
}

/* Check that the timer interrupt arrives (1 ms ahead). */
static void timer_selftest(void)
{
	uint64_t before = timer_ticks;

	arch_timer_set(arch_time() + board.timebase_hz / 1000);
	while (timer_ticks == before)
		smp_wait_irq();
}

/* dtbtest/kfault: a deliberate kernel fault, to test the fault report. */
static __attribute__((noinline)) void kernel_test_fault(void)
{
	volatile uint64_t *volatile bad = (volatile uint64_t *)0x10;

	*bad = 1;
}

void kernel_main(uint64_t hartid, uint64_t dtb)
{
	struct hart *h = &harts[0];
	uint64_t entry_instret;

	h->hartid = (uint32_t)hartid;
	h->kernel_sp = (uint64_t)boot_stack_top;
	h->utf = &h->idle_frame;
	trap_init_hart();
	arch_counters_probe(&entry_instret);   /* may trap: after trap_init_hart */
	dtb_pa = dtb;
	parse_dt(arch_pa_to_kva(pa_make(dtb)));
	const struct board_hart *bh = boot_board_hart(h->hartid);
	h->plic_ctx = bh->plic_ctx;
	h->online = 1;
	if (console_init(&board))
		boot_fail("console: the UART did not come up");
	pmem_setup();
	vm_init(&board);
	info_init(&board);
	rmap_init(arch_pa_to_kva(pa_make(rmap_pa)), rmap_n);
	kinfo->boot_hart = h->hartid;
	kinfo->kernel_entry_instret = entry_instret;
	arch_timer_init(bh->has_sstc);
	arch_counters_enable();
	kinfo->counters_ok = arch_counters_open();
	banner();
	device_probe_all(&board);
	if (board.plic.size) {
		plic_init(arch_pa_to_kva(pa_make(board.plic.base)), board.plic.ndev);
		if (h->plic_ctx >= 0 && device_route_irqs((uint32_t)h->plic_ctx))
			arch_irq_enable_devices();
	}
	smp_start(&board);
	timer_selftest();
	kprintf("exos: %u harts online, timer ok, %lu pages free\n", smp_online, pmem.nfree);
	tlb_init(bootarg("noasid"), bootarg_number("asid_bits="));
	if (bootarg("kfault"))
		kernel_test_fault();
	env_init();
	sched_init(board.timebase_hz, bootarg_number("grace_ms="));
	env_export_pages(pa_make(board.initrd.base), board.initrd.size);
	rmap_export();
	revoke_init(board.timebase_hz, bootarg_number("revoke_ms="));
	kernel_lock();
	init_env_create();
	kernel_unlock();
	sched_running = 1;
	sched_start();
}
