/*
 * t_robust - robust critical sections: shared library-OS state survives
 * a process killed, or faulting, inside a critical section over it.
 * For /tmp (one software region, ramfs.c) and for pipe pages (fd.c):
 * the next user takes the lock over, nothing the dead operation had
 * half done is seen (rolled back, or never committed), the pages it
 * wrote go back, and a process that faults inside dies by SIGSEGV
 * (its sections given up first), and one that exits inside does not
 * wait for itself in its exit path.  Then the same with real
 * operations killed at random moments (several harts: killed while
 * running), checked for consistency after each kill, and two readers
 * sharing one pipe.  Each test runs in a forked child (check.h) and
 * must leave /tmp, its pages and our capability slots as it found them,
 * and hold no lock when it ends.
 *
 * Run as init with the boot archive.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "exos/exos.h"
#include "exos/fs.h"
#include "exos/pipe.h"
#include "exos/ramfs.h"
#include "exos/robust.h"

#define PG 4096
/* How a child faulting inside a section ends: by SIGSEGV (a store page
 * fault inside libexos's critical section is never a handler's). */
#define DIED_OF_FAULT(st) (WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV)

static struct exos_fs_usage usage(void)
{
	struct exos_fs_usage u = { 0, 0, 0, 0 };

	exos_fs_usage(&u);
	return u;
}

/* Pages the region really has: the metadata once written, and every
 * page the superblock counts in use; no more (nothing left over by a
 * dead operation). */
static uint32_t present(void)
{
	return exos_swrs[usage().region % EXOS_SWR_MAX].present;
}

/* Fork a child that runs fn(arg, tell) and wait until it says (a byte
 * on a pipe) that it is inside its critical section. */
static pid_t start_inside(void (*fn)(long, int), long arg)
{
	int tell[2];
	char c = 0;

	pipe(tell);
	pid_t pid = fork();
	if (pid == 0) {
		close(tell[0]);
		fn(arg, tell[1]);
		_exit(99);
	}
	close(tell[1]);
	read(tell[0], &c, 1);
	close(tell[0]);
	exos_pipe_reap();
	return c == 'i' ? pid : -1;
}

/* A test's process holds no robust lock once it is done. */
static void expect_no_lock(const char *what)
{
	char name[96];

	snprintf(name, sizeof(name), "%s: no lock of ours is held", what);
	EXPECT_EQ(name, robust_held(), 0);
}

/* How a child leaves a section it is inside. */
enum how { SPIN, FAULT, EXIT };

static void leave(enum how how)
{
	static volatile uintptr_t bad = 8;   /* a store there faults (page 0) */

	if (how == FAULT)
		*(volatile int *)bad = 1;
	if (how == EXIT)
		exit(5);
	for (;;)
		;
}

/* Inside /tmp's critical section, half an operation done: a file made
 * and three pages of it written into the region, nothing committed.
 * It holds /tmp/open-by-child open, so its exit path (EXIT) takes the
 * lock again to close it; after a FAULT or a kill the next taker drops
 * its reference (the holders table). */
static void half_tmp_op(long how, int tell)
{
	static char data[3 * PG];
	int fd = open("/tmp/open-by-child", O_RDWR | O_CREAT, 0666);

	(void)fd;
	memset(data, 'g', sizeof(data));
	ramfs_lock();
	int ino = ramfs_create("ghost");
	ramfs_write(ino, 0, data, sizeof(data));
	write(tell, "i", 1);
	leave((enum how)how);
}

/* After a child left /tmp's section without finishing: the lock is
 * usable, the half-done file does not exist, every page it wrote is
 * back, nothing it held is open. */
static void check_tmp_after(const char *what, uint32_t base)
{
	char name[96], buf[8];
	struct stat st;

	snprintf(name, sizeof(name), "%s: the half-made file is not seen", what);
	EXPECT_EQ(name, stat("/tmp/ghost", &st) == -1 && errno == ENOENT, 1);
	snprintf(name, sizeof(name), "%s: what it had committed is", what);
	EXPECT_EQ(name, stat("/tmp/open-by-child", &st), 0);
	unlink("/tmp/open-by-child");
	snprintf(name, sizeof(name), "%s: the pages it wrote are back", what);
	EXPECT_EQ(name, usage().pages_used, base);
	snprintf(name, sizeof(name), "%s: the region holds no page more", what);
	EXPECT_EQ(name, present(), base);
	snprintf(name, sizeof(name), "%s: none of its open files is left", what);
	EXPECT_EQ(name, usage().opens_used, 0);
	int fd = open("/tmp/after", O_RDWR | O_CREAT | O_TRUNC, 0666);
	snprintf(name, sizeof(name), "%s: /tmp works (write, read back)", what);
	EXPECT_EQ(name, write(fd, "abc", 3) == 3 && lseek(fd, 0, SEEK_SET) == 0 &&
		  read(fd, buf, 8) == 3 && !memcmp(buf, "abc", 3), 1);
	close(fd);
	unlink("/tmp/after");
	expect_no_lock(what);
}

