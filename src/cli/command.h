/* command.h - what the files of the command line share: the exit codes of
 * DESIGN.md §4, the parsed command line, and the context a command runs in. Part
 * of the caseload binary, not of the library: the command line calls the library
 * only through include/caseload.h. Types only (no .c of its own). */
#ifndef CASELOAD_CLI_COMMAND_H
#define CASELOAD_CLI_COMMAND_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "caseload.h"

/* The name of the program in every message. */
#define CLI_PROGRAM "caseload"

/* Process exit codes (DESIGN.md §4). */
enum cli_exit {
    EXIT_DONE = 0,       /* done */
    EXIT_VIOLATIONS = 1, /* `check` found a worker over the cap */
    EXIT_USAGE = 2,      /* usage error */
    EXIT_INPUT = 3,      /* invalid input: file, JSON path and reason printed */
    EXIT_NO_PLAN = 4,    /* no plan could be found */
    EXIT_INTERNAL = 5    /* I/O error, out of memory or internal error */
};

/* Options shared by the commands; which apply depends on the command. */
#define MAX_SCENARIOS 32

struct command_line {
    const char *command;
    const char *instance_path;
    const char *scenario_paths[MAX_SCENARIOS]; /* -s, in order */
    int scenario_count;
    bool json;                                 /* size, compare: JSON instead of the table */
    bool base;                                 /* compare: a column for the instance itself */
    const char *plan_path;
    const char *csv_path;
    const char *workers_csv_path;
    const char *teams_csv_path;
    const char *lp_path;
    const char *mps_path;
    const char *dat_path;
    const char *html_path;                     /* plan, check: the HTML report */
    const char *trace_path;                    /* plan: one line per solver event */
    double time_limit;                         /* the defaults: caseload_settings_default */
    bool time_limit_given;                     /* --time-limit was given (forecast: bounds the whole run) */
    double gap;
    int threads;                               /* parts solved at once, 0: the online cores */
    double memory_limit;                       /* --memory-limit in bytes, 0: the default */
    bool quiet;
    bool no_cuts;                              /* --no-cuts: without the library's cuts (to measure them) */
    caseload_moves moves;                      /* --moves (plan, export); CASELOAD_MOVES_RULES when not given */
    const char *positionals[3];                /* the arguments that are not options, in order:
                                                * INSTANCE (explain: INSTANCE PLAN.json CHILD;
                                                * convert: INPUT) */
    int positional_count;
    const char *forecast_path;                 /* forecast, size: -f */
    bool force;                                /* convert: --force */
    const char *worker_id;                     /* explain --worker: why not this worker */
    caseload_generator *generator;             /* generate: every option but -o and --months (owned,
                                                * cli_line_free) */
    int months;                                /* generate --months N: a history of N snapshots */
};

/* The terminal's progress line: the length of the transient status shown now (0:
 * none), so that the next text covers it. Owned by main, shared by the threads
 * that report progress under the lock of stderr. */
struct cli_terminal {
    size_t status_length;
};

/* What a command runs with. main owns all of it: the parsed line; the flag its
 * signal handler sets (a search stops and keeps its best plan: the cancel flag of
 * caseload_settings); the outputs of the run (made by cmd_outputs_begin, freed by main
 * with every temporary not committed, whatever the outcome); the terminal. */
struct cli_context {
    const struct command_line *line;
    volatile sig_atomic_t *stop;
    caseload_outputs *outputs;
    struct cli_terminal *terminal;
};

#endif
