/*
 * vm.c - the kernel page table and user address spaces.
 */
#include "vm.h"
#include "kprintf.h"
#include "exos/errno.h"
#include "exos/layout.h"
#include "../arch/riscv/csr.h"

extern char _start[], _text_end[], _rodata_end[], _end[];

pte_t *kernel_root;

paddr_t vm_alloc_table_for(uint32_t owner)
{
	ppn_t ppn = pmem_alloc(owner, EXOS_PAGE_PT);

	if (ppn == PPN_NONE)
		return 0;
	page_zero(pa_to_kva(ppn << PAGE_SHIFT));
	pmem_page(ppn)->pt_groups = 0;
	return ppn << PAGE_SHIFT;
}

/* Note in va's table which group of eight entries it now uses (the
 * table page's pt_groups), and in the tables above it when some were
 * just made, so that freeing a space visits only those groups instead
 * of all 512 entries of every table.  leaf_table: the last-level table
 * sv39_map_page returned. */
static void mark_table(const pte_t *table, uint64_t va, int level)
{
	/* A table page is in the span: no bounds check. */
	pmem.pages[(kva_to_pa(table) >> PAGE_SHIFT) - pmem.base].pt_groups |=
		1UL << (VPN(va, level) / 8);
}

void uspace_mark(struct uspace *us, uint64_t va, const pte_t *leaf_table, int new_tables)
{
	pte_t *t = us->root;

	if (!new_tables) {
		mark_table(leaf_table, va, 0);
		return;
	}
	for (int level = 2; level >= 0; level--) {
		mark_table(t, va, level);
		pte_t e = t[VPN(va, level)];
		if (!(e & PTE_V) || pte_is_leaf(e))
			return;
		t = pa_to_kva(pte_pa(e));
	}
}

/* pt_alloc_fn: a table page charged to the struct uspace in ctx, or to
 * the kernel when ctx is NULL. */
static paddr_t table_alloc(void *ctx)
{
	struct uspace *us = ctx;

	if (us)
		us->tables_made++;
	return vm_alloc_table_for(us ? us->owner : 0);
}

static void kmap(uint64_t va, paddr_t pa, uint64_t size, uint64_t flags, int big)
{
	if (sv39_map(kernel_root, va, pa, size, flags, big, table_alloc, 0))
		panic("vm: cannot map %p -> %lx (+%lx): out of memory or overlap",
		      (void *)va, (unsigned long)pa, (unsigned long)size);
}

/* Map RAM range r into the direct map, minus every reserved range. */
static void map_ram_range(const struct board *b, struct board_range r)
{
	uint64_t pos = r.base, end = r.base + r.size;

	for (int i = 0; i < b->nrsv && pos < end; i++) {
		uint64_t rs = ALIGN_DOWN(b->rsv[i].base, PAGE_SIZE);
		uint64_t re = ALIGN_UP(b->rsv[i].base + b->rsv[i].size, PAGE_SIZE);
		if (re <= pos || rs >= end)
			continue;
		if (rs > pos)
			kmap(DIRECT_MAP_BASE + pos, pos, rs - pos, PTE_KERN_RW, 1);
		pos = re;
	}
	if (pos < end)
		kmap(DIRECT_MAP_BASE + pos, pos, end - pos, PTE_KERN_RW, 1);
}

static void map_device(uint64_t base, uint64_t size)
{
	if (size == 0)
		return;
	uint64_t lo = ALIGN_DOWN(base, PAGE_SIZE), hi = ALIGN_UP(base + size, PAGE_SIZE);
	kmap(DIRECT_MAP_BASE + lo, lo, hi - lo, PTE_KERN_RW, 0);
}

static void map_image(void)
{
	uint64_t text = (uint64_t)_start, rodata = (uint64_t)_text_end;
	uint64_t data = (uint64_t)_rodata_end, end = (uint64_t)_end;

	kmap(text, kva_to_pa(_start), rodata - text, PTE_KERN_RX, 0);
	kmap(rodata, kva_to_pa(_text_end), data - rodata, PTE_KERN_RO, 0);
	kmap(data, kva_to_pa(_rodata_end), end - data, PTE_KERN_RW, 0);
}

