/*
 * exos/ramfs.h - the writable file system before there is a disk: files,
 * directories and symbolic links in RAM, mounted at /tmp, shared by
 * every process that was handed it.
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
 *   region page 0      the superblock (its first bytes: struct
 *                      ramfs_super): the lock, which region pages are
 *                      in use, how many entries each page of the file
 *                      table holds, which commit last changed each
 *                      metadata page
 *   region pages 1-16  the file table (struct ramfs_inode): files,
 *                      directories and symbolic links, each with its
 *                      name in its directory (parent); no hard links
 *   region page 17     the open-file table (struct ramfs_open): offsets
 *                      and flags, shared like Unix's file table, so a
 *                      child writing to an inherited descriptor moves
 *                      the parent's offset too
 *   region page 18     the holders table: which open-file entries each
 *                      process's descriptors hold
 *   region pages 19... file pages: each file has one index page (its list
 *                      of region page numbers) and its data pages
 *
 * Every operation is a robust critical section (exos/robust.h) under the
 * lock word in the superblock.  ramfs_lock takes the lock and reads the
 * superblock into this process's memory; the other metadata pages are
 * read when the operation first looks at them (ramfs_inode,
 * ramfs_open_at, the holders), and only if the copy this process kept
 * from an earlier operation is older than the superblock says (each
 * commit numbers the pages it changes).  Pages of the file table the
 * superblock counts empty are not read at all.  The operation works on
 * those copies; ramfs_unlock writes back the superblock and the bytes
 * it changed of each page (an entry or two, usually), with the index
 * pages it changed, in one swr_writev that also frees the lock, guarded
 * by the lock word still naming us.  So an operation is committed whole
 * or not at all, whatever happens to the process doing it.  File data goes straight between the caller's
 * buffer and the region (the kernel checks the buffer).  The pages an
 * operation frees are given back to the kernel after its commit and
 * before the lock is released.
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

#define RAMFS_INODES_PAGE 1               /* first page of the file table */
#define RAMFS_INODE_PAGES 16
#define RAMFS_OPENS_PAGE  17
#define RAMFS_HOLDERS_PAGE 18
#define RAMFS_META        19              /* superblock, file, open-file and holders tables */
#define RAMFS_ROOT        0               /* parent of the entries of /tmp itself */
#define RAMFS_LIST_LEN    1024            /* entries of an index page: 4 MiB files */

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
	uint64_t commits;                 /* operations committed so far */
	uint64_t changed[RAMFS_META];     /* the commit that last changed metadata page i */
	uint8_t files[RAMFS_INODE_PAGES]; /* entries in use on each page of the file table */
};
_Static_assert(sizeof(struct ramfs_super) <= 4096, "the superblock is one page");
_Static_assert(sizeof(struct ramfs_holder) * EXOS_MAX_ENVS <= 4096, "the holders table is one page");

/* A file, directory or symbolic link (its target is its data). */
struct ramfs_inode {
	char name[EXOS_FS_NAME_MAX + 1];  /* "" once unlinked */
	uint32_t used;                    /* the slot holds an entry (named or still open) */
	uint32_t size;                    /* bytes */
	uint32_t index;                   /* region page listing its pages, 0: none yet */
	uint32_t opens;                   /* open-file entries naming it */
	uint32_t nlink;                   /* 1 while it has its name in /tmp */
	uint32_t mtime;                   /* seconds since 1970 at the last change */
	uint32_t parent;                  /* its directory: inode + 1, RAMFS_ROOT for /tmp */
	uint32_t mode;                    /* S_IFREG, S_IFDIR or S_IFLNK | permissions */
	uint32_t atime, ctime;
	uint32_t _pad[7];
};
#define RAMFS_PER_PAGE (4096 / sizeof(struct ramfs_inode))
_Static_assert(RAMFS_PER_PAGE * RAMFS_INODE_PAGES == EXOS_FS_FILES, "the file table's pages");

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
 * descriptors inherited before any attach) and read the superblock;
 * recovers what a holder that died inside left.  0, or -EIO (no file
 * system, or it is gone): then the lock is not held. */
int ramfs_lock(void);
/* Commit the operation and release the lock. */
void ramfs_unlock(void);

/* Entry ino (< EXOS_FS_FILES), to change: its page is committed at
 * unlock.  ramfs_inode_ro: only to look at.  An entry that cannot be
 * read (the file system is gone) reads as unused, and nothing of the
 * operation is committed. */
struct ramfs_inode *ramfs_inode(int ino);
const struct ramfs_inode *ramfs_inode_ro(int ino);
/* Open-file entry slot (< RAMFS_OPENS), to change. */
struct ramfs_open *ramfs_open_at(uint32_t slot);
/* The entry named name in directory parent (RAMFS_ROOT: /tmp itself,
 * else a directory's inode + 1), or -ENOENT. */
int ramfs_lookup_in(uint32_t parent, const char *name);
/* The entry named name in /tmp itself. */
int ramfs_lookup(const char *name);
/* A new empty entry named name in parent (not present), of mode
 * (S_IFREG, S_IFDIR, S_IFLNK | permissions): its number, or -ENOSPC. */
int ramfs_create_in(uint32_t parent, const char *name, uint32_t mode);
/* A new regular file in /tmp itself. */
int ramfs_create(const char *name);
/* Whether directory inode dir holds no entry. */
int ramfs_dir_empty(int dir);
/* Whether inode a is dir or inside it (a rename may not move a
 * directory into itself). */
int ramfs_inside(int a, int dir);
/* Remove the name; the pages go when the last open file is closed. */
void ramfs_unlink(int ino);
/* Drop every page of the file; size 0. */
void ramfs_truncate(int ino);
/* Into the caller's buf: bytes read, or -EFAULT (nothing read), -EIO. */
ssize_t ramfs_read(int ino, uint64_t off, void *buf, size_t len);
/* From the caller's buf: bytes written (short when space runs out or
 * the buffer goes bad), or -ENOSPC / -EFBIG / -EFAULT / -EIO. */
ssize_t ramfs_write(int ino, uint64_t off, const void *buf, size_t len);
/* The first named entry of directory parent at or after *cookie: its
 * number (and *cookie moves past it), or -ENOENT at the end. */
int ramfs_next_in(uint32_t parent, unsigned *cookie);
/* The same in /tmp itself. */
int ramfs_next(unsigned *cookie);
/* A free open-file entry with one reference, or -ENFILE. */
int ramfs_open_new(void);
/* Drop one reference; the last closes the file. */
void ramfs_open_put(uint32_t slot);
/* Seconds since 1970 now (the exported time of day). */
uint32_t ramfs_now(void);

#endif
