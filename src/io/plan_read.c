/* plan_read.c - read a caseload-plan/1 JSON with cJSON and check it against its instance. */
#include "io/plan_read.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "io/fileio.h"
#include "base/identity.h"
#include "io/instance_json.h"

#define PLAN_FORMAT "caseload-plan/1"
/* Relative tolerance between the plan's objective and the re-scored one. */
#define OBJECTIVE_TOLERANCE 1e-6
/* Children of the instance missing from the plan that are named one by one. */
#define MISSING_NAMED 5

void plan_file_free(struct plan_file *plan)
{
    if (plan == NULL)
        return;
    mem_free(plan->instance_name);
    mem_free(plan->scenario_name);
    mem_free(plan->status);
    for (int c = 0; plan->reason != NULL && c < plan->child_count; c++)
        mem_free(plan->reason[c]);
    mem_free(plan->reason);
    mem_free(plan->assignee);
    mem_free(plan);
}

int plan_find_child(const struct instance *instance, const char *id)
{
    for (int c = 0; c < instance->child_count; c++)
        if (strcmp(instance->children[c].id, id) == 0)
            return c;
    return -1;
}

/* A copy of a string member, NULL for null or absent; *ok false after an error. */
static char *copy_string(const cJSON *item, const char *path, bool nullable, struct diag *diag,
                         bool *ok, bool *out_of_memory)
{
    if (item == NULL || (nullable && cJSON_IsNull(item))) {
        if (!nullable) {
            diag_error(diag, path, "missing required key");
            *ok = false;
        }
        return NULL;
    }
    if (!cJSON_IsString(item)) {
        diag_error(diag, path, "expected a string, got %s", reader_json_type_name(item));
        *ok = false;
        return NULL;
    }
    char *copy = mem_strdup(item->valuestring);
    if (copy == NULL)
        *out_of_memory = true;
    return copy;
}

/* A free text of the plan (a reason, a name) must not hold a personal identity
 * code: reported at `path`, never echoed. Returns false after reporting. */
static bool check_free_text(const char *text, const char *path, struct diag *diag)
{
    if (text == NULL || !identity_code_in(text))
        return true;
    diag_error(diag, path, "looks like a Finnish personal identity code (henkilötunnus); "
               "personal identity codes must not be in a planning file");
    return false;
}

/* Every assignee id of the instance (workers, hires "TEAM/hire-K") to its index. */
struct assignee_names {
    struct id_index index;
    char **hire_ids; /* owned, instance_hire_count entries */
    int hire_count;
};

static void assignee_names_free(struct assignee_names *names)
{
    id_index_free(&names->index);
    for (int h = 0; names->hire_ids != NULL && h < names->hire_count; h++)
        mem_free(names->hire_ids[h]);
    mem_free(names->hire_ids);
}

static bool assignee_names_init(struct assignee_names *names, const struct instance *instance)
{
    memset(names, 0, sizeof *names);
    names->hire_count = instance_hire_count(instance);
    names->hire_ids = mem_calloc((size_t)names->hire_count + 1, sizeof *names->hire_ids);
    if (names->hire_ids == NULL ||
        !id_index_init(&names->index, instance->worker_count + names->hire_count))
        return false;
    for (int w = 0; w < instance->worker_count; w++)
        id_index_insert(&names->index, instance->workers[w].id, w);
    for (int h = 0; h < names->hire_count; h++) {
        char buffer[256];
        int assignee = instance->worker_count + h;
        names->hire_ids[h] = mem_strdup(instance_assignee_id(instance, assignee, buffer, sizeof buffer));
        if (names->hire_ids[h] == NULL)
            return false;
        id_index_insert(&names->index, names->hire_ids[h], assignee);
    }
    return true;
}

