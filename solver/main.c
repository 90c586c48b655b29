/* main.c - the caseload command line: parses arguments, runs a command, maps
 * every outcome to the exit codes of DESIGN.md §4. The only module that prints to
 * the terminal on its own or exits. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <float.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "common.h"
#include "compare.h"
#include "export.h"
#include "fileio.h"
#include "generate.h"
#include "instance.h"
#include "model.h"
#include "plan.h"
#include "report.h"
#include "scenario.h"
#include "size.h"
#include "solve.h"
#include "spreadsheet.h"
#include "plan_read.h"
#include "explain.h"
#include "forecast.h"
#include "forecast_write.h"

static const char *program = "caseload";

/* Set by SIGINT, SIGTERM or SIGHUP: the solver stops and the best plan found is
 * written. */
static volatile sig_atomic_t interrupted;
/* Whether such a signal ends the run at once instead (with every temporary file
 * removed): the commands that do not search; plan, size and compare clear it. */
static volatile sig_atomic_t signal_ends_run = 1;

static void on_stop_signal(int signal_number)
{
    if (signal_ends_run) {
        static const char message[] = "caseload: interrupted\n";
        fileio_remove_temporaries();
        ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
        (void)ignored;
        _exit(128 + signal_number);
    }
    interrupted = 1;
}

/* Progress on the terminal (struct progress, common.h): a transient status
 * redraws its line ("\r", padded over a longer status before it); a line replaces
 * the status on the screen, if any, and stays. Text is escaped like every message.
 * The stream's lock keeps the text of two threads apart. */
static size_t progress_status_length; /* length of the status on the line now, 0: none */

static void terminal_progress_show(void *context, bool transient, const char *text)
{
    (void)context;
    flockfile(stderr);
    size_t length = message_escape(NULL, text);
    fputs(progress_status_length > 0 ? "\r" : "", stderr);
    message_write(stderr, text);
    for (size_t k = length; k < progress_status_length; k++)
        fputc(' ', stderr);
    fputs(transient ? "" : "\n", stderr);
    progress_status_length = transient ? length : 0;
    fflush(stderr);
    funlockfile(stderr);
}

/* The progress handle of a command: the terminal's when standard error is one and
 * --quiet was not given, else NULL (silent). */
static const struct progress *terminal_progress(bool quiet)
{
    static const struct progress terminal = {terminal_progress_show, NULL};
    return !quiet && isatty(STDERR_FILENO) ? &terminal : NULL;
}

/* A signal that ends the process: remove the temporaries first, then end as it would. */
static void on_fatal_signal(int signal_number)
{
    fileio_remove_temporaries();
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(signal_number, &action, NULL);
    raise(signal_number);
}

/* sigaction, not signal(): under -std=c11 signal() is the one-shot SysV form, and a
 * second Ctrl-C would kill the run with no plan. A signal ignored when the program
 * starts (nohup, a background job) stays ignored. A broken pipe or an oversized
 * file is an error of the write that met it, never a kill leaving a temporary. */
static void install_signal_handlers(void)
{
    static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
    static const int fatal_signals[] = {SIGQUIT, SIGALRM, SIGUSR1, SIGUSR2, SIGABRT};
    struct sigaction action, before;
    memset(&action, 0, sizeof action);
    sigfillset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    action.sa_handler = on_stop_signal;
    for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++)
        if (sigaction(stop_signals[i], NULL, &before) == 0 && before.sa_handler != SIG_IGN)
            sigaction(stop_signals[i], &action, NULL);
    action.sa_handler = on_fatal_signal;
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
        if (sigaction(fatal_signals[i], NULL, &before) == 0 && before.sa_handler != SIG_IGN)
            sigaction(fatal_signals[i], &action, NULL);
    action.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &action, NULL);
    sigaction(SIGXFSZ, &action, NULL);
}

static const char *usage_text =
    "Usage: caseload COMMAND [OPTIONS]\n"
    "\n"
    "Assigns child-welfare clients to eligible social workers so that no worker\n"
    "has more children than the legal cap (Lastensuojelulaki 13 b §), as a\n"
    "mixed-integer program solved by GLPK.\n"
    "\n"
    "Commands:\n"
    "  check    INSTANCE [-s SCENARIO] [--html F] [--quiet]\n"
    "                                     per-worker compliance of the current assignment;\n"
    "                                     exit 1 when any worker is over the cap\n"
    "  plan     INSTANCE [-s SCENARIO] [-o PLAN.json] [--csv PLAN.csv] [--html F]\n"
    "                    [--workers-csv F] [--teams-csv F] [--time-limit S] [--gap G]\n"
    "                    [--threads N] [--trace F] [--memory-limit M] [--no-cuts] [--quiet]\n"
    "                                     an optimal reallocation plan (-o - writes it to\n"
    "                                     standard output, the summary then to standard error)\n"
    "  size     INSTANCE [-s SCENARIO] [--json] [--csv F] [--time-limit S] [--gap G]\n"
    "                    [--threads N] [--memory-limit M] [--no-cuts]\n"
    "                                     hires per team needed so that no worker is over the cap\n"
    "  compare  INSTANCE -s A.json -s B.json ... [--base] [--json] [-o F] [--csv F]\n"
    "                    [--html F] [--time-limit S] [--gap G] [--threads N]\n"
    "                    [--memory-limit M] [--no-cuts]\n"
    "                                     the key figures of several scenarios side by side\n"
    "  export   INSTANCE [-s SCENARIO] --lp F | --mps F | --dat F [--memory-limit M]\n"
    "                                     the model for other solvers (CPLEX LP, free MPS)\n"
    "                                     or as data for models/caseload.mod (MathProg)\n"
    "  generate [--preset keski-suomi|kymenlaakso] [--seed N] [--counties N] [--teams N]\n"
    "           [--substitute-teams N] [--aftercare-teams N] [--municipalities N]\n"
    "           [--workers-per-team N] [--load F] [--intake F] [--siblings F] [--adults F]\n"
    "           [--part-time F] [--leaving F] [--load-spread F] [--central-load F]\n"
    "           [--hiring-teams N] [--distances 0|1] [--locked F] [--date YYYY-MM-DD]\n"
    "           [--months N] [-o F]\n"
    "                                     a synthetic instance (see `caseload help generate`)\n"
    "  convert  FOLDER -o INSTANCE.json | INSTANCE.json -o FOLDER [--force]\n"
    "                                     spreadsheet files (CSV) to an instance and back\n"
    "  explain  INSTANCE PLAN.json CHILD [-s SCENARIO]\n"
    "                                     why the plan put a child where it did\n"
    "  forecast INSTANCE -f, --forecast FORECAST.json [-s SCENARIO] [-o F] [--csv F]\n"
    "                    [--html F] [--threads N] [--time-limit S] [--quiet]\n"
    "                                     the months ahead: per team the risk of a worker over\n"
    "                                     the cap; `size INSTANCE -f FORECAST.json` sizes\n"
    "                                     recruitment against it (see `caseload help forecast`)\n"
    "  help     [COMMAND]                 this text, or the options of one command\n"
    "\n"
    "Options: -s, --scenario SCENARIO; -q, --quiet; -h, --help (also after a command);\n"
    "--version. `caseload help COMMAND` says what each option does, with examples.\n"
    "\n"
    "INSTANCE is a caseload-instance/1 JSON file or a folder of CSV files (see\n"
    "`caseload help convert`); `-` reads standard input.\n"
    "SCENARIO is a caseload-scenario/1 what-if applied on top of it (a new date or\n"
    "rules, workers leaving, teams patched, added or removed, workers and children added).\n"
    "Output files are written atomically and readable by their owner only (0600).\n"
    "\n"
    "Exit codes: 0 done, 1 check found a worker over the cap, 2 usage error,\n"
    "3 invalid input, 4 no plan could be found, 5 I/O or internal error.\n"
    "\n"
    "Examples:\n"
    "  caseload plan instances/keski-suomi.json -o plan.json --csv plan.csv\n"
    "  caseload size instances/kymenlaakso.json -s instances/scenarios/kymenlaakso-cap-30.json\n"
    "  caseload compare instances/keski-suomi.json -s instances/scenarios/ks-north-a.json \\\n"
    "      -s instances/scenarios/ks-north-b.json\n";

static const char *help_check =
    "Usage: caseload check INSTANCE [-s SCENARIO] [--html FILE] [--quiet]\n"
    "\n"
    "Prints every worker's counted children (0-17-year-olds on the plan date)\n"
    "against the legal cap, the workers over the cap, unassigned intake and team\n"
    "totals. The verdict is per worker: team averages are shown, never used.\n"
    "\n"
    "  -s SCENARIO  apply a caseload-scenario/1 first (e.g. a new plan date)\n"
    "  --html FILE  a printable report with a chart per team (one self-contained file)\n"
    "  --quiet      print only the verdict line\n"
    "\n"
    "Exit 0 when no worker is over the cap, 1 when one is.\n"
    "Examples: caseload check instances/kymenlaakso.json\n"
    "          caseload check instances/kymenlaakso.json -s instances/scenarios/kymenlaakso-cap-30.json\n";

