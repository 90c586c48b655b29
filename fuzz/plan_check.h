/* plan_check.h - what the solving fuzz targets assert about a solved instance: the plan keeps every invariant of DESIGN.md §3 and agrees with an independent re-scoring. Header-only, included once per target. */
#ifndef CASELOAD_FUZZ_PLAN_CHECK_H
#define CASELOAD_FUZZ_PLAN_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "fuzz_common.h"
#include "core/instance.h"
#include "report/plan.h"
#include "core/score.h"
#include "solve/solve.h"

/* Instances above these sizes are only parsed: a solve must stay well under a second. */
#define FUZZ_MAX_CHILDREN 30
#define FUZZ_MAX_ASSIGNEES 24
#define FUZZ_MAX_MUNICIPALITIES 64

/* The objective of a simple assignment that respects every hard rule when
 * score_assignment accepts it: locked children keep their worker, others go to
 * `keep_current` ? their current eligible worker : nobody. NAN when refused. */
static double simple_assignment_objective(const struct instance *instance, bool keep_current)
{
    int *assignee = mem_alloc((size_t)(instance->child_count > 0 ? instance->child_count : 1) *
                              sizeof *assignee);
    REQUIRE(assignee != NULL);
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        bool keep = child->worker >= 0 && (child->locked || keep_current) &&
                    instance_eligible(instance, c, child->worker);
        assignee[c] = keep ? child->worker : -1;
    }
    struct score score;
    char error[512];
    double objective = NAN;
    if (score_assignment(instance, assignee, &score, error, sizeof error))
        objective = score.objective;
    mem_free(assignee);
    return objective;
}

/* The plan keeps every invariant of DESIGN.md §3 and agrees with a re-scoring. */
static void check_plan(const struct instance *instance, const struct solution *solution,
                       const struct plan *plan)
{
    REQUIRE(plan->assignment_count == instance->child_count);
    int *times = calloc((size_t)instance->child_count + 1, sizeof *times);
    int *assignee = calloc((size_t)instance->child_count + 1, sizeof *assignee);
    REQUIRE(times != NULL && assignee != NULL);
    for (int i = 0; i < plan->assignment_count; i++) {
        const struct plan_assignment *row = &plan->assignments[i];
        REQUIRE(row->child >= 0 && row->child < instance->child_count);
        times[row->child]++;
        REQUIRE(row->from == instance->children[row->child].worker);
        REQUIRE(row->to >= -1 && row->to < instance_assignee_count(instance));
        REQUIRE(row->to == -1 || instance_eligible(instance, row->child, row->to));
        REQUIRE(!instance->children[row->child].locked || row->to == row->from);
        REQUIRE((row->to == -1) == (row->reason == REASON_UNASSIGNED));
        assignee[row->child] = row->to;
    }
    for (int c = 0; c < instance->child_count; c++)
        REQUIRE(times[c] == 1); /* every child exactly once */

    struct score score;
    char error[512];
    REQUIRE(score_assignment(instance, assignee, &score, error, sizeof error));
    double tolerance = 1e-6 * fmax(1.0, fabs(score.objective));
    REQUIRE(fabs(score.objective - plan->objective) <= tolerance);
    REQUIRE(fabs(plan->score.objective - plan->objective) <= tolerance);
    double sum = 0;
    for (int term = 0; term < TERM_COUNT; term++) {
        REQUIRE(fabs(score.amount[term] - plan->score.amount[term]) <=
                1e-6 * fmax(1.0, fabs(score.amount[term])));
        sum += instance->rules.weights[term] * plan->score.amount[term];
    }
    REQUIRE(fabs(sum - plan->objective) <= tolerance);

    /* hires: a hire serves at most its cap, is opened in order (score checks) */
    for (int i = 0; i < plan->assignee_count; i++) {
        const struct plan_assignee *row = &plan->assignees[i];
        if (row->assignee >= instance->worker_count)
            REQUIRE(row->counted_after <= row->cap);
    }

    /* optimal within the gap: no worse than two plans anyone could write down */
    if (solution->status == SOLVE_OPTIMAL) {
        double slack = 2e-4 * fmax(1.0, fabs(plan->objective)) + 1e-6;
        double candidates[2] = {simple_assignment_objective(instance, false),
                                simple_assignment_objective(instance, true)};
        for (int k = 0; k < 2; k++)
            if (!isnan(candidates[k]) && plan->objective > candidates[k] + slack) {
                fprintf(stderr, "fuzz_instance: optimal plan %.17g is worse than %.17g\n",
                        plan->objective, candidates[k]);
                abort();
            }
    }
    free(times);
    free(assignee);
}

/* Solve a small valid instance with a 1 s limit and check the plan (or the
 * verdict "infeasible"); larger instances are left alone. */
static void solve_and_check(const struct instance *instance)
{
    if (instance->child_count > FUZZ_MAX_CHILDREN ||
        instance_assignee_count(instance) > FUZZ_MAX_ASSIGNEES ||
        instance->municipality_count > FUZZ_MAX_MUNICIPALITIES)
        return;
    struct solve_options options;
    solve_default_options(&options);
    options.time_limit = 1.0;
    struct solution solution;
    memset(&solution, 0, sizeof solution);
    char error[512];
    if (!solve_instance(instance, &options, &solution, error, sizeof error)) {
        fprintf(stderr, "fuzz: solve failed on a valid instance: %s\n", error);
        abort();
    }
    if (solution.status == SOLVE_OPTIMAL || solution.status == SOLVE_FEASIBLE) {
        struct plan *plan = plan_build(instance, &solution, NULL, error, sizeof error);
        if (plan == NULL) {
            fprintf(stderr, "fuzz: plan_build refused the solver's plan: %s\n", error);
            abort();
        }
        check_plan(instance, &solution, plan);
        REQUIRE(plan_write_json(plan, instance, null_stream()));
        REQUIRE(plan_write_csv(plan, instance, null_stream()));
        REQUIRE(plan_write_summary(plan, instance, null_stream()));
        plan_free(plan);
    } else {
        /* every child may always stay unassigned, so "infeasible" needs a hard rule
         * that the simple plan breaks (hard siblings, a locked child) */
        REQUIRE(solution.status == SOLVE_NO_PLAN ||
                isnan(simple_assignment_objective(instance, false)));
    }
    solution_free(&solution);
}

#endif
