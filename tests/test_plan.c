/* test_plan.c - plan_build (reasons, hire numbering, checks) and the plan writers. */
#include "testutil.h"

#include <cjson/cJSON.h>

#include "core/instance.h"
#include "report/plan.h"
#include "core/score.h"
#include "solve/solve.h"

#include "fixture_tiny.h"

static char error[512];

/* A solution of `status` for `assignee` whose objective is the re-score (the
 * objective itself is checked in test_score.c and below). */
static struct solution solution_for(const struct instance *instance, int *assignee,
                                    enum solve_status status)
{
    struct score score;
    struct solution solution;
    memset(&solution, 0, sizeof solution);
    if (!score_assignment(instance, assignee, &score, error, sizeof error))
        fail_msg("score_assignment failed: %s", error);
    solution.status = status;
    solution.objective = score.objective;
    solution.bound = score.objective;
    solution.seconds = 0.25;
    solution.assignee = assignee;
    return solution;
}

static struct plan *plan_ok(const struct instance *instance, const struct solution *solution)
{
    error[0] = '\0';
    struct plan *plan = plan_build(instance, solution, NULL, error, sizeof error);
    if (plan == NULL)
        fail_msg("plan_build failed: %s", error);
    return plan;
}

/* The text a writer produces; the caller frees it with free(). */
typedef bool (*plan_writer)(const struct plan *, const struct instance *, FILE *);
static char *written(plan_writer writer, const struct plan *plan,
                     const struct instance *instance)
{
    char *text = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&text, &size);
    assert_non_null(stream);
    assert_true(writer(plan, instance, stream));
    assert_int_equal(fclose(stream), 0);
    return text;
}

/* A team whose worker W1 leaves, W2 is over the cap (4 counted, cap 3), W3 is free;
 * one new intake and one sijaishuolto child nobody can serve. */
