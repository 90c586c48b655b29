/* instance_read.c - read and validate caseload-instance/1 (DESIGN.md §3): the
 * dates, the entries and sections of the document, and instance_parse. */
#include "core/instance.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "io/fileio.h"
#include "base/identity.h"
#include "io/instance_json.h"
#include "base/text.h"
#include "base/suggest.h"

#define INSTANCE_FORMAT "caseload-instance/1"
#define PATH_SIZE READER_PATH_SIZE
#define QUOTE_SIZE READER_QUOTE_SIZE

/* ---------------------------------------------------------------------------
 * Dates
 * ------------------------------------------------------------------------- */

void instance_read_date(struct instance_reader *reader, const cJSON *item)
{
    const char *text;
    if (item == NULL || !reader_string(reader, item, "date", &text))
        return;
    char quoted[QUOTE_SIZE];
    struct date date;
    if (!date_parse_digits(text, &date)) {
        diag_error_kind(reader->diag, "date", DIAG_DATE_FORMAT, READER_DATE_EXPECTED ", got %s",
                        reader_quote(quoted, sizeof quoted, text));
        return;
    }
    if (!date_on_calendar(date)) {
        diag_error(reader->diag, "date", "%s is not a date on the calendar", reader_quote(quoted, sizeof quoted, text));
        return;
    }
    reader->instance->date = date;
    reader->date_valid = true;
}

/* Read a birth month "YYYY-MM" into the child. */
static void read_born(struct instance_reader *reader, const cJSON *item, const char *path, struct child *child)
{
    const char *text;
    if (!reader_string(reader, item, path, &text))
        return;
    struct date full;
    if (date_parse_digits(text, &full)) {
        diag_error_kind(reader->diag, path, DIAG_MONTH_FORMAT,
                        "a full birth date is not allowed: give only the birth month YYYY-MM");
        return;
    }
    char quoted[QUOTE_SIZE];
    int year, month;
    if (!date_parse_month(text, &year, &month)) {
        diag_error_kind(reader->diag, path, DIAG_MONTH_FORMAT, "expected a birth month YYYY-MM, got %s",
                        reader_quote(quoted, sizeof quoted, text));
        return;
    }
    if (month < 1 || month > 12) {
        diag_error(reader->diag, path, "%s is not a month on the calendar (month %d)",
                   reader_quote(quoted, sizeof quoted, text), month);
        return;
    }
    if (year < 1900) {
        diag_error(reader->diag, path, "a birth year before 1900 is not plausible");
        return;
    }
    const struct date *date = &reader->instance->date;
    if (reader->date_valid && (year > date->year || (year == date->year && month > date->month))) {
        diag_error(reader->diag, path, "born after the plan date %04d-%02d-%02d", date->year, date->month,
                   date->day);
        return;
    }
    child->born_given = true;
    child->born_year = year;
    child->born_month = month;
}

/* ---------------------------------------------------------------------------
 * The sections of the document
 * ------------------------------------------------------------------------- */

static void read_weights(struct instance_reader *reader, const cJSON *object)
{
    struct key_spec keys[TERM_COUNT];
    const cJSON *found[TERM_COUNT];
    for (int term = 0; term < TERM_COUNT; term++)
        keys[term] = (struct key_spec){instance_term_name((enum term)term), KEY_OPTIONAL};
    /* An unknown weight name is reported as an unknown key of rules.weights. */
    if (!reader_object(reader, object, "rules.weights", keys, TERM_COUNT, found))
        return;
    char path[PATH_SIZE];
    for (int term = 0; term < TERM_COUNT; term++) {
        if (found[term] == NULL)
            continue;
        double weight;
        if (reader_number(reader, found[term], reader_key_path(path, "rules.weights", instance_term_name((enum term)term)), 0.0, false,
                        MAX_WEIGHT, "a weight from 0 to 1e9", &weight))
            reader->instance->rules.weights[term] = weight;
    }
}

