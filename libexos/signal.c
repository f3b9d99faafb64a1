/*
 * signal.c - POSIX signals on the kernel's notifications (exos/env.h,
 * EXOS_INTR_NOTE): signal n is notification bit n-1.  Sending is one
 * env_notify to the target (kill), to oneself (raise), or to every
 * member of a process group; the kernel posts EXOS_NOTE_CHILD (SIGCHLD)
 * to a parent when a child ends, and alarm() is a kernel alarm.
 * Nothing polls: a notification arrives as an interrupt upcall into the
 * target, which this file answers.
 *
 * Masks: the signal mask and the set of ignored signals are kept in the
 * save area (notes_blocked, notes_ignored), where the kernel reads
 * them: a blocked signal stays pending in the kernel without an upcall,
 * an ignored one is dropped when posted.  The save area outlives exec
 * and a new env starts with its creator's, which is what POSIX asks of
 * the mask and of ignored signals over fork and exec.  (waitpid does
 * not need SIGCHLD: it sleeps on its children's rows.)
 *
 * Delivery, in the upcall: default actions are taken there (terminate:
 * exit with the signal as status; stop: sleep inside the upcall until
 * SIGCONT or SIGKILL is posted; ignore).  A handler runs on the
 * interrupted stack, after the upcall: a frame with the interrupted
 * registers goes below its stack pointer and the upcall resumes into
 * the trampoline (sigtramp.S), which keeps the floating-point
 * registers, calls the handler, and returns through exos_sigreturn.
 * One handler frame per upcall; signals still pending are delivered as
 * each handler returns.
 *
 * Inside libexos's critical sections (a shared lock held, or a robust
 * section: exos/robust.h) delivery is deferred to the end of the
 * section.  A fault no handler takes ends the process by its signal: the
 * robust sections it was inside are given up first (their next taker
 * recovers them), and the message naming the fault is printed outside
 * the upcall, where a page may fault in.  A fault inside a critical
 * section is libexos's own, never a handler's to catch.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "exos/exos.h"
#include "exos/robust.h"
#include "exos/uaccess.h"
#include "signal.h"
#include "proc/ptab.h"

#define BIT(s) (1UL << ((s) - 1))
#define ALL_SIGNALS ((1UL << (NSIG - 1)) - 1)
#define UNBLOCKABLE (BIT(SIGKILL) | BIT(SIGSTOP))
/* Default action: ignore, stop, or (everything else) terminate. */
#define DFL_IGNORE (BIT(SIGCHLD) | BIT(SIGURG) | BIT(SIGWINCH) | BIT(SIGCONT))
#define DFL_STOP (BIT(SIGSTOP) | BIT(SIGTSTP) | BIT(SIGTTIN) | BIT(SIGTTOU))

/* Everything the upcall writes: private (user.ld), copied at fork. */
static struct {
	struct sigaction act[NSIG];
	sigset_t blocked;             /* the mask (also in the save area) */
	sigset_t pending;             /* taken from the kernel, not delivered yet */
	sigset_t ignored;             /* what the kernel may drop (set by sigaction) */
	uint64_t handled;             /* handlers started */
	int restart;                  /* the last one had SA_RESTART */
	int defer;                    /* critical sections we are in */
	int deferred;                 /* a delivery waits for the last undefer */
	uintptr_t stack_lo, stack_hi; /* stack known writable (no fault in the upcall) */
} sig EXOS_PRIVATE;

/* The fault that is ending this process (exos_signal_fault), for the
 * message printed on its way out. */
static struct {
	uint64_t cause, tval, epc, ra;
	int sig;
	int dying;
} fatal EXOS_PRIVATE;

/* The frame a handler runs above (sigtramp.S knows its layout). */
struct sigframe {
	uint64_t regs[32];            /* the interrupted pc (regs[0]) and registers */
	uint64_t fregs[33];           /* f0-f31, fcsr: the trampoline saves them */
	uint64_t handler;             /* what the trampoline calls */
	sigset_t oldmask;
	siginfo_t info;
};
_Static_assert(__builtin_offsetof(struct sigframe, fregs) == 256, "sigtramp.S");
_Static_assert(__builtin_offsetof(struct sigframe, handler) == 520, "sigtramp.S");

