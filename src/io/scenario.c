/* scenario.c - read caseload-scenario/1 and apply it to an instance, validated with the instance's own entry readers. */
#include "io/scenario.h"

#include <string.h>

#include "io/fileio.h"
#include "io/instance_json.h"
#include "base/suggest.h"

#define SCENARIO_FORMAT "caseload-scenario/1"
#define PATH_SIZE READER_PATH_SIZE
#define QUOTE_SIZE READER_QUOTE_SIZE

/* Workers named in one error message before "and N more". */
#define NAMES_IN_MESSAGE 5

struct scenario {
    char *name;  /* owned */
    cJSON *root; /* the checked document, owned */
};

/* The top-level keys of the format, in the order they are applied. */
enum scenario_key {
    KEY_FORMAT, KEY_NAME, KEY_DATE, KEY_RULES, KEY_TEAMS, KEY_ADD_TEAMS, KEY_REMOVE_TEAMS,
    KEY_LEAVE, KEY_ADD_WORKERS, KEY_ADD_CHILDREN, KEY_UNLOCK, SCENARIO_KEY_COUNT
};

static const struct key_spec scenario_keys[SCENARIO_KEY_COUNT] = {
    {"format", KEY_REQUIRED}, {"name", KEY_OPTIONAL},         {"date", KEY_OPTIONAL},
    {"rules", KEY_OPTIONAL},  {"teams", KEY_OPTIONAL},        {"add_teams", KEY_OPTIONAL},
    {"remove_teams", KEY_OPTIONAL}, {"leave", KEY_OPTIONAL},  {"add_workers", KEY_OPTIONAL},
    {"add_children", KEY_OPTIONAL}, {"unlock", KEY_OPTIONAL},
};

/* ---------------------------------------------------------------------------
 * Reading the document
 * ------------------------------------------------------------------------- */

/* Check the format key first, so an instance or a plan given by mistake gets one
 * clear message. */
static bool check_format(struct diag *diag, const cJSON *root)
{
    char quoted[QUOTE_SIZE];
    if (!cJSON_IsObject(root)) {
        diag_error(diag, "", "expected a JSON object at the top level, got %s", reader_json_type_name(root));
        return false;
    }
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (format == NULL) {
        diag_error(diag, "format", "missing required key: expected \"" SCENARIO_FORMAT "\"");
        return false;
    }
    if (!cJSON_IsString(format) || strcmp(format->valuestring, SCENARIO_FORMAT) != 0) {
        diag_error(diag, "format", "expected \"" SCENARIO_FORMAT "\", got %s",
                   cJSON_IsString(format) ? reader_quote(quoted, sizeof quoted, format->valuestring)
                                          : reader_json_type_name(format));
        return false;
    }
    return true;
}

struct scenario *scenario_parse(const char *text, size_t length, const char *default_name,
                                struct diag *diag)
{
    int errors_before = diag->count;
    cJSON *root = json_scan_parse(text, length, diag);
    if (root == NULL)
        return NULL;
    struct scenario *scenario = mem_calloc(1, sizeof *scenario);
    if (scenario == NULL) {
        cJSON_Delete(root);
        diag->out_of_memory = true;
        return NULL;
    }
    scenario->root = root;
    if (!check_format(diag, root)) {
        scenario_free(scenario);
        return NULL;
    }
    struct instance_reader reader;
    memset(&reader, 0, sizeof reader);
    reader.diag = diag;
    const cJSON *found[SCENARIO_KEY_COUNT];
    reader_object(&reader, root, "", scenario_keys, SCENARIO_KEY_COUNT, found);
    if (found[KEY_NAME] != NULL)
        instance_read_name(&reader, found[KEY_NAME], &scenario->name);
    else
        scenario->name = mem_strdup(default_name != NULL ? default_name : "");
    if (scenario->name == NULL && diag->count == errors_before)
        reader.out_of_memory = true;
    if (reader.out_of_memory)
        diag->out_of_memory = true;
    if (reader.out_of_memory || diag->count != errors_before) {
        scenario_free(scenario);
        return NULL;
    }
    return scenario;
}

