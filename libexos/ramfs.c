/*
 * ramfs.c - the RAM file system at /tmp (design in exos/ramfs.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "exos/exos.h"
#include "exos/ramfs.h"
#include "exos/robust.h"
#include "exos/uaccess.h"

#define RAMFS_MAGIC 0x52414d46u           /* "RAMF" */
#define PAGE        4096UL
#define BITS        64
#define LOCK_OFF    offsetof(struct ramfs_super, lock)
#define IX_SLOTS    2                     /* index pages one operation may look at */

/* One commit writes the superblock, every other metadata page and the
 * index pages an operation may change, in one call. */
_Static_assert(RAMFS_META + IX_SLOTS <= EXOS_SWR_VEC_MAX, "one commit is one swr_writev");
_Static_assert((RAMFS_META + IX_SLOTS) * PAGE <= EXOS_SWR_XFER_MAX, "one commit is one swr_writev");

/* Which file system we use.  Private (EXOS_PRIVATE): a fork child
 * resets it at once, which must not cost it a copy-on-write fault.  The
 * slot is kept plus one so that zero, the section's only initial
 * value, means none. */
static struct {
	int cap_1;                        /* our slot of [EXOS_NS_SWR, region] + 1 */
	uint32_t region;
	int made;                         /* we created it */
	int adopt_failed;                 /* nothing was handed to us */
	uint32_t given_to;                /* the env last granted it (ramfs_give) */
} fs EXOS_PRIVATE;
#define fs_cap (fs.cap_1 - 1)

/* This process's copies of the metadata and the operation in progress
 * (lock held).  The copies outlive an operation: one whose commit
 * number (superblock, changed[]) is still the page's is read again by
 * no later operation.  Per operation: which pages were looked at
 * (loaded: read, or found current), which bytes of each were changed
 * (committed at unlock), the index pages looked at, and the region
 * pages freed, to give back after the commit.  On the heap, made at
 * the first operation: a program that never uses /tmp does not carry
 * it (spawn and exec copy a program's image), and only the bookkeeping
 * at its start is cleared: the lists and copies after it are touched
 * only as pages are read. */
static struct ramfs_op {
	/* The bookkeeping (op_forget clears it). */
	uint32_t region;                  /* the region the copies are of, 0: none */
	int broken;                       /* a page could not be read: commit nothing */
	int active;                       /* between ramfs_lock and ramfs_unlock */
	uint8_t cached[RAMFS_META];       /* meta[i] holds page i as of commit seen[i] */
	uint8_t loaded[RAMFS_META];
	uint16_t dlo[RAMFS_META], dhi[RAMFS_META];   /* bytes changed: [dlo, dhi) */
	uint64_t seen[RAMFS_META];
	uint64_t freed[EXOS_FS_PAGES / BITS];
	struct {
		uint32_t page;            /* 0: the slot is empty */
		int dirty;
	} ix[IX_SLOTS];
	/* Kept by op_forget. */
	char *zeros;                      /* a page of zeros (holes, tails), made when needed */
	uint32_t list[IX_SLOTS][RAMFS_LIST_LEN];   /* the index pages of ix[] */
	uint8_t meta[RAMFS_META][PAGE];
} *op;

static struct ramfs_super *super(void)
{
	return (struct ramfs_super *)op->meta[0];
}

/* A page of zeros, or NULL without the memory for one. */
static const char *zeros(void)
{
	if (!op->zeros)
		op->zeros = calloc(1, PAGE);
	return op->zeros;
}

/* ---------------------------------------------------------------- the region */

/* Region bytes [off, off + len) into buf (ours or a program's). The
 * kernel sees only what is mapped now: on -E_FAULT the buffer is
 * faulted in and the read tried again.  0, -EFAULT or -EIO. */
static int region_read(uint64_t off, void *buf, size_t len)
{
	long r = sys_swr_read(fs_cap, fs.region, off, buf, len);

	if (r == -E_FAULT && exos_touch(buf, len, 1) == 0)
		r = sys_swr_read(fs_cap, fs.region, off, buf, len);
	return r == 0 ? 0 : r == -E_FAULT ? -EFAULT : -EIO;
}

/* n pieces into the region, all or none, while the lock word is
 * guard (EXOS_SWR_NO_GUARD: whatever it is).  The sources are faulted
 * in and the write tried again after -E_FAULT.  0, -EFAULT, -ENOSPC
 * (no page for it), -EBUSY (the word moved), -EIO. */
