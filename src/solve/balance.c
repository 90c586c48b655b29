/* balance.c - even out the load inside each team without changing the objective. */
#include "solve/balance.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "core/delta.h"
#include "model/model_hires.h"

/* What the balancing needs per assignee. */
struct load {
    int *counted;     /* counted children (κ = 1) */
    double *workload; /* Σ ω */
    int *received;    /* children whose current worker is someone else (max_new) */
    int *children;    /* all children */
};

static void load_free(struct load *load)
{
    mem_free(load->counted);
    mem_free(load->workload);
    mem_free(load->received);
    mem_free(load->children);
}

/* Change of the objective if the `count` children `moving` (all on `from`) move
 * to `to`, both of one team; returns false when the move breaks a rule or
 * changes anything the local computation does not cover. (Siblings move as the
 * whole of their group on `from`, to an assignee with none of the group, so the
 * number of workers the family has stays the same.) */
static bool move_delta(const struct instance *instance, const struct load *load,
                       const int *moving, int count, int from, int to, double *delta)
{
    int kappa = 0, coming_home = 0;
    double weight = 0.0;
    for (int k = 0; k < count; k++) {
        int child = moving[k];
        if (!instance_eligible(instance, child, to))
            return false;
        kappa += instance_child_counted(instance, child) ? 1 : 0;
        weight += instance->children[child].weight;
        coming_home += instance->children[child].worker == to ? 1 : 0;
    }
    if (to >= instance->worker_count) {
        if (load->children[to] == 0) /* never open a hire */
            return false;
        if (load->counted[to] + kappa > instance_assignee_cap(instance, to))
            return false;
    } else if (instance->workers[to].max_new >= 0 &&
               load->received[to] + count - coming_home > instance->workers[to].max_new) {
        return false;
    }
    if (from >= instance->worker_count && load->children[from] == count) /* never empty a hire */
        return false;
    double before =
        delta_assignee_cost(instance, from, load->counted[from], load->workload[from]) +
        delta_assignee_cost(instance, to, load->counted[to], load->workload[to]);
    double after = delta_assignee_cost(instance, from, load->counted[from] - kappa,
                                       load->workload[from] - weight) +
                   delta_assignee_cost(instance, to, load->counted[to] + kappa,
                                       load->workload[to] + weight);
    *delta = after - before - coming_home * instance->rules.weights[TERM_MOVE];
    return true;
}

/* Is `heavy` more loaded than `light` by more than what the children add (so
 * that the move lowers the sum of squared loads)? */
static bool worth_moving(const struct instance *instance, const struct load *load,
                         const int *moving, int count, int heavy, int light)
{
    int kappa = 0;
    double weight = 0.0;
    for (int k = 0; k < count; k++) {
        kappa += instance_child_counted(instance, moving[k]) ? 1 : 0;
        weight += instance->children[moving[k]].weight;
    }
    if (kappa > 0)
        return load->counted[heavy] - load->counted[light] >= kappa + 1;
    return load->workload[heavy] - load->workload[light] >= 2 * weight - 1e-9;
}

/* Move the `count` children `moving` from `from` to the lightest member of its
 * team to which they move at no change of the objective, if any; `excluded`
 * (may be NULL) says which assignees they may not go to. Returns whether they
 * moved. */
static bool move_to_lightest(const struct instance *instance, struct load *load, int *assignee,
                             const int *members, int first, int last, const int *moving,
                             int count, int from, const bool *excluded)
{
    int best = -1;
    for (int m = first; m < last; m++) {
        int to = members[m];
        if (to == from || (to < instance->worker_count && instance->workers[to].leaving) ||
            (excluded != NULL && excluded[to]))
            continue;
        double delta = 0;
        if (!worth_moving(instance, load, moving, count, from, to) ||
            !move_delta(instance, load, moving, count, from, to, &delta) || fabs(delta) > 1e-9)
            continue;
        bool lighter = best < 0 || load->counted[to] < load->counted[best] ||
                       (load->counted[to] == load->counted[best] &&
                        load->workload[to] < load->workload[best]);
        if (lighter)
            best = to;
    }
    if (best < 0)
        return false;
    for (int k = 0; k < count; k++) {
        int c = moving[k];
        const struct child *entry = &instance->children[c];
        int kappa = instance_child_counted(instance, c) ? 1 : 0;
        load->counted[from] -= kappa;
        load->counted[best] += kappa;
        load->workload[from] -= entry->weight;
        load->workload[best] += entry->weight;
        load->received[from] -= entry->worker != from ? 1 : 0;
        load->received[best] += entry->worker != best ? 1 : 0;
        load->children[from]--;
        load->children[best]++;
        assignee[c] = best;
    }
    return true;
}

