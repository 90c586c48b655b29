/* cuts_area.c - the area cut (issue 24): where hires meet a shared area, the
 * capacity rows of a set A of assignees are aggregated with the rows (1) of a
 * set S of children into one row, and its mixed-integer rounding is separated
 * with A and S chosen at the LP point, as c-MIR separation chooses its
 * aggregation and its complemented variables (Marchand and Wolsey, "Aggregation
 * and mixed integer rounding to solve MIPs", Oper. Res. 49, 2001; HiGHS's
 * HighsCutGeneration). Rows are numbered as in model.c.
 *
 * The base row. Let A be a set of a part's assignees holding at least one hire,
 * W its workers, H its hires, C = Σ_{w∈W} cap(w), K = max_{h∈H} cap(h),
 * Y = Σ_{h∈H} y[h], O = Σ_{w∈W} o[w] (o[w] = 0 where w has no o column), and
 * let S be ANY set of counted children (κ = 1). For c ∈ S let
 * R_c = u[c] + Σ_{a∉A} x[c,a] over c's pairs. Every plan of the model satisfies
 *   (i)   Σ_{a∈A} x[c,a] = 1 - R_c                       for c ∈ S      (row 1),
 *   (ii)  Σ_c κ(c) x[c,w] ≤ cap(w) + o[w]                for w ∈ W      (row 2; a
 *         worker without the row has at most cap(w) counted pairs),
 *   (iii) Σ_c κ(c) x[c,h] ≤ cap(h) y[h] ≤ K y[h]          for h ∈ H      (row 2h; a
 *         hire without the cap row has n ≤ cap(h) counted pairs, each x ≤ y by the
 *         other rows of (2h), so the sum is at most n y[h]).
 * Summing (i) over S, with κ = 1 on S and every x ≥ 0,
 *   |S| - Σ_{c∈S} R_c = Σ_{c∈S} Σ_{a∈A} x[c,a] ≤ Σ_{a∈A} Σ_c κ(c) x[c,a] ≤ C + O + K·Y,
 * that is
 *   K·Y + R ≥ D,   R = O + Σ_{c∈S} R_c ≥ 0,   D = |S| - C.                    (A)
 * The rounding. Y is an integer in every plan (a sum of binaries) and R ≥ 0.
 * For D > 0 let q = ⌈D/K⌉ and r = D - K(q - 1) ∈ (0, K]; then
 *   R + r·Y ≥ r·q.                                                            (B)
 * If Y ≥ q the left side is at least r·q as R ≥ 0. If Y ≤ q - 1, (A) gives
 * R ≥ D - K·Y = r + K(q - 1 - Y) ≥ r + r(q - 1 - Y) = r(q - Y), as K ≥ r and
 * q - 1 - Y ≥ 0. So no plan violates (B), whatever A and S are, and the optimum
 * is the model's. (B) is the MIR of (A) with δ = K; in the (Y, R) plane the
 * integer hull of (A) with R ≥ 0 is cut out by (A), R ≥ 0 and (B), so no other
 * rounding of this row is stronger there.
 * Flow covers. (A) is a single-node flow set: the hire flows F_h ≤ K y[h] and R
 * must cover D. Its flow cover inequalities (Padberg, Van Roy and Wolsey 1985)
 * for a cover C' ⊆ H with λ = D - K|C'| > 0 and L ⊆ H \ C' read
 * λ Σ_{h∈L} y[h] + Σ_{h∈H\(C'∪L)} F_h + R ≥ λ. Taking |C'| = q - 1 (the largest λ
 * ≤ K, λ = r) and A without the hires of H \ (C' ∪ L) (their flows then count in
 * R), (B) reads R + r Σ_L y + r Σ_{C'} y ≥ r + r(q - 1), i.e. the flow cover plus
 * r Σ_{C'} (1 - y[h]) ≥ 0 on its right: with one cap K for the hires every flow
 * cover of (A) is implied by (B) for some A, so none is separated apart.
 *
 * What the LP does, and why the sets are chosen at its point. The LP opens a
 * fraction of a hire and sends children partly to it (x[c,h] ≤ y[h]), partly
 * to workers outside A, so that cuts.c's fixed family (S = every counted child
 * with a pair into A) has a large R: the children served outside A at no cost
 * fill it. Here, with the LP point x*:
 * - S (complementation): putting child c in S adds 1 to D and R*_c to R*. The
 *   children with a pair into A are sorted by R*_c, largest first, and S is all
 *   but the first k, k chosen to make the violation v = r(q - Y*) - R* largest
 *   (every k is tried). The children left out are those the LP serves outside A
 *   (in c-MIR's terms, binaries complemented at their upper bound).
 * - A (aggregation): the sets start as in cuts.c (a hiring team alone, the
 *   teams of its service whose areas meet its area) and one more, the hiring
 *   teams among the latter; then an assignee is taken out of A when that raises
 *   v (a worker: C - cap(w), R - o[w] + Σ_S x[c,w]; a hire: Y - y[h],
 *   R + Σ_S x[c,h], K the largest cap of the hires left, at least one kept),
 *   the best one at a time, S chosen again after each, at most AREA_PASSES times.
 * The cut is emitted when v > AREA_TOLERANCE, as
 *   Σ_{h∈H} r y[h] + Σ_{w∈W} o[w] + Σ_{c∈S} (u[c] + Σ_{a∉A} x[c,a]) ≥ r q. */