/** A process killed inside a /tmp operation: the lock is taken over, the operation unseen. */
TEST(tmp_killed)
{
	uint32_t base = usage().pages_used;
	int st = -1;
	pid_t pid = start_inside(half_tmp_op, SPIN);

	EXPECT_EQ("/tmp killed: the child is inside", pid > 0, 1);
	EXPECT_EQ("/tmp killed: kill it there", kill(pid, SIGKILL), 0);
	EXPECT_EQ("/tmp killed: reaped", waitpid(pid, &st, 0) == pid && WTERMSIG(st) == SIGKILL, 1);
	check_tmp_after("/tmp killed", base);
}

/** A process faulting inside a /tmp operation dies by SIGSEGV; the operation is unseen. */
TEST(tmp_fault)
{
	uint32_t base = usage().pages_used;
	int st = -1;
	pid_t pid = start_inside(half_tmp_op, FAULT);

	EXPECT_EQ("/tmp fault: died of the fault", waitpid(pid, &st, 0) == pid && DIED_OF_FAULT(st),
		  1);
	check_tmp_after("/tmp fault", base);
}

/* half_tmp_op, by a process whose way out takes long: the message
 * naming its fault goes to a full pipe that nobody reads. */
static void half_tmp_op_slow_exit(long unused, int tell)
{
	int full[2];

	(void)unused;
	pipe(full);
	fcntl(full[1], F_SETFL, O_NONBLOCK);
	while (write(full[1], "x", 1) == 1)
		;
	fcntl(full[1], F_SETFL, 0);
	dup2(full[1], 2);
	half_tmp_op(FAULT, tell);
}

/** A process faulting inside a /tmp operation frees the lock at the fault, before it ends. */
TEST(tmp_fault_slow_exit)
{
	struct stat st;
	pid_t pid = start_inside(half_tmp_op_slow_exit, 0);

	EXPECT_EQ("/tmp fault, slow exit: /tmp is usable meanwhile", stat("/tmp/ghost", &st), -1);
	EXPECT_EQ("/tmp fault, slow exit: it is still there", kill(pid, 0), 0);
	kill(pid, SIGKILL);
	waitpid(pid, 0, 0);
	unlink("/tmp/open-by-child");
}

/** A process that exits from inside a /tmp operation ends too, the operation unseen. */
TEST(tmp_exit)
{
	uint32_t base = usage().pages_used;
	int st = -1;
	pid_t pid = start_inside(half_tmp_op, EXIT);

	EXPECT_EQ("/tmp exit: ended with its status", waitpid(pid, &st, 0) == pid &&
		  WIFEXITED(st) && WEXITSTATUS(st) == 5, 1);
	check_tmp_after("/tmp exit", base);
}

/* Inside /tmp's critical section, /tmp/tail (100 bytes) written on
 * from its end: 200 bytes past it in its page, not committed. */
static void half_tail_write(long unused, int tell)
{
	static char xs[200];

	(void)unused;
	memset(xs, 'X', sizeof(xs));
	ramfs_lock();
	ramfs_write(ramfs_lookup("tail"), 100, xs, sizeof(xs));
	write(tell, "i", 1);
	leave(SPIN);
}

