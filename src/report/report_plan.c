/* report_plan.c - the HTML report of a plan (`caseload plan --html`): header,
 * compliance summary, objective terms, and per team a chart, tables, hires and
 * moves; then the children left without a worker. */
#include "report/report.h"

#include "report/remedy.h"
#include "report/report_parts.h"

/* --- Plan report ------------------------------------------------------------- */

/* What the plan report knows of one assignee. */
struct plan_figure {
    int row;        /* index into plan->assignees, -1 for a leaving worker or an unused hire */
    int before;     /* counted children now (workers) */
    int after;      /* counted children in the plan */
    int moves_in;   /* children received, intake included */
    int moves_out;  /* children given away */
};

static void plan_figures_fill(const struct plan *plan, const struct instance *instance,
                              struct plan_figure *figures)
{
    int assignee_count = instance_assignee_count(instance);
    for (int a = 0; a < assignee_count; a++)
        figures[a] = (struct plan_figure){.row = -1};
    for (int c = 0; c < instance->child_count; c++)
        if (instance->children[c].worker >= 0 && instance_child_counted(instance, c))
            figures[instance->children[c].worker].before++;
    for (int i = 0; i < plan->assignment_count; i++) {
        const struct plan_assignment *row = &plan->assignments[i];
        bool counted = instance_child_counted(instance, row->child);
        if (row->to >= 0 && counted)
            figures[row->to].after++;
        if (row->to != row->from) {
            if (row->to >= 0)
                figures[row->to].moves_in++;
            if (row->from >= 0)
                figures[row->from].moves_out++;
        }
    }
    /* the plan's own figures where it has them */
    for (int i = 0; i < plan->assignee_count; i++) {
        const struct plan_assignee *row = &plan->assignees[i];
        struct plan_figure *figure = &figures[row->assignee];
        figure->row = i;
        figure->before = row->counted_before;
        figure->after = row->counted_after;
        figure->moves_in = row->moves_in;
        figure->moves_out = row->moves_out;
    }
}

/* Does assignee a appear in the plan report of team t: a worker of the team (the
 * leaving ones too, they still hand children over) or a hire of it the plan opens? */
static bool plan_shows(const struct instance *instance, const struct plan_figure *figures, int a,
                       int t)
{
    if (instance_assignee_team(instance, a) != t)
        return false;
    return a < instance->worker_count || figures[a].row >= 0;
}

static void write_plan_header(FILE *stream, const struct plan *plan,
                              const struct instance *instance)
{
    fputs("<header>\n<p class=\"kicker\">caseload reallocation plan</p>\n<h1>", stream);
    report_write_escaped(stream, plan->instance_name != NULL ? plan->instance_name : "Plan");
    fputs("</h1>\n", stream);
    report_write_compliance_verdict(stream, &plan->compliance_before, &plan->compliance_after);
    fputs("<dl class=\"facts\">\n", stream);
    if (plan->scenario_name != NULL)
        report_write_fact_text(stream, "Scenario", plan->scenario_name);
    report_write_rule_facts(stream, instance);
    report_write_fact_start(stream, "Moves");
    fprintf(stream, "%s: ", instance_moves_name(instance->rules.moves));
    report_write_escaped(stream, instance_moves_words(instance->rules.moves));
    report_write_fact_end(stream);
    report_write_fact_text(stream, "Status", solution_status_name(plan->status));
    report_write_fact_start(stream, "Objective");
    fprintf(stream, "%.1f points (the plan's cost: its terms times their weights)", plan->objective);
    report_write_fact_end(stream);
    report_write_fact_start(stream, "Bound");
    fprintf(stream, "%.1f (no plan can cost less)", plan->bound);
    report_write_fact_end(stream);
    char gap[32];
    report_format_gap(plan->gap, gap, sizeof gap);
    report_write_fact_start(stream, "Gap");
    fprintf(stream, "%s (how much the best plan could still undercut this one)", gap);
    report_write_fact_end(stream);
    report_write_fact_start(stream, "Solve time");
    fprintf(stream, "%.1f s", plan->solve_seconds);
    report_write_fact_end(stream);
    fputs("</dl>\n</header>\n", stream);
    if (plan->status != SOLVE_OPTIMAL)
        fputs("<p class=\"verdict\">The search stopped before proving this plan optimal: a "
              "better plan may exist within the gap shown.</p>\n",
              stream);
}

