/* test_random.c - unit tests of base/random: the bits of both generators, so that
 * a change of any draw (which would change every generated instance and every
 * forecast) fails here first. */
#include "testutil.h"

#include "base/random.h"

/* The reference outputs of splitmix64 from state 0 (Vigna's splitmix64.c). */
static void random_splitmix64_should_give_the_reference_sequence(void **state)
{
    (void)state;
    uint64_t s = 0;
    assert_true(random_splitmix64(&s) == UINT64_C(0xE220A8397B1DCDAF));
    assert_true(random_splitmix64(&s) == UINT64_C(0x6E789E6AA1B965F4));
    assert_true(random_splitmix64(&s) == UINT64_C(0x06C45D188009454F));
}

/* The generator's draws from seed 42, as generate has made them since they were
 * written: the scaling of the top bits, not a modulo. */
static void random_splitmix_below_should_keep_the_generators_draws(void **state)
{
    (void)state;
    struct random_splitmix stream = {42};
    assert_int_equal(random_splitmix_below(&stream, 10), 7);
    assert_int_equal(random_splitmix_below(&stream, 10), 1);
    assert_int_equal(random_splitmix_below(&stream, 10), 2);
    stream.state = 42;
    assert_true(random_splitmix_uniform(&stream) == 0.74156487877182331);
    for (int i = 0; i < 1000; i++) {
        int draw = random_splitmix_below(&stream, 3);
        assert_true(draw >= 0 && draw < 3);
        double unit = random_splitmix_uniform(&stream);
        assert_true(unit >= 0.0 && unit < 1.0);
    }
}

/* xoshiro256** from the state {1, 2, 3, 4}: the outputs of Blackman and Vigna's
 * reference xoshiro256starstar.c. */
static void random_xoshiro_next_should_give_the_reference_sequence(void **state)
{
    (void)state;
    struct random_xoshiro generator = {{1, 2, 3, 4}};
    assert_true(random_xoshiro_next(&generator) == UINT64_C(11520));
    assert_true(random_xoshiro_next(&generator) == UINT64_C(0));
    assert_true(random_xoshiro_next(&generator) == UINT64_C(1509978240));
    assert_true(random_xoshiro_next(&generator) == UINT64_C(1215971899390074240));
}

/* The forecast's streams: one per sample, seeded from the run's seed and the
 * sample's number, each different, each the same on every run. */
static void random_xoshiro_seed_should_give_each_stream_its_own_bits(void **state)
{
    (void)state;
    struct random_xoshiro generator;
    random_xoshiro_seed(&generator, 2024, 0);
    assert_true(random_xoshiro_next(&generator) == UINT64_C(0xDC4EDBB770990135));
    assert_true(random_xoshiro_next(&generator) == UINT64_C(0x8B5855E35D4FB151));
    assert_true(random_xoshiro_next(&generator) == UINT64_C(0xD11998107D579508));
    random_xoshiro_seed(&generator, 2024, 1);
    assert_true(random_xoshiro_next(&generator) == UINT64_C(0x86362DCE763CF257));
    random_xoshiro_seed(&generator, 7, 3);
    assert_int_equal(random_xoshiro_below(&generator, 6), 5);
    assert_int_equal(random_xoshiro_below(&generator, 6), 3);
    assert_int_equal(random_xoshiro_below(&generator, 6), 1);
}

/* Poisson draws: the same numbers from the same stream, sliced above a mean of
 * 30, and about the mean on average. */
static void random_xoshiro_poisson_should_keep_its_draws_and_its_mean(void **state)
{
    (void)state;
    struct random_xoshiro generator;
    random_xoshiro_seed(&generator, 2024, 0);
    static const int expected[] = {7, 0, 4, 7, 5};
    for (int i = 0; i < 5; i++)
        assert_int_equal(random_xoshiro_poisson(&generator, 3.5), expected[i]);
    random_xoshiro_seed(&generator, 2024, 0);
    assert_int_equal(random_xoshiro_poisson(&generator, 100), 111);
    assert_int_equal(random_xoshiro_poisson(&generator, 0), 0);
    random_xoshiro_seed(&generator, 1, 0);
    long total = 0;
    for (int i = 0; i < 20000; i++)
        total += random_xoshiro_poisson(&generator, 2.0);
    double mean = (double)total / 20000.0;
    assert_true(mean > 1.95 && mean < 2.05);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_splitmix64_should_give_the_reference_sequence),
        cmocka_unit_test(random_splitmix_below_should_keep_the_generators_draws),
        cmocka_unit_test(random_xoshiro_next_should_give_the_reference_sequence),
        cmocka_unit_test(random_xoshiro_seed_should_give_each_stream_its_own_bits),
        cmocka_unit_test(random_xoshiro_poisson_should_keep_its_draws_and_its_mean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
