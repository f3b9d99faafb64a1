/*
 * ramfs.c - the RAM file system at /tmp (design in ramfs.h).
 */
#include <errno.h>
#include <string.h>
#include "exos/exos.h"
#include "ramfs.h"

#define RAMFS_MAGIC 0x52414d46u           /* "RAMF" */
#define PAGE        4096UL
#define BITS        64

/* Private (EXOS_PRIVATE): a fork child resets them at once, which must
 * not cost it a copy-on-write fault.  The slots are kept plus one so
 * that zero, the section's only initial value, means none. */
static int cap_1 EXOS_PRIVATE;            /* our slot of [NS_PAGE, holder] + 1 */
static int envcap_1 EXOS_PRIVATE;         /* [NS_ENV, holder] + 1 if we made it */
#define fs_cap (cap_1 - 1)
#define fs_envcap (envcap_1 - 1)
static int adopt_failed EXOS_PRIVATE;     /* nothing was handed to us */
static uint64_t mapped[EXOS_FS_PAGES / BITS] EXOS_PRIVATE;   /* file pages mapped under the lock */

static struct ramfs_super *super(void)
{
	return (struct ramfs_super *)RAMFS_VA;
}

static uintptr_t page_va(uint32_t i)
{
	return RAMFS_VA + i * PAGE;
}

struct ramfs_inode *ramfs_inode(int ino)
{
	return (struct ramfs_inode *)page_va(RAMFS_INODES_PAGE) + ino;
}

struct ramfs_open *ramfs_open_at(uint32_t slot)
{
	return (struct ramfs_open *)page_va(RAMFS_OPENS_PAGE) + slot;
}

/* ---------------------------------------------------------------- attach */

/* The metadata pages stay mapped for good; nothing else in the range is
 * touched unless mapped under the lock. */
static void guarantee(void)
{
	sys_guarantee(EXOS_CAP_SELF, exos_self, RAMFS_VA, EXOS_FS_PAGES * PAGE);
}

/* Take up the file system our starter mapped for us (ramfs_give). */
static int adopt(void)
{
	if (adopt_failed || sys_pte_read(EXOS_CAP_SELF, exos_self, RAMFS_VA) < 0) {
		adopt_failed = 1;
		return -ENOENT;
	}
	int cap = exos_cap_find(EXOS_NS_PAGE, super()->holder);
	if (super()->magic != RAMFS_MAGIC || cap < 0) {
		adopt_failed = 1;
		return -ENOENT;
	}
	guarantee();
	cap_1 = cap + 1;
	return 0;
}

/* Undo a create that failed after the holder was made: its pages are
 * unmapped first so that destroying it frees them. */
static void create_fail(long holder, int envcap, int ninstalled)
{
	for (int i = 0; i < ninstalled; i++)
		sys_pte_remove(EXOS_CAP_SELF, exos_self, page_va((uint32_t)i));
	sys_env_destroy(envcap, (uint32_t)holder);
	int c = exos_cap_find(EXOS_NS_PAGE, (uint32_t)holder);
	if (c >= 0)
		sys_cap_delete(c);
	if ((c = exos_cap_find(EXOS_NS_ENV, (uint32_t)holder)) >= 0)
		sys_cap_delete(c);
}

/* A new, empty file system: the holder env and the metadata pages. */
static int create(void)
{
	uint64_t ppn[RAMFS_META];
	long holder = sys_env_create(0, 0);

	if (holder < 0)
		return -ENOMEM;
	int envcap = exos_cap_find(EXOS_NS_ENV, (uint32_t)holder);
	int cap = exos_cap_find(EXOS_NS_PAGE, (uint32_t)holder);
	for (int i = 0; i < RAMFS_META; i++) {
		long p = sys_page_alloc(cap, 0, holder);
		if (p < 0 || sys_pte_install(EXOS_CAP_SELF, exos_self, page_va((uint32_t)i),
					     (unsigned long)p, EXOS_PTE_R | EXOS_PTE_W, cap)) {
			create_fail(holder, envcap, i);
			return -ENOMEM;
		}
		ppn[i] = (uint64_t)p;
	}
	struct ramfs_super *s = super();
	for (int i = 0; i < RAMFS_META; i++)
		s->ppn[i] = (uint32_t)ppn[i];
	s->holder = (uint32_t)holder;
	s->used = RAMFS_META;
	s->magic = RAMFS_MAGIC;
	guarantee();
	cap_1 = cap + 1;
	envcap_1 = envcap + 1;
	return 0;
}

