/* forecast_greedy.h - the greedy certificate of the forecast's monthly placement
 * (DESIGN.md §6 step 5): the parts of a placement whose optimum a greedy plan
 * provably reaches, so that only the others need the MIP of §2. */
#ifndef CASELOAD_FORECAST_GREEDY_H
#define CASELOAD_FORECAST_GREEDY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/instance.h"

/* `derived` is a placement (forecast_place.c): children 0 .. free_count - 1 are
 * to be placed (those with a worker are counted children of that worker, who is
 * over its cap: they may stay or move), the others are locked siblings. Its
 * workers fall into parts (workers linked by a child either may take). In each
 * part the greedy keeps on each over-cap worker the children its room holds and
 * moves the cheapest others to workers with room, then gives each child without
 * a worker a worker of least pair cost with room, siblings together; among equal
 * workers the one with the most room under its workload target (target_room,
 * per worker) takes the child, and among workers equal in that too the order is
 * drawn from `salt` (never the workers' numbers), so that equal workers of teams
 * sharing an area share their intake alike on average. When every child of a part reaches the lower bound (each
 * child's least pair cost plus, per over-cap worker, the least extra cost of the
 * children that must leave it), the part's plan is optimal: choice[i] gets the
 * worker (or -1: no worker may take the child) and the child is locked there in
 * `derived`. The children of the other parts get -2 and *open is set: the MIP
 * decides them. Returns false when memory runs out. */
bool forecast_greedy_place(struct instance *derived, int free_count, const double *target_room, uint64_t salt,
                           int *choice, bool *open);

#endif
