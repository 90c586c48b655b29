/* forecast_bound.h - the memory bound of a whole forecast (issue 23 item 8),
 * estimated before it runs against the limit a plan has (--memory-limit). The
 * deadline of --time-limit, which covers every sample, not only month 0, is
 * forecast_options.deadline, checked between the months of each sample. */
#ifndef CASELOAD_FORECAST_BOUND_H
#define CASELOAD_FORECAST_BOUND_H

#include <stdbool.h>
#include <stddef.h>

#include "core/instance.h"
#include "forecast/forecast.h"

/* An upper estimate in bytes of what forecast_run holds at its peak for `spec`
 * (rates complete) on `threads` threads (0: the online cores), `hires` more
 * workers: the tallies of every sample, and per running sample its clients
 * (every intake family at the mean family size, none closed), their arrays and
 * a month's placement with every eligible pair of its new clients. */
double forecast_memory_estimate(const struct instance *instance, const struct forecast_spec *spec, int threads,
                                int hires);

/* Whether the forecast fits: its estimate against `memory_limit` (--memory-limit
 * in bytes; 0: the default of a plan, model_memory_limit) less what the process
 * holds now. False with the estimate and the limit in `error` when it does not. */
bool forecast_fits_memory(const struct instance *instance, const struct forecast_spec *spec, int threads,
                          double memory_limit, char *error, size_t error_size);

#endif
