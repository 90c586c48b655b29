/* reader.c - the typed readers of a JSON document (objects and their keys,
 * strings, numbers, ids and references) and the id index they resolve against,
 * shared by the instance and scenario readers. */
#include "io/instance_json.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "io/fileio.h"
#include "base/identity.h"
#include "io/instance_json.h"
#include "base/suggest.h"

#define PATH_SIZE READER_PATH_SIZE
#define QUOTE_SIZE READER_QUOTE_SIZE

/* `text` in quotes for a message: message_quote (base/message.h), which escapes control
 * characters, cuts long text and withholds a personal identity code. */
const char *reader_quote(char *buffer, size_t size, const char *text)
{
    return message_quote(buffer, size, text);
}

/* ---------------------------------------------------------------------------
 * The document reader: typed values, keys of objects, ids and references
 * ------------------------------------------------------------------------- */

void reader_out_of_memory(struct instance_reader *reader)
{
    reader->out_of_memory = true;
}

/* Append `text` to the path in `buffer`, cutting it at PATH_SIZE - 1 bytes. Paths
 * of this format are far shorter; a longer one would only be cut in a message. */
static void path_append(char *buffer, const char *text)
{
    size_t used = strlen(buffer);
    size_t length = strlen(text);
    if (length > PATH_SIZE - 1 - used)
        length = PATH_SIZE - 1 - used;
    memcpy(buffer + used, text, length);
    buffer[used + length] = '\0';
}

/* "base.key", or "key" at the top level. */
const char *reader_key_path(char *buffer, const char *base, const char *key)
{
    buffer[0] = '\0';
    path_append(buffer, base);
    if (base[0] != '\0')
        path_append(buffer, ".");
    path_append(buffer, key);
    return buffer;
}

/* "base[i]". */
const char *reader_element_path(char *buffer, const char *base, int element)
{
    char number[16];
    sprintf(number, "[%d]", element);
    buffer[0] = '\0';
    path_append(buffer, base);
    path_append(buffer, number);
    return buffer;
}

const char *reader_json_type_name(const cJSON *item)
{
    if (cJSON_IsString(item))
        return "a string";
    if (cJSON_IsNumber(item))
        return "a number";
    if (cJSON_IsBool(item))
        return "a boolean";
    if (cJSON_IsNull(item))
        return "null";
    if (cJSON_IsArray(item))
        return "an array";
    if (cJSON_IsObject(item))
        return "an object";
    return "an unknown value";
}

static void report_type(struct instance_reader *reader, const cJSON *item, const char *path, const char *expected)
{
    diag_error(reader->diag, path, "expected %s, got %s", expected, reader_json_type_name(item));
}

/* Match the members of `object` (at `path`) against `keys`: found[i] gets the
 * member called keys[i].name, or NULL when it is absent (or null and nullable).
 * Reports unknown keys, duplicate keys and missing required keys. Returns false
 * only when `object` is not an object. */
bool reader_object(struct instance_reader *reader, const cJSON *object, const char *path,
                        const struct key_spec *keys, int key_count, const cJSON **found)
{
    char quoted[QUOTE_SIZE];
    char child_path[PATH_SIZE];
    for (int k = 0; k < key_count; k++)
        found[k] = NULL;
    if (!cJSON_IsObject(object)) {
        report_type(reader, object, path, "an object");
        return false;
    }
    bool seen[16] = {false}; /* no object of the format has more keys */
    if (key_count > 16)
        return false;
    const cJSON *member;
    cJSON_ArrayForEach(member, object) {
        int k = 0;
        while (k < key_count && strcmp(keys[k].name, member->string) != 0)
            k++;
        if (k == key_count) {
            char known[256] = "";
            for (int i = 0; i < key_count; i++) {
                if (i > 0)
                    strncat(known, ", ", sizeof known - strlen(known) - 1);
                strncat(known, keys[i].name, sizeof known - strlen(known) - 1);
            }
            diag_error(reader->diag, path, "unknown key %s (known keys: %s)",
                       reader_quote(quoted, sizeof quoted, member->string), known);
            continue;
        }
        if (seen[k]) {
            diag_error(reader->diag, reader_key_path(child_path, path, keys[k].name),
                       "duplicate key: given more than once");
            continue;
        }
        seen[k] = true;
        if (cJSON_IsNull(member) && (keys[k].flags & KEY_NULLABLE) != 0)
            continue;
        found[k] = member;
    }
    for (int k = 0; k < key_count; k++)
        if ((keys[k].flags & KEY_REQUIRED) != 0 && !seen[k])
            diag_error_kind(reader->diag, reader_key_path(child_path, path, keys[k].name), DIAG_MISSING_KEY,
                            "missing required key");
    return true;
}

