/* forecast_write.c - caseload-forecast-result/1, its CSV and HTML, and the
 * report of `size -f`. */
#include "forecast/forecast_write.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "base/text.h"

/* A number in JSON, the shortest text that reads back the same (text.h); a value
 * that is not finite (never in a result) is written 0. */
static void write_number(FILE *stream, double value)
{
    text_json_number(stream, isfinite(value) ? value : 0);
}

static void write_date(FILE *stream, struct date date)
{
    fprintf(stream, "\"%04d-%02d-%02d\"", date.year, date.month, date.day);
}

const char *forecast_write_worker_id(const struct forecast_result *result, const struct forecast_spec *spec,
                                     const struct instance *instance, int w, char *buffer, size_t size)
{
    if (w < spec->worker_count) {
        snprintf(buffer, size, "%s", spec->workers[w].id);
        return buffer;
    }
    int next = spec->worker_count;
    for (int t = 0; t < instance->team_count; t++)
        for (int k = 1; k <= result->hires[t]; k++, next++)
            if (next == w) {
                snprintf(buffer, size, "%.120s/hire-%d", instance->teams[t].id, k);
                return buffer;
            }
    snprintf(buffer, size, "?");
    return buffer;
}

static int worker_team(const struct forecast_result *result, const struct forecast_spec *spec,
                       const struct instance *instance, int w)
{
    if (w < spec->worker_count)
        return spec->workers[w].team;
    int next = spec->worker_count;
    for (int t = 0; t < instance->team_count; t++) {
        if (w < next + result->hires[t])
            return t;
        next += result->hires[t];
    }
    return 0;
}

static void write_cell(FILE *stream, const struct forecast_cell *cell, bool county)
{
    fputs("\"counted\": { \"mean\": ", stream);
    write_number(stream, cell->counted.mean);
    fprintf(stream, ", \"p10\": %d, \"p50\": %d, \"p90\": %d }, \"capacity\": ", cell->counted.p10,
            cell->counted.p50, cell->counted.p90);
    write_number(stream, cell->capacity);
    fputs(", \"workers_over_cap\": ", stream);
    write_number(stream, cell->workers_over_cap);
    fputs(", \"children_over_cap\": ", stream);
    write_number(stream, cell->children_over_cap);
    if (county) {
        fputs(", \"unassigned\": ", stream);
        write_number(stream, cell->unassigned);
    }
    fputs(", \"risk\": ", stream);
    write_number(stream, cell->risk);
    fputs(", \"workers\": ", stream);
    write_number(stream, cell->workers);
}

static void write_rates(FILE *stream, const struct forecast_spec *spec, const struct instance *instance)
{
    const struct forecast_rates *rates = &spec->rates;
    int places = rates->municipality_count;
    fputs("  \"rates\": { \"intake\": [", stream);
    bool first = true;
    for (int s = 0; s < SERVICE_COUNT; s++)
        for (int m = 0; m < places; m++) {
            int key = s * places + m;
            if (!rates->intake_given[key] && !rates->intake_estimated[key])
                continue;
            if (!rates->intake_given[key] && rates->intake[key] == 0)
                continue;
            fputs(first ? "\n" : ",\n", stream);
            first = false;
            fprintf(stream, "      { \"service\": \"%s\", \"municipality\": ", instance_service_name((enum service)s));
            text_json_string(stream, instance->municipalities[m].id);
            fputs(", \"families_per_month\": ", stream);
            write_number(stream, rates->intake[key]);
            fprintf(stream, ", \"estimated\": %s }", rates->intake_given[key] ? "false" : "true");
        }
    fputs(first ? "],\n" : "\n    ],\n", stream);
    fputs("    \"closure\": [", stream);
    first = true;
    for (int s = 0; s < SERVICE_COUNT; s++) {
        if (!rates->closure_known[s])
            continue;
        fputs(first ? "\n" : ",\n", stream);
        first = false;
        fprintf(stream, "      { \"service\": \"%s\", \"per_month\": ", instance_service_name((enum service)s));
        write_number(stream, rates->closure[s]);
        fprintf(stream, ", \"estimated\": %s }", rates->closure_estimated[s] ? "true" : "false");
    }
    fputs(first ? "],\n" : "\n    ],\n", stream);
    fputs("    \"family_sizes\": [", stream);
    for (int k = 0; k < rates->family_size_count; k++) {
        if (k > 0)
            fputs(", ", stream);
        write_number(stream, rates->family_sizes[k]);
    }
    fprintf(stream, "], \"family_sizes_estimated\": %s },\n",
            rates->family_sizes_estimated ? "true" : "false");
}