int ramfs_attach(void)
{
	if (fs_cap >= 0 || adopt() == 0)
		return 0;
	return create();
}

int ramfs_give(int envcap, uint32_t id)
{
	if (fs_cap < 0 && adopt() != 0)
		return 0;   /* none here: the program makes its own if it needs one */
	if (sys_pte_read(envcap, id, RAMFS_VA) >= 0)
		return 0;   /* given already (for another descriptor) */
	long err = sys_cap_grant(fs_cap, id, EXOS_CAP_RIGHTS);
	/* The metadata pages as we map them, in one call. */
	struct exos_pte_share b[RAMFS_META];
	for (uint32_t i = 0; i < RAMFS_META; i++)
		b[i] = (struct exos_pte_share){ page_va(i), page_va(i), EXOS_PTE_R | EXOS_PTE_W };
	if (err >= 0)
		err = sys_pte_share_batch(envcap, id, b, RAMFS_META, 0);
	return err < 0 ? (int)err : 0;
}

void ramfs_reset(void)
{
	cap_1 = envcap_1 = 0;
	adopt_failed = 0;
	memset(mapped, 0, sizeof(mapped));
}

void ramfs_exit(void)
{
	if (fs_envcap >= 0)
		sys_env_destroy(fs_envcap, super()->holder);
	cap_1 = envcap_1 = 0;
}

int ramfs_usage(struct exos_fs_usage *u)
{
	if (fs_cap < 0 && adopt() != 0)
		return -ENOENT;
	ramfs_lock();
	*u = (struct exos_fs_usage){ super()->holder, super()->used, 0, 0 };
	for (int i = 0; i < EXOS_FS_FILES; i++)
		u->files_used += ramfs_inode(i)->used != 0;
	for (uint32_t i = 0; i < RAMFS_OPENS; i++)
		u->opens_used += ramfs_open_at(i)->refs != 0;
	ramfs_unlock();
	return 0;
}

/* ---------------------------------------------------------------- pages */

static int is_mapped(uint32_t i)
{
	return (mapped[i / BITS] >> (i % BITS)) & 1;
}

/* Region page i, mapped here until ramfs_unlock; NULL if it cannot be
 * (its page was taken from the holder, say). */
static void *page_at(uint32_t i)
{
	if (i >= EXOS_FS_PAGES || !super()->ppn[i])
		return 0;
	if (i >= RAMFS_META && !is_mapped(i)) {
		if (sys_pte_install(EXOS_CAP_SELF, exos_self, page_va(i), super()->ppn[i],
				    EXOS_PTE_R | EXOS_PTE_W, fs_cap))
			return 0;
		mapped[i / BITS] |= 1UL << (i % BITS);
	}
	return (void *)page_va(i);
}

static void unmap(uint32_t i)
{
	if (!is_mapped(i))
		return;
	sys_pte_remove(EXOS_CAP_SELF, exos_self, page_va(i));
	mapped[i / BITS] &= ~(1UL << (i % BITS));
}

/* A new zeroed region page: its index, or -ENOSPC (the region is full or
 * the kernel has no page for the holder). */
static int page_new(void)
{
	struct ramfs_super *s = super();

	for (uint32_t i = RAMFS_META; i < EXOS_FS_PAGES; i++) {
		if (s->ppn[i])
			continue;
		long ppn = sys_page_alloc(fs_cap, 0, s->holder);
		if (ppn < 0)
			return -ENOSPC;
		s->ppn[i] = (uint32_t)ppn;
		s->used++;
		return (int)i;
	}
	return -ENOSPC;
}

