/* test_invariants.c - plan_build as the last guard before a plan is written: solve the hand-checked instances, corrupt the solutions in every way a faulty solver could, and check each corruption is refused. */
#include "testutil.h"

#include <glob.h>
#include <math.h>

#include "base/common.h"
#include "core/instance.h"
#include "report/plan.h"
#include "core/score.h"
#include "solve/solve.h"

static char error[512];

static void solve_or_fail(const struct instance *instance, struct solution *solution)
{
    struct solve_options options;
    solve_default_options(&options);
    options.time_limit = 10;
    memset(solution, 0, sizeof *solution);
    if (!solve_instance(instance, &options, solution, error, sizeof error))
        fail_msg("%s", error);
    assert_int_equal(solution->status, SOLVE_OPTIMAL);
}

/* plan_build must refuse `solution` and give a reason. */
static void assert_refused(const struct instance *instance, const struct solution *solution,
                           const char *reason_part)
{
    assert_true(reason_part[0] != '\0'); /* an empty text would match any message */
    error[0] = '\0';
    struct plan *plan = plan_build(instance, solution, NULL, error, sizeof error);
    if (plan != NULL) {
        plan_free(plan);
        fail_msg("%s: a corrupted solution was accepted (expected \"%s\")", instance->name,
                 reason_part);
    }
    if (strstr(error, reason_part) == NULL)
        fail_msg("%s: refused with \"%s\", expected \"%s\"", instance->name, error, reason_part);
}

/* Index of the child or worker with this id; fails the test when there is none. */
static int child_index(const struct instance *instance, const char *id)
{
    for (int c = 0; c < instance->child_count; c++)
        if (strcmp(instance->children[c].id, id) == 0)
            return c;
    fail_msg("no child %s", id);
    return -1;
}

static int worker_index(const struct instance *instance, const char *id)
{
    int worker = instance_find_worker(instance, id);
    assert_true(worker >= 0);
    return worker;
}

static void plan_build_should_refuse_every_ineligible_pair_of_every_small_instance(void **state)
{
    (void)state;
    glob_t files;
    assert_int_equal(glob(REPO_ROOT "/instances/small/*.json", 0, NULL, &files), 0);
    assert_true(files.gl_pathc >= 10);
    int refused = 0;
    for (size_t f = 0; f < files.gl_pathc; f++) {
        struct instance *instance = load_or_fail(files.gl_pathv[f]);
        struct solution solution;
        solve_or_fail(instance, &solution);
        struct plan *plan = plan_build(instance, &solution, NULL, error, sizeof error);
        if (plan == NULL)
            fail_msg("%s: the solver's own plan is refused: %s", files.gl_pathv[f], error);
        plan_free(plan);
        for (int c = 0; c < instance->child_count; c++) {
            int kept = solution.assignee[c];
            for (int a = 0; a < instance_assignee_count(instance); a++) {
                if (instance_eligible(instance, c, a))
                    continue;
                solution.assignee[c] = a;
                char expected[128]; /* "... may not be given to W2" or "... is locked to ..." */
                snprintf(expected, sizeof expected, "the plan breaks a rule: child %s ",
                         instance->children[c].id);
                assert_refused(instance, &solution, expected);
                refused++;
            }
            solution.assignee[c] = kept;
        }
        solution_free(&solution);
        instance_free(instance);
    }
    globfree(&files);
    assert_true(refused >= 40); /* 49 when written */
}

static void plan_build_should_refuse_any_change_that_moves_the_objective(void **state)
{
    (void)state;
    /* the solver says "optimal" with its objective: a plan that differs and scores
     * otherwise is not the plan the solver found */
    glob_t files;
    assert_int_equal(glob(REPO_ROOT "/instances/small/*.json", 0, NULL, &files), 0);
    int refused = 0, ties = 0;
    for (size_t f = 0; f < files.gl_pathc; f++) {
        struct instance *instance = load_or_fail(files.gl_pathv[f]);
        struct solution solution;
        solve_or_fail(instance, &solution);
        for (int c = 0; c < instance->child_count; c++) {
            int kept = solution.assignee[c];
            for (int a = -1; a < instance_assignee_count(instance); a++) {
                if (a == kept || (a >= 0 && !instance_eligible(instance, c, a)))
                    continue;
                solution.assignee[c] = a;
                struct score score;
                char reason[512];
                bool legal = score_assignment(instance, solution.assignee, &score, reason,
                                              sizeof reason);
                struct plan *plan = plan_build(instance, &solution, NULL, error, sizeof error);
                if (legal && fabs(score.objective - solution.objective) <=
                                 1e-6 * fmax(1.0, fabs(solution.objective))) {
                    /* an alternative optimum (e.g. a hire renumbered): accepted */
                    assert_non_null(plan);
                    ties++;
                } else {
                    if (plan != NULL)
                        fail_msg("%s: child %s to assignee %d accepted, objective %.17g vs %.17g",
                                 files.gl_pathv[f], instance->children[c].id, a, score.objective,
                                 solution.objective);
                    refused++;
                }
                plan_free(plan);
            }
            solution.assignee[c] = kept;
        }
        solution_free(&solution);
        instance_free(instance);
    }
    globfree(&files);
    assert_true(refused >= 300); /* 336 refused and 3 ties when written */
    assert_true(ties >= 1);
}

