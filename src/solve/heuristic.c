/* heuristic.c - the starting plan and the local moves (heuristic.h).
 *
 * Starting plan: every child stays with a current worker who may keep it; the
 * others go greedily to the assignee that raises the objective least; then single
 * moves and moves of whole sibling groups are made while they lower the objective.
 * The plan is handed to GLPK as its first integer solution (glp_ios_heur_sol), so a
 * part stopped early still has a plan at least this good. The objective's
 * increments are delta.h's. */
#include "solve/heuristic.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "core/delta.h"
#include "core/siblings.h"
#include "model/model_hires.h"
#include "solve/tuning.h"

void heuristic_free(struct heuristic *h)
{
    mem_free(h->pair_start);
    mem_free(h->pair_assignee);
    mem_free(h->pair_cost);
    mem_free(h->counted);
    mem_free(h->cap);
    mem_free(h->target);
    mem_free(h->max_new);
    mem_free(h->counted_load);
    mem_free(h->load);
    mem_free(h->over_at);
    mem_free(h->over_up);
    mem_free(h->over_down);
    mem_free(h->taken);
    mem_free(h->received);
    mem_free(h->hire_team);
    mem_free(h->hire_k);
    mem_free(h->team_first_hire);
    mem_free(h->team_end_hire);
    mem_free(h->group_of);
    mem_free(h->group_start);
    mem_free(h->group_child);
    mem_free(h->scratch);
    mem_free(h->first_at);
    mem_free(h->next_at);
    mem_free(h->prev_at);
}

/* Sibling groups of the instance: (family, service) with two or more children. */
static bool find_groups(const struct instance *instance, int **group_of, int **group_start,
                        int **group_child, int *group_count)
{
    int n = instance->child_count;
    *group_of = mem_alloc(((size_t)n + 1) * sizeof(int));
    *group_start = mem_alloc(((size_t)n + 2) * sizeof(int));
    *group_child = mem_alloc(((size_t)n + 1) * sizeof(int));
    *group_count = 0;
    if (*group_of == NULL || *group_start == NULL || *group_child == NULL)
        return false;
    return siblings_group(instance, NULL, n, *group_of, *group_start, *group_child, group_count);
}

/* over_cap and overload of worker w carrying `counted` counted children (delta.h). */
static double over_cap_cost(const struct heuristic *h, int w, int counted)
{
    return delta_over_cap(h->instance, w, counted - h->cap[w]);
}

/* Recompute over_at, over_up and over_down of assignee a from its counted load. */
static void refresh_over(struct heuristic *h, int a)
{
    if (a >= h->instance->worker_count)
        return; /* (a hire's cap is hard: 0, as calloc left them) */
    int counted = h->counted_load[a];
    h->over_at[a] = over_cap_cost(h, a, counted);
    h->over_up[a] = over_cap_cost(h, a, counted + 1);
    h->over_down[a] = over_cap_cost(h, a, counted - 1);
}

static int int_compare(const void *left, const void *right)
{
    int a = *(const int *)left, b = *(const int *)right;
    return (a > b) - (a < b);
}

/* Allocate the arrays of `h` (its instance and assignee_count set); the lists of
 * children per assignee start empty. Returns false when memory runs out
 * (heuristic_free frees what was made). */
static bool heuristic_allocate(struct heuristic *h)
{
    const struct instance *instance = h->instance;
    int n = instance->child_count;
    int assignees = h->assignee_count;
    int hires = instance_hire_count(instance);
    size_t na = (size_t)assignees + 1;
    h->pair_start = mem_alloc(((size_t)n + 1) * sizeof(int));
    h->counted = mem_alloc(((size_t)n + 1) * sizeof(bool));
    h->cap = mem_alloc(na * sizeof(int));
    h->target = mem_alloc(na * sizeof(int));
    h->max_new = mem_alloc(na * sizeof(int));
    h->counted_load = mem_calloc(na, sizeof(int));
    h->load = mem_calloc(na, sizeof(double));
    h->over_at = mem_calloc(na, sizeof(double));
    h->over_up = mem_calloc(na, sizeof(double));
    h->over_down = mem_calloc(na, sizeof(double));
    h->taken = mem_calloc(na, sizeof(int));
    h->received = mem_calloc(na, sizeof(int));
    h->hire_team = mem_alloc(((size_t)hires + 1) * sizeof(int));
    h->hire_k = mem_alloc(((size_t)hires + 1) * sizeof(int));
    h->team_first_hire = mem_alloc(((size_t)instance->team_count + 1) * sizeof(int));
    h->team_end_hire = mem_alloc(((size_t)instance->team_count + 1) * sizeof(int));
    h->first_at = mem_alloc(na * sizeof(int));
    h->next_at = mem_alloc(((size_t)n + 1) * sizeof(int));
    h->prev_at = mem_alloc(((size_t)n + 1) * sizeof(int));
    if (h->first_at == NULL || h->next_at == NULL || h->prev_at == NULL)
        return false;
    for (int a = 0; a < assignees; a++)
        h->first_at[a] = -1;
    if (h->pair_start == NULL || h->counted == NULL || h->cap == NULL || h->target == NULL ||
        h->max_new == NULL || h->counted_load == NULL || h->load == NULL || h->taken == NULL ||
        h->received == NULL || h->hire_team == NULL || h->hire_k == NULL ||
        h->team_first_hire == NULL || h->team_end_hire == NULL || h->over_at == NULL ||
        h->over_up == NULL || h->over_down == NULL)
        return false;
    return true;
}