void instance_read_rules(struct instance_reader *reader, const cJSON *object)
{
    enum { CAP, TARGET, ROAD_FACTOR, CROSS_TEAM, FAMILY, WEIGHTS, MOVES, KEY_COUNT };
    static const struct key_spec keys[KEY_COUNT] = {
        {"cap", KEY_OPTIONAL},        {"target", KEY_OPTIONAL}, {"road_factor", KEY_OPTIONAL},
        {"cross_team", KEY_OPTIONAL}, {"family", KEY_OPTIONAL}, {"weights", KEY_OPTIONAL},
        {"moves", KEY_OPTIONAL},
    };
    const cJSON *found[KEY_COUNT];
    struct rules *rules = &reader->instance->rules;
    if (!reader_object(reader, object, "rules", keys, KEY_COUNT, found))
        return;
    if (found[CAP] != NULL && reader_integer(reader, found[CAP], "rules.cap", 1, MAX_CAP, &rules->cap))
        rules->cap_given = true;
    if (found[TARGET] != NULL)
        reader_number(reader, found[TARGET], "rules.target", 0.0, true, MAX_TARGET,
                    "greater than 0 and at most 1000", &rules->target);
    if (found[ROAD_FACTOR] != NULL)
        reader_number(reader, found[ROAD_FACTOR], "rules.road_factor", 0.0, true, MAX_ROAD_FACTOR,
                    "greater than 0 and at most 100", &rules->road_factor);
    if (found[CROSS_TEAM] != NULL)
        reader_bool(reader, found[CROSS_TEAM], "rules.cross_team", &rules->cross_team);
    const char *family;
    if (found[FAMILY] != NULL && reader_string(reader, found[FAMILY], "rules.family", &family)) {
        if (strcmp(family, "soft") == 0)
            rules->family = FAMILY_SOFT;
        else if (strcmp(family, "hard") == 0)
            rules->family = FAMILY_HARD;
        else {
            char quoted[QUOTE_SIZE];
            diag_error(reader->diag, "rules.family", "expected \"soft\" or \"hard\", got %s",
                       reader_quote(quoted, sizeof quoted, family));
        }
    }
    if (found[WEIGHTS] != NULL)
        read_weights(reader, found[WEIGHTS]);
    const char *moves;
    if (found[MOVES] != NULL && reader_string(reader, found[MOVES], "rules.moves", &moves)) {
        enum move_policy policy = instance_moves_from_name(moves);
        if (policy != MOVES_COUNT) {
            rules->moves = policy;
        } else {
            char quoted[QUOTE_SIZE];
            diag_error(reader->diag, "rules.moves", "expected \"all\", \"law\" or \"intake\", got %s",
                       reader_quote(quoted, sizeof quoted, moves));
        }
    }
}

static void read_municipality(struct instance_reader *reader, const cJSON *object, int element)
{
    enum { ID, LAT, LON, KEY_COUNT };
    static const struct key_spec keys[KEY_COUNT] = {
        {"id", KEY_REQUIRED}, {"lat", KEY_REQUIRED}, {"lon", KEY_REQUIRED},
    };
    const cJSON *found[KEY_COUNT];
    char base[PATH_SIZE], path[PATH_SIZE];
    struct municipality *municipality = &reader->instance->municipalities[element];
    reader_element_path(base, "municipalities", element);
    if (!reader_object(reader, object, base, keys, KEY_COUNT, found))
        return;
    reader_own_id(reader, found[ID], reader_key_path(path, base, "id"), "municipalities",
                &reader->municipality_index, 0, element, &municipality->id);
    if (found[LAT] != NULL)
        reader_number(reader, found[LAT], reader_key_path(path, base, "lat"), -90.0, false, 90.0,
                    "a latitude from -90 to 90 degrees", &municipality->lat);
    if (found[LON] != NULL)
        reader_number(reader, found[LON], reader_key_path(path, base, "lon"), -180.0, false, 180.0,
                    "a longitude from -180 to 180 degrees", &municipality->lon);
}

static void read_municipalities(struct instance_reader *reader, const cJSON *array)
{
    struct instance *instance = reader->instance;
    int count = reader_array(reader, array, "municipalities");
    if (count < 0)
        return;
    if (count > MAX_MUNICIPALITIES) {
        diag_error(reader->diag, "municipalities", "at most %d municipalities are supported, got %d",
                   MAX_MUNICIPALITIES, count);
        return;
    }
    instance->municipalities = mem_calloc((size_t)count, sizeof *instance->municipalities);
    if (instance->municipalities == NULL || !id_index_init(&reader->municipality_index, count)) {
        reader_out_of_memory(reader);
        return;
    }
    instance->municipality_count = count;
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, array) {
        read_municipality(reader, item, element++);
        if (reader->out_of_memory)
            return;
    }
}

