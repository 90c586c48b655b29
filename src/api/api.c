/* api.c - the public API's foundations (caseload.h): version, errors and status,
 * diagnostics, messages, settings, memory buffers and output transactions. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_internal.h"
#include "forecast/forecast_history.h"
#include "io/fileio.h"
#include "io/spreadsheet.h"
#include "report/report.h"

_Static_assert(CASELOAD_MAX_THREADS == SOLVE_MAX_THREADS, "one thread limit");
_Static_assert(CASELOAD_FORECAST_MAX_MONTHS == FORECAST_MAX_MONTHS, "one horizon limit");

/* --- Version, errors, status --------------------------------------------------- */

const char *caseload_version(void)
{
    return CASELOAD_VERSION;
}

const char *caseload_engine_version(void)
{
    return solve_engine_version();
}

static const char *const error_messages[CASELOAD_ERROR_COUNT] = {
    [CASELOAD_OK] = "no error",
    [CASELOAD_ERROR_INPUT] = "invalid input",
    [CASELOAD_ERROR_USAGE] = "invalid argument",
    [CASELOAD_ERROR_NOT_FOUND] = "not found",
    [CASELOAD_ERROR_NO_PLAN] = "no plan could be found",
    [CASELOAD_ERROR_IO] = "input or output failed",
    [CASELOAD_ERROR_MEMORY] = "out of memory",
    [CASELOAD_ERROR_INTERNAL] = "internal error",
};

const char *caseload_error_message(caseload_error error)
{
    if ((int)error < 0 || error >= CASELOAD_ERROR_COUNT)
        return "unknown error";
    return error_messages[error];
}

const char *caseload_status_name(caseload_status status)
{
    switch (status) {
    case CASELOAD_STATUS_OPTIMAL: return "optimal";
    case CASELOAD_STATUS_FEASIBLE: return "feasible";
    case CASELOAD_STATUS_TIME_LIMIT: return "time limit";
    case CASELOAD_STATUS_STOPPED: return "stopped";
    case CASELOAD_STATUS_INFEASIBLE: return "infeasible";
    case CASELOAD_STATUS_NO_PLAN: return "no plan";
    }
    return "unknown";
}

bool caseload_status_has_plan(caseload_status status)
{
    return status != CASELOAD_STATUS_INFEASIBLE && status != CASELOAD_STATUS_NO_PLAN;
}

caseload_error api_error_of_exit(int exit_code)
{
    switch (exit_code) {
    case EXIT_DONE: return CASELOAD_OK;
    case EXIT_USAGE: return CASELOAD_ERROR_USAGE;
    case EXIT_INPUT: return CASELOAD_ERROR_INPUT;
    case EXIT_NO_PLAN: return CASELOAD_ERROR_NO_PLAN;
    default: return CASELOAD_ERROR_IO;
    }
}

void api_set_error(char *error, size_t size, const char *text)
{
    if (error != NULL && size > 0)
        snprintf(error, size, "%s", text);
}

const char *api_display_name(const char *path)
{
    return path != NULL && strcmp(path, "-") == 0 ? "<stdin>" : path;
}

void caseload_free(void *memory)
{
    mem_free(memory);
}

void caseload_thread_end(void)
{
    solve_thread_end();
}

void caseload_fail_allocation_at(long n)
{
    mem_fail_at(n);
}

/* --- Diagnostics ------------------------------------------------------------------- */

caseload_diagnostics *caseload_diagnostics_create(void)
{
    caseload_diagnostics *diagnostics = mem_calloc(1, sizeof *diagnostics);
    if (diagnostics == NULL)
        return NULL;
    diag_init(&diagnostics->errors, NULL);
    diag_init(&diagnostics->warnings, NULL);
    return diagnostics;
}

void caseload_diagnostics_clear(caseload_diagnostics *diagnostics)
{
    if (diagnostics == NULL)
        return;
    diag_free(&diagnostics->errors);
    diag_free(&diagnostics->warnings);
    mem_free(diagnostics->errors_file);
    mem_free(diagnostics->warnings_file);
    for (int i = 0; i < 2 * DIAG_KEEP; i++) {
        mem_free(diagnostics->json_paths[i]);
        mem_free(diagnostics->reasons[i]);
    }
    memset(diagnostics, 0, sizeof *diagnostics);
    diag_init(&diagnostics->errors, NULL);
    diag_init(&diagnostics->warnings, NULL);
}

void caseload_diagnostics_free(caseload_diagnostics *diagnostics)
{
    caseload_diagnostics_clear(diagnostics);
    mem_free(diagnostics);
}

