/* cli.c - the command line's option tables, each command's help beside its
 * options, and the one parser that reads them (cli.h). */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_print.h"
#include "cli/cmd.h"

const char *const cli_usage_text =
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
    "                    [--threads N] [--trace F] [--memory-limit M] [--no-cuts]\n"
    "                    [--moves all|law|intake] [--quiet]\n"
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
    "                    [--moves all|law|intake]\n"
    "                                     the model for other solvers (CPLEX LP, free MPS)\n"
    "                                     or as data for models/caseload.mod (MathProg)\n"
    "  generate [--preset keski-suomi|kymenlaakso] [--seed N] [--counties N] [--teams N]\n"
    "           [--substitute-teams N] [--aftercare-teams N] [--municipalities N]\n"
    "           [--workers-per-team N] [--load F] [--intake F] [--siblings F] [--adults F]\n"
    "           [--part-time F] [--leaving F] [--load-spread F] [--central-load F]\n"
    "           [--hiring-teams N] [--hires-per-team N] [--hiring-outside N]\n"
    "           [--distances 0|1] [--locked F] [--date YYYY-MM-DD]\n"
    "           [--months N [--recruit-month K] [--force]] [-o F]\n"
    "                                     a synthetic instance (see `caseload help generate`)\n"
    "  convert  FOLDER -o INSTANCE.json | INSTANCE.json -o FOLDER [--force]\n"
    "                                     spreadsheet files (CSV) to an instance and back\n"
    "  apply    INSTANCE PLAN.json [-s SCENARIO] -o NEXT [--force]\n"
    "                                     the instance after the plan: next month's start\n"
    "                                     (a JSON file, or a CSV folder for a folder)\n"
    "  suggest  INSTANCE FAMILY.json [-s SCENARIO] [-o F] [--quiet]\n"
    "                                     the best workers for one new family, everyone\n"
    "                                     else kept, with reasons\n"
    "  explain  INSTANCE PLAN.json CHILD [-s SCENARIO] [--worker W]\n"
    "                                     why the plan put a child where it did\n"
    "  forecast INSTANCE -f, --forecast FORECAST.json [-s SCENARIO] [-o F] [--csv F]\n"
    "                    [--html F] [--threads N] [--time-limit S] [--memory-limit M]\n"
    "                    [--quiet]\n"
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

const char *const cli_help_help =
    "Usage: caseload help [COMMAND]\n"
    "\n"
    "Prints the overview of every command and option, or with COMMAND (check, plan,\n"
    "size, compare, export, generate, convert, apply, suggest, explain, help) that\n"
    "command's options, what each does, and examples. `caseload COMMAND --help`\n"
    "prints the same.\n"
    "The manual page: man -l doc/caseload.1 (man caseload once installed).\n"
    "\n"
    "Example: caseload help plan\n";

/* --- check ---------------------------------------------------------------- */

static const char *const help_check =
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

static const struct cli_option check_options[] = {
    {"-s", "--scenario", CLI_SCENARIO, offsetof(struct command_line, scenario_paths)},
    {"--html", NULL, CLI_FILE, offsetof(struct command_line, html_path)},
    {"--quiet", "-q", CLI_FLAG, offsetof(struct command_line, quiet)},
    {NULL, NULL, CLI_FLAG, 0},
};

/* --- plan ----------------------------------------------------------------- */

static const char *const help_plan =
    "Usage: caseload plan INSTANCE [-s SCENARIO] [-o PLAN.json] [--csv PLAN.csv]\n"
    "                     [--html FILE] [--workers-csv F] [--teams-csv F]\n"
    "                     [--time-limit S] [--gap G] [--threads N] [--trace FILE]\n"
    "                     [--memory-limit SIZE] [--no-cuts] [--moves all|law|intake]\n"
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
    "  --moves POLICY   who may move: all (default: every child), law (children\n"
    "                   without a worker and those of workers over the cap), intake\n"
    "                   (only children without a worker); overrides rules.moves\n"
    "  --quiet          no summary on standard output\n"
    "\n"
    "Ctrl-C (or SIGTERM, SIGHUP) stops the search and writes the best plan found,\n"
    "marked with its gap.\n"
    "Exit 4 when no plan could be found in time.\n"
    "Examples: caseload plan instances/keski-suomi.json -o plan.json --csv plan.csv\n"
    "          caseload plan instances/keski-suomi.json -s instances/scenarios/ks-three-leave.json\n";

