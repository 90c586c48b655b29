/* cuts.c - the hire-rounding cut on the aggregate capacity of a set of assignees
 * (issue 14), separated in GLPK's callback at GLP_ICUTGEN.
 *
 * The family. Take a set A of assignees (workers and hires) of one part; let S be
 * the counted children (κ = 1) with at least one pair into A, W the workers and H
 * the hires in A, C = Σ_{w∈W} cap(w), K = max_{h∈H} cap(h), Y = Σ_{h∈H} y[h] and
 *     R = Σ_{w∈W} o[w] + Σ_{c∈S} (u[c] + Σ_{a∉A} x[c,a])   (all terms ≥ 0).
 *
 * Validity. Every plan of the model satisfies
 *     (1) Σ_{a∈A} x[c,a] = 1 - u[c] - Σ_{a∉A} x[c,a]            for each c ∈ S (row 1),
 *     (2) Σ_c κ(c) x[c,w] ≤ cap(w) + o[w]                       for w ∈ W (row 2; a worker
 *         without that row has at most cap(w) counted pairs, and no o: o[w] = 0 below),
 *     (3) Σ_c κ(c) x[c,h] ≤ cap(h) y[h] ≤ K y[h]                 for h ∈ H (row 2h; a hire
 *         without that row has at most cap(h) counted pairs, all ≤ y[h] by its x ≤ y rows).
 * Summing (1) over S and using κ(c) = 1 on S and κ ≥ 0 elsewhere,
 *     |S| - R + Σ_w o[w] = Σ_{c∈S} Σ_{a∈A} x[c,a] ≤ Σ_{a∈A} Σ_c κ(c) x[c,a] ≤ C + Σ_w o[w] + K·Y,
 * so K·Y + R ≥ D with D = |S| - C: the aggregate capacity row of the area. It is a
 * sum of the LP's own rows, so the LP satisfies it; but Y is an integer (a sum of
 * binaries) and R ≥ 0, and for D > 0 its mixed-integer rounding is
 *     R + r·Y ≥ r·q,   q = ⌈D/K⌉, r = D - K(q - 1) ∈ (0, K]:
 * if Y ≥ q the left side is at least r·q as R ≥ 0; if Y ≤ q - 1 then
 * R ≥ D - K·Y = r + K(q - 1 - Y) ≥ r + r(q - 1 - Y) = r(q - Y), since K ≥ r and
 * q - 1 - Y ≥ 0. So every integer plan satisfies the cut, and the optimum is the
 * model's. The LP does not: it opens a fraction D/K of a hire (paying the hire
 * weight times D/K) where a plan must open a whole hire or leave r children over
 * the cap, unassigned or with a worker outside A. With H = ∅ or D ≤ 0 the cut is
 * the aggregate row itself or empty, and is not kept.
 *
 * The sets A: for each team with a hire in the part, the team alone, and the
 * teams of its service whose areas meet its area (those sharing it).
 *
 * The family-move cut (a second family, separated from the LP solution). Take a
 * worker w with a cap row (2), two counted children c1 ≠ c2 of one sibling group
 * g, c1 with a pair to w, and a set O of exactly cap(w) - 1 other counted
 * children with pairs to w (c1, c2 ∉ O). The cut is
 *     x[c1,w] ≤ s[g] + u[c2] + o[w] + Σ_{c∈O} (1 - x[c,w])
 * (s[g] under the soft rule only; under the hard rule the term is left out).
 * Validity. Take any plan of the model. If x[c1,w] = 0 the right side is a sum of
 * terms ≥ 0. Let x[c1,w] = 1. (i) c2 unassigned: u[c2] = 1. (ii) c2 with an
 * assignee b ≠ w: z[g,w] ≥ x[c1,w] = 1 and z[g,b] ≥ x[c2,b] = 1 (rows (4); in
 * the aggregated variant z is binary and n·z ≥ Σ x gives the same), so under
 * the soft rule s[g] ≥ Σ_a z[g,a] - 1 ≥ 1; under the hard rule Σ_a z[g,a] ≤ 1
 * makes this case impossible. (iii) c2 with w: w's counted children include c1,
 * c2 and every c ∈ O with x[c,w] = 1, so its cap row gives 2 + Σ_O x[c,w] ≤
 * cap(w) + o[w], i.e. Σ_O (1 - x[c,w]) = cap(w) - 1 - Σ_O x[c,w] ≥ 1 - o[w]: the
 * right side is ≥ 1. So no plan is cut off (nor, with the hire cuts, any
 * optimum). The LP does not keep it: with w filled to its cap it takes half of
 * c1 and gives away half of c2 (a half-swap of siblings), so the family looks
 * together at w and elsewhere, at no split and no change of load, paying one
 * move where a plan pays two moves or the split.
 * Separation: for each worker whose counted load in the LP solution is above
 * cap - 1, each x[c1,w] > 0 of a child in a group and each sibling c2, O
 * is the cap(w) - 1 other children with the largest x[c,w] > 0 (the choice that
 * makes the right side least); stored as
 *     s[g] + u[c2] + o[w] - x[c1,w] - Σ_{c∈O} x[c,w] ≥ -(cap(w) - 1). */