static int region_write(const struct exos_swr_piece *p, unsigned n, uint64_t guard)
{
	uint64_t goff = guard == EXOS_SWR_NO_GUARD ? guard : LOCK_OFF;
	long r = sys_swr_writev(fs_cap, fs.region, p, n, goff, guard);

	for (unsigned i = 0; r == -E_FAULT && i < n; i++)
		if (exos_touch((const void *)p[i].src, p[i].len, 0))
			return -EFAULT;
	if (r == -E_FAULT)
		r = sys_swr_writev(fs_cap, fs.region, p, n, goff, guard);
	return r == 0 ? 0 : r == -E_FAULT ? -EFAULT : r == -E_NOMEM ? -ENOSPC :
	       r == -E_BUSY ? -EBUSY : -EIO;
}

/* The lock word, for exos/robust.h. */
static long word_load(void *obj)
{
	uint32_t v = 0;

	(void)obj;
	return region_read(LOCK_OFF, &v, sizeof(v)) ? -EIO : (long)v;
}

static long word_cas(void *obj, uint32_t old, uint32_t new)
{
	struct exos_swr_piece p = { LOCK_OFF, sizeof(new), (uintptr_t)&new };
	int r = region_write(&p, 1, old);

	(void)obj;
	return r == 0 ? 1 : r == -EBUSY ? 0 : r;
}

static const struct robust_word fs_word = { word_load, word_cas };

/* ---------------------------------------------------------------- metadata pages */

/* The n bytes at off of metadata page i are to be committed. */
static void changed(unsigned i, size_t off, size_t n)
{
	if (op->dhi[i] <= op->dlo[i] || off < op->dlo[i])
		op->dlo[i] = (uint16_t)off;
	if (off + n > op->dhi[i])
		op->dhi[i] = (uint16_t)(off + n);
}

static int is_dirty(unsigned i)
{
	return op->dhi[i] > op->dlo[i];
}

/* Metadata page i (1 .. RAMFS_META - 1) for this operation: our copy,
 * read again only if a commit changed the page since we read it.  A
 * page that cannot be read is zeros (nothing in it is used) and the
 * operation commits nothing. */
static void *meta_page(unsigned i)
{
	if (op->loaded[i])
		return op->meta[i];
	op->loaded[i] = 1;
	if (op->cached[i] && op->seen[i] == super()->changed[i])
		return op->meta[i];
	op->cached[i] = 0;
	if (region_read(i * PAGE, op->meta[i], PAGE)) {
		memset(op->meta[i], 0, PAGE);
		op->broken = 1;
		return op->meta[i];
	}
	op->cached[i] = 1;
	op->seen[i] = super()->changed[i];
	return op->meta[i];
}

/* What an entry number out of range reads as: an unused entry (the
 * region holds whatever a sharer wrote; nothing in it is trusted). */
static struct ramfs_inode no_inode;

static struct ramfs_inode *inode_at(int ino, int change)
{
	if (ino < 0 || ino >= EXOS_FS_FILES) {
		memset(&no_inode, 0, sizeof(no_inode));
		return &no_inode;
	}
	unsigned page = RAMFS_INODES_PAGE + (unsigned)ino / RAMFS_PER_PAGE;
	unsigned k = (unsigned)ino % RAMFS_PER_PAGE;
	struct ramfs_inode *n = (struct ramfs_inode *)meta_page(page) + k;

	if (change)
		changed(page, k * sizeof(*n), sizeof(*n));
	n->name[EXOS_FS_NAME_MAX] = 0;   /* names end inside their field */
	return n;
}

struct ramfs_inode *ramfs_inode(int ino)
{
	return inode_at(ino, 1);
}

const struct ramfs_inode *ramfs_inode_ro(int ino)
{
	return inode_at(ino, 0);
}

struct ramfs_open *ramfs_open_at(uint32_t slot)
{
	static struct ramfs_open none;

	if (slot >= RAMFS_OPENS) {
		memset(&none, 0, sizeof(none));
		return &none;
	}
	changed(RAMFS_OPENS_PAGE, slot * sizeof(none), sizeof(none));
	return (struct ramfs_open *)meta_page(RAMFS_OPENS_PAGE) + slot;
}

