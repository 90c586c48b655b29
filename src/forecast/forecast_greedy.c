/* forecast_greedy.c - the greedy certificate of the monthly placement
 * (forecast_greedy.h).
 *
 * The bound. A child's pair cost with worker j is km + cross_team + (move when it
 * has a worker other than j); every other term of §2 is >= 0. Any plan costs at
 * least Σ_i least(i) (least over its eligible workers, or `unassigned`), and for
 * every worker w over its cap with n(w) children to place and room r(w), at least
 * n(w) - r(w) of them leave w or stay over its cap: each such child costs at least
 * min(its cheapest other worker, over_cap + staying) instead of staying. So the
 * bound adds, per over-cap worker, the n(w) - r(w) smallest of those extra costs.
 * A greedy plan that reaches this bound (no child over a cap, no family split, no
 * child moved into an over-cap worker, each child at its least or its counted
 * extra cost) is optimal. */
#include "forecast/forecast_greedy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/random.h"

/* A child of an over-cap worker, for the order in which they leave. */
struct leaver {
    double extra;  /* the extra cost of leaving */
    int siblings;  /* 1 when it has siblings among the members */
    int child;
};

/* The work arrays of one certificate. */
struct greedy {
    struct instance *derived;
    int free_count;
    const double *target_room_given;
    uint64_t salt;      /* breaks ties between equal workers (forecast_greedy_place) */
    int *parent;        /* per worker: union-find of parts */
    bool *failed;       /* per part root */
    bool *over;         /* per worker: has children to place of its own (over its cap) */
    int *cap_room;      /* per worker: counted children it may still take */
    double *target_room;
    int *received;      /* per worker: children given to it */
    int *family_worker; /* per family: the worker its placed children went to, -1 */
    int *family_members;/* per family: members of the derived instance */
    bool *family_locked;/* per family: has a locked member */
    int *part;          /* per free child: its part root, -1 without an eligible worker */
    struct leaver *order; /* scratch: the children of one over-cap worker */
};

static int find_root(int *parent, int j)
{
    while (parent[j] != j) {
        parent[j] = parent[parent[j]];
        j = parent[j];
    }
    return j;
}

/* Pair cost of child i with worker j: km, cross_team and the move. */
static double pair_cost(const struct instance *derived, int i, int j)
{
    const double *weight = derived->rules.weights;
    const struct child *child = &derived->children[i];
    return weight[TERM_KM] * instance_pair_km(derived, i, j) +
           (instance_cross_team(derived, i, j) ? weight[TERM_CROSS_TEAM] : 0) +
           (child->worker >= 0 && child->worker != j ? weight[TERM_MOVE] : 0);
}

static void greedy_free(struct greedy *greedy)
{
    mem_free(greedy->parent);
    mem_free(greedy->failed);
    mem_free(greedy->over);
    mem_free(greedy->cap_room);
    mem_free(greedy->target_room);
    mem_free(greedy->received);
    mem_free(greedy->family_worker);
    mem_free(greedy->family_members);
    mem_free(greedy->family_locked);
    mem_free(greedy->part);
    mem_free(greedy->order);
}