bool reader_string(struct instance_reader *reader, const cJSON *item, const char *path, const char **text)
{
    if (!cJSON_IsString(item) || item->valuestring == NULL) {
        report_type(reader, item, path, "a string");
        return false;
    }
    *text = item->valuestring;
    return true;
}

bool reader_bool(struct instance_reader *reader, const cJSON *item, const char *path, bool *value)
{
    if (!cJSON_IsBool(item)) {
        report_type(reader, item, path, "true or false");
        return false;
    }
    *value = cJSON_IsTrue(item);
    return true;
}

/* A finite number in [minimum, maximum], or above minimum when `above` (a strict
 * lower bound). `meaning` describes the range for the message. */
bool reader_number(struct instance_reader *reader, const cJSON *item, const char *path, double minimum,
                        bool above, double maximum, const char *meaning, double *value)
{
    if (!cJSON_IsNumber(item)) {
        report_type(reader, item, path, "a number");
        return false;
    }
    double number = item->valuedouble;
    if (!isfinite(number)) {
        diag_error(reader->diag, path, "the number is too large");
        return false;
    }
    if ((above ? number <= minimum : number < minimum) || number > maximum) {
        diag_error(reader->diag, path, "must be %s, got %.15g", meaning, number);
        return false;
    }
    *value = number;
    return true;
}

/* A whole number in [minimum, maximum]. */
bool reader_integer(struct instance_reader *reader, const cJSON *item, const char *path, int minimum,
                         int maximum, int *value)
{
    if (!cJSON_IsNumber(item)) {
        report_type(reader, item, path, "a whole number");
        return false;
    }
    double number = item->valuedouble;
    if (!isfinite(number) || number != floor(number) || number < minimum || number > maximum) {
        diag_error(reader->diag, path, "must be a whole number from %d to %d, got %.15g", minimum,
                   maximum, number);
        return false;
    }
    *value = (int)number;
    return true;
}

/* True when `text` holds a C0 control character, DEL or a C1 control (U+0080-U+009F). */
bool reader_has_control_character(const char *text)
{
    const unsigned char *bytes = (const unsigned char *)text;
    for (size_t i = 0; bytes[i] != '\0'; i++) {
        bool c1_control = bytes[i] == 0xC2 && bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x9F;
        if (bytes[i] < 0x20 || bytes[i] == 0x7f || c1_control)
            return true;
    }
    return false;
}

void reader_report_identity_code(struct instance_reader *reader, const char *path)
{
    diag_error(reader->diag, path, "looks like a Finnish personal identity code (henkilötunnus); "
               "personal identity codes must not be in a planning file, use pseudonymous ids");
}

/* Report why `id` is not an acceptable id: empty, longer than 64 bytes, control
 * characters, or a personal identity code inside. Returns true when it is fine. */
bool reader_check_id(struct instance_reader *reader, const char *path, const char *id)
{
    size_t length = strlen(id);
    if (length == 0) {
        diag_error(reader->diag, path, "an id must not be empty");
        return false;
    }
    if (identity_code_in(id)) {
        reader_report_identity_code(reader, path);
        return false;
    }
    if (length > ID_MAX_BYTES) {
        diag_error(reader->diag, path, "an id must be at most %d bytes, got %zu", ID_MAX_BYTES, length);
        return false;
    }
    if (reader_has_control_character(id)) {
        diag_error(reader->diag, path, "an id must not contain control characters");
        return false;
    }
    if (identity_begins_like_formula(id)) {
        diag_error(reader->diag, path, "an id must not begin with =, +, -, @, a tab or a carriage "
                   "return: a spreadsheet program would take it for a formula");
        return false;
    }
    return true;
}

/* Read the id of an element (`path` is e.g. "workers[3].id"), keep a copy in *id
 * and enter it in `index` as number `element` of array `array_name`. Duplicates
 * are reported. */
void reader_own_id(struct instance_reader *reader, const cJSON *item, const char *path, const char *array_name,
                   struct id_index *index, int existing, int element, char **id)
{
    const char *text;
    if (item == NULL || !reader_string(reader, item, path, &text))
        return;
    reader_check_id(reader, path, text);
    *id = mem_strdup(text);
    if (*id == NULL) {
        reader_out_of_memory(reader);
        return;
    }
    if (text[0] == '\0' || index == NULL)
        return;
    int earlier = id_index_insert(index, *id, element);
    char quoted[QUOTE_SIZE];
    if (earlier >= 0 && earlier < existing)
        diag_error(reader->diag, path, "duplicate id %s: the instance already has it",
                   reader_quote(quoted, sizeof quoted, text));
    else if (earlier >= 0)
        diag_error_ref(reader->diag, path, array_name, earlier - existing, ")", "duplicate id %s (also ",
                       reader_quote(quoted, sizeof quoted, text));
}

