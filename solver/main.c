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
#include "export.h"
#include "fileio.h"
#include "generate.h"
#include "instance.h"
#include "model.h"
#include "plan.h"
#include "solve.h"

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
    "  check    INSTANCE                  per-worker compliance of the current assignment;\n"
    "                                     exit 1 when any worker is over the cap\n"
    "  plan     INSTANCE [-o PLAN.json] [--csv PLAN.csv] [--time-limit S] [--gap G]\n"
    "                                     an optimal reallocation plan\n"
    "  export   INSTANCE --lp F | --mps F | --dat F\n"
    "                                     the model for other solvers (CPLEX LP, free MPS)\n"
    "                                     or as data for models/caseload.mod (MathProg)\n"
    "  generate [--preset keski-suomi|kymenlaakso] [--seed N] [--counties N] ... [-o F]\n"
    "                                     a synthetic instance (see `caseload help generate`)\n"
    "  help     [COMMAND]                 this text, or the options of one command\n"
    "\n"
    "INSTANCE is a caseload-instance/1 JSON file; `-` reads standard input.\n"
    "Output files are written atomically and readable by their owner only (0600).\n"
    "\n"
    "Exit codes: 0 done, 1 check found a worker over the cap, 2 usage error,\n"
    "3 invalid input, 4 no plan could be found, 5 I/O or internal error.\n"
    "\n"
    "Example:\n"
    "  caseload plan instances/keski-suomi.json -o plan.json --csv plan.csv\n";

static const char *help_check =
    "Usage: caseload check INSTANCE [--quiet]\n"
    "\n"
    "Prints every worker's counted children (0-17-year-olds on the plan date)\n"
    "against the legal cap, the workers over the cap, unassigned intake and team\n"
    "totals. The verdict is per worker: team averages are shown, never used.\n"
    "\n"
    "  --quiet      print only the verdict line\n"
    "\n"
    "Exit 0 when no worker is over the cap, 1 when one is.\n"
    "Example: caseload check instances/kymenlaakso.json\n";

static const char *help_plan =
    "Usage: caseload plan INSTANCE [-o PLAN.json] [--csv PLAN.csv] [--time-limit S]\n"
    "                     [--gap G] [--quiet]\n"
    "\n"
    "Solves the assignment model and writes a caseload-plan/1 plan: every child\n"
    "once, a reason for every move, the objective split into its terms.\n"
    "\n"
    "  -o FILE          the plan as JSON (`-` for standard output)\n"
    "  --csv FILE       the plan as semicolon CSV with BOM, for spreadsheets\n"
    "  --time-limit S   stop after S seconds with the best plan found (default 60)\n"
    "  --gap G          stop when proven within relative gap G (default 0.0001)\n"
    "  --quiet          no summary on standard output\n"
    "\n"
    "Ctrl-C stops the search and writes the best plan found, marked with its gap.\n"
    "Exit 4 when no plan could be found in time.\n"
    "Example: caseload plan instances/keski-suomi.json -o plan.json --csv plan.csv\n";

static const char *help_export =
    "Usage: caseload export INSTANCE [--lp FILE] [--mps FILE] [--dat FILE]\n"
    "\n"
    "  --lp FILE    the whole model in CPLEX LP format (CBC, HiGHS, Gurobi ...)\n"
    "  --mps FILE   the whole model in free MPS format\n"
    "  --dat FILE   the instance as MathProg data for models/caseload.mod:\n"
    "               glpsol -m models/caseload.mod -d FILE\n"
    "\n"
    "Example: caseload export instances/keski-suomi.json --mps ks.mps\n";

static const char *help_generate =
    "Usage: caseload generate [--preset NAME] [--seed N] [--counties N] [--teams N]\n"
    "                         [--workers-per-team N] [--load F] [--intake F]\n"
    "                         [--siblings F] [--adults F] [--part-time F]\n"
    "                         [--leaving F] [--date YYYY-MM-DD] [-o FILE]\n"
    "\n"
    "Writes a synthetic caseload-instance/1, the same bytes for the same options.\n"
    "\n"
    "  --preset NAME         keski-suomi or kymenlaakso: the bundled calibrated regions\n"
    "  --seed N              random seed (default 1)\n"
    "  --counties N          number of counties, each with its own teams and municipalities\n"
    "  --teams N             open-care teams per county\n"
    "  --workers-per-team N  workers per team\n"
    "  --load F              children per worker relative to the cap (1.0 = at the cap)\n"
    "  --intake F            share of children without a worker (new intake)\n"
    "  --siblings F          share of children with siblings\n"
    "  --adults F            share of adult aftercare clients (18+, not counted)\n"
    "  --part-time F         share of part-time workers\n"
    "  --leaving F           share of workers leaving\n"
    "  --date YYYY-MM-DD     plan date\n"
    "  -o FILE               output file (default standard output)\n"
    "\n"
    "Example: caseload generate --counties 21 --seed 7 -o national.json\n";

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
struct command_line {
    const char *command;
    const char *instance_path;
    const char *plan_path;
    const char *csv_path;
    const char *lp_path;
    const char *mps_path;
    const char *dat_path;
    double time_limit;
    double gap;
    bool quiet;
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
    if (diag->count == 0) {
        print_error("%s: out of memory", diag->file);
        return EXIT_INTERNAL;
    }
    return EXIT_INPUT;
}