#include "solve/cuts_area.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"

#define AREA_PASSES 4        /* assignees taken out of a set, at most, per separation */
#define AREA_TOLERANCE 1e-4  /* least violation of a cut emitted (absolute: r·q is ≤ |S|) */

/* One starting set A: members member[first .. first + count - 1] (local
 * assignees, at least one hire), and its candidate children child[child_first ..
 * child_first + child_count - 1] (counted, with a pair into A). */
struct area_set {
    int first, count;
    int child_first, child_count;
};

struct area_cuts {
    const struct model *model;   /* not owned */
    struct area_set *set;
    int set_count;
    int *member;                 /* pool of members */
    int *child;                  /* pool of candidate children */
    int *pair_child;             /* per pair: its local child */
    bool *in_set;                /* per local assignee: in the current A */
    double *r_child;             /* per local child: R*_c for the current A */
    bool *kept;                  /* per local child: in S */
    int *order;                  /* candidate children by R*_c, largest first */
    double *flow;                /* per local assignee: Σ_{c∈S} x*[c,a] */
    int *ind;                    /* one cut, GLPK's 1-based arrays */
    double *val;
    int longest;                 /* entries of the longest cut */
};

void cuts_area_free(struct area_cuts *cuts)
{
    if (cuts == NULL)
        return;
    mem_free(cuts->set);
    mem_free(cuts->member);
    mem_free(cuts->child);
    mem_free(cuts->pair_child);
    mem_free(cuts->in_set);
    mem_free(cuts->r_child);
    mem_free(cuts->kept);
    mem_free(cuts->order);
    mem_free(cuts->flow);
    mem_free(cuts->ind);
    mem_free(cuts->val);
    mem_free(cuts);
}

/* Do the areas of teams t and u share a municipality (a team without an area
 * covers every one)? */
static bool areas_meet(const struct instance *instance, int t, int u)
{
    const struct team *a = &instance->teams[t], *b = &instance->teams[u];
    if (a->area_all || b->area_all)
        return true;
    for (int i = 0, k = 0; i < a->area_count && k < b->area_count;) { /* (sorted) */
        if (a->area[i] == b->area[k])
            return true;
        if (a->area[i] < b->area[k])
            i++;
        else
            k++;
    }
    return false;
}

/* Add the set of the assignees of the teams with team_in[t] when it holds a
 * hire and differs from every set so far. Returns false only when memory runs
 * out. */
static bool add_set(struct area_cuts *cuts, const bool *team_in, int *set_capacity,
                    int *member_count, int *member_capacity, int *child_count, int *child_capacity)
{
    const struct model *model = cuts->model;
    const struct instance *instance = model->instance;
    int first = *member_count, count = 0;
    bool hire = false;
    for (int j = 0; j < model->assignee_count; j++) {
        if (!team_in[instance_assignee_team(instance, model->assignees[j])])
            continue;
        if (*member_count == *member_capacity) {
            int capacity = *member_capacity ? 2 * *member_capacity : 256;
            int *grown = mem_realloc(cuts->member, (size_t)capacity * sizeof *grown);
            if (grown == NULL)
                return false;
            cuts->member = grown;
            *member_capacity = capacity;
        }
        cuts->member[(*member_count)++] = j;
        count++;
        hire = hire || model->y_column[j] != 0;
    }
    bool same = false;
    for (int s = 0; s < cuts->set_count && !same; s++)
        same = cuts->set[s].count == count &&
               memcmp(cuts->member + cuts->set[s].first, cuts->member + first,
                      (size_t)count * sizeof *cuts->member) == 0;
    if (!hire || same) {
        *member_count = first;
        return true;
    }
    if (cuts->set_count == *set_capacity) {
        int capacity = *set_capacity ? 2 * *set_capacity : 8;
        struct area_set *grown = mem_realloc(cuts->set, (size_t)capacity * sizeof *grown);
        if (grown == NULL)
            return false;
        cuts->set = grown;
        *set_capacity = capacity;
    }
    for (int k = 0; k < model->assignee_count; k++)
        cuts->in_set[k] = false;
    for (int k = first; k < first + count; k++)
        cuts->in_set[cuts->member[k]] = true;
    int child_first = *child_count, pairs = count;
    for (int i = 0; i < model->child_count; i++) {
        if (!instance_child_counted(instance, model->children[i]))
            continue;
        bool touches = false;
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1] && !touches; p++)
            touches = cuts->in_set[model->pair_assignee[p]];
        if (!touches)
            continue;
        if (*child_count == *child_capacity) {
            int capacity = *child_capacity ? 2 * *child_capacity : 1024;
            int *grown = mem_realloc(cuts->child, (size_t)capacity * sizeof *grown);
            if (grown == NULL)
                return false;
            cuts->child = grown;
            *child_capacity = capacity;
        }
        cuts->child[(*child_count)++] = i;
        pairs += 1 + model->pair_start[i + 1] - model->pair_start[i];
    }
    cuts->longest = pairs > cuts->longest ? pairs : cuts->longest;
    cuts->set[cuts->set_count++] = (struct area_set){first, count, child_first,
                                                     *child_count - child_first};
    return true;
}

