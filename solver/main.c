/* main.c - the caseload command line: parses arguments, runs a command, maps
 * every outcome to the exit codes of DESIGN.md §4. The only module that prints to
 * the terminal on its own or exits. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
#include "solve.h"
#include "spreadsheet.h"
#include "plan_read.h"
#include "explain.h"

static const char *program = "caseload";

/* Set by SIGINT: the solver stops and the best plan found is written. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int signal_number)
{
    (void)signal_number;
    interrupted = 1;
}

static const char *usage_text =
    "Usage: caseload COMMAND [OPTIONS]\n"
    "\n"
    "Assigns child-welfare clients to eligible social workers so that no worker\n"
    "has more children than the legal cap (Lastensuojelulaki 13 b §), as a\n"
    "mixed-integer program solved by GLPK.\n"
    "\n"
    "Commands:\n"
    "  check    INSTANCE [-s SCENARIO] [--html F]\n"
    "                                     per-worker compliance of the current assignment;\n"
    "                                     exit 1 when any worker is over the cap\n"
    "  plan     INSTANCE [-s SCENARIO] [-o PLAN.json] [--csv PLAN.csv] [--html F]\n"
    "                    [--workers-csv F] [--teams-csv F] [--time-limit S] [--gap G]\n"
    "                                     an optimal reallocation plan\n"
    "  size     INSTANCE [-s SCENARIO] [--json] [--csv F]\n"
    "                                     hires per team needed so that no worker is over the cap\n"
    "  compare  INSTANCE -s A.json -s B.json ... [--base] [--json] [--csv F]\n"
    "                                     the key figures of several scenarios side by side\n"
    "  export   INSTANCE [-s SCENARIO] --lp F | --mps F | --dat F\n"
    "                                     the model for other solvers (CPLEX LP, free MPS)\n"
    "                                     or as data for models/caseload.mod (MathProg)\n"
    "  generate [--preset keski-suomi|kymenlaakso] [--seed N] [--counties N] ... [-o F]\n"
    "                                     a synthetic instance (see `caseload help generate`)\n"
    "  convert  FOLDER -o INSTANCE.json | INSTANCE.json -o FOLDER\n"
    "                                     spreadsheet files (CSV) to an instance and back\n"
    "  explain  INSTANCE PLAN.json CHILD  why the plan put a child where it did\n"
    "  help     [COMMAND]                 this text, or the options of one command\n"
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
    "                     [--quiet]\n"
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
    "  --time-limit S   stop after S seconds with the best plan found (default 60)\n"
    "  --gap G          stop when proven within relative gap G (default 0.0001)\n"
    "  --threads N      parts of the model solved at once (default: the cores, at\n"
    "                   most 4); the plan is the same whatever N\n"
    "  --trace FILE     the search over time, one tab-separated line per event:\n"
    "                   seconds, part, event (first-plan, lp, plan, bound, part,\n"
    "                   done), objective and bound of the whole plan, gap\n"
    "  --no-cuts        search without our own cuts (to measure them)\n"
    "  --quiet          no summary on standard output\n"
    "\n"
    "Ctrl-C stops the search and writes the best plan found, marked with its gap.\n"
    "Exit 4 when no plan could be found in time.\n"
    "Examples: caseload plan instances/keski-suomi.json -o plan.json --csv plan.csv\n"
    "          caseload plan instances/keski-suomi.json -s instances/scenarios/ks-three-leave.json\n";

static const char *help_export =
    "Usage: caseload export INSTANCE [-s SCENARIO] [--lp FILE] [--mps FILE] [--dat FILE]\n"
    "\n"
    "  -s SCENARIO  export the instance after a caseload-scenario/1\n"
    "  --lp FILE    the whole model in CPLEX LP format (CBC, HiGHS, Gurobi ...)\n"
    "  --mps FILE   the whole model in free MPS format\n"
    "  --dat FILE   the instance as MathProg data for models/caseload.mod:\n"
    "               glpsol -m models/caseload.mod -d FILE\n"
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
    "\n"
    "Example: caseload generate --counties 21 --seed 7 -o national.json\n";

static const char *help_size =
    "Usage: caseload size INSTANCE [-s SCENARIO] [--json] [--csv FILE] [--time-limit S]\n"
    "                     [--gap G] [--threads N]\n"
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
    "\n"
    "Exit 4 when no plan could be found.\n"
    "Example: caseload size instances/kymenlaakso.json -s instances/scenarios/kymenlaakso-cap-30.json\n";

static const char *help_compare =
    "Usage: caseload compare INSTANCE -s A.json [-s B.json ...] [--base] [--json]\n"
    "                        [-o FILE] [--csv FILE] [--html FILE] [--time-limit S] [--gap G]\n"
    "                        [--threads N]\n"
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
    "\n"
    "A scenario that cannot be solved shows its status; the exit code is then 4.\n"
    "Example: caseload compare instances/keski-suomi.json --base \\\n"
    "    -s instances/scenarios/ks-north-a.json -s instances/scenarios/ks-north-b.json\n";

static const char *help_convert =
    "Usage: caseload convert FOLDER -o INSTANCE.json\n"
    "       caseload convert INSTANCE.json -o FOLDER\n"
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
    "spreadsheet programs.\n"
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

static void print_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

static void print_error(const char *format, ...)
{
    va_list args;
    fprintf(stderr, "%s: ", program);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
}

/* A usage error: message, pointer to help, exit code 2. */
static int usage_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *format, ...)
{
    va_list args;
    fprintf(stderr, "%s: ", program);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fprintf(stderr, "\nTry `%s --help' for more information.\n", program);
    return EXIT_USAGE;
}

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
    double time_limit;
    double gap;
    int threads;                               /* parts solved at once, 0: the online cores */
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

