/*
 * cap.c - hierarchically named capabilities: the dominance check,
 * derivation, granting and revocation (contracts in cap.h).
 *
 * Every exported function decodes all of its arguments before it
 * changes anything, so an error leaves every space as it was.
 *
 * Revocation needs no tree pointers: the parent ids are the tree.  A
 * child always has a larger id than its parent (ids only grow, and a
 * child is made after its parent or handed to an older ancestor), so
 * the parent links never form a cycle.
 */
#include "cap.h"
#include "exos/errno.h"

uint64_t cap_next_id = 1;

/* The spaces a cross-env operation searches: list[0..n) and then self. */
struct space_set {
	struct cap_space *const *list;
	int n;
	struct cap_space *self;
};

static bool slot_ok(int idx)
{
	return idx >= 0 && idx < CAP_SLOTS;
}

static bool is_used(const struct exos_cap *c)
{
	return (c->flags & EXOS_CAP_F_USED) != 0;
}

static bool rights_within(uint16_t rights, uint16_t allowed)
{
	return (rights & ~allowed) == 0;
}

bool cap_name_dominates(const struct exos_cap_name *cap, const struct exos_cap_name *guard)
{
	if (cap->len > CAP_MAX_COMP || guard->len > CAP_MAX_COMP || cap->len > guard->len)
		return false;
	for (uint32_t i = 0; i < cap->len; i++)
		if (cap->comp[i] != guard->comp[i])
			return false;
	return true;
}

void cap_space_init(struct cap_space *s)
{
	memset(s, 0, sizeof(*s));
}

/* Slot `want` of s if it is empty, or the first empty slot for -1. */
static int pick_slot(const struct cap_space *s, int want)
{
	if (want == -1) {
		for (int i = 0; i < CAP_SLOTS; i++)
			if (!is_used(&s->slot[i]))
				return i;
		return -E_NOMEM;
	}
	if (!slot_ok(want))
		return -E_RANGE;
	return is_used(&s->slot[want]) ? -E_BUSY : want;
}

/* Fill an empty slot with a fresh capability; cannot fail.  Components
 * past name->len are left zero. */
static void fill(struct exos_cap *c, const struct exos_cap_name *name, uint16_t rights,
		 uint64_t parent)
{
	memset(c, 0, sizeof(*c));
	c->id = cap_next_id++;
	c->parent = parent;
	c->name.len = name->len;
	memcpy(c->name.comp, name->comp, name->len * sizeof(name->comp[0]));
	c->rights = rights;
	c->flags = EXOS_CAP_F_USED;
}

int cap_install(struct cap_space *s, int slot, const struct exos_cap_name *name,
		uint16_t rights, uint64_t parent)
{
	if (slot < -1 || slot >= CAP_SLOTS)
		return -E_RANGE;
	if (name->len > CAP_MAX_COMP || !rights_within(rights, CAP_RIGHTS))
		return -E_INVAL;
	int dst = pick_slot(s, slot);
	if (dst < 0)
		return dst;
	fill(&s->slot[dst], name, rights, parent);
	return dst;
}

int cap_check(const struct cap_space *s, int idx, const struct exos_cap_name *guard,
	      uint16_t need)
{
	if (!slot_ok(idx))
		return -E_RANGE;
	const struct exos_cap *c = &s->slot[idx];
	if (!is_used(c) || !cap_name_dominates(&c->name, guard))
		return -E_NOCAP;
	if (!rights_within(need, c->rights))
		return -E_PERM;
	return 0;
}

/* Decode the source of a derive or grant: slot idx of s must hold a
 * capability with CAP_GRANT and every right in `rights`. */
static int grant_source(const struct cap_space *s, int idx, uint16_t rights,
			const struct exos_cap **out)
{
	if (!slot_ok(idx))
		return -E_RANGE;
	const struct exos_cap *c = &s->slot[idx];
	if (!is_used(c))
		return -E_NOCAP;
	if (!(c->rights & CAP_GRANT) || !rights_within(rights, c->rights))
		return -E_PERM;
	*out = c;
	return 0;
}

