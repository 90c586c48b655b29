/* cmd.h - the commands of the caseload binary (cmd_*.c) and what they share
 * (cmd_common.c): loading the instance with its scenario, and the outputs of a
 * run. Part of the binary, not of the library; cli.c calls each run_* with the
 * context main made. */
#ifndef CASELOAD_CMD_H
#define CASELOAD_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "cli/command.h"

/* Each command: returns its exit code (command.h), every message printed. */
int cmd_check(struct cli_context *context);
int cmd_plan(struct cli_context *context);
int cmd_export(struct cli_context *context);
int cmd_size(struct cli_context *context);
int cmd_compare(struct cli_context *context);
int cmd_generate(struct cli_context *context);
int cmd_convert(struct cli_context *context);
int cmd_explain(struct cli_context *context);
int cmd_apply(struct cli_context *context);
int cmd_suggest(struct cli_context *context);

/* Write the caseload-instance/1 `text` (from `name`, for messages) as the CSV
 * folder of the output `output` (built beside it, committed whole) and say so.
 * Prints the reason on failure; returns the exit code. */
int cmd_write_instance_folder(struct cli_context *context, const char *name, const char *text, size_t length,
                          const char *output);
int cmd_forecast(struct cli_context *context); /* forecast, and size with -f */

/* --- cmd_common.c ------------------------------------------------------------ */

/* The whole instance file (or folder, as JSON), read once; NULL with the reason
 * printed and *exit_code set. The caller frees it with caseload_free. */
char *cmd_read_instance_text(const char *path, size_t *length, int *exit_code);
/* The instance of `text` read from `path`; NULL with the errors printed and
 * *exit_code set. */
caseload_instance *cmd_parse_instance_text(const char *text, size_t length, const char *path, int *exit_code);
/* Load the scenario `path` and apply it to `instance`, printing its warnings. On
 * failure prints the errors (file and JSON path) and sets *exit_code. */
bool cmd_apply_scenario_file(caseload_instance *instance, const char *path, int *exit_code);
/* Load the instance `path` and apply the scenario `scenario_path` when not NULL. */
caseload_instance *cmd_load_instance(const char *path, const char *scenario_path, int *exit_code);
/* cmd_load_instance, then read the plan `plan_path` against it (made for that
 * instance and scenario). True with both set; false with the reason printed,
 * *exit_code set and both NULL. The caller frees the two. */
bool cmd_load_instance_and_plan(const char *path, const char *scenario_path, const char *plan_path,
                            caseload_instance **instance, caseload_plan_file **plan, int *exit_code);
/* Start the outputs of a command (context->outputs) before anything is loaded;
 * prints the reason and returns the exit code. */
int cmd_outputs_begin(struct cli_context *context, const char *const *inputs, int input_count,
                  const char *const *options, const char *const *paths, int output_count,
                  caseload_output_kind kind, bool force);
/* cmd_outputs_begin for check, plan, size, compare and export. */
int cmd_check_output_paths(struct cli_context *context);
/* cmd_check_output_paths, then the instance with the -s scenario applied; NULL with
 * the reason printed and *exit_code set. */
caseload_instance *cmd_instance(struct cli_context *context, int *exit_code);
/* The scenario's name of `instance`, or NULL. */
const char *cmd_scenario_name_of(const caseload_instance *instance);

/* One output file of a command: where, what writes it, and with what. */
struct output_request {
    const char *path; /* NULL: not asked for */
    caseload_error (*write)(const void *handle, int format, FILE *stream);
    const void *handle;
    int format;
};

/* Write every requested output, then commit all the command's outputs at once;
 * false with the reason printed. */
bool cmd_write_outputs(struct cli_context *context, const struct output_request *requests, int count);
/* Put the output's name `path` in place of its temporary name in `error`. */
void cmd_name_output_in(char *error, size_t error_size, const char *temporary, const char *path);
/* "caseload: wrote F1, F2" for the requests of cmd_write_outputs. */
void cmd_print_outputs_written(const struct output_request *requests, int count);

#endif
