/*
 * misc.c - small POSIX calls with nothing else to live with: vfork (a
 * fork: copy-on-write makes it cheap), execlp, clearenv, scheduling
 * hints.
 */
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "exos/exos.h"
#include "exos/uaccess.h"

extern char **environ;

pid_t vfork(void)
{
	return fork();
}

#define EXECL_MAX 64

/* The arguments after arg, up to the NULL, into argv (at most
 * EXECL_MAX); -1 with E2BIG if there are more. */
static int gather(char *argv[EXECL_MAX + 1], const char *arg, va_list ap)
{
	int n = 0;

	argv[n++] = (char *)arg;
	while (arg) {
		if (n == EXECL_MAX) {
			errno = E2BIG;
			return -1;
		}
		arg = va_arg(ap, const char *);
		argv[n++] = (char *)arg;
	}
	return 0;
}

int execlp(const char *file, const char *arg, ...)
{
	char *argv[EXECL_MAX + 1];
	va_list ap;

	va_start(ap, arg);
	int err = gather(argv, arg, ap);
	va_end(ap);
	return err ? err : execvp(file, argv);
}

int execl(const char *path, const char *arg, ...)
{
	char *argv[EXECL_MAX + 1];
	va_list ap;

	va_start(ap, arg);
	int err = gather(argv, arg, ap);
	va_end(ap);
	return err ? err : execv(path, argv);
}

/* Empty the environment in place: picolibc's setenv and putenv walk
 * environ without checking it, and reallocate it once they have copied
 * it (replacing the array would hand realloc one malloc never gave). */
int clearenv(void)
{
	static char *empty[1];

	if (environ)
		environ[0] = 0;
	else
		environ = empty;
	return 0;
}

int sched_yield(void)
{
	sys_yield(0);
	return 0;
}

/* Every hart may run every process: the mask (bit i for hart index i,
 * in unsigned longs) has a bit per hart running the kernel. */
int sched_getaffinity(pid_t pid, size_t size, void *set)
{
	unsigned long bits[(EXOS_MAX_HARTS + 63) / 64] = { 0 }, zero = 0;

	(void)pid;
	if (size < sizeof(unsigned long) || size % sizeof(unsigned long)) {
		errno = EINVAL;
		return -1;
	}
	for (uint32_t i = 0; i < exos_info->nharts; i++)
		bits[i / (8 * sizeof(long))] |= 1UL << (i % (8 * sizeof(long)));
	for (size_t w = 0; w < size / sizeof(long); w++)
		if (exos_copy_out((unsigned long *)set + w,
				  w < sizeof(bits) / sizeof(bits[0]) ? &bits[w] : &zero, sizeof(long))) {
			errno = EFAULT;
			return -1;
		}
	return 0;
}

int sched_setaffinity(pid_t pid, size_t size, const void *set)
{
	(void)pid, (void)size, (void)set;
	return 0;
}

int nice(int inc)
{
	(void)inc;
	return 0;
}
