/* forecast.c - the forecast's run (DESIGN.md §6): the month-0 plan, the samples
 * on threads, each month of each sample tallied, and the tallies summarised into
 * the result. A sample is its own state (forecast_sample.c) stepped month by month
 * (forecast_month.c); every sample draws from its own stream (xoshiro256** seeded
 * by splitmix64 from the seed and the sample's number) and writes only its own
 * slots of the tallies, so the result is the same whatever the number of threads. */
#include "forecast/forecast.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "core/law.h"
#include "forecast/forecast_month.h"
#include "forecast/forecast_sample.h"
#include "solve/solve.h"

#define MAX_THREADS 64

/* What each sample counts in each month: per sample s, month m, team t at
 * team[kind][((s * (months + 1)) + m) * teams + t], for the county at
 * county[kind][s * (months + 1) + m] (TALLY_UNASSIGNED for the county only); and
 * at each census k whether worker w was over its cap, worker_over[(s *
 * census_count + k) * worker_count + w]. */
enum tally { TALLY_COUNTED, TALLY_CAPACITY, TALLY_OVER, TALLY_EXCESS, TALLY_WORKERS, TALLY_UNASSIGNED, TALLY_KINDS };
#define TEAM_TALLY_KINDS TALLY_UNASSIGNED

struct tallies {
    int *team[TEAM_TALLY_KINDS];
    int *county[TALLY_KINDS];
    bool *worker_over;
};

static void tallies_free(struct tallies *tallies)
{
    for (int kind = 0; kind < TEAM_TALLY_KINDS; kind++)
        mem_free(tallies->team[kind]);
    for (int kind = 0; kind < TALLY_KINDS; kind++)
        mem_free(tallies->county[kind]);
    mem_free(tallies->worker_over);
    memset(tallies, 0, sizeof *tallies);
}

/* The samples of a run without hires after month `month`, and that run's tallies
 * (forecast.h). */
struct forecast_prefix {
    int month;
    int samples;
    struct forecast_sample *states; /* per sample */
    struct tallies tallies;
};

/* A run: what its samples share (the world), and the tallies, per sample s, month
 * m, team t at [((s * (months + 1)) + m) * teams + t]. */
struct run {
    struct forecast_world world;
    struct forecast_worker *workers; /* spec workers then hires, owned (world.workers) */
    int *hire_start;                 /* per hire, owned (world.hire_start) */
    struct tallies tallies;
    int *census_months;
    int census_count;
    const struct forecast_prefix *from; /* start every sample from here (may be NULL) */
    struct forecast_prefix *keep;       /* keep every sample's state here (may be NULL) */
    atomic_int next_sample;
    atomic_int done;
    atomic_bool failed;
    pthread_mutex_t lock;
    char error[512];
};

/* ---------------------------------------------------------------------------
 * One sample, month by month, tallied
 * ------------------------------------------------------------------------- */

static void record_month(const struct forecast_sample *sample, struct run *run, int s, int m, int *load)
{
    const struct instance *instance = run->world.instance;
    int months = run->world.spec->months, teams = instance->team_count;
    struct date date = run->world.dates[m];
    int cap = forecast_sample_cap(instance, date);
    size_t row = ((size_t)s * (size_t)(months + 1) + (size_t)m);
    size_t cell = row * (size_t)teams;
    memset(load, 0, (size_t)sample->worker_count * sizeof(int));
    int counted = 0, unassigned = 0;
    for (int c = 0; c < sample->client_count; c++) {
        const struct forecast_client *client = &sample->clients[c];
        bool is_counted = forecast_sample_counted(client, date);
        counted += is_counted;
        if (client->worker < 0)
            unassigned++;
        else if (is_counted)
            load[client->worker]++;
    }
    int capacity = 0, over = 0, excess = 0, working = 0;
    for (int w = 0; w < sample->worker_count; w++) {
        const struct forecast_worker *worker = &sample->workers[w];
        if (!worker->active)
            continue;
        int own = law_own_cap(cap, worker->fte);
        size_t at = cell + (size_t)worker->team;
        struct tallies *tallies = &run->tallies;
        tallies->team[TALLY_COUNTED][at] += load[w];
        tallies->team[TALLY_CAPACITY][at] += own;
        tallies->team[TALLY_WORKERS][at]++;
        capacity += own;
        working++;
        if (load[w] > own) {
            tallies->team[TALLY_OVER][at]++;
            tallies->team[TALLY_EXCESS][at] += load[w] - own;
            over++;
            excess += load[w] - own;
        }
    }
    int **county = run->tallies.county;
    county[TALLY_COUNTED][row] = counted;
    county[TALLY_CAPACITY][row] = capacity;
    county[TALLY_OVER][row] = over;
    county[TALLY_EXCESS][row] = excess;
    county[TALLY_UNASSIGNED][row] = unassigned;
    county[TALLY_WORKERS][row] = working;
    for (int k = 0; k < run->census_count; k++) {
        if (run->census_months[k] != m)
            continue;
        bool *flags = &run->tallies.worker_over[((size_t)s * (size_t)run->census_count + (size_t)k) *
                                        (size_t)run->world.worker_count];
        for (int w = 0; w < sample->worker_count; w++)
            flags[w] = sample->workers[w].active && load[w] > law_own_cap(cap, sample->workers[w].fte);
    }
}