/* Each assignee's cap, target and max_new with its over_cap terms, and the hires'
 * teams and numbers; beyond[a]: the hire a is past what its team's children could
 * fill (model_hire_beyond_all). Cannot fail. */
static void heuristic_set_rules(struct heuristic *h, const bool *beyond)
{
    const struct instance *instance = h->instance;
    int assignees = h->assignee_count;
    int hires = instance_hire_count(instance);
    for (int a = 0; a < assignees; a++) {
        h->cap[a] = instance_assignee_cap(instance, a);
        h->target[a] = instance_assignee_target(instance, a);
        h->max_new[a] = a < instance->worker_count ? instance->workers[a].max_new : -1;
        refresh_over(h, a);
    }
    for (int t = 0; t < instance->team_count; t++)
        h->team_first_hire[t] = h->team_end_hire[t] = -1;
    for (int k = 0, t = 0, slot = 0; k < hires; k++) {
        /* instance_hire_slot's numbering, without its pass over the teams per hire */
        while (slot >= instance->teams[t].max_hires) {
            slot = 0;
            t++;
        }
        h->hire_team[k] = t;
        h->hire_k[k] = ++slot;
        if (h->team_first_hire[t] < 0)
            h->team_first_hire[t] = k;
        if (!beyond[instance->worker_count + k])
            h->team_end_hire[t] = k + 1;
    }
}

/* Sort the candidates of a child in assignee order. They often are sorted already
 * but for the current worker put first (teams list their members in assignee
 * order): a part where thousands of workers may take each child spent most of its
 * starting plan in this sort. */
static void order_candidates(int *candidate, int candidates, int worker)
{
    bool sorted = true;
    for (int k = 2; k < candidates && sorted; k++)
        sorted = candidate[k - 1] < candidate[k];
    if (sorted && candidates > 1 && worker >= 0) {
        int at = 1; /* insert the current worker where it belongs */
        while (at < candidates && candidate[at] < worker)
            at++;
        memmove(candidate, candidate + 1, (size_t)(at - 1) * sizeof *candidate);
        candidate[at - 1] = worker;
    } else if (!sorted || (candidates > 1 && candidate[0] > candidate[1])) {
        qsort(candidate, (size_t)candidates, sizeof *candidate, int_compare);
    }
}

/* The eligible pairs of every child and their costs. Only the current worker and
 * the assignees of the teams of the child's service that cover its home (every
 * such team when cross_team is allowed) can be eligible, so only those are
 * asked; the candidates are taken in assignee order. Hires past what their
 * team's children could fill (beyond, model_hires.h) are no place. Returns false
 * when memory runs out. */