struct scenario *scenario_load(const char *path, struct diag *diag)
{
    size_t length = 0;
    char *text = fileio_read_input(path, &length, diag);
    if (text == NULL)
        return NULL;
    char *default_name = text_path_stem(strcmp(path, "-") == 0 ? "stdin" : path);
    struct scenario *scenario = NULL;
    if (default_name == NULL)
        diag->out_of_memory = true;
    else
        scenario = scenario_parse(text, length, default_name, diag);
    mem_free(default_name);
    mem_free(text);
    return scenario;
}

const char *scenario_name(const struct scenario *scenario)
{
    return scenario->name;
}

void scenario_free(struct scenario *scenario)
{
    if (scenario == NULL)
        return;
    mem_free(scenario->name);
    cJSON_Delete(scenario->root);
    mem_free(scenario);
}

/* ---------------------------------------------------------------------------
 * Applying it
 * ------------------------------------------------------------------------- */

/* What the application remembers for the checks at the end. Per worker (indices
 * of the instance after add_workers): the element of leave that made it leave and
 * of add_workers that moved it, or -1. Per team: the element of teams that
 * changed its service and of remove_teams that removed it, or -1. */
struct application {
    struct instance_reader reader;
    const cJSON *found[SCENARIO_KEY_COUNT];
    int *leave_element;
    int *move_element;
    int *service_patch;
    int *remove_element;
    int team_capacity, worker_capacity; /* sizes of the arrays above */
    bool date_changed;
};

/* Length of the optional array at top-level key `key`, 0 when absent (a wrong
 * type is reported and counts as 0). */
static int optional_array_length(struct application *app, enum scenario_key key)
{
    if (app->found[key] == NULL)
        return 0;
    int count = reader_array(&app->reader, app->found[key], scenario_keys[key].name);
    return count < 0 ? 0 : count;
}

/* Grow an int array to `count` entries set to -1. */
static int *minus_ones(int count)
{
    int *array = mem_alloc((size_t)(count > 0 ? count : 1) * sizeof *array);
    if (array != NULL)
        for (int i = 0; i < count; i++)
            array[i] = -1;
    return array;
}

/* Make room for `extra` more elements of `size` bytes after `count`, zeroed. */
static bool grow(void **array, int count, int extra, size_t size)
{
    size_t total = (size_t)(count + extra > 0 ? count + extra : 1);
    void *grown = mem_realloc(*array, total * size);
    if (grown == NULL)
        return false;
    memset((char *)grown + (size_t)count * size, 0, (size_t)extra * size);
    *array = grown;
    return true;
}

/* A string element of an id list; NULL after reporting a wrong type. */
static const char *list_id(struct application *app, const cJSON *item, const char *path)
{
    const char *text;
    if (!reader_string(&app->reader, item, path, &text))
        return NULL;
    return text;
}

/* One entry of "teams": patch the existing team with this id. */
static void patch_team(struct application *app, const cJSON *object, int element, bool *patched)
{
    enum { ID, SERVICE, OFFICE, AREA, MAX_HIRES, TARGET, KEY_COUNT };
    static const struct key_spec keys[KEY_COUNT] = {
        {"id", KEY_REQUIRED},   {"service", KEY_OPTIONAL},   {"office", KEY_OPTIONAL},
        {"area", KEY_OPTIONAL}, {"max_hires", KEY_OPTIONAL}, {"target", KEY_OPTIONAL},
    };
    struct instance_reader *reader = &app->reader;
    struct instance *instance = reader->instance;
    const cJSON *found[KEY_COUNT];
    char base[PATH_SIZE], path[PATH_SIZE], quoted[QUOTE_SIZE];
    reader_element_path(base, "teams", element);
    if (!reader_object(reader, object, base, keys, KEY_COUNT, found) || found[ID] == NULL)
        return;
    int t = reader_reference(reader, found[ID], reader_key_path(path, base, "id"), &reader->team_index, "team");
    if (t < 0)
        return;
    if (patched[t]) {
        diag_error(reader->diag, path, "team %s is patched twice", reader_quote(quoted, sizeof quoted,
                                                                             instance->teams[t].id));
        return;
    }
    patched[t] = true;
    struct team *team = &instance->teams[t];
    enum service service;
    if (found[SERVICE] != NULL &&
        reader_service(reader, found[SERVICE], reader_key_path(path, base, "service"), &service) &&
        service != team->service) {
        team->service = service;
        app->service_patch[t] = element;
    }
    if (found[OFFICE] != NULL) {
        int office = reader_reference(reader, found[OFFICE], reader_key_path(path, base, "office"),
                                      &reader->municipality_index, "municipality");
        if (office >= 0)
            team->office = office;
    }
    if (found[AREA] != NULL) {
        if (cJSON_IsNull(found[AREA])) { /* null: the whole region */
            mem_free(team->area);
            team->area = NULL;
            team->area_count = 0;
            team->area_all = true;
        } else {
            struct team patched_area = *team;
            patched_area.area = NULL;
            patched_area.area_count = 0;
            instance_read_area(reader, found[AREA], base, &patched_area);
            mem_free(team->area);
            team->area = patched_area.area;
            team->area_count = patched_area.area_count;
            team->area_all = patched_area.area_all;
        }
    }
    if (found[MAX_HIRES] != NULL &&
        reader_integer(reader, found[MAX_HIRES], reader_key_path(path, base, "max_hires"), 0, 10000,
                       &team->max_hires))
        team->max_hires_given = true;
    double target;
    if (found[TARGET] != NULL &&
        reader_number(reader, found[TARGET], reader_key_path(path, base, "target"), 0.0, true, 1000.0,
                      "greater than 0 and at most 1000", &target)) {
        team->target = target;
        team->target_given = true;
    }
}

