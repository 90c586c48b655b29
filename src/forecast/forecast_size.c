/* forecast_size.c - the sizing of recruitment against the forecast (DESIGN.md §6
 * "Sizing against the forecast", `size -f`): the fewest hires per team that keep
 * every month's team risk from lead_months on at most the limit, by forecasts
 * with common random numbers (the same seed in every run). */
#include "forecast/forecast_size.h"

#include <stdio.h>
#include <string.h>

#include "forecast/forecast_sample.h"

void forecast_size_free(struct forecast_sizing *sizing)
{
    if (sizing == NULL)
        return;
    mem_free(sizing->hires);
    mem_free(sizing->reachable);
    mem_free(sizing->first_month);
    mem_free(sizing->first_risk);
    mem_free(sizing->one_fewer_risk);
    forecast_result_free(&sizing->without);
    forecast_result_free(&sizing->with);
    memset(sizing, 0, sizeof *sizing);
}

/* The team's risk summed over months lead_months .. months. */
static double team_risk_sum(const struct forecast_result *result, int team, int lead_months)
{
    double sum = 0;
    for (int m = lead_months < 1 ? 1 : lead_months; m <= result->months; m++)
        sum += result->teams[(size_t)m * (size_t)result->team_count + (size_t)team].risk;
    return sum;
}

/* The most hires tried for one team: its workers again, at least 10. */
static int hire_ceiling(const struct instance *instance, int team)
{
    int workers = 0;
    for (int w = 0; w < instance->worker_count; w++)
        workers += instance->workers[w].team == team;
    return workers > 10 ? workers : 10;
}

/* One sizing under way: its inputs, the month-0 plan every run starts from, and
 * the forecast with the hires so far. */
struct sizer {
    const struct instance *instance;
    const struct forecast_spec *spec;
    const struct forecast_options *options;
    struct forecast_sizing *sizing;
    double limit;                  /* spec->risk, with room for rounding */
    int *month0;
    int *trial;                    /* hires of a trial run */
    struct forecast_result current;
};

/* A forecast with `hires`, counted in sizing->runs. */
static bool sizer_run(struct sizer *sizer, const int *hires, struct forecast_result *result, char *error,
                      size_t error_size)
{
    bool ok = forecast_run_planned(sizer->instance, sizer->spec, hires, sizer->month0, sizer->options,
                                   result, error, error_size);
    sizer->sizing->runs += ok;
    return ok;
}

/* Per team, the first month from lead_months whose risk without hires exceeds the limit. */
static void size_first_over(struct sizer *sizer)
{
    struct forecast_sizing *sizing = sizer->sizing;
    const struct forecast_spec *spec = sizer->spec;
    int teams = sizing->team_count;
    for (int t = 0; t < teams; t++) {
        sizing->reachable[t] = true;
        sizing->first_month[t] = -1;
        for (int m = spec->lead_months < 1 ? 1 : spec->lead_months; m <= spec->months; m++) {
            double risk = sizing->without.teams[(size_t)m * (size_t)teams + (size_t)t].risk;
            if (risk > sizer->limit) {
                sizing->first_month[t] = m;
                sizing->first_risk[t] = risk;
                break;
            }
        }
    }
}

/* Upwards: one more hire in every team still over the limit, until none is. A
 * hire that does not lower the team's risk (summed over the months) is taken
 * back and the team marked unreachable: its workers over the cap before the
 * hires start stay over it until their clients close. *stale is set when the
 * last forecast run is not that of the hires left. */
static bool size_upwards(struct sizer *sizer, bool *stale, char *error, size_t error_size)
{
    struct forecast_sizing *sizing = sizer->sizing;
    const struct forecast_spec *spec = sizer->spec;
    int teams = sizing->team_count;
    double *previous = mem_calloc((size_t)teams + 1, sizeof(double));
    if (previous == NULL) {
        snprintf(error, error_size, "out of memory");
        return false;
    }
    const struct forecast_result *last = &sizing->without;
    bool ok = true;
    *stale = false;
    for (int round = 0; ok; round++) {
        bool changed = false;
        for (int t = 0; t < teams; t++) {
            if (!sizing->reachable[t] || forecast_team_max_risk(last, t, spec->lead_months) <= sizer->limit)
                continue;
            double sum = team_risk_sum(last, t, spec->lead_months);
            if (sizing->hires[t] > 0 && sum >= previous[t] - 1e-12) {
                sizing->reachable[t] = false;
                sizing->hires[t]--;
                *stale = true;
                continue;
            }
            previous[t] = sum;
            if (sizing->hires[t] >= hire_ceiling(sizer->instance, t)) {
                sizing->reachable[t] = false;
                continue;
            }
            sizing->hires[t]++;
            changed = true;
        }
        if (!changed)
            break;
        forecast_result_free(&sizer->current);
        ok = sizer_run(sizer, sizing->hires, &sizer->current, error, error_size);
        last = &sizer->current;
        *stale = false;
    }
    mem_free(previous);
    return ok;
}

