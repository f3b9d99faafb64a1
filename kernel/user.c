/*
 * user.c - load and run init.
 */
#include "user.h"
#include "elf.h"
#include "info.h"
#include "kprintf.h"
#include "power.h"
#include "exos/errno.h"
#include "exos/layout.h"
#include "../arch/riscv/csr.h"
#include "../arch/riscv/trap.h"

/* The init program, placed in .init_elf by the build (build/gen/init_elf.S). */
extern const uint8_t init_elf_start[], init_elf_end[];

static struct uspace init_us;
static uint64_t free_before_init;

struct uspace *user_current(void)
{
	return &init_us;
}

static uint64_t seg_perms(uint32_t flags)
{
	return ((flags & ELF_SEG_R) ? PTE_R : 0) | ((flags & ELF_SEG_W) ? PTE_R | PTE_W : 0) |
	       ((flags & ELF_SEG_X) ? PTE_X : 0);
}

/* A fresh zeroed user page mapped at va; 0 or -E_NOMEM. */
static int map_new_page(uint64_t va, uint64_t perms, void **kva)
{
	ppn_t ppn = pmem_alloc(INIT_ENV_ID, EXOS_PAGE_USER);

	if (ppn == PPN_NONE)
		return -E_NOMEM;
	*kva = pa_to_kva(ppn << PAGE_SHIFT);
	memset(*kva, 0, PAGE_SIZE);
	if (uspace_map(&init_us, va, ppn << PAGE_SHIFT, perms)) {
		pmem_free(ppn);
		return -E_NOMEM;
	}
	return 0;
}

static int load_segment(const uint8_t *img, const struct elf_seg *s)
{
	uint64_t start = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
	uint64_t end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);

	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		void *page;
		int err = map_new_page(va, seg_perms(s->flags), &page);
		if (err)
			return err;
		/* File bytes that fall in [va, va + PAGE_SIZE). */
		uint64_t lo = MAX(va, s->vaddr), hi = MIN(va + PAGE_SIZE, s->vaddr + s->filesz);
		if (lo < hi)
			memcpy((uint8_t *)page + (lo - va), img + s->offset + (lo - s->vaddr), hi - lo);
	}
	return 0;
}

static int load_init(uint64_t *entry)
{
	struct elf_image ei;
	size_t len = (size_t)(init_elf_end - init_elf_start);
	uint64_t stack_lo = EXOS_STACK_TOP - EXOS_STACK_PAGES * PAGE_SIZE;
	int err = elf_check(init_elf_start, len, EXOS_USER_MIN, stack_lo, &ei);
	void *page;

	if (err) {
		kprintf("exos: init: %s\n", elf_strerror(err));
		return -E_NOEXEC;
	}
	for (int i = 0; i < ei.nsegs; i++)
		if ((err = load_segment(init_elf_start, &ei.segs[i])))
			return err;
	for (uint64_t va = stack_lo; va < EXOS_STACK_TOP; va += PAGE_SIZE)
		if ((err = map_new_page(va, PTE_R | PTE_W, &page)))
			return err;
	if (uspace_map(&init_us, EXOS_INFO_VA, kinfo_ppn << PAGE_SHIFT, PTE_R))
		return -E_NOMEM;
	*entry = ei.entry;
	return 0;
}

void user_run_init(void)
{
	struct hart *h = this_hart();
	struct trapframe *tf = &h->user_frame;
	uint64_t entry;

	free_before_init = pmem.nfree;
	if (uspace_create(&init_us, INIT_ENV_ID) || load_init(&entry)) {
		kprintf("exos: cannot start init\n");
		power_off(POWER_PANIC_STATUS);
	}
	info_update();
	memset(tf, 0, sizeof(*tf));
	tf->regs[0] = entry;
	tf->regs[2] = EXOS_STACK_TOP;
	tf->regs[12] = EXOS_INFO_VA;  /* a2 */
	tf->sstatus = (csr_read(sstatus) & ~(SSTATUS_SPP | SSTATUS_SIE | SSTATUS_FS)) |
		      SSTATUS_SPIE | SSTATUS_FS_INITIAL;
	h->utf = tf;
	csr_write(satp, uspace_satp(&init_us));
	sfence_vma_all();
	user_return(tf);
}

void user_exit(int status)
{
	csr_write(satp, vm_kernel_satp());
	sfence_vma_all();
	uspace_destroy(&init_us);
	if (pmem.nfree != free_before_init) {
		kprintf("exos: init leaked %ld pages\n", (long)(free_before_init - pmem.nfree));
		power_off(POWER_PANIC_STATUS);
	}
	kprintf("exos: init exited with status %d\n", status);
	power_off(status);
}
