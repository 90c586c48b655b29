/* api_tools.c - the public API's forecast, export, convert and generate
 * (caseload.h). */
#include <string.h>

#include "api/api_internal.h"
#include "base/clock.h"
#include "forecast/forecast_bound.h"
#include "forecast/forecast_write.h"
#include "forecast/forecast_size.h"
#include "generate/generate.h"
#include "io/forecast_read.h"
#include "io/spreadsheet.h"
#include "model/model.h"
#include "report/export.h"

/* --- Forecast ------------------------------------------------------------------------ */

struct caseload_forecast {
    const struct instance *instance; /* not owned */
    struct forecast_spec *spec;      /* owned, rates complete */
};

struct caseload_forecast_result {
    const caseload_forecast *forecast; /* not owned */
    struct forecast_result result;
};

struct caseload_forecast_sizing {
    const caseload_forecast *forecast; /* not owned */
    struct forecast_sizing sizing;
};

/* Estimate the rates of `spec` and wrap it; NULL with the problems in `used`. */
static caseload_error finish_forecast(const caseload_instance *instance, struct forecast_spec *spec,
                                      caseload_forecast **out, caseload_diagnostics *used,
                                      caseload_diagnostics *local)
{
    *out = NULL;
    bool ready = spec != NULL && forecast_spec_estimate_rates(spec, instance->instance, &used->errors);
    if (ready) {
        *out = mem_calloc(1, sizeof **out);
        if (*out != NULL) {
            (*out)->instance = instance->instance;
            (*out)->spec = spec;
        }
    }
    if (*out == NULL)
        forecast_read_free(spec);
    caseload_error result = api_diagnostics_end(used, local, *out == NULL);
    if (result != CASELOAD_OK) {
        caseload_forecast_free(*out);
        *out = NULL;
    }
    return result;
}

caseload_error caseload_forecast_load(const caseload_instance *instance, const char *path,
                                      caseload_forecast **out, caseload_diagnostics *diagnostics)
{
    caseload_diagnostics local;
    caseload_diagnostics *used = api_diagnostics_begin(diagnostics, &local, api_display_name(path), NULL);
    struct forecast_spec *spec = forecast_read_load(path, instance->instance, &used->errors);
    return finish_forecast(instance, spec, out, used, &local);
}

caseload_error caseload_forecast_load_buffer(const caseload_instance *instance, const char *name,
                                             const char *data, size_t length, caseload_forecast **out,
                                             caseload_diagnostics *diagnostics)
{
    caseload_diagnostics local;
    caseload_diagnostics *used = api_diagnostics_begin(diagnostics, &local, name, NULL);
    struct forecast_spec *spec = NULL;
    if (data == NULL)
        diag_error(&used->errors, "", "no data");
    else
        spec = forecast_read_parse(data, length, name != NULL ? name : "", instance->instance, &used->errors);
    return finish_forecast(instance, spec, out, used, &local);
}

void caseload_forecast_free(caseload_forecast *forecast)
{
    if (forecast == NULL)
        return;
    forecast_read_free(forecast->spec);
    mem_free(forecast);
}

static void forecast_options_of(const caseload_settings *settings, struct progress *progress,
                                struct forecast_options *options)
{
    struct solve_options solve;
    api_solve_options(settings, progress, &solve);
    forecast_default_options(options);
    if (settings == NULL)
        return;
    options->threads = settings->threads;
    options->plan_time_limit = solve.time_limit;
    options->progress = solve.progress;
    options->interrupted = settings->cancel;
    /* run_time_limit bounds the whole run, the month-0 plan getting at most half
     * of it (forecast.h: a deadline checked between the months of each sample) */
    if (settings->run_time_limit > 0) {
        double limit = settings->run_time_limit > CASELOAD_TIME_LIMIT_NONE ? CASELOAD_TIME_LIMIT_NONE
                                                                          : settings->run_time_limit;
        if (options->plan_time_limit > limit / 2)
            options->plan_time_limit = limit / 2;
        options->deadline = clock_seconds() + limit;
    }
}

