/* plan.c - build a caseload-plan/1 from a solution and check it against the
 * instance; plan_write.c writes it. */
#include "report/plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Relative/absolute tolerance when comparing the re-scored objective with GLPK's. */
#define OBJECTIVE_TOLERANCE 1e-6

/* Texts of enum plan_reason, written into the plan files. */
static const char *const reason_texts[REASON_COUNT] = {
    [REASON_STAYS] = "stays",
    [REASON_NEW_INTAKE] = "new intake",
    [REASON_WORKER_LEAVES] = "worker leaves",
    [REASON_OVER_CAP] = "worker over cap",
    [REASON_AREA_CHANGED] = "area changed",
    [REASON_SIBLINGS] = "siblings",
    [REASON_CLOSER_OFFICE] = "closer office",
    [REASON_WORKLOAD] = "workload",
    [REASON_ROOM_FOR_SIBLINGS] = "room for siblings",
    [REASON_ROOM_FOR_OTHER] = "room for another child",
    [REASON_UNASSIGNED] = "unassigned",
};

const char *plan_reason_text(enum plan_reason reason)
{
    if ((int)reason < 0 || reason >= REASON_COUNT)
        return "unknown";
    return reason_texts[reason];
}

/* --- Building ------------------------------------------------------------- */

/* The figures of the current assignment and the plan, per assignee, that the
 * reasons and the per-worker and per-team tables are made of. */
struct plan_figures {
    int *counted_before;     /* per assignee: counted children now */
    double *workload_before; /* per assignee: Σ ω now */
    int *counted_after;      /* per assignee: counted children in the plan */
    double *workload_after;  /* per assignee: Σ ω in the plan */
    int *moves_in;           /* per assignee: children received (intake included) */
    int *moves_out;          /* per assignee: children given away */
    int *family_start;       /* family_count + 1 offsets into family_members */
    int *family_members;     /* child indices grouped by family */
    bool *sibling_arrival;   /* per assignee: receives a child who joins its siblings there */
};

static void figures_free(struct plan_figures *figures)
{
    mem_free(figures->counted_before);
    mem_free(figures->workload_before);
    mem_free(figures->counted_after);
    mem_free(figures->workload_after);
    mem_free(figures->moves_in);
    mem_free(figures->moves_out);
    mem_free(figures->family_start);
    mem_free(figures->family_members);
    mem_free(figures->sibling_arrival);
}

static size_t at_least_one(int count)
{
    return count > 0 ? (size_t)count : 1;
}

/* Does the plan give child c to assignee `given` that also serves a sibling of the
 * same service? */
static bool joins_siblings(const struct instance *instance, const struct plan_figures *figures,
                           const int *assigned, int c, int given)
{
    const struct child *child = &instance->children[c];
    for (int i = figures->family_start[child->family];
         i < figures->family_start[child->family + 1]; i++) {
        int sibling = figures->family_members[i];
        if (sibling != c && instance->children[sibling].service == child->service &&
            assigned[sibling] == given)
            return true;
    }
    return false;
}

static bool figures_compute(const struct instance *instance, const int *assigned,
                            struct plan_figures *figures)
{
    size_t assignees = at_least_one(instance_assignee_count(instance));
    memset(figures, 0, sizeof *figures);
    figures->counted_before = mem_calloc(assignees, sizeof(int));
    figures->workload_before = mem_calloc(assignees, sizeof(double));
    figures->counted_after = mem_calloc(assignees, sizeof(int));
    figures->workload_after = mem_calloc(assignees, sizeof(double));
    figures->moves_in = mem_calloc(assignees, sizeof(int));
    figures->moves_out = mem_calloc(assignees, sizeof(int));
    figures->family_start = mem_calloc((size_t)instance->family_count + 1, sizeof(int));
    figures->family_members = mem_calloc(at_least_one(instance->child_count), sizeof(int));
    figures->sibling_arrival = mem_calloc(assignees, sizeof(bool));
    if (figures->counted_before == NULL || figures->workload_before == NULL || figures->sibling_arrival == NULL ||
        figures->counted_after == NULL || figures->workload_after == NULL ||
        figures->moves_in == NULL || figures->moves_out == NULL ||
        figures->family_start == NULL || figures->family_members == NULL)
        return false;

    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        int counted = instance_child_counted(instance, c) ? 1 : 0;
        int current = child->worker;
        int given = assigned[c];
        if (current >= 0) {
            figures->counted_before[current] += counted;
            figures->workload_before[current] += child->weight;
            if (given != current)
                figures->moves_out[current]++;
        }
        if (given >= 0) {
            figures->counted_after[given] += counted;
            figures->workload_after[given] += child->weight;
            if (given != current)
                figures->moves_in[given]++;
        }
        figures->family_start[child->family + 1]++;
    }
    /* group the children by family (a counting sort, input order kept) */
    for (int f = 0; f < instance->family_count; f++)
        figures->family_start[f + 1] += figures->family_start[f];
    int *next = mem_alloc(at_least_one(instance->family_count) * sizeof(int));
    if (next == NULL)
        return false;
    for (int f = 0; f < instance->family_count; f++)
        next[f] = figures->family_start[f];
    for (int c = 0; c < instance->child_count; c++)
        figures->family_members[next[instance->children[c].family]++] = c;
    mem_free(next);
    for (int c = 0; c < instance->child_count; c++)
        if (assigned[c] >= 0 && assigned[c] != instance->children[c].worker &&
            joins_siblings(instance, figures, assigned, c, assigned[c]))
            figures->sibling_arrival[assigned[c]] = true;
    return true;
}


