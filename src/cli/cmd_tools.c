/* cmd_tools.c - the commands around the instance files: generate, convert and
 * explain (cmd.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_print.h"
#include "cli/cmd.h"

/* `caseload generate`: options map one to one onto the generator's. */
int cmd_generate(struct cli_context *context)
{
    const struct command_line *line = context->line;
    const caseload_generator *generator = line->generator;
    const char *output_path = line->plan_path != NULL ? line->plan_path : "-";
    int months = line->months; /* --months N: a history of N monthly snapshots into the folder -o */
    char error[1024];
    if (caseload_generator_check(generator, error, sizeof error) != CASELOAD_OK)
        return cli_usage_error("generate: %s", error);
    if (months > 0) {
        if (strcmp(output_path, "-") == 0)
            return cli_usage_error("generate: --months writes a folder: give it with -o FOLDER");
        /* a folder transaction, as convert's: built beside the folder, swapped in whole */
        const char *option = "-o";
        int exit_code =
            cmd_outputs_begin(context, NULL, 0, &option, &output_path, 1, CASELOAD_OUTPUT_HISTORY, line->force);
        if (exit_code != EXIT_DONE)
            return exit_code;
        const char *folder = caseload_outputs_write_path(context->outputs, output_path);
        if (caseload_generator_write_history(generator, months, folder, error, sizeof error) != CASELOAD_OK ||
            caseload_outputs_commit(context->outputs, error, sizeof error) != CASELOAD_OK) {
            cmd_name_output_in(error, sizeof error, folder, output_path);
            cli_print_error("generate: %s", error);
            return EXIT_INTERNAL;
        }
        cli_print_files_written(&output_path, 1);
        return EXIT_DONE;
    }
    const char *option = "-o";
    int exit_code = cmd_outputs_begin(context, NULL, 0, &option, &output_path, 1, CASELOAD_OUTPUT_FILE, false);
    if (exit_code != EXIT_DONE)
        return exit_code;
    FILE *stream = caseload_outputs_stream(context->outputs, output_path, error, sizeof error);
    if (stream == NULL) {
        cli_print_error("%s", error);
        return EXIT_INTERNAL;
    }
    if (caseload_generator_write(generator, stream, error, sizeof error) != CASELOAD_OK) {
        cli_print_error("generate: %s: %s", strcmp(output_path, "-") == 0 ? "standard output" : output_path, error);
        return EXIT_INTERNAL;
    }
    if (caseload_outputs_commit(context->outputs, error, sizeof error) != CASELOAD_OK) {
        cli_print_error("%s", error);
        return EXIT_INTERNAL;
    }
    cli_print_files_written(&output_path, 1);
    return EXIT_DONE;
}

/* convert FOLDER -o INSTANCE.json: the folder's JSON text, written as it is. */
static int convert_to_json(struct cli_context *context, const char *input, const char *output)
{
    size_t length = 0;
    char error[1024];
    int exit_code = EXIT_DONE;
    char *json = cmd_read_instance_text(input, &length, &exit_code);
    if (json == NULL)
        return exit_code;
    FILE *stream = caseload_outputs_stream(context->outputs, output, error, sizeof error);
    bool written = stream != NULL && fwrite(json, 1, length, stream) == length;
    caseload_free(json);
    if (stream != NULL && caseload_outputs_finish(context->outputs, output, error, sizeof error) != CASELOAD_OK)
        written = false;
    if (!written || caseload_outputs_commit(context->outputs, error, sizeof error) != CASELOAD_OK) {
        cli_print_error("%s", error);
        return EXIT_INTERNAL;
    }
    cli_print_files_written(&output, 1);
    return EXIT_DONE;
}

/* convert INSTANCE.json -o FOLDER: the folder built beside the target, swapped in whole. */
static int convert_to_folder(struct cli_context *context, const char *input, const char *output)
{
    size_t length = 0;
    int exit_code = EXIT_DONE;
    char *text = cmd_read_instance_text(input, &length, &exit_code);
    if (text == NULL)
        return exit_code;
    exit_code = cmd_write_instance_folder(context, cli_display_name(input), text, length, output);
    caseload_free(text);
    return exit_code;
}

