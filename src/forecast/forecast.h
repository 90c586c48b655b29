/* forecast.h - the months ahead (DESIGN.md §6): the caseload-forecast/1 file, the
 * month-by-month process of one sample, the Monte Carlo over samples on threads,
 * and the sizing of recruitment against the forecast (`size -f`). */
#ifndef CASELOAD_FORECAST_H
#define CASELOAD_FORECAST_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

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
    struct forecast_rates rates; /* as given, then completed by forecast_estimate_rates */
    bool intake_listed;    /* the file has "intake" */
    struct forecast_event *events;
    int event_count;
    struct forecast_worker *workers; /* instance workers, then event workers */
    int worker_count;
};

/* Read the forecast file `path` for `instance` (after its scenario). Checks every
 * key (unknown keys are errors), the ranges, events (month within the horizon,
 * known workers and teams) and intake entries against the instance. Returns a new
 * spec the caller frees with forecast_spec_free, or NULL with the errors in `diag`
 * (diag->count == 0: out of memory). */
struct forecast_spec *forecast_load(const char *path, const struct instance *instance,
                                    struct diag *diag);
struct forecast_spec *forecast_parse(const char *text, size_t length, const char *path,
                                     const struct instance *instance, struct diag *diag);
void forecast_spec_free(struct forecast_spec *spec);

/* Complete spec->rates from the history snapshots (loaded in order; errors in
 * `diag` name the forecast file and "history[i]", or the snapshot file itself):
 * snapshots out of date order or sharing no id with the instance, and any rate
 * that is neither given nor estimable, are errors. Returns false with the errors
 * in `diag`. */
bool forecast_estimate_rates(struct forecast_spec *spec, const struct instance *instance,
                             struct diag *diag);

/* Settings of a run. */
struct forecast_options {
    int threads;                        /* samples run at once; 0: the online cores (at most 64) */
    const struct progress *progress;    /* the sample counter while running (NULL: none) */
    double plan_time_limit;             /* seconds for the month-0 plan (default 60) */
    volatile sig_atomic_t *interrupted; /* stop early when nonzero (may be NULL) */
    double deadline;                    /* clock_seconds() by which every sample must be done
                                         * (--time-limit of the whole command); 0: none */
};
void forecast_default_options(struct forecast_options *options);

/* Counted children of a team (or the county) in one month over the samples. */
struct forecast_band {
    double mean;
    int p10, p50, p90;
};

struct forecast_cell {
    struct forecast_band counted;
    double capacity;          /* Σ cap(w) of working workers (mean over samples) */
    double workers_over_cap;  /* mean */
    double children_over_cap; /* mean of Σ max(0, counted(w) - cap(w)) */
    double unassigned;        /* mean of clients without a worker (county only) */
    double risk;              /* share of samples with at least one worker over the cap */
};

/* The result of a forecast. Month m = 0 .. months. */
struct forecast_result {
    int months, samples, team_count, worker_count;
    struct date *dates;              /* months + 1 */
    bool *census;                    /* months + 1: the month holds a THL census date */
    struct date *census_dates;       /* per census month, the second Tuesday */
    int *census_months;              /* the census months, census_count of them */
    int census_count;
    struct forecast_cell *county;    /* months + 1 */
    struct forecast_cell *teams;     /* (months + 1) * team_count, month-major */
    double *worker_census_risk;      /* worker_count * census_count */
    bool *worker_seen;               /* worker_count: worked at some census date */
    int *hires;                      /* team_count: hires joining at lead_months (size -f), owned */
};

/* Run the forecast: the month-0 plan, then spec->samples samples of spec->months
 * months, with `hires` (team_count entries, may be NULL) extra workers of FTE 1
 * per team from month lead_months. Rates must be complete. The result is the same
 * for the same spec whatever options->threads. Returns false with a reason in
 * `error` (no_plan set when the month-0 plan found none). */
bool forecast_run(const struct instance *instance, const struct forecast_spec *spec,
                  const int *hires, const struct forecast_options *options,
                  struct forecast_result *result, bool *no_plan, char *error, size_t error_size);
void forecast_result_free(struct forecast_result *result);

/* The sizing of `size -f`. */
struct forecast_sizing {
    int team_count;
    int *hires;              /* recommended hires per team */
    bool *reachable;         /* false: even max_search hires keep the risk above the limit */
    int *first_month;        /* per team: first month >= lead_months whose risk exceeds the
                              * limit without hires, -1 when none */
    double *first_risk;      /* that month's risk */
    double *one_fewer_risk;  /* per team with hires: the highest risk of any team in any month
                              * from lead_months with one hire fewer in this team; -1 without hires */
    struct forecast_result without, with; /* forecasts without and with the hires */
    int runs;                /* forecasts run */
};

/* Fewest hires per team so that every month from lead_months on has team risk at
 * most spec->risk: hires are added one per failing team and round, then each team's
 * count is lowered while the limit still holds (common random numbers: the same
 * seed in every run). Returns false with a reason in `error`. */
bool forecast_size(const struct instance *instance, const struct forecast_spec *spec,
                   const struct forecast_options *options, struct forecast_sizing *sizing,
                   bool *no_plan, char *error, size_t error_size);
void forecast_sizing_free(struct forecast_sizing *sizing);

/* The highest team risk over months lead_months .. months (0 when none). */
double forecast_team_max_risk(const struct forecast_result *result, int team, int lead_months);


/* A spec with the steady-state rates of `instance`: the given monthly closure per
 * service, family sizes, and per (service, municipality) the intake that replaces
 * the closures of its clients (closure x clients / mean family size); 12 months,
 * 200 samples, seed `seed`. NULL when memory runs out or the sizes are invalid. */
struct forecast_spec *forecast_spec_steady(const struct instance *instance,
                                           const double closure[SERVICE_COUNT],
                                           const double *family_sizes, int family_size_count,
                                           uint64_t seed);

/* The names of every file a history folder may hold (month-01.json ...
 * month-120.json, rates.json), NULL-terminated, static: the folder transaction
 * replaces a folder of only these (io/fileio.h). */
const char *const *forecast_history_file_names(void);

/* Write a history of `months` monthly snapshots of the process from `instance`
 * (snapshot 1 is the planned instance, snapshot k the state after k - 1 months) and
 * a caseload-forecast/1 file stating the rates, into the folder `folder` (created
 * when missing): month-01.json ... and rates.json. Every file is written atomically
 * with mode 0600. Returns false with a reason in `error`. */
bool forecast_write_history(const struct instance *instance, const struct forecast_spec *spec,
                            int months, const char *folder, char *error, size_t error_size);

#endif