/* Totals of the whole plan for the compliance summary. */
struct plan_totals {
    int workers_over_before, workers_over_after;
    int children_over_before, children_over_after;
    int counted_before, counted_after;
    int intake, unassigned_after;
    int leaving_with_children;
    double km_before, km_after;
};

static void write_summary_row(FILE *stream, const char *measure, const char *key, double before,
                              double after, int decimals)
{
    fprintf(stream, "<tr data-measure=\"%s\"><td>%s</td><td class=\"number\">", key, measure);
    report_write_amount(stream, before, decimals);
    fputs("</td><td class=\"number\">", stream);
    report_write_amount(stream, after, decimals);
    fputs("</td></tr>\n", stream);
}

static void write_plan_summary(FILE *stream, const struct plan *plan,
                               const struct plan_totals *totals)
{
    fprintf(stream, "<section id=\"summary\" data-workers-over-before=\"%d\" "
                    "data-workers-over-after=\"%d\" data-unassigned-after=\"%d\">\n<h2>Compliance</h2>\n",
            totals->workers_over_before, totals->workers_over_after, totals->unassigned_after);
    if (totals->workers_over_after == 0 && totals->unassigned_after == 0)
        fputs("<p class=\"verdict compliant\">Compliant: in the plan every child has a worker and "
              "no worker is over the legal cap.</p>\n",
              stream);
    else {
        fputs("<p class=\"verdict not-compliant\">Not compliant: in the plan ", stream);
        if (totals->workers_over_after > 0)
            fprintf(stream, "%d worker%s over the legal cap (%d counted child%s above it)",
                    totals->workers_over_after, totals->workers_over_after == 1 ? " is" : "s are",
                    totals->children_over_after, totals->children_over_after == 1 ? "" : "ren");
        if (totals->workers_over_after > 0 && totals->unassigned_after > 0)
            fputs(" and ", stream);
        if (totals->unassigned_after > 0)
            fprintf(stream, "%d child%s without a worker", totals->unassigned_after,
                    totals->unassigned_after == 1 ? " is" : "ren are");
        fputs(".</p>\n", stream);
    }
    fputs("<table class=\"summary\">\n<thead><tr><th>Measure</th><th class=\"number\">Now</th>"
          "<th class=\"number\">In the plan</th></tr></thead>\n<tbody>\n",
          stream);
    write_summary_row(stream, "Workers over the legal cap", "workers-over",
                      totals->workers_over_before, totals->workers_over_after, 0);
    write_summary_row(stream, "Counted children above the cap (summed over workers)",
                      "children-over", totals->children_over_before, totals->children_over_after, 0);
    write_summary_row(stream, "Children whose worker is over the cap", "children-with-worker-over",
                      plan->compliance_before.children_with_worker_over_cap,
                      plan->compliance_after.children_with_worker_over_cap, 0);
    write_summary_row(stream, "Highest load (counted children / own cap)", "max-load-ratio",
                      plan->compliance_before.max_load_ratio,
                      plan->compliance_after.max_load_ratio, 2);
    write_summary_row(stream, "Counted children (under 18) with a worker", "counted",
                      totals->counted_before, totals->counted_after, 0);
    write_summary_row(stream, "Children without a worker", "unassigned", totals->intake,
                      totals->unassigned_after, 0);
    write_summary_row(stream, "Leaving workers who still have children", "leaving",
                      totals->leaving_with_children, 0, 0);
    write_summary_row(stream, "Kilometres, office to home, summed", "km", totals->km_before,
                      totals->km_after, 1);
    fputs("</tbody>\n</table>\n<p>", stream);
    fprintf(stream, "Children who change worker: <strong>%.0f</strong>; hires opened: "
                    "<strong>%.0f</strong>; sibling groups split: <strong>%.0f</strong>; children "
                    "served outside their team's area: <strong>%.0f</strong>.</p>\n",
            plan->score.amount[TERM_MOVE], plan->score.amount[TERM_HIRE],
            plan->score.amount[TERM_FAMILY_SPLIT], plan->score.amount[TERM_CROSS_TEAM]);
    fputs("</section>\n", stream);
}