extern void exos_sigtramp(void);
int exos_mem_make_writable(uintptr_t va);

uint64_t exos_signal_handled(void)
{
	return sig.handled;
}

int exos_signal_restart(void)
{
	return sig.restart;
}

static int is_ignored(int s)
{
	_sig_func_ptr h = sig.act[s].sa_handler;

	return s != SIGKILL && s != SIGSTOP &&
	       (h == SIG_IGN || (h == SIG_DFL && (BIT(s) & DFL_IGNORE)));
}

/* Tell the kernel our mask and what it may drop (never SIGCONT, which
 * continues a stopped process). */
static void sync_masks(void)
{
	exos_save->notes_ignored = sig.ignored;
	exos_save->notes_blocked = sig.blocked & ~UNBLOCKABLE & ~BIT(SIGCONT);
}

/* The dispositions changed: what the kernel may drop. */
static void sync_ignored(void)
{
	uint64_t ign = 0;

	for (int s = 1; s < NSIG; s++)
		if (is_ignored(s))
			ign |= BIT(s);
	sig.ignored = ign & ~BIT(SIGCONT);
	sync_masks();
}

/* Something the mask no longer blocks may be pending in the kernel or
 * here: pass through the kernel, which delivers it on the way back. */
static void kick_pending(void)
{
	uint64_t kernel = exos_envs[EXOS_ENV_SLOT(exos_self)].notes;
	uint64_t mine = sig.pending & ~sig.blocked;

	if (sig.defer || robust_nnotes || !((kernel & ~sig.blocked) | mine))
		return;
	sig.pending &= ~mine;   /* posted again: they come back in the upcall */
	sys_env_notify(exos_self, mine);
}

void exos_signal_init(int execed)
{
	sig.blocked = exos_save->notes_blocked;
	for (int s = 1; s < NSIG && execed; s++) {
		uint64_t ign = exos_save->notes_ignored & BIT(s);
		sig.act[s] = (struct sigaction){ 0 };
		sig.act[s].sa_handler = ign ? SIG_IGN : SIG_DFL;
	}
	sig.stack_lo = sig.stack_hi = 0;
	sig.defer = sig.deferred = 0;
	sync_ignored();
	sys_env_set_flags(EXOS_CAP_SELF, exos_self, EXOS_ENV_F_LEFTOVER | EXOS_ENV_F_NOTES |
			  (exos_envs[EXOS_ENV_SLOT(exos_self)].flags & EXOS_ENV_F_ACCEPT_PCT));
}

/* ---------------------------------------------------------------- actions */

static __attribute__((noreturn)) void die(int s)
{
	sys_exit(EXOS_EXIT_SIGNALED(s));
	__builtin_unreachable();
}

/* The default action of stopping: tell the parent (waitpid with
 * WUNTRACED, SIGCHLD) and sleep here, inside the upcall, until SIGCONT
 * or SIGKILL is posted. */
static void stop(int s)
{
	const volatile struct exos_env *me = &exos_envs[EXOS_ENV_SLOT(exos_self)];
	struct exos_pred p = { .nterms = 1 };

	exos_ptab_stopped(s);
	p.term[0] = (struct exos_pred_term){ (uintptr_t)&me->notes, BIT(SIGCONT) | BIT(SIGKILL),
					     0, 8, EXOS_PRED_NE, 1, { 0 } };
	while (!(me->notes & (BIT(SIGCONT) | BIT(SIGKILL))))
		sys_sleep_until(&p);
	if (me->notes & BIT(SIGKILL))
		die(SIGKILL);
	exos_ptab_continued();
}

/* Room for a frame below sp, writable without faulting (a fault inside
 * the upcall would end the process): the stack pages are made
 * writable first, and remembered. */