#include "solve/cuts.h"

#include <glpk.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "solve/cuts_area.h"
#include "solve/tuning.h"

/* One cut: entries first .. first+length-1 of the pool, Σ val·col ≥ rhs. */
struct cut {
    int first, length;
    double rhs;
};

struct cuts {
    const struct model *model; /* not owned */
    struct cut *cut;
    int count, capacity;
    int *column;               /* pool of columns */
    double *value;             /* pool of coefficients */
    int pool_count, pool_capacity;
    /* the family-move cuts: per local assignee with a cap row (o column) and a
     * sibling among its pairs, its pairs with counted children are
     * worker_pair[worker_first[j] .. worker_first[j + 1] - 1] */
    int *worker_first;
    int *worker_pair;
    int *pair_child;           /* local child of each pair */
    int family_workers;        /* workers with such pairs */
    double *values;            /* 1 + column_count: the point being separated */
    int *order;                /* scratch: pairs of one worker by x, largest first */
    int *ind;                  /* scratch: one cut, GLPK's 1-based arrays */
    double *val;
    struct area_cuts *area;    /* the area cuts (cuts_area.h), NULL: none */
    double *area_values;       /* 1 + column_count: the point they are separated at */
    int area_node, area_rounds;/* the node last separated at and its rounds so far */
};

void cuts_free(struct cuts *cuts)
{
    if (cuts == NULL)
        return;
    mem_free(cuts->cut);
    mem_free(cuts->column);
    mem_free(cuts->value);
    mem_free(cuts->worker_first);
    mem_free(cuts->worker_pair);
    mem_free(cuts->pair_child);
    mem_free(cuts->values);
    mem_free(cuts->order);
    mem_free(cuts->ind);
    mem_free(cuts->val);
    cuts_area_free(cuts->area);
    mem_free(cuts->area_values);
    mem_free(cuts);
}

int cuts_count(const struct cuts *cuts)
{
    return cuts == NULL ? 0 : cuts->count;
}

static bool pool_add(struct cuts *cuts, int column, double value)
{
    if (cuts->pool_count == cuts->pool_capacity) {
        int capacity = cuts->pool_capacity ? 2 * cuts->pool_capacity : 1024;
        int *column_grown = mem_realloc(cuts->column, (size_t)capacity * sizeof *column_grown);
        if (column_grown == NULL)
            return false;
        cuts->column = column_grown;
        double *value_grown = mem_realloc(cuts->value, (size_t)capacity * sizeof *value_grown);
        if (value_grown == NULL)
            return false;
        cuts->value = value_grown;
        cuts->pool_capacity = capacity;
    }
    cuts->column[cuts->pool_count] = column;
    cuts->value[cuts->pool_count] = value;
    cuts->pool_count++;
    return true;
}

