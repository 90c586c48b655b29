/* cmd_compare.c - `caseload compare`: several scenarios solved and shown side
 * by side (cmd.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_print.h"
#include "cli/cmd.h"

static caseload_error write_comparison(const void *handle, int format, FILE *stream)
{
    return caseload_comparison_write(handle, (caseload_comparison_format)format, stream);
}

/* Every column's instance: the instance text parsed again, with its scenario
 * applied (none for the --base column). Every scenario is checked before anything
 * is solved. Returns the exit code. */
static int compare_load(const struct command_line *line, const char *text, size_t length,
                        caseload_instance **instances, int count)
{
    int exit_code = EXIT_DONE;
    for (int i = 0; i < count && exit_code == EXIT_DONE; i++) {
        int s = line->base ? i - 1 : i;
        instances[i] = cmd_parse_instance_text(text, length, line->instance_path, &exit_code);
        if (instances[i] == NULL)
            break;
        if (s >= 0)
            cmd_apply_scenario_file(instances[i], line->scenario_paths[s], &exit_code);
    }
    return exit_code;
}

/* A comparison with a column named after each instance's scenario. */
static caseload_comparison *compare_columns(const struct command_line *line, caseload_instance **instances,
                                            int count)
{
    caseload_instance_info info;
    caseload_instance_get_info(instances[0], &info);
    caseload_comparison *comparison = caseload_comparison_create(count, info.name);
    for (int i = 0; comparison != NULL && i < count; i++) {
        int s = line->base ? i - 1 : i;
        if (caseload_comparison_set_column(comparison, i, instances[i], s < 0 ? NULL : line->scenario_paths[s]) !=
            CASELOAD_OK) {
            caseload_comparison_free(comparison);
            comparison = NULL;
        }
    }
    return comparison;
}

/* Solve each column in turn until the stop flag is set; *unsolved when a
 * column found no plan. Returns the exit code. */
static int compare_solve(const struct cli_context *context, caseload_comparison *comparison,
                         caseload_instance **instances, int count, bool *unsolved)
{
    caseload_settings settings;
    cli_settings(context, &settings);
    for (int i = 0; i < count && !*context->stop; i++) {
        const char *name = cmd_scenario_name_of(instances[i]);
        if (name == NULL)
            name = "base";
        if (settings.progress != NULL) {
            char text[1024];
            snprintf(text, sizeof text, "%s: scenario %d of %d: %s", CLI_PROGRAM, i + 1, count, name);
            settings.progress(settings.progress_context, false, text);
        }
        caseload_status status;
        char error[512] = "";
        caseload_error solved =
            caseload_comparison_solve(comparison, i, instances[i], &settings, &status, error, sizeof error);
        if (solved == CASELOAD_ERROR_MEMORY && strcmp(error, "out of memory") == 0) {
            cli_print_error("out of memory");
            return EXIT_INTERNAL;
        }
        if (solved != CASELOAD_OK) {
            cli_print_error("%s: %s", name, error);
            return EXIT_INTERNAL;
        }
        if (!caseload_status_has_plan(status)) {
            cli_print_error("%s: %s", name, error);
            *unsolved = true;
            continue;
        }
        caseload_instance_free(instances[i]);
        instances[i] = NULL;
    }
    return EXIT_DONE;
}

/* The table on standard output (without --json), then the files. */
static int compare_write(struct cli_context *context, const caseload_comparison *comparison)
{
    const struct command_line *line = context->line;
    struct output_request outputs[] = {
        {line->json ? (line->plan_path != NULL ? line->plan_path : "-") : NULL, write_comparison, comparison,
         CASELOAD_COMPARISON_JSON},
        {line->csv_path, write_comparison, comparison, CASELOAD_COMPARISON_CSV},
        {line->html_path, write_comparison, comparison, CASELOAD_COMPARISON_HTML},
    };
    int count = (int)(sizeof outputs / sizeof outputs[0]);
    if (!line->json && caseload_comparison_write(comparison, CASELOAD_COMPARISON_TABLE, stdout) != CASELOAD_OK)
        return EXIT_INTERNAL;
    if (!cmd_write_outputs(context, outputs, count))
        return EXIT_INTERNAL;
    cmd_print_outputs_written(outputs, count);
    return EXIT_DONE;
}

int cmd_compare(struct cli_context *context)
{
    const struct command_line *line = context->line;
    if (line->plan_path != NULL && !line->json)
        return cli_usage_error("compare: -o writes the JSON comparison; give --json too");
    if (line->scenario_count == 0)
        return cli_usage_error("compare needs at least one -s SCENARIO");
    int exit_code = cmd_check_output_paths(context);
    if (exit_code != EXIT_DONE)
        return exit_code;
    size_t length = 0;
    char *text = cmd_read_instance_text(line->instance_path, &length, &exit_code);
    if (text == NULL)
        return exit_code;
    int count = line->scenario_count + (line->base ? 1 : 0);
    caseload_instance **instances = calloc((size_t)count, sizeof *instances);
    caseload_comparison *comparison = NULL;
    bool unsolved = false;
    if (instances == NULL) {
        cli_print_error("out of memory");
        exit_code = EXIT_INTERNAL;
        goto done;
    }
    exit_code = compare_load(line, text, length, instances, count);
    if (exit_code != EXIT_DONE)
        goto done;
    comparison = compare_columns(line, instances, count);
    if (comparison == NULL) {
        cli_print_error("out of memory");
        exit_code = EXIT_INTERNAL;
        goto done;
    }
    exit_code = compare_solve(context, comparison, instances, count, &unsolved);
    if (exit_code != EXIT_DONE)
        goto done;
    if (*context->stop)
        cli_print_error("interrupted: scenarios not yet solved are shown as no plan");
    exit_code = compare_write(context, comparison);
    if (exit_code == EXIT_DONE && (unsolved || *context->stop))
        exit_code = EXIT_NO_PLAN;
done:
    for (int i = 0; instances != NULL && i < count; i++)
        caseload_instance_free(instances[i]);
    free(instances);
    caseload_comparison_free(comparison);
    caseload_free(text);
    return exit_code;
}
