/*
 * stdio.c - the standard streams and what POSIX adds to picolibc's
 * stdio: stdin, stdout and stderr are picolibc buffered streams on
 * descriptors 0, 1 and 2 (so fileno, setvbuf and fdopen work as
 * everywhere); stdout is line-buffered on a terminal and fully
 * buffered otherwise, stderr line-buffered; reading stdin first flushes
 * stdout, so a prompt shows before the program waits.  getline,
 * getdelim, dprintf and popen live here too.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio-bufio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define STDIO_BUF 1024

static char in_buf[STDIO_BUF], out_buf[STDIO_BUF], err_buf[256];

static ssize_t stdin_read(int fd, void *buf, size_t len)
{
	fflush(stdout);
	fflush(stderr);
	return read(fd, buf, len);
}

static struct __file_bufio in_stream =
	FDEV_SETUP_BUFIO(0, in_buf, STDIO_BUF, stdin_read, write, lseek, close,
			 __SRD, 0);
static struct __file_bufio out_stream =
	FDEV_SETUP_BUFIO(1, out_buf, STDIO_BUF, read, write, lseek, close,
			 __SWR, __BLBF);
static struct __file_bufio err_stream =
	FDEV_SETUP_BUFIO(2, err_buf, sizeof(err_buf), read, write, lseek, close,
			 __SWR, __BLBF);
FILE *const stdin = &in_stream.xfile.cfile.file;
FILE *const stdout = &out_stream.xfile.cfile.file;
FILE *const stderr = &err_stream.xfile.cfile.file;

static void flush_std(void)
{
	fflush(stdout);
	fflush(stderr);
}

void exos_stdio_init(void)
{
	if (!isatty(1))
		out_stream.bflags &= (uint8_t)~__BLBF;
	atexit(flush_std);
}

#undef getc_unlocked
#undef putc_unlocked
#undef getchar_unlocked
#undef putchar_unlocked
int getc_unlocked(FILE *f)
{
	return getc(f);
}

int putc_unlocked(int c, FILE *f)
{
	return putc(c, f);
}

int getchar_unlocked(void)
{
	return getchar();
}

int putchar_unlocked(int c)
{
	return putchar(c);
}

ssize_t getdelim(char **line, size_t *cap, int delim, FILE *f)
{
	size_t n = 0;
	int c;

	if (!line || !cap) {
		errno = EINVAL;
		return -1;
	}
	if (!*line)
		*cap = 0;
	while ((c = getc(f)) != EOF) {
		if (n + 2 > *cap) {
			size_t want = *cap < 64 ? 128 : *cap * 2;
			char *p = realloc(*line, want);
			if (!p) {
				errno = ENOMEM;
				return -1;
			}
			*line = p;
			*cap = want;
		}
		(*line)[n++] = (char)c;
		if (c == delim)
			break;
	}
	if (n == 0)
		return -1;
	(*line)[n] = 0;
	return (ssize_t)n;
}

ssize_t getline(char **line, size_t *cap, FILE *f)
{
	return getdelim(line, cap, '\n', f);
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
	char small[256], *buf = small;
	va_list copy;

	va_copy(copy, ap);
	int n = vsnprintf(small, sizeof(small), fmt, copy);
	va_end(copy);
	if (n < 0)
		return n;
	if ((size_t)n >= sizeof(small)) {
		if (!(buf = malloc((size_t)n + 1))) {
			errno = ENOMEM;
			return -1;
		}
		vsnprintf(buf, (size_t)n + 1, fmt, ap);
	}
	ssize_t w = 0;
	for (int done = 0; done < n && w >= 0; done += (int)w)
		w = write(fd, buf + done, (size_t)(n - done));
	if (buf != small)
		free(buf);
	return w < 0 ? -1 : n;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

/* popen's children: the stream's descriptor and the process behind it. */
#define POPEN_MAX 8
static struct {
	int fd;
	pid_t pid;
} popened[POPEN_MAX];

FILE *popen(const char *cmd, const char *mode)
{
	int p[2], reading = mode[0] == 'r', slot = 0;

	while (slot < POPEN_MAX && popened[slot].pid)
		slot++;
	if ((mode[0] != 'r' && mode[0] != 'w') || slot == POPEN_MAX) {
		errno = slot == POPEN_MAX ? EMFILE : EINVAL;
		return 0;
	}
	if (pipe(p) < 0)
		return 0;
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return 0;
	}
	if (pid == 0) {
		dup2(p[reading ? 1 : 0], reading ? 1 : 0);
		close(p[0]);
		close(p[1]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)0);
		_exit(127);
	}
	close(p[reading ? 1 : 0]);
	FILE *f = fdopen(p[reading ? 0 : 1], reading ? "r" : "w");
	if (!f) {
		close(p[reading ? 0 : 1]);
		waitpid(pid, 0, 0);
		return 0;
	}
	popened[slot].fd = fileno(f);
	popened[slot].pid = pid;
	return f;
}

int pclose(FILE *f)
{
	int fd = fileno(f), status;

	for (int i = 0; i < POPEN_MAX; i++) {
		if (!popened[i].pid || popened[i].fd != fd)
			continue;
		pid_t pid = popened[i].pid;
		popened[i].pid = 0;
		fclose(f);
		while (waitpid(pid, &status, 0) < 0)
			if (errno != EINTR)
				return -1;
		return status;
	}
	errno = EINVAL;
	return -1;
}

/* picolibc's fflush(NULL) dereferences NULL; POSIX says it flushes
 * every output stream.  Streams are not listed anywhere, so it flushes
 * the standard ones (other files are flushed when closed). */
int fflush(FILE *f)
{
	if (!f) {
		int a = fflush(stdout), b = fflush(stderr);
		return a | b;
	}
	return f->flush ? f->flush(f) : 0;
}