struct area_cuts *cuts_area_new(const struct model *model)
{
    const struct instance *instance = model->instance;
    bool any = false;
    for (int j = 0; j < model->assignee_count && !any; j++)
        any = model->y_column[j] != 0;
    if (!any)
        return NULL;
    struct area_cuts *cuts = mem_calloc(1, sizeof *cuts);
    if (cuts == NULL)
        return NULL;
    cuts->model = model;
    size_t assignees = (size_t)model->assignee_count + 1, children = (size_t)model->child_count + 1;
    cuts->in_set = mem_calloc(assignees, sizeof *cuts->in_set);
    cuts->flow = mem_calloc(assignees, sizeof *cuts->flow);
    cuts->r_child = mem_calloc(children, sizeof *cuts->r_child);
    cuts->kept = mem_calloc(children, sizeof *cuts->kept);
    cuts->order = mem_alloc(children * sizeof *cuts->order);
    cuts->pair_child = mem_alloc(((size_t)model->pair_count + 1) * sizeof *cuts->pair_child);
    bool *team_in = mem_calloc((size_t)instance->team_count + 1, sizeof *team_in);
    bool *done = mem_calloc((size_t)instance->team_count + 1, sizeof *done);
    bool *hiring = mem_calloc((size_t)instance->team_count + 1, sizeof *hiring);
    bool ok = cuts->in_set != NULL && cuts->flow != NULL && cuts->r_child != NULL &&
              cuts->kept != NULL && cuts->order != NULL && cuts->pair_child != NULL &&
              team_in != NULL && done != NULL && hiring != NULL;
    int set_capacity = 0, member_count = 0, member_capacity = 0, child_count = 0, child_capacity = 0;
    if (ok) {
        for (int i = 0; i < model->child_count; i++)
            for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++)
                cuts->pair_child[p] = i;
        for (int j = 0; j < model->assignee_count; j++)
            if (model->y_column[j] != 0)
                hiring[instance_assignee_team(instance, model->assignees[j])] = true;
    }
    for (int h = 0; ok && h < model->assignee_count; h++) {
        if (model->y_column[h] == 0)
            continue;
        int team = instance_assignee_team(instance, model->assignees[h]);
        if (done[team])
            continue;
        done[team] = true;
        enum service service = instance->teams[team].service;
        /* the team alone; the teams of its service sharing its area; the hiring ones of those */
        for (int kind = 0; ok && kind < 3; kind++) {
            for (int t = 0; t < instance->team_count; t++)
                team_in[t] = kind == 0 ? t == team
                                       : instance->teams[t].service == service &&
                                             areas_meet(instance, team, t) && (kind == 1 || hiring[t]);
            ok = add_set(cuts, team_in, &set_capacity, &member_count, &member_capacity,
                         &child_count, &child_capacity);
        }
    }
    mem_free(team_in);
    mem_free(done);
    mem_free(hiring);
    if (ok)
        for (int j = 0; j < model->assignee_count; j++)
            cuts->in_set[j] = false; /* (add_set's scratch; separate_set keeps it all false) */
    if (ok && cuts->set_count > 0) {
        cuts->ind = mem_alloc(((size_t)cuts->longest + 2) * sizeof *cuts->ind);
        cuts->val = mem_alloc(((size_t)cuts->longest + 2) * sizeof *cuts->val);
        ok = cuts->ind != NULL && cuts->val != NULL;
    }
    if (!ok || cuts->set_count == 0) {
        cuts_area_free(cuts);
        return NULL;
    }
    return cuts;
}

