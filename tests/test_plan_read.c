/* test_plan_read.c - a plan read back is the plan written; a plan that is not
 * well formed, or not of this instance, is refused with the JSON path. */
#include "testutil.h"

#include <unistd.h>

#include "report/compare.h"
#include "report/plan.h"
#include "io/plan_read.h"

#define SMALL_01 REPO_ROOT "/instances/small/01-worker-leaves.json"

/* The optimal plan of `instance` and its JSON text (the caller frees both). */
static struct plan *planned(const struct instance *instance, char **text, size_t *length)
{
    struct solve_options options;
    solve_default_options(&options);
    options.threads = 1;
    enum solve_status status;
    char error[256] = "";
    struct plan *plan = compare_solve_plan(instance, &options, NULL, &status, error, sizeof error);
    if (plan == NULL)
        fail_msg("no plan: %s", error);
    FILE *stream = open_memstream(text, length);
    assert_non_null(stream);
    assert_true(plan_write_json(plan, instance, stream));
    assert_int_equal(fclose(stream), 0);
    return plan;
}

/* Read `text` for `instance`; returns the plan file or NULL with the first
 * message in `first` (room for 512 bytes). */
static struct plan_file *read_text(const char *text, const struct instance *instance, char *first)
{
    struct diag diag;
    diag_init(&diag, "plan.json");
    struct plan_file *file = plan_read(text, strlen(text), instance, &diag);
    first[0] = '\0';
    if (diag.kept > 0)
        snprintf(first, 512, "%s", diag.messages[0]);
    diag_free(&diag);
    return file;
}

/* `text` with the first `from` replaced by `to`, as a new string. */
static char *replaced(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    size_t head = (size_t)(at - text), length = strlen(text) - strlen(from) + strlen(to);
    char *out = malloc(length + 1);
    assert_non_null(out);
    memcpy(out, text, head);
    strcpy(out + head, to);
    strcat(out, at + strlen(from));
    return out;
}

static void plan_read_should_give_back_the_plan_written(void **state)
{
    (void)state;
    struct instance *instance = load_or_fail(SMALL_01);
    char *text = NULL;
    size_t length = 0;
    struct plan *plan = planned(instance, &text, &length);
    char first[512];
    struct plan_file *file = read_text(text, instance, first);
    if (file == NULL)
        fail_msg("refused: %s", first);
    assert_string_equal(file->instance_name, instance->name);
    assert_null(file->scenario_name);
    assert_string_equal(file->status, "optimal");
    assert_true(file->objective == plan->objective); /* to the last bit */
    assert_int_equal(file->child_count, instance->child_count);
    assert_int_equal(plan->assignment_count, instance->child_count);
    int moved = 0;
    for (int i = 0; i < plan->assignment_count; i++) {
        const struct plan_assignment *row = &plan->assignments[i];
        assert_int_equal(file->assignee[row->child], row->to);
        assert_string_equal(file->reason[row->child], plan_reason_text(row->reason));
        moved += row->to != row->from;
    }
    assert_int_equal(moved, 3); /* the leaver's three children */
    for (int term = 0; term < TERM_COUNT; term++)
        assert_float_equal(file->score.amount[term], plan->score.amount[term], 1e-9);
    plan_file_free(file);
    free(text);
    plan_free(plan);
    instance_free(instance);
}

struct refusal {
    const char *from, *to; /* the change to the written plan */
    const char *message;   /* what the first message must hold: the path and why */
};

