/* model.c - builds the GLPK problem of DESIGN.md §2 and counts it before it is
 * built (plans as column values: model_values.c; the size estimate and the
 * memory limit: model_size.c; GLPK's error hook, the LP relaxation and LP/MPS
 * writing: model_glpk.c).
 *
 * Columns (a = assignee: a worker, or a hire h of team t):
 *   x[c,a] ∈ {0,1} on eligible pairs, u[c] ∈ {0,1}, o[w] ≥ 0 integer (workers),
 *   e[a] ≥ 0, y[h] ∈ {0,1}, per sibling group g = (family, service) with two or
 *   more children: z[g,a] ∈ [0,1] (binary under the hard rule) and s[g] ≥ 0.
 * Rows:
 *   (1)  Σ_a x[c,a] + u[c] = 1                                  one worker per child
 *   (2)  Σ_c κ(c) x[c,w] - o[w] ≤ cap(w)                        legal cap of a worker
 *   (2h) Σ_c κ(c) x[c,h] - cap(h) y[h] ≤ 0,  x[c,h] - y[h] ≤ 0   a hire: only when opened
 *   (3)  Σ_c ω(c) x[c,a] - e[a] ≤ tgt(a)                        soft workload target
 *   (4)  soft: z[g,a] - x[c,a] ≥ 0 (c ∈ g), s[g] - Σ_a z[g,a] ≥ -1
 *        (aggregated variant: n(g,a) z[g,a] - Σ_{c∈g} x[c,a] ≥ 0)
 *        hard: x[c,a] - z[g,a] ≤ 0, Σ_a z[g,a] ≤ 1
 *   (5)  Σ_{c: cur(c) ≠ w} x[c,w] ≤ max_new(w)
 *   (6)  y[h(t,k)] - y[h(t,k+1)] ≥ 0
 *   (7)  o[w] - Σ_k δ[w,k] = 0, δ[w,k] ∈ [0,1]                  overload tiers
 * A locked child has u[c] fixed at 0: it is never unassigned, whatever the weights.
 * Objective: unassigned Σu + over_cap Σo + overload Σ_w Σ_k k ρ(w) δ[w,k]
 *   + hire Σy + above_target Σe
 *   + family_split Σs + Σ_(c,a) (move [cur(c) ≥ 0, a ≠ cur(c)]
 *   + cross_team [home outside the area] + km d(c,a)) x[c,a].
 * Rows that can never bind (a worker whose eligible children cannot exceed the
 * cap, ...) and their slack columns are left out; they change nothing. */
#include "model/model.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/delta.h"
#include "core/siblings.h"
#include "model/model_hires.h"

#define NAME_ID_MAX 48 /* characters of an id kept in a row or column name */

/* --- Names ------------------------------------------------------------------ */

/* Append `id` to `out` (size bytes, NUL-terminated) using only characters that are
 * legal in CPLEX LP and MPS names. Finnish letters become their base letter;
 * anything else becomes '_'. When the id had to be changed, "~index" is added so
 * that two different ids never give the same name. */
static void name_append_id(char *out, size_t size, const char *id, int index)
{
    size_t length = strlen(out);
    bool changed = false;
    size_t kept = 0;
    const unsigned char *p = (const unsigned char *)id;
    while (*p != '\0' && length + 1 < size) {
        unsigned char ch = *p;
        char put;
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
            ch == '_' || ch == '.') {
            put = (char)ch;
            p++;
        } else if (ch == 0xC3 && p[1] != '\0') {
            /* ä ö å Ä Ö Å */
            switch (p[1]) {
            case 0xA4: case 0xA5: put = 'a'; break;
            case 0xB6: put = 'o'; break;
            case 0x84: case 0x85: put = 'A'; break;
            case 0x96: put = 'O'; break;
            default: put = '_'; break;
            }
            p += 2;
            changed = true;
        } else {
            put = '_';
            p++;
            changed = true;
        }
        if (kept == NAME_ID_MAX) {
            changed = true;
            break;
        }
        out[length++] = put;
        kept++;
    }
    if (*p != '\0')
        changed = true;
    out[length] = '\0';
    if (changed)
        snprintf(out + length, size - length, "~%d", index);
}

static void name_assignee(const struct instance *instance, int assignee, char *out, size_t size)
{
    char id[160];
    instance_assignee_id(instance, assignee, id, sizeof id);
    name_append_id(out, size, id, assignee);
}

static const char *service_short(enum service service)
{
    switch (service) {
    case SERVICE_AVOHUOLTO: return "avo";
    case SERVICE_SIJAISHUOLTO: return "sij";
    default: return "jalki";
    }
}

/* --- Growing triplet list of the constraint matrix -------------------------- */

struct triplets {
    int *row, *column; /* 1-based, entry 0 unused as glp_load_matrix wants */
    double *value;
    int count, capacity;
};

static bool triplets_add(struct triplets *list, int row, int column, double value)
{
    if (list->count + 1 >= list->capacity) {
        int capacity = list->capacity < 1024 ? 1024 : list->capacity * 2;
        int *rows = mem_realloc(list->row, (size_t)capacity * sizeof *rows);
        if (rows == NULL)
            return false;
        list->row = rows;
        int *columns = mem_realloc(list->column, (size_t)capacity * sizeof *columns);
        if (columns == NULL)
            return false;
        list->column = columns;
        double *values = mem_realloc(list->value, (size_t)capacity * sizeof *values);
        if (values == NULL)
            return false;
        list->value = values;
        list->capacity = capacity;
    }
    list->count++;
    list->row[list->count] = row;
    list->column[list->count] = column;
    list->value[list->count] = value;
    return true;
}