static void apply_team_patches(struct application *app)
{
    const cJSON *array = app->found[KEY_TEAMS];
    int count = optional_array_length(app, KEY_TEAMS);
    if (count == 0)
        return;
    bool *patched = mem_calloc((size_t)app->reader.instance->team_count, sizeof *patched);
    if (patched == NULL) {
        reader_out_of_memory(&app->reader);
        return;
    }
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, array) {
        patch_team(app, item, element++, patched);
        if (app->reader.out_of_memory)
            break;
    }
    mem_free(patched);
}

static void apply_add_teams(struct application *app, int count)
{
    struct instance *instance = app->reader.instance;
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, app->found[KEY_ADD_TEAMS]) {
        char base[PATH_SIZE];
        int t = instance->team_count;
        instance_read_team(&app->reader, item, reader_element_path(base, "add_teams", element), t);
        instance->team_count++; /* counted even when invalid, so instance_free frees it */
        if (app->reader.out_of_memory || ++element == count)
            return;
    }
}

static void apply_remove_teams(struct application *app)
{
    struct instance_reader *reader = &app->reader;
    struct instance *instance = reader->instance;
    if (optional_array_length(app, KEY_REMOVE_TEAMS) == 0)
        return;
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, app->found[KEY_REMOVE_TEAMS]) {
        char path[PATH_SIZE], quoted[QUOTE_SIZE];
        reader_element_path(path, "remove_teams", element);
        int t = list_id(app, item, path) != NULL
                    ? reader_reference(reader, item, path, &reader->team_index, "team")
                    : -1;
        if (t >= reader->existing_teams) {
            diag_error(reader->diag, path, "team %s is added by this scenario; leave it out of add_teams "
                       "instead", reader_quote(quoted, sizeof quoted, instance->teams[t].id));
        } else if (t >= 0 && app->remove_element[t] >= 0) {
            diag_error(reader->diag, path, "team %s is already removed by remove_teams[%d]",
                       reader_quote(quoted, sizeof quoted, instance->teams[t].id), app->remove_element[t]);
        } else if (t >= 0) {
            app->remove_element[t] = element;
            instance->teams[t].removed = true;
            instance->teams[t].max_hires = 0;
            instance->teams[t].max_hires_given = true;
        }
        element++;
    }
    /* a patch of a removed team is a contradiction */
    if (app->found[KEY_TEAMS] == NULL || !cJSON_IsArray(app->found[KEY_TEAMS]))
        return;
    element = 0;
    cJSON_ArrayForEach(item, app->found[KEY_TEAMS]) {
        const cJSON *id = cJSON_IsObject(item) ? cJSON_GetObjectItemCaseSensitive(item, "id") : NULL;
        int t = cJSON_IsString(id) ? id_index_find(&reader->team_index, id->valuestring) : -1;
        if (t >= 0 && t < reader->existing_teams && app->remove_element[t] >= 0) {
            char path[PATH_SIZE], base[PATH_SIZE], quoted[QUOTE_SIZE];
            reader_key_path(path, reader_element_path(base, "teams", element), "id");
            diag_error(reader->diag, path, "team %s is patched, but remove_teams[%d] removes it",
                       reader_quote(quoted, sizeof quoted, id->valuestring), app->remove_element[t]);
        }
        element++;
    }
}

