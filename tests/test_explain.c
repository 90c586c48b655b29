/* test_explain.c - plan_read and explain_build/explain_write on the hand-checked small instances. */
#include "testutil.h"

#include <dirent.h>
#include <math.h>
#include <unistd.h>

#include "report/explain.h"
#include "report/plan.h"
#include "io/plan_read.h"

#include <cjson/cJSON.h>
#include "core/score.h"
#include "solve/solve.h"

#define SMALL REPO_ROOT "/instances/small"

/* The optimal plan of `instance`, built and checked by plan_build. */
static struct plan *solve_plan(const struct instance *instance)
{
    struct solve_options options;
    solve_default_options(&options);
    options.progress = NULL;
    options.gap = 0;
    struct solution solution = {0};
    char error[512];
    assert_true(solve_instance(instance, &options, &solution, error, sizeof error));
    assert_int_equal(solution.status, SOLVE_OPTIMAL);
    struct plan *plan = plan_build(instance, &solution, NULL, error, sizeof error);
    solution_free(&solution);
    assert_non_null(plan);
    return plan;
}

/* The plan's JSON text in a new buffer (free it). */
static char *plan_json(const struct plan *plan, const struct instance *instance, size_t *length)
{
    char *text = NULL;
    FILE *stream = open_memstream(&text, length);
    assert_non_null(stream);
    assert_true(plan_write_json(plan, instance, stream));
    fclose(stream);
    return text;
}

static int compare_paths(const void *left, const void *right)
{
    return strcmp(left, right);
}

/* Every instances/small/NN-*.json, sorted; returns the count. */
static int small_instances(char paths[][256], int room)
{
    DIR *directory = opendir(SMALL);
    assert_non_null(directory);
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL && count < room) {
        size_t length = strlen(entry->d_name);
        if (length > 5 && strcmp(entry->d_name + length - 5, ".json") == 0)
            snprintf(paths[count++], 256, SMALL "/%s", entry->d_name);
    }
    closedir(directory);
    qsort(paths, (size_t)count, 256, compare_paths);
    assert_true(count >= 15);
    return count;
}

static void plan_read_should_read_back_a_written_plan(void **state)
{
    (void)state;
    struct instance *instance = load_or_fail(SMALL "/13-hire-opened.json");
    struct plan *plan = solve_plan(instance);
    size_t length = 0;
    char *text = plan_json(plan, instance, &length);
    struct diag diag;
    diag_init(&diag, "plan.json");
    struct plan_file *read = plan_read(text, length, instance, &diag);
    assert_non_null(read);
    assert_int_equal(diag.count, 0);
    assert_string_equal(read->status, "optimal");
    assert_null(read->scenario_name);
    assert_string_equal(read->instance_name, instance->name);
    for (int i = 0; i < plan->assignment_count; i++) {
        assert_int_equal(read->assignee[plan->assignments[i].child], plan->assignments[i].to);
        assert_string_equal(read->reason[plan->assignments[i].child],
                            plan_reason_text(plan->assignments[i].reason));
    }
    /* the hire is read back as a hire */
    int c09 = plan_find_child(instance, "C09");
    assert_true(read->assignee[c09] >= instance->worker_count);
    assert_true(fabs(read->score.objective - plan->objective) < 1e-9);
    plan_file_free(read);
    diag_free(&diag);
    mem_free(text);
    plan_free(plan);
    instance_free(instance);
}

static bool diag_has(const struct diag *diag, const char *text)
{
    for (int i = 0; i < diag->kept; i++)
        if (strstr(diag->messages[i], text) != NULL)
            return true;
    return false;
}

static void plan_read_should_refuse_a_plan_of_another_instance(void **state)
{
    (void)state;
    struct instance *made_for = load_or_fail(SMALL "/05-siblings-hard.json");
    struct instance *other = load_or_fail(SMALL "/13-hire-opened.json");
    struct plan *plan = solve_plan(made_for);
    size_t length = 0;
    char *text = plan_json(plan, made_for, &length);
    struct diag diag;
    diag_init(&diag, "plan.json");
    assert_null(plan_read(text, length, other, &diag));
    assert_true(diag_has(&diag, "plan.json: assignments: child \"C09\" of the instance is not in the plan"));
    assert_true(diag_has(&diag, "assignments[3].from: the plan has \"W2\", the instance \"W1\""));
    diag_free(&diag);
    mem_free(text);
    plan_free(plan);
    instance_free(made_for);
    instance_free(other);
}

