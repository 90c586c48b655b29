/* cli_print.c - what the command line shows on the terminal (cli_print.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli_print.h"

void cli_print_error(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    caseload_message_vprint(stderr, CLI_PROGRAM, format, args); /* escaped: no control character reaches the terminal */
    va_end(args);
    fputc('\n', stderr);
}

int cli_usage_error(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    caseload_message_vprint(stderr, CLI_PROGRAM, format, args);
    va_end(args);
    fprintf(stderr, "\nTry `%s --help' for more information.\n", CLI_PROGRAM);
    return EXIT_USAGE;
}

int cli_exit_code_of(caseload_error error)
{
    switch (error) {
    case CASELOAD_OK: return EXIT_DONE;
    case CASELOAD_ERROR_INPUT:
    case CASELOAD_ERROR_NOT_FOUND: return EXIT_INPUT;
    case CASELOAD_ERROR_USAGE: return EXIT_USAGE;
    case CASELOAD_ERROR_NO_PLAN: return EXIT_NO_PLAN;
    default: return EXIT_INTERNAL;
    }
}

int cli_print_failure(caseload_error error, const char *reason)
{
    cli_print_error("%s", reason != NULL && reason[0] != '\0' ? reason : caseload_error_message(error));
    return cli_exit_code_of(error);
}

int cli_print_diagnostics(const caseload_diagnostics *diagnostics, caseload_error error)
{
    caseload_diagnostics_write(diagnostics, CLI_PROGRAM, stderr);
    return cli_exit_code_of(error);
}

const char *cli_display_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* After a successful write: "caseload: wrote plan.json, plan.csv" on standard
 * error, every file of `paths` (NULL and "-", standard output, left out). */
void cli_print_files_written(const char *const *paths, int count)
{
    int written = 0;
    for (int i = 0; i < count; i++) {
        if (paths[i] == NULL || strcmp(paths[i], "-") == 0)
            continue;
        if (written++ == 0)
            fprintf(stderr, "%s: wrote %s", CLI_PROGRAM, paths[i]);
        else
            fprintf(stderr, ", %s", paths[i]);
    }
    if (written > 0)
        fputc('\n', stderr);
}

/* Progress on the terminal: a transient status redraws its line ("\r", padded
 * over a longer status before it); a line replaces the status on the screen, if
 * any, and stays. Text is escaped like every message. The stream's lock keeps the
 * text of two threads apart. */
void cli_terminal_progress_show(void *context, bool transient, const char *text)
{
    struct cli_terminal *terminal = context;
    flockfile(stderr);
    size_t length = caseload_message_escape(NULL, text);
    fputs(terminal->status_length > 0 ? "\r" : "", stderr);
    caseload_message_write(stderr, text);
    for (size_t k = length; k < terminal->status_length; k++)
        fputc(' ', stderr);
    fputs(transient ? "" : "\n", stderr);
    terminal->status_length = transient ? length : 0;
    fflush(stderr);
    funlockfile(stderr);
}

void cli_settings(const struct cli_context *context, caseload_settings *settings)
{
    const struct command_line *line = context->line;
    caseload_settings_default(settings);
    settings->time_limit = line->time_limit;
    settings->gap = line->gap;
    settings->threads = line->threads;
    settings->memory_limit = line->memory_limit;
    settings->cuts = !line->no_cuts;
    if (!line->quiet && isatty(STDERR_FILENO)) {
        settings->progress = cli_terminal_progress_show;
        settings->progress_context = context->terminal;
    }
    settings->cancel = context->stop;
}