/* Downwards: one fewer in a team wherever every team's limit still holds. */
static bool size_downwards(struct sizer *sizer, char *error, size_t error_size)
{
    struct forecast_sizing *sizing = sizer->sizing;
    int teams = sizing->team_count;
    bool ok = true;
    for (int t = 0; ok && t < teams; t++) {
        while (ok && sizing->hires[t] > 0 && sizing->reachable[t]) {
            memcpy(sizer->trial, sizing->hires, (size_t)teams * sizeof(int));
            sizer->trial[t]--;
            struct forecast_result fewer;
            ok = sizer_run(sizer, sizer->trial, &fewer, error, error_size);
            bool holds = ok;
            for (int u = 0; holds && u < teams; u++)
                holds = !sizing->reachable[u] ||
                        forecast_team_max_risk(&fewer, u, sizer->spec->lead_months) <= sizer->limit;
            if (holds) {
                sizing->hires[t]--;
                forecast_result_free(&sizer->current);
                sizer->current = fewer;
            } else {
                forecast_result_free(&fewer);
                break;
            }
        }
    }
    return ok;
}

/* The check of the sizing: one hire fewer in any team breaks the limit somewhere. */
static bool size_one_fewer(struct sizer *sizer, char *error, size_t error_size)
{
    struct forecast_sizing *sizing = sizer->sizing;
    int teams = sizing->team_count;
    bool ok = true;
    for (int t = 0; ok && t < teams; t++) {
        sizing->one_fewer_risk[t] = -1;
        if (sizing->hires[t] == 0)
            continue;
        memcpy(sizer->trial, sizing->hires, (size_t)teams * sizeof(int));
        sizer->trial[t]--;
        struct forecast_result fewer;
        ok = sizer_run(sizer, sizer->trial, &fewer, error, error_size);
        for (int u = 0; ok && u < teams; u++) {
            double worst = forecast_team_max_risk(&fewer, u, sizer->spec->lead_months);
            if (worst > sizing->one_fewer_risk[t])
                sizing->one_fewer_risk[t] = worst;
        }
        forecast_result_free(&fewer);
    }
    return ok;
}

bool forecast_size(const struct instance *instance, const struct forecast_spec *spec,
                   const struct forecast_options *options, struct forecast_sizing *sizing,
                   bool *no_plan, char *error, size_t error_size)
{
    memset(sizing, 0, sizeof *sizing);
    *no_plan = false;
    int teams = instance->team_count;
    struct sizer sizer = {.instance = instance, .spec = spec, .options = options, .sizing = sizing,
                          .limit = spec->risk + 1e-12};
    sizing->team_count = teams;
    sizing->hires = mem_calloc((size_t)teams + 1, sizeof(int));
    sizing->reachable = mem_calloc((size_t)teams + 1, sizeof(bool));
    sizing->first_month = mem_calloc((size_t)teams + 1, sizeof(int));
    sizing->first_risk = mem_calloc((size_t)teams + 1, sizeof(double));
    sizing->one_fewer_risk = mem_calloc((size_t)teams + 1, sizeof(double));
    sizer.month0 = mem_alloc(((size_t)instance->child_count + 1) * sizeof(int));
    sizer.trial = mem_calloc((size_t)teams + 1, sizeof(int));
    bool ok = sizing->hires != NULL && sizing->reachable != NULL && sizing->first_month != NULL &&
              sizing->first_risk != NULL && sizing->one_fewer_risk != NULL && sizer.month0 != NULL &&
              sizer.trial != NULL;
    if (!ok)
        snprintf(error, error_size, "out of memory");
    ok = ok && forecast_sample_plan_month0(instance, options, sizer.month0, no_plan, error, error_size) &&
         sizer_run(&sizer, NULL, &sizing->without, error, error_size);
    if (ok)
        size_first_over(&sizer);
    bool stale = false;
    ok = ok && size_upwards(&sizer, &stale, error, error_size) && size_downwards(&sizer, error, error_size);
    if (ok && stale)
        forecast_result_free(&sizer.current);
    if (ok && sizer.current.teams == NULL) /* the forecast with the hires left (not counted: as before) */
        ok = forecast_run_planned(instance, spec, sizing->hires, sizer.month0, options, &sizer.current,
                                  error, error_size);
    ok = ok && size_one_fewer(&sizer, error, error_size);
    if (ok)
        sizing->with = sizer.current;
    else
        forecast_result_free(&sizer.current);
    mem_free(sizer.month0);
    mem_free(sizer.trial);
    if (!ok)
        forecast_size_free(sizing);
    return ok;
}
