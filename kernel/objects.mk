# kernel/objects.mk - the exokernel proper: every .c here.  A subsystem
# in a folder of its own (kernel/xn/, kernel/dpf/) brings its own
# objects.mk, the same line with its folder in $(d).
kernel-srcs += $(wildcard $(d)*.c)