/** A write past a file's end killed before its commit: size kept, the bytes past it read 0. */
TEST(tmp_tail)
{
	static char a[100], back[2100];
	int fd = open("/tmp/tail", O_RDWR | O_CREAT | O_TRUNC, 0666), zero = 1;

	memset(a, 'a', sizeof(a));
	write(fd, a, sizeof(a));
	pid_t pid = start_inside(half_tail_write, 0);
	kill(pid, SIGKILL);
	waitpid(pid, 0, 0);
	struct stat st;
	EXPECT_EQ("tail: the size is as committed", fstat(fd, &st) == 0 ? st.st_size : -1, 100);
	EXPECT_EQ("tail: grow it past the dead write", lseek(fd, 2000, SEEK_SET) == 2000 &&
		  write(fd, "b", 1) == 1, 1);
	EXPECT_EQ("tail: read it all", lseek(fd, 0, SEEK_SET) == 0 &&
		  read(fd, back, sizeof(back)) == 2001, 1);
	for (int k = 100; k < 2000; k++)
		zero &= back[k] == 0;
	EXPECT_EQ("tail: the hole reads as zeros, not the dead write's bytes", zero, 1);
	close(fd);
	unlink("/tmp/tail");
	expect_no_lock("tail");
}

/* Inside the write end's section of the pipe descriptor (int)arg
 * names, half of a change logged: five writers more and a holder that
 * does not exist.  Bit 32 of arg: fault there, instead of spinning. */
static void half_pipe_op(long arg, int tell)
{
	struct exos_pipe *p = exos_pipe_of((int)arg);
	struct robust_mem *m = &p->lock[EXOS_PIPE_W];

	robust_mem_lock(m);
	robust_mem_put(m, &p->writers, 4, p->writers + 5);
	robust_mem_put(m, &p->holder[EXOS_PIPE_W][EXOS_MAX_ENVS - 1], 4, 12345);
	write(tell, "i", 1);
	leave(arg >> 32 ? FAULT : SPIN);
}

/* A pipe whose child left its write end's section unfinished: the log
 * is rolled back, so when we close our write end the pipe has no
 * writer and our read sees end of file (it would sleep forever on a
 * count of five). */
static void pipe_case(const char *what, int fault)
{
	int fds[2], st = -1;
	char name[96], c;

	pipe(fds);
	write(fds[1], "x", 1);
	struct exos_pipe *p = exos_pipe_of(fds[0]);
	pid_t pid = start_inside(half_pipe_op, fds[0] | (fault ? 1L << 32 : 0));
	if (!fault)
		kill(pid, SIGKILL);
	snprintf(name, sizeof(name), "%s: the child ended as it should", what);
	EXPECT_EQ(name, waitpid(pid, &st, 0) == pid &&
		  (fault ? DIED_OF_FAULT(st) : WTERMSIG(st) == SIGKILL), 1);
	exos_pipe_forget_dead(p, EXOS_PIPE_W);
	exos_pipe_forget_dead(p, EXOS_PIPE_R);
	snprintf(name, sizeof(name), "%s: one writer (ours), one reader", what);
	EXPECT_EQ(name, p->writers == 1 && p->readers == 1, 1);
	snprintf(name, sizeof(name), "%s: its made-up holder is gone", what);
	EXPECT_EQ(name, p->holder[EXOS_PIPE_W][EXOS_MAX_ENVS - 1], 0);
	snprintf(name, sizeof(name), "%s: the lock is free", what);
	EXPECT_EQ(name, p->lock[EXOS_PIPE_W].word, ROBUST_FREE);
	close(fds[1]);
	snprintf(name, sizeof(name), "%s: the byte, then end of file", what);
	EXPECT_EQ(name, read(fds[0], &c, 1) == 1 && c == 'x' && read(fds[0], &c, 1) == 0, 1);
	close(fds[0]);
	exos_pipe_reap();
	expect_no_lock(what);
}

/** A process killed inside a pipe end's section: the next taker rolls its changes back. */
TEST(pipe_killed)
{
	pipe_case("pipe killed", 0);
}

/** A process faulting inside a pipe end's section dies by SIGSEGV; the section is rolled back. */
TEST(pipe_fault)
{
	pipe_case("pipe fault", 1);
}

/* ------------------------------------------------------------ real kills */

#define KILL_ROUNDS 12

/* The byte at offset k of file s<n>: what the writer child writes. */
static char pattern(int n, uint32_t k)
{
	return (char)(k * 7 + (uint32_t)n);
}

/* Append pattern bytes to /tmp/s0../tmp/s3 in chunks of random size,
 * starting a file afresh past 24 KiB, forever (until killed). */