bool forecast_write_json(const struct forecast_result *result, const struct forecast_spec *spec,
                         const struct instance *instance, FILE *stream)
{
    char id[200];
    fputs("{ \"format\": \"caseload-forecast-result/1\", \"instance\": ", stream);
    text_json_string(stream, instance->name != NULL ? instance->name : "");
    fputs(", \"forecast\": ", stream);
    text_json_string(stream, spec->name);
    fprintf(stream, ",\n  \"settings\": { \"months\": %d, \"samples\": %d, \"seed\": %llu, \"risk\": ",
            spec->months, spec->samples, (unsigned long long)spec->seed);
    write_number(stream, spec->risk);
    fprintf(stream, ", \"lead_months\": %d },\n", spec->lead_months);
    write_rates(stream, spec, instance);
    fputs("  \"months\": [\n", stream);
    for (int m = 0; m <= result->months; m++) {
        fprintf(stream, "    { \"month\": %d, \"date\": ", m);
        write_date(stream, result->dates[m]);
        fprintf(stream, ", \"census\": %s,\n      \"county\": { ", result->census[m] ? "true" : "false");
        write_cell(stream, &result->county[m], true);
        fputs(" },\n      \"teams\": [", stream);
        for (int t = 0; t < result->team_count; t++) {
            fputs(t == 0 ? "\n        { \"team\": " : ",\n        { \"team\": ", stream);
            text_json_string(stream, instance->teams[t].id);
            fputs(", ", stream);
            write_cell(stream, &result->teams[(size_t)m * (size_t)result->team_count + (size_t)t], false);
            fputs(" }", stream);
        }
        fprintf(stream, " ] }%s\n", m < result->months ? "," : "");
    }
    fputs("  ],\n  \"workers\": [", stream);
    for (int w = 0; w < result->worker_count; w++) {
        fputs(w == 0 ? "\n    { \"id\": " : ",\n    { \"id\": ", stream);
        text_json_string(stream, forecast_write_worker_id(result, spec, instance, w, id, sizeof id));
        fputs(", \"team\": ", stream);
        text_json_string(stream, instance->teams[worker_team(result, spec, instance, w)].id);
        fputs(", \"census\": [", stream);
        for (int k = 0; k < result->census_count; k++) {
            fputs(k == 0 ? " { \"date\": " : ", { \"date\": ", stream);
            write_date(stream, result->census_dates[k]);
            fputs(", \"risk\": ", stream);
            write_number(stream, result->worker_census_risk[(size_t)w * (size_t)result->census_count + (size_t)k]);
            fputs(" }", stream);
        }
        fputs(" ] }", stream);
    }
    fputs("\n  ] }\n", stream);
    return !ferror(stream);
}

static void csv_row(FILE *stream, int month, struct date date, const struct date *census, const char *team,
                    const struct forecast_cell *cell)
{
    fprintf(stream, "%d;%04d-%02d-%02d;%s;", month, date.year, date.month, date.day, census != NULL ? "1" : "0");
    text_csv_field(stream, team); /* guarded against formulas */
    fputc(';', stream);
    text_csv_decimal(stream, cell->counted.mean, 2);
    fprintf(stream, ";%d;%d;%d;", cell->counted.p10, cell->counted.p50, cell->counted.p90);
    text_csv_decimal(stream, cell->capacity, 2);
    fputc(';', stream);
    text_csv_decimal(stream, cell->workers_over_cap, 3);
    fputc(';', stream);
    text_csv_decimal(stream, cell->children_over_cap, 3);
    fputc(';', stream);
    text_csv_decimal(stream, cell->risk, 3);
    fputc(';', stream);
    text_csv_decimal(stream, cell->workers, 2);
    fputc(';', stream);
    text_csv_decimal(stream, cell->workers > 0 ? cell->workers_over_cap / cell->workers : 0, 3);
    fputc(';', stream);
    if (census != NULL)
        fprintf(stream, "%04d-%02d-%02d", census->year, census->month, census->day);
    fputs("\r\n", stream);
}