static void read_distances(struct instance_reader *reader, const cJSON *array)
{
    struct instance *instance = reader->instance;
    int count = reader_array(reader, array, "distances");
    if (count < 0)
        return;
    instance->distance_table = mem_calloc((size_t)count, sizeof *instance->distance_table);
    if (instance->distance_table == NULL) {
        reader_out_of_memory(reader);
        return;
    }
    instance->distance_table_count = count;

    /* A pair given twice, in either direction, is an error: which one would hold? */
    struct id_index pair_index = {NULL, NULL, 0};
    if (!id_index_init(&pair_index, count)) {
        reader_out_of_memory(reader);
        return;
    }
    char(*pair_keys)[24] = mem_calloc((size_t)count, sizeof *pair_keys);
    if (pair_keys == NULL) {
        id_index_free(&pair_index);
        reader_out_of_memory(reader);
        return;
    }

    enum { FROM, TO, KM, KEY_COUNT };
    static const struct key_spec keys[KEY_COUNT] = {
        {"from", KEY_REQUIRED}, {"to", KEY_REQUIRED}, {"km", KEY_REQUIRED},
    };
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, array) {
        const cJSON *found[KEY_COUNT];
        char base[PATH_SIZE], path[PATH_SIZE];
        struct distance_entry *entry = &instance->distance_table[element];
        entry->from = entry->to = -1;
        reader_element_path(base, "distances", element);
        if (reader_object(reader, item, base, keys, KEY_COUNT, found)) {
            if (found[FROM] != NULL)
                entry->from = reader_reference(reader, found[FROM], reader_key_path(path, base, "from"),
                                             &reader->municipality_index, "municipality");
            if (found[TO] != NULL)
                entry->to = reader_reference(reader, found[TO], reader_key_path(path, base, "to"),
                                           &reader->municipality_index, "municipality");
            if (found[KM] != NULL)
                reader_number(reader, found[KM], reader_key_path(path, base, "km"), 0.0, false, MAX_KM,
                            "a distance from 0 to 100000 km", &entry->km);
            if (entry->from >= 0 && entry->to >= 0) {
                int low = entry->from < entry->to ? entry->from : entry->to;
                int high = entry->from < entry->to ? entry->to : entry->from;
                snprintf(pair_keys[element], sizeof pair_keys[element], "%d-%d", low, high);
                int earlier = id_index_insert(&pair_index, pair_keys[element], element);
                if (earlier >= 0)
                    diag_error_ref(reader->diag, base, "distances", earlier, "",
                                   "the distance between these municipalities is already given in ");
            }
        }
        element++;
    }
    id_index_free(&pair_index);
    mem_free(pair_keys);
}

static int compare_ints(const void *left, const void *right)
{
    int a = *(const int *)left, b = *(const int *)right;
    return (a > b) - (a < b);
}

/* Read a team's area into a sorted list of municipality indices. */
void instance_read_area(struct instance_reader *reader, const cJSON *array, const char *base, struct team *team)
{
    char path[PATH_SIZE], element_name[PATH_SIZE];
    reader_key_path(path, base, "area");
    int count = reader_array(reader, array, path);
    if (count < 0)
        return;
    int municipality_count = reader->instance->municipality_count;
    team->area = mem_calloc((size_t)count, sizeof *team->area);
    bool *listed = mem_calloc((size_t)municipality_count, sizeof *listed);
    if (team->area == NULL || listed == NULL) {
        mem_free(listed);
        reader_out_of_memory(reader);
        return;
    }
    team->area_all = false;
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, array) {
        reader_element_path(element_name, path, element++);
        int municipality = reader_reference(reader, item, element_name, &reader->municipality_index,
                                          "municipality");
        if (municipality < 0)
            continue;
        if (listed[municipality]) {
            char quoted[QUOTE_SIZE];
            diag_error(reader->diag, element_name, "municipality %s is listed twice",
                       reader_quote(quoted, sizeof quoted, item->valuestring));
            continue;
        }
        listed[municipality] = true;
        team->area[team->area_count++] = municipality;
    }
    mem_free(listed);
    qsort(team->area, (size_t)team->area_count, sizeof *team->area, compare_ints);
}

