/*
 * test_elf_programs - the ELF checker (lib/elf.c) on the real user
 * programs (every .elf in build/user, or in $USER_ELF_DIR) and on
 * random damage to them and to the image elfimg.h builds.  Whatever it
 * accepts must be loadable as the checker promises (elf.h): every
 * segment's file bytes in the image, inside [lo, hi), no page shared,
 * never W and X, the entry even and in an X segment.
 */
#include <dirent.h>
#include "check.h"
#include "elf.h"
#include "elfimg.h"

#define LO ELFIMG_LO
#define HI ELFIMG_HI

static struct elf_image ei;

static int check_exact(const void *p, size_t len)
{
	return elfimg_check(p, len, &ei);
}

/* Whether ei, accepted for an image of len bytes, keeps every promise
 * of elf.h; a refusal must be one of the ELF_E_* codes. */
static int keeps_promises(int r, size_t len)
{
	int in_x = 0;

	if (r != 0)
		return r >= ELF_E_DYNAMIC && r < 0;
	if (ei.nsegs < 1 || ei.nsegs > ELF_MAX_SEGS || ei.entry % 2)
		return 0;
	for (int i = 0; i < ei.nsegs; i++) {
		const struct elf_seg *s = &ei.segs[i];
		if (s->offset > len || len - s->offset < s->filesz || s->filesz > s->memsz ||
		    s->vaddr < LO || s->vaddr >= HI || HI - s->vaddr < s->memsz ||
		    (s->flags & ~7u) || ((s->flags & ELF_SEG_W) && (s->flags & ELF_SEG_X)))
			return 0;
		for (int j = 0; j < i; j++)
			if (ei.segs[j].vaddr >> 12 <= (s->vaddr + s->memsz - 1) >> 12 &&
			    s->vaddr >> 12 <= (ei.segs[j].vaddr + ei.segs[j].memsz - 1) >> 12)
				return 0;
		in_x |= (s->flags & ELF_SEG_X) && ei.entry >= s->vaddr &&
			ei.entry - s->vaddr < s->memsz;
	}
	return in_x;
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

static uint8_t *slurp_init(size_t *len)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/init.elf", elf_dir());
	return slurp(path, len);
}

/** Every real program is accepted, with an R-X first segment, as loadable as promised. */
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
		if (r != 0 || !keeps_promises(r, len) || ei.nsegs < 2 || ei.segs[0].flags != 5)
			CHECK_FAIL("%s: %d (%s)", path, r, elf_strerror(r));
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
	size_t len;
	uint8_t *img = slurp_init(&len);

	CHECK(img != NULL);
	CHECK_EQ(check_exact(img, len), 0);
	size_t end = loads_end();
	for (size_t cut = 0; cut <= end + 64 && cut <= len; cut++) {
		int r = check_exact(img, cut);
		if ((r == 0) != (cut >= end) || !keeps_promises(r, cut))
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

/* iters damaged copies of the n bytes at src: every verdict keeps the
 * promises; how many were accepted. */
static int fuzz(const uint8_t *src, size_t n, int iters, uint32_t seed, int *broken)
{
	uint8_t *copy = malloc(n);
	int accepted = 0;

	*broken = -1;
	for (int iter = 0; iter < iters && *broken < 0; iter++) {
		damage(copy, src, n, &seed);
		int r = elf_check(copy, n, LO, HI, &ei);
		if (!keeps_promises(r, n))
			*broken = iter;
		accepted += r == 0;
	}
	free(copy);
	return accepted;
}

/** Random header damage to init never crashes, and whatever is still accepted is loadable. */
TEST(fuzz_init)
{
	size_t len;
	uint8_t *img = slurp_init(&len);
	int broken;

	CHECK(img != NULL);
	int accepted = fuzz(img, len, 30000, 99, &broken);
	free(img);
	if (broken >= 0)
		CHECK_FAIL("iteration %d broke a promise", broken);
	CHECK(accepted > 0);
}

/** Random damage to the built image never crashes, and whatever is still accepted is loadable. */
TEST(fuzz_built_image)
{
	static struct elfimg m;
	int broken;

	elfimg_make(&m);
	int accepted = fuzz((const uint8_t *)&m, sizeof(m), 30000, 4242, &broken);
	if (broken >= 0)
		CHECK_FAIL("iteration %d broke a promise", broken);
	CHECK(accepted > 0);
}

TEST_MAIN()