/* The arrays, the parts and the rooms. False when memory runs out. */
static bool greedy_setup(struct greedy *greedy)
{
    const struct instance *derived = greedy->derived;
    size_t workers = (size_t)derived->worker_count + 1, families = (size_t)derived->family_count + 1;
    size_t children = (size_t)derived->child_count + 1;
    greedy->parent = mem_alloc(workers * sizeof(int));
    greedy->failed = mem_calloc(workers, sizeof(bool));
    greedy->over = mem_calloc(workers, sizeof(bool));
    greedy->cap_room = mem_alloc(workers * sizeof(int));
    greedy->target_room = mem_alloc(workers * sizeof(double));
    greedy->received = mem_calloc(workers, sizeof(int));
    greedy->family_worker = mem_alloc(families * sizeof(int));
    greedy->family_members = mem_calloc(families, sizeof(int));
    greedy->family_locked = mem_calloc(families, sizeof(bool));
    greedy->part = mem_alloc(children * sizeof(int));
    greedy->order = mem_alloc(children * sizeof *greedy->order);
    if (greedy->parent == NULL || greedy->failed == NULL || greedy->over == NULL || greedy->cap_room == NULL ||
        greedy->target_room == NULL || greedy->received == NULL || greedy->family_worker == NULL ||
        greedy->family_members == NULL || greedy->family_locked == NULL || greedy->part == NULL ||
        greedy->order == NULL)
        return false;
    for (int j = 0; j < derived->worker_count; j++) {
        greedy->parent[j] = j;
        greedy->cap_room[j] = instance_worker_cap(derived, j);
        greedy->target_room[j] = greedy->target_room_given[j];
    }
    for (int f = 0; f < derived->family_count; f++)
        greedy->family_worker[f] = -1;
    for (int i = 0; i < derived->child_count; i++) {
        const struct child *child = &derived->children[i];
        greedy->family_members[child->family]++;
        if (i >= greedy->free_count) {
            greedy->family_locked[child->family] = true;
            greedy->cap_room[child->worker] -= instance_child_counted(derived, i) ? 1 : 0;
            greedy->target_room[child->worker] -= child->weight;
        } else if (child->worker >= 0) {
            greedy->over[child->worker] = true;
        }
    }
    for (int i = 0; i < greedy->free_count; i++) {
        int first = derived->children[i].worker;
        for (int j = 0; j < derived->worker_count; j++)
            if (instance_eligible(derived, i, j)) {
                if (first < 0)
                    first = j;
                else
                    greedy->parent[find_root(greedy->parent, j)] = find_root(greedy->parent, first);
            }
        greedy->part[i] = first;
    }
    for (int i = 0; i < greedy->free_count; i++)
        if (greedy->part[i] >= 0)
            greedy->part[i] = find_root(greedy->parent, greedy->part[i]);
    return true;
}

/* The order of equal workers for child i: a hash of the salt, the child and the
 * worker, so that no worker is first by its number. */
static uint64_t tie_key(const struct greedy *greedy, int i, int j)
{
    uint64_t state = greedy->salt ^ ((uint64_t)(unsigned)i << 32 | (uint64_t)(unsigned)j);
    return random_splitmix64(&state);
}

/* The best worker for child i at pair cost `cost`: eligible, not over its cap
 * (unless the child does not count), with room and within max_new, its family's
 * worker if it has one; the most room under the target first. -1 when none. */
static int best_worker(const struct greedy *greedy, int i, double cost, int except)
{
    const struct instance *derived = greedy->derived;
    const struct child *child = &derived->children[i];
    bool counted = instance_child_counted(derived, i);
    int family = greedy->family_worker[child->family], chosen = -1;
    for (int j = 0; j < derived->worker_count; j++) {
        if (j == except || greedy->over[j] || !instance_eligible(derived, i, j) ||
            pair_cost(derived, i, j) > cost + 1e-9)
            continue;
        if ((family >= 0 && family != j) || (counted && greedy->cap_room[j] < 1))
            continue;
        if (derived->workers[j].max_new >= 0 && greedy->received[j] >= derived->workers[j].max_new)
            continue;
        if (chosen < 0 || greedy->target_room[j] > greedy->target_room[chosen] + 1e-9 ||
            (greedy->target_room[j] > greedy->target_room[chosen] - 1e-9 &&
             tie_key(greedy, i, j) < tie_key(greedy, i, chosen)))
            chosen = j;
    }
    return chosen;
}

static void give(struct greedy *greedy, int *choice, int i, int j, bool received)
{
    const struct child *child = &greedy->derived->children[i];
    choice[i] = j;
    greedy->family_worker[child->family] = j;
    greedy->cap_room[j] -= instance_child_counted(greedy->derived, i) ? 1 : 0;
    greedy->target_room[j] -= child->weight;
    greedy->received[j] += received;
}

/* The cheapest to leave first, children without siblings first among equals. */
static int compare_leavers(const void *left, const void *right)
{
    const struct leaver *a = left, *b = right;
    if (a->extra != b->extra)
        return a->extra < b->extra ? -1 : 1;
    if (a->siblings != b->siblings)
        return a->siblings - b->siblings;
    return (a->child > b->child) - (a->child < b->child);
}

