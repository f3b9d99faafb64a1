/*
 * lwipopts.h - lwIP's configuration for exos: one stack per application,
 * inside libexos (design.md, "Network").
 *
 * NO_SYS with the raw (callback) API: the stack runs on the
 * application's own thread, from the loop that drains its DPF receive
 * ring and from sys_check_timeouts(); there are no lwIP threads,
 * mailboxes or semaphores, so neither netconn nor lwIP's sockets are
 * built (libexos/net will put BSD sockets on the raw API itself).
 * IPv4 only: Ethernet, ARP, ICMP, UDP, TCP, raw PCBs (ping) and DHCP.
 * Sizes are for an httpd holding 200 connections at once.
 */
#ifndef EXOS_LWIPOPTS_H
#define EXOS_LWIPOPTS_H

#define NO_SYS                      1
#define SYS_LIGHTWEIGHT_PROT        0
#define LWIP_TIMERS                 1
#define LWIP_NETCONN                0
#define LWIP_SOCKET                 0

#define LWIP_IPV4                   1
#define LWIP_IPV6                   0
#define LWIP_ARP                    1
#define LWIP_ETHERNET               1
#define LWIP_ICMP                   1
#define LWIP_RAW                    1
#define LWIP_UDP                    1
#define LWIP_TCP                    1
#define LWIP_DHCP                   1
#define LWIP_DNS                    0
#define LWIP_IGMP                   0
#define LWIP_AUTOIP                 0
#define IP_REASSEMBLY               1
#define IP_FRAG                     1

/* Memory: lwIP's heap is picolibc's malloc (over libexos's sbrk);
 * pools for the fixed-size objects. */
#define MEM_LIBC_MALLOC             1
#define MEM_ALIGNMENT               8
#define MEMP_NUM_PBUF               64
#define PBUF_POOL_SIZE              128
#define MEMP_NUM_UDP_PCB            16
#define MEMP_NUM_RAW_PCB            4
#define MEMP_NUM_TCP_PCB            256
#define MEMP_NUM_TCP_PCB_LISTEN     16
#define MEMP_NUM_TCP_SEG            512
#define MEMP_NUM_REASSDATA          8
#define MEMP_NUM_SYS_TIMEOUT        (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 4)

#define TCP_MSS                     1460
#define TCP_WND                     (8 * TCP_MSS)
#define TCP_SND_BUF                 (8 * TCP_MSS)
#define TCP_SND_QUEUELEN            (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_LISTEN_BACKLOG          1
#define LWIP_TCP_KEEPALIVE          1
#define SO_REUSE                    1

/* Checksums in software: the virtio-net offloads are not negotiated. */
#define LWIP_CHKSUM_ALGORITHM       3
#define CHECKSUM_GEN_IP             1
#define CHECKSUM_GEN_UDP            1
#define CHECKSUM_GEN_TCP            1
#define CHECKSUM_GEN_ICMP           1
#define CHECKSUM_CHECK_IP           1
#define CHECKSUM_CHECK_UDP          1
#define CHECKSUM_CHECK_TCP          1
#define CHECKSUM_CHECK_ICMP         1

#define LWIP_NETIF_STATUS_CALLBACK  1
#define LWIP_NETIF_LINK_CALLBACK    1
#define LWIP_NETIF_HOSTNAME         1
#define ETH_PAD_SIZE                0

#define LWIP_STATS                  0
#define LWIP_ERRNO_STDINCLUDE       1

#endif
