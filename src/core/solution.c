/* solution.c - a solve's status names, its gap and its release. */
#include "core/solution.h"

#include <stddef.h>

#include "base/common.h"

const char *solution_status_name(enum solve_status status)
{
    switch (status) {
    case SOLVE_OPTIMAL: return "optimal";
    case SOLVE_FEASIBLE: return "feasible";
    case SOLVE_INFEASIBLE: return "infeasible";
    case SOLVE_NO_PLAN: return "no plan";
    }
    return "unknown";
}

double solution_relative_gap(double objective, double bound, double unavoidable)
{
    double gap = objective - bound, base = objective - unavoidable;
    if (!(gap > 0))
        return 0.0;
    return gap / (base > 1.0 ? base : 1.0);
}

void solution_free(struct solution *solution)
{
    if (solution == NULL)
        return;
    mem_free(solution->assignee);
    solution->assignee = NULL;
}
