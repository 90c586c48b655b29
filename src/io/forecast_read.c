/* forecast_read.c - reading caseload-forecast/1 (DESIGN.md §6 "Forecast") against
 * its instance into the plain struct forecast_spec (forecast_read.h): every key,
 * range, event and intake entry checked, errors with the file and the JSON path.
 * What the rates mean, and their estimation from the history, is the forecast
 * layer's (forecast/forecast_spec.c). */
#include "io/forecast_read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/identity.h"
#include "io/fileio.h"
#include "io/instance_json.h"

#define FORECAST_FORMAT "caseload-forecast/1"
#define PATH_SIZE READER_PATH_SIZE
#define QUOTE_SIZE READER_QUOTE_SIZE

/* ---------------------------------------------------------------------------
 * Reading caseload-forecast/1
 * ------------------------------------------------------------------------- */

void forecast_read_free(struct forecast_spec *spec)
{
    if (spec == NULL)
        return;
    mem_free(spec->name);
    for (int i = 0; i < spec->history_count; i++)
        mem_free(spec->history[i]);
    mem_free(spec->history);
    mem_free(spec->rates.intake);
    mem_free(spec->rates.intake_estimated);
    mem_free(spec->rates.intake_given);
    mem_free(spec->events);
    for (int w = 0; w < spec->worker_count; w++)
        mem_free(spec->workers[w].id);
    mem_free(spec->workers);
    mem_free(spec);
}

/* The folder of `path` joined with `relative` (absolute paths stay). */
static char *resolve_path(const char *path, const char *relative)
{
    if (relative[0] == '/' || strcmp(path, "-") == 0)
        return mem_strdup(relative);
    const char *slash = strrchr(path, '/');
    size_t folder = slash == NULL ? 0 : (size_t)(slash - path) + 1;
    char *joined = mem_alloc(folder + strlen(relative) + 1);
    if (joined == NULL)
        return NULL;
    memcpy(joined, path, folder);
    strcpy(joined + folder, relative);
    return joined;
}

/* Add a worker to spec->workers; returns its index or -1 when memory runs out. */
static int spec_add_worker(struct forecast_spec *spec, const char *id, int team, double fte,
                           bool accepts_new, int max_new, bool active)
{
    struct forecast_worker *grown =
        mem_realloc(spec->workers, ((size_t)spec->worker_count + 1) * sizeof *grown);
    if (grown == NULL)
        return -1;
    spec->workers = grown;
    struct forecast_worker *worker = &grown[spec->worker_count];
    worker->id = mem_strdup(id);
    if (worker->id == NULL)
        return -1;
    worker->team = team;
    worker->fte = fte;
    worker->accepts_new = accepts_new;
    worker->max_new = max_new;
    worker->active = active;
    return spec->worker_count++;
}

bool forecast_read_instance_workers(struct forecast_spec *spec, const struct instance *instance)
{
    for (int w = 0; w < instance->worker_count; w++) {
        const struct worker *worker = &instance->workers[w];
        if (spec_add_worker(spec, worker->id, worker->team, worker->fte, worker->accepts_new,
                            worker->max_new, !worker->leaving) < 0)
            return false;
    }
    return true;
}

static int spec_find_worker(const struct forecast_spec *spec, const char *id)
{
    for (int w = 0; w < spec->worker_count; w++)
        if (strcmp(spec->workers[w].id, id) == 0)
            return w;
    return -1;
}

static bool add_event(struct forecast_spec *spec, const struct forecast_event *event)
{
    struct forecast_event *grown =
        mem_realloc(spec->events, ((size_t)spec->event_count + 1) * sizeof *grown);
    if (grown == NULL)
        return false;
    spec->events = grown;
    grown[spec->event_count++] = *event;
    return true;
}

