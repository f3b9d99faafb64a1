/*
 * fd.c - see fd.h.  Blocking reads and writes on a pipe sleep on a
 * wake-up predicate over the pipe's page: no busy waiting.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "exos/exos.h"
#include "fd.h"
#include "file.h"
#include "exos/ramfs.h"
#include "exos/uaccess.h"
#include "signal.h"
#include "dev.h"
#include "proc/procfs.h"
#include "tty/tty.h"
#include "exos/pages.h"

/* Private (EXOS_PRIVATE): a fork child rewrites them at once. */
struct exos_fd exos_fds[EXOS_FD_MAX] EXOS_PRIVATE;
static uint8_t slot_mapped[EXOS_PIPE_SLOTS] EXOS_PRIVATE;   /* the page is mapped here */
static uint8_t slot_owned[EXOS_PIPE_SLOTS] EXOS_PRIVATE;    /* we allocated it */

struct exos_pipe *exos_pipe_at(uint32_t slot)
{
	return (struct exos_pipe *)(EXOS_PIPE_VA + (uintptr_t)slot * 4096);
}

struct exos_pipe *exos_pipe_of(int fd)
{
	if (fd < 0 || fd >= EXOS_FD_MAX ||
	    (exos_fds[fd].type != FD_PIPE_R && exos_fds[fd].type != FD_PIPE_W))
		return 0;
	return exos_pipe_at(exos_fds[fd].slot);
}

void exos_fd_init(const struct exos_fd_spec *spec)
{
	memset(slot_mapped, 0, sizeof(slot_mapped));
	memset(slot_owned, 0, sizeof(slot_owned));
	memset(exos_fds, 0, sizeof(exos_fds));
	exos_file_reset();
	for (int i = 0; !spec && i < 3; i++)
		exos_fds[i] = (struct exos_fd){ FD_CONS, 0, 0, 0, 0 };
	for (int i = 0; spec && i < EXOS_FD_MAX; i++) {
		uint32_t t = spec[i].type, s = spec[i].slot;
		int piped = t == FD_PIPE_R || t == FD_PIPE_W;
		if (t == FD_CONS || t == FD_DEV || (piped && s < EXOS_PIPE_SLOTS) ||
		    (t == FD_FILE && s < RAMFS_OPENS))
			exos_fds[i] = (struct exos_fd){ (enum exos_fd_type)t, s, spec[i].arg, 0, 0 };
		if (piped && s < EXOS_PIPE_SLOTS)
			slot_mapped[s] = 1;
	}
}

static volatile uint32_t *end_count_of(struct exos_pipe *p, int end)
{
	return end == EXOS_PIPE_R ? &p->readers : &p->writers;
}

static uint64_t envs_ended(void)
{
	return __atomic_load_n(&exos_info->envs_ended, __ATOMIC_ACQUIRE);
}

static int env_dead(uint32_t slot, uint32_t id)
{
	const volatile struct exos_env *row = &exos_envs[slot];

	return row->id != id || row->state == EXOS_ENV_FREE;
}

/* End's lock held: slot s's entry goes, with its count.  One step of
 * the section: committed. */
static void drop_slot(struct exos_pipe *p, int end, uint32_t s)
{
	struct robust_mem *m = &p->lock[end];
	volatile uint32_t *count = end_count_of(p, end);
	uint32_t n = p->holds[end][s];

	robust_mem_put(m, &p->holder[end][s], 4, 0);
	robust_mem_put(m, &p->held[end], 8, p->held[end] & ~(1UL << s));
	robust_mem_put(m, count, 4, *count >= n ? *count - n : 0);
	robust_mem_put(m, &p->holds[end][s], 1, 0);
	robust_mem_commit(m);
}

/* End's lock held: drop the entries of envs that have ended. */
static void sweep_dead(struct exos_pipe *p, int end)
{
	uint64_t ended = envs_ended();

	if (p->swept[end] == ended)
		return;   /* nobody has ended since the last sweep found every dead holder */
	for (uint64_t held = p->held[end]; held; held &= held - 1) {
		uint32_t s = (uint32_t)__builtin_ctzll(held), id = p->holder[end][s];
		if (id && env_dead(s, id))
			drop_slot(p, end, s);
	}
	p->swept[end] = ended;   /* a hint: rolled back, it only costs a sweep */
}

