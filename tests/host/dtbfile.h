/*
 * dtbfile.h - read the host tests' device trees ($DTB_DIR, made by
 * tests/host/gen-dtbs.sh) for the tests that edit them with libfdt.
 */
#ifndef TESTS_HOST_DTBFILE_H
#define TESTS_HOST_DTBFILE_H

#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define RW_EXTRA 8192   /* room for edits */

/* Read $DTB_DIR/name.dtb into a heap buffer of its size + extra bytes,
 * opened for libfdt's read-write calls when extra > 0. */
static uint8_t *load_dtb(const char *name, size_t extra, size_t *size)
{
	const char *dir = getenv("DTB_DIR");
	char path[512];
	uint8_t *buf = NULL, *rw;
	long n;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s.dtb", dir ? dir : "build/host/dtb", name);
	if (!(fp = fopen(path, "rb"))) {
		printf("cannot open %s (set DTB_DIR; run tests/host/gen-dtbs.sh)\n", path);
		return NULL;
	}
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) > 0 && fseek(fp, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n)) && fread(buf, 1, (size_t)n, fp) == (size_t)n)
		*size = (size_t)n;
	else
		free(buf), buf = NULL;
	fclose(fp);
	if (!buf || extra == 0)
		return buf;
	rw = malloc(*size + extra);
	if (fdt_open_into(buf, rw, (int)(*size + extra)) != 0)
		free(rw), rw = NULL;
	*size += extra;
	free(buf);
	return rw;
}

/* The offset of the node at path in blob (a message when there is none). */
static inline int node(void *blob, const char *path)
{
	int n = fdt_path_offset(blob, path);

	if (n < 0)
		printf("no node %s in the test blob\n", path);
	return n;
}

#endif