void instance_read_team(struct instance_reader *reader, const cJSON *object, const char *base, int element)
{
    enum { ID, SERVICE, OFFICE, AREA, MAX_HIRES, TARGET, KEY_COUNT };
    static const struct key_spec keys[KEY_COUNT] = {
        {"id", KEY_REQUIRED}, {"service", KEY_REQUIRED},     {"office", KEY_REQUIRED},
        {"area", KEY_OPTIONAL}, {"max_hires", KEY_OPTIONAL}, {"target", KEY_OPTIONAL},
    };
    const cJSON *found[KEY_COUNT];
    char path[PATH_SIZE];
    struct team *team = &reader->instance->teams[element];
    team->service = SERVICE_COUNT; /* unknown until read */
    team->office = -1;
    team->area_all = true;
    if (!reader_object(reader, object, base, keys, KEY_COUNT, found))
        return;
    reader_own_id(reader, found[ID], reader_key_path(path, base, "id"), reader->team_array, &reader->team_index,
                  reader->existing_teams, element, &team->id);
    if (found[SERVICE] != NULL)
        reader_service(reader, found[SERVICE], reader_key_path(path, base, "service"), &team->service);
    if (found[OFFICE] != NULL)
        team->office = reader_reference(reader, found[OFFICE], reader_key_path(path, base, "office"),
                                      &reader->municipality_index, "municipality");
    if (found[AREA] != NULL)
        instance_read_area(reader, found[AREA], base, team);
    if (found[MAX_HIRES] != NULL &&
        reader_integer(reader, found[MAX_HIRES], reader_key_path(path, base, "max_hires"), 0, MAX_HIRES_PER_TEAM,
                       &team->max_hires))
        team->max_hires_given = true;
    if (found[TARGET] != NULL &&
        reader_number(reader, found[TARGET], reader_key_path(path, base, "target"), 0.0, true, MAX_TARGET,
                    "greater than 0 and at most 1000", &team->target))
        team->target_given = true;
}

static void read_teams(struct instance_reader *reader, const cJSON *array)
{
    struct instance *instance = reader->instance;
    int count = reader_array(reader, array, "teams");
    if (count < 0)
        return;
    instance->teams = mem_calloc((size_t)count, sizeof *instance->teams);
    if (instance->teams == NULL || !id_index_init(&reader->team_index, count)) {
        reader_out_of_memory(reader);
        return;
    }
    instance->team_count = count;
    int element = 0;
    long long hires = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, array) {
        char base[PATH_SIZE];
        instance_read_team(reader, item, reader_element_path(base, "teams", element), element);
        if (reader->out_of_memory)
            return;
        hires += instance->teams[element].max_hires;
        element++;
    }
    if (hires > MAX_ASSIGNEES)
        diag_error(reader->diag, "teams", "the teams may open %lld hires in total, at most %d are supported",
                   hires, MAX_ASSIGNEES);
}

void instance_read_worker(struct instance_reader *reader, const cJSON *object, const char *base, int element,
                   bool register_id)
{
    enum { ID, TEAM, FTE, ACCEPTS_NEW, LEAVING, MAX_NEW, KEY_COUNT };
    static const struct key_spec keys[KEY_COUNT] = {
        {"id", KEY_REQUIRED},          {"team", KEY_REQUIRED},    {"fte", KEY_OPTIONAL},
        {"accepts_new", KEY_OPTIONAL}, {"leaving", KEY_OPTIONAL}, {"max_new", KEY_OPTIONAL | KEY_NULLABLE},
    };
    const cJSON *found[KEY_COUNT];
    char path[PATH_SIZE];
    struct worker *worker = &reader->instance->workers[element];
    worker->team = -1;
    worker->fte = 1.0;
    worker->accepts_new = true;
    worker->leaving = false;
    worker->max_new = -1;
    if (!reader_object(reader, object, base, keys, KEY_COUNT, found))
        return;
    reader_own_id(reader, found[ID], reader_key_path(path, base, "id"), reader->worker_array,
                  register_id ? &reader->worker_index : NULL, reader->existing_workers, element, &worker->id);
    if (found[TEAM] != NULL)
        worker->team = reader_reference(reader, found[TEAM], reader_key_path(path, base, "team"), &reader->team_index,
                                      "team");
    if (found[FTE] != NULL)
        reader_number(reader, found[FTE], reader_key_path(path, base, "fte"), 0.0, true, 1.0,
                    "greater than 0 and at most 1", &worker->fte);
    if (found[ACCEPTS_NEW] != NULL)
        reader_bool(reader, found[ACCEPTS_NEW], reader_key_path(path, base, "accepts_new"), &worker->accepts_new);
    if (found[LEAVING] != NULL)
        reader_bool(reader, found[LEAVING], reader_key_path(path, base, "leaving"), &worker->leaving);
    if (found[MAX_NEW] != NULL)
        reader_integer(reader, found[MAX_NEW], reader_key_path(path, base, "max_new"), 0, MAX_NEW_LIMIT, &worker->max_new);
}

