/*
 * net/if.h - network interfaces (none until the network issue).
 */
#ifndef EXOS_NET_IF_H
#define EXOS_NET_IF_H

#include <sys/socket.h>

#define IFNAMSIZ 16
#define IF_NAMESIZE IFNAMSIZ

struct if_nameindex {
	unsigned if_index;
	char *if_name;
};

#ifdef __cplusplus
extern "C" {
#endif
unsigned if_nametoindex(const char *name);
char *if_indextoname(unsigned index, char *name);
#ifdef __cplusplus
}
#endif

#endif
