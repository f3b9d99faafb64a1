/*
 * arch/cc.h - lwIP's compiler and platform hooks for exos (RV64, little
 * endian, picolibc).  lwIP's own defaults (arch.h) cover the integer
 * types and the byte order; what is left is how to report.
 */
#ifndef EXOS_LWIP_ARCH_CC_H
#define EXOS_LWIP_ARCH_CC_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

/* lwIP declares its own ssize_t (int) unless SSIZE_MAX says there is
 * one; picolibc's is long. */
#ifndef SSIZE_MAX
#define SSIZE_MAX LONG_MAX
#endif

#define LWIP_PLATFORM_DIAG(x)  do { printf x; } while (0)

/* A broken invariant inside the stack: say where, then stop the
 * application (its library OS only; no one else is affected). */
#define LWIP_PLATFORM_ASSERT(x) do { \
	printf("lwIP assertion \"%s\" failed at %s:%d\n", x, __FILE__, __LINE__); \
	abort(); \
} while (0)

/* Initial sequence numbers, ephemeral ports, DHCP transaction ids:
 * picolibc's arc4random, which draws on getentropy (ChaCha20 keyed
 * from the device tree's rng-seed in libexos). */
uint32_t arc4random(void);
#define LWIP_RAND() ((u32_t)arc4random())

#endif
