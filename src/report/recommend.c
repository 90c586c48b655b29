/* recommend.c - the assignees for one new family, ranked by the objective (recommend.h). */
#include "report/recommend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/text.h"
#include "core/delta.h"
#include "core/score.h"
#include "solve/solve.h"

#define REASONS_MAX 6
#define REASON_SIZE 240
#define ID_SIZE 160

/* The loads of the current assignment (children before `first` keep their worker). */
struct loads {
    int *counted;
    double *workload;
    int *siblings; /* per assignee: siblings of the family already with it */
};

static bool loads_init(const struct instance *instance, int first, int family, int service, struct loads *loads,
                       int *sibling_count)
{
    int assignees = instance_assignee_count(instance);
    size_t n = (size_t)(assignees > 0 ? assignees : 1);
    loads->counted = mem_calloc(n, sizeof *loads->counted);
    loads->workload = mem_calloc(n, sizeof *loads->workload);
    loads->siblings = mem_calloc(n, sizeof *loads->siblings);
    if (loads->counted == NULL || loads->workload == NULL || loads->siblings == NULL)
        return false;
    *sibling_count = 0;
    for (int c = 0; c < first; c++) {
        const struct child *child = &instance->children[c];
        if (child->worker < 0)
            continue;
        loads->counted[child->worker] += instance_child_counted(instance, c) ? 1 : 0;
        loads->workload[child->worker] += child->weight;
        if (child->family == family && (int)child->service == service) {
            loads->siblings[child->worker]++;
            (*sibling_count)++;
        }
    }
    return true;
}

static void loads_free(struct loads *loads)
{
    mem_free(loads->counted);
    mem_free(loads->workload);
    mem_free(loads->siblings);
}

/* Whether assignee `a` may take every child of the family: eligible for each, a
 * hire only the first of its team (everyone else kept: no hire is open), within a
 * hire's hard cap and a worker's max_new, and under hard siblings with the
 * siblings already in care. */
static bool may_take(const struct instance *instance, const struct recommendations *family,
                     const struct loads *loads, int a, int new_counted)
{
    for (int c = family->first; c < family->first + family->count; c++)
        if (!instance_eligible(instance, c, a))
            return false;
    if (a >= instance->worker_count) {
        int team, k;
        instance_hire_slot(instance, a - instance->worker_count, &team, &k);
        if (k != 1 || new_counted > instance_assignee_cap(instance, a))
            return false;
    } else if (instance->workers[a].max_new >= 0 && family->count > instance->workers[a].max_new) {
        return false;
    }
    if (instance->rules.family == FAMILY_HARD && family->siblings > 0 && loads->siblings[a] == 0)
        return false;
    return true;
}

/* The whole family at `a`: the increase of each term. */
static void weigh(const struct instance *instance, const struct recommendations *family,
                  const struct loads *loads, int a, int new_counted, double new_workload,
                  struct recommendation *r)
{
    const double *weight = instance->rules.weights;
    memset(r, 0, sizeof *r);
    r->assignee = a;
    for (int c = family->first; c < family->first + family->count; c++) {
        double km = instance_pair_km(instance, c, a);
        bool cross = instance_cross_team(instance, c, a);
        r->km_cost += weight[TERM_KM] * km;
        r->cross_cost += cross ? weight[TERM_CROSS_TEAM] : 0.0;
        r->km_mean += km / family->count;
        r->outside_area += cross;
    }
    r->counted_before = loads->counted[a];
    r->counted_after = loads->counted[a] + new_counted;
    r->workload_before = loads->workload[a];
    r->workload_after = loads->workload[a] + new_workload;
    r->cap = instance_assignee_cap(instance, a);
    r->target = instance_assignee_target(instance, a);
    r->above_target = delta_above_target(instance, r->workload_before, new_workload, r->target);
    double assignee = delta_assignee_cost(instance, a, r->counted_after, r->workload_after) -
                      delta_assignee_cost(instance, a, r->counted_before, r->workload_before);
    r->over_cap = assignee - r->above_target;
    if (fabs(r->over_cap) < 1e-9)
        r->over_cap = 0;
    r->hire_cost = a >= instance->worker_count ? weight[TERM_HIRE] : 0.0;
    r->siblings_with = loads->siblings[a];
    r->split_cost = family->siblings > 0 && r->siblings_with == 0 ? weight[TERM_FAMILY_SPLIT] : 0.0;
    r->increase = r->km_cost + r->cross_cost + assignee + r->hire_cost + r->split_cost;
}