/* True when child c's siblings of its service had another worker than c before
 * the plan: the family was split. */
static bool split_before(const struct instance *instance, const struct plan_figures *figures, int c)
{
    const struct child *child = &instance->children[c];
    for (int i = figures->family_start[child->family]; i < figures->family_start[child->family + 1]; i++) {
        const struct child *sibling = &instance->children[figures->family_members[i]];
        if (sibling != child && sibling->service == child->service && sibling->worker >= 0 &&
            sibling->worker != child->worker)
            return true;
    }
    return false;
}

/* The reason of one assignment. For a child that changes worker, the first that
 * applies of: the worker leaves; the current team's area no longer covers the home
 * (it would pay cross_team); a split family reunited (the new assignee serves a
 * sibling of the same service, who had another worker); the current worker was
 * over the legal cap; the new assignee already serves a sibling; the new office is
 * closer; the current worker was above the target (workload); the current worker
 * took in other children, so the move makes room: for siblings joining theirs, or
 * for another child. */
static enum plan_reason reason_for(const struct instance *instance,
                                   const struct plan_figures *figures, const int *assigned, int c)
{
    int current = instance->children[c].worker;
    int given = assigned[c];
    if (given < 0)
        return REASON_UNASSIGNED;
    if (current < 0)
        return REASON_NEW_INTAKE;
    if (given == current)
        return REASON_STAYS;
    if (instance->workers[current].leaving)
        return REASON_WORKER_LEAVES;
    if (instance_cross_team(instance, c, current))
        return REASON_AREA_CHANGED;
    bool joins = joins_siblings(instance, figures, assigned, c, given);
    if (joins && split_before(instance, figures, c))
        return REASON_SIBLINGS;
    if (figures->counted_before[current] > instance_worker_cap(instance, current))
        return REASON_OVER_CAP;
    if (joins)
        return REASON_SIBLINGS;
    if (instance_pair_km(instance, c, given) < instance_pair_km(instance, c, current))
        return REASON_CLOSER_OFFICE;
    if (figures->workload_before[current] > instance_worker_target(instance, current) ||
        figures->moves_in[current] == 0)
        return REASON_WORKLOAD;
    return figures->sibling_arrival[current] ? REASON_ROOM_FOR_SIBLINGS : REASON_ROOM_FOR_OTHER;
}

/* Renumber the hires of each team so that the used ones come first, in their
 * order: hires of a team are interchangeable, so this is the canonical plan. */
static bool renumber_hires(const struct instance *instance, int *assigned)
{
    int hire_count = instance_hire_count(instance);
    if (hire_count == 0)
        return true;
    bool ok = false;
    bool *used = mem_calloc((size_t)hire_count, sizeof *used);
    int *renumbered = mem_alloc((size_t)hire_count * sizeof *renumbered);
    int *next_slot = mem_alloc(at_least_one(instance->team_count) * sizeof *next_slot);
    if (used == NULL || renumbered == NULL || next_slot == NULL)
        goto fail;
    for (int c = 0; c < instance->child_count; c++)
        if (assigned[c] >= instance->worker_count)
            used[assigned[c] - instance->worker_count] = true;
    /* the hires of a team are numbered consecutively from its hire 1 */
    for (int h = 0; h < hire_count; h++) {
        int team, k;
        instance_hire_slot(instance, h, &team, &k);
        if (k == 1)
            next_slot[team] = h;
        renumbered[h] = used[h] ? next_slot[team]++ : -1;
    }
    for (int c = 0; c < instance->child_count; c++)
        if (assigned[c] >= instance->worker_count)
            assigned[c] = instance->worker_count + renumbered[assigned[c] - instance->worker_count];
    ok = true;
fail:
    mem_free(used);
    mem_free(renumbered);
    mem_free(next_slot);
    return ok;
}

