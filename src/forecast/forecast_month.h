/* forecast_month.h - one month of one sample of the forecast's process (DESIGN.md
 * §6 "The process", steps 1-5), written once for the forecast and for the history
 * of `generate --months`. */
#ifndef CASELOAD_FORECAST_MONTH_H
#define CASELOAD_FORECAST_MONTH_H

#include <stdbool.h>
#include <stddef.h>

#include "forecast/forecast_sample.h"

/* Month `month` (1 .. months, on world->dates[month]) of `sample`: events,
 * closures, ageing, intake, placement, drawing from the sample's own stream.
 * Returns false when memory runs out or the placement fails (then with a reason
 * in `error`, else `error` is left as it was). */
bool forecast_month_step(struct forecast_sample *sample, const struct forecast_world *world, int month,
                         char *error, size_t error_size);

#endif
