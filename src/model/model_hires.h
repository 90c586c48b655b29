/* model_hires.h - the hires a team could ever fill (issue 24): hires past them
 * are left out of the model's columns and the heuristic's pairs. */
#ifndef CASELOAD_MODEL_HIRES_H
#define CASELOAD_MODEL_HIRES_H

#include <stdbool.h>

#include "core/instance.h"

/* Per team t (team_count entries of `limit`, the caller's), the number of its
 * hires worth a column: min(max_hires(t), E(t)), E(t) the children eligible for
 * a hire of t (its service, not locked, living in its area or anywhere under
 * cross_team). Hires of one team are alike (cap, target, office, costs) and an
 * opened hire without a child costs at least what it costs closed, so some
 * optimal plan opens only hires with a child, at most E(t) of them, in order:
 * leaving the others out keeps the optimum. Linear in children + areas.
 * Returns false when memory runs out. */
bool model_hire_limits(const struct instance *instance, int *limit);

/* beyond[a] for every assignee a (instance_assignee_count entries, the
 * caller's): whether a is a hire past its team's limit (model_hire_limits), so
 * not a column and never a place. False for every worker. Linear in teams and
 * hires. Returns false when memory runs out. */
bool model_hire_beyond_all(const struct instance *instance, bool *beyond);

/* team_of[a] = instance_assignee_team(instance, a) for every assignee
 * (instance_assignee_count entries, the caller's), in one pass over the teams
 * and hires rather than one per hire. Cannot fail. */
void model_assignee_teams(const struct instance *instance, int *team_of);

#endif