static const struct cli_option plan_options[] = {
    {"-s", "--scenario", CLI_SCENARIO, offsetof(struct command_line, scenario_paths)},
    {"-o", NULL, CLI_FILE, offsetof(struct command_line, plan_path)},
    {"--csv", NULL, CLI_FILE, offsetof(struct command_line, csv_path)},
    {"--html", NULL, CLI_FILE, offsetof(struct command_line, html_path)},
    {"--workers-csv", NULL, CLI_FILE, offsetof(struct command_line, workers_csv_path)},
    {"--teams-csv", NULL, CLI_FILE, offsetof(struct command_line, teams_csv_path)},
    {"--trace", NULL, CLI_FILE, offsetof(struct command_line, trace_path)},
    {"--time-limit", NULL, CLI_SECONDS, offsetof(struct command_line, time_limit)},
    {"--gap", NULL, CLI_GAP, offsetof(struct command_line, gap)},
    {"--threads", NULL, CLI_THREADS, offsetof(struct command_line, threads)},
    {"--memory-limit", NULL, CLI_SIZE, offsetof(struct command_line, memory_limit)},
    {"--no-cuts", NULL, CLI_FLAG, offsetof(struct command_line, no_cuts)},
    {"--moves", NULL, CLI_MOVES, offsetof(struct command_line, moves)},
    {"--quiet", "-q", CLI_FLAG, offsetof(struct command_line, quiet)},
    {NULL, NULL, CLI_FLAG, 0},
};

/* --- size ----------------------------------------------------------------- */

static const char *const help_size =
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
    "  --gap G          relative gap of each solve (default 0.0001); the solve with\n"
    "                   hires takes 135 / (O + 135) instead when that is looser (O:\n"
    "                   the objective without hires, at least the optimum with\n"
    "                   them), which proves its plan within 0.45 of a hire's weight\n"
    "                   (135 at 300) of its optimum: no plan with other hires is\n"
    "                   half a hire better\n"
    "  --threads N      parts of the model solved at once (default: the cores, at\n"
    "                   most 4); the plan is the same whatever N\n"
    "  --memory-limit SIZE  memory each solve may use, as for plan\n"
    "\n"
    "Exit 4 when no plan could be found.\n"
    "Example: caseload size instances/kymenlaakso.json -s instances/scenarios/kymenlaakso-cap-30.json\n"
    "With -f FORECAST.json it sizes against the months ahead: `caseload help forecast`.\n";

static const struct cli_option size_options[] = {
    {"-s", "--scenario", CLI_SCENARIO, offsetof(struct command_line, scenario_paths)},
    {"--json", NULL, CLI_FLAG, offsetof(struct command_line, json)},
    {"--csv", NULL, CLI_FILE, offsetof(struct command_line, csv_path)},
    {"--time-limit", NULL, CLI_SECONDS, offsetof(struct command_line, time_limit)},
    {"--gap", NULL, CLI_GAP, offsetof(struct command_line, gap)},
    {"--threads", NULL, CLI_THREADS, offsetof(struct command_line, threads)},
    {"--memory-limit", NULL, CLI_SIZE, offsetof(struct command_line, memory_limit)},
    {"--no-cuts", NULL, CLI_FLAG, offsetof(struct command_line, no_cuts)},
    {"--quiet", "-q", CLI_FLAG, offsetof(struct command_line, quiet)},
    {NULL, NULL, CLI_FLAG, 0},
};

/* --- compare -------------------------------------------------------------- */

static const char *const help_compare =
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

