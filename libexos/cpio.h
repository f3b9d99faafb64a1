/*
 * cpio.h - reading the boot archive: a cpio "newc" archive in memory
 * (the format Linux uses for initramfs; see the kernel's
 * Documentation/driver-api/early-userspace/buffer-format.rst).
 *
 * Read-only and allocation-free: entries point into the caller's buffer.
 * Every offset is checked against the buffer's length before it is read,
 * so a damaged archive gives a CPIO_E_* code, never a read past the end.
 * Only <stdint.h>, <stddef.h> and <string.h> are used, so the same file
 * builds for the host tests and for RISC-V against picolibc.
 *
 * Layout of one entry, offsets from the start of the archive (which is
 * where the 4-byte alignment is counted from):
 *   110-byte header: "070701" and 13 fields of 8 ASCII hex digits
 *     (ino mode uid gid nlink mtime filesize devmajor devminor
 *      rdevmajor rdevminor namesize check),
 *   the name, namesize bytes including its NUL, padded to 4,
 *   the data, filesize bytes, padded to 4.
 * The entry named "TRAILER!!!" ends the archive; bytes after it are
 * ignored (cpio pads archives to 512-byte blocks).
 *
 * Not handled: the "070702" (crc) and old binary formats; hard links
 * (newc stores a multiply-linked file's data with its last link only, so
 * the other links read as empty files).
 */
#ifndef LIBEXOS_CPIO_H
#define LIBEXOS_CPIO_H

#include <stddef.h>
#include <stdint.h>

#define CPIO_E_SHORT     -1  /* archive ends inside an entry header */
#define CPIO_E_MAGIC     -2  /* header does not start with "070701" */
#define CPIO_E_HEX       -3  /* a header field has a non-hex digit */
#define CPIO_E_NAMELEN   -4  /* the name runs past the end of the archive */
#define CPIO_E_NAME      -5  /* name empty, not NUL-terminated, or with a NUL inside */
#define CPIO_E_DATA      -6  /* the file data runs past the end of the archive */
#define CPIO_E_NOTRAILER -7  /* archive ends between entries, before "TRAILER!!!" */
#define CPIO_E_NOTFOUND  -8  /* cpio_find: no entry has that path */

/* File type bits of cpio_entry.mode (the st_mode values newc stores). */
#define CPIO_S_IFMT  0170000u
#define CPIO_S_IFDIR 0040000u
#define CPIO_S_IFREG 0100000u
#define CPIO_S_IFLNK 0120000u

/* One archive member.  name and data point into the archive buffer and
 * live as long as it does; name is NUL-terminated (namelen excludes the
 * NUL); for a symbolic link, data holds the target (not NUL-terminated). */
struct cpio_entry {
	const char *name;
	size_t namelen;
	const void *data;
	size_t size;
	uint32_t mode;
	uint32_t ino;
	uint32_t nlink;
	uint32_t mtime;
};

/* A walk over an archive; fill with cpio_iter_init, then call cpio_next. */
struct cpio_iter {
	const uint8_t *base;
	size_t len;
	size_t off;      /* offset of the next header */
	int state;       /* 0 walking, 1 trailer seen, <0 the error met */
};

/* Start a walk over the len bytes at buf. */
void cpio_iter_init(struct cpio_iter *it, const void *buf, size_t len);

/* Decode the next entry into *e.  Returns 1 and fills *e; 0 at the
 * trailer (and on every call after it); or a CPIO_E_* code, which every
 * later call returns again.  *e is only written when 1 is returned. */
int cpio_next(struct cpio_iter *it, struct cpio_entry *e);

/* Walk the whole archive: the number of entries before the trailer, or
 * the first CPIO_E_* code met (including CPIO_E_NOTRAILER). */
int cpio_check(const void *buf, size_t len);

/* Find the first entry whose name equals path, both compared without
 * leading "/" and "./" components ("/bin/sh", "./bin/sh" and "bin/sh"
 * name the same entry; "/" and "." name the root).  Returns 0 and fills
 * *e, CPIO_E_NOTFOUND when the trailer comes first, or the CPIO_E_* code
 * of damage met before the entry (damage after it is not looked for). */
int cpio_find(const void *buf, size_t len, const char *path, struct cpio_entry *e);

/* An index of an archive's names: cpio_find without the walk, for an
 * archive that does not change (the boot archive).  The caller owns the
 * storage; an archive with more than CPIO_INDEX_MAX entries, or one
 * damaged before its trailer, is not indexed (cpio_index_find then
 * walks, as cpio_find does). */
#define CPIO_INDEX_MAX 512
struct cpio_index {
	const void *buf;
	size_t len;
	int n;                       /* entries indexed; -1: not indexed */
	struct {
		uint32_t hash;           /* of the name without leading "/" and "./" */
		uint32_t off;            /* its header's offset */
	} slot[CPIO_INDEX_MAX];
};

/* Index the archive of len bytes at buf: the number of entries, or the
 * CPIO_E_* code of the damage met (then every lookup walks). */
int cpio_index_build(struct cpio_index *ix, const void *buf, size_t len);
/* cpio_find through the index: the same results. */
int cpio_index_find(const struct cpio_index *ix, const char *path, struct cpio_entry *e);

/* A short message for a CPIO_E_* code. */
const char *cpio_strerror(int err);

#endif
