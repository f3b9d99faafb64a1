/*
 * ids.c - users and groups.  Every process runs as root (uid and gid 0):
 * exos keeps no per-process credentials, and the names come from
 * /etc/passwd and /etc/group in the boot archive (passwd.c).
 */
#include <errno.h>
#include <grp.h>
#include <unistd.h>
#include "exos/uaccess.h"

uid_t getuid(void)
{
	return 0;
}

uid_t geteuid(void)
{
	return 0;
}

gid_t getgid(void)
{
	return 0;
}

gid_t getegid(void)
{
	return 0;
}

/* Root may become anyone, but nothing here would change: only 0 is
 * accepted, so a program dropping privileges learns that it cannot. */
static int only_root(int id)
{
	if (id != 0) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

int setuid(uid_t uid)
{
	return only_root(uid);
}

int setgid(gid_t gid)
{
	return only_root(gid);
}

int seteuid(uid_t uid)
{
	return only_root(uid);
}

int setegid(gid_t gid)
{
	return only_root(gid);
}

int setgroups(int n, const gid_t *list)
{
	for (int i = 0; i < n; i++) {
		gid_t g;
		if (exos_copy_in(&g, &list[i], sizeof(g))) {
			errno = EFAULT;
			return -1;
		}
		if (g != 0)
			return only_root(g);
	}
	return 0;
}

int getgroups(int n, gid_t list[])
{
	static const gid_t root = 0;

	if (n == 0)
		return 1;
	if (n < 0) {
		errno = EINVAL;
		return -1;
	}
	if (exos_copy_out(list, &root, sizeof(root))) {
		errno = EFAULT;
		return -1;
	}
	return 1;
}
