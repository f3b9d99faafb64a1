/*
 * ramfs.h - the writable file system before there is a disk: files in
 * RAM, mounted at /tmp, shared by every process that was handed it.
 *
 * Exokernel style, the kernel knows nothing of it.  Its pages are
 * ordinary physical pages owned by a *holder*: an env that is created
 * and never run, so that the pages outlive whichever process wrote them.
 * A process reaches them through a capability for the holder's pages,
 * [NS_PAGE, holder], and maps them itself at RAMFS_VA:
 *
 *   region page 0      the superblock: the lock, the holder's id and the
 *                      physical page behind every region page (ppn[])
 *   region pages 1-16  the file table (struct ramfs_inode): files,
 *                      directories and symbolic links, each with its
 *                      name in its directory (parent); no hard links
 *   region page 17     the open-file table (struct ramfs_open): offsets
 *                      and flags, shared like Unix's file table, so a
 *                      child writing to an inherited descriptor moves
 *                      the parent's offset too
 *   region pages 18... file pages: each file has one index page (its list
 *                      of region page numbers) and its data pages
 *
 * The three metadata pages stay mapped in every process that uses the
 * file system (the range is guaranteed: the kernel never drops it).  A
 * file page is mapped only while its user holds the lock, and unmapped
 * before the lock is released, so a freed page is mapped nowhere and
 * goes straight back to the kernel (sys_page_free).
 *
 * Who gets it: the first process to need a file system creates one
 * (init does so at start, so the whole system shares it); starting a
 * program (exos_fd_give) maps the metadata pages into the new env and
 * grants it the capability; the new process adopts them at first use.
 * The creator destroys the holder when it exits: the file system lives
 * as long as its creator.
 *
 * The lock is a word in the superblock holding the env id of its
 * holder.  A process that finds the lock held by an env that has ended
 * (killed mid-operation) takes it over and repairs the metadata first
 * (ramfs.c, repair): pages no file lists are freed, lists naming freed
 * pages are cleared.  What such a process had half written stays half
 * written.  Its open-file references, like those of any process that
 * ended without closing its descriptors, are dropped by the next
 * process to take the lock after it ended (the holders table).
 *
 * Every function below except attach, give, reset and exit must be
 * called with the lock held (ramfs_lock), after a successful attach.
 * Errors are negative errno values.
 */
#ifndef LIBEXOS_RAMFS_H
#define LIBEXOS_RAMFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "exos/fs.h"

#define RAMFS_VA        0x2c00000000UL
#define RAMFS_META      18                /* superblock, file table, open-file table */
#define RAMFS_INODES_PAGE 1
#define RAMFS_OPENS_PAGE  17
#define RAMFS_ROOT      0                 /* parent of the entries of /tmp itself */
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
	uint32_t holder;                  /* env owning every page; never runs */
	volatile uint32_t lock;           /* env id holding the lock, 0: free */
	uint32_t used;                    /* region pages in use (ppn[i] != 0) */
	uint32_t _pad[12];
	uint32_t ppn[EXOS_FS_PAGES];      /* physical page of region page i, 0: none */
	uint64_t swept;                   /* exos_info->envs_ended at the last sweep */
	struct ramfs_holder holders[EXOS_MAX_ENVS];
};
_Static_assert(sizeof(struct ramfs_super) <= 4096, "the superblock is one page");

/* A file.  Guarded by the lock. */
struct ramfs_inode {
	char name[EXOS_FS_NAME_MAX + 1];  /* "" once unlinked */
	uint32_t used;                    /* the slot holds a file (named or still open) */
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
_Static_assert(sizeof(struct ramfs_inode) * EXOS_FS_FILES ==
	       (RAMFS_OPENS_PAGE - RAMFS_INODES_PAGE) * 4096, "the file table's pages");

enum ramfs_open_kind { RAMFS_OPEN_FREE = 0, RAMFS_OPEN_RAM, RAMFS_OPEN_ARCHIVE };

/* An open file (what a descriptor of type FD_FILE names by index).
 * Guarded by the lock. */
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
/* Hand our file system (if any) to env id before it starts: map its
 * metadata there and grant the capability.  0 or -E_* (kernel codes). */
int ramfs_give(int envcap, uint32_t id);
/* Forget a copied parent's state (exos_spawn's children). */
void ramfs_reset(void);
/* At exit: end the file system if we made it. */
void ramfs_exit(void);
/* Usage figures for exos_fs_usage; -ENOENT when not attached. */
int ramfs_usage(struct exos_fs_usage *u);

/* Descriptors of env id now name open-file entry slot (one more), or
 * one fewer.  Lock held. */
void ramfs_hold(uint32_t id, uint32_t slot);
void ramfs_unhold(uint32_t id, uint32_t slot);
/* Take the lock (adopting the file system handed to us, for descriptors
 * inherited before any attach); spins with directed yields to its
 * holder, and takes it over from an env that has ended. */
void ramfs_lock(void);
/* Unmap the file pages mapped meanwhile, then release the lock. */
void ramfs_unlock(void);

struct ramfs_inode *ramfs_inode(int ino);
struct ramfs_open *ramfs_open_at(uint32_t slot);
/* The entry named name in directory parent (RAMFS_ROOT: /tmp itself,
 * else a directory's inode + 1), or -ENOENT. */
int ramfs_lookup_in(uint32_t parent, const char *name);
/* The entry named name in /tmp itself. */
int ramfs_lookup(const char *name);
/* A new empty entry named name in parent (not present), of mode
 * (S_IFREG, S_IFDIR, S_IFLNK | permissions): its number, or -ENOSPC. */
int ramfs_create_in(uint32_t parent, const char *name, uint32_t mode);
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
ssize_t ramfs_read(int ino, uint64_t off, void *buf, size_t len);
/* Bytes written (short when space runs out), or -ENOSPC / -EFBIG. */
ssize_t ramfs_write(int ino, uint64_t off, const void *buf, size_t len);
/* The first named entry of directory parent at or after *cookie: its
 * number (and *cookie moves past it), or -ENOENT at the end. */
int ramfs_next_in(uint32_t parent, unsigned *cookie);
int ramfs_next(unsigned *cookie);
/* A free open-file entry with one reference, or -ENFILE. */
int ramfs_open_new(void);
/* Drop one reference; the last closes the file. */
void ramfs_open_put(uint32_t slot);

#endif