static void read_rates(struct instance_reader *reader, struct forecast_spec *spec,
                       const struct instance *instance, const cJSON *intake,
                       const cJSON *closure, const cJSON *sizes)
{
    char path[PATH_SIZE], base[PATH_SIZE], quoted[QUOTE_SIZE];
    int places = instance->municipality_count;
    if (intake != NULL && reader_array(reader, intake, "intake") >= 0) {
        spec->intake_listed = true;
        int element = 0;
        const cJSON *item;
        cJSON_ArrayForEach(item, intake) {
            enum { SERVICE, MUNICIPALITY, FAMILIES, KEY_COUNT };
            static const struct key_spec keys[KEY_COUNT] = {
                {"service", KEY_REQUIRED}, {"municipality", KEY_REQUIRED},
                {"families_per_month", KEY_REQUIRED}};
            const cJSON *found[KEY_COUNT];
            reader_element_path(base, "intake", element++);
            if (!reader_object(reader, item, base, keys, KEY_COUNT, found))
                continue;
            enum service service;
            const char *name;
            double rate;
            bool ok = reader_service(reader, found[SERVICE], reader_key_path(path, base, "service"),
                                     &service);
            ok = reader_number(reader, found[FAMILIES], reader_key_path(path, base, "families_per_month"),
                               0.0, false, 1e6, "from 0 to 1000000", &rate) && ok;
            if (!reader_string(reader, found[MUNICIPALITY], reader_key_path(path, base, "municipality"),
                               &name) || !ok)
                continue;
            int m = instance_find_municipality(instance, name);
            if (m < 0) {
                diag_error(reader->diag, path, "unknown municipality %s",
                           reader_quote(quoted, sizeof quoted, name));
                continue;
            }
            int key = (int)service * places + m;
            if (spec->rates.intake_given[key]) {
                diag_error(reader->diag, base, "a second intake rate for %s in %s",
                           instance_service_name(service), reader_quote(quoted, sizeof quoted, name));
                continue;
            }
            spec->rates.intake_given[key] = true;
            spec->rates.intake[key] = rate;
        }
    }
    if (closure != NULL && reader_array(reader, closure, "closure") >= 0) {
        int element = 0;
        const cJSON *item;
        cJSON_ArrayForEach(item, closure) {
            enum { SERVICE, PER_MONTH, KEY_COUNT };
            static const struct key_spec keys[KEY_COUNT] = {{"service", KEY_REQUIRED},
                                                            {"per_month", KEY_REQUIRED}};
            const cJSON *found[KEY_COUNT];
            reader_element_path(base, "closure", element++);
            if (!reader_object(reader, item, base, keys, KEY_COUNT, found))
                continue;
            enum service service;
            double rate;
            if (!reader_service(reader, found[SERVICE], reader_key_path(path, base, "service"), &service) ||
                !reader_number(reader, found[PER_MONTH], reader_key_path(path, base, "per_month"), 0.0,
                               false, 1.0, "a probability from 0 to 1", &rate))
                continue;
            if (spec->rates.closure_known[service]) {
                diag_error(reader->diag, base, "a second closure rate for %s", instance_service_name(service));
                continue;
            }
            spec->rates.closure_known[service] = true;
            spec->rates.closure[service] = rate;
        }
    }
    if (sizes != NULL) {
        int count = reader_array(reader, sizes, "family_sizes");
        if (count == 0 || count > FORECAST_MAX_FAMILY_SIZE) {
            diag_error(reader->diag, "family_sizes",
                       "expected 1 to %d probabilities (of 1, 2, 3 ... children), got %d",
                       FORECAST_MAX_FAMILY_SIZE, count);
        } else if (count > 0) {
            double sum = 0;
            bool ok = true;
            for (int k = 0; k < count; k++) {
                ok = reader_number(reader, cJSON_GetArrayItem(sizes, k),
                                   reader_element_path(path, "family_sizes", k), 0.0, false, 1.0,
                                   "a probability from 0 to 1", &spec->rates.family_sizes[k]) && ok;
                sum += spec->rates.family_sizes[k];
            }
            if (ok && fabs(sum - 1.0) > 1e-3)
                diag_error(reader->diag, "family_sizes", "the probabilities sum to %.6g, not 1", sum);
            else if (ok) {
                for (int k = 0; k < count; k++)
                    spec->rates.family_sizes[k] /= sum;
                spec->rates.family_size_count = count;
            }
        }
    }
}

/* "YYYY-MM" to a month of the horizon, relative to the plan date. */
static bool parse_month(const char *text, const struct instance *instance, int *month)
{
    int year, number;
    char end;
    if (strlen(text) != 7 || sscanf(text, "%4d-%2d%c", &year, &number, &end) != 2 || text[4] != '-' ||
        number < 1 || number > 12)
        return false;
    *month = (year * 12 + number) - (instance->date.year * 12 + instance->date.month);
    return true;
}

