/* forecast_sample.c - the forecast's samples on threads (DESIGN.md §6): the
 * month-0 plan, the tallies of every sample summarised into the result, and the
 * sizing of recruitment against the forecast (`size -f`). */
#include "forecast/forecast.h"
#include "forecast/forecast_process.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "solve/solve.h"

#define MAX_THREADS 64

/* ---------------------------------------------------------------------------
 * Samples on threads and their summary
 * ------------------------------------------------------------------------- */

static void *sample_thread(void *argument)
{
    struct run_context *context = argument;
    char error[512];
    while (!atomic_load(&context->failed)) {
        int s = atomic_fetch_add(&context->next_sample, 1);
        if (s >= context->spec->samples)
            break;
        error[0] = '\0';
        if (!forecast_run_sample(context, s, error, sizeof error)) {
            pthread_mutex_lock(&context->lock);
            if (!atomic_load(&context->failed))
                snprintf(context->error, sizeof context->error, "%s", error);
            atomic_store(&context->failed, true);
            pthread_mutex_unlock(&context->lock);
        }
        atomic_fetch_add(&context->done, 1);
    }
    solve_thread_end(); /* the placements' solver state of this thread */
    return NULL;
}

/* Run every sample on `threads` threads; the calling thread shows progress. */
static bool run_samples(struct run_context *context, int threads)
{
    pthread_t handles[MAX_THREADS];
    int started = 0;
    if (threads > context->spec->samples)
        threads = context->spec->samples;
    for (int t = 0; t < threads; t++)
        if (pthread_create(&handles[started], NULL, sample_thread, context) == 0)
            started++;
    if (started == 0)
        sample_thread(context);
    double start = clock_seconds(), shown = start;
    int samples = context->spec->samples;
    const struct progress *progress = context->options->progress;
    while (started > 0 && atomic_load(&context->done) < samples && !atomic_load(&context->failed)) {
        struct timespec pause = {0, 100 * 1000 * 1000};
        nanosleep(&pause, NULL);
        if (progress_on(progress) && clock_seconds() - shown >= 0.5) {
            shown = clock_seconds();
            progress_status(progress, "forecast: %d of %d samples, %.0f s", atomic_load(&context->done),
                            samples, shown - start);
        }
    }
    for (int t = 0; t < started; t++)
        pthread_join(handles[t], NULL);
    /* a line that stays, also when stopped: an error message then starts a line of its own */
    progress_line(progress, "forecast: %d of %d samples, %.1f s", atomic_load(&context->done),
                  samples, clock_seconds() - start);
    return !atomic_load(&context->failed);
}

static int compare_ints(const void *left, const void *right)
{
    int a = *(const int *)left, b = *(const int *)right;
    return (a > b) - (a < b);
}

/* The value at quantile q of sorted values (nearest rank). */
static int nearest_rank(const int *sorted, int count, double q)
{
    int rank = (int)ceil(q * count - 1e-9);
    if (rank < 1)
        rank = 1;
    return sorted[rank - 1];
}

/* Summarise the tallies of one team (or the county) in one month: values[s] at
 * stride `stride` from `first`. */
static void summarise(struct forecast_cell *cell, int samples, size_t stride, const int *counted,
                      const int *capacity, const int *over, const int *excess, const int *unassigned,
                      int *scratch)
{
    double sum = 0, sum_capacity = 0, sum_over = 0, sum_excess = 0, sum_unassigned = 0, risky = 0;
    for (int s = 0; s < samples; s++) {
        size_t at = (size_t)s * stride;
        scratch[s] = counted[at];
        sum += counted[at];
        sum_capacity += capacity[at];
        sum_over += over[at];
        sum_excess += excess[at];
        sum_unassigned += unassigned != NULL ? unassigned[at] : 0;
        risky += over[at] > 0;
    }
    qsort(scratch, (size_t)samples, sizeof *scratch, compare_ints);
    cell->counted.mean = sum / samples;
    cell->counted.p10 = nearest_rank(scratch, samples, 0.1);
    cell->counted.p50 = nearest_rank(scratch, samples, 0.5);
    cell->counted.p90 = nearest_rank(scratch, samples, 0.9);
    cell->capacity = sum_capacity / samples;
    cell->workers_over_cap = sum_over / samples;
    cell->children_over_cap = sum_excess / samples;
    cell->unassigned = sum_unassigned / samples;
    cell->risk = risky / samples;
}

