/* wc - lines, words and bytes of standard input. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	char buf[256];
	long lines = 0, words = 0, bytes = 0;
	int inword = 0;
	ssize_t n;

	while ((n = read(0, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			char c = buf[i];
			bytes++;
			lines += c == '\n';
			if (c == ' ' || c == '\n' || c == '\t') {
				inword = 0;
			} else if (!inword) {
				inword = 1;
				words++;
			}
		}
	}
	printf("%ld %ld %ld\n", lines, words, bytes);
	return n < 0;
}
