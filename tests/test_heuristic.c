/* test_heuristic.c - the counts the local moves keep move by move (heuristic.h)
 * against a recount from the plan, their objective changes against the
 * independent re-scorer, and heuristic_best against asking every place. */
#include "testutil.h"

#include <math.h>

#include "solve/heuristic.h"
#include "core/instance.h"
#include "core/score.h"

/* A small strained county: hires in the teams that share the town, a distance
 * table, locked children, leaving workers, siblings. */
static struct instance *strained_county(bool hard)
{
    struct generate_options options;
    generate_default_options(&options);
    options.seed = 5;
    options.municipalities = 6;
    options.open_care_teams = 3;
    options.workers_per_team = 4;
    options.load = 1.1;
    options.load_spread = 0.2;
    options.hiring_teams = 2;
    options.distances = 1;
    options.locked = 0.05;
    options.leaving = 0.1;
    return generate_or_fail(&options, hard);
}

/* A deterministic pseudo-random number in 0..bound-1. */
static int next_random(uint64_t *state, int bound)
{
    return (int)(test_random_bits(state) % (uint32_t)bound);
}

/* heuristic_init and heuristic_start on `instance`, the plan in `assignee`. */
static void start_or_fail(struct heuristic *h, const struct instance *instance, int *assignee)
{
    assert_true(heuristic_init(h, instance));
    h->assignee = assignee;
    heuristic_start(h);
}

/* A random place for child c: one of its pairs, or now and then none (never for
 * a locked child: the score takes no plan that leaves one without its worker). */
static int random_place(const struct heuristic *h, int c, uint64_t *random)
{
    int pairs = h->pair_start[c + 1] - h->pair_start[c];
    if (pairs == 0 || (!h->instance->children[c].locked && next_random(random, 10) == 0))
        return -1;
    return h->pair_assignee[h->pair_start[c] + next_random(random, pairs)];
}

static bool objective_of(const struct instance *instance, const int *assignee, double *objective)
{
    struct score score;
    char error[256];
    if (!score_assignment(instance, assignee, &score, error, sizeof error))
        return false;
    *objective = score.objective;
    return true;
}

static void check_counts_after_random_moves(bool hard)
{
    struct instance *instance = strained_county(hard);
    int *assignee = malloc((size_t)instance->child_count * sizeof *assignee);
    assert_non_null(assignee);
    struct heuristic h;
    start_or_fail(&h, instance, assignee);
    assert_true(heuristic_check_counts(&h));
    uint64_t random = 42;
    int checked = 0;
    for (int step = 0; step < 3000; step++) {
        int c = next_random(&random, instance->child_count);
        int to = random_place(&h, c, &random);
        double delta = heuristic_delta(&h, c, to, true);
        double before = 0, after = 0;
        bool scored = isfinite(delta) && objective_of(instance, assignee, &before);
        int from = h.assignee[c];
        if (isfinite(delta) || next_random(&random, 4) == 0)
            heuristic_apply(&h, c, to);
        if (!heuristic_check_counts(&h))
            fail_msg("counts differ from a recount after step %d (child %d to %d)", step, c, to);
        if (!isfinite(delta)) {
            /* (a move a hard rule forbids is applied now and then too, for the
             * counts, and taken back so that the plan stays one the score takes) */
            heuristic_apply(&h, c, from);
            if (!heuristic_check_counts(&h))
                fail_msg("counts differ from a recount after undoing step %d", step);
        }
        if (scored && h.assignee[c] == to && objective_of(instance, assignee, &after)) {
            if (!(fabs(after - before - delta) <= 1e-7 * fmax(1.0, fabs(before))))
                fail_msg("step %d: delta %.17g, the score changed by %.17g", step, delta,
                         after - before);
            checked++;
        }
    }
    assert_true(checked > 300); /* (the walk stays mostly in valid plans) */
    heuristic_free(&h);
    free(assignee);
    instance_free(instance);
}