static void apply_leave(struct application *app)
{
    struct instance_reader *reader = &app->reader;
    struct instance *instance = reader->instance;
    if (optional_array_length(app, KEY_LEAVE) == 0)
        return;
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, app->found[KEY_LEAVE]) {
        char path[PATH_SIZE], quoted[QUOTE_SIZE];
        reader_element_path(path, "leave", element);
        int w = list_id(app, item, path) != NULL
                    ? reader_reference(reader, item, path, &reader->worker_index, "worker")
                    : -1;
        if (w >= 0 && app->leave_element[w] >= 0)
            diag_error(reader->diag, path, "worker %s is already listed in leave[%d]",
                       reader_quote(quoted, sizeof quoted, instance->workers[w].id), app->leave_element[w]);
        else if (w >= 0) {
            app->leave_element[w] = element;
            instance->workers[w].leaving = true;
        }
        element++;
    }
}

/* "unlock": children of the instance that may now move (an unknown id is an error). */
static void apply_unlock(struct application *app)
{
    struct instance_reader *reader = &app->reader;
    if (optional_array_length(app, KEY_UNLOCK) == 0)
        return;
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, app->found[KEY_UNLOCK]) {
        char path[PATH_SIZE];
        reader_element_path(path, "unlock", element);
        int c = list_id(app, item, path) != NULL
                    ? reader_reference(reader, item, path, &reader->child_index, "child")
                    : -1;
        if (c >= 0)
            reader->instance->children[c].locked = false;
        element++;
    }
}

/* Does the add_workers entry `object` carry the id of a worker of the instance?
 * Returns its index or -1. */
static int existing_worker_of(struct application *app, const cJSON *object)
{
    const cJSON *id = cJSON_IsObject(object) ? cJSON_GetObjectItemCaseSensitive(object, "id") : NULL;
    if (!cJSON_IsString(id))
        return -1;
    int w = id_index_find(&app->reader.worker_index, id->valuestring);
    return w < app->reader.existing_workers ? w : -1;
}

/* One add_workers entry with the id of a worker of the instance: move that worker
 * to the entry's team, with the entry's fte, accepts_new, leaving and max_new; its
 * children keep it as their current worker. The entry is read into the free slot
 * `slot` first, so it is validated like any worker. */
static void move_worker(struct application *app, const cJSON *object, const char *base, int element,
                        int slot, int w)
{
    struct instance_reader *reader = &app->reader;
    struct instance *instance = reader->instance;
    char quoted[QUOTE_SIZE], path[PATH_SIZE];
    int errors_before = reader->diag->count;
    struct worker *entry = &instance->workers[slot];
    instance_read_worker(reader, object, base, slot, false);
    if (reader->out_of_memory || reader->diag->count != errors_before)
        goto done;
    struct worker *worker = &instance->workers[w];
    int old_team = worker->team;
    reader_key_path(path, base, "id");
    if (app->move_element[w] >= 0) {
        diag_error(reader->diag, path, "worker %s is already moved by add_workers[%d]",
                   reader_quote(quoted, sizeof quoted, worker->id), app->move_element[w]);
        goto done;
    }
    if (old_team == entry->team) {
        diag_error(reader->diag, path, "worker %s is already in team %s: an entry with the id of a "
                   "worker of the instance moves that worker to another team",
                   reader_quote(quoted, sizeof quoted, worker->id),
                   instance->teams[old_team].id != NULL ? instance->teams[old_team].id : "");
        goto done;
    }
    if (app->leave_element[w] >= 0) {
        diag_error(reader->diag, path, "worker %s is moved here but also leaves (leave[%d])",
                   reader_quote(quoted, sizeof quoted, worker->id), app->leave_element[w]);
        goto done;
    }
    app->move_element[w] = element;
    worker->team = entry->team;
    worker->fte = entry->fte;
    worker->accepts_new = entry->accepts_new;
    worker->leaving = entry->leaving;
    worker->max_new = entry->max_new;
done:
    mem_free(entry->id);
    memset(entry, 0, sizeof *entry);
}

