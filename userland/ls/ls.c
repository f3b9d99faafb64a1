/*
 * ls - list the boot archive (the only files there are so far): every
 * entry, or those under the given directories.
 */
#include <stdio.h>
#include <string.h>
#include "exos/exos.h"
#include "../../libexos/cpio.h"

/* Whether name is dir itself or inside it ("/bin" matches "bin/sh"). */
static int under(const char *name, const char *dir)
{
	while (*dir == '/')
		dir++;
	size_t n = strlen(dir);
	return n == 0 || (!strncmp(name, dir, n) && (name[n] == '/' || name[n] == 0));
}

int main(int argc, char **argv)
{
	const void *ar = (const void *)(EXOS_INITRD_VA + exos_info->initrd_offset);
	struct cpio_iter it;
	struct cpio_entry e;
	int r, shown = 0;

	if (!exos_info->initrd_size) {
		fprintf(stderr, "ls: no boot archive\n");
		return 1;
	}
	cpio_iter_init(&it, ar, exos_info->initrd_size);
	while ((r = cpio_next(&it, &e)) == 1) {
		int want = argc < 2;
		for (int i = 1; i < argc; i++)
			want |= under(e.name, argv[i]);
		if (want) {
			printf("%s%s\n", e.name, (e.mode & CPIO_S_IFMT) == CPIO_S_IFDIR ? "/" : "");
			shown++;
		}
	}
	if (r < 0) {
		fprintf(stderr, "ls: boot archive: %s\n", cpio_strerror(r));
		return 1;
	}
	if (!shown && argc > 1) {
		fprintf(stderr, "ls: %s: no such file or directory\n", argv[1]);
		return 1;
	}
	return 0;
}
