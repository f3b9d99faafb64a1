/*
 * elfimg.h - the ELF images the ELF checker's host tests build
 * (test_elf.c, test_elf_programs.c): a well-formed two-segment program
 * to damage one field at a time, and one with n loadable segments.
 */
#ifndef TESTS_HOST_ELFIMG_H
#define TESTS_HOST_ELFIMG_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "elf.h"

/* The range the tests load into: the user half below the stacks. */
#define ELFIMG_LO 0x10000ULL
#define ELFIMG_HI 0x3e00000000ULL

struct elfimg {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
	struct elfimg_ph {
		uint32_t type, flags;
		uint64_t offset, vaddr, paddr, filesz, memsz, align;
	} ph[3];
	uint8_t payload[0x3000];
};

_Static_assert(offsetof(struct elfimg, ph) == 64 && sizeof(struct elfimg_ph) == 56,
	       "ELF64 layout");

/* Text at 0x10000 (file 0x1000, R-X, entry 0x10010), data at 0x12000
 * (file 0x2000, RW-, 0x100 bytes then bss to 0x5000), and a PT_TLS
 * header that is not loaded.  Loadable bytes end at 0x2100. */
static inline void elfimg_make(struct elfimg *m)
{
	memset(m, 0, sizeof(*m));
	memcpy(m->ident, "\177ELF\2\1\1", 7);
	m->type = 2;
	m->machine = 243;
	m->version = 1;
	m->entry = 0x10010;
	m->phoff = offsetof(struct elfimg, ph);
	m->ehsize = 64;
	m->phentsize = sizeof(struct elfimg_ph);
	m->phnum = 3;
	m->ph[0] = (struct elfimg_ph){ 1, 5, 0x1000, 0x10000, 0x10000, 0x800, 0x800, 0x1000 };
	m->ph[1] = (struct elfimg_ph){ 1, 6, 0x2000, 0x12000, 0x12000, 0x100, 0x5000, 0x1000 };
	m->ph[2] = (struct elfimg_ph){ 7, 4, 0x2100, 0x12100, 0x12100, 0, 8, 8 };
}

/* In buf (size bytes, at least 0x1000 * (n + 1)): the header of
 * elfimg_make with n one-page loadable segments from 0x10000, the first
 * R-X, the others R--. */
static inline void elfimg_segments(uint8_t *buf, size_t size, int n)
{
	struct elfimg m;
	struct elfimg_ph *ph = (struct elfimg_ph *)(buf + 64);

	memset(buf, 0, size);
	elfimg_make(&m);
	m.phnum = (uint16_t)n;
	memcpy(buf, &m, 64);
	for (int i = 0; i < n; i++)
		ph[i] = (struct elfimg_ph){ 1, i ? 4 : 5, 0x1000 + 0x1000 * (uint64_t)i,
					    0x10000 + 0x1000 * (uint64_t)i, 0, 0x100, 0x100, 0x1000 };
}

/* elf_check of len bytes of p against [ELFIMG_LO, ELFIMG_HI), from a
 * malloc'd copy of exactly that length so that AddressSanitizer sees
 * any read past it. */
static inline int elfimg_check(const void *p, size_t len, struct elf_image *out)
{
	uint8_t *copy = malloc(len ? len : 1);
	int r;

	memcpy(copy, p, len);
	r = elf_check(copy, len, ELFIMG_LO, ELFIMG_HI, out);
	free(copy);
	return r;
}

#endif
