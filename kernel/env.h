/*
 * env.h - environments: the kernel's only notion of a running thing
 * (design.md, "Environments and the processor").
 *
 * An env has an Sv39 address space, a capability list, a save area for
 * upcalls, four upcall entry points and accounting.  It has two register
 * contexts (struct activation): `own`, its own thread of control, and
 * `call`, the activation that serves a protected control transfer (PCT)
 * into it.  `act` points at the one that runs next.  All fields are
 * guarded by kernel_big_lock.
 */
#ifndef KERNEL_ENV_H
#define KERNEL_ENV_H

#include "cap.h"
#include "pred.h"
#include "vm.h"
#include "exos/env.h"
#include "exos/errno.h"
#include "hart.h"

struct stlb_entry {
	uint64_t va;                  /* the page's address; bit 0: the binding is only
				       * here, not in the tree */
	pte_t pte;
};

/* One register context of an env (Aegis): its own thread, or the
 * activation that serves a protected control transfer into it.  The
 * registers, the floating-point state and what it waits for when asleep
 * all belong to the activation, so a PCT handler that computes or sleeps
 * leaves the thread it interrupted untouched. */
struct activation {
	struct trapframe tf;
	struct exos_pred pred;        /* asleep: wake when true (nterms 0: no predicate) */
	uint64_t wake_at;             /* asleep: wake at this time, or EXOS_NO_DEADLINE */
	uint32_t wake_hart;           /* asleep: hart index whose timer is armed for wake_at */
	uint64_t fp_stamp;            /* 0: its FP registers are all zero; else fp holds
				       * them, saved under this stamp (sched.c) */
	uint64_t fp[33];              /* f0-f31, fcsr */
};

struct env {
	uint32_t id;
	enum exos_env_state state;    /* set with env_set_state (exported with it) */
	uint32_t parent;
	uint32_t flags;               /* EXOS_ENV_F_* */
	struct uspace us;
	struct cap_space *caps;       /* exported read-only at EXOS_CAPS_VA */
	ppn_t caps_ppn;
	struct exos_save *save;       /* kernel view of the save area */
	ppn_t save_ppn;
	uint64_t entry[EXOS_NENTRIES];
	struct activation *act;       /* &own or &call: what runs next */
	uint32_t in_call;             /* caller id while serving a PCT, else 0 */
	uint32_t call_kind;           /* EXOS_PCT_SYNC / _ASYNC while in_call */
	uint32_t waiting_on;          /* PCT_WAIT: the callee's id */
	int hart;                     /* hart index while RUNNING, else -1 */
	struct {                      /* tlb.c's; hart masks have a bit per hart index */
		uint64_t space;       /* arch_mm_space of its table with its ASID */
		uint64_t gen;         /* the ASID generation of asid; 0: none yet */
		uint32_t asid;
		uint32_t ran;         /* harts that ran it since it got asid */
		uint32_t ok;          /* of those, harts where switching to it needs no flush */
	} tlb;
	uint64_t grace_deadline;      /* nonzero: slice-end upcall delivered */
	uint64_t grace_instret;       /* hart instret when the grace period began */
	int yielded;                  /* yielded since its last slice-end upcall */
	uint32_t offences;
	uint32_t npages;              /* pages it owns (pmem_owner_hook) */
	uint32_t nslices;             /* slice positions it holds, all harts */
	uint64_t runs;                /* times it was bound to a hart */
	struct stlb_entry *stlb;      /* its software TLB (stlb.h) */
	uint32_t stlb_only;           /* bindings only in the STLB: misses go to the kernel */
	uint64_t guaranteed[8][2];    /* [va, end) ranges never dropped */
	uint32_t prev_state;          /* state to go back to when a PCT activation ends */
	int dying_status;             /* DYING: the exit status to record */
	uint64_t notes;               /* pending notifications (note.h), exported */
	uint64_t alarm_at;            /* env_alarm: the time to post alarm_bits at */
	uint64_t alarm_bits;          /* 0: no alarm */
	uint32_t alarm_hart;          /* hart index whose timer is armed for it */
	int dying;                    /* destroyed while running elsewhere: its hart
				       * ends it at its next pass through the scheduler,
				       * whatever state a system call it was already in
				       * (sleep_until, pct) set meanwhile */
	/* Last: large, and the fields above are on every switch's path
	 * (small offsets from e are one instruction each). */
	struct activation own;        /* its own thread of control */
	struct activation call;       /* a PCT activation */
};