/* Compare the re-scored objective with the solver's and settle the plan's
 * objective and gap. */
static bool settle_objective(struct plan *plan, const struct solution *solution, char *error,
                             size_t error_size)
{
    double rescored = plan->score.objective;
    double tolerance = OBJECTIVE_TOLERANCE * fmax(1.0, fabs(solution->objective));
    if (!isfinite(rescored)) {
        message_format(error, error_size, "the re-scored objective is not a finite number");
        return false;
    }
    /* a NaN from the solver would pass every comparison below */
    if (!isfinite(solution->objective)) {
        message_format(error, error_size, "the solver's objective %g is not a finite number",
                  solution->objective);
        return false;
    }
    if (solution->status == SOLVE_OPTIMAL && fabs(rescored - solution->objective) > tolerance) {
        message_format(error, error_size,
                  "the re-scored objective %.17g disagrees with the solver's %.17g", rescored,
                  solution->objective);
        return false;
    }
    if (solution->status == SOLVE_FEASIBLE && rescored > solution->objective + tolerance) {
        message_format(error, error_size,
                  "the re-scored objective %.17g is worse than the solver's %.17g", rescored,
                  solution->objective);
        return false;
    }
    plan->objective = rescored;
    plan->bound = solution->bound;
    if (isfinite(solution->bound))
        plan->gap = solution_relative_gap(rescored, solution->bound, solution->unavoidable);
    else
        plan->gap = solution->gap;
    return true;
}

static bool fill_assignees(struct plan *plan, const struct instance *instance,
                           const struct plan_figures *figures, const int *assigned)
{
    int assignee_count = instance_assignee_count(instance);
    bool *opened = mem_calloc(at_least_one(assignee_count), sizeof *opened);
    if (opened == NULL)
        return false;
    for (int c = 0; c < instance->child_count; c++)
        if (assigned[c] >= 0)
            opened[assigned[c]] = true;
    int count = 0;
    for (int a = 0; a < assignee_count; a++)
        if (a < instance->worker_count ? !instance->workers[a].leaving : opened[a])
            count++;
    plan->assignees = mem_calloc(at_least_one(count), sizeof *plan->assignees);
    if (plan->assignees == NULL) {
        mem_free(opened);
        return false;
    }
    for (int a = 0; a < assignee_count; a++) {
        if (a < instance->worker_count ? instance->workers[a].leaving : !opened[a])
            continue;
        struct plan_assignee *row = &plan->assignees[plan->assignee_count++];
        row->assignee = a;
        row->cap = instance_assignee_cap(instance, a);
        row->counted_before = figures->counted_before[a];
        row->counted_after = figures->counted_after[a];
        row->workload_after = figures->workload_after[a];
        row->moves_in = figures->moves_in[a];
        row->moves_out = figures->moves_out[a];
    }
    mem_free(opened);
    return true;
}

static bool fill_teams(struct plan *plan, const struct instance *instance,
                       const struct plan_figures *figures, const int *assigned)
{
    plan->teams = mem_calloc(at_least_one(instance->team_count), sizeof *plan->teams);
    if (plan->teams == NULL)
        return false;
    plan->team_count = instance->team_count;
    for (int t = 0; t < instance->team_count; t++)
        plan->teams[t].team = t;
    for (int w = 0; w < instance->worker_count; w++) {
        struct plan_team *team = &plan->teams[instance->workers[w].team];
        int cap = instance_worker_cap(instance, w);
        if (!instance->workers[w].leaving) {
            team->workers++;
            team->fte += instance->workers[w].fte;
        }
        team->counted_before += figures->counted_before[w];
        team->counted_after += figures->counted_after[w];
        if (figures->counted_before[w] > cap)
            team->over_cap_before += figures->counted_before[w] - cap;
        if (figures->counted_after[w] > cap)
            team->over_cap_after += figures->counted_after[w] - cap;
    }
    for (int i = 0; i < plan->assignee_count; i++) {
        int a = plan->assignees[i].assignee;
        if (a >= instance->worker_count) {
            struct plan_team *team = &plan->teams[instance_assignee_team(instance, a)];
            team->hires++;
            team->counted_after += figures->counted_after[a];
        }
    }
    for (int c = 0; c < instance->child_count; c++) {
        int current = instance->children[c].worker;
        int given = assigned[c];
        if (current >= 0)
            plan->teams[instance->workers[current].team].km_before +=
                instance_pair_km(instance, c, current);
        if (given >= 0) {
            struct plan_team *team = &plan->teams[instance_assignee_team(instance, given)];
            team->km_after += instance_pair_km(instance, c, given);
            if (current >= 0 && given != current)
                team->moves_in++;
        }
    }
    return true;
}

