# userland/lib/objects.mk - code programs share (build/libuser.a, linked
# into every program); programs include its headers by name.  Empty for
# now: the one piece it held, the kill command of the old shell and
# /bin/kill, went with them (BusyBox's kill and ash replace both).
userlib-srcs += $(wildcard $(d)*.c)

$(B)/u/userland/%.o: UCFLAGS += -iquote $(d)
