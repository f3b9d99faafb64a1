# libexos/tty/objects.mk - the console as a terminal: the line
# discipline (pure C, host-tested), termios and the shared terminal
# with its server.  Part of build/libexos.a.
libexos-srcs += $(wildcard $(d)*.c)
