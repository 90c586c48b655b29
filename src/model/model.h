/* model.h - the mixed-integer program of DESIGN.md §2 as a GLPK problem, for a
 * whole instance or for one part of it, with the column of every variable. */
#ifndef CASELOAD_MODEL_H
#define CASELOAD_MODEL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/instance.h"

struct glp_prob; /* GLPK's problem (glpk.h), opaque outside the .c files of src/model and src/solve */

/* How the soft sibling rule (4) is linearised. Both give the same optimum. */
enum model_siblings {
    MODEL_SIBLINGS_PER_CHILD, /* z[g,a] >= x[c,a] for every child c of g (tighter LP, default) */
    MODEL_SIBLINGS_AGGREGATED /* |g| z[g,a] >= Σ_c x[c,a] (fewer rows, weaker LP) */
};

/* One built model. Children and assignees are numbered locally 0..count-1 in the
 * order given to model_build; the arrays map them back to the instance. Columns
 * and rows are GLPK's 1-based numbers; 0 means "no such column". */
struct model {
    struct glp_prob *problem;                /* owned */
    const struct instance *instance;  /* not owned */
    int child_count;
    int *children;                    /* instance child index of each local child */
    int assignee_count;
    int *assignees;                   /* instance assignee index of each local assignee */
    /* x[c,a]: the pairs of local child i are pair_start[i] .. pair_start[i+1]-1 */
    int pair_count;
    int *pair_start;                  /* child_count + 1 entries */
    int *pair_assignee;               /* local assignee of each pair */
    int *x_column;                    /* column of each pair */
    int *u_column;                    /* per local child */
    int *o_column;                    /* per local assignee: over cap (workers only, 0 when not needed) */
    int *e_column;                    /* per local assignee: above target (0 when not needed) */
    /* overload tiers of a worker: columns tier_column[j] .. tier_column[j] +
     * tier_count[j] - 1 are δ[w,1..], δ[w,k] ∈ [0,1] costing overload·k·ρ(w), with
     * o[w] = Σ_k δ[w,k] (0 / 0 when the worker has no o column or overload weighs 0) */
    int *tier_column;
    int *tier_count;
    int *y_column;                    /* per local assignee: hire opened (hires only) */
    /* sibling groups: (family, service) with at least two children in the part;
     * the children of group g are group_child[group_start[g] .. group_start[g+1]-1]
     * (local child numbers) and its z columns z_column[z_start[g] .. z_start[g+1]-1]
     * for the local assignees z_assignee[...] */
    int group_count;
    int *group_start;
    int *group_child;
    int *child_group;                 /* per local child: its group or -1 */
    int *z_start;
    int *z_assignee;
    int *z_column;
    int *s_column;                    /* per group: split count (soft rule only, else 0) */
    int column_count;
    /* the model as built, for checking a plan inside GLPK's search, where the
     * problem holds the current node's bounds and the cuts as extra rows */
    int row_count;
    int *column_type;                 /* 1 + column_count: GLP_FR, GLP_LO, ... */
    double *column_lower, *column_upper;
};

/* Build the model for the children `children` (child_count instance indices) and
 * the assignees `assignees` (instance.h numbering); pairs are the eligible pairs
 * between them. NULL lists with count -1 mean every child / every assignee.
 * Returns false with a reason in `error` when memory runs out. GLPK errors are not
 * caught here: call it inside a model_guard (below). Free with model_free. */
bool model_build(const struct instance *instance, const int *children, int child_count,
                 const int *assignees, int assignee_count, enum model_siblings siblings,
                 struct model *model, char *error, size_t error_size);

/* Free what a model owns (the GLPK problem too); a zeroed model is fine. */
void model_free(struct model *model);

/* Fill `values` (1 + column_count entries, values[0] unused) with the complete
 * solution of the model for an assignment: `local_assignee[i]` is the local
 * assignee of local child i or -1 (unassigned). Slack-like columns (u, o, e, y, z,
 * s) get the least value the rows allow, so the objective is the plan's. Returns
 * false when a child is given to an assignee it has no pair with, or when memory
 * runs out. */
bool model_values_from_assignment(const struct model *model, const int *local_assignee,
                                  double *values);

/* Objective value of `values` (1 + column_count entries). */
double model_objective(const struct model *model, const double *values);

/* Check that `values` satisfy every row and column bound and integrality within
 * 1e-6, as the model was built: cut rows and the local bounds of a node of
 * GLPK's search are ignored, since a plan of the model is a plan of every node's
 * search. Returns true when they do; otherwise false with the first violation
 * named in `error`. */
bool model_check_values(const struct model *model, const double *values, char *error,
                        size_t error_size);

/* The local assignee of every local child in the MIP solution held by the GLPK
 * problem (after glp_intopt found a solution): -1 when unassigned. */
void model_read_assignment(const struct model *model, int *local_assignee);

/* What no plan of the model can avoid: unassigned for each child with no pair
 * (the constant left out of the gap). */