/* Print every diagnostic of a failed load and return exit code 3 (or 5 when memory
 * ran out before any error could be recorded). */
static int report_diagnostics(const struct diag *diag)
{
    for (int i = 0; i < diag->kept; i++)
        fprintf(stderr, "%s: %s\n", program, diag->messages[i]);
    if (diag->count > diag->kept)
        fprintf(stderr, "%s: %s: %d more errors not shown\n", program, diag->file,
                diag->count - diag->kept);
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

/* The whole instance file, read once (compare parses it once per scenario). */
static char *read_instance_text(const char *path, size_t *length, int *exit_code)
{
    struct diag diag;
    diag_init(&diag, display_name(path));
    char *text = spreadsheet_is_folder(path) ? spreadsheet_read_json(path, length, &diag)
                                             : fileio_read_input(path, length, &diag);
    if (text == NULL)
        *exit_code = report_diagnostics(&diag);
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

/* True when `output` names the same existing file as `input`. */
static bool same_file(const char *input, const char *output)
{
    struct stat input_stat, output_stat;
    if (strcmp(input, "-") == 0 || strcmp(output, "-") == 0)
        return false;
    if (stat(input, &input_stat) != 0 || stat(output, &output_stat) != 0)
        return false;
    return input_stat.st_dev == output_stat.st_dev && input_stat.st_ino == output_stat.st_ino;
}

/* Refuse output paths that would replace the input or another output. */
static int check_output_paths(const struct command_line *line)
{
    const char *outputs[] = {line->plan_path,        line->csv_path, line->workers_csv_path,
                             line->teams_csv_path,   line->lp_path,  line->mps_path,
                             line->dat_path,         line->html_path, line->trace_path};
    size_t count = sizeof outputs / sizeof outputs[0];
    for (size_t i = 0; i < count; i++) {
        if (outputs[i] == NULL)
            continue;
        if (same_file(line->instance_path, outputs[i]) ||
            strcmp(outputs[i], line->instance_path) == 0)
            return usage_error("output file %s would replace the input", outputs[i]);
        for (int s = 0; s < line->scenario_count; s++)
            if (same_file(line->scenario_paths[s], outputs[i]) ||
                strcmp(outputs[i], line->scenario_paths[s]) == 0)
                return usage_error("output file %s would replace the scenario", outputs[i]);
        for (size_t j = i + 1; j < count; j++)
            if (outputs[j] != NULL && strcmp(outputs[i], outputs[j]) == 0 &&
                strcmp(outputs[i], "-") != 0)
                return usage_error("%s is given as two outputs", outputs[i]);
    }
    return EXIT_DONE;
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

/* Write every requested output atomically, all or nothing: each is written to its
 * temporary file and pushed to the disk first, and only when all of them made it
 * are they renamed into place, so a failure (a full disk, a missing folder) never
 * leaves some outputs replaced and others not. Prints the reason on failure. */
static bool write_outputs(const struct output_request *requests, int count)
{
    char error[512];
    struct output_file files[8];
    int opened = 0;
    bool ok = count <= (int)(sizeof files / sizeof files[0]);
    for (int i = 0; ok && i < count; i++) {
        if (requests[i].path == NULL)
            continue;
        ok = fileio_open(&files[opened], requests[i].path, error, sizeof error);
        if (!ok)
            break;
        opened++;
        if (!requests[i].write(requests[i].context, files[opened - 1].stream)) {
            snprintf(error, sizeof error, "%s: write failed", requests[i].path);
            ok = false;
        } else {
            ok = fileio_flush(&files[opened - 1], error, sizeof error);
        }
    }
    for (int i = 0; i < opened; i++) {
        if (!ok)
            fileio_abort(&files[i]);
        else if (!fileio_commit(&files[i], error, sizeof error))
            ok = false; /* later files are still committed: the earlier ones already are */
    }
    if (!ok)
        print_error("%s", error);
    return ok;
}

/* write_outputs for a single file. */
static bool write_with(const char *path, bool (*write)(const void *context, FILE *stream),
                       const void *context)
{
    struct output_request request = {path, write, context};
    return write_outputs(&request, 1);
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
    FILE *sink = stdout;
    FILE *null_stream = NULL;
    if (line->quiet) {
        null_stream = fopen("/dev/null", "w");
        if (null_stream == NULL) {
            print_error("/dev/null: %s", strerror(errno));
            instance_free(instance);
            return EXIT_INTERNAL;
        }
        sink = null_stream;
    }
    bool written = check_write(instance, sink, &report);
    if (null_stream != NULL)
        fclose(null_stream);
    if (!written) {
        print_error("writing the report failed");
        exit_code = EXIT_INTERNAL;
    } else if (line->quiet) {
        printf("%s: workers over the cap %d, children above it %d, unassigned %d\n",
               report.over_cap_workers > 0 ? "NOT COMPLIANT" : "compliant",
               report.over_cap_workers, report.over_cap_children, report.unassigned_children);
    }
    if (exit_code == EXIT_DONE && line->html_path != NULL &&
        !write_with(line->html_path, write_check_html, instance))
        exit_code = EXIT_INTERNAL;
    if (exit_code == EXIT_DONE && report.over_cap_workers > 0)
        exit_code = EXIT_VIOLATIONS;
    instance_free(instance);
    return exit_code;
}

/* Solver settings from the command line; Ctrl-C stops the search. Progress is
 * off: only `plan` shows it, on a terminal. */
static void set_solve_options(const struct command_line *line, struct solve_options *options)
{
    solve_default_options(options);
    options->time_limit = line->time_limit;
    options->gap = line->gap;
    options->threads = line->threads;
    options->cuts = !line->no_cuts;
    options->progress = false;
    options->interrupted = &interrupted;
    signal(SIGINT, on_interrupt);
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
    options.progress = isatty(STDERR_FILENO) && !line->quiet;

    struct solution solution = {0};
    struct plan *plan = NULL;
    char error[512];
    struct output_file trace = {0};
    if (line->trace_path != NULL) {
        if (!fileio_open(&trace, line->trace_path, error, sizeof error)) {
            print_error("%s", error);
            exit_code = EXIT_INTERNAL;
            goto done;
        }
        options.trace = trace.stream;
    }
    bool solved = solve_instance(instance, &options, &solution, error, sizeof error);
    if (line->trace_path != NULL) {
        /* the trace is kept whatever the outcome: it says how far the search got */
        char trace_error[512];
        if (ferror(trace.stream)) {
            fileio_abort(&trace);
            print_error("%s: write failed", line->trace_path);
            exit_code = EXIT_INTERNAL;
        } else if (!fileio_commit(&trace, trace_error, sizeof trace_error)) {
            print_error("%s", trace_error);
            exit_code = EXIT_INTERNAL;
        }
    }
    if (!solved) {
        print_error("%s", error);
        exit_code = EXIT_INTERNAL;
        goto done;
    }
    if (exit_code != EXIT_DONE)
        goto done;
    if (solution.status == SOLVE_INFEASIBLE || solution.status == SOLVE_NO_PLAN) {
        print_error("%s: no plan could be found (%s after %.1f s)", line->instance_path,
                    solve_status_name(solution.status), solution.seconds);
        exit_code = EXIT_NO_PLAN;
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
    if (!write_outputs(outputs, (int)(sizeof outputs / sizeof outputs[0])))
        exit_code = EXIT_INTERNAL;
    if (exit_code == EXIT_DONE && !line->quiet && !plan_write_summary(plan, instance, stdout))
        exit_code = EXIT_INTERNAL;
    if (interrupted)
        print_error("interrupted: the plan written is the best found, gap %.4g", plan->gap);
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
    char error[512];
    struct output_file file;
    const char *paths[] = {line->lp_path, line->mps_path, line->dat_path};
    for (int format = 0; format < 3 && exit_code == EXIT_DONE; format++) {
        const char *path = paths[format];
        if (path == NULL)
            continue;
        if (!fileio_open(&file, path, error, sizeof error)) {
            print_error("%s", error);
            exit_code = EXIT_INTERNAL;
            break;
        }
        bool written;
        if (format == 2) {
            written = export_write_dat(instance, file.stream);
            if (!written)
                snprintf(error, sizeof error, "%s: write failed", path);
        } else {
            /* GLPK writes by file name: let it write the temporary file. */
            const char *target = file.temp_path != NULL ? file.temp_path : "/dev/stdout";
            fflush(file.stream);
            written = format == 0 ? model_write_lp(instance, target, error, sizeof error)
                                  : model_write_mps(instance, target, error, sizeof error);
        }
        if (!written) {
            print_error("%s", error);
            fileio_abort(&file);
            exit_code = EXIT_INTERNAL;
        } else if (!fileio_commit(&file, error, sizeof error)) {
            print_error("%s", error);
            exit_code = EXIT_INTERNAL;
        }
    }
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
        if (exit_code == EXIT_DONE && line->csv_path != NULL &&
            !write_with(line->csv_path, write_size_csv, &output))
            exit_code = EXIT_INTERNAL;
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
    bool unsolved = false;
    for (int i = 0; i < count && !interrupted; i++) {
        char error[512];
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
        compare_plan_kpis(plan, &columns[i].kpis);
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
    if (!line->json && !compare_write_table(columns, count, stdout))
        exit_code = EXIT_INTERNAL;
    if (exit_code == EXIT_DONE && !write_outputs(outputs, (int)(sizeof outputs / sizeof outputs[0])))
        exit_code = EXIT_INTERNAL;
    if (exit_code == EXIT_DONE && (unsolved || interrupted))
        exit_code = EXIT_NO_PLAN;
done:
    for (int i = 0; instances != NULL && i < count; i++)
        instance_free(instances[i]);
    for (int i = 0; names != NULL && i < count; i++)
        mem_free(names[i]);
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
    char error[512];
    struct output_file file;
    if (!fileio_open(&file, output_path, error, sizeof error)) {
        print_error("%s", error);
        return EXIT_INTERNAL;
    }
    if (!generate_write(&options, file.stream, error, sizeof error)) {
        print_error("generate: %s", error);
        fileio_abort(&file);
        return EXIT_INTERNAL;
    }
    if (!fileio_commit(&file, error, sizeof error)) {
        print_error("%s", error);
        return EXIT_INTERNAL;
    }
    return EXIT_DONE;
}

static int run_convert(int argc, char **argv)
{
    if (argc == 3 && (strcmp(argv[2], "-h") == 0 || strcmp(argv[2], "--help") == 0)) {
        fputs(help_convert, stdout);
        return EXIT_DONE;
    }
    if (argc != 5 || strcmp(argv[3], "-o") != 0)
        return usage_error("convert: give INPUT -o OUTPUT");
    const char *input = argv[2], *output = argv[4];
    int exit_code = EXIT_DONE;
    size_t length = 0;
    char error[512];
    if (spreadsheet_is_folder(input)) {
        char *json = read_instance_text(input, &length, &exit_code);
        if (json == NULL)
            return exit_code;
        struct output_file file;
        if (!fileio_open(&file, output, error, sizeof error)) {
            print_error("%s", error);
            mem_free(json);
            return EXIT_INTERNAL;
        }
        fwrite(json, 1, length, file.stream);
        mem_free(json);
        if (!fileio_commit(&file, error, sizeof error)) {
            print_error("%s", error);
            return EXIT_INTERNAL;
        }
        return EXIT_DONE;
    }
    char *text = read_instance_text(input, &length, &exit_code);
    if (text == NULL)
        return exit_code;
    struct diag diag;
    diag_init(&diag, display_name(input));
    exit_code = spreadsheet_write_folder(text, length, output, &diag, error, sizeof error);
    if (exit_code == EXIT_INPUT)
        exit_code = report_diagnostics(&diag);
    else if (exit_code == EXIT_INTERNAL)
        print_error("%s", error);
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
            print_error("%s: no child \"%s\" in the instance", display_name(instance_path), child_id);
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
        } else if (solves && (strcmp(argument, "--time-limit") == 0 ||
                             strcmp(argument, "--gap") == 0)) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", argument);
            const char *value = argv[++i];
            bool is_time = strcmp(argument, "--time-limit") == 0;
            double *number = is_time ? &line->time_limit : &line->gap;
            if (!parse_number(value, is_time ? 0.001 : 0.0, is_time ? 1e7 : 1.0, number))
                return usage_error("%s wants %s, not \"%s\"", argument,
                                   is_time ? "seconds > 0" : "a relative gap in [0, 1]", value);
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
    if (command_help(command) == NULL)
        return usage_error("unknown command \"%s\"", command);

    struct command_line line = {.command = command, .time_limit = 60.0, .gap = 1e-4};
    int parsed = parse_command_line(argc, argv, &line);
    if (parsed == -1)
        return EXIT_DONE;
    if (parsed != EXIT_DONE)
        return parsed;
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
#ifdef CASELOAD_TEST_HOOKS
    /* test builds only (make asan): make the N-th allocation fail, so the command
     * tests can walk every allocation of a whole command */
    const char *fail_at = getenv("CASELOAD_FAIL_ALLOC");
    if (fail_at != NULL)
        mem_fail_at(atol(fail_at));
#endif
    int exit_code = run(argc, argv);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        print_error("standard output: write failed");
        if (exit_code == EXIT_DONE || exit_code == EXIT_VIOLATIONS)
            exit_code = EXIT_INTERNAL;
    }
    return exit_code;
}