static void apply_add_workers(struct application *app, int count)
{
    struct instance_reader *reader = &app->reader;
    struct instance *instance = reader->instance;
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, app->found[KEY_ADD_WORKERS]) {
        char base[PATH_SIZE], path[PATH_SIZE], quoted[QUOTE_SIZE];
        reader_element_path(base, "add_workers", element);
        int slot = instance->worker_count;
        int w = existing_worker_of(app, item);
        if (w >= 0) {
            move_worker(app, item, base, element, slot, w);
        } else {
            int errors_before = reader->diag->count;
            instance_read_worker(reader, item, base, slot, true);
            instance->worker_count++; /* counted even when invalid, so instance_free frees it */
            int team = instance->workers[slot].team;
            if (reader->diag->count == errors_before && team >= 0 && instance->teams[team].removed)
                diag_error(reader->diag, reader_key_path(path, base, "team"),
                           "team %s is removed by remove_teams[%d]",
                           reader_quote(quoted, sizeof quoted, instance->teams[team].id),
                           app->remove_element[team]);
        }
        if (w >= 0 && app->move_element[w] == element) {
            int team = instance->workers[w].team;
            if (team >= 0 && instance->teams[team].removed)
                diag_error(reader->diag, reader_key_path(path, base, "team"),
                           "team %s is removed by remove_teams[%d]",
                           reader_quote(quoted, sizeof quoted, instance->teams[team].id),
                           app->remove_element[team]);
        }
        if (reader->out_of_memory || ++element == count)
            return;
    }
}

static void apply_add_children(struct application *app, int count)
{
    struct instance *instance = app->reader.instance;
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, app->found[KEY_ADD_CHILDREN]) {
        char base[PATH_SIZE];
        int c = instance->child_count;
        instance_read_child(&app->reader, item, reader_element_path(base, "add_children", element), c);
        instance->child_count++; /* counted even when invalid, so instance_free frees it */
        if (app->reader.out_of_memory || ++element == count)
            return;
    }
}

/* Workers of removed teams must have been moved or be leaving. */
static void check_removed_teams(struct application *app)
{
    struct instance_reader *reader = &app->reader;
    struct instance *instance = reader->instance;
    for (int t = 0; t < instance->team_count; t++) {
        if (!instance->teams[t].removed)
            continue;
        char names[256] = "", quoted[QUOTE_SIZE], path[PATH_SIZE];
        int staying = 0;
        for (int w = 0; w < instance->worker_count; w++) {
            if (instance->workers[w].team != t || instance->workers[w].leaving)
                continue;
            if (staying < NAMES_IN_MESSAGE) {
                if (staying > 0)
                    strncat(names, ", ", sizeof names - strlen(names) - 1);
                strncat(names, reader_quote(quoted, sizeof quoted, instance->workers[w].id),
                        sizeof names - strlen(names) - 1);
            }
            staying++;
        }
        if (staying == 0)
            continue;
        if (staying > NAMES_IN_MESSAGE)
            snprintf(names + strlen(names), sizeof names - strlen(names), " and %d more",
                     staying - NAMES_IN_MESSAGE);
        diag_error(reader->diag, reader_element_path(path, "remove_teams", app->remove_element[t]),
                   "team %s still has %d worker%s (%s): move them to another team in add_workers or "
                   "list them in leave", reader_quote(quoted, sizeof quoted, instance->teams[t].id),
                   staying, staying == 1 ? "" : "s", names);
    }
}

/* The children of the instance against what the scenario changed: a locked child
 * whose worker now leaves, a child whose worker's team now serves another service,
 * a child born after a new plan date. */
