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
            fprintf(stream, "      { \"service\": \"%s\", \"municipality\": ", service_name((enum service)s));
            json_write_string(stream, instance->municipalities[m].id);
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
        fprintf(stream, "      { \"service\": \"%s\", \"per_month\": ", service_name((enum service)s));
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
    json_write_string(stream, instance->name != NULL ? instance->name : "");
    fputs(", \"forecast\": ", stream);
    json_write_string(stream, spec->name);
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
            json_write_string(stream, instance->teams[t].id);
            fputs(", ", stream);
            write_cell(stream, &result->teams[(size_t)m * (size_t)result->team_count + (size_t)t], false);
            fputs(" }", stream);
        }
        fprintf(stream, " ] }%s\n", m < result->months ? "," : "");
    }
    fputs("  ],\n  \"workers\": [", stream);
    for (int w = 0; w < result->worker_count; w++) {
        fputs(w == 0 ? "\n    { \"id\": " : ",\n    { \"id\": ", stream);
        json_write_string(stream, forecast_write_worker_id(result, spec, instance, w, id, sizeof id));
        fputs(", \"team\": ", stream);
        json_write_string(stream, instance->teams[worker_team(result, spec, instance, w)].id);
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

static void csv_row(FILE *stream, int month, struct date date, bool census, const char *team,
                    const struct forecast_cell *cell)
{
    fprintf(stream, "%d;%04d-%02d-%02d;%s;", month, date.year, date.month, date.day, census ? "1" : "0");
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
    fputs("\r\n", stream);
}

bool forecast_write_csv(const struct forecast_result *result, const struct instance *instance,
                        FILE *stream)
{
    fputs("\xEF\xBB\xBFmonth;date;census;team;counted_mean;counted_p10;counted_p50;counted_p90;"
          "capacity;workers_over_cap;children_over_cap;risk\r\n", stream);
    for (int m = 0; m <= result->months; m++) {
        for (int t = 0; t < result->team_count; t++)
            csv_row(stream, m, result->dates[m], result->census[m], instance->teams[t].id,
                    &result->teams[(size_t)m * (size_t)result->team_count + (size_t)t]);
        csv_row(stream, m, result->dates[m], result->census[m], "(county)", &result->county[m]);
    }
    return !ferror(stream);
}

/* One team's (or the county's) chart: x = month, y = counted children. */
static void write_band_chart(FILE *stream, const struct forecast_result *result, int team,
                             const char *name)
{
    const int width = 640, height = 220, left = 48, right = 12, top = 12, bottom = 28;
    int months = result->months;
    double top_value = 1;
    for (int m = 0; m <= months; m++) {
        const struct forecast_cell *cell =
            team < 0 ? &result->county[m] : &result->teams[(size_t)m * (size_t)result->team_count + (size_t)team];
        if (cell->counted.p90 > top_value)
            top_value = cell->counted.p90;
        if (cell->capacity > top_value)
            top_value = cell->capacity;
    }
    top_value *= 1.08;
    double x_step = (double)(width - left - right) / (months > 0 ? months : 1);
    double y_scale = (height - top - bottom) / top_value;
#define X(m) (left + (m) * x_step)
#define Y(v) (height - bottom - (v) * y_scale)
    fputs("<figure class=\"forecast\"><figcaption>", stream);
    report_write_escaped(stream, name);
    fprintf(stream, "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                    "width=\"%d\" height=\"%d\" role=\"img\" data-team=\"", width, height, width, height);
    report_write_escaped(stream, name);
    fputs("\">\n", stream);
    for (int m = 0; m <= months; m++)
        if (result->census[m])
            fprintf(stream, "<line class=\"census\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                            "stroke=\"#a33\" stroke-dasharray=\"3 3\"><title>THL census month %d</title></line>\n",
                    X(m), top, X(m), height - bottom, m);
    fputs("<polygon class=\"band\" fill=\"#9ecae1\" fill-opacity=\"0.6\" points=\"", stream);
    for (int m = 0; m <= months; m++) {
        const struct forecast_cell *cell =
            team < 0 ? &result->county[m] : &result->teams[(size_t)m * (size_t)result->team_count + (size_t)team];
        fprintf(stream, "%.1f,%.1f ", X(m), Y(cell->counted.p90));
    }
    for (int m = months; m >= 0; m--) {
        const struct forecast_cell *cell =
            team < 0 ? &result->county[m] : &result->teams[(size_t)m * (size_t)result->team_count + (size_t)team];
        fprintf(stream, "%.1f,%.1f ", X(m), Y(cell->counted.p10));
    }
    fputs("\"/>\n<polyline class=\"median\" fill=\"none\" stroke=\"#08519c\" stroke-width=\"2\" points=\"", stream);
    for (int m = 0; m <= months; m++) {
        const struct forecast_cell *cell =
            team < 0 ? &result->county[m] : &result->teams[(size_t)m * (size_t)result->team_count + (size_t)team];
        fprintf(stream, "%.1f,%.1f ", X(m), Y(cell->counted.p50));
    }
    fputs("\"/>\n<polyline class=\"capacity\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\" points=\"", stream);
    for (int m = 0; m <= months; m++) {
        const struct forecast_cell *cell =
            team < 0 ? &result->county[m] : &result->teams[(size_t)m * (size_t)result->team_count + (size_t)team];
        fprintf(stream, "%.1f,%.1f ", X(m), Y(cell->capacity));
    }
    fputs("\"/>\n", stream);
    for (int m = 0; m <= months; m++) {
        const struct forecast_cell *cell =
            team < 0 ? &result->county[m] : &result->teams[(size_t)m * (size_t)result->team_count + (size_t)team];
        fprintf(stream, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%d</text>"
                        "<circle class=\"month\" cx=\"%.1f\" cy=\"%.1f\" r=\"2\" data-month=\"%d\" "
                        "data-p10=\"%d\" data-p50=\"%d\" data-p90=\"%d\" data-capacity=\"%g\" data-risk=\"%g\">"
                        "<title>month %d: %d-%d (median %d), capacity %g, risk %.0f %%</title></circle>\n",
                X(m), height - 10, m, X(m), Y(cell->counted.p50), m, cell->counted.p10, cell->counted.p50,
                cell->counted.p90, cell->capacity, cell->risk, m, cell->counted.p10, cell->counted.p90,
                cell->counted.p50, cell->capacity, 100 * cell->risk);
    }
    fprintf(stream, "<text x=\"4\" y=\"%.1f\" font-size=\"10\">%.0f</text>"
                    "<text x=\"4\" y=\"%d\" font-size=\"10\">0</text>\n",
            Y(top_value / 1.08), top_value / 1.08, height - bottom);
#undef X
#undef Y
    fputs("</svg></figure>\n", stream);
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
    fprintf(stream, ", %d months from %04d-%02d-%02d, %d samples, seed %llu. Counted children per team: "
                    "the blue band holds 80 %% of the samples (10th to 90th percentile), the blue line is "
                    "the median, the black line the capacity (the sum of the workers' legal caps); the dashed "
                    "red lines mark the THL census months (second Tuesday of April and October). "
                    "<em>Risk</em> is the share of samples in which at least one worker of the team is "
                    "over the cap.</p>\n",
            spec->months, instance->date.year, instance->date.month, instance->date.day, spec->samples,
            (unsigned long long)spec->seed);
    fputs("<table><thead><tr><th>team</th>", stream);
    for (int m = 0; m <= result->months; m++)
        fprintf(stream, "<th>%d%s</th>", m, result->census[m] ? "*" : "");
    fputs("</tr></thead><tbody>\n", stream);
    for (int t = -1; t < result->team_count; t++) {
        fputs("<tr><td>", stream);
        report_write_escaped(stream, t < 0 ? "county" : instance->teams[t].id);
        fputs("</td>", stream);
        for (int m = 0; m <= result->months; m++) {
            const struct forecast_cell *cell =
                t < 0 ? &result->county[m] : &result->teams[(size_t)m * (size_t)result->team_count + (size_t)t];
            fprintf(stream, "<td%s>%.0f %%</td>", cell->risk > spec->risk ? " class=\"over\"" : "",
                    100 * cell->risk);
        }
        fputs("</tr>\n", stream);
    }
    fputs("</tbody></table>\n<p>Risk by month (* a census month).</p>\n", stream);
    write_band_chart(stream, result, -1, "county");
    for (int t = 0; t < result->team_count; t++)
        write_band_chart(stream, result, t, instance->teams[t].id);
    return report_write_document_end(stream) && !ferror(stream);
}

bool forecast_write_sizing_table(const struct forecast_sizing *sizing,
                                 const struct forecast_spec *spec, const struct instance *instance,
                                 FILE *stream)
{
    fprintf(stream, "Hires recruited now, working from month %d (%04d-%02d), so that every month's risk "
                    "of a worker over the cap is at most %g (%d samples, %d forecasts):\n\n",
            spec->lead_months, date_add_months(instance->date, spec->lead_months).year,
            date_add_months(instance->date, spec->lead_months).month, spec->risk, spec->samples,
            sizing->runs);
    fprintf(stream, "%-22s %5s  %-26s %9s %9s %10s\n", "team", "hires", "first over without", "max risk",
            "with", "one fewer");
    for (int t = 0; t < sizing->team_count; t++) {
        char first[40] = "-";
        if (sizing->first_month[t] >= 0) {
            struct date date = date_add_months(instance->date, sizing->first_month[t]);
            snprintf(first, sizeof first, "month %d (%04d-%02d) %.2f", sizing->first_month[t], date.year,
                     date.month, sizing->first_risk[t]);
        }
        char hires[16];
        snprintf(hires, sizeof hires, "%d%s", sizing->hires[t], sizing->reachable[t] ? "" : "+");
        fprintf(stream, "%-22s %5s  %-26s %9.3f %9.3f", instance->teams[t].id, hires, first,
                forecast_team_max_risk(&sizing->without, t, spec->lead_months),
                forecast_team_max_risk(&sizing->with, t, spec->lead_months));
        if (sizing->hires[t] > 0)
            fprintf(stream, " %10.3f\n", sizing->one_fewer_risk[t]);
        else
            fputs("          -\n", stream);
    }
    int total = 0;
    bool unreachable = false;
    for (int t = 0; t < sizing->team_count; t++) {
        total += sizing->hires[t];
        unreachable = unreachable || !sizing->reachable[t];
    }
    fprintf(stream, "%-22s %5d\n", "total", total);
    if (unreachable)
        fputs("+: no number of hires brings this team's risk under the limit (more do not lower it).\n",
              stream);
    double error = sqrt(spec->risk * (1 - spec->risk) / spec->samples);
    fprintf(stream, "Risks are shares of %d samples: at the limit the Monte Carlo standard error is %.3f.\n"
                    "\"one fewer\": the highest risk of any team in any month with one hire fewer in this team.\n",
            spec->samples, error);
    fputs("\nCounty risk by month (at least one worker over the cap):\nmonth  date        without    with\n",
          stream);
    for (int m = 0; m <= spec->months; m++)
        fprintf(stream, "%5d  %04d-%02d-%02d  %7.3f  %7.3f%s\n", m, sizing->without.dates[m].year,
                sizing->without.dates[m].month, sizing->without.dates[m].day, sizing->without.county[m].risk,
                sizing->with.county[m].risk, sizing->without.census[m] ? "  census" : "");
    return !ferror(stream);
}

bool forecast_write_sizing_json(const struct forecast_sizing *sizing,
                                const struct forecast_spec *spec, const struct instance *instance,
                                FILE *stream)
{
    fputs("{ \"format\": \"caseload-forecast-size/1\", \"instance\": ", stream);
    json_write_string(stream, instance->name != NULL ? instance->name : "");
    fputs(", \"forecast\": ", stream);
    json_write_string(stream, spec->name);
    fprintf(stream, ", \"risk\": ");
    write_number(stream, spec->risk);
    fprintf(stream, ", \"lead_months\": %d, \"samples\": %d, \"runs\": %d,\n  \"teams\": [", spec->lead_months,
            spec->samples, sizing->runs);
    for (int t = 0; t < sizing->team_count; t++) {
        fputs(t == 0 ? "\n    { \"team\": " : ",\n    { \"team\": ", stream);
        json_write_string(stream, instance->teams[t].id);
        fprintf(stream, ", \"hires\": %d, \"reachable\": %s, \"first_month_over\": ", sizing->hires[t],
                sizing->reachable[t] ? "true" : "false");
        if (sizing->first_month[t] >= 0)
            fprintf(stream, "%d", sizing->first_month[t]);
        else
            fputs("null", stream);
        fputs(", \"max_risk_without\": ", stream);
        write_number(stream, forecast_team_max_risk(&sizing->without, t, spec->lead_months));
        fputs(", \"max_risk_with\": ", stream);
        write_number(stream, forecast_team_max_risk(&sizing->with, t, spec->lead_months));
        if (sizing->hires[t] > 0) {
            fputs(", \"max_risk_one_fewer\": ", stream);
            write_number(stream, sizing->one_fewer_risk[t]);
        }
        fputs(" }", stream);
    }
    fputs("\n  ],\n  \"county\": [", stream);
    for (int m = 0; m <= spec->months; m++) {
        fprintf(stream, "%s{ \"month\": %d, \"date\": ", m == 0 ? "\n    " : ",\n    ", m);
        write_date(stream, sizing->without.dates[m]);
        fputs(", \"risk_without\": ", stream);
        write_number(stream, sizing->without.county[m].risk);
        fputs(", \"risk_with\": ", stream);
        write_number(stream, sizing->with.county[m].risk);
        fputs(" }", stream);
    }
    fputs("\n  ] }\n", stream);
    return !ferror(stream);
}