static int compare_recommendations(const void *left, const void *right)
{
    const struct recommendation *a = left, *b = right;
    if (a->increase != b->increase)
        return a->increase < b->increase ? -1 : 1;
    return (a->assignee > b->assignee) - (a->assignee < b->assignee);
}

/* The optimum with every other child held: true when computed or not computable
 * (out->exact says which), false when memory ran out or the solver failed. */
static bool exact_placement(struct instance *instance, struct recommendations *out, char *error, size_t size)
{
    int first = out->first;
    for (int c = 0; c < first; c++) {
        int w = instance->children[c].worker;
        if (w < 0 || instance->workers[w].leaving)
            return true; /* others would move too: no "everyone else kept" to solve */
    }
    bool *was_locked = mem_alloc((size_t)(first > 0 ? first : 1) * sizeof *was_locked);
    int *current = mem_alloc((size_t)instance->child_count * sizeof *current);
    struct solution solution;
    memset(&solution, 0, sizeof solution);
    bool ok = was_locked != NULL && current != NULL;
    if (!ok) {
        message_format(error, size, "out of memory");
        goto done;
    }
    for (int c = 0; c < instance->child_count; c++)
        current[c] = c < first ? instance->children[c].worker : -1;
    for (int c = 0; c < first; c++) {
        was_locked[c] = instance->children[c].locked;
        instance->children[c].locked = true;
    }
    struct solve_options options;
    solve_default_options(&options);
    options.gap = 0;
    options.threads = 1;
    options.time_limit = 30;
    ok = solve_instance(instance, &options, &solution, error, size);
    for (int c = 0; c < first; c++)
        instance->children[c].locked = was_locked[c];
    if (!ok || solution.status != SOLVE_OPTIMAL)
        goto done; /* no proven optimum: the ranking stands alone */
    struct score with, without;
    char reason[256];
    if (!score_assignment(instance, solution.assignee, &with, reason, sizeof reason) ||
        !score_assignment(instance, current, &without, reason, sizeof reason))
        goto done;
    out->exact = true;
    double increase = with.objective - without.objective + out->unassigned_cost;
    int used = -2;
    bool one = true;
    for (int c = first; c < instance->child_count; c++) {
        one = one && (used == -2 || solution.assignee[c] == used);
        used = solution.assignee[c];
    }
    double best = out->item_count > 0 ? out->items[0].increase : out->unassigned_cost;
    if (!one && increase < best - 1e-9 * (1 + fabs(best))) {
        out->split_assignee = mem_alloc((size_t)out->count * sizeof *out->split_assignee);
        if (out->split_assignee == NULL) {
            message_format(error, size, "out of memory");
            ok = false;
            goto done;
        }
        memcpy(out->split_assignee, solution.assignee + first, (size_t)out->count * sizeof *out->split_assignee);
        out->split = true;
        out->split_increase = increase;
    }
done:
    solution_free(&solution);
    mem_free(was_locked);
    mem_free(current);
    return ok;
}

bool recommend_family(struct instance *instance, int first, struct recommendations *out, char *error,
                      size_t error_size)
{
    memset(out, 0, sizeof *out);
    out->first = first;
    out->count = instance->child_count - first;
    if (out->count <= 0) {
        message_format(error, error_size, "the family has no children");
        return false;
    }
    const struct child *head = &instance->children[first];
    out->service = (int)head->service;
    int new_counted = 0;
    double new_workload = 0;
    for (int c = first; c < instance->child_count; c++) {
        if ((int)instance->children[c].service != out->service) {
            message_format(error, error_size, "the family's children are in %s and %s: one worker takes one "
                         "service's children, so give each service's children in a file of its own",
                         instance_service_name(head->service), instance_service_name(instance->children[c].service));
            return false;
        }
        new_counted += instance_child_counted(instance, c) ? 1 : 0;
        new_workload += instance->children[c].weight;
    }
    out->unassigned_cost = instance->rules.weights[TERM_UNASSIGNED] * out->count;
    struct loads loads;
    int assignees = instance_assignee_count(instance);
    out->items = mem_calloc((size_t)(assignees > 0 ? assignees : 1), sizeof *out->items);
    if (out->items == NULL || !loads_init(instance, first, head->family, out->service, &loads, &out->siblings)) {
        if (out->items != NULL)
            loads_free(&loads);
        recommend_free(out);
        message_format(error, error_size, "out of memory");
        return false;
    }
    for (int a = 0; a < assignees; a++) {
        int team = instance_assignee_team(instance, a);
        if (team < 0 || (int)instance->teams[team].service != out->service)
            continue;
        if (a < instance->worker_count && instance->workers[a].leaving)
            continue;
        if (!may_take(instance, out, &loads, a, new_counted)) {
            out->ineligible += a < instance->worker_count;
            continue;
        }
        weigh(instance, out, &loads, a, new_counted, new_workload, &out->items[out->item_count++]);
    }
    loads_free(&loads);
    qsort(out->items, (size_t)out->item_count, sizeof *out->items, compare_recommendations);
    if (out->count > 1 && !exact_placement(instance, out, error, error_size)) {
        recommend_free(out);
        return false;
    }
    return true;
}