static struct instance *load_instance(const char *path, int *exit_code)
{
    struct diag diag;
    diag_init(&diag, strcmp(path, "-") == 0 ? "<stdin>" : path);
    struct instance *instance = instance_load(path, &diag);
    if (instance == NULL)
        *exit_code = report_diagnostics(&diag);
    diag_free(&diag);
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
    const char *outputs[] = {line->plan_path, line->csv_path, line->lp_path, line->mps_path,
                             line->dat_path};
    size_t count = sizeof outputs / sizeof outputs[0];
    for (size_t i = 0; i < count; i++) {
        if (outputs[i] == NULL)
            continue;
        if (same_file(line->instance_path, outputs[i]) ||
            strcmp(outputs[i], line->instance_path) == 0)
            return usage_error("output file %s would replace the input", outputs[i]);
        for (size_t j = i + 1; j < count; j++)
            if (outputs[j] != NULL && strcmp(outputs[i], outputs[j]) == 0 &&
                strcmp(outputs[i], "-") != 0)
                return usage_error("%s is given as two outputs", outputs[i]);
    }
    return EXIT_DONE;
}

/* Write one output file atomically with `write`; prints the reason on failure. */
typedef bool (*stream_writer)(const struct plan *plan, const struct instance *instance,
                              FILE *stream);

static bool write_output(const char *path, stream_writer write, const struct plan *plan,
                         const struct instance *instance)
{
    char error[512];
    struct output_file file;
    if (!fileio_open(&file, path, error, sizeof error)) {
        print_error("%s", error);
        return false;
    }
    if (!write(plan, instance, file.stream)) {
        print_error("%s: write failed", path);
        fileio_abort(&file);
        return false;
    }
    if (!fileio_commit(&file, error, sizeof error)) {
        print_error("%s", error);
        return false;
    }
    return true;
}

static int run_check(const struct command_line *line)
{
    int exit_code = EXIT_DONE;
    struct instance *instance = load_instance(line->instance_path, &exit_code);
    if (instance == NULL)
        return exit_code;
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
        printf("%s: %d workers over the cap, %d children over, %d unassigned\n",
               report.over_cap_workers > 0 ? "NOT COMPLIANT" : "compliant",
               report.over_cap_workers, report.over_cap_children, report.unassigned_children);
    }
    if (exit_code == EXIT_DONE && report.over_cap_workers > 0)
        exit_code = EXIT_VIOLATIONS;
    instance_free(instance);
    return exit_code;
}

static int run_plan(const struct command_line *line)
{
    int exit_code = check_output_paths(line);
    if (exit_code != EXIT_DONE)
        return exit_code;
    struct instance *instance = load_instance(line->instance_path, &exit_code);
    if (instance == NULL)
        return exit_code;

    struct solve_options options;
    solve_default_options(&options);
    options.time_limit = line->time_limit;
    options.gap = line->gap;
    options.progress = isatty(STDERR_FILENO) && !line->quiet;
    options.interrupted = &interrupted;
    signal(SIGINT, on_interrupt);

    struct solution solution = {0};
    struct plan *plan = NULL;
    char error[512];
    if (!solve_instance(instance, &options, &solution, error, sizeof error)) {
        print_error("%s", error);
        exit_code = EXIT_INTERNAL;
        goto done;
    }
    if (solution.status == SOLVE_INFEASIBLE || solution.status == SOLVE_NO_PLAN) {
        print_error("%s: no plan could be found (%s after %.1f s)", line->instance_path,
                    solve_status_name(solution.status), solution.seconds);
        exit_code = EXIT_NO_PLAN;
        goto done;
    }
    plan = plan_build(instance, &solution, NULL, error, sizeof error);
    if (plan == NULL) {
        print_error("internal error: %s", error);
        exit_code = EXIT_INTERNAL;
        goto done;
    }
    if (line->plan_path != NULL && !write_output(line->plan_path, plan_write_json, plan, instance))
        exit_code = EXIT_INTERNAL;
    if (exit_code == EXIT_DONE && line->csv_path != NULL &&
        !write_output(line->csv_path, plan_write_csv, plan, instance))
        exit_code = EXIT_INTERNAL;
    if (exit_code == EXIT_DONE && !line->quiet && !plan_write_summary(plan, instance, stdout))
        exit_code = EXIT_INTERNAL;
    if (interrupted)
        print_error("interrupted: the plan written is the best found, gap %.4g", plan->gap);
done:
    plan_free(plan);
    solution_free(&solution);
    instance_free(instance);
    return exit_code;
}

static int run_export(const struct command_line *line)
{
    if (line->lp_path == NULL && line->mps_path == NULL && line->dat_path == NULL)
        return usage_error("export needs --lp FILE, --mps FILE or --dat FILE");
    int exit_code = check_output_paths(line);
    if (exit_code != EXIT_DONE)
        return exit_code;
    struct instance *instance = load_instance(line->instance_path, &exit_code);
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
    return NULL;
}

/* Parse the options of check, plan and export into `line`. */
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
        if (is_plan && strcmp(argument, "-o") == 0)
            target = &line->plan_path;
        else if (is_plan && strcmp(argument, "--csv") == 0)
            target = &line->csv_path;
        else if (is_export && strcmp(argument, "--lp") == 0)
            target = &line->lp_path;
        else if (is_export && strcmp(argument, "--mps") == 0)
            target = &line->mps_path;
        else if (is_export && strcmp(argument, "--dat") == 0)
            target = &line->dat_path;
        else if (is_plan && (strcmp(argument, "--time-limit") == 0 ||
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
    return run_export(&line);
}

int main(int argc, char **argv)
{
    umask(077);
    int exit_code = run(argc, argv);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        print_error("standard output: write failed");
        if (exit_code == EXIT_DONE || exit_code == EXIT_VIOLATIONS)
            exit_code = EXIT_INTERNAL;
    }
    return exit_code;
}
