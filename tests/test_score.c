/* test_score.c - score_assignment: every objective term and every hard rule on tiny instances. */
#include "testutil.h"

#include "core/instance.h"
#include "core/score.h"

#include "fixture_tiny.h"

static char error[512];

/* Score and expect success; returns the score. */
static struct score score_ok(const struct instance *instance, const int *assignee)
{
    struct score score;
    error[0] = '\0';
    bool ok = score_assignment(instance, assignee, &score, error, sizeof error);
    if (!ok)
        fail_msg("score_assignment failed: %s", error);
    return score;
}

/* Score and expect a hard-rule break whose reason mentions `words`. */
static void score_breaks(const struct instance *instance, const int *assignee, const char *words)
{
    struct score score;
    error[0] = '\0';
    assert_false(score_assignment(instance, assignee, &score, error, sizeof error));
    if (strstr(error, words) == NULL)
        fail_msg("reason \"%s\" does not mention \"%s\"", error, words);
}

static void score_assignment_should_count_unassigned_children(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int w1 = fixture_worker(instance, "W1", team, 1.0);
    fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, ALPHA, w1, false);
    fixture_child(instance, "C2", "F2", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    fixture_child(instance, "C3", "F3", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    int assignee[] = {w1, -1, -1};
    struct score score = score_ok(instance, assignee);
    assert_float_equal(score.amount[TERM_UNASSIGNED], 2, 0);
    assert_float_equal(score.amount[TERM_MOVE], 0, 0);
    assert_float_equal(score.amount[TERM_KM], 0, 0);
    assert_float_equal(score.objective, 200000, 1e-9);
    fixture_free(instance);
}

static void score_assignment_should_sum_counted_children_over_each_workers_cap(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int full = fixture_worker(instance, "W1", team, 1.0);  /* cap 3, target 2 */
    int half = fixture_worker(instance, "W2", team, 0.5);  /* cap 1, target 1 */
    fixture_worker(instance, "W3", team, 1.0); /* below the cap: no credit */
    char id[8];
    int assignee[10];
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "A%d", i);
        assignee[fixture_child(instance, id, id, SERVICE_AVOHUOLTO, ALPHA, full, false)] = full;
    }
    assignee[fixture_child(instance, "Adult", "Adult", SERVICE_AVOHUOLTO, ALPHA, full, true)] =
        full;
    for (int i = 0; i < 2; i++) {
        snprintf(id, sizeof id, "B%d", i);
        assignee[fixture_child(instance, id, id, SERVICE_AVOHUOLTO, ALPHA, half, false)] = half;
    }
    struct score score = score_ok(instance, assignee);
    /* W1: 5 counted - 3 = 2 (the adult is not counted); W2: 2 - 1 = 1 */
    assert_float_equal(score.amount[TERM_OVER_CAP], 3, 0);
    /* workload: W1 6 - 2 = 4 (the adult weighs too); W2 2 - 1 = 1 */
    assert_float_equal(score.amount[TERM_ABOVE_TARGET], 5, 1e-12);
    /* overload: W1 ρ = 3/3 = 1, 1 + 2 = 3; W2 ρ = 3/1 = 3, 3 · 1 = 3 */
    assert_float_equal(score.amount[TERM_OVERLOAD], 6, 1e-12);
    assert_float_equal(score.objective, 3 * 1000 + 6 * 20 + 5 * 2, 1e-9);
    fixture_free(instance);
}

/* The k-th child above a worker's own cap costs k·ρ(w), ρ(w) = cap / max(1, cap(w)). */
static void score_assignment_should_price_the_kth_child_over_the_cap_at_k_shares(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    instance->rules.cap = 10;
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int part = fixture_worker(instance, "W1", team, 0.8);  /* cap 8, ρ = 10 / 8 */
    int tiny = fixture_worker(instance, "W2", team, 0.05); /* cap 0, ρ = 10 / max(1, 0) */
    int full = fixture_worker(instance, "W3", team, 1.0);  /* cap 10, at it */
    int assignee[FIXTURE_ROOM];
    const int workers[3] = {part, tiny, full}, children[3] = {11, 2, 10};
    char id[32];
    for (int w = 0; w < 3; w++)
        for (int i = 0; i < children[w]; i++) {
            snprintf(id, sizeof id, "C%d_%d", w, i);
            assignee[fixture_child(instance, id, id, SERVICE_AVOHUOLTO, ALPHA, workers[w], false)] =
                workers[w];
        }
    assert_float_equal(instance_worker_share(instance, part), 1.25, 1e-15);
    assert_float_equal(instance_worker_share(instance, tiny), 10, 0);
    struct score score = score_ok(instance, assignee);
    assert_float_equal(score.amount[TERM_OVER_CAP], 3 + 2, 0);
    /* W1: 1.25 · (1 + 2 + 3) = 7.5; W2: 10 · (1 + 2) = 30; W3 at its cap: 0 */
    assert_float_equal(score.amount[TERM_OVERLOAD], 37.5, 1e-12);
    double above = score.amount[TERM_ABOVE_TARGET];
    assert_float_equal(score.objective, 5 * 1000 + 37.5 * 20 + above * 2, 1e-9);
    fixture_free(instance);
}