/* The holders of env slot s (< EXOS_MAX_ENVS); change: to be committed. */
static struct ramfs_holder *holder_at(unsigned s, int change)
{
	if (change)
		changed(RAMFS_HOLDERS_PAGE, s * sizeof(struct ramfs_holder),
			sizeof(struct ramfs_holder));
	return (struct ramfs_holder *)meta_page(RAMFS_HOLDERS_PAGE) + s;
}

/* Whether page p of the file table may hold entries in use: one this
 * operation changed, or one the superblock counts entries on. */
static int page_has_entries(unsigned p)
{
	return is_dirty(RAMFS_INODES_PAGE + p) || super()->files[p];
}

/* ---------------------------------------------------------------- attach */

/* Take up the file system our starter granted us: the first region we
 * may read and write whose first word is ours. */
static int adopt(void)
{
	for (int i = 0; !fs.adopt_failed && i < EXOS_CAP_SLOTS; i++) {
		const volatile struct exos_cap *c = &exos_caps->slot[i];
		uint32_t magic = 0, id = c->name.comp[1];
		if (!(c->flags & EXOS_CAP_F_USED) || c->name.len != 2 ||
		    c->name.comp[0] != EXOS_NS_SWR || (~c->rights & (EXOS_CAP_R | EXOS_CAP_W)))
			continue;
		if (sys_swr_read(i, id, 0, &magic, sizeof(magic)) == 0 && magic == RAMFS_MAGIC) {
			fs.cap_1 = i + 1;
			fs.region = id;
			return 0;
		}
	}
	fs.adopt_failed = 1;
	return -ENOENT;
}

/* A new, empty file system: a region whose superblock counts the
 * metadata pages in use, all of them present from the start (written
 * lazily, the first operation to use a page of the file table would
 * take a page from the creator, which tests counting pages see as a
 * leak of whoever came first). */
static int create(void)
{
	static const uint32_t zero;
	struct ramfs_super s;
	struct exos_swr_piece p[RAMFS_META];
	long id = sys_swr_create(EXOS_FS_PAGES, 0);

	if (id < 0)
		return -ENOMEM;
	fs.cap_1 = exos_cap_find(EXOS_NS_SWR, (uint32_t)id) + 1;
	fs.region = (uint32_t)id;
	memset(&s, 0, sizeof(s));
	s.magic = RAMFS_MAGIC;
	s.used = RAMFS_META;
	s.inuse[0] = (1UL << RAMFS_META) - 1;
	p[0] = (struct exos_swr_piece){ 0, sizeof(s), (uintptr_t)&s };
	_Static_assert(RAMFS_META < BITS, "the metadata pages' bits are in inuse[0]");
	for (int i = 1; i < RAMFS_META; i++)
		p[i] = (struct exos_swr_piece){ i * PAGE, sizeof(zero), (uintptr_t)&zero };
	if (region_write(p, RAMFS_META, EXOS_SWR_NO_GUARD)) {
		sys_swr_destroy(fs_cap, fs.region);
		sys_cap_delete(fs_cap);
		fs.cap_1 = 0;
		return -ENOMEM;
	}
	fs.made = 1;
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
	(void)envcap;
	if (fs_cap < 0 && adopt() != 0)
		return 0;   /* none here: the program makes its own if it needs one */
	if (fs.given_to == id)
		return 0;   /* given already (for another descriptor) */
	long err = sys_cap_grant(fs_cap, id, EXOS_CAP_R | EXOS_CAP_W | EXOS_CAP_GRANT);
	if (err < 0)
		return (int)err;
	fs.given_to = id;
	return 0;
}

void ramfs_reset(void)
{
	memset(&fs, 0, sizeof(fs));
}

void ramfs_exit(void)
{
	if (fs.made && fs_cap >= 0)
		sys_swr_destroy(fs_cap, fs.region);
	memset(&fs, 0, sizeof(fs));
}

int ramfs_usage(struct exos_fs_usage *u)
{
	if (fs_cap < 0 && adopt() != 0)
		return -ENOENT;
	if (ramfs_lock())
		return -EIO;
	*u = (struct exos_fs_usage){ fs.region, super()->used, 0, 0 };
	for (unsigned p = 0; p < RAMFS_INODE_PAGES; p++)
		u->files_used += super()->files[p];
	for (uint32_t i = 0; i < RAMFS_OPENS; i++)
		u->opens_used += ((const struct ramfs_open *)meta_page(RAMFS_OPENS_PAGE))[i].refs != 0;
	ramfs_unlock();
	return 0;
}

