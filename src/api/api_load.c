/* api_load.c - the public API's loaders (caseload.h): instances from a path, a
 * JSON buffer or a CSV folder held in memory; scenarios; plans read back;
 * forecasts. Every problem goes into the caller's diagnostics. */
#include <string.h>

#include "api/api_internal.h"
#include "io/fileio.h"
#include "io/spreadsheet.h"

/* --- Instances ---------------------------------------------------------------------- */

/* A handle around `instance` (taken over: freed on failure); NULL without memory. */
static caseload_instance *wrap_instance(struct instance *instance)
{
    if (instance == NULL)
        return NULL;
    caseload_instance *handle = mem_calloc(1, sizeof *handle);
    if (handle == NULL) {
        instance_free(instance);
        return NULL;
    }
    handle->instance = instance;
    return handle;
}

/* The end of a load: *out gets a handle around `instance` (taken over), or NULL
 * when the load failed, memory ran out, or the diagnostics could not be kept. */
static caseload_error finish_instance(struct instance *instance, caseload_instance **out,
                                      caseload_diagnostics *used, caseload_diagnostics *local)
{
    if (instance != NULL)
        instance_note_released(instance, used->errors.file, &used->warnings); /* locks of leavers, released */
    *out = wrap_instance(instance);
    caseload_error result = api_diagnostics_end(used, local, *out == NULL);
    if (result != CASELOAD_OK) {
        caseload_instance_free(*out);
        *out = NULL;
    }
    return result;
}

/* Refuse `text` when it is plainly a workbook or a single CSV file, not JSON. */
static bool refuse_wrong_kind(const char *name, const char *text, size_t length, struct diag *errors)
{
    char reason[512];
    if (!spreadsheet_wrong_kind(name, text, length, reason, sizeof reason))
        return false;
    diag_error(errors, "", "%s", reason);
    return true;
}

/* The instance text of `path` (a JSON file's bytes or a CSV folder converted), or
 * NULL with the problems in `used`. */
static char *read_text(const char *path, size_t *length, caseload_diagnostics *used)
{
    char *text = spreadsheet_is_folder(path)
                     ? spreadsheet_read_json_noted(path, length, &used->errors, &used->warnings)
                     : fileio_read_input(path, length, &used->errors);
    if (text != NULL && refuse_wrong_kind(path, text, *length, &used->errors)) {
        mem_free(text);
        text = NULL;
    }
    return text;
}

caseload_error caseload_instance_read_text(const char *path, char **data, size_t *length,
                                           caseload_diagnostics *diagnostics)
{
    caseload_diagnostics local;
    caseload_diagnostics *used = api_diagnostics_begin(diagnostics, &local, api_display_name(path), NULL);
    *data = read_text(path, length, used);
    caseload_error result = api_diagnostics_end(used, &local, *data == NULL);
    if (result != CASELOAD_OK) {
        mem_free(*data);
        *data = NULL;
    }
    return result;
}

caseload_error caseload_instance_load(const char *path, caseload_instance **out, caseload_diagnostics *diagnostics)
{
    caseload_diagnostics local;
    caseload_diagnostics *used = api_diagnostics_begin(diagnostics, &local, api_display_name(path), NULL);
    struct instance *instance = NULL;
    if (spreadsheet_is_folder(path)) {
        /* the instance the folder's check built: its JSON is not parsed twice */
        instance = spreadsheet_load_noted(path, &used->errors, &used->warnings);
    } else {
        size_t length = 0;
        char *text = read_text(path, &length, used);
        if (text != NULL)
            instance = instance_parse(text, length, &used->errors);
        mem_free(text);
    }
    return finish_instance(instance, out, used, &local);
}

