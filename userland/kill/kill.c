/*
 * kill - end processes: kill [-N | -s N] pid... (userland/lib/killcmd.c,
 * which the shell runs as a builtin too).
 */
#include "killcmd.h"

int main(int argc, char **argv)
{
	return kill_command(argc, argv);
}