static void check_children(struct application *app)
{
    struct instance_reader *reader = &app->reader;
    struct instance *instance = reader->instance;
    char path[PATH_SIZE], base[PATH_SIZE], quoted[QUOTE_SIZE], worker_quoted[QUOTE_SIZE];
    for (int c = 0; c < reader->existing_children; c++) {
        struct child *child = &instance->children[c];
        const char *child_id = reader_quote(quoted, sizeof quoted, child->id);
        if (app->date_changed && child->born_given &&
            (child->born_year > instance->date.year ||
             (child->born_year == instance->date.year && child->born_month > instance->date.month)))
            diag_error(reader->diag, "date", "child %s is born after the plan date %04d-%02d-%02d (born "
                       "%04d-%02d)", child_id, instance->date.year, instance->date.month, instance->date.day,
                       child->born_year, child->born_month);
        int w = child->worker;
        if (w < 0)
            continue;
        const struct worker *worker = &instance->workers[w];
        reader_quote(worker_quoted, sizeof worker_quoted, worker->id);
        if (worker->leaving) {
            /* the worker leaves: a locked child gets a new worker (instance_note_released) */
            if (child->locked) {
                child->locked = false;
                child->released = true;
            }
            continue;
        }
        const struct team *team = &instance->teams[worker->team];
        if (team->service == child->service)
            continue;
        if (app->move_element[w] >= 0)
            reader_key_path(path, reader_element_path(base, "add_workers", app->move_element[w]), "team");
        else if (app->service_patch[worker->team] >= 0)
            reader_key_path(path, reader_element_path(base, "teams", app->service_patch[worker->team]),
                            "service");
        else
            snprintf(path, sizeof path, "teams");
        diag_error(reader->diag, path, "child %s (%s) keeps worker %s, whose team %s now serves %s: "
                   "let the worker leave or move the worker to a %s team", child_id,
                   instance_service_name(child->service), worker_quoted,
                   reader_quote(base, sizeof base, team->id), instance_service_name(team->service),
                   instance_service_name(child->service));
    }
}

bool scenario_apply(const struct scenario *scenario, struct instance *instance, struct diag *diag)
{
    int errors_before = diag->count;
    struct application app;
    memset(&app, 0, sizeof app);
    app.reader.diag = diag;
    app.reader.instance = instance;
    app.reader.team_array = "add_teams";
    app.reader.worker_array = "add_workers";
    app.reader.child_array = "add_children";

    reader_object(&app.reader, scenario->root, "", scenario_keys, SCENARIO_KEY_COUNT, app.found);
    int add_teams = optional_array_length(&app, KEY_ADD_TEAMS);
    int add_workers = optional_array_length(&app, KEY_ADD_WORKERS);
    int add_children = optional_array_length(&app, KEY_ADD_CHILDREN);
    if (!reader_index_instance(&app.reader, add_teams, add_workers, add_children) ||
        !grow((void **)&instance->teams, instance->team_count, add_teams, sizeof *instance->teams) ||
        !grow((void **)&instance->workers, instance->worker_count, add_workers, sizeof *instance->workers) ||
        !grow((void **)&instance->children, instance->child_count, add_children, sizeof *instance->children) ||
        !grow((void **)&instance->families, instance->family_count, add_children, sizeof *instance->families))
        goto out_of_memory;
    app.team_capacity = instance->team_count + add_teams;
    app.worker_capacity = instance->worker_count + add_workers;
    app.leave_element = minus_ones(app.worker_capacity);
    app.move_element = minus_ones(app.worker_capacity);
    app.service_patch = minus_ones(app.team_capacity);
    app.remove_element = minus_ones(app.team_capacity);
    if (app.leave_element == NULL || app.move_element == NULL || app.service_patch == NULL ||
        app.remove_element == NULL)
        goto out_of_memory;

    if (app.found[KEY_DATE] != NULL) {
        instance_read_date(&app.reader, app.found[KEY_DATE]);
        app.date_changed = true;
    }
    if (app.found[KEY_RULES] != NULL)
        instance_read_rules(&app.reader, app.found[KEY_RULES]);
    apply_team_patches(&app);
    if (!app.reader.out_of_memory && add_teams > 0)
        apply_add_teams(&app, add_teams);
    if (!app.reader.out_of_memory)
        apply_remove_teams(&app);
    if (!app.reader.out_of_memory)
        apply_leave(&app);
    if (!app.reader.out_of_memory && add_workers > 0)
        apply_add_workers(&app, add_workers);
    if (!app.reader.out_of_memory && add_children > 0)
        apply_add_children(&app, add_children);
    if (!app.reader.out_of_memory)
        apply_unlock(&app);
    if (app.reader.out_of_memory)
        goto out_of_memory;
    if (diag->count == errors_before) {
        check_removed_teams(&app);
        check_children(&app);
    }
    if (diag->count == errors_before && !instance_resolve(instance))
        goto out_of_memory;
    reader_free(&app.reader);
    mem_free(app.leave_element);
    mem_free(app.move_element);
    mem_free(app.service_patch);
    mem_free(app.remove_element);
    return diag->count == errors_before;

out_of_memory:
    diag->out_of_memory = true;
    reader_free(&app.reader);
    mem_free(app.leave_element);
    mem_free(app.move_element);
    mem_free(app.service_patch);
    mem_free(app.remove_element);
    return false;
}

