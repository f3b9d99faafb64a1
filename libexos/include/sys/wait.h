/*
 * sys/wait.h - picolibc's status macros, plus job control's (stopped
 * and continued children) and the core-dump bit (never set here: a
 * process killed by a fault dies by its signal, without a core file).
 */
#ifndef EXOS_SYS_WAIT_H
#define EXOS_SYS_WAIT_H

#include_next <sys/wait.h>

#ifndef WCONTINUED
#define WCONTINUED 8
#endif
#ifndef WIFCONTINUED
#define WIFCONTINUED(w) ((w) == 0xffff)
#endif
#ifndef WCOREDUMP
#define WCOREDUMP(w) ((w) & 0x80)
#endif
#ifndef WCOREFLAG
#define WCOREFLAG 0x80
#endif
#ifndef W_EXITCODE
#define W_EXITCODE(ret, sig) ((ret) << 8 | (sig))
#define W_STOPCODE(sig) ((sig) << 8 | 0x7f)
#endif

#ifdef __cplusplus
extern "C" {
#endif
struct rusage;
pid_t wait3(int *status, int options, struct rusage *ru);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru);
#ifdef __cplusplus
}
#endif

#endif
