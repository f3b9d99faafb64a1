/*
 * exos/layout.h - the fixed parts of every env's address space, and the
 * exported kernel information page.
 *
 * Shared by the kernel and libexos.  User virtual addresses live in the
 * lower half of Sv39 (0 .. 2^38).  Everything here is ABI.
 */
#ifndef EXOS_LAYOUT_H
#define EXOS_LAYOUT_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

#define EXOS_PAGE_SIZE     4096UL

/* Lowest address a program may be linked at (page 0 stays unmapped). */
#define EXOS_USER_MIN      0x10000UL
/* One past the highest user address (Sv39: bit 38 clear). */
#define EXOS_USER_END      0x4000000000UL

/* Exported kernel data, read-only and the same in every env (one shared
 * 1 GiB subtree of the page table): the info page first. */
#define EXOS_EXPORT_VA     0x3f00000000UL
#define EXOS_EXPORT_END    0x3f40000000UL
#define EXOS_INFO_VA       EXOS_EXPORT_VA
/* The env table (struct exos_env[EXOS_MAX_ENVS], exos/env.h). */
#define EXOS_ENVS_VA       (EXOS_EXPORT_VA + 0x1000)
/* The slice vectors (uint32_t owner env id [EXOS_MAX_HARTS][EXOS_NSLICES]). */
#define EXOS_SLICES_VA     (EXOS_EXPORT_VA + 0x2000)
/* The software region table (struct exos_swr[EXOS_SWR_MAX],
 * exos/swregion.h). */
#define EXOS_SWR_VA        (EXOS_EXPORT_VA + 0x3000)
/* The physical page table: struct exos_page for every page from
 * exos_info->pages_base_ppn on (exos/pages.h). */
#define EXOS_PAGES_VA      (EXOS_EXPORT_VA + 0x100000)
/* The inverse mappings: exos_info->rmap_entries struct exos_rmap
 * (exos/pages.h), after the page table (which must end below). */
#define EXOS_RMAP_VA       (EXOS_EXPORT_VA + 0x10000000)
#define EXOS_RMAP_MAX      0x10000000UL
/* The boot archive (cpio newc), read-only: exos_info->initrd_size bytes
 * from EXOS_INITRD_VA + exos_info->initrd_offset; at most EXOS_INITRD_MAX. */
#define EXOS_INITRD_VA     (EXOS_EXPORT_VA + 0x20000000)
#define EXOS_INITRD_MAX    0x20000000UL

/* This env's save area (struct exos_save, exos/env.h): read-write, always
 * mapped, where the kernel puts the interrupted registers of an upcall. */
#define EXOS_SAVE_VA       0x3f40000000UL
/* This env's own capability list (struct exos_cap_space, exos/cap.h). */
#define EXOS_CAPS_VA       (EXOS_SAVE_VA + 0x1000)
/* Its repossession vector (struct exos_repossession, exos/env.h), on the
 * same read-only page. */
#define EXOS_REPO_VA       (EXOS_CAPS_VA + 0x800)
/* Pages of its own an env always keeps: never revoked. */
#define EXOS_GUARANTEED_PAGES 64
/* [EXOS_EXPORT_VA, EXOS_RESERVED_END) is the kernel's to map. */
#define EXOS_RESERVED_END  0x3f40200000UL

/* The initial user stack: EXOS_STACK_PAGES pages below EXOS_STACK_TOP. */
#define EXOS_STACK_TOP     0x3ef0000000UL
#define EXOS_STACK_PAGES   16

#define EXOS_MAX_HARTS     8
#define EXOS_MAX_ENVS      64
#define EXOS_NSLICES       16

#ifndef __ASSEMBLER__
/* Exported kernel information (one page, read-only to user space). */
struct exos_info {
	uint32_t magic;            /* EXOS_INFO_MAGIC */
	uint32_t version;          /* EXOS_INFO_VERSION */
	uint32_t nharts;           /* harts running the kernel */
	uint32_t boot_hart;        /* hart id of the boot hart */
	uint64_t timebase_hz;      /* rdtime ticks per second */
	uint64_t ram_bytes;        /* all RAM the kernel manages */
	uint64_t pages_total;      /* pages in the allocator */
	uint64_t pages_free;       /* pages on the free list now */
	/* instret spent in wfi, per hart index (not hart id); see benchmarks.md */
	uint64_t idle_instret[EXOS_MAX_HARTS];
	uint32_t hart_ids[EXOS_MAX_HARTS];
	uint32_t counters_ok;      /* 1: rdcycle/rdinstret readable from U-mode */
	uint32_t rng_seed_len;
	uint8_t rng_seed[64];      /* /chosen rng-seed and kaslr-seed, folded */
	char bootargs[256];        /* /chosen bootargs */
	uint64_t kernel_entry_instret; /* instret when the kernel got control */
	uint64_t slice_ticks;      /* length of one time slice in rdtime ticks */
	uint64_t grace_ticks;      /* time an env has to yield after its slice-end upcall */
	uint32_t max_offences;     /* forced preemptions before an env is aborted */
	uint32_t free_head;        /* free list: first page index (EXOS_PAGE_NIL: empty) */
	uint64_t pages_base_ppn;   /* ppn of the first record at EXOS_PAGES_VA */
	uint32_t free_tail;        /* free list: last page index */
	uint32_t max_refs;         /* most mappings one page may have */
	uint32_t revoke_low;       /* free pages below which revocation starts */
	uint32_t _pad2;
	uint64_t revoke_ticks;     /* time an env has to answer a revocation */
	uint64_t revocations;      /* revocation upcalls sent */
	uint64_t repossessed;      /* pages taken by force */
	uint64_t stlb_refills;     /* translation misses the kernel's STLB served */
	uint64_t tables_dropped;   /* Sv39 table pages the kernel dropped (its cache) */
	uint64_t initrd_size;      /* bytes of boot archive at EXOS_INITRD_VA (0: none) */
	uint64_t initrd_offset;    /* its offset in the first page */
	uint32_t asid_bits;        /* ASID bits every hart implements (0: none) */
	uint32_t asids_used;       /* ASID bits the kernel uses (0: a full flush on every switch) */
	uint32_t rmap_entries;     /* entries in the inverse-mapping pool at EXOS_RMAP_VA */
	uint32_t rmap_free;        /* of those, free now (a mapping needs one) */
	/* Console input.  cons_rx_bytes counts every byte the UART has
	 * delivered (it only grows: a reader sleeps until it moves, see
	 * libexos/fd.c); cons_rx_dropped counts those lost because the
	 * kernel's receive buffer (4 KiB) was full. */
	uint64_t cons_rx_bytes;
	uint64_t cons_rx_dropped;
	/* Envs that have ended (exited, killed or destroyed) since boot: a
	 * sleeper waiting on whatever another env holds may wake when it
	 * moves and look at the env table (libexos/fd.c, pipes). */
	uint64_t envs_ended;
	/* Wall-clock time: the device tree's real-time clock read at boot,
	 * in nanoseconds since 1970 (0: no RTC), and rdtime at that moment.
	 * Now = rtc_boot_ns + (rdtime - rtc_boot_ticks) / timebase. */
	uint64_t rtc_boot_ns;
	uint64_t rtc_boot_ticks;
};
/* Fields are only ever appended: programs built earlier keep working. */
_Static_assert(__builtin_offsetof(struct exos_info, cons_rx_bytes) == 600,
	       "struct exos_info is ABI");

#endif

#define EXOS_INFO_MAGIC    0x45584f53u  /* "EXOS" */
#define EXOS_INFO_VERSION  1

#endif
