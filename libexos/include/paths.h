/*
 * paths.h - picolibc's, plus the paths it leaves out.
 */
#ifndef EXOS_PATHS_H
#define EXOS_PATHS_H

#include_next <paths.h>

#define _PATH_TTY      "/dev/tty"
#define _PATH_CONSOLE  "/dev/console"
#define _PATH_TMP      "/tmp/"
#define _PATH_VARTMP   "/tmp/"
#define _PATH_VARRUN   "/tmp/"
#define _PATH_DEFPATH  "/bin"
#define _PATH_STDPATH  "/bin"
#define _PATH_PASSWD   "/etc/passwd"
#define _PATH_GROUP    "/etc/group"
#define _PATH_SHELLS   "/etc/shells"
#ifndef _PATH_MOUNTED
#define _PATH_MOUNTED  "/proc/mounts"
#endif
#define _PATH_UTMP     "/tmp/utmp"
#define _PATH_WTMP     "/tmp/wtmp"

#endif
