/* branch.c - Driebeck and Tomlin's branching rule on sparse rows of the simplex
 * table.
 *
 * The LP of a node, in GLPK's form: auxiliary variables x_R = A x_S, bounds on
 * both, an optimal basis B of (I | -A). Every basic variable is a combination of
 * the non-basic ones, x_j = beta_j + sum_k alpha_jk (x_k - x_k*), with
 *   rho = B^-T e_i                     (i: the basis position of x_j)      (1)
 *   alpha_jk = -rho_k                  (k: a row, non-basic)               (2)
 *   alpha_jk = sum_r rho_r a_rk        (k: a column, non-basic)            (3)
 * Rounding a fractional basic column down (up) asks x_j to fall (rise) by
 * delta = floor(beta) - beta (ceil(beta) - beta). One dual simplex step does it
 * with the non-basic x_k that may move the right way and keeps the reduced costs
 * feasible: the least |d_k / alpha_jk| (the dual ratio test). Its move is
 * delta / alpha_jk and the objective worsens by
 *   penalty = d_k * delta / alpha_jk,                                      (4)
 * a lower bound on the branch's LP (Driebeck 1966). Tomlin (1971): when x_k is an
 * integer column, any integer plan moves it by a whole number, so the move is
 * rounded away from zero first. With no such x_k the branch has no feasible LP.
 * The rule branches on the column whose larger penalty is the largest and solves
 * its other branch first (the one that worsens the bound least), keeping the bad
 * one for later or for pruning.
 *
 * The cost is in (3): rho is sparse for most rows of an assignment model, so the
 * sum runs over the rows with rho_r != 0, each read from a row-wise copy of the
 * problem (its own rows copied once, the cut rows at the end re-read per call),
 * never over every column. */
#include <glpk.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include "solve/branch.h"
#include "base/common.h"
#include "solve/tuning.h"

/* Rows first..first+count-1 of a problem, row-wise (compressed). */
struct row_copy {
    int first, count;
    int *start;     /* [count + 1]: entries of row first+r at start[r]..start[r+1]-1 */
    int *column;    /* [entries] */
    double *value;  /* [entries] */
    size_t entries_capacity;
    int rows_capacity;
};

struct branch {
    int own_rows;          /* rows at branch_new: never change */
    bool own_built;
    struct row_copy own;   /* rows 1..own_rows */
    struct row_copy cuts;  /* rows own_rows+1..m, read at each branch_select */
    int rows_capacity;     /* size of rho - 1 */
    double *rho;           /* [m + 1], (1) */
    int columns;           /* n */
    double *alpha;         /* [n + 1], (3), valid where stamp == tag */
    int *stamp;            /* [n + 1] */
    int tag;
    int *touched;          /* [n]: columns with a term in (3) */
    int *ind;              /* [n + 1]: glp_get_mat_row's output */
    double *val;           /* [n + 1] */
    int *candidates;       /* [n]: for branch_choose */
    bool *preferred;       /* [n + 1] or NULL: columns branched on first (branch_prefer) */
};

/* The best non-basic variable of the dual ratio test in one direction. */
struct ratio {
    int variable;   /* 1..m: a row, m+1..m+n: a column; 0: none */
    double alpha;   /* its alpha_jk */
    double cost;    /* its reduced cost, signed for minimisation and made dual feasible */
    double ratio;   /* |cost / alpha| */
};

struct branch *branch_new(glp_prob *problem)
{
    struct branch *branch = mem_calloc(1, sizeof *branch);
    if (branch == NULL)
        return NULL;
    branch->own_rows = glp_get_num_rows(problem);
    branch->columns = glp_get_num_cols(problem);
    size_t n = (size_t)branch->columns + 1;
    branch->alpha = mem_alloc(n * sizeof *branch->alpha);
    branch->stamp = mem_calloc(n, sizeof *branch->stamp);
    branch->touched = mem_alloc(n * sizeof *branch->touched);
    branch->ind = mem_alloc(n * sizeof *branch->ind);
    branch->val = mem_alloc(n * sizeof *branch->val);
    branch->candidates = mem_alloc(n * sizeof *branch->candidates);
    if (branch->alpha == NULL || branch->stamp == NULL || branch->touched == NULL ||
        branch->ind == NULL || branch->val == NULL || branch->candidates == NULL) {
        branch_free(branch);
        return NULL;
    }
    return branch;
}