/* The forecast's memory, estimated before it runs, against settings->memory_limit
 * (as a plan's model): CASELOAD_ERROR_USAGE with the estimate and the limit in
 * `error` when it would not fit. */
static caseload_error forecast_check_memory(const caseload_forecast *forecast, const caseload_settings *settings,
                                            char *error, size_t size)
{
    char reason[512] = "";
    if (forecast_fits_memory(forecast->instance, forecast->spec, settings != NULL ? settings->threads : 0,
                             settings != NULL ? settings->memory_limit : 0, reason, sizeof reason))
        return CASELOAD_OK;
    api_set_error(error, size, reason);
    return CASELOAD_ERROR_USAGE;
}

int caseload_forecast_history_count(const caseload_forecast *forecast)
{
    return forecast != NULL ? forecast->spec->history_count : 0;
}

const char *caseload_forecast_history_path(const caseload_forecast *forecast, int index)
{
    if (forecast == NULL || index < 0 || index >= forecast->spec->history_count)
        return NULL;
    return forecast->spec->history[index];
}

caseload_error caseload_forecast_run(const caseload_forecast *forecast, const caseload_settings *settings,
                                     caseload_forecast_result **out, char *error, size_t size)
{
    *out = NULL;
    caseload_error result = caseload_settings_validate(settings, error, size);
    if (result == CASELOAD_OK)
        result = forecast_check_memory(forecast, settings, error, size);
    if (result != CASELOAD_OK)
        return result;
    caseload_forecast_result *run = mem_calloc(1, sizeof *run);
    if (run == NULL) {
        api_set_error(error, size, "out of memory");
        return CASELOAD_ERROR_MEMORY;
    }
    run->forecast = forecast;
    struct progress progress;
    struct forecast_options options;
    forecast_options_of(settings, &progress, &options);
    bool no_plan = false;
    char reason[512] = "";
    if (!forecast_run(forecast->instance, forecast->spec, NULL, &options, &run->result, &no_plan, reason,
                      sizeof reason)) {
        api_set_error(error, size, reason);
        mem_free(run);
        return no_plan ? CASELOAD_ERROR_NO_PLAN : CASELOAD_ERROR_INTERNAL;
    }
    *out = run;
    return CASELOAD_OK;
}

void caseload_forecast_result_free(caseload_forecast_result *result)
{
    if (result == NULL)
        return;
    forecast_result_free(&result->result);
    mem_free(result);
}

static caseload_error write_forecast_result(const void *handle, int format, FILE *stream)
{
    const caseload_forecast_result *run = handle;
    const struct forecast_spec *spec = run->forecast->spec;
    const struct instance *instance = run->forecast->instance;
    bool written;
    switch (format) {
    case CASELOAD_FORECAST_JSON: written = forecast_write_json(&run->result, spec, instance, stream); break;
    case CASELOAD_FORECAST_CSV: written = forecast_write_csv(&run->result, instance, stream); break;
    case CASELOAD_FORECAST_HTML: written = forecast_write_html(&run->result, spec, instance, stream); break;
    case CASELOAD_FORECAST_SUMMARY: written = forecast_write_summary(&run->result, spec, instance, stream); break;
    default: return CASELOAD_ERROR_NOT_FOUND;
    }
    return written ? CASELOAD_OK : CASELOAD_ERROR_IO;
}

caseload_error caseload_forecast_result_write(const caseload_forecast_result *result,
                                              caseload_forecast_format format, FILE *stream)
{
    return write_forecast_result(result, format, stream);
}

caseload_error caseload_forecast_result_write_buffer(const caseload_forecast_result *result,
                                                     caseload_forecast_format format, char **data,
                                                     size_t *length)
{
    return api_write_buffer(write_forecast_result, result, format, data, length);
}