static bool interrupted(const struct run *run)
{
    const struct forecast_options *options = run->world.options;
    return options->interrupted != NULL && *options->interrupted != 0;
}

/* Sample s's state after month from->month and its tallies of months 0 ..
 * from->month, copied from the prefix; the run's hires join, not yet working
 * (each starts after from->month). False when memory runs out. */
static bool resume_sample(struct run *run, int s, struct forecast_sample *sample)
{
    const struct forecast_prefix *from = run->from;
    const struct forecast_sample *kept = &from->states[s];
    if (!forecast_sample_copy(sample, kept, run->world.worker_count))
        return false;
    memcpy(sample->workers + kept->worker_count, run->world.workers + kept->worker_count,
           (size_t)(run->world.worker_count - kept->worker_count) * sizeof *sample->workers);
    sample->worker_count = run->world.worker_count;
    int months = run->world.spec->months, teams = run->world.instance->team_count;
    size_t row = (size_t)s * (size_t)(months + 1), rows = (size_t)from->month + 1;
    for (int kind = 0; kind < TEAM_TALLY_KINDS; kind++)
        memcpy(&run->tallies.team[kind][row * (size_t)teams], &from->tallies.team[kind][row * (size_t)teams],
               rows * (size_t)teams * sizeof(int));
    for (int kind = 0; kind < TALLY_KINDS; kind++)
        memcpy(&run->tallies.county[kind][row], &from->tallies.county[kind][row], rows * sizeof(int));
    /* the census flags of months kept: the hires, not yet working, were over no cap */
    for (int k = 0; k < run->census_count && run->census_months[k] <= from->month; k++)
        memcpy(&run->tallies.worker_over[((size_t)s * (size_t)run->census_count + (size_t)k) * (size_t)run->world.worker_count],
               &from->tallies.worker_over[((size_t)s * (size_t)run->census_count + (size_t)k) * (size_t)kept->worker_count],
               (size_t)kept->worker_count * sizeof(bool));
    return true;
}

/* Sample s, months 0 .. months (or from->month + 1 .. months after its prefix),
 * tallied into the run. */
