/* plan.c - build a checked caseload-plan/1 from a solution and write it as JSON, CSV and a summary. */
#include "plan.h"
#include "report.h"

#include "remedy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

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
}

static size_t at_least_one(int count)
{
    return count > 0 ? (size_t)count : 1;
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
    if (figures->counted_before == NULL || figures->workload_before == NULL ||
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
    return true;
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

/* The reason of one assignment. For a child that changes worker, the first that
 * applies of: the worker leaves; the current team's area no longer covers the home
 * (it would pay cross_team); the current worker was over the legal cap; the new
 * assignee already serves a sibling of the same service; the new office is closer;
 * otherwise workload (the current worker was above the target, or the move makes
 * room in a chain of moves). */
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
    if (figures->counted_before[current] > instance_worker_cap(instance, current))
        return REASON_OVER_CAP;
    if (joins_siblings(instance, figures, assigned, c, given))
        return REASON_SIBLINGS;
    if (instance_pair_km(instance, c, given) < instance_pair_km(instance, c, current))
        return REASON_CLOSER_OFFICE;
    return REASON_WORKLOAD;
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
        error_format(error, error_size, "the re-scored objective is not a finite number");
        return false;
    }
    /* a NaN from the solver would pass every comparison below */
    if (!isfinite(solution->objective)) {
        error_format(error, error_size, "the solver's objective %g is not a finite number",
                  solution->objective);
        return false;
    }
    if (solution->status == SOLVE_OPTIMAL && fabs(rescored - solution->objective) > tolerance) {
        error_format(error, error_size,
                  "the re-scored objective %.17g disagrees with the solver's %.17g", rescored,
                  solution->objective);
        return false;
    }
    if (solution->status == SOLVE_FEASIBLE && rescored > solution->objective + tolerance) {
        error_format(error, error_size,
                  "the re-scored objective %.17g is worse than the solver's %.17g", rescored,
                  solution->objective);
        return false;
    }
    plan->objective = rescored;
    plan->bound = solution->bound;
    if (isfinite(solution->bound))
        plan->gap = solve_relative_gap(rescored, solution->bound, solution->unavoidable);
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
        error_format(error, error_size, "no plan to build: the solver ended %s",
                  solve_status_name(solution->status));
        return NULL;
    }
    if (solution->assignee == NULL && instance->child_count > 0) {
        error_format(error, error_size, "no plan to build: the solution has no assignment");
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
            error_format(error, error_size, "child %s: assignee index %d out of range",
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
        error_format(error, error_size, "the plan breaks a rule: %s", reason);
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
            error_format(error, error_size, "child %s appears %d times in the plan",
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
    error_format(error, error_size, "out of memory while building the plan");
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

/* --- Number and string formatting ---------------------------------------- */

/* A JSON number that reads back as exactly `value` (text_format_number), marked as
 * a real with ".0" when whole; null when not finite (JSON has no NaN or infinity). */
static void json_write_number(FILE *stream, double value)
{
    char buffer[TEXT_NUMBER_SIZE];
    if (!text_format_number(value, buffer))
        fputs("null", stream);
    else if (strpbrk(buffer, ".eE") == NULL)
        fprintf(stream, "%s.0", buffer);
    else
        fputs(buffer, stream);
}

/* The id of an assignee as a JSON string, or null for -1. */
static void json_write_assignee(FILE *stream, const struct instance *instance, int assignee)
{
    char buffer[256];
    if (assignee < 0)
        fputs("null", stream);
    else
        json_write_string(stream, instance_assignee_id(instance, assignee, buffer, sizeof buffer));
}

static bool stream_ok(FILE *stream)
{
    return fflush(stream) == 0 && !ferror(stream);
}

/* --- JSON ------------------------------------------------------------------ */

/* Terms counted in whole units (children, hires); the others are reals (the
 * overload weighs each child by ρ(w)). */
static bool term_is_whole(int term)
{
    return term != TERM_ABOVE_TARGET && term != TERM_KM && term != TERM_OVERLOAD;
}

bool plan_write_json(const struct plan *plan, const struct instance *instance, FILE *stream)
{
    char buffer[256];
    fputs("{\n  \"format\": \"caseload-plan/1\",\n  \"instance\": ", stream);
    json_write_string(stream, plan->instance_name);
    fputs(",\n  \"scenario\": ", stream);
    json_write_string(stream, plan->scenario_name);
    fputs(",\n  \"status\": ", stream);
    json_write_string(stream, solve_status_name(plan->status));
    fputs(",\n  \"objective\": ", stream);
    json_write_number(stream, plan->objective);
    fputs(",\n  \"bound\": ", stream);
    json_write_number(stream, plan->bound);
    fputs(",\n  \"gap\": ", stream);
    json_write_number(stream, plan->gap);
    fputs(",\n  \"solve_seconds\": ", stream);
    json_write_number(stream, plan->solve_seconds);

    fputs(",\n  \"terms\": {", stream);
    for (int term = 0; term < TERM_COUNT; term++) {
        fprintf(stream, "%s\"%s\": ", term == 0 ? " " : ", ", term_name((enum term)term));
        if (term_is_whole(term))
            fprintf(stream, "%.0f", plan->score.amount[term]);
        else
            json_write_number(stream, plan->score.amount[term]);
    }
    fputs(" },\n  \"compliance\": { \"before\": ", stream);
    compliance_write_json(stream, &plan->compliance_before);
    fputs(",\n                  \"after\": ", stream);
    compliance_write_json(stream, &plan->compliance_after);
    fputs(" },\n  \"remedies\": ", stream);
    if (!remedy_write_json(stream, plan, instance))
        return false;
    fputs(",\n  \"assignments\": [", stream);
    for (int i = 0; i < plan->assignment_count; i++) {
        const struct plan_assignment *row = &plan->assignments[i];
        fputs(i == 0 ? "\n    { \"child\": " : ",\n    { \"child\": ", stream);
        json_write_string(stream, instance->children[row->child].id);
        fputs(", \"from\": ", stream);
        json_write_assignee(stream, instance, row->from);
        fputs(", \"to\": ", stream);
        json_write_assignee(stream, instance, row->to);
        fputs(", \"reason\": ", stream);
        json_write_string(stream, plan_reason_text(row->reason));
        fputs(" }", stream);
    }
    fputs(plan->assignment_count > 0 ? "\n  ],\n  \"workers\": [" : "],\n  \"workers\": [",
          stream);
    int written = 0;
    for (int i = 0; i < plan->assignee_count; i++) {
        const struct plan_assignee *row = &plan->assignees[i];
        if (row->assignee >= instance->worker_count)
            continue;
        fputs(written++ == 0 ? "\n    { \"id\": " : ",\n    { \"id\": ", stream);
        json_write_string(stream, instance->workers[row->assignee].id);
        fputs(", \"team\": ", stream);
        json_write_string(stream, instance->teams[instance->workers[row->assignee].team].id);
        fprintf(stream, ", \"cap\": %d, \"counted_before\": %d, \"counted_after\": %d", row->cap,
                row->counted_before, row->counted_after);
        fputs(", \"workload_after\": ", stream);
        json_write_number(stream, row->workload_after);
        fputs(" }", stream);
    }
    fputs(written > 0 ? "\n  ],\n  \"hires\": [" : "],\n  \"hires\": [", stream);
    written = 0;
    for (int i = 0; i < plan->assignee_count; i++) {
        const struct plan_assignee *row = &plan->assignees[i];
        if (row->assignee < instance->worker_count)
            continue;
        fputs(written++ == 0 ? "\n    { \"id\": " : ",\n    { \"id\": ", stream);
        json_write_string(stream, instance_assignee_id(instance, row->assignee, buffer,
                                                       sizeof buffer));
        fputs(", \"team\": ", stream);
        json_write_string(stream,
                          instance->teams[instance_assignee_team(instance, row->assignee)].id);
        fprintf(stream, ", \"counted_after\": %d }", row->counted_after);
    }
    fputs(written > 0 ? "\n  ],\n  \"teams\": [" : "],\n  \"teams\": [", stream);
    for (int i = 0; i < plan->team_count; i++) {
        const struct plan_team *row = &plan->teams[i];
        fputs(i == 0 ? "\n    { \"id\": " : ",\n    { \"id\": ", stream);
        json_write_string(stream, instance->teams[row->team].id);
        fprintf(stream,
                ", \"workers\": %d, \"hires\": %d, \"over_cap_before\": %d, "
                "\"over_cap_after\": %d, \"km\": ",
                row->workers, row->hires, row->over_cap_before, row->over_cap_after);
        json_write_number(stream, row->km_after);
        fputs(" }", stream);
    }
    fputs(plan->team_count > 0 ? "\n  ]\n}\n" : "]\n}\n", stream);
    return stream_ok(stream);
}

/* --- CSV ------------------------------------------------------------------- */

static void csv_write_assignee(FILE *stream, const struct instance *instance, int assignee)
{
    char buffer[256];
    if (assignee >= 0)
        text_csv_field(stream, instance_assignee_id(instance, assignee, buffer, sizeof buffer));
}

static void csv_write_team_of(FILE *stream, const struct instance *instance, int assignee)
{
    if (assignee >= 0)
        text_csv_field(stream, instance->teams[instance_assignee_team(instance, assignee)].id);
}

bool plan_write_csv(const struct plan *plan, const struct instance *instance, FILE *stream)
{
    fputs("\xEF\xBB\xBF"
          "child;family;service;municipality;from;to;from_team;to_team;reason;km\r\n",
          stream);
    for (int i = 0; i < plan->assignment_count; i++) {
        const struct plan_assignment *row = &plan->assignments[i];
        const struct child *child = &instance->children[row->child];
        text_csv_field(stream, child->id);
        fputc(';', stream);
        text_csv_field(stream, instance->families[child->family].id);
        fputc(';', stream);
        text_csv_field(stream, service_name(child->service));
        fputc(';', stream);
        text_csv_field(stream, instance->municipalities[child->municipality].id);
        fputc(';', stream);
        csv_write_assignee(stream, instance, row->from);
        fputc(';', stream);
        csv_write_assignee(stream, instance, row->to);
        fputc(';', stream);
        csv_write_team_of(stream, instance, row->from);
        fputc(';', stream);
        csv_write_team_of(stream, instance, row->to);
        fputc(';', stream);
        text_csv_field(stream, plan_reason_text(row->reason));
        fputc(';', stream);
        if (row->to >= 0)
            text_csv_rounded(stream, instance_pair_km(instance, row->child, row->to), 1);
        fputs("\r\n", stream);
    }
    return stream_ok(stream);
}

/* The worker CSV: one row per assignee of the plan (workers not leaving, opened
 * hires), grouped by team in the instance's team order. */
bool plan_write_workers_csv(const struct plan *plan, const struct instance *instance,
                            FILE *stream)
{
    fputs("\xEF\xBB\xBF"
          "team;worker;fte;cap;counted_before;counted_after;workload_after;over_cap_after;"
          "moves_in;moves_out\r\n",
          stream);
    char buffer[256];
    for (int t = 0; t < instance->team_count; t++) {
        for (int i = 0; i < plan->assignee_count; i++) {
            const struct plan_assignee *row = &plan->assignees[i];
            if (instance_assignee_team(instance, row->assignee) != t)
                continue;
            bool is_worker = row->assignee < instance->worker_count;
            text_csv_field(stream, instance->teams[t].id);
            fputc(';', stream);
            text_csv_field(stream, instance_assignee_id(instance, row->assignee, buffer,
                                                        sizeof buffer));
            fputc(';', stream);
            text_csv_rounded(stream, is_worker ? instance->workers[row->assignee].fte : 1.0, 2);
            fprintf(stream, ";%d;%d;%d;", row->cap, row->counted_before, row->counted_after);
            text_csv_rounded(stream, row->workload_after, 2);
            fprintf(stream, ";%d;%d;%d\r\n",
                    row->counted_after > row->cap ? row->counted_after - row->cap : 0,
                    row->moves_in, row->moves_out);
        }
    }
    return stream_ok(stream);
}

/* The compliance columns of the team CSV: ";before;after" of each measure. */
static void write_compliance_cells(FILE *stream, const struct compliance *before,
                                   const struct compliance *after)
{
    fprintf(stream, ";%d;%d;%d;%d;", before->workers_over_cap, after->workers_over_cap,
            before->children_with_worker_over_cap, after->children_with_worker_over_cap);
    text_csv_rounded(stream, before->max_load_ratio, 2);
    fputc(';', stream);
    text_csv_rounded(stream, after->max_load_ratio, 2);
}

/* The team CSV: one row per team and a last row "(all)" with the county's
 * compliance measures; capacity is the sum of the legal caps of its
 * workers not leaving and its opened hires. */
bool plan_write_teams_csv(const struct plan *plan, const struct instance *instance, FILE *stream)
{
    fputs("\xEF\xBB\xBF"
          "team;service;workers;fte;hires;counted_before;counted_after;capacity;"
          "over_cap_before;over_cap_after;moves_in;km_before;km_after;"
          "workers_over_cap_before;workers_over_cap_after;children_with_worker_over_cap_before;"
          "children_with_worker_over_cap_after;max_load_ratio_before;max_load_ratio_after\r\n",
          stream);
    int *assigned = mem_alloc(((size_t)instance->child_count + 1) * sizeof *assigned);
    if (assigned == NULL)
        return false;
    for (int i = 0; i < plan->assignment_count; i++)
        assigned[plan->assignments[i].child] = plan->assignments[i].to;
    for (int i = 0; i < plan->team_count; i++) {
        const struct plan_team *row = &plan->teams[i];
        const struct team *team = &instance->teams[row->team];
        int capacity = 0;
        for (int a = 0; a < plan->assignee_count; a++)
            if (instance_assignee_team(instance, plan->assignees[a].assignee) == row->team)
                capacity += plan->assignees[a].cap;
        text_csv_field(stream, team->id);
        fputc(';', stream);
        text_csv_field(stream, service_name(team->service));
        fprintf(stream, ";%d;", row->workers);
        text_csv_rounded(stream, row->fte, 2);
        fprintf(stream, ";%d;%d;%d;%d;%d;%d;%d;", row->hires, row->counted_before,
                row->counted_after, capacity, row->over_cap_before, row->over_cap_after,
                row->moves_in);
        text_csv_rounded(stream, row->km_before, 1);
        fputc(';', stream);
        text_csv_rounded(stream, row->km_after, 1);
        struct compliance before, after;
        if (!compliance_measure_team(instance, NULL, row->team, &before) ||
            !compliance_measure_team(instance, assigned, row->team, &after)) {
            mem_free(assigned);
            return false;
        }
        write_compliance_cells(stream, &before, &after);
        fputs("\r\n", stream);
    }
    mem_free(assigned);
    /* the whole county, in the same columns */
    fputs("(all);;;;;;;;;;;;", stream);
    write_compliance_cells(stream, &plan->compliance_before, &plan->compliance_after);
    fputs("\r\n", stream);
    return stream_ok(stream);
}

/* --- Terminal summary ------------------------------------------------------ */

/* Capacity of team `t` (the legal caps summed): now, over every worker of the
 * team, leavers included; in the plan, over its assignees (hires included). */
static void team_capacity(const struct plan *plan, const struct instance *instance, int t,
                          int *before, int *after)
{
    *before = 0;
    *after = 0;
    for (int w = 0; w < instance->worker_count; w++)
        if (instance->workers[w].team == t)
            *before += instance_worker_cap(instance, w);
    for (int a = 0; a < plan->assignee_count; a++)
        if (instance_assignee_team(instance, plan->assignees[a].assignee) == t)
            *after += plan->assignees[a].cap;
}

bool plan_write_summary(const struct plan *plan, const struct instance *instance, FILE *stream)
{
    /* the verdict first, in the regulators' terms */
    compliance_write_verdict(stream, &plan->compliance_before, &plan->compliance_after);
    int team_width = text_width("team");
    for (int i = 0; i < plan->team_count; i++) {
        int width = text_width(instance->teams[plan->teams[i].team].id);
        if (width > team_width)
            team_width = width;
    }
    /* intake: children without a worker now, given to a worker of the team */
    int *intake = mem_calloc(plan->team_count > 0 ? (size_t)plan->team_count : 1, sizeof *intake);
    if (intake == NULL)
        return false;
    for (int i = 0; i < plan->assignment_count; i++)
        if (plan->assignments[i].from < 0 && plan->assignments[i].to >= 0)
            intake[instance_assignee_team(instance, plan->assignments[i].to)]++;
    text_write_padded(stream, "team", team_width, false);
    fputs("  workers    FTE     capacity      counted  children over cap  moved in  intake   km after  hires\n",
          stream);
    char cell[64];
    for (int i = 0; i < plan->team_count; i++) {
        const struct plan_team *row = &plan->teams[i];
        int capacity_before, capacity_after;
        team_capacity(plan, instance, row->team, &capacity_before, &capacity_after);
        text_write_padded(stream, instance->teams[row->team].id, team_width, false);
        fprintf(stream, "  %7d  %5.2f  ", row->workers, row->fte);
        snprintf(cell, sizeof cell, "%d → %d", capacity_before, capacity_after);
        text_write_padded(stream, cell, 11, true);
        fputs("  ", stream);
        snprintf(cell, sizeof cell, "%d → %d", row->counted_before, row->counted_after);
        text_write_padded(stream, cell, 11, true);
        fputs("  ", stream);
        snprintf(cell, sizeof cell, "%d → %d", row->over_cap_before, row->over_cap_after);
        text_write_padded(stream, cell, 17, true);
        fprintf(stream, "  %8d  %6d  %9.1f  %5d\n", row->moves_in, intake[row->team], row->km_after,
                row->hires);
    }
    mem_free(intake);
    fputs("before → after the plan. capacity: the legal caps of the team's workers summed (leavers\n"
          "before, hires after); children over cap: counted children above their worker's cap;\n"
          "moved in: children who change to a worker of the team; intake: new children given to it\n",
          stream);
    if (!remedy_write_text(stream, plan, instance))
        return false;
    char gap[32];
    report_format_gap(plan->gap, gap, sizeof gap);
    fprintf(stream, "status %s, objective %.1f, bound %.1f, gap %s\n", solve_status_name(plan->status),
            plan->objective, plan->bound, gap);
    fputs("terms:", stream);
    for (int term = 0; term < TERM_COUNT; term++)
        fprintf(stream, "%s %s %.*f", term == 0 ? "" : ",", term_name((enum term)term),
                term_is_whole(term) ? 0 : 1, plan->score.amount[term]);
    fputc('\n', stream);
    report_write_objective_explained(instance, stream);
    return stream_ok(stream);
}