static void plan_read_should_refuse_a_malformed_plan_with_its_path(void **state)
{
    (void)state;
    struct instance *instance = load_or_fail(SMALL_01);
    char *text = NULL;
    size_t length = 0;
    struct plan *plan = planned(instance, &text, &length);
    static const struct refusal refusals[] = {
        {"\"format\": \"caseload-plan/1\"", "\"format\": \"caseload-plan/2\"", "plan.json: format: expected"},
        {"\"objective\": 31.61860680117988", "\"objective\": \"31.6\"", "plan.json: objective: expected a number"},
        {"\"child\": \"C02\"", "\"child\": \"C01\"", "plan.json: assignments[1].child: child"},
        {"\"child\": \"C03\"", "\"child\": \"C99\"", "plan.json: assignments[2].child"},
        {"\"to\": \"W3\"", "\"to\": \"W9\"", "plan.json: assignments[2].to"},
        {"\"from\": \"W2\", \"to\": \"W2\"", "\"from\": \"W3\", \"to\": \"W2\"", "plan.json: assignments[3].from"},
        {"\"to\": \"W2\", \"reason\": \"stays\"", "\"reason\": \"stays\"", "plan.json: assignments[3]: missing key \"to\""},
        {"\"assignments\": [", "\"assignment\": [", "plan.json: unknown key \"assignment\""},
        {"\"reason\": \"stays\"", "\"reason\": \"stays\", \"note\": 1", "plan.json: assignments[3]: unknown key \"note\""},
        {"\"cap\": 30", "\"cap\": 1e308", "plan.json: workers[0].cap: the plan says 1e+308"},
        {"\"counted_after\": 3", "\"counted_after\": -5", "plan.json: workers[0].counted_after: the plan says -5"},
        {"\"move\": 3", "\"move\": 0", "plan.json: terms.move: the plan says 0"},
        {"\"after\": { \"workers_over_cap\": 0", "\"after\": { \"workers_over_cap\": 2",
         "plan.json: compliance.after.workers_over_cap: the plan says 2"},
        {"\"teams\": [", "\"teams\": [{\"id\": \"nowhere\", \"workers\": 1, \"hires\": 0, \"over_cap_before\": 0, "
                          "\"over_cap_after\": 0, \"km\": 0}, ", "plan.json: teams[0].id: the instance has no team"},
        {"\"objective\": 31.61860680117988", "\"objective\": 30", "plan.json: objective: the plan says 30"},
    };
    for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
        char *bad = replaced(text, refusals[i].from, refusals[i].to);
        char first[512];
        struct plan_file *file = read_text(bad, instance, first);
        if (file != NULL)
            fail_msg("accepted with %s", refusals[i].to);
        if (strstr(first, refusals[i].message) == NULL)
            fail_msg("for %s: expected \"%s\" in \"%s\"", refusals[i].to, refusals[i].message, first);
        free(bad);
    }
    char first[512];
    assert_null(read_text("[1, 2]", instance, first));
    assert_non_null(strstr(first, "expected a JSON object at the top level"));
    assert_null(read_text("{\"format\": ", instance, first));
    assert_true(first[0] != '\0');
    free(text);
    plan_free(plan);
    instance_free(instance);
}

/* A plan of one instance read against another is refused at "instance", with one
 * message instead of one per child. */
static void plan_read_file_for_should_name_the_instance_the_plan_was_made_for(void **state)
{
    (void)state;
    struct instance *instance = load_or_fail(SMALL_01);
    char *text = NULL;
    size_t length = 0;
    struct plan *plan = planned(instance, &text, &length);
    char path[] = "/tmp/test_plan_read_XXXXXX";
    int descriptor = mkstemp(path);
    assert_true(descriptor >= 0);
    FILE *stream = fdopen(descriptor, "w");
    assert_non_null(stream);
    fputs(text, stream);
    assert_int_equal(fclose(stream), 0);

    struct diag diag;
    diag_init(&diag, path);
    struct plan_file *file = plan_read_file_for(path, instance, NULL, &diag);
    assert_non_null(file);
    plan_file_free(file);
    diag_free(&diag);

    diag_init(&diag, path);
    file = plan_read_file_for(path, instance, "leave", &diag);
    assert_null(file);
    assert_int_equal(diag.count, 1);
    assert_non_null(strstr(diag.messages[0], ": scenario: "));
    diag_free(&diag);

    struct instance *other = load_or_fail(REPO_ROOT "/instances/small/06-adult-not-counted.json");
    diag_init(&diag, path);
    file = plan_read_file_for(path, other, NULL, &diag);
    assert_null(file);
    assert_int_equal(diag.count, 1);
    assert_non_null(strstr(diag.messages[0], ": instance: "));
    diag_free(&diag);

    unlink(path);
    instance_free(other);
    free(text);
    plan_free(plan);
    instance_free(instance);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plan_read_should_give_back_the_plan_written),
        cmocka_unit_test(plan_read_should_refuse_a_malformed_plan_with_its_path),
        cmocka_unit_test(plan_read_file_for_should_name_the_instance_the_plan_was_made_for),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
