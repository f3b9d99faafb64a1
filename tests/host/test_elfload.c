/*
 * test_elfload - libexos's ELF checker on an image built here, on the
 * real user programs (every .elf in build/user, or in $USER_ELF_DIR),
 * and on hostile variations of both.  The kernel's checker
 * (kernel/elf.c) is the oracle: whatever libexos accepts the kernel
 * accepts with the same segments, and libexos refuses only what the
 * kernel refuses or what one of its three extra rules (elfload.h) names.
 */
#include <dirent.h>
#include "check.h"
#include "elf.h"
#include "../../libexos/elfload.h"

#define LO ELFLOAD_USER_LO
#define HI ELFLOAD_USER_HI

struct img {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
	struct ph {
		uint32_t type, flags;
		uint64_t offset, vaddr, paddr, filesz, memsz, align;
	} ph[3];
	uint8_t payload[0x3000];
};

_Static_assert(offsetof(struct img, ph) == 64 && sizeof(struct ph) == 56, "ELF64 layout");

/* Text at 0x10000 (file 0x1000), data at 0x12000 (file 0x2000) with
 * bss, and a PT_TLS header that is not loaded. */
static void make(struct img *m)
{
	memset(m, 0, sizeof(*m));
	memcpy(m->ident, "\177ELF\2\1\1", 7);
	m->type = 2;
	m->machine = 243;
	m->version = 1;
	m->entry = 0x10010;
	m->phoff = offsetof(struct img, ph);
	m->ehsize = 64;
	m->phentsize = sizeof(struct ph);
	m->phnum = 3;
	m->ph[0] = (struct ph){ 1, 5, 0x1000, 0x10000, 0x10000, 0x800, 0x800, 0x1000 };
	m->ph[1] = (struct ph){ 1, 6, 0x2000, 0x12000, 0x12000, 0x100, 0x5000, 0x1000 };
	m->ph[2] = (struct ph){ 7, 4, 0x2100, 0x12100, 0x12100, 0, 8, 8 };
}

static struct img m;
static struct elfload_image ei;

/* elfload_check of len bytes of p, from a malloc'd copy of exactly that
 * length so that AddressSanitizer sees any read past it. */
static int check_exact(const void *p, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);
	int r;

	memcpy(copy, p, len);
	r = elfload_check(copy, len, LO, HI, &ei);
	free(copy);
	return r;
}

static int check(void)
{
	return check_exact(&m, sizeof(m));
}

/** A well-formed image is accepted with both loadable segments exactly. */
TEST(valid)
{
	make(&m);
	CHECK_EQ(check(), 0);
	CHECK_EQ(ei.entry, 0x10010);
	CHECK_EQ(ei.nsegs, 2);
	CHECK_EQ(ei.segs[0].vaddr, 0x10000);
	CHECK_EQ(ei.segs[0].memsz, 0x800);
	CHECK_EQ(ei.segs[0].offset, 0x1000);
	CHECK_EQ(ei.segs[0].filesz, 0x800);
	CHECK_EQ(ei.segs[0].flags, ELFLOAD_R | ELFLOAD_X);
	CHECK_EQ(ei.segs[1].vaddr, 0x12000);
	CHECK_EQ(ei.segs[1].memsz, 0x5000);
	CHECK_EQ(ei.segs[1].offset, 0x2000);
	CHECK_EQ(ei.segs[1].filesz, 0x100);
	CHECK_EQ(ei.segs[1].flags, ELFLOAD_R | ELFLOAD_W);
}

/** Every truncation is refused until the last segment's file bytes are in, then accepted. */
TEST(truncations)
{
	make(&m);
	for (size_t len = 0; len <= 0x2200; len++) {
		int r = check_exact(&m, len);
		if ((r == 0) != (len >= 0x2100))
			CHECK_FAIL("len %#zx: %d", len, r);
	}
	CHECK_EQ(check_exact(&m, 0), ELFLOAD_E_SHORT);
	CHECK_EQ(check_exact(&m, 63), ELFLOAD_E_SHORT);
	CHECK_EQ(check_exact(&m, 64), ELFLOAD_E_PHDR);
	CHECK_EQ(check_exact(&m, 0x2000), ELFLOAD_E_SEGMENT);
}

