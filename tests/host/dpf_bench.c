/*
 * dpf_bench - DPF's demultiplexing cost in RISC-V instructions, counted
 * by qemu-riscv64: the harness (tests/host/dpf_rv/harness.c) classifies
 * one frame K times while QEMU logs every instruction executed inside
 * the classifier's code (-singlestep -d exec,nochain -dfilter RANGE);
 * lines / K is the cost of one classification, call and return
 * included, the harness's loop excluded.  The compiled code's figure
 * is checked against the emulator's own count.
 *
 * Filter sets: 1 and 1,000 UDP destination-port filters (ethertype,
 * protocol, port behind the IHL indirection) of distinct owners; the
 * frame is a 60-byte UDP/IPv4 frame (a0 % 8 == 4, which is what the
 * code is compiled for) to a port in the set, averaged over 16 ports.
 *
 *   build/dpf/bench [K]      prints "<name> <instructions>" lines
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dpf/dpf.h"
#include "dpf/dpf_jit.h"
#include "dpf_gen.h"
#include "dpf_qemu.h"
#include "dpf_rvcheck.h"

#define FRAME_LEN 60
#define NPORTS 16

static struct dpf_table T;
static struct dpf_jit_work W;
static uint8_t code[1 << 18];
static long code_size;
static char why[512];
static uint8_t req[4 << 20];
static size_t req_len;

static void put(const void *p, size_t n)
{
	size_t padded = (n + 3) & ~(size_t)3;

	memcpy(req + req_len, p, n);
	memset(req + req_len + n, 0, padded - n);
	req_len += padded;
}

static void put32(uint32_t v)
{
	put(&v, 4);
}

static void udp_frame(uint8_t *b, uint16_t port)
{
	memset(b, 0, FRAME_LEN);
	b[12] = 0x08;
	b[14] = 0x45;
	b[23] = 17;
	b[36] = (uint8_t)(port >> 8);
	b[37] = (uint8_t)port;
}

static void build(int n)
{
	dpf_init(&T);
	for (int i = 0; i < n; i++) {
		struct exos_dpf_filter f;
		gen_ip_port(&f, 17, (uint16_t)(5000 + 7 * i));
		if (dpf_insert(&T, &f, (uint32_t)i, NULL, NULL) != i) {
			fprintf(stderr, "dpf_bench: insert %d failed\n", i);
			exit(1);
		}
	}
	struct dpf_jit_opts o = { .align = 8, .mod = (-FRAME_LEN) & 7, .rvc = true };
	struct rvcheck_opts ro = { 8, o.mod, DPF_MAX_FILTERS };
	code_size = dpf_jit(&T.trie, &o, &W, code, sizeof(code));
	if (code_size <= 0 || rvcheck_verify(code, (size_t)code_size, &ro, why, sizeof(why))) {
		fprintf(stderr, "dpf_bench: compile failed: %ld %s\n", code_size, why);
		exit(1);
	}
}

/* QEMU-counted instructions in [lo, hi) for k classifications of frame. */
static double count(int engine, const uint8_t *frame, uint64_t lo, uint64_t hi, int k,
		    int32_t *verdict)
{
	char opts[256], log[] = "/tmp/dpf-bench-log-XXXXXX", line[256];
	uint8_t ans[16];
	int fd = mkstemp(log);
	long n = 0;

	close(fd);
	req_len = 0;
	put("DPFB", 4);
	put32((uint32_t)engine);
	put32((uint32_t)k);
	put32(FRAME_LEN);
	put(frame, FRAME_LEN);
	if (engine == 0) {
		put32((uint32_t)code_size);
		put(code, (size_t)code_size);
	} else {
		put32(T.trie.nnodes);
		put32(T.trie.ngroups);
		put32(T.trie.nedges);
		put(T.trie.nodes, T.trie.nnodes * sizeof(T.trie.nodes[0]));
		put(T.trie.groups, T.trie.ngroups * sizeof(T.trie.groups[0]));
		put(T.trie.edges, T.trie.nedges * sizeof(T.trie.edges[0]));
	}
	snprintf(opts, sizeof(opts), "-singlestep -d exec,nochain -dfilter 0x%llx..0x%llx -D %s",
		 (unsigned long long)lo, (unsigned long long)hi - 1, log);
	if (qemu_request(req, req_len, opts, ans, sizeof(ans), why, sizeof(why)) != 4) {
		fprintf(stderr, "dpf_bench: %s\n", why);
		exit(1);
	}
	memcpy(verdict, ans, 4);
	FILE *f = fopen(log, "r");
	while (f && fgets(line, sizeof(line), f))
		n += strncmp(line, "Trace ", 6) == 0;
	if (f)
		fclose(f);
	unlink(log);
	return (double)n / k;
}

struct result {
	double mean, max;
	uint64_t emu_max;
};

static struct result measure(int nfilters, int engine, uint64_t lo, uint64_t hi, int k)
{
	struct result r = { 0, 0, 0 };
	uint8_t frame[FRAME_LEN];

	build(nfilters);
	if (engine == 0)
		hi = lo + (uint64_t)code_size;
	for (int i = 0; i < NPORTS; i++) {
		int id = nfilters == 1 ? 0 : (int)((i * 997L) % nfilters);
		int32_t v;
		udp_frame(frame, (uint16_t)(5000 + 7 * id));
		double c = count(engine, frame, lo, hi, k, &v);
		if (v != id) {
			fprintf(stderr, "dpf_bench: verdict %d, want %d\n", v, id);
			exit(1);
		}
		r.mean += c / NPORTS;
		r.max = c > r.max ? c : r.max;
		if (engine == 0) {
			int64_t ev;
			uint64_t steps;
			if (rvemu_run(code, (size_t)code_size, frame, FRAME_LEN, (-FRAME_LEN) & 7, &ev,
				      &steps, why, sizeof(why)) || ev != id)
				exit(1);
			r.emu_max = steps > r.emu_max ? steps : r.emu_max;
		}
	}
	return r;
}

int main(int argc, char **argv)
{
	int k = argc > 1 ? atoi(argv[1]) : 200;
	uint64_t range[3];
	uint8_t ans[32];

	req_len = 0;
	put("DPFI", 4);
	if (qemu_request(req, req_len, NULL, ans, sizeof(ans), why, sizeof(why)) != 24) {
		fprintf(stderr, "dpf_bench: %s\n", why);
		return 1;
	}
	memcpy(range, ans, sizeof(range));
	struct result c1 = measure(1, 0, range[0], 0, k);
	struct result c1000 = measure(1000, 0, range[0], 0, k);
	struct result i1 = measure(1, 1, range[1], range[2], k);
	struct result i1000 = measure(1000, 1, range[1], range[2], k);
	printf("dpf_demux_1 %.1f\n", c1.mean);
	printf("dpf_demux_1000 %.1f\n", c1000.mean);
	printf("dpf_interp_1 %.1f\n", i1.mean);
	printf("dpf_interp_1000 %.1f\n", i1000.mean);
	printf("# compiled, worst of %d ports: 1 filter %.0f, 1000 filters %.0f "
	       "(emulator: %llu, %llu)\n", NPORTS, c1.max, c1000.max,
	       (unsigned long long)c1.emu_max, (unsigned long long)c1000.emu_max);
	printf("# 1000 / 1 compiled: %.2fx (goal <= 2x); interpreted / compiled at 1000: %.1fx "
	       "(goal >= 5x)\n", c1000.mean / c1.mean, i1000.mean / c1000.mean);
	return 0;
}