caseload_diagnostics *api_diagnostics_begin(caseload_diagnostics *given, caseload_diagnostics *local,
                                            const char *errors_file, const char *warnings_file)
{
    caseload_diagnostics *used = given != NULL ? given : local;
    if (used == local) {
        memset(local, 0, sizeof *local);
        diag_init(&local->errors, NULL);
        diag_init(&local->warnings, NULL);
    }
    caseload_diagnostics_clear(used);
    used->errors_file = errors_file != NULL ? mem_strdup(errors_file) : NULL;
    used->warnings_file = warnings_file != NULL ? mem_strdup(warnings_file) : NULL;
    diag_init(&used->errors, used->errors_file != NULL ? used->errors_file : errors_file != NULL ? "" : NULL);
    diag_init(&used->warnings, used->warnings_file);
    if ((errors_file != NULL && used->errors_file == NULL) || (warnings_file != NULL && used->warnings_file == NULL))
        used->short_of_memory = true;
    return used;
}

/* "children[12].worker" of an entry: its array element and the key inside it. */
static char *entry_json_path(const struct diag_entry *entry)
{
    const char *key = entry->key != NULL ? entry->key : "";
    if (entry->array == NULL)
        return mem_strdup(key);
    size_t size = strlen(entry->array) + strlen(key) + 16;
    char *path = mem_alloc(size);
    if (path != NULL)
        snprintf(path, size, "%s[%d]%s%s", entry->array, entry->index, key[0] != '\0' && key[0] != '[' ? "." : "",
                 key);
    return path;
}

/* The whole reason of an entry, with the element it refers to. */
static char *entry_reason(const struct diag_entry *entry)
{
    const char *reason = entry->reason != NULL ? entry->reason : "";
    if (entry->ref_array == NULL)
        return mem_strdup(reason);
    const char *after = entry->reason_after != NULL ? entry->reason_after : "";
    size_t size = strlen(reason) + strlen(entry->ref_array) + strlen(after) + 16;
    char *text = mem_alloc(size);
    if (text != NULL)
        snprintf(text, size, "%s%s[%d]%s", reason, entry->ref_array, entry->ref_index, after);
    return text;
}

caseload_error api_diagnostics_end(caseload_diagnostics *used, caseload_diagnostics *local, bool failed)
{
    bool short_of_memory = used->short_of_memory;
    int n = 0;
    const struct diag *lists[] = {&used->errors, &used->warnings};
    for (int l = 0; l < 2 && used != local; l++)
        for (int i = 0; i < lists[l]->kept; i++, n++) {
            used->json_paths[n] = entry_json_path(&lists[l]->entries[i]);
            used->reasons[n] = entry_reason(&lists[l]->entries[i]);
            short_of_memory = short_of_memory || used->json_paths[n] == NULL || used->reasons[n] == NULL;
        }
    if (short_of_memory) {
        failed = true;
        used->errors.out_of_memory = true; /* written as "FILE: out of memory" */
    }
    used->failed = failed;
    bool out_of_memory = used->errors.out_of_memory || used->errors.count == 0;
    if (used == local)
        caseload_diagnostics_clear(local);
    if (!failed)
        return CASELOAD_OK;
    return out_of_memory ? CASELOAD_ERROR_MEMORY : CASELOAD_ERROR_INPUT;
}

int caseload_diagnostics_count(const caseload_diagnostics *diagnostics)
{
    return diagnostics == NULL ? 0 : diagnostics->errors.kept + diagnostics->warnings.kept;
}

int caseload_diagnostics_error_count(const caseload_diagnostics *diagnostics)
{
    return diagnostics == NULL ? 0 : diagnostics->errors.count;
}

bool caseload_diagnostics_get(const caseload_diagnostics *diagnostics, int index, caseload_diagnostic *out)
{
    if (diagnostics == NULL || index < 0 || index >= caseload_diagnostics_count(diagnostics))
        return false;
    bool error = index < diagnostics->errors.kept;
    const struct diag *list = error ? &diagnostics->errors : &diagnostics->warnings;
    int i = error ? index : index - diagnostics->errors.kept;
    const struct diag_entry *entry = &list->entries[i];
    out->severity = error ? CASELOAD_SEVERITY_ERROR : CASELOAD_SEVERITY_WARNING;
    out->file = entry->file != NULL ? entry->file : "";
    out->json_path = diagnostics->json_paths[index] != NULL ? diagnostics->json_paths[index] : "";
    out->line = entry->line;
    out->column = entry->column;
    out->reason = diagnostics->reasons[index] != NULL ? diagnostics->reasons[index] : "";
    out->message = list->messages[i] != NULL ? list->messages[i] : "";
    return true;
}

