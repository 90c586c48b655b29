/* test_delta.c - unit tests of core/delta: the objective's increments the local
 * moves, the balance and explain weigh, checked by hand on the tiny fixture
 * (weights: over_cap 1000, overload 20, move 10, cross_team 20, above_target 2,
 * km 0.1; cap 3, target 2). */
#include "testutil.h"

#include "core/delta.h"
#include "core/instance.h"

#include "fixture_tiny.h"

/* km × distance, move only when the child leaves a current worker, cross_team
 * only when the pair's team does not cover the home. */
static void delta_pair_cost_should_add_move_cross_team_and_km(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int w1 = fixture_worker(instance, "W1", team, 1.0);
    int w2 = fixture_worker(instance, "W2", team, 1.0);
    int kept = fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, BETA, w1, false);
    int fresh = fixture_child(instance, "C2", "F2", SERVICE_AVOHUOLTO, BETA, -1, false);
    assert_float_equal(delta_pair_cost(instance, kept, w1, 10, false), 1.0, 1e-12);
    assert_float_equal(delta_pair_cost(instance, kept, w2, 10, false), 11.0, 1e-12);
    assert_float_equal(delta_pair_cost(instance, kept, w2, 10, true), 31.0, 1e-12);
    assert_float_equal(delta_pair_cost(instance, fresh, w2, 30, false), 3.0, 1e-12);
    fixture_free(instance);
}

/* The k-th child above a worker's own cap costs over_cap + k·ρ(w)·overload: a
 * half-time worker (own cap 1, ρ = 3) pays three times the overload of a
 * full-time one. */
static void delta_over_cap_should_price_the_kth_child_by_the_workers_share(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int full = fixture_worker(instance, "W1", team, 1.0);
    int half = fixture_worker(instance, "W2", team, 0.5);
    assert_float_equal(delta_over_cap(instance, full, 0), 0.0, 0);
    assert_float_equal(delta_over_cap(instance, full, -2), 0.0, 0);
    assert_float_equal(delta_over_cap(instance, full, 1), 1000 + 20 * 1, 1e-9);
    assert_float_equal(delta_over_cap(instance, full, 2), 2000 + 20 * (1 + 2), 1e-9);
    assert_float_equal(delta_over_cap(instance, half, 1), 1000 + 20 * 3, 1e-9);
    assert_float_equal(delta_over_cap(instance, half, 2), 2000 + 20 * 3 * (1 + 2), 1e-9);
    fixture_free(instance);
}

/* What a worker pays in all: above_target on the workload and over_cap with
 * overload on the counted children. */
static void delta_assignee_cost_should_sum_the_load_terms(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int worker = fixture_worker(instance, "W1", team, 1.0);
    assert_float_equal(delta_assignee_cost(instance, worker, 3, 2.0), 0.0, 0);
    assert_float_equal(delta_assignee_cost(instance, worker, 3, 3.5), 2 * 1.5, 1e-12);
    assert_float_equal(delta_assignee_cost(instance, worker, 5, 4.0), 2 * 2.0 + 2000 + 60, 1e-9);
    fixture_free(instance);
}

/* Giving or taking one child changes each term by the difference of the
 * assignee's costs; an adult moves the workload but not the count. */
static void delta_terms_at_should_match_the_difference_of_the_costs(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int worker = fixture_worker(instance, "W1", team, 1.0);
    int child = fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    int adult = fixture_child(instance, "C2", "F2", SERVICE_AVOHUOLTO, ALPHA, -1, true);
    int counted[] = {3};
    double workload[] = {3.0};
    double over_cap, overload, above_target;
    delta_terms_at(instance, counted, workload, worker, child, +1, &over_cap, &overload,
                   &above_target);
    assert_float_equal(over_cap, 1000, 1e-9);
    assert_float_equal(overload, 20, 1e-9);
    assert_float_equal(above_target, 2, 1e-12);
    double whole = delta_assignee_cost(instance, worker, 4, 4.0) -
                   delta_assignee_cost(instance, worker, 3, 3.0);
    assert_float_equal(over_cap + overload + above_target, whole, 1e-9);
    delta_terms_at(instance, counted, workload, worker, adult, -1, &over_cap, &overload,
                   &above_target);
    assert_float_equal(over_cap, 0, 0);
    assert_float_equal(overload, 0, 0);
    assert_float_equal(above_target, -2, 1e-12);
    delta_terms_at(instance, counted, workload, -1, child, +1, &over_cap, &overload, &above_target);
    assert_float_equal(over_cap + overload + above_target, 0, 0);
    fixture_free(instance);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(delta_pair_cost_should_add_move_cross_team_and_km),
        cmocka_unit_test(delta_over_cap_should_price_the_kth_child_by_the_workers_share),
        cmocka_unit_test(delta_assignee_cost_should_sum_the_load_terms),
        cmocka_unit_test(delta_terms_at_should_match_the_difference_of_the_costs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
