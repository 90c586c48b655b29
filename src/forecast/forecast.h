/* forecast.h - the months ahead (DESIGN.md §6): the Monte Carlo of the process
 * over samples on threads, from the month-0 plan, summarised per month, team and
 * worker. The file is read by io/forecast_read.h, its rates completed by
 * forecast/forecast_spec.h; the sizing of `size -f` is forecast/forecast_size.h,
 * the outputs forecast/forecast_write.h. */
#ifndef CASELOAD_FORECAST_H
#define CASELOAD_FORECAST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/instance.h"
#include "forecast/forecast_spec.h"
#include "forecast/forecast_types.h"
#include "io/forecast_read.h"

/* The defaults of a run: threads 0 (the online cores), no progress, 60 s for the
 * month-0 plan, not interruptible. */
void forecast_default_options(struct forecast_options *options);

/* The bytes of a run's tallies (what run_allocate_tallies takes) for `spec` with
 * `census_count` census months and `worker_count` workers, hires included: the
 * share of forecast_memory_estimate (forecast_bound.h) that does not depend on
 * the threads. */
double forecast_tally_bytes(const struct forecast_spec *spec, int team_count, int census_count, int worker_count);

/* Run the forecast: the month-0 plan, then spec->samples samples of spec->months
 * months, with `hires` (team_count entries, may be NULL) extra workers of FTE 1
 * per team from month lead_months. Rates must be complete. The result is the same
 * for the same spec whatever options->threads; the caller frees it with
 * forecast_result_free. Returns false with a reason in `error` (no_plan set when
 * the month-0 plan found none). */
bool forecast_run(const struct instance *instance, const struct forecast_spec *spec,
                  const int *hires, const struct forecast_options *options,
                  struct forecast_result *result, bool *no_plan, char *error, size_t error_size);
/* The samples of a run without hires, kept after one month, with that run's
 * tallies: later runs of the same sizing whose hires all start after that month
 * start from it. Every sample draws the same random numbers in a month whatever
 * the hires (common random numbers, forecast_month.c), and a hire not yet working
 * changes nothing, so the months kept are those every such run would have, byte
 * for byte. */
struct forecast_prefix;

/* forecast_run from a month-0 plan already made (month0[c]: child c's worker or
 * -1, as forecast_sample_plan_month0 gives it), for the runs of one sizing, with
 * `hire_count` hires each starting in its own month (listed by team, then start
 * month; they are named TEAM/hire-1, -2 ... in that order). With `from` (may be
 * NULL; from forecast_run_keeping on the same spec and month0), the months up to
 * its month are taken from it; it is not used when a hire starts by then. */
bool forecast_run_planned(const struct instance *instance, const struct forecast_spec *spec,
                          const struct forecast_hire *hires, int hire_count, const int *month0,
                          const struct forecast_options *options, const struct forecast_prefix *from,
                          struct forecast_result *result, char *error, size_t error_size);
/* forecast_run_planned without hires, its samples kept after month `month` into
 * *prefix (the caller frees it with forecast_prefix_free). False, *prefix NULL,
 * with a reason in `error`. */
bool forecast_run_keeping(const struct instance *instance, const struct forecast_spec *spec,
                          const int *month0, const struct forecast_options *options, int month,
                          struct forecast_prefix **prefix, struct forecast_result *result, char *error,
                          size_t error_size);
/* Free a prefix; NULL is fine. */
void forecast_prefix_free(struct forecast_prefix *prefix);
/* Free what a result owns and zero it; NULL and a zeroed result are fine. */
void forecast_result_free(struct forecast_result *result);

/* The highest team risk over months lead_months .. months (0 when none). */
double forecast_team_max_risk(const struct forecast_result *result, int team, int lead_months);

#endif
