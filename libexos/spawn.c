/*
 * spawn.c - running a program from the boot archive in a new env: the
 * library OS's loader (the kernel loads only init).  The archive is the
 * read-only cpio the kernel exports at EXOS_INITRD_VA.
 */
#include <errno.h>
#include <string.h>
#include "exos/exos.h"
#include "cpio.h"
#include "elfload.h"
#include "fd.h"
#include "load.h"
#include "archive.h"
#include "file.h"
#include "shared.h"
#include "proc/ptab.h"

extern char **environ;

/* The argument block: up to ARGS_PAGES pages at the top of the stack
 * (a shell's environment alone may take more than one). */
#define ARGS_PAGES 8
#define ARGS_MAX (ARGS_PAGES * 4096 - 96)

static int count(char *const v[])
{
	int n = 0;

	while (v && v[n])
		n++;
	return n;
}

/* Copy the strings of v into blk from *used, their addresses (as the
 * child sees them, blk being at va) into ptrs[], then a NULL. */
static int put_strings(char *blk, uintptr_t va, size_t *used, uint64_t *ptrs, char *const v[])
{
	int n = count(v);

	for (int i = 0; i < n; i++) {
		size_t len = strlen(v[i]) + 1;
		if (*used + len > ARGS_MAX)
			return -E_INVAL;
		memcpy(blk + *used, v[i], len);
		ptrs[i] = va + *used;
		*used += len;
	}
	ptrs[n] = 0;
	return 0;
}

/* Bytes the argument block for argv and envp takes (build_args). */
static size_t exos_args_bytes(char *const argv[], char *const envp[])
{
	size_t n = 8 + EXOS_FD_MAX * sizeof(struct exos_fd_spec) +
		   8 * (size_t)(count(argv) + 1 + count(envp) + 1);

	for (int i = 0; argv && argv[i]; i++)
		n += strlen(argv[i]) + 1;
	for (int i = 0; envp && envp[i]; i++)
		n += strlen(envp[i]) + 1;
	return n;
}

/* The argument block as the child will see it at va: argc, the specs of
 * its descriptors, argv[] with its NULL, envp[] with its NULL, then the
 * strings (start.c). */
static int build_args(char *blk, uintptr_t va, char *const argv[], char *const envp[],
		      const struct exos_fd_spec spec[EXOS_FD_MAX])
{
	const size_t specs = EXOS_FD_MAX * sizeof(spec[0]);
	int argc = count(argv), envc = count(envp);
	size_t used = 8 + specs + 8 * (size_t)(argc + 1 + envc + 1);

	if (used > ARGS_MAX)
		return -E_INVAL;
	*(uint64_t *)blk = (uint64_t)argc;
	memcpy(blk + 8, spec, specs);
	uint64_t *ptrs = (uint64_t *)(blk + 8 + specs);
	int err = put_strings(blk, va, &used, ptrs, argv);
	return err ? err : put_strings(blk, va, &used, ptrs + argc + 1, envp);
}

/* The pages of one loadable segment, file bytes copied, rest zero. */
static int load_segment(struct exos_placer *pl, const uint8_t *file, const struct elfload_seg *s)
{
	unsigned perms = ((s->flags & ELFLOAD_R) ? EXOS_PTE_R : 0) |
			 ((s->flags & ELFLOAD_W) ? EXOS_PTE_R | EXOS_PTE_W : 0) |
			 ((s->flags & ELFLOAD_X) ? EXOS_PTE_X : 0);
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
		      const struct elfload_image *img, char *const argv[], char *const envp[],
		      const struct exos_fd_spec spec[EXOS_FD_MAX], uintptr_t *args_va)
{
	static char blk[ARGS_PAGES * 4096];
	size_t need = exos_args_bytes(argv, envp);
	size_t pages = need > ARGS_MAX ? 1 : (need + 4095) / 4096;
	uintptr_t top = EXOS_STACK_TOP - pages * 4096;
	int err = build_args(blk, top, argv, envp, spec);

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

int exos_find_program(const char *path, struct cpio_entry *ent, struct elfload_image *img)
{
	char c[256];

	int err = exos_file_program(path, c);
	if (err == -EACCES)
		return -E_PERM;
	if (err == -ENOEXEC)
		return -E_NOEXEC;
	if (err != 0 || exos_archive_find(c, ent) != 0)
		return -E_NOENT;
	if ((ent->mode & CPIO_S_IFMT) != CPIO_S_IFREG ||
	    elfload_check(ent->data, ent->size, ELFLOAD_USER_LO,
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

long exos_spawn_program_fds(const char *path, char *const argv[], const int fdmap[3])
{
	struct cpio_entry ent;
	struct elfload_image img;
	int err = exos_find_program(path, &ent, &img);

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
		err = exos_fd_give(fdmap ? fdmap[i] : i, sp.envcap, sp.id, &spec[i]);
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