void recommend_free(struct recommendations *recommendations)
{
    if (recommendations == NULL)
        return;
    mem_free(recommendations->items);
    recommendations->items = NULL;
    mem_free(recommendations->split_assignee);
    recommendations->split_assignee = NULL;
    recommendations->split = false;
    recommendations->item_count = 0;
}

/* The reasons for `r`, in words, into reasons[0 ..]; returns how many. */
static int reasons_of(const struct recommendation *r, const struct recommendations *family,
                      const struct instance *instance, char reasons[REASONS_MAX][REASON_SIZE])
{
    int n = 0;
    int team = instance_assignee_team(instance, r->assignee);
    if (r->counted_after <= r->cap)
        snprintf(reasons[n++], REASON_SIZE, "room under the cap: %d -> %d counted children of %d", r->counted_before,
                 r->counted_after, r->cap);
    else
        snprintf(reasons[n++], REASON_SIZE, "over the cap: %d -> %d counted children of %d (%+.1f points)",
                 r->counted_before, r->counted_after, r->cap, r->over_cap);
    if (r->workload_after <= r->target)
        snprintf(reasons[n++], REASON_SIZE, "under the workload target: %.1f -> %.1f of %d", r->workload_before,
                 r->workload_after, r->target);
    else
        snprintf(reasons[n++], REASON_SIZE, "above the workload target: %.1f -> %.1f of %d (%+.1f points)",
                 r->workload_before, r->workload_after, r->target, r->above_target);
    char office[ID_SIZE];
    message_quote(office, sizeof office, instance->municipalities[instance->teams[team].office].id);
    snprintf(reasons[n++], REASON_SIZE, "%.1f km from the office in %s%s (%+.1f points)", r->km_mean, office,
             family->count > 1 ? " on average" : "", r->km_cost);
    if (r->outside_area > 0)
        snprintf(reasons[n++], REASON_SIZE, "outside the team's area for %d child%s (cross_team, %+.1f points)",
                 r->outside_area, r->outside_area == 1 ? "" : "ren", r->cross_cost);
    else
        snprintf(reasons[n++], REASON_SIZE, "the team's area covers the family's home");
    if (family->siblings > 0 && r->siblings_with > 0)
        snprintf(reasons[n++], REASON_SIZE, "%d sibling%s already with this worker", r->siblings_with,
                 r->siblings_with == 1 ? "" : "s");
    else if (family->siblings > 0)
        snprintf(reasons[n++], REASON_SIZE, "the siblings are with another worker (family split, %+.0f points)",
                 r->split_cost);
    if (r->hire_cost > 0)
        snprintf(reasons[n++], REASON_SIZE, "a new hire of the team: opening it costs %.0f points", r->hire_cost);
    return n;
}

/* "N1" to "W1", "N2" to "W2" ...: the split placement in words. */
static void write_split(const struct recommendations *f, const struct instance *instance, FILE *stream)
{
    char id[ID_SIZE], quoted[ID_SIZE];
    for (int i = 0; i < f->count; i++) {
        fputs(i == 0 ? "" : ", ", stream);
        message_quote(quoted, sizeof quoted, instance->children[f->first + i].id);
        fprintf(stream, "%s to ", quoted);
        int a = f->split_assignee[i];
        message_quote(quoted, sizeof quoted, a >= 0 ? instance_assignee_id(instance, a, id, sizeof id) : "nobody");
        fputs(quoted, stream);
    }
}