/* Do the areas of teams t and u share a municipality (a team without an area
 * covers every one)? */
static bool areas_meet(const struct instance *instance, int t, int u)
{
    const struct team *a = &instance->teams[t], *b = &instance->teams[u];
    if (a->area_all || b->area_all)
        return true;
    for (int i = 0; i < a->area_count; i++)
        for (int k = 0; k < b->area_count; k++)
            if (a->area[i] == b->area[k])
                return true;
    return false;
}

/* Add the cut of the set `in_set` (per local assignee) when it has a hire and its
 * counted children exceed its workers' caps. `touched` is scratch per local child.
 * Returns false only when memory runs out. */
static bool add_set_cut(struct cuts *cuts, const bool *in_set, bool *touched)
{
    const struct model *model = cuts->model;
    const struct instance *instance = model->instance;
    long workers_cap = 0;
    int hire_cap = 0, hires = 0;
    for (int j = 0; j < model->assignee_count; j++) {
        if (!in_set[j])
            continue;
        int cap = instance_assignee_cap(instance, model->assignees[j]);
        if (model->y_column[j] != 0) {
            hires++;
            hire_cap = cap > hire_cap ? cap : hire_cap;
        } else {
            workers_cap += cap;
        }
    }
    if (hires == 0 || hire_cap <= 0)
        return true;
    long children = 0;
    for (int i = 0; i < model->child_count; i++) {
        touched[i] = false;
        if (!instance_child_counted(instance, model->children[i]))
            continue;
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1] && !touched[i]; p++)
            touched[i] = in_set[model->pair_assignee[p]];
        children += touched[i];
    }
    long excess = children - workers_cap;
    if (excess <= 0)
        return true;
    long q = (excess + hire_cap - 1) / hire_cap;
    double r = (double)(excess - (long)hire_cap * (q - 1));

    if (cuts->count == cuts->capacity) {
        int capacity = cuts->capacity ? 2 * cuts->capacity : 16;
        struct cut *grown = mem_realloc(cuts->cut, (size_t)capacity * sizeof *grown);
        if (grown == NULL)
            return false;
        cuts->cut = grown;
        cuts->capacity = capacity;
    }
    struct cut *cut = &cuts->cut[cuts->count];
    cut->first = cuts->pool_count;
    cut->rhs = r * (double)q;
    bool ok = true;
    for (int j = 0; j < model->assignee_count && ok; j++) {
        if (!in_set[j])
            continue;
        if (model->y_column[j] != 0)
            ok = pool_add(cuts, model->y_column[j], r);
        else if (model->o_column[j] != 0)
            ok = pool_add(cuts, model->o_column[j], 1.0);
    }
    for (int i = 0; i < model->child_count && ok; i++) {
        if (!touched[i])
            continue;
        if (model->u_column[i] != 0)
            ok = pool_add(cuts, model->u_column[i], 1.0);
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1] && ok; p++)
            if (!in_set[model->pair_assignee[p]])
                ok = pool_add(cuts, model->x_column[p], 1.0);
    }
    if (!ok)
        return false;
    cut->length = cuts->pool_count - cut->first;
    cuts->count++;
    return true;
}

/* The pair lists of the family-move cuts (see struct cuts). Returns false only
 * when memory runs out; family_workers stays 0 when the model has none. */
