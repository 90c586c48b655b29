/* balance.h - among plans of equal objective, spread the children a team takes
 * in evenly over its workers (a tie-break the objective itself does not make). */
#ifndef CASELOAD_BALANCE_H
#define CASELOAD_BALANCE_H

#include <stdbool.h>

#include "core/instance.h"

/* Rebalance `assignee` (child_count entries, as in struct solution) in place.
 * Only children that change worker anyway (new intake, or moved away from their
 * current worker) and have no sibling of the same service among the clients are
 * moved, only between assignees of the same team, and only when the objective of
 * DESIGN.md §2 stays exactly the same (a tie-break, never an improvement): same office, so the same km and area; the over-cap
 * and above-target amounts are re-computed exactly. Each move takes a child from a
 * more loaded assignee to one at least two children lighter, so the loop ends.
 * Never opens or empties a hire and keeps max_new and the hires' caps. Returns
 * false only when memory runs out (the assignment is then unchanged). */
bool balance_assignment(const struct instance *instance, int *assignee);

#endif