static bool heuristic_find_pairs(struct heuristic *h, const bool *beyond)
{
    const struct instance *instance = h->instance;
    int n = instance->child_count;
    int assignees = h->assignee_count;
    size_t na = (size_t)assignees + 1;
    int teams = instance->team_count, places = instance->municipality_count;
    int *team_start = mem_calloc((size_t)teams + 2, sizeof(int));
    int *team_member = mem_alloc(na * sizeof(int));
    bool *covers = mem_alloc(((size_t)teams * (size_t)places + 1) * sizeof(bool));
    int *candidate = mem_alloc(na * sizeof(int));
    bool ok = team_start != NULL && team_member != NULL && covers != NULL && candidate != NULL;
    int *team_of = ok ? mem_alloc(na * sizeof(int)) : NULL;
    ok = ok && team_of != NULL;
    if (ok)
        model_assignee_teams(instance, team_of);
    for (int a = 0; ok && a < assignees; a++) {
        int team = team_of[a];
        if (team >= 0 && !beyond[a])
            team_start[team + 1]++;
    }
    for (int t = 0; ok && t < teams; t++)
        team_start[t + 1] += team_start[t];
    int *fill = ok ? mem_alloc(((size_t)teams + 1) * sizeof(int)) : NULL;
    ok = ok && fill != NULL;
    if (ok) {
        /* the members of each team in assignee order */
        memcpy(fill, team_start, (size_t)teams * sizeof(int));
        for (int a = 0; a < assignees; a++) {
            int team = team_of[a];
            if (team >= 0 && !beyond[a])
                team_member[fill[team]++] = a;
        }
        for (int t = 0; t < teams; t++)
            for (int m = 0; m < places; m++)
                covers[(size_t)t * (size_t)places + (size_t)m] = instance_team_covers(instance, t, m);
    }
    int capacity = 0, count = 0;
    for (int c = 0; ok && c < n; c++) {
        const struct child *child = &instance->children[c];
        h->counted[c] = instance_child_counted(instance, c);
        h->pair_start[c] = count;
        int candidates = 0;
        if (child->worker >= 0)
            candidate[candidates++] = child->worker;
        for (int t = 0; t < teams && !child->locked; t++) {
            if (instance->teams[t].service != child->service ||
                !(instance->rules.cross_team ||
                  covers[(size_t)t * (size_t)places + (size_t)child->municipality]))
                continue;
            for (int k = team_start[t]; k < team_start[t + 1]; k++)
                if (team_member[k] != child->worker)
                    candidate[candidates++] = team_member[k];
        }
        order_candidates(candidate, candidates, child->worker);
        /* km and cross-team are the team's: asked once per team, not per member
         * (a child of a part of thousands of workers) */
        int cached_team = -1;
        double team_km = 0.0;
        bool team_cross = false;
        for (int k = 0; k < candidates; k++) {
            int a = candidate[k];
            if (!instance_eligible(instance, c, a))
                continue;
            if (count == capacity) {
                capacity = capacity < 1024 ? 1024 : capacity * 2;
                int *grown = mem_realloc(h->pair_assignee, (size_t)capacity * sizeof *grown);
                double *costs = grown == NULL ? NULL
                                              : mem_realloc(h->pair_cost, (size_t)capacity * sizeof *costs);
                if (grown != NULL)
                    h->pair_assignee = grown;
                if (costs == NULL) {
                    ok = false;
                    break;
                }
                h->pair_cost = costs;
            }
            if (team_of[a] != cached_team) {
                cached_team = team_of[a];
                team_km = instance_pair_km(instance, c, a);
                team_cross = instance_cross_team(instance, c, a);
            }
            h->pair_assignee[count] = a;
            h->pair_cost[count] = delta_pair_cost(instance, c, a, team_km, team_cross);
            count++;
        }
    }
    mem_free(fill);
    mem_free(team_of);
    mem_free(team_start);
    mem_free(team_member);
    mem_free(covers);
    mem_free(candidate);
    if (!ok)
        return false;
    h->pair_start[n] = count;
    return true;
}

bool heuristic_init(struct heuristic *h, const struct instance *instance)
{
    memset(h, 0, sizeof *h);
    h->part = -1;
    h->instance = instance;
    h->weight = instance->rules.weights;
    h->hard = instance->rules.family == FAMILY_HARD;
    h->assignee_count = instance_assignee_count(instance);
    if (!heuristic_allocate(h))
        return false;
    if (!find_groups(instance, &h->group_of, &h->group_start, &h->group_child, &h->group_count))
        return false;
    int largest = 1;
    for (int g = 0; g < h->group_count; g++)
        if (h->group_start[g + 1] - h->group_start[g] > largest)
            largest = h->group_start[g + 1] - h->group_start[g];
    h->scratch = mem_alloc(((size_t)largest + 1) * sizeof(int));
    if (h->scratch == NULL)
        return false;
    /* hires past what their team's children could fill are no place (model_hires.h) */
    bool *beyond = mem_alloc(((size_t)h->assignee_count + 1) * sizeof *beyond);
    bool ok = beyond != NULL && model_hire_beyond_all(instance, beyond);
    if (ok) {
        heuristic_set_rules(h, beyond);
        ok = heuristic_find_pairs(h, beyond);
    }
    mem_free(beyond);
    return ok;
}