static const struct cli_option compare_options[] = {
    {"-s", "--scenario", CLI_SCENARIO, offsetof(struct command_line, scenario_paths)},
    {"--base", NULL, CLI_FLAG, offsetof(struct command_line, base)},
    {"--json", NULL, CLI_FLAG, offsetof(struct command_line, json)},
    {"-o", NULL, CLI_FILE, offsetof(struct command_line, plan_path)},
    {"--csv", NULL, CLI_FILE, offsetof(struct command_line, csv_path)},
    {"--html", NULL, CLI_FILE, offsetof(struct command_line, html_path)},
    {"--time-limit", NULL, CLI_SECONDS, offsetof(struct command_line, time_limit)},
    {"--gap", NULL, CLI_GAP, offsetof(struct command_line, gap)},
    {"--threads", NULL, CLI_THREADS, offsetof(struct command_line, threads)},
    {"--memory-limit", NULL, CLI_SIZE, offsetof(struct command_line, memory_limit)},
    {"--no-cuts", NULL, CLI_FLAG, offsetof(struct command_line, no_cuts)},
    {"--quiet", "-q", CLI_FLAG, offsetof(struct command_line, quiet)},
    {NULL, NULL, CLI_FLAG, 0},
};

/* --- export --------------------------------------------------------------- */

static const char *const help_export =
    "Usage: caseload export INSTANCE [-s SCENARIO] [--lp FILE] [--mps FILE] [--dat FILE]\n"
    "                       [--memory-limit SIZE] [--moves all|law|intake]\n"
    "\n"
    "  -s SCENARIO  export the instance after a caseload-scenario/1\n"
    "  --lp FILE    the whole model in CPLEX LP format (CBC, HiGHS, Gurobi ...)\n"
    "  --mps FILE   the whole model in free MPS format\n"
    "  --dat FILE   the instance as MathProg data for models/caseload.mod:\n"
    "               glpsol -m models/caseload.mod -d FILE\n"
    "  --memory-limit SIZE  memory the run may use (default: half the physical\n"
    "               memory); a model estimated larger is refused with exit 2\n"
    "  --moves POLICY  the model of that move policy (as plan --moves)\n"
    "\n"
    "Example: caseload export instances/keski-suomi.json --mps ks.mps\n";

static const struct cli_option export_options[] = {
    {"-s", "--scenario", CLI_SCENARIO, offsetof(struct command_line, scenario_paths)},
    {"--lp", NULL, CLI_FILE, offsetof(struct command_line, lp_path)},
    {"--mps", NULL, CLI_FILE, offsetof(struct command_line, mps_path)},
    {"--dat", NULL, CLI_FILE, offsetof(struct command_line, dat_path)},
    {"--memory-limit", NULL, CLI_SIZE, offsetof(struct command_line, memory_limit)},
    {"--moves", NULL, CLI_MOVES, offsetof(struct command_line, moves)},
    {"--quiet", "-q", CLI_FLAG, offsetof(struct command_line, quiet)},
    {NULL, NULL, CLI_FLAG, 0},
};

/* --- generate ------------------------------------------------------------- */

static const char *const help_generate =
    "Usage: caseload generate [--preset NAME] [--seed N] [--counties N] [--teams N]\n"
    "                         [--substitute-teams N] [--aftercare-teams N]\n"
    "                         [--municipalities N] [--workers-per-team N] [--load F] [--intake F]\n"
    "                         [--siblings F] [--adults F] [--part-time F]\n"
    "                         [--leaving F] [--load-spread F] [--hiring-teams N]\n"
    "                         [--hires-per-team N] [--hiring-outside N]\n"
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
    "  --hires-per-team N    hires each of those teams may open (default 1)\n"
    "  --hiring-outside N    open-care teams outside the big town that may hire too (default 0)\n"
    "  --distances 0|1       1: a road-distance table from each office (default 0)\n"
    "  --locked F            share of children who must keep their worker (default 0.02)\n"
    "  --central-load F      load of substitute-care and aftercare teams (default: --load)\n"
    "  --date YYYY-MM-DD     plan date\n"
    "  -o FILE               output file (default standard output)\n"
    "  --months N            a history instead: N monthly snapshots of the forecast's\n"
    "                        process from the generated county, into the folder -o\n"
    "                        (month-01.json ... and rates.json, the stated rates: closure\n"
    "                        0.04/0.02/0.04 a month for open, substitute and aftercare,\n"
    "                        family sizes 0.55/0.27/0.12/0.06, intake replacing closures);\n"
    "                        built beside the folder and put in its place whole, as\n"
    "                        convert does: an existing folder must be empty, or --force\n"
    "  --force               replaces it (it may hold only the files a history holds)\n"
    "  --recruit-month K     with --months: one recruit (FTE 1, id TEAM-recruit) joins each\n"
    "                        open-care team in month K of the history (default 0: none)\n"
    "\n"
    "Example: caseload generate --counties 21 --seed 7 -o national.json\n";