/** Header damage gets the matching error code. */
TEST(header_errors)
{
	make(&m); m.ident[0] = 0x7e;  CHECK_EQ(check(), ELFLOAD_E_MAGIC);
	make(&m); m.ident[3] = 'f';   CHECK_EQ(check(), ELFLOAD_E_MAGIC);
	make(&m); m.ident[4] = 1;     CHECK_EQ(check(), ELFLOAD_E_CLASS);
	make(&m); m.ident[5] = 2;     CHECK_EQ(check(), ELFLOAD_E_CLASS);
	make(&m); m.ident[6] = 0;     CHECK_EQ(check(), ELFLOAD_E_CLASS);
	make(&m); m.version = 0;      CHECK_EQ(check(), ELFLOAD_E_CLASS);
	make(&m); m.machine = 62;     CHECK_EQ(check(), ELFLOAD_E_MACHINE);
	make(&m); m.type = 3;         CHECK_EQ(check(), ELFLOAD_E_TYPE);
	make(&m); m.type = 0x102;     CHECK_EQ(check(), ELFLOAD_E_TYPE);
	make(&m); m.phentsize = 64;   CHECK_EQ(check(), ELFLOAD_E_PHDR);
	make(&m); m.phnum = 0;        CHECK_EQ(check(), ELFLOAD_E_PHDR);
	make(&m); m.phnum = 0xffff;   CHECK_EQ(check(), ELFLOAD_E_PHDR);
	make(&m); m.phoff = 68;       CHECK_EQ(check(), ELFLOAD_E_PHDR);
	make(&m); m.phoff = sizeof(m) - 8; CHECK_EQ(check(), ELFLOAD_E_PHDR);
	make(&m); m.phoff = sizeof(m) + 8; CHECK_EQ(check(), ELFLOAD_E_SHORT);
	make(&m); m.phoff = ~0ULL - 7;     CHECK_EQ(check(), ELFLOAD_E_SHORT);
}

/** Segment damage gets the matching error code. */
TEST(segment_errors)
{
	make(&m); m.ph[1].filesz = 0x5001;            CHECK_EQ(check(), ELFLOAD_E_SEGMENT);
	make(&m); m.ph[1].offset = ~0ULL - 4;         CHECK_EQ(check(), ELFLOAD_E_SEGMENT);
	make(&m); m.ph[1].filesz = 0x1101;            CHECK_EQ(check(), ELFLOAD_E_SEGMENT);
	make(&m); m.ph[1].vaddr = 0x12004;            CHECK_EQ(check(), ELFLOAD_E_SEGMENT);
	make(&m); m.ph[1].memsz = 0; m.ph[1].filesz = 0; CHECK_EQ(check(), ELFLOAD_E_SEGMENT);
	make(&m); m.ph[0].vaddr = 0xf000; m.entry = 0xf010; CHECK_EQ(check(), ELFLOAD_E_RANGE);
	make(&m); m.ph[1].vaddr = HI;                 CHECK_EQ(check(), ELFLOAD_E_RANGE);
	make(&m); m.ph[1].vaddr = HI - 0x1000;        CHECK_EQ(check(), ELFLOAD_E_RANGE);
	make(&m); m.ph[1].vaddr = 0xfffffffffffff000ULL; CHECK_EQ(check(), ELFLOAD_E_RANGE);
	make(&m); m.ph[1].memsz = ~0ULL;              CHECK_EQ(check(), ELFLOAD_E_RANGE);
	make(&m); m.ph[1].vaddr = 0x10000;            CHECK_EQ(check(), ELFLOAD_E_OVERLAP);
	make(&m); m.ph[1].vaddr = 0x11000; m.ph[0].memsz = 0x1001; CHECK_EQ(check(), ELFLOAD_E_OVERLAP);
	make(&m); m.ph[1].flags = 7;                  CHECK_EQ(check(), ELFLOAD_E_WX);
	make(&m); m.ph[1].flags = 3;                  CHECK_EQ(check(), ELFLOAD_E_WX);
	make(&m); m.entry = 0x12000;                  CHECK_EQ(check(), ELFLOAD_E_ENTRY);
	make(&m); m.entry = 0x10800;                  CHECK_EQ(check(), ELFLOAD_E_ENTRY);
	make(&m); m.entry = 0x10011;                  CHECK_EQ(check(), ELFLOAD_E_ENTRY);
	make(&m); m.ph[0].type = 6; m.ph[1].type = 6; CHECK_EQ(check(), ELFLOAD_E_NOLOAD);
	make(&m); m.ph[2].type = 3;                   CHECK_EQ(check(), ELFLOAD_E_DYNAMIC);
	make(&m); m.ph[2].type = 2;                   CHECK_EQ(check(), ELFLOAD_E_DYNAMIC);
}