void exos_pipe_forget_dead(struct exos_pipe *p, int end)
{
	if (p->swept[end] == envs_ended())
		return;
	robust_mem_lock(&p->lock[end]);
	sweep_dead(p, end);
	robust_mem_unlock(&p->lock[end]);
}

/* Count n more descriptors of env id on the pipe's end. */
static void hold_add(struct exos_pipe *p, int end, uint32_t id, unsigned n)
{
	struct robust_mem *m = &p->lock[end];
	volatile uint32_t *count = end_count_of(p, end);
	uint32_t s = EXOS_ENV_SLOT(id);

	robust_mem_lock(m);
	if (p->holder[end][s] != id) {
		sweep_dead(p, end);
		if (p->holder[end][s])
			drop_slot(p, end, s);   /* an ended env's: the slot is id's now */
		robust_mem_put(m, &p->holds[end][s], 1, n);
		robust_mem_put(m, &p->holder[end][s], 4, id);
		robust_mem_put(m, &p->held[end], 8, p->held[end] | (1UL << s));
	} else {
		robust_mem_put(m, &p->holds[end][s], 1, p->holds[end][s] + n);
	}
	robust_mem_put(m, count, 4, *count + n);
	robust_mem_unlock(m);
}

/* One descriptor of ours on the pipe's end is closed. */
static void hold_drop(struct exos_pipe *p, int end)
{
	struct robust_mem *m = &p->lock[end];
	volatile uint32_t *count = end_count_of(p, end);
	uint32_t s = EXOS_ENV_SLOT(exos_self);

	robust_mem_lock(m);
	if (p->holder[end][s] == exos_self && p->holds[end][s] <= 1) {
		drop_slot(p, end, s);
	} else if (*count) {
		if (p->holder[end][s] == exos_self)
			robust_mem_put(m, &p->holds[end][s], 1, p->holds[end][s] - 1);
		robust_mem_put(m, count, 4, *count - 1);
	}
	robust_mem_unlock(m);
}

/* Sleep until the word at w differs from v, nobody holds the other end
 * (its count is 0), or an env ends: one of the other end's holders may
 * have been killed (exos_pipe_forget_dead then drops its ends).  The
 * caller looked at the env table after reading ended.  -EINTR when a
 * signal handler ran meanwhile that did not ask for restarts, else 0. */
static int wait_change(struct exos_pipe *p, volatile uint32_t *w, uint32_t v, int other,
		       uint64_t ended)
{
	struct exos_pred pr = { .nterms = 3 };

	pr.term[0] = (struct exos_pred_term){ (uintptr_t)w, ~0UL, v, 4, EXOS_PRED_NE, 1, { 0 } };
	pr.term[1] = (struct exos_pred_term){ (uintptr_t)end_count_of(p, other), ~0UL, 0, 4,
					      EXOS_PRED_EQ, 1, { 0 } };
	pr.term[2] = (struct exos_pred_term){ (uintptr_t)&exos_info->envs_ended, ~0UL, ended, 8,
					      EXOS_PRED_NE, 1, { 0 } };
	return exos_sleep_intr(&pr, EXOS_NO_DEADLINE) == -EINTR && !exos_signal_restart() ?
	       -EINTR : 0;
}

/* The other side may be asleep waiting for what we just did: hand it the
 * processor directly (its predicate now holds) instead of waiting for
 * the scheduler to notice. */
static void handoff(volatile uint32_t *sleeper)
{
	uint32_t id = *sleeper;

	if (id && id != exos_self)
		sys_yield(id);
}

/* Before sleeping on an empty (or full) pipe, give the processor once
 * to whoever last wrote (or read) it, if it can run: in a ping-pong it
 * is about to, and a directed yield costs half a sleep and a wake-up.
 * 1 if we yielded (look again), 0 if we should sleep. */
static int yield_to_peer(volatile uint32_t *peer, int *tried)
{
	uint32_t id = *peer;

	if (*tried || !id || id == exos_self)
		return 0;
	*tried = 1;
	return sys_yield(id) == 0;
}

/* Take up to len of the rd..wr bytes into the program's buf (its range
 * checked by exos_fd_read): copied first, then claimed by moving rd
 * from the value it was read at, a compare-and-swap that is the whole
 * commit.  Another reader may have claimed them meanwhile (0: look
 * again; the writer cannot have reused them before rd moved).  The
 * count, or -1 and EFAULT with nothing taken. */
