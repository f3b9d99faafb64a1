/*
 * pmem.c - the physical page allocator: a doubly linked free list
 * threaded through the page records by index, so a named page can be
 * taken off the list in O(1) and user space can walk the list in the
 * exported table.  An allocated page with an owner is on that owner's
 * list instead (the same links), so destroying an env touches only its
 * own pages.
 */
#include "pmem.h"
#include "exos/errno.h"

struct pmem pmem;
void (*pmem_owner_hook)(uint32_t owner, int delta);

static void owner_count(uint32_t owner, int delta)
{
	if (owner && pmem_owner_hook)
		pmem_owner_hook(owner, delta);
}

static uint32_t *owned_list(uint32_t owner)
{
	return &pmem.owned_head[owner % EXOS_MAX_ENVS];
}

/* Page i joins owner's list (owner 0, nobody, has none). */
static void owner_link(uint32_t i, uint32_t owner)
{
	struct exos_page *p = &pmem.pages[i];
	uint32_t *head = owned_list(owner);

	p->prev = EXOS_PAGE_NIL;
	p->next = EXOS_PAGE_NIL;
	if (!owner)
		return;
	p->next = *head;
	if (*head != EXOS_PAGE_NIL)
		pmem.pages[*head].prev = i;
	*head = i;
}

static void owner_unlink(uint32_t i, uint32_t owner)
{
	struct exos_page *p = &pmem.pages[i];

	if (!owner)
		return;
	if (p->prev == EXOS_PAGE_NIL)
		*owned_list(owner) = p->next;
	else
		pmem.pages[p->prev].next = p->next;
	if (p->next != EXOS_PAGE_NIL)
		pmem.pages[p->next].prev = p->prev;
	p->next = p->prev = EXOS_PAGE_NIL;
}

uint32_t pmem_owned_first(uint32_t owner)
{
	return owner ? *owned_list(owner) : EXOS_PAGE_NIL;
}

void pmem_set_owner(ppn_t ppn, uint32_t new_owner)
{
	struct exos_page *p = pmem_page(ppn);

	if (!p || p->owner == new_owner)
		return;
	owner_unlink(pmem_index(ppn), p->owner);
	owner_count(p->owner, -1);
	p->owner = new_owner;
	owner_count(new_owner, 1);
	owner_link(pmem_index(ppn), new_owner);
}

uint64_t pmem_table_bytes(paddr_t lo, paddr_t hi)
{
	return (ppn_raw(pa_to_ppn(hi)) - ppn_raw(pa_to_ppn(lo))) * sizeof(struct exos_page);
}

void pmem_init(struct exos_page *table, paddr_t lo, paddr_t hi)
{
	pmem.pages = table;
	pmem.base = pa_to_ppn(lo);
	pmem.npages = ppn_raw(pa_to_ppn(hi)) - ppn_raw(pmem.base);
	pmem.free_head = pmem.free_tail = EXOS_PAGE_NIL;
	pmem.nfree = 0;
	for (int i = 0; i < EXOS_MAX_ENVS; i++)
		pmem.owned_head[i] = EXOS_PAGE_NIL;
	for (uint64_t i = 0; i < pmem.npages; i++)
		table[i] = (struct exos_page){ .next = EXOS_PAGE_NIL, .prev = EXOS_PAGE_NIL };
}

struct exos_page *pmem_page(ppn_t ppn)
{
	uint64_t i = ppn_raw(ppn) - ppn_raw(pmem.base);   /* wraps below the span */

	return i < pmem.npages ? &pmem.pages[i] : 0;
}

static void export_list(void)
{
	if (pmem.exp_head) {
		*pmem.exp_head = pmem.free_head;
		*pmem.exp_tail = pmem.free_tail;
		*pmem.exp_nfree = pmem.nfree;
	}
}

static void list_append(uint32_t i)
{
	struct exos_page *p = &pmem.pages[i];

	p->next = EXOS_PAGE_NIL;
	p->prev = pmem.free_tail;
	if (pmem.free_tail == EXOS_PAGE_NIL)
		pmem.free_head = i;
	else
		pmem.pages[pmem.free_tail].next = i;
	pmem.free_tail = i;
	pmem.nfree++;
	export_list();
}