void forecast_default_options(struct forecast_options *options)
{
    options->threads = 0;
    options->progress = NULL;
    options->plan_time_limit = 60;
    options->interrupted = NULL;
    options->deadline = 0;
}

void forecast_result_free(struct forecast_result *result)
{
    if (result == NULL)
        return;
    mem_free(result->dates);
    mem_free(result->census);
    mem_free(result->census_dates);
    mem_free(result->census_months);
    mem_free(result->county);
    mem_free(result->teams);
    mem_free(result->worker_census_risk);
    mem_free(result->worker_seen);
    mem_free(result->hires);
    memset(result, 0, sizeof *result);
}

/* The month-0 plan: the instance solved by §2 without hires (the forecast's
 * workers are the instance's; hires are for `size -f`). month0[c] gets child c's
 * worker, or -1. */
bool forecast_plan_month0(const struct instance *instance, const struct forecast_options *options,
                        int *month0, bool *no_plan, char *error, size_t error_size)
{
    struct instance copy = *instance;
    copy.teams = mem_alloc(((size_t)instance->team_count + 1) * sizeof *copy.teams);
    if (copy.teams == NULL) {
        snprintf(error, error_size, "out of memory");
        return false;
    }
    memcpy(copy.teams, instance->teams, (size_t)instance->team_count * sizeof *copy.teams);
    for (int t = 0; t < instance->team_count; t++)
        copy.teams[t].max_hires = 0;
    struct solve_options solve;
    solve_default_options(&solve);
    solve.time_limit = options->plan_time_limit;
    solve.threads = options->threads > 0 && options->threads <= SOLVE_MAX_THREADS ? options->threads : 0;
    solve.interrupted = options->interrupted;
    struct solution solution;
    memset(&solution, 0, sizeof solution);
    bool ok = solve_instance(&copy, &solve, &solution, error, error_size);
    if (ok && (solution.status == SOLVE_INFEASIBLE || solution.status == SOLVE_NO_PLAN)) {
        snprintf(error, error_size, "the month-0 plan: %s", solution_status_name(solution.status));
        *no_plan = true;
        ok = false;
    }
    for (int c = 0; ok && c < instance->child_count; c++)
        month0[c] = solution.assignee[c] >= 0 && solution.assignee[c] < instance->worker_count
                        ? solution.assignee[c]
                        : -1;
    solution_free(&solution);
    mem_free(copy.teams);
    return ok;
}

static int online_threads(const struct forecast_options *options)
{
    if (options->threads > 0)
        return options->threads < MAX_THREADS ? options->threads : MAX_THREADS;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : (int)cores;
}

