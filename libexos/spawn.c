/*
 * spawn.c - running a program from the boot archive in a new env: the
 * library OS's loader (the kernel loads only init).  The archive is the
 * read-only cpio the kernel exports at EXOS_INITRD_VA.
 */
#include <errno.h>
#include <string.h>
#include "exos/exos.h"
#include "cpio.h"
#include "elf.h"
#include "fd.h"
#include "load.h"
#include "archive.h"
#include "file.h"
#include "exos/uaccess.h"
#include "shared.h"
#include "proc/ptab.h"

extern char **environ;

/* The argument block: up to ARGS_PAGES pages at the top of the stack
 * (a shell's environment alone may take more than one). */
#define ARGS_PAGES 8
#define ARGS_MAX (ARGS_PAGES * 4096 - 96)

/* The program's vector v (NULL: empty) has *n pointers before its
 * NULL: 0, -E_FAULT (v is not readable), -E_INVAL (more than fit). */
static int count(char *const v[], int *n)
{
	const char *p = 0;

	for (*n = 0; v; ++*n) {
		if (*n > ARGS_MAX / 8)
			return -E_INVAL;
		if (exos_copy_in(&p, &v[*n], sizeof(p)))
			return -E_FAULT;
		if (!p)
			break;
	}
	return 0;
}

/* Copy the n strings of the program's v into blk from *used, their
 * offsets in blk into ptrs[], then a NULL (0: no string starts there,
 * the tables come first). */
static int put_strings(char *blk, size_t *used, uint64_t *ptrs, char *const v[], int n)
{
	for (int i = 0; i < n; i++) {
		const char *s;
		long len = exos_copy_in(&s, &v[i], sizeof(s)) ? -EFAULT :
			   exos_copy_str(blk + *used, s, ARGS_MAX - *used);
		if (len < 0)
			return len == -EFAULT ? -E_FAULT : -E_INVAL;
		ptrs[i] = *used;
		*used += (size_t)len + 1;
	}
	ptrs[n] = 0;
	return 0;
}

/* The argument block (start.c): argc, the specs of its descriptors,
 * argv[] with its NULL, envp[] with its NULL, then the strings, in
 * *pages pages that the child sees at its stack's top, *va.  The
 * pointers are made offsets first and moved to the child's addresses
 * once the size, and so va, is known. */
static int build_args(char *blk, uintptr_t *va, size_t *pages, char *const argv[],
		      char *const envp[], const struct exos_fd_spec spec[EXOS_FD_MAX])
{
	const size_t specs = EXOS_FD_MAX * sizeof(spec[0]);
	int argc, envc, err = count(argv, &argc);

	if (err || (err = count(envp, &envc)))
		return err;
	size_t used = 8 + specs + 8 * (size_t)(argc + 1 + envc + 1);
	if (used > ARGS_MAX)
		return -E_INVAL;
	*(uint64_t *)blk = (uint64_t)argc;
	memcpy(blk + 8, spec, specs);
	uint64_t *ptrs = (uint64_t *)(blk + 8 + specs);
	err = put_strings(blk, &used, ptrs, argv, argc);
	if (!err)
		err = put_strings(blk, &used, ptrs + argc + 1, envp, envc);
	*pages = (used + 4095) / 4096;
	*va = EXOS_STACK_TOP - *pages * 4096;
	for (int i = 0; i < argc + 1 + envc + 1; i++)
		if (ptrs[i])
			ptrs[i] += *va;
	return err;
}

/* The pages of one loadable segment, file bytes copied, rest zero. */
static int load_segment(struct exos_placer *pl, const uint8_t *file, const struct elf_seg *s)
{
	unsigned perms = ((s->flags & ELF_SEG_R) ? EXOS_PTE_R : 0) |
			 ((s->flags & ELF_SEG_W) ? EXOS_PTE_R | EXOS_PTE_W : 0) |
			 ((s->flags & ELF_SEG_X) ? EXOS_PTE_X : 0);
	uintptr_t end = (s->vaddr + s->memsz + 4095) & ~4095UL;

	for (uintptr_t va = s->vaddr & ~4095UL; va < end; va += 4096) {
		uintptr_t lo = va > s->vaddr ? va : s->vaddr;
		uintptr_t fend = s->vaddr + s->filesz;
		uintptr_t hi = va + 4096 < fend ? va + 4096 : fend;
		size_t len = hi > lo ? hi - lo : 0;
		int err = pl->place(pl, va, file + s->offset + (lo - s->vaddr), lo - va, len, perms);
		if (err)
			return err;
	}
	return 0;
}

