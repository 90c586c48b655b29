/* cmd_common.c - what the commands share: loading an instance with its scenario
 * and printing its diagnostics, and the outputs of a run, checked before any work
 * and committed together (cmd.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_print.h"
#include "cli/cmd.h"

/* A diagnostics list for one load; NULL with "out of memory" printed. */
static caseload_diagnostics *new_diagnostics(int *exit_code)
{
    caseload_diagnostics *diagnostics = caseload_diagnostics_create();
    if (diagnostics == NULL) {
        cli_print_error("out of memory");
        *exit_code = EXIT_INTERNAL;
    }
    return diagnostics;
}

char *cmd_read_instance_text(const char *path, size_t *length, int *exit_code)
{
    char *text = NULL;
    caseload_diagnostics *diagnostics = new_diagnostics(exit_code);
    if (diagnostics == NULL)
        return NULL;
    caseload_error error = caseload_instance_read_text(path, &text, length, diagnostics);
    int code = cli_print_diagnostics(diagnostics, error);
    if (error != CASELOAD_OK)
        *exit_code = code;
    caseload_diagnostics_free(diagnostics);
    return text;
}

caseload_instance *cmd_parse_instance_text(const char *text, size_t length, const char *path, int *exit_code)
{
    caseload_instance *instance = NULL;
    caseload_diagnostics *diagnostics = new_diagnostics(exit_code);
    if (diagnostics == NULL)
        return NULL;
    caseload_error error = caseload_instance_load_buffer(cli_display_name(path), text, length, &instance, diagnostics);
    if (error != CASELOAD_OK)
        *exit_code = cli_print_diagnostics(diagnostics, error);
    caseload_diagnostics_free(diagnostics);
    return instance;
}

bool cmd_apply_scenario_file(caseload_instance *instance, const char *path, int *exit_code)
{
    caseload_diagnostics *diagnostics = new_diagnostics(exit_code);
    if (diagnostics == NULL)
        return false;
    caseload_scenario *scenario = NULL;
    caseload_error error = caseload_scenario_load(path, &scenario, diagnostics);
    if (error == CASELOAD_OK)
        error = caseload_instance_apply_scenario(instance, scenario, diagnostics);
    int code = cli_print_diagnostics(diagnostics, error);
    if (error != CASELOAD_OK)
        *exit_code = code;
    caseload_scenario_free(scenario);
    caseload_diagnostics_free(diagnostics);
    return error == CASELOAD_OK;
}

caseload_instance *cmd_load_instance(const char *path, const char *scenario_path, int *exit_code)
{
    caseload_instance *instance = NULL;
    caseload_diagnostics *diagnostics = new_diagnostics(exit_code);
    if (diagnostics == NULL)
        return NULL;
    caseload_error error = caseload_instance_load(path, &instance, diagnostics);
    int code = cli_print_diagnostics(diagnostics, error);
    caseload_diagnostics_free(diagnostics);
    if (error != CASELOAD_OK) {
        *exit_code = code;
        return NULL;
    }
    if (scenario_path != NULL && !cmd_apply_scenario_file(instance, scenario_path, exit_code)) {
        caseload_instance_free(instance);
        return NULL;
    }
    return instance;
}

const char *cmd_scenario_name_of(const caseload_instance *instance)
{
    caseload_instance_info info;
    caseload_instance_get_info(instance, &info);
    return info.scenario_name;
}

/* Start the outputs of a command: every file it reads, then each output given,
 * then their temporary files, before anything is loaded, so that a bad name, an
 * output that would replace an input or another output, or a missing or
 * read-only folder stops the run at once. Prints the reason; returns the exit code. */
int cmd_outputs_begin(struct cli_context *context, const char *const *inputs, int input_count,
                  const char *const *options, const char *const *paths, int output_count,
                  caseload_output_kind kind, bool force)
{
    char error[1024];
    context->outputs = caseload_outputs_create();
    if (context->outputs == NULL) {
        cli_print_error("out of memory");
        return EXIT_INTERNAL;
    }
    for (int i = 0; i < input_count; i++)
        if (inputs[i] != NULL && caseload_outputs_add_input(context->outputs, inputs[i]) != CASELOAD_OK) {
            cli_print_error("out of memory");
            return EXIT_INTERNAL;
        }
    for (int i = 0; i < output_count; i++) {
        if (paths[i] == NULL)
            continue;
        caseload_error added =
            caseload_outputs_add(context->outputs, options[i], paths[i], kind, force, error, sizeof error);
        if (added == CASELOAD_ERROR_USAGE)
            return cli_usage_error("%s", error);
        if (added != CASELOAD_OK) {
            cli_print_error("%s", error);
            return EXIT_INTERNAL;
        }
    }
    if (caseload_outputs_prepare(context->outputs, error, sizeof error) != CASELOAD_OK) {
        cli_print_error("%s", error);
        return EXIT_INTERNAL;
    }
    return EXIT_DONE;
}