static ssize_t take(struct exos_pipe *p, char *buf, size_t len, uint32_t rd, uint32_t wr)
{
	size_t n = len < wr - rd ? len : wr - rd, at = rd % EXOS_PIPE_BUF;
	size_t first = n < EXOS_PIPE_BUF - at ? n : EXOS_PIPE_BUF - at;

	if (exos_ucopy(buf, &p->buf[at], first) ||
	    (n > first && exos_ucopy(buf + first, p->buf, n - first))) {
		errno = EFAULT;
		return -1;
	}
	if (!__atomic_compare_exchange_n(&p->rd, &rd, rd + (uint32_t)n, 0, __ATOMIC_ACQ_REL,
					 __ATOMIC_RELAXED))
		return 0;
	return (ssize_t)n;
}

static ssize_t pipe_read(struct exos_pipe *p, char *buf, size_t len, int nonblocking)
{
	int tried = 0;

	p->rlast = exos_self;
	for (;;) {
		uint32_t rd = __atomic_load_n(&p->rd, __ATOMIC_ACQUIRE);
		uint32_t wr = __atomic_load_n(&p->wr, __ATOMIC_ACQUIRE);
		if (wr != rd) {
			ssize_t n = take(p, buf, len, rd, wr);
			if (n == 0)
				continue;
			if (n > 0)
				handoff(&p->wsleep);
			return n;
		}
		uint64_t ended = envs_ended();
		exos_pipe_forget_dead(p, EXOS_PIPE_W);
		/* No writer left: end of file, unless the last one wrote after
		 * we looked (on another hart, between our read of wr and its
		 * close); its writes come before its close, so look again. */
		if (__atomic_load_n(&p->writers, __ATOMIC_ACQUIRE) == 0) {
			if (__atomic_load_n(&p->wr, __ATOMIC_ACQUIRE) != wr)
				continue;
			return 0;
		}
		if (yield_to_peer(&p->wlast, &tried))
			continue;
		if (nonblocking) {
			errno = EAGAIN;
			return -1;
		}
		p->rsleep = exos_self;
		int intr = wait_change(p, &p->wr, wr, EXOS_PIPE_W, ended);
		p->rsleep = 0;
		if (intr) {
			errno = EINTR;
			return -1;
		}
	}
}

/* Under the write end's lock: put n bytes of the program's buf (its
 * range checked by exos_fd_write) in at wr (moving wr is the one store
 * that commits).  0, or -1 and EFAULT with nothing put. */
static int put(struct exos_pipe *p, const char *buf, size_t n, uint32_t wr)
{
	size_t at = wr % EXOS_PIPE_BUF, first = n < EXOS_PIPE_BUF - at ? n : EXOS_PIPE_BUF - at;

	if (exos_ucopy(&p->buf[at], buf, first) ||
	    (n > first && exos_ucopy(p->buf, buf + first, n - first))) {
		errno = EFAULT;
		return -1;
	}
	__atomic_store_n(&p->wr, wr + (uint32_t)n, __ATOMIC_RELEASE);
	return 0;
}

/* Writes of up to PIPE_BUF bytes are not interleaved with others
 * (POSIX): such a write waits until all of it fits.  Writers take turns
 * under the write end's lock, but a sole writer (the end's count is 1:
 * our own descriptor, and only we could add one) has nobody to take
 * turns with, and skips it. */
static ssize_t pipe_write(struct exos_pipe *p, const char *buf, size_t len, int nonblocking)
{
	struct robust_mem *m = &p->lock[EXOS_PIPE_W];
	uint64_t ended = envs_ended();
	size_t done = 0;
	int tried = 0;

	p->wlast = exos_self;
	exos_pipe_forget_dead(p, EXOS_PIPE_R);
	while (done < len) {
		if (__atomic_load_n(&p->readers, __ATOMIC_ACQUIRE) == 0) {
			if (!done)
				raise(SIGPIPE);
			errno = EPIPE;
			return done ? (ssize_t)done : -1;
		}
		int turns = __atomic_load_n(&p->writers, __ATOMIC_ACQUIRE) != 1;
		if (turns)
			robust_mem_lock(m);
		uint32_t rd = __atomic_load_n(&p->rd, __ATOMIC_ACQUIRE), wr = p->wr;
		size_t room = EXOS_PIPE_BUF - (wr - rd), want = len - done;
		if (room && (want > PIPE_BUF || room >= want)) {
			size_t n = want < room ? want : room;
			int err = put(p, buf + done, n, wr);
			if (turns)
				robust_mem_unlock(m);
			if (err)
				return done ? (ssize_t)done : -1;
			done += n;
			handoff(&p->rsleep);
			continue;
		}
		if (turns)
			robust_mem_unlock(m);
		if (yield_to_peer(&p->rlast, &tried))
			continue;
		if (nonblocking) {
			errno = EAGAIN;
			return done ? (ssize_t)done : -1;
		}
		p->wsleep = exos_self;
		int intr = wait_change(p, &p->rd, rd, EXOS_PIPE_R, ended);
		p->wsleep = 0;
		if (intr) {
			errno = EINTR;
			return done ? (ssize_t)done : -1;
		}
		ended = envs_ended();
		exos_pipe_forget_dead(p, EXOS_PIPE_R);
	}
	return (ssize_t)done;
}

