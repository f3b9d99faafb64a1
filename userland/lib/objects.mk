# userland/lib/objects.mk - code programs share (build/libuser.a, linked
# into every program): the kill command, /bin/kill's and the shell's.
# Programs include its headers by name.
userlib-srcs += $(wildcard $(d)*.c)

$(B)/u/userland/%.o: UCFLAGS += -iquote $(d)
