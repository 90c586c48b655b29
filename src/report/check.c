/* check.c - per-worker compliance of the current assignment with the legal cap (`caseload check`). */
#include "report/check.h"

#include <string.h>

#include "base/text.h"

bool check_compute(const struct instance *instance, struct check_report *report)
{
    memset(report, 0, sizeof *report);
    report->workers =
        mem_calloc(instance->worker_count > 0 ? (size_t)instance->worker_count : 1, sizeof *report->workers);
    if (report->workers == NULL || !compliance_measure(instance, NULL, &report->now)) {
        check_report_free(report);
        return false;
    }
    report->worker_count = instance->worker_count;
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        if (child->worker < 0) {
            report->unassigned_by_service[child->service]++;
            report->unassigned_children++;
            if (instance_child_counted(instance, c))
                report->unassigned_counted++;
        } else if (instance_child_counted(instance, c)) {
            report->workers[child->worker].counted++;
        } else {
            report->workers[child->worker].adults++;
        }
    }
    for (int w = 0; w < instance->worker_count; w++) {
        struct check_worker *load = &report->workers[w];
        load->cap = instance_worker_cap(instance, w);
        int over = load->counted > load->cap ? load->counted - load->cap : 0;
        if (over > 0) {
            report->over_cap_workers++;
            report->over_cap_children += over;
        }
        if (instance->workers[w].leaving && load->counted + load->adults > 0)
            report->leaving_with_children++;
    }
    return true;
}

void check_report_free(struct check_report *report)
{
    if (report == NULL)
        return;
    mem_free(report->workers);
    report->workers = NULL;
    report->worker_count = 0;
}

static void write_workers(const struct instance *instance, const struct check_worker *load,
                          int team_width, int worker_width, FILE *stream)
{
    text_write_padded(stream, "team", team_width, false);
    fputc(' ', stream);
    text_write_padded(stream, "worker", worker_width, false);
    fputs("    FTE  cap  counted  adults  over by\n", stream);
    for (int t = 0; t < instance->team_count; t++) {
        for (int w = 0; w < instance->worker_count; w++) {
            const struct worker *worker = &instance->workers[w];
            if (worker->team != t)
                continue;
            int cap = load[w].cap;
            int over = load[w].counted > cap ? load[w].counted - cap : 0;
            bool has_children = load[w].counted + load[w].adults > 0;
            text_write_padded(stream, instance->teams[t].id, team_width, false);
            fputc(' ', stream);
            text_write_padded(stream, worker->id, worker_width, false);
            fprintf(stream, "  %5.2f  %3d  %7d  %6d  %7d", worker->fte, cap, load[w].counted,
                    load[w].adults, over);
            if (over > 0)
                fputs("  OVER CAP", stream);
            if (worker->leaving && has_children)
                fputs("  LEAVING WITH CHILDREN", stream);
            fputc('\n', stream);
        }
    }
}

static void write_teams(const struct instance *instance, const struct check_worker *load,
                        int team_width, FILE *stream)
{
    text_write_padded(stream, "team", team_width, false);
    fputs("  workers    FTE  counted  capacity  workers over cap  mean counted per worker"
          " (not the verdict)\n",
          stream);
    for (int t = 0; t < instance->team_count; t++) {
        int workers = 0, counted = 0, capacity = 0, over_cap = 0;
        double fte = 0;
        for (int w = 0; w < instance->worker_count; w++) {
            if (instance->workers[w].team != t)
                continue;
            int cap = load[w].cap;
            workers++;
            fte += instance->workers[w].fte;
            counted += load[w].counted;
            capacity += cap;
            if (load[w].counted > cap)
                over_cap++;
        }
        text_write_padded(stream, instance->teams[t].id, team_width, false);
        fprintf(stream, "  %7d  %5.2f  %7d  %8d  %16d  ", workers, fte, counted, capacity,
                over_cap);
        if (workers > 0)
            fprintf(stream, "%.1f\n", (double)counted / workers);
        else
            fputs("-\n", stream);
    }
}

void check_write_unassigned(const struct check_report *report, FILE *stream)
{
    int adults = report->unassigned_children - report->unassigned_counted;
    fprintf(stream, "; new intake without a worker yet: %d child%s under 18", report->unassigned_counted,
            report->unassigned_counted == 1 ? "" : "ren");
    if (adults > 0)
        fprintf(stream, " and %d aftercare client%s of 18 or more (not counted)", adults,
                adults == 1 ? "" : "s");
    fputs(", not yet in anyone's caseload: `caseload plan` assigns them", stream);
}

bool check_write(const struct instance *instance, const struct check_report *report, FILE *stream)
{
    int team_width = text_width("team"), worker_width = text_width("worker");
    for (int t = 0; t < instance->team_count; t++)
        if (text_width(instance->teams[t].id) > team_width)
            team_width = text_width(instance->teams[t].id);
    for (int w = 0; w < instance->worker_count; w++)
        if (text_width(instance->workers[w].id) > worker_width)
            worker_width = text_width(instance->workers[w].id);

    /* the verdict first, in the regulators' terms */
    compliance_write_verdict(stream, NULL, &report->now);
    fprintf(stream, "%s, %04d-%02d-%02d: legal cap %d counted children (under 18) per full-time "
                    "worker, checked per worker\n\n",
            instance->name != NULL ? instance->name : "instance", instance->date.year,
            instance->date.month, instance->date.day, instance->rules.cap);
    write_workers(instance, report->workers, team_width, worker_width, stream);
    fputc('\n', stream);
    write_teams(instance, report->workers, team_width, stream);
    fputs("\nunassigned intake:", stream);
    for (int s = 0; s < SERVICE_COUNT; s++)
        fprintf(stream, "%s %s %d", s == 0 ? "" : ",", instance_service_name((enum service)s),
                report->unassigned_by_service[s]);
    fputs("\n\n", stream);

    if (report->over_cap_workers == 0)
        fputs("verdict: every worker is within the cap", stream);
    else
        fprintf(stream, "verdict: %d worker%s over the cap, %d counted child%s above it",
                report->over_cap_workers, report->over_cap_workers == 1 ? "" : "s",
                report->over_cap_children, report->over_cap_children == 1 ? "" : "ren");
    if (report->leaving_with_children > 0)
        fprintf(stream, "; %d leaving worker%s still ha%s children",
                report->leaving_with_children, report->leaving_with_children == 1 ? "" : "s",
                report->leaving_with_children == 1 ? "s" : "ve");
    if (report->unassigned_children > 0)
        check_write_unassigned(report, stream);
    fputc('\n', stream);
    return fflush(stream) == 0 && !ferror(stream);
}
