/*
 * load.h - loading a program from the boot archive, shared by spawn
 * (into a new env, spawn.c) and exec (over the running one, exec.c).
 */
#ifndef LIBEXOS_LOAD_H
#define LIBEXOS_LOAD_H

#include <stddef.h>
#include <stdint.h>
#include "cpio.h"
#include "elf.h"
#include "fd.h"

/* Where the loaded pages go: place() makes a page at va with perms
 * holding len bytes from src at offset off (zeros elsewhere). */
struct exos_placer {
	int (*place)(struct exos_placer *pl, uintptr_t va, const void *src, size_t off,
		     size_t len, unsigned perms);
};

/* The program at path: 0, -E_NOENT, -E_FAULT (path is a bad pointer),
 * or -E_NOEXEC (not a regular file, or not an ELF this system runs). */
int exos_find_program(const char *path, struct cpio_entry *ent, struct elf_image *img);
/* Its segments, a stack, and the argument block (argv, the environment
 * and the descriptor specs) at its top, whose address goes in *args_va.
 * -E_INVAL: the arguments and environment do not fit in a page;
 * -E_FAULT: argv, envp or one of their strings is a bad pointer. */
int exos_load_program(struct exos_placer *pl, const uint8_t *file,
		      const struct elf_image *img, char *const argv[], char *const envp[],
		      const struct exos_fd_spec spec[EXOS_FD_MAX], uintptr_t *args_va);

#endif