/* Give region page i back to the kernel.  Nobody else maps it (pages
 * are unmapped before the lock is released); if the kernel still says
 * busy, it stays allocated and unlisted, for repair to retry. */
static void page_release(uint32_t i)
{
	struct ramfs_super *s = super();

	unmap(i);
	if (s->ppn[i] && sys_page_free(fs_cap, s->ppn[i]) == 0) {
		s->ppn[i] = 0;
		s->used--;
	}
}

/* ---------------------------------------------------------------- files */

int ramfs_lookup_in(uint32_t parent, const char *name)
{
	for (int ino = 0; ino < EXOS_FS_FILES; ino++) {
		struct ramfs_inode *n = ramfs_inode(ino);
		if (n->used && n->nlink && n->parent == parent && !strcmp(n->name, name))
			return ino;
	}
	return -ENOENT;
}

int ramfs_lookup(const char *name)
{
	return ramfs_lookup_in(RAMFS_ROOT, name);
}

static uint32_t now_seconds(void)
{
	uint64_t t = exos_rdtime() - exos_info->rtc_boot_ticks;

	return (uint32_t)(exos_info->rtc_boot_ns / 1000000000ULL + t / exos_info->timebase_hz);
}

int ramfs_create_in(uint32_t parent, const char *name, uint32_t mode)
{
	for (int ino = 0; ino < EXOS_FS_FILES; ino++) {
		struct ramfs_inode *n = ramfs_inode(ino);
		if (n->used)
			continue;
		memset(n, 0, sizeof(*n));
		strncpy(n->name, name, EXOS_FS_NAME_MAX);
		n->parent = parent;
		n->mode = mode;
		n->mtime = n->atime = n->ctime = now_seconds();
		n->used = n->nlink = 1;
		return ino;
	}
	return -ENOSPC;
}

int ramfs_create(const char *name)
{
	return ramfs_create_in(RAMFS_ROOT, name, 0100666);
}

int ramfs_dir_empty(int dir)
{
	for (int ino = 0; ino < EXOS_FS_FILES; ino++) {
		struct ramfs_inode *n = ramfs_inode(ino);
		if (n->used && n->nlink && n->parent == (uint32_t)dir + 1)
			return 0;
	}
	return 1;
}

int ramfs_inside(int a, int dir)
{
	for (int hops = 0; hops <= EXOS_FS_FILES && a >= 0; hops++) {
		if (a == dir)
			return 1;
		a = (int)ramfs_inode(a)->parent - 1;
	}
	return 0;
}

void ramfs_truncate(int ino)
{
	struct ramfs_inode *n = ramfs_inode(ino);
	uint32_t *list = n->index ? page_at(n->index) : 0;

	for (uint32_t p = 0; list && p < RAMFS_LIST_LEN; p++) {
		if (list[p])
			page_release(list[p]);
		list[p] = 0;
	}
	if (n->index)
		page_release(n->index);
	n->index = 0;
	n->size = 0;
}

/* A file with neither name nor opener is gone: free it. */
static void drop_if_unused(int ino)
{
	struct ramfs_inode *n = ramfs_inode(ino);

	if (!n->used || n->nlink || n->opens)
		return;
	ramfs_truncate(ino);
	memset(n, 0, sizeof(*n));
}

void ramfs_unlink(int ino)
{
	struct ramfs_inode *n = ramfs_inode(ino);

	n->nlink = 0;
	memset(n->name, 0, sizeof(n->name));
	drop_if_unused(ino);
}

