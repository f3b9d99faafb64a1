/*
 * elf.c - checking an ELF64 RISC-V executable (System V gABI chapters
 * 4 and 5; RISC-V psABI: e_machine 243, little-endian).  See elf.h.
 */
#include "elf.h"

#define EHDR_LEN   64
#define PHDR_LEN   56
#define EM_RISCV   243
#define ET_EXEC    2
#define PT_LOAD    1
#define PT_DYNAMIC 2
#define PT_INTERP  3
#define PAGE_SHIFT 12
#define PAGE_MASK  ((1ULL << PAGE_SHIFT) - 1)

/* The fields of an ELF header or program header that the checks use. */
struct ehdr {
	uint16_t type, machine, phentsize, phnum;
	uint32_t version;
	uint64_t entry, phoff;
};

struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, filesz, memsz;
};

/* Little-endian loads of n bytes at p (any alignment). */
static uint64_t le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Decode the 64-byte header at b. */
static void read_ehdr(const uint8_t *b, struct ehdr *h)
{
	h->type = (uint16_t)le(b + 16, 2);
	h->machine = (uint16_t)le(b + 18, 2);
	h->version = (uint32_t)le(b + 20, 4);
	h->entry = le(b + 24, 8);
	h->phoff = le(b + 32, 8);
	h->phentsize = (uint16_t)le(b + 54, 2);
	h->phnum = (uint16_t)le(b + 56, 2);
}

/* Decode the 56-byte program header at b. */
static void read_phdr(const uint8_t *b, struct phdr *p)
{
	p->type = (uint32_t)le(b, 4);
	p->flags = (uint32_t)le(b + 4, 4);
	p->offset = le(b + 8, 8);
	p->vaddr = le(b + 16, 8);
	p->filesz = le(b + 32, 8);
	p->memsz = le(b + 40, 8);
}

/* Check the ELF header at b (len bytes of image, len >= EHDR_LEN) and
 * decode it into *h.  On success the program header table lies inside
 * the image.  Returns 0 or an ELF_E_* code. */
static int check_ehdr(const uint8_t *b, size_t len, struct ehdr *h)
{
	if (b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F')
		return ELF_E_MAGIC;
	read_ehdr(b, h);
	/* ELFCLASS64, ELFDATA2LSB, EV_CURRENT in e_ident and e_version. */
	if (b[4] != 2 || b[5] != 1 || b[6] != 1 || h->version != 1)
		return ELF_E_CLASS;
	if (h->machine != EM_RISCV)
		return ELF_E_MACHINE;
	if (h->type != ET_EXEC)
		return ELF_E_TYPE;
	if (h->phoff > len)
		return ELF_E_SHORT;
	if (h->phentsize != PHDR_LEN || h->phnum == 0 || h->phoff % 8 ||
	    (len - h->phoff) / PHDR_LEN < h->phnum)
		return ELF_E_PHDR;
	return 0;
}

/* Check one PT_LOAD header against an image of len bytes and the range
 * [lo, hi).  Returns 0 or an ELF_E_* code. */
static int check_load(const struct phdr *p, size_t len, uint64_t lo, uint64_t hi)
{
	if (p->filesz > p->memsz || p->memsz == 0)
		return ELF_E_SEGMENT;
	if (p->offset > len || len - p->offset < p->filesz)
		return ELF_E_SEGMENT;
	if ((p->vaddr & PAGE_MASK) != (p->offset & PAGE_MASK))
		return ELF_E_SEGMENT;
	if (p->vaddr < lo || p->vaddr >= hi || hi - p->vaddr < p->memsz)
		return ELF_E_RANGE;
	if ((p->flags & ELF_SEG_W) && (p->flags & ELF_SEG_X))
		return ELF_E_WX;
	return 0;
}

/* Nonzero when a and b touch a common page.  Both have memsz > 0 and
 * end at or below hi, so the last-byte addresses cannot wrap. */
static int share_page(const struct elf_seg *a, const struct elf_seg *b)
{
	uint64_t a0 = a->vaddr >> PAGE_SHIFT, a1 = (a->vaddr + a->memsz - 1) >> PAGE_SHIFT;
	uint64_t b0 = b->vaddr >> PAGE_SHIFT, b1 = (b->vaddr + b->memsz - 1) >> PAGE_SHIFT;

	return a0 <= b1 && b0 <= a1;
}

/* Append the checked segment p to out.  Returns 0 or ELF_E_TOOMANY /
 * ELF_E_OVERLAP. */
static int add_load(struct elf_image *out, const struct phdr *p)
{
	struct elf_seg s = {
		.vaddr = p->vaddr, .memsz = p->memsz,
		.offset = p->offset, .filesz = p->filesz,
		.flags = p->flags & (ELF_SEG_R | ELF_SEG_W | ELF_SEG_X),
	};

	if (out->nsegs == ELF_MAX_SEGS)
		return ELF_E_TOOMANY;
	for (int i = 0; i < out->nsegs; i++)
		if (share_page(&out->segs[i], &s))
			return ELF_E_OVERLAP;
	out->segs[out->nsegs++] = s;
	return 0;
}

/* Walk the program headers of the checked header h, filling out.
 * Returns 0 or an ELF_E_* code. */
static int read_loads(const uint8_t *b, size_t len, const struct ehdr *h,
		      uint64_t lo, uint64_t hi, struct elf_image *out)
{
	struct phdr p;
	int err;

	out->nsegs = 0;
	for (unsigned i = 0; i < h->phnum; i++) {
		read_phdr(b + h->phoff + (size_t)i * PHDR_LEN, &p);
		if (p.type == PT_INTERP || p.type == PT_DYNAMIC)
			return ELF_E_DYNAMIC;
		if (p.type != PT_LOAD)
			continue;
		if ((err = check_load(&p, len, lo, hi)) || (err = add_load(out, &p)))
			return err;
	}
	return out->nsegs ? 0 : ELF_E_NOLOAD;
}

int elf_check(const void *img, size_t len, uint64_t lo, uint64_t hi,
	      struct elf_image *out)
{
	const uint8_t *b = img;
	struct ehdr h;
	int err;

	if (len < EHDR_LEN)
		return ELF_E_SHORT;
	if ((err = check_ehdr(b, len, &h)) || (err = read_loads(b, len, &h, lo, hi, out)))
		return err;
	out->entry = h.entry;
	if (h.entry % 2)
		return ELF_E_ENTRY;
	for (int i = 0; i < out->nsegs; i++) {
		const struct elf_seg *s = &out->segs[i];
		if ((s->flags & ELF_SEG_X) && h.entry >= s->vaddr && h.entry - s->vaddr < s->memsz)
			return 0;
	}
	return ELF_E_ENTRY;
}

const char *elf_strerror(int err)
{
	static const char *const msg[] = {
		"ok", "file shorter than its headers", "not an ELF file",
		"not ELF64 little-endian", "not a RISC-V program", "not an executable",
		"bad program header table", "inconsistent loadable segment",
		"segment outside the user address range", "segments overlap",
		"segment both writable and executable", "entry point not in code",
		"too many loadable segments", "no loadable segment",
		"needs a dynamic linker",
	};

	if (err > 0 || -err >= (int)(sizeof(msg) / sizeof(msg[0])))
		return "unknown ELF error";
	return msg[-err];
}
