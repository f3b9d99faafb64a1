/*
 * uname.c - the system's names: exos, the host name from the kernel
 * command line (hostname=NAME, else "exos"), the machine riscv64.
 */
#include <errno.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "exos/exos.h"
#include "exos/uaccess.h"

#define EXOS_RELEASE "0.1"

/* The value of word=VALUE on the kernel command line, or NULL. */
static const char *bootarg(const char *word, char *out, size_t len)
{
	const volatile char *p = exos_info->bootargs;
	size_t n = strlen(word);

	for (size_t i = 0; i < sizeof(exos_info->bootargs) && p[i]; i++) {
		if (i && p[i - 1] != ' ')
			continue;
		size_t k = 0;
		while (k < n && p[i + k] == word[k])
			k++;
		if (k < n || p[i + k] != '=')
			continue;
		size_t j = 0;
		for (i += k + 1; j + 1 < len && p[i] && p[i] != ' '; i++)
			out[j++] = p[i];
		out[j] = 0;
		return out;
	}
	return 0;
}

int gethostname(char *name, size_t len)
{
	char buf[_UTSNAME_LENGTH];
	const char *h = bootarg("hostname", buf, sizeof(buf));

	if (!h)
		h = "exos";
	if (strlen(h) + 1 > len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (exos_copy_out(name, h, strlen(h) + 1)) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

int sethostname(const char *name, size_t len)
{
	(void)name, (void)len;
	errno = EPERM;
	return -1;
}

int uname(struct utsname *uu)
{
	struct utsname v, *u = &v;

	memset(u, 0, sizeof(*u));
	strcpy(u->sysname, "exos");
	gethostname(u->nodename, sizeof(u->nodename));
	strcpy(u->release, EXOS_RELEASE);
	strcpy(u->version, "exokernel " __DATE__);
	strcpy(u->machine, "riscv64");
	strcpy(u->domainname, "(none)");
	if (exos_copy_out(uu, u, sizeof(*u))) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}