/* Read one assignment into the plan; returns false after reporting an error. */
static bool read_assignment(const cJSON *item, int element, const struct instance *instance,
                            const struct id_index *children, const struct assignee_names *names,
                            struct plan_file *plan, bool *seen, struct diag *diag,
                            bool *out_of_memory)
{
    char base[READER_PATH_SIZE], path[READER_PATH_SIZE], quoted[READER_QUOTE_SIZE];
    reader_element_path(base, "assignments", element);
    if (!cJSON_IsObject(item)) {
        diag_error(diag, base, "expected an object, got %s", reader_json_type_name(item));
        return false;
    }
    bool ok = true;
    const cJSON *child_item = cJSON_GetObjectItemCaseSensitive(item, "child");
    const cJSON *from_item = cJSON_GetObjectItemCaseSensitive(item, "from");
    const cJSON *to_item = cJSON_GetObjectItemCaseSensitive(item, "to");
    char *child_id = copy_string(child_item, reader_key_path(path, base, "child"), false, diag, &ok,
                                 out_of_memory);
    char *from = copy_string(from_item, reader_key_path(path, base, "from"), true, diag, &ok,
                             out_of_memory);
    char *to = copy_string(to_item, reader_key_path(path, base, "to"), true, diag, &ok,
                           out_of_memory);
    char *reason = copy_string(cJSON_GetObjectItemCaseSensitive(item, "reason"),
                               reader_key_path(path, base, "reason"), false, diag, &ok,
                               out_of_memory);
    if (!ok || *out_of_memory)
        goto done;
    if (!check_free_text(reason, reader_key_path(path, base, "reason"), diag)) {
        ok = false;
        goto done;
    }
    if (from_item == NULL || to_item == NULL) {
        diag_error(diag, base, "missing key \"%s\"", from_item == NULL ? "from" : "to");
        ok = false;
        goto done;
    }
    int child = id_index_find(children, child_id);
    if (child < 0) {
        diag_error(diag, reader_key_path(path, base, "child"),
                   "the instance has no child %s: the plan was made for another instance",
                   reader_quote(quoted, sizeof quoted, child_id));
        ok = false;
        goto done;
    }
    if (seen[child]) {
        diag_error(diag, reader_key_path(path, base, "child"), "child %s is in the plan twice",
                   reader_quote(quoted, sizeof quoted, child_id));
        ok = false;
        goto done;
    }
    seen[child] = true;
    int current = instance->children[child].worker;
    int from_index = from != NULL ? id_index_find(&names->index, from) : -1;
    if ((from == NULL) != (current < 0) || (from != NULL && from_index != current)) {
        char current_quoted[READER_QUOTE_SIZE];
        diag_error(diag, reader_key_path(path, base, "from"),
                   "the plan has %s, the instance %s as the current worker of %s: the plan was "
                   "made for another instance or scenario",
                   from != NULL ? reader_quote(quoted, sizeof quoted, from) : "none",
                   current >= 0 ? reader_quote(current_quoted, sizeof current_quoted,
                                               instance->workers[current].id)
                                : "none",
                   child_id);
        ok = false;
    }
    int to_index = -1;
    if (to != NULL) {
        to_index = id_index_find(&names->index, to);
        if (to_index < 0) {
            diag_error(diag, reader_key_path(path, base, "to"),
                       "the instance has no worker or hire %s",
                       reader_quote(quoted, sizeof quoted, to));
            ok = false;
        }
    }
    if (ok) {
        plan->assignee[child] = to_index;
        plan->reason[child] = reason;
        reason = NULL;
    }
done:
    mem_free(child_id);
    mem_free(from);
    mem_free(to);
    mem_free(reason);
    return ok;
}