/* A plan made with a scenario, read without it or against another instance: one
 * error naming both, at "scenario" or "instance", and no error per child. */
static void plan_read_file_for_should_refuse_another_scenario_or_instance_in_one_error(void **state)
{
    (void)state;
    struct instance *instance = load_or_fail(SMALL "/13-hire-opened.json");
    struct plan *plan = solve_plan(instance);
    size_t length = 0;
    char *text = plan_json(plan, instance, &length);
    char path[] = "/tmp/caseload-plan-XXXXXX";
    int descriptor = mkstemp(path);
    assert_true(descriptor >= 0);
    FILE *stream = fdopen(descriptor, "w");
    assert_non_null(stream);
    assert_int_equal(fwrite(text, 1, length, stream), length);
    assert_int_equal(fclose(stream), 0);

    struct diag diag;
    diag_init(&diag, "plan.json");
    struct plan_file *read = plan_read_file_for(path, instance, NULL, &diag);
    assert_non_null(read); /* the same instance, no scenario: read */
    plan_file_free(read);
    assert_int_equal(diag.count, 0);
    assert_null(plan_read_file_for(path, instance, "Cap 5 -> 4", &diag));
    assert_int_equal(diag.count, 1);
    assert_true(diag_has(&diag, "plan.json: scenario: the plan was made for instance \"Small 13: a hire "
                                "is opened\" with no scenario, but it is read against instance \"Small 13: "
                                "a hire is opened\" with scenario \"Cap 5 -> 4\""));
    diag_free(&diag);

    struct instance *other = load_or_fail(SMALL "/05-siblings-hard.json");
    diag_init(&diag, "plan.json");
    assert_null(plan_read_file_for(path, other, NULL, &diag));
    assert_int_equal(diag.count, 1);
    assert_true(diag_has(&diag, "plan.json: instance: the plan was made for instance \"Small 13"));
    diag_free(&diag);
    unlink(path);
    mem_free(text);
    plan_free(plan);
    instance_free(instance);
    instance_free(other);
}

static void plan_read_should_report_unknown_ids_and_a_changed_objective(void **state)
{
    (void)state;
    struct instance *instance = load_or_fail(SMALL "/13-hire-opened.json");
    const char *unknown =
        "{\"format\": \"caseload-plan/1\", \"instance\": \"x\", \"scenario\": null, \"status\": \"optimal\","
        " \"objective\": 0, \"assignments\": [{\"child\": \"C99\", \"from\": null, \"to\": \"W1\", \"reason\": \"x\"},"
        " {\"child\": \"C01\", \"from\": \"W1\", \"to\": \"avo/hire-2\", \"reason\": \"x\"}]}";
    struct diag diag;
    diag_init(&diag, "p.json");
    assert_null(plan_read(unknown, strlen(unknown), instance, &diag));
    assert_true(diag_has(&diag, "p.json: assignments[0].child: the instance has no child \"C99\""));
    assert_true(diag_has(&diag, "p.json: assignments[1].to: the instance has no worker or hire \"avo/hire-2\""));
    diag_free(&diag);

    /* the right assignment with another objective: made with other rules */
    struct plan *plan = solve_plan(instance);
    size_t length = 0;
    char *text = plan_json(plan, instance, &length);
    char *objective = strstr(text, "\"objective\": 1320.0");
    assert_non_null(objective);
    memcpy(objective, "\"objective\": 1321.0", strlen("\"objective\": 1321.0"));
    diag_init(&diag, "p.json");
    assert_null(plan_read(text, length, instance, &diag));
    assert_true(diag_has(&diag, "p.json: objective: the plan says 1321, the instance re-scores it to 1320"));
    diag_free(&diag);
    mem_free(text);
    plan_free(plan);
    instance_free(instance);
}

