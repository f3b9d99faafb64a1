/*
 * exec.c - running one call through the register-checking stubs
 * (stubs.S) and the register oracle; the fault handler that recovers
 * from hostile resumes; the PCT handler.
 *
 * The register oracle, after every call that comes back:
 *  - sp, gp, tp, ra, s0-s11, fs0-fs11 and fcsr are what they were
 *    (exos/syscall.h: a system call preserves them like a C call; the
 *    FP state belongs to the activation, so fcsr too);
 *  - no register, integer or FP, holds a canary of another env or of
 *    this env's other activation (each activation has its own
 *    registers: kernel/env.h);
 *  - a resume that lands has exactly the save area's pc, sp, ra, t0-t5
 *    and a0-a7 (and s0-s11 for the fused calls).
 */
#include <stdio.h>
#include <string.h>
#include "fuzz.h"

struct fz_regs {
	uint64_t in[32], fin[32], sv[32];
	uint64_t out[32], fout[32];
	uint64_t fcsr_out, fcsr_in;
	uint64_t save_pc, save_sp, landed, sp_in;
};
_Static_assert(offsetof(struct fz_regs, sv) == FZ_SV, "stubs.S offsets");
_Static_assert(offsetof(struct fz_regs, out) == FZ_OUT, "stubs.S offsets");
_Static_assert(offsetof(struct fz_regs, fcsr_in) == FZ_FCSR_IN, "stubs.S offsets");
_Static_assert(offsetof(struct fz_regs, landed) == FZ_LANDED, "stubs.S offsets");
_Static_assert(offsetof(struct fz_regs, sp_in) == FZ_SP_IN, "stubs.S offsets");
_Static_assert(sizeof(struct fz_regs) == FZ_REGS_SIZE, "stubs.S offsets");

/* The own thread's state (the PCT handler starts from a copy). */
struct fz_state *fz_own_state;

static const uint8_t callee_saved[] = { 1, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27 };
static const uint8_t fcallee_saved[] = { 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27 };
static const char *const fname[32] = {
	[8] = "fs0", [9] = "fs1", [18] = "fs2", [19] = "fs3", [20] = "fs4", [21] = "fs5",
	[22] = "fs6", [23] = "fs7", [24] = "fs8", [25] = "fs9", [26] = "fs10", [27] = "fs11",
};
static const char *const xname[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3",
	"a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
	"t3", "t4", "t5", "t6",
};

/* A value another env (or this env's other activation) made: a canary
 * whose tag is not ours but a worker's, running or among the last
 * FZ_PAST ended.  (Only workers make canaries; that excludes the bare
 * magic, tag 0, which the compiler keeps in a register to make them,
 * and values the kernel derives from random arguments that happen to
 * begin with the magic, e.g. a length times 4.) */
int fz_foreign(const struct fz_state *s, uint64_t v)
{
	uint32_t id = fz_canary_tag(v) & 0x7fffffff;

	if (!fz_is_canary(v) || fz_canary_tag(v) == s->tag || !id)
		return 0;
	if (fz_is_worker(id))
		return 1;
	for (uint32_t i = 0; i < FZ_PAST; i++)
		if (fz_ctl->past[i] == id)
			return 1;
	return 0;
}

/* Fill r with this call's canaries and arguments. */
static void regs_load(struct fz_state *s, struct fz_regs *r, const struct fz_call *c)
{
	/* 16 bits of position: the call number's low 8, the register. */
	uint64_t base = fz_canary(s->tag, (uint32_t)s->seq << 8);

	for (uint64_t i = 0; i < 32; i++) {
		r->in[i] = base + i;
		r->fin[i] = base + 0x20 + i;
		r->sv[i] = base + 0x40 + i;
	}
	for (int i = 0; i < 7; i++)
		r->in[10 + i] = c->a[i];
	r->in[17] = c->nr;
	for (unsigned i = 0; i < sizeof(callee_saved); i++)
		r->sv[callee_saved[i]] = r->in[callee_saved[i]];
	/* frm 0-4 (valid rounding modes) and some flags, all ours. */
	r->fcsr_in = (fz_next(&s->rng) % 5) << 5 | (fz_next(&s->rng) & 0x1f);
	r->save_pc = c->save_pc;
	r->save_sp = c->save_sp;
	r->landed = 0;
}

