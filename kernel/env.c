/*
 * env.c - creating, exporting and destroying environments.
 */
#include "env.h"
#include "info.h"
#include "init_env.h"
#include "kprintf.h"
#include "note.h"
#include "revoke.h"
#include "rmap.h"
#include "sched.h"
#include "stlb.h"
#include "swregion.h"
#include "tlb.h"
#include "exos/errno.h"

struct env envs[EXOS_MAX_ENVS];
struct exos_env *env_table;
static ppn_t env_table_ppn;
static uint32_t env_generation[EXOS_MAX_ENVS];

/* pmem_owner_hook: keep each env's page count exact. */
static void env_count_pages(uint32_t owner, int delta)
{
	struct env *e = &envs[EXOS_ENV_SLOT(owner)];

	if (e->id != owner)
		return;
	e->npages += (uint32_t)delta;
	env_table[EXOS_ENV_SLOT(owner)].pages = e->npages;
}

void env_init(void)
{
	pmem_owner_hook = env_count_pages;
	env_table_ppn = pmem_alloc(0, EXOS_PAGE_EXPORT);
	if (ppn_is_none(env_table_ppn))
		panic("env: no page for the exported env table");
	env_table = ppn_to_kva(env_table_ppn);
	memset(env_table, 0, PAGE_SIZE);
	for (int i = 0; i < EXOS_MAX_ENVS; i++)
		envs[i].hart = -1;
	swr_boot();
}

void env_export(const struct env *e)
{
	/* Every field, so nothing of the slot's previous env shows through. */
	env_table[EXOS_ENV_SLOT(e->id)] = (struct exos_env){
		.id = e->id,
		.state = e->state,
		.parent = e->parent,
		.slices = e->nslices,
		.pages = e->npages,
		.offences = e->offences,
		.hart = e->hart < 0 ? 0 : (uint32_t)e->hart,
		.in_call = e->in_call,
		.flags = e->flags,
		.runs = e->runs,
		.notes = e->notes,
	};
}

int env_all_caps(struct cap_space **out, int max)
{
	int n = 0;

	for (int i = 0; i < EXOS_MAX_ENVS && n < max; i++)
		if (envs[i].state != EXOS_ENV_FREE && envs[i].caps)
			out[n++] = envs[i].caps;
	return n;
}

void *env_map_new_page(struct env *e, vaddr_t va, uint64_t perms, enum exos_page_type type,
		       ppn_t *ppn_out)
{
	ppn_t ppn = rmap_room(1) ? pmem_alloc(e->id, type) : PPN_NONE;

	if (ppn_is_none(ppn))
		return 0;
	void *kva = ppn_to_kva(ppn);
	page_zero(kva);
	if (uspace_map(&e->us, va, ppn, perms)) {
		pmem_free(ppn);
		return 0;
	}
	rmap_add(pmem_page(ppn), e->id, va);
	*ppn_out = ppn;
	return kva;
}

void env_export_pages(paddr_t initrd_pa, uint64_t initrd_size)
{
	extern ppn_t slices_ppn;

	if (initrd_size && initrd_size <= EXOS_INITRD_MAX - PAGE_SIZE) {
		uint64_t off = pa_raw(initrd_pa) & (PAGE_SIZE - 1);
		vm_export(va_make(EXOS_INITRD_VA), pa_add(initrd_pa, -off), off + initrd_size);
		kinfo->initrd_offset = off;
		kinfo->initrd_size = initrd_size;
	}
	vm_export(va_make(EXOS_INFO_VA), ppn_to_pa(kinfo_ppn), PAGE_SIZE);
	vm_export(va_make(EXOS_ENVS_VA), ppn_to_pa(env_table_ppn), PAGE_SIZE);
	vm_export(va_make(EXOS_SLICES_VA), ppn_to_pa(slices_ppn), PAGE_SIZE);
	swr_export();
	vm_export(va_make(EXOS_PAGES_VA), arch_kva_to_pa(pmem.pages),
		  pmem.npages * sizeof(struct exos_page));
}