/** Segments on adjacent pages are fine; the last page of the range may be used exactly. */
TEST(edges_accepted)
{
	make(&m); m.ph[1].vaddr = 0x11000; m.ph[1].offset = 0x2000;
	m.ph[0].memsz = 0x1000;                       CHECK_EQ(check(), 0);
	make(&m); m.ph[1].vaddr = HI - 0x5000;        CHECK_EQ(check(), 0);
	CHECK_EQ(ei.segs[1].vaddr + ei.segs[1].memsz, HI);
	make(&m); m.ph[1].flags = 0x10000006;         CHECK_EQ(check(), 0);
	CHECK_EQ(ei.segs[1].flags, ELFLOAD_R | ELFLOAD_W);
	make(&m); m.entry = 0x107fe;                  CHECK_EQ(check(), 0);
}

/** More loadable segments than the table holds is refused; exactly that many is fine. */
TEST(too_many_segments)
{
	static uint8_t big[0x20000];
	struct ph *ph = (struct ph *)(big + 64);

	make(&m);
	memcpy(big, &m, 64);
	((struct img *)big)->phnum = ELFLOAD_MAX_SEGS + 1;
	for (int i = 0; i <= ELFLOAD_MAX_SEGS; i++)
		ph[i] = (struct ph){ 1, i ? 4 : 5, 0x1000 + 0x1000 * (uint64_t)i,
				     0x10000 + 0x1000 * (uint64_t)i, 0, 0x100, 0x100, 0x1000 };
	CHECK_EQ(check_exact(big, sizeof(big)), ELFLOAD_E_TOOMANY);
	((struct img *)big)->phnum = ELFLOAD_MAX_SEGS;
	CHECK_EQ(check_exact(big, sizeof(big)), 0);
	CHECK_EQ(ei.nsegs, ELFLOAD_MAX_SEGS);
}

/** The image may start at an odd address. */
TEST(unaligned_image)
{
	static uint8_t buf[sizeof(struct img) + 1];

	make(&m);
	memcpy(buf + 1, &m, sizeof(m));
	CHECK_EQ(elfload_check(buf + 1, sizeof(m), LO, HI, &ei), 0);
	CHECK_EQ(ei.segs[1].memsz, 0x5000);
}

/* Whether libexos's verdict r on the image p is the kernel's, or one of
 * the extra rules that applies to p.  Accepted images must agree. */
static int agrees(const uint8_t *p, size_t len, int r)
{
	struct elf_image ki;
	int k = elf_check(p, len, LO, HI, &ki);

	if (r == 0) {
		if (k != 0 || ki.entry != ei.entry || ki.nsegs != ei.nsegs)
			return 0;
		for (int i = 0; i < ki.nsegs; i++) {
			const struct elf_seg *a = &ki.segs[i];
			const struct elfload_seg *b = &ei.segs[i];
			if (a->vaddr != b->vaddr || a->memsz != b->memsz || a->offset != b->offset ||
			    a->filesz != b->filesz || a->flags != b->flags)
				return 0;
		}
		return 1;
	}
	if (r == k)
		return 1;
	if (r == ELFLOAD_E_CLASS)
		return p[20] != 1 || p[21] || p[22] || p[23];
	if (r == ELFLOAD_E_ENTRY)
		return k == 0 && (p[24] & 1);
	return r == ELFLOAD_E_DYNAMIC;
}

/* Read a whole file into a malloc'd buffer; NULL if absent. */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	buf = malloc(*len);
	if (fread(buf, 1, *len, f) != *len) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static const char *elf_dir(void)
{
	const char *dir = getenv("USER_ELF_DIR");

	return dir ? dir : "build/user";
}

