/* report_check.c - the HTML report of the current assignment (`caseload check
 * --html`): the verdict, per team a chart and table, and the intake without a
 * worker with the teams that may take it. */
#include "report/report.h"

#include "report/report_parts.h"

/* --- Check report ------------------------------------------------------------ */

/* Current figures of one worker. */
struct check_figure {
    int counted; /* children under 18 on the plan date */
    int adults;  /* aftercare clients of 18 or more, not counted */
    double km;   /* office to home, summed over the worker's children */
};

static void write_check_team(FILE *stream, const struct instance *instance,
                             const struct check_figure *figures, struct report_bar *bars, int t)
{
    int bar_count = 0, workers = 0, counted = 0, adults = 0, capacity = 0, over_workers = 0,
        over_children = 0;
    double fte = 0, km = 0;
    for (int w = 0; w < instance->worker_count; w++) {
        const struct worker *worker = &instance->workers[w];
        if (worker->team != t)
            continue;
        int cap = instance_worker_cap(instance, w);
        bars[bar_count++] = (struct report_bar){.id = worker->id, .fte = worker->fte, .cap = cap,
                                                .before = figures[w].counted, .after = -1,
                                                .leaving = worker->leaving};
        workers++;
        fte += worker->fte;
        counted += figures[w].counted;
        adults += figures[w].adults;
        capacity += cap;
        km += figures[w].km;
        if (figures[w].counted > cap) {
            over_workers++;
            over_children += figures[w].counted - cap;
        }
    }

    fputs("<section class=\"team\" id=\"", stream);
    report_write_team_anchor(stream, t);
    fputs("\" data-team=\"", stream);
    report_write_escaped(stream, instance->teams[t].id);
    fprintf(stream, "\" data-workers-over-before=\"%d\">\n<h2>", over_workers);
    report_write_escaped(stream, instance->teams[t].id);
    fputs("</h2>\n<dl class=\"facts\">\n", stream);
    report_write_team_place(stream, instance, t);
    report_write_fact_start(stream, "Workers");
    fprintf(stream, "%d (FTE %.2f)", workers, fte);
    report_write_fact_end(stream);
    report_write_fact_amount(stream, "Counted children", counted, 0);
    report_write_fact_amount(stream, "Adults (18+, not counted)", adults, 0);
    report_write_fact_amount(stream, "Capacity (sum of caps)", capacity, 0);
    report_write_fact_amount(stream, "Workers over cap", over_workers, 0);
    report_write_fact_amount(stream, "Children above cap", over_children, 0);
    report_write_fact_start(stream, "Mean per worker (not the verdict)");
    if (workers > 0)
        fprintf(stream, "%.1f", (double)counted / workers);
    else
        fputs("&#8212;", stream);
    report_write_fact_end(stream);
    report_write_fact_amount(stream, "Km, office to home", km, 1);
    fputs("</dl>\n", stream);

    char key[32];
    snprintf(key, sizeof key, "chart-%d", t);
    struct report_chart chart = {.key = key, .name = instance->teams[t].id,
                                 .cap = instance->rules.cap,
                                 .target = report_team_full_time_target(instance, t),
                                 .show_before = true, .before_label = "counted now", .bars = bars,
                                 .bar_count = bar_count};
    if (instance->teams[t].service == SERVICE_JALKIHUOLTO && counted == 0 && adults > 0) {
        /* an aftercare team of adults only: its workload in its own unit, not 0-bars */
        chart.aftercare = true;
        chart.target = -1;
        chart.before_label = "aftercare clients now (18+)";
        int b = 0;
        for (int w = 0; w < instance->worker_count; w++)
            if (instance->workers[w].team == t)
                bars[b++].before = figures[w].adults;
    }
    report_write_chart(stream, &chart);

    fputs("<table class=\"workers\">\n<thead><tr><th>Worker</th><th class=\"number\">FTE</th>"
          "<th class=\"number\">Cap</th><th class=\"number\">Counted</th>"
          "<th class=\"number\">Adults</th><th>Status</th></tr></thead>\n<tbody>\n",
          stream);
    for (int w = 0; w < instance->worker_count; w++) {
        const struct worker *worker = &instance->workers[w];
        if (worker->team != t)
            continue;
        int cap = instance_worker_cap(instance, w);
        bool over = figures[w].counted > cap;
        bool has_children = figures[w].counted + figures[w].adults > 0;
        fprintf(stream, "<tr class=\"%s\" data-worker=\"", over ? "over" : worker->leaving ? "leaving" : "ok");
        report_write_escaped(stream, worker->id);
        fprintf(stream, "\" data-cap=\"%d\" data-counted-before=\"%d\"><td>", cap, figures[w].counted);
        report_write_escaped(stream, worker->id);
        fprintf(stream, "</td><td class=\"number\">%.2f</td><td class=\"number\">%d</td>",
                worker->fte, cap);
        report_write_counted_cell(stream, figures[w].counted, cap);
        fprintf(stream, "<td class=\"number\">%d</td><td>", figures[w].adults);
        if (over)
            fprintf(stream, "<span class=\"over-mark\">OVER CAP by %d</span>",
                    figures[w].counted - cap);
        else
            fputs("within the cap", stream);
        if (worker->leaving)
            fputs(has_children ? "; <span class=\"over-mark\">leaving with children</span>"
                               : "; leaving",
                  stream);
        fputs("</td></tr>\n", stream);
    }
    fputs("</tbody>\n</table>\n</section>\n", stream);
}