static struct instance *leaving_and_over_cap(void)
{
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int w1 = fixture_worker(instance, "W1", team, 1.0);
    int w2 = fixture_worker(instance, "W2", team, 1.0);
    fixture_worker(instance, "W3", team, 1.0);
    instance->workers[w1].leaving = true;
    fixture_child(instance, "L1", "FL", SERVICE_AVOHUOLTO, ALPHA, w1, false);
    fixture_child(instance, "O1", "FO1", SERVICE_AVOHUOLTO, ALPHA, w2, false);
    fixture_child(instance, "O2", "FO2", SERVICE_AVOHUOLTO, ALPHA, w2, false);
    fixture_child(instance, "O3", "FO3", SERVICE_AVOHUOLTO, ALPHA, w2, false);
    fixture_child(instance, "O4", "FO4", SERVICE_AVOHUOLTO, ALPHA, w2, false);
    fixture_child(instance, "N1", "FN", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    fixture_child(instance, "S1", "FS", SERVICE_SIJAISHUOLTO, ALPHA, -1, false);
    return instance;
}

enum { W1, W2, W3 };
static int leaving_and_over_cap_plan[] = {W3, W3, W2, W2, W2, W3, -1};

static void plan_build_should_explain_leaving_over_cap_intake_and_unassigned(void **state)
{
    (void)state;
    struct instance *instance = leaving_and_over_cap();
    struct solution solution;
    memset(&solution, 0, sizeof solution);
    solution.status = SOLVE_OPTIMAL;
    /* unassigned 1, moves 2, W2 and W3 one above the target of 2 each */
    solution.objective = 100000 + 2 * 10 + 2 * 2;
    solution.bound = solution.objective;
    solution.assignee = leaving_and_over_cap_plan;
    struct plan *plan = plan_ok(instance, &solution);

    assert_int_equal(plan->assignment_count, 7);
    assert_int_equal(plan->assignments[0].reason, REASON_WORKER_LEAVES);
    assert_int_equal(plan->assignments[1].reason, REASON_OVER_CAP);
    assert_int_equal(plan->assignments[2].reason, REASON_STAYS);
    assert_int_equal(plan->assignments[5].reason, REASON_NEW_INTAKE);
    assert_int_equal(plan->assignments[6].reason, REASON_UNASSIGNED);
    assert_int_equal(plan->assignments[5].from, -1);
    assert_int_equal(plan->assignments[6].to, -1);
    assert_string_equal(plan_reason_text(REASON_WORKER_LEAVES), "worker leaves");
    assert_float_equal(plan->objective, 100024, 1e-9);
    assert_float_equal(plan->score.amount[TERM_MOVE], 2, 0);

    /* the leaving worker is not listed; W2 gave one away, W3 received three */
    assert_int_equal(plan->assignee_count, 2);
    assert_int_equal(plan->assignees[0].assignee, W2);
    assert_int_equal(plan->assignees[0].counted_before, 4);
    assert_int_equal(plan->assignees[0].counted_after, 3);
    assert_int_equal(plan->assignees[0].moves_out, 1);
    assert_int_equal(plan->assignees[1].assignee, W3);
    assert_int_equal(plan->assignees[1].moves_in, 3);
    assert_float_equal(plan->assignees[1].workload_after, 3, 0);

    assert_int_equal(plan->team_count, 1);
    assert_int_equal(plan->teams[0].workers, 2);
    assert_float_equal(plan->teams[0].fte, 2.0, 1e-12);
    assert_int_equal(plan->teams[0].counted_before, 5);
    assert_int_equal(plan->teams[0].counted_after, 6);
    assert_int_equal(plan->teams[0].over_cap_before, 1);
    assert_int_equal(plan->teams[0].over_cap_after, 0);
    assert_int_equal(plan->teams[0].moves_in, 2);
    plan_free(plan);
    fixture_free(instance);
}

static void plan_build_should_explain_area_siblings_closer_office_and_workload(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    instance->rules.cross_team = true;
    int team_a = fixture_team(instance, "avo-a", SERVICE_AVOHUOLTO, ALPHA, 1u << ALPHA, 0);
    int team_b = fixture_team(instance, "avo-b", SERVICE_AVOHUOLTO, BETA,
                              (1u << BETA) | (1u << ALPHA), 0);
    int wa = fixture_worker(instance, "WA", team_a, 1.0);
    int wa2 = fixture_worker(instance, "WA2", team_a, 1.0);
    int wb = fixture_worker(instance, "WB", team_b, 1.0);
    int wb2 = fixture_worker(instance, "WB2", team_b, 1.0);
    /* Area: home Beta is outside avo-a's area */
    fixture_child(instance, "Area", "F1", SERVICE_AVOHUOLTO, BETA, wa, false);
    /* Siblings: Sib2 joins WB, who keeps Sib1 (same office, WB2 not over anything) */
    fixture_child(instance, "Sib1", "F2", SERVICE_AVOHUOLTO, ALPHA, wb, false);
    fixture_child(instance, "Sib2", "F2", SERVICE_AVOHUOLTO, ALPHA, wb2, false);
    /* Closer office: home Alpha, from avo-b (Beta office, 10 km) to avo-a (0 km) */
    fixture_child(instance, "Near", "F3", SERVICE_AVOHUOLTO, ALPHA, wb2, false);
    /* Workload: WA2 has 3 (target 2, cap 3), one goes to WA in the same office */
    fixture_child(instance, "Load1", "F4", SERVICE_AVOHUOLTO, ALPHA, wa2, false);
    fixture_child(instance, "Load2", "F5", SERVICE_AVOHUOLTO, ALPHA, wa2, false);
    fixture_child(instance, "Load3", "F6", SERVICE_AVOHUOLTO, ALPHA, wa2, false);
    int assignee[] = {wb, wb, wb, wa, wa, wa2, wa2};
    struct solution solution = solution_for(instance, assignee, SOLVE_OPTIMAL);
    struct plan *plan = plan_ok(instance, &solution);
    assert_int_equal(plan->assignments[0].reason, REASON_AREA_CHANGED);
    assert_int_equal(plan->assignments[1].reason, REASON_STAYS);
    assert_int_equal(plan->assignments[2].reason, REASON_SIBLINGS);
    assert_int_equal(plan->assignments[3].reason, REASON_CLOSER_OFFICE);
    assert_int_equal(plan->assignments[4].reason, REASON_WORKLOAD);
    /* km per team, office to home: before avo-a serves Area (10) and Load1-3 (0),
     * avo-b Sib1, Sib2 and Near (10 each); after avo-b serves Area (0) and the siblings */
    assert_float_equal(plan->teams[team_a].km_before, 10, 1e-12);
    assert_float_equal(plan->teams[team_a].km_after, 0, 1e-12);
    assert_float_equal(plan->teams[team_b].km_before, 10 + 10 + 10, 1e-12);
    assert_float_equal(plan->teams[team_b].km_after, 0 + 10 + 10, 1e-12);
    assert_int_equal(plan->teams[team_a].moves_in, 2);
    assert_int_equal(plan->teams[team_b].moves_in, 2);
    plan_free(plan);
    fixture_free(instance);
}

static void plan_build_should_renumber_hires_so_the_used_ones_come_first(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team_a = fixture_team(instance, "A", SERVICE_AVOHUOLTO, ALPHA, 0, 3);
    int team_b = fixture_team(instance, "B", SERVICE_AVOHUOLTO, BETA, 0, 2);
    fixture_worker(instance, "WA", team_a, 1.0);
    fixture_worker(instance, "WB", team_b, 1.0);
    int hires = instance->worker_count; /* A/hire-1..3, then B/hire-1..2 */
    fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    fixture_child(instance, "C2", "F2", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    fixture_child(instance, "C3", "F3", SERVICE_AVOHUOLTO, BETA, -1, false);
    int assignee[] = {hires + 2, hires + 1, hires + 4};
    struct solution solution;
    memset(&solution, 0, sizeof solution);
    solution.status = SOLVE_OPTIMAL;
    solution.objective = 3 * 300; /* three hires, nothing else */
    solution.bound = solution.objective;
    solution.assignee = assignee;
    struct plan *plan = plan_ok(instance, &solution);
    assert_int_equal(plan->assignments[0].to, hires + 1);
    assert_int_equal(plan->assignments[1].to, hires + 0);
    assert_int_equal(plan->assignments[2].to, hires + 3);
    assert_int_equal(assignee[0], hires + 2); /* the solution is left as it was */
    assert_int_equal(plan->assignee_count, 2 + 3);
    char id[64];
    assert_string_equal(instance_assignee_id(instance, plan->assignees[2].assignee, id, sizeof id),
                        "A/hire-1");
    assert_string_equal(instance_assignee_id(instance, plan->assignees[4].assignee, id, sizeof id),
                        "B/hire-1");
    assert_int_equal(plan->teams[team_a].hires, 2);
    assert_int_equal(plan->teams[team_b].hires, 1);
    assert_int_equal(plan->teams[team_a].counted_after, 2);
    assert_float_equal(plan->score.amount[TERM_HIRE], 3, 0);
    plan_free(plan);
    fixture_free(instance);
}

static void plan_build_should_reject_an_objective_that_disagrees_with_the_rescore(void **state)
{
    (void)state;
    struct instance *instance = leaving_and_over_cap();
    struct solution solution = solution_for(instance, leaving_and_over_cap_plan, SOLVE_OPTIMAL);
    double rescored = solution.objective;
    solution.objective = rescored + 1;
    assert_null(plan_build(instance, &solution, NULL, error, sizeof error));
    assert_non_null(strstr(error, "disagrees"));
    solution.objective = rescored - 1;
    assert_null(plan_build(instance, &solution, NULL, error, sizeof error));
    /* within the tolerance */
    solution.objective = rescored * (1 + 1e-9);
    struct plan *plan = plan_ok(instance, &solution);
    assert_float_equal(plan->objective, rescored, 0);
    plan_free(plan);
    fixture_free(instance);
}

static void plan_build_should_report_the_rescore_of_a_feasible_plan(void **state)
{
    (void)state;
    struct instance *instance = leaving_and_over_cap();
    struct solution solution = solution_for(instance, leaving_and_over_cap_plan, SOLVE_FEASIBLE);
    double rescored = solution.objective;
    /* a solver claiming better than the plan is is wrong */
    solution.objective = rescored - 5;
    assert_null(plan_build(instance, &solution, NULL, error, sizeof error));
    /* a solver claiming worse: the plan reports its re-score and the gap to the bound */
    solution.objective = rescored + 5;
    solution.bound = rescored - 24;
    struct plan *plan = plan_ok(instance, &solution);
    assert_int_equal(plan->status, SOLVE_FEASIBLE);
    assert_float_equal(plan->objective, rescored, 0);
    assert_float_equal(plan->gap, 24 / rescored, 1e-15);
    plan_free(plan);
    fixture_free(instance);
}

static void plan_build_should_reject_a_plan_that_breaks_a_rule(void **state)
{
    (void)state;
    struct instance *instance = leaving_and_over_cap();
    int assignee[] = {W1, W2, W2, W2, W2, W3, -1}; /* W1 leaves yet keeps L1 */
    struct solution solution;
    memset(&solution, 0, sizeof solution);
    solution.status = SOLVE_OPTIMAL;
    solution.assignee = assignee;
    assert_null(plan_build(instance, &solution, NULL, error, sizeof error));
    assert_non_null(strstr(error, "L1"));
    assignee[0] = 99;
    assert_null(plan_build(instance, &solution, NULL, error, sizeof error));
    assert_non_null(strstr(error, "out of range"));
    solution.status = SOLVE_INFEASIBLE;
    solution.assignee = NULL;
    assert_null(plan_build(instance, &solution, NULL, error, sizeof error));
    fixture_free(instance);
}

static void plan_build_should_fail_cleanly_whenever_memory_runs_out(void **state)
{
    (void)state;
    struct instance *instance = leaving_and_over_cap();
    struct solution solution = solution_for(instance, leaving_and_over_cap_plan, SOLVE_OPTIMAL);
    struct plan *plan = NULL;
    long failing = 1;
    for (; plan == NULL && failing < 200; failing++) {
        mem_fail_at(failing);
        plan = plan_build(instance, &solution, NULL, error, sizeof error);
        mem_fail_at(0);
        if (plan == NULL)
            assert_non_null(strstr(error, "memory"));
    }
    assert_non_null(plan);
    assert_true(failing > 2); /* some allocation did fail on the way */
    plan_free(plan);
    fixture_free(instance);
}

/* Position of `key` ("\"name\":") in text, or fail. */
static size_t key_position(const char *text, const char *key)
{
    const char *found = strstr(text, key);
    if (found == NULL)
        fail_msg("no %s in the plan", key);
    return (size_t)(found - text);
}

static void plan_write_json_should_write_a_plan_that_parses_back(void **state)
{
    (void)state;
    struct instance *instance = leaving_and_over_cap();
    mem_free(instance->name);
    instance->name = mem_strdup("Tiny \"test\" \\ tab\t nl\n ctl\x01 Jyväskylä");
    struct solution solution = solution_for(instance, leaving_and_over_cap_plan, SOLVE_OPTIMAL);
    struct plan *plan = plan_ok(instance, &solution);
    char *text = written(plan_write_json, plan, instance);

    cJSON *root = cJSON_Parse(text);
    if (root == NULL)
        fail_msg("the plan is not valid JSON:\n%s", text);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "format")->valuestring,
                        "caseload-plan/1");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "instance")->valuestring,
                        instance->name);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(root, "scenario")));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "status")->valuestring,
                        "optimal");
    assert_float_equal(cJSON_GetObjectItemCaseSensitive(root, "objective")->valuedouble,
                       plan->score.objective, 0);
    cJSON *terms = cJSON_GetObjectItemCaseSensitive(root, "terms");
    assert_int_equal(cJSON_GetArraySize(terms), TERM_COUNT);
    for (int term = 0; term < TERM_COUNT; term++) {
        cJSON *amount = cJSON_GetArrayItem(terms, term);
        assert_string_equal(amount->string, instance_term_name((enum term)term));
        assert_float_equal(amount->valuedouble, plan->score.amount[term], 0);
    }

    cJSON *assignments = cJSON_GetObjectItemCaseSensitive(root, "assignments");
    assert_int_equal(cJSON_GetArraySize(assignments), instance->child_count);
    int seen[FIXTURE_ROOM] = {0};
    cJSON *row;
    cJSON_ArrayForEach(row, assignments) {
        const char *child = cJSON_GetObjectItemCaseSensitive(row, "child")->valuestring;
        for (int c = 0; c < instance->child_count; c++)
            if (strcmp(instance->children[c].id, child) == 0)
                seen[c]++;
    }
    for (int c = 0; c < instance->child_count; c++)
        assert_int_equal(seen[c], 1);
    cJSON *first = cJSON_GetArrayItem(assignments, 0);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(first, "from")->valuestring, "W1");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(first, "to")->valuestring, "W3");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(first, "reason")->valuestring,
                        "worker leaves");
    assert_true(cJSON_IsNull(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(assignments, 5), "from")));
    assert_true(cJSON_IsNull(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(assignments, 6), "to")));

    cJSON *workers = cJSON_GetObjectItemCaseSensitive(root, "workers");
    assert_int_equal(cJSON_GetArraySize(workers), 2);
    cJSON *w2 = cJSON_GetArrayItem(workers, 0);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(w2, "id")->valuestring, "W2");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(w2, "counted_before")->valueint, 4);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "hires")), 0);
    cJSON *team = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "teams"), 0);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(team, "over_cap_before")->valueint, 1);

    /* keys in the contract's order; whole counts as integers */
    static const char *const order[] = {"\"format\":", "\"instance\":", "\"scenario\":",
                                        "\"status\":", "\"objective\":", "\"bound\":",
                                        "\"gap\":", "\"solve_seconds\":", "\"terms\":",
                                        "\"assignments\":", "\"workers\":", "\"hires\":",
                                        "\"teams\":"};
    for (size_t i = 1; i < sizeof order / sizeof *order; i++)
        assert_true(key_position(text, order[i - 1]) < key_position(text, order[i]));
    assert_non_null(strstr(text, "\"unassigned\": 1,"));
    assert_non_null(strstr(text, "\"objective\": 100024.0,"));
    cJSON_Delete(root);
    free(text);
    plan_free(plan);
    fixture_free(instance);
}