static void triplets_free(struct triplets *list)
{
    mem_free(list->row);
    mem_free(list->column);
    mem_free(list->value);
    memset(list, 0, sizeof *list);
}

/* --- Building --------------------------------------------------------------- */

/* Add a column with its name, bounds, kind and cost; returns its number. */
static int add_column(glp_prob *problem, const char *name, int kind, double lower, double upper,
                      double cost)
{
    int column = glp_add_cols(problem, 1);
    glp_set_col_name(problem, column, name);
    glp_set_col_kind(problem, column, kind);
    if (kind == GLP_BV)
        ; /* glp_set_col_kind set the bounds [0,1] */
    else if (upper > lower)
        glp_set_col_bnds(problem, column, GLP_DB, lower, upper);
    else
        glp_set_col_bnds(problem, column, GLP_LO, lower, 0.0);
    glp_set_obj_coef(problem, column, cost);
    return column;
}

/* Add a row with its name and bounds; type GLP_FX/GLP_UP/GLP_LO. */
static int add_row(glp_prob *problem, const char *name, int type, double bound)
{
    int row = glp_add_rows(problem, 1);
    glp_set_row_name(problem, row, name);
    glp_set_row_bnds(problem, row, type, bound, bound);
    return row;
}

void model_free(struct model *model)
{
    if (model == NULL)
        return;
    if (model->problem != NULL)
        glp_delete_prob(model->problem);
    mem_free(model->children);
    mem_free(model->assignees);
    mem_free(model->pair_start);
    mem_free(model->pair_assignee);
    mem_free(model->x_column);
    mem_free(model->u_column);
    mem_free(model->o_column);
    mem_free(model->e_column);
    mem_free(model->tier_column);
    mem_free(model->tier_count);
    mem_free(model->y_column);
    mem_free(model->group_start);
    mem_free(model->group_child);
    mem_free(model->child_group);
    mem_free(model->z_start);
    mem_free(model->z_assignee);
    mem_free(model->z_column);
    mem_free(model->s_column);
    mem_free(model->column_type);
    mem_free(model->column_lower);
    mem_free(model->column_upper);
    memset(model, 0, sizeof *model);
}

/* Allocate the arrays of the model that depend on counts only. */
static bool model_allocate(struct model *model)
{
    size_t children = (size_t)model->child_count, assignees = (size_t)model->assignee_count;
    model->pair_start = mem_calloc(children + 1, sizeof(int));
    model->u_column = mem_calloc(children + 1, sizeof(int));
    model->child_group = mem_calloc(children + 1, sizeof(int));
    model->o_column = mem_calloc(assignees + 1, sizeof(int));
    model->e_column = mem_calloc(assignees + 1, sizeof(int));
    model->y_column = mem_calloc(assignees + 1, sizeof(int));
    model->tier_column = mem_calloc(assignees + 1, sizeof(int));
    model->tier_count = mem_calloc(assignees + 1, sizeof(int));
    return model->pair_start != NULL && model->u_column != NULL && model->child_group != NULL &&
           model->o_column != NULL && model->e_column != NULL && model->y_column != NULL &&
           model->tier_column != NULL && model->tier_count != NULL;
}

/* Find the eligible pairs between the part's children and assignees. */
/* Append local assignee j to the part's pair list of the child being built. */
static bool pairs_append(struct model *model, int *capacity, int j)
{
    if (model->pair_count == *capacity) {
        *capacity = *capacity < 256 ? 256 : *capacity * 2;
        int *grown = mem_realloc(model->pair_assignee, (size_t)*capacity * sizeof *grown);
        if (grown == NULL)
            return false;
        model->pair_assignee = grown;
    }
    model->pair_assignee[model->pair_count++] = j;
    return true;
}

static int int_compare(const void *left, const void *right)
{
    int a = *(const int *)left, b = *(const int *)right;
    return (a > b) - (a < b);
}

/* The eligible pairs E of the part, each child's in ascending local assignee
 * order. Without cross-team service a child can only be eligible for its current
 * worker and the assignees of teams whose area holds its home (or that have no
 * area), so only those candidates are asked instance_eligible: linear in the
 * pairs, not children × assignees (10,000 teams would otherwise take minutes). */
