/* siblings.h - the sibling groups of DESIGN.md §2: children of one family in one
 * service, two or more of them. One copy of the grouping, used by the heuristic
 * (the whole instance) and the model (a part's children), so that both see the
 * same groups in the same order. */
#ifndef CASELOAD_SIBLINGS_H
#define CASELOAD_SIBLINGS_H

#include <stdbool.h>

#include "core/instance.h"

/* Group `n` children by (family, service). Child i (0..n-1) is instance child
 * children[i], or instance child i when `children` is NULL; the groups speak of
 * the index i. Groups of one are dropped. The groups come ordered by (family,
 * service), the children of a group by i; group g holds
 * group_child[group_start[g] .. group_start[g+1]-1], group_of[i] is i's group or
 * -1, and *group_count is the number of groups.
 *
 * The caller owns the arrays: group_of and group_child of n entries, group_start
 * of n / 2 + 1 at least (n + 1 is always enough). Returns false when out of memory
 * (a scratch array of n keys), leaving the arrays' contents unspecified and
 * *group_count 0. */
bool siblings_group(const struct instance *instance, const int *children, int n, int *group_of,
                    int *group_start, int *group_child, int *group_count);

#endif