static void write_plan_terms(FILE *stream, const struct plan *plan, const struct instance *instance)
{
    fputs("<section id=\"terms\">\n<h2>Objective</h2>\n<table class=\"terms\">\n<thead><tr>"
          "<th>Term</th><th class=\"number\">Amount</th><th class=\"number\">Weight</th>"
          "<th class=\"number\">Weight &#215; amount</th></tr></thead>\n<tbody>\n",
          stream);
    for (int term = 0; term < TERM_COUNT; term++) {
        double amount = plan->score.amount[term];
        double weight = instance->rules.weights[term];
        /* rounded for people: whole children and hires, km and workload to 0.1 */
        int decimals = term == TERM_KM || term == TERM_ABOVE_TARGET ? 1 : 0;
        fprintf(stream, "<tr data-term=\"%s\"><td>%s</td><td class=\"number\">%.*f</td>"
                        "<td class=\"number\">%g</td><td class=\"number\">%.1f</td></tr>\n",
                instance_term_name((enum term)term), instance_term_name((enum term)term), decimals, amount, weight,
                weight * amount);
    }
    fprintf(stream, "</tbody>\n<tfoot><tr><th>Total</th><th></th><th></th>"
                    "<th class=\"number\">%.1f</th></tr></tfoot>\n</table>\n</section>\n",
            plan->objective);
}

/* The status words of one row of the plan's compliance table. */
static void write_plan_status(FILE *stream, const struct instance *instance, int a, int before,
                              int after, int cap)
{
    bool hire = a >= instance->worker_count;
    if (!hire && instance->workers[a].leaving) {
        if (after > 0)
            fprintf(stream, "<span class=\"over-mark\">leaving, still has %d</span>", after);
        else
            fputs("leaving: every child handed over", stream);
    } else if (after > cap) {
        fprintf(stream, "<span class=\"over-mark\">OVER CAP by %d</span>", after - cap);
    } else if (hire) {
        fputs("new hire", stream);
    } else if (before > cap) {
        fputs("back within the cap", stream);
    } else {
        fputs("within the cap", stream);
    }
}