static void list_remove(uint32_t i)
{
	struct exos_page *p = &pmem.pages[i];

	if (p->prev == EXOS_PAGE_NIL)
		pmem.free_head = p->next;
	else
		pmem.pages[p->prev].next = p->next;
	if (p->next == EXOS_PAGE_NIL)
		pmem.free_tail = p->prev;
	else
		pmem.pages[p->next].prev = p->prev;
	p->next = p->prev = EXOS_PAGE_NIL;
	pmem.nfree--;
	export_list();
}

/* Clamp [pa, pa+size) to the span as page indices [*first, *last). */
static int span_clip(uint64_t lo_pa, uint64_t hi_pa, uint64_t *first, uint64_t *last)
{
	uint64_t base = ppn_raw(pmem.base), lo = lo_pa >> PAGE_SHIFT, hi = hi_pa >> PAGE_SHIFT;
	uint64_t end = base + pmem.npages;

	lo = lo < base ? base : lo;
	hi = hi > end ? end : hi;
	if (lo >= hi)
		return 0;
	*first = lo - base;
	*last = hi - base;
	return 1;
}

void pmem_add_free(paddr_t start, uint64_t size)
{
	uint64_t first, last, pa = pa_raw(start);

	if (size == 0 || pa + size < pa)
		return;
	if (!span_clip(ALIGN_UP(pa, PAGE_SIZE), ALIGN_DOWN(pa + size, PAGE_SIZE), &first, &last))
		return;
	for (uint64_t i = first; i < last; i++) {
		if (pmem.pages[i].type != EXOS_PAGE_NONE)
			continue;
		pmem.pages[i].type = EXOS_PAGE_FREE;
		list_append((uint32_t)i);
	}
}

void pmem_reserve(paddr_t start, uint64_t size, enum exos_page_type type)
{
	uint64_t first, last, pa = pa_raw(start);
	uint64_t end = pa + size < pa ? UINT64_MAX : pa + size;

	if (size == 0)
		return;
	if (!span_clip(ALIGN_DOWN(pa, PAGE_SIZE), ALIGN_UP(end, PAGE_SIZE), &first, &last))
		return;
	for (uint64_t i = first; i < last; i++) {
		if (pmem.pages[i].type == EXOS_PAGE_FREE)
			list_remove((uint32_t)i);
		else
			owner_unlink((uint32_t)i, pmem.pages[i].owner);
		pmem.pages[i].type = (uint8_t)type;
		pmem.pages[i].owner = 0;
	}
}

static void take(uint32_t i, uint32_t owner, enum exos_page_type type)
{
	list_remove(i);
	pmem.pages[i].type = (uint8_t)type;
	pmem.pages[i].owner = owner;
	pmem.pages[i].refcnt = 0;
	owner_count(owner, 1);
	owner_link(i, owner);
}

ppn_t pmem_alloc(uint32_t owner, enum exos_page_type type)
{
	uint32_t i = pmem.free_head;

	if (i == EXOS_PAGE_NIL)
		return PPN_NONE;
	take(i, owner, type);
	return pmem_ppn(i);
}

int pmem_alloc_at(ppn_t ppn, uint32_t owner, enum exos_page_type type)
{
	struct exos_page *p = pmem_page(ppn);

	if (!p)
		return -E_RANGE;
	if (p->type != EXOS_PAGE_FREE)
		return -E_BUSY;
	take(pmem_index(ppn), owner, type);
	return 0;
}

void pmem_unref(ppn_t ppn)
{
	struct exos_page *p = pmem_page(ppn);

	if (p && p->refcnt && --p->refcnt == 0 && p->owner == 0 && p->type == EXOS_PAGE_USER)
		pmem_free(ppn);
}

int pmem_free(ppn_t ppn)
{
	struct exos_page *p = pmem_page(ppn);

	if (!p)
		return -E_RANGE;
	if (p->type == EXOS_PAGE_FREE || p->type == EXOS_PAGE_NONE || p->refcnt)
		return -E_INVAL;
	owner_unlink(pmem_index(ppn), p->owner);
	owner_count(p->owner, -1);
	p->type = EXOS_PAGE_FREE;
	p->owner = 0;
	list_append(pmem_index(ppn));
	return 0;
}
