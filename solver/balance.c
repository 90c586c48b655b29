/* balance.c - even out the load inside each team without changing the objective. */
#include "balance.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

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

static double positive_part(double value)
{
    return value > 0 ? value : 0;
}

/* Over-cap and above-target cost of an assignee carrying `counted` and `workload`. */
static double assignee_cost(const struct instance *instance, int assignee, int counted,
                            double workload)
{
    const double *weights = instance->rules.weights;
    double cost = weights[TERM_ABOVE_TARGET] *
                  positive_part(workload - instance_assignee_target(instance, assignee));
    if (assignee < instance->worker_count)
        cost += weights[TERM_OVER_CAP] *
                positive_part(counted - instance_assignee_cap(instance, assignee));
    return cost;
}

/* Change of the objective if child c moves from `from` to `to`, both of one
 * team; returns false when the move breaks a rule or changes anything the local
 * computation does not cover. */
static bool move_delta(const struct instance *instance, const struct load *load, int child,
                       int from, int to, double *delta)
{
    const struct child *entry = &instance->children[child];
    if (!instance_eligible(instance, child, to))
        return false;
    int kappa = instance_child_counted(instance, child) ? 1 : 0;
    bool to_is_current = entry->worker == to;
    if (to >= instance->worker_count) {
        if (load->children[to] == 0) /* never open a hire */
            return false;
        if (load->counted[to] + kappa > instance_assignee_cap(instance, to))
            return false;
    } else if (!to_is_current && instance->workers[to].max_new >= 0 &&
               load->received[to] + 1 > instance->workers[to].max_new) {
        return false;
    }
    if (from >= instance->worker_count && load->children[from] == 1) /* never empty a hire */
        return false;
    double before = assignee_cost(instance, from, load->counted[from], load->workload[from]) +
                    assignee_cost(instance, to, load->counted[to], load->workload[to]);
    double after =
        assignee_cost(instance, from, load->counted[from] - kappa,
                      load->workload[from] - entry->weight) +
        assignee_cost(instance, to, load->counted[to] + kappa, load->workload[to] + entry->weight);
    *delta = after - before - (to_is_current ? instance->rules.weights[TERM_MOVE] : 0.0);
    return true;
}

/* Is `heavy` more loaded than `light` by at least what the child adds? */
static bool worth_moving(const struct instance *instance, const struct load *load, int child,
                         int heavy, int light)
{
    if (instance_child_counted(instance, child))
        return load->counted[heavy] - load->counted[light] >= 2;
    double weight = instance->children[child].weight;
    return load->workload[heavy] - load->workload[light] >= 2 * weight - 1e-9;
}

bool balance_assignment(const struct instance *instance, int *assignee)
{
    int assignees = instance_assignee_count(instance);
    size_t slots = assignees > 0 ? (size_t)assignees : 1;
    size_t groups = instance->family_count > 0 ? (size_t)instance->family_count * SERVICE_COUNT : 1;
    struct load load = {
        .counted = mem_calloc(slots, sizeof(int)),
        .workload = mem_calloc(slots, sizeof(double)),
        .received = mem_calloc(slots, sizeof(int)),
        .children = mem_calloc(slots, sizeof(int)),
    };
    int *group_size = mem_calloc(groups, sizeof(int));
    /* the assignees of each team: members[team_start[t] .. team_start[t + 1]) */
    int *team_start = mem_calloc((size_t)instance->team_count + 1, sizeof(int));
    int *team_end = mem_calloc((size_t)instance->team_count + 1, sizeof(int));
    int *members = mem_alloc(slots * sizeof(int));
    bool ok = load.counted != NULL && load.workload != NULL && load.received != NULL &&
              load.children != NULL && group_size != NULL && team_start != NULL && team_end != NULL &&
              members != NULL;
    if (!ok)
        goto done;
    for (int a = 0; a < assignees; a++)
        team_start[instance_assignee_team(instance, a) + 1]++;
    for (int t = 0; t < instance->team_count; t++) {
        team_start[t + 1] += team_start[t];
        team_end[t] = team_start[t + 1];
    }
    for (int a = assignees - 1; a >= 0; a--) /* fill each team's range from its end */
        members[--team_end[instance_assignee_team(instance, a)]] = a;

    for (int c = 0; c < instance->child_count; c++) {
        const struct child *entry = &instance->children[c];
        group_size[(size_t)entry->family * SERVICE_COUNT + entry->service]++;
        int a = assignee[c];
        if (a < 0)
            continue;
        load.counted[a] += instance_child_counted(instance, c) ? 1 : 0;
        load.workload[a] += entry->weight;
        load.received[a] += entry->worker != a ? 1 : 0;
        load.children[a]++;
    }
    /* Each accepted move lowers Σ load² within a team, so the passes end; the
     * bound on passes is a guard, not the stopping rule. */
    for (int pass = 0; pass < instance->child_count + 1; pass++) {
        bool moved = false;
        for (int c = 0; c < instance->child_count; c++) {
            const struct child *entry = &instance->children[c];
            int from = assignee[c];
            if (from < 0 || entry->worker == from || entry->locked ||
                group_size[(size_t)entry->family * SERVICE_COUNT + entry->service] > 1)
                continue;
            int team = instance_assignee_team(instance, from);
            int best = -1;
            for (int m = team_start[team]; m < team_start[team + 1]; m++) {
                int to = members[m];
                if (to == from || (to < instance->worker_count && instance->workers[to].leaving))
                    continue;
                double delta = 0;
                if (!worth_moving(instance, &load, c, from, to) ||
                    !move_delta(instance, &load, c, from, to, &delta) || fabs(delta) > 1e-9)
                    continue;
                bool lighter = best < 0 || load.counted[to] < load.counted[best] ||
                               (load.counted[to] == load.counted[best] &&
                                load.workload[to] < load.workload[best]);
                if (lighter)
                    best = to;
            }
            if (best < 0)
                continue;
            int kappa = instance_child_counted(instance, c) ? 1 : 0;
            load.counted[from] -= kappa;
            load.counted[best] += kappa;
            load.workload[from] -= entry->weight;
            load.workload[best] += entry->weight;
            load.received[from]--;
            load.received[best] += entry->worker != best ? 1 : 0;
            load.children[from]--;
            load.children[best]++;
            assignee[c] = best;
            moved = true;
        }
        if (!moved)
            break;
    }
done:
    load_free(&load);
    mem_free(group_size);
    mem_free(team_start);
    mem_free(team_end);
    mem_free(members);
    return ok;
}