static const char *help_plan =
    "Usage: caseload plan INSTANCE [-s SCENARIO] [-o PLAN.json] [--csv PLAN.csv]\n"
    "                     [--html FILE] [--workers-csv F] [--teams-csv F]\n"
    "                     [--time-limit S] [--gap G] [--threads N] [--trace FILE]\n"
    "                     [--memory-limit SIZE] [--no-cuts] [--quiet]\n"
    "\n"
    "Solves the assignment model and writes a caseload-plan/1 plan: every child\n"
    "once, a reason for every move, the objective split into its terms.\n"
    "\n"
    "  -s SCENARIO      apply a caseload-scenario/1 first; the plan names it\n"
    "  -o FILE          the plan as JSON (`-` for standard output)\n"
    "  --csv FILE       the plan as semicolon CSV with BOM, for spreadsheets\n"
    "  --html FILE      a printable report: charts before and after, moves, hires\n"
    "  --workers-csv F  one row per worker: cap, counted before and after, moves\n"
    "  --teams-csv F    one row per team: capacity, over-cap before and after, km\n"
    "  --time-limit S   stop after S seconds with the best plan found (default 60;\n"
    "                   above 1e9: no limit)\n"
    "  --gap G          stop when proven within relative gap G (default 0.0001)\n"
    "  --threads N      parts of the model solved at once (default: the cores, at\n"
    "                   most 4); the plan is the same whatever N\n"
    "  --trace FILE     the search over time, one tab-separated line per event:\n"
    "                   seconds, part, event (first-plan, lp, plan, bound, part,\n"
    "                   done), objective and bound of the whole plan, gap\n"
    "  --memory-limit SIZE  memory the run may use, e.g. 2G or 512M (default: half\n"
    "                   the physical memory, less under a ulimit -v); a part whose\n"
    "                   model would not fit keeps the starting plan, improved team\n"
    "                   by team, marked feasible with a simple bound\n"
    "  --no-cuts        search without our own cuts (to measure them)\n"
    "  --quiet          no summary on standard output\n"
    "\n"
    "Ctrl-C (or SIGTERM, SIGHUP) stops the search and writes the best plan found,\n"
    "marked with its gap.\n"
    "Exit 4 when no plan could be found in time.\n"
    "Examples: caseload plan instances/keski-suomi.json -o plan.json --csv plan.csv\n"
    "          caseload plan instances/keski-suomi.json -s instances/scenarios/ks-three-leave.json\n";

static const char *help_export =
    "Usage: caseload export INSTANCE [-s SCENARIO] [--lp FILE] [--mps FILE] [--dat FILE]\n"
    "                       [--memory-limit SIZE]\n"
    "\n"
    "  -s SCENARIO  export the instance after a caseload-scenario/1\n"
    "  --lp FILE    the whole model in CPLEX LP format (CBC, HiGHS, Gurobi ...)\n"
    "  --mps FILE   the whole model in free MPS format\n"
    "  --dat FILE   the instance as MathProg data for models/caseload.mod:\n"
    "               glpsol -m models/caseload.mod -d FILE\n"
    "  --memory-limit SIZE  memory the run may use (default: half the physical\n"
    "               memory); a model estimated larger is refused with exit 2\n"
    "\n"
    "Example: caseload export instances/keski-suomi.json --mps ks.mps\n";

static const char *help_generate =
    "Usage: caseload generate [--preset NAME] [--seed N] [--counties N] [--teams N]\n"
    "                         [--substitute-teams N] [--aftercare-teams N]\n"
    "                         [--municipalities N] [--workers-per-team N] [--load F] [--intake F]\n"
    "                         [--siblings F] [--adults F] [--part-time F]\n"
    "                         [--leaving F] [--load-spread F] [--hiring-teams N]\n"
    "                         [--distances 0|1] [--locked F] [--central-load F]\n"
    "                         [--date YYYY-MM-DD] [-o FILE]\n"
    "\n"
    "Writes a synthetic caseload-instance/1, the same bytes for the same options.\n"
    "\n"
    "  --preset NAME         keski-suomi or kymenlaakso: the bundled calibrated regions\n"
    "  --seed N              random seed (default 1)\n"
    "  --counties N          number of counties, each with its own teams and municipalities\n"
    "  --teams N             open-care (avohuolto) teams per county\n"
    "  --substitute-teams N  substitute-care (sijaishuolto) teams per county\n"
    "  --aftercare-teams N   aftercare (jälkihuolto) teams per county\n"
    "  --municipalities N    municipalities per county\n"
    "  --workers-per-team N  workers per team\n"
    "  --load F              children per worker relative to the cap (1.0 = at the cap)\n"
    "  --intake F            share of families without a worker (new intake)\n"
    "  --siblings F          share of children with siblings\n"
    "  --adults F            share of adult aftercare clients (18+, not counted)\n"
    "  --part-time F         share of part-time workers\n"
    "  --leaving F           share of workers leaving\n"
    "  --load-spread F       open-care team loads spread evenly over load +- F (default 0)\n"
    "  --hiring-teams N      teams sharing the big town that may hire one worker (default 0)\n"
    "  --distances 0|1       1: a road-distance table from each office (default 0)\n"
    "  --locked F            share of children who must keep their worker (default 0.02)\n"
    "  --central-load F      load of substitute-care and aftercare teams (default: --load)\n"
    "  --date YYYY-MM-DD     plan date\n"
    "  -o FILE               output file (default standard output)\n"
    "  --months N            a history instead: N monthly snapshots of the forecast's\n"
    "                        process from the generated county, into the folder -o\n"
    "                        (month-01.json ... and rates.json, the stated rates: closure\n"
    "                        0.04/0.02/0.04 a month for open, substitute and aftercare,\n"
    "                        family sizes 0.55/0.27/0.12/0.06, intake replacing closures)\n"
    "\n"
    "Example: caseload generate --counties 21 --seed 7 -o national.json\n";

static const char *help_size =
    "Usage: caseload size INSTANCE [-s SCENARIO] [--json] [--csv FILE] [--time-limit S]\n"
    "                     [--gap G] [--threads N] [--memory-limit SIZE] [--no-cuts]\n"
    "\n"
    "How many workers must each team recruit so that no worker is over the cap?\n"
    "Solves twice: once with hiring disallowed (the over-cap that rebalancing alone\n"
    "leaves), once with hiring allowed where the input does not limit it: a team\n"
    "without max_hires may open enough hires to absorb its counted children over\n"
    "its workers' capacity; a team with max_hires keeps it. A hire (weight 300) is\n"
    "cheaper than one child over the cap (1000), so the optimum opens the hires\n"
    "needed; the table shows the over-cap left after them, which should be 0.\n"
    "\n"
    "Per team: workers, FTE, counted children served in the sized plan, capacity\n"
    "(sum of caps), over cap now (current assignment) and without hires (optimal\n"
    "plan, no hiring), hires needed, and the caseload after (mean and max counted\n"
    "children per worker and hire, and the over-cap left).\n"
    "\n"
    "  -s SCENARIO      apply a caseload-scenario/1 first (e.g. a lower cap)\n"
    "  --json           the sizing as JSON on standard output instead of the table\n"
    "  --csv FILE       the per-team table as semicolon CSV with BOM\n"
    "  --time-limit S   limit of each of the two solves (default 60)\n"
    "  --gap G          relative gap of each solve (default 0.0001)\n"
    "  --threads N      parts of the model solved at once (default: the cores, at\n"
    "                   most 4); the plan is the same whatever N\n"
    "  --memory-limit SIZE  memory each solve may use, as for plan\n"
    "\n"
    "Exit 4 when no plan could be found.\n"
    "Example: caseload size instances/kymenlaakso.json -s instances/scenarios/kymenlaakso-cap-30.json\n"
    "With -f FORECAST.json it sizes against the months ahead: `caseload help forecast`.\n";

static const char *help_compare =
    "Usage: caseload compare INSTANCE -s A.json [-s B.json ...] [--base] [--json]\n"
    "                        [-o FILE] [--csv FILE] [--html FILE] [--time-limit S] [--gap G]\n"
    "                        [--threads N] [--memory-limit SIZE] [--no-cuts]\n"
    "\n"
    "Applies each scenario to the instance, solves it and prints one table with a\n"
    "column per scenario: children over the cap, workers over it, unassigned, hires,\n"
    "moves, km (total and per assigned child), cross-team children, family splits,\n"
    "max and mean caseload (counted children per worker and hire), objective, gap\n"
    "and status.\n"
    "\n"
    "  -s SCENARIO      a caseload-scenario/1 (give it once per scenario)\n"
    "  --base           add a first column for the instance without a scenario\n"
    "  --json           the comparison as JSON (standard output, or -o FILE)\n"
    "  -o FILE          where --json writes\n"
    "  --csv FILE       the table as semicolon CSV with BOM\n"
    "  --html FILE      the table and small charts side by side, one HTML file\n"
    "  --time-limit S   limit of each solve (default 60)\n"
    "  --gap G          relative gap of each solve (default 0.0001)\n"
    "  --threads N      parts of the model solved at once (default: the cores, at\n"
    "                   most 4); the plan is the same whatever N\n"
    "  --memory-limit SIZE  memory each solve may use, as for plan\n"
    "\n"
    "A scenario that cannot be solved shows its status; the exit code is then 4.\n"
    "Example: caseload compare instances/keski-suomi.json --base \\\n"
    "    -s instances/scenarios/ks-north-a.json -s instances/scenarios/ks-north-b.json\n";