/* The add_workers of event `base` (month `month`): each a worker who starts
 * or returns. False when memory runs out. */
static bool read_added_workers(struct instance_reader *reader, struct forecast_spec *spec,
                               const struct instance *instance, const cJSON *list, const char *base,
                               int month)
{
    char path[PATH_SIZE], entry[PATH_SIZE], quoted[QUOTE_SIZE];
    if (reader_array(reader, list, reader_key_path(path, base, "add_workers")) < 0)
        return true;
    int k = 0;
    const cJSON *added;
    cJSON_ArrayForEach(added, list) {
        enum { ID, TEAM, FTE, ACCEPTS_NEW, MAX_NEW, WORKER_KEYS };
        static const struct key_spec worker_keys[WORKER_KEYS] = {
            {"id", KEY_REQUIRED}, {"team", KEY_REQUIRED}, {"fte", KEY_OPTIONAL},
            {"accepts_new", KEY_OPTIONAL}, {"max_new", KEY_OPTIONAL | KEY_NULLABLE}};
        const cJSON *field[WORKER_KEYS];
        reader_element_path(entry, reader_key_path(path, base, "add_workers"), k++);
        if (!reader_object(reader, added, entry, worker_keys, WORKER_KEYS, field))
            continue;
        struct forecast_event event = {.month = month, .fte = 1.0, .accepts_new = true,
                                       .max_new = -1};
        const char *id, *team;
        bool ok = reader_string(reader, field[ID], reader_key_path(path, entry, "id"), &id) &&
                  reader_check_id(reader, path, id);
        if (reader_string(reader, field[TEAM], reader_key_path(path, entry, "team"), &team)) {
            event.team = instance_find_team(instance, team);
            if (event.team < 0) {
                diag_error(reader->diag, path, "unknown team %s",
                           reader_quote(quoted, sizeof quoted, team));
                ok = false;
            }
        } else {
            ok = false;
        }
        if (field[FTE] != NULL)
            ok = reader_number(reader, field[FTE], reader_key_path(path, entry, "fte"), 0.0,
                               true, 1.0, "greater than 0 and at most 1", &event.fte) && ok;
        if (field[ACCEPTS_NEW] != NULL)
            ok = reader_bool(reader, field[ACCEPTS_NEW],
                             reader_key_path(path, entry, "accepts_new"), &event.accepts_new) && ok;
        if (field[MAX_NEW] != NULL && !cJSON_IsNull(field[MAX_NEW]))
            ok = reader_integer(reader, field[MAX_NEW], reader_key_path(path, entry, "max_new"),
                                0, 1000000, &event.max_new) && ok;
        if (!ok)
            continue;
        event.worker = spec_find_worker(spec, id);
        if (event.worker < 0)
            event.worker = spec_add_worker(spec, id, event.team, event.fte,
                                           event.accepts_new, event.max_new, false);
        if (event.worker < 0 || !add_event(spec, &event)) {
            reader_out_of_memory(reader);
            return false;
        }
    }
    return true;
}

/* The leave list of event `base` (month `month`). False when memory runs out. */
static bool read_leaving_workers(struct instance_reader *reader, struct forecast_spec *spec,
                                 const cJSON *list, const char *base, int month)
{
    char path[PATH_SIZE], entry[PATH_SIZE], quoted[QUOTE_SIZE];
    if (reader_array(reader, list, reader_key_path(path, base, "leave")) < 0)
        return true;
    int k = 0;
    const cJSON *leaving;
    cJSON_ArrayForEach(leaving, list) {
        const char *id;
        reader_element_path(entry, reader_key_path(path, base, "leave"), k++);
        if (!reader_string(reader, leaving, entry, &id))
            continue;
        int worker = spec_find_worker(spec, id);
        if (worker < 0) {
            diag_error(reader->diag, entry, "unknown worker %s",
                       reader_quote(quoted, sizeof quoted, id));
            continue;
        }
        struct forecast_event event = {.month = month, .worker = worker, .leave = true};
        if (!add_event(spec, &event)) {
            reader_out_of_memory(reader);
            return false;
        }
    }
    return true;
}