void vm_init(const struct board *b)
{
	kernel_root = pa_to_kva(table_alloc(0));
	if (!kva_to_pa(kernel_root))
		panic("vm: no page for the kernel root table");
	for (int i = 0; i < b->nmem; i++)
		map_ram_range(b, b->mem[i]);
	map_image();
	map_device(b->uart.base, b->uart.size);
	map_device(b->plic.base, b->plic.size);
	map_device(b->testdev.base, b->testdev.base ? PAGE_SIZE : 0);
	map_device(b->rtc.base, b->rtc.size);
	for (int i = 0; i < b->nvirtio; i++)
		map_device(b->virtio[i].base, b->virtio[i].size);
	csr_write(satp, vm_kernel_satp());
	sfence_vma_all();
}

uint64_t vm_kernel_satp(void)
{
	return SATP_MODE_SV39 | (kva_to_pa(kernel_root) >> PAGE_SHIFT);
}

/* A root table used only to build the export subtree; its slot for
 * EXOS_EXPORT_VA is copied into every address space. */
static pte_t *export_root;

void vm_export(uint64_t va, paddr_t pa, uint64_t size)
{
	if (!export_root) {
		paddr_t root = table_alloc(0);
		if (!root)
			panic("vm: no page for the export table");
		export_root = pa_to_kva(root);
	}
	if (va < EXOS_EXPORT_VA || va + size > EXOS_EXPORT_END ||
	    sv39_map(export_root, va, pa, ALIGN_UP(size, PAGE_SIZE),
		     PTE_V | PTE_R | PTE_U | PTE_A, 0, table_alloc, 0))
		panic("vm: cannot export [%lx +%lx) at %p", (unsigned long)pa,
		      (unsigned long)size, (void *)va);
}

int uspace_create(struct uspace *us, uint32_t owner)
{
	paddr_t pa = vm_alloc_table_for(owner);

	if (!pa)
		return -E_NOMEM;
	us->root = pa_to_kva(pa);
	us->owner = owner;
	us->satp = SATP_MODE_SV39 | (pa >> PAGE_SHIFT);
	/* The kernel half: root slots 256-511 are shared, never changed after boot. */
	memcpy(us->root + 256, kernel_root + 256, 256 * sizeof(pte_t));
	if (export_root)
		us->root[VPN(EXOS_EXPORT_VA, 2)] = export_root[VPN(EXOS_EXPORT_VA, 2)];
	return 0;
}

uint64_t uspace_pte_flags(uint64_t perms)
{
	return perms | PTE_V | PTE_U | PTE_A | ((perms & PTE_W) ? PTE_D : 0);
}

int uspace_map(struct uspace *us, uint64_t va, paddr_t pa, uint64_t flags)
{
	uint64_t f = uspace_pte_flags(flags);

	uint32_t made = us->tables_made;

	pte_t *leaf_table = sv39_map_page(us->root, va, pa, f, table_alloc, us);

	if (!leaf_table)
		return -E_NOMEM;
	uspace_mark(us, va, leaf_table, us->tables_made != made);
	return 0;
}

int uspace_map_mega(struct uspace *us, uint64_t va, paddr_t pa, uint64_t flags, int *freed_table)
{
	pte_t *root = us->root, *l1;

	*freed_table = 0;
	if (!(root[VPN(va, 2)] & PTE_V)) {
		paddr_t t = table_alloc(us);
		if (!t)
			return -E_NOMEM;
		root[VPN(va, 2)] = pte_make(t, PTE_V);
	}
	l1 = pa_to_kva(pte_pa(root[VPN(va, 2)]));
	pte_t *slot = &l1[VPN(va, 1)];
	if (*slot & PTE_V) {   /* an empty 4 KiB table */
		pmem_free(pte_pa(*slot) >> PAGE_SHIFT);
		*freed_table = 1;
	}
	*slot = pte_make(pa, uspace_pte_flags(flags));
	uspace_mark(us, va, 0, 1);
	return 0;
}