/* The cost of the pair (c, a), or NAN when c may not have a. A child's pairs
 * are in ascending assignee order (heuristic_init): a binary search, so that a
 * child of a part where thousands of workers may take it costs no more than
 * log of that per question. */
static double pair_cost(const struct heuristic *h, int c, int a)
{
    int low = h->pair_start[c], high = h->pair_start[c + 1];
    while (low < high) {
        int middle = low + (high - low) / 2;
        if (h->pair_assignee[middle] < a)
            low = middle + 1;
        else
            high = middle;
    }
    return low < h->pair_start[c + 1] && h->pair_assignee[low] == a ? h->pair_cost[low] : NAN;
}

static double positive(double value)
{
    return value > 0 ? value : 0;
}

/* The change of over_cap and overload of worker w when its counted load changes
 * by `change` (-1, 0 or +1): the same bits as over_cap_cost(w, counted + change)
 * - over_cap_cost(w, counted), read from the values heuristic_apply keeps. */
static double over_change(const struct heuristic *h, int w, int change)
{
    double after = change > 0 ? h->over_up[w] : change < 0 ? h->over_down[w] : h->over_at[w];
    return after - h->over_at[w];
}

/* Hires opened in team t (the highest k in use, rule (6)) if child counts change
 * by -1 at hire `removed` and +1 at hire `added` (-1: none). */
static int team_opened(const struct heuristic *h, int team, int removed, int added)
{
    int opened = 0;
    for (int k = h->team_first_hire[team]; k >= 0 && k < h->team_end_hire[team]; k++) {
        int taken = h->taken[h->instance->worker_count + k] - (k == removed) + (k == added);
        if (taken > 0)
            opened = h->hire_k[k];
    }
    return opened;
}

/* Distinct assignees of group g if child c had assignee `given`. */
static int group_distinct(const struct heuristic *h, int g, int c, int given)
{
    int distinct = 0;
    for (int k = h->group_start[g]; k < h->group_start[g + 1]; k++) {
        int m = h->group_child[k];
        int a = m == c ? given : h->assignee[m];
        if (a < 0)
            continue;
        bool seen = false;
        for (int s = 0; s < distinct && !seen; s++)
            seen = h->scratch[s] == a;
        if (!seen)
            h->scratch[distinct++] = a;
    }
    return distinct;
}

/* What a move of child c changes at its own assignee, the same whatever the
 * destination: worked out once by move_leave and then used for every place the
 * child is weighed against (heuristic_best asks all of its pairs). */
struct leaving {
    int c, from;
    int kappa;
    double omega;
    double cost;       /* the pair cost at `from` (NAN when not a pair) */
    double over;       /* over_cap + overload change at `from` (workers only) */
    double above;      /* above_target change at `from` */
    int group;         /* sibling group of c or -1 */
    int others;        /* distinct assignees of the rest of the group, in h->scratch */
    bool from_in;      /* `from` is one of them */
};

static bool among_others(const struct heuristic *h, const struct leaving *m, int a)
{
    for (int s = 0; s < m->others; s++)
        if (h->scratch[s] == a)
            return true;
    return false;
}

/* What child c leaving assignee `from` (>= 0) changes there: its pair cost
 * there (to take off), over_cap and overload (0 at a hire), above_target. */
static void leaving_terms(const struct heuristic *h, int c, int from, double *cost, double *over,
                          double *above)
{
    const struct instance *instance = h->instance;
    *cost = pair_cost(h, c, from);
    *over = from < instance->worker_count ? over_change(h, from, h->counted[c] ? -1 : 0) : 0.0;
    *above = delta_above_target(instance, h->load[from], -instance->children[c].weight,
                                h->target[from]);
}

/* Fill `m` for child c leaving its assignee. Writes h->scratch (the assignees of
 * c's siblings), which must then stay untouched while `m` is used. */
static void move_leave(const struct heuristic *h, int c, struct leaving *m)
{
    const struct instance *instance = h->instance;
    m->c = c;
    m->from = h->assignee[c];
    m->kappa = h->counted[c] ? 1 : 0;
    m->omega = instance->children[c].weight;
    m->cost = 0.0;
    m->over = 0.0;
    m->above = 0.0;
    if (m->from >= 0)
        leaving_terms(h, c, m->from, &m->cost, &m->over, &m->above);
    m->group = h->group_of[c];
    m->others = 0;
    m->from_in = false;
    if (m->group >= 0) {
        m->others = group_distinct(h, m->group, c, -1);
        m->from_in = m->from >= 0 && among_others(h, m, m->from);
    }
}

