/*
 * upcall.c - see upcall.h.
 */
#include "upcall.h"

static const unsigned clobbered[] = { EXOS_UPCALL_CLOBBERED };

bool upcall_enter(struct env *e, enum exos_entry kind, uint64_t cause, uint64_t tval,
		  uint64_t a0, uint64_t a1)
{
	struct trapframe *tf = env_tf(e);
	struct exos_save *sv = e->save;
	uint64_t entry = e->entry[kind];

	if (!sv || sv->active || !entry)
		return false;
	sv->regs[EXOS_REG_PC] = tf_pc(tf);
	for (unsigned i = 0; i < ARRAY_SIZE(clobbered); i++)
		sv->regs[clobbered[i]] = tf_reg(tf, clobbered[i]);
	sv->cause = cause;
	sv->tval = tval;
	sv->active = entry;
	sv->kind = kind;
	tf_set_reg(tf, EXOS_REG_A0, a0);
	tf_set_reg(tf, EXOS_REG_A1, a1);
	tf_set_reg(tf, EXOS_REG_A2, tf_pc(tf));
	tf_set_pc(tf, entry);
	return true;
}
