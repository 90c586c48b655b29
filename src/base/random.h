/* random.h - the program's pseudo-random numbers, in one module: two generators,
 * each with its own documented draws, so that every output made from a seed keeps
 * its bits.
 *   - splitmix64: the instance generator's one stream (a 64-bit state; no libm, so
 *     the same options give the same bytes on every machine);
 *   - xoshiro256**: the forecast's streams, one per sample, each seeded from the
 *     run's seed and the sample's number through splitmix64.
 * A stream is plain data owned by its caller; two threads never share one. The
 * step functions are inline: the forecast draws millions of numbers. */
#ifndef CASELOAD_RANDOM_H
#define CASELOAD_RANDOM_H

#include <stdint.h>

/* One step of splitmix64 (Steele, Lea and Flood): advances *state, returns 64 bits. */
static inline uint64_t random_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* The top 53 of 64 random bits as a double, uniform in [0, 1). */
static inline double random_unit(uint64_t bits)
{
    return (double)(bits >> 11) * 0x1.0p-53;
}

/* --- splitmix64: the generator's stream ------------------------------------------ */

struct random_splitmix {
    uint64_t state;
};

static inline uint64_t random_splitmix_next(struct random_splitmix *stream)
{
    return random_splitmix64(&stream->state);
}

/* Uniform in [0, 1). */
static inline double random_splitmix_uniform(struct random_splitmix *stream)
{
    return random_unit(random_splitmix_next(stream));
}

/* Uniform integer in 0..n-1 (n >= 1): the top 32 bits scaled by multiply and shift. */
static inline int random_splitmix_below(struct random_splitmix *stream, int n)
{
    return (int)(((random_splitmix_next(stream) >> 32) * (uint64_t)n) >> 32);
}

/* --- xoshiro256**: the forecast's streams ---------------------------------------- */

struct random_xoshiro {
    uint64_t s[4];
};

/* The stream number `stream` of the run seeded with `seed`. */
void random_xoshiro_seed(struct random_xoshiro *generator, uint64_t seed, uint64_t stream);

static inline uint64_t random_rotate_left(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t random_xoshiro_next(struct random_xoshiro *generator)
{
    uint64_t *s = generator->s;
    uint64_t result = random_rotate_left(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = random_rotate_left(s[3], 45);
    return result;
}

/* Uniform in [0, 1). */
static inline double random_xoshiro_uniform(struct random_xoshiro *generator)
{
    return random_unit(random_xoshiro_next(generator));
}

/* Uniform integer in 0..n-1 (n >= 1): floor(u * n) of one uniform u. */
static inline int random_xoshiro_below(struct random_xoshiro *generator, int n)
{
    return (int)(random_xoshiro_uniform(generator) * n);
}

/* Poisson(mean), mean >= 0: Knuth's product of uniforms, in slices of at most 30
 * (a sum of independent Poisson numbers is Poisson). */
int random_xoshiro_poisson(struct random_xoshiro *generator, double mean);

#endif
