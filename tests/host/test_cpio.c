/*
 * test_cpio - the boot archive reader on newc archives written here
 * (byte for byte what `cpio -o -H newc` writes), on every truncation of
 * them, on damaged headers and on random damage.  Each archive under
 * test is copied to a malloc'd buffer of exactly its length, so
 * AddressSanitizer catches any read past the end.
 */
#include "check.h"
#include "../../libexos/cpio.h"

struct ar {
	uint8_t buf[16384];
	size_t len;
	size_t hdr[128];     /* offset of each entry's header */
	int n;
};

/* Append one entry: header, name padded to 4, data padded to 4. */
static void add(struct ar *a, const char *name, uint32_t mode, const void *data, size_t size)
{
	size_t namesize = strlen(name) + 1;

	a->hdr[a->n++] = a->len;
	snprintf((char *)a->buf + a->len, 111,
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 (unsigned)a->n, mode, 0u, 0u, 1u, 1700000000u, (unsigned)size, 0u, 0u,
		 0u, 0u, (unsigned)namesize, 0u);
	a->len += 110;
	memcpy(a->buf + a->len, name, namesize);
	a->len += namesize;
	while (a->len % 4)
		a->buf[a->len++] = 0;
	memcpy(a->buf + a->len, data, size);
	a->len += size;
	while (a->len % 4)
		a->buf[a->len++] = 0;
}

static void trailer(struct ar *a)
{
	add(a, "TRAILER!!!", 0, "", 0);
	a->n--;          /* not an entry the iterator reports */
}

/* A small root file system: a directory, two files, a symlink. */
static void sample(struct ar *a)
{
	memset(a, 0, sizeof(*a));
	add(a, ".", 040755, "", 0);
	add(a, "bin", 040755, "", 0);
	add(a, "bin/sh", 0100755, "\177ELF-shell", 10);
	add(a, "etc/motd", 0100644, "hello\n", 6);
	add(a, "bin/ls", 0120777, "sh", 2);
	trailer(a);
}

/* A malloc'd copy of the first len bytes: reading past it is an ASan error. */
static uint8_t *exact(const struct ar *a, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	memcpy(p, a->buf, len);
	return p;
}

static struct ar ar;

/** Iteration yields every entry in order with its name, size, mode and data, then 0. */
TEST(iterate)
{
	struct cpio_iter it;
	struct cpio_entry e;

	sample(&ar);
	uint8_t *p = exact(&ar, ar.len);
	cpio_iter_init(&it, p, ar.len);
	CHECK_EQ(cpio_next(&it, &e), 1);
	CHECK_STR(e.name, ".");
	CHECK_EQ(e.mode, 040755);
	CHECK_EQ(cpio_next(&it, &e), 1);
	CHECK_STR(e.name, "bin");
	CHECK_EQ(cpio_next(&it, &e), 1);
	CHECK_STR(e.name, "bin/sh");
	CHECK_EQ(e.namelen, 6);
	CHECK_EQ(e.size, 10);
	CHECK_EQ(e.mode, 0100755);
	CHECK_EQ(e.ino, 3);
	CHECK_EQ(e.nlink, 1);
	CHECK_EQ(e.mtime, 1700000000);
	CHECK(memcmp(e.data, "\177ELF-shell", 10) == 0);
	CHECK_EQ(cpio_next(&it, &e), 1);
	CHECK_STR(e.name, "etc/motd");
	CHECK(memcmp(e.data, "hello\n", 6) == 0);
	CHECK_EQ(cpio_next(&it, &e), 1);
	CHECK_STR(e.name, "bin/ls");
	CHECK_EQ(e.mode & CPIO_S_IFMT, CPIO_S_IFLNK);
	CHECK(memcmp(e.data, "sh", 2) == 0);
	CHECK_EQ(cpio_next(&it, &e), 0);
	CHECK_EQ(cpio_next(&it, &e), 0);
	CHECK_EQ(cpio_check(p, ar.len), 5);
	free(p);
}

