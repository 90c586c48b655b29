/* solve.c - solves the model of DESIGN.md §2: splits it into independent parts,
 * builds a starting plan, and runs GLPK's branch-and-cut on each part.
 *
 * Independent parts: services never share an assignee, and an assignee links
 * only the children eligible for it, so the connected components of the graph
 * children–assignees (eligible pairs), children–children (siblings of one family
 * and service, rule (4)) and hire–hire (one team, rule (6)) share no variable and
 * no row. The optimum of the whole model is the sum of the parts' optima, and so
 * is any lower bound.
 *
 * Starting plan: every child stays with a current worker who may keep it; the
 * others go greedily to the assignee that raises the objective least; then single
 * moves and moves of whole sibling groups are made while they lower the objective.
 * The plan is handed to GLPK as its first integer solution (glp_ios_heur_sol), so a
 * part stopped early still has a plan at least this good.
 *
 * Root LP: primal simplex with pricing from the starting plan's columns
 * (model_solve_relaxation); exact, the final basis is optimal over every column.
 * Primal side: at the root and then on a schedule of subproblems, a sub-MIP on
 * the teams the node's LP and the incumbent use (search_sub_mip) hands its plan to
 * GLPK. Schedules count subproblems, not seconds, so runs that finish are alike.
 * The gap tolerance is on the whole; parts share it in proportion to size.
 *
 * The bound is GLPK's: the best local bound of the active nodes (recorded in the
 * callback), the objective of a part proven optimal, or the LP relaxation when
 * the search never started. */
#include "solve.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "balance.h"
#include "cuts.h"
#include "model.h"
#include "score.h"

/* --- Clock ------------------------------------------------------------------ */

/* A number of a progress line with `decimals` decimals (and " %" when
 * `percent`), or "none yet" when there is none (no plan found so far): never
 * "nan" on the terminal. */
static void progress_number(double value, int decimals, bool percent, char *buffer, size_t size)
{
    if (isfinite(value))
        snprintf(buffer, size, "%.*f%s", decimals, value, percent ? " %" : "");
    else
        snprintf(buffer, size, "none yet");
}

static double clock_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

/* --- Options, status, solution --------------------------------------------- */

void solve_default_options(struct solve_options *options)
{
    memset(options, 0, sizeof *options);
    options->time_limit = 60.0;
    options->gap = 1e-4;
    options->progress = false;
    options->decompose = true;
    options->threads = 0;
    options->interrupted = NULL;
    options->trace = NULL;
    options->cuts = true;
    options->gap_on_small = false;
}

const char *solve_status_name(enum solve_status status)
{
    switch (status) {
    case SOLVE_OPTIMAL: return "optimal";
    case SOLVE_FEASIBLE: return "feasible";
    case SOLVE_INFEASIBLE: return "infeasible";
    case SOLVE_NO_PLAN: return "no plan";
    }
    return "unknown";
}

void solution_free(struct solution *solution)
{
    if (solution == NULL)
        return;
    mem_free(solution->assignee);
    solution->assignee = NULL;
}

const char *solve_engine_version(void)
{
    return glp_version();
}

static bool interrupted(const struct solve_options *options)
{
    return options->interrupted != NULL && *options->interrupted != 0;
}

/* --- The gap ---------------------------------------------------------------- */

double solve_relative_gap(double objective, double bound, double unavoidable)
{
    double gap = objective - bound, base = objective - unavoidable;
    if (!(gap > 0))
        return 0.0;
    return gap / (base > 1.0 ? base : 1.0);
}

/* --- Starting plan ---------------------------------------------------------- */

/* The state of the greedy and local search: a plan of the whole instance and
 * the counts the objective depends on. */
struct heuristic {
    const struct instance *instance;
    const double *weight;   /* rules.weights */
    int assignee_count;
    int *pair_start;        /* child_count + 1: eligible assignees of child c */
    int *pair_assignee;
    double *pair_cost;      /* move + cross_team + km cost of the pair */
    int *assignee;          /* the plan: per child, assignee or -1 */
    bool *counted;          /* κ(c) per child */
    int *cap, *target;      /* per assignee */
    double *share;          /* per assignee: ρ(w) of a worker, 0 for a hire (overload) */
    int *max_new;           /* per assignee, -1 none */
    int *counted_load;      /* per assignee: Σ κ */
    double *load;           /* per assignee: Σ ω */
    int *taken;             /* per assignee: children */
    int *received;          /* per assignee: children whose current worker is another */
    int *hire_team, *hire_k;/* per hire */
    int *team_first_hire;   /* per team: first hire number or -1 */
    int *group_of;          /* per child: sibling group or -1 */
    int *group_start, *group_child;
    int group_count;
    int *scratch;           /* group size scratch */
    bool hard;              /* hard sibling rule */
    int *first_at;          /* per assignee: first child it has, -1 none */
    int *next_at, *prev_at; /* per child: the assignee's other children, a list */
    double sweep_deadline;  /* clock_seconds() past which local moves stop even in the middle
                             * of a sweep (0: never); else a sweep ends before its deadline is
                             * looked at, so that the plan does not depend on the clock */
};

static void heuristic_free(struct heuristic *h)
{
    mem_free(h->pair_start);
    mem_free(h->pair_assignee);
    mem_free(h->pair_cost);
    mem_free(h->counted);
    mem_free(h->cap);
    mem_free(h->target);
    mem_free(h->share);
    mem_free(h->max_new);
    mem_free(h->counted_load);
    mem_free(h->load);
    mem_free(h->taken);
    mem_free(h->received);
    mem_free(h->hire_team);
    mem_free(h->hire_k);
    mem_free(h->team_first_hire);
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
    struct sibling_key *keys = mem_alloc(((size_t)n + 1) * sizeof *keys);
    *group_of = mem_alloc(((size_t)n + 1) * sizeof(int));
    *group_start = mem_alloc(((size_t)n + 2) * sizeof(int));
    *group_child = mem_alloc(((size_t)n + 1) * sizeof(int));
    *group_count = 0;
    if (keys == NULL || *group_of == NULL || *group_start == NULL || *group_child == NULL) {
        mem_free(keys);
        return false;
    }
    for (int c = 0; c < n; c++) {
        keys[c] = (struct sibling_key){instance->children[c].family,
                                     (int)instance->children[c].service, c};
        (*group_of)[c] = -1;
    }
    qsort(keys, (size_t)n, sizeof *keys, sibling_key_compare);
    int members = 0;
    for (int first = 0; first < n;) {
        int last = first;
        while (last + 1 < n && keys[last + 1].family == keys[first].family &&
               keys[last + 1].service == keys[first].service)
            last++;
        if (last > first) {
            (*group_start)[*group_count] = members;
            for (int k = first; k <= last; k++) {
                (*group_child)[members++] = keys[k].child;
                (*group_of)[keys[k].child] = *group_count;
            }
            (*group_count)++;
        }
        first = last + 1;
    }
    (*group_start)[*group_count] = members;
    mem_free(keys);
    return true;
}

static int int_compare(const void *left, const void *right)
{
    int a = *(const int *)left, b = *(const int *)right;
    return (a > b) - (a < b);
}

static bool heuristic_init(struct heuristic *h, const struct instance *instance)
{
    memset(h, 0, sizeof *h);
    h->instance = instance;
    h->weight = instance->rules.weights;
    h->hard = instance->rules.family == FAMILY_HARD;
    int n = instance->child_count;
    int assignees = instance_assignee_count(instance);
    int hires = instance_hire_count(instance);
    h->assignee_count = assignees;
    size_t na = (size_t)assignees + 1;
    h->pair_start = mem_alloc(((size_t)n + 1) * sizeof(int));
    h->counted = mem_alloc(((size_t)n + 1) * sizeof(bool));
    h->cap = mem_alloc(na * sizeof(int));
    h->target = mem_alloc(na * sizeof(int));
    h->share = mem_calloc(na, sizeof(double));
    h->max_new = mem_alloc(na * sizeof(int));
    h->counted_load = mem_calloc(na, sizeof(int));
    h->load = mem_calloc(na, sizeof(double));
    h->taken = mem_calloc(na, sizeof(int));
    h->received = mem_calloc(na, sizeof(int));
    h->hire_team = mem_alloc(((size_t)hires + 1) * sizeof(int));
    h->hire_k = mem_alloc(((size_t)hires + 1) * sizeof(int));
    h->team_first_hire = mem_alloc(((size_t)instance->team_count + 1) * sizeof(int));
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
        h->team_first_hire == NULL || h->share == NULL)
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
    for (int a = 0; a < assignees; a++) {
        h->cap[a] = instance_assignee_cap(instance, a);
        h->target[a] = instance_assignee_target(instance, a);
        h->max_new[a] = a < instance->worker_count ? instance->workers[a].max_new : -1;
        h->share[a] = a < instance->worker_count ? instance_worker_share(instance, a) : 0.0;
    }
    for (int t = 0; t < instance->team_count; t++)
        h->team_first_hire[t] = -1;
    for (int k = 0; k < hires; k++) {
        instance_hire_slot(instance, k, &h->hire_team[k], &h->hire_k[k]);
        if (h->team_first_hire[h->hire_team[k]] < 0)
            h->team_first_hire[h->hire_team[k]] = k;
    }
    /* eligible pairs and their costs. Only the current worker and the assignees of
     * the teams of the child's service that cover its home (every such team when
     * cross_team is allowed) can be eligible, so only those are asked; the
     * candidates are taken in assignee order. */
    int teams = instance->team_count, places = instance->municipality_count;
    int *team_start = mem_calloc((size_t)teams + 2, sizeof(int));
    int *team_member = mem_alloc(na * sizeof(int));
    bool *covers = mem_alloc(((size_t)teams * (size_t)places + 1) * sizeof(bool));
    int *candidate = mem_alloc(na * sizeof(int));
    bool ok = team_start != NULL && team_member != NULL && covers != NULL && candidate != NULL;
    for (int a = 0; ok && a < assignees; a++) {
        int team = instance_assignee_team(instance, a);
        if (team >= 0)
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
            int team = instance_assignee_team(instance, a);
            if (team >= 0)
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
        /* (teams list their members in assignee order, so the candidates are
         * often sorted already but for the current worker put first: a part
         * where thousands of workers may take each child spent most of its
         * starting plan in this sort) */
        bool sorted = true;
        for (int k = 2; k < candidates && sorted; k++)
            sorted = candidate[k - 1] < candidate[k];
        if (sorted && candidates > 1 && child->worker >= 0) {
            int at = 1; /* insert the current worker where it belongs */
            while (at < candidates && candidate[at] < child->worker)
                at++;
            memmove(candidate, candidate + 1, (size_t)(at - 1) * sizeof *candidate);
            candidate[at - 1] = child->worker;
        } else if (!sorted || (candidates > 1 && candidate[0] > candidate[1])) {
            qsort(candidate, (size_t)candidates, sizeof *candidate, int_compare);
        }
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
            if (instance_assignee_team(instance, a) != cached_team) {
                cached_team = instance_assignee_team(instance, a);
                team_km = instance_pair_km(instance, c, a);
                team_cross = instance_cross_team(instance, c, a);
            }
            double cost = h->weight[TERM_KM] * team_km;
            if (child->worker >= 0 && a != child->worker)
                cost += h->weight[TERM_MOVE];
            if (team_cross)
                cost += h->weight[TERM_CROSS_TEAM];
            h->pair_assignee[count] = a;
            h->pair_cost[count] = cost;
            count++;
        }
    }
    mem_free(fill);
    mem_free(team_start);
    mem_free(team_member);
    mem_free(covers);
    mem_free(candidate);
    if (!ok)
        return false;
    h->pair_start[n] = count;
    return true;
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

