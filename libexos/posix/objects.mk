# libexos/posix/objects.mk - the POSIX calls programs (BusyBox) need
# beyond picolibc's and file.c's, one area a file: directories, fcntl,
# the name space's calls, getopt, ids, job control, limits, mmap,
# mounts, poll, sockets, time, uname.  Part of build/libexos.a.
libexos-srcs += $(wildcard $(d)*.c)