/* The violation r(q - Y) - R of (B) for D, K, Y, R; -INFINITY when D ≤ 0 or K ≤ 0
 * (no cut); *q_out and *r_out get q and r. */
static double violation(long excess, int hire_cap, double hires, double rest, long *q_out,
                        double *r_out)
{
    if (excess <= 0 || hire_cap <= 0)
        return -INFINITY;
    long q = (excess + hire_cap - 1) / hire_cap;
    double r = (double)(excess - (long)hire_cap * (q - 1));
    *q_out = q;
    *r_out = r;
    return r * ((double)q - hires) - rest;
}

/* The current A's terms at `values`: C, K, Y, O. */
struct area_terms {
    long workers_cap;
    int hire_cap;
    double hires;
    double over;
};

static struct area_terms set_terms(const struct area_cuts *cuts, const struct area_set *set,
                                   const double *values)
{
    const struct model *model = cuts->model;
    struct area_terms terms = {0, 0, 0.0, 0.0};
    for (int k = set->first; k < set->first + set->count; k++) {
        int j = cuts->member[k];
        if (!cuts->in_set[j])
            continue;
        int cap = instance_assignee_cap(model->instance, model->assignees[j]);
        if (model->y_column[j] != 0) {
            terms.hire_cap = cap > terms.hire_cap ? cap : terms.hire_cap;
            terms.hires += values[model->y_column[j]];
        } else {
            terms.workers_cap += cap;
            if (model->o_column[j] != 0)
                terms.over += values[model->o_column[j]];
        }
    }
    return terms;
}

/* Sort `count` local children `order` by r_child, largest first (insertion
 * sort below 32, else a merge through `scratch`): qsort's comparator would need
 * the keys in a global, and the solver's threads separate at the same time. */
static void sort_children(int *order, int count, const double *r_child, int *scratch)
{
    if (count < 32) {
        for (int k = 1; k < count; k++) {
            int i = order[k], at = k;
            while (at > 0 && (r_child[order[at - 1]] < r_child[i] ||
                              (r_child[order[at - 1]] == r_child[i] && order[at - 1] > i))) {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = i;
        }
        return;
    }
    int half = count / 2;
    sort_children(order, half, r_child, scratch);
    sort_children(order + half, count - half, r_child, scratch);
    int a = 0, b = half, out = 0;
    while (a < half || b < count) {
        bool take_a = b >= count ||
                      (a < half && (r_child[order[a]] > r_child[order[b]] ||
                                    (r_child[order[a]] == r_child[order[b]] && order[a] < order[b])));
        scratch[out++] = take_a ? order[a++] : order[b++];
    }
    memcpy(order, scratch, (size_t)count * sizeof *order);
}

/* For the current A of `set`: R*_c of every candidate child, then the best S
 * (cuts->kept); returns the violation of (B) and its D, R in *excess, *rest. */
static double choose_children(struct area_cuts *cuts, const struct area_set *set,
                              const struct area_terms *terms, const double *values, int *scratch,
                              long *excess, double *rest)
{
    const struct model *model = cuts->model;
    const int *child = cuts->child + set->child_first;
    int n = set->child_count;
    double total = terms->over;
    for (int k = 0; k < n; k++) {
        int i = child[k];
        double r = values[model->u_column[i]];
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++)
            if (!cuts->in_set[model->pair_assignee[p]])
                r += values[model->x_column[p]];
        cuts->r_child[i] = r;
        cuts->order[k] = i;
        total += r;
    }
    sort_children(cuts->order, n, cuts->r_child, scratch);
    double best = -INFINITY, rest_k = total;
    int best_k = 0;
    for (int k = 0; k <= n; k++) { /* S = all but the first k */
        long q;
        double r;
        double v = violation((long)(n - k) - terms->workers_cap, terms->hire_cap, terms->hires,
                             rest_k, &q, &r);
        if (v > best + 1e-12) {
            best = v;
            best_k = k;
        }
        if (k < n)
            rest_k -= cuts->r_child[cuts->order[k]];
    }
    *rest = terms->over;
    for (int k = 0; k < n; k++) {
        cuts->kept[cuts->order[k]] = k >= best_k;
        if (k >= best_k)
            *rest += cuts->r_child[cuts->order[k]];
    }
    *excess = (long)(n - best_k) - terms->workers_cap;
    return best;
}

