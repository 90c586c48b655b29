/* model_glpk.c - the GLPK glue of model.h: the guard that turns GLPK's abort
 * into a jump and keeps its terminal output, the LP relaxation with priced
 * overload tiers, and writing the whole model as CPLEX LP or free MPS. Declared
 * in model.h with the rest of the model. */
#include "model/model.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- Guarding GLPK ---------------------------------------------------------- */

static void guard_error_hook(void *info)
{
    struct model_guard *guard = info;
    longjmp(guard->jump, 1);
}

/* Keep the tail of GLPK's output in the guard; echo it to the progress handle. */
static int guard_term_hook(void *info, const char *text)
{
    struct model_guard *guard = info;
    size_t have = strlen(guard->message), add = strlen(text);
    if (add >= sizeof guard->message)
        text += add - (sizeof guard->message - 1), add = sizeof guard->message - 1;
    if (have + add >= sizeof guard->message) {
        size_t drop = have + add - (sizeof guard->message - 1);
        memmove(guard->message, guard->message + drop, have - drop + 1);
        have -= drop;
    }
    memcpy(guard->message + have, text, add + 1);
    /* (GLPK 5.0's cover-cut generator counts its knapsack rows whatever msg_lev
     * says: chatter, once per branch-and-cut, not for the user) */
    if (progress_on(guard->progress) && strncmp(text, "Number of 0-1 knapsack", 22) != 0) {
        size_t length = strlen(text); /* (the handle ends the line itself) */
        progress_line(guard->progress, "%.*s",
                      (int)(length > 0 && text[length - 1] == '\n' ? length - 1 : length), text);
    }
    return 1; /* never to standard output */
}

void model_guard_install(struct model_guard *guard, const struct progress *progress)
{
    guard->progress = progress;
    guard->message[0] = '\0';
    glp_term_hook(guard_term_hook, guard);
    glp_term_out(GLP_ON);
    glp_error_hook(guard_error_hook, guard);
}

void model_guard_remove(void)
{
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    glp_term_out(GLP_OFF);
}

void model_guard_failed(struct model_guard *guard)
{
    (void)guard;
    glp_free_env();
}

/* --- Export ----------------------------------------------------------------- */

static bool model_write(const struct instance *instance, const char *path, bool mps, char *error,
                        size_t error_size)
{
    struct model_guard guard;
    /* on the heap: its fields change after setjmp and are read after a jump */
    struct model *model = mem_calloc(1, sizeof *model);
    if (model == NULL) {
        snprintf(error, error_size, "out of memory building the model");
        return false;
    }
    if (setjmp(guard.jump) != 0) {
        /* GLPK failed: its objects are gone with its environment */
        model->problem = NULL;
        model_free(model);
        mem_free(model);
        model_guard_failed(&guard);
        snprintf(error, error_size, "GLPK failed writing %s: %s", path, guard.message);
        return false;
    }
    model_guard_install(&guard, NULL);
    if (!model_build(instance, NULL, -1, NULL, -1, MODEL_SIBLINGS_PER_CHILD, model, error,
                     error_size)) {
        model_guard_remove();
        mem_free(model);
        return false;
    }
    int status = mps ? glp_write_mps(model->problem, GLP_MPS_FILE, NULL, path)
                     : glp_write_lp(model->problem, NULL, path);
    model_free(model);
    mem_free(model);
    model_guard_remove();
    if (status != 0) {
        snprintf(error, error_size, "cannot write %s", path);
        return false;
    }
    return true;
}

bool model_write_lp(const struct instance *instance, const char *path, char *error,
                    size_t error_size)
{
    return model_write(instance, path, false, error, error_size);
}

bool model_write_mps(const struct instance *instance, const char *path, char *error,
                     size_t error_size)
{
    return model_write(instance, path, true, error, error_size);
}

/* --- LP relaxation ---------------------------------------------------------- */

/* Milliseconds from now to `deadline` (glp_time() milliseconds), for tm_lim. */
static int milliseconds_until(double deadline)
{
    double left = deadline - glp_time();
    if (left <= 0)
        return 1;
    return left < 1e9 ? (int)left + 1 : INT_MAX;
}

/* Pricing of the overload tiers: at first a worker's tiers above what the plan
 * `start_assignee` gives it, plus one, are held at 0 (on a county, most of the
 * tier columns: a worker could take hundreds above its cap, the plan puts a few
 * there). The plan stays a solution of the restricted LP. Returns false only
 * when memory runs out (nothing is then held). */
static bool restrict_tiers(const struct model *model, const int *start_assignee)
{
    const struct instance *instance = model->instance;
    int *counted = mem_calloc((size_t)model->assignee_count + 1, sizeof *counted);
    if (counted == NULL)
        return false;
    for (int i = 0; i < model->child_count; i++)
        if (start_assignee[i] >= 0 && instance_child_counted(instance, model->children[i]))
            counted[start_assignee[i]]++;
    for (int j = 0; j < model->assignee_count; j++) {
        int over = counted[j] - instance_assignee_cap(instance, model->assignees[j]);
        for (int k = (over > 0 ? over : 0) + 1; k < model->tier_count[j]; k++)
            glp_set_col_bnds(model->problem, model->tier_column[j] + k, GLP_FX, 0.0, 0.0);
    }
    mem_free(counted);
    return true;
}

