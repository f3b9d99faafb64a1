/*
 * dpf_jit.h - DPF's code generator: the merged trie (dpf.h) compiled to
 * RISC-V machine code (RV64I, with RV64C forms where they fit).
 *
 * Calling convention: the code is a leaf function of the standard
 * LP64 ABI,
 *
 *     long classify(const uint8_t *frame, size_t len);
 *
 * a0 = the frame, a1 = its length; it returns in a0 the id of the
 * winning filter (0..DPF_MAX_FILTERS-1) or EXOS_DPF_NOMATCH (-1),
 * exactly what dpf_classify() returns on the same trie.  It uses no
 * stack and no memory but the frame: it writes only a0-a5 and t1
 * (caller-saved), never stores, never calls, and returns with
 * `jalr x0, 0(ra)`.  The kernel places it in a page that it then makes
 * executable and not writable, with fence.i on every hart that may run
 * it; a removal or insertion compiles a new program (the trie is
 * rebuilt and compiled whole).
 *
 * What the generated code promises, by construction, and what the
 * tests' checker of emitted programs verifies on every program:
 *   - every load is bounded by the actual length: before reading a
 *     direct field at offset o of width w the code has established
 *     len >= o + w (branching away when not); an IND field also needs
 *     len > ind_offset for the indirection byte, then len >= d + o + w;
 *   - every load is naturally aligned given opts.align / opts.mod (what
 *     the caller promises about a0): fields are read in the largest
 *     aligned pieces, bytes when nothing is known;
 *   - every branch and jump goes forward, to an instruction of the
 *     program; the only computed jump is a switch through a table of
 *     jumps whose index is masked to the table's size;
 *   - no store, no system instruction, no CSR, no call.
 *
 * Registers: a0 frame (read-only until the verdict), a1 len
 * (read-only), a2 the indirection offset d, a3 = a0 + d, a4 the field
 * being tested, a5 constants and the switch index, t1 the switch
 * target.  Fields are compared in the representation the loads give
 * for free: little-endian, zero-extended, except that 4-byte fields are
 * sign-extended (so that their keys load with lui/addiw); keys and
 * masks are converted at compile time.
 *
 * Code shape: each node is its groups in order, then its leaf
 * (`li a0, id; ret`); each group checks the length, loads the field,
 * and dispatches: up to DPF_JIT_CHAIN_MAX values by a chain of
 * compare-and-branch, more through a jump table indexed by a hash
 * (k ^ k >> s) & (nb - 1) chosen at compile time for the fewest
 * collisions, each bucket a short chain.  Each child's code follows its
 * compare; a failure anywhere below a group continues with the next
 * group of the same node (depth-first order, the interpreter's), so
 * all control flow is forward and the program is a DAG.
 */
#ifndef KERNEL_DPF_JIT_H
#define KERNEL_DPF_JIT_H

#include "dpf.h"
#include "rv_asm.h"

#define DPF_JIT_CHAIN_MAX  4       /* more values than this: a hashed switch */
#define DPF_JIT_MAX_INS    65536
#define DPF_JIT_MAX_LABELS 32768
#define DPF_JIT_SCRATCH    (6 * DPF_MAX_TOTAL_ATOMS + 4096)

struct dpf_jit_opts {
	uint8_t align;        /* 1, 2, 4 or 8: what a0 is known to be aligned to, modulo... */
	uint8_t mod;          /* ...a0 % align == mod */
	bool rvc;             /* emit compressed instructions (the harts have C) */
};

/* The generator's working memory (about 1.3 MiB): the caller's, so that
 * the kernel can take it from pages. */
struct dpf_jit_work {
	struct rva_ins ins[DPF_JIT_MAX_INS];
	uint32_t labels[DPF_JIT_MAX_LABELS];
	uint32_t scratch[DPF_JIT_SCRATCH];
};

/* Compile trie into code[0..cap).  Returns the program's size in bytes,
 * -E_INVAL for bad opts, -E_NOMEM when the work area or cap is too small
 * (the caller keeps interpreting), -E_RANGE when a jump would need more
 * than +-1 MiB.  Recursive, one level per trie level: at most about
 * 8 KiB of stack for the deepest trie (17 levels, each a hashed switch),
 * 2-3 KiB for protocol filters. */
long dpf_jit(const struct dpf_trie *trie, const struct dpf_jit_opts *opts,
	     struct dpf_jit_work *w, uint8_t *code, size_t cap);

#endif
