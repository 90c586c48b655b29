/* api_internal.h - internal to src/api: what the public handles of caseload.h
 * hold, and the helpers the files of the api layer share. */
#ifndef CASELOAD_API_INTERNAL_H
#define CASELOAD_API_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "caseload.h"

#include "base/common.h"
#include "core/instance.h"
#include "forecast/forecast.h"
#include "io/plan_read.h"
#include "io/scenario.h"
#include "report/explain.h"
#include "solve/solve.h"

struct caseload_diagnostics {
    struct diag errors;    /* file: the name of what is read */
    struct diag warnings;  /* file: as the reader gives it (NULL for a CSV folder's notes) */
    char *errors_file;     /* owned copies of the two names */
    char *warnings_file;
    bool failed;           /* the operation failed: an empty error list means memory ran out */
    bool short_of_memory;  /* memory ran out for the list itself: the operation fails */
    /* what caseload_diagnostics_get hands out: per kept entry, errors then warnings */
    char *json_paths[2 * DIAG_KEEP];
    char *reasons[2 * DIAG_KEEP];
};

struct caseload_instance {
    struct instance *instance; /* owned */
    char *scenario_name;       /* the scenario applied, owned; NULL when none */
    bool scenario_applied;
};

struct caseload_scenario {
    struct scenario *scenario; /* owned */
    char *display_name;        /* the file in messages ("<stdin>" for "-"), owned */
};

struct caseload_plan_file {
    struct plan_file *plan; /* owned */
};

/* Begin an operation that reports into `given` (NULL: into `local`, which the
 * caller ends with api_diagnostics_end): cleared, the two files named (copied).
 * Returns the list to report into, never NULL (without memory for the names it
 * reports without them). */
caseload_diagnostics *api_diagnostics_begin(caseload_diagnostics *given, caseload_diagnostics *local,
                                            const char *errors_file, const char *warnings_file);
/* End the operation: mark it failed when `failed`, fill the structured views, and
 * free `local` if it was used. Returns CASELOAD_OK, or for a failure
 * CASELOAD_ERROR_INPUT, or CASELOAD_ERROR_MEMORY when memory ran out before any
 * error was recorded or for the list itself (even when the operation did not
 * fail: the caller then frees what it made, so that every allocation that fails
 * fails the call). */
caseload_error api_diagnostics_end(caseload_diagnostics *used, caseload_diagnostics *local, bool failed);

/* "<stdin>" for "-", else `path`. */
const char *api_display_name(const char *path);

/* caseload_error of an exit code of the lower layers (common.h). */
caseload_error api_error_of_exit(int exit_code);

/* Copy `text` into the caller's `error` of `size` bytes (NULL or 0: nothing). */
void api_set_error(char *error, size_t size, const char *text);

/* Solver options of `settings` (NULL: the defaults), with `progress` (the caller's
 * storage) made from its callback. */
void api_solve_options(const caseload_settings *settings, struct progress *progress,
                       struct solve_options *options);

/* A writer of one format, for api_write_buffer. */
typedef caseload_error (*api_writer)(const void *handle, int format, FILE *stream);

/* Run `write` into a memory stream and hand its bytes to the caller. */
caseload_error api_write_buffer(api_writer write, const void *handle, int format, char **data, size_t *length);

/* CASELOAD_OK when `written` and the stream has no error, else CASELOAD_ERROR_IO. */
caseload_error api_stream_result(bool written, FILE *stream);

#endif
