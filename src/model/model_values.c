/* model_values.c - plans as column values of a built model and back: the values
 * of an assignment, their objective, their check against the rows and bounds,
 * and the assignment of GLPK's MIP solution. */
#include "model/model.h"

#include <float.h>
#include <glpk.h>
#include <math.h>
#include <stdio.h>

#include "base/common.h"

bool model_values_from_assignment(const struct model *model, const int *local_assignee,
                                  double *values)
{
    const struct instance *instance = model->instance;
    for (int column = 0; column <= model->column_count; column++)
        values[column] = 0.0;
    /* x and u; with the counts of the assignees */
    int *counted = mem_calloc((size_t)model->assignee_count + 1, sizeof(int));
    int *taken = mem_calloc((size_t)model->assignee_count + 1, sizeof(int));
    double *load = mem_calloc((size_t)model->assignee_count + 1, sizeof(double));
    bool ok = counted != NULL && taken != NULL && load != NULL;
    for (int i = 0; ok && i < model->child_count; i++) {
        int j = local_assignee[i];
        if (j < 0) {
            values[model->u_column[i]] = 1.0;
            continue;
        }
        int p = model->pair_start[i];
        while (p < model->pair_start[i + 1] && model->pair_assignee[p] != j)
            p++;
        if (p == model->pair_start[i + 1]) {
            ok = false;
            break;
        }
        values[model->x_column[p]] = 1.0;
        taken[j]++;
        counted[j] += instance_child_counted(instance, model->children[i]) ? 1 : 0;
        load[j] += instance->children[model->children[i]].weight;
    }
    for (int j = 0; ok && j < model->assignee_count; j++) {
        int a = model->assignees[j];
        if (model->o_column[j] != 0) {
            int over = counted[j] - instance_assignee_cap(instance, a);
            values[model->o_column[j]] = over > 0 ? over : 0;
            for (int k = 0; k < model->tier_count[j]; k++)
                values[model->tier_column[j] + k] = k < over ? 1.0 : 0.0;
        }
        if (model->e_column[j] != 0) {
            double above = load[j] - instance_assignee_target(instance, a);
            values[model->e_column[j]] = above > 0 ? above : 0;
        }
        if (model->y_column[j] != 0 && taken[j] > 0) {
            /* y[h] = 1 for a hire with children, and for the team's earlier hires (6) */
            int team, k;
            instance_hire_slot(instance, a - instance->worker_count, &team, &k);
            for (int l = 0; l < model->assignee_count; l++) {
                if (model->y_column[l] == 0)
                    continue;
                int other_team, other_k;
                instance_hire_slot(instance, model->assignees[l] - instance->worker_count,
                                   &other_team, &other_k);
                if (other_team == team && other_k <= k)
                    values[model->y_column[l]] = 1.0;
            }
        }
    }
    /* siblings: z[g,a] = 1 where a child of g is; s[g] = distinct workers - 1 */
    for (int g = 0; ok && g < model->group_count; g++) {
        int distinct = 0;
        for (int z = model->z_start[g]; z < model->z_start[g + 1]; z++) {
            for (int k = model->group_start[g]; k < model->group_start[g + 1]; k++) {
                if (local_assignee[model->group_child[k]] == model->z_assignee[z]) {
                    values[model->z_column[z]] = 1.0;
                    distinct++;
                    break;
                }
            }
        }
        if (model->s_column[g] != 0)
            values[model->s_column[g]] = distinct > 1 ? distinct - 1 : 0;
    }
    mem_free(counted);
    mem_free(taken);
    mem_free(load);
    return ok;
}

double model_objective(const struct model *model, const double *values)
{
    double objective = glp_get_obj_coef(model->problem, 0);
    for (int column = 1; column <= model->column_count; column++)
        objective += glp_get_obj_coef(model->problem, column) * values[column];
    return objective;
}

bool model_check_values(const struct model *model, const double *values, char *error,
                        size_t error_size)
{
    const double tolerance = 1e-6;
    glp_prob *problem = model->problem;
    for (int column = 1; column <= model->column_count; column++) {
        int type = model->column_type[column];
        double value = values[column];
        double lower = model->column_lower[column], upper = model->column_upper[column];
        bool low = (type == GLP_LO || type == GLP_DB || type == GLP_FX) && value < lower - tolerance;
        bool high = (type == GLP_UP || type == GLP_DB || type == GLP_FX) && value > upper + tolerance;
        bool fractional = glp_get_col_kind(problem, column) != GLP_CV &&
                          fabs(value - floor(value + 0.5)) > tolerance;
        if (low || high || fractional) {
            snprintf(error, error_size, "column %s = %.17g breaks its bounds or integrality",
                     glp_get_col_name(problem, column), value);
            return false;
        }
    }
    int rows = model->row_count;
    int *index = mem_alloc(((size_t)model->column_count + 1) * sizeof *index);
    double *coefficient = mem_alloc(((size_t)model->column_count + 1) * sizeof *coefficient);
    if (index == NULL || coefficient == NULL) {
        mem_free(index);
        mem_free(coefficient);
        snprintf(error, error_size, "out of memory checking a solution");
        return false;
    }
    bool ok = true;
    for (int row = 1; ok && row <= rows; row++) {
        int length = glp_get_mat_row(problem, row, index, coefficient);
        double activity = 0.0;
        for (int k = 1; k <= length; k++)
            activity += coefficient[k] * values[index[k]];
        int type = glp_get_row_type(problem, row);
        double lower = glp_get_row_lb(problem, row), upper = glp_get_row_ub(problem, row);
        if (((type == GLP_LO || type == GLP_DB || type == GLP_FX) && activity < lower - tolerance) ||
            ((type == GLP_UP || type == GLP_DB || type == GLP_FX) && activity > upper + tolerance)) {
            snprintf(error, error_size, "row %s has activity %.17g outside its bounds",
                     glp_get_row_name(problem, row), activity);
            ok = false;
        }
    }
    mem_free(index);
    mem_free(coefficient);
    return ok;
}

void model_read_assignment(const struct model *model, int *local_assignee)
{
    for (int i = 0; i < model->child_count; i++) {
        local_assignee[i] = -1;
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++)
            if (glp_mip_col_val(model->problem, model->x_column[p]) > 0.5)
                local_assignee[i] = model->pair_assignee[p];
    }
}

/* What no plan of the part can avoid: unassigned for each child with no pair. */
double model_unavoidable(const struct model *model)
{
    int orphans = 0;
    for (int i = 0; i < model->child_count; i++)
        orphans += model->pair_start[i] == model->pair_start[i + 1];
    return orphans * model->instance->rules.weights[TERM_UNASSIGNED];
}

/* A lower bound that needs no solving: the objective with every column at the
 * end of its range that costs least. */
double model_trivial_bound(const struct model *model)
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