static void plan_build_should_refuse_a_hire_over_its_cap(void **state)
{
    (void)state;
    /* 13: cap 4, W1 and W2 hold 4 each, 5 new children, one hire may be opened */
    struct instance *instance = load_or_fail(REPO_ROOT "/instances/small/13-hire-opened.json");
    struct solution solution;
    solve_or_fail(instance, &solution);
    int hire = instance->worker_count; /* avo/hire-1 */
    assert_int_equal(instance_assignee_cap(instance, hire), 4);
    int given = 0;
    for (int c = 0; c < instance->child_count; c++)
        if (instance->children[c].worker < 0) {
            solution.assignee[c] = hire;
            given++;
        }
    assert_int_equal(given, 5);
    assert_refused(instance, &solution,
                   "the plan breaks a rule: hire avo/hire-1 has 5 counted children, above its cap 4");
    solution_free(&solution);
    instance_free(instance);
}

static void plan_build_should_refuse_a_missing_or_unknown_child_assignment(void **state)
{
    (void)state;
    struct instance *instance = load_or_fail(REPO_ROOT "/instances/small/01-worker-leaves.json");
    struct solution solution;
    solve_or_fail(instance, &solution);
    int count = instance_assignee_count(instance);
    for (int c = 0; c < instance->child_count; c++) {
        int kept = solution.assignee[c];
        int corrupt[] = {-2, count, count + 1000, -1000000};
        for (size_t k = 0; k < sizeof corrupt / sizeof corrupt[0]; k++) {
            solution.assignee[c] = corrupt[k];
            char expected[128];
            snprintf(expected, sizeof expected, "child %s: assignee index %d out of range",
                     instance->children[c].id, corrupt[k]);
            assert_refused(instance, &solution, expected);
        }
        solution.assignee[c] = kept;
    }
    /* no assignment at all */
    int *assignee = solution.assignee;
    solution.assignee = NULL;
    assert_refused(instance, &solution, "no plan to build: the solution has no assignment");
    solution.assignee = assignee;
    /* not a plan: infeasible or stopped early */
    solution.status = SOLVE_INFEASIBLE;
    assert_refused(instance, &solution, "no plan to build: the solver ended infeasible");
    solution.status = SOLVE_NO_PLAN;
    assert_refused(instance, &solution, "no plan to build: the solver ended no plan");
    solution.status = SOLVE_OPTIMAL;
    /* an objective the re-score does not reproduce, or no number at all */
    double objective = solution.objective;
    solution.objective = objective * 1.001 + 1;
    assert_refused(instance, &solution, "disagrees with the solver's ");
    solution.objective = NAN;
    assert_refused(instance, &solution, "the solver's objective nan is not a finite number");
    solution.objective = objective;
    struct plan *plan = plan_build(instance, &solution, NULL, error, sizeof error);
    assert_non_null(plan);
    plan_free(plan);
    solution_free(&solution);
    instance_free(instance);
}

static void plan_build_should_refuse_split_hard_siblings_moved_locks_and_max_new(void **state)
{
    (void)state;
    struct solution solution;

    /* 05: family F1 (C07, C08) must share one worker */
    struct instance *instance = load_or_fail(REPO_ROOT "/instances/small/05-siblings-hard.json");
    solve_or_fail(instance, &solution);
    int c07 = child_index(instance, "C07"), c08 = child_index(instance, "C08");
    assert_int_equal(solution.assignee[c07], solution.assignee[c08]);
    solution.assignee[c08] = solution.assignee[c07] == 0 ? 1 : 0;
    assert_refused(instance, &solution,
                   "the plan breaks a rule: family F1: siblings in avohuolto are split between 2 workers");
    solution_free(&solution);
    instance_free(instance);

    /* 08: C01..C05 are locked to W1 */
    instance = load_or_fail(REPO_ROOT "/instances/small/08-locked-over-cap.json");
    solve_or_fail(instance, &solution);
    int c01 = child_index(instance, "C01");
    solution.assignee[c01] = worker_index(instance, "W2");
    assert_refused(instance, &solution,
                   "the plan breaks a rule: child C01 is locked to worker W1 but is given to W2");
    solution_free(&solution);
    instance_free(instance);

    /* 09: W1 and W2 receive at most one new child each */
    instance = load_or_fail(REPO_ROOT "/instances/small/09-max-new.json");
    solve_or_fail(instance, &solution);
    int w2 = worker_index(instance, "W2");
    for (int c = 0; c < instance->child_count; c++)
        if (instance->children[c].worker < 0)
            solution.assignee[c] = w2;
    assert_refused(instance, &solution, "the plan breaks a rule: worker W2 receives 3 children, max_new is 1");
    solution_free(&solution);
    instance_free(instance);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plan_build_should_refuse_every_ineligible_pair_of_every_small_instance),
        cmocka_unit_test(plan_build_should_refuse_any_change_that_moves_the_objective),
        cmocka_unit_test(plan_build_should_refuse_a_hire_over_its_cap),
        cmocka_unit_test(plan_build_should_refuse_a_missing_or_unknown_child_assignment),
        cmocka_unit_test(plan_build_should_refuse_split_hard_siblings_moved_locks_and_max_new),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