struct plan *plan_build(const struct instance *instance, const struct solution *solution,
                        const char *scenario_name, char *error, size_t error_size)
{
    struct plan *plan = NULL;
    int *assigned = NULL;
    int *seen = NULL;
    struct plan_figures figures;
    memset(&figures, 0, sizeof figures);

    if (solution->status != SOLVE_OPTIMAL && solution->status != SOLVE_FEASIBLE) {
        message_format(error, error_size, "no plan to build: the solver ended %s",
                  solution_status_name(solution->status));
        return NULL;
    }
    if (solution->assignee == NULL && instance->child_count > 0) {
        message_format(error, error_size, "no plan to build: the solution has no assignment");
        return NULL;
    }
    int assignee_count = instance_assignee_count(instance);
    plan = mem_calloc(1, sizeof *plan);
    assigned = mem_alloc(at_least_one(instance->child_count) * sizeof *assigned);
    seen = mem_calloc(at_least_one(instance->child_count), sizeof *seen);
    if (plan == NULL || assigned == NULL || seen == NULL)
        goto out_of_memory;
    for (int c = 0; c < instance->child_count; c++) {
        assigned[c] = solution->assignee[c];
        if (assigned[c] < -1 || assigned[c] >= assignee_count) {
            message_format(error, error_size, "child %s: assignee index %d out of range",
                      instance->children[c].id, assigned[c]);
            goto fail;
        }
    }
    if (!renumber_hires(instance, assigned))
        goto out_of_memory;

    char reason[512];
    if (!score_assignment(instance, assigned, &plan->score, reason, sizeof reason)) {
        if (strstr(reason, "out of memory") != NULL)
            goto out_of_memory;
        message_format(error, error_size, "the plan breaks a rule: %s", reason);
        goto fail;
    }
    plan->instance_name = instance->name;
    plan->scenario_name = scenario_name;
    plan->status = solution->status;
    plan->solve_seconds = solution->seconds;
    if (!settle_objective(plan, solution, error, error_size))
        goto fail;

    if (!figures_compute(instance, assigned, &figures))
        goto out_of_memory;
    plan->assignments = mem_calloc(at_least_one(instance->child_count), sizeof *plan->assignments);
    if (plan->assignments == NULL)
        goto out_of_memory;
    for (int c = 0; c < instance->child_count; c++) {
        struct plan_assignment *row = &plan->assignments[plan->assignment_count++];
        row->child = c;
        row->from = instance->children[c].worker;
        row->to = assigned[c];
        row->reason = reason_for(instance, &figures, assigned, c);
    }
    /* every input child exactly once */
    for (int i = 0; i < plan->assignment_count; i++)
        seen[plan->assignments[i].child]++;
    for (int c = 0; c < instance->child_count; c++) {
        if (seen[c] != 1) {
            message_format(error, error_size, "child %s appears %d times in the plan",
                      instance->children[c].id, seen[c]);
            goto fail;
        }
    }
    if (!fill_assignees(plan, instance, &figures, assigned) ||
        !fill_teams(plan, instance, &figures, assigned))
        goto out_of_memory;
    if (!compliance_measure(instance, NULL, &plan->compliance_before) ||
        !compliance_measure(instance, assigned, &plan->compliance_after))
        goto out_of_memory;

    figures_free(&figures);
    mem_free(assigned);
    mem_free(seen);
    return plan;

out_of_memory:
    message_format(error, error_size, "out of memory while building the plan");
fail:
    figures_free(&figures);
    mem_free(assigned);
    mem_free(seen);
    plan_free(plan);
    return NULL;
}

void plan_free(struct plan *plan)
{
    if (plan == NULL)
        return;
    mem_free(plan->assignments);
    mem_free(plan->assignees);
    mem_free(plan->teams);
    mem_free(plan);
}
