/*
 * elf.h - checking an ELF64 RISC-V executable before anything is loaded
 * from it: the one checker the kernel (init) and libexos (spawn, exec)
 * both build, so that a program one side accepts the other does too.
 *
 * Pure C over a memory buffer: no allocation, no C library, only
 * <stddef.h> and <stdint.h>; fields are read byte by byte
 * (little-endian), so the image may sit at any address.  Host-tested
 * with hostile images (tests/host/test_elf.c, test_elf_programs.c).
 */
#ifndef LIB_ELF_H
#define LIB_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGS 8
/* Segment permissions: the ELF p_flags bits PF_X, PF_W, PF_R. */
#define ELF_SEG_X 1u
#define ELF_SEG_W 2u
#define ELF_SEG_R 4u

/* One PT_LOAD segment: file bytes [offset, offset + filesz) go to
 * [vaddr, vaddr + filesz); the rest up to vaddr + memsz is zero. */
struct elf_seg {
	uint64_t vaddr, memsz;
	uint64_t offset, filesz;
	uint32_t flags;          /* ELF_SEG_R/W/X */
};

struct elf_image {
	uint64_t entry;
	int nsegs;               /* in program header order */
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
#define ELF_E_ENTRY   -11  /* entry point misaligned or not in an executable segment */
#define ELF_E_TOOMANY -12  /* more than ELF_MAX_SEGS loadable segments */
#define ELF_E_NOLOAD  -13  /* no loadable segment */
#define ELF_E_DYNAMIC -14  /* needs a dynamic linker (PT_INTERP or PT_DYNAMIC) */

/*
 * Check the image of len bytes at img and describe what to load.  The
 * header must say ELF64, little-endian, version 1 (in e_ident and
 * e_version), RISC-V, ET_EXEC, with 56-byte program headers inside the
 * image.  Every PT_LOAD segment must have filesz <= memsz, memsz > 0,
 * its file bytes inside the image, vaddr = offset (mod 4096), lie inside
 * [lo, hi), not share a page with another segment, and not be both W
 * and X.  No PT_INTERP or PT_DYNAMIC (programs are static); other types
 * are skipped.  The entry must be 2-byte aligned (IALIGN with the C
 * extension) and lie in an X segment.  Returns 0 and fills *out, or an
 * ELF_E_* code (*out is then unspecified).
 */
int elf_check(const void *img, size_t len, uint64_t lo, uint64_t hi,
	      struct elf_image *out);

/* A short message for an ELF_E_* code ("unknown ELF error" for others). */
const char *elf_strerror(int err);

#endif