/* The census date of month m, or NULL when m is no census month. */
static const struct date *census_date(const struct forecast_result *result, int m)
{
    for (int k = 0; k < result->census_count; k++)
        if (result->census_months[k] == m)
            return &result->census_dates[k];
    return NULL;
}

bool forecast_write_csv(const struct forecast_result *result, const struct instance *instance,
                        FILE *stream)
{
    fputs("\xEF\xBB\xBFmonth;date;census;team;counted_mean;counted_p10;counted_p50;counted_p90;"
          "capacity;workers_over_cap;children_over_cap;risk;workers;share_of_workers_over_cap;census_date\r\n",
          stream);
    for (int m = 0; m <= result->months; m++) {
        for (int t = 0; t < result->team_count; t++)
            csv_row(stream, m, result->dates[m], census_date(result, m), instance->teams[t].id,
                    &result->teams[(size_t)m * (size_t)result->team_count + (size_t)t]);
        csv_row(stream, m, result->dates[m], census_date(result, m), "(county)", &result->county[m]);
    }
    return !ferror(stream);
}

/* The cell of team `team` (-1: the county) in month m. */
static const struct forecast_cell *cell_of(const struct forecast_result *result, int team, int m)
{
    return team < 0 ? &result->county[m] : &result->teams[(size_t)m * (size_t)result->team_count + (size_t)team];
}

/* The geometry of a chart: x = month, y = value from 0 to top. */
struct chart {
    int width, height, left, right, top, bottom, months;
    double top_value;
};

static double chart_x(const struct chart *chart, int m)
{
    return chart->left + m * (double)(chart->width - chart->left - chart->right) / (chart->months > 0 ? chart->months : 1);
}

static double chart_y(const struct chart *chart, double value)
{
    return chart->height - chart->bottom - value * (chart->height - chart->top - chart->bottom) / chart->top_value;
}

/* The frame of a chart: census lines with their dates, the month axis with dates,
 * the value axis at 0, the middle and the top (`unit` after each label). */
static void write_chart_frame(FILE *stream, const struct chart *chart, const struct forecast_result *result,
                              const char *name, double scale, const char *unit)
{
    fprintf(stream, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                    "role=\"img\" data-team=\"", chart->width, chart->height, chart->width, chart->height);
    report_write_escaped(stream, name);
    fputs("\">\n", stream);
    for (int k = 0; k < result->census_count; k++) {
        int m = result->census_months[k];
        struct date day = result->census_dates[k];
        fprintf(stream, "<line class=\"census\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#a33\" "
                        "stroke-dasharray=\"3 3\"><title>THL census %04d-%02d-%02d</title></line>"
                        "<text class=\"census-label\" x=\"%.1f\" y=\"%d\" font-size=\"9\" fill=\"#a33\" "
                        "text-anchor=\"middle\">census %d.%d.</text>\n",
                chart_x(chart, m), chart->top, chart_x(chart, m), chart->height - chart->bottom, day.year,
                day.month, day.day, chart_x(chart, m), chart->top - 2, day.day, day.month);
    }
    for (int m = 0; m <= chart->months; m++) {
        struct date date = result->dates[m];
        fprintf(stream, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">%04d-%02d</text>\n",
                chart_x(chart, m), chart->height - 8, date.year, date.month);
    }
    for (int k = 0; k <= 2; k++) {
        double value = chart->top_value * k / 2;
        fprintf(stream, "<text x=\"4\" y=\"%.1f\" font-size=\"10\">%.0f%s</text>\n", chart_y(chart, value) + 3,
                value * scale, unit);
    }
}

