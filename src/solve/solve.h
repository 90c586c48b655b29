/* solve.h - solve the model of DESIGN.md §2 for an instance with GLPK's
 * branch-and-cut and return the assignment (struct solution, core/solution.h).
 * GLPK lives only in the .c files of src/model and src/solve. Nothing here
 * prints: progress goes through the handle in the options. */
#ifndef CASELOAD_SOLVE_H
#define CASELOAD_SOLVE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/instance.h"
#include "core/solution.h"
#include "solve/solve_options.h"

/* Fill `options` with the defaults of solve_options.h; then change fields. */
void solve_default_options(struct solve_options *options);

/* Instances of at most this many children are solved exactly (gap 0), whatever
 * the gap asked for. */
#define SOLVE_EXACT_CHILDREN 60

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

#endif
