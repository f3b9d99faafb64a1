/*
 * entropy.c - getentropy: a ChaCha20 generator (chacha20.h, RFC 8439)
 * keyed from the seed material of the device tree's /chosen (rng-seed,
 * kaslr-seed or both, folded together), which the kernel exports
 * (exos_info->rng_seed).
 *
 * The key is mixed with the env id and rdtime before first use in each
 * env, so two processes never share a stream, not even a parent and
 * the child fork copied the generator into.  After every request the
 * key is replaced by fresh key-stream bytes ("fast key erasure"): the
 * state left behind cannot recompute what was handed out.
 *
 * Without either (QEMU adds an rng-seed to every tree it passes;
 * mainline U-Boot adds an 8-byte kaslr-seed where it has an RNG driver;
 * a tree loaded from a card by other firmware may have neither) nothing
 * unpredictable is known, so getentropy fails with ENOSYS rather than
 * hand out bytes an observer of the clock could guess.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "exos/exos.h"
#include "chacha20.h"
#include "exos/uaccess.h"

#define ENTROPY_MAX 256   /* POSIX: a longer request is EIO */

static struct {
	uint8_t key[CHACHA20_KEY_BYTES];
	uint32_t keyed_for;   /* env id the key was last mixed with; 0: never keyed */
	uint64_t requests;    /* a different nonce for each request */
} drbg;

/* The key becomes the first 32 bytes of its own block for nonce
 * (one-way: the old key cannot be recovered from the new). */
static void rekey(const uint8_t nonce[CHACHA20_NONCE_BYTES])
{
	uint8_t block[CHACHA20_BLOCK_BYTES];

	chacha20_block(drbg.key, 0, nonce, block);
	memcpy(drbg.key, block, sizeof(drbg.key));
	explicit_bzero(block, sizeof(block));   /* a plain memset may be elided */
}

/* Key from the seed (the first time) and from who and when we are
 * (whenever the env changed: the first call, and after fork). */
static void key_for_this_env(void)
{
	uint64_t t = exos_rdtime();
	uint8_t nonce[CHACHA20_NONCE_BYTES];

	if (!drbg.keyed_for)
		for (uint32_t i = 0; i < exos_info->rng_seed_len; i++)
			drbg.key[i % sizeof(drbg.key)] ^= exos_info->rng_seed[i];
	memcpy(nonce, &exos_self, 4);
	memcpy(nonce + 4, &t, 8);
	rekey(nonce);
	drbg.keyed_for = exos_self;
}

int getentropy(void *buf, size_t len)
{
	/* The key for the next request, then the bytes asked for. */
	uint8_t stream[CHACHA20_KEY_BYTES + ENTROPY_MAX + CHACHA20_BLOCK_BYTES];
	uint8_t nonce[CHACHA20_NONCE_BYTES] = { 0 };

	if (len > ENTROPY_MAX) {
		errno = EIO;
		return -1;
	}
	if (!exos_info->rng_seed_len) {
		errno = ENOSYS;
		return -1;
	}
	if (!exos_uptr_ok(buf, len, 1)) {
		errno = EFAULT;
		return -1;
	}
	if (drbg.keyed_for != exos_self)
		key_for_this_env();
	drbg.requests++;
	memcpy(nonce, &drbg.requests, 8);
	size_t need = CHACHA20_KEY_BYTES + len;
	for (uint32_t i = 0; i * CHACHA20_BLOCK_BYTES < need; i++)
		chacha20_block(drbg.key, i + 1, nonce, stream + i * CHACHA20_BLOCK_BYTES);
	memcpy(drbg.key, stream, CHACHA20_KEY_BYTES);
	int err = exos_copy_out(buf, stream + CHACHA20_KEY_BYTES, len);
	explicit_bzero(stream, sizeof(stream));
	if (err) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}
