/* cmd_forecast.c - `caseload forecast` and `caseload size -f`: the months ahead
 * (DESIGN.md §6) (cmd.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_print.h"
#include "cli/cmd.h"

static caseload_error write_forecast(const void *handle, int format, FILE *stream)
{
    return caseload_forecast_result_write(handle, (caseload_forecast_format)format, stream);
}

/* The forecast of `path` for `instance`, its rates estimated; NULL with the
 * errors printed and *exit_code set. */
static caseload_forecast *load_forecast(const caseload_instance *instance, const char *path, int *exit_code)
{
    caseload_forecast *forecast = NULL;
    caseload_diagnostics *diagnostics = caseload_diagnostics_create();
    if (diagnostics == NULL) {
        cli_print_error("out of memory");
        *exit_code = EXIT_INTERNAL;
        return NULL;
    }
    caseload_error error = caseload_forecast_load(instance, path, &forecast, diagnostics);
    if (error != CASELOAD_OK)
        *exit_code = cli_print_diagnostics(diagnostics, error);
    caseload_diagnostics_free(diagnostics);
    return forecast;
}

/* `size -f`: the hires against the forecast, as a table or JSON on standard output. */
static int forecast_sizing(const struct cli_context *context, const caseload_forecast *forecast,
                           const caseload_settings *settings)
{
    const struct command_line *line = context->line;
    caseload_forecast_sizing *sizing = NULL;
    char error[512] = "";
    caseload_error sized = caseload_forecast_size(forecast, settings, &sizing, error, sizeof error);
    if (sized == CASELOAD_ERROR_USAGE) /* it would not fit --memory-limit */
        return cli_usage_error("%s: %s", line->command, error);
    if (sized != CASELOAD_OK) {
        cli_print_error("%s: %s", cli_display_name(line->instance_path), error);
        return sized == CASELOAD_ERROR_NO_PLAN ? EXIT_NO_PLAN : EXIT_INTERNAL;
    }
    caseload_sizing_format format = line->json ? CASELOAD_SIZING_JSON : CASELOAD_SIZING_TABLE;
    int exit_code = caseload_forecast_sizing_write(sizing, format, stdout) == CASELOAD_OK ? EXIT_DONE : EXIT_INTERNAL;
    caseload_forecast_sizing_free(sizing);
    return exit_code;
}

/* `forecast`: the months ahead into -o, --csv and --html, the summary on standard
 * output unless the JSON goes there. */
static int forecast_months(struct cli_context *context, const caseload_forecast *forecast,
                           const caseload_settings *settings)
{
    const struct command_line *line = context->line;
    caseload_forecast_result *result = NULL;
    char error[512] = "";
    caseload_error run = caseload_forecast_run(forecast, settings, &result, error, sizeof error);
    if (run == CASELOAD_ERROR_USAGE) /* it would not fit --memory-limit */
        return cli_usage_error("%s: %s", line->command, error);
    if (run != CASELOAD_OK) {
        cli_print_error("%s: %s", cli_display_name(line->instance_path), error);
        return run == CASELOAD_ERROR_NO_PLAN ? EXIT_NO_PLAN : EXIT_INTERNAL;
    }
    int exit_code = EXIT_DONE;
    struct output_request requests[] = {{line->plan_path, write_forecast, result, CASELOAD_FORECAST_JSON},
                                        {line->csv_path, write_forecast, result, CASELOAD_FORECAST_CSV},
                                        {line->html_path, write_forecast, result, CASELOAD_FORECAST_HTML}};
    if (!cmd_write_outputs(context, requests, 3)) {
        exit_code = EXIT_INTERNAL;
    } else {
        if (line->plan_path == NULL || strcmp(line->plan_path, "-") != 0)
            caseload_forecast_result_write(result, CASELOAD_FORECAST_SUMMARY, stdout);
        cmd_print_outputs_written(requests, 3);
    }
    caseload_forecast_result_free(result);
    return exit_code;
}

int cmd_forecast(struct cli_context *context)
{
    const struct command_line *line = context->line;
    bool sizing_mode = strcmp(line->command, "size") == 0;
    const char *forecast_path = line->forecast_path;
    if (forecast_path == NULL)
        return cli_usage_error("%s: no forecast file given (-f FORECAST.json)", line->command);
    if (strcmp(forecast_path, "-") == 0 && strcmp(line->instance_path, "-") == 0)
        return cli_usage_error("%s: the instance and the forecast cannot both be standard input", line->command);
    /* every output checked before any work, against the instance, the scenario,
     * the forecast file and each other (as for plan) */
    const char *inputs[] = {line->instance_path, line->scenario_paths[0], forecast_path};
    const char *flags[] = {"-o", "--csv", "--html"};
    const char *paths[] = {line->plan_path, line->csv_path, line->html_path};
    int exit_code = cmd_outputs_begin(context, inputs, 3, flags, paths, 3, CASELOAD_OUTPUT_FILE, false);
    if (exit_code != EXIT_DONE)
        return exit_code;
    caseload_instance *instance = cmd_load_instance(line->instance_path, line->scenario_paths[0], &exit_code);
    if (instance == NULL)
        return exit_code;
    caseload_forecast *forecast = load_forecast(instance, forecast_path, &exit_code);
    /* the history files it names are inputs too, never to be replaced */
    for (int i = 0; forecast != NULL && i < caseload_forecast_history_count(forecast); i++) {
        char error[1024];
        if (caseload_outputs_check_input(context->outputs, caseload_forecast_history_path(forecast, i), error,
                                         sizeof error) != CASELOAD_OK) {
            exit_code = cli_usage_error("%s", error);
            caseload_forecast_free(forecast);
            forecast = NULL;
        }
    }
    if (forecast != NULL) {
        caseload_settings settings;
        cli_settings(context, &settings);
        /* --time-limit bounds the whole command, the month-0 plan getting half of
         * it; without it the month-0 plan has the default and the samples no bound */
        if (line->time_limit_given)
            settings.run_time_limit = line->time_limit;
        exit_code = sizing_mode ? forecast_sizing(context, forecast, &settings)
                                : forecast_months(context, forecast, &settings);
    }
    caseload_forecast_free(forecast);
    caseload_instance_free(instance);
    return exit_code;
}