static int frame_room(uintptr_t lo, uintptr_t hi)
{
	if (lo >= sig.stack_lo && hi <= sig.stack_hi)
		return 0;
	for (uintptr_t va = lo & ~4095UL; va < hi; va += 4096)
		if (exos_mem_make_writable(va) < 0)
			return -1;
	if (hi == sig.stack_lo || (lo >= sig.stack_lo && lo < sig.stack_hi) || !sig.stack_hi) {
		sig.stack_lo = lo & ~4095UL;
		sig.stack_hi = sig.stack_hi > hi ? sig.stack_hi : (hi + 4095) & ~4095UL;
	}
	return 0;
}

/* Run s's handler when the upcall resumes: a frame below the
 * interrupted stack pointer, the save area pointed at the trampoline. */
static void push_frame(int s, const siginfo_t *info)
{
	struct sigaction *a = &sig.act[s];
	uintptr_t sp = exos_save->regs[2];
	struct sigframe *f = (struct sigframe *)((sp - sizeof(*f)) & ~15UL);

	if (frame_room((uintptr_t)f, sp) < 0)
		die(SIGSEGV);
	for (int i = 0; i < 32; i++)
		f->regs[i] = exos_save->regs[i];
	f->handler = (uint64_t)a->sa_handler;
	f->oldmask = sig.blocked;
	f->info = *info;
	sig.blocked |= a->sa_mask | ((a->sa_flags & SA_NODEFER) ? 0 : BIT(s));
	sig.blocked &= ~UNBLOCKABLE;
	sig.restart = (a->sa_flags & SA_RESTART) != 0;
	if (a->sa_flags & SA_RESETHAND)
		a->sa_handler = SIG_DFL;
	if (a->sa_flags & SA_RESETHAND)
		sync_ignored();
	else
		sync_masks();
	sig.handled++;
	exos_save->regs[0] = (uint64_t)exos_sigtramp;
	exos_save->regs[2] = (uint64_t)f;
	exos_save->regs[10] = (uint64_t)s;
	exos_save->regs[11] = (uint64_t)&f->info;
	exos_save->regs[12] = (uint64_t)f;
	exos_save->regs[13] = (uint64_t)f;
}

/* Deliver what is pending and not blocked: default actions now, the
 * first handler by a frame (the rest when it returns).  Runs where the
 * save area holds the interrupted registers: an upcall, or sigreturn. */
static void deliver(void)
{
	while (sig.pending & ~(sig.blocked & ~UNBLOCKABLE)) {
		uint64_t ready = sig.pending & ~(sig.blocked & ~UNBLOCKABLE);
		int s = __builtin_ctzl(ready) + 1;
		sig.pending &= ~BIT(s);
		if (s == SIGKILL)
			die(SIGKILL);
		if ((sig.defer || robust_nnotes) && !is_ignored(s)) {
			/* Inside a critical section: even a stop waits (a stopped
			 * lock holder would stall every other process). */
			sig.pending |= BIT(s);
			sig.deferred = 1;
			robust_deferred = robust_nnotes != 0;
			return;
		}
		if (s == SIGSTOP || (sig.act[s].sa_handler == SIG_DFL && (BIT(s) & DFL_STOP))) {
			stop(s);
			continue;
		}
		if (is_ignored(s))
			continue;
		if (sig.act[s].sa_handler == SIG_DFL)
			die(s);
		siginfo_t info = { .si_signo = s, .si_code = SI_USER };
		push_frame(s, &info);
		return;
	}
}

void exos_signal_notes(uint64_t bits)
{
	sig.pending |= bits & ALL_SIGNALS;
	if (bits & BIT(SIGCONT))
		exos_ptab_continued();   /* a SIGCONT that found us running */
	deliver();
}

/* Which signal a fault is (scause). */
static int fault_signal(uint64_t cause)
{
	switch (cause) {
	case 2:
		return SIGILL;
	case 3:
		return SIGTRAP;
	case 0:
	case 4:
	case 6:
		return SIGBUS;
	default:
		return SIGSEGV;
	}
}