int cap_derive(struct cap_space *s, int src, int dst, const uint32_t *extra, int nextra,
	       uint16_t rights)
{
	const struct exos_cap *from;
	int err = grant_source(s, src, rights, &from);
	if (err)
		return err;
	if (nextra < 0 || (uint32_t)nextra > CAP_MAX_COMP - from->name.len)
		return -E_RANGE;
	int slot = pick_slot(s, dst);
	if (slot < 0)
		return slot;

	struct exos_cap_name name = from->name;
	for (int i = 0; i < nextra; i++)
		name.comp[name.len++] = extra[i];
	fill(&s->slot[slot], &name, rights, from->id);
	return slot;
}

int cap_grant(struct cap_space *from, int idx, struct cap_space *to, uint16_t rights)
{
	const struct exos_cap *src;
	int err = grant_source(from, idx, rights, &src);
	if (err)
		return err;
	int slot = pick_slot(to, -1);
	if (slot < 0)
		return slot;
	fill(&to->slot[slot], &src->name, rights, src->id);
	return slot;
}

static int space_set_init(struct space_set *set, struct cap_space *const *spaces,
			  int nspaces, struct cap_space *self)
{
	if (nspaces < 0 || (nspaces > 0 && !spaces) || !self)
		return -E_INVAL;
	*set = (struct space_set){ .list = spaces, .n = nspaces, .self = self };
	return 0;
}

/* The k-th slot of the set (spaces in order, CAP_SLOTS each), or NULL
 * when that space is absent.  k < space_set_nslots(set). */
static struct exos_cap *space_set_slot(const struct space_set *set, int64_t k)
{
	int64_t i = k / CAP_SLOTS;
	struct cap_space *s = i < set->n ? set->list[i] : set->self;

	return s ? &s->slot[k % CAP_SLOTS] : 0;
}

static int64_t space_set_nslots(const struct space_set *set)
{
	return ((int64_t)set->n + 1) * CAP_SLOTS;
}

/* Make every child of capability `old` a child of `parent` instead. */
static void reparent(const struct space_set *set, uint64_t old, uint64_t parent)
{
	for (int64_t k = 0; k < space_set_nslots(set); k++) {
		struct exos_cap *c = space_set_slot(set, k);
		if (c && is_used(c) && c->parent == old)
			c->parent = parent;
	}
}

/* Empty c's slot; its children move up to its parent, so whatever
 * revokes an ancestor of c still finds them. */
static void unlink_cap(const struct space_set *set, struct exos_cap *c)
{
	reparent(set, c->id, c->parent);
	memset(c, 0, sizeof(*c));
}

/* Remove every descendant of capability `id`.  Unlinking a child lifts
 * its children to `id`; sweeps repeat until one finds no child (the
 * lifted ones may sit in slots already swept). */
static int remove_descendants(const struct space_set *set, uint64_t id)
{
	int removed = 0, found;

	do {
		found = 0;
		for (int64_t k = 0; k < space_set_nslots(set); k++) {
			struct exos_cap *c = space_set_slot(set, k);
			if (c && is_used(c) && c->parent == id) {
				unlink_cap(set, c);
				found++;
			}
		}
		removed += found;
	} while (found);
	return removed;
}

int cap_revoke(struct cap_space *const *spaces, int nspaces, struct cap_space *owner,
	       int idx)
{
	struct space_set set;
	int err = space_set_init(&set, spaces, nspaces, owner);
	if (err)
		return err;
	if (!slot_ok(idx))
		return -E_RANGE;
	const struct exos_cap *c = &owner->slot[idx];
	if (!is_used(c))
		return -E_NOCAP;
	if (!(c->rights & CAP_GRANT))
		return -E_PERM;
	return remove_descendants(&set, c->id);
}

int cap_delete(struct cap_space *const *spaces, int nspaces, struct cap_space *s, int idx)
{
	struct space_set set;
	int err = space_set_init(&set, spaces, nspaces, s);
	if (err)
		return err;
	if (!slot_ok(idx))
		return -E_RANGE;
	if (!is_used(&s->slot[idx]))
		return -E_NOCAP;
	unlink_cap(&set, &s->slot[idx]);
	return 0;
}

int cap_space_clear(struct cap_space *const *spaces, int nspaces, struct cap_space *s)
{
	struct space_set set;
	int err = space_set_init(&set, spaces, nspaces, s);
	if (err)
		return err;
	int n = 0;
	for (int i = 0; i < CAP_SLOTS; i++) {
		if (is_used(&s->slot[i])) {
			unlink_cap(&set, &s->slot[i]);
			n++;
		}
	}
	return n;
}
