/* solve_options.h - the solver's settings (solve_default_options in solve.h
 * fills them), apart from solve.h so that the files below solve.c (thread.c,
 * search.c) read them without depending on it. */
#ifndef CASELOAD_SOLVE_OPTIONS_H
#define CASELOAD_SOLVE_OPTIONS_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

/* Solver settings. Fill with solve_default_options, then change fields. */
struct solve_options {
    double time_limit;                   /* wall seconds for the whole solve (default 60) */
    double gap;                          /* stop when the relative gap is at most this (default 1e-4;
                                          * 0 for instances of SOLVE_EXACT_CHILDREN or fewer) */
    const struct progress *progress;     /* where elapsed, best plan, bound and gap are reported
                                          * (base/progress.h; not owned); NULL, the default: nowhere */
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

/* What "near the final plan" means for solution.near_final_seconds: 0.1 %. */
#define SOLVE_NEAR_FINAL 0.001

#endif