/* The scratch of one balancing: the loads, the sibling groups and the members of
 * each team. */
struct balance {
    struct load load;
    int assignees; /* instance_assignee_count */
    size_t groups; /* sibling groups (family, service) */
    /* the children of sibling group g (family, service):
     * group_child[group_start[g] .. group_start[g + 1]) */
    int *group_start;
    int *group_child;
    int *group_fill;
    int *moving;
    bool *holds; /* assignees with a child of the group */
    /* the assignees of each team: members[team_start[t] .. team_start[t + 1]) */
    int *team_start;
    int *team_end;
    int *members;
    /* a hire past what its team's children could fill is no place (model_hires.h) */
    int *team_of;
    bool *beyond;
};

/* Allocate the scratch of `balance` (all zero but group_child, moving, members,
 * team_of and beyond) and find the hires beyond their team's children. Whatever
 * the result, balance_free frees it. */
static bool balance_alloc(const struct instance *instance, struct balance *balance)
{
    int assignees = instance_assignee_count(instance);
    size_t slots = assignees > 0 ? (size_t)assignees : 1;
    size_t groups = instance->family_count > 0 ? (size_t)instance->family_count * SERVICE_COUNT : 1;
    size_t children = (size_t)instance->child_count + 1;
    struct load load = {
        .counted = mem_calloc(slots, sizeof(int)),
        .workload = mem_calloc(slots, sizeof(double)),
        .received = mem_calloc(slots, sizeof(int)),
        .children = mem_calloc(slots, sizeof(int)),
    };
    balance->load = load;
    balance->assignees = assignees;
    balance->groups = groups;
    balance->group_start = mem_calloc(groups + 1, sizeof(int));
    balance->group_child = mem_alloc(children * sizeof(int));
    balance->group_fill = mem_calloc(groups + 1, sizeof(int));
    balance->moving = mem_alloc(children * sizeof(int));
    balance->holds = mem_calloc(slots, sizeof(bool));
    balance->team_start = mem_calloc((size_t)instance->team_count + 1, sizeof(int));
    balance->team_end = mem_calloc((size_t)instance->team_count + 1, sizeof(int));
    balance->members = mem_alloc(slots * sizeof(int));
    balance->team_of = mem_alloc(slots * sizeof(int));
    balance->beyond = mem_alloc(slots * sizeof(bool));
    return load.counted != NULL && load.workload != NULL && load.received != NULL &&
           load.children != NULL && balance->group_start != NULL &&
           balance->group_child != NULL && balance->group_fill != NULL &&
           balance->moving != NULL && balance->holds != NULL && balance->team_start != NULL &&
           balance->team_end != NULL && balance->members != NULL && balance->team_of != NULL &&
           balance->beyond != NULL && model_hire_beyond_all(instance, balance->beyond);
}

static void balance_free(struct balance *balance)
{
    load_free(&balance->load);
    mem_free(balance->group_start);
    mem_free(balance->group_child);
    mem_free(balance->group_fill);
    mem_free(balance->moving);
    mem_free(balance->holds);
    mem_free(balance->team_start);
    mem_free(balance->team_end);
    mem_free(balance->members);
    mem_free(balance->team_of);
    mem_free(balance->beyond);
}

/* List the assignees of each team (hires beyond their team's children left out),
 * in assignee order. */
static void index_teams(const struct instance *instance, struct balance *balance)
{
    int *team_start = balance->team_start, *team_end = balance->team_end;
    model_assignee_teams(instance, balance->team_of);
    for (int a = 0; a < balance->assignees; a++)
        if (!balance->beyond[a])
            team_start[balance->team_of[a] + 1]++;
    for (int t = 0; t < instance->team_count; t++) {
        team_start[t + 1] += team_start[t];
        team_end[t] = team_start[t + 1];
    }
    for (int a = balance->assignees - 1; a >= 0; a--) /* fill each team's range from its end */
        if (!balance->beyond[a])
            balance->members[--team_end[balance->team_of[a]]] = a;
}

/* Add up the load of each assignee under `assignee`. */
static void count_loads(const struct instance *instance, const int *assignee, struct load *load)
{
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *entry = &instance->children[c];
        int a = assignee[c];
        if (a < 0)
            continue;
        load->counted[a] += instance_child_counted(instance, c) ? 1 : 0;
        load->workload[a] += entry->weight;
        load->received[a] += entry->worker != a ? 1 : 0;
        load->children[a]++;
    }
}

