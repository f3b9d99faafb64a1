/*
 * socket.c - sockets before the network stack (the network issue adds
 * it): socket() fails with EAFNOSUPPORT, calls on descriptors that are
 * not sockets with ENOTSOCK, name lookups find nothing; the address
 * conversions work.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

int h_errno;
const struct in6_addr in6addr_any = { { { 0 } } };
const struct in6_addr in6addr_loopback = { { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } } };

static int no_socket(void)
{
	errno = ENOTSOCK;
	return -1;
}

int socket(int domain, int type, int proto)
{
	(void)domain, (void)type, (void)proto;
	errno = EAFNOSUPPORT;
	return -1;
}

int socketpair(int domain, int type, int proto, int sv[2])
{
	(void)domain, (void)type, (void)proto, (void)sv;
	errno = EAFNOSUPPORT;
	return -1;
}

int bind(int fd, const struct sockaddr *a, socklen_t len)
{
	(void)fd, (void)a, (void)len;
	return no_socket();
}

int connect(int fd, const struct sockaddr *a, socklen_t len)
{
	(void)fd, (void)a, (void)len;
	return no_socket();
}

int listen(int fd, int backlog)
{
	(void)fd, (void)backlog;
	return no_socket();
}

int accept(int fd, struct sockaddr *a, socklen_t *len)
{
	(void)fd, (void)a, (void)len;
	return no_socket();
}

int shutdown(int fd, int how)
{
	(void)fd, (void)how;
	return no_socket();
}

int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	(void)fd, (void)level, (void)name, (void)val, (void)len;
	return no_socket();
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	(void)fd, (void)level, (void)name, (void)val, (void)len;
	return no_socket();
}

int getsockname(int fd, struct sockaddr *a, socklen_t *len)
{
	(void)fd, (void)a, (void)len;
	return no_socket();
}

int getpeername(int fd, struct sockaddr *a, socklen_t *len)
{
	(void)fd, (void)a, (void)len;
	return no_socket();
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	(void)fd, (void)buf, (void)len, (void)flags;
	return no_socket();
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	(void)fd, (void)buf, (void)len, (void)flags;
	return no_socket();
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *a,
	       socklen_t alen)
{
	(void)fd, (void)buf, (void)len, (void)flags, (void)a, (void)alen;
	return no_socket();
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *a, socklen_t *alen)
{
	(void)fd, (void)buf, (void)len, (void)flags, (void)a, (void)alen;
	return no_socket();
}

ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
	(void)fd, (void)m, (void)flags;
	return no_socket();
}

ssize_t recvmsg(int fd, struct msghdr *m, int flags)
{
	(void)fd, (void)m, (void)flags;
	return no_socket();
}

int inet_aton(const char *cp, struct in_addr *inp)
{
	unsigned long part[4];
	int n = 0;
	char *end;

	for (;;) {
		if (*cp < '0' || *cp > '9')
			return 0;
		part[n++] = strtoul(cp, &end, 0);
		if (*end != '.' || n == 4)
			break;
		cp = end + 1;
	}
	if (*end)
		return 0;
	uint32_t a;
	switch (n) {
	case 1:
		a = (uint32_t)part[0];
		break;
	case 2:
		if (part[0] > 255 || part[1] > 0xffffff)
			return 0;
		a = (uint32_t)(part[0] << 24 | part[1]);
		break;
	case 3:
		if (part[0] > 255 || part[1] > 255 || part[2] > 0xffff)
			return 0;
		a = (uint32_t)(part[0] << 24 | part[1] << 16 | part[2]);
		break;
	default:
		for (int i = 0; i < 4; i++)
			if (part[i] > 255)
				return 0;
		a = (uint32_t)(part[0] << 24 | part[1] << 16 | part[2] << 8 | part[3]);
	}
	if (inp)
		inp->s_addr = htonl(a);
	return 1;
}

in_addr_t inet_addr(const char *cp)
{
	struct in_addr a;

	return inet_aton(cp, &a) ? a.s_addr : INADDR_NONE;
}

char *inet_ntoa(struct in_addr in)
{
	static char buf[INET_ADDRSTRLEN];
	const unsigned char *b = (const unsigned char *)&in.s_addr;

	snprintf(buf, sizeof(buf), "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	return buf;
}

const char *inet_ntop(int af, const void *src, char *dst, socklen_t size)
{
	char buf[INET6_ADDRSTRLEN];

	if (af == AF_INET) {
		struct in_addr a;
		memcpy(&a, src, 4);
		strcpy(buf, inet_ntoa(a));
	} else if (af == AF_INET6) {
		const unsigned char *b = src;
		int n = 0;
		for (int i = 0; i < 16; i += 2)
			n += snprintf(buf + n, sizeof(buf) - (size_t)n, i ? ":%x" : "%x",
				      b[i] << 8 | b[i + 1]);
	} else {
		errno = EAFNOSUPPORT;
		return 0;
	}
	if (strlen(buf) + 1 > size) {
		errno = ENOSPC;
		return 0;
	}
	return strcpy(dst, buf);
}

int inet_pton(int af, const char *src, void *dst)
{
	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	for (const char *p = src; *p; p++)
		if ((*p < '0' || *p > '9') && *p != '.')
			return 0;
	return inet_aton(src, dst);
}

struct hostent *gethostbyname(const char *name)
{
	(void)name;
	h_errno = HOST_NOT_FOUND;
	return 0;
}

struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type)
{
	(void)addr, (void)len, (void)type;
	h_errno = HOST_NOT_FOUND;
	return 0;
}

struct servent *getservbyname(const char *name, const char *proto)
{
	(void)name, (void)proto;
	return 0;
}

struct servent *getservbyport(int port, const char *proto)
{
	(void)port, (void)proto;
	return 0;
}

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
		struct addrinfo **res)
{
	(void)node, (void)service, (void)hints, (void)res;
	return EAI_FAIL;
}

void freeaddrinfo(struct addrinfo *res)
{
	(void)res;
}

const char *gai_strerror(int err)
{
	(void)err;
	return "no network";
}

int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host, socklen_t hostlen,
		char *serv, socklen_t servlen, int flags)
{
	(void)sa, (void)salen, (void)host, (void)hostlen, (void)serv, (void)servlen, (void)flags;
	return EAI_FAIL;
}

const char *hstrerror(int err)
{
	(void)err;
	return "host not found";
}

unsigned if_nametoindex(const char *name)
{
	(void)name;
	return 0;
}

char *if_indextoname(unsigned index, char *name)
{
	(void)index, (void)name;
	errno = ENXIO;
	return 0;
}
