/*
 * archive.h - the boot archive's names, looked up through an index
 * (archive.c).
 */
#ifndef LIBEXOS_ARCHIVE_H
#define LIBEXOS_ARCHIVE_H

#include "cpio.h"

/* cpio_find on the boot archive: 0 and *e, or a CPIO_E_* code
 * (CPIO_E_NOTFOUND also when there is no archive). */
int exos_archive_find(const char *path, struct cpio_entry *e);

#endif
