/*
 * test_elf - the ELF checker (lib/elf.c, built into the kernel and
 * libexos) on a well-formed image built here and on every kind of
 * damage to it.  The real programs are test_elf_programs.c's.
 */
#include "check.h"
#include "elf.h"
#include "elfimg.h"

#define LO ELFIMG_LO
#define HI ELFIMG_HI

static struct elfimg m;
static struct elf_image ei;

static int check_exact(const void *p, size_t len)
{
	return elfimg_check(p, len, &ei);
}

static int check(void)
{
	return check_exact(&m, sizeof(m));
}

/** A well-formed image is accepted with both loadable segments exactly. */
TEST(valid)
{
	elfimg_make(&m);
	CHECK_EQ(check(), 0);
	CHECK_EQ(ei.entry, 0x10010);
	CHECK_EQ(ei.nsegs, 2);
	CHECK_EQ(ei.segs[0].vaddr, 0x10000);
	CHECK_EQ(ei.segs[0].memsz, 0x800);
	CHECK_EQ(ei.segs[0].offset, 0x1000);
	CHECK_EQ(ei.segs[0].filesz, 0x800);
	CHECK_EQ(ei.segs[0].flags, ELF_SEG_R | ELF_SEG_X);
	CHECK_EQ(ei.segs[1].vaddr, 0x12000);
	CHECK_EQ(ei.segs[1].memsz, 0x5000);
	CHECK_EQ(ei.segs[1].offset, 0x2000);
	CHECK_EQ(ei.segs[1].filesz, 0x100);
	CHECK_EQ(ei.segs[1].flags, ELF_SEG_R | ELF_SEG_W);
}

/** Every truncation is refused until the last segment's file bytes are in, then accepted. */
TEST(truncations)
{
	elfimg_make(&m);
	for (size_t len = 0; len <= 0x2200; len++) {
		int r = check_exact(&m, len);
		if ((r == 0) != (len >= 0x2100))
			CHECK_FAIL("len %#zx: %d", len, r);
	}
	CHECK_EQ(check_exact(&m, 0), ELF_E_SHORT);
	CHECK_EQ(check_exact(&m, 63), ELF_E_SHORT);
	CHECK_EQ(check_exact(&m, 64), ELF_E_PHDR);
	CHECK_EQ(check_exact(&m, 0x2000), ELF_E_SEGMENT);
}

/** Header damage gets the matching error code. */
TEST(header_errors)
{
	elfimg_make(&m); m.ident[0] = 0x7e;  CHECK_EQ(check(), ELF_E_MAGIC);
	elfimg_make(&m); m.ident[1] = 'X';   CHECK_EQ(check(), ELF_E_MAGIC);
	elfimg_make(&m); m.ident[3] = 'f';   CHECK_EQ(check(), ELF_E_MAGIC);
	elfimg_make(&m); m.ident[4] = 1;     CHECK_EQ(check(), ELF_E_CLASS);
	elfimg_make(&m); m.ident[5] = 2;     CHECK_EQ(check(), ELF_E_CLASS);
	elfimg_make(&m); m.ident[6] = 0;     CHECK_EQ(check(), ELF_E_CLASS);
	elfimg_make(&m); m.version = 0;      CHECK_EQ(check(), ELF_E_CLASS);
	elfimg_make(&m); m.machine = 62;     CHECK_EQ(check(), ELF_E_MACHINE);
	elfimg_make(&m); m.type = 3;         CHECK_EQ(check(), ELF_E_TYPE);
	elfimg_make(&m); m.type = 0x102;     CHECK_EQ(check(), ELF_E_TYPE);
	elfimg_make(&m); m.phentsize = 40;   CHECK_EQ(check(), ELF_E_PHDR);
	elfimg_make(&m); m.phentsize = 64;   CHECK_EQ(check(), ELF_E_PHDR);
	elfimg_make(&m); m.phnum = 0;        CHECK_EQ(check(), ELF_E_PHDR);
	elfimg_make(&m); m.phnum = 0xffff;   CHECK_EQ(check(), ELF_E_PHDR);
	elfimg_make(&m); m.phoff = 68;       CHECK_EQ(check(), ELF_E_PHDR);
	elfimg_make(&m); m.phoff = sizeof(m) - 8; CHECK_EQ(check(), ELF_E_PHDR);
	elfimg_make(&m); m.phoff = sizeof(m) + 8; CHECK_EQ(check(), ELF_E_SHORT);
	elfimg_make(&m); m.phoff = ~0ULL - 7;     CHECK_EQ(check(), ELF_E_SHORT);
	elfimg_make(&m); m.phoff = ~0ULL;         CHECK_EQ(check(), ELF_E_SHORT);
}

