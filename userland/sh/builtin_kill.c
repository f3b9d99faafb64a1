/*
 * builtin_kill.c - the shell's kill builtin: the same command as
 * /bin/kill, run inside the shell, because ending a background job takes
 * the capability the shell holds as the job's parent.
 */
#define KILL_NO_MAIN
#include "../kill/kill.c"
