/* cmd.h - the commands of the caseload binary (cmd_*.c) and what they share:
 * loading the instance, printing diagnostics, and the outputs of a run. Part of
 * the binary, not of the library; cli.c calls each run_* with the parsed line. */
#ifndef CASELOAD_CMD_H
#define CASELOAD_CMD_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"
#include "base/common.h"
#include "io/fileio.h"
#include "core/instance.h"
#include "solve/solve.h"

/* Set by SIGINT, SIGTERM or SIGHUP (main.c): the solver stops and the best plan
 * found is written. */
extern volatile sig_atomic_t interrupted;

/* The progress handle of a command (struct progress, common.h): the terminal's
 * when standard error is one and --quiet was not given, else NULL (silent). */
const struct progress *terminal_progress(bool quiet);

/* The outputs of the command being run, committed together (fileio.h). main
 * frees them, with every temporary file not committed, whatever the outcome. */
extern struct output_set *command_outputs;

/* Each command: returns its exit code (common.h), every message printed. */
int run_check(const struct command_line *line);
int run_plan(const struct command_line *line);
int run_export(const struct command_line *line);
int run_size(const struct command_line *line);
int run_compare(const struct command_line *line);
int run_generate(const struct command_line *line);
int run_convert(const struct command_line *line);
int run_explain(const struct command_line *line);
int run_forecast(const struct command_line *line); /* forecast, and size with -f */

/* --- cmd_common.c ------------------------------------------------------------ */

/* Print every diagnostic of a failed load and return exit code 3 (or 5 when memory
 * ran out before any error could be recorded). */
int report_diagnostics(const struct diag *diag);
/* The name of `path` in messages: "<stdin>" for "-". */
const char *display_name(const char *path);
/* Print each warning of `notes` ("caseload: warning: FILE: REASON"). */
void print_warnings(const struct diag *notes);
/* The whole instance file (or folder, as JSON), read once; NULL with the reason
 * printed and *exit_code set. The caller frees it with mem_free. */
char *read_instance_text(const char *path, size_t *length, int *exit_code);
/* The instance of `text`; NULL with the errors printed and *exit_code set. */
struct instance *parse_instance_text(const char *text, size_t length, const char *path, int *exit_code);
/* Load the scenario `path` and apply it to `instance`; *name gets a copy of its
 * name. On failure prints the errors (file and JSON path) and sets *exit_code. */
bool apply_scenario_file(struct instance *instance, const char *path, char **name, int *exit_code);
/* Load the instance `path` and apply the scenario `scenario_path` when not NULL
 * (*scenario_name then gets its name, which the caller frees). */
struct instance *load_instance(const char *path, const char *scenario_path, char **scenario_name,
                               int *exit_code);
/* Start the outputs of a command (command_outputs) before anything is loaded;
 * prints the reason and returns the exit code. */
int outputs_begin(const char *const *inputs, int input_count, const char *const *options,
                  const char *const *paths, int output_count, enum output_kind kind, bool force);
/* outputs_begin for one folder output of the files `folder_files` (generate --months). */
int outputs_begin_folder(const char *option, const char *path, bool force, const char *const *folder_files);
/* outputs_begin for check, plan, size, compare and export. */
int check_output_paths(const struct command_line *line);
/* check_output_paths, then the instance with the -s scenario applied; NULL with
 * the reason printed and *exit_code set. *name gets the scenario's name or NULL. */
struct instance *command_instance(const struct command_line *line, char **name, int *exit_code);

/* One output file of a command: where, what writes it, and with what. */
struct output_request {
    const char *path; /* NULL: not asked for */
    bool (*write)(const void *context, FILE *stream);
    const void *context;
};

/* Write every requested output, then commit all the command's outputs at once;
 * false with the reason printed. */
bool write_outputs(const struct output_request *requests, int count);
/* Put the output's name `path` in place of its temporary name in `error`. */
void name_output_in(char *error, size_t error_size, const char *temporary, const char *path);
/* write_outputs for a single file. */
bool write_with(const char *path, bool (*write)(const void *context, FILE *stream), const void *context);
/* "caseload: wrote F1, F2" on standard error (NULL and "-" left out). */
void print_files_written(const char *const *paths, int count);
/* print_files_written for the requests of write_outputs. */
void print_outputs_written(const struct output_request *requests, int count);

/* --- cmd_plan.c -------------------------------------------------------------- */

/* Solver settings from the command line; Ctrl-C stops the search. */
void set_solve_options(const struct command_line *line, struct solve_options *options);

#endif
