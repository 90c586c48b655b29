/* solve.h - solve the model of DESIGN.md §2 for an instance with GLPK's
 * branch-and-cut and return the assignment. GLPK lives only in model.c,
 * model_glpk.c and the solver's files (solve.c, search.c, cuts.c). Nothing here
 * prints: progress goes through the handle in the options. */
#ifndef CASELOAD_SOLVE_H
#define CASELOAD_SOLVE_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/instance.h"

/* Solver settings. Fill with solve_default_options, then change fields. */
struct solve_options {
    double time_limit;                   /* wall seconds for the whole solve (default 60) */
    double gap;                          /* stop when the relative gap is at most this (default 1e-4;
                                          * 0 for instances of SOLVE_EXACT_CHILDREN or fewer) */
    const struct progress *progress;     /* where elapsed, best plan, bound and gap are reported
                                          * (common.h; not owned); NULL, the default: nowhere */
    bool decompose;                      /* solve independent parts separately (default true) */
    int threads;                         /* parts solved at once: 0 (default) is the online cores, at
                                          * most SOLVE_DEFAULT_THREADS; at most SOLVE_MAX_THREADS.
                                          * The plan does not depend on it. */
    volatile sig_atomic_t *interrupted;  /* when it becomes nonzero, stop and keep the best plan (may be NULL) */
    double memory_limit;                 /* bytes the process may use (0, the default: a share of
                                          * physical memory; see model_memory_limit). A part whose
                                          * model would not fit gets the starting plan improved
                                          * team by team, with a simple bound. */
    FILE *trace;                         /* when not NULL, one tab-separated line per event: seconds,
                                          * part, event, objective and bound of the whole plan, gap
                                          * (default NULL; not owned, not closed) */
    bool cuts;                           /* add the cuts of cuts.h in the search (default true) */
    bool gap_on_small;                   /* keep `gap` on instances of SOLVE_EXACT_CHILDREN or fewer
                                          * children too (default false: solved exactly) */
    int node_limit;                      /* branch-and-cut subproblems per part after which the
                                          * search stops with its best plan (0, the default: none);
                                          * unlike the time limit, the same on every machine */
};

#define SOLVE_DEFAULT_THREADS 4
#define SOLVE_MAX_THREADS 64

void solve_default_options(struct solve_options *options);

/* How the search ended. */
enum solve_status {
    SOLVE_OPTIMAL,    /* proven optimal within the gap tolerance */
    SOLVE_FEASIBLE,   /* a plan was found, stopped at the time limit or interrupted: see gap */
    SOLVE_INFEASIBLE, /* the model has no solution */
    SOLVE_NO_PLAN     /* stopped before any plan was found */
};

const char *solution_status_name(enum solve_status status); /* "optimal" ... */

/* The result of a solve. assignee[c] is the assignee (instance.h: worker index or
 * worker_count + hire) of child c, or -1 when the child is unassigned. */
struct solution {
    enum solve_status status;
    double objective;          /* objective of the plan as GLPK computed it */
    double bound;              /* proven lower bound on the objective */
    double gap;                /* solution_relative_gap(objective, bound, unavoidable) */
    double seconds;            /* wall time of the solve */
    double first_plan_seconds; /* wall time until a complete plan was first known */
    double near_final_seconds; /* wall time until the plan was within SOLVE_NEAR_FINAL of the
                                * final objective (relative, the unavoidable constant left out);
                                * NAN unless progress or a trace was asked for */
    int part_count;            /* independent parts the model was split into */
    int searched;              /* parts branch-and-cut ran on (first pass) */
    int searched_again;        /* of those, parts searched again after the allowance was shared anew */
    int over_limit;            /* parts whose model would not fit the memory limit or the time
                                * left: they keep the starting plan, improved, with a simple bound */
    int *assignee;             /* child_count entries, owned */
    double unavoidable;        /* the constant no plan can avoid: unassigned × the children no
                                * assignee may take; left out of the gap (DESIGN.md §3) */
};

/* What "near the final plan" means for solution.near_final_seconds: 0.1 %. */
#define SOLVE_NEAR_FINAL 0.001

/* Instances of at most this many children are solved exactly (gap 0), whatever
 * the gap asked for. */
#define SOLVE_EXACT_CHILDREN 60

/* The relative gap of DESIGN.md §3: (objective - bound) / (objective - unavoidable),
 * the constant left out of both; 0 when the objective is the constant. */
double solution_relative_gap(double objective, double bound, double unavoidable);

/* Release the solver's per-thread state (GLPK's environment is thread-local):
 * a thread of the caller's own that has called solve_instance calls this before
 * it ends, or the environment leaks. Harmless on a thread that never solved;
 * the next solve on the thread starts afresh. Cannot fail. */
void solve_thread_end(void);

/* Solve `instance`. Returns true with `solution` filled (free it with
 * solution_free) when the solver ran, whatever its status; false only when memory
 * ran out or GLPK failed, with a message in `error`. */
bool solve_instance(const struct instance *instance, const struct solve_options *options,
                    struct solution *solution, char *error, size_t error_size);

/* The version of the GLPK library in use, e.g. "5.0". */
const char *solve_engine_version(void);

/* Free what a solution owns; a zeroed or NULL solution is fine. */
void solution_free(struct solution *solution);

#endif