/* One team's (or the county's) counted children: the 10-90 % band, the median
 * and the capacity. The value axis reaches above everything drawn, so no
 * overrun is cut off. */
static void write_band_chart(FILE *stream, const struct forecast_result *result, int team, const char *name)
{
    struct chart chart = {640, 230, 48, 12, 16, 30, result->months, 1};
    for (int m = 0; m <= result->months; m++) {
        const struct forecast_cell *cell = cell_of(result, team, m);
        chart.top_value = fmax(chart.top_value, fmax((double)cell->counted.p90, cell->capacity));
        chart.top_value = fmax(chart.top_value, cell->counted.mean);
    }
    chart.top_value *= 1.08;
    fputs("<figure class=\"forecast\"><figcaption>", stream);
    report_write_escaped(stream, name);
    fputs(": counted children</figcaption>\n", stream);
    write_chart_frame(stream, &chart, result, name, 1, "");
    fputs("<polygon class=\"band\" fill=\"#9ecae1\" fill-opacity=\"0.6\" points=\"", stream);
    for (int m = 0; m <= result->months; m++)
        fprintf(stream, "%.1f,%.1f ", chart_x(&chart, m), chart_y(&chart, cell_of(result, team, m)->counted.p90));
    for (int m = result->months; m >= 0; m--)
        fprintf(stream, "%.1f,%.1f ", chart_x(&chart, m), chart_y(&chart, cell_of(result, team, m)->counted.p10));
    fputs("\"/>\n<polyline class=\"median\" fill=\"none\" stroke=\"#08519c\" stroke-width=\"2\" points=\"", stream);
    for (int m = 0; m <= result->months; m++)
        fprintf(stream, "%.1f,%.1f ", chart_x(&chart, m), chart_y(&chart, cell_of(result, team, m)->counted.p50));
    fputs("\"/>\n<polyline class=\"capacity\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\" points=\"", stream);
    for (int m = 0; m <= result->months; m++)
        fprintf(stream, "%.1f,%.1f ", chart_x(&chart, m), chart_y(&chart, cell_of(result, team, m)->capacity));
    fputs("\"/>\n", stream);
    for (int m = 0; m <= result->months; m++) {
        const struct forecast_cell *cell = cell_of(result, team, m);
        struct date date = result->dates[m];
        fprintf(stream, "<circle class=\"month\" cx=\"%.1f\" cy=\"%.1f\" r=\"2\" data-month=\"%d\" "
                        "data-date=\"%04d-%02d-%02d\" data-p10=\"%d\" data-p50=\"%d\" data-p90=\"%d\" "
                        "data-capacity=\"%g\" data-risk=\"%g\"><title>%04d-%02d-%02d (month %d): %d-%d "
                        "(median %d), capacity %g, risk %.0f %%</title></circle>\n",
                chart_x(&chart, m), chart_y(&chart, cell->counted.p50), m, date.year, date.month, date.day,
                cell->counted.p10, cell->counted.p50, cell->counted.p90, cell->capacity, cell->risk, date.year,
                date.month, date.day, m, cell->counted.p10, cell->counted.p90, cell->counted.p50,
                cell->capacity, 100 * cell->risk);
    }
    fputs("</svg></figure>\n", stream);
}

/* One team's (or the county's) per-worker risk: the share of its workers over
 * the cap (mean over samples) and the risk that any one is, 0-100 %, the limit
 * dashed. */