static bool model_find_pairs(struct model *model)
{
    const struct instance *instance = model->instance;
    int capacity = 0;
    /* hires past what their team's children could fill are no place (model_hires.h) */
    bool *beyond = mem_alloc(((size_t)instance_assignee_count(instance) + 1) * sizeof *beyond);
    bool ok = beyond != NULL && model_hire_beyond_all(instance, beyond);
    if (!ok) {
        mem_free(beyond);
        return false;
    }
    if (instance->rules.cross_team) {
        for (int i = 0; ok && i < model->child_count; i++) {
            model->pair_start[i] = model->pair_count;
            for (int j = 0; ok && j < model->assignee_count; j++)
                if (!beyond[model->assignees[j]] &&
                    instance_eligible(instance, model->children[i], model->assignees[j]))
                    ok = pairs_append(model, &capacity, j);
        }
        goto done;
    }
    /* team_first[t] .. team_first[t + 1]: the part's local assignees of team t;
     * place_first[m] .. place_first[m + 1]: the teams whose area holds m */
    int teams = instance->team_count, places = instance->municipality_count;
    int assignees_total = instance_assignee_count(instance);
    int *local_of = mem_alloc(((size_t)assignees_total + 1) * sizeof(int));
    int *team_first = mem_calloc((size_t)teams + 2, sizeof(int));
    int *team_member = mem_alloc(((size_t)model->assignee_count + 1) * sizeof(int));
    int *place_first = mem_calloc((size_t)places + 2, sizeof(int));
    int *candidates = mem_alloc(((size_t)model->assignee_count + 1) * sizeof(int));
    int *place_team = NULL;
    ok = local_of != NULL && team_first != NULL && team_member != NULL && place_first != NULL &&
         candidates != NULL;
    int area_entries = 0;
    if (ok) {
        for (int a = 0; a < assignees_total; a++)
            local_of[a] = -1;
        for (int j = 0; j < model->assignee_count; j++) {
            local_of[model->assignees[j]] = j;
            team_first[instance_assignee_team(instance, model->assignees[j]) + 1]++;
        }
        for (int t = 0; t < teams; t++)
            team_first[t + 1] += team_first[t];
        /* filling from the back moves team_first[t + 1] from the end of t down to
         * its start; shifting by one then gives every team its start */
        for (int j = model->assignee_count - 1; j >= 0; j--) {
            int t = instance_assignee_team(instance, model->assignees[j]);
            team_member[--team_first[t + 1]] = j;
        }
        for (int t = 0; t < teams; t++)
            team_first[t] = team_first[t + 1];
        team_first[teams] = model->assignee_count;
        for (int t = 0; t < teams; t++) {
            const struct team *team = &instance->teams[t];
            if (team_first[t] == team_first[t + 1] || team->area_all)
                continue;
            for (int k = 0; k < team->area_count; k++)
                place_first[team->area[k] + 1]++;
            area_entries += team->area_count;
        }
        for (int m = 0; m < places; m++)
            place_first[m + 1] += place_first[m];
        place_team = mem_alloc(((size_t)area_entries + 1) * sizeof(int));
        ok = place_team != NULL;
    }
    if (ok) {
        for (int t = teams - 1; t >= 0; t--) {
            const struct team *team = &instance->teams[t];
            if (team_first[t] == team_first[t + 1] || team->area_all)
                continue;
            for (int k = team->area_count - 1; k >= 0; k--)
                place_team[--place_first[team->area[k] + 1]] = t;
        }
        for (int m = 0; m < places; m++)
            place_first[m] = place_first[m + 1];
        place_first[places] = area_entries;
    }
    for (int i = 0; ok && i < model->child_count; i++) {
        const struct child *child = &instance->children[model->children[i]];
        int count = 0;
        if (child->worker >= 0 && local_of[child->worker] >= 0)
            candidates[count++] = local_of[child->worker];
        for (int t = 0; t < teams; t++) /* teams without an area cover every home */
            if (instance->teams[t].area_all)
                for (int k = team_first[t]; k < team_first[t + 1]; k++)
                    candidates[count++] = team_member[k];
        for (int e = place_first[child->municipality]; e < place_first[child->municipality + 1]; e++) {
            int t = place_team[e];
            for (int k = team_first[t]; k < team_first[t + 1]; k++)
                candidates[count++] = team_member[k];
        }
        qsort(candidates, (size_t)count, sizeof *candidates, int_compare);
        model->pair_start[i] = model->pair_count;
        for (int k = 0; ok && k < count; k++)
            if ((k == 0 || candidates[k] != candidates[k - 1]) && !beyond[model->assignees[candidates[k]]] &&
                instance_eligible(instance, model->children[i], model->assignees[candidates[k]]))
                ok = pairs_append(model, &capacity, candidates[k]);
    }
    mem_free(local_of);
    mem_free(team_first);
    mem_free(team_member);
    mem_free(place_first);
    mem_free(place_team);
    mem_free(candidates);
done:
    mem_free(beyond);
    if (!ok)
        return false;
    model->pair_start[model->child_count] = model->pair_count;
    model->x_column = mem_calloc((size_t)model->pair_count + 1, sizeof(int));
    return model->x_column != NULL;
}

/* Group the part's children by (family, service); groups of one are dropped. */
static bool model_find_groups(struct model *model)
{
    int n = model->child_count;
    model->group_start = mem_calloc((size_t)n + 1, sizeof(int));
    model->group_child = mem_calloc((size_t)n + 1, sizeof(int));
    if (model->group_start == NULL || model->group_child == NULL ||
        !siblings_group(model->instance, model->children, n, model->child_group,
                        model->group_start, model->group_child, &model->group_count))
        return false;
    model->s_column = mem_calloc((size_t)model->group_count + 1, sizeof(int));
    model->z_start = mem_calloc((size_t)model->group_count + 1, sizeof(int));
    return model->s_column != NULL && model->z_start != NULL;
}

/* Overload (7) of local worker j, whose o[w] is at most `most`: the tiers δ[w,k],
 * k = 1..most, δ ∈ [0,1] costing overload·(b+k)·ρ(w), and the row o[w] = Σ_k δ[w,k],
 * with b = workers[w].carried (0 but in the forecast's placement). The costs rise
 * with k, so the LP fills the tiers in order and Σ_k (b+k) ρ δ[w,k] is
 * ρ·o·(o+2b+1)/2 exactly at every integer o (instance_worker_overload). None when
 * overload weighs nothing. */
