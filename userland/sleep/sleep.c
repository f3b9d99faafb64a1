/*
 * sleep - wait for a number of seconds (a decimal fraction is allowed:
 * sleep 0.25).  The wait gives the processor away (libexos usleep).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char *end;

	if (argc != 2) {
		fprintf(stderr, "sleep: usage: sleep seconds\n");
		return 2;
	}
	double s = strtod(argv[1], &end);
	if (end == argv[1] || *end || !(s >= 0) || s > 86400) {
		fprintf(stderr, "sleep: bad number of seconds '%s'\n", argv[1]);
		return 2;
	}
	usleep((useconds_t)(s * 1e6));
	return 0;
}