static void write_share_chart(FILE *stream, const struct forecast_result *result, int team, const char *name,
                              double limit)
{
    struct chart chart = {640, 180, 48, 12, 16, 30, result->months, 1.0};
    fputs("<figure class=\"forecast share\"><figcaption>", stream);
    report_write_escaped(stream, name);
    fputs(": workers over the cap</figcaption>\n", stream);
    write_chart_frame(stream, &chart, result, name, 100, " %");
    fprintf(stream, "<line class=\"limit\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#888\" "
                    "stroke-dasharray=\"6 3\"><title>risk limit %g</title></line>\n",
            chart.left, chart_y(&chart, limit), chart.width - chart.right, chart_y(&chart, limit), limit);
    fputs("<polyline class=\"risk\" fill=\"none\" stroke=\"#d94801\" stroke-width=\"1.5\" points=\"", stream);
    for (int m = 0; m <= result->months; m++)
        fprintf(stream, "%.1f,%.1f ", chart_x(&chart, m), chart_y(&chart, cell_of(result, team, m)->risk));
    fputs("\"/>\n<polyline class=\"share-over\" fill=\"none\" stroke=\"#54278f\" stroke-width=\"2\" points=\"",
          stream);
    for (int m = 0; m <= result->months; m++) {
        const struct forecast_cell *cell = cell_of(result, team, m);
        double share = cell->workers > 0 ? cell->workers_over_cap / cell->workers : 0;
        fprintf(stream, "%.1f,%.1f ", chart_x(&chart, m), chart_y(&chart, share));
    }
    fputs("\"/>\n", stream);
    for (int m = 0; m <= result->months; m++) {
        const struct forecast_cell *cell = cell_of(result, team, m);
        double share = cell->workers > 0 ? cell->workers_over_cap / cell->workers : 0;
        struct date date = result->dates[m];
        fprintf(stream, "<circle class=\"share\" cx=\"%.1f\" cy=\"%.1f\" r=\"2\" data-date=\"%04d-%02d-%02d\" "
                        "data-share=\"%g\"><title>%04d-%02d-%02d: %.1f of %.1f workers over the cap (%.0f %%), "
                        "risk %.0f %%</title></circle>\n",
                chart_x(&chart, m), chart_y(&chart, share), date.year, date.month, date.day, share, date.year,
                date.month, date.day, cell->workers_over_cap, cell->workers, 100 * share, 100 * cell->risk);
    }
    fputs("</svg></figure>\n", stream);
}

/* The risk table: a row per team and the county, a column per month with its
 * date, census months marked with their census date. */
static void write_risk_table(FILE *stream, const struct forecast_result *result, const struct forecast_spec *spec,
                             const struct instance *instance)
{
    fputs("<table><thead><tr><th>team</th>", stream);
    for (int m = 0; m <= result->months; m++) {
        const struct date *census = census_date(result, m);
        fprintf(stream, "<th>%04d-%02d", result->dates[m].year, result->dates[m].month);
        if (census != NULL)
            fprintf(stream, "<br><span class=\"census\">census %d.%d.</span>", census->day, census->month);
        fputs("</th>", stream);
    }
    fputs("</tr></thead><tbody>\n", stream);
    for (int t = -1; t < result->team_count; t++) {
        fputs("<tr><td>", stream);
        report_write_escaped(stream, t < 0 ? "county" : instance->teams[t].id);
        fputs("</td>", stream);
        for (int m = 0; m <= result->months; m++) {
            const struct forecast_cell *cell = cell_of(result, t, m);
            fprintf(stream, "<td%s>%.0f %%</td>", cell->risk > spec->risk ? " class=\"over\"" : "", 100 * cell->risk);
        }
        fputs("</tr>\n", stream);
    }
    fputs("</tbody></table>\n", stream);
}

bool forecast_write_html(const struct forecast_result *result, const struct forecast_spec *spec,
                         const struct instance *instance, FILE *stream)
{
    char title[300];
    snprintf(title, sizeof title, "Forecast: %s", spec->name);
    report_write_document_start(stream, title);
    fputs("<h1>", stream);
    report_write_escaped(stream, title);
    fputs("</h1>\n<p>", stream);
    report_write_escaped(stream, instance->name);
    fprintf(stream, ", %d months from %04d-%02d-%02d, %d samples, seed %llu. Per team, two charts: the counted "
                    "children (the blue band holds 80 %% of the samples, 10th to 90th percentile; the blue line is "
                    "the median, the black line the capacity, the sum of the workers' legal caps), and the "
                    "workers over the cap: the purple line is the share of the team's workers over their own "
                    "cap, the orange line the <em>risk</em>, the share of samples in which at least one worker "
                    "of the team is over the cap, against the dashed limit %g. A team can be under its capacity "
                    "and still have workers over the cap. The dashed red lines mark the THL census dates (second "
                    "Tuesday of April and October).</p>\n",
            spec->months, instance->date.year, instance->date.month, instance->date.day, spec->samples,
            (unsigned long long)spec->seed, spec->risk);
    write_risk_table(stream, result, spec, instance);
    fputs("<p>Risk by month.</p>\n", stream);
    for (int t = -1; t < result->team_count; t++) {
        const char *name = t < 0 ? "county" : instance->teams[t].id;
        write_band_chart(stream, result, t, name);
        write_share_chart(stream, result, t, name, spec->risk);
    }
    return report_write_document_end(stream) && !ferror(stream);
}