static const char *help_convert =
    "Usage: caseload convert FOLDER -o INSTANCE.json\n"
    "       caseload convert INSTANCE.json -o FOLDER [--force]\n"
    "\n"
    "Turns a folder of spreadsheet files into a caseload-instance/1 JSON file and\n"
    "back. The folder holds settings.csv (key;value rows: name, date, cap, target,\n"
    "road_factor, cross_team, family, weights.TERM), municipalities.csv, teams.csv,\n"
    "workers.csv, children.csv and optionally distances.csv; column names are the\n"
    "JSON keys, a team's area is one cell with names separated by |, an empty cell\n"
    "means absent. Files may be separated by semicolons or commas, UTF-8 with or\n"
    "without BOM, with decimal comma or point. Errors name file, line and column.\n"
    "Every command also accepts such a folder wherever it takes an INSTANCE.\n"
    "Written folders use semicolons, BOM, CRLF and decimal comma, for Finnish\n"
    "spreadsheet programs. A folder is built beside FOLDER and put in its place\n"
    "whole; an existing FOLDER must be empty, or --force replaces it (it may hold\n"
    "only the files convert writes).\n"
    "\n"
    "Examples: caseload convert instances/kymenlaakso.json -o kymenlaakso-csv\n"
    "          caseload plan kymenlaakso-csv -o plan.json\n";

static const char *help_explain =
    "Usage: caseload explain INSTANCE PLAN.json CHILD [-s SCENARIO]\n"
    "\n"
    "Why did the plan put CHILD where it did? Prints where the child was and went,\n"
    "the plan's reason, and the five cheapest other workers it could have gone to\n"
    "with the exact change of the objective, term by term (each alternative moves\n"
    "only this child and is re-scored from the instance); then the moves that are\n"
    "not possible and why (max_new, a hire's cap, hard siblings) and how many\n"
    "workers are not eligible (other service, outside the area, not taking new\n"
    "children, leaving, locked child).\n"
    "\n"
    "  -s SCENARIO  the scenario the plan was made with\n"
    "\n"
    "Exit 3 when the plan does not belong to the instance or the child is unknown.\n"
    "Example: caseload explain instances/keski-suomi.json plan.json C000123\n";

static const char *help_help =
    "Usage: caseload help [COMMAND]\n"
    "\n"
    "Prints the overview of every command and option, or with COMMAND (check, plan,\n"
    "size, compare, export, generate, convert, explain, help) that command's options,\n"
    "what each does, and examples. `caseload COMMAND --help` prints the same.\n"
    "The manual page: man -l doc/caseload.1 (man caseload once installed).\n"
    "\n"
    "Example: caseload help plan\n";

static void print_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

static void print_error(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    message_vprint(stderr, program, format, args); /* escaped: no control character reaches the terminal */
    va_end(args);
    fputc('\n', stderr);
}

/* A usage error: message, pointer to help, exit code 2. */
static int usage_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    message_vprint(stderr, program, format, args);
    va_end(args);
    fprintf(stderr, "\nTry `%s --help' for more information.\n", program);
    return EXIT_USAGE;
}

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
    double gap;
    int threads;                               /* parts solved at once, 0: the online cores */
    double memory_limit;                       /* --memory-limit in bytes, 0: the default */
    bool quiet;
    bool no_cuts;                              /* --no-cuts: without the cuts of cuts.h (to measure them) */
};

static bool parse_number(const char *text, double minimum, double maximum, double *value)
{
    char *end = NULL;
    errno = 0;
    double parsed = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !(parsed >= minimum && parsed <= maximum))
        return false;
    *value = parsed;
    return true;
}

/* A size in bytes: a number with an optional K, M, G or T (powers of 1024),
 * optionally followed by B or iB, e.g. "2G", "512MiB", "1.5g", "1000000". */
static bool parse_size(const char *text, double *bytes)
{
    char *end = NULL;
    errno = 0;
    double value = strtod(text, &end);
    if (errno != 0 || end == text || !(value > 0) || !isfinite(value))
        return false;
    double unit = 1.0;
    const char *units = "kmgt";
    const char *found = *end != '\0' ? strchr(units, tolower((unsigned char)*end)) : NULL;
    if (found != NULL) {
        for (const char *u = units; u <= found; u++)
            unit *= 1024.0;
        end++;
        if (*end == 'i')
            end++;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end != '\0' || !(value * unit >= 1.0) || value * unit > 1e18)
        return false;
    *bytes = value * unit;
    return true;
}

/* Print every diagnostic of a failed load and return exit code 3 (or 5 when memory
 * ran out before any error could be recorded). */
static int report_diagnostics(const struct diag *diag)
{
    for (int i = 0; i < diag->kept; i++)
        fprintf(stderr, "%s: %s\n", program, diag->messages[i]);
    if (diag->count > diag->kept)
        print_error("%s: %d more errors not shown", diag->file, diag->count - diag->kept);
    if (diag->out_of_memory || diag->count == 0) {
        print_error("%s: out of memory", diag->file);
        return EXIT_INTERNAL;
    }
    return EXIT_INPUT;
}

static const char *display_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* Print each warning of `notes` ("caseload: warning: FILE: REASON"). */
static void print_warnings(const struct diag *notes)
{
    for (int i = 0; i < notes->kept; i++)
        fprintf(stderr, "%s: warning: %s\n", program, notes->messages[i]);
    if (notes->count > notes->kept)
        fprintf(stderr, "%s: warning: %d more warnings not shown\n", program, notes->count - notes->kept);
}

/* The whole instance file, read once (compare parses it once per scenario). */
static char *read_instance_text(const char *path, size_t *length, int *exit_code)
{
    struct diag diag, notes;
    diag_init(&diag, display_name(path));
    diag_init(&notes, NULL);
    char *text = spreadsheet_is_folder(path) ? spreadsheet_read_json_noted(path, length, &diag, &notes)
                                             : fileio_read_input(path, length, &diag);
    print_warnings(&notes);
    char reason[512];
    if (text != NULL && spreadsheet_wrong_kind(path, text, *length, reason, sizeof reason)) {
        print_error("%s: %s", display_name(path), reason);
        mem_free(text);
        text = NULL;
        *exit_code = EXIT_INPUT;
    } else if (text == NULL) {
        *exit_code = report_diagnostics(&diag);
    }
    diag_free(&notes);
    diag_free(&diag);
    return text;
}

static struct instance *parse_instance_text(const char *text, size_t length, const char *path,
                                            int *exit_code)
{
    struct diag diag;
    diag_init(&diag, display_name(path));
    struct instance *instance = instance_parse(text, length, &diag);
    if (instance == NULL)
        *exit_code = report_diagnostics(&diag);
    diag_free(&diag);
    return instance;
}

/* Load the scenario `path` and apply it to `instance`; *name gets a copy of its
 * name. On failure prints the errors (file and JSON path) and sets *exit_code. */
static bool apply_scenario_file(struct instance *instance, const char *path, char **name, int *exit_code)
{
    struct diag diag;
    diag_init(&diag, display_name(path));
    struct scenario *scenario = scenario_load(path, &diag);
    if (scenario != NULL) {
        struct diag notes;
        diag_init(&notes, display_name(path));
        scenario_warnings(scenario, instance, &notes);
        print_warnings(&notes);
        diag_free(&notes);
    }
    bool applied = scenario != NULL && scenario_apply(scenario, instance, &diag);
    if (applied) {
        *name = mem_strdup(scenario_name(scenario));
        if (*name == NULL) {
            print_error("out of memory");
            *exit_code = EXIT_INTERNAL;
            applied = false;
        }
    } else {
        *exit_code = report_diagnostics(&diag);
    }
    scenario_free(scenario);
    diag_free(&diag);
    return applied;
}

/* Load the instance `path` and apply the scenario `scenario_path` when not NULL
 * (*scenario_name then gets its name, which the caller frees). */
static struct instance *load_instance(const char *path, const char *scenario_path, char **scenario_name,
                                      int *exit_code)
{
    *scenario_name = NULL;
    size_t length = 0;
    char *text = read_instance_text(path, &length, exit_code);
    if (text == NULL)
        return NULL;
    struct instance *instance = parse_instance_text(text, length, path, exit_code);
    mem_free(text);
    if (instance != NULL && scenario_path != NULL &&
        !apply_scenario_file(instance, scenario_path, scenario_name, exit_code)) {
        instance_free(instance);
        return NULL;
    }
    return instance;
}

/* The outputs of the command being run, committed together (fileio.h). main
 * frees them, with every temporary file not committed, whatever the outcome. */
static struct output_set *command_outputs;

/* Start the outputs of a command: every file it reads, then each output given,
 * then their temporary files, before anything is loaded, so that a bad name, an
 * output that would replace an input or another output, or a missing or
 * read-only folder stops the run at once. Prints the reason; returns the exit code. */
static int outputs_begin(const char *const *inputs, int input_count, const char *const *options,
                         const char *const *paths, int output_count, enum output_kind kind, bool force)
{
    char error[1024];
    command_outputs = output_set_create();
    if (command_outputs == NULL) {
        print_error("out of memory");
        return EXIT_INTERNAL;
    }
    for (int i = 0; i < input_count; i++)
        if (inputs[i] != NULL && !output_set_add_input(command_outputs, inputs[i], spreadsheet_file_names())) {
            print_error("out of memory");
            return EXIT_INTERNAL;
        }
    for (int i = 0; i < output_count; i++) {
        if (paths[i] == NULL)
            continue;
        int code = output_set_add(command_outputs, options[i], paths[i], kind, force, spreadsheet_file_names(), error,
                                  sizeof error);
        if (code == EXIT_USAGE)
            return usage_error("%s", error);
        if (code != EXIT_DONE) {
            print_error("%s", error);
            return code;
        }
    }
    if (!output_set_prepare(command_outputs, error, sizeof error)) {
        print_error("%s", error);
        return EXIT_INTERNAL;
    }
    return EXIT_DONE;
}