static bool add_overload_tiers(struct model *model, int j, int most, struct triplets *matrix)
{
    const struct instance *instance = model->instance;
    double weight = instance->rules.weights[TERM_OVERLOAD];
    if (weight <= 0.0 || most <= 0)
        return true;
    int w = model->assignees[j];
    double share = instance_worker_share(instance, w);
    int carried = instance->workers[w].carried > 0 ? instance->workers[w].carried : 0;
    char name[512], assignee_name[128] = "";
    name_assignee(instance, w, assignee_name, sizeof assignee_name);
    snprintf(name, sizeof name, "tiers[%s]", assignee_name);
    int row = add_row(model->problem, name, GLP_FX, 0.0);
    bool ok = triplets_add(matrix, row, model->o_column[j], 1.0);
    for (int k = 1; ok && k <= most; k++) {
        snprintf(name, sizeof name, "d[%s,%d]", assignee_name, k);
        int column = add_column(model->problem, name, GLP_CV, 0, 1, weight * (k + carried) * share);
        if (k == 1)
            model->tier_column[j] = column;
        ok = triplets_add(matrix, row, column, -1.0);
    }
    model->tier_count[j] = most;
    return ok;
}

/* The column for every x, u, o, e, y; the rows (1), (2), (2h), (3), (5), (6), (7). */
/* How much could reach each local assignee (it decides which rows can bind), and
 * the pairs of each: assignee_pair[assignee_first[j] .. assignee_first[j + 1]) in
 * child order, pair_child[p] the local child of pair p. */
struct reach {
    int *counted_pairs, *new_pairs, *pair_count;
    double *weight_pairs;
    int *assignee_first, *assignee_pair, *pair_child;
};

static void reach_free(struct reach *reach)
{
    mem_free(reach->counted_pairs);
    mem_free(reach->new_pairs);
    mem_free(reach->weight_pairs);
    mem_free(reach->pair_count);
    mem_free(reach->assignee_first);
    mem_free(reach->assignee_pair);
    mem_free(reach->pair_child);
}

/* Count what reaches each assignee of `model` and index its pairs. Returns false
 * when memory runs out (reach_free frees what was made). */
static bool reach_count(const struct model *model, struct reach *reach)
{
    const struct instance *instance = model->instance;
    reach->counted_pairs = mem_calloc((size_t)model->assignee_count + 1, sizeof(int));
    reach->new_pairs = mem_calloc((size_t)model->assignee_count + 1, sizeof(int));
    reach->weight_pairs = mem_calloc((size_t)model->assignee_count + 1, sizeof(double));
    reach->pair_count = mem_calloc((size_t)model->assignee_count + 1, sizeof(int));
    reach->assignee_first = mem_calloc((size_t)model->assignee_count + 2, sizeof(int));
    reach->assignee_pair = mem_alloc(((size_t)model->pair_count + 1) * sizeof(int));
    reach->pair_child = mem_alloc(((size_t)model->pair_count + 1) * sizeof(int));
    bool ok = reach->counted_pairs != NULL && reach->new_pairs != NULL &&
              reach->weight_pairs != NULL && reach->pair_count != NULL &&
              reach->assignee_first != NULL && reach->assignee_pair != NULL &&
              reach->pair_child != NULL;
    for (int i = 0; ok && i < model->child_count; i++) {
        int c = model->children[i];
        const struct child *child = &instance->children[c];
        bool counted = instance_child_counted(instance, c);
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++) {
            int j = model->pair_assignee[p];
            reach->pair_child[p] = i;
            reach->assignee_first[j + 1]++;
            reach->pair_count[j]++;
            reach->counted_pairs[j] += counted ? 1 : 0;
            reach->weight_pairs[j] += child->weight;
            if (child->worker != model->assignees[j])
                reach->new_pairs[j]++;
        }
    }

    if (ok) {
        for (int j = 0; j < model->assignee_count; j++)
            reach->assignee_first[j + 1] += reach->assignee_first[j];
        /* filling from the back moves assignee_first[j + 1] down to the start of
         * j; shifting by one then gives every assignee its start */
        for (int p = model->pair_count - 1; p >= 0; p--)
            reach->assignee_pair[--reach->assignee_first[model->pair_assignee[p] + 1]] = p;
        for (int j = 0; j < model->assignee_count; j++)
            reach->assignee_first[j] = reach->assignee_first[j + 1];
        reach->assignee_first[model->assignee_count] = model->pair_count;
    }
    return ok;
}

/* The x and u columns of every child and its row (1). */
static bool model_add_children(struct model *model, struct triplets *matrix)
{
    const struct instance *instance = model->instance;
    const double *weight = instance->rules.weights;
    glp_prob *problem = model->problem;
    char name[512], child_name[128], assignee_name[128];
    bool ok = true;
    for (int i = 0; ok && i < model->child_count; i++) {
        int c = model->children[i];
        const struct child *child = &instance->children[c];
        child_name[0] = '\0';
        name_append_id(child_name, sizeof child_name, child->id, c);
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++) {
            int a = model->assignees[model->pair_assignee[p]];
            assignee_name[0] = '\0';
            name_assignee(instance, a, assignee_name, sizeof assignee_name);
            double cost = delta_pair_cost(instance, c, a, instance_pair_km(instance, c, a),
                                          instance_cross_team(instance, c, a));
            snprintf(name, sizeof name, "x[%s,%s]", child_name, assignee_name);
            model->x_column[p] = add_column(problem, name, GLP_BV, 0, 1, cost);
        }
        snprintf(name, sizeof name, "u[%s]", child_name);
        model->u_column[i] = add_column(problem, name, GLP_BV, 0, 1, weight[TERM_UNASSIGNED]);
        if (child->locked) /* never unassigned, whatever the weights */
            glp_set_col_bnds(problem, model->u_column[i], GLP_FX, 0.0, 0.0);
        /* one worker per child (1) */
        snprintf(name, sizeof name, "one[%s]", child_name);
        int row = add_row(problem, name, GLP_FX, 1.0);
        for (int p = model->pair_start[i]; ok && p < model->pair_start[i + 1]; p++)
            ok = triplets_add(matrix, row, model->x_column[p], 1.0);
        ok = ok && triplets_add(matrix, row, model->u_column[i], 1.0);
    }

    return ok;
}