static void row_copy_free(struct row_copy *copy)
{
    mem_free(copy->start);
    mem_free(copy->column);
    mem_free(copy->value);
}

void branch_free(struct branch *branch)
{
    if (branch == NULL)
        return;
    row_copy_free(&branch->own);
    row_copy_free(&branch->cuts);
    mem_free(branch->rho);
    mem_free(branch->alpha);
    mem_free(branch->stamp);
    mem_free(branch->touched);
    mem_free(branch->ind);
    mem_free(branch->val);
    mem_free(branch->candidates);
    mem_free(branch->preferred);
    mem_free(branch);
}

/* Read rows first..first+count-1 of `problem` into `copy`, reusing its arrays.
 * Returns false when memory runs out. */
static bool row_copy_read(struct row_copy *copy, glp_prob *problem, int first, int count,
                          int *ind, double *val)
{
    size_t entries = 0;
    for (int r = 0; r < count; r++)
        entries += (size_t)glp_get_mat_row(problem, first + r, NULL, NULL);
    if (count + 1 > copy->rows_capacity) {
        int *start = mem_realloc(copy->start, ((size_t)count + 1) * sizeof *start);
        if (start == NULL)
            return false;
        copy->start = start;
        copy->rows_capacity = count + 1;
    }
    if (entries > copy->entries_capacity || copy->column == NULL) {
        size_t capacity = entries > 0 ? entries : 1;
        int *column = mem_realloc(copy->column, capacity * sizeof *column);
        if (column == NULL)
            return false;
        copy->column = column;
        double *value = mem_realloc(copy->value, capacity * sizeof *value);
        if (value == NULL)
            return false;
        copy->value = value;
        copy->entries_capacity = capacity;
    }
    size_t at = 0;
    for (int r = 0; r < count; r++) {
        copy->start[r] = (int)at;
        int length = glp_get_mat_row(problem, first + r, ind, val);
        for (int t = 1; t <= length; t++) {
            copy->column[at] = ind[t];
            copy->value[at] = val[t];
            at++;
        }
    }
    copy->start[count] = (int)at;
    copy->first = first;
    copy->count = count;
    return true;
}

/* Make the row copies and rho fit the problem as it is now (its cut rows).
 * Returns false when memory runs out or the problem is not the one of
 * branch_new. */
static bool prepare(struct branch *branch, glp_prob *problem)
{
    int m = glp_get_num_rows(problem);
    if (glp_get_num_cols(problem) != branch->columns)
        return false;
    if (m < branch->own_rows) { /* not expected: rows of its own were deleted */
        branch->own_rows = m;
        branch->own_built = false;
    }
    if (!branch->own_built) {
        if (!row_copy_read(&branch->own, problem, 1, branch->own_rows, branch->ind, branch->val))
            return false;
        branch->own_built = true;
    }
    if (!row_copy_read(&branch->cuts, problem, branch->own_rows + 1, m - branch->own_rows,
                       branch->ind, branch->val))
        return false;
    if (m > branch->rows_capacity || branch->rho == NULL) {
        double *rho = mem_realloc(branch->rho, ((size_t)m + 1) * sizeof *rho);
        if (rho == NULL)
            return false;
        branch->rho = rho;
        branch->rows_capacity = m;
    }
    return true;
}

/* Offer non-basic variable `variable` (status `status`, reduced cost `dual`,
 * table entry `alpha`) to the ratio tests of both directions. `sense` is +1 for
 * minimisation, -1 for maximisation. */
