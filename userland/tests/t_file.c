/*
 * t_file - files: the boot archive read in place, the RAM file system at
 * /tmp (create, truncate, append, holes, unlink while open, listing),
 * every errno path, descriptors and files shared with started programs,
 * ENOSPC, the lock taken over from an env that died holding it, and
 * every page back at the end.
 *
 * Run as init with the boot archive; it starts itself (/exos/t_file
 * hold-lock) for the dead-lock-holder test.
 */
#include <errno.h>
#include <stdio.h>
#include <signal.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "testlib.h"
#include "exos/exos.h"
#include "exos/fs.h"
#include "exos/ramfs.h"

#define MOTD "exos boot archive\n"
#define MOTD_LEN 18

static long accounted(void)
{
	return (long)exos_info->pages_free + exos_envs[EXOS_ENV_SLOT(exos_self)].pages;
}

static uint32_t fs_pages(void)
{
	struct exos_fs_usage u = { 0, 0, 0, 0 };

	exos_fs_usage(&u);
	return u.pages_used;
}

/* What a call returned and the errno it left, as one number: -errno on
 * failure (so EXPECT_EQ shows both). */
static long err_of(long r)
{
	return r < 0 ? -errno : r;
}

/* The whole content of path (up to cap bytes) into buf; its length. */
static long slurp(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, cap);

	close(fd);
	return n;
}

