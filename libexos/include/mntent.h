/*
 * mntent.h - the table of mounted file systems.  libexos/mount.c
 * answers with the file systems every process sees: the boot archive
 * at / and the RAM file system at /tmp.
 */
#ifndef EXOS_MNTENT_H
#define EXOS_MNTENT_H

#include <stdio.h>

#define MOUNTED   "/proc/mounts"
#ifndef _PATH_MOUNTED
#define _PATH_MOUNTED MOUNTED
#endif
#define MNTTAB    "/etc/fstab"

struct mntent {
	char *mnt_fsname;
	char *mnt_dir;
	char *mnt_type;
	char *mnt_opts;
	int mnt_freq;
	int mnt_passno;
};

#ifdef __cplusplus
extern "C" {
#endif
FILE *setmntent(const char *file, const char *mode);
struct mntent *getmntent(FILE *f);
struct mntent *getmntent_r(FILE *f, struct mntent *m, char *buf, int len);
int addmntent(FILE *f, const struct mntent *m);
int endmntent(FILE *f);
char *hasmntopt(const struct mntent *m, const char *opt);
#ifdef __cplusplus
}
#endif

#endif