static void write_plan_team_table(FILE *stream, const struct plan *plan,
                                  const struct instance *instance,
                                  const struct plan_figure *figures, int t)
{
    fputs("<table class=\"workers\">\n<thead><tr><th>Worker</th><th class=\"number\">FTE</th>"
          "<th class=\"number\">Cap</th><th class=\"number\">Target</th>"
          "<th class=\"number\">Now</th><th class=\"number\">In the plan</th>"
          "<th class=\"number\">Workload</th><th class=\"number\">Received</th>"
          "<th class=\"number\">Given away</th><th>Status</th></tr></thead>\n<tbody>\n",
          stream);
    int assignee_count = instance_assignee_count(instance);
    for (int a = 0; a < assignee_count; a++) {
        if (!plan_shows(instance, figures, a, t))
            continue;
        const struct plan_figure *figure = &figures[a];
        bool hire = a >= instance->worker_count;
        bool leaving = !hire && instance->workers[a].leaving;
        int cap = instance_assignee_cap(instance, a);
        fprintf(stream, "<tr class=\"%s\" data-worker=\"",
                figure->after > cap ? "over" : hire ? "hire" : leaving ? "leaving" : "ok");
        report_write_assignee(stream, instance, a);
        fprintf(stream, "\" data-cap=\"%d\" data-counted-after=\"%d\"", cap, figure->after);
        if (!hire)
            fprintf(stream, " data-counted-before=\"%d\"", figure->before);
        fputs("><td>", stream);
        report_write_assignee(stream, instance, a);
        fprintf(stream, "</td><td class=\"number\">%.2f</td><td class=\"number\">%d</td>"
                        "<td class=\"number\">%d</td>",
                hire ? 1.0 : instance->workers[a].fte, cap, instance_assignee_target(instance, a));
        if (hire)
            fputs("<td class=\"number\">&#8212;</td>", stream);
        else
            report_write_counted_cell(stream, figure->before, cap);
        report_write_counted_cell(stream, figure->after, cap);
        fputs("<td class=\"number\">", stream);
        if (figure->row >= 0)
            report_write_amount(stream, plan->assignees[figure->row].workload_after, 2);
        else
            fputs("0", stream);
        fprintf(stream, "</td><td class=\"number\">%d</td><td class=\"number\">%d</td><td>",
                figure->moves_in, figure->moves_out);
        write_plan_status(stream, instance, a, figure->before, figure->after, cap);
        fputs("</td></tr>\n", stream);
    }
    fputs("</tbody>\n</table>\n", stream);
}

/* An assignee with its team in parentheses when that is not team t. */
static void write_assignee_in_team(FILE *stream, const struct instance *instance, int a, int t)
{
    report_write_assignee(stream, instance, a);
    if (a >= 0 && instance_assignee_team(instance, a) != t) {
        fputs(" <span class=\"muted\">(", stream);
        report_write_escaped(stream, instance->teams[instance_assignee_team(instance, a)].id);
        fputs(")</span>", stream);
    }
}

/* Every child that changes worker into, out of or within team t. */
static void write_plan_team_moves(FILE *stream, const struct plan *plan,
                                  const struct instance *instance, int t)
{
    int count = 0;
    for (int i = 0; i < plan->assignment_count; i++) {
        const struct plan_assignment *row = &plan->assignments[i];
        if (row->from == row->to)
            continue;
        bool into = row->to >= 0 && instance_assignee_team(instance, row->to) == t;
        bool out_of = row->from >= 0 && instance_assignee_team(instance, row->from) == t;
        if (!into && !out_of)
            continue;
        if (count++ == 0)
            fputs("<table class=\"moves\">\n<thead><tr><th>Child</th><th>From</th><th>To</th>"
                  "<th>Reason</th><th class=\"number\">km now</th>"
                  "<th class=\"number\">km in the plan</th></tr></thead>\n<tbody>\n",
                  stream);
        fputs("<tr data-child=\"", stream);
        report_write_escaped(stream, instance->children[row->child].id);
        fprintf(stream, "\" data-reason=\"%s\"><td>", plan_reason_text(row->reason));
        report_write_escaped(stream, instance->children[row->child].id);
        fputs("</td><td>", stream);
        if (row->from < 0)
            fputs("<span class=\"muted\">new intake</span>", stream);
        else
            write_assignee_in_team(stream, instance, row->from, t);
        fputs("</td><td>", stream);
        if (row->to < 0)
            fputs("<span class=\"over-mark\">nobody</span>", stream);
        else
            write_assignee_in_team(stream, instance, row->to, t);
        fputs("</td><td>", stream);
        report_write_escaped(stream, plan_reason_text(row->reason));
        fputs("</td><td class=\"number\">", stream);
        if (row->from >= 0)
            report_write_amount(stream, instance_pair_km(instance, row->child, row->from), 1);
        else
            fputs("&#8212;", stream);
        fputs("</td><td class=\"number\">", stream);
        if (row->to >= 0)
            report_write_amount(stream, instance_pair_km(instance, row->child, row->to), 1);
        else
            fputs("&#8212;", stream);
        fputs("</td></tr>\n", stream);
    }
    if (count == 0)
        fputs("<p class=\"muted\">No child changes worker in this team.</p>\n", stream);
    else
        fputs("</tbody>\n</table>\n", stream);
}

