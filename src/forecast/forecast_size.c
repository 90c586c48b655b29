/* forecast_size.c - the sizing of recruitment against the forecast (DESIGN.md §6
 * "Sizing against the forecast", `size -f`): the fewest hires per team, each with
 * its start month, that keep every month's team risk from lead_months on at most
 * the limit, by forecasts with common random numbers (the same seed in every run).
 * A hire is added to a team in the first month its risk still exceeds the limit,
 * starting then (never before lead_months: a recruit cannot start sooner), so the
 * start month says by when the team needs the recruit; the month step's
 * rebalancing hands the recruit the children over its colleagues' caps that very
 * month. */
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
    mem_free(sizing->one_fewer_last);
    mem_free(sizing->hire_list);
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
    int first;                     /* the first month a hire can start: lead_months, at least 1 */
    int *month0;
    struct forecast_hire *trial;   /* hires of a trial run */
    struct forecast_result current;
    struct forecast_prefix *prefix; /* the run without hires up to month first - 1 */
};

/* A forecast with `count` hires, counted in sizing->runs. */
static bool sizer_run(struct sizer *sizer, const struct forecast_hire *hires, int count,
                      struct forecast_result *result, char *error, size_t error_size)
{
    bool ok = forecast_run_planned(sizer->instance, sizer->spec, hires, count, sizer->month0, sizer->options,
                                   sizer->prefix, result, error, error_size);
    sizer->sizing->runs += ok;
    return ok;
}

/* The first month from the first start on whose team risk exceeds the limit, -1. */
static int first_month_over(const struct sizer *sizer, const struct forecast_result *result, int team)
{
    for (int m = sizer->first; m <= result->months; m++)
        if (result->teams[(size_t)m * (size_t)result->team_count + (size_t)team].risk > sizer->limit)
            return m;
    return -1;
}

/* Add a hire of `team` starting in `start`, keeping the list by team, then start. */
static void add_hire(struct forecast_sizing *sizing, int team, int start)
{
    int at = sizing->hire_count;
    while (at > 0 && (sizing->hire_list[at - 1].team > team ||
                      (sizing->hire_list[at - 1].team == team && sizing->hire_list[at - 1].start > start))) {
        sizing->hire_list[at] = sizing->hire_list[at - 1];
        at--;
    }
    sizing->hire_list[at] = (struct forecast_hire){.team = team, .start = start};
    sizing->hire_count++;
    sizing->hires[team]++;
}

/* Remove hire k of the list. */
static void remove_hire(struct forecast_sizing *sizing, int k)
{
    sizing->hires[sizing->hire_list[k].team]--;
    memmove(&sizing->hire_list[k], &sizing->hire_list[k + 1],
            (size_t)(sizing->hire_count - k - 1) * sizeof *sizing->hire_list);
    sizing->hire_count--;
}

/* The last hire of `team` in the list (its latest start), -1 without one. */
static int last_hire(const struct forecast_sizing *sizing, int team)
{
    for (int k = sizing->hire_count - 1; k >= 0; k--)
        if (sizing->hire_list[k].team == team)
            return k;
    return -1;
}

/* The hire list without hire k into sizer->trial; returns its length. */
static int trial_without(struct sizer *sizer, int k)
{
    const struct forecast_sizing *sizing = sizer->sizing;
    int count = 0;
    for (int h = 0; h < sizing->hire_count; h++)
        if (h != k)
            sizer->trial[count++] = sizing->hire_list[h];
    return count;
}

/* Upwards: one more hire in every team still over the limit, starting in its
 * first month over, until none is. A hire that does not lower the team's risk
 * (summed over the months) is taken back and the team marked unreachable.
 * *stale is set when the last forecast run is not that of the hires left. */
