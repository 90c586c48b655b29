/* compare.c - KPIs of a plan, HR sizing with and without hires, and the writers of `size` and `compare`. */
#include "compare.h"

#include "report.h"
#include "text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool stream_ok(FILE *stream)
{
    return fflush(stream) == 0 && !ferror(stream);
}

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
        error_format(error, error_size, "no plan could be found (%s after %.1f s)",
                  solve_status_name(solution.status), solution.seconds);
    } else {
        plan = plan_build(instance, &solution, scenario_name, error, error_size);
    }
    solution_free(&solution);
    return plan;
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

bool size_run(struct instance *instance, const struct solve_options *options, const char *scenario_name,
              struct size_report *report, bool *no_plan, char *error, size_t error_size)
{
    memset(report, 0, sizeof *report);
    *no_plan = false;
    int team_count = instance->team_count;
    size_t teams = (size_t)(team_count > 0 ? team_count : 1);
    int *limit = mem_alloc(teams * sizeof *limit);
    int *over_without = mem_calloc(teams, sizeof *over_without);
    int *counted_now = mem_calloc((size_t)(instance->worker_count > 0 ? instance->worker_count : 1),
                                  sizeof *counted_now);
    report->teams = mem_calloc(teams, sizeof *report->teams);
    struct plan *plan = NULL;
    enum solve_status status;
    if (limit == NULL || over_without == NULL || counted_now == NULL || report->teams == NULL) {
        error_format(error, error_size, "out of memory");
        goto fail;
    }
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
    plan_free(plan);