static void plan_write_json_should_keep_full_precision_and_name_the_scenario(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    instance->distance[ALPHA * 3 + BETA] = instance->distance[BETA * 3 + ALPHA] = 0.1 + 0.2;
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int w1 = fixture_worker(instance, "W1", team, 1.0);
    fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, BETA, -1, false);
    int assignee[] = {w1};
    struct solution solution = solution_for(instance, assignee, SOLVE_OPTIMAL);
    struct plan *plan = plan_build(instance, &solution, "Option \"B\"", error, sizeof error);
    assert_non_null(plan);
    char *text = written(plan_write_json, plan, instance);
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "scenario")->valuestring,
                        "Option \"B\"");
    cJSON *km = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "terms"),
                                                 "km");
    assert_true(km->valuedouble == 0.1 + 0.2); /* exactly, not 0.3 */
    cJSON_Delete(root);
    free(text);
    plan_free(plan);
    fixture_free(instance);
}

static void plan_write_csv_should_write_a_bom_a_header_and_a_line_per_child(void **state)
{
    (void)state;
    struct instance *instance = leaving_and_over_cap();
    instance->distance[ALPHA * 3 + BETA] = instance->distance[BETA * 3 + ALPHA] = 12.5;
    instance->children[5].municipality = BETA; /* N1 lives 12.5 km away */
    mem_free(instance->children[0].id);
    instance->children[0].id = mem_strdup("L;1 \"x\"");
    struct solution solution = solution_for(instance, leaving_and_over_cap_plan, SOLVE_OPTIMAL);
    struct plan *plan = plan_ok(instance, &solution);
    char *text = written(plan_write_csv, plan, instance);

    assert_memory_equal(text, "\xEF\xBB\xBF", 3);
    const char *header = "child;family;service;municipality;from;to;from_team;to_team;reason;km\r\n";
    assert_memory_equal(text + 3, header, strlen(header));
    int lines = 0;
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '\n') {
            assert_true(p > text && p[-1] == '\r');
            lines++;
        }
    }
    assert_int_equal(lines, instance->child_count + 1);
    assert_non_null(strstr(text, "\r\n\"L;1 \"\"x\"\"\";FL;avohuolto;Alpha;W1;W3;avo;avo;"
                                 "worker leaves;0\r\n"));
    assert_non_null(strstr(text, "\r\nN1;FN;avohuolto;Beta;;W3;;avo;new intake;12,5\r\n"));
    assert_non_null(strstr(text, "\r\nS1;FS;sijaishuolto;Alpha;;;;;unassigned;\r\n"));
    free(text);
    plan_free(plan);
    fixture_free(instance);
}

