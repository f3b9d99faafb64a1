/*
 * elf.c - ELF64 executable checking (System V gABI, chapter 4 and 5;
 * RISC-V psABI for e_machine 243).
 */
#include "elf.h"

#define PT_LOAD 1
#define EM_RISCV 243
#define ET_EXEC 2
#define PGSZ 4096ULL

struct ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

static int check_header(const struct ehdr *h, size_t len)
{
	if (memcmp(h->ident, "\177ELF", 4) != 0)
		return ELF_E_MAGIC;
	if (h->ident[4] != 2 || h->ident[5] != 1 || h->ident[6] != 1)
		return ELF_E_CLASS;
	if (h->machine != EM_RISCV)
		return ELF_E_MACHINE;
	if (h->type != ET_EXEC)
		return ELF_E_TYPE;
	if (h->phentsize != sizeof(struct phdr) || h->phnum == 0 ||
	    h->phoff > len || (len - h->phoff) / sizeof(struct phdr) < h->phnum ||
	    h->phoff % 8)
		return h->phoff > len ? ELF_E_SHORT : ELF_E_PHDR;
	return 0;
}

static int check_segment(const struct phdr *p, size_t len, uint64_t lo, uint64_t hi)
{
	if (p->filesz > p->memsz || p->offset > len || len - p->offset < p->filesz)
		return ELF_E_SEGMENT;
	if (p->vaddr % PGSZ != p->offset % PGSZ || p->memsz == 0)
		return ELF_E_SEGMENT;
	if (p->vaddr < lo || p->vaddr >= hi || hi - p->vaddr < p->memsz)
		return ELF_E_RANGE;
	if ((p->flags & ELF_SEG_W) && (p->flags & ELF_SEG_X))
		return ELF_E_WX;
	return 0;
}

/* Nonzero when the page ranges of a and b intersect. */
static int pages_overlap(const struct elf_seg *a, const struct elf_seg *b)
{
	uint64_t a0 = a->vaddr & ~(PGSZ - 1), a1 = (a->vaddr + a->memsz + PGSZ - 1) & ~(PGSZ - 1);
	uint64_t b0 = b->vaddr & ~(PGSZ - 1), b1 = (b->vaddr + b->memsz + PGSZ - 1) & ~(PGSZ - 1);

	return a0 < b1 && b0 < a1;
}

static int add_segment(struct elf_image *out, const struct phdr *p)
{
	struct elf_seg s = { p->vaddr, p->memsz, p->offset, p->filesz, p->flags & 7 };

	if (out->nsegs == ELF_MAX_SEGS)
		return ELF_E_TOOMANY;
	for (int i = 0; i < out->nsegs; i++)
		if (pages_overlap(&out->segs[i], &s))
			return ELF_E_OVERLAP;
	out->segs[out->nsegs++] = s;
	return 0;
}

int elf_check(const void *img, size_t len, uint64_t lo, uint64_t hi,
	      struct elf_image *out)
{
	struct ehdr h;
	int err;

	if (len < sizeof(h))
		return ELF_E_SHORT;
	memcpy(&h, img, sizeof(h));
	if ((err = check_header(&h, len)))
		return err;
	out->nsegs = 0;
	out->entry = h.entry;
	for (int i = 0; i < h.phnum; i++) {
		struct phdr p;
		memcpy(&p, (const uint8_t *)img + h.phoff + i * sizeof(p), sizeof(p));
		if (p.type != PT_LOAD)
			continue;
		if ((err = check_segment(&p, len, lo, hi)) || (err = add_segment(out, &p)))
			return err;
	}
	if (out->nsegs == 0)
		return ELF_E_NOLOAD;
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
	};

	if (err > 0 || -err >= (int)ARRAY_SIZE(msg))
		return "unknown ELF error";
	return msg[-err];
}