static void read_workers(struct instance_reader *reader, const cJSON *array)
{
    struct instance *instance = reader->instance;
    int count = reader_array(reader, array, "workers");
    if (count < 0)
        return;
    instance->workers = mem_calloc((size_t)count, sizeof *instance->workers);
    if (instance->workers == NULL || !id_index_init(&reader->worker_index, count)) {
        reader_out_of_memory(reader);
        return;
    }
    instance->worker_count = count;
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, array) {
        char base[PATH_SIZE];
        instance_read_worker(reader, item, reader_element_path(base, "workers", element), element, true);
        element++;
        if (reader->out_of_memory)
            return;
    }
}

/* The family of child `element`: the named family, or one of its own. */
static void read_family(struct instance_reader *reader, const cJSON *item, const char *path, int element)
{
    struct instance *instance = reader->instance;
    struct child *child = &instance->children[element];
    const char *name = NULL;
    if (item != NULL) {
        if (!reader_string(reader, item, path, &name))
            return;
        if (!reader_check_id(reader, path, name))
            return;
    } else if (child->id != NULL) {
        name = child->id; /* a family of its own, never shared with a named one */
    } else {
        return; /* the child's id was already reported */
    }
    if (item != NULL) {
        int existing = id_index_find(&reader->family_index, name);
        if (existing >= 0) {
            child->family = existing;
            return;
        }
    }
    struct family *family = &instance->families[instance->family_count];
    family->id = mem_strdup(name);
    if (family->id == NULL) {
        reader_out_of_memory(reader);
        return;
    }
    if (item != NULL)
        id_index_insert(&reader->family_index, family->id, instance->family_count);
    child->family = instance->family_count++;
}

/* Check the child's current worker against its service and the lock. */
static void check_current_worker(struct instance_reader *reader, const char *base, int element, bool worker_given)
{
    struct instance *instance = reader->instance;
    struct child *child = &instance->children[element];
    char path[PATH_SIZE], quoted[QUOTE_SIZE];
    if (child->worker < 0) {
        if (child->locked && !worker_given)
            diag_error(reader->diag, reader_key_path(path, base, "locked"),
                       "a locked child needs a current worker (\"worker\" is missing)");
        return;
    }
    const struct worker *worker = &instance->workers[child->worker];
    if (child->locked && worker->leaving) {
        /* the worker leaves: the child gets a new worker (instance_released_note) */
        child->locked = false;
        child->released = true;
    }
    if (worker->team < 0 || child->service == SERVICE_COUNT)
        return;
    const struct team *team = &instance->teams[worker->team];
    if (team->service != SERVICE_COUNT && team->service != child->service) {
        char team_quoted[QUOTE_SIZE];
        diag_error(reader->diag, reader_key_path(path, base, "worker"),
                   "worker %s of team %s serves %s, but the child's service is %s",
                   reader_quote(quoted, sizeof quoted, worker->id != NULL ? worker->id : ""),
                   reader_quote(team_quoted, sizeof team_quoted, team->id != NULL ? team->id : ""),
                   instance_service_name(team->service), instance_service_name(child->service));
    }
}