ssize_t exos_fd_read(int fd, void *buf, size_t len)
{
	if (fd < 0 || fd >= EXOS_FD_MAX || exos_fds[fd].type == FD_NONE ||
	    exos_fds[fd].type == FD_PIPE_W) {
		errno = EBADF;
		return -1;
	}
	if (!exos_uptr_ok(buf, len, 1)) {
		errno = EFAULT;
		return -1;
	}
	if (exos_fds[fd].type == FD_PIPE_R)
		return pipe_read(exos_pipe_at(exos_fds[fd].slot), buf, len,
				 exos_fds[fd].flflags & O_NONBLOCK);
	if (exos_fds[fd].type == FD_FILE)
		return exos_file_read(exos_fds[fd].slot, buf, len);
	if (exos_fds[fd].type == FD_DIR) {
		errno = EISDIR;
		return -1;
	}
	if (exos_fds[fd].type == FD_DEV)
		return exos_dev_read((int)exos_fds[fd].slot, buf, len);
	if (exos_fds[fd].type == FD_PROC)
		return exos_procfs_read(fd, buf, len);
	return exos_tty_read(buf, len, exos_fds[fd].flflags & O_NONBLOCK);
}

int exos_fd_nread(int fd)
{
	const struct exos_fd *f = &exos_fds[fd];

	if (f->type == FD_PIPE_R) {
		struct exos_pipe *p = exos_pipe_at(f->slot);
		return (int)(__atomic_load_n(&p->wr, __ATOMIC_ACQUIRE) - p->rd);
	}
	return f->type == FD_FILE ? exos_file_nread(f->slot) : 0;
}

ssize_t exos_fd_write(int fd, const void *buf, size_t len)
{
	if (fd < 0 || fd >= EXOS_FD_MAX || exos_fds[fd].type == FD_NONE ||
	    exos_fds[fd].type == FD_PIPE_R || exos_fds[fd].type == FD_DIR ||
	    exos_fds[fd].type == FD_PROC) {
		errno = EBADF;
		return -1;
	}
	if (!exos_uptr_ok(buf, len, 0)) {
		errno = EFAULT;
		return -1;
	}
	if (exos_fds[fd].type == FD_PIPE_W)
		return pipe_write(exos_pipe_at(exos_fds[fd].slot), buf, len,
				  exos_fds[fd].flflags & O_NONBLOCK);
	if (exos_fds[fd].type == FD_FILE)
		return exos_file_write(exos_fds[fd].slot, buf, len);
	if (exos_fds[fd].type == FD_DEV)
		return exos_dev_write((int)exos_fds[fd].slot, buf, len);
	return exos_tty_write(buf, len);
}

/* Which end of its pipe descriptor f is. */
static int end_of(const struct exos_fd *f)
{
	return f->type == FD_PIPE_R ? EXOS_PIPE_R : EXOS_PIPE_W;
}

int close(int fd)
{
	if (fd < 0 || fd >= EXOS_FD_MAX || exos_fds[fd].type == FD_NONE) {
		errno = EBADF;
		return -1;
	}
	if (exos_fds[fd].type == FD_PIPE_R || exos_fds[fd].type == FD_PIPE_W)
		hold_drop(exos_pipe_at(exos_fds[fd].slot), end_of(&exos_fds[fd]));
	if (exos_fds[fd].type == FD_FILE)
		exos_file_close(exos_fds[fd].slot);
	if (exos_fds[fd].type == FD_PROC)
		exos_procfs_close(fd);
	exos_fds[fd] = (struct exos_fd){ FD_NONE, 0, 0, 0, 0 };
	return 0;
}