static void offer(struct ratio *down, struct ratio *up, int variable, int status, double dual,
                  double alpha, double sense)
{
    if (fabs(alpha) < BRANCH_PIVOT_TOLERANCE || status == GLP_NS || status == GLP_BS)
        return;
    /* the reduced cost as it must be at an optimum (round-off may flip its sign) */
    double cost = sense * dual;
    if (status == GLP_NL)
        cost = fmax(cost, 0.0);
    else if (status == GLP_NU)
        cost = fmin(cost, 0.0);
    else
        cost = 0.0; /* GLP_NF */
    double ratio = fabs(cost) / fabs(alpha);
    /* x_j moves by alpha * (x_k's move): at its lower bound x_k may only rise,
     * at its upper bound only fall, free either way */
    for (int direction = -1; direction <= 1; direction += 2) {
        bool moves = status == GLP_NF || (status == GLP_NL && direction * alpha > 0) ||
                     (status == GLP_NU && direction * alpha < 0);
        if (!moves)
            continue;
        struct ratio *best = direction < 0 ? down : up;
        bool better = best->variable == 0 || ratio < best->ratio ||
                      (ratio == best->ratio &&
                       (fabs(alpha) > fabs(best->alpha) ||
                        (fabs(alpha) == fabs(best->alpha) && variable < best->variable)));
        if (better)
            *best = (struct ratio){variable, alpha, cost, ratio};
    }
}

/* Add the terms of row `row` (rho_r = `weight`) to (3). */
static void add_row(struct branch *branch, const struct row_copy *copy, int row, double weight,
                    int *touched_count)
{
    int r = row - copy->first;
    for (int e = copy->start[r]; e < copy->start[r + 1]; e++) {
        int column = copy->column[e];
        if (branch->stamp[column] != branch->tag) {
            branch->stamp[column] = branch->tag;
            branch->alpha[column] = 0.0;
            branch->touched[(*touched_count)++] = column;
        }
        branch->alpha[column] += weight * copy->value[e];
    }
}

/* The penalty (4) of moving basic column `column` (value `value`) by the
 * direction's rounding, with the step chosen by `best`. */
static double penalty(glp_prob *problem, int m, double value, int direction,
                      const struct ratio *best)
{
    if (best->variable == 0)
        return INFINITY;
    double delta = direction < 0 ? floor(value) - value : ceil(value) - value;
    double move = delta / best->alpha;
    if (best->variable > m && glp_get_col_kind(problem, best->variable - m) != GLP_CV &&
        fabs(move - nearbyint(move)) > BRANCH_INTEGER_STEP_TOLERANCE)
        move = move > 0 ? ceil(move) : floor(move); /* Tomlin */
    return fmax(best->cost * move, 0.0);
}

/* branch_penalties once prepare has run. */
static bool penalties(struct branch *branch, glp_prob *problem, int column, double *down_penalty,
                      double *up_penalty)
{
    int m = glp_get_num_rows(problem);
    int position = glp_get_col_bind(problem, column);
    if (position == 0 || glp_get_col_stat(problem, column) != GLP_BS)
        return false;
    double *rho = branch->rho;
    memset(rho, 0, ((size_t)m + 1) * sizeof *rho);
    rho[position] = 1.0;
    glp_btran(problem, rho); /* (1) */
    double sense = glp_get_obj_dir(problem) == GLP_MIN ? 1.0 : -1.0;
    struct ratio down = {0, 0, 0, 0}, up = {0, 0, 0, 0};
    if (branch->tag == INT_MAX) {
        memset(branch->stamp, 0, ((size_t)branch->columns + 1) * sizeof *branch->stamp);
        branch->tag = 0;
    }
    branch->tag++;
    int touched = 0;
    for (int r = 1; r <= m; r++) {
        if (rho[r] == 0.0)
            continue;
        int status = glp_get_row_stat(problem, r);
        if (status != GLP_BS) /* (2) */
            offer(&down, &up, r, status, glp_get_row_dual(problem, r), -rho[r], sense);
        add_row(branch, r <= branch->own_rows ? &branch->own : &branch->cuts, r, rho[r], &touched);
    }
    for (int t = 0; t < touched; t++) { /* (3) */
        int k = branch->touched[t];
        double alpha = branch->alpha[k];
        if (alpha == 0.0)
            continue;
        int status = glp_get_col_stat(problem, k);
        if (status != GLP_BS)
            offer(&down, &up, m + k, status, glp_get_col_dual(problem, k), alpha, sense);
    }
    double value = glp_get_col_prim(problem, column);
    *down_penalty = penalty(problem, m, value, -1, &down);
    *up_penalty = penalty(problem, m, value, +1, &up);
    return true;
}