/* uspace_drop_fn: env ctx's binding of ppn at va is gone (with its
 * inverse mapping); an orphan page (owner 0) with no mapping left is
 * freed here, pages the env owns are freed by env_release_memory. */
static void env_drop_page(ppn_t ppn, vaddr_t va, int level, void *ctx)
{
	const struct env *e = ctx;

	if (level)
		rmap_drop_mega(ppn, e->id, va);
	else
		rmap_drop(ppn, e->id, va);
}

/* Unmap everything, then free each page e owns that nothing maps; a page
 * still mapped elsewhere becomes an orphan (owner 0), freed when its
 * last mapping goes. */
static void env_release_memory(struct env *e)
{
	stlb_each_only(e, env_drop_page, e);
	e->stlb = 0;
	e->stlb_only = 0;
	if (e->us.root)
		uspace_destroy(&e->us, env_drop_page, e);
	for (uint32_t i = pmem_owned_first(e->id), next; i != EXOS_PAGE_NIL; i = next) {
		next = pmem.pages[i].next;   /* i leaves the list now */
		if (pmem.pages[i].refcnt == 0)
			pmem_free(pmem_ppn(i));
		else
			pmem_set_owner(pmem_ppn(i), 0);
	}
}

static struct env *env_free_slot(void)
{
	for (int i = 1; i < EXOS_MAX_ENVS; i++)
		if (envs[i].state == EXOS_ENV_FREE && !envs[i].us.root &&
		    !(env_table[i].flags & EXOS_ENV_F_ZOMBIE))
			return &envs[i];
	return 0;
}

int env_alloc(uint32_t parent, uint32_t flags, struct env **out)
{
	struct env *e = env_free_slot();

	if (!e)
		return -E_NOMEM;
	uint32_t slot = (uint32_t)(e - envs);
	memset(e, 0, sizeof(*e));
	e->id = slot + EXOS_MAX_ENVS * ++env_generation[slot];
	e->parent = parent;
	e->flags = flags & (EXOS_ENV_F_LEFTOVER | EXOS_ENV_F_ACCEPT_PCT | EXOS_ENV_F_NOTES);
	e->hart = -1;
	e->act = &e->own;
	if (uspace_create(&e->us, e->id))
		goto fail;
	e->save = env_map_new_page(e, va_make(EXOS_SAVE_VA), EXOS_PTE_R | EXOS_PTE_W,
				   EXOS_PAGE_SAVE, &e->save_ppn);
	e->caps = e->save ? env_map_new_page(e, va_make(EXOS_CAPS_VA), EXOS_PTE_R,
					     EXOS_PAGE_EXPORT, &e->caps_ppn) : 0;
	if (!e->caps || stlb_init(e))
		goto fail;
	cap_space_init(e->caps);
	struct exos_cap_name own = cap_guard_env(e->id), pages = cap_guard_page(e->id);
	cap_install(e->caps, EXOS_CAP_SELF, &own, CAP_RIGHTS, 0);
	cap_install(e->caps, EXOS_CAP_PAGES, &pages, CAP_RIGHTS, 0);
	e->state = EXOS_ENV_CREATED;
	env_export(e);
	*out = e;
	return 0;
fail:
	env_release_memory(e);
	e->state = EXOS_ENV_FREE;
	return -E_NOMEM;
}

void env_start(struct env *e, vaddr_t pc, vaddr_t sp, uint64_t arg)
{
	struct trapframe *tf = &e->own.tf;

	tf_init_user(tf, va_raw(pc), va_raw(sp));
	tf_set_arg(tf, 0, arg);
	tf_set_arg(tf, 1, e->id);
	e->act = &e->own;
	e->state = EXOS_ENV_RUNNABLE;
	env_export(e);
}

