/*
 * robust.c - robust critical sections (exos/robust.h).
 */
#include "exos/exos.h"
#include "exos/robust.h"
#include "signal.h"

#define SPINS 64          /* looks at a lock held on another hart before yielding */

struct robust_note robust_notes[ROBUST_HELD_MAX] EXOS_PRIVATE;
int robust_nnotes EXOS_PRIVATE;
int robust_deferred EXOS_PRIVATE;

void robust_left(void *obj)
{
	for (int i = robust_nnotes - 1; i >= 0; i--)
		if (robust_notes[i].obj == obj) {
			robust_notes[i] = robust_notes[--robust_nnotes];
			break;
		}
	if (robust_deferred && !robust_nnotes)
		robust_deferred_run();
}

void robust_deferred_run(void)
{
	robust_deferred = 0;
	exos_signal_sections_left();
}

int robust_held(void)
{
	return robust_nnotes;
}

void robust_abandon_all(void)
{
	while (robust_nnotes > 0) {
		const struct robust_note *n = &robust_notes[--robust_nnotes];
		n->w->cas(n->obj, exos_self, ROBUST_BROKEN);
	}
}

/* Whether the env with id has ended (its row shows another env or
 * none).  A word that is no env id at all counts as ended too. */
static int gone(uint32_t id)
{
	const volatile struct exos_env *e = &exos_envs[EXOS_ENV_SLOT(id)];

	return e->id != id || e->state == EXOS_ENV_FREE;
}

/* Let a live holder get on: a directed yield (it may be preempted
 * inside), or, when it runs on another hart, a short spin first. */
static void wait_for(uint32_t holder, unsigned spins)
{
	const volatile struct exos_env *e = &exos_envs[EXOS_ENV_SLOT(holder)];

	if (e->state == EXOS_ENV_RUNNING && spins < SPINS && exos_info->nharts > 1)
		return;
	if (sys_yield(holder) < 0)
		sys_yield(0);
}

int robust_enter(const struct robust_word *w, void *obj)
{
	uint32_t self = exos_self;

	for (unsigned spins = 0;; spins++) {
		long r = w->cas(obj, ROBUST_FREE, self);
		if (r) {
			if (r > 0)
				robust_note(w, obj);
			return r > 0 ? 0 : (int)r;
		}
		long cur = w->load(obj);
		if (cur < 0)
			return (int)cur;
		uint32_t c = (uint32_t)cur;
		if (c == ROBUST_FREE)
			continue;
		if (c == ROBUST_BROKEN || c == self || gone(c)) {
			if ((r = w->cas(obj, c, self)) < 0)
				return (int)r;
			if (!r)
				continue;
			/* The dead or faulted holder's stores are all seen. */
			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			robust_note(w, obj);
			return 1;
		}
		wait_for(c, spins);
	}
}

/* ---------------------------------------------------------------- memory */

static long mem_load(void *obj)
{
	return __atomic_load_n(&((struct robust_mem *)obj)->word, __ATOMIC_ACQUIRE);
}

static long mem_cas(void *obj, uint32_t old, uint32_t new)
{
	return __atomic_compare_exchange_n(&((struct robust_mem *)obj)->word, &old, new, 0,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

const struct robust_word robust_mem_word = { mem_load, mem_cas };

static uint64_t load_sized(volatile void *p, unsigned size)
{
	switch (size) {
	case 1:
		return *(volatile uint8_t *)p;
	case 2:
		return *(volatile uint16_t *)p;
	case 4:
		return *(volatile uint32_t *)p;
	default:
		return *(volatile uint64_t *)p;
	}
}

static void store_sized(volatile void *p, unsigned size, uint64_t v)
{
	switch (size) {
	case 1:
		*(volatile uint8_t *)p = (uint8_t)v;
		break;
	case 2:
		*(volatile uint16_t *)p = (uint16_t)v;
		break;
	case 4:
		*(volatile uint32_t *)p = (uint32_t)v;
		break;
	default:
		*(volatile uint64_t *)p = v;
	}
}

/* Write the logged values back, newest first: the state as it was at
 * the section's start or its last commit. */
static void rollback(struct robust_mem *m)
{
	for (uint32_t i = m->nlog < ROBUST_LOG_MAX ? m->nlog : ROBUST_LOG_MAX; i-- > 0;) {
		const struct robust_undo *u = &m->log[i];
		unsigned size = u->size == 1 || u->size == 2 || u->size == 4 ? u->size : 8;
		store_sized((volatile char *)m + u->off, size, u->old);
	}
	robust_mem_commit(m);
}

void robust_mem_lock_slow(struct robust_mem *m)
{
	if (robust_enter(&robust_mem_word, m) == 1)
		rollback(m);
}

void robust_mem_put(struct robust_mem *m, volatile void *field, unsigned size, uint64_t v)
{
	uint32_t n = m->nlog;

	if (n >= ROBUST_LOG_MAX)
		__builtin_trap();   /* a section longer than its log: stop here, rolled back */
	m->log[n] = (struct robust_undo){ (int32_t)((volatile char *)field - (volatile char *)m),
					  size, load_sized(field, size) };
	__atomic_store_n(&m->nlog, n + 1, __ATOMIC_RELEASE);
	/* No other hart may see the store before the entry that undoes it. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	store_sized(field, size, v);
}

void robust_mem_commit(struct robust_mem *m)
{
	__atomic_store_n(&m->nlog, 0, __ATOMIC_RELEASE);
}