bool branch_penalties(struct branch *branch, glp_prob *problem, int column, double *down,
                      double *up)
{
    if (branch == NULL || !glp_bf_exists(problem) || !prepare(branch, problem))
        return false;
    return penalties(branch, problem, column, down, up);
}

/* The most fractional of the candidates, rounded to its nearer integer first. */
static void most_fractional(glp_prob *problem, const int *candidates, int count,
                            struct branch_choice *choice)
{
    double nearest = INFINITY;
    for (int c = 0; c < count; c++) {
        double value = glp_get_col_prim(problem, candidates[c]);
        double middle = floor(value) + 0.5;
        double distance = fabs(value - middle);
        if (distance < nearest) {
            nearest = distance;
            *choice = (struct branch_choice){candidates[c],
                                             value < middle ? GLP_DN_BRNCH : GLP_UP_BRNCH, 0, 0};
        }
    }
}

bool branch_select(struct branch *branch, glp_prob *problem, const int *candidates, int count,
                   struct branch_choice *choice)
{
    *choice = (struct branch_choice){0, GLP_NO_BRNCH, 0, 0};
    if (branch == NULL || count == 0 || glp_get_status(problem) != GLP_OPT ||
        !glp_bf_exists(problem) || !prepare(branch, problem))
        return false;
    double largest = -1.0;
    for (int c = 0; c < count; c++) {
        double down, up;
        if (!penalties(branch, problem, candidates[c], &down, &up))
            continue;
        double worse = fmax(down, up);
        if (worse > largest) {
            largest = worse;
            *choice = (struct branch_choice){candidates[c], down < up ? GLP_DN_BRNCH : GLP_UP_BRNCH,
                                             down, up};
            if (isinf(worse))
                break; /* one branch has no LP: nothing beats it */
        }
    }
    double objective = glp_get_obj_val(problem);
    if (largest < BRANCH_TINY_PENALTY * (1.0 + BRANCH_TINY_RELATIVE * fabs(objective)))
        most_fractional(problem, candidates, count, choice);
    return choice->column != 0;
}

bool branch_choose(struct branch *branch, glp_tree *tree, struct branch_choice *choice)
{
    struct branch_choice ignored;
    if (choice == NULL)
        choice = &ignored;
    *choice = (struct branch_choice){0, GLP_NO_BRNCH, 0, 0};
#ifdef CASELOAD_GLPK_BRANCHING
    (void)branch;
    (void)tree;
    return false; /* a build to compare with GLPK's own GLP_BR_DTH */
#else
    if (branch == NULL)
        return false;
    glp_prob *problem = glp_ios_get_prob(tree);
    int n = glp_get_num_cols(problem), count = 0;
    if (n != branch->columns)
        return false;
    for (int j = 1; j <= n; j++)
        if (glp_ios_can_branch(tree, j) && branch->preferred != NULL && branch->preferred[j])
            branch->candidates[count++] = j;
    if (count == 0)
        for (int j = 1; j <= n; j++)
            if (glp_ios_can_branch(tree, j))
                branch->candidates[count++] = j;
    if (!branch_select(branch, problem, branch->candidates, count, choice))
        return false;
    glp_ios_branch_upon(tree, choice->column, choice->first);
    return true;
#endif
}

bool branch_prefer(struct branch *branch, const int *columns, int count)
{
    if (branch == NULL)
        return true;
    if (branch->preferred == NULL) {
        branch->preferred = mem_calloc((size_t)branch->columns + 1, sizeof *branch->preferred);
        if (branch->preferred == NULL)
            return false;
    }
    for (int k = 0; k < count; k++)
        if (columns[k] >= 1 && columns[k] <= branch->columns)
            branch->preferred[columns[k]] = true;
    return true;
}