int exos_load_program(struct exos_placer *pl, const uint8_t *file,
		      const struct elf_image *img, char *const argv[], char *const envp[],
		      const struct exos_fd_spec spec[EXOS_FD_MAX], uintptr_t *args_va)
{
	static char blk[ARGS_PAGES * 4096];
	uintptr_t top = EXOS_STACK_TOP - 4096;
	size_t pages = 0;
	int err = build_args(blk, &top, &pages, argv, envp, spec);

	for (int i = 0; !err && i < img->nsegs; i++)
		err = load_segment(pl, file, &img->segs[i]);
	for (uintptr_t va = EXOS_STACK_TOP - EXOS_CHILD_STACK_PAGES * 4096UL; !err && va < top;
	     va += 4096)
		err = pl->place(pl, va, 0, 0, 0, EXOS_PTE_R | EXOS_PTE_W);
	for (size_t i = 0; !err && i < pages; i++)
		err = pl->place(pl, top + i * 4096, blk + i * 4096, 0, 4096, EXOS_PTE_R | EXOS_PTE_W);
	*args_va = top;
	return err;
}

int exos_find_program(const char *path, struct cpio_entry *ent, struct elf_image *img)
{
	char c[256];
	int err = exos_file_program(path, c);

	if (err == -EFAULT)
		return -E_FAULT;
	if (err == -EACCES)
		return -E_PERM;
	if (err == -ENOEXEC)
		return -E_NOEXEC;
	if (err || exos_archive_find(c, ent) != 0)
		return -E_NOENT;
	if ((ent->mode & CPIO_S_IFMT) != CPIO_S_IFREG ||
	    elf_check(ent->data, ent->size, EXOS_USER_MIN,
			  EXOS_STACK_TOP - EXOS_CHILD_STACK_PAGES * 4096UL, img) != 0)
		return -E_NOEXEC;
	return 0;
}

/* Spawning: each page goes straight into the new env. */
struct spawn_placer {
	struct exos_placer pl;
	int envcap, pagecap;
	uint32_t id;
};

static int spawn_place(struct exos_placer *pl, uintptr_t va, const void *src, size_t off,
		       size_t len, unsigned perms)
{
	struct spawn_placer *sp = (struct spawn_placer *)pl;

	return exos_fill_page(sp->envcap, sp->pagecap, sp->id, va, src, off, len, perms);
}

long exos_spawn_program(const char *path, char *const argv[])
{
	return exos_spawn_program_fds(path, argv, 0);
}

long exos_spawn_program_fds(const char *path, char *const argv[], const int ufdmap[3])
{
	struct cpio_entry ent;
	struct elf_image img;
	int fdmap[3] = { 0, 1, 2 };
	int err = exos_find_program(path, &ent, &img);

	if (!err && ufdmap && exos_copy_in(fdmap, ufdmap, sizeof(fdmap)))
		err = -E_FAULT;
	if (err)
		return err == -E_PERM ? -E_NOEXEC : err;   /* a directory, a device */
	long id = sys_env_create(EXOS_ENV_F_LEFTOVER | EXOS_ENV_F_NOTES, 0);
	if (id < 0)
		return id;
	struct spawn_placer sp = { { spawn_place }, exos_cap_find(EXOS_NS_ENV, (uint32_t)id),
				   exos_cap_find(EXOS_NS_PAGE, (uint32_t)id), (uint32_t)id };
	struct exos_fd_spec spec[EXOS_FD_MAX] = { 0 };
	uintptr_t args_va = 0;

	/* Only 0-2 are passed on: the others (a shell's pipe ends for the
	 * other stages, say) would keep pipes open behind the program. */
	for (int i = 0; !err && i < 3; i++)
		err = exos_fd_give(fdmap[i], sp.envcap, sp.id, &spec[i]);
	if (!err)
		err = exos_load_program(&sp.pl, ent.data, &img, argv, environ, spec, &args_va);
	if (!err)
		err = exos_shared_give(sp.envcap, sp.id);
	if (!err) {
		exos_ptab_start(sp.id, argv);
		err = (int)sys_env_run(sp.envcap, sp.id, img.entry, args_va, (long)args_va);
	}
	if (err) {
		sys_env_destroy(sp.envcap, sp.id);
		exos_wait(sp.id, 0);
		return err;
	}
	return id;
}