bool recommend_write_text(const struct recommendations *recommendations, const struct instance *instance,
                          int top, FILE *stream)
{
    const struct recommendations *f = recommendations;
    char id[ID_SIZE], quoted[ID_SIZE], reasons[REASONS_MAX][REASON_SIZE];
    fprintf(stream, "new family: %d child%s in %s", f->count, f->count == 1 ? "" : "ren", instance_service_name(f->service));
    if (f->siblings > 0)
        fprintf(stream, ", %d sibling%s already in care", f->siblings, f->siblings == 1 ? "" : "s");
    fputs("; everyone else keeps their worker\n", stream);
    if (f->item_count == 0) {
        fprintf(stream, "nobody may take them (%d worker%s of the service not eligible: area, not taking new "
                "children, max_new, hard siblings); without a worker they cost %.0f points\n",
                f->ineligible, f->ineligible == 1 ? "" : "s", f->unassigned_cost);
        return !ferror(stream);
    }
    bool room = f->items[0].counted_after <= f->items[0].cap;
    if (!room)
        fputs("nobody has room under the cap for them: the least harmful choices follow; the remedy is a hire "
              "(`caseload size`) or moving children (`caseload plan --moves law`)\n", stream);
    if (f->split) {
        fputs("best: split the family, ", stream);
        write_split(f, instance, stream);
        fprintf(stream, ": +%.1f points, %.1f less than any one worker below (a family split costs %.0f)\n",
                f->split_increase, f->items[0].increase - f->split_increase,
                instance->rules.weights[TERM_FAMILY_SPLIT]);
    }
    int shown = f->item_count < top ? f->item_count : top;
    for (int i = 0; i < shown; i++) {
        const struct recommendation *r = &f->items[i];
        message_quote(quoted, sizeof quoted, instance_assignee_id(instance, r->assignee, id, sizeof id));
        fprintf(stream, "%d. %s (%s): +%.1f points", i + 1, quoted,
                instance->teams[instance_assignee_team(instance, r->assignee)].id, r->increase);
        if (i == 0 && f->item_count > 1)
            fprintf(stream, "; the next best costs %.1f more", f->items[1].increase - r->increase);
        else if (i > 0)
            fprintf(stream, " (%.1f more than the first)", r->increase - f->items[0].increase);
        fputc('\n', stream);
        int n = reasons_of(r, f, instance, reasons);
        for (int k = 0; k < n; k++)
            fprintf(stream, "   - %s\n", reasons[k]);
    }
    if (f->item_count > shown)
        fprintf(stream, "(%d more could take them; -o writes them all)\n", f->item_count - shown);
    return !ferror(stream);
}

bool recommend_write_json(const struct recommendations *recommendations, const struct instance *instance,
                          int top, FILE *stream)
{
    const struct recommendations *f = recommendations;
    char id[ID_SIZE], reasons[REASONS_MAX][REASON_SIZE];
    fputs("{\n  \"format\": \"caseload-suggestions/1\",\n  \"family\": [", stream);
    for (int c = f->first; c < f->first + f->count; c++) {
        fputs(c == f->first ? "" : ", ", stream);
        text_json_string(stream, instance->children[c].id);
    }
    fputs("],\n  \"suggestions\": [", stream);
    if (f->split) {
        fputs("\n    {\"worker\": null, \"placement\": [", stream);
        for (int i = 0; i < f->count; i++) {
            fputs(i == 0 ? "{\"child\": " : ", {\"child\": ", stream);
            text_json_string(stream, instance->children[f->first + i].id);
            fputs(", \"worker\": ", stream);
            int a = f->split_assignee[i];
            if (a >= 0)
                text_json_string(stream, instance_assignee_id(instance, a, id, sizeof id));
            else
                fputs("null", stream);
            fputs("}", stream);
        }
        fputs("], \"objective_increase\": ", stream);
        text_json_number(stream, f->split_increase);
        fputs(", \"reasons\": [\"nobody has room for the whole family at less cost: split as the plan "
              "would, everyone else kept\"]}", stream);
    }
    int shown = f->item_count < top ? f->item_count : top;
    for (int i = 0; i < shown; i++) {
        const struct recommendation *r = &f->items[i];
        fputs(i == 0 && !f->split ? "\n    {\"worker\": " : ",\n    {\"worker\": ", stream);
        text_json_string(stream, instance_assignee_id(instance, r->assignee, id, sizeof id));
        fputs(", \"team\": ", stream);
        text_json_string(stream, instance->teams[instance_assignee_team(instance, r->assignee)].id);
        fputs(", \"objective_increase\": ", stream);
        text_json_number(stream, r->increase);
        fprintf(stream, ", \"counted_before\": %d, \"counted_after\": %d, \"cap\": %d, \"km\": ",
                r->counted_before, r->counted_after, r->cap);
        text_json_number(stream, r->km_mean);
        fputs(", \"reasons\": [", stream);
        int n = reasons_of(r, f, instance, reasons);
        for (int k = 0; k < n; k++) {
            fputs(k == 0 ? "" : ", ", stream);
            text_json_string(stream, reasons[k]);
        }
        fputs("]}", stream);
    }
    fputs(shown > 0 || f->split ? "\n  ]\n}\n" : "]\n}\n", stream);
    return !ferror(stream);
}