/* outputs_begin for check, plan, size, compare and export. */
static int check_output_paths(const struct command_line *line)
{
    const char *inputs[1 + MAX_SCENARIOS] = {line->instance_path};
    for (int s = 0; s < line->scenario_count; s++)
        inputs[1 + s] = line->scenario_paths[s];
    /* compare --json without -o writes to standard output */
    bool json_to_stdout = strcmp(line->command, "compare") == 0 && line->json && line->plan_path == NULL;
    const char *options[] = {"-o",    "--csv", "--workers-csv", "--teams-csv", "--lp",
                             "--mps", "--dat", "--html",        "--trace"};
    const char *paths[] = {json_to_stdout ? "-" : line->plan_path,
                           line->csv_path,
                           line->workers_csv_path,
                           line->teams_csv_path,
                           line->lp_path,
                           line->mps_path,
                           line->dat_path,
                           line->html_path,
                           line->trace_path};
    return outputs_begin(inputs, 1 + line->scenario_count, options, paths, (int)(sizeof paths / sizeof paths[0]),
                         OUTPUT_FILE, false);
}

/* What check, plan, size and export start with: refuse outputs that would
 * replace an input, then load the instance and apply the -s scenario. On failure
 * returns NULL with the reason printed and *exit_code set; *name gets the
 * scenario's name (or NULL), which the caller frees. */
static struct instance *command_instance(const struct command_line *line, char **name,
                                         int *exit_code)
{
    *name = NULL;
    *exit_code = check_output_paths(line);
    if (*exit_code != EXIT_DONE)
        return NULL;
    return load_instance(line->instance_path, line->scenario_paths[0], name, exit_code);
}

/* One output file of a command: where, what writes it, and with what. */
struct output_request {
    const char *path; /* NULL: not asked for */
    bool (*write)(const void *context, FILE *stream);
    const void *context;
};

/* Write every requested output, then commit all the command's outputs at once
 * (fileio.h): each is written to its temporary file and pushed to the disk first,
 * and only when all of them made it are they renamed into place, so a failure (a
 * full disk) never leaves some outputs replaced and others not. Prints the reason
 * on failure; the temporaries are removed when main frees the outputs. */
static bool write_outputs(const struct output_request *requests, int count)
{
    char error[1024];
    for (int i = 0; i < count; i++) {
        const char *path = requests[i].path;
        if (path == NULL)
            continue;
        FILE *stream = output_set_stream(command_outputs, path, error, sizeof error);
        if (stream == NULL)
            goto fail;
        bool written = requests[i].write(requests[i].context, stream);
        if (!output_set_finish(command_outputs, path, error, sizeof error))
            goto fail;
        if (!written) {
            snprintf(error, sizeof error, "%s: write failed", path);
            goto fail;
        }
    }
    if (output_set_commit(command_outputs, error, sizeof error))
        return true;
fail:
    print_error("%s", error);
    return false;
}

/* Put the output's name `path` in place of its temporary name `temporary` in the
 * message `error`: a message must name the file the user asked for. */
static void name_output_in(char *error, size_t error_size, const char *temporary, const char *path)
{
    char *found = temporary != NULL && temporary[0] != '\0' ? strstr(error, temporary) : NULL;
    if (found == NULL || strcmp(temporary, path) == 0)
        return;
    char rest[1024];
    snprintf(rest, sizeof rest, "%s", found + strlen(temporary));
    size_t before = (size_t)(found - error);
    snprintf(found, error_size - before, "%s%s", path, rest);
}

/* write_outputs for a single file. */
static bool write_with(const char *path, bool (*write)(const void *context, FILE *stream),
                       const void *context)
{
    struct output_request request = {path, write, context};
    return write_outputs(&request, 1);
}

/* After a successful write: "caseload: wrote plan.json, plan.csv" on standard
 * error, every file of `paths` (NULL and "-", standard output, left out). */
static void print_files_written(const char *const *paths, int count)
{
    int written = 0;
    for (int i = 0; i < count; i++) {
        if (paths[i] == NULL || strcmp(paths[i], "-") == 0)
            continue;
        if (written++ == 0)
            fprintf(stderr, "%s: wrote %s", program, paths[i]);
        else
            fprintf(stderr, ", %s", paths[i]);
    }
    if (written > 0)
        fputc('\n', stderr);
}

/* print_files_written for the requests of write_outputs. */
static void print_outputs_written(const struct output_request *requests, int count)
{
    const char *paths[8] = {NULL};
    for (int i = 0; i < count && i < 8; i++)
        paths[i] = requests[i].path;
    print_files_written(paths, count < 8 ? count : 8);
}

/* A plan writer with what it writes, as one context for write_outputs. */
struct plan_output {
    bool (*write)(const struct plan *plan, const struct instance *instance, FILE *stream);
    const struct plan *plan;
    const struct instance *instance;
};

static bool write_plan_output(const void *context, FILE *stream)
{
    const struct plan_output *output = context;
    return output->write(output->plan, output->instance, stream);
}

static bool write_check_html(const void *context, FILE *stream)
{
    return report_write_check_html(context, stream);
}

static int run_check(const struct command_line *line)
{
    int exit_code = EXIT_DONE;
    char *name = NULL;
    struct instance *instance = command_instance(line, &name, &exit_code);
    if (instance == NULL)
        return exit_code;
    if (name != NULL && !line->quiet)
        printf("scenario: %s (cap %d on %04d-%02d-%02d)\n", name, instance->rules.cap, instance->date.year,
               instance->date.month, instance->date.day);
    mem_free(name);
    struct check_report report;
    if (!check_compute(instance, &report)) {
        print_error("out of memory");
        instance_free(instance);
        return EXIT_INTERNAL;
    }
    if (!line->quiet && !check_write(instance, &report, stdout)) {
        print_error("writing the report failed");
        exit_code = EXIT_INTERNAL;
    } else if (line->quiet) {
        printf("%s: workers over the cap %d, children above it %d",
               report.over_cap_workers > 0 ? "NOT COMPLIANT" : "compliant",
               report.over_cap_workers, report.over_cap_children);
        if (report.unassigned_children > 0)
            check_write_unassigned(&report, stdout);
        putchar('\n');
    }
    if (exit_code == EXIT_DONE && line->html_path != NULL) {
        if (write_with(line->html_path, write_check_html, instance))
            print_files_written(&line->html_path, 1);
        else
            exit_code = EXIT_INTERNAL;
    }
    if (exit_code == EXIT_DONE && report.over_cap_workers > 0)
        exit_code = EXIT_VIOLATIONS;
    check_report_free(&report);
    instance_free(instance);
    return exit_code;
}

/* Solver settings from the command line; Ctrl-C (SIGINT, SIGTERM, SIGHUP) stops
 * the search. Progress is off: only `plan` shows it, on a terminal. */
static void set_solve_options(const struct command_line *line, struct solve_options *options)
{
    solve_default_options(options);
    options->time_limit = line->time_limit;
    options->gap = line->gap;
    options->threads = line->threads;
    options->memory_limit = line->memory_limit;
    options->cuts = !line->no_cuts;
    options->progress = NULL;
    options->interrupted = &interrupted;
}

/* After `plan`: the files written, or that nothing was saved and how to save it. */
static void print_plan_saved(const struct output_request *outputs, int count)
{
    bool any = false;
    for (int i = 0; i < count; i++)
        any = any || outputs[i].path != NULL;
    if (any)
        print_outputs_written(outputs, count);
    else
        print_error("nothing was saved: give -o PLAN.json to save the plan (--csv F, --html F for a "
                    "spreadsheet or a printable report)");
}

static int run_plan(const struct command_line *line)
{
    int exit_code = EXIT_DONE;
    char *name = NULL;
    struct instance *instance = command_instance(line, &name, &exit_code);
    if (instance == NULL)
        return exit_code;

    struct solve_options options;
    set_solve_options(line, &options);
    options.progress = terminal_progress(line->quiet);

    struct solution solution = {0};
    struct plan *plan = NULL;
    char error[1024];
    if (line->trace_path != NULL) {
        options.trace = output_set_stream(command_outputs, line->trace_path, error, sizeof error);
        if (options.trace == NULL) {
            print_error("%s", error);
            exit_code = EXIT_INTERNAL;
            goto done;
        }
    }
    bool solved = solve_instance(instance, &options, &solution, error, sizeof error);
    if (!solved) {
        print_error("%s", error);
        exit_code = EXIT_INTERNAL;
    } else if (solution.status == SOLVE_INFEASIBLE || solution.status == SOLVE_NO_PLAN) {
        print_error("%s: no plan could be found (%s after %.1f s)", line->instance_path,
                    solve_status_name(solution.status), solution.seconds);
        exit_code = EXIT_NO_PLAN;
    }
    if (exit_code != EXIT_DONE) {
        /* without a plan the trace alone is kept: it says how far the search got */
        const char *plan_outputs[] = {line->plan_path, line->csv_path, line->html_path,
                                      line->workers_csv_path, line->teams_csv_path};
        for (size_t i = 0; i < sizeof plan_outputs / sizeof plan_outputs[0]; i++)
            output_set_drop(command_outputs, plan_outputs[i]);
        if (line->trace_path != NULL && !output_set_commit(command_outputs, error, sizeof error)) {
            print_error("%s", error);
            exit_code = EXIT_INTERNAL;
        }
        goto done;
    }
    plan = plan_build(instance, &solution, name, error, sizeof error);
    if (plan == NULL) {
        print_error("internal error: %s", error);
        exit_code = EXIT_INTERNAL;
        goto done;
    }
    struct plan_output writers[] = {
        {plan_write_json, plan, instance},        {plan_write_csv, plan, instance},
        {report_write_plan_html, plan, instance}, {plan_write_workers_csv, plan, instance},
        {plan_write_teams_csv, plan, instance},
    };
    struct output_request outputs[] = {
        {line->plan_path, write_plan_output, &writers[0]},
        {line->csv_path, write_plan_output, &writers[1]},
        {line->html_path, write_plan_output, &writers[2]},
        {line->workers_csv_path, write_plan_output, &writers[3]},
        {line->teams_csv_path, write_plan_output, &writers[4]},
    };
    int output_count = (int)(sizeof outputs / sizeof outputs[0]);
    if (!write_outputs(outputs, output_count))
        exit_code = EXIT_INTERNAL;
    /* with an output on standard output (-o -) it stays pure: the summary goes to stderr */
    bool to_stdout = false;
    for (int i = 0; i < output_count; i++)
        to_stdout = to_stdout || (outputs[i].path != NULL && strcmp(outputs[i].path, "-") == 0);
    FILE *summary = to_stdout ? stderr : stdout;
    if (exit_code == EXIT_DONE && !line->quiet &&
        (!plan_write_summary(plan, instance, summary) || !plan_write_verdict(plan, instance, summary)))
        exit_code = EXIT_INTERNAL;
    if (exit_code == EXIT_DONE)
        print_plan_saved(outputs, output_count);
    if (interrupted) {
        char gap[32];
        report_format_gap(plan->gap, gap, sizeof gap);
        print_error("interrupted: the plan is the best found so far, gap %s", gap);
    }
    if (solution.over_limit > 0) {
        char gap[32];
        report_format_gap(plan->gap, gap, sizeof gap);
        print_error("%d of %d parts were too large for the memory limit or the time left: they "
                    "keep the starting plan, improved; gap %s (--memory-limit, --time-limit)",
                    solution.over_limit, solution.part_count, gap);
    }
done:
    plan_free(plan);
    solution_free(&solution);
    instance_free(instance);
    mem_free(name);
    return exit_code;
}

