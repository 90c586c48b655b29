/* forecast_history.h - a history from a known process (`caseload generate
 * --months N`), for backtests of the forecast and for trying the estimation. */
#ifndef CASELOAD_FORECAST_HISTORY_H
#define CASELOAD_FORECAST_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/instance.h"
#include "io/forecast_read.h"

/* The names of every file a history folder may hold (month-01.json ...
 * month-120.json, rates.json), NULL-terminated, static: the folder transaction
 * replaces a folder of only these (io/fileio.h). */
const char *const *forecast_history_file_names(void);

/* Write a history of `months` monthly snapshots of the process from `instance`
 * (snapshot 1 is the planned instance, snapshot k the state after k - 1 months) and
 * a caseload-forecast/1 file stating the rates, into the folder `folder` (created
 * when missing): month-01.json ... and rates.json. Every file is written atomically
 * with mode 0600. Returns false with a reason in `error`. */
bool forecast_history_write(const struct instance *instance, const struct forecast_spec *spec,
                            int months, const char *folder, char *error, size_t error_size);

#endif