static bool size_upwards(struct sizer *sizer, bool *stale, char *error, size_t error_size)
{
    struct forecast_sizing *sizing = sizer->sizing;
    int teams = sizing->team_count;
    double *previous = mem_calloc((size_t)teams + 1, sizeof(double));
    if (previous == NULL) {
        snprintf(error, error_size, "out of memory");
        return false;
    }
    const struct forecast_result *last = &sizing->without;
    bool ok = true;
    *stale = false;
    while (ok) {
        bool changed = false;
        for (int t = 0; t < teams; t++) {
            int month = sizing->reachable[t] ? first_month_over(sizer, last, t) : -1;
            if (month < 0)
                continue;
            double sum = team_risk_sum(last, t, sizer->first);
            if (sizing->hires[t] > 0 && sum >= previous[t] - 1e-12) {
                sizing->reachable[t] = false;
                remove_hire(sizing, last_hire(sizing, t));
                *stale = true;
                continue;
            }
            previous[t] = sum;
            if (sizing->hires[t] >= hire_ceiling(sizer->instance, t)) {
                sizing->reachable[t] = false;
                continue;
            }
            add_hire(sizing, t, month);
            changed = true;
        }
        if (!changed)
            break;
        forecast_result_free(&sizer->current);
        ok = sizer_run(sizer, sizing->hire_list, sizing->hire_count, &sizer->current, error, error_size);
        last = &sizer->current;
        *stale = false;
    }
    mem_free(previous);
    return ok;
}

/* Whether every reachable team's risk from the first start on is within the limit. */
static bool limit_holds(const struct sizer *sizer, const struct forecast_result *result)
{
    for (int t = 0; t < sizer->sizing->team_count; t++)
        if (sizer->sizing->reachable[t] && first_month_over(sizer, result, t) >= 0)
            return false;
    return true;
}

/* Team t's one-fewer measures from `fewer`, the forecast without its last hire:
 * the highest risk of any reachable team from the first start on, and the last
 * month any is over the limit. */
static void record_one_fewer(struct sizer *sizer, int t, const struct forecast_result *fewer)
{
    struct forecast_sizing *sizing = sizer->sizing;
    sizing->one_fewer_risk[t] = -1;
    sizing->one_fewer_last[t] = -1;
    for (int u = 0; u < sizing->team_count; u++) {
        if (!sizing->reachable[u])
            continue;
        double worst = forecast_team_max_risk(fewer, u, sizer->first);
        if (worst > sizing->one_fewer_risk[t])
            sizing->one_fewer_risk[t] = worst;
        for (int m = sizer->first; m <= fewer->months; m++)
            if (fewer->teams[(size_t)m * (size_t)sizing->team_count + (size_t)u].risk > sizer->limit &&
                m > sizing->one_fewer_last[t])
                sizing->one_fewer_last[t] = m;
    }
}

/* Downwards: each hire, the latest starts first, taken out wherever the limit
 * still holds without it. A try that fails for a team's last hire is that team's
 * one-fewer check (known[t]), until a later removal changes the hires. */
static bool size_downwards(struct sizer *sizer, bool *known, char *error, size_t error_size)
{
    struct forecast_sizing *sizing = sizer->sizing;
    bool ok = true;
    for (int k = sizing->hire_count - 1; ok && k >= 0; k--) {
        int team = sizing->hire_list[k].team;
        if (!sizing->reachable[team])
            continue;
        int count = trial_without(sizer, k);
        struct forecast_result fewer;
        ok = sizer_run(sizer, sizer->trial, count, &fewer, error, error_size);
        if (ok && limit_holds(sizer, &fewer)) {
            remove_hire(sizing, k);
            forecast_result_free(&sizer->current);
            sizer->current = fewer;
            memset(known, 0, (size_t)sizing->team_count * sizeof *known);
        } else if (ok) {
            if (last_hire(sizing, team) == k) {
                record_one_fewer(sizer, team, &fewer);
                known[team] = true;
            }
            forecast_result_free(&fewer);
        }
    }
    return ok;
}

/* The check of the sizing: without the last hire of a team, the highest risk of
 * any team that hires can help (reachable), in any month from the first start on
 * (run for the teams whose downward try did not give it). */
static bool size_one_fewer(struct sizer *sizer, const bool *known, char *error, size_t error_size)
{
    struct forecast_sizing *sizing = sizer->sizing;
    bool ok = true;
    for (int t = 0; ok && t < sizing->team_count; t++) {
        if (sizing->hires[t] == 0) {
            sizing->one_fewer_risk[t] = -1;
            sizing->one_fewer_last[t] = -1;
            continue;
        }
        if (known[t])
            continue;
        int count = trial_without(sizer, last_hire(sizing, t));
        struct forecast_result fewer;
        ok = sizer_run(sizer, sizer->trial, count, &fewer, error, error_size);
        if (ok)
            record_one_fewer(sizer, t, &fewer);
        forecast_result_free(&fewer);
    }
    return ok;
}

