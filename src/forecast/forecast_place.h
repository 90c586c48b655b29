/* forecast_place.h - step 5 of the forecast's month (DESIGN.md §6): the children
 * without a worker placed by the model of §2 restricted to them. */
#ifndef CASELOAD_FORECAST_PLACE_H
#define CASELOAD_FORECAST_PLACE_H

#include <stdbool.h>
#include <stddef.h>

#include "forecast/forecast_sample.h"

/* Place the sample's clients without a worker on `date`, every other client
 * staying with its worker. Returns false with a reason in `error` (out of memory,
 * the solver failed). */
bool forecast_place_clients(struct forecast_sample *sample, const struct forecast_world *world,
                            struct date date, char *error, size_t error_size);

#endif