caseload_error caseload_instance_load_buffer(const char *name, const char *data, size_t length,
                                             caseload_instance **out, caseload_diagnostics *diagnostics)
{
    caseload_diagnostics local;
    caseload_diagnostics *used = api_diagnostics_begin(diagnostics, &local, name, NULL);
    struct instance *instance = NULL;
    if (data != NULL && !refuse_wrong_kind(name != NULL ? name : "", data, length, &used->errors))
        instance = instance_parse(data, length, &used->errors);
    else if (data == NULL)
        diag_error(&used->errors, "", "no data");
    return finish_instance(instance, out, used, &local);
}

caseload_error caseload_instance_load_csv_buffers(const char *folder_name, const caseload_named_buffer *files,
                                                  int file_count, caseload_instance **out,
                                                  caseload_diagnostics *diagnostics)
{
    caseload_diagnostics local;
    caseload_diagnostics *used = api_diagnostics_begin(diagnostics, &local, folder_name, NULL);
    /* caseload_named_buffer and struct spreadsheet_buffer are the same three fields */
    struct spreadsheet_buffer *buffers = mem_calloc(file_count > 0 ? (size_t)file_count : 1, sizeof *buffers);
    struct instance *instance = NULL;
    if (buffers == NULL) {
        used->errors.out_of_memory = true;
    } else {
        for (int i = 0; i < file_count; i++)
            buffers[i] = (struct spreadsheet_buffer){files[i].name, files[i].data, files[i].length};
        instance = spreadsheet_load_buffers(folder_name, buffers, file_count > 0 ? file_count : 0,
                                            &used->errors, &used->warnings);
    }
    mem_free(buffers);
    return finish_instance(instance, out, used, &local);
}

bool caseload_path_is_folder(const char *path)
{
    return spreadsheet_is_folder(path);
}

const char *const *caseload_csv_file_names(void)
{
    return spreadsheet_file_names();
}

void caseload_instance_free(caseload_instance *instance)
{
    if (instance == NULL)
        return;
    instance_free(instance->instance);
    mem_free(instance->scenario_name);
    mem_free(instance);
}

void caseload_instance_get_info(const caseload_instance *instance, caseload_instance_info *info)
{
    const struct instance *data = instance->instance;
    memset(info, 0, sizeof *info);
    info->name = data->name;
    info->scenario_name = instance->scenario_name;
    info->year = data->date.year;
    info->month = data->date.month;
    info->day = data->date.day;
    info->cap = data->rules.cap;
    info->child_count = data->child_count;
    info->worker_count = data->worker_count;
    info->team_count = data->team_count;
}

/* --- Scenarios -------------------------------------------------------------------------- */

static caseload_scenario *wrap_scenario(struct scenario *scenario, const char *display_name)
{
    if (scenario == NULL)
        return NULL;
    caseload_scenario *handle = mem_calloc(1, sizeof *handle);
    char *name = mem_strdup(display_name != NULL ? display_name : "");
    if (handle == NULL || name == NULL) {
        scenario_free(scenario);
        mem_free(handle);
        mem_free(name);
        return NULL;
    }
    handle->scenario = scenario;
    handle->display_name = name;
    return handle;
}

/* The end of a scenario's load, as finish_instance. */
static caseload_error finish_scenario(struct scenario *scenario, const char *display_name, caseload_scenario **out,
                                      caseload_diagnostics *used, caseload_diagnostics *local)
{
    *out = wrap_scenario(scenario, display_name);
    caseload_error result = api_diagnostics_end(used, local, *out == NULL);
    if (result != CASELOAD_OK) {
        caseload_scenario_free(*out);
        *out = NULL;
    }
    return result;
}

caseload_error caseload_scenario_load(const char *path, caseload_scenario **out, caseload_diagnostics *diagnostics)
{
    caseload_diagnostics local;
    const char *display = api_display_name(path);
    caseload_diagnostics *used = api_diagnostics_begin(diagnostics, &local, display, display);
    struct scenario *scenario = scenario_load(path, &used->errors);
    return finish_scenario(scenario, display, out, used, &local);
}

