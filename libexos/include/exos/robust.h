/*
 * exos/robust.h - robust critical sections (Xok): a critical section over
 * state several processes share that survives the death or the fault
 * of the process inside it.  The next process to take the lock learns
 * that its holder did not leave normally, and puts the state back in
 * order (rolls it back, or repairs it) before it uses it; nobody waits
 * for a holder that will never release.
 *
 * The lock is a 32-bit word in the shared state: ROBUST_FREE, the env
 * id of its holder, or ROBUST_BROKEN.  A taker swaps its own id in:
 *   - over ROBUST_FREE: the state is whole;
 *   - over the id of an env the exported env table shows ended (killed
 *     inside the section: the kernel ends an env at any instruction);
 *   - over ROBUST_BROKEN: the holder faulted inside, and on its way to
 *     exit gave the lock up without finishing (robust_abandon_all, from
 *     the exception handler: its own exit path, which closes its files
 *     and pipes, takes these locks again and must not wait for itself);
 *   - over its own id: it left a section without finishing by a path
 *     that could not say so (a fault between taking the lock and
 *     noting it).
 * In the last three cases robust_enter returns 1 and the caller
 * recovers the state first.  A live holder is waited for: with a
 * directed yield to it (it may be preempted inside), or a short spin
 * when it runs on another hart.  Nothing sleeps inside a section, and
 * no signal handler runs inside one (libexos/signal.c defers delivery
 * until the last section is left: a handler using the same state would
 * find its own section half done).
 *
 * Where the word lives is the user's business (struct robust_word):
 * in memory the sharers map (robust_mem below: pipes), or in a
 * software region reached by system calls (ramfs.c: /tmp).  The
 * recovery is the user's too: robust_mem rolls back an undo log, /tmp
 * commits each operation in one system call and only collects the
 * pages a dead holder left.
 */
#ifndef EXOS_ROBUST_H
#define EXOS_ROBUST_H

#include <stdint.h>

#define ROBUST_FREE   0u
#define ROBUST_BROKEN 0xffffffffu

/* How one kind of lock word is read and swapped.  obj is the state it
 * guards, as the user passed it. */
struct robust_word {
	long (*load)(void *obj);                              /* the word, or -errno */
	long (*cas)(void *obj, uint32_t old, uint32_t new);  /* 1 swapped, 0 not, -errno */
};

/* Take obj's lock: 0, 1 when the state must be recovered first (see
 * above), or -errno when the word cannot be reached.  The lock is noted
 * as ours for robust_abandon_all. */
int robust_enter(const struct robust_word *w, void *obj);
/* The caller released obj's lock itself (committed its changes, then
 * made the word ROBUST_FREE): it is ours no more. */
void robust_left(void *obj);
/* On the way to exit without finishing (a fault: the exception
 * handler; _exit): every lock this process holds becomes ROBUST_BROKEN.
 * Runs in the exception handler, so it touches only private memory and
 * the words. */
void robust_abandon_all(void);
/* Locks this process holds now (tests, signal delivery). */
int robust_held(void);

/* ---------------------------------------------------------------------
 * Sections over shared memory, with an undo log next to the word.
 * Every store to the guarded state goes through robust_mem_put, which
 * logs the old value first; a taker that must recover writes the logged
 * values back, newest first, so the state is as it was before the
 * section began (or at its last robust_mem_commit).  A store is logged
 * before it is made, so a holder that dies between the two leaves a
 * log entry whose old value is still in place.
 */
#define ROBUST_LOG_MAX 6

struct robust_undo {
	int32_t off;                      /* of the field, from the struct robust_mem */
	uint32_t size;                    /* 1, 2, 4 or 8 */
	uint64_t old;
};

struct robust_mem {
	volatile uint32_t word;           /* the lock */
	volatile uint32_t nlog;           /* entries of log in use */
	struct robust_undo log[ROBUST_LOG_MAX];
};

/* Take the lock, rolling back what a holder that did not leave had
 * logged. */
static inline void robust_mem_lock(struct robust_mem *m);
/* Store v (size bytes: 1, 2, 4, 8) in field, logged.  At most
 * ROBUST_LOG_MAX stores between commits: a section that makes more
 * commits between them, at points where the state is whole. */
void robust_mem_put(struct robust_mem *m, volatile void *field, unsigned size, uint64_t v);
/* The state is whole: forget the log (the lock stays held). */
void robust_mem_commit(struct robust_mem *m);
/* Commit and release. */
static inline void robust_mem_unlock(struct robust_mem *m);

/* ---------------------------------------------------------------------
 * The rest is robust.c's, here so that taking and releasing a free
 * lock costs no call (pipes take one on every read and write).
 */
#define ROBUST_HELD_MAX 4      /* sections one process is inside at once */

/* The locks this process holds (robust_abandon_all gives them up): in
 * its private pages, since the exception handler reads them. */
struct robust_note {
	const struct robust_word *w;
	void *obj;
};
extern struct robust_note robust_notes[ROBUST_HELD_MAX];
extern int robust_nnotes;
/* Something waits for the last section to be left (a signal whose
 * delivery was deferred): robust_deferred_run hands it on. */
extern int robust_deferred;
void robust_deferred_run(void);
extern const struct robust_word robust_mem_word;
extern uint32_t exos_self;
void robust_mem_lock_slow(struct robust_mem *m);

static inline void robust_note(const struct robust_word *w, void *obj)
{
	/* Past ROBUST_HELD_MAX a fault leaves the lock ours until we end:
	 * our own exit path, or the next taker after it, recovers it. */
	if (robust_nnotes < ROBUST_HELD_MAX)
		robust_notes[robust_nnotes++] = (struct robust_note){ w, obj };
}

static inline void robust_mem_lock(struct robust_mem *m)
{
	uint32_t free = ROBUST_FREE;

	if (__atomic_compare_exchange_n(&m->word, &free, exos_self, 0, __ATOMIC_ACQUIRE,
					__ATOMIC_RELAXED))
		robust_note(&robust_mem_word, m);
	else
		robust_mem_lock_slow(m);
}

static inline void robust_mem_unlock(struct robust_mem *m)
{
	if (m->nlog)   /* ordered before the release below */
		__atomic_store_n(&m->nlog, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&m->word, ROBUST_FREE, __ATOMIC_RELEASE);
	if (robust_nnotes && robust_notes[robust_nnotes - 1].obj == m)
		robust_nnotes--;   /* the usual case: the last one taken */
	else
		robust_left(m);
	if (robust_deferred && !robust_nnotes)
		robust_deferred_run();
}

#endif
