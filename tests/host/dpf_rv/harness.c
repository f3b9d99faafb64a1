/*
 * harness.c - runs DPF code on a real RISC-V decoder: a static riscv64
 * program for qemu-riscv64 (Linux user mode), built with the project's
 * cross compiler and picolibc.  It reads one request on stdin and
 * writes the answers on stdout (little-endian 32-bit words):
 *
 *   "DPFQ" nprogs {size bytes...} nbases {1514 bytes} njobs {prog base len}
 *       run program `prog` on the first len bytes of base `base`, the
 *       frame placed so that it ends exactly at a PROT_NONE page (and
 *       so a0 % 8 == -len % 8); answers: one verdict per job, "DONE".
 *   "DPFB" engine k len {len bytes} then {size bytes} (engine 0,
 *       compiled) or {nnodes ngroups nedges, the trie's arrays} (engine
 *       1, interpreted): classify the frame k times; answers: the
 *       verdict, "DONE".  Used with qemu's -d exec to count instructions.
 *   "DPFI": answers the compiled code's address and the interpreter's
 *       code range (start, end), as 64-bit words.
 *
 * Programs are copied to pages that are then made read+execute only
 * (W^X, as the kernel will), with fence.i.  Any fault kills the
 * process, which the host side reports.
 */
#include <stdint.h>
#include <string.h>
#include "dpf/dpf.h"

#define PAGE      4096UL
#define CODE_VA   0x7e000000UL
#define CODE_MAX  (8UL << 20)
#define MAX_IN    (48UL << 20)

static long sys6(long n, long a, long b, long c, long d, long e, long f)
{
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a3 __asm__("a3") = d;
	register long a4 __asm__("a4") = e;
	register long a5 __asm__("a5") = f;
	register long a7 __asm__("a7") = n;

	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7)
			 : "memory");
	return a0;
}

#define SYS_read 63
#define SYS_write 64
#define SYS_exit_group 94
#define SYS_mmap 222
#define SYS_mprotect 226

static void die(int code)
{
	sys6(SYS_exit_group, code, 0, 0, 0, 0, 0);
	for (;;)
		;
}

static uint8_t in[MAX_IN];
static size_t in_len, in_pos;
static struct dpf_trie trie;

static void read_all(void)
{
	long n;

	while (in_len < MAX_IN && (n = sys6(SYS_read, 0, (long)(in + in_len), (long)(MAX_IN - in_len), 0, 0, 0)) > 0)
		in_len += (size_t)n;
}

static void out(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n) {
		long k = sys6(SYS_write, 1, (long)b, (long)n, 0, 0, 0);
		if (k <= 0)
			die(3);
		b += k;
		n -= (size_t)k;
	}
}

static const uint8_t *take(size_t n)
{
	if (in_len - in_pos < n)
		die(4);
	const uint8_t *p = in + in_pos;
	in_pos += (n + 3) & ~3UL;
	return p;
}

static uint32_t word(void)
{
	uint32_t v;

	memcpy(&v, take(4), 4);
	return v;
}

static void *map(unsigned long va, size_t n, int fixed)
{
	long p = sys6(SYS_mmap, (long)va, (long)n, 3 /* RW */, 0x22 | (fixed ? 0x10 : 0), -1, 0);

	if (p < 0)
		die(5);
	return (void *)p;
}

typedef long (*prog_fn)(const uint8_t *frame, size_t len);

/* Copy the programs to fresh pages, then make them read+execute only. */
static uint32_t load_programs(uint32_t n, uint8_t **entry)
{
	uint8_t *code = map(CODE_VA, CODE_MAX, 1);
	size_t at = 0;

	for (uint32_t i = 0; i < n; i++) {
		uint32_t size = word();
		if (at + size > CODE_MAX)
			die(6);
		memcpy(code + at, take(size), size);
		entry[i] = code + at;
		at = (at + size + 15) & ~15UL;
	}
	if (sys6(SYS_mprotect, (long)code, CODE_MAX, 5 /* RX */, 0, 0, 0))
		die(7);
	__asm__ volatile("fence.i" ::: "memory");
	return n;
}

/* A page whose successor is PROT_NONE: frames end at `guard`. */
static uint8_t *guard_page(void)
{
	uint8_t *p = map(0, 2 * PAGE, 0);

	if (sys6(SYS_mprotect, (long)(p + PAGE), PAGE, 0, 0, 0, 0))
		die(8);
	return p + PAGE;
}

static uint8_t *progs[64];

static void run_jobs(void)
{
	uint32_t np = word();
	if (np > 64)
		die(9);
	load_programs(np, progs);
	uint32_t nb = word();
	const uint8_t *b0 = take((size_t)nb * 1516);    /* 1514 bytes each, padded */
	uint32_t nj = word();
	uint8_t *guard = guard_page();
	for (uint32_t j = 0; j < nj; j++) {
		uint32_t p = word(), b = word(), len = word();
		if (p >= np || b >= nb || len > 1514)
			die(10);
		uint8_t *frame = guard - len;
		memcpy(frame, b0 + (size_t)b * 1516, len);
		int32_t v = (int32_t)((prog_fn)(void *)progs[p])(frame, len);
		out(&v, 4);
	}
}

static void bench(void)
{
	uint32_t engine = word(), k = word(), len = word();
	const uint8_t *src = take(len);
	uint8_t *guard = guard_page(), *frame = guard - len;
	int32_t v = 0;

	memcpy(frame, src, len);
	if (engine == 0) {
		load_programs(1, progs);
		prog_fn f = (prog_fn)(void *)progs[0];
		for (uint32_t i = 0; i < k; i++)
			v = (int32_t)f(frame, len);
	} else {
		trie.nnodes = word();
		trie.ngroups = word();
		trie.nedges = word();
		if (trie.nnodes > DPF_MAX_NODES || trie.ngroups > DPF_MAX_TOTAL_ATOMS ||
		    trie.nedges > DPF_MAX_TOTAL_ATOMS)
			die(11);
		memcpy(trie.nodes, take(trie.nnodes * sizeof(trie.nodes[0])), trie.nnodes * sizeof(trie.nodes[0]));
		memcpy(trie.groups, take(trie.ngroups * sizeof(trie.groups[0])), trie.ngroups * sizeof(trie.groups[0]));
		memcpy(trie.edges, take(trie.nedges * sizeof(trie.edges[0])), trie.nedges * sizeof(trie.edges[0]));
		for (uint32_t i = 0; i < k; i++)
			v = dpf_classify(&trie, frame, len);
	}
	out(&v, 4);
}

extern char __dpf_interp_start[], __dpf_interp_end[];

int main(void)
{
	read_all();
	uint32_t magic = word();
	if (magic == 0x51465044) {          /* "DPFQ" */
		run_jobs();
	} else if (magic == 0x42465044) {   /* "DPFB" */
		bench();
	} else if (magic == 0x49465044) {   /* "DPFI" */
		uint64_t r[3] = { CODE_VA, (uint64_t)__dpf_interp_start, (uint64_t)__dpf_interp_end };
		out(r, sizeof(r));
	} else {
		die(12);
	}
	out("DONE", 4);
	return 0;
}