static int run_export(const struct command_line *line)
{
    if (line->lp_path == NULL && line->mps_path == NULL && line->dat_path == NULL)
        return usage_error("export needs --lp FILE, --mps FILE or --dat FILE");
    int exit_code = EXIT_DONE;
    char *name = NULL;
    struct instance *instance = command_instance(line, &name, &exit_code);
    mem_free(name);
    if (instance == NULL)
        return exit_code;
    char error[1024];
    const char *paths[] = {line->lp_path, line->mps_path, line->dat_path};
    /* the LP and MPS files are written from the whole model, built in GLPK */
    bool fits = true;
    if ((line->lp_path != NULL || line->mps_path != NULL) &&
        (!model_fits_memory(instance, line->memory_limit, &fits, error, sizeof error) || !fits)) {
        print_error("export: %s", error);
        instance_free(instance);
        return fits ? EXIT_INTERNAL : EXIT_USAGE;
    }
    for (int format = 0; format < 3 && exit_code == EXIT_DONE; format++) {
        const char *path = paths[format];
        if (path == NULL)
            continue;
        bool written;
        if (format == 2) {
            FILE *stream = output_set_stream(command_outputs, path, error, sizeof error);
            written = stream != NULL;
            if (written) {
                bool complete = export_write_dat(instance, stream);
                written = output_set_finish(command_outputs, path, error, sizeof error); /* the reason, if any */
                if (written && !complete) {
                    snprintf(error, sizeof error, "%s: write failed", path);
                    written = false;
                }
            }
        } else {
            /* GLPK writes by file name: let it write the temporary file, and name
             * the output, not the temporary, when it fails */
            const char *target = output_set_write_path(command_outputs, path);
            written = format == 0 ? model_write_lp(instance, target, error, sizeof error)
                                  : model_write_mps(instance, target, error, sizeof error);
            bool write_failed = !written && strstr(error, "cannot write") != NULL;
            if (!written && !write_failed)
                name_output_in(error, sizeof error, target, path);
            /* GLPK misses a failed last write: the file must end as its format does */
            else if (!output_set_check_ending(command_outputs, path, format == 0 ? "End\n" : "ENDATA\n", error,
                                              sizeof error))
                written = false;
            else if (write_failed)
                snprintf(error, sizeof error, "%s: cannot write", path);
            if (written)
                written = output_set_finish(command_outputs, path, error, sizeof error);
        }
        if (!written) {
            print_error("%s", error);
            exit_code = EXIT_INTERNAL;
        }
    }
    if (exit_code == EXIT_DONE && !output_set_commit(command_outputs, error, sizeof error)) {
        print_error("%s", error);
        exit_code = EXIT_INTERNAL;
    }
    if (exit_code == EXIT_DONE)
        print_files_written(paths, 3);
    instance_free(instance);
    return exit_code;
}

struct size_output {
    const struct size_report *report;
    const struct instance *instance;
};

static bool write_size_csv(const void *context, FILE *stream)
{
    const struct size_output *output = context;
    return size_write_csv(output->report, output->instance, stream);
}

static int run_size(const struct command_line *line)
{
    int exit_code = EXIT_DONE;
    char *name = NULL;
    struct instance *instance = command_instance(line, &name, &exit_code);
    if (instance == NULL)
        return exit_code;
    struct solve_options options;
    set_solve_options(line, &options);
    options.progress = terminal_progress(line->quiet); /* as for plan */
    struct size_report report;
    bool no_plan = false;
    char error[512];
    if (!size_run(instance, &options, name, &report, &no_plan, error, sizeof error)) {
        print_error("%s: %s", display_name(line->instance_path), error);
        exit_code = no_plan ? EXIT_NO_PLAN : EXIT_INTERNAL;
    } else {
        bool written = line->json ? size_write_json(&report, instance, name, stdout)
                                  : size_write_table(&report, instance, stdout);
        if (!written)
            exit_code = EXIT_INTERNAL;
        struct size_output output = {&report, instance};
        if (exit_code == EXIT_DONE && line->csv_path != NULL) {
            if (write_with(line->csv_path, write_size_csv, &output))
                print_files_written(&line->csv_path, 1);
            else
                exit_code = EXIT_INTERNAL;
        }
        if (interrupted)
            print_error("interrupted: the sizing shown is from the best plans found");
        size_report_free(&report);
    }
    instance_free(instance);
    mem_free(name);
    return exit_code;
}

struct compare_output {
    const struct compare_column *columns;
    int count;
    const char *instance_name;
};

static bool write_compare_csv(const void *context, FILE *stream)
{
    const struct compare_output *output = context;
    return compare_write_csv(output->columns, output->count, stream);
}

static bool write_compare_html(const void *context, FILE *stream)
{
    const struct compare_output *output = context;
    return compare_write_html(output->columns, output->count, output->instance_name, stream);
}

static bool write_compare_json(const void *context, FILE *stream)
{
    const struct compare_output *output = context;
    return compare_write_json(output->columns, output->count, output->instance_name, stream);
}

static int run_compare(const struct command_line *line)
{
    if (line->scenario_count == 0)
        return usage_error("compare needs at least one -s SCENARIO");
    int exit_code = check_output_paths(line);
    if (exit_code != EXIT_DONE)
        return exit_code;
    size_t length = 0;
    char *text = read_instance_text(line->instance_path, &length, &exit_code);
    if (text == NULL)
        return exit_code;
    int count = line->scenario_count + (line->base ? 1 : 0);
    struct instance **instances = mem_calloc((size_t)count, sizeof *instances);
    char **names = mem_calloc((size_t)count, sizeof *names);
    struct compare_column *columns = mem_calloc((size_t)count, sizeof *columns);
    char *instance_name = NULL;
    if (instances == NULL || names == NULL || columns == NULL) {
        print_error("out of memory");
        exit_code = EXIT_INTERNAL;
        goto done;
    }
    /* every scenario is checked before anything is solved */
    for (int i = 0; i < count && exit_code == EXIT_DONE; i++) {
        int s = line->base ? i - 1 : i;
        instances[i] = parse_instance_text(text, length, line->instance_path, &exit_code);
        if (instances[i] == NULL)
            break;
        if (s < 0) {
            names[i] = mem_strdup("base");
            if (names[i] == NULL) {
                print_error("out of memory");
                exit_code = EXIT_INTERNAL;
            }
        } else {
            apply_scenario_file(instances[i], line->scenario_paths[s], &names[i], &exit_code);
        }
        columns[i].name = names[i];
        columns[i].file = s < 0 ? NULL : line->scenario_paths[s];
    }
    if (exit_code != EXIT_DONE)
        goto done;
    instance_name = mem_strdup(instances[0]->name);
    if (instance_name == NULL) {
        print_error("out of memory");
        exit_code = EXIT_INTERNAL;
        goto done;
    }
    struct solve_options options;
    set_solve_options(line, &options);
    options.progress = terminal_progress(line->quiet); /* as for plan */
    bool unsolved = false;
    for (int i = 0; i < count && !interrupted; i++) {
        char error[512];
        progress_line(options.progress, "%s: scenario %d of %d: %s", program, i + 1, count,
                      names[i]);
        enum solve_status status;
        struct plan *plan = compare_solve_plan(instances[i], &options, line->base && i == 0 ? NULL : names[i],
                                               &status, error, sizeof error);
        if (plan == NULL && status == SOLVE_OPTIMAL) {
            print_error("%s: %s", names[i], error);
            exit_code = EXIT_INTERNAL;
            goto done;
        }
        if (plan == NULL) {
            print_error("%s: %s", names[i], error);
            columns[i].kpis.status = status;
            unsolved = true;
            continue;
        }
        if (!compare_column_fill(&columns[i], plan, instances[i])) {
            print_error("out of memory");
            exit_code = EXIT_INTERNAL;
            plan_free(plan);
            goto done;
        }
        columns[i].solved = true;
        plan_free(plan);
        instance_free(instances[i]);
        instances[i] = NULL;
    }
    if (interrupted)
        print_error("interrupted: scenarios not yet solved are shown as no plan");
    struct compare_output output = {columns, count, instance_name};
    struct output_request outputs[] = {
        {line->json ? (line->plan_path != NULL ? line->plan_path : "-") : NULL, write_compare_json,
         &output},
        {line->csv_path, write_compare_csv, &output},
        {line->html_path, write_compare_html, &output},
    };
    if (!line->json && (!compare_write_table(columns, count, stdout) ||
                        !compare_write_team_table(columns, count, stdout)))
        exit_code = EXIT_INTERNAL;
    if (exit_code == EXIT_DONE && !write_outputs(outputs, (int)(sizeof outputs / sizeof outputs[0])))
        exit_code = EXIT_INTERNAL;
    else if (exit_code == EXIT_DONE)
        print_outputs_written(outputs, (int)(sizeof outputs / sizeof outputs[0]));
    if (exit_code == EXIT_DONE && (unsolved || interrupted))
        exit_code = EXIT_NO_PLAN;
done:
    for (int i = 0; instances != NULL && i < count; i++)
        instance_free(instances[i]);
    for (int i = 0; names != NULL && i < count; i++)
        mem_free(names[i]);
    for (int i = 0; columns != NULL && i < count; i++)
        compare_column_free(&columns[i]);
    mem_free(instances);
    mem_free(names);
    mem_free(columns);
    mem_free(instance_name);
    mem_free(text);
    return exit_code;
}