void env_destroy(struct env *e, int status)
{
	struct cap_space *spaces[EXOS_MAX_ENVS];
	struct exos_env *row = &env_table[EXOS_ENV_SLOT(e->id)];

	sched_detach(e);
	revoke_forget(e);
	/* Its ASID is not reused before every hart has flushed (tlb.h). */
	if (tlb_in_use(e))
		tlb_switch_kernel();
	cap_space_clear(spaces, env_all_caps(spaces, EXOS_MAX_ENVS), e->caps);
	swr_env_gone(e->id);   /* its regions go with it (their pages are its) */
	env_release_memory(e);
	e->state = EXOS_ENV_FREE;
	e->caps = 0;
	e->save = 0;
	/* The row keeps id, parent and exit status for the parent's wait;
	 * nothing it held is still its own. */
	row->state = EXOS_ENV_FREE;
	row->exit_status = status;
	row->flags = e->flags | (env_get(e->parent) ? EXOS_ENV_F_ZOMBIE : 0);
	row->pages = 0;
	row->slices = 0;
	row->in_call = 0;
	__atomic_store_n(&kinfo->envs_ended, kinfo->envs_ended + 1, __ATOMIC_RELEASE);
	e->notes = 0;
	e->alarm_bits = 0;
	row->notes = 0;
	struct env *parent = env_get(e->parent);
	if (parent)
		note_post(parent, EXOS_NOTE_CHILD);
	/* Its own ended children have nobody left to reap them. */
	for (int i = 0; i < EXOS_MAX_ENVS; i++)
		if (env_table[i].parent == e->id && envs[i].state == EXOS_ENV_FREE)
			env_table[i].flags &= ~EXOS_ENV_F_ZOMBIE;
}

void env_kill(struct env *e, int status)
{
	if (e->id == init_env_id()) {
		/* init's end runs the invariant check before any row is
		 * rewritten: its own must show what the kernel set on the way
		 * here (EXOS_ENV_F_KILLED when the kernel ends it). */
		env_export(e);
		init_env_exit(status);
	}
	env_destroy(e, status);
}

int env_reap(uint32_t caller, uint32_t id)
{
	struct exos_env *row = &env_table[EXOS_ENV_SLOT(id)];

	if (id == 0 || row->id != id || !(row->flags & EXOS_ENV_F_ZOMBIE))
		return -E_NOENT;
	if (row->parent != caller)
		return -E_PERM;
	row->flags &= ~EXOS_ENV_F_ZOMBIE;
	return 0;
}

/* Whether [va, va + size) lies inside the page at base, written so that
 * nothing wraps: va + size overflows at the top of the address space. */
static int in_page(uint64_t va, uint64_t size, uint64_t base)
{
	return va >= base && size <= PAGE_SIZE && va - base <= PAGE_SIZE - size;
}

/* The kernel's own copy of an exported word every env maps read-only
 * at va (the info page, the env table), or NULL.  Predicates watch
 * these often (console input, ended envs, children): reading them here
 * saves two page-table walks per term. */
static const void *exported_word(uint64_t va, int size)
{
	if (in_page(va, (uint64_t)size, EXOS_INFO_VA))
		return (const uint8_t *)kinfo + (va - EXOS_INFO_VA);
	if (in_page(va, (uint64_t)size, EXOS_ENVS_VA))
		return (const uint8_t *)env_table + (va - EXOS_ENVS_VA);
	return 0;
}

int env_pred_readable(void *ctx, uint64_t va, int size, uint64_t *out)
{
	struct env *e = ctx;
	const void *k = exported_word(va, size);
	uint64_t v = 0;

	if (k) {
		if (out) {
			memcpy(&v, k, (size_t)size);
			*out = v;
		}
		return 0;
	}
	if (uspace_check(&e->us, va_make(va), (uint64_t)size, EXOS_PTE_R))
		return -1;
	if (out) {
		uspace_read(&e->us, &v, va_make(va), (uint64_t)size);
		*out = v;
	}
	return 0;
}
