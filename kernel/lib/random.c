/*
 * Random numbers: ChaCha20 (RFC 8439's block function) as a generator whose
 * 256-bit key is re-keyed from its own output after every request, so earlier
 * output cannot be recovered from a later state (fast key erasure). The seed
 * mixes the device tree's rng-seed when there is one with timer readings.
 *
 * Locking: rng_lock protects the key and counter.
 */
#include <random.h>
#include <spinlock.h>
#include <string.h>
#include <riscv.h>

static struct {
	uint32_t key[8];
	uint64_t counter;
} rng;
static spinlock_t rng_lock = SPINLOCK_INIT("random");

static uint32_t
rotl(uint32_t v, int n)
{
	return (v << n) | (v >> (32 - n));
}

#define QUARTER(a, b, c, d) do { \
	a += b; d ^= a; d = rotl(d, 16); \
	c += d; b ^= c; b = rotl(b, 12); \
	a += b; d ^= a; d = rotl(d, 8); \
	c += d; b ^= c; b = rotl(b, 7); \
} while (0)

static void
chacha_block(const uint32_t key[8], uint64_t counter, uint32_t out[16])
{
	uint32_t x[16] = {
		0x61707865, 0x3320646e, 0x79622d32, 0x6b206574,
		key[0], key[1], key[2], key[3], key[4], key[5], key[6], key[7],
		(uint32_t)counter, (uint32_t)(counter >> 32), 0, 0,
	};
	uint32_t in[16];

	memcpy(in, x, sizeof(in));
	for (int i = 0; i < 10; i++) {
		QUARTER(x[0], x[4], x[8], x[12]);
		QUARTER(x[1], x[5], x[9], x[13]);
		QUARTER(x[2], x[6], x[10], x[14]);
		QUARTER(x[3], x[7], x[11], x[15]);
		QUARTER(x[0], x[5], x[10], x[15]);
		QUARTER(x[1], x[6], x[11], x[12]);
		QUARTER(x[2], x[7], x[8], x[13]);
		QUARTER(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++)
		out[i] = x[i] + in[i];
}

void
random_add_entropy(const void *data, size_t len)
{
	const uint8_t *d = data;
	uint32_t block[16];

	spin_lock(&rng_lock);
	for (size_t i = 0; i < len; i++)
		((uint8_t *)rng.key)[i % sizeof(rng.key)] ^= d[i];
	chacha_block(rng.key, rng.counter++, block);
	memcpy(rng.key, block, sizeof(rng.key));
	spin_unlock(&rng_lock);
	memset(block, 0, sizeof(block));
}

void
random_init(const void *seed, size_t len)
{
	uint64_t t = rdtime();

	if (seed != NULL)
		random_add_entropy(seed, len);
	random_add_entropy(&t, sizeof(t));
}

void
get_random_bytes(void *buf, size_t n)
{
	uint8_t *out = buf;
	uint32_t block[16];
	uint64_t t = rdtime();

	spin_lock(&rng_lock);
	rng.key[0] ^= (uint32_t)t;	/* timing jitter: cheap, and never hurts */
	while (n > 0) {
		size_t k = MIN(n, sizeof(block));

		chacha_block(rng.key, rng.counter++, block);
		memcpy(out, block, k);
		out += k;
		n -= k;
	}
	chacha_block(rng.key, rng.counter++, block);
	memcpy(rng.key, block, sizeof(rng.key));
	spin_unlock(&rng_lock);
	memset(block, 0, sizeof(block));
}
