/*
 * exos/ramfs.h - the writable file system before there is a disk: files in
 * RAM, mounted at /tmp, shared by every process that was handed it.
 *
 * Exokernel style, the kernel knows nothing of it.  It lives in a
 * software region (exos/swregion.h) of EXOS_FS_PAGES pages, made by
 * the first process that needs a file system (init does so at start,
 * so the whole system shares it) and charged to it.  Processes reach it
 * only through the region's system calls, with a capability for
 * [EXOS_NS_SWR, id] their starter granted them (R, W and GRANT: each
 * uses it and passes it on; only the creator may destroy it).  Nothing
 * of it is mapped anywhere, so a stray store in one process cannot
 * reach the files of all: the processes sharing /tmp need not trust
 * each other's code.
 *
 *   region page 0      the superblock: the lock, which region pages are
 *                      in use, which open-file entries each process's
 *                      descriptors hold (the holders table)
 *   region page 1      the file table (struct ramfs_inode)
 *   region page 2      the open-file table (struct ramfs_open): offsets
 *                      and flags, shared like Unix's file table, so a
 *                      child writing to an inherited descriptor moves
 *                      the parent's offset too
 *   region pages 3...  file pages: each file has one index page (its list
 *                      of region page numbers) and its data pages
 *
 * Every operation is a robust critical section (exos/robust.h) under the
 * lock word in the superblock.  ramfs_lock takes the lock and reads the
 * three metadata pages into this process's memory; the operation works
 * on that copy (ramfs_inode and ramfs_open_at point into it);
 * ramfs_unlock writes the copy back, with the index page it changed,
 * in one swr_writev that also frees the lock, guarded by the lock word
 * still naming us.  So an operation is committed whole or not at all,
 * whatever happens to the process doing it.  File data goes straight
 * between the caller's buffer and the region (the kernel checks the
 * buffer).  The pages an operation frees are given back to the kernel
 * after its commit and before the lock is released.
 *
 * A region page not in use has no page behind it and reads as zeros.
 * A process that dies (or faults) inside an operation leaves at most
 * pages it wrote but never committed, pages it had freed but not given
 * back, and bytes written past a file's end; the next process to take
 * the lock (robust_enter says so) gives back every page the superblock
 * does not count in use, and zeros each file's last page past its end.
 * The open-file references of a process that ended without closing its
 * descriptors are dropped by the next process to take the lock after it
 * ended (the holders table).
 *
 * Every function below except attach, give, reset, exit and usage must
 * be called with the lock held (ramfs_lock), after a successful attach.
 * Errors are negative errno values (-EIO: the file system is gone, its
 * creator having ended).
 */
#ifndef EXOS_RAMFS_H
#define EXOS_RAMFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "exos/fs.h"

#define RAMFS_META      3                 /* superblock, file table, open-file table */
#define RAMFS_LIST_LEN  1024              /* entries of an index page: 4 MiB files */

/* Which open-file entries the descriptors of one process hold (one
 * entry per descriptor), so that a process killed without closing them
 * has its references dropped by whoever takes the lock next.  Indexed
 * by env slot. */
#define RAMFS_HOLD_MAX 23
struct ramfs_holder {
	uint32_t id;                      /* env id, 0: none */
	uint8_t n;
	uint8_t open[RAMFS_HOLD_MAX];     /* open-file entries, one per descriptor */
};

struct ramfs_super {
	uint32_t magic;                   /* RAMFS_MAGIC once set up */
	uint32_t lock;                    /* exos/robust.h: env id holding it, 0 free, or broken */
	uint32_t used;                    /* region pages in use */
	uint32_t _pad;
	uint64_t inuse[EXOS_FS_PAGES / 64];   /* bit i: region page i is in use */
	uint64_t swept;                   /* exos_info->envs_ended at the last sweep */
	struct ramfs_holder holders[EXOS_MAX_ENVS];
};
_Static_assert(sizeof(struct ramfs_super) <= 4096, "the superblock is one page");

