/*
 * dpf_qemu.c - the host side of the qemu-riscv64 harness (dpf_qemu.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dpf_qemu.h"

struct buf {
	uint8_t *p;
	size_t n, cap;
};

static void put(struct buf *b, const void *p, size_t n)
{
	size_t padded = (n + 3) & ~(size_t)3;

	if (b->n + padded > b->cap) {
		b->cap = (b->n + padded) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p) {
			perror("dpf_qemu");
			exit(2);
		}
	}
	memcpy(b->p + b->n, p, n);
	memset(b->p + b->n + n, 0, padded - n);
	b->n += padded;
}

static void put32(struct buf *b, uint32_t v)
{
	put(b, &v, 4);
}

long qemu_request(const void *req, size_t len, const char *qemu_opts, void *ans, size_t anscap,
		  char *why, size_t whylen)
{
	const char *qemu = getenv("QEMU_RISCV64"), *harness = getenv("DPF_HARNESS");
	char in[] = "/tmp/dpf-qemu-in-XXXXXX", out[] = "/tmp/dpf-qemu-out-XXXXXX", cmd[1024];
	long got = -1;
	int fi = mkstemp(in), fo = mkstemp(out);

	if (fi < 0 || fo < 0) {
		snprintf(why, whylen, "mkstemp failed");
		return -1;
	}
	close(fo);
	if (write(fi, req, len) != (ssize_t)len) {
		snprintf(why, whylen, "cannot write the request");
		close(fi);
		goto done;
	}
	close(fi);
	snprintf(cmd, sizeof(cmd), "%s %s %s < %s > %s", qemu ? qemu : "qemu-riscv64",
		 qemu_opts ? qemu_opts : "", harness ? harness : "build/dpf/harness.elf", in, out);
	int rc = system(cmd);
	FILE *f = fopen(out, "rb");
	size_t n = f ? fread(ans, 1, anscap, f) : 0;
	if (f)
		fclose(f);
	if (rc != 0 || n < 4 || memcmp((uint8_t *)ans + n - 4, "DONE", 4)) {
		snprintf(why, whylen, "'%s' failed (status %d, %zu bytes of answer)", cmd, rc, n);
		goto done;
	}
	got = (long)n - 4;
done:
	unlink(in);
	unlink(out);
	return got;
}

int qemu_run_jobs(const struct qemu_prog *progs, int nprogs, const uint8_t (*bases)[QEMU_FRAME],
		  int nbases, const struct qemu_job *jobs, int njobs, int32_t *verdict, char *why,
		  size_t whylen)
{
	struct buf b = { 0 };
	size_t anscap = (size_t)njobs * 4 + 4;
	uint8_t *ans = malloc(anscap);

	put(&b, "DPFQ", 4);
	put32(&b, (uint32_t)nprogs);
	for (int i = 0; i < nprogs; i++) {
		put32(&b, (uint32_t)progs[i].size);
		put(&b, progs[i].code, progs[i].size);
	}
	put32(&b, (uint32_t)nbases);
	for (int i = 0; i < nbases; i++)
		put(&b, bases[i], QEMU_FRAME);
	put32(&b, (uint32_t)njobs);
	for (int i = 0; i < njobs; i++)
		put(&b, &jobs[i], sizeof(jobs[i]));
	long n = qemu_request(b.p, b.n, NULL, ans, anscap, why, whylen);
	if (n == (long)njobs * 4)
		memcpy(verdict, ans, (size_t)n);
	else if (n >= 0)
		snprintf(why, whylen, "%ld bytes of verdicts for %d jobs", n, njobs);
	free(b.p);
	free(ans);
	return n == (long)njobs * 4 ? 0 : -1;
}