static bool run_with_plan(const struct instance *instance, const struct forecast_spec *spec,
                          const int *hires, const int *month0, const struct forecast_options *options,
                          struct forecast_result *result, char *error, size_t error_size)
{
    memset(result, 0, sizeof *result);
    int months = spec->months, teams = instance->team_count, samples = spec->samples;
    struct run_context context;
    memset(&context, 0, sizeof context);
    context.instance = instance;
    context.spec = spec;
    context.options = options;
    context.month0_worker = month0;
    int hire_total = 0;
    for (int t = 0; hires != NULL && t < teams; t++)
        hire_total += hires[t];
    context.worker_count = spec->worker_count + hire_total;
    context.workers = mem_alloc(((size_t)context.worker_count + 1) * sizeof *context.workers);
    result->dates = mem_alloc(((size_t)months + 1) * sizeof *result->dates);
    result->census = mem_calloc((size_t)months + 1, sizeof *result->census);
    result->census_dates = mem_calloc((size_t)months + 1, sizeof *result->census_dates);
    result->census_months = mem_calloc((size_t)months + 1, sizeof *result->census_months);
    result->hires = mem_calloc((size_t)teams + 1, sizeof *result->hires);
    bool ok = context.workers != NULL && result->dates != NULL && result->census != NULL &&
              result->census_dates != NULL && result->census_months != NULL && result->hires != NULL;
    char (*hire_ids)[160] = NULL;
    if (ok && hire_total > 0) {
        hire_ids = mem_alloc((size_t)hire_total * sizeof *hire_ids);
        ok = hire_ids != NULL;
    }
    if (ok) {
        memcpy(context.workers, spec->workers, (size_t)spec->worker_count * sizeof *context.workers);
        int next = spec->worker_count;
        for (int t = 0; hires != NULL && t < teams; t++) {
            result->hires[t] = hires[t];
            for (int k = 1; k <= hires[t]; k++, next++) {
                char *id = hire_ids[next - spec->worker_count];
                snprintf(id, sizeof hire_ids[0], "%.120s/hire-%d", instance->teams[t].id, k);
                context.workers[next] = (struct forecast_worker){
                    .id = id, .team = t, .fte = 1.0, .accepts_new = true, .max_new = -1,
                    .active = false};
            }
        }
        for (int m = 0; m <= months; m++) {
            result->dates[m] = date_add_months(instance->date, m);
            int month = result->dates[m].month;
            if (m >= 1 && (month == 4 || month == 10)) {
                result->census[m] = true;
                result->census_dates[result->census_count] =
                    date_second_tuesday(result->dates[m].year, month);
                result->census_months[result->census_count++] = m;
            }
        }
    }
    context.dates = result->dates;
    context.census_months = result->census_months;
    context.census_count = result->census_count;
    size_t rows = (size_t)samples * (size_t)(months + 1);
    size_t cells = rows * (size_t)teams;
    if (ok) {
        context.team_counted = mem_calloc(cells + 1, sizeof(int));
        context.team_capacity = mem_calloc(cells + 1, sizeof(int));
        context.team_over = mem_calloc(cells + 1, sizeof(int));
        context.team_excess = mem_calloc(cells + 1, sizeof(int));
        context.county_counted = mem_calloc(rows + 1, sizeof(int));
        context.county_capacity = mem_calloc(rows + 1, sizeof(int));
        context.county_over = mem_calloc(rows + 1, sizeof(int));
        context.county_excess = mem_calloc(rows + 1, sizeof(int));
        context.county_unassigned = mem_calloc(rows + 1, sizeof(int));
        context.worker_over = mem_calloc((size_t)samples * (size_t)(context.census_count + 1) *
                                             (size_t)context.worker_count + 1, sizeof(bool));
        ok = context.team_counted != NULL && context.team_capacity != NULL &&
             context.team_over != NULL && context.team_excess != NULL &&
             context.county_counted != NULL && context.county_capacity != NULL &&
             context.county_over != NULL && context.county_excess != NULL &&
             context.county_unassigned != NULL && context.worker_over != NULL;
    }
    if (!ok)
        snprintf(error, error_size, "out of memory");
    bool lock_made = ok && pthread_mutex_init(&context.lock, NULL) == 0;
    if (ok && !lock_made) {
        snprintf(error, error_size, "cannot create a lock");
        ok = false;
    }
    if (ok) {
        atomic_init(&context.next_sample, 0);
        atomic_init(&context.done, 0);
        atomic_init(&context.failed, false);
        ok = run_samples(&context, online_threads(options));
        if (!ok)
            snprintf(error, error_size, "%s", context.error);
    }
    if (lock_made)
        pthread_mutex_destroy(&context.lock);
    /* the summary, in a fixed order */
    int *scratch = ok ? mem_alloc(((size_t)samples + 1) * sizeof(int)) : NULL;
    if (ok) {
        result->months = months;
        result->samples = samples;
        result->team_count = teams;
        result->worker_count = context.worker_count;
        result->county = mem_calloc((size_t)months + 1, sizeof *result->county);
        result->teams = mem_calloc((size_t)(months + 1) * (size_t)teams + 1, sizeof *result->teams);
        result->worker_census_risk = mem_calloc((size_t)context.worker_count *
                                                    (size_t)(result->census_count + 1) + 1, sizeof(double));
        result->worker_seen = mem_calloc((size_t)context.worker_count + 1, sizeof(bool));
        ok = scratch != NULL && result->county != NULL && result->teams != NULL &&
             result->worker_census_risk != NULL && result->worker_seen != NULL;
        if (!ok)
            snprintf(error, error_size, "out of memory");
    }
    for (int m = 0; ok && m <= months; m++) {
        size_t row_stride = (size_t)(months + 1);
        summarise(&result->county[m], samples, row_stride, &context.county_counted[m],
                  &context.county_capacity[m], &context.county_over[m], &context.county_excess[m],
                  &context.county_unassigned[m], scratch);
        for (int t = 0; t < teams; t++) {
            size_t first = (size_t)m * (size_t)teams + (size_t)t;
            size_t stride = row_stride * (size_t)teams;
            summarise(&result->teams[(size_t)m * (size_t)teams + (size_t)t], samples, stride,
                      &context.team_counted[first], &context.team_capacity[first],
                      &context.team_over[first], &context.team_excess[first], NULL, scratch);
        }
    }
    for (int k = 0; ok && k < result->census_count; k++)
        for (int w = 0; w < context.worker_count; w++) {
            int over = 0;
            for (int s = 0; s < samples; s++)
                over += context.worker_over[((size_t)s * (size_t)result->census_count + (size_t)k) *
                                                (size_t)context.worker_count + (size_t)w];
            result->worker_census_risk[(size_t)w * (size_t)result->census_count + (size_t)k] =
                (double)over / samples;
        }
    /* a worker is listed when it works at month 0 or is started by an event or a hire */
    for (int w = 0; ok && w < context.worker_count; w++)
        result->worker_seen[w] = true;
    mem_free(scratch);
    mem_free(hire_ids);
    mem_free(context.workers);
    mem_free(context.team_counted);
    mem_free(context.team_capacity);
    mem_free(context.team_over);
    mem_free(context.team_excess);
    mem_free(context.county_counted);
    mem_free(context.county_capacity);
    mem_free(context.county_over);
    mem_free(context.county_excess);
    mem_free(context.county_unassigned);
    mem_free(context.worker_over);
    if (!ok)
        forecast_result_free(result);
    return ok;
}

