/* forecast_spec.c - the forecast's input (DESIGN.md §6): reading
 * caseload-forecast/1 against its instance, the rates estimated from the history,
 * and a spec of stated steady-state rates (for `caseload generate --months N`). */
#include "forecast/forecast.h"
#include "base/identity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/fileio.h"
#include "io/instance_json.h"
#include "forecast/rates.h"

#define FORECAST_FORMAT "caseload-forecast/1"
#define PATH_SIZE READER_PATH_SIZE
#define QUOTE_SIZE READER_QUOTE_SIZE

/* ---------------------------------------------------------------------------
 * Reading caseload-forecast/1
 * ------------------------------------------------------------------------- */

void forecast_spec_free(struct forecast_spec *spec)
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

static void read_events(struct instance_reader *reader, struct forecast_spec *spec,
                        const struct instance *instance, const cJSON *events)
{
    char path[PATH_SIZE], base[PATH_SIZE], entry[PATH_SIZE], quoted[QUOTE_SIZE];
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
            if (pass == 0 && found[ADD_WORKERS] != NULL) {
                if (reader_array(reader, found[ADD_WORKERS], reader_key_path(path, base, "add_workers")) < 0)
                    continue;
                int k = 0;
                const cJSON *added;
                cJSON_ArrayForEach(added, found[ADD_WORKERS]) {
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
                        return;
                    }
                }
            }
            if (pass == 1 && found[LEAVE] != NULL) {
                if (reader_array(reader, found[LEAVE], reader_key_path(path, base, "leave")) < 0)
                    continue;
                int k = 0;
                const cJSON *leaving;
                cJSON_ArrayForEach(leaving, found[LEAVE]) {
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
                        return;
                    }
                }
            }
        }
    }
}

struct forecast_spec *forecast_parse(const char *text, size_t length, const char *path,
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
    for (int w = 0; w < instance->worker_count; w++) {
        const struct worker *worker = &instance->workers[w];
        if (spec_add_worker(spec, worker->id, worker->team, worker->fte, worker->accepts_new,
                            worker->max_new, !worker->leaving) < 0)
            goto out_of_memory;
    }
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
    forecast_spec_free(spec);
    return NULL;
}

struct forecast_spec *forecast_load(const char *path, const struct instance *instance,
                                    struct diag *diag)
{
    size_t length = 0;
    char *text = fileio_read_input(path, &length, diag);
    if (text == NULL)
        return NULL;
    struct forecast_spec *spec = forecast_parse(text, length, path, instance, diag);
    mem_free(text);
    return spec;
}

/* ---------------------------------------------------------------------------
 * Rates from the history
 * ------------------------------------------------------------------------- */