/* `caseload generate`: options map one to one onto struct generate_options. */
static int run_generate(int argc, char **argv)
{
    struct generate_options options;
    generate_default_options(&options);
    const char *output_path = "-";
    int months = 0; /* --months N: a history of N monthly snapshots into the folder -o */
    for (int i = 2; i < argc; i++) {
        const char *flag = argv[i];
        if (strcmp(flag, "-h") == 0 || strcmp(flag, "--help") == 0) {
            fputs(help_generate, stdout);
            return EXIT_DONE;
        }
        if (i + 1 >= argc)
            return usage_error("generate: %s needs a value", flag);
        const char *value = argv[++i];
        double number = 0;
        bool numeric = parse_number(value, 0, 1e9, &number);
        if (strcmp(flag, "-o") == 0)
            output_path = value;
        else if (strcmp(flag, "--months") == 0) {
            if (!numeric || number < 1 || number > FORECAST_MAX_MONTHS || number != (int)number)
                return usage_error("generate: --months wants 1 to %d, not \"%s\"", FORECAST_MAX_MONTHS, value);
            months = (int)number;
        }
        else if (strcmp(flag, "--preset") == 0) {
            if (!generate_set_preset(&options, value))
                return usage_error("generate: unknown preset \"%s\"", value);
        } else if (strcmp(flag, "--date") == 0) {
            if (!generate_set_date(&options, value))
                return usage_error("generate: --date wants YYYY-MM-DD, not \"%s\"", value);
        } else if (!numeric)
            return usage_error("generate: %s wants a number, not \"%s\"", flag, value);
        else if (!generate_set_number(&options, flag + 2, number))
            return usage_error("generate: unknown or out-of-range option %s %s", flag, value);
    }
    char error[1024];
    if (!generate_check_options(&options, error, sizeof error))
        return usage_error("generate: %s", error);
    if (months > 0) {
        if (strcmp(output_path, "-") == 0)
            return usage_error("generate: --months writes a folder: give it with -o FOLDER");
        if (!generate_write_history(&options, months, output_path, error, sizeof error)) {
            print_error("generate: %s", error);
            return EXIT_INTERNAL;
        }
        return EXIT_DONE;
    }
    const char *option = "-o";
    int exit_code = outputs_begin(NULL, 0, &option, &output_path, 1, OUTPUT_FILE, false);
    if (exit_code != EXIT_DONE)
        return exit_code;
    FILE *stream = output_set_stream(command_outputs, output_path, error, sizeof error);
    if (stream == NULL) {
        print_error("%s", error);
        return EXIT_INTERNAL;
    }
    if (!generate_write(&options, stream, error, sizeof error)) {
        print_error("generate: %s: %s", strcmp(output_path, "-") == 0 ? "standard output" : output_path, error);
        return EXIT_INTERNAL;
    }
    if (!output_set_commit(command_outputs, error, sizeof error)) {
        print_error("%s", error);
        return EXIT_INTERNAL;
    }
    print_files_written(&output_path, 1);
    return EXIT_DONE;
}

/* `caseload convert`: a folder becomes a JSON file; a JSON file becomes a new
 * folder, built beside the target and swapped in whole, so that a failure (a full
 * disk) never leaves a mix of old and new files. An existing non-empty folder is
 * replaced only with --force, and only when it holds nothing but the files
 * convert writes. */
static int run_convert(int argc, char **argv)
{
    const char *input = NULL, *output = NULL;
    bool force = false;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(help_convert, stdout);
            return EXIT_DONE;
        }
        if (strcmp(argv[i], "--force") == 0)
            force = true;
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc && output == NULL)
            output = argv[++i];
        else if ((argv[i][0] != '-' || strcmp(argv[i], "-") == 0) && input == NULL)
            input = argv[i];
        else
            return usage_error("convert: give INPUT -o OUTPUT [--force]");
    }
    if (input == NULL || output == NULL)
        return usage_error("convert: give INPUT -o OUTPUT [--force]");
    bool from_folder = spreadsheet_is_folder(input);
    const char *option = "-o";
    int exit_code = outputs_begin(&input, 1, &option, &output, 1, from_folder ? OUTPUT_FILE : OUTPUT_FOLDER,
                                  force);
    if (exit_code != EXIT_DONE)
        return exit_code;
    size_t length = 0;
    char error[1024];
    if (from_folder) {
        char *json = read_instance_text(input, &length, &exit_code);
        if (json == NULL)
            return exit_code;
        FILE *stream = output_set_stream(command_outputs, output, error, sizeof error);
        bool written = stream != NULL && fwrite(json, 1, length, stream) == length;
        mem_free(json);
        if (stream != NULL && !output_set_finish(command_outputs, output, error, sizeof error))
            written = false;
        if (!written || !output_set_commit(command_outputs, error, sizeof error)) {
            print_error("%s", error);
            return EXIT_INTERNAL;
        }
        print_files_written(&output, 1);
        return EXIT_DONE;
    }
    char *text = read_instance_text(input, &length, &exit_code);
    if (text == NULL)
        return exit_code;
    struct diag diag;
    diag_init(&diag, display_name(input));
    const char *folder = output_set_write_path(command_outputs, output);
    exit_code = spreadsheet_write_folder(text, length, folder, &diag, error, sizeof error);
    if (exit_code == EXIT_DONE && !output_set_commit(command_outputs, error, sizeof error))
        exit_code = EXIT_INTERNAL;
    if (exit_code == EXIT_INPUT)
        exit_code = report_diagnostics(&diag);
    else if (exit_code == EXIT_INTERNAL) {
        name_output_in(error, sizeof error, folder, output);
        print_error("%s", error);
    } else if (exit_code == EXIT_DONE) {
        print_files_written(&output, 1);
    }
    diag_free(&diag);
    mem_free(text);
    return exit_code;
}

static int run_explain(int argc, char **argv)
{
    const char *positional[3] = {NULL, NULL, NULL};
    int positional_count = 0;
    const char *scenario_path = NULL;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(help_explain, stdout);
            return EXIT_DONE;
        }
        if (strcmp(argv[i], "-s") == 0 || strcmp(argv[i], "--scenario") == 0) {
            if (i + 1 >= argc || scenario_path != NULL)
                return usage_error("explain: -s needs one scenario file");
            scenario_path = argv[++i];
        } else if (argv[i][0] == '-' && strcmp(argv[i], "-") != 0) {
            return usage_error("explain: unknown option %s", argv[i]);
        } else if (positional_count == 3) {
            return usage_error("explain: give INSTANCE PLAN.json CHILD");
        } else {
            positional[positional_count++] = argv[i];
        }
    }
    if (positional_count != 3)
        return usage_error("explain: give INSTANCE PLAN.json CHILD");
    const char *instance_path = positional[0], *plan_path = positional[1], *child_id = positional[2];
    int exit_code = EXIT_DONE;
    char *name = NULL;
    struct instance *instance = load_instance(instance_path, scenario_path, &name, &exit_code);
    if (instance == NULL)
        return exit_code;
    struct diag diag;
    diag_init(&diag, display_name(plan_path));
    struct plan_file *plan = plan_read_file_for(plan_path, instance, name, &diag);
    if (plan == NULL) {
        exit_code = report_diagnostics(&diag);
    } else {
        int child = plan_find_child(instance, child_id);
        struct explanation explanation;
        char error[512];
        if (child < 0) {
            char quoted[96]; /* an identity code given as CHILD is never echoed */
            print_error("%s: no child %s in the instance", display_name(instance_path),
                        message_quote(quoted, sizeof quoted, child_id));
            exit_code = EXIT_INPUT;
        } else if (!explain_build(instance, plan->assignee, child, &explanation, error, sizeof error)) {
            print_error("%s", error);
            exit_code = EXIT_INTERNAL;
        } else {
            if (!explain_write(&explanation, instance, plan->reason[child], 5, stdout))
                exit_code = EXIT_INTERNAL;
            explain_free(&explanation);
        }
    }
    plan_file_free(plan);
    diag_free(&diag);
    instance_free(instance);
    mem_free(name);
    return exit_code;
}

