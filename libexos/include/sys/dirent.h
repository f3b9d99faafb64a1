/*
 * sys/dirent.h - directory entries (picolibc's <dirent.h> includes this
 * for the system's part).  libexos/dirent.c implements the calls over
 * the boot archive and /tmp.
 */
#ifndef EXOS_SYS_DIRENT_H
#define EXOS_SYS_DIRENT_H

#include <sys/types.h>

#define MAXNAMLEN 255

/* d_type values (what the entry is, without a stat). */
#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_BLK     6
#define DT_REG     8
#define DT_LNK     10
#define DT_SOCK    12

struct dirent {
	ino_t d_ino;
	off_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[MAXNAMLEN + 1];
};

typedef struct exos_dir DIR;

#endif
