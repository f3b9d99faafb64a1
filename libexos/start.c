/*
 * start.c - C start-up: thread-local storage for errno, constructors,
 * main, exit.
 */
#include <stdlib.h>
#include "exos/exos.h"
#include "fd.h"
#include "shared.h"
#include "signal.h"
#include "proc/ptab.h"

extern char __tls_base[];
extern void _set_tls(void *tls);
extern void __libc_init_array(void);
extern int main(int argc, char **argv);
extern char **environ;
void exos_exec_cleanup(void);
void exos_stdio_init(void);

/* The loader has already placed .tdata and zeroed .tbss at __tls_base,
 * so the main thread's TLS block is ready; only tp needs setting. */
/* The kernel starts init with a0 = 0 and a1 = its env id; a program
 * started by exos_spawn_program or exec gets a0 = its argument block
 * (argc, EXOS_FD_MAX descriptor specs, argv[] with a NULL, the
 * environment with a NULL, then the strings), at the top of its stack. */
void __exos_start(long arg, uint32_t self)
{
	static char *args[] = { "init", 0 };
	int argc = 1;
	char **argv = args;

	_set_tls(__tls_base);
	exos_runtime_init(self);
	__libc_init_array();
	if (arg) {
		exos_exec_cleanup();   /* the pages exec left behind, if we came from one */
		argc = (int)*(const uint64_t *)arg;
		exos_fd_init((const struct exos_fd_spec *)(arg + 8));
		argv = (char **)(arg + 8 + EXOS_FD_MAX * sizeof(struct exos_fd_spec));
		environ = argv + argc + 1;
	} else {
		exos_fd_init(0);
	}
	/* A new image: default handlers, the mask and ignored signals kept
	 * (the save area has them), our row of the process table. */
	exos_shared_attach();
	exos_signal_init(1);
	exos_ptab_set_cmd(argv);
	exos_stdio_init();
	exit(main(argc, argv));
}

uint64_t exos_idle_instret(void)
{
	uint64_t sum = 0;

	for (int i = 0; i < EXOS_MAX_HARTS; i++)
		sum += exos_info->idle_instret[i];
	return sum;
}