static bool run_sample(struct run *run, int s, char *error, size_t error_size)
{
    struct forecast_sample sample;
    int *load = NULL;
    int first = run->from != NULL ? run->from->month + 1 : 1;
    bool ok = run->from != NULL ? resume_sample(run, s, &sample) : forecast_sample_start(&sample, &run->world, s);
    load = mem_alloc(((size_t)run->world.worker_count + 1) * sizeof(int));
    ok = ok && load != NULL;
    if (ok && run->from == NULL)
        record_month(&sample, run, s, 0, load);
    if (ok && run->keep != NULL && run->keep->month == 0)
        ok = forecast_sample_copy(&run->keep->states[s], &sample, sample.worker_count);
    for (int m = first; ok && m <= run->world.spec->months; m++) {
        if (interrupted(run)) {
            snprintf(error, error_size, "interrupted");
            ok = false;
            break;
        }
        /* the deadline of the whole run (options->deadline), checked between months */
        if (run->world.options->deadline > 0 && clock_seconds() >= run->world.options->deadline) {
            snprintf(error, error_size, "the time limit (--time-limit) passed before sample %d was done: give a "
                     "longer limit, or fewer samples or months", s + 1);
            ok = false;
            break;
        }
        ok = forecast_month_step(&sample, &run->world, m, error, error_size);
        if (ok)
            record_month(&sample, run, s, m, load);
        if (ok && run->keep != NULL && run->keep->month == m)
            ok = forecast_sample_copy(&run->keep->states[s], &sample, sample.worker_count);
    }
    if (!ok && error[0] == '\0')
        snprintf(error, error_size, "out of memory in sample %d", s + 1);
    mem_free(load);
    forecast_sample_free(&sample);
    return ok;
}

/* ---------------------------------------------------------------------------
 * Samples on threads and their summary
 * ------------------------------------------------------------------------- */

static void *sample_thread(void *argument)
{
    struct run *run = argument;
    char error[512];
    while (!atomic_load(&run->failed)) {
        int s = atomic_fetch_add(&run->next_sample, 1);
        if (s >= run->world.spec->samples)
            break;
        error[0] = '\0';
        if (!run_sample(run, s, error, sizeof error)) {
            pthread_mutex_lock(&run->lock);
            if (!atomic_load(&run->failed))
                snprintf(run->error, sizeof run->error, "%s", error);
            atomic_store(&run->failed, true);
            pthread_mutex_unlock(&run->lock);
        }
        atomic_fetch_add(&run->done, 1);
    }
    solve_thread_end(); /* the placements' solver state of this thread */
    return NULL;
}

