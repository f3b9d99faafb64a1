/*
 * fuzz.h - the typed random system-call fuzzer (README: "The fuzzer"):
 * shared layout and the interfaces between its parts.
 *
 *   fuzz.c     the supervisor (init): command line, workers, watchdog,
 *              the kernel's invariant check, the summary
 *   worker.c   one fuzzing env: its loop, its memory canaries, failures
 *   pools.c    the random generator and the typed pools of values
 *   calls.c    one recipe per way of calling each system call, and the
 *              oracle that checks its result (calls_sleep.c: sleeps and
 *              predicates; calls_mem.c: pages and PTEs; calls_swr.c:
 *              software regions); a call of kernel/syscalls.tbl that no
 *              recipe names gets typed arguments from its row
 *              (calls_generic.c)
 *   exec.c     running a call through the register-checking stubs
 *              (stubs.S), the register oracle, the PCT handler
 *   trace.c    the trace rings, the trace hash, printing calls
 *
 * Several workers fuzz at once and target each other; each keeps a
 * ring of its last calls in a page the supervisor owns, so a failure
 * (or, after a kernel panic, a replay under gdb: scripts/fuzz.sh) shows
 * the calls that led to it.
 */
#ifndef FUZZ_H
#define FUZZ_H

/* struct fz_regs (exec.c, stubs.S): offsets in bytes. */
#define FZ_IN        0      /* uint64_t in[32]: x0-x31 to load (x0, sp, gp, tp ignored) */
#define FZ_FIN       256    /* uint64_t fin[32]: f0-f31 to load */
#define FZ_SV        512    /* uint64_t sv[32]: the save area's registers (resume calls) */
#define FZ_OUT       768    /* uint64_t out[32]: x0-x31 after the call */
#define FZ_FOUT      1024   /* uint64_t fout[32]: f0-f31 after */
#define FZ_FCSR_OUT  1280
#define FZ_FCSR_IN   1288
#define FZ_SAVE_PC   1296   /* resume calls: the pc to resume at (0: the landing) */
#define FZ_SAVE_SP   1304   /* and the sp (0: the stub's own) */
#define FZ_LANDED    1312   /* 0 returned, 1 resumed at the landing, 2 recovered */
#define FZ_SP_IN     1320   /* sp at the ecall */
#define FZ_REGS_SIZE 1328

/* Exit statuses of a child running fz_child_code (stubs.S). */
#define FZ_CHILD_OK     0x11
/* An FP register was not zero at its start: this bit, the register's
 * number (32: fcsr) in bits 24-29, bits 40-47 and 16-31 of its value
 * in bits 16-23 and 0-15 (a canary's tag, a child's own 0x0dd5eed0...). */
#define FZ_CHILD_FP     0x40000000
#define FZ_CHILD_INT    78    /* an integer register was not zero at its start */
/* The save area's kind for the resume stubs: EXOS_ENTRY_ADDRESSING. */
#define FZ_KIND_ADDRESSING 3

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>
#include "exos/exos.h"
#include "exos/swregion.h"

/* ---------------------------------------------------------------- layout */

/* The supervisor's shared pages, mapped at the same address in every
 * worker: the control page, then each worker's trace ring (a worker
 * maps only its own, at FZ_RING_VA). */
#define FZ_SHARED_VA   0x1800000000UL
#define FZ_RING_VA     (FZ_SHARED_VA + 4096)
/* A worker's own areas (each its own 1 GiB, away from libexos's). */
#define FZ_AREA_VA     0x1000000000UL   /* FZ_AREA_PAGES pages it maps and unmaps */
#define FZ_AREA_PAGES  64
#define FZ_MEGA_VA     0x1040000000UL   /* 2 MiB aligned, for megapage attempts */
#define FZ_FIXED_VA    0x1c00000000UL   /* canary page, console page, predicate edge */
#define FZ_CANARY_VA   FZ_FIXED_VA
#define FZ_CONS_VA     (FZ_FIXED_VA + 0x2000)   /* 4 KiB of '~', unmapped after */
#define FZ_EDGE_VA     (FZ_FIXED_VA + 0x4000)   /* a page whose successor is unmapped */
#define FZ_CODE_VA     (FZ_FIXED_VA + 0x6000)   /* the children's program (stubs.S) */
#define FZ_FIXED_SIZE  0x8000
#define FZ_CHILD_VA    0x10000UL                /* where children run it */

