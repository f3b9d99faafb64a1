# libexos/proc/objects.mk - processes as others see them: the shared
# process table (ptab), /proc from exported kernel data (procfs) and
# sysinfo.  Part of build/libexos.a.
libexos-srcs += $(wildcard $(d)*.c)