/* heuristic_delta of the child of `m` to `to`, whose pair cost is `cost` (NAN:
 * not a pair; unused when `to` is -1). The additions are made in the order they
 * always were (see delta.h): the destination's terms, then the origin's, then
 * hires and siblings. */
static double move_delta(const struct heuristic *h, const struct leaving *m, int to, double cost,
                         bool check_family)
{
    const struct instance *instance = h->instance;
    const double *w = h->weight;
    int c = m->c, from = m->from;
    if (from == to)
        return 0.0;
    double delta = 0.0;
    int kappa = m->kappa;
    if (to >= 0) {
        if (isnan(cost))
            return INFINITY;
        delta += cost;
        bool hire = to >= instance->worker_count;
        if (hire && h->counted_load[to] + kappa > h->cap[to])
            return INFINITY; /* a hire has no overflow (2) */
        if (h->max_new[to] >= 0 && instance->children[c].worker != to &&
            h->received[to] + 1 > h->max_new[to])
            return INFINITY; /* max_new (5) */
        if (!hire)
            delta += over_change(h, to, kappa);
        delta += delta_above_target(instance, h->load[to], m->omega, h->target[to]);
    } else {
        delta += w[TERM_UNASSIGNED];
    }
    if (from >= 0) {
        delta -= m->cost;
        if (from < instance->worker_count)
            delta += m->over;
        delta += m->above;
    } else {
        delta -= w[TERM_UNASSIGNED];
    }
    /* hires opened (6) */
    int from_hire = from >= instance->worker_count ? from - instance->worker_count : -1;
    int to_hire = to >= instance->worker_count ? to - instance->worker_count : -1;
    if (from_hire >= 0 || to_hire >= 0) {
        int team_a = from_hire >= 0 ? h->hire_team[from_hire] : -1;
        int team_b = to_hire >= 0 ? h->hire_team[to_hire] : -1;
        int change = 0;
        if (team_a >= 0)
            change += team_opened(h, team_a, from_hire, team_a == team_b ? to_hire : -1) -
                      team_opened(h, team_a, -1, -1);
        if (team_b >= 0 && team_b != team_a)
            change += team_opened(h, team_b, -1, to_hire) - team_opened(h, team_b, -1, -1);
        delta += w[TERM_HIRE] * change;
    }
    /* siblings (4): distinct assignees of the group before and after */
    if (m->group >= 0) {
        int before = m->others + (from >= 0 && !m->from_in ? 1 : 0);
        int after = m->others + (to >= 0 && !among_others(h, m, to) ? 1 : 0);
        if (h->hard) {
            if (check_family && after > 1 && after >= before)
                return INFINITY;
        } else {
            delta += w[TERM_FAMILY_SPLIT] * (positive(after - 1) - positive(before - 1));
        }
    }
    return delta;
}

/* Change of the objective when child c goes from its assignee to `to` (-1:
 * unassigned); INFINITY when a hard rule forbids it. `check_family` off skips the
 * hard sibling rule (for moving a whole group one child at a time). */
double heuristic_delta(const struct heuristic *h, int c, int to, bool check_family)
{
    if (h->assignee[c] == to)
        return 0.0;
    struct leaving m;
    move_leave(h, c, &m);
    return move_delta(h, &m, to, to >= 0 ? pair_cost(h, c, to) : 0.0, check_family);
}

bool heuristic_owns(const struct heuristic *h, int c, int a)
{
    if (h->part < 0 || h->part_of_child == NULL)
        return true;
    return h->part_of_child[c] == h->part && (a < 0 || h->part_of_assignee[a] == h->part);
}

void heuristic_apply(struct heuristic *h, int c, int to)
{
    const struct instance *instance = h->instance;
    int from = h->assignee[c];
    /* the arrays are shared between threads: only this copy's part may change */
    assert(heuristic_owns(h, c, from) && heuristic_owns(h, c, to));
    int kappa = h->counted[c] ? 1 : 0;
    double omega = instance->children[c].weight;
    if (from >= 0) {
        if (h->prev_at[c] >= 0)
            h->next_at[h->prev_at[c]] = h->next_at[c];
        else
            h->first_at[from] = h->next_at[c];
        if (h->next_at[c] >= 0)
            h->prev_at[h->next_at[c]] = h->prev_at[c];
        h->counted_load[from] -= kappa;
        h->load[from] -= omega;
        h->taken[from]--;
        if (instance->children[c].worker != from)
            h->received[from]--;
        refresh_over(h, from);
    }
    if (to >= 0) {
        h->prev_at[c] = -1;
        h->next_at[c] = h->first_at[to];
        if (h->first_at[to] >= 0)
            h->prev_at[h->first_at[to]] = c;
        h->first_at[to] = c;
        h->counted_load[to] += kappa;
        h->load[to] += omega;
        h->taken[to]++;
        if (instance->children[c].worker != to)
            h->received[to]++;
        refresh_over(h, to);
    }
    h->assignee[c] = to;
}