/* "YYYY-MM" of month m into buffer. */
static const char *month_text(const struct forecast_result *result, int m, char *buffer, size_t size)
{
    snprintf(buffer, size, "%04d-%02d", result->dates[m].year, result->dates[m].month);
    return buffer;
}

/* " census D.M.YYYY" for a census month, "" otherwise, into buffer. */
static const char *census_text(const struct forecast_result *result, int m, char *buffer, size_t size)
{
    const struct date *census = census_date(result, m);
    if (census == NULL)
        snprintf(buffer, size, "%s", "");
    else
        snprintf(buffer, size, "  census %d.%d.%d", census->day, census->month, census->year);
    return buffer;
}

/* In words: the months of team t over the limit in `result` from `from` to `to`,
 * as "2023-11 (0.56), 2023-12 (0.60)"; false when there are none. */
static bool write_months_over(FILE *stream, const struct forecast_result *result, int t, int from, int to,
                              double limit)
{
    char text[16];
    int shown = 0;
    for (int m = from; m <= to; m++) {
        double risk = cell_of(result, t, m)->risk;
        if (risk <= limit)
            continue;
        fprintf(stream, "%s%s (%.2f)", shown++ == 0 ? "" : ", ", month_text(result, m, text, sizeof text), risk);
    }
    return shown > 0;
}

/* What no hire of the sizing helps, in words: months before the first recruit
 * can start, and the months a team stays over the limit with its hires. */
static void write_sizing_words(FILE *stream, const struct forecast_sizing *sizing, const struct forecast_spec *spec,
                               const struct instance *instance)
{
    const struct forecast_result *without = &sizing->without, *with = &sizing->with;
    double limit = spec->risk + 1e-12;
    char text[16];
    bool said = false;
    for (int t = 0; t < sizing->team_count; t++) {
        bool early = false;
        for (int m = 0; m < sizing->first_start && m <= without->months && !early; m++)
            early = cell_of(without, t, m)->risk > limit;
        if (early) {
            if (!said)
                fputs("\n", stream);
            said = true;
            fprintf(stream, "%s: the risk is over %g in ", instance->teams[t].id, spec->risk);
            write_months_over(stream, without, t, 0, sizing->first_start - 1, limit);
            fprintf(stream, ", before any recruit can start working (%s): no hire helps these months.\n",
                    month_text(without, sizing->first_start, text, sizeof text));
        }
        if (!sizing->reachable[t]) {
            if (!said)
                fputs("\n", stream);
            said = true;
            if (sizing->hires[t] > 0)
                fprintf(stream, "%s: even with %d hires the risk stays over %g in ", instance->teams[t].id,
                        sizing->hires[t], spec->risk);
            else
                fprintf(stream, "%s: hires do not lower the risk, which stays over %g in ", instance->teams[t].id,
                        spec->risk);
            if (!write_months_over(stream, with, t, sizing->first_start, with->months, limit))
                fputs("no month", stream);
            fputs(" (more hires do not lower it).\n", stream);
        }
    }
}