caseload_error caseload_forecast_size(const caseload_forecast *forecast, const caseload_settings *settings,
                                      caseload_forecast_sizing **out, char *error, size_t size)
{
    *out = NULL;
    caseload_error result = caseload_settings_validate(settings, error, size);
    if (result == CASELOAD_OK)
        result = forecast_check_memory(forecast, settings, error, size);
    if (result != CASELOAD_OK)
        return result;
    caseload_forecast_sizing *sizing = mem_calloc(1, sizeof *sizing);
    if (sizing == NULL) {
        api_set_error(error, size, "out of memory");
        return CASELOAD_ERROR_MEMORY;
    }
    sizing->forecast = forecast;
    struct progress progress;
    struct forecast_options options;
    forecast_options_of(settings, &progress, &options);
    bool no_plan = false;
    char reason[512] = "";
    if (!forecast_size(forecast->instance, forecast->spec, &options, &sizing->sizing, &no_plan, reason,
                       sizeof reason)) {
        api_set_error(error, size, reason);
        mem_free(sizing);
        return no_plan ? CASELOAD_ERROR_NO_PLAN : CASELOAD_ERROR_INTERNAL;
    }
    *out = sizing;
    return CASELOAD_OK;
}

void caseload_forecast_sizing_free(caseload_forecast_sizing *sizing)
{
    if (sizing == NULL)
        return;
    forecast_size_free(&sizing->sizing);
    mem_free(sizing);
}

static caseload_error write_forecast_sizing(const void *handle, int format, FILE *stream)
{
    const caseload_forecast_sizing *sizing = handle;
    const struct forecast_spec *spec = sizing->forecast->spec;
    const struct instance *instance = sizing->forecast->instance;
    bool written;
    switch (format) {
    case CASELOAD_SIZING_TABLE:
        written = forecast_write_sizing_table(&sizing->sizing, spec, instance, stream);
        break;
    case CASELOAD_SIZING_JSON: written = forecast_write_sizing_json(&sizing->sizing, spec, instance, stream); break;
    default: return CASELOAD_ERROR_NOT_FOUND;
    }
    return written ? CASELOAD_OK : CASELOAD_ERROR_IO;
}

caseload_error caseload_forecast_sizing_write(const caseload_forecast_sizing *sizing, caseload_sizing_format format,
                                              FILE *stream)
{
    return write_forecast_sizing(sizing, format, stream);
}

caseload_error caseload_forecast_sizing_write_buffer(const caseload_forecast_sizing *sizing,
                                                     caseload_sizing_format format, char **data, size_t *length)
{
    return api_write_buffer(write_forecast_sizing, sizing, format, data, length);
}

/* --- Export ----------------------------------------------------------------------------------- */

caseload_error caseload_export_fits(const caseload_instance *instance, double memory_limit, bool *fits,
                                    char *error, size_t size)
{
    *fits = true;
    return model_fits_memory(instance->instance, memory_limit, fits, error, size) ? CASELOAD_OK
                                                                                  : CASELOAD_ERROR_MEMORY;
}

caseload_error caseload_export_write_dat(const caseload_instance *instance, FILE *stream)
{
    return export_write_dat(instance->instance, stream) ? CASELOAD_OK : CASELOAD_ERROR_IO;
}

caseload_error caseload_export_write_model(const caseload_instance *instance, caseload_export_format format,
                                           const char *path, char *error, size_t size)
{
    bool written;
    if (format == CASELOAD_EXPORT_LP)
        written = model_write_lp(instance->instance, path, error, size);
    else if (format == CASELOAD_EXPORT_MPS)
        written = model_write_mps(instance->instance, path, error, size);
    else {
        api_set_error(error, size, "only LP and MPS are written by file name");
        return CASELOAD_ERROR_NOT_FOUND;
    }
    return written ? CASELOAD_OK : CASELOAD_ERROR_IO;
}

/* --- Convert -------------------------------------------------------------------------------------- */