/** A path is found with or without a leading "/" or "./"; "/" and "." name the root. */
TEST(find)
{
	struct cpio_entry e;

	sample(&ar);
	uint8_t *p = exact(&ar, ar.len);
	const char *same[] = { "bin/sh", "/bin/sh", "./bin/sh", "//bin/sh", "/./bin/sh" };
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		memset(&e, 0, sizeof(e));
		CHECK_EQ(cpio_find(p, ar.len, same[i], &e), 0);
		CHECK_STR(e.name, "bin/sh");
		CHECK_EQ(e.size, 10);
		CHECK_EQ(e.mode, 0100755);
	}
	CHECK_EQ(cpio_find(p, ar.len, "/", &e), 0);
	CHECK_STR(e.name, ".");
	CHECK_EQ(cpio_find(p, ar.len, ".", &e), 0);
	CHECK_EQ(cpio_find(p, ar.len, "etc/motd", &e), 0);
	CHECK(memcmp(e.data, "hello\n", 6) == 0);
	CHECK_EQ(cpio_find(p, ar.len, "bin/s", &e), CPIO_E_NOTFOUND);
	CHECK_EQ(cpio_find(p, ar.len, "bin/sh/", &e), CPIO_E_NOTFOUND);
	CHECK_EQ(cpio_find(p, ar.len, "TRAILER!!!", &e), CPIO_E_NOTFOUND);
	CHECK_EQ(cpio_find(p, ar.len, "", &e), 0);
	CHECK_STR(e.name, ".");
	free(p);
}

/** The index finds exactly what cpio_find finds, for every name and a
 * few that are not there; damage before the trailer means no index
 * (and lookups walk, giving the walk's answer). */
TEST(index)
{
	static struct cpio_index ix;
	struct cpio_entry a, b;
	const char *names[] = { "bin/sh", "/bin/sh", "./bin/sh", "/", ".", "", "etc/motd",
				"bin/ls", "bin", "bin/s", "bin/sh/", "TRAILER!!!", "nope" };

	sample(&ar);
	uint8_t *p = exact(&ar, ar.len);
	CHECK_EQ(cpio_index_build(&ix, p, ar.len), 5);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		int ra = cpio_find(p, ar.len, names[i], &a), rb = cpio_index_find(&ix, names[i], &b);
		CHECK_EQ(rb, ra);
		if (ra == 0) {
			CHECK_STR(b.name, a.name);
			CHECK(b.data == a.data && b.size == a.size && b.mode == a.mode);
		}
	}
	free(p);
	/* Cut inside the last entry: the index refuses, the lookup walks. */
	p = exact(&ar, ar.hdr[4] + 50);
	CHECK_EQ(cpio_index_build(&ix, p, ar.hdr[4] + 50), CPIO_E_SHORT);
	CHECK_EQ(cpio_index_find(&ix, "etc/motd", &a), 0);
	CHECK_EQ(cpio_index_find(&ix, "bin/ls", &a), CPIO_E_SHORT);
	free(p);
}

/** Entry names in an archive written with "./" prefixes are found by plain paths. */
TEST(find_dot_slash_names)
{
	struct cpio_entry e;

	memset(&ar, 0, sizeof(ar));
	add(&ar, "./init", 0100755, "x", 1);
	add(&ar, "/abs", 0100644, "yy", 2);
	trailer(&ar);
	uint8_t *p = exact(&ar, ar.len);
	CHECK_EQ(cpio_find(p, ar.len, "init", &e), 0);
	CHECK_EQ(e.size, 1);
	CHECK_EQ(cpio_find(p, ar.len, "/abs", &e), 0);
	CHECK_EQ(e.size, 2);
	CHECK_EQ(cpio_find(p, ar.len, ".hidden", &e), CPIO_E_NOTFOUND);
	free(p);
}

/** Every name length and data size gets its padding right (all four remainders of each). */
TEST(padding)
{
	char name[32], data[16];
	struct cpio_entry e;

	memset(&ar, 0, sizeof(ar));
	for (int nl = 1; nl <= 8; nl++)
		for (int ds = 0; ds <= 8; ds++) {
			snprintf(name, sizeof(name), "%.*s%d", nl - 1, "nnnnnnn", ds);
			memset(data, 'a' + ds, ds);
			add(&ar, name, 0100644, data, ds);
		}
	trailer(&ar);
	uint8_t *p = exact(&ar, ar.len);
	CHECK_EQ(cpio_check(p, ar.len), 72);
	for (int nl = 1; nl <= 8; nl++)
		for (int ds = 0; ds <= 8; ds++) {
			snprintf(name, sizeof(name), "%.*s%d", nl - 1, "nnnnnnn", ds);
			CHECK_EQ(cpio_find(p, ar.len, name, &e), 0);
			CHECK_EQ(e.size, ds);
			for (int k = 0; k < ds; k++)
				CHECK_EQ(((const char *)e.data)[k], 'a' + ds);
		}
	free(p);
}