bool forecast_write_sizing_table(const struct forecast_sizing *sizing,
                                 const struct forecast_spec *spec, const struct instance *instance,
                                 FILE *stream)
{
    const struct forecast_result *without = &sizing->without, *with = &sizing->with;
    char text[16], census[48];
    fprintf(stream, "Hires recruited now, each working from its month (%s at the earliest: lead_months %d), so "
                    "that from then on every month's risk of a worker over the cap is at most %g (%d samples, "
                    "%d forecasts):\n\n",
            month_text(without, sizing->first_start, text, sizeof text), spec->lead_months, spec->risk,
            spec->samples, sizing->runs);
    fprintf(stream, "%-22s %5s  %-20s %-26s %9s %9s %10s\n", "team", "hires", "working from",
            "first over without", "max risk", "with", "one fewer");
    for (int t = 0; t < sizing->team_count; t++) {
        char first[40] = "-", starts[64] = "-", hires[16];
        if (sizing->first_month[t] >= 0)
            snprintf(first, sizeof first, "%s (month %d) %.2f",
                     month_text(without, sizing->first_month[t], text, sizeof text), sizing->first_month[t],
                     sizing->first_risk[t]);
        size_t used = 0;
        for (int k = 0; k < sizing->hire_count && used + 10 < sizeof starts; k++)
            if (sizing->hire_list[k].team == t)
                used += (size_t)snprintf(starts + used, sizeof starts - used, "%s%s", used == 0 ? "" : ", ",
                                         month_text(without, sizing->hire_list[k].start, text, sizeof text));
        snprintf(hires, sizeof hires, "%d%s", sizing->hires[t], sizing->reachable[t] ? "" : "+");
        fprintf(stream, "%-22s %5s  %-20s %-26s %9.3f %9.3f", instance->teams[t].id, hires, starts, first,
                forecast_team_max_risk(without, t, sizing->first_start),
                forecast_team_max_risk(with, t, sizing->first_start));
        if (sizing->hires[t] > 0)
            fprintf(stream, " %10.3f\n", sizing->one_fewer_risk[t]);
        else
            fputs("          -\n", stream);
    }
    int total = 0;
    for (int t = 0; t < sizing->team_count; t++)
        total += sizing->hires[t];
    fprintf(stream, "%-22s %5d\n", "total", total);
    double error = sqrt(spec->risk * (1 - spec->risk) / spec->samples);
    fprintf(stream, "Risks are shares of %d samples: at the limit the Monte Carlo standard error is %.3f.\n"
                    "\"max risk\" and \"with\": the team's highest risk from %s on, without and with the hires; "
                    "\"one fewer\": the highest risk of any team that hires can help, from %s on, without the team's\n"
                    "last hire.\n",
            spec->samples, error, month_text(without, sizing->first_start, text, sizeof text),
            month_text(without, sizing->first_start, census, sizeof census));
    write_sizing_words(stream, sizing, spec, instance);
    fputs("\nCounty risk by month (at least one worker over the cap):\nmonth  date        without    with\n",
          stream);
    for (int m = 0; m <= spec->months; m++)
        fprintf(stream, "%5d  %04d-%02d-%02d  %7.3f  %7.3f%s\n", m, without->dates[m].year, without->dates[m].month,
                without->dates[m].day, without->county[m].risk, with->county[m].risk,
                census_text(without, m, census, sizeof census));
    return !ferror(stream);
}

bool forecast_write_summary(const struct forecast_result *result, const struct forecast_spec *spec,
                            const struct instance *instance, FILE *stream)
{
    char census[48], text[16];
    fprintf(stream, "%s: %d months, %d samples, seed %llu\n", spec->name, spec->months, spec->samples,
            (unsigned long long)spec->seed);
    fprintf(stream, "month  date        counted (10-90 %%)       capacity  over-cap workers  risk\n");
    for (int m = 0; m <= result->months; m++) {
        const struct forecast_cell *cell = &result->county[m];
        fprintf(stream, "%5d  %04d-%02d-%02d  %7.1f (%5d-%5d)  %8.0f  %16.2f  %4.2f%s\n", m, result->dates[m].year,
                result->dates[m].month, result->dates[m].day, cell->counted.mean, cell->counted.p10,
                cell->counted.p90, cell->capacity, cell->workers_over_cap, cell->risk,
                census_text(result, m, census, sizeof census));
    }
    int from = spec->lead_months < 1 ? 1 : spec->lead_months;
    fprintf(stream, "\nteams whose risk exceeds %g in some month from %s (month %d) on:\n", spec->risk,
            month_text(result, from, text, sizeof text), from);
    int shown = 0;
    for (int t = 0; t < result->team_count; t++) {
        double worst = forecast_team_max_risk(result, t, spec->lead_months);
        if (worst <= spec->risk)
            continue;
        int at = from;
        for (int m = from; m <= result->months; m++)
            if (cell_of(result, t, m)->risk > cell_of(result, t, at)->risk)
                at = m;
        fprintf(stream, "  %-24s max risk %.2f in %s\n", instance->teams[t].id, worst,
                month_text(result, at, text, sizeof text));
        shown++;
    }
    if (shown == 0)
        fprintf(stream, "  none\n");
    return !ferror(stream);
}