/* Where a process a fault ends resumes, outside the upcall: the
 * message, then death by the signal (no exit handlers, no flush). */
static void fault_death(void)
{
	exos_warn("exos: env %u: %s at pc %lx (tval %lx, ra %lx): %s\n", exos_self,
		  exos_cause_name(fatal.cause), (unsigned long)fatal.epc, (unsigned long)fatal.tval,
		  (unsigned long)fatal.ra, strsignal(fatal.sig));
	die(fatal.sig);
}

void exos_signal_fault(uint64_t cause, uint64_t tval, uint64_t epc)
{
	int s = fault_signal(cause);
	_sig_func_ptr h = sig.act[s].sa_handler;
	int inside = sig.defer || robust_nnotes;

	if (inside || h == SIG_DFL || h == SIG_IGN || (sig.blocked & BIT(s))) {
		robust_abandon_all();
		if (fatal.dying)
			die(s);   /* a second fault on the way out */
		fatal.cause = cause;
		fatal.tval = tval;
		fatal.epc = epc;
		fatal.ra = exos_save->regs[1];
		fatal.sig = s;
		fatal.dying = 1;
		exos_save->regs[0] = (uintptr_t)fault_death;
		return;
	}
	siginfo_t info = { .si_signo = s, .si_code = s == SIGSEGV ? SEGV_MAPERR : 1,
			   .si_addr = (void *)tval };
	push_frame(s, &info);
}

/* The trampoline's end (sigtramp.S): the handler has returned.  Put the
 * mask back, reload the interrupted registers into the save area (as an
 * upcall leaves them) and deliver what became deliverable; the
 * trampoline then resumes. */
void exos_sigreturn(struct sigframe *f)
{
	sig.blocked = f->oldmask & ~UNBLOCKABLE;
	sync_masks();
	exos_save->kind = EXOS_ENTRY_EXCEPTION;
	exos_save->active = 1;
	for (int i = 0; i < 32; i++)
		exos_save->regs[i] = f->regs[i];
	deliver();
}

/* The same for siglongjmp out of a handler: only the mask. */
void siglongjmp(sigjmp_buf env, int val)
{
	if (env[0].savemask)
		sigprocmask(SIG_SETMASK, &env[0].mask, 0);
	longjmp(env[0].jb, val);
}

/* ---------------------------------------------------------------- deferral */

void exos_signal_defer(void)
{
	sig.defer++;
}

void exos_signal_undefer(void)
{
	if (--sig.defer == 0 && !robust_nnotes && sig.deferred) {
		sig.deferred = 0;
		kick_pending();
	}
}

void exos_signal_sections_left(void)
{
	if (!sig.defer && sig.deferred) {
		sig.deferred = 0;
		kick_pending();
	}
}

/* ---------------------------------------------------------------- the calls */

static int bad_signal(int s)
{
	return s <= 0 || s >= NSIG;
}

/* n bytes between the program's memory and ours (out: to u): 0, or -1
 * with EFAULT. */
