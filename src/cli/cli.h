/* cli.h - the command line: one option table per command, with its help beside
 * it, read by one parser into a struct command_line. Part of the caseload binary,
 * not of the library. */
#ifndef CASELOAD_CLI_H
#define CASELOAD_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "generate/generate.h"

/* Options shared by the commands; which apply depends on the command. */
#define MAX_SCENARIOS 32
/* A --time-limit above this (about 31 years) means no limit; kept finite so that
 * deadlines computed from it stay finite. */
#define TIME_LIMIT_NONE 1e9

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
    double time_limit;
    bool time_limit_given;                     /* --time-limit was given (forecast: bounds the whole run) */
    double gap;
    int threads;                               /* parts solved at once, 0: the online cores */
    double memory_limit;                       /* --memory-limit in bytes, 0: the default */
    bool quiet;
    bool no_cuts;                              /* --no-cuts: without the cuts of cuts.h (to measure them) */
    const char *positionals[3];                /* the arguments that are not options, in order:
                                                * INSTANCE (explain: INSTANCE PLAN.json CHILD;
                                                * convert: INPUT) */
    int positional_count;
    const char *forecast_path;                 /* forecast, size: -f */
    bool force;                                /* convert: --force */
    struct generate_options generate;          /* generate: every option but -o and --months */
    int months;                                /* generate --months N: a history of N snapshots */
};

/* How an option's value is read (and where it goes: cli_option.offset). */
enum cli_kind {
    CLI_FLAG,     /* no value: sets a bool */
    CLI_FILE,     /* a file name (const char *); given again, the last one counts */
    CLI_ONCE,     /* a file name that may be given only once */
    CLI_SCENARIO, /* -s: one more scenario file (compare: up to MAX_SCENARIOS, others one) */
    CLI_THREADS,  /* a whole number from 1 to SOLVE_MAX_THREADS (int) */
    CLI_SECONDS,  /* a time limit in seconds > 0; above TIME_LIMIT_NONE means none (double) */
    CLI_GAP,      /* a relative gap in [0, 1] (double) */
    CLI_SIZE,     /* a size in bytes such as 2G or 512M (double) */
    CLI_GENERATE  /* generate's own options, handed to generate_set_* (struct generate_options) */
};

/* One option of a command: its name, another name or NULL, and how it is read. */
struct cli_option {
    const char *name;
    const char *alias;
    enum cli_kind kind;
    size_t offset; /* of its field in struct command_line */
};

/* One command: its help text and option table side by side, what it takes
 * besides options, and the function that runs it. */
struct cli_command {
    const char *name;
    const char *help;                   /* `caseload help NAME` and `NAME --help` */
    const struct cli_option *options;   /* ends with a NULL name */
    int positionals;                    /* arguments that are not options: 0, 1 or 3 */
    const char *positional_usage;       /* the usage error when there are too many or too few
                                         * (NULL: "no instance file given" and "more than one
                                         * instance given") */
    bool searches;                      /* a signal stops the search and the best plan is written,
                                         * instead of ending the run */
    int (*run)(const struct command_line *line);
};

/* The name of the program in every message. */
extern const char *program;

/* The overview printed by `caseload --help` and `caseload help`. */
extern const char *const cli_usage_text;
/* `caseload help help`. */
extern const char *const cli_help_help;

/* The command named `name`, or NULL. `size` with -f or --forecast among `argv`
 * is the forecast's sizing. */
const struct cli_command *cli_find_command(const char *name, int argc, char **argv);

/* The help text of the command `name` (`caseload help NAME`), or NULL. */
const char *cli_command_help(const char *name);

/* Read argv[2...] into `line` by the options of `command`. Returns EXIT_DONE,
 * -1 when the help was asked for (and printed), or EXIT_USAGE with the message
 * printed. */
int cli_parse(const struct cli_command *command, int argc, char **argv, struct command_line *line);

/* "caseload: MESSAGE" on standard error, control characters escaped. */
void print_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* A usage error: message, pointer to help, exit code 2. */
int usage_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
