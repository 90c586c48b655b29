/* cmd_forecast.c - `caseload forecast` and `caseload size -f`: the months ahead
 * (DESIGN.md §6) (cmd.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd.h"
#include "base/common.h"
#include "forecast/forecast.h"
#include "forecast/forecast_size.h"
#include "forecast/forecast_write.h"
#include "core/instance.h"

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

int run_forecast(const struct command_line *parsed)
{
    bool sizing_mode = strcmp(parsed->command, "size") == 0;
    struct command_line line = *parsed;
    const char *forecast_path = line.forecast_path;
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
    struct forecast_spec *spec = forecast_read_load(forecast_path, instance, &diag);
    if (spec == NULL || !forecast_spec_estimate_rates(spec, instance, &diag)) {
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
        forecast_size_free(&sizing);
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
            forecast_write_summary(&result, spec, instance, stdout);
        print_files_written(paths, 3);
    }
    forecast_result_free(&result);
done:
    forecast_read_free(spec);
    diag_free(&diag);
    instance_free(instance);
    mem_free(name);
    return exit_code;
}