/* Run every sample on `threads` threads; the calling thread shows progress. */
static bool run_samples(struct run *run, int threads)
{
    pthread_t handles[MAX_THREADS];
    int started = 0;
    if (threads > run->world.spec->samples)
        threads = run->world.spec->samples;
    for (int t = 0; t < threads; t++)
        if (pthread_create(&handles[started], NULL, sample_thread, run) == 0)
            started++;
    if (started == 0)
        sample_thread(run);
    double start = clock_seconds(), shown = start;
    int samples = run->world.spec->samples;
    const struct progress *progress = run->world.options->progress;
    while (started > 0 && atomic_load(&run->done) < samples && !atomic_load(&run->failed)) {
        struct timespec pause = {0, 100 * 1000 * 1000};
        nanosleep(&pause, NULL);
        if (progress_on(progress) && clock_seconds() - shown >= 0.5) {
            shown = clock_seconds();
            progress_status(progress, "forecast: %d of %d samples, %.0f s", atomic_load(&run->done),
                            samples, shown - start);
        }
    }
    for (int t = 0; t < started; t++)
        pthread_join(handles[t], NULL);
    /* a line that stays, also when stopped: an error message then starts a line of its own */
    progress_line(progress, "forecast: %d of %d samples, %.1f s", atomic_load(&run->done),
                  samples, clock_seconds() - start);
    return !atomic_load(&run->failed);
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
                      const int *workers, int *scratch)
{
    double sum = 0, sum_capacity = 0, sum_over = 0, sum_excess = 0, sum_unassigned = 0, risky = 0;
    double sum_workers = 0;
    for (int s = 0; s < samples; s++) {
        size_t at = (size_t)s * stride;
        scratch[s] = counted[at];
        sum += counted[at];
        sum_capacity += capacity[at];
        sum_over += over[at];
        sum_excess += excess[at];
        sum_unassigned += unassigned != NULL ? unassigned[at] : 0;
        risky += over[at] > 0;
        sum_workers += workers[at];
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
    cell->workers = sum_workers / samples;
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
    mem_free(result->hire_list);
    memset(result, 0, sizeof *result);
}

static int online_threads(const struct forecast_options *options)
{
    if (options->threads > 0)
        return options->threads < MAX_THREADS ? options->threads : MAX_THREADS;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : (int)cores;
}

/* The run's workers (the spec's, then the hires, named TEAM/hire-K into hire_ids),
 * its dates and census months into `result`. False when memory runs out. */
static bool run_prepare(struct run *run, const struct forecast_hire *hires, int hire_count,
                        struct forecast_result *result, char (**hire_ids)[160])
{
    const struct instance *instance = run->world.instance;
    const struct forecast_spec *spec = run->world.spec;
    int months = spec->months, teams = instance->team_count;
    run->world.worker_count = spec->worker_count + hire_count;
    run->workers = mem_alloc(((size_t)run->world.worker_count + 1) * sizeof *run->workers);
    run->hire_start = mem_alloc(((size_t)hire_count + 1) * sizeof *run->hire_start);
    result->dates = mem_alloc(((size_t)months + 1) * sizeof *result->dates);
    result->census = mem_calloc((size_t)months + 1, sizeof *result->census);
    result->census_dates = mem_calloc((size_t)months + 1, sizeof *result->census_dates);
    result->census_months = mem_calloc((size_t)months + 1, sizeof *result->census_months);
    result->hires = mem_calloc((size_t)teams + 1, sizeof *result->hires);
    result->hire_list = mem_alloc(((size_t)hire_count + 1) * sizeof *result->hire_list);
    bool ok = run->workers != NULL && run->hire_start != NULL && result->dates != NULL &&
              result->census != NULL && result->census_dates != NULL && result->census_months != NULL &&
              result->hires != NULL && result->hire_list != NULL;
    if (ok && hire_count > 0) {
        *hire_ids = mem_alloc((size_t)hire_count * sizeof **hire_ids);
        ok = *hire_ids != NULL;
    }
    if (!ok)
        return false;
    memcpy(run->workers, spec->workers, (size_t)spec->worker_count * sizeof *run->workers);
    result->hire_count = hire_count;
    for (int k = 0; k < hire_count; k++) {
        int t = hires[k].team;
        char *id = (*hire_ids)[k];
        result->hire_list[k] = hires[k];
        snprintf(id, sizeof **hire_ids, "%.120s/hire-%d", instance->teams[t].id, ++result->hires[t]);
        run->workers[spec->worker_count + k] = (struct forecast_worker){
            .id = id, .team = t, .fte = 1.0, .accepts_new = true, .max_new = -1, .active = false};
        run->hire_start[k] = hires[k].start;
    }
    for (int m = 0; m <= months; m++) {
        result->dates[m] = date_add_months(instance->date, m);
        int month = result->dates[m].month;
        if (m >= 1 && (month == 4 || month == 10)) {
            result->census[m] = true;
            result->census_dates[result->census_count] = date_second_tuesday(result->dates[m].year, month);
            result->census_months[result->census_count++] = m;
        }
    }
    run->world.workers = run->workers;
    run->world.hire_start = run->hire_start;
    run->world.dates = result->dates;
    run->census_months = result->census_months;
    run->census_count = result->census_count;
    return true;
}

/* The tallies of every sample, zeroed. False when memory runs out. */
static bool run_allocate_tallies(struct run *run)
{
    const struct forecast_spec *spec = run->world.spec;
    size_t rows = (size_t)spec->samples * (size_t)(spec->months + 1);
    size_t cells = rows * (size_t)run->world.instance->team_count;
    struct tallies *tallies = &run->tallies;
    bool ok = true;
    for (int kind = 0; kind < TEAM_TALLY_KINDS; kind++)
        ok = (tallies->team[kind] = mem_calloc(cells + 1, sizeof(int))) != NULL && ok;
    for (int kind = 0; kind < TALLY_KINDS; kind++)
        ok = (tallies->county[kind] = mem_calloc(rows + 1, sizeof(int))) != NULL && ok;
    tallies->worker_over = mem_calloc((size_t)spec->samples * (size_t)(run->census_count + 1) *
                                          (size_t)run->world.worker_count + 1, sizeof(bool));
    return ok && tallies->worker_over != NULL;
}

double forecast_tally_bytes(const struct forecast_spec *spec, int team_count, int census_count, int worker_count)
{
    double rows = (double)spec->samples * (spec->months + 1);
    return rows * ((double)TEAM_TALLY_KINDS * team_count + TALLY_KINDS) * sizeof(int) +
           (double)spec->samples * (census_count + 1) * worker_count * sizeof(bool);
}

/* Every sample on threads. False with the reason in `error`. */
static bool run_threads(struct run *run, char *error, size_t error_size)
{
    if (pthread_mutex_init(&run->lock, NULL) != 0) {
        snprintf(error, error_size, "cannot create a lock");
        return false;
    }
    atomic_init(&run->next_sample, 0);
    atomic_init(&run->done, 0);
    atomic_init(&run->failed, false);
    bool ok = run_samples(run, online_threads(run->world.options));
    if (!ok)
        snprintf(error, error_size, "%s", run->error);
    pthread_mutex_destroy(&run->lock);
    return ok;
}

/* The tallies summarised into `result`, in a fixed order. False when memory runs out. */
static bool run_summarise(const struct run *run, struct forecast_result *result)
{
    int months = run->world.spec->months, teams = run->world.instance->team_count;
    int samples = run->world.spec->samples, workers = run->world.worker_count;
    result->months = months;
    result->samples = samples;
    result->team_count = teams;
    result->worker_count = workers;
    int *scratch = mem_alloc(((size_t)samples + 1) * sizeof(int));
    result->county = mem_calloc((size_t)months + 1, sizeof *result->county);
    result->teams = mem_calloc((size_t)(months + 1) * (size_t)teams + 1, sizeof *result->teams);
    result->worker_census_risk =
        mem_calloc((size_t)workers * (size_t)(result->census_count + 1) + 1, sizeof(double));
    result->worker_seen = mem_calloc((size_t)workers + 1, sizeof(bool));
    bool ok = scratch != NULL && result->county != NULL && result->teams != NULL &&
              result->worker_census_risk != NULL && result->worker_seen != NULL;
    for (int m = 0; ok && m <= months; m++) {
        size_t row_stride = (size_t)(months + 1);
        int *const *county = run->tallies.county, *const *team = run->tallies.team;
        summarise(&result->county[m], samples, row_stride, &county[TALLY_COUNTED][m],
                  &county[TALLY_CAPACITY][m], &county[TALLY_OVER][m], &county[TALLY_EXCESS][m],
                  &county[TALLY_UNASSIGNED][m], &county[TALLY_WORKERS][m], scratch);
        for (int t = 0; t < teams; t++) {
            size_t first = (size_t)m * (size_t)teams + (size_t)t;
            size_t stride = row_stride * (size_t)teams;
            summarise(&result->teams[(size_t)m * (size_t)teams + (size_t)t], samples, stride,
                      &team[TALLY_COUNTED][first], &team[TALLY_CAPACITY][first], &team[TALLY_OVER][first],
                      &team[TALLY_EXCESS][first], NULL, &team[TALLY_WORKERS][first], scratch);
        }
    }
    for (int k = 0; ok && k < result->census_count; k++)
        for (int w = 0; w < workers; w++) {
            int over = 0;
            for (int s = 0; s < samples; s++)
                over += run->tallies.worker_over[((size_t)s * (size_t)result->census_count + (size_t)k) *
                                             (size_t)workers + (size_t)w];
            result->worker_census_risk[(size_t)w * (size_t)result->census_count + (size_t)k] =
                (double)over / samples;
        }
    /* a worker is listed when it works at month 0 or is started by an event or a hire */
    for (int w = 0; ok && w < workers; w++)
        result->worker_seen[w] = true;
    mem_free(scratch);
    return ok;
}

static void run_free(struct run *run)
{
    mem_free(run->workers);
    mem_free(run->hire_start);
    tallies_free(&run->tallies);
}

void forecast_prefix_free(struct forecast_prefix *prefix)
{
    if (prefix == NULL)
        return;
    for (int s = 0; prefix->states != NULL && s < prefix->samples; s++)
        forecast_sample_free(&prefix->states[s]);
    mem_free(prefix->states);
    tallies_free(&prefix->tallies);
    mem_free(prefix);
}

/* One run: from a prefix (may be NULL), keeping one (may be NULL). */
static bool run_planned(const struct instance *instance, const struct forecast_spec *spec,
                        const struct forecast_hire *hires, int hire_count, const int *month0,
                        const struct forecast_options *options, const struct forecast_prefix *from,
                        struct forecast_prefix *keep, struct forecast_result *result, char *error,
                        size_t error_size)
{
    memset(result, 0, sizeof *result);
    struct run run;
    memset(&run, 0, sizeof run);
    run.world.instance = instance;
    run.world.spec = spec;
    run.world.options = options;
    run.world.month0_worker = month0;
    run.from = from;
    run.keep = keep;
    char (*hire_ids)[160] = NULL;
    bool ok = run_prepare(&run, hires, hire_count, result, &hire_ids) && run_allocate_tallies(&run);
    if (!ok)
        snprintf(error, error_size, "out of memory");
    ok = ok && run_threads(&run, error, error_size);
    if (ok && !run_summarise(&run, result)) {
        snprintf(error, error_size, "out of memory");
        ok = false;
    }
    if (ok && keep != NULL) {
        keep->tallies = run.tallies; /* moved: the run keeps none */
        memset(&run.tallies, 0, sizeof run.tallies);
    }
    mem_free(hire_ids);
    run_free(&run);
    if (!ok)
        forecast_result_free(result);
    return ok;
}

bool forecast_run_keeping(const struct instance *instance, const struct forecast_spec *spec,
                          const int *month0, const struct forecast_options *options, int month,
                          struct forecast_prefix **prefix, struct forecast_result *result, char *error,
                          size_t error_size)
{
    *prefix = NULL;
    struct forecast_prefix *keep = mem_calloc(1, sizeof *keep);
    if (keep != NULL) {
        keep->month = month < 0 ? 0 : month > spec->months ? spec->months : month;
        keep->samples = spec->samples;
        keep->states = mem_calloc((size_t)spec->samples + 1, sizeof *keep->states);
    }
    if (keep == NULL || keep->states == NULL) {
        forecast_prefix_free(keep);
        memset(result, 0, sizeof *result);
        snprintf(error, error_size, "out of memory");
        return false;
    }
    bool ok = run_planned(instance, spec, NULL, 0, month0, options, NULL, keep, result, error, error_size);
    if (ok)
        *prefix = keep;
    else
        forecast_prefix_free(keep);
    return ok;
}

bool forecast_run_planned(const struct instance *instance, const struct forecast_spec *spec,
                          const struct forecast_hire *hires, int hire_count, const int *month0,
                          const struct forecast_options *options, const struct forecast_prefix *from,
                          struct forecast_result *result, char *error, size_t error_size)
{
    for (int k = 0; from != NULL && k < hire_count; k++)
        if (hires[k].start <= from->month)
            from = NULL; /* a hire working by then: the months kept are not this run's */
    if (from != NULL && from->samples != spec->samples)
        from = NULL;
    return run_planned(instance, spec, hires, hire_count, month0, options, from, NULL, result, error,
                       error_size);
}

bool forecast_run(const struct instance *instance, const struct forecast_spec *spec,
                  const int *hires, const struct forecast_options *options,
                  struct forecast_result *result, bool *no_plan, char *error, size_t error_size)
{
    *no_plan = false;
    memset(result, 0, sizeof *result);
    int total = 0;
    for (int t = 0; hires != NULL && t < instance->team_count; t++)
        total += hires[t];
    int *month0 = mem_alloc(((size_t)instance->child_count + 1) * sizeof(int));
    struct forecast_hire *list = mem_alloc(((size_t)total + 1) * sizeof *list);
    if (month0 == NULL || list == NULL) {
        mem_free(month0);
        mem_free(list);
        snprintf(error, error_size, "out of memory");
        return false;
    }
    int count = 0;
    for (int t = 0; hires != NULL && t < instance->team_count; t++)
        for (int k = 0; k < hires[t]; k++)
            list[count++] = (struct forecast_hire){.team = t, .start = spec->lead_months};
    bool ok = forecast_sample_plan_month0(instance, options, month0, no_plan, error, error_size) &&
              forecast_run_planned(instance, spec, list, count, month0, options, NULL, result, error, error_size);
    mem_free(month0);
    mem_free(list);
    return ok;
}

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