int cmd_write_instance_folder(struct cli_context *context, const char *name, const char *text, size_t length,
                          const char *output)
{
    int exit_code = EXIT_DONE;
    caseload_diagnostics *diagnostics = caseload_diagnostics_create();
    if (diagnostics == NULL) {
        cli_print_error("out of memory");
        return EXIT_INTERNAL;
    }
    char error[1024] = "";
    const char *folder = caseload_outputs_write_path(context->outputs, output);
    caseload_error converted = caseload_convert_to_folder(name, text, length, folder, diagnostics, error, sizeof error);
    if (converted == CASELOAD_OK && caseload_outputs_commit(context->outputs, error, sizeof error) != CASELOAD_OK)
        converted = CASELOAD_ERROR_IO;
    if (converted == CASELOAD_ERROR_INPUT || (converted == CASELOAD_ERROR_MEMORY && error[0] == '\0')) {
        exit_code = cli_print_diagnostics(diagnostics, converted);
    } else if (converted != CASELOAD_OK) {
        cmd_name_output_in(error, sizeof error, folder, output);
        cli_print_error("%s", error);
        exit_code = EXIT_INTERNAL;
    } else {
        cli_print_files_written(&output, 1);
    }
    caseload_diagnostics_free(diagnostics);
    return exit_code;
}

/* `caseload convert`: a folder becomes a JSON file; a JSON file becomes a new
 * folder, built beside the target and swapped in whole, so that a failure (a full
 * disk) never leaves a mix of old and new files. An existing non-empty folder is
 * replaced only with --force, and only when it holds nothing but the files
 * convert writes. */
int cmd_convert(struct cli_context *context)
{
    const struct command_line *line = context->line;
    const char *input = line->positionals[0], *output = line->plan_path;
    if (input == NULL || output == NULL)
        return cli_usage_error("convert: give INPUT -o OUTPUT [--force]");
    bool from_folder = caseload_path_is_folder(input);
    const char *option = "-o";
    int exit_code = cmd_outputs_begin(context, &input, 1, &option, &output, 1,
                                  from_folder ? CASELOAD_OUTPUT_FILE : CASELOAD_OUTPUT_FOLDER, line->force);
    if (exit_code != EXIT_DONE)
        return exit_code;
    return from_folder ? convert_to_json(context, input, output) : convert_to_folder(context, input, output);
}

int cmd_explain(struct cli_context *context)
{
    const struct command_line *line = context->line;
    const char *instance_path = line->positionals[0], *plan_path = line->positionals[1],
               *child_id = line->positionals[2];
    int exit_code = EXIT_DONE;
    caseload_instance *instance = NULL;
    caseload_plan_file *plan = NULL;
    if (!cmd_load_instance_and_plan(instance_path, line->scenario_paths[0], plan_path, &instance, &plan, &exit_code))
        return exit_code;
    caseload_explanation *explanation = NULL;
    char error[512] = "";
    caseload_error explained = caseload_explain(instance, plan, child_id, &explanation, error, sizeof error);
    if (explained == CASELOAD_ERROR_NOT_FOUND) {
        char quoted[96]; /* an identity code given as CHILD is never echoed */
        cli_print_error("%s: no child %s in the instance", cli_display_name(instance_path),
                    caseload_message_quote(quoted, sizeof quoted, child_id));
        exit_code = EXIT_INPUT;
    } else if (explained != CASELOAD_OK) {
        cli_print_error("%s", error);
        exit_code = EXIT_INTERNAL;
    } else if (line->worker_id != NULL) {
        caseload_error written = caseload_explanation_write_worker(explanation, line->worker_id, stdout);
        if (written == CASELOAD_ERROR_NOT_FOUND) {
            char quoted[96];
            cli_print_error("%s: no worker or hire %s in the instance", cli_display_name(instance_path),
                        caseload_message_quote(quoted, sizeof quoted, line->worker_id));
            exit_code = EXIT_INPUT;
        } else if (written != CASELOAD_OK) {
            exit_code = EXIT_INTERNAL;
        }
    } else if (caseload_explanation_write(explanation, stdout) != CASELOAD_OK) {
        exit_code = EXIT_INTERNAL;
    }
    caseload_explanation_free(explanation);
    caseload_plan_file_free(plan);
    caseload_instance_free(instance);
    return exit_code;
}
