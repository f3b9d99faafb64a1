/*
 * test_chacha20 - the ChaCha20 block function against the test vectors
 * of RFC 8439 (section 2.3.2 and appendix A.1).
 */
#include "check.h"
#include "../../libexos/chacha20.h"

/* hex, 128 digits, as 64 bytes. */
static void unhex(const char *hex, uint8_t out[64])
{
	for (int i = 0; i < 64; i++) {
		unsigned v;
		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
}

static int block_is(const uint8_t key[32], uint32_t counter, const uint8_t nonce[12],
		    const char *hex)
{
	uint8_t got[64], want[64];

	chacha20_block(key, counter, nonce, got);
	unhex(hex, want);
	return memcmp(got, want, 64) == 0;
}

/** RFC 8439 2.3.2: key 00..1f, nonce 00:00:00:09:00:00:00:4a:00:00:00:00, counter 1. */
TEST(rfc8439_2_3_2)
{
	uint8_t key[32], nonce[12] = { 0, 0, 0, 9, 0, 0, 0, 0x4a, 0, 0, 0, 0 };

	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	CHECK(block_is(key, 1, nonce,
		       "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
		       "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e"));
}

/** RFC 8439 A.1, test vector 1: all-zero key and nonce, counter 0. */
TEST(rfc8439_a1_1)
{
	uint8_t key[32] = { 0 }, nonce[12] = { 0 };

	CHECK(block_is(key, 0, nonce,
		       "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
		       "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"));
}

/** RFC 8439 A.1, test vector 3: the key's last byte is 1 (key bytes
 *  land in the right words, little-endian), counter 1. */
TEST(rfc8439_a1_3)
{
	uint8_t key[32] = { 0 }, nonce[12] = { 0 };

	key[31] = 1;
	CHECK(block_is(key, 1, nonce,
		       "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a"
		       "8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0"));
}

/** RFC 8439 A.1, test vector 4: key byte 1 is 0xff, counter 2. */
TEST(rfc8439_a1_4)
{
	uint8_t key[32] = { 0 }, nonce[12] = { 0 };

	key[1] = 0xff;
	CHECK(block_is(key, 2, nonce,
		       "72d54dfbf12ec44b362692df94137f328fea8da73990265ec1bbbea1ae9af0ca"
		       "13b25aa26cb4a648cb9b9d1be65b2c0924a66c54d545ec1b7374f4872e99f096"));
}

/** RFC 8439 A.1, test vector 5: the nonce's last byte is 2, counter 0. */
TEST(rfc8439_a1_5)
{
	uint8_t key[32] = { 0 }, nonce[12] = { 0 };

	nonce[11] = 2;
	CHECK(block_is(key, 0, nonce,
		       "c2c64d378cd536374ae204b9ef933fcd1a8b2288b3dfa49672ab765b54ee27c7"
		       "8a970e0e955c14f3a88e741b97c286f75f8fc299e8148362fa198a39531bed6d"));
}

/** The counter word changes the block (it is counted, not ignored). */
TEST(counter_matters)
{
	uint8_t key[32] = { 0 }, nonce[12] = { 0 }, a[64], b[64];

	chacha20_block(key, 0, nonce, a);
	chacha20_block(key, 1, nonce, b);
	CHECK(memcmp(a, b, 64) != 0);
}

TEST_MAIN()