/* A file. */
struct ramfs_inode {
	char name[EXOS_FS_NAME_MAX + 1];  /* "" once unlinked */
	uint32_t used;                    /* the slot holds a file (named or still open) */
	uint32_t size;                    /* bytes */
	uint32_t index;                   /* region page listing its pages, 0: none yet */
	uint32_t opens;                   /* open-file entries naming it */
	uint32_t nlink;                   /* 1 while it has its name in /tmp */
	uint32_t mtime;                   /* seconds since boot at the last write */
	uint32_t _pad[2];
};
_Static_assert(sizeof(struct ramfs_inode) * EXOS_FS_FILES == 4096, "the file table is one page");

enum ramfs_open_kind { RAMFS_OPEN_FREE = 0, RAMFS_OPEN_RAM, RAMFS_OPEN_ARCHIVE };

/* An open file (what a descriptor of type FD_FILE names by index). */
struct ramfs_open {
	uint32_t refs;                    /* descriptors naming it, in all processes */
	uint32_t kind;                    /* enum ramfs_open_kind */
	uint32_t flags;                   /* O_RDONLY/O_WRONLY/O_RDWR, O_APPEND */
	uint32_t ino;                     /* RAM: its file */
	uint64_t off;                     /* the offset read and write use */
	uint64_t data;                    /* archive: the data's offset in the archive */
	uint64_t size;                    /* archive: its size */
};
#define RAMFS_OPENS (4096 / sizeof(struct ramfs_open))

/* Use the file system handed to us, or make one: 0, -ENOMEM. */
int ramfs_attach(void);
/* Hand our file system (if any) to env id before it starts: grant it
 * the capability (once per env).  0 or -E_* (kernel codes). */
int ramfs_give(int envcap, uint32_t id);
/* Forget a copied parent's state (exos_spawn's and fork's children). */
void ramfs_reset(void);
/* At exit: end the file system if we made it. */
void ramfs_exit(void);
/* Usage figures for exos_fs_usage; -ENOENT when not attached. */
int ramfs_usage(struct exos_fs_usage *u);

/* Descriptors of env id now name open-file entry slot (one more), or
 * one fewer.  Lock held. */
void ramfs_hold(uint32_t id, uint32_t slot);
void ramfs_unhold(uint32_t id, uint32_t slot);
/* Take the lock (adopting the file system handed to us, for
 * descriptors inherited before any attach) and read the metadata;
 * recovers what a holder that died inside left.  0, or -EIO (no file
 * system, or it is gone): then the lock is not held. */
int ramfs_lock(void);
/* Commit the operation and release the lock. */
void ramfs_unlock(void);

struct ramfs_inode *ramfs_inode(int ino);
struct ramfs_open *ramfs_open_at(uint32_t slot);
/* The file named name in /tmp, or -ENOENT. */
int ramfs_lookup(const char *name);
/* A new empty file named name (not present): its number, or -ENOSPC. */
int ramfs_create(const char *name);
/* Remove the name; the pages go when the last open file is closed. */
void ramfs_unlink(int ino);
/* Drop every page of the file; size 0. */
void ramfs_truncate(int ino);
/* Into the caller's buf: bytes read, or -EFAULT (nothing read), -EIO. */
ssize_t ramfs_read(int ino, uint64_t off, void *buf, size_t len);
/* From the caller's buf: bytes written (short when space runs out or
 * the buffer goes bad), or -ENOSPC / -EFBIG / -EFAULT / -EIO. */
ssize_t ramfs_write(int ino, uint64_t off, const void *buf, size_t len);
/* The first named file at or after *cookie: its number (and *cookie
 * moves past it), or -ENOENT at the end. */
int ramfs_next(unsigned *cookie);
/* A free open-file entry with one reference, or -ENFILE. */
int ramfs_open_new(void);
/* Drop one reference; the last closes the file. */
void ramfs_open_put(uint32_t slot);

#endif
