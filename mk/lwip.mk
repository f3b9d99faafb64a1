# lwip.mk - lwIP from Debian's `lwip` source package (fetched and
# unpacked under build/src/lwip by scripts/debian-source.sh, never
# committed), built for exos with libexos/net/lwip/'s port.
#
#   make lwip         build/lwip/liblwip.a: NO_SYS, raw API, IPv4, built
#                     with the userland's flags (UCFLAGS)
#   make lwip-check   lwIP's own unit checks (test/unit, the Check
#                     framework) built and run on the host
#
# Neither is part of `make` or `make check` yet: the glue to DPF rings
# and sockets (libexos/net) comes with the kernel's network layer.

LWIP_DIR   := $(B)/src/lwip
LWIP_STAMP := $(LWIP_DIR)/.unpacked
LWIP_PORT  := libexos/net/lwip

$(LWIP_STAMP): scripts/debian-source.sh | $(DEPS_STAMP)
	$(call msg,FETCH,lwip)
	$(Q)sh scripts/debian-source.sh lwip $(B)/src
	$(Q)touch $@

# The NO_SYS raw-API set for IPv4 (lwIP's src/Filelists.mk names them).
LWIP_CORE := init def inet_chksum ip mem memp netif pbuf raw stats sys tcp tcp_in tcp_out \
             timeouts udp
LWIP_CORE4 := dhcp etharp icmp ip4 ip4_addr ip4_frag
LWIP_SRCS := $(addprefix $(LWIP_DIR)/src/core/,$(addsuffix .c,$(LWIP_CORE))) \
             $(addprefix $(LWIP_DIR)/src/core/ipv4/,$(addsuffix .c,$(LWIP_CORE4))) \
             $(LWIP_DIR)/src/netif/ethernet.c
LWIP_OBJS := $(patsubst $(LWIP_DIR)/src/%.c,$(B)/lwip/%.o,$(LWIP_SRCS)) $(B)/lwip/port/sys_arch.o
LWIP_HDRS := $(wildcard $(LWIP_PORT)/*.h $(LWIP_PORT)/arch/*.h)
LWIP_CFLAGS = $(UCFLAGS) -I$(LWIP_PORT) -I$(LWIP_DIR)/src/include

$(LWIP_SRCS): $(LWIP_STAMP) ;

$(B)/lwip/%.o: $(LWIP_DIR)/src/%.c $(LWIP_HDRS) | $(B)/gen/exos/sysno.h
	$(call msg,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LWIP_CFLAGS) -c $< -o $@
$(B)/lwip/port/sys_arch.o: $(LWIP_PORT)/sys_arch.c $(LWIP_HDRS) $(LWIP_STAMP) | $(B)/gen/exos/sysno.h
	$(call msg,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LWIP_CFLAGS) -c $< -o $@
$(B)/lwip/liblwip.a: $(LWIP_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(CROSS)ar rcs $@ $^

lwip: $(B)/lwip/liblwip.a

# lwIP's unit checks use their own lwipopts.h (NO_SYS=0 over a fake
# sys layer) and Debian's unix port for arch/cc.h.  Warnings in lwIP's
# code are not ours to fix: -w.
LWIP_TEST_FLAGS := -O1 -g -w -include $(LWIP_PORT)/test/config.h -I$(LWIP_PORT)/test \
                   -I$(LWIP_DIR)/test/unit -I$(LWIP_DIR)/port/include -I$(LWIP_DIR)/src/include
$(B)/lwip/host/lwip_unittests: $(LWIP_STAMP) $(LWIP_PORT)/test/config.h
	$(call msg,HOSTCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(LWIP_TEST_FLAGS) -o $@ \
		$$(ls $(LWIP_DIR)/src/core/*.c $(LWIP_DIR)/src/core/ipv4/*.c \
		      $(LWIP_DIR)/src/core/ipv6/*.c $(LWIP_DIR)/src/api/*.c \
		      $(LWIP_DIR)/test/unit/*.c $(LWIP_DIR)/test/unit/*/*.c) \
		$(LWIP_DIR)/src/netif/ethernet.c $(LWIP_DIR)/src/apps/mdns/mdns.c \
		$(LWIP_DIR)/src/apps/mqtt/mqtt.c -lcheck -lsubunit -lm -lpthread -lrt
lwip-check: $(B)/lwip/host/lwip_unittests
	$(B)/lwip/host/lwip_unittests

clean: clean-lwip
clean-lwip:
	rm -rf $(B)/lwip

.PHONY: lwip lwip-check clean-lwip
