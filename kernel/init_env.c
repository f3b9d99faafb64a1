/*
 * init_env.c - the init env: load init, the only program the kernel
 * loads, and end the machine when init ends.
 */
#include "init_env.h"
#include "elf.h"
#include "info.h"
#include "kcheck.h"
#include "kprintf.h"
#include "power.h"
#include "tlb.h"
#include "exos/errno.h"

/* The init program, placed in .init_elf by the build. */
extern const uint8_t init_elf_start[], init_elf_end[];

static uint32_t init_id;
static uint64_t free_before_init;

uint32_t init_env_id(void)
{
	return init_id;
}

static uint64_t seg_perms(uint32_t flags)
{
	return ((flags & ELF_SEG_R) ? EXOS_PTE_R : 0) |
	       ((flags & ELF_SEG_W) ? EXOS_PTE_R | EXOS_PTE_W : 0) |
	       ((flags & ELF_SEG_X) ? EXOS_PTE_X : 0);
}

/* A fresh zeroed user page owned by e, mapped at va; NULL without memory. */
static void *map_new_page(struct env *e, uint64_t va, uint64_t perms)
{
	ppn_t ppn;

	return env_map_new_page(e, va_make(va), perms, EXOS_PAGE_USER, &ppn);
}

static int load_segment(struct env *e, const uint8_t *img, const struct elf_seg *s)
{
	uint64_t start = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
	uint64_t end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);

	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		uint8_t *page = map_new_page(e, va, seg_perms(s->flags));
		if (!page)
			return -E_NOMEM;
		/* File bytes that fall in [va, va + PAGE_SIZE). */
		uint64_t lo = MAX(va, s->vaddr), hi = MIN(va + PAGE_SIZE, s->vaddr + s->filesz);
		if (lo < hi)
			memcpy(page + (lo - va), img + s->offset + (lo - s->vaddr), hi - lo);
	}
	return 0;
}

static int load_init(struct env *e, uint64_t *entry)
{
	struct elf_image ei;
	size_t len = (size_t)(init_elf_end - init_elf_start);
	uint64_t stack_lo = EXOS_STACK_TOP - EXOS_STACK_PAGES * PAGE_SIZE;
	int err = elf_check(init_elf_start, len, EXOS_USER_MIN, stack_lo, &ei);

	if (err) {
		kprintf("exos: init: %s\n", elf_strerror(err));
		return -E_NOEXEC;
	}
	for (int i = 0; i < ei.nsegs; i++)
		if ((err = load_segment(e, init_elf_start, &ei.segs[i])))
			return err;
	for (uint64_t va = stack_lo; va < EXOS_STACK_TOP; va += PAGE_SIZE)
		if (!map_new_page(e, va, EXOS_PTE_R | EXOS_PTE_W))
			return -E_NOMEM;
	*entry = ei.entry;
	return 0;
}

void init_env_create(void)
{
	struct env *e;
	uint64_t entry;

	free_before_init = pmem.nfree;
	if (env_alloc(0, EXOS_ENV_F_LEFTOVER, &e) || load_init(e, &entry)) {
		kprintf("exos: cannot start init\n");
		power_off(POWER_PANIC_STATUS);
	}
	struct exos_cap_name root = cap_name0();
	cap_install(e->caps, EXOS_CAP_ROOT, &root, CAP_RIGHTS, 0);
	init_id = e->id;
	env_start(e, va_make(entry), va_make(EXOS_STACK_TOP), 0);
	info_update();
}

/* Whether the kernel command line holds word (test hooks). */
static int boot_flag(const char *word)
{
	size_t n = strlen(word);

	for (const char *p = kinfo->bootargs; *p; p++)
		if ((p == kinfo->bootargs || p[-1] == ' ') && !strncmp(p, word, n) &&
		    (p[n] == 0 || p[n] == ' '))
			return 1;
	return 0;
}

void init_env_exit(int status)
{
	/* kcheck_selftest: break an invariant on purpose, to show the check
	 * catches it. */
	if (boot_flag("kcheck_selftest"))
		pmem_page(env_get(init_id)->save_ppn)->refcnt++;
	int broken = kcheck_invariants();

	if (broken) {
		kprintf("exos: %d kernel invariants broken\n", broken);
		power_off(POWER_PANIC_STATUS);
	}
	tlb_switch_kernel();
	for (int i = 0; i < EXOS_MAX_ENVS; i++)
		if (envs[i].state != EXOS_ENV_FREE && envs[i].id != init_id)
			env_destroy(&envs[i], EXOS_STATUS_DESTROYED);
	env_destroy(env_get(init_id), status);
	if ((broken = kcheck_invariants()) || pmem.nfree != free_before_init) {
		kprintf("exos: %ld pages leaked, %d invariants broken after every env ended\n",
			(long)(free_before_init - pmem.nfree), broken);
		power_off(POWER_PANIC_STATUS);
	}
	kprintf("exos: init exited with status %d\n", status);
	power_off(status);
}
