/*
 * sys/sysmacros.h - device numbers (Linux's encoding).
 */
#ifndef EXOS_SYS_SYSMACROS_H
#define EXOS_SYS_SYSMACROS_H

#define major(dev) ((unsigned)((((dev) >> 32) & 0xfffff000) | (((dev) >> 8) & 0xfff)))
#define minor(dev) ((unsigned)((((dev) >> 12) & 0xffffff00) | ((dev) & 0xff)))
#define makedev(ma, mi) \
	((((unsigned long long)(ma) & 0xfffff000) << 32) | (((ma) & 0xfff) << 8) | \
	 (((unsigned long long)(mi) & 0xffffff00) << 12) | ((mi) & 0xff))

#endif