void exos_fd_close_all(void)
{
	for (int fd = 0; fd < EXOS_FD_MAX; fd++)
		if (exos_fds[fd].type != FD_NONE)
			close(fd);
}

static int free_fd(int from)
{
	for (int fd = from; fd < EXOS_FD_MAX; fd++)
		if (exos_fds[fd].type == FD_NONE)
			return fd;
	return -1;
}

/* A pipe slot free here, or EXOS_PIPE_SLOTS. */
static uint32_t free_slot(void)
{
	uint32_t s = 0;

	while (s < EXOS_PIPE_SLOTS && (slot_mapped[s] || slot_owned[s]))
		s++;
	return s;
}

int pipe(int fds[2])
{
	if (!exos_uptr_ok(fds, sizeof(int[2]), 1)) {
		errno = EFAULT;
		return -1;
	}
	uint32_t s = free_slot();
	/* The pages of pipes nobody uses any more come back first: a shell
	 * makes pipe after pipe, and closing its ends does not free them. */
	if (s == EXOS_PIPE_SLOTS) {
		exos_pipe_reap();
		s = free_slot();
	}
	int r = free_fd(0), w = r < 0 ? -1 : (exos_fds[r].type = FD_CONS, free_fd(0));
	if (r >= 0)
		exos_fds[r].type = FD_NONE;
	long ppn = s < EXOS_PIPE_SLOTS && w >= 0 ? sys_page_alloc(EXOS_CAP_PAGES, 0, 0) : -E_NOMEM;
	if (ppn < 0 || sys_pte_install(EXOS_CAP_SELF, exos_self, (uintptr_t)exos_pipe_at(s),
				       (unsigned long)ppn, EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES)) {
		if (ppn > 0)
			sys_page_free(EXOS_CAP_PAGES, (unsigned long)ppn);
		errno = ENFILE;
		return -1;
	}
	struct exos_pipe *p = exos_pipe_at(s);
	hold_add(p, EXOS_PIPE_R, exos_self, 1);   /* the page is new: all zeros */
	hold_add(p, EXOS_PIPE_W, exos_self, 1);
	p->ppn = (uint64_t)ppn;
	slot_mapped[s] = slot_owned[s] = 1;
	exos_fds[r] = (struct exos_fd){ FD_PIPE_R, s, 0, 0, 0 };
	exos_fds[w] = (struct exos_fd){ FD_PIPE_W, s, 0, 0, 0 };
	if (exos_copy_out(fds, (int[2]){ r, w }, sizeof(int[2]))) {
		close(r);
		close(w);
		errno = EFAULT;
		return -1;
	}
	return 0;
}

/* dup: the lowest free descriptor becomes a copy of fd. */
int dup(int fd)
{
	if (fd < 0 || fd >= EXOS_FD_MAX || exos_fds[fd].type == FD_NONE) {
		errno = EBADF;
		return -1;
	}
	int new = free_fd(0);
	if (new < 0) {
		errno = EMFILE;
		return -1;
	}
	return dup2(fd, new);
}

int dup2(int old, int new)
{
	if (old < 0 || old >= EXOS_FD_MAX || new < 0 || new >= EXOS_FD_MAX ||
	    exos_fds[old].type == FD_NONE) {
		errno = EBADF;
		return -1;
	}
	if (old == new)
		return new;
	if (exos_fds[new].type != FD_NONE)
		close(new);
	if (exos_fds[old].type == FD_PROC && exos_procfs_dup(old, new) < 0) {
		errno = ENOMEM;
		return -1;
	}
	exos_fds[new] = exos_fds[old];
	exos_fds[new].fdflags = 0;   /* a copy is not close-on-exec */
	if (exos_fds[new].type == FD_DIR)
		exos_dir_dup(old, new);
	if (exos_fds[new].type == FD_PIPE_R || exos_fds[new].type == FD_PIPE_W)
		hold_add(exos_pipe_at(exos_fds[new].slot), end_of(&exos_fds[new]), exos_self, 1);
	if (exos_fds[new].type == FD_FILE)
		exos_file_dup(exos_fds[new].slot);
	return new;
}

