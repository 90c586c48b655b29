/* forecast_read.h - a caseload-forecast/1 file (DESIGN.md §6 "Forecast") read and
 * checked against its instance into plain structs. The forecast layer gives them
 * their meaning: forecast/forecast_spec.h estimates the rates the file leaves out,
 * forecast/forecast.h runs the process. */
#ifndef CASELOAD_FORECAST_READ_H
#define CASELOAD_FORECAST_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/common.h"
#include "core/instance.h"

#define FORECAST_MAX_MONTHS 120
#define FORECAST_MAX_SAMPLES 100000
#define FORECAST_MAX_FAMILY_SIZE 12

/* Monthly rates of the process. intake[s * municipality_count + m] is the mean
 * number of new families of service s in municipality m per month (instance
 * municipality numbering); closure[s] the monthly probability that a client of
 * service s closes; family_sizes[k] the probability of a family of k + 1 children.
 * The *_estimated flags say which came from the history rather than the file. */
struct forecast_rates {
    int municipality_count;
    double *intake;              /* SERVICE_COUNT * municipality_count, owned */
    bool *intake_estimated;      /* same shape, owned */
    bool *intake_given;          /* same shape, owned: the file named this pair */
    double closure[SERVICE_COUNT];
    bool closure_known[SERVICE_COUNT];
    bool closure_estimated[SERVICE_COUNT];
    double family_sizes[FORECAST_MAX_FAMILY_SIZE];
    int family_size_count;       /* 0: unknown */
    bool family_sizes_estimated;
};

/* A worker the forecast knows: the instance's workers first (same indices), then
 * those first named by an event's add_workers, then the hires of `size -f`. */
struct forecast_worker {
    char *id;            /* owned */
    int team;            /* instance team index */
    double fte;
    bool accepts_new;
    int max_new;         /* -1: none */
    bool active;         /* works at month 0 (after the plan) */
};

/* An event of month `month` (1..months): worker `worker` leaves, or starts (or
 * returns) with the given team, FTE, accepts_new and max_new. */
struct forecast_event {
    int month;
    int worker;
    bool leave;
    int team;
    double fte;
    bool accepts_new;
    int max_new;
};

/* A loaded caseload-forecast/1, checked against its instance. */
struct forecast_spec {
    char *name;            /* owned; the file's name or its base name */
    int months;            /* horizon, default 12 */
    int samples;           /* default 200 */
    uint64_t seed;         /* default 1 */
    double risk;           /* default 0.1 */
    int lead_months;       /* default 4 */
    char **history;        /* paths resolved against the forecast file's folder, owned */
    int history_count;
    struct forecast_rates rates; /* as given, then completed by forecast_spec_estimate_rates */
    bool intake_listed;    /* the file has "intake" */
    struct forecast_event *events;
    int event_count;
    struct forecast_worker *workers; /* instance workers, then event workers */
    int worker_count;
};

/* Read the forecast file `path` ("-": standard input) for `instance` (after its
 * scenario). Checks every key (unknown keys are errors), the ranges, events (month
 * within the horizon, known workers and teams) and intake entries against the
 * instance. Returns a new spec the caller frees with forecast_read_free, or NULL
 * with the errors in `diag` (diag->count == 0: out of memory). */
struct forecast_spec *forecast_read_load(const char *path, const struct instance *instance,
                                         struct diag *diag);
/* forecast_read_load of `length` bytes of `text`; `path` names the file in
 * messages and is the folder history paths are relative to. */
struct forecast_spec *forecast_read_parse(const char *text, size_t length, const char *path,
                                          const struct instance *instance, struct diag *diag);
/* Free a spec and everything it owns; NULL is fine. */
void forecast_read_free(struct forecast_spec *spec);

/* Append the instance's workers to spec->workers (as the forecast's first workers,
 * the same indices, active unless leaving). False when memory runs out. */
bool forecast_read_instance_workers(struct forecast_spec *spec, const struct instance *instance);

#endif