/* A string member of an object, or NULL. */
static const char *member_string(const cJSON *object, const char *key)
{
    const cJSON *item = cJSON_IsObject(object) ? cJSON_GetObjectItemCaseSensitive(object, key) : NULL;
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

int scenario_warnings(const struct scenario *scenario, const struct instance *instance, struct diag *notes)
{
    int before = notes->count;
    const cJSON *add_workers = cJSON_GetObjectItemCaseSensitive(scenario->root, "add_workers");
    const cJSON *add_teams = cJSON_GetObjectItemCaseSensitive(scenario->root, "add_teams");
    if (!cJSON_IsArray(add_workers))
        add_workers = NULL;
    if (!cJSON_IsArray(add_teams))
        add_teams = NULL;
    const cJSON *item;
    int element = 0;
    cJSON_ArrayForEach(item, add_workers) {
        const char *id = member_string(item, "id");
        int w = 0;
        while (id != NULL && w < instance->worker_count && strcmp(instance->workers[w].id, id) != 0)
            w++;
        if (id != NULL && w == instance->worker_count) {
            /* a dropped or doubled character ("W044" for W0044) or only case and accents:
             * not a new number in the same series ("W0111" beside W0110) */
            const char *near[3];
            int found = 0;
            size_t length = strlen(id);
            for (int v = 0; v < instance->worker_count && found < 3; v++) {
                const char *other = instance->workers[v].id;
                size_t other_length = strlen(other);
                int distance = suggest_distance(id, other);
                if (distance == 0 || (distance == 1 && (other_length == length + 1 || length == other_length + 1)))
                    near[found++] = other;
            }
            char path[64], quoted[QUOTE_SIZE], words[200];
            if (found > 0) {
                snprintf(words, sizeof words, "did you mean \"%.60s\"%s%.60s%s%s%.60s%s?", near[0],
                         found > 1 ? " or \"" : "", found > 1 ? near[1] : "", found > 1 ? "\"" : "",
                         found > 2 ? " or \"" : "", found > 2 ? near[2] : "", found > 2 ? "\"" : "");
                snprintf(path, sizeof path, "add_workers[%d].id", element);
                diag_error(notes, path,
                           "%s is not a worker of the instance, so a new worker is added; %s (an "
                           "entry with the id of a worker moves that worker)",
                           reader_quote(quoted, sizeof quoted, id), words);
            }
        }
        element++;
    }
    element = 0;
    cJSON_ArrayForEach(item, add_teams) {
        const char *id = member_string(item, "id");
        bool staffed = false;
        const cJSON *worker;
        cJSON_ArrayForEach(worker, add_workers) {
            const char *team = member_string(worker, "team");
            if (id != NULL && team != NULL && strcmp(team, id) == 0)
                staffed = true;
        }
        if (id != NULL && !staffed) {
            char path[64], quoted[QUOTE_SIZE];
            snprintf(path, sizeof path, "add_teams[%d]", element);
            diag_error(notes, path,
                       "the new team %s has no workers (no add_workers entry names it): only its "
                       "hires can take children",
                       reader_quote(quoted, sizeof quoted, id));
        }
        element++;
    }
    return notes->count - before;
}

/* --- A new family (caseload suggest) ------------------------------------------ */

#define FAMILY_FORMAT "caseload-family/1"

/* The family document's checks before its children are read: the format, the
 * keys, at least one child, no worker, lock or family of a child's own. Returns
 * the children array, or NULL after reporting. */
static const cJSON *family_children(struct instance_reader *reader, const cJSON *root, const char **family)
{
    enum { FORMAT, FAMILY, CHILDREN, KEY_COUNT };
    static const struct key_spec keys[KEY_COUNT] = {
        {"format", KEY_REQUIRED}, {"family", KEY_OPTIONAL}, {"children", KEY_REQUIRED}};
    const cJSON *found[KEY_COUNT];
    char quoted[QUOTE_SIZE], path[PATH_SIZE];
    *family = NULL;
    if (!reader_object(reader, root, "", keys, KEY_COUNT, found))
        return NULL;
    if (!cJSON_IsString(found[FORMAT]) || strcmp(found[FORMAT]->valuestring, FAMILY_FORMAT) != 0) {
        diag_error(reader->diag, "format", "expected \"" FAMILY_FORMAT "\", got %s",
                   cJSON_IsString(found[FORMAT]) ? reader_quote(quoted, sizeof quoted, found[FORMAT]->valuestring)
                                                 : reader_json_type_name(found[FORMAT]));
        return NULL;
    }
    if (found[FAMILY] != NULL && !reader_string(reader, found[FAMILY], "family", family))
        return NULL;
    int count = reader_array(reader, found[CHILDREN], "children");
    if (count == 0)
        diag_error(reader->diag, "children", "a family has at least one child");
    if (count <= 0)
        return NULL;
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, found[CHILDREN]) {
        static const char *const own[] = {"worker", "locked", "family"};
        for (size_t k = 0; k < sizeof own / sizeof own[0]; k++)
            if (cJSON_IsObject(item) && cJSON_GetObjectItemCaseSensitive(item, own[k]) != NULL)
                diag_error(reader->diag, reader_key_path(path, reader_element_path(quoted, "children", element), own[k]),
                           "a new family's child has no %s of its own%s", own[k],
                           k == 2 ? ": give \"family\" once, beside \"children\"" : "");
        element++;
    }
    return found[CHILDREN];
}

