/*
 * t_swregion - software regions through the real system calls, used
 * as a hostile env would: offsets past the end and wrapping at the top
 * of the address space, buffers at kernel, unmapped and read-only
 * addresses, missing rights, stale ids, a creator that ends while
 * others hold capabilities, the limits; and as envs that share one
 * would: pages charged to the creator, a lock made with the guard
 * shared by four envs at once.  Every page comes back at the end, and
 * the kernel's invariant check (run when init exits) checks the
 * regions' pages.  The tests that use init's root capability run in
 * the program, the others in forked children (check.h).
 */
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "exos/exos.h"

#define PG 4096UL
#define KERNEL_VA 0xffffffc000001000UL
#define LAST_WORD 0xfffffffffffffff8UL
#define ALL EXOS_CAP_RIGHTS

/* A system call with five arguments as given (the stubs narrow ids to
 * 32 bits). */
static long raw5(long nr, long a0, long a1, long a2, long a3, long a4)
{
	register long r0 __asm__("a0") = a0, r1 __asm__("a1") = a1, r2 __asm__("a2") = a2;
	register long r3 __asm__("a3") = a3, r4 __asm__("a4") = a4, r7 __asm__("a7") = nr;

	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r7)
			 :: "memory", "a5", "a6", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "ra");
	return r0;
}

static long pages_of(uint32_t id)
{
	return exos_envs[EXOS_ENV_SLOT(id)].pages;
}

static long accounted(void)
{
	return (long)exos_info->pages_free + pages_of(exos_self);
}

static long writev1(int cap, uint32_t id, unsigned long off, const void *src, unsigned long len)
{
	struct exos_swr_piece p = { off, len, (uintptr_t)src };

	return sys_swr_writev(cap, id, &p, 1, EXOS_SWR_NO_GUARD, 0);
}

/* A new region of npages; its capability slot in *cap. */
static uint32_t make(unsigned long npages, int *cap)
{
	long id = sys_swr_create(npages, 0);

	*cap = id > 0 ? exos_cap_find(EXOS_NS_SWR, (uint32_t)id) : -1;
	return id > 0 ? (uint32_t)id : 0;
}

static void destroy(int cap, uint32_t id)
{
	sys_swr_destroy(cap, id);
	sys_cap_delete(cap);
}

/** A region: id, capability, exported row, zeros until written, pages charged, freed. */
TEST(basic)
{
	static char buf[2 * PG], back[2 * PG];
	long before = pages_of(exos_self);
	int cap;
	uint32_t id = make(8, &cap);

	EXPECT_EQ("create a region of 8 pages", id != 0 && cap >= 0, 1);
	EXPECT_EQ("its exported row", exos_swrs[id % EXOS_SWR_MAX].id == id &&
		  exos_swrs[id % EXOS_SWR_MAX].creator == exos_self &&
		  exos_swrs[id % EXOS_SWR_MAX].npages == 8, 1);
	EXPECT_EQ("its directory is charged to us", pages_of(exos_self), before + 1);
	memset(back, 1, sizeof(back));
	EXPECT_EQ("read before any write", sys_swr_read(cap, id, 0, back, sizeof(back)), 0);
	EXPECT_EQ("reads zeros", back[0] == 0 && back[sizeof(back) - 1] == 0, 1);
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(i * 7);
	EXPECT_EQ("write 8 KiB across three pages", writev1(cap, id, PG / 2, buf, sizeof(buf)), 0);
	EXPECT_EQ("three pages present", exos_swrs[id % EXOS_SWR_MAX].present, 3);
	EXPECT_EQ("and charged to us", pages_of(exos_self), before + 4);
	EXPECT_EQ("read it back", sys_swr_read(cap, id, PG / 2, back, sizeof(back)), 0);
	EXPECT_EQ("the same bytes", memcmp(buf, back, sizeof(buf)), 0);
	EXPECT_EQ("free pages 1 and 2", sys_swr_free(cap, id, PG, 2 * PG), 2);
	EXPECT_EQ("one page left", exos_swrs[id % EXOS_SWR_MAX].present, 1);
	EXPECT_EQ("page 1 reads as zeros again",
		  sys_swr_read(cap, id, PG, back, 16) == 0 && back[0] == 0 && back[15] == 0, 1);
	destroy(cap, id);
	EXPECT_EQ("destroyed: its row is free", exos_swrs[id % EXOS_SWR_MAX].id, 0);
	EXPECT_EQ("and every page is back", pages_of(exos_self), before);
}