/* Every register that differs from what the oracle wants, on one line
 * (which ones changed tells a lost frame from one lost register). */
static void fail_regs(struct fz_state *s, const struct fz_call *c, const struct fz_regs *r,
		      const uint64_t want[32], const uint64_t fwant[32], const char *how)
{
	char text[768];
	unsigned n = 0;

	for (int i = 1; i < 32; i++)
		if (want[i] != ~0UL && r->out[i] != want[i])
			n += (unsigned)snprintf(text + n, sizeof(text) - n, " %s=%lx(not %lx)", xname[i],
						(unsigned long)r->out[i], (unsigned long)want[i]);
	for (int i = 0; i < 32 && n < sizeof(text); i++)
		if (fwant[i] != ~0UL && r->fout[i] != fwant[i])
			n += (unsigned)snprintf(text + n, sizeof(text) - n, " f%d=%lx(not %lx)", i,
						(unsigned long)r->fout[i], (unsigned long)fwant[i]);
	/* All of them, for the report. */
	printf("fuzz: w%u registers after the call:", s->slot);
	for (int i = 1; i < 32; i++)
		printf(" %s=%lx", xname[i], (unsigned long)r->out[i]);
	for (int i = 0; i < 32; i++)
		printf(" f%d=%lx", i, (unsigned long)r->fout[i]);
	printf(" fcsr=%lx (in %lx)\n", (unsigned long)r->fcsr_out, (unsigned long)r->fcsr_in);
	fz_fail(s, "%s %s: registers changed:%s", fz_call_name(c->nr), how, text);
}

static void check_reg(struct fz_state *s, const struct fz_call *c, const char *what,
		      uint64_t got, uint64_t want)
{
	if (got != want)
		fz_fail(s, "%s: %s is %016lx after the call, was %016lx", fz_call_name(c->nr), what,
			(unsigned long)got, (unsigned long)want);
}

/* The oracle for a call that came back after its ecall (landed 0). */
static void regs_check_returned(struct fz_state *s, const struct fz_call *c,
				const struct fz_regs *r, uint64_t sp, uint64_t gp, uint64_t tp)
{
	uint64_t want[32], fwant[32];
	int bad = r->out[2] != sp || r->out[3] != gp || r->out[4] != tp;

	for (unsigned i = 0; i < sizeof(callee_saved); i++)
		bad |= r->out[callee_saved[i]] != r->in[callee_saved[i]];
	for (unsigned i = 0; i < sizeof(fcallee_saved); i++)
		bad |= r->fout[fcallee_saved[i]] != r->fin[fcallee_saved[i]];
	if (bad) {
		memset(want, 0xff, sizeof(want));
		memset(fwant, 0xff, sizeof(fwant));
		want[2] = sp, want[3] = gp, want[4] = tp;
		for (unsigned i = 0; i < sizeof(callee_saved); i++)
			want[callee_saved[i]] = r->in[callee_saved[i]];
		for (unsigned i = 0; i < sizeof(fcallee_saved); i++)
			fwant[fcallee_saved[i]] = r->fin[fcallee_saved[i]];
		fail_regs(s, c, r, want, fwant, "returned");
	}
	check_reg(s, c, "fcsr", r->fcsr_out, r->fcsr_in);
}

/* The oracle for a resume that landed: the save area's registers. */
static void regs_check_landed(struct fz_state *s, const struct fz_call *c,
			      const struct fz_regs *r, uint64_t gp, uint64_t tp)
{
	static const uint8_t reloaded[] = { 1, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 28, 29, 30 };

	check_reg(s, c, "sp (resumed)", fz_land[0], c->save_sp ? c->save_sp : r->sp_in);
	check_reg(s, c, "gp", r->out[3], gp);
	check_reg(s, c, "tp", r->out[4], tp);
	for (unsigned i = 0; i < sizeof(reloaded); i++)
		check_reg(s, c, xname[reloaded[i]], r->out[reloaded[i]], r->sv[reloaded[i]]);
	for (unsigned i = 1; i < sizeof(callee_saved); i++)
		check_reg(s, c, xname[callee_saved[i]], r->out[callee_saved[i]],
			  r->in[callee_saved[i]]);
	for (unsigned i = 0; i < sizeof(fcallee_saved); i++)
		check_reg(s, c, fname[fcallee_saved[i]], r->fout[fcallee_saved[i]],
			  r->fin[fcallee_saved[i]]);
	check_reg(s, c, "fcsr", r->fcsr_out, r->fcsr_in);
}

