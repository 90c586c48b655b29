/* parts.c - the decomposition into independent parts (parts.h).
 *
 * Independent parts: services never share an assignee, and an assignee links
 * only the children eligible for it, so the connected components of the graph
 * children–assignees (eligible pairs), children–children (siblings of one family
 * and service, rule (4)) and hire–hire (one team, rule (6)) share no variable and
 * no row. The optimum of the whole model is the sum of the parts' optima, and so
 * is any lower bound. */
#include "solve/parts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

void parts_free(struct part *parts, int count)
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
bool parts_make(const struct heuristic *h, bool decompose, struct part **parts_out,
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
            if (h->hire_team[k] == h->hire_team[k - 1] && k < h->team_end_hire[h->hire_team[k]])
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

/* The counts of the model of `children` and `assignees` (the assignees of one
 * team when `team` >= 0, else of a whole part) from the heuristic's eligible
 * pairs, so that nothing need be built to know its size. Sibling groups are
 * the instance's: an upper bound for a team's model. */
void parts_count_model(const struct heuristic *h, const int *children, int child_count,
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

/* A lower bound on part `index`'s objective that needs no model. Every child
 * pays at least its cheapest pair (move, cross-team and km) or, when it may be
 * left unassigned, `unassigned` if that is less: m(c). Summing the legal cap
 * rows (2) over the part's assignees, the counted children beyond the part's
 * whole capacity are each over a cap (over_cap) or unassigned (which costs
 * unassigned - m(c) more than m(c)); every other term is >= 0. */
double parts_simple_bound(const struct heuristic *h, const struct part *part)
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

bool parts_owners(const struct part *parts, int count, int child_count, int assignee_count,
                  int **part_of_child, int **part_of_assignee)
{
    int *child_part = mem_alloc(((size_t)child_count + 1) * sizeof *child_part);
    int *assignee_part = mem_alloc(((size_t)assignee_count + 1) * sizeof *assignee_part);
    if (child_part == NULL || assignee_part == NULL) {
        mem_free(child_part);
        mem_free(assignee_part);
        return false;
    }
    for (int c = 0; c < child_count; c++)
        child_part[c] = -1;
    for (int a = 0; a < assignee_count; a++)
        assignee_part[a] = -1;
    for (int i = 0; i < count; i++) {
        for (int k = 0; k < parts[i].child_count; k++)
            child_part[parts[i].children[k]] = i;
        for (int j = 0; j < parts[i].assignee_count; j++)
            assignee_part[parts[i].assignees[j]] = i;
    }
    *part_of_child = child_part;
    *part_of_assignee = assignee_part;
    return true;
}