static int copy(void *dst, const void *src, size_t n, int out)
{
	if (out ? exos_copy_out(dst, src, n) : exos_copy_in(dst, src, n)) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

int sigaction(int s, const struct sigaction *uact, struct sigaction *old)
{
	struct sigaction a, *act = uact ? &a : 0;

	if (uact && copy(&a, uact, sizeof(a), 0))
		return -1;
	if (bad_signal(s) || (act && (s == SIGKILL || s == SIGSTOP) &&
			      act->sa_handler != SIG_DFL)) {
		errno = EINVAL;
		return -1;
	}
	if (old && copy(old, &sig.act[s], sizeof(*old), 1))
		return -1;
	if (act) {
		exos_signal_defer();
		sig.act[s] = *act;
		sig.act[s].sa_mask &= ~UNBLOCKABLE;
		if (is_ignored(s))
			sig.pending &= ~BIT(s);   /* POSIX: a pending one is discarded */
		sync_ignored();
		exos_signal_undefer();
	}
	return 0;
}

_sig_func_ptr signal(int s, _sig_func_ptr h)
{
	struct sigaction act = { 0 }, old;

	act.sa_handler = h;
	act.sa_flags = SA_RESTART;
	return sigaction(s, &act, &old) < 0 ? SIG_ERR : old.sa_handler;
}

int sigprocmask(int how, const sigset_t *uset, sigset_t *old)
{
	sigset_t cur = sig.blocked, set;

	if (uset && copy(&set, uset, sizeof(set), 0))
		return -1;
	if (uset && how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK) {
		errno = EINVAL;
		return -1;
	}
	if (old && copy(old, &cur, sizeof(cur), 1))
		return -1;
	if (!uset)
		return 0;
	sig.blocked = (how == SIG_BLOCK ? cur | set : how == SIG_UNBLOCK ? cur & ~set : set) &
		      ALL_SIGNALS & ~UNBLOCKABLE;
	sync_masks();
	if (cur & ~sig.blocked)
		kick_pending();
	return 0;
}

int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	return sigprocmask(how, set, old) < 0 ? errno : 0;
}

int sigpending(sigset_t *set)
{
	sigset_t v = (sig.pending | exos_envs[EXOS_ENV_SLOT(exos_self)].notes) & sig.blocked;

	return copy(set, &v, sizeof(v), 1);
}

/* Sleep until a handler has run (a predicate that never holds: only a
 * notification ends the sleep). */
static void wait_for_handler(void)
{
	static const uint32_t never = 0;
	struct exos_pred p = { .nterms = 1 };
	uint64_t h = sig.handled;

	p.term[0] = (struct exos_pred_term){ (uintptr_t)&never, ~0UL, 1, 4, EXOS_PRED_EQ, 1,
					     { 0 } };
	while (sig.handled == h)
		sys_sleep_until(&p);
}

int sigsuspend(const sigset_t *umask)
{
	sigset_t old = sig.blocked, mask;

	if (copy(&mask, umask, sizeof(mask), 0))
		return -1;
	sig.blocked = mask & ALL_SIGNALS & ~UNBLOCKABLE;
	sync_masks();
	kick_pending();
	wait_for_handler();
	sig.blocked = old;
	sync_masks();
	kick_pending();
	errno = EINTR;
	return -1;
}

int pause(void)
{
	wait_for_handler();
	errno = EINTR;
	return -1;
}

int raise(int s)
{
	if (bad_signal(s)) {
		errno = EINVAL;
		return -1;
	}
	return exos_signal_send(exos_self, s);
}

int exos_signal_send(uint32_t id, int s)
{
	long r = sys_env_notify(id, s ? BIT(s) : 0);

	if (r == -E_NOENT || r == -E_PERM) {
		errno = r == -E_NOENT ? ESRCH : EPERM;
		return -1;
	}
	return 0;
}

unsigned alarm(unsigned secs)
{
	uint64_t hz = exos_info->timebase_hz, now = exos_rdtime();
	uint64_t when = secs ? now + secs * hz : EXOS_NO_DEADLINE;
	long old = sys_env_alarm(when, secs ? BIT(SIGALRM) : 0);

	if ((uint64_t)old == EXOS_NO_DEADLINE || (uint64_t)old <= now)
		return 0;
	return (unsigned)(((uint64_t)old - now + hz - 1) / hz);
}

int sigemptyset(sigset_t *set)
{
	*set = 0;
	return 0;
}

int sigfillset(sigset_t *set)
{
	*set = ALL_SIGNALS;
	return 0;
}

int sigaddset(sigset_t *set, int s)
{
	if (bad_signal(s)) {
		errno = EINVAL;
		return -1;
	}
	*set |= BIT(s);
	return 0;
}

int sigdelset(sigset_t *set, int s)
{
	if (bad_signal(s)) {
		errno = EINVAL;
		return -1;
	}
	*set &= ~BIT(s);
	return 0;
}