static void write_plan_team_hires(FILE *stream, const struct instance *instance,
                                  const struct plan_figure *figures, const struct plan_team *team,
                                  int t)
{
    if (instance->teams[t].max_hires == 0)
        return;
    fprintf(stream, "<h3>Hires</h3>\n<p>%d of at most %d new worker%s opened", team->hires,
            instance->teams[t].max_hires, instance->teams[t].max_hires == 1 ? "" : "s");
    int assignee_count = instance_assignee_count(instance);
    bool first = true;
    for (int a = instance->worker_count; a < assignee_count; a++) {
        if (!plan_shows(instance, figures, a, t))
            continue;
        fputs(first ? ": " : ", ", stream);
        first = false;
        report_write_assignee(stream, instance, a);
        fprintf(stream, " with %d counted child%s", figures[a].after,
                figures[a].after == 1 ? "" : "ren");
    }
    fputs(".</p>\n", stream);
}

/* The id and chart label of a hire ("avo/hire-2", "hire 2"). */
struct hire_names {
    char id[256];
    char label[32];
};

/* For team t, whose workers have no counted child now or in the plan: put its
 * aftercare clients (18 or more) now and in the plan into the bars built for the
 * team (in plan_shows order). False, bars untouched, when it has none. */
static bool plan_aftercare_bars(const struct plan *plan, const struct instance *instance,
                                const struct plan_figure *figures, int t, struct report_bar *bars)
{
    int total = 0;
    for (int c = 0; c < instance->child_count; c++) {
        int w = instance->children[c].worker;
        if (w >= 0 && instance->workers[w].team == t && !instance_child_counted(instance, c))
            total++;
    }
    for (int i = 0; i < plan->assignment_count; i++) {
        int to = plan->assignments[i].to;
        if (to >= 0 && instance_assignee_team(instance, to) == t &&
            !instance_child_counted(instance, plan->assignments[i].child))
            total++;
    }
    if (total == 0)
        return false;
    int assignee_count = instance_assignee_count(instance), b = 0;
    for (int a = 0; a < assignee_count; a++) {
        if (!plan_shows(instance, figures, a, t))
            continue;
        struct report_bar *bar = &bars[b++];
        bar->before = a < instance->worker_count ? 0 : -1;
        bar->after = 0;
        for (int c = 0; c < instance->child_count; c++)
            if (instance->children[c].worker == a && !instance_child_counted(instance, c))
                bar->before++;
        for (int i = 0; i < plan->assignment_count; i++)
            if (plan->assignments[i].to == a &&
                !instance_child_counted(instance, plan->assignments[i].child))
                bar->after++;
    }
    return true;
}

