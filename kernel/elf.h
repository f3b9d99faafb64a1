/*
 * elf.h - checking an ELF64 RISC-V executable before anything is
 * loaded from it.  Pure C, no allocation; tested on the host with
 * hostile images.
 */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include "klib.h"

#define ELF_MAX_SEGS 8
#define ELF_SEG_X 1
#define ELF_SEG_W 2
#define ELF_SEG_R 4

struct elf_seg {
	uint64_t vaddr, memsz;
	uint64_t offset, filesz;
	uint32_t flags;          /* ELF_SEG_R/W/X */
};

struct elf_image {
	uint64_t entry;
	int nsegs;
	struct elf_seg segs[ELF_MAX_SEGS];
};

#define ELF_E_SHORT    -1  /* file shorter than its headers say */
#define ELF_E_MAGIC    -2  /* not ELF */
#define ELF_E_CLASS    -3  /* not ELF64 little-endian version 1 */
#define ELF_E_MACHINE  -4  /* not RISC-V */
#define ELF_E_TYPE     -5  /* not ET_EXEC */
#define ELF_E_PHDR     -6  /* bad program header table */
#define ELF_E_SEGMENT  -7  /* a PT_LOAD segment is inconsistent */
#define ELF_E_RANGE    -8  /* a segment lies outside [lo, hi) */
#define ELF_E_OVERLAP  -9  /* two segments share a page */
#define ELF_E_WX      -10  /* a segment is both writable and executable */
#define ELF_E_ENTRY   -11  /* entry point not in an executable segment */
#define ELF_E_TOOMANY -12  /* more than ELF_MAX_SEGS loadable segments */
#define ELF_E_NOLOAD  -13  /* no loadable segment */

/* Check the image of len bytes and describe its loadable segments.
 * Every segment must lie inside [lo, hi), be page-congruent
 * (vaddr = offset mod 4096), not share a page with another, and not be
 * both W and X; the entry must be in an X segment.  Returns 0 or ELF_E_*. */
int elf_check(const void *img, size_t len, uint64_t lo, uint64_t hi,
	      struct elf_image *out);
/* A short message for an ELF_E_* code. */
const char *elf_strerror(int err);

#endif