int sigismember(const sigset_t *set, int s)
{
	if (bad_signal(s)) {
		errno = EINVAL;
		return -1;
	}
	return (*set & BIT(s)) != 0;
}

int sigisemptyset(const sigset_t *set)
{
	return *set == 0;
}

int siginterrupt(int s, int flag)
{
	struct sigaction a;

	if (sigaction(s, 0, &a) < 0)
		return -1;
	a.sa_flags = flag ? a.sa_flags & ~SA_RESTART : a.sa_flags | SA_RESTART;
	return sigaction(s, &a, 0);
}

int sigaltstack(const stack_t *uss, stack_t *old)
{
	stack_t none = { 0, SS_DISABLE, 0 }, s, *ss = uss ? &s : 0;

	if ((uss && copy(&s, uss, sizeof(s), 0)) || (old && copy(old, &none, sizeof(none), 1)))
		return -1;
	if (ss && !(ss->ss_flags & SS_DISABLE)) {
		errno = ENOMEM;   /* handlers run on the interrupted stack */
		return -1;
	}
	return 0;
}

int exos_wait_status(int32_t st)
{
	switch (st) {
	case EXOS_STATUS_DESTROYED:
		return SIGKILL;
	case EXOS_STATUS_KILLED:
		return SIGXCPU;
	case EXOS_STATUS_NESTED:
	case EXOS_STATUS_FAULT:
		return SIGSEGV;
	default:
		if ((st & ~0xff) == 0x100 && (st & 0xff) > 128)
			return (st & 0xff) - 128;
		return (st & 0xff) << 8;
	}
}

static const char *const sig_names[NSIG] = {
	[SIGHUP] = "Hangup", [SIGINT] = "Interrupt", [SIGQUIT] = "Quit",
	[SIGILL] = "Illegal instruction", [SIGTRAP] = "Trace/breakpoint trap",
	[SIGABRT] = "Aborted", [SIGBUS] = "Bus error", [SIGFPE] = "Floating point exception",
	[SIGKILL] = "Killed", [SIGUSR1] = "User defined signal 1",
	[SIGSEGV] = "Segmentation fault", [SIGUSR2] = "User defined signal 2",
	[SIGPIPE] = "Broken pipe", [SIGALRM] = "Alarm clock", [SIGTERM] = "Terminated",
	[SIGSTKFLT] = "Stack fault", [SIGCHLD] = "Child exited", [SIGCONT] = "Continued",
	[SIGSTOP] = "Stopped (signal)", [SIGTSTP] = "Stopped", [SIGTTIN] = "Stopped (tty input)",
	[SIGTTOU] = "Stopped (tty output)", [SIGURG] = "Urgent I/O condition",
	[SIGXCPU] = "CPU time limit exceeded", [SIGXFSZ] = "File size limit exceeded",
	[SIGVTALRM] = "Virtual timer expired", [SIGPROF] = "Profiling timer expired",
	[SIGWINCH] = "Window changed", [SIGIO] = "I/O possible", [SIGPWR] = "Power failure",
	[SIGSYS] = "Bad system call",
};

char *strsignal(int s)
{
	static char buf[24];

	if (s > 0 && s < NSIG && sig_names[s])
		return (char *)sig_names[s];
	snprintf(buf, sizeof(buf), "Unknown signal %d", s);
	return buf;
}

void psignal(int s, const char *msg)
{
	if (msg && *msg)
		exos_warn("%s: %s\n", msg, strsignal(s));
	else
		exos_warn("%s\n", strsignal(s));
}

int exos_sleep_intr(const struct exos_pred *p, uint64_t deadline)
{
	uint64_t h = sig.handled;
	long r = p && deadline == EXOS_NO_DEADLINE ? sys_sleep_until(p) :
		 sys_sleep_deadline(p, deadline);

	if (sig.handled != h)
		return -EINTR;
	return r == EXOS_SLEEP_NOTE ? 0 : (int)r;
}