bool scenario_add_family(const char *text, size_t length, struct instance *instance, int *first,
                         struct diag *diag)
{
    int errors_before = diag->count;
    *first = instance->child_count;
    cJSON *root = json_scan_parse(text, length, diag);
    if (root == NULL)
        return false;
    struct instance_reader reader;
    memset(&reader, 0, sizeof reader);
    reader.diag = diag;
    reader.instance = instance;
    reader.child_array = "children";
    const char *family = NULL;
    const cJSON *children = family_children(&reader, root, &family);
    int count = children != NULL ? cJSON_GetArraySize(children) : 0;
    if (children == NULL || diag->count > errors_before)
        goto done;
    if (!reader_index_instance(&reader, 0, 0, count) ||
        !grow((void **)&instance->children, instance->child_count, count, sizeof *instance->children) ||
        !grow((void **)&instance->families, instance->family_count, count, sizeof *instance->families)) {
        reader.out_of_memory = true;
        goto done;
    }
    /* siblings: the family given, else one new family named after the first child */
    const cJSON *first_id = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(children, 0), "id");
    if (family == NULL && count > 1 && cJSON_IsString(first_id))
        family = first_id->valuestring;
    int element = 0;
    cJSON *item;
    cJSON_ArrayForEach(item, children) {
        char base[PATH_SIZE];
        if (family != NULL && cJSON_IsObject(item) &&
            cJSON_AddItemToObject(item, "family", cJSON_CreateString(family)) == 0) {
            reader.out_of_memory = true;
            break;
        }
        instance_read_child(&reader, item, reader_element_path(base, "children", element++), instance->child_count);
        instance->child_count++; /* counted even when invalid, so instance_free frees it */
        if (reader.out_of_memory)
            break;
    }
    if (!reader.out_of_memory && diag->count == errors_before && !instance_resolve(instance))
        reader.out_of_memory = true;
done:
    if (reader.out_of_memory)
        diag->out_of_memory = true;
    reader_free(&reader);
    cJSON_Delete(root);
    return !reader.out_of_memory && diag->count == errors_before;
}
