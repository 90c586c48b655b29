/* forecast_types.h - the plain types of a forecast run (DESIGN.md §6 "Output"):
 * its settings and its result, shared by every file of src/forecast (a header
 * alone: the files that fill and read them declare their own functions). */
#ifndef CASELOAD_FORECAST_TYPES_H
#define CASELOAD_FORECAST_TYPES_H

#include <signal.h>
#include <stdbool.h>

#include "base/common.h"
#include "base/date.h"

/* Settings of a run. */
struct forecast_options {
    int threads;                        /* samples run at once; 0: the online cores (at most 64) */
    const struct progress *progress;    /* the sample counter while running (NULL: none) */
    double plan_time_limit;             /* seconds for the month-0 plan (default 60) */
    volatile sig_atomic_t *interrupted; /* stop early when nonzero (may be NULL) */
    double deadline;                    /* clock_seconds() by which every sample must be done
                                         * (--time-limit of the whole command); 0: none */
};

/* A hire of `size -f`: a worker of FTE 1 in `team` from month `start` on. */
struct forecast_hire {
    int team;
    int start;
};

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
    double workers;           /* working workers (mean): workers_over_cap / workers is the share
                               * of workers over the cap */
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
    int *hires;                      /* team_count: hires (size -f), owned */
    int hire_count;
    struct forecast_hire *hire_list; /* hire_count, by team then start month, owned */
};

#endif
