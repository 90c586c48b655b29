/* delta.h - the objective's increments (DESIGN.md §2): what one child's pair costs
 * and what an assignee's over_cap, overload and above_target terms become when its
 * load changes. One copy, used by the heuristic (solve), balance and explain; score.c
 * stays an independent re-scorer on purpose and does not use it.
 *
 * Every function is pure (reads the instance, writes nothing but its out
 * parameters) and cannot fail. The expressions are written so that each caller's
 * floating-point result is the same bits as before they were gathered here: keep
 * the order of the additions when changing them. */
#ifndef CASELOAD_DELTA_H
#define CASELOAD_DELTA_H

#include <stdbool.h>

#include "core/instance.h"

/* The cost of giving child `child` to assignee `assignee`: km × distance, plus
 * move when the child has a current worker who is another, plus cross_team when
 * the team's area does not hold the home. `km` and `cross_team` are the pair's
 * (instance_pair_km, instance_cross_team), passed in so that a caller who knows
 * them per team asks once. Eligibility is not checked. */
double delta_pair_cost(const struct instance *instance, int child, int assignee, double km,
                       bool cross_team);

/* over_cap and overload of worker `worker` carrying `over` counted children above
 * its cap: the k-th child above cap(w) costs over_cap + (b+k)·ρ(w)·overload, b the
 * children it carries above its cap outside the instance (instance_worker_overload).
 * 0 when `over` <= 0. Workers only: a hire's cap is hard. */
double delta_over_cap(const struct instance *instance, int worker, int over);

/* The change of the weighted above_target term of an assignee whose workload
 * `load` changes by `change`, its target being `target`. Inline: the local moves
 * ask it for every place they weigh. */
static inline double delta_above_target(const struct instance *instance, double load,
                                        double change, double target)
{
    double after = load + change - target, before = load - target;
    return instance->rules.weights[TERM_ABOVE_TARGET] *
           ((after > 0 ? after : 0) - (before > 0 ? before : 0));
}

/* The over_cap, overload and above_target that assignee `assignee` pays in all,
 * carrying `counted` counted children of workload `load`. */
double delta_assignee_cost(const struct instance *instance, int assignee, int counted,
                           double load);

/* The weighted change of over_cap, overload and above_target, each on its own, at
 * assignee `assignee` (-1: all three 0) of the loads `counted` and `workload`
 * (per assignee) when it gains (`sign` +1) or loses (-1) child `child`. Hires
 * have no over_cap nor overload: their cap is hard. */
void delta_terms_at(const struct instance *instance, const int *counted, const double *workload,
                    int assignee, int child, int sign, double *over_cap, double *overload,
                    double *above_target);

#endif
