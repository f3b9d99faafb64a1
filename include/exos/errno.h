/*
 * exos/errno.h - error codes every system call may return (negated).
 *
 * Shared by the kernel and libexos.  A handler returns 0 or a positive
 * value on success and -E_* on failure; libexos maps these to POSIX
 * errno values where a POSIX call is built on top.
 */
#ifndef EXOS_ERRNO_H
#define EXOS_ERRNO_H

#define E_INVAL    1   /* an argument is out of range or malformed */
#define E_NOSYS    2   /* no system call with that number */
#define E_FAULT    3   /* a user pointer is not mapped readable/writable by the caller */
#define E_NOMEM    4   /* out of physical memory or of a quota */
#define E_NOCAP    5   /* no capability, or one that does not dominate the guard */
#define E_NOENT    6   /* no such object (env, page, slot) */
#define E_BUSY     7   /* the resource is held by someone else */
#define E_PERM     8   /* the capability lacks a right */
#define E_AGAIN    9   /* would block; try again */
#define E_RANGE   10   /* an index or length is past the end */
#define E_ALIGN   11   /* an address or size is not aligned as required */
#define E_NOEXEC  12   /* not a loadable program */
#define E_DEAD    13   /* the target env is dying or dead */
#define E_OVERFLOW 14  /* a counter would overflow */

#define E_MAX     14

#endif