/* Check every explanation of every child of one instance against re-scoring. */
static void check_instance_explanations(const char *path)
{
    struct instance *instance = load_or_fail(path);
    struct plan *plan = solve_plan(instance);
    int *assignee = mem_alloc(((size_t)instance->child_count + 1) * sizeof *assignee);
    int *moved = mem_alloc(((size_t)instance->child_count + 1) * sizeof *moved);
    assert_non_null(assignee);
    assert_non_null(moved);
    for (int i = 0; i < plan->assignment_count; i++)
        assignee[plan->assignments[i].child] = plan->assignments[i].to;
    double tolerance = 1e-7 * fmax(1.0, fabs(plan->objective));
    for (int c = 0; c < instance->child_count; c++) {
        struct explanation explanation;
        char error[512];
        assert_true(explain_build(instance, assignee, c, &explanation, error, sizeof error));
        assert_int_equal(explanation.chosen, assignee[c]);
        assert_true(fabs(explanation.plan_score.objective - plan->objective) <= tolerance);
        int workers_listed = explanation.chosen >= 0 && explanation.chosen < instance->worker_count;
        bool seen_infeasible = false;
        for (int i = 0; i < explanation.alternative_count; i++) {
            const struct explain_alternative *alternative = &explanation.alternatives[i];
            assert_true(alternative->assignee != assignee[c]);
            assert_true(instance_eligible(instance, c, alternative->assignee));
            if (alternative->assignee < instance->worker_count)
                workers_listed++;
            memcpy(moved, assignee, (size_t)instance->child_count * sizeof *moved);
            moved[c] = alternative->assignee;
            struct score score;
            char reason[256];
            bool feasible = score_assignment(instance, moved, &score, reason, sizeof reason);
            assert_int_equal(feasible, alternative->feasible);
            if (!feasible) {
                seen_infeasible = true;
                assert_string_equal(reason, alternative->infeasible);
                continue;
            }
            assert_false(seen_infeasible); /* feasible ones come first */
            /* the delta is the re-scoring difference, made of its terms */
            double delta = score.objective - plan->objective;
            assert_true(fabs(alternative->delta - delta) <= tolerance);
            double sum = 0;
            for (int term = 0; term < TERM_COUNT; term++)
                sum += alternative->term_delta[term];
            assert_true(fabs(sum - delta) <= tolerance);
            assert_true(fabs(alternative->over_cap_at_chosen + alternative->over_cap_at_alternative -
                             alternative->term_delta[TERM_OVER_CAP]) <= tolerance);
            assert_true(fabs(alternative->overload_at_chosen + alternative->overload_at_alternative -
                             alternative->term_delta[TERM_OVERLOAD]) <= tolerance);
            assert_true(fabs(alternative->above_target_at_chosen +
                             alternative->above_target_at_alternative -
                             alternative->term_delta[TERM_ABOVE_TARGET]) <= tolerance);
            /* optimal: no single move is cheaper */
            assert_true(alternative->delta >= -tolerance);
            if (i > 0 && explanation.alternatives[i - 1].feasible)
                assert_true(explanation.alternatives[i - 1].delta <= alternative->delta);
        }
        /* every worker is the chosen one, an alternative or counted as ineligible */
        int ineligible = 0;
        for (int cause = 0; cause < CAUSE_COUNT; cause++)
            ineligible += explanation.ineligible[cause];
        assert_int_equal(workers_listed + ineligible, instance->worker_count);
        explain_free(&explanation);
    }
    mem_free(assignee);
    mem_free(moved);
    plan_free(plan);
    instance_free(instance);
}

static void explain_build_should_give_rescored_deltas_and_no_cheaper_move_on_small_instances(void **state)
{
    (void)state;
    char paths[64][256];
    int count = small_instances(paths, 64);
    for (int i = 0; i < count; i++)
        check_instance_explanations(paths[i]);
}

static char *explain_text(const struct instance *instance, const int *assignee, int child,
                          const char *reason)
{
    struct explanation explanation;
    char error[512];
    assert_true(explain_build(instance, assignee, child, &explanation, error, sizeof error));
    char *text = NULL;
    size_t length = 0;
    FILE *stream = open_memstream(&text, &length);
    assert_non_null(stream);
    assert_true(explain_write(&explanation, instance, reason, 5, stream));
    fclose(stream);
    explain_free(&explanation);
    return text;
}