static void write_check_intake(FILE *stream, const struct instance *instance)
{
    fputs("<section id=\"intake\">\n<h2>Children without a worker</h2>\n", stream);
    int count = 0;
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        if (child->worker >= 0)
            continue;
        if (count++ == 0)
            fputs("<table class=\"intake\">\n<thead><tr><th>Child</th><th>Service</th>"
                  "<th>Home</th><th class=\"number\">Counted</th><th>Teams that may take the child"
                  "</th></tr></thead>\n<tbody>\n",
                  stream);
        report_write_child_cells(stream, instance, child);
        fprintf(stream, "</td><td class=\"number\">%s</td><td>",
                instance_child_counted(instance, c) ? "yes" : "no (18+)");
        int teams = 0;
        for (int t = 0; t < instance->team_count; t++) {
            const struct team *team = &instance->teams[t];
            if (team->service != child->service ||
                !instance_team_covers(instance, t, child->municipality))
                continue;
            fputs(teams++ == 0 ? "" : ", ", stream);
            report_write_escaped(stream, team->id);
        }
        if (teams == 0)
            fputs(instance->rules.cross_team ? "any team of the service, across areas"
                                             : "<span class=\"over-mark\">none covers the home</span>",
                  stream);
        fputs("</td></tr>\n", stream);
    }
    if (count == 0)
        fputs("<p>Every child has a worker.</p>\n", stream);
    else
        fputs("</tbody>\n</table>\n", stream);
    fputs("</section>\n", stream);
}

bool report_write_check_html(const struct instance *instance, FILE *stream)
{
    size_t workers = (size_t)(instance->worker_count > 0 ? instance->worker_count : 1);
    size_t teams = (size_t)(instance->team_count > 0 ? instance->team_count : 1);
    struct check_figure *figures = mem_calloc(workers, sizeof *figures);
    struct report_bar *bars = mem_calloc(workers, sizeof *bars);
    int *over_by_team = mem_calloc(teams, sizeof *over_by_team);
    bool ok = false;
    if (figures == NULL || bars == NULL || over_by_team == NULL)
        goto done;

    int intake = 0, counted = 0, adults = 0;
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        if (child->worker < 0) {
            intake++;
            continue;
        }
        if (instance_child_counted(instance, c)) {
            figures[child->worker].counted++;
            counted++;
        } else {
            figures[child->worker].adults++;
            adults++;
        }
        figures[child->worker].km += instance_pair_km(instance, c, child->worker);
    }
    int over_workers = 0, over_children = 0, leaving_with_children = 0;
    for (int w = 0; w < instance->worker_count; w++) {
        int cap = instance_worker_cap(instance, w);
        if (figures[w].counted > cap) {
            over_workers++;
            over_children += figures[w].counted - cap;
            over_by_team[instance->workers[w].team]++;
        }
        if (instance->workers[w].leaving && figures[w].counted + figures[w].adults > 0)
            leaving_with_children++;
    }

    char title[512];
    snprintf(title, sizeof title, "Compliance check: %s",
             instance->name != NULL ? instance->name : "");
    report_write_document_start(stream, title);
    fputs("<header>\n<p class=\"kicker\">caseload compliance check</p>\n<h1>", stream);
    report_write_escaped(stream, instance->name != NULL ? instance->name : "Instance");
    fputs("</h1>\n", stream);
    struct compliance now;
    if (compliance_measure(instance, NULL, &now))
        report_write_compliance_verdict(stream, NULL, &now);
    fputs("<dl class=\"facts\">\n", stream);
    report_write_rule_facts(stream, instance);
    fputs("</dl>\n</header>\n", stream);

    fprintf(stream, "<section id=\"summary\" data-workers-over-before=\"%d\" "
                    "data-unassigned-before=\"%d\">\n<h2>Compliance now</h2>\n",
            over_workers, intake);
    if (over_workers == 0)
        fputs("<p class=\"verdict compliant\">Compliant: every worker is within the legal cap.</p>\n",
              stream);
    else
        fprintf(stream, "<p class=\"verdict not-compliant\">Not compliant: %d worker%s over the "
                        "legal cap, %d counted child%s above it.</p>\n",
                over_workers, over_workers == 1 ? " is" : "s are", over_children,
                over_children == 1 ? "" : "ren");
    fputs("<dl class=\"facts\">\n", stream);
    report_write_fact_amount(stream, "Workers", instance->worker_count, 0);
    report_write_fact_amount(stream, "Workers over the cap", over_workers, 0);
    report_write_fact_amount(stream, "Children above the cap", over_children, 0);
    report_write_fact_amount(stream, "Counted children (under 18)", counted, 0);
    report_write_fact_amount(stream, "Adults (18+, not counted)", adults, 0);
    report_write_fact_amount(stream, "Children without a worker", intake, 0);
    report_write_fact_amount(stream, "Leaving workers with children", leaving_with_children, 0);
    fputs("</dl>\n<p class=\"muted\">The cap is checked per worker, not on average; only "
          "children under 18 on the plan date count.</p>\n</section>\n",
          stream);

    report_write_team_navigation(stream, instance, over_by_team, NULL);
    for (int t = 0; t < instance->team_count; t++)
        write_check_team(stream, instance, figures, bars, t);
    write_check_intake(stream, instance);
    ok = report_write_document_end(stream);
done:
    mem_free(figures);
    mem_free(bars);
    mem_free(over_by_team);
    return ok;
}