bool forecast_estimate_rates(struct forecast_spec *spec, const struct instance *instance,
                             struct diag *diag)
{
    struct forecast_rates *rates = &spec->rates;
    int places = instance->municipality_count;
    int count = spec->history_count;
    struct instance **snapshots = mem_calloc((size_t)count + 2, sizeof *snapshots);
    char element[PATH_SIZE];
    bool ok = snapshots != NULL;
    if (!ok)
        diag->out_of_memory = true;
    int loaded = 0;
    for (int i = 0; ok && i < count; i++) {
        struct diag inner;
        diag_init(&inner, spec->history[i]);
        snapshots[i] = instance_load(spec->history[i], &inner);
        for (int k = 0; k < inner.kept; k++)
            diag_error(diag, reader_element_path(element, "history", i), "%s", inner.messages[k]);
        if (snapshots[i] == NULL && inner.kept == 0) {
            if (inner.out_of_memory || inner.count == 0)
                diag->out_of_memory = true;
            else
                diag_error(diag, reader_element_path(element, "history", i), "%s: unreadable",
                           spec->history[i]);
        }
        diag_free(&inner);
        ok = snapshots[i] != NULL;
        loaded += ok;
    }
    for (int i = 0; ok && i < count; i++) {
        reader_element_path(element, "history", i);
        if (i > 0 && date_months_between(snapshots[i - 1]->date, snapshots[i]->date) < 1) {
            diag_error(diag, element,
                       "%s is dated %04d-%02d-%02d, not a later month than history[%d] (%04d-%02d-%02d): "
                       "snapshots go oldest first, one month or more apart",
                       spec->history[i], snapshots[i]->date.year, snapshots[i]->date.month,
                       snapshots[i]->date.day, i - 1, snapshots[i - 1]->date.year,
                       snapshots[i - 1]->date.month, snapshots[i - 1]->date.day);
            ok = false;
        }
        long shared = rates_shared_ids(instance, snapshots[i]);
        if (shared == 0) {
            diag_error(diag, element,
                       "%s shares no child or worker id with the instance: a snapshot of another county?",
                       spec->history[i]);
            ok = false;
        } else if (shared < 0) {
            diag->out_of_memory = true;
            ok = false;
        }
    }
    /* the instance itself is the newest snapshot when it is a later month */
    int total = count;
    const struct instance **sequence = mem_calloc((size_t)count + 2, sizeof *sequence);
    if (sequence == NULL) {
        diag->out_of_memory = true;
        ok = false;
    }
    for (int i = 0; ok && i < count; i++)
        sequence[i] = snapshots[i];
    if (ok && count > 0 && date_months_between(snapshots[count - 1]->date, instance->date) >= 1)
        sequence[total++] = instance;
    struct rates_counts counts = {0};
    bool counted = ok && total >= 2;
    if (counted && !rates_count(sequence, total, instance, &counts)) {
        diag->out_of_memory = true;
        ok = counted = false;
    }
    /* estimates where the file is silent; the file's own rates stay */
    if (counted) {
        for (int s = 0; s < SERVICE_COUNT; s++) {
            if (!rates->closure_known[s] && counts.exposure[s] > 0) {
                rates->closure[s] = counts.closures[s] / counts.exposure[s];
                rates->closure_known[s] = rates->closure_estimated[s] = true;
            }
            for (int m = 0; m < places; m++) {
                int key = s * places + m;
                if (!rates->intake_given[key] && counts.months > 0) {
                    rates->intake[key] = counts.new_families[key] / counts.months;
                    rates->intake_estimated[key] = true;
                }
            }
        }
        if (rates->family_size_count == 0 && counts.family_total > 0) {
            int last = 0;
            for (int k = 0; k < RATES_MAX_FAMILY_SIZE && k < FORECAST_MAX_FAMILY_SIZE; k++)
                if (counts.family_sizes[k] > 0)
                    last = k;
            for (int k = 0; k <= last; k++)
                rates->family_sizes[k] = counts.family_sizes[k] / counts.family_total;
            rates->family_size_count = last + 1;
            rates->family_sizes_estimated = true;
        }
    }
    rates_counts_free(&counts);
    mem_free(sequence);
    for (int i = 0; i < loaded; i++)
        instance_free(snapshots[i]);
    mem_free(snapshots);
    if (!ok)
        return false;
    /* what is still missing: a service with clients or teams needs a closure rate,
     * intake needs a list or a history, family sizes likewise */
    const char *how = count == 0 ? "give it in the file, or a history of at least two snapshots"
                      : total < 2 ? "the history holds one snapshot: estimating needs at least two"
                                  : "the history shows none to estimate it from";
    for (int s = 0; s < SERVICE_COUNT; s++) {
        bool used = false;
        for (int t = 0; t < instance->team_count && !used; t++)
            used = instance->teams[t].service == (enum service)s;
        for (int c = 0; c < instance->child_count && !used; c++)
            used = instance->children[c].service == (enum service)s;
        if (used && !rates->closure_known[s])
            diag_error(diag, "closure", "no closure rate for %s: %s", instance_service_name((enum service)s), how);
    }
    if (!spec->intake_listed && !counted)
        diag_error(diag, "intake", "no intake rates: %s", how);
    if (rates->family_size_count == 0)
        diag_error(diag, "family_sizes", "no family sizes: %s", how);
    return diag->count == 0;
}

/* ---------------------------------------------------------------------------
 * Stated rates (`caseload generate --months N`)
 * ------------------------------------------------------------------------- */

struct forecast_spec *forecast_spec_steady(const struct instance *instance,
                                           const double closure[SERVICE_COUNT],
                                           const double *family_sizes, int family_size_count,
                                           uint64_t seed)
{
    struct forecast_spec *spec = mem_calloc(1, sizeof *spec);
    if (spec == NULL)
        return NULL;
    spec->name = mem_strdup("the process the history was generated with");
    spec->months = 12;
    spec->samples = 200;
    spec->seed = seed;
    spec->risk = 0.1;
    spec->lead_months = 4;
    spec->intake_listed = true;
    int places = instance->municipality_count;
    size_t cells = (size_t)SERVICE_COUNT * (size_t)places + 1;
    spec->rates.municipality_count = places;
    spec->rates.intake = mem_calloc(cells, sizeof(double));
    spec->rates.intake_estimated = mem_calloc(cells, sizeof(bool));
    spec->rates.intake_given = mem_calloc(cells, sizeof(bool));
    bool ok = spec->name != NULL && spec->rates.intake != NULL && spec->rates.intake_estimated != NULL &&
              spec->rates.intake_given != NULL && family_size_count >= 1 &&
              family_size_count <= FORECAST_MAX_FAMILY_SIZE;
    double mean_size = 0;
    for (int k = 0; ok && k < family_size_count; k++) {
        spec->rates.family_sizes[k] = family_sizes[k];
        mean_size += (k + 1) * family_sizes[k];
    }
    spec->rates.family_size_count = family_size_count;
    for (int s = 0; ok && s < SERVICE_COUNT; s++) {
        spec->rates.closure[s] = closure[s];
        spec->rates.closure_known[s] = true;
    }
    /* steady state: families per month = closure x clients / mean family size */
    for (int c = 0; ok && c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        int key = (int)child->service * places + child->municipality;
        spec->rates.intake[key] += closure[child->service] / mean_size;
        spec->rates.intake_given[key] = true;
    }
    for (int w = 0; ok && w < instance->worker_count; w++) {
        const struct worker *worker = &instance->workers[w];
        ok = spec_add_worker(spec, worker->id, worker->team, worker->fte, worker->accepts_new,
                             worker->max_new, !worker->leaving) >= 0;
    }
    if (!ok) {
        forecast_spec_free(spec);
        return NULL;
    }
    return spec;
}
