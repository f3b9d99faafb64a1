/*
 * t_entropy - getentropy from the device tree's seed material, rng-seed
 * or kaslr-seed (libexos/entropy.c): requests up to 256 bytes, EIO past
 * that, different bytes for every request and every process (a forked
 * child, an exec'd one), and picolibc's arc4random on top of it.
 * "t_entropy none" checks the other case: a tree with neither seed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "exos/exos.h"

#define N 32

/* The child of the processes test: N bytes from a fresh process to fd 1. */
static int child_main(void)
{
	uint8_t b[N];

	if (getentropy(b, N) != 0)
		return 1;
	return write(1, b, N) == N ? 0 : 1;
}

/** Lengths: 0 and 256 work, 257 is EIO; bytes differ between requests. */
TEST(lengths)
{
	uint8_t a[257], b[256];
	int zeros = 0;

	EXPECT_EQ("seed exported by the kernel", exos_info->rng_seed_len > 0, 1);
	EXPECT_EQ("0 bytes", getentropy(a, 0), 0);
	EXPECT_EQ("256 bytes", getentropy(a, 256), 0);
	EXPECT_EQ("257 bytes fail", getentropy(a, 257), -1);
	EXPECT_EQ("with EIO", errno, EIO);
	EXPECT_EQ("256 bytes again", getentropy(b, 256), 0);
	EXPECT_EQ("differ from the first 256", memcmp(a, b, 256) != 0, 1);
	for (int i = 0; i < 256; i++)
		zeros += !a[i];
	EXPECT_EQ("not mostly zeros (at most 8 of 256)", zeros <= 8, 1);
}

/* N bytes a child writes to a pipe: forked (exec_it 0) or exec'd. */
static int child_bytes(int exec_it, uint8_t out[N])
{
	int fds[2], status = -1;
	char *argv[] = { "t_entropy", "child", 0 };

	if (pipe(fds))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		close(fds[1]);
		if (exec_it)
			execv("/exos/t_entropy", argv);
		_exit(child_main());
	}
	close(fds[1]);
	ssize_t got = 0, r;
	while (got < N && (r = read(fds[0], out + got, N - got)) > 0)
		got += r;
	close(fds[0]);
	waitpid(pid, &status, 0);
	return got == N && status == 0 ? 0 : -1;
}

/** A forked child (which inherits our generator) and an exec'd one get
 *  bytes of their own, not ours. */
TEST(processes)
{
	uint8_t mine[N], forked[N], execd[N];

	getentropy(mine, N);   /* our generator is keyed before the fork */
	EXPECT_EQ("a forked child's bytes", child_bytes(0, forked), 0);
	EXPECT_EQ("ours after the fork", getentropy(mine, N), 0);
	EXPECT_EQ("differ from the forked child's", memcmp(mine, forked, N) != 0, 1);
	EXPECT_EQ("an exec'd child's bytes", child_bytes(1, execd), 0);
	EXPECT_EQ("differ from the forked child's too", memcmp(execd, forked, N) != 0, 1);
	EXPECT_EQ("and from ours", memcmp(execd, mine, N) != 0, 1);
}

/** picolibc's arc4random seeds itself with getentropy. */
TEST(arc4random)
{
	uint32_t a = arc4random(), b = arc4random();
	uint8_t buf[64];
	int zeros = 0;

	arc4random_buf(buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		zeros += !buf[i];
	EXPECT_EQ("arc4random: two calls differ", a != b, 1);
	EXPECT_EQ("arc4random_buf: not mostly zeros", zeros <= 4, 1);
}

/* Without seed material getentropy fails with ENOSYS for any length it
 * would otherwise serve, and leaves the buffer alone ("t_entropy none",
 * booted with a tree that has no seed; not in the table, which assumes
 * a seed). */
static void test_no_seed(void)
{
	uint8_t buf[16];

	memset(buf, 0x5a, sizeof(buf));
	EXPECT_EQ("no seed exported", exos_info->rng_seed_len, 0);
	errno = 0;
	EXPECT_EQ("16 bytes fail", getentropy(buf, sizeof(buf)), -1);
	EXPECT_EQ("with ENOSYS", errno, ENOSYS);
	errno = 0;
	EXPECT_EQ("0 bytes fail too", getentropy(buf, 0), -1);
	EXPECT_EQ("with ENOSYS too", errno, ENOSYS);
	EXPECT_EQ("buffer untouched", buf[0] == 0x5a && buf[15] == 0x5a, 1);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "child") == 0)
		return child_main();
	if (argc == 2 && strcmp(argv[1], "none") == 0) {
		test_no_seed();
		printf("t_entropy none: %d failures\n", check_failures);
		return check_failures ? 1 : 0;
	}
	test_run_all("t_entropy");
	printf("t_entropy: %d failures\n", check_failures);
	return check_failures ? 1 : 0;
}