/** Segment damage gets the matching error code. */
TEST(segment_errors)
{
	elfimg_make(&m); m.ph[1].filesz = 0x5001;            CHECK_EQ(check(), ELF_E_SEGMENT);
	elfimg_make(&m); m.ph[1].filesz = 0x6000;            CHECK_EQ(check(), ELF_E_SEGMENT);
	elfimg_make(&m); m.ph[1].offset = ~0ULL - 4;         CHECK_EQ(check(), ELF_E_SEGMENT);
	elfimg_make(&m); m.ph[1].filesz = 0x1101;            CHECK_EQ(check(), ELF_E_SEGMENT);
	elfimg_make(&m); m.ph[1].filesz = sizeof(m); m.ph[1].memsz = sizeof(m);
	CHECK_EQ(check(), ELF_E_SEGMENT);
	elfimg_make(&m); m.ph[1].vaddr = 0x12004;            CHECK_EQ(check(), ELF_E_SEGMENT);
	elfimg_make(&m); m.ph[1].memsz = 0; m.ph[1].filesz = 0; CHECK_EQ(check(), ELF_E_SEGMENT);
	elfimg_make(&m); m.ph[0].vaddr = 0xf000; m.entry = 0xf010; CHECK_EQ(check(), ELF_E_RANGE);
	elfimg_make(&m); m.ph[0].vaddr = 0; m.entry = 0x10;  CHECK_EQ(check(), ELF_E_RANGE);
	elfimg_make(&m); m.ph[1].vaddr = HI;                 CHECK_EQ(check(), ELF_E_RANGE);
	elfimg_make(&m); m.ph[1].vaddr = HI - 0x1000;        CHECK_EQ(check(), ELF_E_RANGE);
	elfimg_make(&m); m.ph[1].vaddr = 0xfffffffffffff000ULL; CHECK_EQ(check(), ELF_E_RANGE);
	elfimg_make(&m); m.ph[1].vaddr = 0xffffffffffff2000ULL; CHECK_EQ(check(), ELF_E_RANGE);
	elfimg_make(&m); m.ph[1].memsz = ~0ULL;              CHECK_EQ(check(), ELF_E_RANGE);
	elfimg_make(&m); m.ph[1].vaddr = 0x10000;            CHECK_EQ(check(), ELF_E_OVERLAP);
	elfimg_make(&m); m.ph[1].vaddr = 0x10800; m.ph[1].offset = 0x1800;
	CHECK_EQ(check(), ELF_E_OVERLAP);
	elfimg_make(&m); m.ph[1].vaddr = 0x11000; m.ph[0].memsz = 0x1001;
	CHECK_EQ(check(), ELF_E_OVERLAP);
	elfimg_make(&m); m.ph[1].flags = 7;                  CHECK_EQ(check(), ELF_E_WX);
	elfimg_make(&m); m.ph[1].flags = 3;                  CHECK_EQ(check(), ELF_E_WX);
	elfimg_make(&m); m.entry = 0x12000;                  CHECK_EQ(check(), ELF_E_ENTRY);
	elfimg_make(&m); m.entry = 0x10800;                  CHECK_EQ(check(), ELF_E_ENTRY);
	elfimg_make(&m); m.entry = 0x10011;                  CHECK_EQ(check(), ELF_E_ENTRY);
	elfimg_make(&m); m.ph[0].type = 6; m.ph[1].type = 6; CHECK_EQ(check(), ELF_E_NOLOAD);
	elfimg_make(&m); m.ph[2].type = 3;                   CHECK_EQ(check(), ELF_E_DYNAMIC);
	elfimg_make(&m); m.ph[2].type = 2;                   CHECK_EQ(check(), ELF_E_DYNAMIC);
}

/** Segments on adjacent pages are fine; the last page of the range may be used exactly. */
TEST(edges_accepted)
{
	elfimg_make(&m); m.ph[1].vaddr = 0x11000; m.ph[1].offset = 0x2000;
	m.ph[0].memsz = 0x1000;                              CHECK_EQ(check(), 0);
	elfimg_make(&m); m.ph[1].vaddr = HI - 0x5000;        CHECK_EQ(check(), 0);
	CHECK_EQ(ei.segs[1].vaddr + ei.segs[1].memsz, HI);
	elfimg_make(&m); m.ph[1].flags = 0x10000006;         CHECK_EQ(check(), 0);
	CHECK_EQ(ei.segs[1].flags, ELF_SEG_R | ELF_SEG_W);
	elfimg_make(&m); m.entry = 0x107fe;                  CHECK_EQ(check(), 0);
}

/** More loadable segments than the table holds is refused; exactly that many is fine. */
TEST(too_many_segments)
{
	static uint8_t big[0x20000];

	elfimg_segments(big, sizeof(big), ELF_MAX_SEGS + 1);
	CHECK_EQ(check_exact(big, sizeof(big)), ELF_E_TOOMANY);
	elfimg_segments(big, sizeof(big), ELF_MAX_SEGS);
	CHECK_EQ(check_exact(big, sizeof(big)), 0);
	CHECK_EQ(ei.nsegs, ELF_MAX_SEGS);
}

/** The image may start at an odd address. */
TEST(unaligned_image)
{
	static uint8_t buf[sizeof(struct elfimg) + 1];

	elfimg_make(&m);
	memcpy(buf + 1, &m, sizeof(m));
	CHECK_EQ(elf_check(buf + 1, sizeof(m), LO, HI, &ei), 0);
	CHECK_EQ(ei.segs[1].memsz, 0x5000);
}

/** Every error code has its own message; anything else is "unknown ELF error". */
TEST(messages)
{
	for (int e = ELF_E_SHORT; e >= ELF_E_DYNAMIC; e--) {
		CHECK(strcmp(elf_strerror(e), "unknown ELF error") != 0);
		for (int f = e - 1; f >= ELF_E_DYNAMIC; f--)
			CHECK(strcmp(elf_strerror(e), elf_strerror(f)) != 0);
	}
	CHECK_STR(elf_strerror(ELF_E_DYNAMIC), "needs a dynamic linker");
	CHECK_STR(elf_strerror(0), "ok");
	CHECK_STR(elf_strerror(-15), "unknown ELF error");
	CHECK_STR(elf_strerror(-99), "unknown ELF error");
	CHECK_STR(elf_strerror(1), "unknown ELF error");
}

TEST_MAIN()