static bool prepare_family_cuts(struct cuts *cuts)
{
    const struct model *model = cuts->model;
    const struct instance *instance = model->instance;
    if (model->group_count == 0)
        return true;
    int n = model->assignee_count;
    cuts->worker_first = mem_calloc((size_t)n + 2, sizeof *cuts->worker_first);
    cuts->pair_child = mem_alloc(((size_t)model->pair_count + 1) * sizeof *cuts->pair_child);
    bool *sibling = mem_calloc((size_t)n + 1, sizeof *sibling);
    if (cuts->worker_first == NULL || cuts->pair_child == NULL || sibling == NULL) {
        mem_free(sibling);
        return false;
    }
    int longest = 0, total = 0;
    for (int i = 0; i < model->child_count; i++)
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++) {
            cuts->pair_child[p] = i;
            sibling[model->pair_assignee[p]] |= model->child_group[i] >= 0;
        }
    for (int pass = 0; pass < 2; pass++) {
        /* pass 0 counts each kept worker's counted pairs, pass 1 lists them */
        for (int i = 0; i < model->child_count; i++) {
            if (!instance_child_counted(instance, model->children[i]))
                continue;
            for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++) {
                int j = model->pair_assignee[p];
                if (model->o_column[j] == 0 || model->y_column[j] != 0 || !sibling[j])
                    continue;
                if (pass == 0)
                    cuts->worker_first[j + 1]++;
                else
                    cuts->worker_pair[cuts->worker_first[j]++] = p;
            }
        }
        if (pass == 0) {
            for (int j = 0; j < n; j++) {
                int count = cuts->worker_first[j + 1];
                longest = count > longest ? count : longest;
                cuts->family_workers += count > 0;
                total += count;
                cuts->worker_first[j + 1] += cuts->worker_first[j];
            }
            if (cuts->family_workers == 0)
                break;
            cuts->worker_pair = mem_alloc(((size_t)total + 1) * sizeof *cuts->worker_pair);
            if (cuts->worker_pair == NULL)
                break;
        } else {
            /* filling moved each start to the next one's: shift back */
            for (int j = n; j > 0; j--)
                cuts->worker_first[j] = cuts->worker_first[j - 1];
            cuts->worker_first[0] = 0;
        }
    }
    mem_free(sibling);
    if (cuts->family_workers == 0)
        return true;
    cuts->values = mem_calloc((size_t)model->column_count + 1, sizeof *cuts->values);
    cuts->order = mem_alloc(((size_t)longest + 1) * sizeof *cuts->order);
    cuts->ind = mem_alloc(((size_t)longest + 5) * sizeof *cuts->ind);
    cuts->val = mem_alloc(((size_t)longest + 5) * sizeof *cuts->val);
    if (cuts->worker_pair == NULL || cuts->values == NULL || cuts->order == NULL ||
        cuts->ind == NULL || cuts->val == NULL) {
        cuts->family_workers = 0;
        return false;
    }
    return true;
}

struct cuts *cuts_new(const struct model *model)
{
    const struct instance *instance = model->instance;
    struct cuts *cuts = mem_calloc(1, sizeof *cuts);
    bool *in_set = mem_calloc((size_t)model->assignee_count + 1, sizeof *in_set);
    bool *single = mem_calloc((size_t)model->assignee_count + 1, sizeof *single);
    bool *touched = mem_calloc((size_t)model->child_count + 1, sizeof *touched);
    bool *done = mem_calloc((size_t)instance->team_count + 1, sizeof *done);
    bool ok = cuts != NULL && in_set != NULL && single != NULL && touched != NULL && done != NULL;
    if (ok) {
        cuts->model = model;
        ok = pool_add(cuts, 0, 0.0); /* entry 0 unused: a cut's entries from first - 1 are GLPK's 1-based arrays */
    }
    for (int h = 0; ok && h < model->assignee_count; h++) {
        if (model->y_column[h] == 0)
            continue;
        int team = instance_assignee_team(instance, model->assignees[h]);
        if (done[team])
            continue;
        done[team] = true;
        enum service service = instance->teams[team].service;
        bool same = true;
        for (int j = 0; j < model->assignee_count; j++) {
            int u = instance_assignee_team(instance, model->assignees[j]);
            single[j] = u == team;
            in_set[j] = instance->teams[u].service == service && areas_meet(instance, team, u);
            same = same && single[j] == in_set[j];
        }
        ok = add_set_cut(cuts, single, touched) && (same || add_set_cut(cuts, in_set, touched));
    }
    mem_free(in_set);
    mem_free(single);
    mem_free(touched);
    mem_free(done);
    ok = ok && prepare_family_cuts(cuts);
    if (ok && CUTS_AREA_ROUNDS_ROOT > 0) {
        cuts->area = cuts_area_new(model); /* NULL: none, or out of memory: none */
        cuts->area_values = cuts->area != NULL
                                ? mem_calloc((size_t)model->column_count + 1, sizeof *cuts->area_values)
                                : NULL;
        if (cuts->area_values == NULL) {
            cuts_area_free(cuts->area);
            cuts->area = NULL;
        }
        cuts->area_node = -1;
    }
    if (!ok || (cuts->count == 0 && cuts->family_workers == 0 && cuts->area == NULL)) {
        cuts_free(cuts);
        return NULL;
    }
    return cuts;
}