/* What cpio_check must say about sample() cut to len bytes. */
static int truncation_error(size_t len)
{
	for (int i = ar.n; i >= 0; i--) {        /* entry n is the trailer */
		size_t h = ar.hdr[i];
		if (len < h)
			continue;
		uint32_t namesize, filesize;
		sscanf((const char *)ar.buf + h + 6 + 6 * 8, "%8x", &filesize);
		sscanf((const char *)ar.buf + h + 6 + 11 * 8, "%8x", &namesize);
		if (len == h)
			return CPIO_E_NOTRAILER;
		if (len < h + 110)
			return CPIO_E_SHORT;
		if (len < h + 110 + namesize)
			return CPIO_E_NAMELEN;
		if (i == ar.n)
			return 5;                   /* trailer complete */
		size_t d = (h + 110 + namesize + 3) & ~3ul;
		if (len < d + filesize)
			return CPIO_E_DATA;
		return CPIO_E_NOTRAILER;            /* only padding cut */
	}
	return -100;
}

/** Every truncation of an archive gives the error of the part it cuts, never a read past the end. */
TEST(truncations)
{
	sample(&ar);
	for (size_t len = 0; len <= ar.len; len++) {
		uint8_t *p = exact(&ar, len);
		int want = truncation_error(len);
		int got = cpio_check(p, len);
		free(p);
		if (got != want)
			CHECK_FAIL("len %zu: got %d, want %d", len, got, want);
	}
	CHECK_EQ(truncation_error(ar.len), 5);
}

/** Bytes after the trailer (cpio's 512-byte block padding) are ignored. */
TEST(after_trailer_ignored)
{
	sample(&ar);
	memset(ar.buf + ar.len, 0xee, 300);
	ar.len += 300;
	uint8_t *p = exact(&ar, ar.len);
	CHECK_EQ(cpio_check(p, ar.len), 5);
	free(p);
}

/** An archive of only the trailer is empty; an empty buffer has no trailer. */
TEST(empty)
{
	struct cpio_entry e;

	memset(&ar, 0, sizeof(ar));
	trailer(&ar);
	uint8_t *p = exact(&ar, ar.len);
	CHECK_EQ(cpio_check(p, ar.len), 0);
	CHECK_EQ(cpio_find(p, ar.len, "x", &e), CPIO_E_NOTFOUND);
	free(p);
	CHECK_EQ(cpio_check("", 0), CPIO_E_NOTRAILER);
}

/* Damage byte off of sample() to c; return cpio_check of the result. */
static int damaged(size_t off, uint8_t c)
{
	sample(&ar);
	ar.buf[off] = c;
	uint8_t *p = exact(&ar, ar.len);
	int r = cpio_check(p, ar.len);
	free(p);
	return r;
}

/* Set header field f (0 = ino ... 11 = namesize) of entry i to v. */
static void set_field(int i, int f, uint32_t v)
{
	char tmp[9];

	snprintf(tmp, sizeof(tmp), "%08X", v);
	memcpy(ar.buf + ar.hdr[i] + 6 + 8 * f, tmp, 8);
}

static int check_now(void)
{
	uint8_t *p = exact(&ar, ar.len);
	int r = cpio_check(p, ar.len);

	free(p);
	return r;
}

/** Bad magic and non-hex digits in any field are refused. */
TEST(header_damage)
{
	sample(&ar);
	CHECK_EQ(damaged(0, '1'), CPIO_E_MAGIC);
	CHECK_EQ(damaged(ar.hdr[2] + 5, '2'), CPIO_E_MAGIC);     /* 070702: crc format */
	for (int f = 0; f < 13; f++) {
		CHECK_EQ(damaged(ar.hdr[2] + 6 + 8 * f + 3, 'g'), CPIO_E_HEX);
		CHECK_EQ(damaged(ar.hdr[2] + 6 + 8 * f + 7, ' '), CPIO_E_HEX);
	}
	CHECK_EQ(damaged(ar.hdr[1] + 6, '\0'), CPIO_E_HEX);
}

/** Lower-case hex digits are accepted like upper-case ones. */
TEST(lower_case_hex)
{
	struct cpio_entry e;

	sample(&ar);
	for (int i = 0; i <= ar.n; i++)
		for (size_t k = ar.hdr[i] + 6; k < ar.hdr[i] + 110; k++)
			if (ar.buf[k] >= 'A' && ar.buf[k] <= 'F')
				ar.buf[k] += 'a' - 'A';
	memcpy(ar.buf + ar.hdr[2] + 6 + 8, "000081ed", 8);
	uint8_t *p = exact(&ar, ar.len);
	CHECK_EQ(cpio_find(p, ar.len, "bin/sh", &e), 0);
	CHECK_EQ(e.mode, 0100755);
	free(p);
}