/* The assignments, the children missing from them, the re-scored objective. */
static void read_assignments(const cJSON *root, const struct instance *instance,
                             struct plan_file *plan, struct diag *diag, bool *out_of_memory)
{
    const cJSON *array = cJSON_GetObjectItemCaseSensitive(root, "assignments");
    if (!cJSON_IsArray(array)) {
        diag_error(diag, "assignments", array == NULL ? "missing required key"
                                                      : "expected an array of assignments");
        return;
    }
    int errors_before = diag->count;
    struct id_index children = {0};
    struct assignee_names names = {0};
    bool *seen = mem_calloc((size_t)instance->child_count + 1, sizeof *seen);
    if (seen == NULL || !id_index_init(&children, instance->child_count) ||
        !assignee_names_init(&names, instance)) {
        *out_of_memory = true;
        goto done;
    }
    for (int c = 0; c < instance->child_count; c++)
        id_index_insert(&children, instance->children[c].id, c);
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, array) {
        read_assignment(item, element++, instance, &children, &names, plan, seen, diag,
                        out_of_memory);
        if (*out_of_memory)
            goto done;
    }
    int missing = 0;
    for (int c = 0; c < instance->child_count; c++) {
        if (seen[c])
            continue;
        if (++missing <= MISSING_NAMED)
            diag_error(diag, "assignments", "child \"%s\" of the instance is not in the plan",
                       instance->children[c].id);
    }
    if (missing > MISSING_NAMED)
        diag_error(diag, "assignments", "%d more children of the instance are not in the plan",
                   missing - MISSING_NAMED);
    if (diag->count != errors_before)
        goto done;

    char error[512];
    if (!score_assignment(instance, plan->assignee, &plan->score, error, sizeof error)) {
        if (strstr(error, "out of memory") != NULL)
            *out_of_memory = true;
        else
            diag_error(diag, "assignments", "the plan breaks a rule of the instance: %s", error);
        goto done;
    }
    double tolerance = OBJECTIVE_TOLERANCE * fmax(1.0, fabs(plan->objective));
    if (!(fabs(plan->score.objective - plan->objective) <= tolerance))
        diag_error(diag, "objective",
                   "the plan says %.17g, the instance re-scores it to %.17g: the plan was made "
                   "for another instance, scenario or rules",
                   plan->objective, plan->score.objective);
done:
    id_index_free(&children);
    assignee_names_free(&names);
    mem_free(seen);
}

struct plan_file *plan_read(const char *text, size_t length, const struct instance *instance,
                            struct diag *diag)
{
    int errors_before = diag->count;
    bool out_of_memory = false;
    bool ok = true;
    cJSON *root = json_scan_parse(text, length, diag);
    if (root == NULL)
        return NULL;
    struct plan_file *plan = mem_calloc(1, sizeof *plan);
    if (plan == NULL) {
        out_of_memory = true;
        goto done;
    }
    plan->child_count = instance->child_count;
    plan->assignee = mem_alloc(((size_t)instance->child_count + 1) * sizeof *plan->assignee);
    plan->reason = mem_calloc((size_t)instance->child_count + 1, sizeof *plan->reason);
    if (plan->assignee == NULL || plan->reason == NULL) {
        out_of_memory = true;
        goto done;
    }
    for (int c = 0; c < instance->child_count; c++)
        plan->assignee[c] = -1;
    if (!cJSON_IsObject(root)) {
        diag_error(diag, "", "expected a JSON object at the top level, got %s", reader_json_type_name(root));
        goto done;
    }
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(format) || strcmp(format->valuestring, PLAN_FORMAT) != 0) {
        char quoted[READER_QUOTE_SIZE];
        diag_error(diag, "format", "expected \"" PLAN_FORMAT "\", got %s",
                   cJSON_IsString(format) ? reader_quote(quoted, sizeof quoted, format->valuestring)
                                          : format == NULL ? "nothing" : reader_json_type_name(format));
        goto done;
    }
    plan->instance_name = copy_string(cJSON_GetObjectItemCaseSensitive(root, "instance"), "instance",
                                      true, diag, &ok, &out_of_memory);
    plan->scenario_name = copy_string(cJSON_GetObjectItemCaseSensitive(root, "scenario"), "scenario",
                                      true, diag, &ok, &out_of_memory);
    plan->status = copy_string(cJSON_GetObjectItemCaseSensitive(root, "status"), "status", false,
                               diag, &ok, &out_of_memory);
    if (!check_free_text(plan->instance_name, "instance", diag) ||
        !check_free_text(plan->scenario_name, "scenario", diag) ||
        !check_free_text(plan->status, "status", diag))
        goto done;
    const cJSON *objective = cJSON_GetObjectItemCaseSensitive(root, "objective");
    if (!cJSON_IsNumber(objective)) {
        diag_error(diag, "objective", objective == NULL ? "missing required key" : "expected a number");
        goto done;
    }
    plan->objective = objective->valuedouble;
    if (ok && !out_of_memory)
        read_assignments(root, instance, plan, diag, &out_of_memory);
