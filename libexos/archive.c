/*
 * archive.c - looking names up in the boot archive the kernel exports
 * read-only at EXOS_INITRD_VA.  Walking it costs about 1,300
 * instructions an entry (each header is 104 hex digits), so the first
 * lookup indexes every name once (cpio_index_build) and later ones go
 * straight to the entry.  The archive never changes, so the index stays
 * right; a fork's child inherits it with the rest of memory.
 */
#include <stdlib.h>
#include "exos/exos.h"
#include "archive.h"

static struct cpio_index *index_;   /* on the heap: only programs that look pay */

int exos_archive_find(const char *path, struct cpio_entry *e)
{
	const void *ar = (const void *)(EXOS_INITRD_VA + exos_info->initrd_offset);

	if (!exos_info->initrd_size)
		return CPIO_E_NOTFOUND;
	if (!index_ && (index_ = malloc(sizeof(*index_))) != 0)
		cpio_index_build(index_, ar, exos_info->initrd_size);
	if (!index_)
		return cpio_find(ar, exos_info->initrd_size, path, e);
	return cpio_index_find(index_, path, e);
}