/** Offsets, lengths and guards past the end or wrapping: E_RANGE / E_ALIGN, nothing written. */
TEST(bounds)
{
	char buf[64] = { 0 };
	struct exos_swr_piece p[EXOS_SWR_VEC_MAX + 1];
	int cap;
	uint32_t id = make(2, &cap);

	EXPECT_EQ("read the last byte", sys_swr_read(cap, id, 2 * PG - 1, buf, 1), 0);
	EXPECT_EQ("read one past the end", sys_swr_read(cap, id, 2 * PG - 1, buf, 2), -E_RANGE);
	EXPECT_EQ("read at an offset past the end", sys_swr_read(cap, id, 2 * PG + 1, buf, 0),
		  -E_RANGE);
	EXPECT_EQ("read at the top of the offsets (wraps)", sys_swr_read(cap, id, LAST_WORD, buf, 16),
		  -E_RANGE);
	EXPECT_EQ("read a length that wraps", sys_swr_read(cap, id, 8, buf, -8UL), -E_RANGE);
	EXPECT_EQ("write at the top of the offsets (wraps)", writev1(cap, id, LAST_WORD, buf, 16),
		  -E_RANGE);
	EXPECT_EQ("write past the end", writev1(cap, id, 2 * PG - 4, buf, 8), -E_RANGE);
	EXPECT_EQ("free a range that wraps", sys_swr_free(cap, id, PG, -PG), -E_RANGE);
	EXPECT_EQ("free a misaligned range", sys_swr_free(cap, id, 1, PG), -E_ALIGN);
	EXPECT_EQ("a 0-piece write", sys_swr_writev(cap, id, p, 0, EXOS_SWR_NO_GUARD, 0), -E_RANGE);
	for (int i = 0; i <= EXOS_SWR_VEC_MAX; i++)
		p[i] = (struct exos_swr_piece){ (unsigned long)i, 1, (uintptr_t)buf };
	EXPECT_EQ("a write of too many pieces",
		  sys_swr_writev(cap, id, p, EXOS_SWR_VEC_MAX + 1, EXOS_SWR_NO_GUARD, 0), -E_RANGE);
	EXPECT_EQ("a guard past the end", sys_swr_writev(cap, id, p, 1, 2 * PG - 2, 0), -E_RANGE);
	EXPECT_EQ("a guard at the top of the offsets", sys_swr_writev(cap, id, p, 1, LAST_WORD, 0),
		  -E_RANGE);
	EXPECT_EQ("a misaligned guard", sys_swr_writev(cap, id, p, 1, 6, 0), -E_ALIGN);
	EXPECT_EQ("nothing was written", exos_swrs[id % EXOS_SWR_MAX].present, 0);
	destroy(cap, id);
}

/** Bad buffers and a piece array at a kernel address: E_FAULT, and nothing written. */
TEST(bad_buffers)
{
	static const char ro[16] = "read-only";
	uintptr_t bad[] = { 1, 0x3800000000UL, KERNEL_VA, LAST_WORD, 0x8000000000000000UL };
	struct exos_swr_piece p[2];
	char ok[16] = "good";
	int cap, faults = 0;
	uint32_t id = make(2, &cap);

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		faults += sys_swr_read(cap, id, 0, (void *)bad[i], 16) == -E_FAULT;
		faults += writev1(cap, id, 0, (void *)bad[i], 16) == -E_FAULT;
	}
	EXPECT_EQ("reads into and writes from bad buffers: E_FAULT", faults, 10);
	EXPECT_EQ("a read into read-only memory", sys_swr_read(cap, id, 0, (void *)ro, 16), -E_FAULT);
	EXPECT_EQ("a read into the exported info page",
		  sys_swr_read(cap, id, 0, (void *)EXOS_INFO_VA, 16), -E_FAULT);
	p[0] = (struct exos_swr_piece){ 0, 16, (uintptr_t)ok };
	p[1] = (struct exos_swr_piece){ 100, 16, KERNEL_VA };
	EXPECT_EQ("a piece array at a kernel address",
		  sys_swr_writev(cap, id, (void *)KERNEL_VA, 1, EXOS_SWR_NO_GUARD, 0), -E_FAULT);
	EXPECT_EQ("a good piece then a bad source",
		  sys_swr_writev(cap, id, p, 2, EXOS_SWR_NO_GUARD, 0), -E_FAULT);
	EXPECT_EQ("nothing was written (not even the good piece)",
		  exos_swrs[id % EXOS_SWR_MAX].present, 0);
	destroy(cap, id);
}