/* The best place for child c (its assignee included); *best_delta gets its change. */
int heuristic_best(const struct heuristic *h, int c, double *best_delta)
{
    int best = h->assignee[c];
    double best_value = 0.0;
    struct leaving m; /* (what leaving costs is the same for every place) */
    move_leave(h, c, &m);
    double value = move_delta(h, &m, -1, 0.0, true);
    if (value < best_value - 1e-9) {
        best = -1;
        best_value = value;
    }
    for (int p = h->pair_start[c]; p < h->pair_start[c + 1]; p++) {
        int a = h->pair_assignee[p];
        if (a == m.from)
            continue;
        value = move_delta(h, &m, a, h->pair_cost[p], true);
        if (value < best_value - 1e-9) {
            best = a;
            best_value = value;
        }
    }
    *best_delta = best_value;
    return best;
}

/* Move every child of group g that may have assignee `to` there, if that lowers
 * the objective; otherwise leave the plan as it was. Returns true when moved. */
static bool heuristic_group_move(struct heuristic *h, int g, int to, int *saved)
{
    int first = h->group_start[g], end = h->group_start[g + 1];
    double total = 0.0;
    int moved = 0;
    bool possible = true;
    for (int k = first; k < end; k++)
        saved[k - first] = h->assignee[h->group_child[k]];
    for (int k = first; k < end && possible; k++) {
        int c = h->group_child[k];
        if (h->assignee[c] == to)
            continue;
        double cost = pair_cost(h, c, to);
        if (isnan(cost))
            continue;
        struct leaving m;
        move_leave(h, c, &m);
        double delta = move_delta(h, &m, to, cost, false);
        if (!isfinite(delta)) {
            possible = false;
            break;
        }
        total += delta;
        heuristic_apply(h, c, to);
        moved++;
    }
    if (possible && h->hard && group_distinct(h, g, -1, -1) > 1)
        possible = false;
    if (possible && moved > 0 && total < -1e-9)
        return true;
    for (int k = end - 1; k >= first; k--) {
        int c = h->group_child[k];
        if (h->assignee[c] != saved[k - first])
            heuristic_apply(h, c, saved[k - first]);
    }
    return false;
}

/* What taking child c costs assignee `to` in over cap, overload and above target alone. */
static double capacity_cost(const struct heuristic *h, int c, int to)
{
    /* (the over_cap part read from the values heuristic_apply keeps) */
    double cost = 0.0;
    if (to < h->instance->worker_count)
        cost += over_change(h, to, h->counted[c] ? 1 : 0);
    cost += delta_above_target(h->instance, h->load[to], h->instance->children[c].weight,
                               h->target[to]);
    return cost;
}

/* Whether an ejection chain of child c to `to`, whose move alone changes the
 * objective by `first` (heuristic_delta), is worth trying: `to` would pay only for
 * lack of room. Changes nothing. */
static bool chain_worth_trying(const struct heuristic *h, int c, int to, double first)
{
    return isfinite(first) && first - capacity_cost(h, c, to) < -1e-9;
}

/* An ejection chain: child c goes to `to` (the move changing the objective by
 * `first`, chain_worth_trying), and one child of `to` moves on to its best place.
 * Made when the two together lower the objective; otherwise the plan stays as it
 * was (but for c's place in the list of its assignee's children and the roundings
 * of the loads). */
/* Whether moving child d on from `to` (its assignee) cannot change the objective
 * by less than `limit`, shown by a lower bound of heuristic_delta at each place:
 * the pair cost and the destination's over_cap and overload as they are, its
 * above_target (never negative: ω > 0) and max_new left out; leaving `to` exactly
 * as move_leave adds it up; a hire closed (at most hire_k of `to`) and a sibling
 * split less (at most one) as gains. A margin far above the roundings keeps the
 * answer true of the sums heuristic_best makes, so that skipping d changes nothing.
 * Changes nothing. */
