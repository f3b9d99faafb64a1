/*
 * killcmd.c - the kill command (killcmd.h).  A process can end its
 * children; init, anyone.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "killcmd.h"

static int number(const char *s, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return *s && !*end && !errno && *out >= 0;
}

int kill_command(int argc, char **argv)
{
	long sig = SIGTERM, pid;
	int i = 1, status = 0;

	if (i < argc && argv[i][0] == '-' && argv[i][1]) {
		const char *s = argv[i] + 1;
		if (!strcmp(argv[i], "-s") && i + 1 < argc)
			s = argv[++i];
		if (!number(s, &sig) || sig >= NSIG) {
			fprintf(stderr, "kill: bad signal '%s'\n", s);
			return 2;
		}
		i++;
	}
	if (i == argc) {
		fprintf(stderr, "kill: usage: kill [-N | -s N] pid...\n");
		return 2;
	}
	for (; i < argc; i++) {
		if (!number(argv[i], &pid) || pid == 0) {
			fprintf(stderr, "kill: bad process id '%s'\n", argv[i]);
			status = 1;
		} else if (kill((pid_t)pid, (int)sig) != 0) {
			fprintf(stderr, "kill: %s: %s\n", argv[i],
				errno == ESRCH ? "No such process" :
				errno == EPERM ? "Operation not permitted" : strerror(errno));
			status = 1;
		}
	}
	return status;
}
