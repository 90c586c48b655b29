/* cli_print.h - everything the command line shows on the terminal: errors and
 * usage errors, the library's diagnostics, the files written, and progress. The
 * lowest module of src/cli: the others print through it. */
#ifndef CASELOAD_CLI_PRINT_H
#define CASELOAD_CLI_PRINT_H

#include <stdbool.h>

#include "cli/command.h"

/* "caseload: MESSAGE" on standard error, control characters escaped. */
void cli_print_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* A usage error: message, pointer to help; returns EXIT_USAGE. */
int cli_usage_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* The exit code of a library error (DESIGN.md §4). */
int cli_exit_code_of(caseload_error error);

/* cli_print_error of `error` (the library's reason text; when empty, the error's
 * message) and its exit code. */
int cli_print_failure(caseload_error error, const char *reason);

/* Print the warnings and errors of `diagnostics` (warnings alone when `error` is
 * CASELOAD_OK) and return the exit code of `error`. */
int cli_print_diagnostics(const caseload_diagnostics *diagnostics, caseload_error error);

/* The name of `path` in messages: "<stdin>" for "-". */
const char *cli_display_name(const char *path);

/* "caseload: wrote F1, F2" on standard error (NULL and "-" left out). */
void cli_print_files_written(const char *const *paths, int count);

/* The progress callback (caseload_progress_fn) drawing on standard error: its
 * context is a struct cli_terminal. */
void cli_terminal_progress_show(void *context, bool transient, const char *text);

/* Fill `settings` with the library's defaults and what the line asks for: time
 * limit, gap, threads, memory limit, cuts, the terminal's progress when standard
 * error is one and --quiet was not given, and the stop flag as the cancel flag. */
void cli_settings(const struct cli_context *context, caseload_settings *settings);

#endif
