/* forecast_process.h - what the files of the forecast share (not a public
 * interface): one sample's state, what all samples of a run share, and the steps
 * each file provides. forecast.c: the month-by-month process of one sample;
 * forecast_place.c: its placement step; forecast_sample.c: the samples on threads,
 * their summary and the sizing; forecast_spec.c: the caseload-forecast/1 file and
 * the rates. */
#ifndef CASELOAD_FORECAST_PROCESS_H
#define CASELOAD_FORECAST_PROCESS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/random.h"
#include "forecast/forecast.h"

/* A client of the sample. Clients of the instance keep their index (origin);
 * new ones are numbered from 1 (serial). */
struct client {
    int origin;       /* instance child index, -1 for intake */
    int serial;       /* intake number, 0 for the instance's clients */
    int family;       /* instance family index, or family_count + intake family number */
    int service;
    int municipality;
    bool born_given;
    int born_year, born_month;
    int worker;       /* forecast worker index, -1 without one */
    double weight;
};

struct sample {
    struct client *clients;
    int client_count, client_capacity;
    int family_count;  /* families so far, instance's included */
    int intake_serial;
    struct forecast_worker *workers; /* the spec's workers and hires, with their state */
    int worker_count;
    struct random_xoshiro rng;
};

/* What is shared by all samples of a run. */
struct run_context {
    const struct instance *instance;
    const struct forecast_spec *spec;
    const struct forecast_options *options;
    struct forecast_worker *workers; /* spec workers then hires: template for each sample */
    int worker_count;
    const int *month0_worker;        /* per instance child: forecast worker after the plan, or -1 */
    struct date *dates;
    /* tallies, per sample s, month m, team t: [((s * (months + 1)) + m) * teams + t] */
    int *team_counted, *team_capacity, *team_over, *team_excess;
    int *county_counted, *county_capacity, *county_over, *county_excess, *county_unassigned;
    bool *worker_over;               /* [(s * census_count + k) * worker_count + w] */
    int *census_months;
    int census_count;
    atomic_int next_sample;
    atomic_int done;
    atomic_bool failed;
    pthread_mutex_t lock;
    char error[512];
};

/* The full-time legal cap on `date`: rules.cap when the file gave it, else the
 * law's cap of that date (35 before 2024, 30 from 2024). */
int forecast_cap_on(const struct instance *instance, struct date date);
/* Whether a client counts toward its worker's cap on `date` (under 18). */
bool forecast_client_counted(const struct client *client, struct date date);

/* Step 5 (forecast_place.c): place the sample's clients without a worker on `date`.
 * Returns false with a reason in `error` (out of memory, the solver failed). */
bool forecast_place_clients(struct sample *sample, const struct run_context *context, struct date date,
                            char *error, size_t error_size);

/* One sample s of the run, months 1 .. months, its tallies recorded in `context`
 * (forecast.c). Returns false with a reason in `error`. */
bool forecast_run_sample(struct run_context *context, int s, char *error, size_t error_size);

/* The month-0 plan (forecast_sample.c): the instance solved by §2 without hires;
 * month0[c] gets child c's worker, or -1. */
bool forecast_plan_month0(const struct instance *instance, const struct forecast_options *options,
                          int *month0, bool *no_plan, char *error, size_t error_size);

#endif
