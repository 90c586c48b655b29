/* random.c - the seeding and the Poisson draws of random.h. */
#include "base/random.h"

#include <math.h>

void random_xoshiro_seed(struct random_xoshiro *generator, uint64_t seed, uint64_t stream)
{
    uint64_t state = seed;
    uint64_t mixed = random_splitmix64(&state) ^
                     (stream * UINT64_C(0xD1B54A32D192ED03) + UINT64_C(0x8CB92BA72F3D8DD7));
    for (int i = 0; i < 4; i++)
        generator->s[i] = random_splitmix64(&mixed);
}

int random_xoshiro_poisson(struct random_xoshiro *generator, double mean)
{
    int total = 0;
    while (mean > 0) {
        double slice = mean > 30 ? 30 : mean;
        mean -= slice;
        double limit = exp(-slice), product = random_xoshiro_uniform(generator);
        while (product > limit) {
            total++;
            product *= random_xoshiro_uniform(generator);
        }
    }
    return total;
}