bool forecast_run(const struct instance *instance, const struct forecast_spec *spec,
                  const int *hires, const struct forecast_options *options,
                  struct forecast_result *result, bool *no_plan, char *error, size_t error_size)
{
    *no_plan = false;
    memset(result, 0, sizeof *result);
    int *month0 = mem_alloc(((size_t)instance->child_count + 1) * sizeof(int));
    if (month0 == NULL) {
        snprintf(error, error_size, "out of memory");
        return false;
    }
    bool ok = forecast_plan_month0(instance, options, month0, no_plan, error, error_size) &&
              run_with_plan(instance, spec, hires, month0, options, result, error, error_size);
    mem_free(month0);
    return ok;
}

/* ---------------------------------------------------------------------------
 * Sizing against the forecast
 * ------------------------------------------------------------------------- */

double forecast_team_max_risk(const struct forecast_result *result, int team, int lead_months)
{
    double worst = 0;
    for (int m = lead_months < 1 ? 1 : lead_months; m <= result->months; m++) {
        double risk = result->teams[(size_t)m * (size_t)result->team_count + (size_t)team].risk;
        if (risk > worst)
            worst = risk;
    }
    return worst;
}

void forecast_sizing_free(struct forecast_sizing *sizing)
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

bool forecast_size(const struct instance *instance, const struct forecast_spec *spec,
                   const struct forecast_options *options, struct forecast_sizing *sizing,
                   bool *no_plan, char *error, size_t error_size)
{
    memset(sizing, 0, sizeof *sizing);
    *no_plan = false;
    int teams = instance->team_count;
    double limit = spec->risk + 1e-12;
    sizing->team_count = teams;
    sizing->hires = mem_calloc((size_t)teams + 1, sizeof(int));
    sizing->reachable = mem_calloc((size_t)teams + 1, sizeof(bool));
    sizing->first_month = mem_calloc((size_t)teams + 1, sizeof(int));
    sizing->first_risk = mem_calloc((size_t)teams + 1, sizeof(double));
    sizing->one_fewer_risk = mem_calloc((size_t)teams + 1, sizeof(double));
    int *month0 = mem_alloc(((size_t)instance->child_count + 1) * sizeof(int));
    int *trial = mem_calloc((size_t)teams + 1, sizeof(int));
    struct forecast_result current;
    memset(&current, 0, sizeof current);
    bool ok = sizing->hires != NULL && sizing->reachable != NULL && sizing->first_month != NULL &&
              sizing->first_risk != NULL && sizing->one_fewer_risk != NULL && month0 != NULL &&
              trial != NULL;
    if (!ok)
        snprintf(error, error_size, "out of memory");
    ok = ok && forecast_plan_month0(instance, options, month0, no_plan, error, error_size) &&
         run_with_plan(instance, spec, NULL, month0, options, &sizing->without, error, error_size);
    sizing->runs += ok;
    for (int t = 0; ok && t < teams; t++) {
        sizing->reachable[t] = true;
        sizing->first_month[t] = -1;
        for (int m = spec->lead_months < 1 ? 1 : spec->lead_months; m <= spec->months; m++) {
            double risk = sizing->without.teams[(size_t)m * (size_t)teams + (size_t)t].risk;
            if (risk > limit) {
                sizing->first_month[t] = m;
                sizing->first_risk[t] = risk;
                break;
            }
        }
    }
    /* upwards: one more hire in every team still over the limit, until none is. A
     * hire that does not lower the team's risk (summed over the months) is taken
     * back and the team marked unreachable: its workers over the cap before the
     * hires start stay over it until their clients close. */
    double *previous = mem_calloc((size_t)teams + 1, sizeof(double));
    if (ok && previous == NULL) {
        snprintf(error, error_size, "out of memory");
        ok = false;
    }
    const struct forecast_result *last = &sizing->without;
    bool stale = false;
    for (int round = 0; ok; round++) {
        bool changed = false;
        for (int t = 0; t < teams; t++) {
            if (!sizing->reachable[t] || forecast_team_max_risk(last, t, spec->lead_months) <= limit)
                continue;
            double sum = team_risk_sum(last, t, spec->lead_months);
            if (sizing->hires[t] > 0 && sum >= previous[t] - 1e-12) {
                sizing->reachable[t] = false;
                sizing->hires[t]--;
                stale = true;
                continue;
            }
            previous[t] = sum;
            if (sizing->hires[t] >= hire_ceiling(instance, t)) {
                sizing->reachable[t] = false;
                continue;
            }
            sizing->hires[t]++;
            changed = true;
        }
        if (!changed)
            break;
        forecast_result_free(&current);
        ok = run_with_plan(instance, spec, sizing->hires, month0, options, &current, error, error_size);
        sizing->runs += ok;
        last = &current;
        stale = false;
    }
    mem_free(previous);
    /* downwards: one fewer in a team wherever every team's limit still holds */
    for (int t = 0; ok && t < teams; t++) {
        while (ok && sizing->hires[t] > 0 && sizing->reachable[t]) {
            memcpy(trial, sizing->hires, (size_t)teams * sizeof(int));
            trial[t]--;
            struct forecast_result fewer;
            ok = run_with_plan(instance, spec, trial, month0, options, &fewer, error, error_size);
            sizing->runs += ok;
            bool holds = ok;
            for (int u = 0; holds && u < teams; u++)
                holds = !sizing->reachable[u] ||
                        forecast_team_max_risk(&fewer, u, spec->lead_months) <= limit;
            if (holds) {
                sizing->hires[t]--;
                forecast_result_free(&current);
                current = fewer;
            } else {
                forecast_result_free(&fewer);
                break;
            }
        }
    }
    if (ok && stale)
        forecast_result_free(&current);
    if (ok && current.teams == NULL)
        ok = run_with_plan(instance, spec, sizing->hires, month0, options, &current, error, error_size);
    /* the check of the sizing: one hire fewer in any team breaks the limit somewhere */
    for (int t = 0; ok && t < teams; t++) {
        sizing->one_fewer_risk[t] = -1;
        if (sizing->hires[t] == 0)
            continue;
        memcpy(trial, sizing->hires, (size_t)teams * sizeof(int));
        trial[t]--;
        struct forecast_result fewer;
        ok = run_with_plan(instance, spec, trial, month0, options, &fewer, error, error_size);
        sizing->runs += ok;
        for (int u = 0; ok && u < teams; u++) {
            double worst = forecast_team_max_risk(&fewer, u, spec->lead_months);
            if (worst > sizing->one_fewer_risk[t])
                sizing->one_fewer_risk[t] = worst;
        }
        forecast_result_free(&fewer);
    }
    if (ok)
        sizing->with = current;
    else
        forecast_result_free(&current);
    mem_free(month0);
    mem_free(trial);
    if (!ok)
        forecast_sizing_free(sizing);
    return ok;
}