static void write_plan_team(FILE *stream, const struct plan *plan, const struct instance *instance,
                            const struct plan_figure *figures, const struct hire_names *hires,
                            const struct plan_team *team, struct report_bar *bars)
{
    int t = team->team;
    int bar_count = 0, over_before = 0, over_after = 0, capacity_before = 0, capacity_after = 0;
    int assignee_count = instance_assignee_count(instance);
    for (int a = 0; a < assignee_count; a++) {
        if (!plan_shows(instance, figures, a, t))
            continue;
        bool hire = a >= instance->worker_count;
        int cap = instance_assignee_cap(instance, a);
        struct report_bar *bar = &bars[bar_count++];
        *bar = (struct report_bar){.cap = cap, .after = figures[a].after,
                                   .before = hire ? -1 : figures[a].before, .hire = hire};
        if (hire) {
            bar->id = hires[a - instance->worker_count].id;
            bar->label = hires[a - instance->worker_count].label;
            bar->fte = 1.0;
            capacity_after += cap;
        } else {
            bar->id = instance->workers[a].id;
            bar->fte = instance->workers[a].fte;
            bar->leaving = instance->workers[a].leaving;
            capacity_before += cap;
            if (!bar->leaving)
                capacity_after += cap;
            if (figures[a].before > cap)
                over_before++;
        }
        if (figures[a].after > cap)
            over_after++;
    }

    fputs("<section class=\"team\" id=\"", stream);
    report_write_team_anchor(stream, t);
    fputs("\" data-team=\"", stream);
    report_write_escaped(stream, instance->teams[t].id);
    fprintf(stream, "\" data-workers-over-before=\"%d\" data-workers-over-after=\"%d\">\n<h2>",
            over_before, over_after);
    report_write_escaped(stream, instance->teams[t].id);
    fputs("</h2>\n<dl class=\"facts\">\n", stream);
    report_write_team_place(stream, instance, t);
    report_write_fact_start(stream, "Workers");
    fprintf(stream, "%d (FTE %.2f)", team->workers, team->fte);
    report_write_fact_end(stream);
    report_write_fact_change(stream, "Counted children", team->counted_before, team->counted_after, 0);
    report_write_fact_change(stream, "Capacity (sum of caps)", capacity_before, capacity_after, 0);
    report_write_fact_change(stream, "Workers over cap", over_before, over_after, 0);
    report_write_fact_change(stream, "Children above cap", team->over_cap_before, team->over_cap_after, 0);
    report_write_fact_change(stream, "Km, office to home", team->km_before, team->km_after, 1);
    report_write_fact_amount(stream, "Children moved in", team->moves_in, 0);
    report_write_fact_amount(stream, "Hires opened", team->hires, 0);
    fputs("</dl>\n", stream);

    char key[32];
    snprintf(key, sizeof key, "chart-%d", t);
    struct report_chart chart = {.key = key, .name = instance->teams[t].id,
                                 .cap = instance->rules.cap,
                                 .target = report_team_full_time_target(instance, t),
                                 .show_before = true, .show_after = true, .bars = bars,
                                 .bar_count = bar_count};
    if (instance->teams[t].service == SERVICE_JALKIHUOLTO && team->counted_before == 0 &&
        team->counted_after == 0 && plan_aftercare_bars(plan, instance, figures, t, bars)) {
        chart.aftercare = true;
        chart.target = -1;
        chart.before_label = "aftercare clients now (18+)";
        chart.after_label = "in the plan";
    }
    report_write_chart(stream, &chart);

    write_plan_team_table(stream, plan, instance, figures, t);
    write_plan_team_hires(stream, instance, figures, team, t);
    fputs("<h3>Children who change worker</h3>\n", stream);
    write_plan_team_moves(stream, plan, instance, t);
    fputs("</section>\n", stream);
}

static void write_plan_unassigned(FILE *stream, const struct plan *plan,
                                  const struct instance *instance)
{
    fputs("<section id=\"unassigned\">\n<h2>Children without a worker in the plan</h2>\n", stream);
    int count = 0;
    for (int i = 0; i < plan->assignment_count; i++) {
        const struct plan_assignment *row = &plan->assignments[i];
        if (row->to >= 0)
            continue;
        const struct child *child = &instance->children[row->child];
        if (count++ == 0)
            fputs("<p class=\"verdict not-compliant\">No eligible worker could take these "
                  "children: every child must have a named responsible worker.</p>\n"
                  "<table class=\"unassigned\">\n<thead><tr><th>Child</th><th>Service</th>"
                  "<th>Home</th><th>Current worker</th></tr></thead>\n<tbody>\n",
                  stream);
        report_write_child_cells(stream, instance, child);
        fputs("</td><td>", stream);
        report_write_assignee(stream, instance, row->from);
        fputs("</td></tr>\n", stream);
    }
    if (count == 0)
        fputs("<p>Every child has a worker in the plan.</p>\n", stream);
    else
        fputs("</tbody>\n</table>\n", stream);
    fputs("</section>\n", stream);
}

