/*
 * wc - lines, words and bytes of standard input ("1 2 4"), or of each
 * named file ("1 2 4 name", then a total line for more than one).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct counts {
	long lines, words, bytes;
};

/* Count what fd holds into *c; 0, or -1 with errno. */
static int count(int fd, struct counts *c)
{
	char buf[1024];
	int inword = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			char ch = buf[i];
			c->bytes++;
			c->lines += ch == '\n';
			if (ch == ' ' || ch == '\n' || ch == '\t') {
				inword = 0;
			} else if (!inword) {
				inword = 1;
				c->words++;
			}
		}
	}
	return n < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct counts total = { 0, 0, 0 };
	int status = 0;

	if (argc < 2) {
		if (count(0, &total) != 0) {
			fprintf(stderr, "wc: standard input: %s\n", strerror(errno));
			return 1;
		}
		printf("%ld %ld %ld\n", total.lines, total.words, total.bytes);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		struct counts c = { 0, 0, 0 };
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0 || count(fd, &c) != 0) {
			fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		} else {
			printf("%ld %ld %ld %s\n", c.lines, c.words, c.bytes, argv[i]);
		}
		if (fd >= 0)
			close(fd);
		total.lines += c.lines;
		total.words += c.words;
		total.bytes += c.bytes;
	}
	if (argc > 2)
		printf("%ld %ld %ld total\n", total.lines, total.words, total.bytes);
	return status;
}
