# userland/objects.mk - the programs.  userland/<name>/ holding a
# <name>.c is program <name>, linked from every .c and .S there; each
# userland/tests/<t>.c is program <t>.  Each becomes build/user/<p>.elf,
# /exos/<p> in the boot archive and a kernel build/img/<p>.Image that
# runs it as init.
user-progs := $(notdir $(patsubst %/,%,$(dir $(foreach x,$(wildcard $(d)*),\
	$(wildcard $(x)/$(notdir $(x)).c)))))
test-progs := $(basename $(notdir $(wildcard $(d)tests/*.c)))
$(foreach p,$(user-progs),$(eval $(p)-srcs := $(wildcard $(d)$(p)/*.c $(d)$(p)/*.S)))
$(foreach p,$(test-progs),$(eval $(p)-srcs := $(d)tests/$(p).c))
progs += $(user-progs) $(test-progs)