static void regs_check_foreign(struct fz_state *s, const struct fz_call *c,
			       const struct fz_regs *r)
{
	for (int i = 1; i < 32; i++)
		if (fz_foreign(s, r->out[i]) && !(i == 31 && r->landed))
			fz_fail(s, "%s: %s holds %016lx, a value of env %u%s", fz_call_name(c->nr),
				xname[i], (unsigned long)r->out[i],
				fz_canary_tag(r->out[i]) & 0x7fffffff,
				fz_canary_tag(r->out[i]) >> 31 ? " (PCT activation)" : "");
	for (int i = 0; i < 32; i++)
		if (fz_foreign(s, r->fout[i]))
			fz_fail(s, "%s: f%d holds %016lx, a value of env %u%s", fz_call_name(c->nr), i,
				(unsigned long)r->fout[i], fz_canary_tag(r->fout[i]) & 0x7fffffff,
				fz_canary_tag(r->fout[i]) >> 31 ? " (PCT activation)" : "");
}

/* The own thread made a hostile resume: its next fault goes on to
 * fz_recover_point.  (Only the own thread's: a PCT may come between any
 * two of its instructions, and a fault of the PCT handler then must not
 * be taken for it.) */
static volatile int recover_armed;
static volatile uint64_t recover_cause, recover_tval;

static struct fz_regs own_regs, pct_regs;
static struct fz_state pct_state;
extern char fz_pct_stack[], fz_pct_stack_top[];

/* The stub's frame is still on the page it was (its r pointer, at
 * offset 224 of the frame: stubs.S F_R). */
static int stack_frame_intact(struct fz_state *s, const struct fz_regs *r)
{
	long pte = sys_pte_read(EXOS_CAP_SELF, s->self, r->sp_in);

	return pte >= 0 && (pte & EXOS_PTE_R) &&
	       *(const volatile uint64_t *)(r->sp_in + 224) == (uint64_t)r;
}

void fz_run(struct fz_state *s, struct fz_call *c, int pct)
{
	struct fz_regs *r = pct ? &pct_regs : &own_regs;
	uint64_t gp, tp;

	__asm__ volatile("mv %0, gp\n mv %1, tp" : "=r"(gp), "=r"(tp));
	regs_load(s, r, c);
	c->before = exos_rdtime();
	if (c->kind == FZ_K_RESUME) {
		recover_armed = 1;
		fz_call_resume(r);
		recover_armed = 0;
		exos_save->active = 0;   /* the call failed: we are no upcall */
	} else {
		fz_call_plain(r);
	}
	c->landed = (int)r->landed;
	c->ret = (int64_t)r->out[10];
	for (int i = 0; i < 6; i++)
		c->r[i] = r->out[10 + i];
	if (c->landed == 2) {
		c->fault_cause = recover_cause;
		c->fault_tval = recover_tval;
		return;     /* nothing of the registers is promised */
	}
	if (c->landed == 1) {
		regs_check_landed(s, c, r, gp, tp);
		c->ret = 0;   /* a0 is the save area's: the trace shows the landing */
	}
	else
		regs_check_returned(s, c, r, r->sp_in, gp, tp);
	regs_check_foreign(s, c, r);
}

/* Exception and fault handler (libexos upcalls).  A hostile resume's
 * fault goes on to fz_recover_point; a fault in the stub's dump means
 * the kernel broke sp; anything else is a peer's doing (it unmapped or
 * remapped our memory, or changed our entries): the worker ends. */
