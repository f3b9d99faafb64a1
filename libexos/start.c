/*
 * start.c - C start-up: thread-local storage for errno, constructors,
 * main, exit.
 */
#include <stdlib.h>
#include "exos/exos.h"

extern char __tls_base[];
extern void _set_tls(void *tls);
extern void __libc_init_array(void);
extern int main(int argc, char **argv);

/* The loader has already placed .tdata and zeroed .tbss at __tls_base,
 * so the main thread's TLS block is ready; only tp needs setting. */
void __exos_start(int argc, char **argv)
{
	static char *no_args[] = { "init", 0 };

	_set_tls(__tls_base);
	__libc_init_array();
	if (argc == 0 || !argv) {
		argc = 1;
		argv = no_args;
	}
	exit(main(argc, argv));
}

uint64_t exos_idle_instret(void)
{
	uint64_t sum = 0;

	for (int i = 0; i < EXOS_MAX_HARTS; i++)
		sum += exos_info->idle_instret[i];
	return sum;
}
