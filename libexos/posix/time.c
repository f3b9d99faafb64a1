/*
 * time.c - clocks from exported data, no system call: CLOCK_MONOTONIC
 * is rdtime since boot; CLOCK_REALTIME adds the wall-clock time the
 * kernel read from the device tree's RTC at boot (exos_info->
 * rtc_boot_ns; 0 without an RTC, so the clock starts at 1970 then).
 * Setting the clock is not allowed (EPERM): nobody may move another
 * process's time.  Results go out through exos/uaccess.h's checked
 * copies: a bad pointer is EFAULT.
 */
#include <errno.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include "exos/exos.h"
#include "exos/uaccess.h"
#include "../proc/proc.h"

/* n bytes of ours at the program's u: 0, or -1 with EFAULT. */
static int put(void *u, const void *v, size_t n)
{
	if (exos_copy_out(u, v, n)) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

/* Nanoseconds since boot (rdtime ticks, exactly converted). */
static uint64_t mono_ns(void)
{
	uint64_t t = exos_rdtime(), hz = exos_info->timebase_hz;

	return t / hz * 1000000000ULL + t % hz * 1000000000ULL / hz;
}

/* Nanoseconds since 1970. */
static uint64_t real_ns(void)
{
	uint64_t t = exos_rdtime(), base = exos_info->rtc_boot_ns;
	uint64_t t0 = exos_info->rtc_boot_ticks, hz = exos_info->timebase_hz;

	if (!base)
		return mono_ns();
	uint64_t d = t > t0 ? t - t0 : 0;
	return base + d / hz * 1000000000ULL + d % hz * 1000000000ULL / hz;
}

/* The time on clock id in nanoseconds, or -1 with EINVAL. */
static int64_t clock_ns(clockid_t id)
{
	switch (id) {
#ifdef CLOCK_REALTIME_COARSE
	case CLOCK_REALTIME_COARSE:
#endif
	case CLOCK_REALTIME:
		return (int64_t)real_ns();
	case CLOCK_MONOTONIC:
#ifdef CLOCK_MONOTONIC_RAW
	case CLOCK_MONOTONIC_RAW:
#endif
#ifdef CLOCK_BOOTTIME
	case CLOCK_BOOTTIME:
#endif
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		return (int64_t)mono_ns();
	default:
		errno = EINVAL;
		return -1;
	}
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
	int64_t ns = clock_ns(id);

	if (ns < 0)
		return -1;
	struct timespec t = { (time_t)(ns / 1000000000LL), (long)(ns % 1000000000LL) };
	return put(ts, &t, sizeof(t));
}

int clock_getres(clockid_t id, struct timespec *ts)
{
	uint64_t hz = exos_info->timebase_hz;
	struct timespec res = { 0, (long)((1000000000ULL + hz - 1) / hz) };

	if (clock_ns(id) < 0)
		return -1;
	return ts ? put(ts, &res, sizeof(res)) : 0;
}

int clock_settime(clockid_t id, const struct timespec *ts)
{
	(void)ts;
	errno = id == CLOCK_REALTIME ? EPERM : EINVAL;
	return -1;
}

/* CLOCK_REALTIME only runs forward here (it cannot be set): an
 * absolute sleep on either clock is a sleep until that much time since
 * boot has passed in the same units. */
int clock_nanosleep(clockid_t id, int flags, const struct timespec *ureq, struct timespec *rem)
{
	struct timespec now, d, req;

	if (!(flags & TIMER_ABSTIME))
		return nanosleep(ureq, rem) < 0 ? errno : 0;
	if (clock_gettime(id, &now) < 0)
		return errno;
	if (exos_copy_in(&req, ureq, sizeof(req)))
		return EFAULT;
	d.tv_sec = req.tv_sec - now.tv_sec;
	d.tv_nsec = req.tv_nsec - now.tv_nsec;
	if (d.tv_nsec < 0) {
		d.tv_nsec += 1000000000;
		d.tv_sec--;
	}
	if (d.tv_sec < 0)
		return 0;
	return nanosleep(&d, 0) < 0 ? errno : 0;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t ns = real_ns();
	struct timeval v = { (time_t)(ns / 1000000000ULL), (suseconds_t)(ns % 1000000000ULL / 1000) };

	(void)tz;
	return tv ? put(tv, &v, sizeof(v)) : 0;
}

int settimeofday(const struct timeval *tv, const struct timezone *tz)
{
	(void)tv, (void)tz;
	errno = EPERM;
	return -1;
}

int stime(const time_t *t)
{
	(void)t;
	errno = EPERM;
	return -1;
}

/* times(): clock ticks (sysconf(_SC_CLK_TCK) = 100) since boot; the
 * process's own CPU time is its share of its env's runs (exported). */
clock_t times(struct tms *tms)
{
	clock_t t = (clock_t)(mono_ns() / 10000000ULL);
	struct tms v = { .tms_utime = exos_proc_cpu_ticks(exos_self) };

	if (tms && put(tms, &v, sizeof(v)))
		return (clock_t)-1;
	return t;
}