/* ---------------------------------------------------------------- pages */

static int bit(const uint64_t *map, uint32_t i)
{
	return (map[i / BITS] >> (i % BITS)) & 1;
}

/* A region page for a file: its number, or -ENOSPC.  Not one freed by
 * this operation: that one is given back after the commit.  It has no
 * page behind it (exos/ramfs.h), so it reads as zeros. */
static int page_new(void)
{
	struct ramfs_super *s = super();

	for (uint32_t i = RAMFS_META; i < EXOS_FS_PAGES; i++) {
		if (bit(s->inuse, i) || bit(op->freed, i))
			continue;
		s->inuse[i / BITS] |= 1UL << (i % BITS);
		s->used++;
		return (int)i;
	}
	return -ENOSPC;
}

/* Region page i is no longer used (a number that is not a file page in
 * use is ignored); it goes back to the kernel after the commit. */
static void page_release(uint32_t i)
{
	struct ramfs_super *s = super();

	if (i < RAMFS_META || i >= EXOS_FS_PAGES || !bit(s->inuse, i))
		return;
	s->inuse[i / BITS] &= ~(1UL << (i % BITS));
	s->used--;
	op->freed[i / BITS] |= 1UL << (i % BITS);
}

/* Give back every region page of [from, to) whose bit in map is set, a
 * run at a time. */
static void give_back(const uint64_t *map, int set, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to;) {
		if (bit(map, i) != set) {
			i++;
			continue;
		}
		uint32_t j = i;
		while (j < to && bit(map, j) == set)
			j++;
		sys_swr_free(fs_cap, fs.region, i * PAGE, (j - i) * PAGE);
		i = j;
	}
}

/* The list of index page i, read for this operation; NULL if both
 * slots hold lists changed for other files (or i is no page). */
static uint32_t *list_at(uint32_t i)
{
	int free = -1;

	if (i < RAMFS_META || i >= EXOS_FS_PAGES)
		return 0;
	for (int k = 0; k < IX_SLOTS; k++) {
		if (op->ix[k].page == i)
			return op->list[k];
		if (!op->ix[k].dirty && (free < 0 || !op->ix[k].page))
			free = k;
	}
	if (free < 0 || region_read(i * PAGE, op->list[free], PAGE))
		return 0;
	op->ix[free].page = i;
	return op->list[free];
}

/* The list of file n for changing: made (an empty index page) if it
 * has none; NULL when there is no room. */
static uint32_t *list_to_change(struct ramfs_inode *n)
{
	if (!n->index) {
		int i = page_new();
		if (i < 0)
			return 0;
		n->index = (uint32_t)i;
	}
	uint32_t *list = list_at(n->index);
	for (int k = 0; list && k < IX_SLOTS; k++)
		if (op->ix[k].page == n->index)
			op->ix[k].dirty = 1;
	return list;
}

/* ---------------------------------------------------------------- entries */

uint32_t ramfs_now(void)
{
	uint64_t t = exos_rdtime() - exos_info->rtc_boot_ticks;

	return (uint32_t)(exos_info->rtc_boot_ns / 1000000000ULL + t / exos_info->timebase_hz);
}

int ramfs_lookup_in(uint32_t parent, const char *name)
{
	for (unsigned p = 0; p < RAMFS_INODE_PAGES; p++) {
		for (unsigned k = 0; page_has_entries(p) && k < RAMFS_PER_PAGE; k++) {
			int ino = (int)(p * RAMFS_PER_PAGE + k);
			const struct ramfs_inode *n = ramfs_inode_ro(ino);
			if (n->used && n->nlink && n->parent == parent && !strcmp(n->name, name))
				return ino;
		}
	}
	return -ENOENT;
}

int ramfs_lookup(const char *name)
{
	return ramfs_lookup_in(RAMFS_ROOT, name);
}

