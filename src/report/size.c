/* size.c - HR sizing (`caseload size`): hires per team so that no worker is over
 * the cap, with and without hiring, and its table, JSON and CSV. */
#include "report/size.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "base/text.h"
#include "model/model_hires.h"

static bool stream_ok(FILE *stream)
{
    return fflush(stream) == 0 && !ferror(stream);
}

/* ---------------------------------------------------------------------------
 * HR sizing
 * ------------------------------------------------------------------------- */

/* The hires team t may open when the instance does not limit it (see size_run). */
static int generous_hire_limit(const struct instance *instance, int team, const int *counted_now)
{
    const struct team *t = &instance->teams[team];
    long demand = 0, room = 0;
    for (int w = 0; w < instance->worker_count; w++) {
        const struct worker *worker = &instance->workers[w];
        if (worker->team != team)
            continue;
        if (!worker->leaving) {
            int cap = instance_worker_cap(instance, w);
            demand += counted_now[w];
            room += worker->accepts_new ? cap : (counted_now[w] < cap ? counted_now[w] : cap);
        }
    }
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        bool without_worker = child->worker < 0 || instance->workers[child->worker].leaving;
        if (without_worker && !child->locked && child->service == t->service &&
            instance_child_counted(instance, c) &&
            (instance->rules.cross_team || instance_team_covers(instance, team, child->municipality)))
            demand++;
    }
    int cap = instance->rules.cap > 0 ? instance->rules.cap : 1;
    long over = demand - room;
    return over > 0 ? (int)((over + cap - 1) / cap) : 0;
}

/* An upper bound on the optimum with hires, tighter than the objective of the
 * plan without hires (also a plan of the model with hires): that plan with each
 * worker's counted children above the cap handed, in child order, to the first
 * hire of the worker's team with room that may take them, scored. score_assignment
 * refuses an assignment that breaks a hard rule (an ineligible pair, a hire above
 * the cap, hires opened out of order, hard siblings split): then, or when memory
 * runs out, the plan without hires' objective. */
static double hired_objective(const struct instance *instance, const struct plan *plan)
{
    double best = plan->objective;
    int workers = instance->worker_count, hires = instance_hire_count(instance);
    int *assignee = mem_alloc(((size_t)instance->child_count + 1) * sizeof *assignee);
    int *load = mem_calloc((size_t)(workers + hires) + 1, sizeof *load);
    /* per team: its first hire and how many of its hires could take a child
     * (model_hires.h), so that a child looks at its team's hires alone */
    int *first_hire = mem_alloc(((size_t)instance->team_count + 1) * sizeof *first_hire);
    int *fillable = mem_alloc(((size_t)instance->team_count + 1) * sizeof *fillable);
    if (assignee == NULL || load == NULL || first_hire == NULL || fillable == NULL ||
        !model_hire_limits(instance, fillable) || plan->assignment_count != instance->child_count) {
        mem_free(assignee);
        mem_free(load);
        mem_free(first_hire);
        mem_free(fillable);
        return best;
    }
    for (int t = 0, h = workers; t < instance->team_count; t++) {
        first_hire[t] = h;
        h += instance->teams[t].max_hires;
    }
    for (int c = 0; c < instance->child_count; c++)
        assignee[c] = -1;
    for (int i = 0; i < plan->assignment_count; i++)
        assignee[plan->assignments[i].child] = plan->assignments[i].to;
    for (int c = 0; c < instance->child_count; c++)
        if (assignee[c] >= 0 && instance_child_counted(instance, c))
            load[assignee[c]]++;
    for (int c = 0; c < instance->child_count; c++) {
        int a = assignee[c];
        if (a < 0 || a >= workers || instance->children[c].locked || !instance_child_counted(instance, c) ||
            load[a] <= instance_assignee_cap(instance, a))
            continue;
        int team = instance_assignee_team(instance, a);
        for (int h = first_hire[team]; h < first_hire[team] + fillable[team]; h++)
            if (load[h] < instance_assignee_cap(instance, h) && instance_eligible(instance, c, h)) {
                assignee[c] = h;
                load[a]--;
                load[h]++;
                break;
            }
    }
    struct score score;
    char error[256];
    if (score_assignment(instance, assignee, &score, error, sizeof error) && score.objective < best)
        best = score.objective;
    mem_free(assignee);
    mem_free(load);
    mem_free(first_hire);
    mem_free(fillable);
    return best;
}

