/*
 * cat - copy standard input to standard output, or the named files of
 * the boot archive (the only files there are so far).
 */
#include <stdio.h>
#include <unistd.h>
#include "exos/exos.h"
#include "../../libexos/cpio.h"

static int copy_fd(void)
{
	char buf[256];
	ssize_t n;

	while ((n = read(0, buf, sizeof(buf))) > 0)
		if (write(1, buf, (size_t)n) != n)
			return 1;
	return n < 0;
}

int main(int argc, char **argv)
{
	const void *ar = (const void *)(EXOS_INITRD_VA + exos_info->initrd_offset);
	int status = 0;

	if (argc < 2)
		return copy_fd();
	for (int i = 1; i < argc; i++) {
		struct cpio_entry e;
		if (!exos_info->initrd_size || cpio_find(ar, exos_info->initrd_size, argv[i], &e)) {
			fprintf(stderr, "cat: %s: no such file\n", argv[i]);
			status = 1;
			continue;
		}
		write(1, e.data, e.size);
	}
	return status;
}
