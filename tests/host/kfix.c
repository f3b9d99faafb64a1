/*
 * kfix.c - see kfix.h: the fixture, and the stand-ins for the kernel
 * code the host tests do not build (scheduler, console, init env,
 * printing, the image's linker symbols).
 */
#include <stdarg.h>
#include <stdlib.h>
#include "kfix.h"
#include "console.h"
#include "init_env.h"
#include "kprintf.h"
#include "smp.h"

struct hart harts[MAX_HARTS];
volatile int kernel_panicking;
char _start_image[1], _text_end[1], _rodata_end[1], _end[1];   /* kmap.c's image */
static uint32_t slices[MAX_HARTS][EXOS_NSLICES];
uint32_t (*slice_owner)[EXOS_NSLICES] = slices;
ppn_t slices_ppn;

static struct exos_page page_records[FAKE_RAM_PAGES];
static struct exos_rmap rmap_entries[KFIX_RMAP_MAX] __attribute__((aligned(4096)));
static uint32_t flush_mark;
static bool quiet;   /* the kernel's boot messages are not the test's */
int kfix_kicks;
char kfix_console[4096];
size_t kfix_console_len;

void page_zero(void *page)
{
	memset(page, 0, PAGE_SIZE);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	printf("# ");
	vprintf(fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("FAIL kernel panic: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	abort();
}

void kfix_boot(uint32_t nrmap)
{
	memset(envs, 0, sizeof(envs));
	memset(harts, 0, sizeof(harts));
	memset(slices, 0, sizeof(slices));
	memset(&fake_cpu, 0, sizeof(fake_cpu));
	memset(&fake_mm, 0, sizeof(fake_mm));
	fake_mm.asid_bits = 16;
	kfix_kicks = 0;
	kfix_console_len = 0;
	for (unsigned i = 0; i < 2; i++)
		harts[i] = (struct hart){ .hartid = i, .index = i, .online = 1 };
	pmem_init(page_records, pa_make(FAKE_RAM_BASE), pa_make(FAKE_RAM_BASE + FAKE_RAM_SIZE));
	pmem_add_free(pa_make(FAKE_RAM_BASE), FAKE_RAM_SIZE);
	kinfo_ppn = pmem_alloc(0, EXOS_PAGE_EXPORT);
	kinfo = ppn_to_kva(kinfo_ppn);
	memset(kinfo, 0, PAGE_SIZE);
	pmem.exp_head = &kinfo->free_head;
	pmem.exp_tail = &kinfo->free_tail;
	pmem.exp_nfree = &kinfo->pages_free;
	kinfo->pages_base_ppn = ppn_raw(pmem.base);
	if (nrmap > KFIX_RMAP_MAX)
		nrmap = KFIX_RMAP_MAX;
	rmap_init(rmap_entries, nrmap + 1);
	kernel_root = ppn_to_kva(vm_alloc_table_for(0));
	env_init();
	quiet = true;
	tlb_init(0, 0);
	quiet = false;
	revoke_init(10000000, 0);
}

struct env *kfix_env(void)
{
	struct env *e;

	if (env_alloc(0, 0, &e)) {
		printf("FAIL kfix: no room for an env\n");
		exit(1);
	}
	return e;
}

void kfix_run(struct env *e, unsigned h)
{
	struct hart *hart = &harts[h];

	fake_cpu.hart = h;
	e->hart = (int)h;
	env_set_state(e, EXOS_ENV_RUNNING);
	hart->env = e;
	hart->utf = env_tf(e);
	hart->save_kva = (uint64_t)e->save;
	hart->stlb_only = e->stlb_only;
	env_table[EXOS_ENV_SLOT(e->id)].runs = ++e->runs;
	env_table[EXOS_ENV_SLOT(e->id)].hart = h;
	tlb_switch_to(e);
}

void kfix_unbind(struct env *e)
{
	if (e->hart >= 0)
		harts[e->hart].env = 0;
	e->hart = -1;
}

void kfix_root(struct env *e)
{
	struct exos_cap_name root = cap_name0();

	cap_install(e->caps, EXOS_CAP_ROOT, &root, CAP_RIGHTS, 0);
}

void *kfix_map(struct env *e, vaddr_t va, uint64_t perms)
{
	ppn_t ppn = kfix_page(e);

	if (ppn_is_none(ppn) || bind_install(e, e, va, ppn, perms, EXOS_CAP_PAGES)) {
		printf("FAIL kfix: cannot map a page at %#lx\n", (unsigned long)va_raw(va));
		exit(1);
	}
	return ppn_to_kva(ppn);
}

ppn_t kfix_page(struct env *e)
{
	ppn_t ppn = pmem_alloc(e->id, EXOS_PAGE_USER);

	if (!ppn_is_none(ppn))
		page_zero(ppn_to_kva(ppn));
	return ppn;
}

ppn_t kfix_mega_run(struct env *e)
{
	const uint64_t n = MEGA_SIZE / PAGE_SIZE;

	for (uint64_t first = ALIGN_UP(ppn_raw(pmem.base), n);
	     first + n <= ppn_raw(pmem.base) + pmem.npages; first += n) {
		uint64_t k = 0;
		while (k < n && pmem_page(ppn_make(first + k))->type == EXOS_PAGE_FREE)
			k++;
		if (k < n)
			continue;
		for (k = 0; k < n; k++)
			pmem_alloc_at(ppn_make(first + k), e->id, EXOS_PAGE_USER);
		return ppn_make(first);
	}
	return PPN_NONE;
}

int kfix_invariants(void)
{
	return kcheck_invariants();
}

void kfix_flush_mark(void)
{
	flush_mark = fake_mm.nflush;
}

uint32_t kfix_flushes(void)
{
	return fake_mm.nflush - flush_mark;
}

bool kfix_flushed(uint32_t hartid, vaddr_t va, uint32_t asid)
{
	for (uint32_t i = flush_mark; i < fake_mm.nflush && i < FAKE_FLUSH_LOG; i++) {
		const struct fake_flush *f = &fake_mm.flush[i];
		if (f->hart != hartid)
			continue;
		if (f->kind == FAKE_FLUSH_ALL || (f->kind == FAKE_FLUSH_ASID && f->asid == asid))
			return true;
		if ((f->kind == FAKE_FLUSH_VA || (f->kind == FAKE_FLUSH_VA_ASID && f->asid == asid)) &&
		    va_raw(va) - f->va < (f->size ? f->size : PAGE_SIZE))
			return true;
	}
	return false;
}

/* ---------------------------------------------------------------- stand-ins */

void sched_kick(struct env *e)
{
	(void)e;
	kfix_kicks++;
}

void sched_detach(struct env *e)
{
	for (int h = 0; h < MAX_HARTS; h++)
		for (int p = 0; p < EXOS_NSLICES; p++)
			if (slice_owner[h][p] == e->id)
				slice_owner[h][p] = 0;
	e->nslices = 0;
	kfix_unbind(e);
}

struct env *sched_runnable(struct env *e)
{
	return e && e->state == EXOS_ENV_RUNNABLE ? e : 0;
}

void sched_set_next(struct env *e)
{
	(void)e;
}

void sched_need_resched(void)
{
}

void sched_poke_sleepers(void)
{
}

uint32_t sched_arm_alarm(uint64_t when)
{
	(void)when;
	return 0;
}

long sched_sleep(struct env *e, const struct exos_pred *p, uint64_t deadline)
{
	e->act->pred = *p;
	e->act->wake_at = deadline;
	return 0;
}

uint32_t smp_online_count(void)
{
	return 2;
}

void console_write(const char *s, size_t n)
{
	n = MIN(n, sizeof(kfix_console) - kfix_console_len);
	memcpy(kfix_console + kfix_console_len, s, n);
	kfix_console_len += n;
}

uint32_t console_rx_take(char *buf, uint32_t max)
{
	(void)buf, (void)max;
	return 0;
}

uint32_t init_env_id(void)
{
	return 0;
}

void init_env_exit(int status)
{
	printf("FAIL kfix: init ended with status %d\n", status);
	exit(1);
}

/* kmap.c's vm_init and vm_boot_map walk a board's RAM; the fixture has
 * no board (kfix_boot sets up fake RAM itself) and never calls them. */
int board_each_free_ram(const struct board *b,
			int (*fn)(void *ctx, uint64_t base, uint64_t size), void *ctx)
{
	(void)b, (void)fn, (void)ctx;
	panic("kfix: board_each_free_ram: the fixture has no board");
}
