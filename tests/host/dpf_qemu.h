/*
 * dpf_qemu.h - running compiled DPF programs on qemu-riscv64 (Linux
 * user mode) through the riscv64 harness (tests/host/dpf_rv/harness.c):
 * the request is written to a file, the harness runs under QEMU, the
 * answers are read back.  $QEMU_RISCV64 and $DPF_HARNESS override the
 * defaults (qemu-riscv64, build/dpf/harness.elf).
 */
#ifndef TESTS_HOST_DPF_QEMU_H
#define TESTS_HOST_DPF_QEMU_H

#include <stddef.h>
#include <stdint.h>

#define QEMU_FRAME 1514

struct qemu_prog {
	const uint8_t *code;
	size_t size;
};

struct qemu_job {
	uint32_t prog, base, len;
};

/* Run every job: program `prog` on the first len bytes of bases[base],
 * placed flush against an unmapped page.  Fills verdict[] and returns
 * 0, or -1 with the reason in why (QEMU missing, the harness crashed:
 * a load outside the frame kills it). */
int qemu_run_jobs(const struct qemu_prog *progs, int nprogs, const uint8_t (*bases)[QEMU_FRAME],
		  int nbases, const struct qemu_job *jobs, int njobs, int32_t *verdict, char *why,
		  size_t whylen);

/* Run a harness request given as raw words with extra QEMU options;
 * the answer (without "DONE") goes to ans (up to anscap bytes).
 * Returns the answer's length or -1. */
long qemu_request(const void *req, size_t len, const char *qemu_opts, void *ans, size_t anscap,
		  char *why, size_t whylen);

#endif