static bool chain_cannot_beat(const struct heuristic *h, int d, int to, double limit)
{
    const struct instance *instance = h->instance;
    const double *w = h->weight;
    int kappa = h->counted[d] ? 1 : 0;
    double pair, over, above;
    leaving_terms(h, d, to, &pair, &over, &above);
    double leave = -pair + over + above;
    double gains = 0.0;
    if (to >= instance->worker_count)
        gains -= w[TERM_HIRE] * h->hire_k[to - instance->worker_count];
    if (h->group_of[d] >= 0 && !h->hard)
        gains -= w[TERM_FAMILY_SPLIT];
    double rest = leave + gains;
    double slack = 1e-9 * (1.0 + fabs(limit) + fabs(leave) + fabs(gains));
    /* every place must cost at least this much (NAN: no answer, d is not skipped) */
    double need = limit - rest + slack;
    if (!(w[TERM_UNASSIGNED] - 1e-9 * fabs(w[TERM_UNASSIGNED]) >= need))
        return false;
    for (int p = h->pair_start[d]; p < h->pair_start[d + 1]; p++) {
        int a = h->pair_assignee[p];
        double room = kappa ? h->over_up[a] - h->over_at[a] : 0.0;
        double cost = h->pair_cost[p] + room;
        if (!(cost - 1e-9 * fabs(cost) >= need))
            return false; /* (a place that might do better: ask heuristic_best) */
    }
    return true;
}

static bool heuristic_chain_move(struct heuristic *h, int c, int to, double first)
{
    int from = h->assignee[c];
    heuristic_apply(h, c, to);
    int best_child = -1, best_place = -1;
    double best_total = -1e-9;
    for (int d = h->first_at[to]; d >= 0; d = h->next_at[d]) {
        if (d == c || h->instance->children[d].locked)
            continue;
        if (!h->exhaustive_chains && chain_cannot_beat(h, d, to, best_total - first))
            continue; /* (most children of `to` have nowhere better to go) */
        double second;
        int place = heuristic_best(h, d, &second);
        if (place != to && first + second < best_total) {
            best_total = first + second;
            best_child = d;
            best_place = place;
        }
    }
    if (best_child < 0) {
        heuristic_apply(h, c, from);
        return false;
    }
    heuristic_apply(h, best_child, best_place);
    return true;
}

/* Improve the plan of the children `children` (count of them, NULL: all) by
 * single moves and moves of whole sibling groups while anything lowers the
 * objective (and ejection chains when `chains`), at most until `deadline`. The children must hold whole sibling
 * groups and every child eligible for their assignees (an independent part).
 * Returns false only when memory runs out. */
bool heuristic_improve(struct heuristic *h, const int *children, int count, bool chains,
                       double deadline)
{
    const struct instance *instance = h->instance;
    if (children == NULL)
        count = instance->child_count;
    int largest = 1;
    for (int g = 0; g < h->group_count; g++)
        if (h->group_start[g + 1] - h->group_start[g] > largest)
            largest = h->group_start[g + 1] - h->group_start[g];
    int *saved = mem_alloc(((size_t)largest + 1) * sizeof *saved);
    if (saved == NULL)
        return false;
    for (int pass = 0; pass < LOCAL_MOVES_MAX_SWEEPS; pass++) {
        bool improved = false;
        for (int i = 0; i < count; i++) {
            int c = children != NULL ? children[i] : i;
            if ((i & 63) == 63 && h->sweep_deadline > 0 && clock_seconds() > h->sweep_deadline)
                break; /* (a sweep of a part of 100,000 children can take minutes) */
            if (instance->children[c].locked && h->assignee[c] == instance->children[c].worker)
                continue;
            double delta;
            int best = heuristic_best(h, c, &delta);
            if (best != h->assignee[c] && delta < -1e-9) {
                heuristic_apply(h, c, best);
                improved = true;
            }
        }
        for (int i = 0; i < count; i++) {
            int c = children != NULL ? children[i] : i;
            if ((i & 63) == 63 && h->sweep_deadline > 0 && clock_seconds() > h->sweep_deadline)
                break; /* (a sweep of a part of 100,000 children can take minutes) */
            int g = h->group_of[c];
            if (g < 0 || h->group_child[h->group_start[g]] != c)
                continue; /* each group once, at its first child */
            for (int p = h->pair_start[c]; p < h->pair_start[c + 1]; p++)
                if (heuristic_group_move(h, g, h->pair_assignee[p], saved))
                    improved = true;
        }
        if (!improved && chains) {
            for (int i = 0; i < count; i++) {
                int c = children != NULL ? children[i] : i;
                if (instance->children[c].locked)
                    continue;
                /* what c leaving its assignee costs, worked out again only once a
                 * chain was tried (that moves children, if only to move them back) */
                struct leaving m;
                bool known = false;
                for (int p = h->pair_start[c];
                     p < h->pair_start[c + 1] &&
                     !(h->sweep_deadline > 0 && clock_seconds() > h->sweep_deadline);
                     p++) {
                    int to = h->pair_assignee[p];
                    if (to == h->assignee[c])
                        continue;
                    if (!known)
                        move_leave(h, c, &m);
                    known = true;
                    double first = move_delta(h, &m, to, h->pair_cost[p], true);
                    if (!chain_worth_trying(h, c, to, first))
                        continue;
                    known = false; /* (and h->scratch is the chain's now) */
                    if (heuristic_chain_move(h, c, to, first))
                        improved = true;
                }
            }
        }
        if (!improved || clock_seconds() > deadline)
            break;
    }
    mem_free(saved);
    return true;
}

