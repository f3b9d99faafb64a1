/*
 * exec.c - execve in the library OS: the running env becomes another
 * program from the boot archive, keeping its id (its pid), its parent,
 * its capabilities and its descriptors.  The kernel is not asked to
 * load anything: the new image is built in fresh pages beside the old
 * one, then a trampoline on a page of its own (exectramp.S) swaps the
 * mappings and jumps to the new entry.  Until the swap, every failure
 * returns to the caller with the old program intact.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "exos/exos.h"
#include "exos/pages.h"
#include "load.h"
#include "exos/uaccess.h"

extern char **environ;

/* The trampoline's code page and its plan. */
#define EXEC_VA        0x2400000000UL
#define EXEC_PLAN_VA   (EXEC_VA + 4096)
#define EXEC_PLAN_PAGES 3
#define EXEC_OLD_MAX   128
#define PATH_MAX_EXEC  1024
#define EXEC_NEW_MAX   ((EXEC_PLAN_PAGES * 4096 - sizeof(struct exec_head) - \
			 EXEC_OLD_MAX * sizeof(struct old_page)) / sizeof(struct exos_pte_entry))

extern char __text_start[], _end[];
extern char exos_exec_tramp[], exos_exec_tramp_end[];

struct exec_head {
	uint64_t self, nold, nnew, entry, sp, arg, old_off, new_off;
};
struct old_page {
	uint64_t va, ppn;
};
struct exec_plan {
	struct exec_head h;
	struct old_page old[EXEC_OLD_MAX];
	struct exos_pte_entry new[];
};

/* The new image's pages: made now, mapped by the trampoline. */
struct exec_placer {
	struct exos_placer pl;
	struct exec_plan *plan;
};

static int exec_place(struct exos_placer *pl, uintptr_t va, const void *src, size_t off,
		      size_t len, unsigned perms)
{
	struct exec_plan *plan = ((struct exec_placer *)pl)->plan;

	if (plan->h.nnew == EXEC_NEW_MAX)
		return -E_RANGE;
	long ppn = exos_page_with(EXOS_CAP_PAGES, 0, src, off, len);
	if (ppn < 0)
		return (int)ppn;
	plan->new[plan->h.nnew++] = (struct exos_pte_entry){ va, (uint64_t)ppn, perms };
	return 0;
}

/* Map n fresh pages at va read-write; their ppns in ppn[]. */
static int map_fresh(uintptr_t va, int n, uint64_t *ppn)
{
	for (int i = 0; i < n; i++) {
		long p = sys_page_alloc(EXOS_CAP_PAGES, 0, 0);
		if (p < 0)
			return (int)p;
		ppn[i] = (uint64_t)p;
		long err = sys_pte_install(EXOS_CAP_SELF, exos_self, va + i * 4096UL, ppn[i],
					   EXOS_PTE_R | EXOS_PTE_W, EXOS_CAP_PAGES);
		if (err) {
			sys_page_free(EXOS_CAP_PAGES, ppn[i]);
			ppn[i] = 0;
			return (int)err;
		}
	}
	return 0;
}

/* Unmap and free the trampoline's pages (exec failed, or the new
 * program is running: exos_exec_cleanup). */
static void unmap_exec_pages(void)
{
	for (uintptr_t va = EXEC_VA; va < EXEC_PLAN_VA + EXEC_PLAN_PAGES * 4096UL; va += 4096) {
		long pte = sys_pte_read(EXOS_CAP_SELF, exos_self, va);
		if (pte < 0)
			continue;
		sys_pte_remove(EXOS_CAP_SELF, exos_self, va);
		sys_page_free(EXOS_CAP_PAGES, ((unsigned long)pte >> 10) & ((1UL << 44) - 1));
	}
}

void exos_exec_cleanup(void)
{
	if (sys_pte_read(EXOS_CAP_SELF, exos_self, EXEC_VA) >= 0)
		unmap_exec_pages();
}

/* Every page of ours in [lo, hi) goes on the plan's old list. */
static int list_old(struct exec_plan *plan, uintptr_t lo, uintptr_t hi)
{
	for (uintptr_t va = lo; va < hi; va += 4096) {
		long pte = sys_pte_read(EXOS_CAP_SELF, exos_self, va);
		if (pte < 0)
			continue;
		if (plan->h.nold == EXEC_OLD_MAX)
			return -E_RANGE;
		plan->old[plan->h.nold++] = (struct old_page){
			va, ((unsigned long)pte >> 10) & ((1UL << 44) - 1) };
	}
	return 0;
}

/* The trampoline: its code copied to a page mapped read and execute. */
static int map_trampoline(void)
{
	uint64_t ppn;
	size_t n = (size_t)(exos_exec_tramp_end - exos_exec_tramp);
	int err = map_fresh(EXOS_SCRATCH_VA, 1, &ppn);

	if (err)
		return err;
	memcpy((void *)EXOS_SCRATCH_VA, exos_exec_tramp, n);
	sys_pte_remove(EXOS_CAP_SELF, exos_self, EXOS_SCRATCH_VA);
	err = (int)sys_pte_install(EXOS_CAP_SELF, exos_self, EXEC_VA, ppn,
				   EXOS_PTE_R | EXOS_PTE_X, EXOS_CAP_PAGES);
	if (err)
		sys_page_free(EXOS_CAP_PAGES, ppn);
	__asm__ volatile("fence.i" ::: "memory");
	return err;
}