#define FZ_MAX_WORKERS 8
#define FZ_NCALLS      SYS_COUNT   /* numbers 0 to the table's last (some unused) */

/* Canaries: 0xc0fe, the tag (env id; bit 31 for a PCT activation),
 * 16 bits of position.  No address or pool value has this form. */
#define FZ_CANARY_MAGIC 0xc0feUL
_Static_assert(FZ_KIND_ADDRESSING == EXOS_ENTRY_ADDRESSING, "stubs.S");

static inline uint64_t fz_canary(uint32_t tag, uint32_t k)
{
	return FZ_CANARY_MAGIC << 48 | (uint64_t)tag << 16 | (k & 0xffff);
}
/* The form of a canary: the magic, and a position below 0x60 (in, fin
 * and sv of exec.c).  Whether its tag is an env's: exec.c. */
static inline int fz_is_canary(uint64_t v)
{
	return (v >> 48) == FZ_CANARY_MAGIC && (v & 0xff) < 0x60;
}
static inline uint32_t fz_canary_tag(uint64_t v)
{
	return (uint32_t)(v >> 16);
}

/* ---------------------------------------------------------------- trace */

/* One call in a trace ring (72 bytes): written before the call, its
 * result after. */
struct fz_rec {
	uint32_t seq;         /* the worker's call number */
	uint16_t nr;          /* system call number */
	uint8_t recipe;       /* which recipe made it (calls.c) */
	uint8_t flags;        /* FZ_REC_* */
	uint64_t a[7];        /* a0-a6 */
	int64_t ret;          /* a0 after */
};
#define FZ_REC_PCT      1   /* made inside the PCT handler */
#define FZ_REC_PENDING  2   /* no result yet (the call did not come back) */
#define FZ_REC_RESUMED  4   /* a resume call landed */
#define FZ_REC_RECOVER  8   /* a hostile resume faulted, as it should */

#define FZ_RING_OWN 40
#define FZ_RING_PCT 16
/* A worker's ring page (scripts/fuzz-trace.py reads it too). */
struct fz_ring {
	uint32_t head, phead;          /* next record of each ring */
	uint32_t id, _pad;             /* the worker's env id */
	struct fz_rec own[FZ_RING_OWN];
	struct fz_rec pct[FZ_RING_PCT];
};
_Static_assert(sizeof(struct fz_rec) == 72, "fz_rec is read by scripts/fuzz-trace.py");
_Static_assert(sizeof(struct fz_ring) <= 4096, "a ring is one page");

/* A worker's row in the control page: written by the worker (counters,
 * with atomic adds: its PCT handler interleaves) and the supervisor. */
struct fz_wslot {
	uint32_t id;          /* the env now in this slot, 0: none */
	uint32_t gen;         /* how many envs this slot has had */
	uint32_t ready;       /* the supervisor has set it up */
	uint32_t done;        /* the worker's last word: FZ_DONE_* */
	uint64_t calls;       /* calls made (own thread and PCT handler) */
	uint64_t hash;        /* trace hash of the own thread's calls */
	uint64_t phash;       /* and of the PCT handler's */
	uint64_t beat;        /* rdtime of its latest call */
	uint64_t resumed;     /* resume calls that landed */
	uint64_t recovered;   /* hostile resumes that faulted as expected */
	uint64_t pcts;        /* PCTs served */
	uint64_t zero_checked; /* fresh pages found zero */
	uint32_t by_nr[FZ_NCALLS];  /* calls per system call */
};

#define FZ_DONE_LIFETIME  1    /* made its calls and exited */
#define FZ_DONE_STOP      2    /* the supervisor said stop */
#define FZ_DONE_DISTURBED 3    /* a peer remapped its memory: not a kernel bug */
#define FZ_DONE_FAULT     4    /* an unexpected fault (peer interference) */
#define FZ_DONE_FAIL      5    /* an oracle failed (printed) */

#define FZ_EXIT_FAIL 99        /* a worker's exit status after a failure */

struct fz_control {
	uint64_t magic;
	uint64_t seed;
	uint32_t nworkers;
	uint32_t stop;        /* the supervisor: stop after the current call */
	uint32_t trace_all;   /* print every call */
	uint32_t failed;      /* a worker's slot + 1 when an oracle failed */
	uint32_t sup;         /* the supervisor's id */
	uint32_t nharts;
	uint32_t npast;       /* ended worker ids (the last FZ_PAST): stale ids, */
	uint32_t past[256];   /* and the tags a foreign canary may have */
	struct fz_wslot w[FZ_MAX_WORKERS];
};
#define FZ_MAGIC 0x7a7a66757a7aUL
#define FZ_PAST 256
_Static_assert(sizeof(struct fz_control) <= 4096, "the control page");
#define fz_ctl ((volatile struct fz_control *)FZ_SHARED_VA)