int cuts_row(const struct cuts *cuts, int k, int *ind, double *val, double *rhs)
{
    const struct cut *cut = &cuts->cut[k];
    for (int i = 0; i < cut->length; i++) {
        ind[1 + i] = cuts->column[cut->first + i];
        val[1 + i] = cuts->value[cut->first + i];
    }
    *rhs = cut->rhs;
    return cut->length;
}

double cuts_slack(const struct cuts *cuts, int k, const double *values)
{
    const struct cut *cut = &cuts->cut[k];
    double sum = 0;
    for (int i = 0; i < cut->length; i++)
        sum += cuts->value[cut->first + i] * values[cuts->column[cut->first + i]];
    return sum - cut->rhs;
}

int cuts_separate_families(struct cuts *cuts, const double *values, cuts_emit *emit, void *info)
{
    if (cuts == NULL || cuts->family_workers == 0)
        return 0;
    const struct model *model = cuts->model;
    const struct instance *instance = model->instance;
    const double tolerance = 1e-6;
    int found = 0;
    for (int j = 0; j < model->assignee_count; j++) {
        int first = cuts->worker_first[j], end = cuts->worker_first[j + 1];
        if (first == end)
            continue;
        int cap = instance_assignee_cap(instance, model->assignees[j]);
        /* the pairs with x > 0, largest first (insertion: a worker has few) */
        int count = 0;
        double load = 0;
        for (int k = first; k < end; k++) {
            int p = cuts->worker_pair[k];
            double x = values[model->x_column[p]];
            if (x <= tolerance)
                continue;
            load += x;
            int at = count++;
            while (at > 0 && values[model->x_column[cuts->order[at - 1]]] < x) {
                cuts->order[at] = cuts->order[at - 1];
                at--;
            }
            cuts->order[at] = p;
        }
        /* a violated cut needs cap - 1 others and x[c1,w] beside them */
        if (cap < 1 || count < cap || load <= cap - 1 + tolerance)
            continue;
        double over = values[model->o_column[j]];
        for (int k1 = 0; k1 < count; k1++) {
            int p1 = cuts->order[k1], i1 = cuts->pair_child[p1];
            int g = model->child_group[i1];
            double x1 = values[model->x_column[p1]];
            if (g < 0)
                continue;
            double split = model->s_column[g] != 0 ? values[model->s_column[g]] : 0.0;
            for (int m = model->group_start[g]; m < model->group_start[g + 1]; m++) {
                int i2 = model->group_child[m];
                if (i2 == i1 || !instance_child_counted(instance, model->children[i2]))
                    continue;
                /* the right side: s + u + o + Σ_O (1 - x) over the best O */
                double right = split + values[model->u_column[i2]] + over;
                int taken = 0;
                for (int k = 0; k < count && taken < cap - 1; k++) {
                    int i = cuts->pair_child[cuts->order[k]];
                    if (i == i1 || i == i2)
                        continue;
                    right += 1.0 - values[model->x_column[cuts->order[k]]];
                    taken++;
                }
                if (taken < cap - 1 || x1 <= right + tolerance)
                    continue;
                int length = 0;
                if (model->s_column[g] != 0) {
                    cuts->ind[++length] = model->s_column[g];
                    cuts->val[length] = 1.0;
                }
                cuts->ind[++length] = model->u_column[i2];
                cuts->val[length] = 1.0;
                cuts->ind[++length] = model->o_column[j];
                cuts->val[length] = 1.0;
                cuts->ind[++length] = model->x_column[p1];
                cuts->val[length] = -1.0;
                taken = 0;
                for (int k = 0; k < count && taken < cap - 1; k++) {
                    int i = cuts->pair_child[cuts->order[k]];
                    if (i == i1 || i == i2)
                        continue;
                    cuts->ind[++length] = model->x_column[cuts->order[k]];
                    cuts->val[length] = -1.0;
                    taken++;
                }
                emit(info, length, cuts->ind, cuts->val, -(double)(cap - 1));
                found++;
                break; /* one cut per (w, c1) */
            }
        }
    }
    return found;
}

