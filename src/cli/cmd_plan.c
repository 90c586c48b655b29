/* cmd_plan.c - the commands that read one instance: check, plan, export and
 * size (cmd.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/check.h"
#include "cli/cli.h"
#include "cli/cmd.h"
#include "base/common.h"
#include "report/compare.h"
#include "report/export.h"
#include "io/fileio.h"
#include "core/instance.h"
#include "model/model.h"
#include "report/plan.h"
#include "report/report.h"
#include "report/size.h"
#include "solve/solve.h"

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

int run_check(const struct command_line *line)
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
 * the search. Progress shows on a terminal unless --quiet is given. */
void set_solve_options(const struct command_line *line, struct solve_options *options)
{
    solve_default_options(options);
    options->time_limit = line->time_limit;
    options->gap = line->gap;
    options->threads = line->threads;
    options->memory_limit = line->memory_limit;
    options->cuts = !line->no_cuts;
    options->progress = terminal_progress(line->quiet);
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

int run_plan(const struct command_line *line)
{
    int exit_code = EXIT_DONE;
    char *name = NULL;
    struct instance *instance = command_instance(line, &name, &exit_code);
    if (instance == NULL)
        return exit_code;

    struct solve_options options;
    set_solve_options(line, &options);

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
                    solution_status_name(solution.status), solution.seconds);
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
        (!plan_write_summary(plan, instance, summary) || !report_write_verdict(plan, instance, summary)))
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

int run_export(const struct command_line *line)
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

int run_size(const struct command_line *line)
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