static int exec_errno(int err)
{
	switch (err) {
	case -E_NOENT:
		return ENOENT;
	case -E_NOEXEC:
		return ENOEXEC;
	case -E_PERM:
		return EACCES;    /* not a regular file */
	case -E_INVAL:
		return E2BIG;     /* the arguments and environment do not fit a page */
	case -E_FAULT:
		return EFAULT;    /* a bad pointer among them, or the path */
	default:
		return ENOMEM;
	}
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	struct cpio_entry ent;
	struct elf_image img;
	struct exos_fd_spec spec[EXOS_FD_MAX];
	uint64_t plan_ppn[EXEC_PLAN_PAGES] = { 0 };
	struct exec_plan *plan = (struct exec_plan *)EXEC_PLAN_VA;
	struct exec_placer ep = { { exec_place }, plan };
	uintptr_t args_va = 0;

	int err = exos_find_program(path, &ent, &img);
	if (!err)
		err = map_fresh(EXEC_PLAN_VA, EXEC_PLAN_PAGES, plan_ppn);

	if (!err) {
		plan->h = (struct exec_head){ .self = exos_self, .entry = img.entry,
					      .old_off = offsetof(struct exec_plan, old),
					      .new_off = offsetof(struct exec_plan, new) };
		/* The descriptors stay ours: the new image takes them over as
		 * they are (no end is counted twice, none closed). */
		for (int i = 0; i < EXOS_FD_MAX; i++)
			spec[i] = (exos_fds[i].fdflags & FD_CLOEXEC) ?
				  (struct exos_fd_spec){ FD_NONE, 0, 0 } :
				  (struct exos_fd_spec){ exos_fds[i].type, exos_fds[i].slot,
							 exos_fds[i].arg };
		err = exos_load_program(&ep.pl, ent.data, &img, argv, envp, spec, &args_va);
	}
	if (!err)
		err = list_old(plan, (uintptr_t)__text_start, (uintptr_t)_end);
	if (!err)
		err = list_old(plan, EXOS_STACK_TOP - EXOS_STACK_PAGES * 4096UL, EXOS_STACK_TOP);
	if (!err)
		err = map_trampoline();
	if (err) {
		for (uint64_t i = 0; plan_ppn[EXEC_PLAN_PAGES - 1] && i < plan->h.nnew; i++)
			sys_page_free(EXOS_CAP_PAGES, plan->new[i].ppn);
		unmap_exec_pages();
		errno = exec_errno(err);
		return -1;
	}
	/* No way back from here.  Close-on-exec descriptors are not in the
	 * new image's table: close them, the rest pass as they are. */
	exos_fd_close_on_exec();
	plan->h.sp = args_va;
	plan->h.arg = args_va;
	fflush(stdout);
	fflush(stderr);
	exos_heap_release(0, exos_heap_size());
	exos_spare_drain();
	for (unsigned i = 0; i < EXOS_NENTRIES; i++)
		sys_env_set_entry(EXOS_CAP_SELF, exos_self, i, 0);
	((void (*)(struct exec_plan *))EXEC_VA)(plan);
	__builtin_unreachable();
}

/* exec path (ours); if it is not a program, run it as a shell script
 * with the program's argv after it. */
static int exec_or_script(const char *path, char *const argv[])
{
	char *sh[64] = { "sh", (char *)path };
	int argc = 1;

	execve(path, argv, environ);
	if (errno != ENOEXEC)
		return -1;
	for (char *a = ""; argv; argc++) {
		if (argc > 62) {
			errno = E2BIG;
			return -1;
		}
		if (exos_copy_in(&a, &argv[argc], sizeof(a))) {
			errno = EFAULT;
			return -1;
		}
		sh[argc + 1] = a;
		if (!a)
			break;
	}
	execve("/bin/sh", sh, environ);
	return -1;
}

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

/* execvp: a name without a slash is looked for in each directory of
 * PATH (/bin when it is not set); the first that exists is run.  A file
 * that is not a program (ENOEXEC) is run by /bin/sh, as POSIX says. */
int execvp(const char *file, char *const argv[])
{
	char name[PATH_MAX_EXEC], buf[PATH_MAX_EXEC];
	long len = exos_copy_str(name, file, sizeof(name));
	const char *path = getenv("PATH");
	int err = ENOENT;

	if (len <= 0) {
		errno = len == 0 ? ENOENT : (int)-len;
		return -1;
	}
	if (strchr(name, '/'))
		return exec_or_script(name, argv);
	if (!path)
		path = "/bin";
	while (*path || err == ENOENT) {
		size_t n = strcspn(path, ":");
		if (n + (size_t)len + 2 > sizeof(buf)) {
			err = ENAMETOOLONG;
		} else {
			memcpy(buf, path, n);
			buf[n] = 0;
			if (!n)
				strcpy(buf, ".");
			strcat(buf, "/");
			strcat(buf, name);
			exec_or_script(buf, argv);
			if (errno != ENOENT && errno != ENOTDIR)
				err = errno;
		}
		path += n;
		if (!*path)
			break;
		path++;
	}
	errno = err;
	return -1;
}