/* The arrays of the sizing, the teams reachable until shown otherwise. */
static bool size_allocate(struct sizer *sizer)
{
    struct forecast_sizing *sizing = sizer->sizing;
    const struct instance *instance = sizer->instance;
    size_t teams = (size_t)instance->team_count + 1;
    int most = 0;
    for (int t = 0; t < instance->team_count; t++)
        most += hire_ceiling(instance, t);
    sizing->team_count = instance->team_count;
    sizing->hires = mem_calloc(teams, sizeof(int));
    sizing->reachable = mem_calloc(teams, sizeof(bool));
    sizing->first_month = mem_calloc(teams, sizeof(int));
    sizing->first_risk = mem_calloc(teams, sizeof(double));
    sizing->one_fewer_risk = mem_calloc(teams, sizeof(double));
    sizing->one_fewer_last = mem_calloc(teams, sizeof(int));
    sizing->hire_list = mem_alloc(((size_t)most + 1) * sizeof *sizing->hire_list);
    sizer->month0 = mem_alloc(((size_t)instance->child_count + 1) * sizeof(int));
    sizer->trial = mem_alloc(((size_t)most + 1) * sizeof *sizer->trial);
    if (sizing->hires == NULL || sizing->reachable == NULL || sizing->first_month == NULL ||
        sizing->first_risk == NULL || sizing->one_fewer_risk == NULL || sizing->one_fewer_last == NULL || sizing->hire_list == NULL ||
        sizer->month0 == NULL || sizer->trial == NULL)
        return false;
    for (int t = 0; t < instance->team_count; t++)
        sizing->reachable[t] = true;
    return true;
}

bool forecast_size(const struct instance *instance, const struct forecast_spec *spec,
                   const struct forecast_options *options, struct forecast_sizing *sizing,
                   bool *no_plan, char *error, size_t error_size)
{
    memset(sizing, 0, sizeof *sizing);
    *no_plan = false;
    struct sizer sizer = {.instance = instance, .spec = spec, .options = options, .sizing = sizing,
                          .limit = spec->risk + 1e-12, .first = spec->lead_months < 1 ? 1 : spec->lead_months};
    sizing->first_start = sizer.first;
    bool ok = size_allocate(&sizer);
    if (!ok)
        snprintf(error, error_size, "out of memory");
    /* the run without hires keeps its samples where the first hire can start:
     * every later run takes its months up to then from it */
    ok = ok && forecast_sample_plan_month0(instance, options, sizer.month0, no_plan, error, error_size) &&
         forecast_run_keeping(instance, spec, sizer.month0, options, sizer.first - 1, &sizer.prefix,
                              &sizing->without, error, error_size);
    sizing->runs += ok;
    for (int t = 0; ok && t < sizing->team_count; t++) {
        sizing->first_month[t] = first_month_over(&sizer, &sizing->without, t);
        if (sizing->first_month[t] >= 0)
            sizing->first_risk[t] =
                sizing->without.teams[(size_t)sizing->first_month[t] * (size_t)sizing->team_count + (size_t)t].risk;
    }
    bool stale = false;
    bool *known = ok ? mem_calloc((size_t)sizing->team_count + 1, sizeof(bool)) : NULL;
    if (ok && known == NULL) {
        snprintf(error, error_size, "out of memory");
        ok = false;
    }
    ok = ok && size_upwards(&sizer, &stale, error, error_size) &&
         size_downwards(&sizer, known, error, error_size);
    if (ok && stale)
        forecast_result_free(&sizer.current);
    if (ok && sizer.current.teams == NULL)
        ok = sizer_run(&sizer, sizing->hire_list, sizing->hire_count, &sizer.current, error, error_size);
    ok = ok && size_one_fewer(&sizer, known, error, error_size);
    mem_free(known);
    if (ok)
        sizing->with = sizer.current;
    else
        forecast_result_free(&sizer.current);
    forecast_prefix_free(sizer.prefix);
    mem_free(sizer.month0);
    mem_free(sizer.trial);
    if (!ok)
        forecast_size_free(sizing);
    return ok;
}