int exos_fd_give(int fd, int envcap, uint32_t id, struct exos_fd_spec *out)
{
	*out = (struct exos_fd_spec){ FD_NONE, 0, 0 };
	if (fd < 0 || fd >= EXOS_FD_MAX)
		return -E_INVAL;
	struct exos_fd *f = &exos_fds[fd];
	*out = (struct exos_fd_spec){ f->type, f->slot, f->arg };
	/* A started program shares our file system, whatever it inherits:
	 * the first give grants it the capability, later ones find it given. */
	int err = ramfs_give(envcap, id);
	if (err)
		return err;
	if (f->type == FD_FILE)
		return exos_file_give(f->slot, envcap, id);
	if (f->type != FD_PIPE_R && f->type != FD_PIPE_W)
		return 0;
	struct exos_pipe *p = exos_pipe_at(f->slot);
	uintptr_t va = (uintptr_t)p;
	if (sys_pte_read(envcap, id, va) < 0) {
		err = (int)sys_pte_install(envcap, id, va, p->ppn, EXOS_PTE_R | EXOS_PTE_W,
					   EXOS_CAP_PAGES);
		if (err)
			return err;
	}
	hold_add(p, end_of(f), id, 1);
	return 0;
}

static int is_pipe(const struct exos_fd *f)
{
	return f->type == FD_PIPE_R || f->type == FD_PIPE_W;
}

int exos_fd_fork(int envcap, uint32_t id)
{
	struct exos_pte_share b[EXOS_PIPE_SLOTS];
	uint8_t seen[EXOS_PIPE_SLOTS] = { 0 };
	unsigned n = 0;

	_Static_assert(EXOS_PIPE_SLOTS <= EXOS_PTE_BATCH_MAX, "one batch for every pipe");
	for (int fd = 0; fd < EXOS_FD_MAX; fd++) {
		uint32_t s = exos_fds[fd].slot;
		if (is_pipe(&exos_fds[fd]) && !seen[s]) {
			seen[s] = 1;
			uintptr_t va = (uintptr_t)exos_pipe_at(s);
			b[n++] = (struct exos_pte_share){ va, va, EXOS_PTE_R | EXOS_PTE_W };
		}
	}
	long r = n ? sys_pte_share_batch(envcap, id, b, n, 0) : 0;
	if (r >= 0)
		r = ramfs_give(envcap, id);   /* the child shares our file system */
	if (r < 0)
		return (int)r;
	for (int fd = 0; fd < EXOS_FD_MAX; fd++) {
		if (is_pipe(&exos_fds[fd]))
			hold_add(exos_pipe_at(exos_fds[fd].slot), end_of(&exos_fds[fd]), id, 1);
		if (exos_fds[fd].type == FD_FILE)
			exos_file_hold(exos_fds[fd].slot, id);
	}
	return 0;
}


void exos_fd_forked(void)
{
	exos_file_reset();   /* our copy names the parent's capability slots */
	memset(slot_owned, 0, sizeof(slot_owned));
	memset(slot_mapped, 0, sizeof(slot_mapped));
	for (int fd = 0; fd < EXOS_FD_MAX; fd++)
		if (is_pipe(&exos_fds[fd]))
			slot_mapped[exos_fds[fd].slot] = 1;
}

void exos_pipe_reap(void)
{
	for (uint32_t s = 0; s < EXOS_PIPE_SLOTS; s++) {
		if (!slot_owned[s])
			continue;
		int used = 0;
		for (int fd = 0; fd < EXOS_FD_MAX; fd++)
			used |= (exos_fds[fd].type == FD_PIPE_R || exos_fds[fd].type == FD_PIPE_W) &&
				exos_fds[fd].slot == s;
		struct exos_pipe *p = exos_pipe_at(s);
		exos_pipe_forget_dead(p, EXOS_PIPE_R);   /* ends of killed processes */
		exos_pipe_forget_dead(p, EXOS_PIPE_W);
		const volatile struct exos_page *pg =
			(const volatile struct exos_page *)EXOS_PAGES_VA + (p->ppn - exos_info->pages_base_ppn);
		if (used || p->readers || p->writers || pg->refcnt != 1)
			continue;   /* still open, or still mapped by a child */
		unsigned long ppn = p->ppn;
		sys_pte_remove(EXOS_CAP_SELF, exos_self, (uintptr_t)p);
		sys_page_free(EXOS_CAP_PAGES, ppn);   /* E_BUSY while a child still maps it */
		slot_mapped[s] = slot_owned[s] = 0;
	}
}