caseload_error caseload_scenario_load_buffer(const char *name, const char *data, size_t length,
                                             caseload_scenario **out, caseload_diagnostics *diagnostics)
{
    caseload_diagnostics local;
    caseload_diagnostics *used = api_diagnostics_begin(diagnostics, &local, name, name);
    char *default_name = text_path_stem(name != NULL ? name : "");
    struct scenario *scenario = NULL;
    if (default_name == NULL)
        used->errors.out_of_memory = true;
    else if (data == NULL)
        diag_error(&used->errors, "", "no data");
    else
        scenario = scenario_parse(data, length, default_name, &used->errors);
    mem_free(default_name);
    return finish_scenario(scenario, name, out, used, &local);
}

void caseload_scenario_free(caseload_scenario *scenario)
{
    if (scenario == NULL)
        return;
    scenario_free(scenario->scenario);
    mem_free(scenario->display_name);
    mem_free(scenario);
}

caseload_error caseload_instance_apply_scenario(caseload_instance *instance, const caseload_scenario *scenario,
                                                caseload_diagnostics *diagnostics)
{
    caseload_diagnostics local;
    caseload_diagnostics *used =
        api_diagnostics_begin(diagnostics, &local, scenario->display_name, scenario->display_name);
    if (instance->scenario_applied) {
        diag_error(&used->errors, "", "the instance has a scenario applied already");
        return api_diagnostics_end(used, &local, true);
    }
    scenario_warnings(scenario->scenario, instance->instance, &used->warnings);
    instance->scenario_applied = true; /* even when it fails: the instance is then only fit to be freed */
    if (!scenario_apply(scenario->scenario, instance->instance, &used->errors))
        return api_diagnostics_end(used, &local, true);
    instance->scenario_name = mem_strdup(scenario_name(scenario->scenario));
    if (instance->scenario_name == NULL) {
        used->errors.out_of_memory = true;
        return api_diagnostics_end(used, &local, true);
    }
    /* the locks the scenario's leaves release (the instance's own were noted at load) */
    instance_note_released(instance->instance, scenario->display_name, &used->warnings);
    return api_diagnostics_end(used, &local, false);
}

/* --- Plans read back ------------------------------------------------------------------------ */

static caseload_error finish_plan_file(struct plan_file *plan, caseload_plan_file **out, caseload_diagnostics *used,
                                       caseload_diagnostics *local)
{
    *out = NULL;
    if (plan != NULL) {
        *out = mem_calloc(1, sizeof **out);
        if (*out == NULL)
            plan_file_free(plan);
        else
            (*out)->plan = plan;
    }
    caseload_error result = api_diagnostics_end(used, local, *out == NULL);
    if (result != CASELOAD_OK) {
        caseload_plan_file_free(*out);
        *out = NULL;
    }
    return result;
}

caseload_error caseload_plan_file_load(const caseload_instance *instance, const char *path,
                                       caseload_plan_file **out, caseload_diagnostics *diagnostics)
{
    caseload_diagnostics local;
    caseload_diagnostics *used = api_diagnostics_begin(diagnostics, &local, api_display_name(path), NULL);
    struct plan_file *plan = plan_read_file_for(path, instance->instance, instance->scenario_name, &used->errors);
    return finish_plan_file(plan, out, used, &local);
}

caseload_error caseload_plan_file_load_buffer(const caseload_instance *instance, const char *name,
                                              const char *data, size_t length, caseload_plan_file **out,
                                              caseload_diagnostics *diagnostics)
{
    caseload_diagnostics local;
    caseload_diagnostics *used = api_diagnostics_begin(diagnostics, &local, name, NULL);
    struct plan_file *plan = NULL;
    if (data == NULL)
        diag_error(&used->errors, "", "no data");
    else
        plan = plan_read_for(data, length, instance->instance, instance->scenario_name, &used->errors);
    return finish_plan_file(plan, out, used, &local);
}

void caseload_plan_file_free(caseload_plan_file *plan)
{
    if (plan == NULL)
        return;
    plan_file_free(plan->plan);
    mem_free(plan);
}