static void read_events(struct instance_reader *reader, struct forecast_spec *spec,
                        const struct instance *instance, const cJSON *events)
{
    char path[PATH_SIZE], base[PATH_SIZE], quoted[QUOTE_SIZE];
    if (reader_array(reader, events, "events") < 0)
        return;
    enum { MONTH, LEAVE, ADD_WORKERS, KEY_COUNT };
    static const struct key_spec keys[KEY_COUNT] = {
        {"month", KEY_REQUIRED}, {"leave", KEY_OPTIONAL}, {"add_workers", KEY_OPTIONAL}};
    /* two passes: workers first named by add_workers may leave in any event */
    for (int pass = 0; pass < 2; pass++) {
        int element = 0;
        const cJSON *item;
        cJSON_ArrayForEach(item, events) {
            const cJSON *found[KEY_COUNT];
            reader_element_path(base, "events", element++);
            struct diag quiet;
            diag_init(&quiet, reader->diag->file);
            struct diag *diag = reader->diag;
            if (pass == 0)
                reader->diag = &quiet; /* report each problem once, in the second pass */
            bool object = reader_object(reader, item, base, keys, KEY_COUNT, found);
            const char *text = NULL;
            int month = 0;
            if (object && reader_string(reader, found[MONTH], reader_key_path(path, base, "month"), &text)) {
                if (!parse_month(text, instance, &month))
                    diag_error(reader->diag, path, "expected a month YYYY-MM, got %s",
                               reader_quote(quoted, sizeof quoted, text));
                else if (month < 1 || month > spec->months)
                    diag_error(reader->diag, path,
                               "%s is outside the horizon: months %d to %d after the plan date %04d-%02d-%02d",
                               text, 1, spec->months, instance->date.year, instance->date.month,
                               instance->date.day);
            }
            reader->diag = diag;
            diag_free(&quiet);
            if (!object || month < 1 || month > spec->months)
                continue;
            if (pass == 0 && found[ADD_WORKERS] != NULL &&
                !read_added_workers(reader, spec, instance, found[ADD_WORKERS], base, month))
                return;
            if (pass == 1 && found[LEAVE] != NULL &&
                !read_leaving_workers(reader, spec, found[LEAVE], base, month))
                return;
        }
    }
}