extern struct env envs[EXOS_MAX_ENVS];
extern struct exos_env *env_table;    /* the exported copy */

/* The registers of the activation that runs next. */
static inline struct trapframe *env_tf(struct env *e)
{
	return &e->act->tf;
}


/* Allocate the exported pages; call once at boot. */
void env_init(void);
/* Put the info page, env table, slice vectors and page table in the
 * export region every env maps (after env_init and sched_init), and the
 * boot archive if the boot loader passed one. */
void env_export_pages(paddr_t initrd_pa, uint64_t initrd_size);
/* The env with this id, or NULL (stale generation, free slot, id 0).
 * Inline, as env_by_cap: on every call that names an env. */
static inline struct env *env_get(uint32_t id)
{
	struct env *e = &envs[EXOS_ENV_SLOT(id)];

	if (id == 0 || e->id != id || e->state == EXOS_ENV_FREE)
		return 0;
	return e;
}

/* Env id into *out when me's capability cap dominates its guard with
 * rights need: 0, cap_check's errors, or -E_NOENT (no such env). */
static inline int env_by_cap(struct env *me, int cap, uint32_t id, uint16_t need,
			     struct env **out)
{
	struct exos_cap_name g = cap_guard_env(id);
	int err = cap_check(me->caps, cap, &g, need);

	if (err)
		return err;
	*out = env_get(id);
	return *out ? 0 : -E_NOENT;
}
/* A new env in state CREATED with an empty address space holding only
 * the exported pages and its save area; *out on success.
 * 0, -E_NOMEM (no slot or no memory). */
int env_alloc(uint32_t parent, uint32_t flags, struct env **out);
/* A zeroed page owned by e, of type, mapped at va with perms (one
 * reference); returns its kernel address (and *ppn_out), or NULL without
 * memory. */
void *env_map_new_page(struct env *e, vaddr_t va, uint64_t perms, enum exos_page_type type,
		       ppn_t *ppn_out);
/* Make e RUNNABLE at pc with sp and a0 = arg, a1 = its id. */
void env_start(struct env *e, vaddr_t pc, vaddr_t sp, uint64_t arg);
/* Tear e down: unbind from harts, slices and PCT partners (who get
 * -E_DEAD), free every page it owns and its table pages, record status.
 * The caller must not be running on e's frames afterwards. */
void env_destroy(struct env *e, int status);
/* End e with status: env_destroy, or for init init_env_exit, which
 * stops the machine. */
void env_kill(struct env *e, int status);
/* The parent caller has read ended env id's exit status: its slot may be
 * reused.  0, -E_NOENT (no such ended env), -E_PERM (not its parent). */
int env_reap(uint32_t caller, uint32_t id);
/* Refresh e's row of the exported table: every field from e. */
void env_export(const struct env *e);

/* Change e's state, in the exported row too (inline: several times on
 * every PCT). */
static inline void env_set_state(struct env *e, enum exos_env_state state)
{
	e->state = state;
	env_table[EXOS_ENV_SLOT(e->id)].state = state;
}
/* The env's cap space pointers, for cap_revoke over all envs. */
int env_all_caps(struct cap_space **out, int max);
/* pred_read_fn over e's address space (ctx = e): the word at va, or -1
 * when e may not read it. */
int env_pred_readable(void *ctx, uint64_t va, int size, uint64_t *out);

#endif