int fz_handler(uint64_t cause, uint64_t tval, uint64_t epc)
{
	/* Which activation faulted: the PCT handler runs on its own stack. */
	uint64_t sp = exos_save->regs[2];
	int pct = sp > (uint64_t)fz_pct_stack && sp <= (uint64_t)fz_pct_stack_top;
	struct fz_state *s = pct ? &pct_state : fz_own_state;

	if (recover_armed && !pct) {
		recover_armed = 0;
		recover_cause = cause;
		recover_tval = tval;
		exos_save->regs[0] = (uint64_t)fz_recover_point;
		exos_save->regs[2] = fz_land[1];
		return 0;
	}
	if (s && (cause == 13 || cause == 15) && epc >= (uint64_t)fz_dump_begin &&
	    epc < (uint64_t)fz_dump_end) {
		/* The kernel broke sp, or a peer took our stack page away (a
		 * fresh page then holds nothing of the stub's frame). */
		const struct fz_regs *r = s->tag >> 31 ? &pct_regs : &own_regs;
		if (!stack_frame_intact(s, r))
			fz_quit(s, FZ_DONE_DISTURBED);
		fz_fail(s, "a fault in the register dump after a call (cause %lu, tval %lx): "
			"the kernel returned with a bad sp", (unsigned long)cause,
			(unsigned long)tval);
	}
	if (s)
		fz_quit(s, FZ_DONE_FAULT);
	return 1;
}

/* ---------------------------------------------------------------- PCT */

extern uint64_t fz_pct_res[6];   /* stubs.S: pct_return takes them from here */
int fz_pct_calls_max = 3;

/* Registers at the PCT entry: a0-a7 are the call's, the rest the PCT
 * activation's own (kernel/pct.c), never the caller's or our own
 * thread's. */
static void pct_check_entry(struct fz_state *p)
{
	for (int i = 1; i < 31; i++)
		if ((i < 10 || i > 17) && fz_foreign(p, fz_pct_dump[i]))
			fz_fail(p, "PCT entry: %s holds %016lx, a value of env %u%s", xname[i],
				(unsigned long)fz_pct_dump[i], fz_canary_tag(fz_pct_dump[i]) & 0x7fffffff,
				fz_canary_tag(fz_pct_dump[i]) >> 31 ? " (PCT)" : "");
	for (int i = 0; i < 32; i++)
		if (fz_foreign(p, fz_pct_dump[32 + i]))
			fz_fail(p, "PCT entry: f%d holds %016lx, a value of env %u", i,
				(unsigned long)fz_pct_dump[32 + i],
				fz_canary_tag(fz_pct_dump[32 + i]) & 0x7fffffff);
}

/* Serve a PCT: check the entry, make up to fz_pct_calls_max calls of
 * the handler's kinds (calls.c), return results.  It runs between any
 * two instructions of the own thread, so it has its own state and
 * only reads the own thread's pools. */
void fz_pct_handler(long a0, long a1, long a2, long a3, long a4, long a5, uint32_t caller,
		    uint32_t kind)
{
	struct fz_state *own = fz_own_state, *p = &pct_state;

	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5, (void)kind;
	if (!own)
		return;
	*p = *own;
	p->tag = own->tag | 0x80000000u;
	p->rng.s = fz_mix(own->seq ^ own->rng.s, (uint64_t)a0 ^ caller);
	pct_check_entry(p);
	__atomic_fetch_add(&fz_ctl->w[own->slot].pcts, 1, __ATOMIC_RELAXED);
	unsigned n = (unsigned)fz_below(&p->rng, (uint64_t)fz_pct_calls_max + 1);
	for (unsigned i = 0; i < n && !fz_ctl->stop; i++) {
		struct fz_call c;
		fz_make(p, &c, 1);
		struct fz_rec *r = fz_trace_begin(p, 1, &c);
		fz_run(p, &c, 1);
		fz_trace_end(p, r, &c, 1);
		fz_check(p, &c, 1);
		p->seq++;
	}
	fz_pct_res[0] = (uint64_t)a0 ^ 0x5a5a;
	fz_pct_res[1] = own->self;
	for (int i = 2; i < 6; i++)
		fz_pct_res[i] = fz_word(p);
}

/* Take PCTs at fz_pct_entry. */
void fz_pct_setup(void)
{
	sys_env_set_entry(EXOS_CAP_SELF, exos_self, EXOS_ENTRY_PCT, (uintptr_t)fz_pct_entry);
	sys_env_set_flags(EXOS_CAP_SELF, exos_self, EXOS_ENV_F_LEFTOVER | EXOS_ENV_F_ACCEPT_PCT);
}