/* List the children of each sibling group, in child order. */
static void index_groups(const struct instance *instance, struct balance *balance)
{
    int *group_start = balance->group_start;
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *entry = &instance->children[c];
        group_start[(size_t)entry->family * SERVICE_COUNT + entry->service + 1]++;
    }
    for (size_t g = 0; g < balance->groups; g++)
        group_start[g + 1] += group_start[g];
    for (int c = 0; c < instance->child_count; c++) {
        size_t g = (size_t)instance->children[c].family * SERVICE_COUNT + instance->children[c].service;
        balance->group_child[group_start[g] + balance->group_fill[g]++] = c;
    }
}

/* One pass over the children without siblings, one at a time; returns whether
 * any moved. */
static bool move_singles(const struct instance *instance, int *assignee, struct balance *balance)
{
    bool moved = false;
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *entry = &instance->children[c];
        size_t g = (size_t)entry->family * SERVICE_COUNT + entry->service;
        int from = assignee[c];
        if (from < 0 || entry->worker == from || entry->locked ||
            balance->group_start[g + 1] - balance->group_start[g] > 1)
            continue;
        int team = balance->team_of[from];
        moved |= move_to_lightest(instance, &balance->load, assignee, balance->members,
                                  balance->team_start[team], balance->team_start[team + 1], &c,
                                  1, from, NULL);
    }
    return moved;
}

/* Gather into balance->moving the children of group_child[k .. last) on `from`;
 * returns whether all of them may move (none on its current worker, none
 * locked). */
static bool gather_on(const struct instance *instance, const int *assignee,
                      struct balance *balance, int k, int last, int from, int *count)
{
    bool movable = true;
    *count = 0;
    for (int j = k; j < last; j++) {
        int c = balance->group_child[j];
        if (assignee[c] != from)
            continue;
        movable = movable && instance->children[c].worker != from &&
                  !instance->children[c].locked;
        balance->moving[(*count)++] = c;
    }
    return movable;
}

/* Siblings: all of a group on one assignee move together, to an assignee with
 * none of the group (the family keeps its number of workers). Moves the children
 * of sibling group g off at most one assignee; returns whether they moved. */
static bool move_group(const struct instance *instance, int *assignee, struct balance *balance,
                       size_t g)
{
    const int *group_child = balance->group_child;
    bool *holds = balance->holds;
    int first = balance->group_start[g], last = balance->group_start[g + 1];
    for (int k = first; k < last; k++)
        if (assignee[group_child[k]] >= 0)
            holds[assignee[group_child[k]]] = true;
    int moved_from = -1;
    for (int k = first; k < last && moved_from < 0; k++) {
        int from = assignee[group_child[k]];
        bool earlier = false; /* from was handled at an earlier child */
        for (int j = first; j < k && !earlier; j++)
            earlier = assignee[group_child[j]] == from;
        if (from < 0 || earlier)
            continue;
        int count = 0;
        bool movable = gather_on(instance, assignee, balance, k, last, from, &count);
        int team = balance->team_of[from];
        if (movable && move_to_lightest(instance, &balance->load, assignee, balance->members,
                                        balance->team_start[team], balance->team_start[team + 1],
                                        balance->moving, count, from, holds))
            moved_from = from; /* the group's places changed: again next pass */
    }
    /* holds back to all false: where the group is now, and where it was */
    for (int k = first; k < last; k++)
        if (assignee[group_child[k]] >= 0)
            holds[assignee[group_child[k]]] = false;
    if (moved_from >= 0)
        holds[moved_from] = false;
    return moved_from >= 0;
}

/* One pass over the sibling groups of two or more children; returns whether any
 * moved. */
static bool move_groups(const struct instance *instance, int *assignee, struct balance *balance)
{
    bool moved = false;
    for (size_t g = 0; g < balance->groups; g++)
        if (balance->group_start[g + 1] - balance->group_start[g] >= 2)
            moved |= move_group(instance, assignee, balance, g);
    return moved;
}

bool balance_assignment(const struct instance *instance, int *assignee)
{
    struct balance balance;
    bool ok = balance_alloc(instance, &balance);
    if (ok) {
        index_teams(instance, &balance);
        count_loads(instance, assignee, &balance.load);
        index_groups(instance, &balance);
        /* Each accepted move lowers Σ load² within a team, so the passes end; the
         * bound on passes is a guard, not the stopping rule. */
        for (int pass = 0; pass < instance->child_count + 1; pass++) {
            bool moved = move_singles(instance, assignee, &balance);
            moved |= move_groups(instance, assignee, &balance);
            if (!moved)
                break;
        }
    }
    balance_free(&balance);
    return ok;
}
