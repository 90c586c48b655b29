/* forecast_place.h - step 5 of the forecast's month (DESIGN.md §6): the children
 * without a worker placed by the model of §2 restricted to them. */
#ifndef CASELOAD_FORECAST_PLACE_H
#define CASELOAD_FORECAST_PLACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "forecast/forecast_sample.h"

/* Place the sample's clients without a worker and the counted children of every
 * worker over the cap on `date`, every other client staying with its worker;
 * `salt` orders equal workers (forecast_greedy_place). Returns false with a
 * reason in `error` (out of memory, the solver failed). */
bool forecast_place_clients(struct forecast_sample *sample, const struct forecast_world *world,
                            struct date date, uint64_t salt, char *error, size_t error_size);

#endif