int ramfs_create_in(uint32_t parent, const char *name, uint32_t mode)
{
	for (unsigned p = 0; p < RAMFS_INODE_PAGES; p++) {
		if (!is_dirty(RAMFS_INODES_PAGE + p) && super()->files[p] >= RAMFS_PER_PAGE)
			continue;   /* full */
		for (unsigned k = 0; k < RAMFS_PER_PAGE; k++) {
			int ino = (int)(p * RAMFS_PER_PAGE + k);
			if (ramfs_inode_ro(ino)->used)
				continue;
			struct ramfs_inode *n = ramfs_inode(ino);
			memset(n, 0, sizeof(*n));
			strncpy(n->name, name, EXOS_FS_NAME_MAX);
			n->parent = parent;
			n->mode = mode;
			n->mtime = n->atime = n->ctime = ramfs_now();
			n->used = n->nlink = 1;
			return ino;
		}
	}
	return -ENOSPC;
}

int ramfs_create(const char *name)
{
	return ramfs_create_in(RAMFS_ROOT, name, 0100666);
}

int ramfs_dir_empty(int dir)
{
	unsigned cookie = 0;

	return ramfs_next_in((uint32_t)dir + 1, &cookie) < 0;
}

int ramfs_inside(int a, int dir)
{
	for (int hops = 0; hops <= EXOS_FS_FILES && a >= 0 && a < EXOS_FS_FILES; hops++) {
		if (a == dir)
			return 1;
		a = (int)ramfs_inode_ro(a)->parent - 1;
	}
	return 0;
}

void ramfs_truncate(int ino)
{
	struct ramfs_inode *n = ramfs_inode(ino);
	const uint32_t *list = n->index ? list_at(n->index) : 0;

	for (uint32_t p = 0; list && p < RAMFS_LIST_LEN; p++)
		page_release(list[p]);
	page_release(n->index);
	n->index = 0;
	n->size = 0;
}

/* An entry with neither name nor opener is gone: free it. */
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
	const struct ramfs_inode *n = ramfs_inode_ro(ino);
	const uint32_t *list = n->index ? list_at(n->index) : 0;
	size_t done = 0;

	if (off >= n->size)
		return 0;
	if (len > n->size - off)
		len = (size_t)(n->size - off);
	while (done < len) {
		uint64_t pos = off + done;
		size_t in = pos % PAGE, k = PAGE - in < len - done ? PAGE - in : len - done;
		uint32_t b = list && pos / PAGE < RAMFS_LIST_LEN ? list[pos / PAGE] : 0;
		int hole = b < RAMFS_META || b >= EXOS_FS_PAGES;
		const char *z = hole ? zeros() : 0;
		int err = !hole ? region_read(b * PAGE + in, (char *)buf + done, k) :
			  z ? exos_copy_out((char *)buf + done, z, k) : -EIO;
		if (err)
			return done ? (ssize_t)done : err;
		done += k;
	}
	return (ssize_t)done;
}

/* Write k bytes of the caller's buf at byte in of the page that list
 * entry *slot names (made now if none: undone if nothing could be
 * written), and zero the page from the file's end up to in when the
 * write starts past it (a write that died may have left bytes there). */
static int write_page(struct ramfs_inode *n, uint32_t *slot, uint64_t pos, const char *buf,
		      size_t k)
{
	size_t in = pos % PAGE, gap = 0;
	int fresh = !*slot;

	if (fresh) {
		int i = page_new();
		if (i < 0)
			return i;
		*slot = (uint32_t)i;
	} else if (*slot < RAMFS_META || *slot >= EXOS_FS_PAGES) {
		return -EIO;   /* a list no process of ours wrote */
	} else if (pos > n->size && pos - in <= n->size) {
		gap = (size_t)(pos - n->size);   /* the file ends in this page, before in */
		if (!zeros())
			return -ENOSPC;
	}
	struct exos_swr_piece p[2] = { { *slot * PAGE + in - gap, gap, (uintptr_t)op->zeros },
				       { *slot * PAGE + in, k, (uintptr_t)buf } };
	int err = region_write(p, 2, exos_self);
	if (err && fresh) {
		page_release(*slot);
		*slot = 0;
	}
	return err;
}

ssize_t ramfs_write(int ino, uint64_t off, const void *buf, size_t len)
{
	const uint64_t max = (uint64_t)RAMFS_LIST_LEN * PAGE;
	struct ramfs_inode *n = ramfs_inode(ino);
	size_t done = 0;
	int err = 0;

	if (len && off >= max)
		return -EFBIG;
	if (len > max - off)
		len = (size_t)(max - off);
	uint32_t *list = len ? list_to_change(n) : 0;
	if (len && !list)
		err = -ENOSPC;
	while (list && done < len) {
		uint64_t pos = off + done;
		size_t in = pos % PAGE, k = PAGE - in < len - done ? PAGE - in : len - done;
		if ((err = write_page(n, &list[pos / PAGE], pos, (const char *)buf + done, k)))
			break;
		done += k;
		if (pos + k > n->size)
			n->size = (uint32_t)(pos + k);
	}
	if (done)
		n->mtime = n->ctime = ramfs_now();
	return done || !len ? (ssize_t)done : err;
}

