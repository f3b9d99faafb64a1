/*
 * head [-n N] [file...] - the first N lines (10 by default) of each
 * file, or of standard input without one; with several files, each
 * starts with "==> name <==".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Copy up to lines lines of fd to standard output; 0 or -1 with errno. */
static int head(int fd, long lines)
{
	char buf[512];
	ssize_t n = 0;

	while (lines > 0 && (n = read(fd, buf, sizeof(buf))) > 0) {
		ssize_t k = 0;
		while (k < n && lines > 0)
			lines -= buf[k++] == '\n';
		if (write(1, buf, (size_t)k) != k)
			return -1;
	}
	return n < 0 ? -1 : 0;
}

/* The count of "-n N" / "-nN"; -1 if it is not a number. */
static long parse_count(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s && !*end && v >= 0 ? v : -1;
}

/* A one-line complaint about the options; status 2. */
static int usage(const char *what, const char *arg)
{
	fprintf(stderr, "head: %s '%s' (usage: head [-n lines] [file...])\n", what, arg);
	return 2;
}

int main(int argc, char **argv)
{
	long lines = 10;
	int i = 1, status = 0;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		/* -n N, -nN, and the old -N */
		const char *v = argv[i][1] >= '0' && argv[i][1] <= '9' ? argv[i] + 1 : 0;
		if (!v && strncmp(argv[i], "-n", 2))
			return usage("unknown option", argv[i]);
		if (!v && !(v = argv[i][2] ? argv[i] + 2 : i + 1 < argc ? argv[++i] : 0))
			return usage("a line count must follow", "-n");
		if ((lines = parse_count(v)) < 0)
			return usage("bad line count", v);
	}
	if (i == argc)
		return head(0, lines) ? 1 : 0;
	for (int first = i; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "head: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (argc - first > 1)
			printf("%s==> %s <==\n", i > first ? "\n" : "", argv[i]);
		fflush(stdout);
		if (head(fd, lines)) {
			fprintf(stderr, "head: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
		close(fd);
	}
	return status;
}
