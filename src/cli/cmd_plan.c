/* cmd_plan.c - the commands that read one instance and solve or check it:
 * check, plan, export and size (cmd.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_print.h"
#include "cli/cmd.h"

static caseload_error write_plan(const void *handle, int format, FILE *stream)
{
    return caseload_plan_write(handle, (caseload_plan_format)format, stream);
}

static caseload_error write_check(const void *handle, int format, FILE *stream)
{
    return caseload_check_write(handle, (caseload_check_format)format, stream);
}

static caseload_error write_sizing(const void *handle, int format, FILE *stream)
{
    return caseload_sizing_write(handle, (caseload_sizing_format)format, stream);
}

/* --- check ------------------------------------------------------------------------ */

/* "scenario: NAME (cap 30 on 2025-01-01)" when a scenario was applied. */
static void print_scenario_line(const caseload_instance *instance)
{
    caseload_instance_info info;
    caseload_instance_get_info(instance, &info);
    if (info.scenario_name != NULL)
        printf("scenario: %s (cap %d on %04d-%02d-%02d)\n", info.scenario_name, info.cap, info.year, info.month,
               info.day);
}

int cmd_check(struct cli_context *context)
{
    const struct command_line *line = context->line;
    int exit_code = EXIT_DONE;
    caseload_instance *instance = cmd_instance(context, &exit_code);
    if (instance == NULL)
        return exit_code;
    if (!line->quiet)
        print_scenario_line(instance);
    caseload_check *check = NULL;
    if (caseload_check_compute(instance, &check) != CASELOAD_OK) {
        cli_print_error("out of memory");
        caseload_instance_free(instance);
        return EXIT_INTERNAL;
    }
    if (!line->quiet && caseload_check_write(check, CASELOAD_CHECK_REPORT, stdout) != CASELOAD_OK) {
        cli_print_error("writing the report failed");
        exit_code = EXIT_INTERNAL;
    } else if (line->quiet) {
        caseload_check_write(check, CASELOAD_CHECK_VERDICT, stdout);
    }
    if (exit_code == EXIT_DONE && line->html_path != NULL) {
        struct output_request html = {line->html_path, write_check, check, CASELOAD_CHECK_HTML};
        if (cmd_write_outputs(context, &html, 1))
            cli_print_files_written(&line->html_path, 1);
        else
            exit_code = EXIT_INTERNAL;
    }
    caseload_check_info info;
    caseload_check_get_info(check, &info);
    if (exit_code == EXIT_DONE && info.workers_over_cap > 0)
        exit_code = EXIT_VIOLATIONS;
    caseload_check_free(check);
    caseload_instance_free(instance);
    return exit_code;
}

/* --- plan ----------------------------------------------------------------------------- */

/* The plan's outputs, in the order of their options. */
static int plan_requests(const struct command_line *line, const caseload_plan *plan,
                         struct output_request *requests)
{
    const char *paths[] = {line->plan_path, line->csv_path, line->html_path, line->workers_csv_path,
                           line->teams_csv_path};
    const caseload_plan_format formats[] = {CASELOAD_PLAN_JSON, CASELOAD_PLAN_CSV, CASELOAD_PLAN_HTML,
                                            CASELOAD_PLAN_WORKERS_CSV, CASELOAD_PLAN_TEAMS_CSV};
    int count = (int)(sizeof paths / sizeof paths[0]);
    for (int i = 0; i < count; i++)
        requests[i] = (struct output_request){paths[i], write_plan, plan, (int)formats[i]};
    return count;
}

/* The trace's stream into `settings` (--trace); the exit code. */
static int plan_open_trace(struct cli_context *context, caseload_settings *settings)
{
    const char *path = context->line->trace_path;
    char error[1024];
    if (path == NULL)
        return EXIT_DONE;
    settings->trace = caseload_outputs_stream(context->outputs, path, error, sizeof error);
    if (settings->trace == NULL) {
        cli_print_error("%s", error);
        return EXIT_INTERNAL;
    }
    return EXIT_DONE;
}

/* Solve; the exit code, with *plan set whenever the solver ran. */
static int plan_solve(const struct cli_context *context, const caseload_instance *instance,
                      const caseload_settings *settings, caseload_plan **plan)
{
    char error[1024];
    caseload_error solved = caseload_plan_solve(instance, settings, plan, error, sizeof error);
    if (solved != CASELOAD_OK) {
        cli_print_error("%s", error);
        return EXIT_INTERNAL;
    }
    caseload_plan_info info;
    caseload_plan_get_info(*plan, &info);
    if (!caseload_status_has_plan(info.status)) {
        cli_print_error("%s: no plan could be found (%s after %.1f s)", context->line->instance_path,
                    caseload_status_name(info.status), info.seconds);
        return EXIT_NO_PLAN;
    }
    return EXIT_DONE;
}

