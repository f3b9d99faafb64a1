/*
 * exos/cap.h - capabilities as user space sees them.
 *
 * Every env has EXOS_CAP_SLOTS capability slots, which the kernel
 * exports read-only into its address space (exos/layout.h,
 * EXOS_CAPS_VA); system calls name a capability by its slot index.
 * A capability is a hierarchical name plus rights (Xok): it covers
 * every resource whose guard name its own name is a prefix of, so a
 * shorter name is a more powerful one and the empty name (the root)
 * covers everything.  Capabilities form trees: each records the id of
 * the capability it was derived or granted from, and revoking a
 * capability removes everything below it, in every env.
 */
#ifndef EXOS_CAP_H
#define EXOS_CAP_H

#define EXOS_CAP_MAX_COMP  6    /* components in a name */
#define EXOS_CAP_SLOTS     32   /* capability slots per env */

/*
 * Namespaces: the first component of every guard name, one per kind of
 * resource.  A new kind of resource is one line here and one guard
 * function beside the capability code (kernel/cap.h, cap_guard_*).
 * Numbers are ABI: never reuse one.
 */
#define EXOS_NS_ENV    1   /* [EXOS_NS_ENV, id]: control of env id */
#define EXOS_NS_PAGE   2   /* [EXOS_NS_PAGE, owner]: the pages env owner owns */
#define EXOS_NS_SLICE  3   /* [EXOS_NS_SLICE, hart, position]: a time slice */
#define EXOS_NS_SWR    4   /* [EXOS_NS_SWR, id]: software region id (exos/swregion.h) */

/* The slots every env starts with (env_create fills them). */
#define EXOS_CAP_SELF  0   /* [EXOS_NS_ENV, self]: control of oneself */
#define EXOS_CAP_PAGES 1   /* [EXOS_NS_PAGE, self]: one's own pages */
#define EXOS_CAP_ROOT  2   /* init only: the root, which dominates every guard */

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

/* Rights.  Bits outside EXOS_CAP_RIGHTS are reserved: no capability has them. */
#define EXOS_CAP_R       0x0001u
#define EXOS_CAP_W       0x0002u
#define EXOS_CAP_X       0x0004u
#define EXOS_CAP_GRANT   0x0008u  /* may derive, grant and revoke */
#define EXOS_CAP_RIGHTS  0x000fu

/* struct exos_cap.flags */
#define EXOS_CAP_F_USED  0x0001u  /* the slot holds a capability */

struct exos_cap_name {
	uint32_t len;                        /* 0..EXOS_CAP_MAX_COMP; 0 is the root */
	uint32_t comp[EXOS_CAP_MAX_COMP];    /* comp[len..] are zero in a slot */
};

/* One slot.  An empty slot is all zero. */
struct exos_cap {
	uint64_t id;                 /* unique for the kernel's lifetime, never 0 */
	uint64_t parent;             /* id of the nearest live ancestor, 0 for none */
	struct exos_cap_name name;
	uint16_t rights;             /* EXOS_CAP_R | ... */
	uint16_t flags;              /* EXOS_CAP_F_USED */
};

/* The exported list at EXOS_CAPS_VA. */
struct exos_cap_space {
	struct exos_cap slot[EXOS_CAP_SLOTS];
};

_Static_assert(sizeof(struct exos_cap_name) == 28, "struct exos_cap_name is ABI");
_Static_assert(offsetof(struct exos_cap, name) == 16, "struct exos_cap is ABI");
_Static_assert(offsetof(struct exos_cap, rights) == 44, "struct exos_cap is ABI");
_Static_assert(sizeof(struct exos_cap) == 48, "struct exos_cap is ABI");
_Static_assert(_Alignof(struct exos_cap) == 8, "struct exos_cap is ABI");
_Static_assert(sizeof(struct exos_cap_space) == 48 * EXOS_CAP_SLOTS,
	       "struct exos_cap_space is ABI");
#endif

#endif