/** Names that are empty, unterminated, have a NUL inside or run past the end are refused. */
TEST(name_damage)
{
	sample(&ar); set_field(2, 11, 0);           CHECK_EQ(check_now(), CPIO_E_NAME);
	sample(&ar); set_field(2, 11, 1);           CHECK_EQ(check_now(), CPIO_E_NAME);
	sample(&ar); set_field(2, 11, 6);           CHECK_EQ(check_now(), CPIO_E_NAME);
	sample(&ar); ar.buf[ar.hdr[2] + 110 + 6] = 'x'; CHECK_EQ(check_now(), CPIO_E_NAME);
	sample(&ar); ar.buf[ar.hdr[2] + 110 + 3] = 0;   CHECK_EQ(check_now(), CPIO_E_NAME);
	sample(&ar); set_field(2, 11, 0xffffffff);  CHECK_EQ(check_now(), CPIO_E_NAMELEN);
	sample(&ar); set_field(2, 11, ar.len - ar.hdr[2] - 110 + 1); CHECK_EQ(check_now(), CPIO_E_NAMELEN);
}

/** A file size past the end of the archive is refused; any size that fits is walked. */
TEST(size_damage)
{
	sample(&ar); set_field(3, 6, 0xffffffff);   CHECK_EQ(check_now(), CPIO_E_DATA);
	sample(&ar); set_field(3, 6, ar.len);       CHECK_EQ(check_now(), CPIO_E_DATA);
	/* A size that swallows the rest lands between entries: no trailer. */
	sample(&ar);
	size_t data = (ar.hdr[4] + 110 + 7 + 3) & ~3ul;
	set_field(4, 6, ar.len - data);             CHECK_EQ(check_now(), CPIO_E_NOTRAILER);
	/* A size that lands inside the trailer's header. */
	sample(&ar); set_field(4, 6, 2 + 8);        CHECK_EQ(check_now(), CPIO_E_MAGIC);
}

/** Once an error is met, every later cpio_next returns it again; after the trailer, 0. */
TEST(sticky_state)
{
	struct cpio_iter it;
	struct cpio_entry e;

	sample(&ar);
	ar.buf[ar.hdr[1]] = 'X';
	uint8_t *p = exact(&ar, ar.len);
	cpio_iter_init(&it, p, ar.len);
	CHECK_EQ(cpio_next(&it, &e), 1);
	e.name = NULL;
	CHECK_EQ(cpio_next(&it, &e), CPIO_E_MAGIC);
	CHECK(e.name == NULL);
	CHECK_EQ(cpio_next(&it, &e), CPIO_E_MAGIC);
	free(p);
}

/** The archive may start at any address: alignment is counted from its first byte. */
TEST(unaligned_buffer)
{
	struct cpio_entry e;

	sample(&ar);
	uint8_t *p = malloc(ar.len + 3);
	memcpy(p + 3, ar.buf, ar.len);
	CHECK_EQ(cpio_check(p + 3, ar.len), 5);
	CHECK_EQ(cpio_find(p + 3, ar.len, "etc/motd", &e), 0);
	CHECK(memcmp(e.data, "hello\n", 6) == 0);
	free(p);
}

/** Random damage and random lengths never read out of bounds; what is accepted lies inside. */
TEST(fuzz)
{
	uint32_t seed = 12345;
	struct cpio_iter it;
	struct cpio_entry e;

	for (int iter = 0; iter < 50000; iter++) {
		sample(&ar);
		for (int k = 0; k < 1 + iter % 4; k++) {
			seed = seed * 1664525 + 1013904223;
			size_t at = (seed >> 8) % ar.len;
			seed = seed * 1664525 + 1013904223;
			ar.buf[at] = iter % 3 ? (uint8_t)"0123456789abcdefF\0 x"[(seed >> 16) % 20]
						 : (uint8_t)(seed >> 24);
		}
		seed = seed * 1664525 + 1013904223;
		size_t len = iter % 5 ? ar.len : (seed >> 8) % (ar.len + 1);
		uint8_t *p = exact(&ar, len);
		int r;
		cpio_iter_init(&it, p, len);
		while ((r = cpio_next(&it, &e)) == 1) {
			const uint8_t *d = e.data;
			CHECK(d >= p && d + e.size <= p + len);
			CHECK((const uint8_t *)e.name >= p && strlen(e.name) == e.namelen);
		}
		CHECK(r <= 0 && r >= CPIO_E_NOTRAILER);
		free(p);
	}
}

/** Every error code has its own message. */
TEST(messages)
{
	for (int e = CPIO_E_SHORT; e >= CPIO_E_NOTFOUND; e--)
		CHECK(strcmp(cpio_strerror(e), "unknown cpio error") != 0);
	CHECK_STR(cpio_strerror(CPIO_E_MAGIC), "bad magic (not cpio newc)");
	CHECK_STR(cpio_strerror(-99), "unknown cpio error");
	CHECK_STR(cpio_strerror(3), "unknown cpio error");
}

TEST_MAIN()
