/* test_check.c - check_compute (the figures of `caseload check`) apart from
 * check_write (the table a person reads). */
#include "testutil.h"

#include "report/check.h"

#include "fixture_tiny.h"

/* A team of three (cap 3): W1 leaves with one child, W2 has four counted children
 * and an adult, W3 none; one child and one placement client without a worker. */
static struct instance *leaving_and_over_cap(void)
{
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int w1 = fixture_worker(instance, "W1", team, 1.0);
    int w2 = fixture_worker(instance, "W2", team, 1.0);
    fixture_worker(instance, "W3", team, 1.0);
    instance->workers[w1].leaving = true;
    fixture_child(instance, "L1", "FL", SERVICE_AVOHUOLTO, ALPHA, w1, false);
    for (int i = 0; i < 4; i++) {
        char id[8], family[8];
        snprintf(id, sizeof id, "O%d", i + 1);
        snprintf(family, sizeof family, "FO%d", i + 1);
        fixture_child(instance, id, family, SERVICE_AVOHUOLTO, ALPHA, w2, false);
    }
    fixture_child(instance, "Adult", "FA", SERVICE_AVOHUOLTO, ALPHA, w2, true);
    fixture_child(instance, "N1", "FN", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    fixture_child(instance, "S1", "FS", SERVICE_SIJAISHUOLTO, ALPHA, -1, false);
    return instance;
}

/* What check_write writes for `report`, as a string the caller frees. */
static char *written(const struct instance *instance, const struct check_report *report)
{
    char *text = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&text, &size);
    assert_non_null(stream);
    assert_true(check_write(instance, report, stream));
    assert_int_equal(fclose(stream), 0);
    return text;
}

static void check_compute_should_count_workers_over_the_cap_leavers_and_intake(void **state)
{
    (void)state;
    struct instance *instance = leaving_and_over_cap();
    struct check_report report;
    assert_true(check_compute(instance, &report));
    assert_int_equal(report.worker_count, 3);
    assert_int_equal(report.workers[1].counted, 4);
    assert_int_equal(report.workers[1].adults, 1); /* the adult is not counted */
    assert_int_equal(report.workers[1].cap, 3);
    assert_int_equal(report.workers[0].counted, 1);
    assert_int_equal(report.workers[2].counted + report.workers[2].adults, 0);
    assert_int_equal(report.over_cap_workers, 1);
    assert_int_equal(report.over_cap_children, 1); /* 4 counted, cap 3 */
    assert_int_equal(report.leaving_with_children, 1);
    assert_int_equal(report.unassigned_children, 2);
    assert_int_equal(report.unassigned_counted, 2);
    assert_int_equal(report.unassigned_by_service[SERVICE_AVOHUOLTO], 1);
    assert_int_equal(report.unassigned_by_service[SERVICE_SIJAISHUOLTO], 1);
    assert_int_equal(report.now.workers_over_cap, 1);
    assert_int_equal(report.now.children_over_cap, 1);
    check_report_free(&report);
    fixture_free(instance);
}

static void check_write_should_report_workers_over_the_cap_and_leavers(void **state)
{
    (void)state;
    struct instance *instance = leaving_and_over_cap();
    struct check_report report;
    assert_true(check_compute(instance, &report));
    char *text = written(instance, &report);
    assert_non_null(strstr(text, "OVER CAP"));
    assert_non_null(strstr(text, "LEAVING"));
    assert_non_null(strstr(text, "not the verdict"));
    assert_non_null(strstr(text, "unassigned intake: avohuolto 1"));
    assert_non_null(strstr(text, "verdict: 1 worker over the cap, 1 counted child above it; 1 leaving "
                                 "worker still has children; new intake without a worker yet: 2 children"));
    free(text);
    check_report_free(&report);
    fixture_free(instance);
}

static void check_write_should_pass_a_team_within_the_cap(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int w1 = fixture_worker(instance, "W1", team, 0.5); /* cap 1 */
    fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, ALPHA, w1, false);
    fixture_child(instance, "C2", "F2", SERVICE_AVOHUOLTO, ALPHA, w1, true);
    struct check_report report;
    assert_true(check_compute(instance, &report));
    assert_int_equal(report.over_cap_workers, 0);
    assert_int_equal(report.over_cap_children, 0);
    assert_int_equal(report.unassigned_children, 0);
    assert_int_equal(report.leaving_with_children, 0);
    char *text = written(instance, &report);
    assert_null(strstr(text, "OVER CAP"));
    assert_non_null(strstr(text, "verdict: every worker is within the cap"));
    free(text);
    check_report_free(&report);
    fixture_free(instance);
}

/* The figures do not depend on writing: a report computed once and written twice
 * gives the same text, and computing touches no stream. */
static void check_write_should_write_the_same_text_for_the_same_report(void **state)
{
    (void)state;
    struct instance *instance = leaving_and_over_cap();
    struct check_report report;
    assert_true(check_compute(instance, &report));
    char *first = written(instance, &report);
    char *second = written(instance, &report);
    assert_string_equal(first, second);
    free(first);
    free(second);
    check_report_free(&report);
    fixture_free(instance);
}

static void check_write_should_return_false_when_writing_fails(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (full == NULL)
        skip();
    struct instance *instance = leaving_and_over_cap();
    struct check_report report;
    assert_true(check_compute(instance, &report));
    assert_false(check_write(instance, &report, full));
    fclose(full);
    check_report_free(&report);
    fixture_free(instance);
}

static void check_compute_should_fail_cleanly_whenever_memory_runs_out(void **state)
{
    (void)state;
    struct instance *instance = leaving_and_over_cap();
    int failures = 0;
    for (long n = 1; n < 50; n++) {
        struct check_report report;
        mem_fail_at(n);
        bool ok = check_compute(instance, &report);
        mem_fail_at(0);
        if (!ok) {
            failures++;
            assert_null(report.workers);
            assert_int_equal(report.worker_count, 0);
        } else {
            assert_int_equal(report.over_cap_workers, 1);
        }
        check_report_free(&report);
        if (ok)
            break;
    }
    assert_true(failures > 0);
    fixture_free(instance);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(check_compute_should_count_workers_over_the_cap_leavers_and_intake),
        cmocka_unit_test(check_write_should_report_workers_over_the_cap_and_leavers),
        cmocka_unit_test(check_write_should_pass_a_team_within_the_cap),
        cmocka_unit_test(check_write_should_write_the_same_text_for_the_same_report),
        cmocka_unit_test(check_write_should_return_false_when_writing_fails),
        cmocka_unit_test(check_compute_should_fail_cleanly_whenever_memory_runs_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