bool forecast_write_sizing_json(const struct forecast_sizing *sizing,
                                const struct forecast_spec *spec, const struct instance *instance,
                                FILE *stream)
{
    fputs("{ \"format\": \"caseload-forecast-size/1\", \"instance\": ", stream);
    text_json_string(stream, instance->name != NULL ? instance->name : "");
    fputs(", \"forecast\": ", stream);
    text_json_string(stream, spec->name);
    fprintf(stream, ", \"risk\": ");
    write_number(stream, spec->risk);
    fprintf(stream, ", \"lead_months\": %d, \"first_start\": %d, \"samples\": %d, \"runs\": %d,\n  \"teams\": [",
            spec->lead_months, sizing->first_start, spec->samples, sizing->runs);
    for (int t = 0; t < sizing->team_count; t++) {
        fputs(t == 0 ? "\n    { \"team\": " : ",\n    { \"team\": ", stream);
        text_json_string(stream, instance->teams[t].id);
        fprintf(stream, ", \"hires\": %d, \"reachable\": %s, \"first_month_over\": ", sizing->hires[t],
                sizing->reachable[t] ? "true" : "false");
        if (sizing->first_month[t] >= 0)
            fprintf(stream, "%d", sizing->first_month[t]);
        else
            fputs("null", stream);
        fputs(", \"max_risk_without\": ", stream);
        write_number(stream, forecast_team_max_risk(&sizing->without, t, sizing->first_start));
        fputs(", \"max_risk_with\": ", stream);
        write_number(stream, forecast_team_max_risk(&sizing->with, t, sizing->first_start));
        if (sizing->hires[t] > 0) {
            fputs(", \"max_risk_one_fewer\": ", stream);
            write_number(stream, sizing->one_fewer_risk[t]);
            fputs(", \"last_month_over_one_fewer\": ", stream);
            if (sizing->one_fewer_last[t] >= 0)
                fprintf(stream, "%d", sizing->one_fewer_last[t]);
            else
                fputs("null", stream);
        }
        fputs(", \"starts\": [", stream);
        bool first = true;
        for (int k = 0; k < sizing->hire_count; k++)
            if (sizing->hire_list[k].team == t) {
                fprintf(stream, "%s{ \"month\": %d, \"date\": ", first ? " " : ", ", sizing->hire_list[k].start);
                write_date(stream, sizing->without.dates[sizing->hire_list[k].start]);
                fputs(" }", stream);
                first = false;
            }
        fputs(first ? "] }" : " ] }", stream);
    }
    fputs("\n  ],\n  \"county\": [", stream);
    for (int m = 0; m <= spec->months; m++) {
        fprintf(stream, "%s{ \"month\": %d, \"date\": ", m == 0 ? "\n    " : ",\n    ", m);
        write_date(stream, sizing->without.dates[m]);
        fputs(", \"risk_without\": ", stream);
        write_number(stream, sizing->without.county[m].risk);
        fputs(", \"risk_with\": ", stream);
        write_number(stream, sizing->with.county[m].risk);
        fprintf(stream, ", \"census\": %s", sizing->without.census[m] ? "true" : "false");
        fputs(" }", stream);
    }
    fputs("\n  ] }\n", stream);
    return !ferror(stream);
}