int cuts_separate_areas(struct cuts *cuts, const double *values, cuts_emit *emit, void *info)
{
    return cuts == NULL ? 0 : cuts_area_separate(cuts->area, values, emit, info);
}

/* Add one family-move cut to the current subproblem. */
static void add_to_tree(void *info, int length, const int *ind, const double *val, double rhs)
{
    glp_ios_add_row(info, NULL, 102, 0, length, ind, val, GLP_LO, rhs);
}

/* Add one area cut to the current subproblem. */
static void add_area_to_tree(void *info, int length, const int *ind, const double *val, double rhs)
{
    glp_ios_add_row(info, NULL, 103, 0, length, ind, val, GLP_LO, rhs);
}

int cuts_separate(struct cuts *cuts, glp_tree *tree)
{
    if (cuts == NULL)
        return 0;
    glp_prob *problem = glp_ios_get_prob(tree);
    int added = 0;
    for (int k = 0; k < cuts->count; k++) {
        const struct cut *cut = &cuts->cut[k];
        double sum = 0;
        for (int i = 0; i < cut->length; i++)
            sum += cuts->value[cut->first + i] *
                   glp_get_col_prim(problem, cuts->column[cut->first + i]);
        if (sum >= cut->rhs - 1e-6 * (1.0 + cut->rhs))
            continue;
        /* GLPK reads ind[1..len] and val[1..len]: the pool from first - 1 (>= 0) on */
        glp_ios_add_row(tree, NULL, 101, 0, cut->length, cuts->column + cut->first - 1,
                        cuts->value + cut->first - 1, GLP_LO, cut->rhs);
        added++;
    }
    if (cuts->family_workers > 0) {
        for (int c = 1; c <= cuts->model->column_count; c++)
            cuts->values[c] = glp_get_col_prim(problem, c);
        added += cuts_separate_families(cuts, cuts->values, add_to_tree, tree);
    }
    if (cuts->area != NULL) {
        /* rounds per node: CUTS_AREA_ROUNDS_ROOT at the root, CUTS_AREA_ROUNDS elsewhere */
        int node = glp_ios_curr_node(tree);
        if (node != cuts->area_node) {
            cuts->area_node = node;
            cuts->area_rounds = 0;
        }
        int limit = glp_ios_up_node(tree, node) == 0 ? CUTS_AREA_ROUNDS_ROOT : CUTS_AREA_ROUNDS;
        if (cuts->area_rounds < limit) {
            cuts->area_rounds++;
            for (int c = 1; c <= cuts->model->column_count; c++)
                cuts->area_values[c] = glp_get_col_prim(problem, c);
            added += cuts_area_separate(cuts->area, cuts->area_values, add_area_to_tree, tree);
        }
    }
    return added;
}
