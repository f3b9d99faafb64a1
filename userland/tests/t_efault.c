/*
 * t_efault - every libexos call that takes a pointer fails with -1 and
 * errno EFAULT (the exos_* calls with -E_FAULT) for a bad one, instead
 * of killing the caller, and changes nothing: page 0, an unmapped user
 * address, a kernel address, non-canonical ones, a range wrapping past
 * the top of the address space, read-only memory to be written, a
 * buffer that runs off the end of the heap, libexos's own windows.
 * The process is alive afterwards and /tmp, pipes and the console work.
 * Each test runs in a forked child (check.h), which must leave no page
 * and no capability slot behind.
 *
 * Run as init with the boot archive.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include "check.h"
#include "exos/exos.h"
#include "exos/fs.h"
#include "exos/pipe.h"
#include "exos/uaccess.h"

int getentropy(void *buf, size_t len);
int utime(const char *path, const struct utimbuf *times);   /* libexos/posix/fsops.c */

/* Pointers no call may use.  The last ones are mapped but read-only,
 * or libexos's: bad only for what is written (marked ro). */
static struct bad {
	const char *name;
	uintptr_t p;
	int ro;          /* readable: bad only as a destination */
} bads[] = {
	{ "page 0", 1, 0 },
	{ "unmapped user", 0x3800000000UL, 0 },
	{ "kernel", 0xffffffc000001000UL, 0 },
	{ "non-canonical low", 0x0000800000000000UL, 0 },
	{ "non-canonical high", 0x8000000000000000UL, 0 },
	{ "last word (wraps)", 0xfffffffffffffff8UL, 0 },
	{ "user end", 0x3ffffffff8UL, 0 },
	{ "libexos's pipe window", EXOS_PIPE_VA, 0 },
	{ "save area", EXOS_SAVE_VA, 0 },
	{ "exported info page", EXOS_INFO_VA, 1 },
	{ "program text", 0x10000, 1 },
};
#define NBAD (sizeof(bads) / sizeof(bads[0]))

/* Whether a POSIX call failed with EFAULT. */
static int efault(long r)
{
	return r == -1 && errno == EFAULT;
}

/* Evaluate expr (which must be true) with p set to each bad pointer: a
 * destination (dest) takes them all, a source skips the read-only
 * ones.  mask gets a bit for each pointer expr was false for. */
#define EACH_BAD(mask, dest, expr)                                        \
	do {                                                              \
		mask = 0;                                                 \
		for (unsigned i_ = 0; i_ < NBAD; i_++) {                  \
			void *p = (void *)bads[i_].p;                      \
			if (!(dest) && bads[i_].ro)                       \
				continue;                                 \
			errno = 0;                                        \
			if (!(expr))                                      \
				mask |= 1u << i_;                         \
		}                                                         \
	} while (0)

/* Descriptors not open. */
static int fds_free(void)
{
	struct stat st;
	int n = 0;

	for (int fd = 0; fd < EXOS_FD_MAX; fd++)
		n += fstat(fd, &st) == -1 && errno == EBADF;
	return n;
}

