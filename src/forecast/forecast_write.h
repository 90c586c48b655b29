/* forecast_write.h - the forecast's outputs: caseload-forecast-result/1 JSON, the
 * month x team CSV, the HTML page of bands against capacity, and `size -f`. */
#ifndef CASELOAD_FORECAST_WRITE_H
#define CASELOAD_FORECAST_WRITE_H

#include <stdbool.h>
#include <stdio.h>

#include "forecast/forecast.h"
#include "forecast/forecast_size.h"
#include "core/instance.h"

/* Each writer writes one document to `stream` and returns false when a write
 * fails. Worker ids of hires are "TEAM/hire-K". */
bool forecast_write_json(const struct forecast_result *result, const struct forecast_spec *spec,
                         const struct instance *instance, FILE *stream);
/* Semicolon-separated, UTF-8 with BOM, decimal comma: one row per month and team,
 * then the county's row of each month. */
bool forecast_write_csv(const struct forecast_result *result, const struct instance *instance,
                        FILE *stream);
/* A self-contained page: the risk by month (dates, census dates), and per team
 * its counted children by month with the 10-90 % band, the median and the
 * capacity, and the share of its workers over the cap with the team's risk. */
bool forecast_write_html(const struct forecast_result *result, const struct forecast_spec *spec,
                         const struct instance *instance, FILE *stream);
/* The terminal summary of a forecast: the county by month with dates and census
 * dates, then the teams whose risk exceeds the limit from lead_months on. */
bool forecast_write_summary(const struct forecast_result *result, const struct forecast_spec *spec,
                            const struct instance *instance, FILE *stream);
/* `size -f`: per team the hires with the months they start, the first month over
 * the limit without them and the risks; in words the months no hire can help;
 * then the county's risk by month from month 0 without and with the hires. */
bool forecast_write_sizing_table(const struct forecast_sizing *sizing,
                                 const struct forecast_spec *spec, const struct instance *instance,
                                 FILE *stream);
bool forecast_write_sizing_json(const struct forecast_sizing *sizing,
                                const struct forecast_spec *spec, const struct instance *instance,
                                FILE *stream);

/* The id of forecast worker w of `result` into buffer. */
const char *forecast_write_worker_id(const struct forecast_result *result, const struct forecast_spec *spec,
                                     const struct instance *instance, int w, char *buffer,
                                     size_t size);

#endif
