# drivers-exported/objects.mk - the user halves of exported devices
# (virtio-blk requests, virtio-net frames, ring handling), linked into
# libexos.  Empty until the storage and network drivers arrive.
libexos-srcs += $(wildcard $(d)*.c)

$(B)/u/$(d)%.o: UCFLAGS += -iquote $(d) -iquote lib