/* The relative gap of the solve with hires: the gap asked for, or, when looser,
 * the gap at which that solve is within SIZE_HIRE_TOLERANCE of a hire's weight
 * of its optimum. The solve stops when (objective - bound) <= gap * (bound -
 * unavoidable) (solve.h; the status is checked the same way at the end, with
 * (objective - bound) <= gap * (objective - unavoidable)); the second gives
 * (objective - bound) <= gap / (1 - gap) * (bound - unavoidable). `upper` is
 * the objective of a plan of the model with hires (hired_objective), so at
 * least that model's optimum, hence at least the bound. With
 * gap = tolerance / (upper + tolerance), gap / (1 - gap) = tolerance /
 * upper, and objective - bound <= tolerance: any plan better than the one
 * found is better by less than half a hire, so the hires are settled up to
 * that (a plan with fewer hires would have to cost at least half a hire's
 * weight more in moves, distance and the other terms). The 1e-4 default would
 * ask a plan of 10,000 points, where no one is over the cap after the hires,
 * for less than one point, which the LP's fractional hires make a search of
 * minutes for the hires known long before (doc/performance.md). */
static double tolerance_gap(const struct instance *instance, double upper)
{
    double tolerance = SIZE_HIRE_TOLERANCE * instance->rules.weights[TERM_HIRE];
    return tolerance > 0 && upper > 0 ? tolerance / (upper + tolerance) : NAN;
}

static double sizing_gap(const struct instance *instance, const struct solve_options *options,
                         double upper)
{
    double gap = tolerance_gap(instance, upper);
    return gap > options->gap ? gap : options->gap; /* (false for NAN) */
}

/* Per team: the rows of the sized plan's workers and hires. */
static void fill_after(struct size_team *row, const struct plan *plan, const struct instance *instance)
{
    long counted = 0;
    int members = 0;
    row->max_after = 0;
    for (int i = 0; i < plan->assignee_count; i++) {
        const struct plan_assignee *assignee = &plan->assignees[i];
        if (instance_assignee_team(instance, assignee->assignee) != row->team)
            continue;
        members++;
        counted += assignee->counted_after;
        if (assignee->counted_after > row->max_after)
            row->max_after = assignee->counted_after;
    }
    row->mean_after = members > 0 ? (double)counted / members : 0.0;
}

bool size_run(const struct instance *original, const struct solve_options *options,
              const char *scenario_name, struct size_report *report, bool *no_plan, char *error,
              size_t error_size)
{
    memset(report, 0, sizeof *report);
    *no_plan = false;
    int team_count = original->team_count;
    size_t teams = (size_t)(team_count > 0 ? team_count : 1);
    /* The solves below set the teams' max_hires: they see a copy of the instance
     * whose teams array is its own (every other array is shared, read only). */
    struct instance sized = *original;
    struct instance *instance = &sized;
    sized.teams = mem_alloc(teams * sizeof *sized.teams);
    int *limit = mem_alloc(teams * sizeof *limit);
    int *over_without = mem_calloc(teams, sizeof *over_without);
    int *counted_now = mem_calloc((size_t)(instance->worker_count > 0 ? instance->worker_count : 1),
                                  sizeof *counted_now);
    report->teams = mem_calloc(teams, sizeof *report->teams);
    struct plan *plan = NULL;
    enum solve_status status;
    if (sized.teams == NULL || limit == NULL || over_without == NULL || counted_now == NULL ||
        report->teams == NULL) {
        message_format(error, error_size, "out of memory");
        goto fail;
    }
    memcpy(sized.teams, original->teams, (size_t)team_count * sizeof *sized.teams);
    for (int c = 0; c < instance->child_count; c++)
        if (instance->children[c].worker >= 0 && instance_child_counted(instance, c))
            counted_now[instance->children[c].worker]++;

    /* 1. hiring disallowed */
    for (int t = 0; t < team_count; t++) {
        limit[t] = instance->teams[t].max_hires;
        instance->teams[t].max_hires = 0;
    }
    plan = compare_solve_plan(instance, options, scenario_name, &status, error, error_size);
    for (int t = 0; t < team_count; t++)
        instance->teams[t].max_hires = limit[t];
    if (plan == NULL) {
        *no_plan = status != SOLVE_OPTIMAL;
        goto fail;
    }
    compare_plan_kpis_capped(plan, instance, &report->without_hires);
    for (int t = 0; t < team_count; t++)
        over_without[t] = plan->teams[t].over_cap_after;

    /* 2. hiring allowed where the instance or scenario does not limit it */
    for (int t = 0; t < team_count; t++) {
        struct team *team = &instance->teams[t];
        if (!team->max_hires_given && !team->removed)
            team->max_hires = generous_hire_limit(instance, t, counted_now);
    }
    struct solve_options sizing = *options;
    double upper = hired_objective(instance, plan);
    sizing.gap = sizing_gap(instance, options, upper);
    plan_free(plan);
    plan = compare_solve_plan(instance, &sizing, scenario_name, &status, error, error_size);
    if (plan == NULL) {
        *no_plan = status != SOLVE_OPTIMAL;
        goto fail;
    }
    compare_plan_kpis_capped(plan, instance, &report->with_hires);
    /* within the gap asked, and that gap no looser than half a hire's weight */
    report->hires_settled = status == SOLVE_OPTIMAL && sizing.gap <= tolerance_gap(instance, upper);

    struct size_team *total = &report->total;
    total->team = -1;
    for (int t = 0; t < team_count; t++) {
        const struct team *team = &instance->teams[t];
        if (team->removed)
            continue;
        const struct plan_team *figures = &plan->teams[t];
        struct size_team *row = &report->teams[report->team_count++];
        row->team = t;
        row->workers = figures->workers;
        row->fte = figures->fte;
        row->counted = figures->counted_after;
        for (int w = 0; w < instance->worker_count; w++)
            if (instance->workers[w].team == t && !instance->workers[w].leaving)
                row->capacity += instance_worker_cap(instance, w);
        row->over_now = figures->over_cap_before;
        row->over_without_hires = over_without[t];
        row->hire_limit = team->max_hires;
        row->limit_given = team->max_hires_given;
        row->hires = figures->hires;
        row->over_after = figures->over_cap_after;
        fill_after(row, plan, instance);
        total->workers += row->workers;
        total->fte += row->fte;
        total->counted += row->counted;
        total->capacity += row->capacity;
        total->over_now += row->over_now;
        total->over_without_hires += row->over_without_hires;
        total->hire_limit += row->hire_limit;
        total->hires += row->hires;
        total->over_after += row->over_after;
        if (row->max_after > total->max_after)
            total->max_after = row->max_after;
    }
    /* removed teams' leavers were over the cap now too */
    for (int t = 0; t < team_count; t++)
        if (instance->teams[t].removed)
            total->over_now += plan->teams[t].over_cap_before;
    total->mean_after = report->with_hires.mean_caseload;
    plan_free(plan);
    mem_free(sized.teams);
    mem_free(limit);
    mem_free(over_without);
    mem_free(counted_now);
    return true;

fail:
    mem_free(sized.teams);
    mem_free(limit);
    mem_free(over_without);
    mem_free(counted_now);
    size_report_free(report);
    return false;
}