/* ": did you mean \"Jyväskylä\"?" when an id of `index` is a near miss of `text`. */
static void reference_hint(const struct id_index *index, const char *text, char *hint, size_t size)
{
    struct suggestion suggestion;
    suggest_begin(&suggestion, text);
    for (size_t slot = 0; index->keys != NULL && slot < index->capacity; slot++)
        suggest_consider(&suggestion, index->keys[slot]);
    char words[200];
    if (suggest_text(&suggestion, words, sizeof words))
        snprintf(hint, size, ": %s", words);
}

/* Whether `text`, not an id of `index`, is one of a refused row of the same array. */
static bool reader_refused(const struct instance_reader *reader, const struct id_index *index, const char *text)
{
    const struct refused_ids *refused = reader->refused;
    if (refused == NULL)
        return false;
    const struct id_index *same = index == &reader->municipality_index ? refused->municipalities
                                  : index == &reader->team_index       ? refused->teams
                                  : index == &reader->worker_index     ? refused->workers
                                                                       : NULL;
    return same != NULL && id_index_find(same, text) >= 0;
}

/* Resolve the id at `item` in `index`; returns its element or -1 after reporting
 * it as an unknown `kind`. */
int reader_reference(struct instance_reader *reader, const cJSON *item, const char *path,
                          const struct id_index *index, const char *kind)
{
    const char *text;
    if (!reader_string(reader, item, path, &text))
        return -1;
    if (identity_code_in(text)) {
        reader_report_identity_code(reader, path);
        return -1;
    }
    int found = id_index_find(index, text);
    if (found < 0 && reader_refused(reader, index, text))
        return -1; /* its row was refused, with a message of its own */
    if (found < 0) {
        char quoted[QUOTE_SIZE], hint[256] = "";
        if (reader->diag->kept < DIAG_KEEP)
            reference_hint(index, text, hint, sizeof hint);
        diag_error(reader->diag, path, "unknown %s %s%s", kind, reader_quote(quoted, sizeof quoted, text), hint);
    }
    return found;
}

/* `item` must be an array; returns its length, or -1 after reporting. */
int reader_array(struct instance_reader *reader, const cJSON *item, const char *path)
{
    if (!cJSON_IsArray(item)) {
        report_type(reader, item, path, "an array");
        return -1;
    }
    return cJSON_GetArraySize(item);
}

bool reader_service(struct instance_reader *reader, const cJSON *item, const char *path, enum service *service)
{
    const char *text;
    if (!reader_string(reader, item, path, &text))
        return false;
    for (int s = 0; s < SERVICE_COUNT; s++) {
        if (strcmp(text, instance_service_name((enum service)s)) == 0) {
            *service = (enum service)s;
            return true;
        }
    }
    char quoted[QUOTE_SIZE];
    diag_error(reader->diag, path, "unknown service %s: expected avohuolto, sijaishuolto or jalkihuolto",
               reader_quote(quoted, sizeof quoted, text));
    return false;
}

void reader_free(struct instance_reader *reader)
{
    id_index_free(&reader->municipality_index);
    id_index_free(&reader->team_index);
    id_index_free(&reader->worker_index);
    id_index_free(&reader->child_index);
    id_index_free(&reader->family_index);
}

bool reader_index_instance(struct instance_reader *reader, int extra_teams, int extra_workers,
                           int extra_children)
{
    const struct instance *instance = reader->instance;
    reader->existing_teams = instance->team_count;
    reader->existing_workers = instance->worker_count;
    reader->existing_children = instance->child_count;
    reader->date_valid = true;
    if (!id_index_init(&reader->municipality_index, instance->municipality_count) ||
        !id_index_init(&reader->team_index, instance->team_count + extra_teams) ||
        !id_index_init(&reader->worker_index, instance->worker_count + extra_workers) ||
        !id_index_init(&reader->child_index, instance->child_count + extra_children) ||
        !id_index_init(&reader->family_index, instance->family_count + extra_children))
        return false;
    for (int i = 0; i < instance->municipality_count; i++)
        id_index_insert(&reader->municipality_index, instance->municipalities[i].id, i);
    for (int i = 0; i < instance->team_count; i++)
        id_index_insert(&reader->team_index, instance->teams[i].id, i);
    for (int i = 0; i < instance->worker_count; i++)
        id_index_insert(&reader->worker_index, instance->workers[i].id, i);
    for (int i = 0; i < instance->child_count; i++)
        id_index_insert(&reader->child_index, instance->children[i].id, i);
    for (int i = 0; i < instance->family_count; i++)
        id_index_insert(&reader->family_index, instance->families[i].id, i);
    return true;
}