/* "PROGRAM: MESSAGE\n", the message escaped. */
static void print_line(FILE *stream, const char *program, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static void print_line(FILE *stream, const char *program, const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    message_vprint(stream, program, format, arguments);
    va_end(arguments);
    fputc('\n', stream);
}

bool caseload_diagnostics_write(const caseload_diagnostics *diagnostics, const char *program, FILE *stream)
{
    if (diagnostics == NULL)
        return true;
    const struct diag *notes = &diagnostics->warnings, *errors = &diagnostics->errors;
    for (int i = 0; i < notes->kept; i++)
        fprintf(stream, "%s: warning: %s\n", program, notes->messages[i]);
    if (notes->count > notes->kept)
        fprintf(stream, "%s: warning: %d more warnings not shown\n", program, notes->count - notes->kept);
    for (int i = 0; i < errors->kept; i++)
        fprintf(stream, "%s: %s\n", program, errors->messages[i]);
    const char *file = errors->file != NULL ? errors->file : "";
    if (errors->count > errors->kept)
        print_line(stream, program, "%s: %d more errors not shown", file, errors->count - errors->kept);
    if (diagnostics->failed && (errors->out_of_memory || errors->count == 0))
        print_line(stream, program, "%s: out of memory", file);
    return !ferror(stream);
}

/* --- Messages ------------------------------------------------------------------------ */

void caseload_message_vprint(FILE *stream, const char *prefix, const char *format, va_list arguments)
{
    message_vprint(stream, prefix, format, arguments);
}

size_t caseload_message_escape(char *out, const char *text)
{
    return message_escape(out, text);
}

void caseload_message_write(FILE *stream, const char *text)
{
    message_write(stream, text);
}

const char *caseload_message_quote(char *buffer, size_t size, const char *text)
{
    return message_quote(buffer, size, text);
}

void caseload_format_gap(double gap, char *buffer, size_t size)
{
    report_format_gap(gap, buffer, size);
}

/* --- Settings ------------------------------------------------------------------------- */

void caseload_settings_default(caseload_settings *settings)
{
    struct solve_options solve;
    solve_default_options(&solve);
    memset(settings, 0, sizeof *settings);
    settings->time_limit = solve.time_limit;
    settings->gap = solve.gap;
    settings->threads = solve.threads;
    settings->memory_limit = solve.memory_limit;
    settings->cuts = solve.cuts;
    settings->progress = NULL;
    settings->progress_context = NULL;
    settings->cancel = NULL;
    settings->trace = NULL;
}

caseload_error caseload_settings_validate(const caseload_settings *settings, char *error, size_t size)
{
    if (settings == NULL)
        return CASELOAD_OK;
    const char *problem = NULL;
    if (!(settings->time_limit > 0))
        problem = "time_limit must be more than 0 seconds";
    else if (!(settings->gap >= 0 && settings->gap <= 1))
        problem = "gap must be in [0, 1]";
    else if (settings->threads < 0 || settings->threads > CASELOAD_MAX_THREADS)
        problem = "threads must be 0 (the cores) to 64";
    else if (!(settings->memory_limit >= 0) || !isfinite(settings->memory_limit))
        problem = "memory_limit must be 0 (the default) or a number of bytes";
    else if (!(settings->run_time_limit >= 0))
        problem = "run_time_limit must be 0 (none) or more seconds";
    if (problem == NULL)
        return CASELOAD_OK;
    api_set_error(error, size, problem);
    return CASELOAD_ERROR_USAGE;
}

void api_solve_options(const caseload_settings *settings, struct progress *progress,
                       struct solve_options *options)
{
    solve_default_options(options);
    if (settings == NULL)
        return;
    options->time_limit = settings->time_limit > CASELOAD_TIME_LIMIT_NONE ? CASELOAD_TIME_LIMIT_NONE
                                                                           : settings->time_limit;
    options->gap = settings->gap;
    options->threads = settings->threads;
    options->memory_limit = settings->memory_limit;
    options->cuts = settings->cuts;
    options->interrupted = settings->cancel;
    options->trace = settings->trace;
    progress->show = settings->progress; /* the same signature as struct progress's (common.h) */
    progress->context = settings->progress_context;
    options->progress = settings->progress != NULL ? progress : NULL;
}

/* --- Memory buffers ----------------------------------------------------------------------- */

caseload_error api_stream_result(bool written, FILE *stream)
{
    return written && !ferror(stream) ? CASELOAD_OK : CASELOAD_ERROR_IO;
}

caseload_error api_write_buffer(api_writer write, const void *handle, int format, char **data, size_t *length)
{
    *data = NULL;
    *length = 0;
    char *bytes = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&bytes, &size);
    if (stream == NULL)
        return CASELOAD_ERROR_MEMORY;
    caseload_error result = write(handle, format, stream);
    if (fclose(stream) != 0 && result == CASELOAD_OK)
        result = CASELOAD_ERROR_MEMORY;
    if (result != CASELOAD_OK) {
        free(bytes);
        return result;
    }
    /* handed over in the library's own allocation, so that caseload_free frees it */
    *data = mem_alloc(size + 1);
    if (*data == NULL) {
        free(bytes);
        return CASELOAD_ERROR_MEMORY;
    }
    memcpy(*data, bytes, size);
    (*data)[size] = '\0';
    *length = size;
    free(bytes);
    return CASELOAD_OK;
}