static void score_assignment_should_sum_weighted_workload_above_target(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    instance->teams[team].target_given = true;
    instance->teams[team].target = 1; /* team target overrides rules.target */
    int w1 = fixture_worker(instance, "W1", team, 1.0);
    int c1 = fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, ALPHA, w1, false);
    fixture_child(instance, "C2", "F2", SERVICE_AVOHUOLTO, ALPHA, w1, false);
    instance->children[c1].weight = 1.75;
    int assignee[] = {w1, w1};
    struct score score = score_ok(instance, assignee);
    assert_float_equal(score.amount[TERM_ABOVE_TARGET], 1.75, 1e-12);
    assert_float_equal(score.amount[TERM_OVER_CAP], 0, 0);
    assert_float_equal(score.objective, 3.5, 1e-12);
    fixture_free(instance);
}

static void score_assignment_should_count_used_hires_and_their_workload(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 2);
    fixture_worker(instance, "W1", team, 1.0);
    int hire1 = instance->worker_count; /* assignee of avo/hire-1 */
    int assignee[4];
    char id[8];
    for (int i = 0; i < 3; i++) {
        snprintf(id, sizeof id, "C%d", i);
        assignee[fixture_child(instance, id, id, SERVICE_AVOHUOLTO, ALPHA, -1, false)] = hire1;
    }
    assignee[fixture_child(instance, "Adult", "Adult", SERVICE_AVOHUOLTO, ALPHA, -1, true)] =
        hire1;
    struct score score = score_ok(instance, assignee);
    assert_float_equal(score.amount[TERM_HIRE], 1, 0);
    /* 3 counted children = the hire's cap; the adult is not counted but weighs */
    assert_float_equal(score.amount[TERM_OVER_CAP], 0, 0);
    assert_float_equal(score.amount[TERM_ABOVE_TARGET], 2, 1e-12);
    assert_float_equal(score.objective, 300 + 2 * 2, 1e-9);
    fixture_free(instance);
}

static void score_assignment_should_count_moves_but_not_intake_or_unassigned(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 1);
    int w1 = fixture_worker(instance, "W1", team, 1.0);
    int w2 = fixture_worker(instance, "W2", team, 1.0);
    int hire1 = instance->worker_count;
    fixture_child(instance, "Moves", "F1", SERVICE_AVOHUOLTO, ALPHA, w1, false);
    fixture_child(instance, "Intake", "F2", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    fixture_child(instance, "Dropped", "F3", SERVICE_AVOHUOLTO, ALPHA, w1, false);
    fixture_child(instance, "ToHire", "F4", SERVICE_AVOHUOLTO, ALPHA, w1, false);
    fixture_child(instance, "Stays", "F5", SERVICE_AVOHUOLTO, ALPHA, w2, false);
    int assignee[] = {w2, w2, -1, hire1, w2};
    struct score score = score_ok(instance, assignee);
    assert_float_equal(score.amount[TERM_MOVE], 2, 0);
    assert_float_equal(score.amount[TERM_UNASSIGNED], 1, 0);
    assert_float_equal(score.amount[TERM_HIRE], 1, 0);
    /* W2 carries 3 against a target of 2 */
    assert_float_equal(score.amount[TERM_ABOVE_TARGET], 1, 1e-12);
    assert_float_equal(score.objective, 100000 + 300 + 2 * 10 + 1 * 2, 1e-9);
    fixture_free(instance);
}

static void score_assignment_should_count_children_served_outside_the_team_area(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    instance->rules.cross_team = true;
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 1u << ALPHA, 0);
    int w1 = fixture_worker(instance, "W1", team, 1.0);
    fixture_child(instance, "Inside", "F1", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    fixture_child(instance, "Outside", "F2", SERVICE_AVOHUOLTO, BETA, -1, false);
    int assignee[] = {w1, w1};
    struct score score = score_ok(instance, assignee);
    assert_float_equal(score.amount[TERM_CROSS_TEAM], 1, 0);
    assert_float_equal(score.amount[TERM_KM], 10, 1e-12);
    assert_float_equal(score.objective, 20 + 1.0, 1e-9);
    fixture_free(instance);
}