static void explain_write_should_name_the_terms_of_each_alternative(void **state)
{
    (void)state;
    struct instance *instance = load_or_fail(SMALL "/13-hire-opened.json");
    struct plan *plan = solve_plan(instance);
    int assignee[16];
    for (int i = 0; i < plan->assignment_count; i++)
        assignee[plan->assignments[i].child] = plan->assignments[i].to;
    /* C09 is with the hire; to W1 or W2 puts one child over the cap, keeps the hire */
    char *text = explain_text(instance, assignee, plan_find_child(instance, "C09"), "new intake");
    assert_non_null(strstr(text, "plan: avo/hire-1 (team avo, 0.0 km), reason: new intake"));
    assert_non_null(strstr(text, "+1020  W2 (team avo, 0.0 km): +1000 over cap at W2, +20 overload at W2"));
    assert_non_null(strstr(text, "The plan's choice is the cheapest: every single move costs at least +1020."));
    free(text);
    /* C13 is W1's fifth child (the hire is full): to W2 moves the over cap and its
     * overload from W1 to W2, a tie, which explain must not call the cheapest */
    text = explain_text(instance, assignee, plan_find_child(instance, "C13"), "new intake");
    assert_non_null(strstr(text, "-1000 over cap at W1, +1000 over cap at W2, -20 overload at W1, +20 overload at W2"));
    assert_non_null(strstr(text, "Two workers cost the same (W1, W2): the choice among them is a tie, not the cheapest"));
    assert_null(strstr(text, "cheapest:"));
    free(text);
    plan_free(plan);
    instance_free(instance);
}

static void explain_write_should_say_why_a_move_is_impossible_and_who_is_ineligible(void **state)
{
    (void)state;
    struct instance *instance = load_or_fail(SMALL "/05-siblings-hard.json");
    struct plan *plan = solve_plan(instance);
    int assignee[16];
    for (int i = 0; i < plan->assignment_count; i++)
        assignee[plan->assignments[i].child] = plan->assignments[i].to;
    char *text = explain_text(instance, assignee, plan_find_child(instance, "C07"), NULL);
    assert_non_null(strstr(text, "Not possible as a single move (1):"));
    assert_non_null(strstr(text, "siblings in avohuolto are split between 2 workers"));
    free(text);
    /* C01 lives in Jyväskylä, outside avo-lau's area */
    text = explain_text(instance, assignee, plan_find_child(instance, "C01"), "stays");
    assert_non_null(strstr(text, "Not eligible: 1 worker (1 home outside the team's area)"));
    free(text);
    plan_free(plan);
    instance_free(instance);
}

/* Cap 2. W1 has C1 (family F, locked) and C2, W2 nobody; S is new intake, a
 * sibling of C1. S joins C1 at W1 (a split would cost 30) and C2 moves to W2 (10)
 * to make room. */
static const char *sibling_room =
    "{\"format\": \"caseload-instance/1\", \"name\": \"linked\", \"date\": \"2024-10-08\","
    " \"rules\": {\"cap\": 2},"
    " \"municipalities\": [{\"id\": \"Jyväskylä\", \"lat\": 62.2405, \"lon\": 25.7513}],"
    " \"teams\": [{\"id\": \"avo\", \"service\": \"avohuolto\", \"office\": \"Jyväskylä\"}],"
    " \"workers\": [{\"id\": \"W1\", \"team\": \"avo\"}, {\"id\": \"W2\", \"team\": \"avo\"}],"
    " \"children\": ["
    "  {\"id\": \"C1\", \"family\": \"F\", \"service\": \"avohuolto\", \"municipality\": \"Jyväskylä\", \"worker\": \"W1\", \"locked\": true},"
    "  {\"id\": \"C2\", \"service\": \"avohuolto\", \"municipality\": \"Jyväskylä\", \"worker\": \"W1\"},"
    "  {\"id\": \"S\", \"family\": \"F\", \"service\": \"avohuolto\", \"municipality\": \"Jyväskylä\"}"
    " ]}";