/** read and write with bad buffers (console, pipe, /tmp, archive): EFAULT, nothing moved. */
TEST(read_write)
{
	unsigned m;
	int fds[2], fd = open("/tmp/ef", O_RDWR | O_CREAT | O_TRUNC, 0666);
	int ar = open("/etc/motd", O_RDONLY);
	char buf[16];

	EACH_BAD(m, 1, efault(read(0, p, 8)));
	EXPECT_EQ("read from the console into a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 0, efault(write(1, p, 8)));
	EXPECT_EQ("write to the console from a bad buffer: EFAULT", m, 0);
	pipe(fds);
	write(fds[1], "abc", 3);
	EACH_BAD(m, 1, efault(read(fds[0], p, 3)));
	EXPECT_EQ("read from a pipe into a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 0, efault(write(fds[1], p, 8)));
	EXPECT_EQ("write to a pipe from a bad buffer: EFAULT", m, 0);
	EXPECT_EQ("the pipe still holds what was written, no more", read(fds[0], buf, 16), 3);
	EXPECT_EQ("its bytes", memcmp(buf, "abc", 3), 0);
	close(fds[0]);
	close(fds[1]);
	write(fd, "hello", 5);
	lseek(fd, 1, SEEK_SET);
	EACH_BAD(m, 1, efault(read(fd, p, 4)));
	EXPECT_EQ("read from a /tmp file into a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 0, efault(write(fd, p, 4)));
	EXPECT_EQ("write to a /tmp file from a bad buffer: EFAULT", m, 0);
	EXPECT_EQ("the offset did not move", lseek(fd, 0, SEEK_CUR), 1);
	struct stat st;
	EXPECT_EQ("the file did not change size", fstat(fd, &st) == 0 ? st.st_size : -1, 5);
	EACH_BAD(m, 1, efault(read(ar, p, 4)));
	EXPECT_EQ("read from an archive file into a bad buffer: EFAULT", m, 0);
	EXPECT_EQ("its offset did not move either", lseek(ar, 0, SEEK_CUR), 0);
	EXPECT_EQ("writing 0 bytes from a bad buffer is 0", write(fd, (void *)1, 0), 0);
	close(fd);
	close(ar);
	unlink("/tmp/ef");
	exos_pipe_reap();
}

/** A buffer running off the heap's last page: EFAULT, the file and offsets as they were. */
TEST(partial)
{
	static char data[100];
	char *keep = malloc(100), *end = sbrk(0);
	char *edge = (char *)(((uintptr_t)end + 4095) & ~4095UL) - 8;
	int fd = open("/tmp/ef2", O_RDWR | O_CREAT | O_TRUNC, 0666);
	int ar = open("/bin/cat", O_RDONLY);

	write(fd, data, sizeof(data));
	lseek(fd, 0, SEEK_SET);
	EXPECT_EQ("a write from the heap's last 8 bytes and past: EFAULT",
		  efault(write(fd, edge, 64)), 1);
	EXPECT_EQ("a /tmp read into them and past: EFAULT", efault(read(fd, edge, 64)), 1);
	EXPECT_EQ("an archive read into them and past: EFAULT", efault(read(ar, edge, 64)), 1);
	EXPECT_EQ("a pipe-sized console write from them: EFAULT", efault(write(1, edge, 64)), 1);
	EXPECT_EQ("the offsets did not move",
		  lseek(fd, 0, SEEK_CUR) == 0 && lseek(ar, 0, SEEK_CUR) == 0, 1);
	struct stat st;
	EXPECT_EQ("the file is as it was", fstat(fd, &st) == 0 ? st.st_size : -1, 100);
	close(fd);
	close(ar);
	unlink("/tmp/ef2");
	free(keep);
}

/** The file calls with bad paths and bad result buffers: EFAULT, no descriptor left open. */
TEST(paths)
{
	struct stat st;
	unsigned m;
	int fd = open("/etc/motd", O_RDONLY), fds[2];

	close(open("/tmp/ef", O_RDWR | O_CREAT | O_TRUNC, 0666));

	EACH_BAD(m, 0, efault(open(p, O_RDONLY)));
	EXPECT_EQ("open of a bad path: EFAULT", m, 0);
	EXPECT_EQ("open of a NULL path: EFAULT", efault(open(0, O_RDONLY)), 1);
	EACH_BAD(m, 0, efault(stat(p, &st)));
	EXPECT_EQ("stat of a bad path: EFAULT", m, 0);
	EACH_BAD(m, 1, efault(stat("/etc/motd", p)));
	EXPECT_EQ("stat into a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 1, efault(stat("/tmp/ef", p)));
	EXPECT_EQ("stat of a /tmp file into a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 1, efault(fstat(fd, p)));
	EXPECT_EQ("fstat of a file into a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 1, efault(fstat(1, p)));
	EXPECT_EQ("fstat of the console into a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 0, efault(unlink(p)));
	EXPECT_EQ("unlink of a bad path: EFAULT", m, 0);
	EACH_BAD(m, 0, efault(chdir(p)));
	EXPECT_EQ("chdir to a bad path: EFAULT", m, 0);
	EACH_BAD(m, 1, getcwd(p, 64) == 0 && errno == EFAULT);
	EXPECT_EQ("getcwd into a bad buffer: EFAULT", m, 0);
	int before = fds_free();
	EACH_BAD(m, 1, efault(pipe(p)));
	EXPECT_EQ("pipe into a bad array: EFAULT", m, 0);
	EXPECT_EQ("and no descriptor is left open", fds_free(), before);
	EXPECT_EQ("pipe still works", pipe(fds), 0);
	close(fds[0]);
	close(fds[1]);
	exos_pipe_reap();
	close(fd);
	unlink("/tmp/ef");
}

/** The directory listing and the file system figures with bad pointers: EFAULT. */
TEST(dir)
{
	struct exos_dirent d;
	unsigned long cookie = 0;
	unsigned m;

	EACH_BAD(m, 0, (cookie = 0, efault(exos_dir_next(p, &cookie, &d))));
	EXPECT_EQ("exos_dir_next of a bad path: EFAULT", m, 0);
	EACH_BAD(m, 1, efault(exos_dir_next("/", p, &d)));
	EXPECT_EQ("exos_dir_next with a bad cookie: EFAULT", m, 0);
	EACH_BAD(m, 1, (cookie = 0, efault(exos_dir_next("/etc", &cookie, p))));
	EXPECT_EQ("exos_dir_next into a bad entry: EFAULT", m, 0);
	EACH_BAD(m, 1, efault(exos_fs_usage(p)));
	EXPECT_EQ("exos_fs_usage into a bad buffer: EFAULT", m, 0);
}

/** Time of day, times, nanosleep and getentropy with bad pointers: EFAULT. */
TEST(time)
{
	struct timespec ts = { 0, 1000 };
	unsigned m;

	EACH_BAD(m, 1, efault(gettimeofday(p, 0)));
	EXPECT_EQ("gettimeofday into a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 1, times(p) == (clock_t)-1 && errno == EFAULT);
	EXPECT_EQ("times into a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 0, efault(nanosleep(p, 0)));
	EXPECT_EQ("nanosleep of a bad request: EFAULT", m, 0);
	EACH_BAD(m, 1, efault(nanosleep(&ts, p)));
	EXPECT_EQ("nanosleep with a bad remainder: EFAULT", m, 0);
	EACH_BAD(m, 1, efault(getentropy(p, 16)));
	EXPECT_EQ("getentropy into a bad buffer: EFAULT", m, 0);
}

/** wait, waitpid and exos_wait into a bad status: EFAULT before the child is reaped. */
TEST(wait)
{
	unsigned m = 0;
	int caps = test_counts().caps, st;

	for (unsigned i = 0; i < NBAD; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(5);
		errno = 0;
		long r = i % 2 ? waitpid(pid, (int *)bads[i].p, 0) : wait((int *)bads[i].p);
		st = -1;
		if (!efault(r) || waitpid(pid, &st, 0) != pid || WEXITSTATUS(st) != 5)
			m |= 1u << i;
	}
	EXPECT_EQ("wait and waitpid into a bad status: EFAULT, child still there", m, 0);
	m = 0;
	for (unsigned i = 0; i < NBAD; i++) {
		char *argv[] = { "true", 0 };
		long id = exos_spawn_program("/bin/true", argv);
		if (id < 0 || exos_wait((uint32_t)id, (int *)bads[i].p) != -E_FAULT ||
		    exos_wait((uint32_t)id, &st) != 0)
			m |= 1u << i;
	}
	EXPECT_EQ("exos_wait into a bad status: -E_FAULT", m, 0);
	EXPECT_EQ("every child's slots are back", test_counts().caps, caps);
}

/* In a forked child (a wrong success would replace the test): every
 * exec with a bad pointer; exits with the mask of those that did not
 * fail with EFAULT. */
static int exec_child(void)
{
	static char *good[] = { "true", 0 };
	char *argv[] = { "true", 0, 0 };
	unsigned m = 0, k = 0;

	for (unsigned i = 0; i < NBAD; i++, k = 0) {
		char *p = (char *)bads[i].p;
		if (bads[i].ro)
			continue;
		argv[1] = p;
		m |= !efault(execve(p, good, good)) << k++;
		m |= !efault(execve("/bin/true", (char **)p, good)) << k++;
		m |= !efault(execve("/bin/true", good, (char **)p)) << k++;
		m |= !efault(execve("/bin/true", argv, good)) << k++;
		m |= !efault(execv(p, good)) << k++;
		m |= !efault(execvp(p, good)) << k++;
		m |= !efault(execvp("true", (char **)p)) << k++;
	}
	return m ? 1 : 0;
}

/** exec and spawn with a bad path, argv, argument, environment or descriptor map: EFAULT. */
TEST(exec_spawn)
{
	char *good[] = { "true", 0 }, *argv[] = { "true", 0, 0 };
	int caps = test_counts().caps, st = -1;
	unsigned m = 0;

	pid_t pid = fork();
	if (pid == 0)
		_exit(exec_child());
	EXPECT_EQ("every exec with a bad pointer: EFAULT (the child says)",
		  waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);
	for (unsigned i = 0; i < NBAD; i++) {
		char *p = (char *)bads[i].p;
		if (bads[i].ro)
			continue;
		argv[1] = p;
		m |= (exos_spawn_program(p, good) != -E_FAULT) << i;
		m |= (exos_spawn_program("/bin/true", (char **)p) != -E_FAULT) << i;
		m |= (exos_spawn_program("/bin/true", argv) != -E_FAULT) << i;
		m |= (exos_spawn_program_fds("/bin/true", good, (const int *)p) != -E_FAULT) << i;
	}
	EXPECT_EQ("every spawn with a bad pointer: -E_FAULT", m, 0);
	EXPECT_EQ("no capability slot left by the failed spawns", test_counts().caps, caps);
}

/** The name space's calls past open and stat (directories, links, renames, times,
 *  modes, realpath, statfs) with bad paths and bad buffers: EFAULT, nothing made. */
TEST(fs_calls)
{
	char buf[64];
	struct statfs sf;
	unsigned m;

	mkdir("/tmp/efd", 0755);
	close(open("/tmp/efd/f", O_RDWR | O_CREAT, 0666));
	EACH_BAD(m, 0, efault(mkdir(p, 0755)));
	EXPECT_EQ("mkdir of a bad path: EFAULT", m, 0);
	EACH_BAD(m, 0, efault(rmdir(p)));
	EXPECT_EQ("rmdir of a bad path: EFAULT", m, 0);
	EACH_BAD(m, 0, efault(rename(p, "/tmp/efd/g")) && efault(rename("/tmp/efd/f", p)));
	EXPECT_EQ("rename from or to a bad path: EFAULT", m, 0);
	EACH_BAD(m, 0, efault(symlink(p, "/tmp/efd/l")) && efault(symlink("/tmp/efd/f", p)));
	EXPECT_EQ("symlink with a bad target or path: EFAULT", m, 0);
	symlink("f", "/tmp/efd/l");
	EACH_BAD(m, 0, efault(readlink(p, buf, sizeof(buf))));
	EXPECT_EQ("readlink of a bad path: EFAULT", m, 0);
	EACH_BAD(m, 1, efault(readlink("/tmp/efd/l", p, 8)));
	EXPECT_EQ("readlink into a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 1, efault(lstat("/tmp/efd/l", p)));
	EXPECT_EQ("lstat into a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 0, efault(utimes("/tmp/efd/f", p)) && efault(utime("/tmp/efd/f", p)));
	EXPECT_EQ("utimes and utime with bad times: EFAULT", m, 0);
	EACH_BAD(m, 0, efault(chmod(p, 0600)) && efault(access(p, R_OK)) &&
		 efault(truncate(p, 0)));
	EXPECT_EQ("chmod, access and truncate of a bad path: EFAULT", m, 0);
	EACH_BAD(m, 0, opendir(p) == 0 && errno == EFAULT);
	EXPECT_EQ("opendir of a bad path: EFAULT", m, 0);
	EACH_BAD(m, 1, realpath("/tmp/efd/f", p) == 0 && errno == EFAULT);
	EXPECT_EQ("realpath into a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 1, efault(statfs("/tmp", p)) && efault(statvfs("/", p)));
	EXPECT_EQ("statfs and statvfs into a bad buffer: EFAULT", m, 0);
	struct stat st;
	EXPECT_EQ("nothing was made or moved: f and l, no g",
		  stat("/tmp/efd/f", &st) == 0 && lstat("/tmp/efd/l", &st) == 0 &&
		  stat("/tmp/efd/g", &st) == -1, 1);
	EXPECT_EQ("statfs still works", statfs("/tmp", &sf), 0);
	unlink("/tmp/efd/l");
	unlink("/tmp/efd/f");
	EXPECT_EQ("and the directory goes", rmdir("/tmp/efd"), 0);
}

/** The process calls (signals, limits, names, clocks, poll, select, the
 *  terminal's) with bad pointers: EFAULT, nothing changed. */
TEST(process_calls)
{
	struct sigaction a = { 0 };
	sigset_t set;
	unsigned m;
	int fds[2];

	a.sa_handler = SIG_IGN;
	EACH_BAD(m, 0, efault(sigaction(SIGUSR1, p, 0)));
	EXPECT_EQ("sigaction from a bad action: EFAULT", m, 0);
	EACH_BAD(m, 1, efault(sigaction(SIGUSR1, &a, p)));
	EXPECT_EQ("sigaction into a bad old action: EFAULT", m, 0);
	sigaction(SIGUSR1, 0, &a);
	EXPECT_EQ("and the disposition did not change", a.sa_handler == SIG_DFL, 1);
	EACH_BAD(m, 0, efault(sigprocmask(SIG_BLOCK, p, 0)));
	EXPECT_EQ("sigprocmask from a bad set: EFAULT", m, 0);
	EACH_BAD(m, 1, efault(sigprocmask(SIG_BLOCK, 0, p)) && efault(sigpending(p)));
	EXPECT_EQ("sigprocmask and sigpending into a bad set: EFAULT", m, 0);
	EACH_BAD(m, 0, efault(sigsuspend(p)));
	EXPECT_EQ("sigsuspend with a bad mask: EFAULT at once", m, 0);
	sigprocmask(SIG_BLOCK, 0, &set);
	EXPECT_EQ("the mask did not change", set, 0);
	EACH_BAD(m, 1, efault(getrlimit(RLIMIT_NOFILE, p)) && efault(getrusage(RUSAGE_SELF, p)));
	EXPECT_EQ("getrlimit and getrusage into a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 0, efault(setrlimit(RLIMIT_NOFILE, p)));
	EXPECT_EQ("setrlimit from a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 1, efault(uname(p)) && efault(gethostname(p, 16)) && efault(sysinfo(p)));
	EXPECT_EQ("uname, gethostname and sysinfo into a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 1, efault(clock_gettime(CLOCK_REALTIME, p)) &&
		 efault(clock_getres(CLOCK_MONOTONIC, p)));
	EXPECT_EQ("clock_gettime and clock_getres into a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 1, efault(getgroups(4, p)));
	EXPECT_EQ("getgroups into a bad array: EFAULT", m, 0);
	struct timeval now = { 0, 0 };
	pipe(fds);
	EACH_BAD(m, 1, efault(poll(p, 1, 0)) && efault(select(2, p, 0, 0, &now)));
	EXPECT_EQ("poll and select with a bad array or set: EFAULT", m, 0);
	close(fds[0]);
	close(fds[1]);
	EACH_BAD(m, 1, efault(tcgetattr(0, p)) && efault(ioctl(0, TIOCGWINSZ, p)));
	EXPECT_EQ("tcgetattr and TIOCGWINSZ into a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 0, efault(tcsetattr(0, TCSANOW, p)));
	EXPECT_EQ("tcsetattr from a bad buffer: EFAULT", m, 0);
	EACH_BAD(m, 1, ttyname_r(0, p, 32) == EFAULT);
	EXPECT_EQ("ttyname_r into a bad buffer: EFAULT", m, 0);
	exos_pipe_reap();
}

/** exos_page_with and exos_fill_page from a bad source: -E_FAULT and no page kept. */
TEST(page_with)
{
	long pages = exos_envs[EXOS_ENV_SLOT(exos_self)].pages;
	unsigned m;

	EACH_BAD(m, 0, exos_page_with(EXOS_CAP_PAGES, 0, p, 0, 64) == -E_FAULT);
	EXPECT_EQ("exos_page_with from a bad source: -E_FAULT", m, 0);
	EACH_BAD(m, 0, exos_fill_page(EXOS_CAP_SELF, EXOS_CAP_PAGES, exos_self, 0x3900000000UL, p,
				       0, 64, EXOS_PTE_R) == -E_FAULT);
	EXPECT_EQ("exos_fill_page from a bad source: -E_FAULT", m, 0);
	EXPECT_EQ("no page kept", exos_envs[EXOS_ENV_SLOT(exos_self)].pages, pages);
}

/** The marked copy equals memcpy at every alignment and length; strnlen and touch agree. */
TEST(copy_routine)
{
	static unsigned char src[400], dst[400], want[400];
	int bad = 0;

	for (int i = 0; i < 400; i++)
		src[i] = (unsigned char)(i * 13 + 1);
	for (int so = 0; so < 8; so++)
		for (int d = 0; d < 8; d++)
			for (int n = 0; n <= 300; n += n < 70 ? 1 : 23) {
				memset(dst, 0xee, sizeof(dst));
				memset(want, 0xee, sizeof(want));
				memcpy(want + d, src + so, (size_t)n);
				bad += exos_ucopy(dst + d, src + so, (size_t)n) != 0 ||
				       memcmp(dst, want, sizeof(dst)) != 0;
			}
	EXPECT_EQ("exos_ucopy equals memcpy at every alignment", bad, 0);
	EXPECT_EQ("exos_ustrnlen of a 5-byte string", exos_ustrnlen("hello", 64), 5);
	EXPECT_EQ("exos_ustrnlen stops at max", exos_ustrnlen("hello", 3), 3);
	EXPECT_EQ("exos_ustrnlen of a bad pointer: -1", exos_ustrnlen((char *)0x3800000000UL, 8), -1);
	EXPECT_EQ("exos_utouch of our own buffer", exos_utouch(dst, sizeof(dst), 1), 0);
	EXPECT_EQ("exos_utouch for writing read-only memory: -1",
		  exos_utouch((void *)EXOS_INFO_VA, 8, 1), -1);
	EXPECT_EQ("exos_ucopy from a bad pointer: -1", exos_ucopy(dst, (void *)1, 8), -1);
}

int main(void)
{
	EXPECT_EQ("make the file system", exos_fs_init(), 0);
	long before = (long)exos_info->pages_free + exos_envs[EXOS_ENV_SLOT(exos_self)].pages;
	test_run_all("t_efault");
	struct stat st;
	close(open("/tmp/ef", O_RDWR | O_CREAT | O_TRUNC, 0666));
	EXPECT_EQ("/tmp still works", stat("/tmp/ef", &st), 0);
	EXPECT_EQ("unlink", unlink("/tmp/ef"), 0);
	EXPECT_EQ("every page is back (free + ours)",
		  (long)exos_info->pages_free + exos_envs[EXOS_ENV_SLOT(exos_self)].pages, before);
	printf("t_efault: %d failures\n", check_failures);
	return check_failures;
}