void instance_read_child(struct instance_reader *reader, const cJSON *object, const char *base, int element)
{
    enum { ID, FAMILY, SERVICE, MUNICIPALITY, BORN, WORKER, WEIGHT, LOCKED, KEY_COUNT };
    static const struct key_spec keys[KEY_COUNT] = {
        {"id", KEY_REQUIRED},
        {"family", KEY_OPTIONAL | KEY_NULLABLE},
        {"service", KEY_REQUIRED},
        {"municipality", KEY_REQUIRED},
        {"born", KEY_OPTIONAL | KEY_NULLABLE},
        {"worker", KEY_OPTIONAL | KEY_NULLABLE},
        {"weight", KEY_OPTIONAL},
        {"locked", KEY_OPTIONAL},
    };
    const cJSON *found[KEY_COUNT];
    char path[PATH_SIZE];
    struct child *child = &reader->instance->children[element];
    child->family = -1;
    child->service = SERVICE_COUNT;
    child->municipality = -1;
    child->worker = -1;
    child->weight = 1.0;
    if (!reader_object(reader, object, base, keys, KEY_COUNT, found))
        return;
    reader_own_id(reader, found[ID], reader_key_path(path, base, "id"), reader->child_array, &reader->child_index,
                  reader->existing_children, element, &child->id);
    if (reader->out_of_memory)
        return;
    read_family(reader, found[FAMILY], reader_key_path(path, base, "family"), element);
    if (found[SERVICE] != NULL)
        reader_service(reader, found[SERVICE], reader_key_path(path, base, "service"), &child->service);
    if (found[MUNICIPALITY] != NULL)
        child->municipality = reader_reference(reader, found[MUNICIPALITY], reader_key_path(path, base, "municipality"),
                                             &reader->municipality_index, "municipality");
    if (found[BORN] != NULL)
        read_born(reader, found[BORN], reader_key_path(path, base, "born"), child);
    if (found[WORKER] != NULL)
        child->worker = reader_reference(reader, found[WORKER], reader_key_path(path, base, "worker"),
                                       &reader->worker_index, "worker");
    if (found[WEIGHT] != NULL)
        reader_number(reader, found[WEIGHT], reader_key_path(path, base, "weight"), 0.0, true, MAX_CHILD_WEIGHT,
                    "greater than 0 and at most 1000", &child->weight);
    if (found[LOCKED] != NULL)
        reader_bool(reader, found[LOCKED], reader_key_path(path, base, "locked"), &child->locked);
    check_current_worker(reader, base, element, found[WORKER] != NULL);
}

static void read_children(struct instance_reader *reader, const cJSON *array)
{
    struct instance *instance = reader->instance;
    int count = reader_array(reader, array, "children");
    if (count < 0)
        return;
    instance->children = mem_calloc((size_t)count, sizeof *instance->children);
    instance->families = mem_calloc((size_t)count, sizeof *instance->families);
    if (instance->children == NULL || instance->families == NULL ||
        !id_index_init(&reader->child_index, count) || !id_index_init(&reader->family_index, count)) {
        reader_out_of_memory(reader);
        return;
    }
    instance->child_count = count;
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, array) {
        char base[PATH_SIZE];
        instance_read_child(reader, item, reader_element_path(base, "children", element), element);
        element++;
        if (reader->out_of_memory)
            return;
    }
}

void instance_read_name(struct instance_reader *reader, const cJSON *item, char **stored)
{
    const char *name = "";
    if (item != NULL && reader_string(reader, item, "name", &name)) {
        if (strlen(name) > NAME_MAX_BYTES) {
            diag_error(reader->diag, "name", "the name must be at most %d bytes", NAME_MAX_BYTES);
        } else if (identity_code_in(name)) {
            reader_report_identity_code(reader, "name");
        } else if (reader_has_control_character(name)) {
            diag_error(reader->diag, "name", "the name must not contain control characters");
        }
    }
    char *copy = mem_strdup(name);
    if (copy == NULL) {
        reader_out_of_memory(reader);
        return;
    }
    mem_free(*stored);
    *stored = copy;
}