/* Memory so low (the pressure runs) that the kernel may find no page for
 * a page table: a system call's refill of a dropped binding fails then. */
static inline int fz_low_memory(void)
{
	return exos_info->pages_free < 1024;
}

/* trace.c */
uint64_t fz_hash(uint64_t h, uint64_t v);
const char *fz_recipe_name(unsigned recipe);
struct fz_state;
struct fz_call;
struct fz_rec *fz_trace_begin(struct fz_state *s, int pct, const struct fz_call *c);
void fz_trace_end(struct fz_state *s, struct fz_rec *r, const struct fz_call *c, int pct);
void fz_trace_print_rec(int w, const struct fz_rec *r);
void fz_trace_print_ring(int w, const volatile struct fz_ring *ring, unsigned last);
const char *fz_call_name(unsigned nr);

/* ---------------------------------------------------------------- pools */

struct fz_rng {
	uint64_t s;
};
uint64_t fz_next(struct fz_rng *r);
/* Uniform in [0, n) (n > 0). */
uint64_t fz_below(struct fz_rng *r, uint64_t n);
/* One in n. */
int fz_chance(struct fz_rng *r, uint64_t n);
uint64_t fz_mix(uint64_t a, uint64_t b);

/* What a worker knows: the pools its generators draw from. */
#define FZ_MAX_CHILDREN 4
#define FZ_MAX_PAGES    40
#define FZ_MAX_STALE    16
#define FZ_MAX_REGIONS  4

/* A software region this worker made, and what it knows of its pages:
 * only its own thread writes it (nobody else gets W on it), so a page
 * never written, or freed since, reads all zero, and any other byte is
 * zero or the region's pattern (calls_swr.c). */
struct fz_region {
	uint32_t id;                        /* 0: free entry */
	uint32_t npages;
	int cap;                            /* the slot swr_create filled */
	uint64_t written[EXOS_SWR_MAX_PAGES / 64];   /* pages that hold data */
};

struct fz_state {
	struct fz_rng rng;
	uint32_t self, slot, tag;
	uint32_t sup;
	uint64_t seq;                       /* own-thread calls made */
	uint32_t children[FZ_MAX_CHILDREN]; /* 0: free entry */
	uint32_t stale_ids[FZ_MAX_STALE];   /* ended children, peers */
	uint32_t nstale;
	uint64_t pages[FZ_MAX_PAGES];       /* pages it allocated (0: free entry) */
	uint64_t freed[FZ_MAX_STALE];       /* pages it gave back */
	uint32_t nfreed;
	uint64_t area_ppn[FZ_AREA_PAGES];   /* what it mapped at FZ_AREA_VA + 4096 i */
	uint8_t area_perms[FZ_AREA_PAGES];  /* and with which permissions */
	uint64_t kernel_ppn[4];             /* a kernel, page-table, export and save page */
	uint64_t firmware_ppn;              /* a page no one may use (type NONE) */
	uint64_t free_ppn;                  /* a page that was free when last looked at */
	uint8_t slices[EXOS_MAX_HARTS][EXOS_NSLICES];   /* positions it holds */
	uint32_t nslices;
	int slice_cap;                      /* its [NS_SLICE] capability, or -1 */
	uint64_t canary_ppn, data_ppn;      /* for the memory canaries */
	uint64_t cons_ppn, edge_ppn, code_ppn; /* its fixed pages (FZ_FIXED_VA) */
	uint32_t code_in[FZ_MAX_CHILDREN];  /* child i has the child code mapped */
	struct fz_region regions[FZ_MAX_REGIONS];
	uint32_t stale_regions[FZ_MAX_STALE];   /* ids of regions it destroyed */
	uint32_t nstale_regions;
};

/* Values of one kind.  Each draws mostly valid and sometimes stale or
 * hostile values (pools.c says which and how often). */
