/* test_compliance.c - the regulators' measures (workers over the cap, children over
 * it, children of a worker over it, the highest load ratio) and their verdict. */
#include "testutil.h"

#include "core/compliance.h"
#include "core/instance.h"

#include "fixture_tiny.h"

/* Team avo (cap 3): W1 (FTE 1, cap 3) with five counted children and an adult,
 * W2 (FTE 0.5, cap 1) with one, L (leaving) with two, W3 (FTE 0.2, cap 0) with
 * none; one team hire. */
static struct instance *strained_team(void)
{
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 1);
    int w1 = fixture_worker(instance, "W1", team, 1.0);
    int w2 = fixture_worker(instance, "W2", team, 0.5);
    int leaving = fixture_worker(instance, "L", team, 1.0);
    fixture_worker(instance, "W3", team, 0.2);
    instance->workers[leaving].leaving = true;
    char id[16];
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "A%d", i);
        fixture_child(instance, id, id, SERVICE_AVOHUOLTO, ALPHA, w1, false);
    }
    fixture_child(instance, "Adult", "Adult", SERVICE_AVOHUOLTO, ALPHA, w1, true);
    fixture_child(instance, "B0", "B0", SERVICE_AVOHUOLTO, ALPHA, w2, false);
    fixture_child(instance, "L0", "L0", SERVICE_AVOHUOLTO, ALPHA, leaving, false);
    fixture_child(instance, "L1", "L1", SERVICE_AVOHUOLTO, ALPHA, leaving, false);
    return instance;
}

static void compliance_measure_should_count_the_current_assignment_with_leaving_workers(void **state)
{
    (void)state;
    struct instance *instance = strained_team();
    struct compliance now;
    assert_true(compliance_measure(instance, NULL, &now));
    /* W1: 5 counted over cap 3 (the adult is not counted); L: 2 within 3 */
    assert_int_equal(now.workers_over_cap, 1);
    assert_int_equal(now.children_over_cap, 2);
    assert_int_equal(now.children_with_worker_over_cap, 5);
    assert_float_equal(now.max_load_ratio, 5.0 / 3.0, 1e-15);
    assert_int_equal(now.children_to_place, 2); /* L0 and L1 of the leaving L */
    assert_false(compliance_met(&now));
    /* a plan's measure has nobody left to place */
    int assignee[9] = {0, 0, 0, 0, 0, 0, 1, 1, 1};
    struct compliance planned;
    assert_true(compliance_measure(instance, assignee, &planned));
    assert_int_equal(planned.children_to_place, 0);
    fixture_free(instance);
}

static void compliance_measure_should_count_every_child_of_a_worker_over_the_cap(void **state)
{
    (void)state;
    struct instance *instance = strained_team();
    int hire = instance->worker_count;
    /* W1 keeps 4 counted + the adult (over by 1), W2 takes L0 (2 over cap 1), the
     * hire takes A4 and L1, W3 (cap 0) nothing */
    int assignee[] = {0, 0, 0, 0, hire, 0, 1, 1, hire};
    struct compliance after;
    assert_true(compliance_measure(instance, assignee, &after));
    assert_int_equal(after.workers_over_cap, 2);
    assert_int_equal(after.children_over_cap, 1 + 1);
    assert_int_equal(after.children_with_worker_over_cap, 4 + 2);
    /* W2: 2 / 1; the hire and W3 (cap 0) do not enter the ratio */
    assert_float_equal(after.max_load_ratio, 2.0, 0);
    struct compliance team;
    assert_true(compliance_measure_team(instance, assignee, 0, &team));
    assert_memory_equal(&team, &after, sizeof team);
    assert_true(compliance_measure_team(instance, assignee, 1, &team));
    assert_int_equal(team.workers_over_cap, 0);
    fixture_free(instance);
}

static char *verdict_text(const struct compliance *before, const struct compliance *after)
{
    char *text = NULL;
    size_t length = 0;
    FILE *stream = open_memstream(&text, &length);
    assert_non_null(stream);
    compliance_write_verdict(stream, before, after);
    fclose(stream);
    return text;
}

static void compliance_write_verdict_should_lead_with_the_verdict_before_and_after(void **state)
{
    (void)state;
    struct compliance before = {4, 38, 133, 40.0 / 24.0, 12}, after = {4, 46, 164, 42.0 / 30.0, 0};
    char *text = verdict_text(&before, &after);
    /* "before" is the current assignment, without the 12 children the plan places */
    assert_string_equal(text, "verdict: NOT COMPLIANT: after the plan 4 workers over the cap, 46 children "
                              "over it, 164 children with a worker over it, highest load 140 %; before it "
                              "4, 38, 133 and 167 %, with 12 children to place (new intake, leavers' "
                              "children)\n");
    free(text);
    before.children_to_place = 0;
    text = verdict_text(&before, &after);
    assert_string_equal(text, "verdict: NOT COMPLIANT: after the plan 4 workers over the cap, 46 children "
                              "over it, 164 children with a worker over it, highest load 140 %; before it "
                              "4, 38, 133 and 167 %\n");
    free(text);
    struct compliance met = {0, 0, 0, 1.0, 0};
    text = verdict_text(NULL, &met);
    assert_string_equal(text, "verdict: compliant: 0 workers over the cap, 0 children over it, 0 "
                              "children with a worker over it, highest load 100 %\n");
    free(text);
    struct compliance one = {1, 1, 31, 31.0 / 30.0, 0};
    text = verdict_text(NULL, &one);
    assert_non_null(strstr(text, "NOT COMPLIANT: 1 worker over the cap, 1 child over it, 31 children"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compliance_measure_should_count_the_current_assignment_with_leaving_workers),
        cmocka_unit_test(compliance_measure_should_count_every_child_of_a_worker_over_the_cap),
        cmocka_unit_test(compliance_write_verdict_should_lead_with_the_verdict_before_and_after),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