/* Build the greedy starting plan of the whole instance into h->assignee; each
 * part improves its own share of it (heuristic_improve) when it is solved. */
void heuristic_start(struct heuristic *h)
{
    const struct instance *instance = h->instance;
    int n = instance->child_count;
    for (int c = 0; c < n; c++)
        h->assignee[c] = -1;
    /* everyone stays with a current worker who may keep them; locked children first so
     * that under the hard sibling rule a group follows its locked child */
    for (int round = 0; round < 2; round++) {
        for (int c = 0; c < n; c++) {
            const struct child *child = &instance->children[c];
            if (child->worker < 0 || child->locked != (round == 0) ||
                isnan(pair_cost(h, c, child->worker)))
                continue;
            int g = h->group_of[c];
            if (h->hard && g >= 0 && group_distinct(h, g, c, child->worker) > 1)
                continue; /* a sibling already has another worker */
            heuristic_apply(h, c, child->worker);
        }
    }
    /* the others greedily where the objective rises least */
    for (int c = 0; c < n; c++) {
        if (h->assignee[c] >= 0)
            continue;
        double delta;
        int best = heuristic_best(h, c, &delta);
        if (best != h->assignee[c])
            heuristic_apply(h, c, best);
    }
}

bool heuristic_check_counts(const struct heuristic *h)
{
    const struct instance *instance = h->instance;
    int n = instance->child_count, assignees = h->assignee_count;
    size_t na = (size_t)assignees + 1;
    int *counted = mem_calloc(na, sizeof *counted);
    int *taken = mem_calloc(na, sizeof *taken);
    int *received = mem_calloc(na, sizeof *received);
    double *load = mem_calloc(na, sizeof *load);
    bool ok = counted != NULL && taken != NULL && received != NULL && load != NULL;
    for (int c = 0; ok && c < n; c++) {
        int a = h->assignee[c];
        if (a < 0)
            continue;
        counted[a] += h->counted[c] ? 1 : 0;
        load[a] += instance->children[c].weight;
        taken[a]++;
        received[a] += instance->children[c].worker != a ? 1 : 0;
    }
    for (int a = 0; ok && a < assignees; a++) {
        ok = counted[a] == h->counted_load[a] && taken[a] == h->taken[a] &&
             received[a] == h->received[a] && fabs(load[a] - h->load[a]) <= 1e-9;
        /* the list of a's children: each has a, linked both ways, taken[a] of them */
        int listed = 0, previous = -1;
        for (int c = h->first_at[a]; ok && c >= 0 && listed <= n; c = h->next_at[c]) {
            ok = c < n && h->assignee[c] == a && h->prev_at[c] == previous;
            previous = c;
            listed++;
        }
        ok = ok && listed == taken[a];
        double over[3] = {0.0, 0.0, 0.0};
        if (a < instance->worker_count) {
            over[0] = over_cap_cost(h, a, counted[a]);
            over[1] = over_cap_cost(h, a, counted[a] + 1);
            over[2] = over_cap_cost(h, a, counted[a] - 1);
        }
        ok = ok && memcmp(&over[0], &h->over_at[a], sizeof(double)) == 0 &&
             memcmp(&over[1], &h->over_up[a], sizeof(double)) == 0 &&
             memcmp(&over[2], &h->over_down[a], sizeof(double)) == 0;
    }
    mem_free(counted);
    mem_free(taken);
    mem_free(received);
    mem_free(load);
    return ok;
}