/* Local assignee j's o, e and y columns and its rows (2), (2h), (3) and (5),
 * where they can bind. */
static bool model_add_assignee(struct model *model, const struct reach *reach, int j,
                               struct triplets *matrix)
{
    const struct instance *instance = model->instance;
    const double *weight = instance->rules.weights;
    glp_prob *problem = model->problem;
    char name[512], assignee_name[128];
    bool ok = true;
    int a = model->assignees[j];
    bool hire = a >= instance->worker_count;
    int cap = instance_assignee_cap(instance, a);
    int target = instance_assignee_target(instance, a);
    assignee_name[0] = '\0';
    name_assignee(instance, a, assignee_name, sizeof assignee_name);
    if (hire) {
        snprintf(name, sizeof name, "y[%s]", assignee_name);
        model->y_column[j] = add_column(problem, name, GLP_BV, 0, 1, weight[TERM_HIRE]);
    } else if (reach->counted_pairs[j] > cap) {
        snprintf(name, sizeof name, "o[%s]", assignee_name);
        model->o_column[j] = add_column(problem, name, GLP_IV, 0, 0, weight[TERM_OVER_CAP]);
    }
    if (reach->weight_pairs[j] > target + 1e-9) {
        snprintf(name, sizeof name, "e[%s]", assignee_name);
        model->e_column[j] = add_column(problem, name, GLP_CV, 0, 0, weight[TERM_ABOVE_TARGET]);
    }
    if (model->o_column[j] != 0 || (hire && reach->counted_pairs[j] > cap)) {
        /* legal cap (2); a hire has no overflow and only an opened one counts */
        snprintf(name, sizeof name, "cap[%s]", assignee_name);
        int row = add_row(problem, name, GLP_UP, hire ? 0.0 : (double)cap);
        for (int k = reach->assignee_first[j]; ok && k < reach->assignee_first[j + 1]; k++) {
            int p = reach->assignee_pair[k];
            if (instance_child_counted(instance, model->children[reach->pair_child[p]]))
                ok = triplets_add(matrix, row, model->x_column[p], 1.0);
        }
        if (ok)
            ok = hire ? triplets_add(matrix, row, model->y_column[j], -(double)cap)
                      : triplets_add(matrix, row, model->o_column[j], -1.0);
    }
    if (model->o_column[j] != 0 && !add_overload_tiers(model, j, reach->counted_pairs[j] - cap, matrix))
        ok = false;
    if (ok && model->e_column[j] != 0) {
        /* workload target (3) */
        snprintf(name, sizeof name, "target[%s]", assignee_name);
        int row = add_row(problem, name, GLP_UP, (double)target);
        for (int k = reach->assignee_first[j]; ok && k < reach->assignee_first[j + 1]; k++) {
            int p = reach->assignee_pair[k];
            double w = instance->children[model->children[reach->pair_child[p]]].weight;
            if (w != 0.0)
                ok = triplets_add(matrix, row, model->x_column[p], w);
        }
        ok = ok && triplets_add(matrix, row, model->e_column[j], -1.0);
    }
    int max_new = hire ? -1 : instance->workers[a].max_new;
    if (max_new >= 0 && reach->new_pairs[j] > max_new) {
        /* max_new (5) */
        snprintf(name, sizeof name, "new[%s]", assignee_name);
        int row = add_row(problem, name, GLP_UP, (double)max_new);
        for (int k = reach->assignee_first[j]; ok && k < reach->assignee_first[j + 1]; k++) {
            int p = reach->assignee_pair[k];
            if (instance->children[model->children[reach->pair_child[p]]].worker != a)
                ok = triplets_add(matrix, row, model->x_column[p], 1.0);
        }
    }

    return ok;
}