/* --- caseload forecast and caseload size -f (DESIGN.md §6) ------------------ */

static const char *help_forecast =
    "Usage: caseload forecast INSTANCE -f FORECAST.json [-s SCENARIO] [-o OUT.json]\n"
    "                         [--csv F] [--html F] [--threads N] [--time-limit S] [-q]\n"
    "       caseload size INSTANCE -f FORECAST.json [-s SCENARIO] [--json] [--threads N]\n"
    "\n"
    "Simulates the months ahead (DESIGN.md §6): month 0 is the instance after its\n"
    "plan; then each month workers leave or start (the file's events), clients close,\n"
    "children of open and substitute care turn 18 (aftercare ends at 25), new\n"
    "families arrive (Poisson per service and municipality) and the children without\n"
    "a worker are placed by the model, everyone else keeping their worker. Many\n"
    "samples give, per month and team, the counted children (mean, 10/50/90 %),\n"
    "the capacity, workers and children over the cap and the risk: the share of\n"
    "samples in which at least one worker of the team is over the cap. Per worker,\n"
    "the risk on each THL census date (second Tuesday of April and October).\n"
    "Rates come from the file or are estimated from its `history` snapshots.\n"
    "\n"
    "`size -f` finds the fewest hires per team, recruited now and working from\n"
    "month lead_months, that keep every month's team risk at most `risk`.\n"
    "\n"
    "  -f FORECAST      a caseload-forecast/1 file (months, samples, seed, risk,\n"
    "                   lead_months, history, intake, closure, family_sizes, events)\n"
    "  -s SCENARIO      apply a caseload-scenario/1 first\n"
    "  -o FILE          the caseload-forecast-result/1 JSON (default: a summary only)\n"
    "  --csv FILE       month x team table, semicolon CSV with BOM and decimal comma\n"
    "  --html FILE      each team's band against its capacity, census dates marked\n"
    "  --json           size -f: the sizing as JSON instead of the table\n"
    "  --threads N      samples run at once (default: the cores); the output is the\n"
    "                   same bytes for the same seed whatever N\n"
    "  --time-limit S   limit of the month-0 plan (default 60)\n"
    "  -q, --quiet      no progress line\n"
    "\n"
    "Exit 3 on invalid input (unknown keys, a rate neither given nor estimable,\n"
    "history out of date order or of another county, an event outside the horizon\n"
    "or naming an unknown worker), 4 when the month-0 plan finds none.\n"
    "Example: caseload forecast instances/keski-suomi.json -f outlook.json --html outlook.html\n";

struct forecast_output {
    const struct forecast_result *result;
    const struct forecast_spec *spec;
    const struct instance *instance;
};

static bool write_forecast_json(const void *context, FILE *stream)
{
    const struct forecast_output *output = context;
    return forecast_write_json(output->result, output->spec, output->instance, stream);
}

static bool write_forecast_csv(const void *context, FILE *stream)
{
    const struct forecast_output *output = context;
    return forecast_write_csv(output->result, output->instance, stream);
}

static bool write_forecast_html(const void *context, FILE *stream)
{
    const struct forecast_output *output = context;
    return forecast_write_html(output->result, output->spec, output->instance, stream);
}

/* True when argv holds -f: `size` then sizes against a forecast. */
static bool has_forecast_flag(int argc, char **argv)
{
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "-f") == 0 || strcmp(argv[i], "--forecast") == 0)
            return true;
    return false;
}

/* A one-screen summary of a forecast on standard output. */
static void print_forecast_summary(const struct forecast_result *result,
                                   const struct forecast_spec *spec, const struct instance *instance)
{
    printf("%s: %d months, %d samples, seed %llu\n", spec->name, spec->months, spec->samples,
           (unsigned long long)spec->seed);
    printf("month  date        counted (10-90 %%)       capacity  over-cap workers  risk\n");
    for (int m = 0; m <= result->months; m++) {
        const struct forecast_cell *cell = &result->county[m];
        printf("%5d  %04d-%02d-%02d  %7.1f (%5d-%5d)  %8.0f  %16.2f  %4.2f%s\n", m, result->dates[m].year,
               result->dates[m].month, result->dates[m].day, cell->counted.mean, cell->counted.p10,
               cell->counted.p90, cell->capacity, cell->workers_over_cap, cell->risk,
               result->census[m] ? "  census" : "");
    }
    printf("\nteams whose risk exceeds %g in some month from month %d on:\n", spec->risk, spec->lead_months);
    int shown = 0;
    for (int t = 0; t < result->team_count; t++) {
        double worst = forecast_team_max_risk(result, t, spec->lead_months);
        if (worst > spec->risk) {
            printf("  %-24s max risk %.2f\n", instance->teams[t].id, worst);
            shown++;
        }
    }
    if (shown == 0)
        printf("  none\n");
}

static int run_forecast(int argc, char **argv)
{
    bool sizing_mode = strcmp(argv[1], "size") == 0;
    struct command_line line = {.command = argv[1], .time_limit = 60.0};
    const char *forecast_path = NULL;
    for (int i = 2; i < argc; i++) {
        const char *argument = argv[i];
        const char **target = NULL;
        if (strcmp(argument, "-h") == 0 || strcmp(argument, "--help") == 0) {
            fputs(help_forecast, stdout);
            return EXIT_DONE;
        }
        if (strcmp(argument, "-q") == 0 || strcmp(argument, "--quiet") == 0) {
            line.quiet = true;
            continue;
        }
        if (sizing_mode && strcmp(argument, "--json") == 0) {
            line.json = true;
            continue;
        }
        if (argument[0] != '-' || strcmp(argument, "-") == 0) {
            if (line.instance_path != NULL)
                return usage_error("%s: more than one instance given", line.command);
            line.instance_path = argument;
            continue;
        }
        if (strcmp(argument, "-f") == 0 || strcmp(argument, "--forecast") == 0)
            target = &forecast_path;
        else if (strcmp(argument, "-s") == 0 || strcmp(argument, "--scenario") == 0)
            target = &line.scenario_paths[0];
        else if (!sizing_mode && strcmp(argument, "-o") == 0)
            target = &line.plan_path;
        else if (!sizing_mode && strcmp(argument, "--csv") == 0)
            target = &line.csv_path;
        else if (!sizing_mode && strcmp(argument, "--html") == 0)
            target = &line.html_path;
        else if (strcmp(argument, "--threads") == 0 || strcmp(argument, "--time-limit") == 0) {
            double number = 0;
            bool threads = strcmp(argument, "--threads") == 0;
            if (i + 1 >= argc)
                return usage_error("%s needs a value", argument);
            if (!parse_number(argv[++i], threads ? 1 : 0.001, threads ? 64 : 1e7, &number) ||
                (threads && number != (int)number))
                return usage_error("%s: not a valid value \"%s\"", argument, argv[i]);
            if (threads)
                line.threads = (int)number;
            else
                line.time_limit = number;
            continue;
        } else
            return usage_error("%s: unknown option %s", line.command, argument);
        if (i + 1 >= argc)
            return usage_error("%s needs a file name", argument);
        if (*target != NULL)
            return usage_error("%s is given twice", argument);
        *target = argv[++i];
    }
    if (line.instance_path == NULL)
        return usage_error("%s: no instance file given", line.command);
    if (forecast_path == NULL)
        return usage_error("%s: no forecast file given (-f FORECAST.json)", line.command);
    line.scenario_count = line.scenario_paths[0] != NULL;
    if (strcmp(forecast_path, "-") == 0 && strcmp(line.instance_path, "-") == 0)
        return usage_error("%s: the instance and the forecast cannot both be standard input", line.command);
    /* every output checked before any work, against the instance, the scenario,
     * the forecast file and each other (as for plan) */
    const char *inputs[] = {line.instance_path, line.scenario_paths[0], forecast_path};
    const char *flags[] = {"-o", "--csv", "--html"};
    const char *paths[] = {line.plan_path, line.csv_path, line.html_path};
    int exit_code = outputs_begin(inputs, 3, flags, paths, 3, OUTPUT_FILE, false);
    if (exit_code != EXIT_DONE)
        return exit_code;
    char *name = NULL;
    struct instance *instance = load_instance(line.instance_path, line.scenario_paths[0], &name, &exit_code);
    if (instance == NULL)
        return exit_code;
    struct diag diag;
    diag_init(&diag, display_name(forecast_path));
    struct forecast_spec *spec = forecast_load(forecast_path, instance, &diag);
    if (spec == NULL || !forecast_estimate_rates(spec, instance, &diag)) {
        exit_code = report_diagnostics(&diag);
        goto done;
    }
    struct forecast_options options;
    forecast_default_options(&options);
    options.threads = line.threads;
    options.plan_time_limit = line.time_limit;
    options.progress = terminal_progress(line.quiet);
    options.interrupted = &interrupted;
    char error[512] = "";
    bool no_plan = false;
    if (sizing_mode) {
        struct forecast_sizing sizing;
        if (!forecast_size(instance, spec, &options, &sizing, &no_plan, error, sizeof error)) {
            print_error("%s: %s", display_name(line.instance_path), error);
            exit_code = no_plan ? EXIT_NO_PLAN : EXIT_INTERNAL;
            goto done;
        }
        bool written = line.json ? forecast_write_sizing_json(&sizing, spec, instance, stdout)
                                 : forecast_write_sizing_table(&sizing, spec, instance, stdout);
        exit_code = written ? EXIT_DONE : EXIT_INTERNAL;
        forecast_sizing_free(&sizing);
        goto done;
    }
    struct forecast_result result;
    if (!forecast_run(instance, spec, NULL, &options, &result, &no_plan, error, sizeof error)) {
        print_error("%s: %s", display_name(line.instance_path), error);
        exit_code = no_plan ? EXIT_NO_PLAN : EXIT_INTERNAL;
        goto done;
    }
    struct forecast_output output = {&result, spec, instance};
    struct output_request requests[] = {{line.plan_path, write_forecast_json, &output},
                                        {line.csv_path, write_forecast_csv, &output},
                                        {line.html_path, write_forecast_html, &output}};
    if (!write_outputs(requests, 3)) {
        exit_code = EXIT_INTERNAL;
    } else {
        if (line.plan_path == NULL || strcmp(line.plan_path, "-") != 0)
            print_forecast_summary(&result, spec, instance);
        print_files_written(paths, 3);
    }
    forecast_result_free(&result);
done:
    forecast_spec_free(spec);
    diag_free(&diag);
    instance_free(instance);
    mem_free(name);
    return exit_code;
}

