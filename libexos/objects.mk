# libexos/objects.mk - the library OS: every .c and .S here.  Its own
# objects see libexos/ and lib/ besides the installed headers.
libexos-srcs += $(wildcard $(d)*.c $(d)*.S)

# Linked into every program as objects, not from the archive: crt0, and
# mem.c, whose sbrk must win over the one in picolibc's libc.a, and
# string.c, whose memcpy/memmove/memset must win over its slow ones.
libexos-crt += $(d)crt0.S $(d)mem.c $(d)string.c

$(B)/u/$(d)%.o: UCFLAGS += -iquote $(d) -iquote lib
