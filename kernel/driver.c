/*
 * driver.c - matching device-tree nodes against the driver table.
 */
#include "driver.h"

int driver_match(const struct fdt *f, int node, const struct driver **drv,
		 const struct driver_match **match)
{
	int len, best = -1;
	const void *list = fdt_prop(f, node, "compatible", &len);

	if (!list)
		return DRIVER_E_NOMATCH;
	for (const struct driver *const *d = driver_table; *d; d++)
		for (const struct driver_match *m = (*d)->match; m->compatible; m++) {
			int i = fdt_strlist_index(list, len, m->compatible);
			if (i >= 0 && (best < 0 || i < best)) {
				best = i;
				*drv = *d;
				*match = m;
			}
		}
	return best < 0 ? DRIVER_E_NOMATCH : 0;
}