static void read_document(struct instance_reader *reader, const cJSON *root)
{
    char quoted[QUOTE_SIZE];
    if (!cJSON_IsObject(root)) {
        diag_error(reader->diag, "", "expected a JSON object at the top level, got %s", reader_json_type_name(root));
        return;
    }
    /* The format first: a scenario or a plan given by mistake should get one clear
     * message, not a list of everything it lacks. */
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (format == NULL) {
        diag_error(reader->diag, "format", "missing required key: expected \"" INSTANCE_FORMAT "\"");
        return;
    }
    if (!cJSON_IsString(format) || strcmp(format->valuestring, INSTANCE_FORMAT) != 0) {
        if (cJSON_IsString(format))
            diag_error(reader->diag, "format", "expected \"" INSTANCE_FORMAT "\", got %s",
                       reader_quote(quoted, sizeof quoted, format->valuestring));
        else
            diag_error(reader->diag, "format", "expected \"" INSTANCE_FORMAT "\", got %s",
                       reader_json_type_name(format));
        return;
    }

    enum { FORMAT, NAME, DATE, RULES, MUNICIPALITIES, DISTANCES, TEAMS, WORKERS, CHILDREN, KEY_COUNT };
    static const struct key_spec keys[KEY_COUNT] = {
        {"format", KEY_REQUIRED},         {"name", KEY_OPTIONAL},      {"date", KEY_REQUIRED},
        {"rules", KEY_OPTIONAL},          {"municipalities", KEY_REQUIRED}, {"distances", KEY_OPTIONAL},
        {"teams", KEY_REQUIRED},          {"workers", KEY_REQUIRED},   {"children", KEY_REQUIRED},
    };
    const cJSON *found[KEY_COUNT];
    reader_object(reader, root, "", keys, KEY_COUNT, found);

    instance_read_name(reader, found[NAME], &reader->instance->name);
    instance_read_date(reader, found[DATE]);
    if (found[RULES] != NULL)
        instance_read_rules(reader, found[RULES]);
    if (!reader->out_of_memory && found[MUNICIPALITIES] != NULL)
        read_municipalities(reader, found[MUNICIPALITIES]);
    if (!reader->out_of_memory && found[DISTANCES] != NULL)
        read_distances(reader, found[DISTANCES]);
    if (!reader->out_of_memory && found[TEAMS] != NULL)
        read_teams(reader, found[TEAMS]);
    if (!reader->out_of_memory && found[WORKERS] != NULL)
        read_workers(reader, found[WORKERS]);
    if (!reader->out_of_memory && found[CHILDREN] != NULL)
        read_children(reader, found[CHILDREN]);
    if (!reader->out_of_memory && (long long)reader->instance->worker_count +
                                          instance_hire_count(reader->instance) > MAX_ASSIGNEES)
        diag_error(reader->diag, "workers", "too many workers and hires, at most %d are supported",
                   MAX_ASSIGNEES);
}

/* ---------------------------------------------------------------------------
 * Parsing, loading, freeing, lookups
 * ------------------------------------------------------------------------- */

struct instance *instance_parse(const char *text, size_t length, struct diag *diag)
{
    return instance_parse_refusing(text, length, diag, NULL);
}

struct instance *instance_parse_refusing(const char *text, size_t length, struct diag *diag,
                                         const struct refused_ids *refused)
{
    int errors_before = diag->count;
    cJSON *root = json_scan_parse(text, length, diag);
    if (root == NULL)
        return NULL;

    struct instance_reader reader;
    memset(&reader, 0, sizeof reader);
    reader.diag = diag;
    reader.team_array = "teams";
    reader.worker_array = "workers";
    reader.child_array = "children";
    reader.refused = refused;
    reader.instance = mem_calloc(1, sizeof *reader.instance);
    if (reader.instance == NULL) {
        reader.out_of_memory = true;
    } else {
        instance_default_rules(&reader.instance->rules);
        read_document(&reader, root);
    }
    cJSON_Delete(root);
    reader_free(&reader);

    if (!reader.out_of_memory && diag->count == errors_before && !instance_resolve(reader.instance))
        reader.out_of_memory = true;
    if (reader.out_of_memory)
        diag->out_of_memory = true;
    if (reader.out_of_memory || diag->count != errors_before) {
        instance_free(reader.instance);
        return NULL;
    }
    return reader.instance;
}

struct instance *instance_load(const char *path, struct diag *diag)
{
    size_t length = 0;
    char *text = fileio_read_input(path, &length, diag);
    if (text == NULL)
        return NULL;
    struct instance *instance = instance_parse(text, length, diag);
    mem_free(text);
    return instance;
}