static void explain_write_should_name_the_move_that_caused_a_move(void **state)
{
    (void)state;
    struct diag diag;
    diag_init(&diag, "linked.json");
    struct instance *instance = instance_parse(sibling_room, strlen(sibling_room), &diag);
    assert_non_null(instance);
    diag_free(&diag);
    struct plan *plan = solve_plan(instance);
    int assignee[3];
    for (int i = 0; i < plan->assignment_count; i++)
        assignee[plan->assignments[i].child] = plan->assignments[i].to;
    assert_int_equal(assignee[2], 0); /* S with W1 */
    assert_int_equal(assignee[1], 1); /* C2 to W2 */
    char *text = explain_text(instance, assignee, plan_find_child(instance, "C2"), NULL);
    assert_non_null(strstr(text, "W1 took S, a sibling of C1, so C2 moved to make room.\n"));
    free(text);
    /* S itself was not moved by another move: no such sentence */
    text = explain_text(instance, assignee, plan_find_child(instance, "S"), NULL);
    assert_null(strstr(text, "to make room"));
    free(text);
    plan_free(plan);
    instance_free(instance);
}

static void explain_build_should_refuse_a_child_out_of_range(void **state)
{
    (void)state;
    struct instance *instance = load_or_fail(SMALL "/05-siblings-hard.json");
    int assignee[16] = {0};
    struct explanation explanation;
    char error[128];
    assert_false(explain_build(instance, assignee, instance->child_count, &explanation, error,
                               sizeof error));
    assert_non_null(strstr(error, "out of range"));
    instance_free(instance);
}


/* A plan's reason is text from a file: it reaches the terminal escaped, and a
 * reason that holds a personal identity code is refused, never echoed. */
static void explain_write_should_escape_control_characters_in_the_reason(void **state)
{
    (void)state;
    struct instance *instance = load_or_fail(SMALL "/13-hire-opened.json");
    struct plan *plan = solve_plan(instance);
    int assignee[16];
    for (int i = 0; i < plan->assignment_count; i++)
        assignee[plan->assignments[i].child] = plan->assignments[i].to;
    char *text = explain_text(instance, assignee, plan_find_child(instance, "C09"),
                              "\x1b]0;owned\x07\x1b[2J\xC2\x9B" "31m");
    assert_null(strchr(text, '\x1b'));
    assert_null(strchr(text, '\x07'));
    assert_null(strstr(text, "\xC2\x9B"));
    assert_non_null(strstr(text, "reason: \\x{1b}]0;owned\\x{07}\\x{1b}[2J\\u{009b}31m"));
    free(text);

    size_t length = 0;
    char *json = plan_json(plan, instance, &length);
    cJSON *root = cJSON_Parse(json);
    assert_non_null(root);
    cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "assignments"), 0);
    cJSON_ReplaceItemInObject(first, "reason", cJSON_CreateString("moved, see 010203\xE2\x88\x92" "123B"));
    char *edited = cJSON_PrintUnformatted(root);
    struct diag diag;
    diag_init(&diag, "plan.json");
    assert_null(plan_read(edited, strlen(edited), instance, &diag));
    assert_true(diag_has(&diag, "plan.json: assignments[0].reason: looks like a Finnish personal identity code"));
    for (int i = 0; i < diag.kept; i++)
        assert_null(strstr(diag.messages[i], "0203"));
    diag_free(&diag);
    free(edited);
    cJSON_Delete(root);
    mem_free(json);
    plan_free(plan);
    instance_free(instance);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plan_read_should_read_back_a_written_plan),
        cmocka_unit_test(plan_read_should_refuse_a_plan_of_another_instance),
        cmocka_unit_test(plan_read_should_report_unknown_ids_and_a_changed_objective),
        cmocka_unit_test(plan_read_file_for_should_refuse_another_scenario_or_instance_in_one_error),
        cmocka_unit_test(explain_build_should_give_rescored_deltas_and_no_cheaper_move_on_small_instances),
        cmocka_unit_test(explain_write_should_name_the_terms_of_each_alternative),
        cmocka_unit_test(explain_write_should_say_why_a_move_is_impossible_and_who_is_ineligible),
        cmocka_unit_test(explain_write_should_name_the_move_that_caused_a_move),
        cmocka_unit_test(explain_write_should_escape_control_characters_in_the_reason),
        cmocka_unit_test(explain_build_should_refuse_a_child_out_of_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