static const struct cli_option generate_options[] = {
    {"-o", NULL, CLI_FILE, offsetof(struct command_line, plan_path)},
    {"--force", NULL, CLI_FLAG, offsetof(struct command_line, force)},
    {"--preset", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--date", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--months", NULL, CLI_GENERATE, offsetof(struct command_line, months)},
    {"--recruit-month", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--seed", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--counties", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--teams", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--substitute-teams", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--aftercare-teams", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--municipalities", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--workers-per-team", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--load", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--intake", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--siblings", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--adults", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--part-time", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--leaving", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--load-spread", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--hiring-teams", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--hires-per-team", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--hiring-outside", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--distances", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--locked", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {"--central-load", NULL, CLI_GENERATE, offsetof(struct command_line, generator)},
    {NULL, NULL, CLI_FLAG, 0},
};

/* --- convert -------------------------------------------------------------- */

static const char *const help_convert =
    "Usage: caseload convert FOLDER -o INSTANCE.json\n"
    "       caseload convert INSTANCE.json -o FOLDER [--force]\n"
    "\n"
    "Turns a folder of spreadsheet files into a caseload-instance/1 JSON file and\n"
    "back. The folder holds settings.csv (key;value rows: name, date, cap, target,\n"
    "road_factor, cross_team, family, moves, weights.TERM), municipalities.csv,\n"
    "teams.csv, workers.csv, children.csv and optionally distances.csv; column\n"
    "names are the JSON keys, a team's area is one cell with names separated by |,\n"
    "an empty cell means absent. Files may be separated by semicolons or commas, UTF-8 with or\n"
    "without BOM, with decimal comma or point. Errors name file, line and column.\n"
    "Every command also accepts such a folder wherever it takes an INSTANCE.\n"
    "Written folders use semicolons, BOM, CRLF and decimal comma, for Finnish\n"
    "spreadsheet programs. A folder is built beside FOLDER and put in its place\n"
    "whole; an existing FOLDER must be empty, or --force replaces it (it may hold\n"
    "only the files convert writes).\n"
    "\n"
    "Examples: caseload convert instances/kymenlaakso.json -o kymenlaakso-csv\n"
    "          caseload plan kymenlaakso-csv -o plan.json\n";

static const struct cli_option convert_options[] = {
    {"-o", NULL, CLI_ONCE, offsetof(struct command_line, plan_path)},
    {"--force", NULL, CLI_FLAG, offsetof(struct command_line, force)},
    {NULL, NULL, CLI_FLAG, 0},
};

/* --- apply ---------------------------------------------------------------- */

static const char *const help_apply =
    "Usage: caseload apply INSTANCE PLAN.json [-s SCENARIO] -o NEXT [--force]\n"
    "\n"
    "Adopts a plan: writes the instance as it stands after the plan, next month's\n"
    "starting point. Every child has the plan's worker; leaving workers and removed\n"
    "teams are gone; a hire the plan opens becomes a worker of its team named\n"
    "TEAM/hire-K (rename it) and the team's max_hires is lower by one; locks are\n"
    "kept; everything else is as in INSTANCE (and SCENARIO). `caseload check NEXT`\n"
    "then reports the plan's \"after\". A plan made for another instance or\n"
    "scenario is refused.\n"
    "\n"
    "  -s SCENARIO  the scenario the plan was made with\n"
    "  -o NEXT      a JSON file, or a CSV folder when INSTANCE is a folder (built\n"
    "               beside NEXT and put in its place whole, as convert does)\n"
    "  --force      replace a non-empty NEXT folder (only the files apply writes)\n"
    "\n"
    "Example: caseload plan instances/keski-suomi.json -o plan.json\n"
    "         caseload apply instances/keski-suomi.json plan.json -o next.json\n";

static const struct cli_option apply_options[] = {
    {"-s", "--scenario", CLI_SCENARIO, offsetof(struct command_line, scenario_paths)},
    {"-o", NULL, CLI_ONCE, offsetof(struct command_line, plan_path)},
    {"--force", NULL, CLI_FLAG, offsetof(struct command_line, force)},
    {NULL, NULL, CLI_FLAG, 0},
};

/* --- suggest -------------------------------------------------------------- */

static const char *const help_suggest =
    "Usage: caseload suggest INSTANCE FAMILY.json [-s SCENARIO] [-o FILE] [--quiet]\n"
    "\n"
    "Who should take a new family, between monthly plans? Ranks every worker (and\n"
    "the first hire of a team that may hire) who may take all of the family's\n"
    "children by what the plan's objective rises when they do and every other child\n"
    "keeps its worker, and prints the best three with their reasons: room under the\n"
    "cap and the target after taking them, km from the office, the team's area,\n"
    "siblings already with the worker; and what the next best costs more. When\n"
    "nobody has room it says so and shows the least harmful choice and the remedy.\n"
    "FAMILY.json is a caseload-family/1: {\"format\": \"caseload-family/1\",\n"
    "\"family\": \"F0042\", \"children\": [{\"id\": \"N1\", \"service\": \"avohuolto\",\n"
    "\"municipality\": \"Laukaa\", \"born\": \"2016-04\"}]} (an existing family id links\n"
    "them to siblings already in care).\n"
    "\n"
    "  -s SCENARIO  apply a caseload-scenario/1 first\n"
    "  -o FILE      every one who may take them as caseload-suggestions/1 JSON\n"
    "  --quiet      nothing on standard output\n"
    "\n"
    "Example: caseload suggest instances/keski-suomi.json family.json\n";

static const struct cli_option suggest_options[] = {
    {"-s", "--scenario", CLI_SCENARIO, offsetof(struct command_line, scenario_paths)},
    {"-o", NULL, CLI_ONCE, offsetof(struct command_line, plan_path)},
    {"--quiet", "-q", CLI_FLAG, offsetof(struct command_line, quiet)},
    {NULL, NULL, CLI_FLAG, 0},
};

/* --- explain -------------------------------------------------------------- */

static const char *const help_explain =
    "Usage: caseload explain INSTANCE PLAN.json CHILD [-s SCENARIO] [--worker W]\n"
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
    "  --worker W   only why the child is not with W (a worker or TEAM/hire-K):\n"
    "               not eligible and by which rule, a rule the move breaks, a tie,\n"
    "               or how many points dearer and why\n"
    "\n"
    "Exit 3 when the plan does not belong to the instance or the child or worker\n"
    "is unknown.\n"
    "Example: caseload explain instances/keski-suomi.json plan.json C000123\n";

static const struct cli_option explain_options[] = {
    {"-s", "--scenario", CLI_SCENARIO, offsetof(struct command_line, scenario_paths)},
    {"--worker", NULL, CLI_ONCE, offsetof(struct command_line, worker_id)},
    {NULL, NULL, CLI_FLAG, 0},
};

/* --- forecast and size -f (DESIGN.md §6) ---------------------------------- */

static const char *const help_forecast =
    "Usage: caseload forecast INSTANCE -f FORECAST.json [-s SCENARIO] [-o OUT.json]\n"
    "                         [--csv F] [--html F] [--threads N] [--time-limit S]\n"
    "                         [--memory-limit SIZE] [-q]\n"
    "       caseload size INSTANCE -f FORECAST.json [-s SCENARIO] [--json] [--threads N]\n"
    "\n"
    "Simulates the months ahead (DESIGN.md §6): month 0 is the instance after its\n"
    "plan; then each month workers leave or start (the file's events), clients close,\n"
    "children of open and substitute care turn 18 (aftercare ends at 25), new\n"
    "families arrive (Poisson per service and municipality) and the children without\n"
    "a worker, with the counted children of every worker over the cap that month,\n"
    "are placed by the model, everyone else keeping their worker. Many\n"
    "samples give, per month and team, the counted children (mean, 10/50/90 %),\n"
    "the capacity, workers and children over the cap and the risk: the share of\n"
    "samples in which at least one worker of the team is over the cap. Per worker,\n"
    "the risk on each THL census date (second Tuesday of April and October).\n"
    "Rates come from the file or are estimated from its `history` snapshots.\n"
    "\n"
    "`size -f` finds the fewest hires per team, each with the month it must start\n"
    "working (lead_months at the earliest), that keep every month's team risk from\n"
    "then on at most `risk`; months before any recruit can start are named in words.\n"
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
    "  --time-limit S   the whole run: every sample must be done within S seconds\n"
    "                   (else exit 5, nothing written); the month-0 plan gets half\n"
    "                   of it (without the option: the month-0 plan 60 s, the\n"
    "                   samples unbounded)\n"
    "  --memory-limit SIZE  the memory the run may use (e.g. 2G; default half the\n"
    "                   physical memory): a forecast estimated larger is refused\n"
    "                   (exit 2) before it runs\n"
    "  -q, --quiet      no progress line\n"
    "\n"
    "Exit 3 on invalid input (unknown keys, a rate neither given nor estimable,\n"
    "history out of date order or of another county, an event outside the horizon\n"
    "or naming an unknown worker), 4 when the month-0 plan finds none.\n"
    "Example: caseload forecast instances/keski-suomi.json -f outlook.json --html outlook.html\n";

static const struct cli_option forecast_options[] = {
    {"-f", "--forecast", CLI_ONCE, offsetof(struct command_line, forecast_path)},
    {"-s", "--scenario", CLI_SCENARIO, offsetof(struct command_line, scenario_paths)},
    {"-o", NULL, CLI_ONCE, offsetof(struct command_line, plan_path)},
    {"--csv", NULL, CLI_ONCE, offsetof(struct command_line, csv_path)},
    {"--html", NULL, CLI_ONCE, offsetof(struct command_line, html_path)},
    {"--threads", NULL, CLI_THREADS, offsetof(struct command_line, threads)},
    {"--time-limit", NULL, CLI_SECONDS, offsetof(struct command_line, time_limit)},
    {"--memory-limit", NULL, CLI_SIZE, offsetof(struct command_line, memory_limit)},
    {"--quiet", "-q", CLI_FLAG, offsetof(struct command_line, quiet)},
    {NULL, NULL, CLI_FLAG, 0},
};

static const struct cli_option size_forecast_options[] = {
    {"-f", "--forecast", CLI_ONCE, offsetof(struct command_line, forecast_path)},
    {"-s", "--scenario", CLI_SCENARIO, offsetof(struct command_line, scenario_paths)},
    {"--json", NULL, CLI_FLAG, offsetof(struct command_line, json)},
    {"--threads", NULL, CLI_THREADS, offsetof(struct command_line, threads)},
    {"--time-limit", NULL, CLI_SECONDS, offsetof(struct command_line, time_limit)},
    {"--memory-limit", NULL, CLI_SIZE, offsetof(struct command_line, memory_limit)},
    {"--quiet", "-q", CLI_FLAG, offsetof(struct command_line, quiet)},
    {NULL, NULL, CLI_FLAG, 0},
};

/* --- the commands ------------------------------------------------------------ */

static const struct cli_command commands[] = {
    {"check", help_check, check_options, 1, NULL, false, cmd_check},
    {"plan", help_plan, plan_options, 1, NULL, true, cmd_plan},
    {"size", help_size, size_options, 1, NULL, true, cmd_size},
    {"compare", help_compare, compare_options, 1, NULL, true, cmd_compare},
    {"export", help_export, export_options, 1, NULL, false, cmd_export},
    {"generate", help_generate, generate_options, 0, "generate: give options only, e.g. --seed 7 -o F", false,
     cmd_generate},
    {"convert", help_convert, convert_options, 1, "convert: give INPUT -o OUTPUT [--force]", false, cmd_convert},
    {"explain", help_explain, explain_options, 3, "explain: give INSTANCE PLAN.json CHILD", false, cmd_explain},
    {"apply", help_apply, apply_options, 2, "apply: give INSTANCE PLAN.json -o NEXT", false, cmd_apply},
    {"suggest", help_suggest, suggest_options, 2, "suggest: give INSTANCE FAMILY.json", false, cmd_suggest},
    {"forecast", help_forecast, forecast_options, 1, NULL, false, cmd_forecast},
};
/* `size -f FORECAST.json`: recruitment sized against the months ahead */
static const struct cli_command size_forecast = {"size", help_forecast, size_forecast_options, 1, NULL, false,
                                                 cmd_forecast};

/* True when argv holds -f: `size` then sizes against a forecast. */
static bool has_forecast_flag(int argc, char **argv)
{
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "-f") == 0 || strcmp(argv[i], "--forecast") == 0)
            return true;
    return false;
}