uint32_t fz_env(struct fz_state *s);          /* any env id, good or bad */
uint32_t fz_peer(struct fz_state *s);         /* a live peer, or 0 */
uint32_t fz_child(struct fz_state *s);        /* one of its children, or 0 */
long fz_cap(struct fz_state *s);              /* a capability index */
long fz_cap_for(struct fz_state *s, uint32_t ns, uint32_t id); /* mostly the right one */
uint64_t fz_ppn(struct fz_state *s);
uint64_t fz_own_ppn(struct fz_state *s);      /* one it owns, or 0 */
uint64_t fz_va(struct fz_state *s);           /* any address */
uint64_t fz_area_va(struct fz_state *s);      /* a page of its own area */
uint64_t fz_hostile_va(struct fz_state *s);   /* one no call may use */
uint64_t fz_perms(struct fz_state *s);
uint64_t fz_len(struct fz_state *s);
uint64_t fz_rights(struct fz_state *s);
uint64_t fz_flags(struct fz_state *s);
uint64_t fz_word(struct fz_state *s);         /* a 64-bit value of any kind */
void fz_pools_init(struct fz_state *s);
void fz_forget_page(struct fz_state *s, uint64_t ppn);
/* Whether capability slot k names (a prefix of) something only this
 * worker may write: its pages, a region it made.  Such a capability
 * never leaves, nor is derived, with W. */
int fz_covers_own(struct fz_state *s, long k);
void fz_note_stale(struct fz_state *s, uint32_t id);

/* ---------------------------------------------------------------- calls */

/* One call as a recipe made it, and what came back. */
struct fz_call {
	uint16_t nr;
	uint8_t recipe;
	uint8_t kind;         /* FZ_K_*: how to run it */
	uint64_t a[7];        /* a0-a6 */
	uint64_t save_pc, save_sp;   /* FZ_K_RESUME: what to resume at (0: landing, own sp) */
	/* after */
	int64_t ret;
	uint64_t r[6];        /* a0-a5 after (pct_sync's results) */
	int landed;           /* FZ_K_RESUME: 0 returned, 1 landed, 2 recovered */
	uint64_t fault_cause, fault_tval;
	uint64_t before;      /* rdtime before the call */
	uint64_t x[8];        /* scratch the recipe keeps for its oracle */
};
#define FZ_K_PLAIN   0    /* an ordinary call */
#define FZ_K_RESUME  1    /* the save area is prepared first (resume, *_resume) */
#define FZ_K_NORET   2    /* the caller ends: exit, env_destroy of itself */

/* calls.c: make the next call (own thread or PCT handler), check it. */
void fz_make(struct fz_state *s, struct fz_call *c, int pct);
/* Numbers of the table no recipe names get generic ones (calls_generic.c);
 * call first.  Their count. */
unsigned fz_recipes_init(void);
/* The number of recipes, and recipe i's call number. */
unsigned fz_nrecipes(void);
unsigned fz_recipe_nr(unsigned i);
int fz_recipe_generic(unsigned i);
void fz_check(struct fz_state *s, struct fz_call *c, int pct);
/* The children's program: FZ_CHILD_OK if its registers started clean. */
void fz_child_code(void);
extern char fz_child_code_end[];
#define FZ_CHILD_NBEHAV 4     /* entry points, 16 bytes apart: exit, null x8, yield, sleep */

/* exec.c */
void fz_run(struct fz_state *s, struct fz_call *c, int pct);
/* v is a canary of another worker, or of s's other activation. */
int fz_foreign(const struct fz_state *s, uint64_t v);
int fz_handler(uint64_t cause, uint64_t tval, uint64_t epc);
void fz_pct_setup(void);
extern struct fz_state *fz_own_state;

/* worker.c */
__attribute__((noreturn, format(printf, 2, 3))) void fz_fail(struct fz_state *s,
							     const char *fmt, ...);
__attribute__((noreturn)) void fz_quit(struct fz_state *s, uint32_t why);
int fz_worker(long arg);
/* A live worker (the control page's roster). */
int fz_is_worker(uint32_t id);
extern int fz_pct_calls_max;

/* stubs.S */
struct fz_regs;
void fz_call_plain(struct fz_regs *r);
void fz_call_resume(struct fz_regs *r);
void fz_read_fregs(uint64_t out[33]);
extern uint64_t fz_land[2];
extern char fz_recover_point[], fz_landing[], fz_dump_begin[], fz_dump_end[];
extern uint64_t fz_pct_dump[64];
void fz_pct_entry(void);

#endif
#endif
