/*
 * calls_generic.c - a recipe for any system call from its row of
 * kernel/syscalls.tbl alone: each argument drawn from the pool of its
 * kind (exos/sysno.h, SYS_LIST: capability index, page number, user
 * address, pointer, 32-bit integer, word).  calls.c gives one to every
 * call no recipe names, so a call the kernel gains is fuzzed from the
 * day it lands, with the register, canary and invariant oracles (its
 * results are not checked: that takes a recipe of its own).
 */
#include "calls.h"

#define KINDS(nr, name, nargs, kinds) [nr] = kinds,
static const char *const kinds[FZ_NCALLS] = { SYS_LIST(KINDS) };

int fz_call_exists(unsigned nr)
{
	return nr < FZ_NCALLS && kinds[nr];
}

/* A pointer for the kernel to read or write: words of every kind in a
 * buffer of ours, or an address nobody may use (never one of our own
 * pages: the kernel could write our canaries through it). */
static uint64_t pointer(struct fz_state *s)
{
	uint64_t *w = fz_bufs(s)->words;

	if (fz_chance(&s->rng, 4))
		return fz_unreadable_va(s);
	for (int i = 0; i < 64; i++)
		w[i] = fz_word(s);
	return (uint64_t)w;
}

static uint64_t of_kind(struct fz_state *s, char kind)
{
	switch (kind) {
	case 'c': return (uint64_t)fz_cap(s);
	case 'p': return fz_ppn(s);
	case 'v': return fz_va(s);
	case 'b': return pointer(s);
	case 'i': return fz_chance(&s->rng, 2) ? fz_env(s) : (uint32_t)fz_word(s);
	default: return fz_word(s);
	}
}

static void make_generic(struct fz_state *s, struct fz_call *c)
{
	unsigned nr = fz_recipe_nr(c->recipe);
	const char *k = kinds[nr];

	c->nr = (uint16_t)nr;
	for (unsigned i = 0; k[i] && i < 7; i++)
		c->a[i] = of_kind(s, k[i]);
	EXPECT(c, ANY);
}

struct recipe fz_recipe_generic_for(unsigned nr)
{
	return (struct recipe){ fz_call_name(nr), (uint16_t)nr, 100, 0, make_generic, 0 };
}
