/* compliance.c - workers over the cap, children over it, children of a worker over
 * it and the highest load ratio, of the current assignment or of a plan. */
#include "core/compliance.h"

#include <math.h>
#include <string.h>

bool compliance_measure(const struct instance *instance, const int *assignee,
                        struct compliance *compliance)
{
    return compliance_measure_team(instance, assignee, -1, compliance);
}

bool compliance_measure_team(const struct instance *instance, const int *assignee, int team,
                             struct compliance *compliance)
{
    memset(compliance, 0, sizeof *compliance);
    int workers = instance->worker_count;
    int *counted = mem_calloc((size_t)(workers > 0 ? workers : 1), sizeof *counted);
    if (counted == NULL)
        return false;
    for (int c = 0; c < instance->child_count; c++) {
        int a = assignee != NULL ? assignee[c] : instance->children[c].worker;
        if (a >= 0 && a < workers && instance_child_counted(instance, c))
            counted[a]++;
        if (assignee == NULL && team < 0 && instance_child_counted(instance, c) &&
            (a < 0 || a >= workers || instance->workers[a].leaving))
            compliance->children_to_place++;
    }
    for (int w = 0; w < workers; w++) {
        if (team >= 0 && instance->workers[w].team != team)
            continue;
        int cap = instance_worker_cap(instance, w);
        if (counted[w] > cap) {
            compliance->workers_over_cap++;
            compliance->children_over_cap += counted[w] - cap;
            compliance->children_with_worker_over_cap += counted[w];
        }
        if (cap >= 1 && (double)counted[w] / cap > compliance->max_load_ratio)
            compliance->max_load_ratio = (double)counted[w] / cap;
    }
    mem_free(counted);
    return true;
}

bool compliance_met(const struct compliance *compliance)
{
    return compliance->workers_over_cap == 0;
}

static const char *plural(int count, const char *one, const char *many)
{
    return count == 1 ? one : many;
}

/* The load ratio as a whole percentage for a person (1.4167 → "142 %"). */
static void write_ratio(FILE *stream, double ratio)
{
    fprintf(stream, "%.0f %%", floor(ratio * 100.0 + 0.5));
}

void compliance_write_phrase(FILE *stream, const struct compliance *compliance)
{
    int workers = compliance->workers_over_cap, over = compliance->children_over_cap;
    int endangered = compliance->children_with_worker_over_cap;
    fprintf(stream, "%d %s over the cap, %d %s over it, %d %s with a worker over it, highest load ",
            workers, plural(workers, "worker", "workers"), over, plural(over, "child", "children"),
            endangered, plural(endangered, "child", "children"));
    write_ratio(stream, compliance->max_load_ratio);
}

void compliance_write_verdict(FILE *stream, const struct compliance *before,
                              const struct compliance *after)
{
    fprintf(stream, "verdict: %s: ", compliance_met(after) ? "compliant" : "NOT COMPLIANT");
    if (before == NULL) {
        compliance_write_phrase(stream, after);
        fputc('\n', stream);
        return;
    }
    fputs("after the plan ", stream);
    compliance_write_phrase(stream, after);
    /* before: the current assignment, which leaves out the children the plan must
     * place, so that a plan that places them can end with more over the cap */
    fprintf(stream, "; before it %d, %d, %d and ", before->workers_over_cap, before->children_over_cap,
            before->children_with_worker_over_cap);
    write_ratio(stream, before->max_load_ratio);
    if (before->children_to_place > 0)
        fprintf(stream, ", with %d %s to place (new intake, leavers' children)", before->children_to_place,
                plural(before->children_to_place, "child", "children"));
    fputc('\n', stream);
}

void compliance_write_json(FILE *stream, const struct compliance *compliance)
{
    fprintf(stream,
            "{ \"workers_over_cap\": %d, \"children_over_cap\": %d, "
            "\"children_with_worker_over_cap\": %d, \"max_load_ratio\": %.17g }",
            compliance->workers_over_cap, compliance->children_over_cap,
            compliance->children_with_worker_over_cap, compliance->max_load_ratio);
}
