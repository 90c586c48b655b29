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
 * teams of its service whose areas meet its area (those sharing it). */
#include "cuts.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"

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
};

void cuts_free(struct cuts *cuts)
{
    if (cuts == NULL)
        return;
    mem_free(cuts->cut);
    mem_free(cuts->column);
    mem_free(cuts->value);
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
    if (!ok || cuts->count == 0) {
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
    return added;
}