ssize_t ramfs_read(int ino, uint64_t off, void *buf, size_t len)
{
	struct ramfs_inode *n = ramfs_inode(ino);
	const uint32_t *list = n->index ? page_at(n->index) : 0;
	size_t done = 0;

	if (off >= n->size)
		return 0;
	if (len > n->size - off)
		len = (size_t)(n->size - off);
	while (done < len) {
		uint64_t pos = off + done;
		size_t in = pos % PAGE, k = PAGE - in < len - done ? PAGE - in : len - done;
		uint32_t b = list ? list[pos / PAGE] : 0;
		const char *src = b ? page_at(b) : 0;
		if (src)
			memcpy((char *)buf + done, src + in, k);
		else
			memset((char *)buf + done, 0, k);   /* a hole reads as zeros */
		done += k;
	}
	return (ssize_t)done;
}

/* The file's page list, made on first use; NULL when there is no room. */
static uint32_t *list_of(struct ramfs_inode *n)
{
	if (!n->index) {
		int i = page_new();
		if (i < 0)
			return 0;
		n->index = (uint32_t)i;
	}
	return page_at(n->index);
}

/* The page holding byte pos of the file, made if absent; NULL: no room. */
static char *data_page(uint32_t *list, uint64_t pos)
{
	uint32_t *slot = &list[pos / PAGE];

	if (!*slot) {
		int i = page_new();
		if (i < 0)
			return 0;
		*slot = (uint32_t)i;
	}
	return page_at(*slot);
}

ssize_t ramfs_write(int ino, uint64_t off, const void *buf, size_t len)
{
	const uint64_t max = (uint64_t)RAMFS_LIST_LEN * PAGE;
	struct ramfs_inode *n = ramfs_inode(ino);
	size_t done = 0;

	if (len && off >= max)
		return -EFBIG;
	if (len > max - off)
		len = (size_t)(max - off);
	uint32_t *list = len ? list_of(n) : 0;
	while (list && done < len) {
		uint64_t pos = off + done;
		size_t in = pos % PAGE, k = PAGE - in < len - done ? PAGE - in : len - done;
		char *dst = data_page(list, pos);
		if (!dst)
			break;
		memcpy(dst + in, (const char *)buf + done, k);
		done += k;
		if (pos + k > n->size)
			n->size = (uint32_t)(pos + k);
	}
	if (done)
		n->mtime = n->ctime = now_seconds();
	return done || !len ? (ssize_t)done : -ENOSPC;
}

int ramfs_next(unsigned *cookie)
{
	return ramfs_next_in(RAMFS_ROOT, cookie);
}

int ramfs_next_in(uint32_t parent, unsigned *cookie)
{
	for (unsigned ino = *cookie; ino < EXOS_FS_FILES; ino++) {
		struct ramfs_inode *n = ramfs_inode((int)ino);
		if (n->used && n->nlink && n->parent == parent) {
			*cookie = ino + 1;
			return (int)ino;
		}
	}
	*cookie = EXOS_FS_FILES;
	return -ENOENT;
}

int ramfs_open_new(void)
{
	for (uint32_t i = 0; i < RAMFS_OPENS; i++) {
		struct ramfs_open *o = ramfs_open_at(i);
		if (o->refs)
			continue;
		memset(o, 0, sizeof(*o));
		o->refs = 1;
		return (int)i;
	}
	return -ENFILE;
}

void ramfs_open_put(uint32_t slot)
{
	struct ramfs_open *o = ramfs_open_at(slot);

	if (!o->refs || --o->refs)
		return;
	if (o->kind == RAMFS_OPEN_RAM && ramfs_inode((int)o->ino)->opens) {
		ramfs_inode((int)o->ino)->opens--;
		drop_if_unused((int)o->ino);
	}
	o->kind = RAMFS_OPEN_FREE;
}

/* ---------------------------------------------------------------- lock */

static int env_gone(uint32_t id)
{
	const volatile struct exos_env *e = &exos_envs[EXOS_ENV_SLOT(id)];

	return e->id != id || e->state == EXOS_ENV_FREE;
}

/* Drop every reference h's process held: it has ended. */
static void drop_holder(struct ramfs_holder *h)
{
	uint8_t n = h->n;

	h->n = 0;
	h->id = 0;
	for (uint8_t i = 0; i < n; i++)
		ramfs_open_put(h->open[i]);
}