int ramfs_next_in(uint32_t parent, unsigned *cookie)
{
	for (unsigned ino = *cookie; ino < EXOS_FS_FILES; ino++) {
		if (!page_has_entries(ino / RAMFS_PER_PAGE)) {
			ino |= RAMFS_PER_PAGE - 1;   /* on to the next page */
			continue;
		}
		const struct ramfs_inode *n = ramfs_inode_ro((int)ino);
		if (n->used && n->nlink && n->parent == parent) {
			*cookie = ino + 1;
			return (int)ino;
		}
	}
	*cookie = EXOS_FS_FILES;
	return -ENOENT;
}

int ramfs_next(unsigned *cookie)
{
	return ramfs_next_in(RAMFS_ROOT, cookie);
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

	if (slot >= RAMFS_OPENS || !o->refs || --o->refs)
		return;
	if (o->kind == RAMFS_OPEN_RAM && o->ino < EXOS_FS_FILES && ramfs_inode((int)o->ino)->opens) {
		ramfs_inode((int)o->ino)->opens--;
		drop_if_unused((int)o->ino);
	}
	o->kind = RAMFS_OPEN_FREE;
}

/* ---------------------------------------------------------------- holders */

static int env_gone(uint32_t id)
{
	const volatile struct exos_env *e = &exos_envs[EXOS_ENV_SLOT(id)];

	return e->id != id || e->state == EXOS_ENV_FREE;
}

/* Drop every reference h's process held: it has ended. */
static void drop_holder(struct ramfs_holder *h)
{
	uint8_t n = h->n < RAMFS_HOLD_MAX ? h->n : RAMFS_HOLD_MAX;

	h->n = 0;
	h->id = 0;
	for (uint8_t i = 0; i < n; i++)
		ramfs_open_put(h->open[i]);
}

void ramfs_hold(uint32_t id, uint32_t slot)
{
	struct ramfs_holder *h = holder_at(EXOS_ENV_SLOT(id), 1);

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
	struct ramfs_holder *h = holder_at(EXOS_ENV_SLOT(id), 1);

	for (uint8_t i = 0; h->id == id && i < h->n && i < RAMFS_HOLD_MAX; i++)
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
	for (unsigned i = 0; i < EXOS_MAX_ENVS; i++) {
		const struct ramfs_holder *h = holder_at(i, 0);
		if (h->id && env_gone(h->id))
			drop_holder(holder_at(i, 1));
	}
	s->swept = ended;
}

/* ---------------------------------------------------------------- the lock */

/* After taking the lock from a holder that did not leave (exos/ramfs.h):
 * give back every file page not in use, and zero each file's last page
 * past its end. */
static void collect(void)
{
	give_back(super()->inuse, 0, RAMFS_META, EXOS_FS_PAGES);
	for (int ino = 0; ino < EXOS_FS_FILES; ino++) {
		if (!page_has_entries((unsigned)ino / RAMFS_PER_PAGE))
			continue;
		const struct ramfs_inode *n = ramfs_inode_ro(ino);
		const uint32_t *list = n->used && n->index && n->size % PAGE ? list_at(n->index) : 0;
		uint32_t b = list && n->size / PAGE < RAMFS_LIST_LEN ? list[n->size / PAGE] : 0;
		if (b < RAMFS_META || b >= EXOS_FS_PAGES || !bit(super()->inuse, b) || !zeros())
			continue;
		struct exos_swr_piece p = { b * PAGE + n->size % PAGE, PAGE - n->size % PAGE,
					    (uintptr_t)op->zeros };
		region_write(&p, 1, exos_self);
	}
}

/* Forget every copy (and the rest of the bookkeeping): they are of
 * another region, or may hold what an operation never committed.  The
 * copies themselves are left untouched (offsetof: only what comes
 * before them is cleared). */
static void op_forget(void)
{
	memset(op, 0, offsetof(struct ramfs_op, zeros));
	op->region = fs.region;
}