/* A hire takes children only when opened (2h); hires are opened in order (6). */
static bool model_add_hire_order(struct model *model, struct triplets *matrix)
{
    const struct instance *instance = model->instance;
    glp_prob *problem = model->problem;
    char name[512], child_name[128], assignee_name[128];
    bool ok = true;
    /* a hire takes children only when opened (2h) */
    for (int i = 0; ok && i < model->child_count; i++) {
        int c = model->children[i];
        for (int p = model->pair_start[i]; ok && p < model->pair_start[i + 1]; p++) {
            int j = model->pair_assignee[p];
            if (model->y_column[j] == 0)
                continue;
            child_name[0] = assignee_name[0] = '\0';
            name_append_id(child_name, sizeof child_name, instance->children[c].id, c);
            name_assignee(instance, model->assignees[j], assignee_name, sizeof assignee_name);
            snprintf(name, sizeof name, "open[%s,%s]", child_name, assignee_name);
            int row = add_row(problem, name, GLP_UP, 0.0);
            ok = triplets_add(matrix, row, model->x_column[p], 1.0) &&
                 triplets_add(matrix, row, model->y_column[j], -1.0);
        }
    }

    /* hires opened in order (6): hire k+1 of a team only after hire k. Hires of
     * a team are numbered one after the other, so hire k+1 of hire a's team is
     * assignee a + 1 when it has a y column here (found through `local`, over
     * the span of the model's hires: a pass over every pair of assignees took
     * seconds with thousands of hires) */
    int first_hire = INT_MAX, last_hire = -1;
    for (int j = 0; j < model->assignee_count; j++)
        if (model->y_column[j] != 0) {
            first_hire = model->assignees[j] < first_hire ? model->assignees[j] : first_hire;
            last_hire = model->assignees[j] > last_hire ? model->assignees[j] : last_hire;
        }
    int *local = last_hire >= 0 ? mem_alloc(((size_t)(last_hire - first_hire) + 2) * sizeof *local) : NULL;
    if (last_hire >= 0 && local == NULL)
        ok = false;
    if (ok && local != NULL) {
        for (int a = first_hire; a <= last_hire + 1; a++)
            local[a - first_hire] = -1;
        for (int j = 0; j < model->assignee_count; j++)
            if (model->y_column[j] != 0)
                local[model->assignees[j] - first_hire] = j;
    }
    for (int j = 0; ok && local != NULL && j < model->assignee_count; j++) {
        if (model->y_column[j] == 0)
            continue;
        int team, k, next_team, next_k;
        instance_hire_slot(instance, model->assignees[j] - instance->worker_count, &team, &k);
        int l = local[model->assignees[j] + 1 - first_hire];
        if (l < 0)
            continue;
        instance_hire_slot(instance, model->assignees[l] - instance->worker_count, &next_team, &next_k);
        if (next_team != team || next_k != k + 1)
            continue;
        char team_name[128] = "";
        name_append_id(team_name, sizeof team_name, instance->teams[team].id, team);
        snprintf(name, sizeof name, "order[%s,%d]", team_name, k);
        int row = add_row(problem, name, GLP_LO, 0.0);
        ok = triplets_add(matrix, row, model->y_column[j], 1.0) &&
             triplets_add(matrix, row, model->y_column[l], -1.0);
    }
    mem_free(local);
    return ok;
}

static bool model_add_assignment(struct model *model, struct triplets *matrix)
{
    struct reach reach;
    memset(&reach, 0, sizeof reach);
    bool ok = reach_count(model, &reach) && model_add_children(model, matrix);
    /* per assignee: o, e, y columns and rows (2), (2h), (3), (5) */
    for (int j = 0; ok && j < model->assignee_count; j++)
        if (reach.pair_count[j] != 0)
            ok = model_add_assignee(model, &reach, j, matrix);
    ok = ok && model_add_hire_order(model, matrix);
    reach_free(&reach);
    return ok;
}

/* The scratch of model_add_siblings, per local assignee j: stamp[j] == g when a
 * child of group g may have j, members[j] how many of its children may, z_of[j]
 * the column z[g,j]; the capacity of model->z_assignee and z_column; the name of
 * the group at hand. */
struct sibling_work {
    int *stamp;
    int *members;
    int *z_of;
    int capacity;
    char group_name[128];
};

/* The name of sibling group g: its family's id and the service. */
static void name_group(const struct model *model, int g, char *out, size_t size)
{
    const struct instance *instance = model->instance;
    const struct child *head =
        &instance->children[model->children[model->group_child[model->group_start[g]]]];
    out[0] = '\0';
    name_append_id(out, size, instance->families[head->family].id, head->family);
    size_t length = strlen(out);
    snprintf(out + length, size - length, ".%s", service_short(head->service));
}

/* Mark the assignees any child of group g may have, in local order, and count
 * the children of the group each may have. */
static void count_group_pairs(const struct model *model, int g, struct sibling_work *work)
{
    for (int k = model->group_start[g]; k < model->group_start[g + 1]; k++) {
        int i = model->group_child[k];
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++) {
            int j = model->pair_assignee[p];
            if (work->stamp[j] != g) {
                work->stamp[j] = g;
                work->members[j] = 0;
            }
            work->members[j]++;
        }
    }
}

/* Make room for more z columns: `capacity` grows first, then z_assignee and
 * z_column. */
static bool model_grow_z(struct model *model, int *capacity)
{
    *capacity = *capacity < 256 ? 256 : *capacity * 2;
    int *assignees = mem_realloc(model->z_assignee, (size_t)*capacity * sizeof(int));
    if (assignees == NULL)
        return false;
    model->z_assignee = assignees;
    int *columns = mem_realloc(model->z_column, (size_t)*capacity * sizeof(int));
    if (columns == NULL)
        return false;
    model->z_column = columns;
    return true;
}

/* Siblings (4), aggregated: n(g,a) z[g,a] >= Σ_c x[c,a] for group g and local
 * assignee j, whose z column is `column`. */
static bool model_add_sib_aggregated(struct model *model, int g, int j, int column,
                                     const char *assignee_name, const struct sibling_work *work,
                                     struct triplets *matrix)
{
    char name[512];
    snprintf(name, sizeof name, "sib[%s,%s]", work->group_name, assignee_name);
    int row = add_row(model->problem, name, GLP_LO, 0.0);
    bool ok = triplets_add(matrix, row, column, (double)work->members[j]);
    for (int k = model->group_start[g]; ok && k < model->group_start[g + 1]; k++) {
        int i = model->group_child[k];
        for (int p = model->pair_start[i]; ok && p < model->pair_start[i + 1]; p++)
            if (model->pair_assignee[p] == j)
                ok = triplets_add(matrix, row, model->x_column[p], -1.0);
    }
    return ok;
}

/* The z columns of group g, one per assignee marked by count_group_pairs (and
 * under the aggregated rows the row of each); sets z_start[g + 1]. */