/* over_cap and overload of worker w carrying `counted` counted children: the
 * k-th child above cap(w) costs over_cap + (b+k)·ρ(w)·overload, b the children it
 * carries above its cap outside the instance (instance_worker_overload). */
static double over_cap_cost(const struct heuristic *h, int w, int counted)
{
    int over = counted - h->cap[w];
    if (over <= 0)
        return 0.0;
    return h->weight[TERM_OVER_CAP] * over +
           (h->share[w] > 0.0 ? h->weight[TERM_OVERLOAD] * instance_worker_overload(h->instance, w, over) : 0.0);
}

/* Hires opened in team t (the highest k in use, rule (6)) if child counts change
 * by -1 at hire `removed` and +1 at hire `added` (-1: none). */
static int team_opened(const struct heuristic *h, int team, int removed, int added)
{
    int opened = 0;
    int hires = instance_hire_count(h->instance);
    for (int k = h->team_first_hire[team]; k >= 0 && k < hires && h->hire_team[k] == team; k++) {
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

/* Change of the objective when child c goes from its assignee to `to` (-1:
 * unassigned); INFINITY when a hard rule forbids it. `check_family` off skips the
 * hard sibling rule (for moving a whole group one child at a time). */
static double heuristic_delta(const struct heuristic *h, int c, int to, bool check_family)
{
    const struct instance *instance = h->instance;
    const double *w = h->weight;
    int from = h->assignee[c];
    if (from == to)
        return 0.0;
    double delta = 0.0;
    double omega = instance->children[c].weight;
    int kappa = h->counted[c] ? 1 : 0;
    if (to >= 0) {
        double cost = pair_cost(h, c, to);
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
            delta += over_cap_cost(h, to, h->counted_load[to] + kappa) -
                     over_cap_cost(h, to, h->counted_load[to]);
        delta += w[TERM_ABOVE_TARGET] *
                 (positive(h->load[to] + omega - h->target[to]) - positive(h->load[to] - h->target[to]));
    } else {
        delta += w[TERM_UNASSIGNED];
    }
    if (from >= 0) {
        delta -= pair_cost(h, c, from);
        if (from < instance->worker_count)
            delta += over_cap_cost(h, from, h->counted_load[from] - kappa) -
                     over_cap_cost(h, from, h->counted_load[from]);
        delta += w[TERM_ABOVE_TARGET] * (positive(h->load[from] - omega - h->target[from]) -
                                         positive(h->load[from] - h->target[from]));
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
    /* siblings (4) */
    int g = h->group_of[c];
    if (g >= 0) {
        int before = group_distinct(h, g, c, from);
        int after = group_distinct(h, g, c, to);
        if (h->hard) {
            if (check_family && after > 1 && after >= before)
                return INFINITY;
        } else {
            delta += w[TERM_FAMILY_SPLIT] * (positive(after - 1) - positive(before - 1));
        }
    }
    return delta;
}

static void heuristic_apply(struct heuristic *h, int c, int to)
{
    const struct instance *instance = h->instance;
    int from = h->assignee[c];
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
    }
    h->assignee[c] = to;
}

/* The best place for child c (its assignee included); *best_delta gets its change. */
static int heuristic_best(const struct heuristic *h, int c, double *best_delta)
{
    int best = h->assignee[c];
    double best_value = 0.0;
    double value = heuristic_delta(h, c, -1, true);
    if (value < best_value - 1e-9) {
        best = -1;
        best_value = value;
    }
    for (int p = h->pair_start[c]; p < h->pair_start[c + 1]; p++) {
        int a = h->pair_assignee[p];
        if (a == h->assignee[c])
            continue;
        value = heuristic_delta(h, c, a, true);
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
        if (h->assignee[c] == to || isnan(pair_cost(h, c, to)))
            continue;
        double delta = heuristic_delta(h, c, to, false);
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
    int kappa = h->counted[c] ? 1 : 0;
    double omega = h->instance->children[c].weight, cost = 0.0;
    if (to < h->instance->worker_count)
        cost += over_cap_cost(h, to, h->counted_load[to] + kappa) -
                over_cap_cost(h, to, h->counted_load[to]);
    cost += h->weight[TERM_ABOVE_TARGET] *
            (positive(h->load[to] + omega - h->target[to]) - positive(h->load[to] - h->target[to]));
    return cost;
}

/* An ejection chain: child c goes to `to`, which would pay only for lack of room,
 * and one child of `to` moves on to its best place. Made when the two together
 * lower the objective; otherwise the plan stays as it was. */
static bool heuristic_chain_move(struct heuristic *h, int c, int to)
{
    double first = heuristic_delta(h, c, to, true);
    if (!isfinite(first) || first - capacity_cost(h, c, to) >= -1e-9)
        return false;
    int from = h->assignee[c];
    heuristic_apply(h, c, to);
    int best_child = -1, best_place = -1;
    double best_total = -1e-9;
    for (int d = h->first_at[to]; d >= 0; d = h->next_at[d]) {
        if (d == c || h->instance->children[d].locked)
            continue;
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
static bool heuristic_improve(struct heuristic *h, const int *children, int count, bool chains,
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
    for (int pass = 0; pass < 100; pass++) {
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
                for (int p = h->pair_start[c];
                     p < h->pair_start[c + 1] &&
                     !(h->sweep_deadline > 0 && clock_seconds() > h->sweep_deadline);
                     p++)
                    if (h->pair_assignee[p] != h->assignee[c] &&
                        heuristic_chain_move(h, c, h->pair_assignee[p]))
                        improved = true;
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
static void heuristic_start(struct heuristic *h)
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

/* --- Parts ------------------------------------------------------------------ */

static int find_root(int *parent, int node)
{
    while (parent[node] != node) {
        parent[node] = parent[parent[node]];
        node = parent[node];
    }
    return node;
}

static void unite(int *parent, int a, int b)
{
    a = find_root(parent, a);
    b = find_root(parent, b);
    if (a != b) {
        if (a < b)
            parent[b] = a;
        else
            parent[a] = b;
    }
}

/* One independent part: its children and assignees in instance order. */
struct part {
    int *children;
    int child_count;
    int *assignees;
    int assignee_count;
    long size; /* eligible pairs + children: the share of time it gets */
};

static void parts_free(struct part *parts, int count)
{
    for (int i = 0; parts != NULL && i < count; i++) {
        mem_free(parts[i].children);
        mem_free(parts[i].assignees);
    }
    mem_free(parts);
}

static int part_compare(const void *left, const void *right)
{
    const struct part *a = left, *b = right;
    if (a->size != b->size)
        return a->size < b->size ? -1 : 1;
    int first_a = a->child_count > 0 ? a->children[0] : -1;
    int first_b = b->child_count > 0 ? b->children[0] : -1;
    return (first_a > first_b) - (first_a < first_b);
}

/* Split the instance into independent parts (or one part when !decompose),
 * smallest first. Children with no eligible assignee share one part. */
static bool make_parts(const struct heuristic *h, bool decompose, struct part **parts_out,
                       int *count_out)
{
    const struct instance *instance = h->instance;
    int n = instance->child_count, assignees = h->assignee_count;
    int nodes = n + assignees;
    int *parent = mem_alloc(((size_t)nodes + 1) * sizeof *parent);
    int *part_of = mem_alloc(((size_t)nodes + 1) * sizeof *part_of);
    struct part *parts = NULL;
    int count = 0;
    bool ok = parent != NULL && part_of != NULL;
    for (int v = 0; ok && v < nodes; v++) {
        parent[v] = decompose ? v : 0;
        part_of[v] = -1;
    }
    if (ok && decompose) {
        for (int c = 0; c < n; c++)
            for (int p = h->pair_start[c]; p < h->pair_start[c + 1]; p++)
                unite(parent, c, n + h->pair_assignee[p]);
        for (int g = 0; g < h->group_count; g++)
            for (int k = h->group_start[g] + 1; k < h->group_start[g + 1]; k++)
                unite(parent, h->group_child[h->group_start[g]], h->group_child[k]);
        int hires = instance_hire_count(instance);
        for (int k = 1; k < hires; k++)
            if (h->hire_team[k] == h->hire_team[k - 1])
                unite(parent, n + instance->worker_count + k - 1, n + instance->worker_count + k);
        /* children nobody may take: one part of their own together */
        int orphan = -1;
        for (int c = 0; c < n; c++) {
            if (h->pair_start[c] != h->pair_start[c + 1] || h->group_of[c] >= 0)
                continue;
            if (orphan < 0)
                orphan = c;
            else
                unite(parent, orphan, c);
        }
    }
    /* number the parts by their first child */
    int *root_part = part_of;
    for (int c = 0; ok && c < n; c++) {
        int root = find_root(parent, c);
        if (root_part[root] < 0)
            root_part[root] = count++;
    }
    parts = ok ? mem_calloc((size_t)count + 1, sizeof *parts) : NULL;
    ok = ok && parts != NULL;
    for (int c = 0; ok && c < n; c++) {
        struct part *part = &parts[root_part[find_root(parent, c)]];
        part->child_count++;
        part->size += 1 + h->pair_start[c + 1] - h->pair_start[c];
    }
    for (int a = 0; ok && a < assignees; a++) {
        int root = find_root(parent, n + a);
        if (root_part[root] >= 0)
            parts[root_part[root]].assignee_count++;
    }
    for (int i = 0; ok && i < count; i++) {
        parts[i].children = mem_alloc(((size_t)parts[i].child_count + 1) * sizeof(int));
        parts[i].assignees = mem_alloc(((size_t)parts[i].assignee_count + 1) * sizeof(int));
        ok = parts[i].children != NULL && parts[i].assignees != NULL;
        parts[i].child_count = parts[i].assignee_count = 0;
    }
    for (int c = 0; ok && c < n; c++) {
        struct part *part = &parts[root_part[find_root(parent, c)]];
        part->children[part->child_count++] = c;
    }
    for (int a = 0; ok && a < assignees; a++) {
        int root = find_root(parent, n + a);
        if (root_part[root] >= 0) {
            struct part *part = &parts[root_part[root]];
            part->assignees[part->assignee_count++] = a;
        }
    }
    mem_free(parent);
    mem_free(part_of);
    if (!ok) {
        parts_free(parts, count);
        return false;
    }
    qsort(parts, (size_t)count, sizeof *parts, part_compare);
    *parts_out = parts;
    *count_out = count;
    return true;
}

/* --- Branch-and-cut of one part --------------------------------------------- */

/* Relative gap that is rounding, not a gap: GLPK's bound and objective of the same
 * plan may differ in the last bits. */
#define GAP_ROUNDING 1e-12

/* How the search of a part was stopped by the callback. */
enum stop_reason { STOP_NONE, STOP_GAP, STOP_ROUND, STOP_TIME, STOP_INTERRUPT };

/* Passes of a solve: each runs over every part, on the threads. */
enum {
    PASS_ROOT = 1,   /* starting plan, local moves, team re-solve, LP, LP-rounded plan */
    PASS_FIRST = 2,  /* branch-and-cut, root cuts, a sub-MIP and a few nodes */
    PASS_SEARCH = 3  /* branch-and-cut until the part's new allowance or its time share */
};

/* Subproblems the first branch-and-cut pass may create in a part once its root
 * sub-MIP has run. A count, not a time: a part stopped by it ends the same on
 * every machine and with any number of threads. */
#define FIRST_PASS_NODES 16

/* The outcome of one part. */
struct part_result {
    bool has_plan;    /* local_assignee holds a plan */
    bool proven;      /* within its allowance of the gap, or optimal */
    bool infeasible;  /* proven to have no solution */
    double objective;
    double bound;
};

/* What the solve of one part carries from the first pass (starting plan, LP
 * bound) to the second (branch-and-cut). Written only by the thread working on
 * the part; read by the others only after the threads have been joined. */
struct part_job {
    bool skipped;             /* stopped before the part was looked at: it keeps the greedy plan */
    double greedy_objective;  /* the part's share of the greedy plan (NAN: not known yet) */
    bool start_ok;            /* the starting plan after local moves satisfies the part's model */
    double start_objective;
    double lp_bound;          /* LP bound (or the trivial bound when no LP optimum) */
    int *row_status;          /* basis of the LP optimum (NULL: none): 1 + rows */
    int *column_status;       /* 1 + columns */
    int row_count;
    double allowance;         /* absolute gap at which the part may stop */
    bool active;              /* searched in the current pass */
    bool over_limit;          /* its model would not fit in memory or time: heuristic plan only */
    double build_seconds;     /* estimated time to build its model (model_estimate) */
    int searches;             /* branch-and-cut runs on the part */
    struct part_result result;
};

/* State shared by the threads of one solve. `lock` serialises the queue of
 * parts, the first failure and the --trace lines; everything else a thread
 * writes belongs to its part alone (disjoint children and assignees). */
struct solve_shared {
    const struct instance *instance;
    const struct solve_options *options;
    struct heuristic *heuristic;     /* the plan of the whole instance; scratch is per thread */
    struct part *parts;
    int part_count;
    struct part_job *jobs;
    int *local_of;                   /* instance assignee -> local assignee of its part */
    double started;                  /* clock_seconds() at solve_instance's start */
    double deadline;                 /* started + time limit */
    int pass;                        /* PASS_ROOT, PASS_FIRST or PASS_SEARCH */
    double unavoidable;              /* unassigned × the children nobody may take */
    int threads;
    pthread_mutex_t lock;
    int next;                        /* parts are taken largest first: next to take is next - 1 */
    long size_pending;               /* size of the active parts not finished in this pass */
    atomic_bool failed;              /* a thread failed: the others stop */
    char error[256];                 /* the first failure */
    /* --trace: the whole plan is the starting plan with each part's best plan in
     * place of its own; the bound is the sum of the parts' bounds (0 for a part
     * with none yet: every weight is >= 0) */
    FILE *trace;
    double start_whole;              /* objective of the starting plan */
    double *trace_objective;         /* per part: best plan known (NAN: the starting plan's) */
    double *trace_bound;             /* per part: proven bound */
    double last_progress;            /* clock_seconds() of the last whole-plan progress line */
    double memory_budget;            /* bytes the models of one thread may take */
    long total_size;                 /* sum of the parts' sizes */
};

/* Write one line "seconds part event objective bound gap"; part 0 is the whole.
 * Call with shared->lock held. */
static void trace_line(struct solve_shared *shared, int part, const char *event, double objective,
                       double bound)
{
    double gap = isfinite(objective) ? fmax(0.0, objective - bound) / fmax(1.0, fabs(objective))
                                     : INFINITY;
    fprintf(shared->trace, "%.3f\t%d/%d\t%s\t%.10g\t%.10g\t%.6g\n", clock_seconds() - shared->started,
            part, shared->part_count, event, objective, bound, gap);
}

/* Record part `index`'s best plan and bound (NAN: unchanged) and write a line
 * for it in terms of the whole plan: to --trace, and with progress on, to
 * standard error at most once a second (the plan and gap Ctrl-C would give). */
static void trace_part(struct solve_shared *shared, int index, const char *event, double objective,
                       double bound)
{
    if (shared->trace == NULL && !shared->options->progress)
        return;
    pthread_mutex_lock(&shared->lock);
    if (!isnan(objective))
        shared->trace_objective[index] = objective;
    if (!isnan(bound) && bound > shared->trace_bound[index])
        shared->trace_bound[index] = bound;
    double whole = shared->start_whole, whole_bound = 0.0;
    for (int i = 0; i < shared->part_count; i++) {
        const struct part_job *job = &shared->jobs[i];
        if (!isnan(shared->trace_objective[i]))
            whole += shared->trace_objective[i] - job->greedy_objective;
        whole_bound += shared->trace_bound[i] > 0 ? shared->trace_bound[i] : 0.0;
    }
    if (shared->trace != NULL)
        trace_line(shared, index + 1, event, whole, whole_bound);
    double now = clock_seconds();
    if (shared->options->progress && now - shared->last_progress >= 1.0) {
        shared->last_progress = now;
        fprintf(stderr, "caseload: %.1f s: whole plan %.1f, bound %.1f, gap %.2f %%\n",
                now - shared->started, whole, whole_bound,
                100.0 * fmax(0.0, whole - whole_bound) / fmax(1.0, fabs(whole)));
    }
    pthread_mutex_unlock(&shared->lock);
}

/* Whether the search must stop now: Ctrl-C or another thread failed. */
static bool must_stop(const struct solve_shared *shared)
{
    return interrupted(shared->options) || atomic_load(&shared->failed);
}

/* Whether GLPK's memory in this thread has reached the thread's budget: a
 * search stops there with its best plan, so that a tree that keeps growing
 * never takes GLPK to its out-of-memory abort. */
static bool memory_exhausted(const struct solve_shared *shared)
{
    size_t total = 0;
    glp_mem_usage(NULL, NULL, &total, NULL);
    return (double)total > shared->memory_budget;
}

/* What the callback needs and records. */
struct part_search {
    const struct model *model;
    const struct solve_options *options;
    const double *start;       /* column values of the starting plan, or NULL */
    bool start_given;
    double bound;              /* best proven bound seen */
    double deadline;           /* clock_seconds() at which to stop */
    double solve_started;      /* clock_seconds() at solve_instance's start */
    double last_report;
    int part_number, part_total;
    enum stop_reason stop;
    /* rounding the LP solution of a node into a plan and improving it */
    struct heuristic *heuristic; /* the plan of the whole instance; this part's children change */
    const int *local_of;       /* instance assignee -> local assignee of this part */
    int *plan;                 /* scratch: local assignee per local child */
    double *values;            /* scratch: column values */
    struct rank *rank;         /* scratch: order of rounding */
    int next_rounding;         /* subproblems created before rounding runs again */
    bool pending;              /* values hold a plan to hand to GLPK at the next GLP_IHEUR */
    bool failed;               /* out of memory in the heuristic: stop using it */
    int next_sub_mip;          /* subproblems created before the next sub-MIP runs */
    int sub_mips;              /* sub-MIPs run */
    bool sub_pending;          /* sub_values hold a better plan for the next GLP_IHEUR */
    double *sub_values;        /* scratch: column values of the sub-MIP's plan */
    int lp_rounds;             /* restricted LPs solved for the root LP */
    double allowance;          /* absolute gap at which the part may stop (its share of the whole's) */
    double unavoidable;        /* the part's constant: unassigned × its children nobody may take */
    int node_limit;            /* subproblems at which to stop once the root's sub-MIP ran (0: none) */
    struct solve_shared *shared; /* the solve's threads, queue and trace */
    int part_index;            /* part_number - 1 */
    double trace_objective;    /* the part's plan and bound in the last trace line */
    double trace_bound;
    double last_bound_line;    /* clock_seconds() of the last "bound" line */
    struct cuts *cuts;         /* our own cuts (cuts.h), NULL: none */
};

/* A child's strongest pair in an LP solution. */
struct rank {
    double value; /* x of the pair (or u) */
    int local;    /* local child */
    int target;   /* local assignee, -1 for unassigned */
};

static int rank_compare(const void *left, const void *right)
{
    const struct rank *a = left, *b = right;
    if (a->value != b->value)
        return a->value > b->value ? -1 : 1;
    return (a->local > b->local) - (a->local < b->local);
}

/* The heuristic's plan for this part in local numbering; keep it in `values` to
 * hand over when it is feasible and better than GLPK's incumbent. */
static void search_offer_plan(struct part_search *search, glp_prob *problem)
{
    const struct model *model = search->model;
    for (int i = 0; i < model->child_count; i++) {
        int a = search->heuristic->assignee[model->children[i]];
        search->plan[i] = a >= 0 ? search->local_of[a] : -1;
    }
    char reason[256];
    if (!model_values_from_assignment(model, search->plan, search->values) ||
        !model_check_values(model, search->values, reason, sizeof reason))
        return;
    double objective = model_objective(model, search->values);
    int status = glp_mip_status(problem);
    bool better = status != GLP_FEAS && status != GLP_OPT;
    if (!better)
        better = objective < glp_mip_obj_val(problem) - 1e-6 * fmax(1.0, fabs(objective));
    if (better)
        search->pending = true;
}

/* Round the LP solution of the current node: each child, strongest pair first,
 * to the assignee of its largest x when the hard rules allow, else where the
 * objective rises least; then improve by local moves. */
static void search_round(struct part_search *search, glp_prob *problem)
{
    const struct model *model = search->model;
    struct heuristic *h = search->heuristic;
    for (int i = 0; i < model->child_count; i++) {
        struct rank *rank = &search->rank[i];
        rank->local = i;
        rank->target = -1;
        rank->value = glp_get_col_prim(problem, model->u_column[i]);
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++) {
            double x = glp_get_col_prim(problem, model->x_column[p]);
            if (x > rank->value + 1e-9) {
                rank->value = x;
                rank->target = model->pair_assignee[p];
            }
        }
        heuristic_apply(h, model->children[i], -1);
    }
    qsort(search->rank, (size_t)model->child_count, sizeof *search->rank, rank_compare);
    for (int i = 0; i < model->child_count; i++) {
        int c = model->children[search->rank[i].local];
        int target = search->rank[i].target;
        if (target >= 0) {
            int a = model->assignees[target];
            if (isfinite(heuristic_delta(h, c, a, true))) {
                heuristic_apply(h, c, a);
                continue;
            }
        }
        double delta;
        int best = heuristic_best(h, c, &delta);
        if (best >= 0)
            heuristic_apply(h, c, best);
    }
    if (!heuristic_improve(h, model->children, model->child_count, true, search->deadline)) {
        search->failed = true;
        return;
    }
    search_offer_plan(search, problem);
}

/* Improve GLPK's new incumbent by local moves. */
static void search_polish(struct part_search *search, glp_prob *problem)
{
    const struct model *model = search->model;
    struct heuristic *h = search->heuristic;
    model_read_assignment(model, search->plan);
    for (int i = 0; i < model->child_count; i++)
        heuristic_apply(h, model->children[i], -1);
    for (int i = 0; i < model->child_count; i++)
        if (search->plan[i] >= 0)
            heuristic_apply(h, model->children[i], model->assignees[search->plan[i]]);
    if (!heuristic_improve(h, model->children, model->child_count, true, search->deadline)) {
        search->failed = true;
        return;
    }
    search_offer_plan(search, problem);
}

/* Milliseconds left until the part's deadline, for GLPK's tm_lim. */
static int milliseconds_left(const struct part_search *search)
{
    double seconds = search->deadline - clock_seconds();
    if (seconds <= 0)
        return 1;
    return seconds * 1000.0 < 1e9 ? (int)(seconds * 1000.0) + 1 : INT_MAX;
}

/* The sub-MIP's own search: it starts from the part's incumbent and stops after
 * a fixed number of subproblems (so that its result does not depend on the
 * machine's speed), at the part's deadline or when interrupted. */
struct sub_search {
    const double *start; /* incumbent of the part: a plan of the sub-MIP too */
    bool start_given;
    int node_limit;
    double deadline;
    struct solve_shared *shared;
};

static void sub_callback(glp_tree *tree, void *info)
{
    struct sub_search *sub = info;
    if (glp_ios_reason(tree) == GLP_IHEUR && !sub->start_given) {
        sub->start_given = true;
        glp_ios_heur_sol(tree, sub->start);
    }
    int active, nodes, created;
    glp_ios_tree_size(tree, &active, &nodes, &created);
    if (created >= sub->node_limit || clock_seconds() >= sub->deadline || must_stop(sub->shared) ||
        memory_exhausted(sub->shared))
        glp_ios_terminate(tree);
}

/* Branch-and-cut on a sub-MIP from its LP optimum, with MIR and cover cuts, under
 * sub_callback and `state` (its start, node limit, deadline). */
static void sub_intopt(glp_prob *problem, struct sub_search *state)
{
    glp_iocp parameters;
    glp_init_iocp(&parameters);
    parameters.msg_lev = GLP_MSG_OFF;
    parameters.presolve = GLP_OFF; /* keep the columns the start is written for */
    parameters.mir_cuts = GLP_ON;
    parameters.cov_cuts = GLP_ON;
    parameters.cb_func = sub_callback;
    parameters.cb_info = state;
    double seconds = state->deadline - clock_seconds();
    parameters.tm_lim = seconds <= 0 ? 1 : (int)(seconds * 1000.0) + 1;
    glp_intopt(problem, &parameters);
}

/* Subproblems a sub-MIP on `free_pairs` free pairs may create: 10^6 / free
 * pairs, within [50, 2000]. A node of a county's open-care part (19,000 free
 * pairs) takes about 40 ms; after the team re-solve and the LP-rounded plan,
 * more nodes seldom found more. A count, not a time, so that the plan is the
 * same on every machine. */
static int sub_mip_node_limit(int free_pairs)
{
    long nodes = free_pairs > 0 ? 1000000L / free_pairs : 2000;
    return nodes < 50 ? 50 : nodes > 2000 ? 2000 : (int)nodes;
}

/* Primal heuristic of a node (RINS-like, on the LP support): a copy of the part's
 * problem (with the cuts found so far) in which child c keeps only its pairs with
 * the assignees of the teams that its LP solution, the incumbent or the starting
 * plan use; every other x is fixed at 0. Workers of one team share the office and
 * the area, so a child's team is what the LP decides; which worker of the team takes
 * it is what capacity decides, and the sub-MIP searches exactly that. The sub-MIP
 * starts from the LP basis and the incumbent, and its best plan is handed to the
 * part's search at the next GLP_IHEUR. Its bound is never used: only its plan,
 * which is a plan of the whole part. */
static void search_sub_mip(struct part_search *search, glp_prob *problem)
{
    const struct model *model = search->model;
    const struct instance *instance = model->instance;
    if (glp_mip_status(problem) != GLP_FEAS)
        return;
    int *stamp = mem_alloc(((size_t)instance->team_count + 1) * sizeof *stamp);
    if (stamp == NULL) {
        search->failed = true;
        return;
    }
    for (int t = 0; t < instance->team_count; t++)
        stamp[t] = -1;
    /* the incumbent, compacted below into the sub-MIP's numbering as its start; a
     * buffer of its own, so that a better plan still waiting in sub_values for
     * the next GLP_IHEUR is never overwritten by one that is not better */
    double *start = mem_alloc(((size_t)model->column_count + 1) * sizeof *start);
    if (start == NULL) {
        mem_free(stamp);
        search->failed = true;
        return;
    }
    glp_prob *sub = glp_create_prob();
    glp_copy_prob(sub, problem, GLP_OFF);
    for (int c = 1; c <= model->column_count; c++)
        start[c] = glp_mip_col_val(problem, c);
    int free_pairs = 0;
    for (int i = 0; i < model->child_count; i++) {
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++) {
            int column = model->x_column[p];
            if (glp_get_col_prim(problem, column) > 1e-6 || start[column] > 0.5 ||
                (search->start != NULL && search->start[column] > 0.5))
                stamp[instance_assignee_team(instance, model->assignees[model->pair_assignee[p]])] = i;
        }
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++) {
            int team = instance_assignee_team(instance, model->assignees[model->pair_assignee[p]]);
            if (stamp[team] == i)
                free_pairs++;
            else
                glp_set_col_bnds(sub, model->x_column[p], GLP_FX, 0.0, 0.0);
        }
    }
    mem_free(stamp);
    /* drop the held columns that are non-basic (at 0): the basis stays valid and
     * every node LP of the sub-MIP works on a third of the columns. kept[c] is the
     * sub-MIP's column of the part's column c, 0 when dropped. */
    int *kept = mem_alloc(((size_t)model->column_count + 1) * sizeof *kept);
    int *dropped = mem_alloc(((size_t)model->column_count + 1) * sizeof *dropped);
    if (kept == NULL || dropped == NULL) {
        mem_free(kept);
        mem_free(dropped);
        mem_free(start);
        glp_delete_prob(sub);
        search->failed = true;
        return;
    }
    int dropped_count = 0, kept_count = 0;
    for (int c = 1; c <= model->column_count; c++) {
        if (glp_get_col_type(sub, c) == GLP_FX && glp_get_col_ub(sub, c) == 0.0 &&
            glp_get_col_stat(sub, c) != GLP_BS) {
            dropped[++dropped_count] = c;
            kept[c] = 0;
        } else {
            kept[c] = ++kept_count;
            start[kept_count] = start[c]; /* kept_count <= c */
        }
    }
    if (dropped_count > 0)
        glp_del_cols(sub, dropped_count, dropped);
    mem_free(dropped);
    double started = clock_seconds();
    struct sub_search state = {
        .start = start,
        .node_limit = sub_mip_node_limit(free_pairs),
        .deadline = started + 0.5 * (search->deadline - started),
        .shared = search->shared,
    };
    glp_smcp simplex;
    glp_init_smcp(&simplex);
    simplex.msg_lev = GLP_MSG_OFF;
    simplex.meth = GLP_PRIMAL;
    simplex.tm_lim = milliseconds_left(search);
    int status = glp_simplex(sub, &simplex);
    if (status == 0 && glp_get_status(sub) == GLP_OPT) {
        sub_intopt(sub, &state);
        int mip = glp_mip_status(sub);
        if ((mip == GLP_OPT || mip == GLP_FEAS) &&
            glp_mip_obj_val(sub) < glp_mip_obj_val(problem) - 1e-6 * fmax(1.0, fabs(glp_mip_obj_val(sub)))) {
            for (int c = 1; c <= model->column_count; c++)
                search->sub_values[c] = kept[c] > 0 ? glp_mip_col_val(sub, kept[c]) : 0.0;
            search->sub_pending = true;
        }
    }
    mem_free(kept);
    mem_free(start);
    search->sub_mips++;
    if (search->options->progress) {
        char plan_text[32];
        progress_number(glp_mip_status(sub) == GLP_OPT || glp_mip_status(sub) == GLP_FEAS
                            ? glp_mip_obj_val(sub) : NAN, 1, false, plan_text, sizeof plan_text);
        fprintf(stderr, "caseload: part %d/%d: sub-MIP %d on %d of %d pairs: %s in %.1f s\n",
                search->part_number, search->part_total, search->sub_mips, free_pairs,
                model->pair_count, plan_text, clock_seconds() - started);
    }
    glp_delete_prob(sub);
}

static void search_callback(glp_tree *tree, void *info)
{
    struct part_search *search = info;
    int reason = glp_ios_reason(tree);
    glp_prob *problem = glp_ios_get_prob(tree);
    int active, nodes, created;
    glp_ios_tree_size(tree, &active, &nodes, &created);
    if (reason == GLP_ICUTGEN)
        cuts_separate(search->cuts, tree);
    if (reason == GLP_IHEUR && search->start != NULL && !search->start_given) {
        search->start_given = true;
        glp_ios_heur_sol(tree, search->start);
    }
    if (reason == GLP_IHEUR && search->sub_pending) {
        search->sub_pending = false;
        /* GLPK takes a heuristic solution without checking its rows: check them */
        char reason_text[256];
        if (model_check_values(search->model, search->sub_values, reason_text, sizeof reason_text))
            glp_ios_heur_sol(tree, search->sub_values);
    }
    if (search->heuristic != NULL && !search->failed && search->stop == STOP_NONE) {
        /* on a schedule of subproblems, not of time, so that runs are alike */
        if (reason == GLP_IBRANCH && created >= search->next_sub_mip) {
            search_sub_mip(search, problem);
            search->next_sub_mip = 4 * (created > 64 ? created : 64);
        }
        if (reason == GLP_IHEUR && created >= search->next_rounding) {
            search_round(search, problem);
            search->next_rounding = 2 * created;
        } else if (reason == GLP_IBINGO) {
            search_polish(search, problem);
        }
        if (reason == GLP_IHEUR && search->pending) {
            search->pending = false;
            glp_ios_heur_sol(tree, search->values);
        }
    }
    int best = glp_ios_best_node(tree);
    if (best != 0) {
        double bound = glp_ios_node_bound(tree, best);
        if (bound > -DBL_MAX / 2 && bound > search->bound)
            search->bound = bound;
    }
    bool have_plan = glp_mip_status(problem) == GLP_FEAS || glp_mip_status(problem) == GLP_OPT;
    double objective = have_plan ? glp_mip_obj_val(problem) : 0.0;
    double gap = have_plan && search->bound > -DBL_MAX / 2
                     ? solve_relative_gap(objective, search->bound, search->unavoidable)
                     : INFINITY;
    double now = clock_seconds();
    if (search->shared->trace != NULL || search->options->progress) {
        if (have_plan && !(objective >= search->trace_objective - 1e-9)) {
            search->trace_objective = objective;
            search->trace_bound = fmax(search->trace_bound, search->bound);
            trace_part(search->shared, search->part_index, "plan", objective, search->bound);
        } else if (search->bound > search->trace_bound + 1e-9 && now - search->last_bound_line >= 0.1) {
            search->trace_bound = search->bound;
            search->last_bound_line = now;
            trace_part(search->shared, search->part_index, "bound", NAN, search->bound);
        }
    }
    if (search->options->progress && now - search->last_report >= 1.0) {
        search->last_report = now;
    {
        char plan_text[32], bound_text[32], gap_text[32];
        progress_number(have_plan ? objective : NAN, 1, false, plan_text, sizeof plan_text);
        progress_number(search->bound, 1, false, bound_text, sizeof bound_text);
        progress_number(have_plan ? 100.0 * gap : NAN, 2, true, gap_text, sizeof gap_text);
        fprintf(stderr, "caseload: part %d/%d (%d children): %.1f s, plan %s, bound %s, gap %s\n",
                search->part_number, search->part_total, search->model->child_count,
                now - search->solve_started, plan_text, bound_text, gap_text);
    }
    }
    if (search->stop != STOP_NONE)
        return;
    if (have_plan && (gap <= search->options->gap + GAP_ROUNDING ||
                      objective - search->bound <= search->allowance)) {
        search->stop = STOP_GAP;
        glp_ios_terminate(tree);
    } else if (search->node_limit > 0 && search->next_sub_mip > 0 && created >= search->node_limit) {
        /* (next_sub_mip > 0: the root's sub-MIP has been tried) */
        search->stop = STOP_ROUND;
        glp_ios_terminate(tree);
    } else if (must_stop(search->shared)) {
        search->stop = STOP_INTERRUPT;
        glp_ios_terminate(tree);
    } else if (now >= search->deadline || memory_exhausted(search->shared)) {
        search->stop = STOP_TIME;
        glp_ios_terminate(tree);
    }
}

/* What no plan of the part can avoid: unassigned for each child with no pair. */
static double model_unavoidable(const struct model *model)
{
    int orphans = 0;
    for (int i = 0; i < model->child_count; i++)
        orphans += model->pair_start[i] == model->pair_start[i + 1];
    return orphans * model->instance->rules.weights[TERM_UNASSIGNED];
}

/* A lower bound that needs no solving: the objective with every column at the
 * end of its range that costs least. */
static double trivial_bound(const struct model *model)
{
    double bound = glp_get_obj_coef(model->problem, 0);
    for (int column = 1; column <= model->column_count; column++) {
        double cost = glp_get_obj_coef(model->problem, column);
        if (cost >= 0) {
            int type = glp_get_col_type(model->problem, column);
            if (type == GLP_LO || type == GLP_DB || type == GLP_FX)
                bound += cost * glp_get_col_lb(model->problem, column);
            else
                return -DBL_MAX;
        } else {
            int type = glp_get_col_type(model->problem, column);
            if (type == GLP_UP || type == GLP_DB || type == GLP_FX)
                bound += cost * glp_get_col_ub(model->problem, column);
            else
                return -DBL_MAX;
        }
    }
    return bound;
}

/* --- Size limits -------------------------------------------------------------- */

/* The counts of the model of `children` and `assignees` (the assignees of one
 * team when `team` >= 0, else of a whole part) from the heuristic's eligible
 * pairs, so that nothing need be built to know its size. Sibling groups are
 * the instance's: an upper bound for a team's model. */
static void count_model(const struct heuristic *h, const int *children, int child_count,
                        const int *assignees, int assignee_count, int team,
                        struct model_counts *counts)
{
    const struct instance *instance = h->instance;
    memset(counts, 0, sizeof *counts);
    counts->children = child_count;
    counts->assignees = assignee_count;
    for (int j = 0; j < assignee_count; j++)
        counts->hires += assignees[j] >= instance->worker_count;
    double grouped = 0.0;
    for (int k = 0; k < child_count; k++) {
        int c = children[k];
        double pairs = 0.0, hire_pairs = 0.0;
        for (int p = h->pair_start[c]; p < h->pair_start[c + 1]; p++) {
            int a = h->pair_assignee[p];
            if (team >= 0 && instance_assignee_team(instance, a) != team)
                continue;
            pairs++;
            hire_pairs += a >= instance->worker_count;
        }
        counts->pairs += pairs;
        counts->hire_pairs += hire_pairs;
        if (h->group_of[c] >= 0) {
            counts->group_pairs += pairs;
            grouped++;
        }
    }
    counts->groups = floor(grouped / 2.0);
}

/* Whether a model of `counts` fits a thread's memory budget and can be built
 * before `deadline`; *size gets its estimate. */
static bool model_fits(const struct solve_shared *shared, const struct model_counts *counts,
                       double deadline, struct model_size *size)
{
    model_estimate(shared->instance, counts, MODEL_SIBLINGS_PER_CHILD, size);
    return size->bytes <= shared->memory_budget && clock_seconds() + size->build_seconds <= deadline;
}

/* A lower bound on part `index`'s objective that needs no model. Every child
 * pays at least its cheapest pair (move, cross-team and km) or, when it may be
 * left unassigned, `unassigned` if that is less: m(c). Summing the legal cap
 * rows (2) over the part's assignees, the counted children beyond the part's
 * whole capacity are each over a cap (over_cap) or unassigned (which costs
 * unassigned - m(c) more than m(c)); every other term is >= 0. */
static double simple_bound(const struct heuristic *h, const struct part *part)
{
    const struct instance *instance = h->instance;
    const double *w = h->weight;
    double bound = 0.0, margin = w[TERM_OVER_CAP], counted = 0.0, capacity = 0.0;
    for (int k = 0; k < part->child_count; k++) {
        int c = part->children[k];
        bool locked = instance->children[c].locked;
        double least = locked ? INFINITY : w[TERM_UNASSIGNED];
        for (int p = h->pair_start[c]; p < h->pair_start[c + 1]; p++)
            least = fmin(least, h->pair_cost[p]);
        if (!isfinite(least))
            continue; /* (a locked child always has its worker's pair) */
        bound += least;
        if (h->counted[c]) {
            counted++;
            if (!locked)
                margin = fmin(margin, w[TERM_UNASSIGNED] - least);
        }
    }
    for (int j = 0; j < part->assignee_count; j++)
        capacity += h->cap[part->assignees[j]];
    return bound + fmax(0.0, margin) * fmax(0.0, counted - capacity);
}

/* --- One part, in two passes ---------------------------------------------- */

/* What one thread holds while it works on a part, on the heap so that it
 * survives a jump out of GLPK. */
struct solver_thread {
    struct solve_shared *shared;
    struct heuristic heuristic; /* the shared one, but with its own scratch */
    struct model model;
    double *values;             /* column values of the starting plan */
    int *start_local;           /* the starting plan in the part's numbering */
    int *local_assignee;        /* the part's best plan */
    int *plan;                  /* scratch of the rounding heuristic */
    double *search_values;
    struct rank *rank;
    double *sub_values;
    struct model_guard guard;
};

/* Free the model and buffers of the part the worker was on. */
static void thread_clear(struct solver_thread *worker)
{
    model_free(&worker->model);
    memset(&worker->model, 0, sizeof worker->model);
    mem_free(worker->values);
    mem_free(worker->start_local);
    mem_free(worker->local_assignee);
    mem_free(worker->plan);
    mem_free(worker->search_values);
    mem_free(worker->rank);
    mem_free(worker->sub_values);
    worker->values = worker->search_values = worker->sub_values = NULL;
    worker->start_local = worker->local_assignee = worker->plan = NULL;
    worker->rank = NULL;
}

/* The heuristic's plan of part `index` into start_local and values. */
static void thread_read_plan(struct solver_thread *worker, int index, bool *plan_ok, double *objective)
{
    struct solve_shared *shared = worker->shared;
    const struct part *part = &shared->parts[index];
    for (int k = 0; k < part->child_count; k++) {
        int a = worker->heuristic.assignee[part->children[k]];
        worker->start_local[k] = a >= 0 ? shared->local_of[a] : -1;
    }
    char reason[256];
    *plan_ok = model_values_from_assignment(&worker->model, worker->start_local, worker->values) &&
               model_check_values(&worker->model, worker->values, reason, sizeof reason);
    *objective = *plan_ok ? model_objective(&worker->model, worker->values) : NAN;
}

/* Build part `index`'s model and its buffers, and put the plan the heuristic
 * holds into the part's numbering (start_local and values). Returns false when
 * memory runs out; *plan_ok says whether that plan satisfies the model, and
 * *objective is then its objective. */
static bool thread_build(struct solver_thread *worker, int index, bool *plan_ok, double *objective)
{
    struct solve_shared *shared = worker->shared;
    const struct part *part = &shared->parts[index];
    char error[256];
    if (!model_build(shared->instance, part->children, part->child_count, part->assignees,
                     part->assignee_count, MODEL_SIBLINGS_PER_CHILD, &worker->model, error,
                     sizeof error))
        return false;
    size_t columns = (size_t)worker->model.column_count + 1, children = (size_t)part->child_count + 1;
    worker->values = mem_alloc(columns * sizeof(double));
    worker->start_local = mem_alloc(children * sizeof(int));
    worker->local_assignee = mem_alloc(children * sizeof(int));
    worker->plan = mem_alloc(children * sizeof(int));
    worker->search_values = mem_alloc(columns * sizeof(double));
    worker->rank = mem_alloc(children * sizeof(struct rank));
    worker->sub_values = mem_alloc(columns * sizeof(double));
    if (worker->values == NULL || worker->start_local == NULL || worker->local_assignee == NULL ||
        worker->plan == NULL || worker->search_values == NULL || worker->rank == NULL ||
        worker->sub_values == NULL)
        return false;
    for (int j = 0; j < part->assignee_count; j++)
        shared->local_of[part->assignees[j]] = j;
    thread_read_plan(worker, index, plan_ok, objective);
    return true;
}

/* Local moves may take this share of the time limit per part, the team re-solve
 * this one: safeguards for parts of tens of thousands of children (they usually
 * need far less). */
#define LOCAL_MOVES_SHARE 0.02
#define TEAM_SHARE 0.1

/* The deadline of a step that may take `share` of the time limit from now, and
 * never past the solve's deadline. */
static double share_deadline(const struct solve_shared *shared, double share)
{
    return fmin(shared->deadline,
                clock_seconds() + share * fmax(0.0, shared->options->time_limit));
}

/* Subproblems a team's MIP may create (see improve_by_team). */
#define TEAM_NODE_LIMIT 200

/* Re-solve the heuristic's plan of one part team by team. The children the plan
 * gives to team t's assignees and those assignees form a model of their own:
 * with every other child where the plan has it, the rest of the objective is a
 * constant (a family split across teams adds the same count whatever t does), so
 * the optimum of that small model, which GLPK finds in a few hundred subproblems
 * at most, is the best plan in which every child stays in its team. Local moves
 * change one or two children at a time; this reshuffles a whole team at once,
 * which is what the capacity of its workers asks for. Stops at `deadline` or a
 * node limit per team, never on a clock otherwise, so its plan is the same on
 * every machine. Call inside a model_guard. Returns false when memory runs out. */
static bool improve_by_team(struct solver_thread *worker, int index, double deadline)
{
    struct solve_shared *shared = worker->shared;
    const struct instance *instance = shared->instance;
    const struct part *part = &shared->parts[index];
    struct heuristic *h = &worker->heuristic;
    size_t children = (size_t)part->child_count + 1, assignees = (size_t)part->assignee_count + 1;
    int *team_children = mem_alloc(children * sizeof *team_children);
    int *team_assignees = mem_alloc(assignees * sizeof *team_assignees);
    int *plan = mem_alloc(children * sizeof *plan);
    int *local = mem_alloc(((size_t)h->assignee_count + 1) * sizeof *local);
    bool *done = mem_calloc((size_t)instance->team_count + 1, sizeof *done); /* per team */
    bool ok = team_children != NULL && team_assignees != NULL && plan != NULL && local != NULL &&
              done != NULL;
    for (int first = 0; ok && first < part->assignee_count; first++) {
        /* team t once: at its first assignee in the part */
        int team = instance_assignee_team(instance, part->assignees[first]);
        if (done[team])
            continue;
        done[team] = true;
        if (clock_seconds() >= deadline || must_stop(shared))
            break;
        int assignee_count = 0, child_count = 0;
        for (int j = first; j < part->assignee_count; j++)
            if (instance_assignee_team(instance, part->assignees[j]) == team) {
                local[part->assignees[j]] = assignee_count;
                team_assignees[assignee_count++] = part->assignees[j];
            }
        for (int k = 0; k < part->child_count; k++) {
            int a = h->assignee[part->children[k]];
            if (a >= 0 && instance_assignee_team(instance, a) == team) {
                plan[child_count] = local[a];
                team_children[child_count++] = part->children[k];
            }
        }
        /* (a team alone in its part is the part's own model: the branch-and-cut
         * passes search it) */
        if (child_count < 2 || assignee_count < 2 || assignee_count == part->assignee_count)
            continue;
        struct model_counts counts;
        struct model_size size;
        count_model(h, team_children, child_count, team_assignees, assignee_count, team, &counts);
        if (!model_fits(shared, &counts, deadline, &size))
            continue; /* too large for the memory or the time left */
        struct model model;
        char error[256];
        if (!model_build(instance, team_children, child_count, team_assignees, assignee_count,
                         MODEL_SIBLINGS_PER_CHILD, &model, error, sizeof error)) {
            ok = false;
            break;
        }
        double *values = mem_alloc(((size_t)model.column_count + 1) * sizeof *values);
        char reason[256];
        if (values == NULL) {
            ok = false;
        } else if (model_values_from_assignment(&model, plan, values) &&
                   model_check_values(&model, values, reason, sizeof reason)) {
            double before = model_objective(&model, values);
            int status = model_solve_relaxation(&model, plan, deadline - clock_seconds(), NULL);
            if (status == 0 && glp_get_status(model.problem) == GLP_OPT &&
                glp_get_obj_val(model.problem) < before - 1e-6 * fmax(1.0, fabs(before))) {
                struct sub_search state = {
                    .start = values,
                    .node_limit = TEAM_NODE_LIMIT,
                    .deadline = deadline,
                    .shared = shared,
                };
                sub_intopt(model.problem, &state);
                int mip = glp_mip_status(model.problem);
                if ((mip == GLP_OPT || mip == GLP_FEAS) &&
                    glp_mip_obj_val(model.problem) < before - 1e-6 * fmax(1.0, fabs(before))) {
                    model_read_assignment(&model, plan);
                    for (int i = 0; i < child_count; i++)
                        heuristic_apply(h, team_children[i],
                                        plan[i] >= 0 ? team_assignees[plan[i]] : -1);
                }
            }
        }
        mem_free(values);
        model_free(&model);
    }
    mem_free(team_children);
    mem_free(team_assignees);
    mem_free(plan);
    mem_free(local);
    mem_free(done);
    return ok;
}

/* A second starting plan, from the LP optimum of part `index` (in its model's
 * problem): each child rounded to its largest x where the rules allow, local
 * moves, the team re-solve and local moves again. The LP is nearly integral,
 * so this plan takes the LP's choice of team for almost every child, which the
 * starting plan, built child by child, cannot see (on four generated counties
 * it closes 80 % or more of the gap left in two of the parts that have one, in
 * 0.3 s each). It replaces the starting plan when it is better; else the
 * starting plan is put back. Returns false when memory runs out. */
static bool improve_from_lp(struct solver_thread *worker, int index)
{
    struct solve_shared *shared = worker->shared;
    const struct part *part = &shared->parts[index];
    struct part_job *job = &shared->jobs[index];
    const struct model *model = &worker->model;
    double improve_deadline = share_deadline(shared, LOCAL_MOVES_SHARE);
    double team_deadline = share_deadline(shared, TEAM_SHARE);
    /* the starting plan, to put back (local_assignee is free in this pass) */
    int *saved = worker->local_assignee;
    memcpy(saved, worker->start_local, (size_t)part->child_count * sizeof *saved);
    double saved_objective = job->start_objective;
    struct part_search round = {
        .model = model,
        .options = shared->options,
        .deadline = improve_deadline,
        .heuristic = &worker->heuristic,
        .local_of = shared->local_of,
        .plan = worker->plan,
        .values = worker->search_values,
        .rank = worker->rank,
        .shared = shared,
    };
    search_round(&round, model->problem);
    if (round.failed || !improve_by_team(worker, index, team_deadline) ||
        !heuristic_improve(&worker->heuristic, part->children, part->child_count, true,
                           improve_deadline))
        return false;
    bool ok;
    double objective;
    thread_read_plan(worker, index, &ok, &objective);
    if (ok && objective < saved_objective - 1e-9 * fmax(1.0, fabs(saved_objective))) {
        job->start_objective = objective;
        trace_part(shared, index, "plan", objective, NAN);
        return true;
    }
    for (int k = 0; k < part->child_count; k++)
        heuristic_apply(&worker->heuristic, part->children[k],
                        saved[k] >= 0 ? part->assignees[saved[k]] : -1);
    thread_read_plan(worker, index, &job->start_ok, &job->start_objective);
    return true;
}

/* Part `index` when its model would not fit in a thread's memory budget or be
 * built in the time left: no model of the whole part is built. Its share of
 * the starting plan is improved by local moves and then team by team (each
 * team's model only where that fits), for the part's share of the time, and
 * its bound is simple_bound's. It keeps no LP basis and is not searched: it is
 * marked skipped, so that the whole plan is scored at the end. */
static bool pass_heuristic(struct solver_thread *worker, int index)
{
    struct solve_shared *shared = worker->shared;
    const struct part *part = &shared->parts[index];
    struct part_job *job = &shared->jobs[index];
    job->over_limit = true;
    job->skipped = true;
    double share = shared->total_size > 0 ? (double)part->size / (double)shared->total_size : 1.0;
    double deadline = share_deadline(shared, fmax(TEAM_SHARE, share));
    double moves_deadline = share_deadline(shared, fmax(LOCAL_MOVES_SHARE, share / 4));
    /* (the plan depends on the clock here anyway: stop even in a sweep) */
    double sweep_deadline = worker->heuristic.sweep_deadline;
    worker->heuristic.sweep_deadline = moves_deadline;
    bool ok = heuristic_improve(&worker->heuristic, part->children, part->child_count, true,
                                moves_deadline);
    worker->heuristic.sweep_deadline = deadline;
    ok = ok && improve_by_team(worker, index, deadline) &&
         heuristic_improve(&worker->heuristic, part->children, part->child_count, true, deadline);
    worker->heuristic.sweep_deadline = sweep_deadline;
    if (!ok)
        return false;
    job->result.bound = simple_bound(&worker->heuristic, part);
    trace_part(shared, index, "bound", NAN, job->result.bound);
    if (shared->options->progress)
        fprintf(stderr, "caseload: part %d/%d (%d children): its model would not fit the memory or "
                "the time limit; starting plan improved team by team, bound %.6g\n",
                index + 1, shared->part_count, part->child_count, job->result.bound);
    return true;
}

/* First pass over part `index`: improve its share of the starting plan by local
 * moves, then solve its LP relaxation, keeping the bound and the optimal basis
 * for the second pass. Returns false when memory runs out. */
static bool pass_one(struct solver_thread *worker, int index)
{
    struct solve_shared *shared = worker->shared;
    const struct part *part = &shared->parts[index];
    struct part_job *job = &shared->jobs[index];
    /* past the time limit a part is not even built: it keeps the starting plan */
    if (must_stop(shared) || clock_seconds() >= shared->deadline) {
        job->skipped = true;
        job->result.bound = simple_bound(&worker->heuristic, part); /* (one look at its pairs) */
        return true;
    }
    struct model_counts counts;
    struct model_size size;
    count_model(&worker->heuristic, part->children, part->child_count, part->assignees,
                part->assignee_count, -1, &counts);
    if (!model_fits(shared, &counts, shared->deadline, &size))
        return pass_heuristic(worker, index);
    job->build_seconds = size.build_seconds;
    bool greedy_ok;
    double greedy_objective;
    if (!thread_build(worker, index, &greedy_ok, &greedy_objective))
        return false;
    job->greedy_objective = greedy_objective;
    /* local moves */
    double improve_deadline = share_deadline(shared, LOCAL_MOVES_SHARE);
    if (!heuristic_improve(&worker->heuristic, part->children, part->child_count, true,
                           improve_deadline))
        return false;
    /* then team by team, and local moves again (measured on four generated
     * counties: a second round of both never found more) */
    double team_deadline = share_deadline(shared, TEAM_SHARE);
    if (!improve_by_team(worker, index, team_deadline) ||
        !heuristic_improve(&worker->heuristic, part->children, part->child_count, true,
                           improve_deadline))
        return false;
    thread_read_plan(worker, index, &job->start_ok, &job->start_objective);
    trace_part(shared, index, "plan", job->start_ok ? job->start_objective : INFINITY, NAN);
    const struct model *model = &worker->model;
    job->lp_bound = fmax(trivial_bound(model), simple_bound(&worker->heuristic, part));
    /* (the simplex copies the matrix before it looks at the clock: about what
     * building the model took) */
    if (clock_seconds() + job->build_seconds >= shared->deadline || must_stop(shared))
        return true;
    double lp_started = clock_seconds();
    int rounds = 0;
    int status = model_solve_relaxation(model, job->start_ok ? worker->start_local : NULL,
                                        shared->deadline - clock_seconds(), &rounds);
    glp_prob *problem = model->problem;
    if (shared->options->progress)
        fprintf(stderr, "caseload: part %d/%d (%d children, %d columns): LP bound %.6g after %.1f s (%.1f s, %d pricing rounds)\n",
                index + 1, shared->part_count, model->child_count, model->column_count,
                glp_get_obj_val(problem), clock_seconds() - shared->started,
                clock_seconds() - lp_started, rounds);
    if (status != 0 || glp_get_status(problem) != GLP_OPT) {
        if (status == 0 && glp_get_status(problem) == GLP_NOFEAS)
            job->result.infeasible = !job->start_ok;
        return true;
    }
    if (glp_get_obj_val(problem) > job->lp_bound)
        job->lp_bound = glp_get_obj_val(problem);
    job->row_count = glp_get_num_rows(problem);
    job->row_status = mem_alloc(((size_t)job->row_count + 1) * sizeof(int));
    job->column_status = mem_alloc(((size_t)model->column_count + 1) * sizeof(int));
    if (job->row_status == NULL || job->column_status == NULL) {
        mem_free(job->row_status);
        mem_free(job->column_status);
        job->row_status = job->column_status = NULL; /* the second pass solves the LP again */
    } else {
        for (int r = 1; r <= job->row_count; r++)
            job->row_status[r] = glp_get_row_stat(problem, r);
        for (int c = 1; c <= model->column_count; c++)
            job->column_status[c] = glp_get_col_stat(problem, c);
    }
    trace_part(shared, index, "lp", NAN, job->lp_bound);
    /* (a part within the gap tolerance on its own needs no better plan: if every
     * part is, so is the whole) */
    bool within = job->start_ok && job->start_objective - job->lp_bound <=
                                       shared->options->gap *
                                           fmax(1.0, job->lp_bound - model_unavoidable(model));
    if (job->start_ok && !within && !must_stop(shared) && !improve_from_lp(worker, index))
        return false;
    return true;
}

/* The local assignee of every local child in column values `values`. */
static void values_read_assignment(const struct model *model, const double *values,
                                   int *local_assignee)
{
    for (int i = 0; i < model->child_count; i++) {
        local_assignee[i] = -1;
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++)
            if (values[model->x_column[p]] > 0.5)
                local_assignee[i] = model->pair_assignee[p];
    }
}

/* A branch-and-cut pass over part `index` (PASS_FIRST or PASS_SEARCH) from the
 * part's best plan so far and the first pass's LP basis, until the part's gap is
 * within its allowance, the pass's node limit is reached (PASS_FIRST), its time
 * share is used up or the search is stopped. The part's best plan goes into the
 * heuristic's plan (the solution), moved there child by child so that the
 * heuristic's counts stay those of the plan. Returns false when memory runs out. */
static bool pass_search(struct solver_thread *worker, int index, double deadline)
{
    struct solve_shared *shared = worker->shared;
    const struct part *part = &shared->parts[index];
    struct part_job *job = &shared->jobs[index];
    struct part_result *result = &job->result;
    bool first = shared->pass == PASS_FIRST;
    if (job->skipped || !job->active)
        return true;
    if (first) {
        result->has_plan = job->start_ok;
        result->objective = job->start_ok ? job->start_objective : 0.0;
        result->bound = job->lp_bound;
        if (result->infeasible)
            return true;
        if (job->start_ok && job->start_objective - job->lp_bound <= job->allowance) {
            result->proven = true; /* the LP bound proves the starting plan */
            return true;
        }
    }
    if (clock_seconds() + job->build_seconds >= deadline || must_stop(shared))
        return true;
    /* the start: the starting plan, or the first branch-and-cut pass's best */
    bool plan_ok;
    double plan_objective;
    if (!thread_build(worker, index, &plan_ok, &plan_objective))
        return false;
    const struct model *model = &worker->model;
    glp_prob *problem = model->problem;
    int status;
    if (job->row_status != NULL && job->row_count == glp_get_num_rows(problem)) {
        for (int r = 1; r <= job->row_count; r++)
            glp_set_row_stat(problem, r, job->row_status[r]);
        for (int c = 1; c <= model->column_count; c++)
            glp_set_col_stat(problem, c, job->column_status[c]);
        glp_smcp simplex;
        glp_init_smcp(&simplex);
        simplex.msg_lev = GLP_MSG_OFF;
        simplex.meth = GLP_PRIMAL;
        double seconds = deadline - clock_seconds();
        simplex.tm_lim = seconds <= 0 ? 1 : (int)(seconds * 1000.0) + 1;
        status = glp_simplex(problem, &simplex);
    } else {
        status = model_solve_relaxation(model, plan_ok ? worker->start_local : NULL,
                                        deadline - clock_seconds(), NULL);
    }
    if (status != 0 || glp_get_status(problem) != GLP_OPT)
        return true;
    if (glp_get_obj_val(problem) > result->bound)
        result->bound = glp_get_obj_val(problem);

    double now = clock_seconds();
    struct part_search search = {
        .model = model,
        .options = shared->options,
        .deadline = deadline,
        .solve_started = shared->started,
        .last_report = now,
        .part_number = index + 1,
        .part_total = shared->part_count,
        .heuristic = &worker->heuristic,
        .local_of = shared->local_of,
        .plan = worker->plan,
        .values = worker->search_values,
        .rank = worker->rank,
        .sub_values = worker->sub_values,
        .allowance = job->allowance,
        .unavoidable = model_unavoidable(model),
        .node_limit = first ? FIRST_PASS_NODES : shared->options->node_limit,
        /* the root's sub-MIP ran in the first pass; this one starts from its plan */
        .next_sub_mip = first ? 0 : 64,
        .shared = shared,
        .part_index = index,
        .trace_objective = result->has_plan ? result->objective : INFINITY,
        .trace_bound = result->bound,
        .bound = result->bound,
        .start = result->has_plan && plan_ok ? worker->values : NULL, /* (!plan_ok: out of memory) */
    };
    const int *start_local = worker->start_local;
    int *local_assignee = worker->local_assignee;
    if (plan_ok)
        memcpy(local_assignee, start_local, (size_t)model->child_count * sizeof *local_assignee);

    /* branch-and-cut from the part's best plan */
    glp_iocp parameters;
    glp_init_iocp(&parameters);
    parameters.msg_lev = GLP_MSG_OFF;
    parameters.presolve = GLP_OFF; /* keep the columns the starting plan is written for */
    /* measured on a county-scale instance: Gomory cuts cost seconds per part and
     * clique cuts build a large conflict graph, neither moved the bound; MIR and
     * cover cuts are cheap */
    parameters.gmi_cuts = GLP_OFF;
    parameters.mir_cuts = GLP_ON;
    parameters.cov_cuts = GLP_ON;
    parameters.clq_cuts = GLP_OFF;
    parameters.mip_gap = 0.0; /* the callback stops at the allowance with the bound it reports */
    parameters.cb_func = search_callback;
    parameters.cb_info = &search;
    parameters.tm_lim = milliseconds_left(&search);
    job->searches++;
    search.cuts = shared->options->cuts ? cuts_new(model) : NULL; /* NULL also when out of memory */
    status = glp_intopt(problem, &parameters);
    cuts_free(search.cuts);
    search.cuts = NULL;
    int mip = glp_mip_status(problem);
    if (search.bound > result->bound)
        result->bound = search.bound;
    bool improved = false;
    if (mip == GLP_OPT || mip == GLP_FEAS) {
        double objective = glp_mip_obj_val(problem);
        if (!result->has_plan || objective < result->objective - 1e-9) {
            model_read_assignment(model, local_assignee);
            result->objective = objective;
            improved = true;
        }
        /* a plan the heuristics found but GLPK had no chance to take before it stopped */
        const double *waiting[2] = {search.sub_pending ? search.sub_values : NULL,
                                    search.pending ? search.values : NULL};
        char reason[256];
        for (int w = 0; w < 2; w++) {
            if (waiting[w] == NULL || !model_check_values(model, waiting[w], reason, sizeof reason))
                continue;
            double value = model_objective(model, waiting[w]);
            if (value < result->objective - 1e-9) {
                values_read_assignment(model, waiting[w], local_assignee);
                result->objective = value;
                improved = true;
            }
        }
        result->has_plan = true;
        if (status == 0 && mip == GLP_OPT && search.stop == STOP_NONE)
            result->bound = result->objective;
    } else if (status == 0 && mip == GLP_NOFEAS && search.stop == STOP_NONE) {
        result->infeasible = !result->has_plan;
        return true;
    }
    if (result->has_plan) {
        if (result->bound > result->objective)
            result->bound = result->objective;
        result->proven = result->objective - result->bound <= job->allowance;
    }
    /* the part's plan into the solution: the start or the search's best */
    const int *best = improved ? local_assignee : start_local;
    if (result->has_plan && (improved || plan_ok))
        for (int k = 0; k < part->child_count; k++)
            heuristic_apply(&worker->heuristic, part->children[k],
                            best[k] >= 0 ? part->assignees[best[k]] : -1);
    return true;
}

/* --- Threads ------------------------------------------------------------------ */

/* Record the first failure and make every thread stop. */
static void solve_fail(struct solve_shared *shared, const char *message)
{
    pthread_mutex_lock(&shared->lock);
    if (!atomic_load(&shared->failed))
        snprintf(shared->error, sizeof shared->error, "%s", message);
    atomic_store(&shared->failed, true);
    pthread_mutex_unlock(&shared->lock);
}

/* Take parts, largest first, and run the current pass on each until none is left
 * or the solve failed. */
static void thread_run(struct solver_thread *worker)
{
    struct solve_shared *shared = worker->shared;
    if (setjmp(worker->guard.jump) != 0) {
        model_guard_failed(&worker->guard);
        worker->model.problem = NULL; /* gone with GLPK's environment */
        thread_clear(worker);
        char message[sizeof worker->guard.message + 32];
        snprintf(message, sizeof message, "GLPK failed: %s", worker->guard.message);
        solve_fail(shared, message);
        return;
    }
    model_guard_install(&worker->guard, shared->options->progress);
    for (;;) {
        pthread_mutex_lock(&shared->lock);
        int index = atomic_load(&shared->failed) || shared->next <= 0 ? -1 : --shared->next;
        double deadline = shared->deadline;
        if (index >= 0 && shared->pass != PASS_ROOT) {
            /* a share of what is left in proportion to size; unused time passes on */
            double now = clock_seconds(), left = fmax(0.0, shared->deadline - now);
            double share = shared->size_pending > 0
                               ? (double)shared->threads * (double)shared->parts[index].size /
                                     (double)shared->size_pending
                               : 1.0;
            deadline = now + left * fmin(1.0, share);
        }
        pthread_mutex_unlock(&shared->lock);
        if (index < 0)
            break;
        double part_started = clock_seconds();
        if (shared->pass != PASS_ROOT && !shared->jobs[index].active)
            continue;
        bool ok = shared->pass == PASS_ROOT ? pass_one(worker, index)
                                            : pass_search(worker, index, deadline);
        thread_clear(worker);
        if (!ok) {
            solve_fail(shared, "out of memory solving the model");
            break;
        }
        pthread_mutex_lock(&shared->lock);
        shared->size_pending -= shared->parts[index].size;
        pthread_mutex_unlock(&shared->lock);
        if (shared->pass != PASS_ROOT) {
            const struct part_result *result = &shared->jobs[index].result;
            if (shared->options->progress && clock_seconds() - part_started >= 1.0) {
                char plan_text[32];
                progress_number(result->has_plan ? result->objective : NAN, 1, false, plan_text,
                                sizeof plan_text);
                fprintf(stderr, "caseload: part %d/%d done after %.1f s: plan %s, bound %.1f\n",
                        index + 1, shared->part_count, clock_seconds() - shared->started,
                        plan_text, result->bound);
            }
            trace_part(shared, index, "part", result->has_plan ? result->objective : INFINITY,
                       result->bound);
        }
    }
    model_guard_remove();
}

void solve_thread_end(void)
{
    glp_free_env(); /* this thread's GLPK environment (thread-local in this GLPK) */
}

static void *thread_main(void *argument)
{
    thread_run(argument);
    solve_thread_end();
    return NULL;
}

/* Parts worth a thread of their own: below this size (pairs + children) a part
 * is solved in milliseconds and a thread costs more than it saves. */
#define THREAD_MIN_PART_SIZE 2000

/* Run one pass over every part on shared->threads threads (the calling thread
 * alone when 1, or when no thread can be started). */
static void run_pass(struct solve_shared *shared, struct solver_thread *workers, int pass)
{
    shared->pass = pass;
    shared->next = shared->part_count;
    shared->size_pending = 0;
    for (int i = 0; i < shared->part_count; i++)
        if (pass == PASS_ROOT || shared->jobs[i].active)
            shared->size_pending += shared->parts[i].size;
    if (shared->threads <= 1) {
        thread_run(&workers[0]);
        return;
    }
    pthread_t threads[SOLVE_MAX_THREADS];
    int started = 0;
    for (int t = 0; t < shared->threads; t++)
        if (pthread_create(&threads[started], NULL, thread_main, &workers[t]) == 0)
            started++;
    if (started == 0)
        thread_run(&workers[0]);
    for (int t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
}

/* --- The whole solve -------------------------------------------------------- */

/* Everything solve_instance allocates, on the heap so that it survives a jump
 * out of GLPK. */
struct solve_state {
    struct heuristic heuristic;
    struct part *parts;
    int part_count;
    struct part_job *jobs;
    int *local_of;
    double *trace_objective;
    double *trace_bound;
    struct solver_thread *workers;
    int worker_count;
};

static void state_free(struct solve_state *state)
{
    if (state == NULL)
        return;
    for (int t = 0; state->workers != NULL && t < state->worker_count; t++) {
        thread_clear(&state->workers[t]);
        mem_free(state->workers[t].heuristic.scratch);
    }
    mem_free(state->workers);
    for (int i = 0; state->jobs != NULL && i < state->part_count; i++) {
        mem_free(state->jobs[i].row_status);
        mem_free(state->jobs[i].column_status);
    }
    mem_free(state->jobs);
    heuristic_free(&state->heuristic);
    parts_free(state->parts, state->part_count);
    mem_free(state->local_of);
    mem_free(state->trace_objective);
    mem_free(state->trace_bound);
    mem_free(state);
}

/* Threads to use: options->threads (0: the online cores, at most
 * SOLVE_DEFAULT_THREADS), no more than the parts worth a thread. */
static int thread_count(const struct solve_options *options, const struct part *parts, int count)
{
    int threads = options->threads;
    if (threads <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cores < 1 ? 1 : cores > SOLVE_DEFAULT_THREADS ? SOLVE_DEFAULT_THREADS : (int)cores;
    }
    if (threads > SOLVE_MAX_THREADS)
        threads = SOLVE_MAX_THREADS;
    int worth = 0;
    for (int i = 0; i < count; i++)
        if (parts[i].size >= THREAD_MIN_PART_SIZE)
            worth++;
    return threads < worth ? threads : worth > 1 ? worth : 1;
}

/* The part's gap after the passes so far: plan - bound, or (no plan yet) its
 * bound, at least 1, as a stand-in for what a plan may cost. */
static double part_gap(const struct part_job *job, int pass)
{
    if (pass == PASS_ROOT)
        return job->start_ok ? fmax(0.0, job->start_objective - job->lp_bound) : fmax(1.0, job->lp_bound);
    const struct part_result *result = &job->result;
    return result->has_plan ? fmax(0.0, result->objective - result->bound) : fmax(1.0, result->bound);
}

/* The gap tolerance is on the whole: the sum over the parts of (objective -
 * bound) may be gap * (sum of the bounds), which is at most gap * objective.
 * Before each branch-and-cut pass, each part's allowance is its share of that in
 * proportion to its gap after the previous pass (`pass`), so that every part must
 * close the same fraction of its gap; the parts whose gap is within it are not
 * searched again. The shares depend on the previous pass alone, not on which part
 * finished first. Returns whether the whole is already within the tolerance (no
 * part need be searched). The status still says optimal only when the whole's gap
 * is within the tolerance at the end. */
static bool set_allowances(struct solve_shared *shared, int pass)
{
    double bounds = 0.0, gaps = 0.0;
    for (int i = 0; i < shared->part_count; i++) {
        const struct part_job *job = &shared->jobs[i];
        bounds += fmax(0.0, pass == PASS_ROOT ? job->lp_bound : job->result.bound);
        gaps += part_gap(job, pass);
    }
    double total = fmax(0.0, shared->options->gap) * fmax(1.0, bounds - shared->unavoidable);
    bool within = gaps <= total;
    for (int i = 0; i < shared->part_count; i++) {
        struct part_job *job = &shared->jobs[i];
        double own = part_gap(job, pass);
        job->allowance = gaps > 0 ? total * own / gaps : 0.0;
        job->active = !within && !job->skipped && !job->result.infeasible &&
                      (pass == PASS_ROOT || (job->result.has_plan && own > job->allowance));
    }
    return within;
}

bool solve_instance(const struct instance *instance, const struct solve_options *options,
                    struct solution *solution, char *error, size_t error_size)
{
    double started = clock_seconds();
    /* a small instance is solved exactly, whatever the gap asked for */
    struct solve_options exact;
    if (instance->child_count <= SOLVE_EXACT_CHILDREN && options->gap > 0 && !options->gap_on_small) {
        exact = *options;
        exact.gap = 0.0;
        options = &exact;
    }
    memset(solution, 0, sizeof *solution);
    solution->assignee = mem_alloc(((size_t)instance->child_count + 1) * sizeof(int));
    struct solve_state *state = mem_calloc(1, sizeof *state);
    struct solve_shared shared;
    memset(&shared, 0, sizeof shared);
    bool lock_made = false;
    if (solution->assignee == NULL || state == NULL)
        goto out_of_memory;
    if (!heuristic_init(&state->heuristic, instance))
        goto out_of_memory;
    state->heuristic.assignee = solution->assignee;
    state->heuristic.sweep_deadline = started + fmax(0.0, options->time_limit);
    heuristic_start(&state->heuristic);
    solution->first_plan_seconds = clock_seconds() - started;
    if (options->progress)
        fprintf(stderr, "caseload: starting plan after %.2f s\n", solution->first_plan_seconds);
    if (!make_parts(&state->heuristic, options->decompose, &state->parts, &state->part_count))
        goto out_of_memory;
    solution->part_count = state->part_count;
    int count = state->part_count;
    int assignees = instance_assignee_count(instance);
    state->local_of = mem_alloc(((size_t)assignees + 1) * sizeof(int));
    state->jobs = mem_calloc((size_t)count + 1, sizeof *state->jobs);
    state->trace_objective = mem_alloc(((size_t)count + 1) * sizeof(double));
    state->trace_bound = mem_calloc((size_t)count + 1, sizeof(double));
    if (state->local_of == NULL || state->jobs == NULL || state->trace_objective == NULL ||
        state->trace_bound == NULL)
        goto out_of_memory;
    for (int i = 0; i < count; i++) {
        state->trace_objective[i] = NAN;
        state->jobs[i].greedy_objective = NAN;
    }
    state->worker_count = thread_count(options, state->parts, count);
    state->workers = mem_calloc((size_t)state->worker_count, sizeof *state->workers);
    if (state->workers == NULL)
        goto out_of_memory;
    int largest = 1;
    for (int g = 0; g < state->heuristic.group_count; g++)
        if (state->heuristic.group_start[g + 1] - state->heuristic.group_start[g] > largest)
            largest = state->heuristic.group_start[g + 1] - state->heuristic.group_start[g];
    for (int t = 0; t < state->worker_count; t++) {
        struct solver_thread *worker = &state->workers[t];
        worker->shared = &shared;
        worker->heuristic = state->heuristic;
        worker->heuristic.scratch = mem_alloc(((size_t)largest + 1) * sizeof(int));
        if (worker->heuristic.scratch == NULL)
            goto out_of_memory;
    }

    struct score start_score;
    char score_error[256];
    bool start_scored = score_assignment(instance, solution->assignee, &start_score, score_error,
                                         sizeof score_error);
    shared = (struct solve_shared){
        .instance = instance,
        .options = options,
        .heuristic = &state->heuristic,
        .parts = state->parts,
        .part_count = count,
        .jobs = state->jobs,
        .local_of = state->local_of,
        .started = started,
        .deadline = started + fmax(0.0, options->time_limit),
        .threads = state->worker_count,
        .trace = options->trace,
        .start_whole = start_scored ? start_score.objective : NAN,
        .trace_objective = state->trace_objective,
        .trace_bound = state->trace_bound,
    };
    for (int c = 0; c < instance->child_count; c++)
        if (state->heuristic.pair_start[c] == state->heuristic.pair_start[c + 1])
            shared.unavoidable += instance->rules.weights[TERM_UNASSIGNED];
    /* what the models may take: the limit less what the process holds now (the
     * instance, the starting plan) and a tenth for writing the plan, shared
     * among the threads */
    for (int i = 0; i < count; i++)
        shared.total_size += state->parts[i].size;
    double memory_limit = model_memory_limit(options->memory_limit);
    shared.memory_budget = (0.9 * memory_limit - model_memory_in_use()) / state->worker_count;
    atomic_init(&shared.failed, false);
    if (pthread_mutex_init(&shared.lock, NULL) != 0)
        goto out_of_memory;
    lock_made = true;
    if (shared.trace != NULL)
        trace_line(&shared, 0, "first-plan", shared.start_whole, 0.0);

    /* the starting plan and the LP bound of each part; then branch-and-cut in
     * two passes, each only while the whole is not within the gap tolerance */
    run_pass(&shared, state->workers, PASS_ROOT);
    for (int pass = PASS_FIRST; pass <= PASS_SEARCH && !atomic_load(&shared.failed); pass++) {
        bool within = set_allowances(&shared, pass - 1);
        if (pass == PASS_FIRST)
            for (int i = 0; i < count; i++)
                state->jobs[i].active = !state->jobs[i].skipped; /* every part gets a result */
        else if (within)
            break;
        run_pass(&shared, state->workers, pass);
    }
    if (atomic_load(&shared.failed)) {
        snprintf(error, error_size, "%s", shared.error);
        pthread_mutex_destroy(&shared.lock);
        state->heuristic.assignee = NULL; /* owned by the solution */
        state_free(state);
        solution_free(solution);
        return false;
    }

    for (int i = 0; i < count; i++) {
        solution->searched += state->jobs[i].searches >= 1;
        solution->searched_again += state->jobs[i].searches >= 2;
        solution->over_limit += state->jobs[i].over_limit;
    }
    if (options->progress)
        fprintf(stderr, "caseload: %d parts, branch-and-cut on %d, again on %d\n", count,
                solution->searched, solution->searched_again);
    /* the parts' results in part order, so that the sums are alike run to run */
    double objective = 0.0, bound = 0.0;
    bool any_infeasible = false, all_planned = true, any_skipped = false;
    for (int i = 0; i < count; i++) {
        const struct part *part = &state->parts[i];
        const struct part_result *result = &state->jobs[i].result;
        if (state->jobs[i].skipped) {
            any_skipped = true; /* the greedy plan, bound 0 (every weight is >= 0) */
        } else if (result->has_plan) {
            objective += result->objective;
        } else {
            all_planned = false;
            for (int k = 0; k < part->child_count; k++)
                solution->assignee[part->children[k]] = -1;
        }
        if (result->infeasible)
            any_infeasible = true;
        bound += result->bound;
    }
    if (any_skipped && all_planned) {
        /* stopped before every part had its share of the plan scored: score the whole */
        struct score score;
        if (score_assignment(instance, solution->assignee, &score, score_error, sizeof score_error))
            objective = score.objective;
        else
            all_planned = false;
    }
    solution->objective = objective;
    solution->bound = bound > objective ? objective : bound;
    solution->gap = solve_relative_gap(solution->objective, solution->bound, shared.unavoidable);
    solution->unavoidable = shared.unavoidable;
    if (any_infeasible)
        solution->status = SOLVE_INFEASIBLE;
    else if (!all_planned)
        solution->status = SOLVE_NO_PLAN;
    else if (solution->gap <= options->gap + GAP_ROUNDING)
        solution->status = SOLVE_OPTIMAL;
    else
        solution->status = SOLVE_FEASIBLE;
    /* among plans of this objective, spread each team's incoming children evenly */
    if (all_planned && !balance_assignment(instance, solution->assignee))
        goto out_of_memory;
    solution->seconds = clock_seconds() - started;
    if (shared.trace != NULL)
        trace_line(&shared, 0, "done", solution->objective, solution->bound);
    pthread_mutex_destroy(&shared.lock);
    state->heuristic.assignee = NULL;
    state_free(state);
    return true;

out_of_memory:
    if (lock_made)
        pthread_mutex_destroy(&shared.lock);
    if (state != NULL)
        state->heuristic.assignee = NULL;
    state_free(state);
    solution_free(solution);
    snprintf(error, error_size, "out of memory solving the model");
    return false;
}