/** Every real program is accepted exactly as the kernel accepts it, with an R-X segment holding the entry. */
TEST(real_programs)
{
	DIR *d = opendir(elf_dir());
	struct dirent *de;
	char path[512];
	size_t len;
	int n = 0;

	CHECK(d != NULL);
	while ((de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name);
		if (nl < 5 || strcmp(de->d_name + nl - 4, ".elf") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", elf_dir(), de->d_name);
		uint8_t *img = slurp(path, &len);
		CHECK(img != NULL);
		int r = check_exact(img, len);
		if (r != 0 || !agrees(img, len, r) || ei.nsegs < 2 || ei.segs[0].flags != 5)
			CHECK_FAIL("%s: %d (%s)", path, r, elfload_strerror(r));
		free(img);
		n++;
	}
	closedir(d);
	CHECK(n >= 2);
}

/* The end of the last file byte any PT_LOAD segment of ei needs. */
static size_t loads_end(void)
{
	size_t end = 0;

	for (int i = 0; i < ei.nsegs; i++)
		if (ei.segs[i].offset + ei.segs[i].filesz > end)
			end = ei.segs[i].offset + ei.segs[i].filesz;
	return end;
}

/** init cut at every length up to its loadable bytes is refused; from there on accepted. */
TEST(real_program_truncations)
{
	char path[512];
	size_t len;

	snprintf(path, sizeof(path), "%s/init.elf", elf_dir());
	uint8_t *img = slurp(path, &len);
	CHECK(img != NULL);
	CHECK_EQ(check_exact(img, len), 0);
	size_t end = loads_end();
	for (size_t cut = 0; cut <= end + 64 && cut <= len; cut++) {
		int r = check_exact(img, cut);
		if ((r == 0) != (cut >= end) || !agrees(img, cut, r))
			CHECK_FAIL("cut %zu: %d", cut, r);
	}
	free(img);
}

/* Damage 1-4 random bytes of the first 512 of src into dst. */
static void damage(uint8_t *dst, const uint8_t *src, size_t len, uint32_t *seed)
{
	memcpy(dst, src, len);
	for (int k = 0; k < 1 + (int)(*seed % 4); k++) {
		*seed = *seed * 1664525 + 1013904223;
		dst[(*seed >> 8) % (len < 512 ? len : 512)] ^= (uint8_t)(*seed >> 24) | 1;
	}
}

/** Random header damage to init and to the built image never crashes and always agrees with the kernel. */
TEST(fuzz_against_kernel)
{
	char path[512];
	size_t len;
	uint32_t seed = 4242;

	snprintf(path, sizeof(path), "%s/init.elf", elf_dir());
	uint8_t *img = slurp(path, &len);
	CHECK(img != NULL);
	make(&m);
	uint8_t *copy = malloc(len > sizeof(m) ? len : sizeof(m));
	for (int iter = 0; iter < 40000; iter++) {
		const uint8_t *src = iter % 2 ? img : (const uint8_t *)&m;
		size_t n = iter % 2 ? len : sizeof(m);
		damage(copy, src, n, &seed);
		int r = elfload_check(copy, n, LO, HI, &ei);
		if (!agrees(copy, n, r))
			CHECK_FAIL("iteration %d: libexos %d", iter, r);
		for (int i = 0; r == 0 && i < ei.nsegs; i++)
			CHECK(ei.segs[i].offset + ei.segs[i].filesz <= n &&
			      ei.segs[i].vaddr >= LO && ei.segs[i].vaddr + ei.segs[i].memsz <= HI);
	}
	free(copy);
	free(img);
}

/** Every error code has its own message. */
TEST(messages)
{
	for (int e = ELFLOAD_E_SHORT; e >= ELFLOAD_E_DYNAMIC; e--)
		CHECK(strcmp(elfload_strerror(e), "unknown ELF error") != 0);
	CHECK_STR(elfload_strerror(ELFLOAD_E_DYNAMIC), "needs a dynamic linker");
	CHECK_STR(elfload_strerror(0), "ok");
	CHECK_STR(elfload_strerror(-15), "unknown ELF error");
	CHECK_STR(elfload_strerror(1), "unknown ELF error");
}

TEST_MAIN()
