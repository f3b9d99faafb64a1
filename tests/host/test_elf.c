/*
 * test_elf - elf_check on a well-formed image built here, on the real
 * user programs (when $USER_ELF_DIR names build/user), and on hostile
 * variations of each.
 */
#include "check.h"
#include "elf.h"

#define LO 0x10000ULL
#define HI 0x3ef0000000ULL

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

/* Text at 0x10000 (file 0x1000), data at 0x12000 (file 0x2000) with bss. */
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
	m->ph[2] = (struct ph){ 7, 4, 0x2100, 0x12100, 0x12100, 0, 8, 8 }; /* PT_TLS: ignored */
}

static struct img m;
static struct elf_image ei;

static int check(void)
{
	return elf_check(&m, sizeof(m), LO, HI, &ei);
}

/** A well-formed image is accepted with its two loadable segments. */
TEST(valid)
{
	make(&m);
	CHECK_EQ(check(), 0);
	CHECK_EQ(ei.nsegs, 2);
	CHECK_EQ(ei.entry, 0x10010);
	CHECK_EQ(ei.segs[1].vaddr, 0x12000);
	CHECK_EQ(ei.segs[1].memsz, 0x5000);
	CHECK_EQ(ei.segs[1].flags, ELF_SEG_R | ELF_SEG_W);
}

/** Every truncation of the file is refused, never read past. */
TEST(truncations)
{
	make(&m);
	for (size_t len = 0; len < 0x2100; len++)
		CHECK(elf_check(&m, len, LO, HI, &ei) < 0);
}

/** Header damage gets the matching error code. */
TEST(header_errors)
{
	make(&m); m.ident[1] = 'X';  CHECK_EQ(check(), ELF_E_MAGIC);
	make(&m); m.ident[4] = 1;    CHECK_EQ(check(), ELF_E_CLASS);
	make(&m); m.ident[5] = 2;    CHECK_EQ(check(), ELF_E_CLASS);
	make(&m); m.machine = 62;    CHECK_EQ(check(), ELF_E_MACHINE);
	make(&m); m.type = 3;        CHECK_EQ(check(), ELF_E_TYPE);
	make(&m); m.phentsize = 40;  CHECK_EQ(check(), ELF_E_PHDR);
	make(&m); m.phnum = 0;       CHECK_EQ(check(), ELF_E_PHDR);
	make(&m); m.phnum = 0xffff;  CHECK_EQ(check(), ELF_E_PHDR);
	make(&m); m.phoff = ~0ULL;   CHECK_EQ(check(), ELF_E_SHORT);
	make(&m); m.phoff = sizeof(m) - 8; CHECK_EQ(check(), ELF_E_PHDR);
}

/** Segment damage gets the matching error code. */
TEST(segment_errors)
{
	make(&m); m.ph[1].filesz = 0x6000;            CHECK_EQ(check(), ELF_E_SEGMENT);
	make(&m); m.ph[1].offset = ~0ULL - 4;         CHECK_EQ(check(), ELF_E_SEGMENT);
	make(&m); m.ph[1].filesz = sizeof(m);         m.ph[1].memsz = sizeof(m);
	CHECK_EQ(check(), ELF_E_SEGMENT);
	make(&m); m.ph[1].vaddr = 0x12004;            CHECK_EQ(check(), ELF_E_SEGMENT);
	make(&m); m.ph[1].memsz = 0;  m.ph[1].filesz = 0; CHECK_EQ(check(), ELF_E_SEGMENT);
	make(&m); m.ph[0].vaddr = 0; m.entry = 0x10;  CHECK_EQ(check(), ELF_E_RANGE);
	make(&m); m.ph[1].vaddr = 0xffffffffffff2000ULL; CHECK_EQ(check(), ELF_E_RANGE);
	make(&m); m.ph[1].vaddr = HI - 0x1000;        CHECK_EQ(check(), ELF_E_RANGE);
	make(&m); m.ph[1].memsz = ~0ULL;              CHECK_EQ(check(), ELF_E_RANGE);
	make(&m); m.ph[1].vaddr = 0x10000;            CHECK_EQ(check(), ELF_E_OVERLAP);
	make(&m); m.ph[1].vaddr = 0x10800; m.ph[1].offset = 0x1800; CHECK_EQ(check(), ELF_E_OVERLAP);
	make(&m); m.ph[1].flags = 7;                  CHECK_EQ(check(), ELF_E_WX);
	make(&m); m.entry = 0x12000;                  CHECK_EQ(check(), ELF_E_ENTRY);
	make(&m); m.entry = 0x10800;                  CHECK_EQ(check(), ELF_E_ENTRY);
	make(&m); m.ph[0].type = 6; m.ph[1].type = 6; CHECK_EQ(check(), ELF_E_NOLOAD);
}

/** More loadable segments than the table holds is refused. */
TEST(too_many_segments)
{
	static uint8_t big[0x20000];
	struct ph *ph = (struct ph *)(big + 64);

	make(&m);
	memcpy(big, &m, 64);
	((struct img *)big)->phnum = ELF_MAX_SEGS + 1;
	for (int i = 0; i <= ELF_MAX_SEGS; i++)
		ph[i] = (struct ph){ 1, i ? 4 : 5, 0x1000 + 0x1000 * (uint64_t)i,
				     0x10000 + 0x1000 * (uint64_t)i, 0, 0x100, 0x100, 0x1000 };
	CHECK_EQ(elf_check(big, sizeof(big), LO, HI, &ei), ELF_E_TOOMANY);
	((struct img *)big)->phnum = ELF_MAX_SEGS;
	CHECK_EQ(elf_check(big, sizeof(big), LO, HI, &ei), 0);
}

/* Read a whole file; NULL if absent. */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	static uint8_t buf[1 << 20];

	if (!f)
		return NULL;
	*len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return buf;
}

/** The real init program passes, and random byte damage never crashes. */
TEST(real_program_and_fuzz)
{
	const char *dir = getenv("USER_ELF_DIR");
	char path[512];
	size_t len;
	static uint8_t copy[1 << 20];
	uint32_t seed = 99;

	if (!dir)
		dir = "build/user";
	snprintf(path, sizeof(path), "%s/init.elf", dir);
	uint8_t *img = slurp(path, &len);
	CHECK(img != NULL);
	CHECK_EQ(elf_check(img, len, LO, HI, &ei), 0);
	CHECK(ei.nsegs >= 2);
	for (int iter = 0; iter < 20000; iter++) {
		memcpy(copy, img, len);
		for (int k = 0; k < 4; k++) {
			seed = seed * 1664525 + 1013904223;
			copy[(seed >> 8) % 512] ^= (uint8_t)(seed >> 24) | 1;
		}
		int r = elf_check(copy, len, LO, HI, &ei);
		if (r == 0)
			for (int i = 0; i < ei.nsegs; i++)
				CHECK(ei.segs[i].offset + ei.segs[i].filesz <= len &&
				      ei.segs[i].vaddr >= LO && ei.segs[i].vaddr + ei.segs[i].memsz <= HI);
	}
}

/** Every error code has a message. */
TEST(messages)
{
	for (int e = ELF_E_SHORT; e >= ELF_E_NOLOAD; e--)
		CHECK(strcmp(elf_strerror(e), "unknown ELF error") != 0);
	CHECK_STR(elf_strerror(-99), "unknown ELF error");
}

TEST_MAIN()
