/* search.h - the branch-and-cut of one part and its primal heuristics (the GLPK
 * callback, rounding, the sub-MIP, the team-by-team re-solve), on a thread of a
 * solve (thread.h). Internal to src/solve: solve.c runs these in its passes. */
#ifndef CASELOAD_SEARCH_H
#define CASELOAD_SEARCH_H

#include <stdbool.h>

#include "solve/thread.h"

/* Re-solve the heuristic's plan of part `index` team by team until `deadline`.
 * Call inside a model_guard. Returns false when memory runs out. */
bool search_improve_by_team(struct search_thread *thread, int index, double deadline);

/* A second starting plan rounded from the LP optimum in the thread's model;
 * kept when better than the starting plan. Returns false when memory runs out. */
bool search_improve_from_lp(struct search_thread *thread, int index);

/* A branch-and-cut pass (PASS_FIRST or PASS_SEARCH) over part `index` until
 * `deadline`; the part's best plan goes into the heuristic's plan and its result
 * into shared->jobs[index]. Call inside a model_guard. Returns false when memory
 * runs out. */
bool search_pass(struct search_thread *thread, int index, double deadline);

#endif