struct forecast_spec *forecast_read_parse(const char *text, size_t length, const char *path,
                                     const struct instance *instance, struct diag *diag)
{
    enum { FORMAT, NAME, MONTHS, SAMPLES, SEED, RISK, LEAD, HISTORY, INTAKE, CLOSURE, SIZES, EVENTS,
           KEY_COUNT };
    static const struct key_spec keys[KEY_COUNT] = {
        {"format", KEY_REQUIRED}, {"name", KEY_OPTIONAL},      {"months", KEY_OPTIONAL},
        {"samples", KEY_OPTIONAL}, {"seed", KEY_OPTIONAL},     {"risk", KEY_OPTIONAL},
        {"lead_months", KEY_OPTIONAL}, {"history", KEY_OPTIONAL}, {"intake", KEY_OPTIONAL},
        {"closure", KEY_OPTIONAL}, {"family_sizes", KEY_OPTIONAL}, {"events", KEY_OPTIONAL}};
    char quoted[QUOTE_SIZE], element[PATH_SIZE];
    struct instance_reader reader = {.diag = diag};
    struct forecast_spec *spec = mem_calloc(1, sizeof *spec);
    cJSON *root = json_scan_parse(text, length, diag);
    if (spec == NULL || root == NULL)
        goto fail;
    spec->months = 12;
    spec->samples = 200;
    spec->seed = 1;
    spec->risk = 0.1;
    spec->lead_months = 4;
    size_t cells = (size_t)SERVICE_COUNT * (size_t)instance->municipality_count + 1;
    spec->rates.municipality_count = instance->municipality_count;
    spec->rates.intake = mem_calloc(cells, sizeof(double));
    spec->rates.intake_estimated = mem_calloc(cells, sizeof(bool));
    spec->rates.intake_given = mem_calloc(cells, sizeof(bool));
    if (spec->rates.intake == NULL || spec->rates.intake_estimated == NULL ||
        spec->rates.intake_given == NULL)
        goto out_of_memory;
    if (!forecast_read_instance_workers(spec, instance))
        goto out_of_memory;
    if (!cJSON_IsObject(root)) {
        diag_error(diag, "", "expected a JSON object at the top level, got %s", reader_json_type_name(root));
        goto fail;
    }
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (format == NULL || !cJSON_IsString(format) || strcmp(format->valuestring, FORECAST_FORMAT) != 0) {
        diag_error(diag, "format", "expected \"" FORECAST_FORMAT "\", got %s",
                   format == NULL ? "nothing"
                   : cJSON_IsString(format) ? reader_quote(quoted, sizeof quoted, format->valuestring)
                                            : reader_json_type_name(format));
        goto fail;
    }
    const cJSON *found[KEY_COUNT];
    if (!reader_object(&reader, root, "", keys, KEY_COUNT, found))
        goto fail;
    const char *name = NULL;
    if (found[NAME] != NULL && reader_string(&reader, found[NAME], "name", &name) &&
        identity_code_in(name)) {
        diag_error(diag, "name", "looks like it holds a personal identity code; use a pseudonym");
        name = NULL;
    }
    spec->name = name != NULL ? mem_strdup(name) : text_path_stem(path);
    if (spec->name == NULL)
        goto out_of_memory;
    if (found[NAME] == NULL && identity_code_in(spec->name)) /* a name taken from the file name */
        diag_error(diag, "name", "the forecast has no \"name\" and its file name, taken for it, looks like "
                   "a Finnish personal identity code (henkilötunnus): give a \"name\" or rename the file");
    if (found[MONTHS] != NULL)
        reader_integer(&reader, found[MONTHS], "months", 1, FORECAST_MAX_MONTHS, &spec->months);
    if (found[SAMPLES] != NULL)
        reader_integer(&reader, found[SAMPLES], "samples", 1, FORECAST_MAX_SAMPLES, &spec->samples);
    if (found[SEED] != NULL) {
        double seed = 1;
        if (reader_number(&reader, found[SEED], "seed", 0.0, false, 9007199254740992.0,
                          "a whole number from 0 to 2^53", &seed)) {
            if (seed != floor(seed))
                diag_error(diag, "seed", "expected a whole number, got %.17g", seed);
            spec->seed = (uint64_t)seed;
        }
    }
    if (found[RISK] != NULL)
        reader_number(&reader, found[RISK], "risk", 0.0, false, 1.0, "a probability from 0 to 1",
                      &spec->risk);
    if (found[LEAD] != NULL)
        reader_integer(&reader, found[LEAD], "lead_months", 0, FORECAST_MAX_MONTHS, &spec->lead_months);
    if (found[HISTORY] != NULL) {
        int count = reader_array(&reader, found[HISTORY], "history");
        if (count > 0) {
            spec->history = mem_calloc((size_t)count, sizeof(char *));
            if (spec->history == NULL)
                goto out_of_memory;
            for (int i = 0; i < count; i++) {
                const char *relative;
                if (!reader_string(&reader, cJSON_GetArrayItem(found[HISTORY], i),
                                   reader_element_path(element, "history", i), &relative))
                    continue;
                if (relative[0] == '\0') {
                    diag_error(diag, element, "an empty file name");
                    continue;
                }
                spec->history[spec->history_count] = resolve_path(path, relative);
                if (spec->history[spec->history_count++] == NULL)
                    goto out_of_memory;
            }
        }
    }
    read_rates(&reader, spec, instance, found[INTAKE], found[CLOSURE], found[SIZES]);
    if (found[EVENTS] != NULL && diag->count == 0)
        read_events(&reader, spec, instance, found[EVENTS]);
    if (reader.out_of_memory)
        goto out_of_memory;
    if (diag->count > 0)
        goto fail;
    cJSON_Delete(root);
    return spec;

out_of_memory:
    diag->out_of_memory = true;
fail:
    cJSON_Delete(root);
    forecast_read_free(spec);
    return NULL;
}

struct forecast_spec *forecast_read_load(const char *path, const struct instance *instance,
                                    struct diag *diag)
{
    size_t length = 0;
    char *text = fileio_read_input(path, &length, diag);
    if (text == NULL)
        return NULL;
    struct forecast_spec *spec = forecast_read_parse(text, length, path, instance, diag);
    mem_free(text);
    return spec;
}