/** R reads only, R|W cannot destroy, other capabilities and slots reach nothing. */
TEST(rights)
{
	char buf[8] = "x";
	int cap, cap2;
	uint32_t id = make(1, &cap), other = make(1, &cap2);
	int r = (int)sys_cap_derive(cap, -1, 0, 0, EXOS_CAP_R);
	int rw = (int)sys_cap_derive(cap, -1, 0, 0, EXOS_CAP_R | EXOS_CAP_W);

	EXPECT_EQ("derive R and R|W capabilities", r >= 0 && rw >= 0, 1);
	EXPECT_EQ("R reads", sys_swr_read(r, id, 0, buf, 8), 0);
	EXPECT_EQ("R cannot write", writev1(r, id, 0, buf, 8), -E_PERM);
	EXPECT_EQ("R cannot free", sys_swr_free(r, id, 0, PG), -E_PERM);
	EXPECT_EQ("R|W writes", writev1(rw, id, 0, buf, 8), 0);
	EXPECT_EQ("R|W cannot destroy", sys_swr_destroy(rw, id), -E_PERM);
	EXPECT_EQ("R|W cannot pass it on", sys_cap_grant(rw, exos_self, EXOS_CAP_R), -E_PERM);
	EXPECT_EQ("another region's capability", sys_swr_read(cap2, id, 0, buf, 8), -E_NOCAP);
	EXPECT_EQ("our own pages' capability", sys_swr_read(EXOS_CAP_PAGES, id, 0, buf, 8),
		  -E_NOCAP);
	EXPECT_EQ("an empty slot", sys_swr_read(EXOS_CAP_SLOTS - 1, id, 0, buf, 8), -E_NOCAP);
	EXPECT_EQ("a slot out of range", sys_swr_read(EXOS_CAP_SLOTS, id, 0, buf, 8), -E_RANGE);
	EXPECT_EQ("a negative slot", sys_swr_read(-5, id, 0, buf, 8), -E_RANGE);
	sys_cap_delete(r);
	sys_cap_delete(rw);
	destroy(cap, id);
	destroy(cap2, other);
}

/** A destroyed region's id is dead; high id bits and old capabilities reach no new region. */
TEST_FLAGS(stale, TEST_IN_PARENT)
{
	char buf[8];
	int cap, cap2;
	uint32_t id = make(1, &cap);

	sys_swr_destroy(cap, id);
	EXPECT_EQ("read a destroyed region", sys_swr_read(cap, id, 0, buf, 8), -E_NOENT);
	EXPECT_EQ("write it", writev1(cap, id, 0, buf, 8), -E_NOENT);
	EXPECT_EQ("free it", sys_swr_free(cap, id, 0, PG), -E_NOENT);
	EXPECT_EQ("destroy it again", sys_swr_destroy(cap, id), -E_NOENT);
	EXPECT_EQ("id 0 (with the root capability)", sys_swr_read(EXOS_CAP_ROOT, 0, 0, buf, 8),
		  -E_NOENT);
	uint32_t again = make(1, &cap2);
	EXPECT_EQ("the next region has another id", again != 0 && again != id, 1);
	EXPECT_EQ("the dead one's capability does not reach it",
		  sys_swr_read(cap, again, 0, buf, 8), -E_NOCAP);
	long alias = (long)again | (1L << 32);
	EXPECT_EQ("the live id itself (the root capability)",
		  sys_swr_read(EXOS_CAP_ROOT, again, 0, buf, 8), 0);
	EXPECT_EQ("the id with a high bit set does not alias it",
		  raw5(SYS_swr_read, EXOS_CAP_ROOT, alias, 0, (long)buf, 8), -E_NOENT);
	sys_cap_delete(cap);
	destroy(cap2, again);
}

/** A region whose creator ends is gone for its other holders, and its pages are free. */
TEST(creator_ends)
{
	static char data[3 * PG];
	int go[2], back[2], st = -1, caps = test_counts().caps;
	long free_before = accounted();
	uint32_t id = 0;
	char buf[16];

	pipe(go);
	pipe(back);
	pid_t pid = fork();
	if (pid == 0) {
		int cap;
		uint32_t mine = make(4, &cap);
		memset(data, 'd', sizeof(data));
		writev1(cap, mine, 0, data, sizeof(data));
		sys_cap_grant(cap, (uint32_t)getppid(), EXOS_CAP_R | EXOS_CAP_W | EXOS_CAP_GRANT);
		write(back[1], &mine, sizeof(mine));
		read(go[0], buf, 1);
		_exit(0);
	}
	read(back[0], &id, sizeof(id));
	int cap = exos_cap_find(EXOS_NS_SWR, id);
	EXPECT_EQ("the creator granted us its region", cap >= 0, 1);
	EXPECT_EQ("with GRANT we still cannot destroy it (not its creator)",
		  sys_swr_destroy(cap, id), -E_PERM);
	EXPECT_EQ("we read its data", sys_swr_read(cap, id, PG, buf, 16) == 0 && buf[0] == 'd', 1);
	EXPECT_EQ("its 4 pages are the creator's", exos_swrs[id % EXOS_SWR_MAX].present, 3);
	write(go[1], "x", 1);
	waitpid(pid, &st, 0);
	EXPECT_EQ("the creator exited", WIFEXITED(st), 1);
	EXPECT_EQ("its region is gone for us", sys_swr_read(cap, id, PG, buf, 16), -E_NOENT);
	EXPECT_EQ("and its row", exos_swrs[id % EXOS_SWR_MAX].id, 0);
	sys_cap_delete(cap);
	close(go[0]);
	close(go[1]);
	close(back[0]);
	close(back[1]);
	exos_pipe_reap();
	EXPECT_EQ("its pages are free again (free + ours)", accounted(), free_before);
	EXPECT_EQ("our capability slots as before", test_counts().caps, caps);
}