/* Without a plan the trace alone is kept: it says how far the search got. */
static int plan_keep_trace(struct cli_context *context, int exit_code)
{
    const struct command_line *line = context->line;
    const char *plan_outputs[] = {line->plan_path, line->csv_path, line->html_path, line->workers_csv_path,
                                  line->teams_csv_path};
    for (size_t i = 0; i < sizeof plan_outputs / sizeof plan_outputs[0]; i++)
        caseload_outputs_drop(context->outputs, plan_outputs[i]);
    char error[1024];
    if (line->trace_path != NULL && caseload_outputs_commit(context->outputs, error, sizeof error) != CASELOAD_OK) {
        cli_print_error("%s", error);
        return EXIT_INTERNAL;
    }
    return exit_code;
}

/* After the outputs: the summary (on standard error when a plan goes to standard
 * output, which stays pure), what was saved, and why the plan has a gap. */
static int plan_report(const struct cli_context *context, const caseload_plan *plan,
                       const struct output_request *outputs, int count, int exit_code)
{
    const struct command_line *line = context->line;
    bool to_stdout = false, any = false;
    for (int i = 0; i < count; i++) {
        to_stdout = to_stdout || (outputs[i].path != NULL && strcmp(outputs[i].path, "-") == 0);
        any = any || outputs[i].path != NULL;
    }
    FILE *summary = to_stdout ? stderr : stdout;
    if (exit_code == EXIT_DONE && !line->quiet && caseload_plan_write(plan, CASELOAD_PLAN_SUMMARY, summary) != CASELOAD_OK)
        exit_code = EXIT_INTERNAL;
    if (exit_code == EXIT_DONE && any)
        cmd_print_outputs_written(outputs, count);
    else if (exit_code == EXIT_DONE)
        cli_print_error("nothing was saved: give -o PLAN.json to save the plan (--csv F, --html F for a "
                    "spreadsheet or a printable report)");
    caseload_plan_info info;
    caseload_plan_get_info(plan, &info);
    char gap[32];
    caseload_format_gap(info.gap, gap, sizeof gap);
    if (*context->stop)
        cli_print_error("interrupted: the plan is the best found so far, gap %s", gap);
    if (info.parts_over_limit > 0)
        cli_print_error("%d of %d parts were too large for the memory limit or the time left: they "
                    "keep the starting plan, improved; gap %s (--memory-limit, --time-limit)",
                    info.parts_over_limit, info.part_count, gap);
    return exit_code;
}

int cmd_plan(struct cli_context *context)
{
    int exit_code = EXIT_DONE;
    caseload_instance *instance = cmd_instance(context, &exit_code);
    if (instance == NULL)
        return exit_code;
    caseload_plan *plan = NULL;
    caseload_settings settings;
    cli_settings(context, &settings);
    exit_code = plan_open_trace(context, &settings);
    if (exit_code != EXIT_DONE) {
        /* nothing to keep */
    } else if ((exit_code = plan_solve(context, instance, &settings, &plan)) != EXIT_DONE) {
        exit_code = plan_keep_trace(context, exit_code);
    } else {
        struct output_request outputs[5];
        int count = plan_requests(context->line, plan, outputs);
        if (!cmd_write_outputs(context, outputs, count))
            exit_code = EXIT_INTERNAL;
        exit_code = plan_report(context, plan, outputs, count, exit_code);
    }
    caseload_plan_free(plan);
    caseload_instance_free(instance);
    return exit_code;
}

/* --- export ------------------------------------------------------------------------------ */

/* Write the DAT file through its stream; false with the reason in `error`. */
static bool export_dat(struct cli_context *context, const caseload_instance *instance, const char *path,
                       char *error, size_t size)
{
    FILE *stream = caseload_outputs_stream(context->outputs, path, error, size);
    if (stream == NULL)
        return false;
    bool complete = caseload_export_write_dat(instance, stream) == CASELOAD_OK;
    if (caseload_outputs_finish(context->outputs, path, error, size) != CASELOAD_OK) /* the reason, if any */
        return false;
    if (!complete) {
        snprintf(error, size, "%s: write failed", path);
        return false;
    }
    return true;
}