static bool model_add_group_z(struct model *model, enum model_siblings siblings, bool hard,
                              int g, struct sibling_work *work, struct triplets *matrix)
{
    const struct instance *instance = model->instance;
    char name[512], assignee_name[128];
    bool ok = true;
    int z_count = model->z_start[g];
    for (int j = 0; ok && j < model->assignee_count; j++) {
        if (work->stamp[j] != g)
            continue;
        if (z_count + 1 >= work->capacity && !model_grow_z(model, &work->capacity)) {
            ok = false;
            break;
        }
        assignee_name[0] = '\0';
        name_assignee(instance, model->assignees[j], assignee_name, sizeof assignee_name);
        snprintf(name, sizeof name, "z[%s,%s]", work->group_name, assignee_name);
        /* z may be continuous under the per-child rows (z >= x forces 1); the
         * aggregated row n z >= Σ x would let z = 1/n, so there z is binary */
        int column = hard || siblings == MODEL_SIBLINGS_AGGREGATED
                         ? add_column(model->problem, name, GLP_BV, 0, 1, 0.0)
                         : add_column(model->problem, name, GLP_CV, 0, 1, 0.0);
        model->z_assignee[z_count] = j;
        model->z_column[z_count] = column;
        work->z_of[j] = column;
        z_count++;
        if (siblings == MODEL_SIBLINGS_AGGREGATED && !hard)
            ok = model_add_sib_aggregated(model, g, j, column, assignee_name, work, matrix);
    }
    model->z_start[g + 1] = z_count;
    return ok;
}

/* Siblings (4): z[g,a] covers x[c,a] of every child of group g. */
static bool model_add_sib_per_child(struct model *model, int g, const struct sibling_work *work,
                                    struct triplets *matrix)
{
    const struct instance *instance = model->instance;
    char name[512], assignee_name[128], child_name[128];
    bool ok = true;
    for (int k = model->group_start[g]; ok && k < model->group_start[g + 1]; k++) {
        int i = model->group_child[k];
        child_name[0] = '\0';
        name_append_id(child_name, sizeof child_name, instance->children[model->children[i]].id,
                       model->children[i]);
        for (int p = model->pair_start[i]; ok && p < model->pair_start[i + 1]; p++) {
            int j = model->pair_assignee[p];
            assignee_name[0] = '\0';
            name_assignee(instance, model->assignees[j], assignee_name, sizeof assignee_name);
            snprintf(name, sizeof name, "sib[%s,%s]", child_name, assignee_name);
            int row = add_row(model->problem, name, GLP_LO, 0.0);
            ok = triplets_add(matrix, row, work->z_of[j], 1.0) &&
                 triplets_add(matrix, row, model->x_column[p], -1.0);
        }
    }
    return ok;
}

/* Siblings (4), hard: at most one worker for group g. The row is added even when
 * `ok` is false (an earlier row of the group failed), only without its entries. */
static bool model_add_family_row(struct model *model, int g, const char *group_name, bool ok,
                                 struct triplets *matrix)
{
    char name[512];
    snprintf(name, sizeof name, "family[%s]", group_name);
    int row = add_row(model->problem, name, GLP_UP, 1.0);
    for (int z = model->z_start[g]; ok && z < model->z_start[g + 1]; z++)
        ok = triplets_add(matrix, row, model->z_column[z], 1.0);
    return ok;
}

/* Siblings (4), soft: s[g] >= Σ_a z[g,a] - 1. */
static bool model_add_split_row(struct model *model, int g, const char *group_name,
                                struct triplets *matrix)
{
    char name[512];
    snprintf(name, sizeof name, "s[%s]", group_name);
    model->s_column[g] = add_column(model->problem, name, GLP_CV, 0, 0,
                                    model->instance->rules.weights[TERM_FAMILY_SPLIT]);
    snprintf(name, sizeof name, "split[%s]", group_name);
    int row = add_row(model->problem, name, GLP_LO, -1.0);
    bool ok = triplets_add(matrix, row, model->s_column[g], 1.0);
    for (int z = model->z_start[g]; ok && z < model->z_start[g + 1]; z++)
        ok = triplets_add(matrix, row, model->z_column[z], -1.0);
    return ok;
}

/* Siblings (4): z and s columns and their rows. */
static bool model_add_siblings(struct model *model, enum model_siblings siblings,
                               struct triplets *matrix)
{
    bool hard = model->instance->rules.family == FAMILY_HARD;
    struct sibling_work work = {.capacity = 0};
    work.stamp = mem_alloc(((size_t)model->assignee_count + 1) * sizeof *work.stamp);
    work.members = mem_alloc(((size_t)model->assignee_count + 1) * sizeof *work.members);
    work.z_of = mem_alloc(((size_t)model->assignee_count + 1) * sizeof *work.z_of);
    bool ok = work.stamp != NULL && work.members != NULL && work.z_of != NULL;
    for (int j = 0; ok && j < model->assignee_count; j++)
        work.stamp[j] = -1;
    for (int g = 0; ok && g < model->group_count; g++) {
        name_group(model, g, work.group_name, sizeof work.group_name);
        count_group_pairs(model, g, &work);
        if (!model_add_group_z(model, siblings, hard, g, &work, matrix)) {
            ok = false;
            break;
        }
        if (hard || siblings == MODEL_SIBLINGS_PER_CHILD)
            ok = model_add_sib_per_child(model, g, &work, matrix);
        if (hard)
            ok = model_add_family_row(model, g, work.group_name, ok, matrix);
        else
            ok = ok && model_add_split_row(model, g, work.group_name, matrix);
    }
    mem_free(work.stamp);
    mem_free(work.members);
    mem_free(work.z_of);
    return ok;
}