    /* 2. hiring allowed where the instance or scenario does not limit it */
    for (int t = 0; t < team_count; t++) {
        struct team *team = &instance->teams[t];
        if (!team->max_hires_given && !team->removed)
            team->max_hires = generous_hire_limit(instance, t, counted_now);
    }
    plan = compare_solve_plan(instance, options, scenario_name, &status, error, error_size);
    if (plan == NULL) {
        *no_plan = status != SOLVE_OPTIMAL;
        goto fail;
    }
    compare_plan_kpis_capped(plan, instance, &report->with_hires);

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
    mem_free(limit);
    mem_free(over_without);
    mem_free(counted_now);
    return true;

fail:
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

/* The header row of a table of scenario columns: `label` padded to
 * `label_width`, then each column's name right-aligned in its width. */
static void write_header_row(FILE *stream, const char *label, int label_width,
                             const struct compare_column *columns, const int *width, int count)
{
    text_write_padded(stream, label, label_width, false);
    for (int i = 0; i < count; i++) {
        fputs("  ", stream);
        text_write_padded(stream, columns[i].name, width[i], true);
    }
    fputc('\n', stream);
}

static void size_write_row(FILE *stream, const struct size_team *row, const char *name, int width)
{
    char limit[96];
    if (row->team < 0)
        limit[0] = '\0';
    else if (row->limit_given)
        snprintf(limit, sizeof limit, "at most %d (max_hires of the input)", row->hire_limit);
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
    char gap[32];
    report_format_gap(with->gap, gap, sizeof gap);
    if (report->total.over_after == 0 && with->unassigned == 0)
        fprintf(stream, "verdict: %d hire%s needed; with them no worker is over the cap (%d moves, "
                "status %s, gap %s)\n", report->total.hires, report->total.hires == 1 ? "" : "s",
                with->moves, solve_status_name(with->status), gap);
    else
        fprintf(stream, "verdict: %d hire%s opened, but %d children remain over the cap and %d unassigned "
                "(hire limits, locked children or workers who take no new children; status %s, gap "
                "%s)\n", report->total.hires, report->total.hires == 1 ? "" : "s",
                report->total.over_after, with->unassigned, solve_status_name(with->status), gap);
    return stream_ok(stream);
}

/* A number at full precision (shortest text that reads back exactly); null when
 * not finite. */
static void json_number(FILE *stream, double value)
{
    char buffer[TEXT_NUMBER_SIZE];
    fputs(text_format_number(value, buffer) ? buffer : "null", stream);
}

static void json_size_row(FILE *stream, const struct size_team *row)
{
    fprintf(stream, "\"workers\": %d, \"fte\": ", row->workers);
    json_number(stream, row->fte);
    fprintf(stream, ", \"counted\": %d, \"capacity\": %d, \"over_cap_now\": %d, "
            "\"over_cap_without_hires\": %d, \"hire_limit\": %d, \"hire_limit_given\": %s, "
            "\"hires_needed\": %d, \"over_cap_after\": %d, \"mean_after\": ",
            row->counted, row->capacity, row->over_now, row->over_without_hires, row->hire_limit,
            row->limit_given ? "true" : "false", row->hires, row->over_after);
    json_number(stream, row->mean_after);
    fprintf(stream, ", \"max_after\": %d", row->max_after);
}

static void json_kpis(FILE *stream, const struct plan_kpis *kpis)
{
    fputs("{ \"status\": ", stream);
    json_write_string(stream, solve_status_name(kpis->status));
    fputs(", \"objective\": ", stream);
    json_number(stream, kpis->objective);
    fputs(", \"gap\": ", stream);
    json_number(stream, kpis->gap);
    fprintf(stream, ", \"unassigned\": %d, \"over_cap\": %d, \"workers_over_cap\": %d, \"hires\": %d, "
            "\"moves\": %d, \"cross_team\": %d, \"family_splits\": %d, \"km\": ", kpis->unassigned,
            kpis->over_cap, kpis->workers_over_cap, kpis->hires, kpis->moves, kpis->cross_team,
            kpis->family_splits);
    json_number(stream, kpis->km);
    fputs(", \"km_per_child\": ", stream);
    json_number(stream, kpis->km_per_child);
    fprintf(stream, ", \"max_caseload\": %d, \"mean_caseload\": ", kpis->max_caseload);
    json_number(stream, kpis->mean_caseload);
    fputs(", \"compliance\": { \"before\": ", stream);
    compliance_write_json(stream, &kpis->compliance_before);
    fputs(", \"after\": ", stream);
    compliance_write_json(stream, &kpis->compliance_after);
    fputs(" } }", stream);
}

bool size_write_json(const struct size_report *report, const struct instance *instance,
                     const char *scenario_name, FILE *stream)
{
    fputs("{\n  \"format\": \"caseload-size/1\",\n  \"instance\": ", stream);
    json_write_string(stream, instance->name);
    fputs(",\n  \"scenario\": ", stream);
    json_write_string(stream, scenario_name);
    fprintf(stream, ",\n  \"date\": \"%04d-%02d-%02d\",\n  \"cap\": %d,\n  \"teams\": [",
            instance->date.year, instance->date.month, instance->date.day, instance->rules.cap);
    for (int i = 0; i < report->team_count; i++) {
        fputs(i == 0 ? "\n    { \"id\": " : ",\n    { \"id\": ", stream);
        json_write_string(stream, instance->teams[report->teams[i].team].id);
        fputs(", ", stream);
        json_size_row(stream, &report->teams[i]);
        fputs(" }", stream);
    }
    fputs(report->team_count > 0 ? "\n  ],\n  \"total\": { " : "],\n  \"total\": { ", stream);
    json_size_row(stream, &report->total);
    fputs(" },\n  \"without_hires\": ", stream);
    json_kpis(stream, &report->without_hires);
    fputs(",\n  \"with_hires\": ", stream);
    json_kpis(stream, &report->with_hires);
    fputs("\n}\n", stream);
    return stream_ok(stream);
}

/* A decimal number for a Finnish spreadsheet: comma as the decimal separator. */
static void csv_decimal(FILE *stream, double value, int decimals)
{
    char buffer[64];
    snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    char *point = strchr(buffer, '.');
    if (point != NULL)
        *point = ',';
    fputs(buffer, stream);
}

static void csv_size_row(FILE *stream, const struct size_team *row, const char *name)
{
    text_csv_field(stream, name);
    fprintf(stream, ";%d;", row->workers);
    csv_decimal(stream, row->fte, 2);
    fprintf(stream, ";%d;%d;%d;%d;%d;%d;%d;", row->counted, row->capacity, row->over_now,
            row->over_without_hires, row->hire_limit, row->hires, row->over_after);
    csv_decimal(stream, row->mean_after, 2);
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

/* ---------------------------------------------------------------------------
 * Comparison
 * ------------------------------------------------------------------------- */

/* The rows of a comparison: label, and the cell text of one column. */
enum compare_row {
    ROW_VERDICT, ROW_STATUS, ROW_ENDANGERED, ROW_MAX_RATIO, ROW_OVER_CAP, ROW_WORKERS_OVER, ROW_UNASSIGNED, ROW_HIRES, ROW_MOVES, ROW_KM,
    ROW_KM_PER_CHILD, ROW_CROSS_TEAM, ROW_FAMILY_SPLITS, ROW_MAX, ROW_MEAN, ROW_OBJECTIVE, ROW_GAP,
    ROW_COUNT
};

static const char *const row_labels[ROW_COUNT] = {
    "verdict", "status", "children whose worker is over cap", "highest load ratio",
    "over-cap children", "workers over cap", "unassigned", "hires", "moves", "km total",
    "km per child", "cross-team children", "family splits", "max caseload", "mean caseload",
    "objective", "gap %",
};

/* Cell text; `decimal_comma` for CSV. */
static void cell_text(const struct compare_column *column, enum compare_row row, bool decimal_comma,
                      char *buffer, size_t size)
{
    const struct plan_kpis *k = &column->kpis;
    if (row == ROW_STATUS) {
        snprintf(buffer, size, "%s", column->solved ? solve_status_name(k->status)
                                                   : (k->status == SOLVE_INFEASIBLE ? "infeasible" : "no plan"));
        return;
    }
    if (!column->solved) {
        snprintf(buffer, size, "-");
        return;
    }
    switch (row) {
    case ROW_VERDICT:
        snprintf(buffer, size, "%s", compliance_met(&k->compliance_after) ? "compliant" : "NOT COMPLIANT");
        break;
    case ROW_ENDANGERED:
        snprintf(buffer, size, "%d", k->compliance_after.children_with_worker_over_cap);
        break;
    case ROW_MAX_RATIO: snprintf(buffer, size, "%.2f", k->compliance_after.max_load_ratio); break;
    case ROW_OVER_CAP: snprintf(buffer, size, "%d", k->over_cap); break;
    case ROW_WORKERS_OVER: snprintf(buffer, size, "%d", k->workers_over_cap); break;
    case ROW_UNASSIGNED: snprintf(buffer, size, "%d", k->unassigned); break;
    case ROW_HIRES: snprintf(buffer, size, "%d", k->hires); break;
    case ROW_MOVES: snprintf(buffer, size, "%d", k->moves); break;
    case ROW_KM: snprintf(buffer, size, "%.1f", k->km); break;
    case ROW_KM_PER_CHILD: snprintf(buffer, size, "%.2f", k->km_per_child); break;
    case ROW_CROSS_TEAM: snprintf(buffer, size, "%d", k->cross_team); break;
    case ROW_FAMILY_SPLITS: snprintf(buffer, size, "%d", k->family_splits); break;
    case ROW_MAX: snprintf(buffer, size, "%d", k->max_caseload); break;
    case ROW_MEAN: snprintf(buffer, size, "%.2f", k->mean_caseload); break;
    case ROW_OBJECTIVE: snprintf(buffer, size, "%.2f", k->objective); break;
    case ROW_GAP: snprintf(buffer, size, "%.2f", k->gap * 100.0 < 0.005 ? 0.0 : k->gap * 100.0); break;
    default: snprintf(buffer, size, "?"); break;
    }
    if (decimal_comma) {
        char *point = strchr(buffer, '.');
        if (point != NULL)
            *point = ',';
    }
}

bool compare_write_table(const struct compare_column *columns, int count, FILE *stream)
{
    char cell[64];
    int label_width = 0;
    for (int r = 0; r < ROW_COUNT; r++)
        if (text_width(row_labels[r]) > label_width)
            label_width = text_width(row_labels[r]);
    int *width = mem_alloc((size_t)(count > 0 ? count : 1) * sizeof *width);
    if (width == NULL)
        return false;
    for (int i = 0; i < count; i++) {
        width[i] = text_width(columns[i].name);
        for (int r = 0; r < ROW_COUNT; r++) {
            cell_text(&columns[i], (enum compare_row)r, false, cell, sizeof cell);
            if (text_width(cell) > width[i])
                width[i] = text_width(cell);
        }
    }
    /* the verdict first, in the regulators' terms, one scenario after another */
    fputs("verdict:", stream);
    for (int i = 0; i < count; i++) {
        const struct compliance *after = &columns[i].kpis.compliance_after;
        fprintf(stream, "%s %s: ", i == 0 ? "" : ";", columns[i].name);
        if (!columns[i].solved)
            fputs("no plan", stream);
        else if (compliance_met(after))
            fputs("compliant", stream);
        else
            fprintf(stream, "NOT COMPLIANT, %d worker%s over the cap, %d child%s with a worker over it",
                    after->workers_over_cap, after->workers_over_cap == 1 ? "" : "s",
                    after->children_with_worker_over_cap,
                    after->children_with_worker_over_cap == 1 ? "" : "ren");
    }
    fputs("\n\n", stream);
    write_header_row(stream, "", label_width, columns, width, count);
    for (int r = 0; r < ROW_COUNT; r++) {
        text_write_padded(stream, row_labels[r], label_width, false);
        for (int i = 0; i < count; i++) {
            cell_text(&columns[i], (enum compare_row)r, false, cell, sizeof cell);
            fputs("  ", stream);
            text_write_padded(stream, cell, width[i], true);
        }
        fputc('\n', stream);
    }
    mem_free(width);
    fputs("mean caseload: counted children per worker the cap applies to (aftercare workers whose\n"
          "clients are all adults are left out)\n", stream);
    return stream_ok(stream);
}

/* The excess of team `team` in `column`, or NULL when the scenario lacks it. */
static const struct compare_team_excess *team_excess(const struct compare_column *column, const char *team)
{
    for (int i = 0; i < column->team_count; i++)
        if (strcmp(column->teams[i].team, team) == 0)
            return &column->teams[i];
    return NULL;
}

/* Is team `team` (of column c, row r) the first appearance of its id with any excess? */
static bool team_row_first(const struct compare_column *columns, int c, int r)
{
    const char *team = columns[c].teams[r].team;
    for (int i = 0; i <= c; i++)
        for (int j = 0; j < (i == c ? r : columns[i].team_count); j++)
            if (strcmp(columns[i].teams[j].team, team) == 0)
                return false;
    return true;
}

/* Does any scenario leave children over the cap in team `team`? */
static bool team_has_excess(const struct compare_column *columns, int count, const char *team)
{
    for (int i = 0; i < count; i++) {
        const struct compare_team_excess *row = team_excess(&columns[i], team);
        if (row != NULL && row->over_cap > 0)
            return true;
    }
    return false;
}

static void team_cell(const struct compare_column *column, const char *team, char *buffer, size_t size)
{
    const struct compare_team_excess *row = column->solved ? team_excess(column, team) : NULL;
    if (row == NULL)
        snprintf(buffer, size, "-");
    else if (row->over_cap == 0)
        snprintf(buffer, size, "0");
    else
        snprintf(buffer, size, "%d (%d worker%s)", row->over_cap, row->workers_over_cap,
                 row->workers_over_cap == 1 ? "" : "s");
}

bool compare_write_team_table(const struct compare_column *columns, int count, FILE *stream)
{
    char cell[64];
    int label_width = text_width("children over the cap by team");
    int shown = 0;
    for (int c = 0; c < count; c++)
        for (int r = 0; r < columns[c].team_count; r++)
            if (team_row_first(columns, c, r) && team_has_excess(columns, count, columns[c].teams[r].team)) {
                shown++;
                if (text_width(columns[c].teams[r].team) > label_width)
                    label_width = text_width(columns[c].teams[r].team);
            }
    fputc('\n', stream);
    if (shown == 0) {
        fputs("children over the cap by team: none in any scenario\n", stream);
        return stream_ok(stream);
    }
    int *width = mem_alloc((size_t)(count > 0 ? count : 1) * sizeof *width);
    if (width == NULL)
        return false;
    for (int i = 0; i < count; i++) {
        width[i] = text_width(columns[i].name);
        for (int c = 0; c < count; c++)
            for (int r = 0; r < columns[c].team_count; r++) {
                team_cell(&columns[i], columns[c].teams[r].team, cell, sizeof cell);
                if (text_width(cell) > width[i])
                    width[i] = text_width(cell);
            }
    }
    write_header_row(stream, "children over the cap by team", label_width, columns, width, count);
    for (int c = 0; c < count; c++)
        for (int r = 0; r < columns[c].team_count; r++) {
            const char *team = columns[c].teams[r].team;
            if (!team_row_first(columns, c, r) || !team_has_excess(columns, count, team))
                continue;
            text_write_padded(stream, team, label_width, false);
            for (int i = 0; i < count; i++) {
                team_cell(&columns[i], team, cell, sizeof cell);
                fputs("  ", stream);
                text_write_padded(stream, cell, width[i], true);
            }
            fputc('\n', stream);
        }
    mem_free(width);
    return stream_ok(stream);
}

bool compare_write_csv(const struct compare_column *columns, int count, FILE *stream)
{
    char cell[64];
    fputs("\xEF\xBB\xBFkpi", stream);
    for (int i = 0; i < count; i++) {
        fputc(';', stream);
        text_csv_field(stream, columns[i].name);
    }
    fputs("\r\n", stream);
    for (int r = 0; r < ROW_COUNT; r++) {
        text_csv_field(stream, row_labels[r]);
        for (int i = 0; i < count; i++) {
            cell_text(&columns[i], (enum compare_row)r, true, cell, sizeof cell);
            fputc(';', stream);
            text_csv_field(stream, cell);
        }
        fputs("\r\n", stream);
    }
    return stream_ok(stream);
}

bool compare_write_json(const struct compare_column *columns, int count, const char *instance_name,
                        FILE *stream)
{
    fputs("{\n  \"format\": \"caseload-compare/1\",\n  \"instance\": ", stream);
    json_write_string(stream, instance_name);
    fputs(",\n  \"scenarios\": [", stream);
    for (int i = 0; i < count; i++) {
        fputs(i == 0 ? "\n    { \"name\": " : ",\n    { \"name\": ", stream);
        json_write_string(stream, columns[i].name);
        fputs(", \"file\": ", stream);
        json_write_string(stream, columns[i].file);
        if (columns[i].solved) {
            fputs(", \"kpis\": ", stream);
            json_kpis(stream, &columns[i].kpis);
        } else {
            fputs(", \"kpis\": null, \"status\": ", stream);
            json_write_string(stream, solve_status_name(columns[i].kpis.status));
        }
        fputs(" }", stream);
    }
    fputs(count > 0 ? "\n  ]\n}\n" : "]\n}\n", stream);
    return stream_ok(stream);
}

/* The number a small chart draws for `row`, or a negative value for rows that
 * are not charted. */
static double chart_value(const struct plan_kpis *kpis, enum compare_row row)
{
    switch (row) {
    case ROW_OVER_CAP: return kpis->over_cap;
    case ROW_HIRES: return kpis->hires;
    case ROW_MOVES: return kpis->moves;
    case ROW_KM_PER_CHILD: return kpis->km_per_child;
    case ROW_CROSS_TEAM: return kpis->cross_team;
    case ROW_MAX: return kpis->max_caseload;
    default: return -1.0;
    }
}

/* A small horizontal bar chart of one KPI across the scenarios. Every bar is a
 * <rect class="kpi-bar"> with data-scenario and data-value. Each scenario takes
 * two lines: its whole name above, the bar with its value beside it below, so a
 * long name is never cut and a value of 0 never lands on a label. */
static void write_kpi_chart(FILE *stream, const struct compare_column *columns, int count,
                            enum compare_row row)
{
    const int name_height = 15, bar_height = 14, gap = 8, bar_width = 220;
    const double character_width = 7.2; /* a wide character at 12px, so names fit */
    double largest = 0;
    int longest_name = 0;
    for (int i = 0; i < count; i++) {
        if (columns[i].solved && chart_value(&columns[i].kpis, row) > largest)
            largest = chart_value(&columns[i].kpis, row);
        if (text_width(columns[i].name) > longest_name)
            longest_name = text_width(columns[i].name);
    }
    int width = (int)fmax(bar_width + 90.0, ceil(longest_name * character_width) + 8.0);
    int row_height = name_height + bar_height + gap;
    int height = count * row_height + gap;
    fprintf(stream, "<figure class=\"kpi\"><figcaption>");
    report_write_escaped(stream, row_labels[row]);
    fprintf(stream, "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                    "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" data-kpi=\"",
            width, height, width, height);
    report_write_escaped(stream, row_labels[row]);
    fputs("\">\n", stream);
    for (int i = 0; i < count; i++) {
        int top = gap + i * row_height;
        int bar_y = top + name_height;
        char cell[64];
        cell_text(&columns[i], row, false, cell, sizeof cell);
        fprintf(stream, "<text class=\"kpi-name\" x=\"0\" y=\"%d\" font-size=\"12\">", top + 11);
        report_write_escaped(stream, columns[i].name);
        fputs("</text>", stream);
        if (columns[i].solved) {
            double value = chart_value(&columns[i].kpis, row);
            double length = largest > 0 ? bar_width * value / largest : 0;
            fprintf(stream, "<rect class=\"kpi-bar\" x=\"0\" y=\"%d\" width=\"%.1f\" "
                            "height=\"%d\" fill=\"#2b5797\" data-scenario=\"",
                    bar_y, length, bar_height);
            report_write_escaped(stream, columns[i].name);
            fprintf(stream, "\" data-value=\"%s\"/>", cell);
            fprintf(stream, "<text class=\"kpi-value\" x=\"%.1f\" y=\"%d\" font-size=\"12\">%s</text>\n",
                    length + 4, bar_y + bar_height - 3, cell);
        } else {
            fprintf(stream, "<text class=\"kpi-value\" x=\"0\" y=\"%d\" font-size=\"12\">%s</text>\n",
                    bar_y + bar_height - 3, cell);
        }
    }
    fputs("</svg></figure>\n", stream);
}

/* The per-team view of compare_write_team_table as an HTML table. */
static void write_team_html(FILE *stream, const struct compare_column *columns, int count)
{
    char cell[64];
    fputs("<h2>Where the children over the cap are</h2>\n", stream);
    bool any = false;
    for (int c = 0; c < count; c++)
        for (int r = 0; r < columns[c].team_count; r++) {
            const char *team = columns[c].teams[r].team;
            if (!team_row_first(columns, c, r) || !team_has_excess(columns, count, team))
                continue;
            if (!any) {
                fputs("<table class=\"compare teams\">\n<thead><tr><th>team</th>", stream);
                for (int i = 0; i < count; i++) {
                    fputs("<th>", stream);
                    report_write_escaped(stream, columns[i].name);
                    fputs("</th>", stream);
                }
                fputs("</tr></thead>\n<tbody>\n", stream);
                any = true;
            }
            fputs("<tr><td>", stream);
            report_write_escaped(stream, team);
            fputs("</td>", stream);
            for (int i = 0; i < count; i++) {
                team_cell(&columns[i], team, cell, sizeof cell);
                fputs("<td class=\"number\">", stream);
                report_write_escaped(stream, cell);
                fputs("</td>", stream);
            }
            fputs("</tr>\n", stream);
        }
    fputs(any ? "</tbody></table>\n" : "<p>No scenario leaves a child over the cap.</p>\n", stream);
}

bool compare_write_html(const struct compare_column *columns, int count, const char *instance_name,
                        FILE *stream)
{
    char cell[64];
    report_write_document_start(stream, "Scenarios compared");
    fputs("<h1>Scenarios compared</h1>\n<p>Instance: <strong>", stream);
    report_write_escaped(stream, instance_name);
    fputs("</strong>. Every scenario is solved on its own; the legal cap is checked per "
          "worker.</p>\n<table class=\"compare\">\n<thead><tr><th>measure</th>",
          stream);
    for (int i = 0; i < count; i++) {
        fputs("<th>", stream);
        report_write_escaped(stream, columns[i].name);
        fputs("</th>", stream);
    }
    fputs("</tr></thead>\n<tbody>\n", stream);
    for (int r = 0; r < ROW_COUNT; r++) {
        fputs("<tr><td>", stream);
        report_write_escaped(stream, row_labels[r]);
        fputs("</td>", stream);
        for (int i = 0; i < count; i++) {
            cell_text(&columns[i], (enum compare_row)r, false, cell, sizeof cell);
            fputs("<td class=\"number\">", stream);
            report_write_escaped(stream, cell);
            fputs("</td>", stream);
        }
        fputs("</tr>\n", stream);
    }
    fputs("</tbody></table>\n", stream);
    write_team_html(stream, columns, count);
    fputs("<h2>Side by side</h2>\n<div class=\"kpi-charts\">\n", stream);
    for (int r = 0; r < ROW_COUNT; r++)
        if (chart_value(&columns[0].kpis, (enum compare_row)r) >= 0)
            write_kpi_chart(stream, columns, count, (enum compare_row)r);
    fputs("</div>\n", stream);
    return report_write_document_end(stream);
}
