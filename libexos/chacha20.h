/*
 * chacha20.h - the ChaCha20 block function (RFC 8439, section 2.3),
 * pure C so that it is tested on the host against the RFC's vectors.
 */
#ifndef LIBEXOS_CHACHA20_H
#define LIBEXOS_CHACHA20_H

#include <stdint.h>

#define CHACHA20_KEY_BYTES   32
#define CHACHA20_NONCE_BYTES 12
#define CHACHA20_BLOCK_BYTES 64

/* One 64-byte block of key stream for key, block counter and nonce,
 * serialized little-endian as RFC 8439 section 2.3 specifies. */
void chacha20_block(const uint8_t key[CHACHA20_KEY_BYTES], uint32_t counter,
		    const uint8_t nonce[CHACHA20_NONCE_BYTES], uint8_t out[CHACHA20_BLOCK_BYTES]);

#endif
