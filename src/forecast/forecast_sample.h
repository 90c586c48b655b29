/* forecast_sample.h - one sample of the forecast's process (DESIGN.md §6): its
 * clients and workers, what every sample of a run shares, the law's count on a
 * month's date, and the month-0 plan every sample starts from. Internal to
 * src/forecast: the month step (forecast_month.h) changes a sample, the run
 * (forecast.h) tallies it. */
#ifndef CASELOAD_FORECAST_SAMPLE_H
#define CASELOAD_FORECAST_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/random.h"
#include "core/instance.h"
#include "forecast/forecast_types.h"
#include "io/forecast_read.h"

/* A client of the sample. Clients of the instance keep their index (origin);
 * new ones are numbered from 1 (serial). */
struct forecast_client {
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

/* One sample's state: owned by the thread that runs it. */
struct forecast_sample {
    struct forecast_client *clients;
    int client_count, client_capacity;
    int family_count;  /* families so far, instance's included */
    int intake_serial;
    struct forecast_worker *workers; /* the world's workers, with their state */
    int worker_count;
    struct random_xoshiro rng;
};

/* What every sample of a run shares, read only while samples run. */
struct forecast_world {
    const struct instance *instance;
    const struct forecast_spec *spec;
    const struct forecast_options *options;
    const struct forecast_worker *workers; /* spec workers then hires: each sample's template */
    int worker_count;
    const int *month0_worker;              /* per instance child: forecast worker after the plan, or -1 */
    const struct date *dates;              /* months + 1: each month's date */
    const int *hire_start;                 /* per hire (worker spec->worker_count + k): the month
                                            * it starts working; NULL without hires */
};

/* The full-time legal cap on `date`: rules.cap when the file gave it, else the
 * law's cap of that date (35 before 2024, 30 from 2024). */
int forecast_sample_cap(const struct instance *instance, struct date date);
/* Whether a client counts toward its worker's cap on `date` (under 18). */
bool forecast_sample_counted(const struct forecast_client *client, struct date date);

/* Month 0 of sample `index`: the instance after its plan (world->month0_worker),
 * the world's workers (hires whose start month is 0 working from the start), the
 * sample's own random stream. False when memory runs out; free it either way. */
bool forecast_sample_start(struct forecast_sample *sample, const struct forecast_world *world, int index);
/* Room for `extra` more clients; false when memory runs out. */
bool forecast_sample_reserve(struct forecast_sample *sample, int extra);
/* *copy made a copy of `sample` with room for `worker_count` workers (at least
 * sample's; those beyond its own for the caller to fill and count). False when
 * memory runs out; free the copy either way. */
bool forecast_sample_copy(struct forecast_sample *copy, const struct forecast_sample *sample, int worker_count);
/* Free what the sample owns and zero it; a zeroed sample is fine. */
void forecast_sample_free(struct forecast_sample *sample);

/* The month-0 plan: the instance solved by §2 without hires (the forecast's
 * workers are the instance's; hiring is what `size -f` sizes); month0[c] gets
 * child c's worker, or -1. Returns false with a reason in `error`, *no_plan set
 * when the solver found no plan. */
bool forecast_sample_plan_month0(const struct instance *instance, const struct forecast_options *options,
                                 int *month0, bool *no_plan, char *error, size_t error_size);

#endif
