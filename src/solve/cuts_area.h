/* cuts_area.h - the area cut (issue 24): the capacity rows of a set of
 * assignees with hires aggregated with the rows of a set of children, and its
 * mixed-integer rounding, both sets chosen at the LP point (cuts_area.c has the
 * proof). Internal to the solver: cuts.c owns one and calls it at GLP_ICUTGEN. */
#ifndef CASELOAD_CUTS_AREA_H
#define CASELOAD_CUTS_AREA_H

#include "model/model.h"

/* The sets of one built model and the separation's scratch. */
struct area_cuts;

/* The area cuts of `model` (after model_build): NULL when it has no hire (no
 * set to cut) or memory runs out, both meaning "none". Free with
 * cuts_area_free (NULL is fine). */
struct area_cuts *cuts_area_new(const struct model *model);
void cuts_area_free(struct area_cuts *cuts);

/* One cut found: Σ_j val[j]·x[ind[j]] ≥ rhs over j = 1..length (the same type
 * as cuts.h's cuts_emit, declared here so that this file needs nothing of cuts.h). */
typedef void cuts_area_emit(void *info, int length, const int *ind, const double *val, double rhs);

/* The area cuts that the point `values` (1 + column_count entries, values[0]
 * unused) violates by more than a tolerance, at most one per set, each given
 * to `emit` (GLPK's 1-based arrays) as Σ val·x ≥ rhs. Returns how many. */
int cuts_area_separate(struct area_cuts *cuts, const double *values, cuts_area_emit *emit,
                       void *info);

#endif
