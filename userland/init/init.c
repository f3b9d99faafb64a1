/*
 * init - the first program: reports what the exported kernel data says,
 * makes the file system every process shares (/tmp), then runs /bin/sh
 * from the boot archive if there is one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "exos/exos.h"
#include "exos/fs.h"

int main(void)
{
	char *sh[] = { "sh", 0 };
	int status = 0;

	printf("init: hello from user space (picolibc printf)\n");
	printf("init: %u harts, %lu of %lu pages free, timebase %lu Hz\n",
	       exos_info->nharts, (unsigned long)exos_info->pages_free,
	       (unsigned long)exos_info->pages_total, (unsigned long)exos_info->timebase_hz);
	if (!exos_info->rng_seed_len)
		printf("init: the device tree has no /chosen/rng-seed or kaslr-seed: "
		       "getentropy fails (ENOSYS)\n");
	/* Made here, it lives as long as the machine and every program
	 * started from now on shares it. */
	if (exos_fs_init() != 0)
		printf("init: no /tmp: %s\n", strerror(errno));
	/* Every program inherits the environment from here on. */
	setenv("HOME", "/", 1);
	setenv("PATH", "/bin", 1);
	/* With a boot archive, run the shell; its status is the machine's. */
	long id = exos_info->initrd_size ? exos_spawn_program("/bin/sh", sh) : -E_NOENT;
	if (id < 0)
		return 0;
	exos_wait((uint32_t)id, &status);
	return status;
}