/* Free the held tier columns whose reduced cost is negative; returns how many. */
static int free_priced_tiers(const struct model *model)
{
    int freed = 0;
    for (int j = 0; j < model->assignee_count; j++)
        for (int k = 0; k < model->tier_count[j]; k++) {
            int column = model->tier_column[j] + k;
            if (glp_get_col_type(model->problem, column) == GLP_FX &&
                glp_get_col_dual(model->problem, column) < -1e-7) {
                glp_set_col_bnds(model->problem, column, GLP_DB, 0.0, 1.0);
                freed++;
            }
        }
    return freed;
}

/* Pricing: first only the x columns of the plan and of the current workers are
 * free, the others held at 0; GLPK's reduced costs of the held columns then say
 * which could lower the objective, and those are freed and the LP re-solved from
 * its basis, until no held column has a negative reduced cost. That basis is
 * optimal for the whole LP (every held column is non-basic at its lower bound with
 * a reduced cost >= 0), so freeing all columns keeps it optimal; a last simplex
 * call over every column confirms it, so the result is exact whatever the
 * tolerance of the pricing test. The primal simplex is used: on these assignment
 * LPs it needed a fraction of the dual simplex's time, and pricing another
 * fraction of that (measured on the open-care part of Keski-Suomi, 54,062
 * columns: dual 40 s, primal 7.6 s, primal with pricing from the starting plan
 * 1.7 s; freeing also the two roomiest workers of each team at first was slower). */
int model_solve_relaxation(const struct model *model, const int *start_assignee, double seconds,
                           int *rounds)
{
    const struct instance *instance = model->instance;
    glp_prob *problem = model->problem;
    double deadline = glp_time() + 1000.0 * (seconds > 0 ? seconds : 0.0);
    glp_smcp simplex;
    glp_init_smcp(&simplex);
    simplex.msg_lev = GLP_MSG_OFF;
    simplex.meth = GLP_PRIMAL;
    simplex.presolve = GLP_OFF;
    bool restricted = start_assignee != NULL;
    if (restricted && !restrict_tiers(model, start_assignee))
        restricted = false; /* (out of memory: every column in from the start) */
    for (int i = 0; restricted && i < model->child_count; i++) {
        int current = instance->children[model->children[i]].worker;
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++) {
            int j = model->pair_assignee[p];
            if (model->assignees[j] != current && start_assignee[i] != j)
                glp_set_col_bnds(problem, model->x_column[p], GLP_FX, 0.0, 0.0);
        }
    }
    /* the first restricted LP by the dual simplex: every cost is >= 0, so GLPK's
     * first basis (every column at 0) is dual feasible and the dual needs no first
     * phase (on a county's open-care part, 0.6 s instead of 1.6 s); each round
     * after that frees columns of negative reduced cost, which keeps the basis
     * primal feasible, so the primal simplex goes on from it */
    simplex.meth = GLP_DUALP;
    int status = 0;
    while (restricted) {
        simplex.tm_lim = milliseconds_until(deadline);
        status = glp_simplex(problem, &simplex);
        simplex.meth = GLP_PRIMAL;
        if (status != 0 || glp_get_status(problem) != GLP_OPT)
            break;
        int freed = free_priced_tiers(model);
        for (int p = 0; p < model->pair_count; p++) {
            int column = model->x_column[p];
            if (glp_get_col_type(problem, column) == GLP_FX &&
                glp_get_col_dual(problem, column) < -1e-7) {
                glp_set_col_bnds(problem, column, GLP_DB, 0.0, 1.0);
                freed++;
            }
        }
        if (rounds != NULL)
            (*rounds)++;
        if (freed == 0)
            break;
    }
    /* every x and tier column back to [0, 1]; the basis stays optimal when pricing
     * finished */
    for (int j = 0; j < model->assignee_count; j++)
        for (int k = 0; k < model->tier_count[j]; k++)
            if (glp_get_col_type(problem, model->tier_column[j] + k) == GLP_FX)
                glp_set_col_bnds(problem, model->tier_column[j] + k, GLP_DB, 0.0, 1.0);
    for (int p = 0; p < model->pair_count; p++)
        if (glp_get_col_type(problem, model->x_column[p]) == GLP_FX)
            glp_set_col_bnds(problem, model->x_column[p], GLP_DB, 0.0, 1.0);
    if (status != 0)
        return status;
    /* from the last basis over every column (also when the restricted LP had no
     * solution: the whole LP may still have one) */
    simplex.meth = GLP_PRIMAL;
    simplex.tm_lim = milliseconds_until(deadline);
    return glp_simplex(problem, &simplex);
}
