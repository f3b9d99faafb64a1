# arch/riscv/objects.mk - boot, traps, Sv39, SBI, PLIC, timer: every .c
# and .S here is kernel code.
kernel-srcs += $(wildcard $(d)*.S $(d)*.c)

# Early boot code runs before translation: no jump tables (absolute addresses).
$(B)/k/$(d)early.o: KCFLAGS += -fno-jump-tables