/** An archive file reads in place: bytes, fstat, lseek, EBADF on write. */
TEST(archive_file)
{
	char buf[64];
	struct stat st;
	int fd = open("/etc/motd", O_RDONLY);

	EXPECT_EQ("open /etc/motd", fd >= 3, 1);
	EXPECT_EQ("fstat: a regular file", fstat(fd, &st) == 0 && S_ISREG(st.st_mode), 1);
	EXPECT_EQ("fstat: its size", st.st_size, MOTD_LEN);
	EXPECT_EQ("read all of it", read(fd, buf, sizeof(buf)), MOTD_LEN);
	EXPECT_EQ("its bytes", memcmp(buf, MOTD, MOTD_LEN), 0);
	EXPECT_EQ("then end of file", read(fd, buf, sizeof(buf)), 0);
	EXPECT_EQ("lseek to 5", lseek(fd, 5, SEEK_SET), 5);
	EXPECT_EQ("read 4 there", read(fd, buf, 4), 4);
	EXPECT_EQ("'boot'", memcmp(buf, "boot", 4), 0);
	EXPECT_EQ("lseek -3 from the current offset", lseek(fd, -3, SEEK_CUR), 6);
	EXPECT_EQ("lseek to the end", lseek(fd, 0, SEEK_END), MOTD_LEN);
	EXPECT_EQ("lseek past the end", lseek(fd, 100, SEEK_END), MOTD_LEN + 100);
	EXPECT_EQ("read past the end: 0", read(fd, buf, 4), 0);
	EXPECT_EQ("lseek before the start: EINVAL", err_of(lseek(fd, -1, SEEK_SET)), -EINVAL);
	EXPECT_EQ("lseek with a bad whence: EINVAL", err_of(lseek(fd, 0, 7)), -EINVAL);
	EXPECT_EQ("write to a read-only file: EBADF", err_of(write(fd, "x", 1)), -EBADF);
	EXPECT_EQ("close", close(fd), 0);
	EXPECT_EQ("stat /bin/cat: a regular file",
		  stat("/bin/cat", &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 1000, 1);
	EXPECT_EQ("stat /etc: a directory", stat("/etc", &st) == 0 && S_ISDIR(st.st_mode), 1);
	EXPECT_EQ("stat /: a directory", stat("/", &st) == 0 && S_ISDIR(st.st_mode), 1);
	EXPECT_EQ("stat /tmp: a directory", stat("/tmp", &st) == 0 && S_ISDIR(st.st_mode), 1);
	EXPECT_EQ("stat ./etc/../etc//motd: the same file",
		  stat("./etc/../etc//motd", &st) == 0 && st.st_size == MOTD_LEN, 1);
}

/** Every way open, stat and unlink refuse, with its errno. */
TEST(errors)
{
	struct stat st;
	char buf[4];

	EXPECT_EQ("open a missing file: ENOENT", err_of(open("/nonexistent", O_RDONLY)), -ENOENT);
	EXPECT_EQ("open in a missing directory: ENOENT",
		  err_of(open("/nonexistent/x", O_WRONLY | O_CREAT, 0666)), -ENOENT);
	int d = open("/etc", O_RDONLY);
	EXPECT_EQ("open a directory read-only works (POSIX)", d >= 0, 1);
	EXPECT_EQ("reading it: EISDIR", err_of(read(d, buf, 1)), -EISDIR);
	close(d);
	EXPECT_EQ("open a directory to write: EISDIR", err_of(open("/etc", O_WRONLY)), -EISDIR);
	EXPECT_EQ("open the root to write: EISDIR", err_of(open("/", O_RDWR)), -EISDIR);
	EXPECT_EQ("open /tmp to write: EISDIR", err_of(open("/tmp", O_WRONLY)), -EISDIR);
	EXPECT_EQ("open an archive file for writing: EROFS",
		  err_of(open("/etc/motd", O_WRONLY)), -EROFS);
	EXPECT_EQ("open an archive file read-write: EROFS", err_of(open("/etc/motd", O_RDWR)),
		  -EROFS);
	EXPECT_EQ("create a file in the archive: EROFS",
		  err_of(open("/etc/new", O_WRONLY | O_CREAT, 0666)), -EROFS);
	EXPECT_EQ("O_CREAT|O_EXCL on an archive file: EEXIST",
		  err_of(open("/etc/motd", O_RDONLY | O_CREAT | O_EXCL, 0666)), -EEXIST);
	EXPECT_EQ("a name too long for /tmp: ENAMETOOLONG",
		  err_of(open("/tmp/abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz",
			      O_WRONLY | O_CREAT, 0666)),
		  -ENAMETOOLONG);
	EXPECT_EQ("a subdirectory of /tmp: ENOENT",
		  err_of(open("/tmp/a/b", O_WRONLY | O_CREAT, 0666)), -ENOENT);
	EXPECT_EQ("an empty path: ENOENT", err_of(open("", O_RDONLY)), -ENOENT);
	EXPECT_EQ("stat a missing file: ENOENT", err_of(stat("/tmp/none", &st)), -ENOENT);
	EXPECT_EQ("unlink a missing file: ENOENT", err_of(unlink("/tmp/none")), -ENOENT);
	EXPECT_EQ("unlink outside /tmp, missing: ENOENT", err_of(unlink("/nonexistent")), -ENOENT);
	EXPECT_EQ("unlink an archive file: EROFS", err_of(unlink("/etc/motd")), -EROFS);
	EXPECT_EQ("unlink /tmp: EISDIR", err_of(unlink("/tmp")), -EISDIR);
	EXPECT_EQ("read a closed descriptor: EBADF", err_of(read(12, buf, 1)), -EBADF);
	EXPECT_EQ("write a closed descriptor: EBADF", err_of(write(12, buf, 1)), -EBADF);
	EXPECT_EQ("lseek a closed descriptor: EBADF", err_of(lseek(12, 0, SEEK_SET)), -EBADF);
	EXPECT_EQ("fstat a closed descriptor: EBADF", err_of(fstat(12, &st)), -EBADF);
	EXPECT_EQ("close a closed descriptor: EBADF", err_of(close(12)), -EBADF);
	EXPECT_EQ("lseek the console: ESPIPE", err_of(lseek(1, 0, SEEK_SET)), -ESPIPE);
}

/** Create, write, read back, O_TRUNC, O_EXCL, O_RDWR, a shared offset. */
TEST(tmp_file)
{
	char buf[32];
	struct stat st;
	int fd = open("/tmp/a", O_WRONLY | O_CREAT | O_TRUNC, 0666);

	EXPECT_EQ("create /tmp/a", fd >= 3, 1);
	EXPECT_EQ("write 6 bytes", write(fd, "hello\n", 6), 6);
	EXPECT_EQ("read a write-only file: EBADF", err_of(read(fd, buf, 1)), -EBADF);
	EXPECT_EQ("fstat: size 6", fstat(fd, &st) == 0 ? st.st_size : -1, 6);
	close(fd);
	EXPECT_EQ("stat /tmp/a: a regular file of 6 bytes",
		  stat("/tmp/a", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 6, 1);
	EXPECT_EQ("read it back", slurp("/tmp/a", buf, sizeof(buf)), 6);
	EXPECT_EQ("the same bytes", memcmp(buf, "hello\n", 6), 0);
	fd = open("/tmp/a", O_RDONLY);
	EXPECT_EQ("write a read-only descriptor: EBADF", err_of(write(fd, "x", 1)), -EBADF);
	close(fd);
	EXPECT_EQ("O_CREAT|O_EXCL of an existing file: EEXIST",
		  err_of(open("/tmp/a", O_WRONLY | O_CREAT | O_EXCL, 0666)), -EEXIST);
	fd = open("/tmp/a", O_RDWR | O_TRUNC);
	EXPECT_EQ("O_TRUNC empties it", fstat(fd, &st) == 0 ? st.st_size : -1, 0);
	EXPECT_EQ("write abcdef", write(fd, "abcdef", 6), 6);
	EXPECT_EQ("lseek to 2", lseek(fd, 2, SEEK_SET), 2);
	EXPECT_EQ("read 2", read(fd, buf, 2), 2);
	EXPECT_EQ("'cd'", memcmp(buf, "cd", 2), 0);
	EXPECT_EQ("overwrite 2 at 4", write(fd, "XY", 2), 2);
	EXPECT_EQ("dup2 it to 9", dup2(fd, 9), 9);
	EXPECT_EQ("the copy shares the offset", lseek(9, 0, SEEK_CUR), 6);
	EXPECT_EQ("lseek through the copy", lseek(9, 0, SEEK_SET), 0);
	EXPECT_EQ("moves the original's offset", lseek(fd, 0, SEEK_CUR), 0);
	close(9);
	EXPECT_EQ("read all 6", read(fd, buf, sizeof(buf)), 6);
	EXPECT_EQ("'abcdXY'", memcmp(buf, "abcdXY", 6), 0);
	close(fd);
	EXPECT_EQ("unlink /tmp/a", unlink("/tmp/a"), 0);
	EXPECT_EQ("then it is gone", err_of(open("/tmp/a", O_RDONLY)), -ENOENT);
}

/** Writing past the end leaves a hole that reads as zeros and takes no page. */
TEST(hole)
{
	uint32_t base = fs_pages();
	char buf[16];
	int fd = open("/tmp/hole", O_RDWR | O_CREAT | O_TRUNC, 0666);

	EXPECT_EQ("lseek to 10000 in an empty file", lseek(fd, 10000, SEEK_SET), 10000);
	EXPECT_EQ("write 1 byte there", write(fd, "z", 1), 1);
	EXPECT_EQ("the size is 10001", lseek(fd, 0, SEEK_END), 10001);
	EXPECT_EQ("two pages: the list and the last data page", fs_pages(), base + 2);
	lseek(fd, 4999, SEEK_SET);
	EXPECT_EQ("read inside the hole", read(fd, buf, 2), 2);
	EXPECT_EQ("zeros", buf[0] == 0 && buf[1] == 0, 1);
	lseek(fd, 9999, SEEK_SET);
	EXPECT_EQ("read across the end", read(fd, buf, sizeof(buf)), 2);
	EXPECT_EQ("a zero, then the byte written", buf[0] == 0 && buf[1] == 'z', 1);
	close(fd);
	unlink("/tmp/hole");
	EXPECT_EQ("both pages back in the file system", fs_pages(), base);
}

/** O_APPEND writes at the end whatever the offset. */
TEST(append)
{
	char buf[32];
	int a = open("/tmp/log", O_WRONLY | O_CREAT | O_APPEND | O_TRUNC, 0666);
	int w = open("/tmp/log", O_WRONLY);

	EXPECT_EQ("append 'one'", write(a, "one\n", 4), 4);
	EXPECT_EQ("overwrite the first byte by another descriptor", write(w, "X", 1), 1);
	EXPECT_EQ("lseek the append descriptor to 0", lseek(a, 0, SEEK_SET), 0);
	EXPECT_EQ("append 'two'", write(a, "two\n", 4), 4);
	EXPECT_EQ("its offset is the end", lseek(a, 0, SEEK_CUR), 8);
	close(a);
	close(w);
	EXPECT_EQ("8 bytes", slurp("/tmp/log", buf, sizeof(buf)), 8);
	EXPECT_EQ("'Xne\\ntwo\\n'", memcmp(buf, "Xne\ntwo\n", 8), 0);
	unlink("/tmp/log");
}

/** An unlinked file stays readable while open; its pages go at the last close. */
TEST(unlink_open)
{
	static char data[5000];
	static char back[5000];
	uint32_t base = fs_pages();
	struct stat st;
	int fd = open("/tmp/u", O_RDWR | O_CREAT | O_TRUNC, 0666);

	memset(data, 'u', sizeof(data));
	EXPECT_EQ("write 5000 bytes", write(fd, data, sizeof(data)), (long)sizeof(data));
	int fd2 = dup2(fd, 10);
	EXPECT_EQ("unlink it while open", unlink("/tmp/u"), 0);
	EXPECT_EQ("its name is gone", err_of(stat("/tmp/u", &st)), -ENOENT);
	EXPECT_EQ("unlink it again: ENOENT", err_of(unlink("/tmp/u")), -ENOENT);
	EXPECT_EQ("fstat: 5000 bytes, no link",
		  fstat(fd, &st) == 0 && st.st_size == 5000 && st.st_nlink == 0, 1);
	lseek(fd, 0, SEEK_SET);
	EXPECT_EQ("still readable", read(fd, back, sizeof(back)), (long)sizeof(back));
	EXPECT_EQ("the same bytes", memcmp(back, data, sizeof(data)), 0);
	EXPECT_EQ("its pages are still there", fs_pages(), base + 3);
	close(fd);
	EXPECT_EQ("a copy still holds them", fs_pages(), base + 3);
	close(fd2);
	EXPECT_EQ("the last close frees them", fs_pages(), base);
}

/* Run path with argv and descriptors map; what it wrote to its standard
 * output (through a pipe) into out, and its exit status. */
static int run(const char *path, char *const argv[], int in, char *out, size_t cap, long *len)
{
	int p[2], status = -1;

	pipe(p);
	int map[3] = { in, p[1], 2 };
	long id = exos_spawn_program_fds(path, argv, map);
	close(p[1]);
	long n = 0, k;
	while (id > 0 && (k = read(p[0], out + n, cap - (size_t)n)) > 0)
		n += k;
	close(p[0]);
	if (id > 0)
		exos_wait((uint32_t)id, &status);
	exos_pipe_reap();
	*len = n;
	return status;
}

/** A started program sees /tmp, and inherits file descriptors with their
 *  shared offsets. */
TEST(child)
{
	char out[64], buf[64];
	long n = 0;
	int fd = open("/tmp/kid", O_WRONLY | O_CREAT | O_TRUNC, 0666);

	write(fd, "from parent\n", 12);
	close(fd);
	char *cat_file[] = { "cat", "/tmp/kid", 0 }, *cat[] = { "cat", 0 };
	EXPECT_EQ("cat /tmp/kid in a child exits 0", run("/bin/cat", cat_file, 0, out, sizeof(out), &n),
		  0);
	EXPECT_EQ("and prints the 12 bytes", n == 12 && !memcmp(out, "from parent\n", 12), 1);
	char *wc_file[] = { "wc", "/tmp/kid", 0 };
	run("/bin/wc", wc_file, 0, out, sizeof(out), &n);
	long lines = 0, words = 0, bytes = 0;
	char name[16] = "";
	out[n < (long)sizeof(out) ? n : (long)sizeof(out) - 1] = 0;
	EXPECT_EQ("wc /tmp/kid: '1 2 12 /tmp/kid'",
		  sscanf(out, "%ld %ld %ld %15s", &lines, &words, &bytes, name) == 4 &&
		  lines == 1 && words == 2 && bytes == 12 && !strcmp(name, "/tmp/kid"), 1);
	fd = open("/tmp/kid", O_RDONLY);
	read(fd, buf, 5);
	EXPECT_EQ("cat with a file as its standard input", run("/bin/cat", cat, fd, out, sizeof(out), &n),
		  0);
	EXPECT_EQ("reads on from our offset: 'parent'", n == 7 && !memcmp(out, "parent\n", 7), 1);
	EXPECT_EQ("and our offset moved to the end", lseek(fd, 0, SEEK_CUR), 12);
	close(fd);

	char *echo[] = { "echo", "hi", "there", 0 };
	int status = -1;
	fd = open("/tmp/out", O_WRONLY | O_CREAT | O_TRUNC, 0666);
	int map[3] = { 0, fd, 2 };
	long id = exos_spawn_program_fds("/bin/echo", echo, map);
	EXPECT_EQ("echo with a file as its standard output", id > 0 && exos_wait((uint32_t)id, &status) == 0 &&
		  status == 0, 1);
	EXPECT_EQ("moved our offset too", lseek(fd, 0, SEEK_CUR), 9);
	close(fd);
	EXPECT_EQ("the file holds its output", slurp("/tmp/out", buf, sizeof(buf)), 9);
	EXPECT_EQ("'hi there\\n'", memcmp(buf, "hi there\n", 9), 0);
	unlink("/tmp/kid");
	unlink("/tmp/out");
}

/** A forked child shares the open file (and its offset) and /tmp. */
TEST(fork)
{
	struct stat st;
	int fd = open("/tmp/fk", O_RDWR | O_CREAT | O_TRUNC, 0666), status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		int f = open("/tmp/fk2", O_WRONLY | O_CREAT | O_TRUNC, 0666);
		_exit(write(fd, "child\n", 6) == 6 && f >= 0 && write(f, "x", 1) == 1 ? 0 : 1);
	}
	EXPECT_EQ("fork a child", pid > 0, 1);
	EXPECT_EQ("it exits 0", waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		  WEXITSTATUS(status) == 0, 1);
	EXPECT_EQ("its write through our descriptor moved our offset", lseek(fd, 0, SEEK_CUR), 6);
	EXPECT_EQ("the file it made in /tmp is here", stat("/tmp/fk2", &st) == 0 && st.st_size == 1,
		  1);
	close(fd);
	unlink("/tmp/fk");
	unlink("/tmp/fk2");
}

/** Listing /tmp shows each file once with its size. */
TEST(list)
{
	struct exos_dirent d;
	unsigned long cookie = 0;
	int fd = open("/tmp/l1", O_WRONLY | O_CREAT, 0666), seen = 0, r;

	write(fd, "abc", 3);
	close(fd);
	close(open("/tmp/l2", O_WRONLY | O_CREAT, 0666));
	while ((r = exos_dir_next("/tmp", &cookie, &d)) == 1)
		seen += (!strcmp(d.name, "tmp/l1") && d.size == 3) * 1 +
			(!strcmp(d.name, "tmp/l2") && d.size == 0) * 10 + 100;
	EXPECT_EQ("two entries, l1 (3 bytes) and l2 (empty)", seen, 211);
	EXPECT_EQ("the listing ends with 0", r, 0);
	cookie = 0;
	EXPECT_EQ("listing a file: ENOTDIR", exos_dir_next("/etc/motd", &cookie, &d) == -1 &&
		  errno == ENOTDIR, 1);
	cookie = 0;
	seen = 0;
	while (exos_dir_next("/", &cookie, &d) == 1)
		seen |= (!strcmp(d.name, "etc/motd")) | (!strcmp(d.name, "tmp")) << 1 |
			(!strcmp(d.name, "tmp/l1")) << 2;
	EXPECT_EQ("the root lists etc/motd, tmp and tmp/l1", seen, 7);
	unlink("/tmp/l1");
	unlink("/tmp/l2");
}

/** Filling /tmp: short writes, then ENOSPC; out of files, ENOSPC; all back. */
TEST(full)
{
	static char chunk[3 * 4096];
	uint32_t base = fs_pages();
	long total = 0, n;
	int fd = open("/tmp/big", O_WRONLY | O_CREAT | O_TRUNC, 0666);

	memset(chunk, 'b', sizeof(chunk));
	while ((n = write(fd, chunk, sizeof(chunk))) == (long)sizeof(chunk))
		total += n;
	long room = (long)(EXOS_FS_PAGES - base - 1) * 4096;   /* one page is the list */
	long last = room % (long)sizeof(chunk);
	EXPECT_EQ("the last write is short (or fails: the room was a whole number of chunks)", n,
		  last ? last : -1);
	EXPECT_EQ("every free page was filled", total + (n > 0 ? n : 0), room);
	EXPECT_EQ("the next write fails with ENOSPC", err_of(write(fd, chunk, 1)), -ENOSPC);
	EXPECT_EQ("the file system is full", fs_pages(), EXOS_FS_PAGES);
	int other = open("/tmp/other", O_WRONLY | O_CREAT, 0666);
	EXPECT_EQ("another file's first write: ENOSPC", err_of(write(other, "x", 1)), -ENOSPC);
	close(other);
	close(fd);
	int made = 0;
	char name[32];
	for (int i = 0; i < EXOS_FS_FILES + 1; i++) {
		snprintf(name, sizeof(name), "/tmp/f%d", i);
		int f = open(name, O_WRONLY | O_CREAT, 0666);
		if (f < 0)
			break;
		close(f);
		made++;
	}
	EXPECT_EQ("files until the table is full", made, EXOS_FS_FILES - 2);
	EXPECT_EQ("then ENOSPC", errno, ENOSPC);
	for (int i = 0; i < made; i++) {
		snprintf(name, sizeof(name), "/tmp/f%d", i);
		unlink(name);
	}
	unlink("/tmp/other");
	unlink("/tmp/big");
	EXPECT_EQ("every page back in the file system", fs_pages(), base);
}

/** A process that dies holding the lock in the middle of an operation:
 *  the next user takes the lock over, and what the dead one changed
 *  without committing is not seen (the file keeps its size and pages). */
TEST(dead_holder)
{
	char *argv[] = { "t_file", "hold-lock", 0 };
	uint32_t base = fs_pages();
	int status = -1;
	struct stat st;

	long id = exos_spawn_program("/exos/t_file", argv);
	EXPECT_EQ("a child exits holding the lock", id > 0 && exos_wait((uint32_t)id, &status) == 0 &&
		  status == 7, 1);
	EXPECT_EQ("stat works again (the lock was taken over)", stat("/tmp/half", &st), 0);
	EXPECT_EQ("its uncommitted change is not seen: the file is whole", st.st_size, 5000);
	unlink("/tmp/half");
	EXPECT_EQ("its pages go with it", fs_pages(), base);
}

/** A process killed with files open: its references are dropped by the
 * next process to take the lock, so an unlinked file it held gives its
 * pages back.  Also a file handed to a forked child that is killed
 * before closing it, and an exec'd program's descriptor (same env). */
TEST(killed_holder)
{
	static char data[9000];
	uint32_t base = fs_pages();
	int go[2], fd = open("/tmp/held", O_RDWR | O_CREAT | O_TRUNC, 0666);
	char c;

	EXPECT_EQ("a file of three pages", write(fd, data, sizeof(data)), (long)sizeof(data));
	pipe(go);
	pid_t pid = fork();
	if (pid == 0) {
		int mine = open("/tmp/held", O_RDONLY);   /* one of its own, and the inherited fd */
		(void)mine;
		write(go[1], "r", 1);
		read(go[0], &c, 1);   /* until killed (the parent never answers) */
		_exit(0);
	}
	EXPECT_EQ("the child opened it", read(go[0], &c, 1) == 1 && c == 'r', 1);
	close(fd);
	EXPECT_EQ("unlink it while the child holds it", unlink("/tmp/held"), 0);
	EXPECT_EQ("its pages stay: the child still has it open", fs_pages() > base, 1);
	EXPECT_EQ("kill the child", kill(pid, SIGTERM), 0);
	waitpid(pid, 0, 0);
	struct stat st;
	EXPECT_EQ("the next use of the file system", stat("/tmp/held", &st), -1);
	EXPECT_EQ("gave every page back (index and data)", fs_pages(), base);
	struct exos_fs_usage u;
	exos_fs_usage(&u);
	EXPECT_EQ("and no open-file entry is left", u.opens_used, 0);
	close(go[0]);
	close(go[1]);
	exos_pipe_reap();
}

/* The child of the dead_holder test: write a file of 3 pages (an index
 * and two data pages), then, holding the lock, empty it in its copy of
 * the metadata (as if killed mid-operation) and exit. */
static int hold_lock(void)
{
	static char data[5000];
	int fd = open("/tmp/half", O_WRONLY | O_CREAT | O_TRUNC, 0666);

	write(fd, data, sizeof(data));
	close(fd);
	ramfs_lock();
	struct ramfs_inode *n = ramfs_inode(ramfs_lookup("half"));
	n->index = 0;
	n->size = 0;
	sys_exit(7);
	return 1;
}

/** The current directory: relative paths everywhere, inherited by a
 * forked and exec'd child (through PWD), and every error. */
TEST(cwd)
{
	char buf[64], *cat[] = { "cat", "rel", 0 }, *t[] = { "true", 0 };

	EXPECT_EQ("getcwd starts at the root", strcmp(getcwd(buf, sizeof(buf)), "/"), 0);
	EXPECT_EQ("chdir to /tmp", chdir("/tmp"), 0);
	EXPECT_EQ("getcwd says so", strcmp(getcwd(buf, sizeof(buf)), "/tmp"), 0);
	EXPECT_EQ("and PWD too", strcmp(getenv("PWD"), "/tmp"), 0);
	int fd = open("rel", O_WRONLY | O_CREAT | O_TRUNC, 0666);
	EXPECT_EQ("a relative create", fd >= 0, 1);
	EXPECT_EQ("write it", write(fd, "relative\n", 9), 9);
	close(fd);
	struct stat st;
	EXPECT_EQ("it is /tmp/rel", stat("/tmp/rel", &st), 0);
	EXPECT_EQ("./rel and ../tmp/rel name it too",
		  stat("./rel", &st) == 0 && stat("../tmp/rel", &st) == 0, 1);
	EXPECT_EQ("an exec'd cat opened rel in our directory",
		  exec_capture("/bin/cat", cat, 0, buf, sizeof(buf), 0), 9);
	EXPECT_EQ("with its bytes", strcmp(buf, "relative\n"), 0);
	EXPECT_EQ("chdir to a file", chdir("rel"), -1);
	EXPECT_EQ("is ENOTDIR", errno, ENOTDIR);
	EXPECT_EQ("chdir to an archive file", chdir("/etc/motd"), -1);
	EXPECT_EQ("is ENOTDIR too", errno, ENOTDIR);
	EXPECT_EQ("chdir to nothing", chdir("/nope"), -1);
	EXPECT_EQ("is ENOENT", errno, ENOENT);
	EXPECT_EQ("chdir to an empty path", chdir(""), -1);
	EXPECT_EQ("is ENOENT as well", errno, ENOENT);
	EXPECT_EQ("getcwd into 4 bytes", getcwd(buf, 4) == 0 && errno == ERANGE, 1);
	EXPECT_EQ("the directory did not change", strcmp(getcwd(buf, sizeof(buf)), "/tmp"), 0);
	EXPECT_EQ("unlink relative", unlink("rel"), 0);
	EXPECT_EQ("chdir .. to the root", chdir(".."), 0);
	EXPECT_EQ("chdir to /bin", chdir("/bin"), 0);
	pid_t pid = fork();
	if (pid == 0) {
		execv("./true", t);
		_exit(9);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	EXPECT_EQ("exec of a relative program path", WEXITSTATUS(status), 0);
	EXPECT_EQ("back to the root", chdir("/"), 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "hold-lock"))
		return hold_lock();
	EXPECT_EQ("there is a boot archive", exos_info->initrd_size > 0, 1);
	EXPECT_EQ("make the file system", exos_fs_init(), 0);
	long before = accounted();
	uint32_t base = fs_pages();
	EXPECT_EQ("it starts with its metadata pages", base, RAMFS_META);

	test_run_all("t_file");
	struct exos_fs_usage u;
	exos_fs_usage(&u);
	EXPECT_EQ("no file, no open file left", u.files_used + u.opens_used, 0);
	EXPECT_EQ("the file system holds its metadata only", u.pages_used, base);
	EXPECT_EQ("every page is back (free + ours)", accounted(), before);
	printf("t_file: %d failures\n", check_failures);
	return check_failures;
}