void size_report_free(struct size_report *report)
{
    if (report == NULL)
        return;
    mem_free(report->teams);
    report->teams = NULL;
    report->team_count = 0;
}

static void size_write_row(FILE *stream, const struct size_team *row, const char *name, int width)
{
    char limit[96];
    if (row->team < 0)
        limit[0] = '\0';
    else if (row->limit_given)
        snprintf(limit, sizeof limit, "at most %d (max_hires of the input)", row->hire_limit);
    else if (row->hire_limit == 0)
        snprintf(limit, sizeof limit, "none: the team has room (the input sets no max_hires)");
    else
        snprintf(limit, sizeof limit, "up to %d (the input sets no max_hires)", row->hire_limit);
    text_write_padded(stream, name, width, false);
    fprintf(stream, " %7d %6.2f %7d %8d %8d %10d %8d %6.1f %5d %6d", row->workers, row->fte,
            row->counted, row->capacity, row->over_now, row->over_without_hires, row->hires,
            row->mean_after, row->max_after, row->over_after);
    fprintf(stream, "%s%s\n", limit[0] != '\0' ? "  " : "", limit);
}

bool size_write_table(const struct size_report *report, const struct instance *instance, FILE *stream)
{
    int width = text_width("total");
    for (int i = 0; i < report->team_count; i++) {
        int w = text_width(instance->teams[report->teams[i].team].id);
        if (w > width)
            width = w;
    }
    fprintf(stream, "HR sizing at cap %d (plan date %04d-%02d-%02d): hires needed so that no worker is "
            "over the cap\n\n", instance->rules.cap, instance->date.year, instance->date.month,
            instance->date.day);
    text_write_padded(stream, "", width, false);
    fputs("                                    over cap        hires   after hires\n", stream);
    text_write_padded(stream, "team", width, false);
    fputs(" workers    FTE counted capacity      now  w/o hires   needed   mean   max   over  hires allowed\n", stream);
    for (int i = 0; i < report->team_count; i++)
        size_write_row(stream, &report->teams[i], instance->teams[report->teams[i].team].id, width);
    size_write_row(stream, &report->total, "total", width);
    fputs("\ncounted: 0-17-year-olds the team serves in the sized plan; capacity: the sum of its workers'\n"
          "caps; over cap now: of the current assignment; w/o hires: of an optimal plan with hiring\n"
          "disallowed; hires needed: the hires the sized plan opens, within the hires allowed;\n"
          "after hires: counted children per worker and hire, and the over-cap amount left.\n\n", stream);
    const struct plan_kpis *with = &report->with_hires;
    char gap[32], status[160];
    report_format_gap(with->gap, gap, sizeof gap);
    /* "optimal" here is within the sizing's tolerance (sizing_gap): say what that settles */
    if (report->hires_settled)
        snprintf(status, sizeof status, "the hires settled: no plan is better by half a hire's weight; gap %s", gap);
    else
        snprintf(status, sizeof status, "status %s, gap %s", solution_status_name(with->status), gap);
    if (report->total.over_after == 0 && with->unassigned == 0)
        fprintf(stream, "verdict: %d hire%s needed; with them no worker is over the cap (%d moves; %s)\n",
                report->total.hires, report->total.hires == 1 ? "" : "s", with->moves, status);
    else
        fprintf(stream, "verdict: %d hire%s opened, but %d children remain over the cap and %d unassigned "
                "(hire limits, locked children or workers who take no new children; %s)\n",
                report->total.hires, report->total.hires == 1 ? "" : "s", report->total.over_after,
                with->unassigned, status);
    return stream_ok(stream);
}