static const char *command_help(const char *command)
{
    if (strcmp(command, "check") == 0)
        return help_check;
    if (strcmp(command, "plan") == 0)
        return help_plan;
    if (strcmp(command, "export") == 0)
        return help_export;
    if (strcmp(command, "generate") == 0)
        return help_generate;
    if (strcmp(command, "size") == 0)
        return help_size;
    if (strcmp(command, "compare") == 0)
        return help_compare;
    if (strcmp(command, "convert") == 0)
        return help_convert;
    if (strcmp(command, "explain") == 0)
        return help_explain;
    if (strcmp(command, "forecast") == 0)
        return help_forecast;
    return NULL;
}

/* Parse the options of check, plan, size, compare and export into `line`. */
static int parse_command_line(int argc, char **argv, struct command_line *line)
{
    for (int i = 2; i < argc; i++) {
        const char *argument = argv[i];
        const char **target = NULL;
        if (strcmp(argument, "-h") == 0 || strcmp(argument, "--help") == 0) {
            fputs(command_help(line->command), stdout);
            return -1;
        }
        if (strcmp(argument, "--quiet") == 0 || strcmp(argument, "-q") == 0) {
            line->quiet = true;
            continue;
        }
        if (argument[0] != '-' || strcmp(argument, "-") == 0) {
            if (line->instance_path != NULL)
                return usage_error("%s: more than one instance given (%s, %s)", line->command,
                                   line->instance_path, argument);
            line->instance_path = argument;
            continue;
        }
        bool is_plan = strcmp(line->command, "plan") == 0;
        bool is_export = strcmp(line->command, "export") == 0;
        bool is_size = strcmp(line->command, "size") == 0;
        bool is_compare = strcmp(line->command, "compare") == 0;
        bool solves = is_plan || is_size || is_compare;
        if (strcmp(argument, "-s") == 0 || strcmp(argument, "--scenario") == 0) {
            if (i + 1 >= argc)
                return usage_error("%s needs a scenario file", argument);
            if (is_compare && line->scenario_count == MAX_SCENARIOS)
                return usage_error("compare: at most %d scenarios", MAX_SCENARIOS);
            if (!is_compare && line->scenario_count == 1)
                return usage_error("%s: -s is given twice", line->command);
            line->scenario_paths[line->scenario_count++] = argv[++i];
            continue;
        }
        if ((is_size || is_compare) && strcmp(argument, "--json") == 0) {
            line->json = true;
            continue;
        }
        if (solves && strcmp(argument, "--no-cuts") == 0) {
            line->no_cuts = true;
            continue;
        }
        if (is_compare && strcmp(argument, "--base") == 0) {
            line->base = true;
            continue;
        }
        if ((is_plan || is_compare) && strcmp(argument, "-o") == 0)
            target = &line->plan_path;
        else if (solves && strcmp(argument, "--csv") == 0)
            target = &line->csv_path;
        else if (is_plan && strcmp(argument, "--workers-csv") == 0)
            target = &line->workers_csv_path;
        else if (is_plan && strcmp(argument, "--teams-csv") == 0)
            target = &line->teams_csv_path;
        else if (is_plan && strcmp(argument, "--trace") == 0)
            target = &line->trace_path;
        else if ((is_plan || is_compare || strcmp(line->command, "check") == 0) &&
                 strcmp(argument, "--html") == 0)
            target = &line->html_path;
        else if (is_export && strcmp(argument, "--lp") == 0)
            target = &line->lp_path;
        else if (is_export && strcmp(argument, "--mps") == 0)
            target = &line->mps_path;
        else if (is_export && strcmp(argument, "--dat") == 0)
            target = &line->dat_path;
        else if (solves && strcmp(argument, "--threads") == 0) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", argument);
            const char *value = argv[++i];
            double number;
            if (!parse_number(value, 1, SOLVE_MAX_THREADS, &number) || number != (int)number)
                return usage_error("%s wants a whole number from 1 to %d, not \"%s\"", argument,
                                   SOLVE_MAX_THREADS, value);
            line->threads = (int)number;
            continue;
        } else if ((solves || is_export) && strcmp(argument, "--memory-limit") == 0) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", argument);
            const char *value = argv[++i];
            if (!parse_size(value, &line->memory_limit))
                return usage_error("%s wants a size such as 2G or 512M, not \"%s\"", argument,
                                   value);
            continue;
        } else if (solves && (strcmp(argument, "--time-limit") == 0 ||
                             strcmp(argument, "--gap") == 0)) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", argument);
            const char *value = argv[++i];
            bool is_time = strcmp(argument, "--time-limit") == 0;
            double *number = is_time ? &line->time_limit : &line->gap;
            if (!parse_number(value, is_time ? 0.001 : 0.0, is_time ? DBL_MAX : 1.0, number))
                return usage_error("%s wants %s, not \"%s\"", argument,
                                   is_time ? "seconds > 0" : "a relative gap in [0, 1]", value);
            if (is_time && *number > TIME_LIMIT_NONE)
                *number = TIME_LIMIT_NONE; /* no practical limit */
            continue;
        } else
            return usage_error("%s: unknown option %s", line->command, argument);
        if (i + 1 >= argc)
            return usage_error("%s needs a file name", argument);
        *target = argv[++i];
    }
    if (line->instance_path == NULL)
        return usage_error("%s: no instance file given", line->command);
    for (int s = 0; s < line->scenario_count; s++)
        if (strcmp(line->scenario_paths[s], "-") == 0 && strcmp(line->instance_path, "-") == 0)
            return usage_error("%s: the instance and a scenario cannot both be read from standard input",
                               line->command);
    if (strcmp(line->command, "compare") == 0 && line->plan_path != NULL && !line->json)
        return usage_error("compare: -o writes the JSON comparison; give --json too");
    return EXIT_DONE;
}

static int run(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("no command given");
    const char *command = argv[1];
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0) {
        fputs(usage_text, stdout);
        return EXIT_DONE;
    }
    if (strcmp(command, "--version") == 0) {
        printf("caseload %s (GLPK %s)\n", CASELOAD_VERSION, solve_engine_version());
        return EXIT_DONE;
    }
    if (strcmp(command, "help") == 0) {
        if (argc < 3) {
            fputs(usage_text, stdout);
            return EXIT_DONE;
        }
        if (strcmp(argv[2], "help") == 0) {
            fputs(help_help, stdout);
            return EXIT_DONE;
        }
        const char *text = command_help(argv[2]);
        if (text == NULL)
            return usage_error("help: unknown command \"%s\"", argv[2]);
        fputs(text, stdout);
        return EXIT_DONE;
    }
    if (strcmp(command, "generate") == 0)
        return run_generate(argc, argv);
    if (strcmp(command, "convert") == 0)
        return run_convert(argc, argv);
    if (strcmp(command, "explain") == 0)
        return run_explain(argc, argv);
    if (strcmp(command, "forecast") == 0 || (strcmp(command, "size") == 0 && has_forecast_flag(argc, argv)))
        return run_forecast(argc, argv);
    if (command_help(command) == NULL)
        return usage_error("unknown command \"%s\"", command);

    struct command_line line = {.command = command, .time_limit = 60.0, .gap = 1e-4};
    int parsed = parse_command_line(argc, argv, &line);
    if (parsed == -1)
        return EXIT_DONE;
    if (parsed != EXIT_DONE)
        return parsed;
    /* for a command that searches, a signal stops the search, and the best plan
     * found is written: also when it comes while the input is read */
    if (strcmp(command, "plan") == 0 || strcmp(command, "size") == 0 || strcmp(command, "compare") == 0)
        signal_ends_run = 0;
    if (strcmp(command, "check") == 0)
        return run_check(&line);
    if (strcmp(command, "plan") == 0)
        return run_plan(&line);
    if (strcmp(command, "size") == 0)
        return run_size(&line);
    if (strcmp(command, "compare") == 0)
        return run_compare(&line);
    return run_export(&line);
}

int main(int argc, char **argv)
{
    umask(077);
    install_signal_handlers();
#ifdef CASELOAD_TEST_HOOKS
    /* test builds only (make asan): make the N-th allocation fail, so the command
     * tests can walk every allocation of a whole command */
    const char *fail_at = getenv("CASELOAD_FAIL_ALLOC");
    if (fail_at != NULL)
        mem_fail_at(atol(fail_at));
#endif
    int exit_code = run(argc, argv);
    output_set_free(command_outputs); /* any temporary file not committed goes too */
    command_outputs = NULL;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        print_error("standard output: write failed");
        if (exit_code == EXIT_DONE || exit_code == EXIT_VIOLATIONS)
            exit_code = EXIT_INTERNAL;
    }
    return exit_code;
}