static void free_level(pte_t *table, int level, uint64_t base, uspace_drop_fn drop, void *ctx);

/* Empty valid slot i of table (at level, mapping from base): drop a
 * leaf, or free the table below it.  Out of line so that the scan in
 * free_level stays a few instructions per slot (most slots are empty,
 * and GCC would otherwise compute this slot's va for every one). */
static __attribute__((noinline)) void free_slot(pte_t *table, int i, int level, uint64_t base,
						uspace_drop_fn drop, void *ctx)
{
	pte_t pte = table[i];
	uint64_t va = base | ((uint64_t)i << (PAGE_SHIFT + 9 * level));

	table[i] = 0;
	if (pte_is_leaf(pte)) {
		drop(pte_pa(pte) >> PAGE_SHIFT, va, level, ctx);
		return;
	}
	free_level(pa_to_kva(pte_pa(pte)), level - 1, va, drop, ctx);
	pmem_free(pte_pa(pte) >> PAGE_SHIFT);
}

/* Call drop for every leaf below table (at level, mapping from base)
 * and free the table pages under it. */
static void free_level(pte_t *table, int level, uint64_t base, uspace_drop_fn drop, void *ctx)
{
	uint64_t groups = pmem_page(kva_to_pa(table) >> PAGE_SHIFT)->pt_groups;

	for (int i = 0; i < 512; i++) {
		/* Only the groups of entries ever used (uspace_mark). */
		if ((i & 7) == 0 && !(groups >> (i / 8) & 1)) {
			i += 7;
			continue;
		}
		if (table[i] & PTE_V)
			free_slot(table, i, level, base, drop, ctx);
	}
}

void uspace_destroy(struct uspace *us, uspace_drop_fn drop, void *ctx)
{
	/* The kernel half is shared with every other space: keep it out of
	 * the walk (the root page is freed anyway). */
	memset(us->root + 256, 0, 256 * sizeof(pte_t));
	us->root[VPN(EXOS_EXPORT_VA, 2)] = 0;   /* shared: never freed */
	free_level(us->root, 2, 0, drop, ctx);
	pmem_free(kva_to_pa(us->root) >> PAGE_SHIFT);
	us->root = 0;
}

int uspace_check(const struct uspace *us, uint64_t va, uint64_t len, uint64_t perm)
{
	uint64_t need = perm | PTE_V | PTE_U;

	if (len == 0)
		return 0;
	if (va >= EXOS_USER_END || EXOS_USER_END - va < len)
		return -E_FAULT;
	for (uint64_t p = ALIGN_DOWN(va, PAGE_SIZE); p < va + len; p += PAGE_SIZE) {
		int level;
		pte_t *pte = sv39_walk(us->root, p, &level);
		if (!pte || (*pte & need) != need)
			return -E_FAULT;
	}
	return 0;
}

/* Copy between kernel memory k and user va through the direct map
 * (the range was checked by uspace_check), either direction. */
static void uspace_copy(const struct uspace *us, uint8_t *k, uint64_t va, uint64_t len,
			int to_user)
{
	while (len) {
		int level;
		pte_t *pte = sv39_walk(us->root, va, &level);
		uint64_t pgsz = 1UL << (PAGE_SHIFT + 9 * level);
		uint64_t off = va & (pgsz - 1);
		uint64_t n = MIN(len, pgsz - off);
		uint8_t *u = (uint8_t *)pa_to_kva(pte_pa(*pte)) + off;
		if (to_user)
			memcpy(u, k, n);
		else
			memcpy(k, u, n);
		k += n;
		va += n;
		len -= n;
	}
}

void uspace_read(const struct uspace *us, void *dst, uint64_t va, uint64_t len)
{
	uspace_copy(us, dst, va, len, 0);
}

void uspace_write(const struct uspace *us, uint64_t va, const void *src, uint64_t len)
{
	uspace_copy(us, (uint8_t *)src, va, len, 1);
}

uint64_t uspace_satp(const struct uspace *us)
{
	return us->satp;
}