/* Separate the cut of one set; emit it when violated. Returns 1 when emitted. */
static int separate_set(struct area_cuts *cuts, const struct area_set *set, const double *values,
                        cuts_area_emit *emit, void *info, int *scratch)
{
    const struct model *model = cuts->model;
    const struct instance *instance = model->instance;
    for (int k = set->first; k < set->first + set->count; k++)
        cuts->in_set[cuts->member[k]] = true;
    struct area_terms terms = set_terms(cuts, set, values);
    long excess;
    double rest;
    double best = choose_children(cuts, set, &terms, values, scratch, &excess, &rest);
    for (int pass = 0; pass < AREA_PASSES; pass++) {
        /* Σ_S x*[c,a] per member of A */
        for (int k = set->first; k < set->first + set->count; k++)
            cuts->flow[cuts->member[k]] = 0.0;
        for (int k = set->child_first; k < set->child_first + set->child_count; k++) {
            int i = cuts->child[k];
            if (!cuts->kept[i])
                continue;
            for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++)
                if (cuts->in_set[model->pair_assignee[p]])
                    cuts->flow[model->pair_assignee[p]] += values[model->x_column[p]];
        }
        int hires_in = 0;
        for (int k = set->first; k < set->first + set->count; k++)
            hires_in += cuts->in_set[cuts->member[k]] && model->y_column[cuts->member[k]] != 0;
        int out = -1;
        double out_value = best;
        for (int k = set->first; k < set->first + set->count; k++) {
            int j = cuts->member[k];
            if (!cuts->in_set[j])
                continue;
            long q;
            double r, v;
            if (model->y_column[j] != 0) {
                if (hires_in < 2)
                    continue;
                cuts->in_set[j] = false;
                struct area_terms without = set_terms(cuts, set, values);
                cuts->in_set[j] = true;
                v = violation(excess, without.hire_cap, without.hires, rest + cuts->flow[j], &q, &r);
            } else {
                int cap = instance_assignee_cap(instance, model->assignees[j]);
                double over = model->o_column[j] != 0 ? values[model->o_column[j]] : 0.0;
                v = violation(excess + cap, terms.hire_cap, terms.hires,
                              rest - over + cuts->flow[j], &q, &r);
            }
            if (v > out_value + 1e-9) {
                out_value = v;
                out = j;
            }
        }
        if (out < 0)
            break;
        cuts->in_set[out] = false;
        terms = set_terms(cuts, set, values);
        best = choose_children(cuts, set, &terms, values, scratch, &excess, &rest);
    }
    int emitted = 0;
    long q;
    double r;
    if (best > AREA_TOLERANCE &&
        violation(excess, terms.hire_cap, terms.hires, rest, &q, &r) > AREA_TOLERANCE) {
        int length = 0;
        for (int k = set->first; k < set->first + set->count; k++) {
            int j = cuts->member[k];
            if (!cuts->in_set[j])
                continue;
            if (model->y_column[j] != 0) {
                cuts->ind[++length] = model->y_column[j];
                cuts->val[length] = r;
            } else if (model->o_column[j] != 0) {
                cuts->ind[++length] = model->o_column[j];
                cuts->val[length] = 1.0;
            }
        }
        for (int k = set->child_first; k < set->child_first + set->child_count; k++) {
            int i = cuts->child[k];
            if (!cuts->kept[i])
                continue;
            cuts->ind[++length] = model->u_column[i];
            cuts->val[length] = 1.0;
            for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++)
                if (!cuts->in_set[model->pair_assignee[p]]) {
                    cuts->ind[++length] = model->x_column[p];
                    cuts->val[length] = 1.0;
                }
        }
        emit(info, length, cuts->ind, cuts->val, r * (double)q);
        emitted = 1;
    }
    for (int k = set->first; k < set->first + set->count; k++)
        cuts->in_set[cuts->member[k]] = false;
    return emitted;
}

int cuts_area_separate(struct area_cuts *cuts, const double *values, cuts_area_emit *emit, void *info)
{
    if (cuts == NULL)
        return 0;
    int longest = 1;
    for (int s = 0; s < cuts->set_count; s++)
        longest = cuts->set[s].child_count > longest ? cuts->set[s].child_count : longest;
    int *scratch = mem_alloc(((size_t)longest + 1) * sizeof *scratch);
    if (scratch == NULL)
        return 0; /* out of memory: no cut, the search goes on without */
    int found = 0;
    for (int s = 0; s < cuts->set_count; s++)
        found += separate_set(cuts, &cuts->set[s], values, emit, info, scratch);
    mem_free(scratch);
    return found;
}
