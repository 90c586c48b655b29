/* cmd_month.c - the leading social worker's month: `apply` adopts a plan (cmd.h). */
#include <stdio.h>

#include "cli/cli_print.h"
#include "cli/cmd.h"

/* The instance after `plan` written to the output `output`: a JSON file, or a CSV
 * folder built beside it and swapped in whole. */
static int write_next(struct cli_context *context, const caseload_instance *instance,
                      const caseload_plan_file *plan, const char *output, bool to_folder)
{
    char error[1024] = "";
    if (!to_folder) {
        FILE *stream = caseload_outputs_stream(context->outputs, output, error, sizeof error);
        bool written = stream != NULL && caseload_instance_write_after(instance, plan, stream) == CASELOAD_OK;
        if (stream != NULL && caseload_outputs_finish(context->outputs, output, error, sizeof error) != CASELOAD_OK)
            written = false;
        if (!written || caseload_outputs_commit(context->outputs, error, sizeof error) != CASELOAD_OK) {
            cli_print_error("%s", error[0] != '\0' ? error : "cannot write the next month's instance");
            return EXIT_INTERNAL;
        }
        cli_print_files_written(&output, 1);
        return EXIT_DONE;
    }
    char *text = NULL;
    size_t length = 0;
    if (caseload_instance_write_after_buffer(instance, plan, &text, &length) != CASELOAD_OK) {
        cli_print_error("out of memory");
        return EXIT_INTERNAL;
    }
    int exit_code = cmd_write_instance_folder(context, cli_display_name(output), text, length, output);
    caseload_free(text);
    return exit_code;
}

int cmd_apply(struct cli_context *context)
{
    const struct command_line *line = context->line;
    const char *instance_path = line->positionals[0], *plan_path = line->positionals[1];
    const char *output = line->plan_path, *scenario_path = line->scenario_paths[0];
    if (output == NULL)
        return cli_usage_error("apply: give INSTANCE PLAN.json -o NEXT");
    bool to_folder = caseload_path_is_folder(instance_path);
    const char *inputs[] = {instance_path, plan_path, scenario_path};
    const char *option = "-o";
    int exit_code = cmd_outputs_begin(context, inputs, scenario_path != NULL ? 3 : 2, &option, &output, 1,
                                  to_folder ? CASELOAD_OUTPUT_FOLDER : CASELOAD_OUTPUT_FILE, line->force);
    if (exit_code != EXIT_DONE)
        return exit_code;
    caseload_instance *instance = NULL;
    caseload_plan_file *plan = NULL;
    if (!cmd_load_instance_and_plan(instance_path, scenario_path, plan_path, &instance, &plan, &exit_code))
        return exit_code;
    exit_code = write_next(context, instance, plan, output, to_folder);
    int opened = caseload_plan_file_hires_opened(instance, plan);
    if (exit_code == EXIT_DONE && opened > 0)
        fprintf(stderr, "%s: note: the %d hire%s the plan opens %s workers now, named TEAM/hire-K, and the "
                "teams' max_hires are lower by as many; rename them in the workers and children\n",
                CLI_PROGRAM, opened, opened == 1 ? "" : "s", opened == 1 ? "is a worker" : "are");
    caseload_plan_file_free(plan);
    caseload_instance_free(instance);
    return exit_code;
}

static caseload_error write_suggestions(const void *handle, int format, FILE *stream)
{
    return caseload_suggestions_write(handle, (caseload_suggestions_format)format, stream);
}

/* `caseload suggest INSTANCE FAMILY`: the best workers for one new family, everyone
 * else kept, with reasons; -o writes them all as JSON. */
int cmd_suggest(struct cli_context *context)
{
    const struct command_line *line = context->line;
    const char *instance_path = line->positionals[0], *family_path = line->positionals[1];
    const char *scenario_path = line->scenario_paths[0], *output = line->plan_path;
    const char *inputs[] = {instance_path, family_path, scenario_path};
    const char *option = "-o";
    int exit_code = cmd_outputs_begin(context, inputs, scenario_path != NULL ? 3 : 2, &option, &output,
                                  output != NULL ? 1 : 0, CASELOAD_OUTPUT_FILE, false);
    if (exit_code != EXIT_DONE)
        return exit_code;
    caseload_instance *instance = cmd_load_instance(instance_path, scenario_path, &exit_code);
    if (instance == NULL)
        return exit_code;
    caseload_diagnostics *diagnostics = caseload_diagnostics_create();
    caseload_suggestions *suggestions = NULL;
    if (diagnostics == NULL) {
        cli_print_error("out of memory");
        exit_code = EXIT_INTERNAL;
        goto done;
    }
    caseload_error error = caseload_suggest(instance, family_path, &suggestions, diagnostics);
    if (error != CASELOAD_OK) {
        exit_code = cli_print_diagnostics(diagnostics, error);
        goto done;
    }
    if (output != NULL) {
        struct output_request request = {output, write_suggestions, suggestions, CASELOAD_SUGGESTIONS_JSON};
        if (!cmd_write_outputs(context, &request, 1)) {
            exit_code = EXIT_INTERNAL;
            goto done;
        }
        cli_print_files_written(&output, 1);
    }
    if (!line->quiet && caseload_suggestions_write(suggestions, CASELOAD_SUGGESTIONS_TEXT, stdout) != CASELOAD_OK)
        exit_code = EXIT_INTERNAL;
done:
    caseload_suggestions_free(suggestions);
    caseload_diagnostics_free(diagnostics);
    caseload_instance_free(instance);
    return exit_code;
}
