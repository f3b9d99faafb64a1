/*
 * killcmd.h - the kill command, shared by /bin/kill and the shell's
 * builtin (ending a background job takes the capability the shell holds
 * as the job's parent, so the shell runs it itself).
 */
#ifndef USERLAND_LIB_KILLCMD_H
#define USERLAND_LIB_KILLCMD_H

/* kill [-N | -s N] pid...: every signal ends the process (the library OS
 * has no signal handlers yet); -0 only checks that it exists.  Messages
 * go to stderr; returns the exit status (0, 1 for a process that could
 * not be signalled, 2 for a usage error). */
int kill_command(int argc, char **argv);

#endif
