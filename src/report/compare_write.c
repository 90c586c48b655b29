/* compare_write.c - the writers of `caseload compare`: the terminal tables, CSV,
 * JSON and the HTML page, and the KPIs of a plan as JSON. */
#include "report/compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "base/text.h"

static bool stream_ok(FILE *stream)
{
    return fflush(stream) == 0 && !ferror(stream);
}

void compare_write_kpis_json(FILE *stream, const struct plan_kpis *kpis)
{
    fputs("{ \"status\": ", stream);
    text_json_string(stream, solution_status_name(kpis->status));
    fputs(", \"objective\": ", stream);
    text_json_number(stream, kpis->objective);
    fputs(", \"gap\": ", stream);
    text_json_number(stream, kpis->gap);
    fprintf(stream, ", \"unassigned\": %d, \"over_cap\": %d, \"workers_over_cap\": %d, \"hires\": %d, "
            "\"moves\": %d, \"cross_team\": %d, \"family_splits\": %d, \"km\": ", kpis->unassigned,
            kpis->over_cap, kpis->workers_over_cap, kpis->hires, kpis->moves, kpis->cross_team,
            kpis->family_splits);
    text_json_number(stream, kpis->km);
    fputs(", \"km_per_child\": ", stream);
    text_json_number(stream, kpis->km_per_child);
    fprintf(stream, ", \"max_caseload\": %d, \"mean_caseload\": ", kpis->max_caseload);
    text_json_number(stream, kpis->mean_caseload);
    fputs(", \"compliance\": { \"before\": ", stream);
    compliance_write_json(stream, &kpis->compliance_before);
    fputs(", \"after\": ", stream);
    compliance_write_json(stream, &kpis->compliance_after);
    fputs(" } }", stream);
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
        snprintf(buffer, size, "%s", column->solved ? solution_status_name(k->status)
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
    text_json_string(stream, instance_name);
    fputs(",\n  \"scenarios\": [", stream);
    for (int i = 0; i < count; i++) {
        fputs(i == 0 ? "\n    { \"name\": " : ",\n    { \"name\": ", stream);
        text_json_string(stream, columns[i].name);
        fputs(", \"file\": ", stream);
        text_json_string(stream, columns[i].file);
        if (columns[i].solved) {
            fputs(", \"kpis\": ", stream);
            compare_write_kpis_json(stream, &columns[i].kpis);
        } else {
            fputs(", \"kpis\": null, \"status\": ", stream);
            text_json_string(stream, solution_status_name(columns[i].kpis.status));
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