bool model_build(const struct instance *instance, const int *children, int child_count,
                 const int *assignees, int assignee_count, enum model_siblings siblings,
                 struct model *model, char *error, size_t error_size)
{
    memset(model, 0, sizeof *model);
    model->instance = instance;
    if (children == NULL)
        child_count = instance->child_count;
    if (assignees == NULL)
        assignee_count = instance_assignee_count(instance);
    model->child_count = child_count;
    model->assignee_count = assignee_count;
    model->children = mem_alloc(((size_t)child_count + 1) * sizeof(int));
    model->assignees = mem_alloc(((size_t)assignee_count + 1) * sizeof(int));
    struct triplets matrix = {0};
    if (model->children == NULL || model->assignees == NULL)
        goto out_of_memory;
    for (int i = 0; i < child_count; i++)
        model->children[i] = children != NULL ? children[i] : i;
    for (int j = 0; j < assignee_count; j++)
        model->assignees[j] = assignees != NULL ? assignees[j] : j;
    if (!model_allocate(model) || !model_find_pairs(model) || !model_find_groups(model))
        goto out_of_memory;

    model->problem = glp_create_prob();
    char name[256] = "";
    name_append_id(name, sizeof name, instance->name != NULL ? instance->name : "caseload", 0);
    glp_set_prob_name(model->problem, name);
    glp_set_obj_name(model->problem, "cost");
    glp_set_obj_dir(model->problem, GLP_MIN);
    if (!model_add_assignment(model, &matrix) || !model_add_siblings(model, siblings, &matrix))
        goto out_of_memory;
    glp_load_matrix(model->problem, matrix.count, matrix.row, matrix.column, matrix.value);
    triplets_free(&matrix);
    model->column_count = glp_get_num_cols(model->problem);
    model->row_count = glp_get_num_rows(model->problem);
    size_t columns = (size_t)model->column_count + 1;
    model->column_type = mem_alloc(columns * sizeof *model->column_type);
    model->column_lower = mem_alloc(columns * sizeof *model->column_lower);
    model->column_upper = mem_alloc(columns * sizeof *model->column_upper);
    if (model->column_type == NULL || model->column_lower == NULL || model->column_upper == NULL)
        goto out_of_memory;
    for (int column = 1; column <= model->column_count; column++) {
        model->column_type[column] = glp_get_col_type(model->problem, column);
        model->column_lower[column] = glp_get_col_lb(model->problem, column);
        model->column_upper[column] = glp_get_col_ub(model->problem, column);
    }
    return true;

out_of_memory:
    triplets_free(&matrix);
    model_free(model);
    snprintf(error, error_size, "out of memory building the model");
    return false;
}

/* --- Counting ---------------------------------------------------------------- */

bool model_count(const struct instance *instance, const int *children, int child_count,
                 const int *assignees, int assignee_count, struct model_counts *counts)
{
    memset(counts, 0, sizeof *counts);
    struct model model;
    memset(&model, 0, sizeof model);
    model.instance = instance;
    if (children == NULL)
        child_count = instance->child_count;
    if (assignees == NULL)
        assignee_count = instance_assignee_count(instance);
    model.child_count = child_count;
    model.assignee_count = assignee_count;
    model.children = mem_alloc(((size_t)child_count + 1) * sizeof(int));
    model.assignees = mem_alloc(((size_t)assignee_count + 1) * sizeof(int));
    bool ok = model.children != NULL && model.assignees != NULL;
    for (int i = 0; ok && i < child_count; i++)
        model.children[i] = children != NULL ? children[i] : i;
    for (int j = 0; ok && j < assignee_count; j++)
        model.assignees[j] = assignees != NULL ? assignees[j] : j;
    ok = ok && model_allocate(&model) && model_find_pairs(&model) && model_find_groups(&model);
    if (ok) {
        counts->children = child_count;
        counts->assignees = assignee_count;
        for (int j = 0; j < assignee_count; j++)
            counts->hires += model.assignees[j] >= instance->worker_count;
        counts->pairs = model.pair_count;
        counts->groups = model.group_count;
        /* the overload tiers (7): as many as counted children could reach a
         * worker beyond its cap, as model_add_assignment makes them */
        int *counted = mem_calloc((size_t)assignee_count + 1, sizeof(int));
        ok = counted != NULL;
        for (int i = 0; ok && i < child_count; i++)
            if (instance_child_counted(instance, model.children[i]))
                for (int p = model.pair_start[i]; p < model.pair_start[i + 1]; p++)
                    counted[model.pair_assignee[p]]++;
        for (int j = 0; ok && j < assignee_count; j++) {
            int a = model.assignees[j], excess = counted[j] - instance_assignee_cap(instance, a);
            if (a < instance->worker_count && excess > 0 &&
                instance->rules.weights[TERM_OVERLOAD] > 0.0) {
                counts->tiers += excess;
                counts->tier_rows += 1;
            }
        }
        mem_free(counted);
        for (int i = 0; ok && i < child_count; i++) {
            int pairs = model.pair_start[i + 1] - model.pair_start[i];
            if (model.child_group[i] >= 0)
                counts->group_pairs += pairs;
            for (int p = model.pair_start[i]; p < model.pair_start[i + 1]; p++)
                counts->hire_pairs += model.assignees[model.pair_assignee[p]] >= instance->worker_count;
        }
    }
    model_free(&model);
    return ok;
}