/* The per-process state, made at the first operation. */
static int op_make(void)
{
	if (!op) {
		if (!(op = malloc(sizeof(*op))))
			return -EIO;
		op->zeros = 0;
		op_forget();
	}
	if (op->region != fs.region)
		op_forget();
	return 0;
}

int ramfs_lock(void)
{
	/* A descriptor inherited from our starter may be used before
	 * anything else attached us. */
	if (fs_cap < 0 && adopt() != 0)
		return -EIO;
	if (op_make())
		return -EIO;
	int r = robust_enter(&fs_word, &fs);
	if (r < 0)
		return -EIO;
	/* An operation of ours that never reached its commit (we left it
	 * by a fault, or recover from ourselves) changed our copies. */
	if (r == 1 || op->active)
		op_forget();
	op->active = 1;
	memset(op->loaded, 0, sizeof(op->loaded));
	memset(op->dlo, 0, sizeof(op->dlo));
	memset(op->dhi, 0, sizeof(op->dhi));
	memset(op->ix, 0, sizeof(op->ix));
	memset(op->freed, 0, sizeof(op->freed));
	op->broken = 0;
	op->loaded[0] = 1;
	if (region_read(0, op->meta[0], sizeof(struct ramfs_super))) {
		op->active = 0;
		word_cas(&fs, exos_self, ROBUST_FREE);
		robust_left(&fs);
		return -EIO;
	}
	if (r == 1)
		collect();
	sweep_dead_holders();
	return 0;
}

/* Number the pages this operation changed with its commit, and count
 * the entries on the pages of the file table it changed. */
static void number_changes(void)
{
	struct ramfs_super *s = super();

	s->commits++;
	for (unsigned i = 1; i < RAMFS_META; i++) {
		if (!is_dirty(i))
			continue;
		s->changed[i] = s->commits;
		if (i < RAMFS_INODES_PAGE || i >= RAMFS_INODES_PAGE + RAMFS_INODE_PAGES)
			continue;
		const struct ramfs_inode *n = (const struct ramfs_inode *)op->meta[i];
		uint8_t used = 0;
		for (unsigned k = 0; k < RAMFS_PER_PAGE; k++)
			used += n[k].used != 0;
		s->files[i - RAMFS_INODES_PAGE] = used;
	}
}

/* The commit: the superblock, the bytes changed of each metadata page
 * and the index pages changed, in one call guarded by the lock word
 * naming us; with the lock released in the same step unless pages wait
 * to be given back.  0 or -errno. */
static int commit(int frees)
{
	struct exos_swr_piece p[RAMFS_META + IX_SLOTS];
	unsigned n = 0;

	number_changes();
	super()->lock = frees ? exos_self : ROBUST_FREE;
	p[n++] = (struct exos_swr_piece){ 0, sizeof(struct ramfs_super), (uintptr_t)op->meta[0] };
	for (unsigned i = 1; i < RAMFS_META; i++)
		if (is_dirty(i))
			p[n++] = (struct exos_swr_piece){ i * PAGE + op->dlo[i], op->dhi[i] - op->dlo[i],
							  (uintptr_t)op->meta[i] + op->dlo[i] };
	for (int k = 0; k < IX_SLOTS; k++)
		if (op->ix[k].dirty)
			p[n++] = (struct exos_swr_piece){ op->ix[k].page * PAGE, PAGE,
							  (uintptr_t)op->list[k] };
	return region_write(p, n, exos_self);
}

void ramfs_unlock(void)
{
	int frees = 0, err = -EIO;

	for (unsigned w = 0; w < EXOS_FS_PAGES / BITS; w++)
		frees |= op->freed[w] != 0;
	if (!op->broken)
		err = commit(frees);
	for (unsigned i = 1; i < RAMFS_META; i++) {
		if (!is_dirty(i))
			continue;
		op->cached[i] = !err;   /* else our copy holds what was never committed */
		op->seen[i] = super()->commits;
	}
	if (!err && frees)
		give_back(op->freed, 1, RAMFS_META, EXOS_FS_PAGES);
	/* A commit that failed (no page for an index, a page that could not
	 * be read) leaves data pages the superblock does not count: the next
	 * taker collects them. */
	if (err || frees)
		word_cas(&fs, exos_self, err ? ROBUST_BROKEN : ROBUST_FREE);
	op->active = 0;
	robust_left(&fs);
}