static void tmp_writer(long seed, int tell)
{
	static char chunk[6000];

	srand((unsigned)seed);
	write(tell, "i", 1);
	for (;;) {
		int n = rand() % 4;
		char name[16];
		struct stat st;
		snprintf(name, sizeof(name), "/tmp/s%d", n);
		if (stat(name, &st) == 0 && st.st_size > 24 * 1024)
			unlink(name);
		int fd = open(name, O_WRONLY | O_CREAT | O_APPEND, 0666);
		uint32_t at = stat(name, &st) == 0 ? (uint32_t)st.st_size : 0;
		size_t len = 1 + (size_t)(rand() % (int)sizeof(chunk));
		for (size_t k = 0; k < len; k++)
			chunk[k] = pattern(n, at + (uint32_t)k);
		write(fd, chunk, len);
		close(fd);
	}
}

/* After a writer was killed: each file holds its pattern and no more
 * pages than its size needs; the region has exactly the pages counted;
 * nothing is left open. */
static int tmp_consistent(void)
{
	static char buf[32 * 1024];
	uint32_t pages = RAMFS_META;
	int bad = 0;

	for (int n = 0; n < 4; n++) {
		char name[16];
		snprintf(name, sizeof(name), "/tmp/s%d", n);
		int fd = open(name, O_RDONLY);
		if (fd < 0)
			continue;
		long len = read(fd, buf, sizeof(buf));
		close(fd);
		for (long k = 0; k < len; k++)
			bad += buf[k] != pattern(n, (uint32_t)k);
		pages += len ? 1 + (uint32_t)(len + PG - 1) / PG : 0;
	}
	struct exos_fs_usage u = usage();
	bad += u.pages_used != pages || present() != pages || u.opens_used != 0;
	return bad;
}

/** /tmp writers killed at random, 12 times: files and page counts exact after each kill. */
TEST(tmp_kill_rounds)
{
	uint32_t base = usage().pages_used;
	int bad = 0;

	srand(11);
	for (int r = 0; r < KILL_ROUNDS; r++) {
		pid_t pid = start_inside(tmp_writer, r + 1);
		usleep(1000 + (unsigned)(rand() % 20000));
		kill(pid, SIGKILL);
		waitpid(pid, 0, 0);
		bad += tmp_consistent();
	}
	EXPECT_EQ("/tmp writers killed at random: consistent after every kill", bad, 0);
	for (int n = 0; n < 4; n++) {
		char name[16];
		snprintf(name, sizeof(name), "/tmp/s%d", n);
		unlink(name);
	}
	EXPECT_EQ("and every page back", usage().pages_used, base);
	expect_no_lock("/tmp writers killed");
}

/* Take and drop descriptors of the pipe's write end, and write to it,
 * forever (until killed). */
static void pipe_churner(long wfd, int tell)
{
	write(tell, "i", 1);
	for (unsigned i = 0;; i++) {
		int d = dup((int)wfd);
		if (i % 16 == 0)
			write(d, "0123", 4);
		close(d);
	}
}

/** Pipe holders killed at random, 12 times: end counts exact, every record then EOF. */
TEST(pipe_kill_rounds)
{
	int fds[2], bad = 0;
	char buf[4];

	pipe(fds);
	struct exos_pipe *p = exos_pipe_of(fds[0]);
	srand(12);
	for (int r = 0; r < KILL_ROUNDS; r++) {
		pid_t pid = start_inside(pipe_churner, fds[1]);
		usleep(1000 + (unsigned)(rand() % 20000));
		kill(pid, SIGKILL);
		waitpid(pid, 0, 0);
		while (p->wr - p->rd >= 4)
			read(fds[0], buf, 4);   /* keep the churners from filling it */
		exos_pipe_forget_dead(p, EXOS_PIPE_W);
		exos_pipe_forget_dead(p, EXOS_PIPE_R);
		bad += p->writers != 1 || p->readers != 1 || p->lock[0].word || p->lock[1].word;
	}
	EXPECT_EQ("pipe holders killed at random: counts exact after every kill", bad, 0);
	close(fds[1]);
	long n, total = 0;
	while ((n = read(fds[0], buf, 4)) > 0)
		total += n;
	EXPECT_EQ("then end of file, whole records only", n == 0 && total % 4 == 0, 1);
	close(fds[0]);
	exos_pipe_reap();
	expect_no_lock("pipe holders killed");
}

/* ------------------------------------------------------------ sharing */

#define RECORDS 3000

/* Read 4-byte records from the pipe until end of file: their count and
 * sum, sent back on out. */
static void record_reader(long in, int out)
{
	uint32_t v;
	uint64_t res[2] = { 0, 0 };

	while (read((int)in, &v, 4) == 4) {
		res[0]++;
		res[1] += v;
	}
	write(out, res, sizeof(res));
}