bool report_write_plan_html(const struct plan *plan, const struct instance *instance,
                            FILE *stream)
{
    int assignee_count = instance_assignee_count(instance);
    size_t slots = (size_t)(assignee_count > 0 ? assignee_count : 1);
    size_t teams = (size_t)(instance->team_count > 0 ? instance->team_count : 1);
    struct plan_figure *figures = mem_calloc(slots, sizeof *figures);
    struct report_bar *bars = mem_calloc(slots, sizeof *bars);
    int *over_before = mem_calloc(teams, sizeof *over_before);
    int *over_after = mem_calloc(teams, sizeof *over_after);
    int hire_count = instance_hire_count(instance);
    struct hire_names *hires = mem_calloc((size_t)(hire_count > 0 ? hire_count : 1), sizeof *hires);
    bool ok = false;
    if (figures == NULL || bars == NULL || over_before == NULL || over_after == NULL ||
        hires == NULL)
        goto done;
    plan_figures_fill(plan, instance, figures);
    for (int h = 0; h < hire_count; h++) {
        int hire_team, k;
        instance_assignee_id(instance, instance->worker_count + h, hires[h].id, sizeof hires[h].id);
        instance_hire_slot(instance, h, &hire_team, &k);
        snprintf(hires[h].label, sizeof hires[h].label, "hire %d", k);
    }

    struct plan_totals totals = {0};
    for (int a = 0; a < assignee_count; a++) {
        int cap = instance_assignee_cap(instance, a);
        int team = instance_assignee_team(instance, a);
        bool is_worker = a < instance->worker_count;
        if (is_worker && figures[a].before > cap) {
            totals.workers_over_before++;
            totals.children_over_before += figures[a].before - cap;
            over_before[team]++;
        }
        if ((is_worker || figures[a].row >= 0) && figures[a].after > cap) {
            totals.workers_over_after++;
            totals.children_over_after += figures[a].after - cap;
            over_after[team]++;
        }
        if (is_worker)
            totals.counted_before += figures[a].before;
        totals.counted_after += figures[a].after;
    }
    for (int c = 0; c < instance->child_count; c++) {
        int worker = instance->children[c].worker;
        if (worker < 0)
            totals.intake++;
    }
    for (int w = 0; w < instance->worker_count; w++) {
        if (!instance->workers[w].leaving)
            continue;
        for (int c = 0; c < instance->child_count; c++)
            if (instance->children[c].worker == w) {
                totals.leaving_with_children++;
                break;
            }
    }
    for (int i = 0; i < plan->assignment_count; i++)
        if (plan->assignments[i].to < 0)
            totals.unassigned_after++;
    for (int i = 0; i < plan->team_count; i++) {
        totals.km_before += plan->teams[i].km_before;
        totals.km_after += plan->teams[i].km_after;
    }

    char title[512];
    snprintf(title, sizeof title, "Plan: %s", plan->instance_name != NULL ? plan->instance_name : "");
    report_write_document_start(stream, title);
    write_plan_header(stream, plan, instance);
    write_plan_summary(stream, plan, &totals);
    if (!remedy_write_html(stream, plan, instance))
        goto done;
    write_plan_terms(stream, plan, instance);
    report_write_team_navigation(stream, instance, over_before, over_after);
    for (int i = 0; i < plan->team_count; i++)
        write_plan_team(stream, plan, instance, figures, hires, &plan->teams[i], bars);
    write_plan_unassigned(stream, plan, instance);
    ok = report_write_document_end(stream);
done:
    mem_free(figures);
    mem_free(bars);
    mem_free(over_before);
    mem_free(over_after);
    mem_free(hires);
    return ok;
}
