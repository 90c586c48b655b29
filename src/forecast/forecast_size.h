/* forecast_size.h - recruitment sized against the forecast (DESIGN.md §6 "Sizing
 * against the forecast", `size -f`). */
#ifndef CASELOAD_FORECAST_SIZE_H
#define CASELOAD_FORECAST_SIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "forecast/forecast.h"

/* The sizing of `size -f`. */
struct forecast_sizing {
    int team_count;
    int *hires;              /* recommended hires per team */
    int hire_count;
    struct forecast_hire *hire_list; /* every hire with its start month, by team then start */
    int first_start;         /* the first month a recruit can start: lead_months, at least 1 */
    bool *reachable;         /* false: more hires do not bring the team's risk under the limit */
    int *first_month;        /* per team: first month >= first_start whose risk exceeds the
                              * limit without hires, -1 when none */
    double *first_risk;      /* that month's risk */
    double *one_fewer_risk;  /* per team with hires: the highest risk of any reachable team in any
                              * month from first_start without the team's last hire; -1 without hires */
    int *one_fewer_last;     /* per team with hires: the last month over the limit (any team)
                              * without the team's last hire; -1 when none or without hires */
    struct forecast_result without, with; /* forecasts without and with the hires */
    int runs;                /* forecasts run */
};

/* Fewest hires per team, each with its start month, so that every month from
 * lead_months on has team risk at most spec->risk: a hire is added to each team
 * still over the limit, starting in its first month over, round by round; then
 * each hire, the latest first, is taken out where the limit still holds (common
 * random numbers: the same seed in every run). Months before lead_months are
 * beyond any recruit: the forecast without hires shows them. The caller frees
 * the sizing with forecast_size_free. Returns false with a reason in `error`
 * (no_plan set when the month-0 plan found none). */
bool forecast_size(const struct instance *instance, const struct forecast_spec *spec,
                   const struct forecast_options *options, struct forecast_sizing *sizing,
                   bool *no_plan, char *error, size_t error_size);
/* Free what a sizing owns and zero it; NULL is fine. */
void forecast_size_free(struct forecast_sizing *sizing);

#endif
