/*
 * sys/statfs.h - file system figures (libexos/mount.c).
 */
#ifndef EXOS_SYS_STATFS_H
#define EXOS_SYS_STATFS_H

#include <sys/types.h>

typedef struct { int __val[2]; } fsid_t;

struct statfs {
	long f_type;
	long f_bsize;
	fsblkcnt_t f_blocks;
	fsblkcnt_t f_bfree;
	fsblkcnt_t f_bavail;
	fsfilcnt_t f_files;
	fsfilcnt_t f_ffree;
	fsid_t f_fsid;
	long f_namelen;
	long f_frsize;
	long f_flags;
	long f_spare[4];
};

#define RAMFS_MAGIC_EXOS 0x858458f6   /* Linux's ramfs */
#define CPIO_MAGIC_EXOS  0x28cd3d45   /* Linux's cramfs: a read-only archive */

#ifdef __cplusplus
extern "C" {
#endif
int statfs(const char *path, struct statfs *buf);
int fstatfs(int fd, struct statfs *buf);
#ifdef __cplusplus
}
#endif

#endif
