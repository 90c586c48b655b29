/* solution.h - what a solve returns: the assignee of every child, how the search
 * ended (its status, apart from errors) and the objective, bound and gap. Plain
 * data, so that the plan and its writers read it without the solver. */
#ifndef CASELOAD_SOLUTION_H
#define CASELOAD_SOLUTION_H

/* How the search ended. */
enum solve_status {
    SOLVE_OPTIMAL,    /* proven optimal within the gap tolerance */
    SOLVE_FEASIBLE,   /* a plan was found, stopped at the time limit or interrupted: see gap */
    SOLVE_INFEASIBLE, /* the model has no solution */
    SOLVE_NO_PLAN     /* stopped before any plan was found */
};

/* The status's name as the outputs write it: "optimal", "feasible", "infeasible",
 * "no plan" (a static string; "unknown" for a value outside the enum). */
const char *solution_status_name(enum solve_status status);

/* The result of a solve. assignee[c] is the assignee (instance.h: worker index or
 * worker_count + hire) of child c, or -1 when the child is unassigned. */
struct solution {
    enum solve_status status;
    double objective;          /* objective of the plan as GLPK computed it */
    double bound;              /* proven lower bound on the objective */
    double gap;                /* solution_relative_gap(objective, bound, unavoidable) */
    double seconds;            /* wall time of the solve */
    double first_plan_seconds; /* wall time until a complete plan was first known */
    double near_final_seconds; /* wall time until the plan was within SOLVE_NEAR_FINAL (solve_options.h)
                                * of the final objective (relative, the unavoidable constant left
                                * out); NAN unless progress or a trace was asked for */
    int part_count;            /* independent parts the model was split into */
    int searched;              /* parts branch-and-cut ran on (first pass) */
    int searched_again;        /* of those, parts searched again after the allowance was shared anew */
    int most_searches;         /* the most branch-and-cut runs of one part (the passes and the
                                * searches again of solve.c's run_passes) */
    int over_limit;            /* parts whose model would not fit the memory limit or the time
                                * left: they keep the starting plan, improved, with a simple bound */
    int *assignee;             /* child_count entries, owned */
    double unavoidable;        /* the constant no plan can avoid: unassigned × the children no
                                * assignee may take; left out of the gap (DESIGN.md §3) */
};

/* The relative gap of DESIGN.md §3: (objective - bound) / (objective - unavoidable),
 * the constant left out of both (the divisor at least 1); 0 when the objective is
 * the constant or the bound is above it. */
double solution_relative_gap(double objective, double bound, double unavoidable);

/* Free what a solution owns; a zeroed or NULL solution is fine. */
void solution_free(struct solution *solution);

#endif
