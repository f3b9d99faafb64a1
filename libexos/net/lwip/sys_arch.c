/*
 * sys_arch.c - what lwIP needs from the system with NO_SYS: a clock in
 * milliseconds for its timers (sys_check_timeouts).  It may wrap;
 * lwIP compares times by difference.
 */
#include <sys/time.h>
#include "lwip/sys.h"

u32_t sys_now(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (u32_t)((uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000);
}
