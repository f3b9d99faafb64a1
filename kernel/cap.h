/*
 * cap.h - hierarchically named capabilities (Xok; design.md,
 * "Capabilities").
 *
 * Every resource carries a guard name; a system call names one of the
 * caller's capability slots, and cap_check() is the one test it makes
 * before touching the resource.  Envs make narrower capabilities
 * (longer name, fewer rights) with cap_derive(), hand them to others
 * with cap_grant(), and take back everything made from one with
 * cap_revoke().
 *
 * Lineage: every capability records the id of its nearest live
 * ancestor (parent).  Deleting a capability hands its children to its
 * own parent, so a holder cannot escape a revocation by deleting the
 * link in between; revoking removes all descendants.  Hence the
 * invariant the callers keep by going through this interface only:
 * every live capability's parent is 0 or the id of a live capability
 * with a smaller id, a prefix of its name and a superset of its rights.
 *
 * Functions that reach across envs (revoke, delete, clear) take
 * `spaces`, the list of every live cap space (the env table; NULL
 * entries are skipped).  The space being operated on is always
 * searched too, whether or not it is in the list.
 *
 * Callers hold kernel_big_lock.  Errors are -E_* (exos/errno.h) and
 * leave every space unchanged.
 */
#ifndef KERNEL_CAP_H
#define KERNEL_CAP_H

#include "klib.h"
#include "exos/cap.h"

#define CAP_MAX_COMP  EXOS_CAP_MAX_COMP
#define CAP_SLOTS     EXOS_CAP_SLOTS
#define CAP_R         EXOS_CAP_R
#define CAP_W         EXOS_CAP_W
#define CAP_X         EXOS_CAP_X
#define CAP_GRANT     EXOS_CAP_GRANT
#define CAP_RIGHTS    EXOS_CAP_RIGHTS

/* One env's capabilities.  Exported read-only as struct exos_cap_space,
 * so it holds nothing else. */
struct cap_space {
	struct exos_cap slot[CAP_SLOTS];
};

_Static_assert(sizeof(struct cap_space) == sizeof(struct exos_cap_space),
	       "struct cap_space is exported as struct exos_cap_space");

/* The id the next capability gets; ids are never reused (2^64 of them
 * last centuries at one per nanosecond). */
extern uint64_t cap_next_id;

/* True when cap's name is a prefix of guard's (equal names included;
 * the root dominates everything).  A name longer than CAP_MAX_COMP
 * dominates nothing and is dominated by nothing. */
bool cap_name_dominates(const struct exos_cap_name *cap, const struct exos_cap_name *guard);

/* Empty every slot.  Only for a space no capability descends from
 * (a new env); use cap_space_clear() on a live one. */
void cap_space_init(struct cap_space *s);

/* Kernel only: seed a capability (e.g. the root capability of init).
 * slot -1 takes the first empty one.  parent is 0 or the id of a live
 * capability.  Returns the slot; -E_RANGE for a slot outside
 * [-1, CAP_SLOTS), -E_INVAL for a name longer than CAP_MAX_COMP or
 * reserved rights, -E_BUSY if the slot is taken, -E_NOMEM if none is
 * free. */
int cap_install(struct cap_space *s, int slot, const struct exos_cap_name *name,
		uint16_t rights, uint64_t parent);

/* The check every system call makes: may capability idx of s be used
 * with rights `need` on a resource guarded by `guard`?  Returns 0;
 * -E_RANGE if idx is outside [0, CAP_SLOTS), -E_NOCAP if the slot is
 * empty or its name does not dominate guard, -E_PERM if it lacks a
 * right in need.  Errors come in that order. */
int cap_check(const struct cap_space *s, int idx, const struct exos_cap_name *guard,
	      uint16_t need);

/* Make a narrower capability from s's slot src: its name extended by
 * extra[0..nextra) (copied into kernel memory by the caller), with
 * `rights`, into slot dst (-1: the first empty one).  Returns dst;
 * -E_RANGE if src or dst is out of range or the name would exceed
 * CAP_MAX_COMP (or nextra < 0), -E_NOCAP if src is empty, -E_PERM if src
 * lacks CAP_GRANT or rights are not a subset of src's, -E_BUSY if dst
 * is taken, -E_NOMEM if dst is -1 and no slot is free. */
int cap_derive(struct cap_space *s, int src, int dst, const uint32_t *extra, int nextra,
	       uint16_t rights);

/* Copy capability idx of `from`, with `rights`, into the first empty
 * slot of `to` (which may be `from`).  The copy is a child of the
 * source.  Returns its slot in `to`; -E_RANGE, -E_NOCAP, -E_PERM (no
 * CAP_GRANT, or rights not a subset), -E_NOMEM if `to` is full. */
int cap_grant(struct cap_space *from, int idx, struct cap_space *to, uint16_t rights);

/* Remove every capability derived or granted, directly or not, from
 * owner's slot idx, in owner and in every space of spaces[0..nspaces);
 * the capability itself stays.  Returns how many were removed;
 * -E_INVAL for nspaces < 0 or a NULL list or owner, -E_RANGE, -E_NOCAP,
 * -E_PERM if the capability lacks CAP_GRANT.  Costs O(total slots) per
 * capability removed. */
int cap_revoke(struct cap_space *const *spaces, int nspaces, struct cap_space *owner,
	       int idx);

/* Empty slot idx of s; no right is needed to drop one's own
 * capability.  Its children, in any space, become children of its
 * parent.  Returns 0; -E_INVAL (as cap_revoke), -E_RANGE, -E_NOCAP if
 * the slot is empty. */
int cap_delete(struct cap_space *const *spaces, int nspaces, struct cap_space *s, int idx);

/* cap_delete() every capability of s (an env being destroyed).
 * Returns how many there were; -E_INVAL as cap_revoke. */
int cap_space_clear(struct cap_space *const *spaces, int nspaces, struct cap_space *s);

/* Names for guards and seeds. */
static inline struct exos_cap_name cap_name0(void)
{
	return (struct exos_cap_name){ .len = 0 };
}

static inline struct exos_cap_name cap_name1(uint32_t a)
{
	return (struct exos_cap_name){ .len = 1, .comp = { a } };
}

static inline struct exos_cap_name cap_name2(uint32_t a, uint32_t b)
{
	return (struct exos_cap_name){ .len = 2, .comp = { a, b } };
}

static inline struct exos_cap_name cap_name3(uint32_t a, uint32_t b, uint32_t c)
{
	return (struct exos_cap_name){ .len = 3, .comp = { a, b, c } };
}

static inline struct exos_cap_name cap_name4(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	return (struct exos_cap_name){ .len = 4, .comp = { a, b, c, d } };
}

/*
 * Guards: the name each kind of resource carries, one function per
 * namespace of exos/cap.h.  A system call builds the guard of the
 * resource it names and hands it to cap_check.
 */

/* Env id: creating mappings in it, starting, destroying, its entries. */
static inline struct exos_cap_name cap_guard_env(uint32_t id)
{
	return cap_name2(EXOS_NS_ENV, id);
}

/* Every page env owner owns. */
static inline struct exos_cap_name cap_guard_page(uint32_t owner)
{
	return cap_name2(EXOS_NS_PAGE, owner);
}

/* Position pos of hart index hart's slice vector. */
static inline struct exos_cap_name cap_guard_slice(uint32_t hart, uint32_t pos)
{
	return cap_name3(EXOS_NS_SLICE, hart, pos);
}

#endif