static void plan_write_summary_should_show_each_team_and_the_terms(void **state)
{
    (void)state;
    struct instance *instance = leaving_and_over_cap();
    struct solution solution = solution_for(instance, leaving_and_over_cap_plan, SOLVE_OPTIMAL);
    struct plan *plan = plan_ok(instance, &solution);
    char *text = written(plan_write_summary, plan, instance);
    assert_non_null(strstr(text, "avo "));
    assert_non_null(strstr(text, "5 → 6"));
    assert_non_null(strstr(text, "1 → 0"));
    assert_non_null(strstr(text, "status optimal"));
    assert_non_null(strstr(text, "move 2"));
    free(text);
    plan_free(plan);
    fixture_free(instance);
}

/* Formula injection: a text that a spreadsheet program would evaluate gets a
 * leading apostrophe, numbers and ordinary text are written as they are. */
static void text_csv_field_should_neutralise_formulas_but_not_numbers(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"=1+1", "'=1+1"},       {"@SUM(A1)", "'@SUM(A1)"}, {"+1+1", "'+1+1"},
        {"-1+1", "'-1+1"},       {"\t=1", "'\t=1"},         {"'x", "''x"},
        {"=a;b", "\"'=a;b\""},   {"-3", "-3"},              {"-1,5", "-1,5"},
        {"-", "-"},              {"W1", "W1"},              {"a=b", "a=b"},
        {"\xE2\x88\x92" "1", "'\xE2\x88\x92" "1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = NULL;
        size_t size = 0;
        FILE *stream = open_memstream(&text, &size);
        assert_non_null(stream);
        text_csv_field(stream, cases[i][0]);
        assert_int_equal(fclose(stream), 0);
        assert_string_equal(text, cases[i][1]);
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plan_build_should_explain_leaving_over_cap_intake_and_unassigned),
        cmocka_unit_test(plan_build_should_explain_area_siblings_closer_office_and_workload),
        cmocka_unit_test(plan_build_should_renumber_hires_so_the_used_ones_come_first),
        cmocka_unit_test(plan_build_should_reject_an_objective_that_disagrees_with_the_rescore),
        cmocka_unit_test(plan_build_should_report_the_rescore_of_a_feasible_plan),
        cmocka_unit_test(plan_build_should_reject_a_plan_that_breaks_a_rule),
        cmocka_unit_test(plan_build_should_fail_cleanly_whenever_memory_runs_out),
        cmocka_unit_test(plan_write_json_should_write_a_plan_that_parses_back),
        cmocka_unit_test(plan_write_json_should_keep_full_precision_and_name_the_scenario),
        cmocka_unit_test(plan_write_csv_should_write_a_bom_a_header_and_a_line_per_child),
        cmocka_unit_test(text_csv_field_should_neutralise_formulas_but_not_numbers),
        cmocka_unit_test(plan_write_summary_should_show_each_team_and_the_terms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