/** Two processes reading one pipe at once get every record exactly once, whole. */
TEST(two_readers)
{
	int data[2], back[2];
	uint64_t res[2], count = 0, sum = 0;

	pipe(data);
	pipe(back);
	pid_t kids[2];
	for (int k = 0; k < 2; k++)
		if ((kids[k] = fork()) == 0) {
			close(data[1]);
			close(back[0]);
			record_reader(data[0], back[1]);
			_exit(0);
		}
	close(data[0]);
	close(back[1]);
	for (uint32_t v = 0; v < RECORDS; v++)
		write(data[1], &v, 4);
	close(data[1]);
	for (int k = 0; k < 2; k++) {
		if (read(back[0], res, sizeof(res)) == sizeof(res)) {
			count += res[0];
			sum += res[1];
		}
		waitpid(kids[k], 0, 0);
	}
	EXPECT_EQ("two readers: every record once", count, RECORDS);
	EXPECT_EQ("two readers: none torn or repeated (the sum)", sum,
		  (uint64_t)RECORDS * (RECORDS - 1) / 2);
	close(back[0]);
	exos_pipe_reap();
	expect_no_lock("two readers");
}

static volatile int handled, held_in_handler;

static void on_usr1(int s)
{
	(void)s;
	handled++;
	held_in_handler = robust_held();
}

/** A signal raised inside a /tmp or pipe section runs its handler only once the section is left. */
TEST(signal_waits_for_section)
{
	struct sigaction a = { 0 };
	int fds[2];

	a.sa_handler = on_usr1;
	sigaction(SIGUSR1, &a, 0);
	EXPECT_EQ("/tmp: take the lock", ramfs_lock(), 0);
	raise(SIGUSR1);
	EXPECT_EQ("/tmp: no handler inside the section", handled, 0);
	ramfs_unlock();
	EXPECT_EQ("/tmp: it ran once the section was left", handled, 1);
	EXPECT_EQ("/tmp: holding no lock", held_in_handler, 0);
	pipe(fds);
	struct robust_mem *m = &exos_pipe_of(fds[1])->lock[EXOS_PIPE_W];
	robust_mem_lock(m);
	raise(SIGUSR1);
	EXPECT_EQ("pipe: no handler inside the section", handled, 1);
	robust_mem_unlock(m);
	EXPECT_EQ("pipe: it ran once the section was left", handled, 2);
	EXPECT_EQ("pipe: holding no lock", held_in_handler, 0);
	close(fds[0]);
	close(fds[1]);
	exos_pipe_reap();
	expect_no_lock("signal in a section");
}

static void on_segv(int s)
{
	(void)s;
	_exit(0);
}

/** A fault inside a section is never a handler's: a process catching SIGSEGV still dies by it. */
TEST(fault_in_section_is_fatal)
{
	int st = -1;
	pid_t pid = fork();
	struct stat sb;

	if (pid == 0) {
		static volatile uintptr_t bad = 8;
		signal(SIGSEGV, on_segv);
		ramfs_lock();
		*(volatile int *)bad = 1;
		_exit(3);
	}
	EXPECT_EQ("the child died by SIGSEGV, its handler not run",
		  waitpid(pid, &st, 0) == pid && DIED_OF_FAULT(st), 1);
	int fd = open("/tmp/after-fault", O_RDWR | O_CREAT, 0666);
	EXPECT_EQ("/tmp is usable after it", fd >= 0 && stat("/tmp/after-fault", &sb) == 0, 1);
	close(fd);
	unlink("/tmp/after-fault");
	expect_no_lock("fault in a section");
}

int main(void)
{
	EXPECT_EQ("make the file system", exos_fs_init(), 0);
	long before = (long)exos_info->pages_free + exos_envs[EXOS_ENV_SLOT(exos_self)].pages;
	int caps = test_counts().caps;

	test_run_all("t_robust");
	EXPECT_EQ("no lock of ours is held", robust_held(), 0);
	EXPECT_EQ("capability slots as at the start", test_counts().caps, caps);
	EXPECT_EQ("every page is back (free + ours)",
		  (long)exos_info->pages_free + exos_envs[EXOS_ENV_SLOT(exos_self)].pages, before);
	printf("t_robust: %d failures\n", check_failures);
	return check_failures;
}
