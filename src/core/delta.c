/* delta.c - the objective's increments at one pair and one assignee (delta.h). */
#include "core/delta.h"

static double positive(double value)
{
    return value > 0 ? value : 0;
}

double delta_pair_cost(const struct instance *instance, int child, int assignee, double km,
                       bool cross_team)
{
    const double *weight = instance->rules.weights;
    double cost = weight[TERM_KM] * km;
    int worker = instance->children[child].worker;
    if (worker >= 0 && assignee != worker)
        cost += weight[TERM_MOVE];
    if (cross_team)
        cost += weight[TERM_CROSS_TEAM];
    return cost;
}

double delta_over_cap(const struct instance *instance, int worker, int over)
{
    if (over <= 0)
        return 0.0;
    const double *weight = instance->rules.weights;
    return weight[TERM_OVER_CAP] * over +
           weight[TERM_OVERLOAD] * instance_worker_overload(instance, worker, over);
}

double delta_assignee_cost(const struct instance *instance, int assignee, int counted,
                           double load)
{
    double cost = instance->rules.weights[TERM_ABOVE_TARGET] *
                  positive(load - instance_assignee_target(instance, assignee));
    if (assignee < instance->worker_count)
        cost += delta_over_cap(instance, assignee,
                               counted - instance_assignee_cap(instance, assignee));
    return cost;
}

void delta_terms_at(const struct instance *instance, const int *counted, const double *workload,
                    int assignee, int child, int sign, double *over_cap, double *overload,
                    double *above_target)
{
    *over_cap = 0;
    *overload = 0;
    *above_target = 0;
    if (assignee < 0)
        return;
    int kappa = instance_child_counted(instance, child) ? 1 : 0;
    double omega = instance->children[child].weight;
    int a = assignee;
    if (a < instance->worker_count) {
        int cap = instance_assignee_cap(instance, a);
        *over_cap = instance->rules.weights[TERM_OVER_CAP] *
                    (positive(counted[a] + sign * kappa - cap) - positive(counted[a] - cap));
        *overload = instance->rules.weights[TERM_OVERLOAD] *
                    (instance_worker_overload(instance, a, counted[a] + sign * kappa - cap) -
                     instance_worker_overload(instance, a, counted[a] - cap));
    }
    *above_target = delta_above_target(instance, workload[a], sign * omega,
                                       instance_assignee_target(instance, a));
}
