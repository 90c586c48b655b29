/* cli.h - the command line's option tables, one per command with its help beside
 * it, read by one parser into a struct command_line (command.h). */
#ifndef CASELOAD_CLI_H
#define CASELOAD_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/command.h"

/* How an option's value is read (and where it goes: cli_option.offset). */
enum cli_kind {
    CLI_FLAG,     /* no value: sets a bool */
    CLI_FILE,     /* a file name (const char *); given again, the last one counts */
    CLI_ONCE,     /* a file name that may be given only once */
    CLI_SCENARIO, /* -s: one more scenario file (compare: up to MAX_SCENARIOS, others one) */
    CLI_THREADS,  /* a whole number from 1 to CASELOAD_MAX_THREADS (int) */
    CLI_SECONDS,  /* a time limit in seconds > 0; above CASELOAD_TIME_LIMIT_NONE means none (double) */
    CLI_GAP,      /* a relative gap in [0, 1] (double) */
    CLI_SIZE,     /* a size in bytes such as 2G or 512M (double) */
    CLI_MOVES,    /* a move policy: all, law or intake (caseload_moves) */
    CLI_GENERATE  /* generate's own options, handed to caseload_generator_set_* */
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
    int (*run)(struct cli_context *context);
};

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
 * -1 when the help was asked for (and printed), EXIT_USAGE with the message
 * printed, or EXIT_INTERNAL when memory ran out. Free `line` with cli_line_free
 * whatever it returned. */
int cli_parse(const struct cli_command *command, int argc, char **argv, struct command_line *line);

/* Free what a parsed line owns (the generator). */
void cli_line_free(struct command_line *line);

#endif
