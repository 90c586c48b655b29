/* forecast_spec.h - what a forecast's input means (DESIGN.md §6 "Rates"): the
 * rates a caseload-forecast/1 file (io/forecast_read.h) leaves out, estimated from
 * its history snapshots, and a spec of stated steady-state rates. */
#ifndef CASELOAD_FORECAST_SPEC_H
#define CASELOAD_FORECAST_SPEC_H

#include <stdbool.h>
#include <stdint.h>

#include "base/common.h"
#include "core/instance.h"
#include "io/forecast_read.h"

/* Complete spec->rates from the history snapshots (loaded in order; errors in
 * `diag` name the forecast file and "history[i]", or the snapshot file itself):
 * snapshots out of date order or sharing no id with the instance, and any rate
 * that is neither given nor estimable, are errors. Returns false with the errors
 * in `diag`. */
bool forecast_spec_estimate_rates(struct forecast_spec *spec, const struct instance *instance,
                                  struct diag *diag);

/* A spec with the steady-state rates of `instance`: the given monthly closure per
 * service, family sizes, and per (service, municipality) the intake that replaces
 * the closures of its clients (closure x clients / mean family size); 12 months,
 * 200 samples, seed `seed`. The caller frees it with forecast_read_free. NULL when
 * memory runs out or the sizes are invalid. */
struct forecast_spec *forecast_spec_steady(const struct instance *instance,
                                           const double closure[SERVICE_COUNT],
                                           const double *family_sizes, int family_size_count,
                                           uint64_t seed);

/* One recruit of FTE 1 (id "TEAM-recruit", accepting new clients) joining each
 * open-care team of `instance` in month `month` of spec's process, as events'
 * add_workers. False when memory runs out (the spec is then still whole). */
bool forecast_spec_add_recruits(struct forecast_spec *spec, const struct instance *instance, int month);

#endif
