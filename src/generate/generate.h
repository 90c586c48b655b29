/* generate.h - deterministic generator of realistic caseload-instance/1 files, from one synthetic county up to national scale, and the calibrated county presets. */
#ifndef CASELOAD_GENERATE_H
#define CASELOAD_GENERATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The calibrated counties (instances/README.md says what each number rests on). */
enum generate_preset {
    GENERATE_SYNTHETIC,   /* no preset: counties made up from the options */
    GENERATE_KESKI_SUOMI, /* "keski-suomi": Keski-Suomi, October 2024, cap 30 */
    GENERATE_KYMENLAAKSO  /* "kymenlaakso": Kymenlaakso open care, October 2023, cap 35 */
};

/* What to generate. Take the defaults from generate_default_options and change the
 * fields you need. The same options give the same bytes on every machine. With a
 * preset, only `seed` is used: the preset fixes everything it is calibrated to. */
struct generate_options {
    uint64_t seed;               /* seed of the pseudo-random generator (default 1) */
    enum generate_preset preset; /* a calibrated county, or GENERATE_SYNTHETIC (default) */
    int counties;              /* counties, each with its own municipalities, teams and workers (default 1) */
    int municipalities;        /* municipalities per county (default 14) */
    int open_care_teams;       /* regional open-care (avohuolto) teams per county (default 7) */
    int substitute_care_teams; /* central substitute-care (sijaishuolto) teams per county (default 2) */
    int aftercare_teams;       /* central aftercare (jälkihuolto) teams per county (default 1) */
    int workers_per_team;      /* workers per team, on average over a county's open-care teams (default 10) */
    double load;               /* clients per FTE relative to the legal cap; aftercare: to its team target (default 0.95) */
    double intake;             /* share of families that are new intake, without a worker (default 0.03) */
    double siblings;           /* share of open- and substitute-care children with a sibling among the clients (default 0.45) */
    double adults;             /* share of aftercare clients who are adults, 18+ and not counted (default 0.9) */
    double part_time;          /* share of workers who work part-time, FTE 0.5-0.8 (default 0.08) */
    double leaving;            /* share of workers who are leaving, so their children must move (default 0.03) */
    /* Counties under strain (issue 14); the defaults leave the output unchanged. */
    double load_spread;        /* open-care team loads spread evenly over load ± this, children drawn per team (default 0: by population) */
    int hiring_teams;          /* teams sharing the big town that may hire one worker (default 0) */
    int hires_per_team;        /* hires each hiring team may open, 0: one (default 0) */
    int hiring_outside;        /* open-care teams outside the big town that may hire too (default 0) */
    int distances;             /* 1: write a road-distance table from each office to its county's municipalities (default 0) */
    double locked;             /* share of children with a staying worker who must keep that worker (default 0.02) */
    double central_load;       /* load of substitute-care and aftercare teams, 0: the same as load (default 0) */
    char date[11];             /* plan date YYYY-MM-DD; decides the cap, 35 before 2024 and 30 after (default "2024-10-08") */
    int recruit_month;         /* --months: the history month (1, 2 ...) in which one recruit of FTE 1 joins
                                * each open-care team; 0: none (default) */
};

/* Fill `options` with the defaults: one synthetic county of 100 workers and about
 * 3,000 clients; with counties = 21 the national scale (about 2,100 workers and
 * 60,000 clients). Cannot fail. */
void generate_default_options(struct generate_options *options);

/* Setters for the command line; each returns false, leaving `options` unchanged,
 * when the value is not acceptable. generate_set_preset takes "keski-suomi" or
 * "kymenlaakso"; generate_set_date a calendar date YYYY-MM-DD; generate_set_number
 * an option by its flag name without dashes: "seed", "counties", "municipalities",
 * "teams" (open-care teams), "substitute-teams", "aftercare-teams",
 * "workers-per-team" (whole numbers), "load", "intake", "siblings", "adults",
 * "part-time", "leaving", "load-spread" (0-1), "hiring-teams" (0-30), "hires-per-team" (0-20),
 * "hiring-outside" (0-30), "distances" (0 or 1), "locked", "central-load" (0: as load),
 * "recruit-month" (0-120) (numbers in the ranges generate_check_options accepts). */
bool generate_set_preset(struct generate_options *options, const char *name);
bool generate_set_date(struct generate_options *options, const char *text);
bool generate_set_number(struct generate_options *options, const char *name, double value);

/* Check the options without generating anything: counts at least 1 (teams of a
 * service may be 0 except open care), shares in [0, 1], load in (0, 3], a date on
 * the calendar, a known preset, and a national-scale ceiling on the sizes. Returns
 * false with the reason (naming the offending option) in `error`. */
bool generate_check_options(const struct generate_options *options, char *error, size_t size);

/* Write a caseload-instance/1 JSON document to `out`, streaming it: memory grows
 * with the number of workers and municipalities, not children. Returns false with
 * a reason in `error` when the options are invalid, memory runs out or writing
 * fails; `out` may then hold a partial document (write to a temporary file and
 * rename, as fileio does). Never prints anything else, never closes `out`. */
bool generate_instance(const struct generate_options *options, FILE *out, char *error, size_t size);

/* The process of `--months` (the stated rates): monthly closure per service
 * (avohuolto, sijaishuolto, jalkihuolto), family sizes of 1, 2, 3, 4 children,
 * and per (service, municipality) the intake that replaces the closures of the
 * generated county's clients (forecast_spec_steady). */
extern const double generate_history_closure[3];
extern const double generate_history_family_sizes[4];

/* Generate the instance of `options`, then write `months` monthly snapshots of
 * the forecast's process run from it with the rates above into `folder`
 * (month-01.json ..., and rates.json: a caseload-forecast/1 stating the rates and
 * naming the snapshots as its history). Returns false with a reason in `error`. */
bool generate_history_write(const struct generate_options *options, int months, const char *folder,
                            char *error, size_t size);

#endif