done:
    cJSON_Delete(root);
    if (out_of_memory)
        diag->out_of_memory = true;
    if (out_of_memory || diag->count != errors_before) {
        plan_file_free(plan);
        return NULL;
    }
    return plan;
}

struct plan_file *plan_read_file(const char *path, const struct instance *instance,
                                 struct diag *diag)
{
    size_t length = 0;
    char *text = fileio_read_input(path, &length, diag);
    if (text == NULL)
        return NULL;
    struct plan_file *plan = plan_read(text, length, instance, diag);
    mem_free(text);
    return plan;
}

/* "instance \"NAME\"" / "scenario \"NAME\"" / "no scenario", for one sentence. */
static void describe_name(char *out, size_t size, const char *what, const char *name)
{
    char quoted[READER_QUOTE_SIZE];
    if (name == NULL)
        snprintf(out, size, "no %s", what);
    else
        snprintf(out, size, "%s %s", what, reader_quote(quoted, sizeof quoted, name));
}

/* Do two optional names agree (both absent, or equal)? */
static bool same_name(const char *left, const char *right)
{
    if (left == NULL || right == NULL)
        return left == right;
    return strcmp(left, right) == 0;
}

struct plan_file *plan_read_file_for(const char *path, const struct instance *instance,
                                     const char *scenario_name, struct diag *diag)
{
    size_t length = 0;
    char *text = fileio_read_input(path, &length, diag);
    if (text == NULL)
        return NULL;
    struct plan_file *plan = plan_read_for(text, length, instance, scenario_name, diag);
    mem_free(text);
    return plan;
}

struct plan_file *plan_read_for(const char *text, size_t length, const struct instance *instance,
                                const char *scenario_name, struct diag *diag)
{
    /* the header alone first: the plan's instance and scenario names */
    cJSON *root = cJSON_ParseWithLength(text, length);
    if (root == NULL && length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        root = cJSON_ParseWithLength(text + 3, length - 3);
    bool mismatch = false;
    if (cJSON_IsObject(root)) {
        const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
        const cJSON *made_for = cJSON_GetObjectItemCaseSensitive(root, "instance");
        const cJSON *made_with = cJSON_GetObjectItemCaseSensitive(root, "scenario");
        if (cJSON_IsString(format) && strcmp(format->valuestring, PLAN_FORMAT) == 0 &&
            cJSON_IsString(made_for) && (cJSON_IsString(made_with) || cJSON_IsNull(made_with))) {
            const char *plan_instance = made_for->valuestring;
            const char *plan_scenario = cJSON_IsString(made_with) ? made_with->valuestring : NULL;
            bool other_instance = !same_name(plan_instance, instance->name);
            if (other_instance || !same_name(plan_scenario, scenario_name)) {
                char plan_a[READER_QUOTE_SIZE + 16], plan_b[READER_QUOTE_SIZE + 16];
                char given_a[READER_QUOTE_SIZE + 16], given_b[READER_QUOTE_SIZE + 16];
                describe_name(plan_a, sizeof plan_a, "instance", plan_instance);
                describe_name(plan_b, sizeof plan_b, "scenario", plan_scenario);
                describe_name(given_a, sizeof given_a, "instance", instance->name);
                describe_name(given_b, sizeof given_b, "scenario", scenario_name);
                diag_error(diag, other_instance ? "instance" : "scenario",
                           "the plan was made for %s with %s, but it is read against %s with %s: "
                           "give the instance and -s scenario the plan was made with",
                           plan_a, plan_b, given_a, given_b);
                mismatch = true;
            }
        }
    }
    cJSON_Delete(root);
    return mismatch ? NULL : plan_read(text, length, instance, diag);
}