/* cmd_outputs_begin for check, plan, size, compare and export. */
int cmd_check_output_paths(struct cli_context *context)
{
    const struct command_line *line = context->line;
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
    return cmd_outputs_begin(context, inputs, 1 + line->scenario_count, options, paths,
                         (int)(sizeof paths / sizeof paths[0]), CASELOAD_OUTPUT_FILE, false);
}

bool cmd_load_instance_and_plan(const char *path, const char *scenario_path, const char *plan_path,
                            caseload_instance **instance, caseload_plan_file **plan, int *exit_code)
{
    *plan = NULL;
    *instance = cmd_load_instance(path, scenario_path, exit_code);
    if (*instance == NULL)
        return false;
    caseload_diagnostics *diagnostics = caseload_diagnostics_create();
    if (diagnostics == NULL) {
        cli_print_error("out of memory");
        *exit_code = EXIT_INTERNAL;
    } else {
        caseload_error read = caseload_plan_file_load(*instance, plan_path, plan, diagnostics);
        if (read != CASELOAD_OK)
            *exit_code = cli_print_diagnostics(diagnostics, read);
        caseload_diagnostics_free(diagnostics);
    }
    if (*plan == NULL) {
        caseload_instance_free(*instance);
        *instance = NULL;
        return false;
    }
    return true;
}

/* What check, plan, size and export start with: refuse outputs that would
 * replace an input, then load the instance and apply the -s scenario. On failure
 * returns NULL with the reason printed and *exit_code set. */
caseload_instance *cmd_instance(struct cli_context *context, int *exit_code)
{
    *exit_code = cmd_check_output_paths(context);
    if (*exit_code != EXIT_DONE)
        return NULL;
    caseload_instance *instance =
        cmd_load_instance(context->line->instance_path, context->line->scenario_paths[0], exit_code);
    if (instance != NULL && caseload_instance_hold_for_moves(instance, context->line->moves) != CASELOAD_OK) {
        cli_print_error("out of memory");
        *exit_code = EXIT_INTERNAL;
        caseload_instance_free(instance);
        return NULL;
    }
    return instance;
}

/* Write every requested output, then commit all the command's outputs at once:
 * each is written to its temporary file and pushed to the disk first, and only
 * when all of them made it are they renamed into place, so a failure (a full
 * disk) never leaves some outputs replaced and others not. Prints the reason on
 * failure; the temporaries are removed when main frees the outputs. */
bool cmd_write_outputs(struct cli_context *context, const struct output_request *requests, int count)
{
    char error[1024];
    for (int i = 0; i < count; i++) {
        const char *path = requests[i].path;
        if (path == NULL)
            continue;
        FILE *stream = caseload_outputs_stream(context->outputs, path, error, sizeof error);
        if (stream == NULL)
            goto fail;
        bool written = requests[i].write(requests[i].handle, requests[i].format, stream) == CASELOAD_OK;
        if (caseload_outputs_finish(context->outputs, path, error, sizeof error) != CASELOAD_OK)
            goto fail;
        if (!written) {
            snprintf(error, sizeof error, "%s: write failed", path);
            goto fail;
        }
    }
    if (caseload_outputs_commit(context->outputs, error, sizeof error) == CASELOAD_OK)
        return true;
fail:
    cli_print_error("%s", error);
    return false;
}

/* Put the output's name `path` in place of its temporary name `temporary` in the
 * message `error`: a message must name the file the user asked for. */
void cmd_name_output_in(char *error, size_t error_size, const char *temporary, const char *path)
{
    char *found = temporary != NULL && temporary[0] != '\0' ? strstr(error, temporary) : NULL;
    if (found == NULL || strcmp(temporary, path) == 0)
        return;
    char rest[1024];
    snprintf(rest, sizeof rest, "%s", found + strlen(temporary));
    size_t before = (size_t)(found - error);
    snprintf(found, error_size - before, "%s%s", path, rest);
}

/* cli_print_files_written for the requests of cmd_write_outputs. */
void cmd_print_outputs_written(const struct output_request *requests, int count)
{
    const char *paths[8] = {NULL};
    for (int i = 0; i < count && i < 8; i++)
        paths[i] = requests[i].path;
    cli_print_files_written(paths, count < 8 ? count : 8);
}
