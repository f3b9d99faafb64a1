/*
 * board.h - the machine as the device tree describes it.
 *
 * board_parse() reads everything the kernel needs from the flattened
 * device tree once, at boot, into a struct board; nothing else in the
 * kernel looks at board addresses.  It never trusts the blob: any
 * inconsistency is reported as a negative BOARD_E_* code plus a
 * one-line message in board->err naming what is wrong.
 */
#ifndef KERNEL_BOARD_H
#define KERNEL_BOARD_H

#include "klib.h"

#define BOARD_MAX_MEM 8
#define BOARD_MAX_RSV 16
#define BOARD_MAX_HARTS 8
#define BOARD_MAX_VIRTIO 8

struct board_range {
	uint64_t base;
	uint64_t size;
};

enum board_uart_kind {
	UART_NONE = 0,
	UART_NS16550,    /* "ns16550a", "ns16550" (QEMU virt) */
	UART_DW_APB,     /* "snps,dw-apb-uart" (JH7110), 16550-like */
	UART_SIFIVE,     /* "sifive,uart0" (FU540 / sifive_u) */
};

struct board_hart {
	uint32_t hartid;
	bool usable;     /* status okay, mmu-type riscv,sv39/48/57, has S-mode */
	bool has_sstc;   /* ISA string (riscv,isa or riscv,isa-extensions) */
	bool has_zicboz;
	char isa[64];    /* riscv,isa, truncated */
	char mmu[16];    /* mmu-type without the "riscv," prefix, or "" */
	int32_t plic_ctx; /* S-mode PLIC context from interrupts-extended, -1 if none */
};

struct board {
	struct board_range mem[BOARD_MAX_MEM];   /* /memory nodes, sorted by base */
	int nmem;
	/* memory reservation block + enabled /reserved-memory children, sorted,
	 * not overlapping, each inside one memory range (regions wholly
	 * outside RAM are dropped) */
	struct board_range rsv[BOARD_MAX_RSV];
	int nrsv;

	struct board_hart harts[BOARD_MAX_HARTS]; /* /cpus "cpu" nodes, sorted by hartid */
	int nharts;
	uint64_t timebase_hz;   /* /cpus timebase-frequency (or per-cpu) */

	struct {
		enum board_uart_kind kind;
		uint64_t base, size;
		uint32_t reg_shift;     /* 0 when absent */
		uint32_t reg_io_width;  /* 1 when absent */
		uint32_t clock_hz;      /* clock-frequency, 0 when absent */
		uint32_t irq;           /* PLIC source from "interrupts", 0 when absent */
		char path[64];          /* node path, for the banner */
	} uart;

	struct {
		uint64_t base, size;    /* size == 0: no PLIC */
		uint32_t ndev;          /* riscv,ndev */
		uint32_t phandle;
	} plic;

	struct {
		uint64_t base;          /* 0: none; else the "sifive,test0" node's reg */
		uint32_t poweroff_value; /* from syscon-poweroff "value", default 0x5555 */
		uint32_t reboot_value;   /* from syscon-reboot "value", default 0x7777 */
	} testdev;

	struct board_range clint; /* "sifive,clint0"/"riscv,clint0", size 0 if none */
	struct board_range rtc;   /* "google,goldfish-rtc" (QEMU virt), size 0 if none */

	struct {
		uint64_t base, size;
		uint32_t irq;           /* PLIC source */
	} virtio[BOARD_MAX_VIRTIO];     /* "virtio,mmio" nodes, sorted by base; past
					 * BOARD_MAX_VIRTIO the highest bases are left out */
	int nvirtio;

	struct board_range initrd;      /* /chosen linux,initrd-start/-end; size 0 if none */
	uint8_t rng_seed[64];           /* /chosen rng-seed */
	uint32_t rng_seed_len;
	char bootargs[256];             /* /chosen bootargs, "" if absent */
	char model[64];                 /* / model, "" if absent */

	char err[128];                  /* set when board_parse fails */
};

#define BOARD_E_FDT      -1  /* the blob itself is malformed (err says how) */
#define BOARD_E_NOMEM    -2  /* no usable /memory node */
#define BOARD_E_NOCPU    -3  /* no /cpus, or no hart with an MMU */
#define BOARD_E_NOCONS   -4  /* no usable console (stdout-path or fallback) */
#define BOARD_E_BADRSV   -5  /* overlapping or out-of-range reserved regions */
#define BOARD_E_BADINITRD -6 /* initrd not inside RAM, or end < start */
#define BOARD_E_TOOMANY  -7  /* more memory ranges, reserved regions or harts than
				 * the tables hold (extra virtio slots are dropped) */

/* Parse the DTB at blob (at most max_size bytes readable) into *b.
 * Returns 0 (b->err "") or a BOARD_E_* code with b->err describing the
 * problem in one line; the other fields are then incomplete. */
int board_parse(struct board *b, const void *blob, size_t max_size);

/* After board_parse() failed: fill only b->testdev (zero if the tree
 * names none), leaving b->err alone, so that the failure can still be
 * reported through QEMU's exit device.  0 or BOARD_E_FDT. */
int board_parse_testdev(struct board *b, const void *blob, size_t max_size);

#endif
