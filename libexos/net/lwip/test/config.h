/*
 * config.h - what lwIP's unit tests (test/unit/lwip_check.h) include
 * first, for the host build by `make lwip-check`; also force-included
 * into every file of that build.  Debian's patches make sockets.c use
 * three address-length macros that Debian's own POSIX port defines;
 * the unit tests use lwIP's own socket structures, which carry
 * sin_len and sin6_len, so they are defined here that way.
 */
#ifndef EXOS_LWIP_TEST_CONFIG_H
#define EXOS_LWIP_TEST_CONFIG_H

#define IP4ADDR_SOCKADDR_SET_LEN(sin)   ((sin)->sin_len = sizeof(struct sockaddr_in))
#define IP6ADDR_SOCKADDR_SET_LEN(sin6)  ((sin6)->sin6_len = sizeof(struct sockaddr_in6))
#define IPADDR_SOCKADDR_GET_LEN(addr)   ((addr)->sa.sa_len)

#endif
