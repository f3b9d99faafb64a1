/*
 * driver.c - matching device-tree nodes against the driver table.
 */
#include "driver.h"

/* The first driver in the table taking compatible string c. */
static bool match_one(const char *c, const struct driver **drv, const struct driver_match **match)
{
	for (const struct driver *const *d = driver_table; *d; d++)
		for (const struct driver_match *m = (*d)->match; m->compatible; m++)
			if (strcmp(m->compatible, c) == 0) {
				*drv = *d;
				*match = m;
				return true;
			}
	return false;
}

int driver_match(const struct fdt *f, int node, const struct driver **drv,
		 const struct driver_match **match)
{
	int len, off = 0;
	const void *list = fdt_prop(f, node, "compatible", &len);
	const char *c;

	while ((c = fdt_strlist_next(list, len, &off)) != NULL)
		if (match_one(c, drv, match))
			return 0;
	return DRIVER_E_NOMATCH;
}