static void json_size_row(FILE *stream, const struct size_team *row)
{
    fprintf(stream, "\"workers\": %d, \"fte\": ", row->workers);
    text_json_number(stream, row->fte);
    fprintf(stream, ", \"counted\": %d, \"capacity\": %d, \"over_cap_now\": %d, "
            "\"over_cap_without_hires\": %d, \"hire_limit\": %d, \"hire_limit_given\": %s, "
            "\"hires_needed\": %d, \"over_cap_after\": %d, \"mean_after\": ",
            row->counted, row->capacity, row->over_now, row->over_without_hires, row->hire_limit,
            row->limit_given ? "true" : "false", row->hires, row->over_after);
    text_json_number(stream, row->mean_after);
    fprintf(stream, ", \"max_after\": %d", row->max_after);
}

bool size_write_json(const struct size_report *report, const struct instance *instance,
                     const char *scenario_name, FILE *stream)
{
    fputs("{\n  \"format\": \"caseload-size/1\",\n  \"instance\": ", stream);
    text_json_string(stream, instance->name);
    fputs(",\n  \"scenario\": ", stream);
    text_json_string(stream, scenario_name);
    fprintf(stream, ",\n  \"date\": \"%04d-%02d-%02d\",\n  \"cap\": %d,\n  \"teams\": [",
            instance->date.year, instance->date.month, instance->date.day, instance->rules.cap);
    for (int i = 0; i < report->team_count; i++) {
        fputs(i == 0 ? "\n    { \"id\": " : ",\n    { \"id\": ", stream);
        text_json_string(stream, instance->teams[report->teams[i].team].id);
        fputs(", ", stream);
        json_size_row(stream, &report->teams[i]);
        fputs(" }", stream);
    }
    fputs(report->team_count > 0 ? "\n  ],\n  \"total\": { " : "],\n  \"total\": { ", stream);
    json_size_row(stream, &report->total);
    fputs(" },\n  \"without_hires\": ", stream);
    compare_write_kpis_json(stream, &report->without_hires);
    fputs(",\n  \"with_hires\": ", stream);
    compare_write_kpis_json(stream, &report->with_hires);
    fputs("\n}\n", stream);
    return stream_ok(stream);
}

static void csv_size_row(FILE *stream, const struct size_team *row, const char *name)
{
    text_csv_field(stream, name);
    fprintf(stream, ";%d;", row->workers);
    text_csv_decimal(stream, row->fte, 2);
    fprintf(stream, ";%d;%d;%d;%d;%d;%d;%d;", row->counted, row->capacity, row->over_now,
            row->over_without_hires, row->hire_limit, row->hires, row->over_after);
    text_csv_decimal(stream, row->mean_after, 2);
    fprintf(stream, ";%d\r\n", row->max_after);
}

bool size_write_csv(const struct size_report *report, const struct instance *instance, FILE *stream)
{
    fputs("\xEF\xBB\xBFteam;workers;fte;counted;capacity;over_cap_now;over_cap_without_hires;hire_limit;"
          "hires_needed;over_cap_after;mean_after;max_after\r\n", stream);
    for (int i = 0; i < report->team_count; i++)
        csv_size_row(stream, &report->teams[i], instance->teams[report->teams[i].team].id);
    csv_size_row(stream, &report->total, "total");
    return stream_ok(stream);
}
