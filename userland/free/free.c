/* free - memory, from the exported info page (no system call). */
#include <stdio.h>
#include "exos/exos.h"

int main(void)
{
	unsigned long total = exos_info->pages_total, freep = exos_info->pages_free;

	printf("%10s %10s %10s\n", "KiB", "used", "free");
	printf("%10lu %10lu %10lu\n", total * 4, (total - freep) * 4, freep * 4);
	return 0;
}
