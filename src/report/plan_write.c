/* plan_write.c - a plan as caseload-plan/1 JSON, as the plan, workers and teams
 * CSVs, and as the terminal summary. */
#include "report/plan.h"

#include <math.h>
#include <string.h>

#include "report/remedy.h"
#include "report/report.h"
#include "base/text.h"

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
        text_json_string(stream, instance_assignee_id(instance, assignee, buffer, sizeof buffer));
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
    text_json_string(stream, plan->instance_name);
    fputs(",\n  \"scenario\": ", stream);
    text_json_string(stream, plan->scenario_name);
    fputs(",\n  \"moves\": ", stream);
    text_json_string(stream, instance_moves_name(instance->rules.moves));
    fputs(",\n  \"status\": ", stream);
    text_json_string(stream, solution_status_name(plan->status));
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
        fprintf(stream, "%s\"%s\": ", term == 0 ? " " : ", ", instance_term_name((enum term)term));
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
        text_json_string(stream, instance->children[row->child].id);
        fputs(", \"from\": ", stream);
        json_write_assignee(stream, instance, row->from);
        fputs(", \"to\": ", stream);
        json_write_assignee(stream, instance, row->to);
        fputs(", \"reason\": ", stream);
        text_json_string(stream, plan_reason_text(row->reason));
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
        text_json_string(stream, instance->workers[row->assignee].id);
        fputs(", \"team\": ", stream);
        text_json_string(stream, instance->teams[instance->workers[row->assignee].team].id);
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
        text_json_string(stream, instance_assignee_id(instance, row->assignee, buffer,
                                                       sizeof buffer));
        fputs(", \"team\": ", stream);
        text_json_string(stream,
                          instance->teams[instance_assignee_team(instance, row->assignee)].id);
        fprintf(stream, ", \"counted_after\": %d }", row->counted_after);
    }
    fputs(written > 0 ? "\n  ],\n  \"teams\": [" : "],\n  \"teams\": [", stream);
    for (int i = 0; i < plan->team_count; i++) {
        const struct plan_team *row = &plan->teams[i];
        fputs(i == 0 ? "\n    { \"id\": " : ",\n    { \"id\": ", stream);
        text_json_string(stream, instance->teams[row->team].id);
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
        text_csv_field(stream, instance_service_name(child->service));
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
        text_csv_field(stream, instance_service_name(team->service));
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
    fprintf(stream, "moves %s: %s\n", instance_moves_name(instance->rules.moves),
            instance_moves_words(instance->rules.moves));
    fprintf(stream, "status %s, objective %.1f, bound %.1f, gap %s\n", solution_status_name(plan->status),
            plan->objective, plan->bound, gap);
    fputs("terms:", stream);
    for (int term = 0; term < TERM_COUNT; term++)
        fprintf(stream, "%s %s %.*f", term == 0 ? "" : ",", instance_term_name((enum term)term),
                term_is_whole(term) ? 0 : 1, plan->score.amount[term]);
    fputc('\n', stream);
    report_write_objective_explained(instance, stream);
    return stream_ok(stream);
}
