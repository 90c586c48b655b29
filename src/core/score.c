/* score.c - re-score an assignment from the instance alone (DESIGN.md §2), without the model. */
#include "core/score.h"

#include <stdio.h>
#include <stdlib.h>

/* One assigned child seen as (family, service, assignee), to count family splits. */
struct family_member {
    int family;
    int service;
    int assignee;
};

/* Per-assignee sums of one assignment. */
struct assignee_totals {
    int counted;     /* Σ κ of its children */
    double workload; /* Σ ω of its children */
    int received;    /* children whose current worker is not this assignee (max_new) */
    int children;    /* all children given to it */
};

static int compare_family_members(const void *left_pointer, const void *right_pointer)
{
    const struct family_member *left = left_pointer;
    const struct family_member *right = right_pointer;
    if (left->family != right->family)
        return left->family < right->family ? -1 : 1;
    if (left->service != right->service)
        return left->service < right->service ? -1 : 1;
    if (left->assignee != right->assignee)
        return left->assignee < right->assignee ? -1 : 1;
    return 0;
}

/* Per-child rules and the terms that belong to single children: unassigned, move,
 * cross_team, km. Fills the per-assignee totals. */
static bool score_children(const struct instance *instance, const int *assignee,
                           struct assignee_totals *totals, struct score *score, char *error,
                           size_t error_size)
{
    int assignee_count = instance_assignee_count(instance);
    char name[160];
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        int given = assignee[c];
        if (given < -1 || given >= assignee_count) {
            message_format(error, error_size, "child %s: assignee index %d out of range", child->id,
                      given);
            return false;
        }
        if (child->locked && child->worker >= 0 && given != child->worker) {
            message_format(error, error_size, "child %s is locked to worker %s but is %s%s", child->id,
                      instance->workers[child->worker].id,
                      given < 0 ? "unassigned" : "given to ",
                      given < 0 ? "" : instance_assignee_id(instance, given, name, sizeof name));
            return false;
        }
        if (given < 0) {
            score->amount[TERM_UNASSIGNED] += 1;
            continue;
        }
        if (!instance_eligible(instance, c, given)) {
            message_format(error, error_size, "child %s may not be given to %s (ineligible pair)",
                      child->id, instance_assignee_id(instance, given, name, sizeof name));
            return false;
        }
        struct assignee_totals *total = &totals[given];
        total->children++;
        total->workload += child->weight;
        if (instance_child_counted(instance, c))
            total->counted++;
        if (child->worker != given)
            total->received++;
        if (child->worker >= 0 && child->worker != given)
            score->amount[TERM_MOVE] += 1;
        if (instance_cross_team(instance, c, given))
            score->amount[TERM_CROSS_TEAM] += 1;
        score->amount[TERM_KM] += instance_pair_km(instance, c, given);
    }
    return true;
}

/* Rules and terms per assignee: over_cap, overload, above_target, hire, max_new, hire caps and order. */
static bool score_assignees(const struct instance *instance,
                            const struct assignee_totals *totals, struct score *score,
                            char *error, size_t error_size)
{
    char name[160];
    for (int w = 0; w < instance->worker_count; w++) {
        const struct worker *worker = &instance->workers[w];
        if (worker->max_new >= 0 && totals[w].received > worker->max_new) {
            message_format(error, error_size, "worker %s receives %d children, max_new is %d",
                      worker->id, totals[w].received, worker->max_new);
            return false;
        }
        int over = totals[w].counted - instance_worker_cap(instance, w);
        if (over > 0) {
            score->amount[TERM_OVER_CAP] += over;
            score->amount[TERM_OVERLOAD] += instance_worker_overload(instance, w, over);
        }
        double above = totals[w].workload - instance_worker_target(instance, w);
        if (above > 0)
            score->amount[TERM_ABOVE_TARGET] += above;
    }
    int hire_count = instance_hire_count(instance);
    for (int h = 0; h < hire_count; h++) {
        int assignee = instance->worker_count + h;
        const struct assignee_totals *total = &totals[assignee];
        if (total->children == 0)
            continue;
        instance_assignee_id(instance, assignee, name, sizeof name);
        int cap = instance_assignee_cap(instance, assignee);
        if (total->counted > cap) {
            message_format(error, error_size, "hire %s has %d counted children, above its cap %d",
                      name, total->counted, cap);
            return false;
        }
        int team, k;
        instance_hire_slot(instance, h, &team, &k);
        /* hires are opened in order (6): the previous hire of the team must be used too */
        if (k > 1) {
            /* hires of a team are numbered consecutively, so hire k - 1 is h - 1 */
            if (totals[assignee - 1].children == 0) {
                message_format(error, error_size, "hire %s is used while hire %d of team %s is not",
                          name, k - 1, instance->teams[team].id);
                return false;
            }
        }
        score->amount[TERM_HIRE] += 1;
        double above = total->workload - instance_assignee_target(instance, assignee);
        if (above > 0)
            score->amount[TERM_ABOVE_TARGET] += above;
    }
    return true;
}

/* family_split: Σ over (family, service) of distinct assignees - 1; hard siblings break
 * the plan instead. Unassigned children give no assignee. The list is sorted in place. */
static bool score_families(const struct instance *instance, struct family_member *members,
                           int member_count, struct score *score, char *error,
                           size_t error_size)
{
    qsort(members, (size_t)member_count, sizeof *members, compare_family_members);
    int start = 0;
    while (start < member_count) {
        int end = start + 1;
        int distinct = 1;
        while (end < member_count && members[end].family == members[start].family &&
               members[end].service == members[start].service) {
            if (members[end].assignee != members[end - 1].assignee)
                distinct++;
            end++;
        }
        if (distinct > 1) {
            if (instance->rules.family == FAMILY_HARD) {
                message_format(error, error_size,
                          "family %s: siblings in %s are split between %d workers (rules.family "
                          "is hard)",
                          instance->families[members[start].family].id,
                          instance_service_name((enum service)members[start].service), distinct);
                return false;
            }
            score->amount[TERM_FAMILY_SPLIT] += distinct - 1;
        }
        start = end;
    }
    return true;
}

bool score_assignment(const struct instance *instance, const int *assignee, struct score *score,
                      char *error, size_t error_size)
{
    bool ok = false;
    int assignee_count = instance_assignee_count(instance);
    struct assignee_totals *totals = NULL;
    struct family_member *members = NULL;

    for (int term = 0; term < TERM_COUNT; term++)
        score->amount[term] = 0;
    score->objective = 0;

    totals = mem_calloc((size_t)(assignee_count > 0 ? assignee_count : 1), sizeof *totals);
    members = mem_calloc((size_t)(instance->child_count > 0 ? instance->child_count : 1),
                         sizeof *members);
    if (totals == NULL || members == NULL) {
        message_format(error, error_size, "out of memory while scoring the plan");
        goto fail;
    }
    if (!score_children(instance, assignee, totals, score, error, error_size))
        goto fail;
    if (!score_assignees(instance, totals, score, error, error_size))
        goto fail;

    int member_count = 0;
    for (int c = 0; c < instance->child_count; c++) {
        if (assignee[c] < 0)
            continue;
        members[member_count].family = instance->children[c].family;
        members[member_count].service = (int)instance->children[c].service;
        members[member_count].assignee = assignee[c];
        member_count++;
    }
    if (!score_families(instance, members, member_count, score, error, error_size))
        goto fail;

    for (int term = 0; term < TERM_COUNT; term++)
        score->objective += instance->rules.weights[term] * score->amount[term];
    ok = true;
fail:
    mem_free(totals);
    mem_free(members);
    return ok;
}
