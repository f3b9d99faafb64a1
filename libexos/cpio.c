/*
 * cpio.c - the newc archive reader (format in cpio.h).
 */
#include <string.h>
#include "cpio.h"

#define HDR_LEN    110
#define FIELD_LEN  8
#define TRAILER    "TRAILER!!!"

/* Header field indices: the order of the 8-digit fields after the magic. */
enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
       F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE,
       F_CHECK, F_COUNT };

_Static_assert(6 + F_COUNT * FIELD_LEN == HDR_LEN, "newc header is 110 bytes");

/* The value of one hex digit, or -1 if c is not one. */
static int hex_digit(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode the 13 fields of the header at h (HDR_LEN readable bytes).
 * Returns 0 or CPIO_E_MAGIC / CPIO_E_HEX. */
static int decode_header(const uint8_t *h, uint32_t f[F_COUNT])
{
	if (memcmp(h, "070701", 6) != 0)
		return CPIO_E_MAGIC;
	for (int i = 0; i < F_COUNT; i++) {
		uint32_t v = 0;
		for (int k = 0; k < FIELD_LEN; k++) {
			int d = hex_digit(h[6 + i * FIELD_LEN + k]);
			if (d < 0)
				return CPIO_E_HEX;
			v = v << 4 | (uint32_t)d;
		}
		f[i] = v;
	}
	return 0;
}

/* x rounded up to a multiple of 4; x is at most len + 3 of a real
 * buffer, so this cannot wrap. */
static size_t pad4(size_t x)
{
	return (x + 3) & ~(size_t)3;
}

void cpio_iter_init(struct cpio_iter *it, const void *buf, size_t len)
{
	it->base = buf;
	it->len = len;
	it->off = 0;
	it->state = 0;
}

/* Check the name of namesize bytes at it->base + off (already known to
 * lie inside the buffer): non-empty, one NUL, at its end. */
static int check_name(const struct cpio_iter *it, size_t off, uint32_t namesize)
{
	const char *name = (const char *)it->base + off;

	if (namesize < 2 || name[namesize - 1] != '\0')
		return CPIO_E_NAME;
	if (memchr(name, '\0', namesize - 1) != NULL)
		return CPIO_E_NAME;
	return 0;
}

/* Decode the entry at it->off into *e and advance past it.  Returns 1,
 * 0 for the trailer, or a CPIO_E_* code; it->state is not touched. */
static int read_entry(struct cpio_iter *it, struct cpio_entry *e)
{
	uint32_t f[F_COUNT];
	size_t left = it->len - it->off, name_off, data_off;
	int err;

	if (left == 0)
		return CPIO_E_NOTRAILER;
	if (left < HDR_LEN)
		return CPIO_E_SHORT;
	if ((err = decode_header(it->base + it->off, f)))
		return err;
	name_off = it->off + HDR_LEN;
	if (f[F_NAMESIZE] > it->len - name_off)
		return CPIO_E_NAMELEN;
	if ((err = check_name(it, name_off, f[F_NAMESIZE])))
		return err;
	e->name = (const char *)it->base + name_off;
	if (strcmp(e->name, TRAILER) == 0)
		return 0;
	data_off = pad4(name_off + f[F_NAMESIZE]);
	if (data_off > it->len || f[F_FILESIZE] > it->len - data_off)
		return CPIO_E_DATA;
	e->namelen = f[F_NAMESIZE] - 1;
	e->data = it->base + data_off;
	e->size = f[F_FILESIZE];
	e->mode = f[F_MODE];
	e->ino = f[F_INO];
	e->nlink = f[F_NLINK];
	e->mtime = f[F_MTIME];
	it->off = pad4(data_off + e->size);
	if (it->off > it->len)          /* data ends the buffer unpadded */
		it->off = it->len;
	return 1;
}

int cpio_next(struct cpio_iter *it, struct cpio_entry *e)
{
	struct cpio_entry tmp;
	int r;

	if (it->state != 0)
		return it->state > 0 ? 0 : it->state;
	r = read_entry(it, &tmp);
	if (r == 1)
		*e = tmp;
	else
		it->state = r == 0 ? 1 : r;
	return r;
}

int cpio_check(const void *buf, size_t len)
{
	struct cpio_iter it;
	struct cpio_entry e;
	int n = 0, r;

	cpio_iter_init(&it, buf, len);
	while ((r = cpio_next(&it, &e)) == 1)
		n++;
	return r < 0 ? r : n;
}

/* path without its leading "/" and "./" components. */
static const char *strip_root(const char *path)
{
	for (;;) {
		if (path[0] == '/')
			path++;
		else if (path[0] == '.' && path[1] == '/')
			path += 2;
		else if (path[0] == '.' && path[1] == '\0')
			path++;
		else
			return path;
	}
}

int cpio_find(const void *buf, size_t len, const char *path, struct cpio_entry *e)
{
	struct cpio_iter it;
	struct cpio_entry cur;
	const char *want = strip_root(path);
	int r;

	cpio_iter_init(&it, buf, len);
	while ((r = cpio_next(&it, &cur)) == 1) {
		if (strcmp(strip_root(cur.name), want) == 0) {
			*e = cur;
			return 0;
		}
	}
	return r < 0 ? r : CPIO_E_NOTFOUND;
}

/* FNV-1a: names differ early and are short. */
static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

int cpio_index_build(struct cpio_index *ix, const void *buf, size_t len)
{
	struct cpio_iter it;
	struct cpio_entry e;
	int r;

	ix->buf = buf;
	ix->len = len;
	ix->n = 0;
	cpio_iter_init(&it, buf, len);
	for (;;) {
		size_t off = it.off;
		if ((r = cpio_next(&it, &e)) != 1)
			break;
		if (ix->n == CPIO_INDEX_MAX) {
			r = CPIO_E_NOTFOUND;   /* too many to index: walk instead */
			break;
		}
		ix->slot[ix->n].hash = name_hash(strip_root(e.name));
		ix->slot[ix->n].off = (uint32_t)off;
		ix->n++;
	}
	if (r != 0) {
		ix->n = -1;
		return r;
	}
	return ix->n;
}

int cpio_index_find(const struct cpio_index *ix, const char *path, struct cpio_entry *e)
{
	const char *want = strip_root(path);
	uint32_t h = name_hash(want);

	if (ix->n < 0)
		return cpio_find(ix->buf, ix->len, path, e);
	for (int i = 0; i < ix->n; i++) {
		if (ix->slot[i].hash != h)
			continue;
		struct cpio_iter it;
		struct cpio_entry cur;
		cpio_iter_init(&it, ix->buf, ix->len);
		it.off = ix->slot[i].off;
		if (cpio_next(&it, &cur) == 1 && strcmp(strip_root(cur.name), want) == 0) {
			*e = cur;
			return 0;
		}
	}
	return CPIO_E_NOTFOUND;
}

const char *cpio_strerror(int err)
{
	static const char *const msg[] = {
		"ok", "archive ends inside a header", "bad magic (not cpio newc)",
		"bad hex digit in a header", "name runs past the end of the archive",
		"bad name", "file data runs past the end of the archive",
		"no trailer", "no such file in the archive",
	};

	if (err > 0 || -err >= (int)(sizeof(msg) / sizeof(msg[0])))
		return "unknown cpio error";
	return msg[-err];
}