static void heuristic_apply_should_keep_counts_equal_to_a_recount(void **state)
{
    (void)state;
    check_counts_after_random_moves(false);
}

static void heuristic_apply_should_keep_counts_under_the_hard_sibling_rule(void **state)
{
    (void)state;
    check_counts_after_random_moves(true);
}

/* heuristic_best's answer is the first place (none, then the pairs in order)
 * whose delta is lower than the best so far by 1e-9, and its delta the same bits
 * as heuristic_delta's, after a random walk and after local moves. */
static void heuristic_best_should_match_asking_every_place(void **state)
{
    (void)state;
    struct instance *instance = strained_county(false);
    int *assignee = malloc((size_t)instance->child_count * sizeof *assignee);
    assert_non_null(assignee);
    struct heuristic h;
    start_or_fail(&h, instance, assignee);
    uint64_t random = 7;
    for (int round = 0; round < 2; round++) {
        for (int step = 0; step < 500; step++) {
            int c = next_random(&random, instance->child_count);
            int to = random_place(&h, c, &random);
            if (isfinite(heuristic_delta(&h, c, to, true)))
                heuristic_apply(&h, c, to);
        }
        for (int c = 0; c < instance->child_count; c++) {
            int expected = h.assignee[c];
            double expected_delta = 0.0;
            double value = heuristic_delta(&h, c, -1, true);
            if (value < expected_delta - 1e-9) {
                expected = -1;
                expected_delta = value;
            }
            for (int p = h.pair_start[c]; p < h.pair_start[c + 1]; p++) {
                int a = h.pair_assignee[p];
                if (a == h.assignee[c])
                    continue;
                value = heuristic_delta(&h, c, a, true);
                if (value < expected_delta - 1e-9) {
                    expected = a;
                    expected_delta = value;
                }
            }
            double delta;
            int best = heuristic_best(&h, c, &delta);
            assert_int_equal(best, expected);
            assert_memory_equal(&delta, &expected_delta, sizeof delta);
        }
        assert_true(heuristic_improve(&h, NULL, 0, true, INFINITY));
        assert_true(heuristic_check_counts(&h));
    }
    heuristic_free(&h);
    free(assignee);
    instance_free(instance);
}

/* The bound that lets an ejection chain skip children of its assignee skips only
 * children that could not have made it: the local moves end in the same plan as
 * when every child is asked, from a random plan of a strained county. */
static void heuristic_improve_should_make_the_same_chains_with_the_bound(void **state)
{
    (void)state;
    for (int hard = 0; hard < 2; hard++) {
        struct instance *instance = strained_county(hard);
        int n = instance->child_count;
        int *plans[2];
        for (int run = 0; run < 2; run++) {
            plans[run] = malloc((size_t)n * sizeof *plans[run]);
            assert_non_null(plans[run]);
            struct heuristic h;
            start_or_fail(&h, instance, plans[run]);
            uint64_t random = 11;
            for (int step = 0; step < 2000; step++) {
                int c = next_random(&random, n);
                int to = random_place(&h, c, &random);
                if (isfinite(heuristic_delta(&h, c, to, true)))
                    heuristic_apply(&h, c, to);
            }
            h.exhaustive_chains = run == 1;
            assert_true(heuristic_improve(&h, NULL, 0, true, INFINITY));
            heuristic_free(&h);
        }
        assert_memory_equal(plans[0], plans[1], (size_t)n * sizeof *plans[0]);
        free(plans[0]);
        free(plans[1]);
        instance_free(instance);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(heuristic_apply_should_keep_counts_equal_to_a_recount),
        cmocka_unit_test(heuristic_apply_should_keep_counts_under_the_hard_sibling_rule),
        cmocka_unit_test(heuristic_best_should_match_asking_every_place),
        cmocka_unit_test(heuristic_improve_should_make_the_same_chains_with_the_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