/* Over-cap worker w: keep what its room holds, move the cheapest others. False
 * when the bound is not reached (the part then goes to the MIP). */
static bool keep_or_move(struct greedy *greedy, int w, int *choice)
{
    const struct instance *derived = greedy->derived;
    const double *weight = derived->rules.weights;
    int n = 0;
    for (int i = 0; i < greedy->free_count; i++) {
        if (derived->children[i].worker != w)
            continue;
        double stay = pair_cost(derived, i, w), other = INFINITY, other_open = INFINITY;
        for (int j = 0; j < derived->worker_count; j++)
            if (j != w && instance_eligible(derived, i, j)) {
                double cost = pair_cost(derived, i, j);
                other = fmin(other, cost);
                if (!greedy->over[j])
                    other_open = fmin(other_open, cost);
            }
        if (other < stay - 1e-9 || greedy->family_locked[derived->children[i].family])
            return false; /* cheaper elsewhere, or a locked sibling: not this greedy's case */
        greedy->order[n++] = (struct leaver){
            .extra = other_open == other ? other - stay : INFINITY,
            .siblings = greedy->family_members[derived->children[i].family] > 1, .child = i};
    }
    int leave = n - greedy->cap_room[w];
    qsort(greedy->order, (size_t)n, sizeof *greedy->order, compare_leavers);
    for (int k = 0; k < n; k++) {
        int i = greedy->order[k].child;
        if (k >= leave) {
            give(greedy, choice, i, w, false);
            continue;
        }
        double extra = greedy->order[k].extra, stay = pair_cost(derived, i, w);
        if (!(extra <= weight[TERM_OVER_CAP]) || stay + extra > weight[TERM_UNASSIGNED] ||
            greedy->family_members[derived->children[i].family] > 1)
            return false; /* staying over the cap is cheaper, or a family would split */
        int j = best_worker(greedy, i, stay + extra, w);
        if (j < 0)
            return false;
        give(greedy, choice, i, j, true);
    }
    return true;
}

/* A child without a worker to a worker of least pair cost. False when the bound
 * is not reached. */
static bool place_new(struct greedy *greedy, int i, int *choice)
{
    const struct instance *derived = greedy->derived;
    if (greedy->family_locked[derived->children[i].family])
        return false; /* a placed sibling: the MIP weighs the split */
    double least = INFINITY;
    for (int j = 0; j < derived->worker_count; j++)
        if (instance_eligible(derived, i, j))
            least = fmin(least, pair_cost(derived, i, j));
    if (least == INFINITY) {
        choice[i] = -1; /* no worker may take it: unassigned in every plan */
        return true;
    }
    if (least > derived->rules.weights[TERM_UNASSIGNED])
        return false;
    int j = best_worker(greedy, i, least, -1);
    if (j < 0)
        return false;
    give(greedy, choice, i, j, true);
    return true;
}

bool forecast_greedy_place(struct instance *derived, int free_count, const double *target_room, uint64_t salt,
                           int *choice, bool *open)
{
    struct greedy greedy = {.derived = derived, .free_count = free_count, .target_room_given = target_room,
                            .salt = salt};
    *open = false;
    bool ok = greedy_setup(&greedy);
    for (int w = 0; ok && w < derived->worker_count; w++) {
        int root = find_root(greedy.parent, w);
        if (greedy.over[w] && !greedy.failed[root] && !keep_or_move(&greedy, w, choice))
            greedy.failed[root] = true;
    }
    for (int i = 0; ok && i < free_count; i++)
        if (derived->children[i].worker < 0 && (greedy.part[i] < 0 || !greedy.failed[greedy.part[i]]) &&
            !place_new(&greedy, i, choice))
            greedy.failed[greedy.part[i]] = true;
    for (int i = 0; ok && i < free_count; i++) {
        if (greedy.part[i] >= 0 && greedy.failed[greedy.part[i]]) {
            choice[i] = -2;
            *open = true;
        } else if (choice[i] >= 0) {
            derived->children[i].worker = choice[i];
            derived->children[i].locked = true;
        }
    }
    greedy_free(&greedy);
    return ok;
}
