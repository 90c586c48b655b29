/* cmd_tools.c - the commands around the instance files: generate, convert and
 * explain (cmd.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd.h"
#include "base/common.h"
#include "report/explain.h"
#include "io/fileio.h"
#include "forecast/forecast.h"
#include "generate/generate.h"
#include "core/instance.h"
#include "io/plan_read.h"
#include "io/spreadsheet.h"

/* `caseload generate`: options map one to one onto struct generate_options. */
int run_generate(const struct command_line *line)
{
    struct generate_options options = line->generate;
    const char *output_path = line->plan_path != NULL ? line->plan_path : "-";
    int months = line->months; /* --months N: a history of N monthly snapshots into the folder -o */
    char error[1024];
    if (!generate_check_options(&options, error, sizeof error))
        return usage_error("generate: %s", error);
    if (months > 0) {
        if (strcmp(output_path, "-") == 0)
            return usage_error("generate: --months writes a folder: give it with -o FOLDER");
        /* a folder transaction, as convert's (io/fileio.h) */
        int code = outputs_begin_folder("-o", output_path, line->force, forecast_history_file_names());
        if (code != EXIT_DONE)
            return code;
        const char *folder = output_set_write_path(command_outputs, output_path);
        if (!generate_history_write(&options, months, folder, error, sizeof error) ||
            !output_set_commit(command_outputs, error, sizeof error)) {
            name_output_in(error, sizeof error, folder, output_path);
            print_error("generate: %s", error);
            return EXIT_INTERNAL;
        }
        print_files_written(&output_path, 1);
        return EXIT_DONE;
    }
    const char *option = "-o";
    int exit_code = outputs_begin(NULL, 0, &option, &output_path, 1, OUTPUT_FILE, false);
    if (exit_code != EXIT_DONE)
        return exit_code;
    FILE *stream = output_set_stream(command_outputs, output_path, error, sizeof error);
    if (stream == NULL) {
        print_error("%s", error);
        return EXIT_INTERNAL;
    }
    if (!generate_instance(&options, stream, error, sizeof error)) {
        print_error("generate: %s: %s", strcmp(output_path, "-") == 0 ? "standard output" : output_path, error);
        return EXIT_INTERNAL;
    }
    if (!output_set_commit(command_outputs, error, sizeof error)) {
        print_error("%s", error);
        return EXIT_INTERNAL;
    }
    print_files_written(&output_path, 1);
    return EXIT_DONE;
}

/* `caseload convert`: a folder becomes a JSON file; a JSON file becomes a new
 * folder, built beside the target and swapped in whole, so that a failure (a full
 * disk) never leaves a mix of old and new files. An existing non-empty folder is
 * replaced only with --force, and only when it holds nothing but the files
 * convert writes. */
int run_convert(const struct command_line *line)
{
    const char *input = line->positionals[0], *output = line->plan_path;
    bool force = line->force;
    if (input == NULL || output == NULL)
        return usage_error("convert: give INPUT -o OUTPUT [--force]");
    bool from_folder = spreadsheet_is_folder(input);
    const char *option = "-o";
    int exit_code = outputs_begin(&input, 1, &option, &output, 1, from_folder ? OUTPUT_FILE : OUTPUT_FOLDER,
                                  force);
    if (exit_code != EXIT_DONE)
        return exit_code;
    size_t length = 0;
    char error[1024];
    if (from_folder) {
        char *json = read_instance_text(input, &length, &exit_code);
        if (json == NULL)
            return exit_code;
        FILE *stream = output_set_stream(command_outputs, output, error, sizeof error);
        bool written = stream != NULL && fwrite(json, 1, length, stream) == length;
        mem_free(json);
        if (stream != NULL && !output_set_finish(command_outputs, output, error, sizeof error))
            written = false;
        if (!written || !output_set_commit(command_outputs, error, sizeof error)) {
            print_error("%s", error);
            return EXIT_INTERNAL;
        }
        print_files_written(&output, 1);
        return EXIT_DONE;
    }
    char *text = read_instance_text(input, &length, &exit_code);
    if (text == NULL)
        return exit_code;
    struct diag diag;
    diag_init(&diag, display_name(input));
    const char *folder = output_set_write_path(command_outputs, output);
    exit_code = spreadsheet_write_folder(text, length, folder, &diag, error, sizeof error);
    if (exit_code == EXIT_DONE && !output_set_commit(command_outputs, error, sizeof error))
        exit_code = EXIT_INTERNAL;
    if (exit_code == EXIT_INPUT)
        exit_code = report_diagnostics(&diag);
    else if (exit_code == EXIT_INTERNAL) {
        name_output_in(error, sizeof error, folder, output);
        print_error("%s", error);
    } else if (exit_code == EXIT_DONE) {
        print_files_written(&output, 1);
    }
    diag_free(&diag);
    mem_free(text);
    return exit_code;
}

int run_explain(const struct command_line *line)
{
    const char *instance_path = line->positionals[0], *plan_path = line->positionals[1],
               *child_id = line->positionals[2];
    const char *scenario_path = line->scenario_paths[0];
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
            char quoted[96]; /* an identity code given as CHILD is never echoed */
            print_error("%s: no child %s in the instance", display_name(instance_path),
                        message_quote(quoted, sizeof quoted, child_id));
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
