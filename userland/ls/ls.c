/*
 * ls - list directories: every entry under each named one (the whole
 * name space without a name), one path per line, directories with a
 * trailing '/'.  A named file is listed as itself; no name lists the
 * current directory.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "exos/fs.h"

/* List path; 0, or 1 after a message. */
static int list(const char *path)
{
	struct exos_dirent d;
	unsigned long cookie = 0;
	int r;

	while ((r = exos_dir_next(path, &cookie, &d)) == 1)
		printf("%s%s\n", d.name, S_ISDIR(d.mode) ? "/" : "");
	if (r == 0)
		return 0;
	if (errno == ENOTDIR) {
		printf("%s\n", path);
		return 0;
	}
	fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2)
		return list(".");
	for (int i = 1; i < argc; i++)
		status |= list(argv[i]);
	return status;
}