void ramfs_hold(uint32_t id, uint32_t slot)
{
	struct ramfs_holder *h = &super()->holders[EXOS_ENV_SLOT(id)];

	if (h->id != id) {
		if (h->id)
			drop_holder(h);   /* the slot's previous env has ended */
		h->id = id;
	}
	if (h->n < RAMFS_HOLD_MAX)   /* past that, a kill leaks the reference */
		h->open[h->n++] = (uint8_t)slot;
}

void ramfs_unhold(uint32_t id, uint32_t slot)
{
	struct ramfs_holder *h = &super()->holders[EXOS_ENV_SLOT(id)];

	for (uint8_t i = 0; h->id == id && i < h->n; i++)
		if (h->open[i] == slot) {
			h->open[i] = h->open[--h->n];
			return;
		}
}

/* With the lock: if an env has ended since the last look, drop the
 * references of every holder that is gone. */
static void sweep_dead_holders(void)
{
	struct ramfs_super *s = super();
	uint64_t ended = __atomic_load_n(&exos_info->envs_ended, __ATOMIC_ACQUIRE);

	if (s->swept == ended)
		return;
	for (int i = 0; i < EXOS_MAX_ENVS; i++)
		if (s->holders[i].id && env_gone(s->holders[i].id))
			drop_holder(&s->holders[i]);
	s->swept = ended;
}

/* After taking the lock from an env that ended inside an operation:
 * free the pages no file lists, clear list entries naming no page, and
 * drop files left without name or opener. */
static void repair(void)
{
	uint64_t listed[EXOS_FS_PAGES / BITS] = { 0 };
	struct ramfs_super *s = super();

	for (uint32_t i = 0; i < RAMFS_META; i++)
		listed[0] |= 1UL << i;
	for (int ino = 0; ino < EXOS_FS_FILES; ino++) {
		struct ramfs_inode *n = ramfs_inode(ino);
		uint32_t *list = n->used && n->index ? page_at(n->index) : 0;
		if (n->used && n->index && !list)
			n->index = 0;
		if (!list)
			continue;
		listed[n->index / BITS] |= 1UL << (n->index % BITS);
		for (uint32_t p = 0; p < RAMFS_LIST_LEN; p++) {
			if (list[p] >= EXOS_FS_PAGES || !s->ppn[list[p]] || list[p] < RAMFS_META)
				list[p] = 0;
			else
				listed[list[p] / BITS] |= 1UL << (list[p] % BITS);
		}
	}
	for (uint32_t i = RAMFS_META; i < EXOS_FS_PAGES; i++)
		if (s->ppn[i] && !((listed[i / BITS] >> (i % BITS)) & 1))
			page_release(i);
	for (int ino = 0; ino < EXOS_FS_FILES; ino++)
		drop_if_unused(ino);
}

void ramfs_lock(void)
{
	volatile uint32_t *l = &super()->lock;

	/* A descriptor inherited from our starter may be used before
	 * anything else attached us. */
	if (fs_cap < 0)
		adopt();

	for (;;) {
		uint32_t cur = 0;
		if (__atomic_compare_exchange_n(l, &cur, exos_self, 0, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED)) {
			sweep_dead_holders();
			return;
		}
		if (env_gone(cur) && __atomic_compare_exchange_n(l, &cur, exos_self, 0,
								 __ATOMIC_ACQUIRE,
								 __ATOMIC_RELAXED)) {
			repair();
			sweep_dead_holders();
			return;
		}
		/* Its holder never sleeps inside: let it run to the end. */
		if (sys_yield(cur) < 0)
			sys_yield(0);
	}
}

void ramfs_unlock(void)
{
	for (uint32_t w = 0; w < EXOS_FS_PAGES / BITS; w++)
		while (mapped[w])
			unmap(w * BITS + (uint32_t)__builtin_ctzl(mapped[w]));
	__atomic_store_n(&super()->lock, 0, __ATOMIC_RELEASE);
}