/* GLPK writes by file name: let it write the temporary file, and name the output,
 * not the temporary, when it fails. GLPK misses a failed last write: the file must
 * end as its format does. */
static bool export_model(struct cli_context *context, const caseload_instance *instance,
                         caseload_export_format format, const char *path, char *error, size_t size)
{
    const char *target = caseload_outputs_write_path(context->outputs, path);
    bool written = caseload_export_write_model(instance, format, target, error, size) == CASELOAD_OK;
    bool write_failed = !written && strstr(error, "cannot write") != NULL;
    if (!written && !write_failed)
        cmd_name_output_in(error, size, target, path);
    else if (caseload_outputs_check_ending(context->outputs, path, format == CASELOAD_EXPORT_LP ? "End\n" : "ENDATA\n",
                                           error, size) != CASELOAD_OK)
        written = false;
    else if (write_failed)
        snprintf(error, size, "%s: cannot write", path);
    if (written)
        written = caseload_outputs_finish(context->outputs, path, error, size) == CASELOAD_OK;
    return written;
}

int cmd_export(struct cli_context *context)
{
    const struct command_line *line = context->line;
    if (line->lp_path == NULL && line->mps_path == NULL && line->dat_path == NULL)
        return cli_usage_error("export needs --lp FILE, --mps FILE or --dat FILE");
    int exit_code = EXIT_DONE;
    caseload_instance *instance = cmd_instance(context, &exit_code);
    if (instance == NULL)
        return exit_code;
    char error[1024];
    const char *paths[] = {line->lp_path, line->mps_path, line->dat_path};
    /* the LP and MPS files are written from the whole model, built in GLPK */
    bool fits = true;
    if ((line->lp_path != NULL || line->mps_path != NULL) &&
        (caseload_export_fits(instance, line->memory_limit, &fits, error, sizeof error) != CASELOAD_OK || !fits)) {
        cli_print_error("export: %s", error);
        caseload_instance_free(instance);
        return fits ? EXIT_INTERNAL : EXIT_USAGE;
    }
    for (int format = 0; format < 3 && exit_code == EXIT_DONE; format++) {
        if (paths[format] == NULL)
            continue;
        bool written = format == CASELOAD_EXPORT_DAT
                           ? export_dat(context, instance, paths[format], error, sizeof error)
                           : export_model(context, instance, (caseload_export_format)format, paths[format], error,
                                          sizeof error);
        if (!written) {
            cli_print_error("%s", error);
            exit_code = EXIT_INTERNAL;
        }
    }
    if (exit_code == EXIT_DONE && caseload_outputs_commit(context->outputs, error, sizeof error) != CASELOAD_OK) {
        cli_print_error("%s", error);
        exit_code = EXIT_INTERNAL;
    }
    if (exit_code == EXIT_DONE)
        cli_print_files_written(paths, 3);
    caseload_instance_free(instance);
    return exit_code;
}

/* --- size --------------------------------------------------------------------------------- */

int cmd_size(struct cli_context *context)
{
    const struct command_line *line = context->line;
    int exit_code = EXIT_DONE;
    caseload_instance *instance = cmd_instance(context, &exit_code);
    if (instance == NULL)
        return exit_code;
    caseload_settings settings;
    cli_settings(context, &settings);
    caseload_sizing *sizing = NULL;
    char error[512];
    caseload_error sized = caseload_size(instance, &settings, &sizing, error, sizeof error);
    if (sized != CASELOAD_OK) {
        cli_print_error("%s: %s", cli_display_name(line->instance_path), error);
        exit_code = sized == CASELOAD_ERROR_NO_PLAN ? EXIT_NO_PLAN : EXIT_INTERNAL;
    } else {
        caseload_sizing_format format = line->json ? CASELOAD_SIZING_JSON : CASELOAD_SIZING_TABLE;
        if (caseload_sizing_write(sizing, format, stdout) != CASELOAD_OK)
            exit_code = EXIT_INTERNAL;
        struct output_request csv = {line->csv_path, write_sizing, sizing, CASELOAD_SIZING_CSV};
        if (exit_code == EXIT_DONE && line->csv_path != NULL) {
            if (cmd_write_outputs(context, &csv, 1))
                cli_print_files_written(&line->csv_path, 1);
            else
                exit_code = EXIT_INTERNAL;
        }
        if (*context->stop)
            cli_print_error("interrupted: the sizing shown is from the best plans found");
    }
    caseload_sizing_free(sizing);
    caseload_instance_free(instance);
    return exit_code;
}