/** Limits: flags, sizes, EXOS_SWR_PER_ENV regions per env. */
TEST(limits)
{
	int cap[EXOS_SWR_PER_ENV], c, made = 0;
	uint32_t id[EXOS_SWR_PER_ENV];

	EXPECT_EQ("flags are refused", sys_swr_create(1, 1), -E_INVAL);
	EXPECT_EQ("0 pages", sys_swr_create(0, 0), -E_RANGE);
	EXPECT_EQ("one page too many", sys_swr_create(EXOS_SWR_MAX_PAGES + 1, 0), -E_RANGE);
	EXPECT_EQ("a negative size", sys_swr_create(-1UL, 0), -E_RANGE);
	for (int i = 0; i < EXOS_SWR_PER_ENV; i++)
		made += (id[i] = make(1, &cap[i])) != 0;
	EXPECT_EQ("EXOS_SWR_PER_ENV regions", made, EXOS_SWR_PER_ENV);
	EXPECT_EQ("then E_NOMEM", (long)make(1, &c) == 0 && sys_swr_create(1, 0) == -E_NOMEM, 1);
	for (int i = 0; i < EXOS_SWR_PER_ENV; i++)
		destroy(cap[i], id[i]);
}

#define LOCK_OFF 0
#define COUNT_OFF 64
#define ROUNDS 300

/* One env's share of the lock test: ROUNDS increments of the counter, each
 * under the lock (taken with a guarded write, released in the same
 * guarded write that stores the new count). */
static int lock_rounds(int cap, uint32_t id)
{
	uint32_t me = exos_self, zero = 0, count;

	for (int i = 0; i < ROUNDS; i++) {
		struct exos_swr_piece take = { LOCK_OFF, 4, (uintptr_t)&me };
		while (sys_swr_writev(cap, id, &take, 1, LOCK_OFF, 0) == -E_BUSY)
			sys_yield(0);
		if (sys_swr_read(cap, id, COUNT_OFF, &count, 4))
			return 1;
		count++;
		struct exos_swr_piece p[2] = { { COUNT_OFF, 4, (uintptr_t)&count },
					       { LOCK_OFF, 4, (uintptr_t)&zero } };
		if (sys_swr_writev(cap, id, p, 2, LOCK_OFF, me))
			return 1;
	}
	return 0;
}

/** Four envs incrementing a counter under a guarded-write lock on several harts lose none. */
TEST(lock)
{
	int cap, go[2], bad = 0;
	uint32_t id = make(1, &cap), count = 0;
	pid_t kids[3];

	pipe(go);
	for (int k = 0; k < 3; k++) {
		if ((kids[k] = fork()) == 0) {
			char c;
			read(go[0], &c, 1);
			_exit(lock_rounds(exos_cap_find(EXOS_NS_SWR, id), id));
		}
		sys_cap_grant(cap, (uint32_t)kids[k], EXOS_CAP_R | EXOS_CAP_W);
	}
	write(go[1], "xyz", 3);
	bad += lock_rounds(cap, id);
	for (int k = 0; k < 3; k++) {
		int st = -1;
		waitpid(kids[k], &st, 0);
		bad += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	EXPECT_EQ("four envs took the lock 300 times each", bad, 0);
	sys_swr_read(cap, id, COUNT_OFF, &count, 4);
	EXPECT_EQ("no increment lost", count, 4 * ROUNDS);
	close(go[0]);
	close(go[1]);
	exos_pipe_reap();
	destroy(cap, id);
}

int main(void)
{
	long before = accounted();
	int caps = test_counts().caps;

	test_run_all("t_swregion");
	EXPECT_EQ("capability slots as at the start", test_counts().caps, caps);
	EXPECT_EQ("every page is back (free + ours)", accounted(), before);
	printf("t_swregion: %d failures\n", check_failures);
	return check_failures;
}