const struct cli_command *cli_find_command(const char *name, int argc, char **argv)
{
    if (strcmp(name, "size") == 0 && has_forecast_flag(argc, argv))
        return &size_forecast;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

const char *cli_command_help(const char *name)
{
    const struct cli_command *command = cli_find_command(name, 0, NULL);
    return command != NULL ? command->help : NULL;
}

/* --- the parser -------------------------------------------------------------- */

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

/* One of generate's options with its value: --months, --preset, --date or a
 * number for generate_set_number. */
static int set_generate_option(struct command_line *line, const char *flag, const char *value)
{
    double number = 0;
    bool numeric = parse_number(value, 0, 1e9, &number);
    if (strcmp(flag, "--months") == 0) {
        if (!numeric || number < 1 || number > CASELOAD_FORECAST_MAX_MONTHS || number != (int)number)
            return cli_usage_error("generate: --months wants 1 to %d, not \"%s\"", CASELOAD_FORECAST_MAX_MONTHS, value);
        line->months = (int)number;
    } else if (strcmp(flag, "--preset") == 0) {
        if (!caseload_generator_set_preset(line->generator, value))
            return cli_usage_error("generate: unknown preset \"%s\"", value);
    } else if (strcmp(flag, "--date") == 0) {
        if (!caseload_generator_set_date(line->generator, value))
            return cli_usage_error("generate: --date wants YYYY-MM-DD, not \"%s\"", value);
    } else if (!numeric)
        return cli_usage_error("generate: %s wants a number, not \"%s\"", flag, value);
    else if (!caseload_generator_set_number(line->generator, flag + 2, number))
        return cli_usage_error("generate: unknown or out-of-range option %s %s", flag, value);
    return EXIT_DONE;
}

/* Read `value` into the field of `option`; returns EXIT_DONE or a usage error. */
static int set_option(const struct cli_command *command, const struct cli_option *option,
                      const char *argument, const char *value, struct command_line *line)
{
    void *field = (char *)line + option->offset;
    double number = 0;
    switch (option->kind) {
    case CLI_FLAG:
        *(bool *)field = true;
        return EXIT_DONE;
    case CLI_ONCE:
        if (*(const char **)field != NULL)
            return cli_usage_error("%s is given twice", argument);
        /* fall through */
    case CLI_FILE:
        *(const char **)field = value;
        return EXIT_DONE;
    case CLI_SCENARIO: {
        bool many = strcmp(command->name, "compare") == 0;
        if (many && line->scenario_count == MAX_SCENARIOS)
            return cli_usage_error("compare: at most %d scenarios", MAX_SCENARIOS);
        if (!many && line->scenario_count == 1)
            return cli_usage_error("%s: -s is given twice", line->command);
        line->scenario_paths[line->scenario_count++] = value;
        return EXIT_DONE;
    }
    case CLI_THREADS:
        if (!parse_number(value, 1, CASELOAD_MAX_THREADS, &number) || number != (int)number)
            return cli_usage_error("%s wants a whole number from 1 to %d, not \"%s\"", argument, CASELOAD_MAX_THREADS,
                               value);
        *(int *)field = (int)number;
        return EXIT_DONE;
    case CLI_SECONDS:
    case CLI_GAP: {
        bool is_time = option->kind == CLI_SECONDS;
        if (!parse_number(value, is_time ? 0.001 : 0.0, is_time ? DBL_MAX : 1.0, &number))
            return cli_usage_error("%s wants %s, not \"%s\"", argument,
                               is_time ? "seconds > 0" : "a relative gap in [0, 1]", value);
        if (is_time && number > CASELOAD_TIME_LIMIT_NONE)
            number = CASELOAD_TIME_LIMIT_NONE; /* no practical limit */
        if (is_time)
            line->time_limit_given = true;
        *(double *)field = number;
        return EXIT_DONE;
    }
    case CLI_MOVES: {
        caseload_moves moves;
        if (!caseload_moves_from_name(value, &moves))
            return cli_usage_error("%s wants all, law or intake, not \"%s\"", argument, value);
        *(caseload_moves *)field = moves;
        return EXIT_DONE;
    }
    case CLI_SIZE:
        if (!parse_size(value, (double *)field))
            return cli_usage_error("%s wants a size such as 2G or 512M, not \"%s\"", argument, value);
        return EXIT_DONE;
    case CLI_GENERATE:
        return set_generate_option(line, argument, value);
    }
    return EXIT_USAGE;
}

int cli_parse(const struct cli_command *command, int argc, char **argv, struct command_line *line)
{
    memset(line, 0, sizeof *line);
    line->command = command->name;
    caseload_settings defaults;
    caseload_settings_default(&defaults);
    line->time_limit = defaults.time_limit;
    line->gap = defaults.gap;
    line->threads = defaults.threads;
    line->memory_limit = defaults.memory_limit;
    line->no_cuts = !defaults.cuts;
    line->moves = CASELOAD_MOVES_RULES;
    if (strcmp(command->name, "generate") == 0) {
        line->generator = caseload_generator_create();
        if (line->generator == NULL) {
            cli_print_error("out of memory");
            return EXIT_INTERNAL;
        }
    }
    for (int i = 2; i < argc; i++) {
        const char *argument = argv[i];
        if (strcmp(argument, "-h") == 0 || strcmp(argument, "--help") == 0) {
            fputs(command->help, stdout);
            return -1;
        }
        if (argument[0] != '-' || strcmp(argument, "-") == 0) {
            if (line->positional_count == command->positionals) {
                if (command->positional_usage != NULL)
                    return cli_usage_error("%s", command->positional_usage);
                return cli_usage_error("%s: more than one instance given (%s, %s)", line->command,
                                   line->positionals[0], argument);
            }
            line->positionals[line->positional_count++] = argument;
            continue;
        }
        const struct cli_option *option = command->options;
        while (option->name != NULL && strcmp(argument, option->name) != 0 &&
               (option->alias == NULL || strcmp(argument, option->alias) != 0))
            option++;
        if (option->name == NULL)
            return cli_usage_error("%s: unknown option %s", line->command, argument);
        const char *value = NULL;
        if (option->kind != CLI_FLAG) {
            if (i + 1 >= argc) {
                if (option->kind == CLI_SCENARIO)
                    return cli_usage_error("%s needs a scenario file", argument);
                bool file = option->kind == CLI_FILE || option->kind == CLI_ONCE;
                return cli_usage_error("%s needs %s", argument, file ? "a file name" : "a value");
            }
            value = argv[++i];
        }
        int code = set_option(command, option, argument, value, line);
        if (code != EXIT_DONE)
            return code;
    }
    line->instance_path = line->positionals[0];
    if (line->positional_count < command->positionals) {
        if (command->positional_usage != NULL)
            return cli_usage_error("%s", command->positional_usage);
        return cli_usage_error("%s: no instance file given", line->command);
    }
    for (int s = 0; s < line->scenario_count; s++)
        if (strcmp(line->scenario_paths[s], "-") == 0 && strcmp(line->instance_path, "-") == 0)
            return cli_usage_error("%s: the instance and a scenario cannot both be read from standard input",
                               line->command);
    return EXIT_DONE;
}

void cli_line_free(struct command_line *line)
{
    caseload_generator_free(line->generator);
    line->generator = NULL;
}