static void score_assignment_should_let_a_current_worker_keep_a_child_outside_the_area(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 1u << ALPHA, 0);
    int w1 = fixture_worker(instance, "W1", team, 1.0);
    fixture_child(instance, "Kept", "F1", SERVICE_AVOHUOLTO, GAMMA, w1, false);
    fixture_child(instance, "New", "F2", SERVICE_AVOHUOLTO, GAMMA, -1, false);
    int assignee[] = {w1, -1};
    struct score score = score_ok(instance, assignee);
    assert_float_equal(score.amount[TERM_CROSS_TEAM], 1, 0);
    assert_float_equal(score.amount[TERM_KM], 30, 1e-12);
    /* cross_team is not allowed, so intake from outside the area may not join */
    assignee[1] = w1;
    score_breaks(instance, assignee, "ineligible");
    fixture_free(instance);
}

static void score_assignment_should_count_distinct_workers_per_family_and_service(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int avo = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int sij = fixture_team(instance, "sij", SERVICE_SIJAISHUOLTO, ALPHA, 0, 0);
    int w1 = fixture_worker(instance, "W1", avo, 1.0);
    int w2 = fixture_worker(instance, "W2", avo, 1.0);
    int w3 = fixture_worker(instance, "W3", sij, 1.0);
    fixture_child(instance, "F1a", "F1", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    fixture_child(instance, "F1b", "F1", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    fixture_child(instance, "F1c", "F1", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    fixture_child(instance, "F1d", "F1", SERVICE_SIJAISHUOLTO, ALPHA, -1, false);
    fixture_child(instance, "F1e", "F1", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    fixture_child(instance, "F2a", "F2", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    fixture_child(instance, "F2b", "F2", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    fixture_child(instance, "F3a", "F3", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    /* F1 avohuolto: W1, W2, W1 (+ one unassigned): 1 split; F1 sijaishuolto alone: 0;
     * F2: W2, W2: 0; F3 alone: 0 */
    int assignee[] = {w1, w2, w1, w3, -1, w2, w2, w1};
    struct score score = score_ok(instance, assignee);
    assert_float_equal(score.amount[TERM_FAMILY_SPLIT], 1, 0);
    assignee[6] = w1; /* F2 split too */
    score = score_ok(instance, assignee);
    assert_float_equal(score.amount[TERM_FAMILY_SPLIT], 2, 0);
    /* W1 has 4 (target 2), W2 has 2 */
    assert_float_equal(score.amount[TERM_ABOVE_TARGET], 2, 1e-12);
    assert_float_equal(score.objective, 100000 + 1000 * 1 + 20 * 1 + 2 * 30 + 2 * 2, 1e-9);
    fixture_free(instance);
}

static void score_assignment_should_sum_office_to_home_kilometres(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team_a = fixture_team(instance, "avo-a", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int team_b = fixture_team(instance, "avo-b", SERVICE_AVOHUOLTO, BETA, 0, 0);
    int wa = fixture_worker(instance, "WA", team_a, 1.0);
    int wb = fixture_worker(instance, "WB", team_b, 1.0);
    fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, GAMMA, -1, false);
    fixture_child(instance, "C2", "F2", SERVICE_AVOHUOLTO, GAMMA, -1, false);
    fixture_child(instance, "C3", "F3", SERVICE_AVOHUOLTO, BETA, -1, false);
    fixture_child(instance, "C4", "F4", SERVICE_AVOHUOLTO, BETA, -1, false);
    int assignee[] = {wa, wb, wa, -1};
    struct score score = score_ok(instance, assignee);
    assert_float_equal(score.amount[TERM_KM], 30 + 20 + 10, 1e-12);
    assert_float_equal(score.objective, 100000 + 6.0, 1e-9);
    fixture_free(instance);
}

static void score_assignment_should_weigh_terms_with_the_instance_weights(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    instance->rules.weights[TERM_MOVE] = 7;
    instance->rules.weights[TERM_KM] = 1.5;
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, BETA, 0, 0);
    int w1 = fixture_worker(instance, "W1", team, 1.0);
    int w2 = fixture_worker(instance, "W2", team, 1.0);
    fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, GAMMA, w1, false);
    int assignee[] = {w2};
    struct score score = score_ok(instance, assignee);
    assert_float_equal(score.amount[TERM_MOVE], 1, 0);
    assert_float_equal(score.amount[TERM_KM], 20, 1e-12);
    assert_float_equal(score.objective, 7 + 1.5 * 20, 1e-9);
    fixture_free(instance);
}

static void score_assignment_should_reject_a_child_of_another_service(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int sij = fixture_team(instance, "sij", SERVICE_SIJAISHUOLTO, ALPHA, 0, 0);
    int w1 = fixture_worker(instance, "W1", sij, 1.0);
    fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    int assignee[] = {w1};
    score_breaks(instance, assignee, "C1");
    fixture_free(instance);
}

static void score_assignment_should_reject_a_child_kept_by_a_leaving_worker(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int w1 = fixture_worker(instance, "W1", team, 1.0);
    instance->workers[w1].leaving = true;
    fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, ALPHA, w1, false);
    int assignee[] = {w1};
    score_breaks(instance, assignee, "ineligible");
    assignee[0] = -1;
    assert_float_equal(score_ok(instance, assignee).amount[TERM_UNASSIGNED], 1, 0);
    fixture_free(instance);
}

static void score_assignment_should_reject_a_hire_over_its_cap(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 1);
    fixture_worker(instance, "W1", team, 1.0);
    int hire1 = instance->worker_count;
    int assignee[4];
    char id[8];
    for (int i = 0; i < 4; i++) {
        snprintf(id, sizeof id, "C%d", i);
        assignee[fixture_child(instance, id, id, SERVICE_AVOHUOLTO, ALPHA, -1, false)] = hire1;
    }
    score_breaks(instance, assignee, "avo/hire-1");
    fixture_free(instance);
}

static void score_assignment_should_reject_hires_used_out_of_order(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 2);
    fixture_worker(instance, "W1", team, 1.0);
    int hire2 = instance->worker_count + 1;
    fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    fixture_child(instance, "C2", "F2", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    int assignee[] = {hire2, -1};
    score_breaks(instance, assignee, "avo/hire-2");
    assignee[1] = hire2 - 1; /* with hire 1 opened too the order holds */
    assert_float_equal(score_ok(instance, assignee).amount[TERM_HIRE], 2, 0);
    fixture_free(instance);
}

static void score_assignment_should_reject_more_new_children_than_max_new(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int w1 = fixture_worker(instance, "W1", team, 1.0);
    int w2 = fixture_worker(instance, "W2", team, 1.0);
    instance->workers[w2].max_new = 1;
    fixture_child(instance, "Own", "F1", SERVICE_AVOHUOLTO, ALPHA, w2, false);
    fixture_child(instance, "Moved", "F2", SERVICE_AVOHUOLTO, ALPHA, w1, false);
    fixture_child(instance, "New", "F3", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    int assignee[] = {w2, w2, -1}; /* one received: allowed */
    score_ok(instance, assignee);
    assignee[2] = w2; /* two received */
    score_breaks(instance, assignee, "max_new");
    fixture_free(instance);
}

static void score_assignment_should_reject_split_siblings_when_the_family_rule_is_hard(
    void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int w1 = fixture_worker(instance, "W1", team, 1.0);
    int w2 = fixture_worker(instance, "W2", team, 1.0);
    fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    fixture_child(instance, "C2", "F1", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    int assignee[] = {w1, w2};
    assert_float_equal(score_ok(instance, assignee).amount[TERM_FAMILY_SPLIT], 1, 0);
    instance->rules.family = FAMILY_HARD;
    score_breaks(instance, assignee, "F1");
    assignee[1] = w1;
    assert_float_equal(score_ok(instance, assignee).amount[TERM_FAMILY_SPLIT], 0, 0);
    fixture_free(instance);
}

static void score_assignment_should_reject_a_locked_child_away_from_its_worker(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int w1 = fixture_worker(instance, "W1", team, 1.0);
    int w2 = fixture_worker(instance, "W2", team, 1.0);
    int c1 = fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, ALPHA, w1, false);
    instance->children[c1].locked = true;
    int assignee[] = {w2};
    score_breaks(instance, assignee, "locked");
    assignee[0] = -1;
    score_breaks(instance, assignee, "locked");
    assignee[0] = w1;
    score_ok(instance, assignee);
    fixture_free(instance);
}

static void score_assignment_should_reject_an_assignee_index_out_of_range(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 1);
    fixture_worker(instance, "W1", team, 1.0);
    fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    int assignee[] = {instance_assignee_count(instance)};
    score_breaks(instance, assignee, "out of range");
    assignee[0] = -2;
    score_breaks(instance, assignee, "out of range");
    fixture_free(instance);
}

static void score_assignment_should_fail_cleanly_without_memory(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int w1 = fixture_worker(instance, "W1", team, 1.0);
    fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, ALPHA, w1, false);
    int assignee[] = {w1};
    struct score score;
    mem_fail_at(1);
    bool ok = score_assignment(instance, assignee, &score, error, sizeof error);
    mem_fail_at(0);
    assert_false(ok);
    assert_non_null(strstr(error, "memory"));
    fixture_free(instance);
}

/* Read "term amount" lines of a hand-checked .expected file into amounts. */
static double expected_objective(const char *path, double amounts[TERM_COUNT])
{
    FILE *file = fopen(path, "r");
    assert_non_null(file);
    char word[64];
    double value, objective = -1;
    while (fscanf(file, "%63s %lf", word, &value) == 2) {
        if (strcmp(word, "objective") == 0)
            objective = value;
        for (int term = 0; term < TERM_COUNT; term++)
            if (strcmp(word, instance_term_name((enum term)term)) == 0)
                amounts[term] = value;
    }
    fclose(file);
    return objective;
}

static void score_assignment_should_agree_with_a_hand_checked_instance_file(void **state)
{
    (void)state;
    struct diag diag;
    diag_init(&diag, "13-hire-opened.json");
    struct instance *instance =
        instance_load(REPO_ROOT "/instances/small/13-hire-opened.json", &diag);
    assert_non_null(instance);
    diag_free(&diag);
    /* the known optimum: W1 and W2 keep their four, the hire takes four of the five
     * new children, the fifth puts W1 one over the cap of 4 */
    int w1 = instance_find_worker(instance, "W1");
    int w2 = instance_find_worker(instance, "W2");
    int hire = instance->worker_count;
    int assignee[] = {w1, w1, w1, w1, w2, w2, w2, w2, hire, hire, hire, hire, w1};
    assert_int_equal(instance->child_count, 13);
    double amounts[TERM_COUNT] = {0};
    double objective =
        expected_objective(REPO_ROOT "/instances/small/13-hire-opened.expected", amounts);
    struct score score = score_ok(instance, assignee);
    for (int term = 0; term < TERM_COUNT; term++)
        assert_float_equal(score.amount[term], amounts[term], 1e-9);
    assert_float_equal(score.objective, objective, 1e-9);
    instance_free(instance);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(score_assignment_should_count_unassigned_children),
        cmocka_unit_test(score_assignment_should_sum_counted_children_over_each_workers_cap),
        cmocka_unit_test(score_assignment_should_price_the_kth_child_over_the_cap_at_k_shares),
        cmocka_unit_test(score_assignment_should_sum_weighted_workload_above_target),
        cmocka_unit_test(score_assignment_should_count_used_hires_and_their_workload),
        cmocka_unit_test(score_assignment_should_count_moves_but_not_intake_or_unassigned),
        cmocka_unit_test(score_assignment_should_count_children_served_outside_the_team_area),
        cmocka_unit_test(score_assignment_should_let_a_current_worker_keep_a_child_outside_the_area),
        cmocka_unit_test(score_assignment_should_count_distinct_workers_per_family_and_service),
        cmocka_unit_test(score_assignment_should_sum_office_to_home_kilometres),
        cmocka_unit_test(score_assignment_should_weigh_terms_with_the_instance_weights),
        cmocka_unit_test(score_assignment_should_reject_a_child_of_another_service),
        cmocka_unit_test(score_assignment_should_reject_a_child_kept_by_a_leaving_worker),
        cmocka_unit_test(score_assignment_should_reject_a_hire_over_its_cap),
        cmocka_unit_test(score_assignment_should_reject_hires_used_out_of_order),
        cmocka_unit_test(score_assignment_should_reject_more_new_children_than_max_new),
        cmocka_unit_test(score_assignment_should_reject_split_siblings_when_the_family_rule_is_hard),
        cmocka_unit_test(score_assignment_should_reject_a_locked_child_away_from_its_worker),
        cmocka_unit_test(score_assignment_should_reject_an_assignee_index_out_of_range),
        cmocka_unit_test(score_assignment_should_fail_cleanly_without_memory),
        cmocka_unit_test(score_assignment_should_agree_with_a_hand_checked_instance_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
