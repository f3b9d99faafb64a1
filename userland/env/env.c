/*
 * env - print the environment, or run a program in a changed one:
 * env [NAME=value...] [program [argument...]].  The program replaces
 * env through execvp, so it keeps env's process and descriptors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	int i = 1;

	for (; i < argc && strchr(argv[i], '='); i++) {
		char *eq = strchr(argv[i], '=');
		*eq = '\0';
		if (eq == argv[i] || setenv(argv[i], eq + 1, 1) != 0) {
			fprintf(stderr, "env: '%s=%s': not a variable name\n", argv[i], eq + 1);
			return 125;
		}
	}
	if (i == argc) {
		for (char **e = environ; e && *e; e++)
			printf("%s\n", *e);
		return 0;
	}
	execvp(argv[i], argv + i);
	fprintf(stderr, "env: %s: %s\n", argv[i],
		errno == ENOENT ? "command not found" : strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
