/* compare.c - the KPIs of a plan and the columns of a comparison (`caseload
 * compare`); the writers are in compare_write.c. */
#include "report/compare.h"

#include <math.h>
#include <string.h>

/* ---------------------------------------------------------------------------
 * KPIs
 * ------------------------------------------------------------------------- */

void compare_plan_kpis(const struct plan *plan, struct plan_kpis *kpis)
{
    memset(kpis, 0, sizeof *kpis);
    const double *amount = plan->score.amount;
    kpis->status = plan->status;
    kpis->objective = plan->objective;
    kpis->gap = plan->gap;
    kpis->unassigned = (int)lround(amount[TERM_UNASSIGNED]);
    kpis->over_cap = (int)lround(amount[TERM_OVER_CAP]);
    kpis->hires = (int)lround(amount[TERM_HIRE]);
    kpis->moves = (int)lround(amount[TERM_MOVE]);
    kpis->cross_team = (int)lround(amount[TERM_CROSS_TEAM]);
    kpis->family_splits = (int)lround(amount[TERM_FAMILY_SPLIT]);
    kpis->km = amount[TERM_KM];
    int assigned = plan->assignment_count - kpis->unassigned;
    kpis->km_per_child = assigned > 0 ? kpis->km / assigned : 0.0;
    long counted = 0;
    for (int i = 0; i < plan->assignee_count; i++) {
        const struct plan_assignee *row = &plan->assignees[i];
        counted += row->counted_after;
        if (row->counted_after > kpis->max_caseload)
            kpis->max_caseload = row->counted_after;
        if (row->counted_after > row->cap)
            kpis->workers_over_cap++;
    }
    kpis->compliance_before = plan->compliance_before;
    kpis->compliance_after = plan->compliance_after;
    kpis->assignees = plan->assignee_count;
    kpis->mean_caseload = plan->assignee_count > 0 ? (double)counted / plan->assignee_count : 0.0;
}

void compare_plan_kpis_capped(const struct plan *plan, const struct instance *instance,
                              struct plan_kpis *kpis)
{
    compare_plan_kpis(plan, kpis);
    long counted = 0;
    int capped = 0;
    for (int i = 0; i < plan->assignee_count; i++) {
        const struct plan_assignee *row = &plan->assignees[i];
        int team = instance_assignee_team(instance, row->assignee);
        if (instance->teams[team].service == SERVICE_JALKIHUOLTO && row->counted_after == 0)
            continue; /* an aftercare worker with adults only: the cap does not apply */
        counted += row->counted_after;
        capped++;
    }
    kpis->capped_assignees = capped;
    kpis->mean_caseload = capped > 0 ? (double)counted / capped : 0.0;
}

bool compare_column_fill(struct compare_column *column, const struct plan *plan,
                         const struct instance *instance)
{
    compare_plan_kpis_capped(plan, instance, &column->kpis);
    column->teams = mem_calloc(plan->team_count > 0 ? (size_t)plan->team_count : 1, sizeof *column->teams);
    if (column->teams == NULL)
        return false;
    for (int i = 0; i < plan->team_count; i++) {
        struct compare_team_excess *row = &column->teams[column->team_count];
        row->team = mem_strdup(instance->teams[plan->teams[i].team].id);
        if (row->team == NULL)
            return false;
        column->team_count++;
        for (int a = 0; a < plan->assignee_count; a++) {
            const struct plan_assignee *assignee = &plan->assignees[a];
            if (instance_assignee_team(instance, assignee->assignee) != plan->teams[i].team ||
                assignee->counted_after <= assignee->cap)
                continue;
            row->over_cap += assignee->counted_after - assignee->cap;
            row->workers_over_cap++;
        }
    }
    return true;
}

void compare_column_free(struct compare_column *column)
{
    if (column == NULL)
        return;
    for (int i = 0; i < column->team_count; i++)
        mem_free(column->teams[i].team);
    mem_free(column->teams);
    column->teams = NULL;
    column->team_count = 0;
}

struct plan *compare_solve_plan(const struct instance *instance, const struct solve_options *options,
                                const char *scenario_name, enum solve_status *status, char *error,
                                size_t error_size)
{
    struct solution solution;
    memset(&solution, 0, sizeof solution);
    *status = SOLVE_OPTIMAL;
    if (!solve_instance(instance, options, &solution, error, error_size))
        return NULL;
    struct plan *plan = NULL;
    if (solution.status == SOLVE_INFEASIBLE || solution.status == SOLVE_NO_PLAN) {
        *status = solution.status;
        message_format(error, error_size, "no plan could be found (%s after %.1f s)",
                  solution_status_name(solution.status), solution.seconds);
    } else {
        plan = plan_build(instance, &solution, scenario_name, error, error_size);
    }
    solution_free(&solution);
    return plan;
}