/* --- Output transactions ------------------------------------------------------------------ */

struct caseload_outputs {
    struct output_set *set;
};

caseload_outputs *caseload_outputs_create(void)
{
    caseload_outputs *outputs = mem_calloc(1, sizeof *outputs);
    if (outputs == NULL)
        return NULL;
    outputs->set = output_set_create();
    if (outputs->set == NULL) {
        mem_free(outputs);
        return NULL;
    }
    return outputs;
}

void caseload_outputs_free(caseload_outputs *outputs)
{
    if (outputs == NULL)
        return;
    output_set_free(outputs->set);
    mem_free(outputs);
}

caseload_error caseload_outputs_add_input(caseload_outputs *outputs, const char *path)
{
    return output_set_add_input(outputs->set, path, spreadsheet_file_names()) ? CASELOAD_OK
                                                                               : CASELOAD_ERROR_MEMORY;
}

caseload_error caseload_outputs_add(caseload_outputs *outputs, const char *option, const char *path,
                                    caseload_output_kind kind, bool force, char *error, size_t size)
{
    /* a folder may hold, to be replaced with --force, only the files its kind writes */
    const char *const *folder_files =
        kind == CASELOAD_OUTPUT_HISTORY ? forecast_history_file_names() : spreadsheet_file_names();
    int code = output_set_add(outputs->set, option, path, kind == CASELOAD_OUTPUT_FILE ? OUTPUT_FILE : OUTPUT_FOLDER,
                              force, folder_files, error, size);
    return api_error_of_exit(code);
}

caseload_error caseload_outputs_check_input(const caseload_outputs *outputs, const char *path, char *error,
                                            size_t size)
{
    if (outputs == NULL || path == NULL)
        return CASELOAD_OK;
    return api_error_of_exit(output_set_check_input(outputs->set, path, error, size));
}

caseload_error caseload_outputs_prepare(caseload_outputs *outputs, char *error, size_t size)
{
    return output_set_prepare(outputs->set, error, size) ? CASELOAD_OK : CASELOAD_ERROR_IO;
}

FILE *caseload_outputs_stream(caseload_outputs *outputs, const char *path, char *error, size_t size)
{
    return output_set_stream(outputs->set, path, error, size);
}

const char *caseload_outputs_write_path(const caseload_outputs *outputs, const char *path)
{
    return output_set_write_path(outputs->set, path);
}

caseload_error caseload_outputs_check_ending(const caseload_outputs *outputs, const char *path,
                                             const char *trailer, char *error, size_t size)
{
    return output_set_check_ending(outputs->set, path, trailer, error, size) ? CASELOAD_OK : CASELOAD_ERROR_IO;
}

caseload_error caseload_outputs_finish(caseload_outputs *outputs, const char *path, char *error, size_t size)
{
    return output_set_finish(outputs->set, path, error, size) ? CASELOAD_OK : CASELOAD_ERROR_IO;
}

void caseload_outputs_drop(caseload_outputs *outputs, const char *path)
{
    output_set_drop(outputs->set, path);
}

caseload_error caseload_outputs_commit(caseload_outputs *outputs, char *error, size_t size)
{
    return output_set_commit(outputs->set, error, size) ? CASELOAD_OK : CASELOAD_ERROR_IO;
}

void caseload_outputs_remove_temporaries(void)
{
    fileio_remove_temporaries();
}
