/*
 * elfload.h - the checking half of exec's ELF loader: is this image a
 * program libexos can load, and what does it load where.
 *
 * Pure C over a memory buffer, no allocation, only <stdint.h>,
 * <stddef.h> and <string.h>: builds for the host tests and for RISC-V.
 * The rules are those the kernel applies to the first program
 * (kernel/elf.c) plus three more, so that anything exec accepts the
 * kernel would too:
 *   - e_version is 1 (the kernel checks only e_ident's version);
 *   - the entry point is 2-byte aligned (IALIGN with the C extension);
 *   - no PT_INTERP or PT_DYNAMIC: programs are linked statically.
 * Fields are read byte by byte (little-endian), so the image may sit at
 * any address.
 */
#ifndef LIBEXOS_ELFLOAD_H
#define LIBEXOS_ELFLOAD_H

#include <stddef.h>
#include <stdint.h>

/* Where programs may be loaded: above the unmapped low pages, below the
 * stacks and the kernel-reserved top of the address space. */
#define ELFLOAD_USER_LO   0x10000ULL
#define ELFLOAD_USER_HI   0x3e00000000ULL

#define ELFLOAD_MAX_SEGS  8
/* Segment permissions: the ELF p_flags bits PF_X, PF_W, PF_R. */
#define ELFLOAD_X 1u
#define ELFLOAD_W 2u
#define ELFLOAD_R 4u

/* One PT_LOAD segment: file bytes [offset, offset + filesz) go to
 * [vaddr, vaddr + filesz); the rest up to vaddr + memsz is zero. */
struct elfload_seg {
	uint64_t vaddr, memsz;
	uint64_t offset, filesz;
	uint32_t flags;          /* ELFLOAD_R/W/X */
};

struct elfload_image {
	uint64_t entry;
	int nsegs;               /* in program header order */
	struct elfload_seg segs[ELFLOAD_MAX_SEGS];
};

#define ELFLOAD_E_SHORT    -1  /* file shorter than its headers say */
#define ELFLOAD_E_MAGIC    -2  /* not ELF */
#define ELFLOAD_E_CLASS    -3  /* not ELF64 little-endian version 1 */
#define ELFLOAD_E_MACHINE  -4  /* not RISC-V */
#define ELFLOAD_E_TYPE     -5  /* not ET_EXEC */
#define ELFLOAD_E_PHDR     -6  /* bad program header table */
#define ELFLOAD_E_SEGMENT  -7  /* a PT_LOAD segment is inconsistent */
#define ELFLOAD_E_RANGE    -8  /* a segment lies outside [lo, hi) */
#define ELFLOAD_E_OVERLAP  -9  /* two segments share a page */
#define ELFLOAD_E_WX      -10  /* a segment is both writable and executable */
#define ELFLOAD_E_ENTRY   -11  /* entry point misaligned or not in an executable segment */
#define ELFLOAD_E_TOOMANY -12  /* more than ELFLOAD_MAX_SEGS loadable segments */
#define ELFLOAD_E_NOLOAD  -13  /* no loadable segment */
#define ELFLOAD_E_DYNAMIC -14  /* needs a dynamic linker (PT_INTERP or PT_DYNAMIC) */

/* Check the image of len bytes at img and describe what to load.  Every
 * PT_LOAD segment must have filesz <= memsz, memsz > 0, its file bytes
 * inside the image, vaddr = offset (mod 4096), lie inside [lo, hi), not
 * share a page with another segment, and not be both W and X; the entry
 * must lie in an X segment.  Other program header types are skipped.
 * Returns 0 and fills *out, or an ELFLOAD_E_* code (*out is then
 * unspecified). */
int elfload_check(const void *img, size_t len, uint64_t lo, uint64_t hi,
		  struct elfload_image *out);

/* A short message for an ELFLOAD_E_* code. */
const char *elfload_strerror(int err);

#endif
