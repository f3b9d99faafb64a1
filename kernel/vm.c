/*
 * vm.c - user address spaces (vm.h).
 */
#include "vm.h"
#include "exos/errno.h"
#include "exos/layout.h"

ppn_t vm_alloc_table_for(uint32_t owner)
{
	ppn_t ppn = pmem_alloc(owner, EXOS_PAGE_PT);

	if (ppn_is_none(ppn))
		return PPN_NONE;
	page_zero(ppn_to_kva(ppn));
	pmem_page(ppn)->pt_groups = 0;
	return ppn;
}

/* Note in va's table which group of eight entries it now uses (the
 * table page's pt_groups), so that freeing a space visits only those
 * groups instead of all 512 entries of every table. */
static void mark_table(const pte_t *table, vaddr_t va, int level)
{
	/* A table page is in the span: no bounds check. */
	pmem.pages[pmem_index(kva_to_ppn(table))].pt_groups |=
		1UL << (ARCH_PT_INDEX(va_raw(va), level) / 8);
}

void uspace_mark(struct uspace *us, vaddr_t va, const pte_t *leaf_table, int new_tables)
{
	pte_t *t = us->root;

	if (!new_tables) {
		mark_table(leaf_table, va, 0);
		return;
	}
	for (int level = ARCH_PT_LEVELS - 1; level >= 0; level--) {
		mark_table(t, va, level);
		pte_t e = t[ARCH_PT_INDEX(va_raw(va), level)];
		if (!arch_pte_is_table(e))
			return;
		t = pt_next(e);
	}
}

ppn_t uspace_table_alloc(void *ctx)
{
	struct uspace *us = ctx;

	us->tables_made++;
	return vm_alloc_table_for(us->owner);
}

int uspace_create(struct uspace *us, uint32_t owner)
{
	ppn_t ppn = vm_alloc_table_for(owner);

	if (ppn_is_none(ppn))
		return -E_NOMEM;
	us->root = ppn_to_kva(ppn);
	us->root_pa = ppn_to_pa(ppn);
	us->space = arch_mm_space(us->root_pa, 0);
	us->owner = owner;
	vm_share(us->root);
	return 0;
}

int uspace_map_mega(struct uspace *us, vaddr_t va, ppn_t ppn, uint64_t perms, int *freed_table)
{
	pte_t *root = us->root, *slot = &root[ARCH_PT_INDEX(va_raw(va), 2)];

	*freed_table = 0;
	if (!arch_pte_valid(*slot)) {
		ppn_t t = uspace_table_alloc(us);
		if (ppn_is_none(t))
			return -E_NOMEM;
		*slot = arch_pte_table(t);
	}
	slot = &pt_next(*slot)[ARCH_PT_INDEX(va_raw(va), 1)];
	if (arch_pte_valid(*slot)) {   /* an empty 4 KiB table */
		pmem_free(arch_pte_ppn(*slot));
		*freed_table = 1;
	}
	*slot = arch_pte_user(ppn, perms);
	uspace_mark(us, va, 0, 1);
	return 0;
}

static void free_level(pte_t *table, int level, vaddr_t base, uspace_drop_fn drop, void *ctx);

/* Empty valid slot i of table (at level, mapping from base): drop a
 * leaf, or free the table below it.  Out of line so that the scan in
 * free_level stays a few instructions per slot (most slots are empty,
 * and GCC would otherwise compute this slot's va for every one). */
static __attribute__((noinline)) void free_slot(pte_t *table, int i, int level, vaddr_t base,
						uspace_drop_fn drop, void *ctx)
{
	pte_t pte = table[i];
	vaddr_t va = va_add(base, (uint64_t)i * ARCH_PT_SPAN(level));

	table[i] = arch_pte_none();
	if (arch_pte_is_leaf(pte)) {
		drop(arch_pte_ppn(pte), va, level, ctx);
		return;
	}
	free_level(pt_next(pte), level - 1, va, drop, ctx);
	pmem_free(arch_pte_ppn(pte));
}

/* Call drop for every leaf below table (at level, mapping from base)
 * and free the table pages under it. */
static void free_level(pte_t *table, int level, vaddr_t base, uspace_drop_fn drop, void *ctx)
{
	uint64_t groups = pmem_page(kva_to_ppn(table))->pt_groups;

	for (int i = 0; i < ARCH_PT_ENTRIES; i++) {
		/* Only the groups of entries ever used (uspace_mark). */
		if ((i & 7) == 0 && !(groups >> (i / 8) & 1)) {
			i += 7;
			continue;
		}
		if (arch_pte_valid(table[i]))
			free_slot(table, i, level, base, drop, ctx);
	}
}

void uspace_destroy(struct uspace *us, uspace_drop_fn drop, void *ctx)
{
	/* The shared slots stay out of the walk (the root page is freed
	 * anyway). */
	vm_unshare(us->root);
	free_level(us->root, ARCH_PT_LEVELS - 1, va_make(0), drop, ctx);
	pmem_free(kva_to_ppn(us->root));
	us->root = 0;
}

int uspace_check(struct uspace *us, vaddr_t va, uint64_t len, uint64_t perms)
{
	uint64_t v = va_raw(va);

	if (len == 0)
		return 0;
	if (v >= EXOS_USER_END || EXOS_USER_END - v < len)
		return -E_FAULT;
	for (uint64_t p = ALIGN_DOWN(v, PAGE_SIZE); p < v + len; p += PAGE_SIZE) {
		int level;
		pte_t *pte = pt_walk(us->root, va_make(p), &level);
		/* A binding the tables dropped is still the env's: put it
		 * back from the STLB, as a fault of the env's own would. */
		if ((!pte || !arch_pte_valid(*pte)) && uspace_refill(us, va_make(p)))
			pte = pt_walk(us->root, va_make(p), &level);
		if (!pte || !arch_pte_allows_user(*pte, perms))
			return -E_FAULT;
	}
	return 0;
}

/* Copy between kernel memory k and user va through the direct map
 * (the range was checked by uspace_check), either direction. */
static void uspace_copy(const struct uspace *us, uint8_t *k, vaddr_t va, uint64_t len,
			int to_user)
{
	while (len) {
		int level;
		pte_t *pte = pt_walk(us->root, va, &level);
		uint64_t pgsz = ARCH_PT_SPAN(level);
		uint64_t off = va_raw(va) & (pgsz - 1);
		uint64_t n = MIN(len, pgsz - off);
		uint8_t *u = (uint8_t *)ppn_to_kva(arch_pte_ppn(*pte)) + off;
		if (to_user)
			memcpy(u, k, n);
		else
			memcpy(k, u, n);
		k += n;
		va = va_add(va, n);
		len -= n;
	}
}

void uspace_read(const struct uspace *us, void *dst, vaddr_t va, uint64_t len)
{
	uspace_copy(us, dst, va, len, 0);
}

void uspace_write(const struct uspace *us, vaddr_t va, const void *src, uint64_t len)
{
	uspace_copy(us, (uint8_t *)src, va, len, 1);
}
