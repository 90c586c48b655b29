/* cuts.h - cutting planes of our own for GLPK's branch-and-cut (issue 14): the
 * hire-rounding cut on the aggregate capacity of a shared area (a fixed family)
 * and the family-move cut at a worker filled to its cap (separated from the LP
 * solution); and (issue 24) the area cut of cuts_area.h, the same aggregate with
 * its sets of assignees and children chosen at the LP point. */
#ifndef CASELOAD_CUTS_H
#define CASELOAD_CUTS_H

#include <stdbool.h>

#include "model/model.h"

struct glp_tree; /* GLPK's search tree (glpk.h) */

/* The cuts of one built model: a static family of valid inequalities, each
 * stored once and added to GLPK's problem when the LP solution violates it. */
struct cuts;

/* Build the cuts of `model` (after model_build). Returns NULL when the model has
 * none (no hire whose area is over its cap, no sibling group with a worker
 * that could go over its cap) or memory runs out: both mean "search without
 * them". Free with cuts_free. */
struct cuts *cuts_new(const struct model *model);
void cuts_free(struct cuts *cuts);

/* Number of hire-rounding cuts held (the fixed family). */
int cuts_count(const struct cuts *cuts);

/* Cut k (0 <= k < cuts_count) as Σ_j val[j]·x[ind[j]] ≥ *rhs over j = 1..length
 * (GLPK's 1-based arrays: ind and val must hold 1 + the model's column count).
 * Returns length. */
int cuts_row(const struct cuts *cuts, int k, int *ind, double *val, double *rhs);

/* Σ_j val[j]·values[ind[j]] - rhs of cut k at `values` (1 + column_count
 * entries, values[0] unused): negative when the point violates it. */
double cuts_slack(const struct cuts *cuts, int k, const double *values);

/* One cut found by separation: Σ_j val[j]·x[ind[j]] ≥ rhs over j = 1..length. */
typedef void cuts_emit(void *info, int length, const int *ind, const double *val, double rhs);

/* The family-move cuts that the point `values` (1 + column_count entries,
 * values[0] unused) violates by more than a tolerance, each given to `emit`, at
 * most one per worker and child. Returns how many. */
int cuts_separate_families(struct cuts *cuts, const double *values, cuts_emit *emit, void *info);

/* The area cuts (cuts_area.h) that the point `values` (1 + column_count
 * entries, values[0] unused) violates by more than a tolerance, each given to
 * `emit`, at most one per set. Returns how many. */
int cuts_separate_areas(struct cuts *cuts, const double *values, cuts_emit *emit, void *info);

/* At GLP_ICUTGEN: add to the current subproblem every cut the node's LP solution
 * violates by more than a tolerance, once per node. Returns the number added. */
int cuts_separate(struct cuts *cuts, struct glp_tree *tree);

#endif