double model_unavoidable(const struct model *model);

/* A lower bound on the model's objective that needs no solving: every column at
 * the end of its range that costs least (-DBL_MAX when a column has no such
 * end). */
double model_trivial_bound(const struct model *model);

/* Solve the LP relaxation of `model` (GLPK's simplex; its solution stays in
 * model->problem) within `seconds`. With `start_assignee` (the local assignee of
 * each local child, -1 unassigned: a plan, e.g. the starting plan) the x columns
 * are priced in from those of the plan and the current workers, which on these
 * models is several times faster; without it (NULL) every column is in from the
 * start. Either way the result is the optimum over every column. Every column
 * bound is as it was on return. Returns glp_simplex's code of the last call (0:
 * it ran, see glp_get_status); *rounds (may be NULL) is raised by the number of
 * restricted LPs solved. Call inside a model_guard. */
int model_solve_relaxation(const struct model *model, const int *start_assignee, double seconds,
                           int *rounds);

/* What a model's size follows from, known before it is built: counts of its
 * children, assignees and eligible pairs. */
struct model_counts {
    double children;     /* n */
    double assignees;    /* workers and hires */
    double hires;        /* of those, hires */
    double pairs;        /* eligible pairs P */
    double hire_pairs;   /* of those, pairs with a hire */
    double group_pairs;  /* of those, pairs of children in a sibling group */
    double groups;       /* sibling groups */
    double tiers;        /* overload tier columns δ[w,k] (7) */
    double tier_rows;    /* of those, workers with tiers: one row (7) each */
};

/* The size of a model estimated from its counts: rows, columns and nonzeros are
 * upper bounds of what model_build makes; bytes is the peak memory of building
 * the model and running every solver pass on it (the LP, branch-and-cut with
 * its cuts and a bounded tree, and the sub-MIP's copy), calibrated by
 * measurement (see model_size.c); build_seconds is the time model_build and the first LP's set-up take
 * on a slow machine. */
struct model_size {
    double rows, columns, nonzeros;
    double bytes;
    double build_seconds;
};

/* Estimate the model of `counts` (siblings linearised as `siblings`, the rule of
 * `instance` soft or hard). Never fails. */
void model_estimate(const struct instance *instance, const struct model_counts *counts,
                    enum model_siblings siblings, struct model_size *size);

/* The counts of the model model_build would make for these children and
 * assignees (same arguments), found from the eligible pairs without building
 * anything in GLPK. Returns false when memory runs out. */
bool model_count(const struct instance *instance, const int *children, int child_count,
                 const int *assignees, int assignee_count, struct model_counts *counts);

/* The memory the whole process may use, in bytes: `requested` when it is > 0
 * (--memory-limit), else MODEL_MEMORY_SHARE of the physical memory (or of the
 * container's, when its cgroup sets less); never more than the address-space
 * limit (RLIMIT_AS) when one is set. */
#define MODEL_MEMORY_SHARE 0.5
double model_memory_limit(double requested);

/* Whether the whole model of `instance` (no decomposition, as model_write_lp
 * builds it) fits in `memory_limit` bytes (0: model_memory_limit's default)
 * beside what the process already uses (memory_in_use): *fits, and when it does not, a reason
 * naming the estimate and the limit in `error`. Returns false only when memory
 * runs out counting it (the reason in `error`). */
bool model_fits_memory(const struct instance *instance, double memory_limit, bool *fits,
                       char *error, size_t error_size);

/* Catching GLPK errors. GLPK aborts the process on an internal error unless an
 * error hook jumps away. Usage, in the function that calls GLPK:
 *     struct model_guard guard;
 *     if (setjmp(guard.jump) != 0) { ...GLPK failed, guard.message says why;
 *                                    every GLPK object is gone... }
 *     model_guard_install(&guard, progress);
 *     ...GLPK calls...
 *     model_guard_remove();
 * After a jump GLPK's environment has been freed (glp_free_env), so every
 * glp_prob pointer is invalid: forget them, do not delete them. While installed,
 * GLPK's terminal output is swallowed (kept in message for the error report), and
 * copied line by line to `progress` (base/progress.h) when it is not NULL. */
struct model_guard {
    jmp_buf jump;
    const struct progress *progress; /* not owned; NULL: GLPK's output is only kept */
    char message[512]; /* GLPK's last output lines */
};
void model_guard_install(struct model_guard *guard, const struct progress *progress);
void model_guard_remove(void);
/* Called after the jump: release GLPK's environment. */
void model_guard_failed(struct model_guard *guard);

/* Write the whole model of `instance` (no decomposition) as a CPLEX LP file or a
 * free MPS file to `path`, with readable row and column names. Returns false with
 * a reason in `error` when memory runs out, GLPK fails or the file cannot be
 * written. */
bool model_write_lp(const struct instance *instance, const char *path, char *error,
                    size_t error_size);
bool model_write_mps(const struct instance *instance, const char *path, char *error,
                     size_t error_size);

#endif