caseload_error caseload_convert_to_folder(const char *name, const char *text, size_t length, const char *folder,
                                          caseload_diagnostics *diagnostics, char *error, size_t size)
{
    caseload_diagnostics local;
    caseload_diagnostics *used = api_diagnostics_begin(diagnostics, &local, name, NULL);
    char reason[1024] = "";
    int code = spreadsheet_write_folder(text, length, folder, &used->errors, reason, sizeof reason);
    caseload_error result = api_diagnostics_end(used, &local, code == EXIT_INPUT);
    if (code == EXIT_INPUT || code == EXIT_DONE || result != CASELOAD_OK)
        return result;
    api_set_error(error, size, reason[0] != '\0' ? reason : "out of memory");
    return reason[0] != '\0' ? CASELOAD_ERROR_IO : CASELOAD_ERROR_MEMORY;
}

struct caseload_csv_folder {
    struct spreadsheet_written files[SPREADSHEET_MAX_FILES];
    int count;
};

caseload_error caseload_convert_to_csv_buffers(const char *name, const char *text, size_t length,
                                               caseload_csv_folder **out, caseload_diagnostics *diagnostics)
{
    caseload_diagnostics local;
    caseload_diagnostics *used = api_diagnostics_begin(diagnostics, &local, name, NULL);
    *out = mem_calloc(1, sizeof **out);
    char reason[256] = "";
    int code = *out == NULL ? EXIT_INTERNAL
                            : spreadsheet_write_buffers(text, length, &used->errors, (*out)->files, &(*out)->count,
                                                        reason, sizeof reason);
    if (code == EXIT_INTERNAL)
        used->errors.out_of_memory = true; /* the only way writing into memory fails */
    caseload_error result = api_diagnostics_end(used, &local, code != EXIT_DONE);
    if (result != CASELOAD_OK) {
        caseload_csv_folder_free(*out);
        *out = NULL;
    }
    return result;
}

int caseload_csv_folder_count(const caseload_csv_folder *folder)
{
    return folder == NULL ? 0 : folder->count;
}

bool caseload_csv_folder_get(const caseload_csv_folder *folder, int index, caseload_named_buffer *file)
{
    if (folder == NULL || index < 0 || index >= folder->count)
        return false;
    const struct spreadsheet_written *written = &folder->files[index];
    *file = (caseload_named_buffer){written->name, written->data, written->length};
    return true;
}

void caseload_csv_folder_free(caseload_csv_folder *folder)
{
    if (folder == NULL)
        return;
    for (int i = 0; i < folder->count; i++)
        mem_free(folder->files[i].data);
    mem_free(folder);
}

/* --- Generate ------------------------------------------------------------------------------------- */

struct caseload_generator {
    struct generate_options options;
};

caseload_generator *caseload_generator_create(void)
{
    caseload_generator *generator = mem_calloc(1, sizeof *generator);
    if (generator != NULL)
        generate_default_options(&generator->options);
    return generator;
}

void caseload_generator_free(caseload_generator *generator)
{
    mem_free(generator);
}

bool caseload_generator_set_preset(caseload_generator *generator, const char *name)
{
    return generate_set_preset(&generator->options, name);
}

bool caseload_generator_set_date(caseload_generator *generator, const char *date)
{
    return generate_set_date(&generator->options, date);
}

bool caseload_generator_set_number(caseload_generator *generator, const char *name, double value)
{
    return generate_set_number(&generator->options, name, value);
}

caseload_error caseload_generator_check(const caseload_generator *generator, char *error, size_t size)
{
    return generate_check_options(&generator->options, error, size) ? CASELOAD_OK : CASELOAD_ERROR_USAGE;
}

caseload_error caseload_generator_write(const caseload_generator *generator, FILE *stream, char *error,
                                        size_t size)
{
    return generate_instance(&generator->options, stream, error, size) ? CASELOAD_OK : CASELOAD_ERROR_IO;
}

caseload_error caseload_generator_write_history(const caseload_generator *generator, int months,
                                                const char *folder, char *error, size_t size)
{
    return generate_history_write(&generator->options, months, folder, error, size) ? CASELOAD_OK
                                                                                      : CASELOAD_ERROR_IO;
}
