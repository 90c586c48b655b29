/* instance.c - read and validate caseload-instance/1 (DESIGN.md §3) and the rules of §2 that follow from it. */
#include "instance.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fileio.h"
#include "identity.h"
#include "instance_json.h"
#include "suggest.h"

#define INSTANCE_FORMAT "caseload-instance/1"

/* Limits that keep every count inside an int and every number meaningful. */
#define ID_MAX_BYTES 64
#define NAME_MAX_BYTES 1000
#define MAX_MUNICIPALITIES 4000 /* the distance matrix is the square of this */
#define MAX_CAP 1000
#define MAX_TARGET 1000.0
#define MAX_ROAD_FACTOR 100.0
#define MAX_WEIGHT 1e9
#define MAX_CHILD_WEIGHT 1000.0
#define MAX_KM 100000.0
#define MAX_HIRES_PER_TEAM 10000
#define MAX_NEW_LIMIT 1000000
#define MAX_ASSIGNEES (INT_MAX / 4)

/* JSON syntax limits checked before cJSON sees the text: the format itself never
 * nests deeper than 4 levels, and cJSON cannot read numbers longer than 63 chars. */
#define JSON_DEPTH_LIMIT 64
#define JSON_NUMBER_LIMIT 60

#define PATH_SIZE READER_PATH_SIZE
#define QUOTE_SIZE READER_QUOTE_SIZE
#define EARTH_RADIUS_KM 6371.0
#define PI 3.14159265358979323846

/* ---------------------------------------------------------------------------
 * Names and defaults
 * ------------------------------------------------------------------------- */

static const char *const term_names[TERM_COUNT] = {
    "unassigned", "over_cap", "overload", "hire", "move", "cross_team", "family_split", "above_target", "km",
};

static const double term_default_weights[TERM_COUNT] = {
    100000.0, 1000.0, 20.0, 300.0, 10.0, 20.0, 30.0, 2.0, 0.1,
};

static const char *const service_names[SERVICE_COUNT] = {
    "avohuolto", "sijaishuolto", "jalkihuolto",
};

const char *term_name(enum term term)
{
    return (unsigned)term < TERM_COUNT ? term_names[term] : "?";
}

double term_default_weight(enum term term)
{
    return (unsigned)term < TERM_COUNT ? term_default_weights[term] : 0.0;
}

const char *service_name(enum service service)
{
    return (unsigned)service < SERVICE_COUNT ? service_names[service] : "?";
}

static void rules_set_defaults(struct rules *rules)
{
    rules->cap = 0;
    rules->cap_given = false;
    rules->target = 27.0;
    rules->road_factor = 1.3;
    rules->cross_team = false;
    rules->family = FAMILY_SOFT;
    for (int term = 0; term < TERM_COUNT; term++)
        rules->weights[term] = term_default_weights[term];
}

/* ---------------------------------------------------------------------------
 * Text helpers: safe quoting of values in messages
 * ------------------------------------------------------------------------- */

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* `text` in quotes for a message: message_quote (common.h), which escapes control
 * characters, cuts long text and withholds a personal identity code. */
const char *reader_quote(char *buffer, size_t size, const char *text)
{
    return message_quote(buffer, size, text);
}

/* ---------------------------------------------------------------------------
 * JSON syntax check: strict RFC 8259 with UTF-8, before cJSON builds a tree.
 * It gives line and column for every syntax error, catches what cJSON accepts
 * silently (invalid UTF-8, raw control characters, "\u0000" that would cut a
 * string short) and bounds the nesting depth.
 * ------------------------------------------------------------------------- */

enum json_problem_kind { JSON_SYNTAX, JSON_ENCODING, JSON_TOO_DEEP };

struct json_scan {
    const unsigned char *text;
    size_t length;
    size_t position;
    const char *problem;         /* NULL while the text is fine */
    enum json_problem_kind kind; /* what kind of problem */
    int character;               /* the offending printable character, or -1 */
};

static bool scan_fail(struct json_scan *scan, enum json_problem_kind kind, const char *problem)
{
    if (scan->problem == NULL) {
        scan->problem = problem;
        scan->kind = kind;
    }
    return false;
}

/* Fail at an unexpected character (or the end of the text). */
static bool scan_unexpected(struct json_scan *scan, const char *expected)
{
    if (scan->position >= scan->length)
        return scan_fail(scan, JSON_SYNTAX, "unexpected end of the file");
    unsigned char c = scan->text[scan->position];
    if (c >= 0x21 && c < 0x7f)
        scan->character = c;
    return scan_fail(scan, JSON_SYNTAX, expected);
}

static void scan_space(struct json_scan *scan)
{
    while (scan->position < scan->length) {
        unsigned char c = scan->text[scan->position];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        scan->position++;
    }
}

/* Length of the well-formed UTF-8 sequence at `text` (Unicode scalar values only,
 * no overlong forms), or 0 when it is not one. */
static size_t utf8_sequence_length(const unsigned char *text, size_t available)
{
    unsigned char lead = text[0];
    unsigned char low = 0x80, high = 0xBF;
    size_t need;
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        need = 2;
    else if (lead == 0xE0) {
        need = 3;
        low = 0xA0;
    } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF)
        need = 3;
    else if (lead == 0xED) {
        need = 3;
        high = 0x9F; /* no UTF-16 surrogates */
    } else if (lead == 0xF0) {
        need = 4;
        low = 0x90;
    } else if (lead >= 0xF1 && lead <= 0xF3)
        need = 4;
    else if (lead == 0xF4) {
        need = 4;
        high = 0x8F; /* nothing above U+10FFFF */
    } else
        return 0;
    if (available < need || text[1] < low || text[1] > high)
        return 0;
    for (size_t i = 2; i < need; i++)
        if ((text[i] & 0xC0) != 0x80)
            return 0;
    return need;
}

/* Read the 4 hex digits of a \u escape at the current position. */
static bool scan_hex4(struct json_scan *scan, unsigned *value)
{
    *value = 0;
    for (int i = 0; i < 4; i++) {
        if (scan->position >= scan->length)
            return scan_fail(scan, JSON_SYNTAX, "unexpected end of the file in a \\u escape");
        unsigned char c = scan->text[scan->position];
        unsigned digit;
        if (c >= '0' && c <= '9')
            digit = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            digit = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            digit = (unsigned)(c - 'A' + 10);
        else
            return scan_fail(scan, JSON_SYNTAX, "a \\u escape needs four hex digits");
        *value = *value * 16 + digit;
        scan->position++;
    }
    return true;
}

static bool scan_string(struct json_scan *scan)
{
    scan->position++; /* the opening quote */
    for (;;) {
        if (scan->position >= scan->length)
            return scan_fail(scan, JSON_SYNTAX, "unterminated string");
        unsigned char c = scan->text[scan->position];
        if (c == '"') {
            scan->position++;
            return true;
        }
        if (c < 0x20)
            return scan_fail(scan, JSON_SYNTAX,
                             "control character inside a string (write it as an escape such as \\n)");
        if (c >= 0x80) {
            size_t length = utf8_sequence_length(scan->text + scan->position,
                                                 scan->length - scan->position);
            if (length == 0)
                return scan_fail(scan, JSON_ENCODING, "invalid UTF-8");
            scan->position += length;
            continue;
        }
        if (c != '\\') {
            scan->position++;
            continue;
        }
        scan->position++;
        if (scan->position >= scan->length)
            return scan_fail(scan, JSON_SYNTAX, "unterminated string");
        c = scan->text[scan->position];
        if (strchr("\"\\/bfnrt", c) != NULL && c != '\0') {
            scan->position++;
            continue;
        }
        if (c != 'u')
            return scan_fail(scan, JSON_SYNTAX, "invalid escape sequence in a string");
        size_t escape_start = scan->position - 1;
        scan->position++;
        unsigned code;
        if (!scan_hex4(scan, &code))
            return false;
        if (code == 0) {
            scan->position = escape_start;
            return scan_fail(scan, JSON_SYNTAX, "\\u0000 is not allowed in a string");
        }
        if (code >= 0xDC00 && code <= 0xDFFF) {
            scan->position = escape_start;
            return scan_fail(scan, JSON_SYNTAX, "unpaired UTF-16 surrogate in a \\u escape");
        }
        if (code >= 0xD800 && code <= 0xDBFF) {
            unsigned low = 0;
            if (scan->position + 2 > scan->length || scan->text[scan->position] != '\\' ||
                scan->text[scan->position + 1] != 'u') {
                scan->position = escape_start;
                return scan_fail(scan, JSON_SYNTAX, "unpaired UTF-16 surrogate in a \\u escape");
            }
            scan->position += 2;
            if (!scan_hex4(scan, &low))
                return false;
            if (low < 0xDC00 || low > 0xDFFF) {
                scan->position = escape_start;
                return scan_fail(scan, JSON_SYNTAX, "unpaired UTF-16 surrogate in a \\u escape");
            }
        }
    }
}

static bool scan_digits(struct json_scan *scan)
{
    if (scan->position >= scan->length || !is_digit(scan->text[scan->position]))
        return scan_unexpected(scan, "invalid number: a digit is missing");
    while (scan->position < scan->length && is_digit(scan->text[scan->position]))
        scan->position++;
    return true;
}

static bool scan_number(struct json_scan *scan)
{
    size_t start = scan->position;
    if (scan->text[scan->position] == '-')
        scan->position++;
    if (scan->position < scan->length && scan->text[scan->position] == '0')
        scan->position++;
    else if (!scan_digits(scan))
        return false;
    if (scan->position < scan->length && scan->text[scan->position] == '.') {
        scan->position++;
        if (!scan_digits(scan))
            return false;
    }
    if (scan->position < scan->length &&
        (scan->text[scan->position] == 'e' || scan->text[scan->position] == 'E')) {
        scan->position++;
        if (scan->position < scan->length &&
            (scan->text[scan->position] == '+' || scan->text[scan->position] == '-'))
            scan->position++;
        if (!scan_digits(scan))
            return false;
    }
    if (scan->position - start > JSON_NUMBER_LIMIT) {
        scan->position = start;
        return scan_fail(scan, JSON_SYNTAX, "number with too many digits");
    }
    return true;
}

static bool scan_literal(struct json_scan *scan, const char *word)
{
    size_t length = strlen(word);
    if (scan->length - scan->position < length ||
        memcmp(scan->text + scan->position, word, length) != 0)
        return scan_unexpected(scan, "unexpected character");
    scan->position += length;
    return true;
}

static bool scan_value(struct json_scan *scan, int depth);

static bool scan_object(struct json_scan *scan, int depth)
{
    if (depth >= JSON_DEPTH_LIMIT)
        return scan_fail(scan, JSON_TOO_DEEP, "nested too deeply");
    scan->position++; /* { */
    scan_space(scan);
    if (scan->position < scan->length && scan->text[scan->position] == '}') {
        scan->position++;
        return true;
    }
    for (;;) {
        scan_space(scan);
        if (scan->position >= scan->length || scan->text[scan->position] != '"')
            return scan_unexpected(scan, "expected a key in double quotes");
        if (!scan_string(scan))
            return false;
        scan_space(scan);
        if (scan->position >= scan->length || scan->text[scan->position] != ':')
            return scan_unexpected(scan, "expected ':' after a key");
        scan->position++;
        if (!scan_value(scan, depth + 1))
            return false;
        scan_space(scan);
        if (scan->position < scan->length && scan->text[scan->position] == ',') {
            scan->position++;
            continue;
        }
        if (scan->position < scan->length && scan->text[scan->position] == '}') {
            scan->position++;
            return true;
        }
        return scan_unexpected(scan, "expected ',' or '}'");
    }
}

static bool scan_array(struct json_scan *scan, int depth)
{
    if (depth >= JSON_DEPTH_LIMIT)
        return scan_fail(scan, JSON_TOO_DEEP, "nested too deeply");
    scan->position++; /* [ */
    scan_space(scan);
    if (scan->position < scan->length && scan->text[scan->position] == ']') {
        scan->position++;
        return true;
    }
    for (;;) {
        if (!scan_value(scan, depth + 1))
            return false;
        scan_space(scan);
        if (scan->position < scan->length && scan->text[scan->position] == ',') {
            scan->position++;
            continue;
        }
        if (scan->position < scan->length && scan->text[scan->position] == ']') {
            scan->position++;
            return true;
        }
        return scan_unexpected(scan, "expected ',' or ']'");
    }
}

static bool scan_value(struct json_scan *scan, int depth)
{
    scan_space(scan);
    if (scan->position >= scan->length)
        return scan_fail(scan, JSON_SYNTAX, "unexpected end of the file, expected a value");
    unsigned char c = scan->text[scan->position];
    switch (c) {
    case '{':
        return scan_object(scan, depth);
    case '[':
        return scan_array(scan, depth);
    case '"':
        return scan_string(scan);
    case 't':
        return scan_literal(scan, "true");
    case 'f':
        return scan_literal(scan, "false");
    case 'n':
        return scan_literal(scan, "null");
    default:
        if (c == '-' || is_digit(c))
            return scan_number(scan);
        if (c >= 0x80 && utf8_sequence_length(scan->text + scan->position,
                                              scan->length - scan->position) == 0)
            return scan_fail(scan, JSON_ENCODING, "invalid UTF-8");
        return scan_unexpected(scan, "unexpected character, expected a value");
    }
}

/* 1-based line and column (in characters) of byte `position` of `text`. */
static void text_line_column(const unsigned char *text, size_t position, long *line, long *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < position; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *column = 1;
        } else if ((text[i] & 0xC0) != 0x80) {
            (*column)++;
        }
    }
}

/* Check that `text` is one well-formed JSON value; report the first problem. */
static bool json_check_syntax(const char *text, size_t length, struct diag *diag)
{
    struct json_scan scan = {(const unsigned char *)text, length, 0, NULL, JSON_SYNTAX, -1};
    scan_space(&scan);
    if (scan.position >= length) {
        diag_error(diag, "", "the file is empty, expected a JSON object");
        return false;
    }
    if (scan_value(&scan, 0)) {
        scan_space(&scan);
        if (scan.position >= length)
            return true;
        scan_unexpected(&scan, "unexpected text after the JSON value");
    }
    long line, column;
    text_line_column(scan.text, scan.position, &line, &column);
    switch (scan.kind) {
    case JSON_ENCODING:
        diag_error(diag, "", "invalid UTF-8 at line %ld, column %ld: the file must be saved as UTF-8 "
                   "(not Latin-1 or Windows-1252)", line, column);
        break;
    case JSON_TOO_DEEP:
        diag_error(diag, "", "invalid JSON at line %ld, column %ld: nested deeper than %d levels",
                   line, column, JSON_DEPTH_LIMIT);
        break;
    case JSON_SYNTAX:
        if (scan.character >= 0)
            diag_error(diag, "", "invalid JSON at line %ld, column %ld: %s, found '%c'", line, column,
                       scan.problem, scan.character);
        else
            diag_error(diag, "", "invalid JSON at line %ld, column %ld: %s", line, column, scan.problem);
        break;
    }
    return false;
}

/* ---------------------------------------------------------------------------
 * Id index: an open-addressing hash table from id to array index. Its size is
 * fixed when created (every array's length is known before it is read).
 * ------------------------------------------------------------------------- */

static size_t hash_text(const char *text)
{
    uint64_t hash = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *c = (const unsigned char *)text; *c != '\0'; c++) {
        hash ^= *c;
        hash *= 1099511628211ULL;
    }
    return (size_t)hash;
}

bool id_index_init(struct id_index *index, int expected)
{
    size_t capacity = 16;
    while (capacity < (size_t)expected * 2)
        capacity *= 2;
    index->keys = mem_calloc(capacity, sizeof *index->keys);
    index->values = mem_calloc(capacity, sizeof *index->values);
    index->capacity = capacity;
    return index->keys != NULL && index->values != NULL;
}

void id_index_free(struct id_index *index)
{
    mem_free(index->keys);
    mem_free(index->values);
    index->keys = NULL;
    index->values = NULL;
    index->capacity = 0;
}

/* Index of `key`, or -1. An index that was never created finds nothing. */
int id_index_find(const struct id_index *index, const char *key)
{
    if (index->keys == NULL)
        return -1;
    size_t mask = index->capacity - 1;
    for (size_t slot = hash_text(key) & mask; index->keys[slot] != NULL; slot = (slot + 1) & mask)
        if (strcmp(index->keys[slot], key) == 0)
            return index->values[slot];
    return -1;
}

/* Add `key` -> `value`. Returns -1 when added, or the earlier value of a key that
 * is already there (then nothing changes). The table never fills: see init. */
int id_index_insert(struct id_index *index, const char *key, int value)
{
    if (index->keys == NULL)
        return -1;
    size_t mask = index->capacity - 1;
    size_t slot = hash_text(key) & mask;
    for (; index->keys[slot] != NULL; slot = (slot + 1) & mask)
        if (strcmp(index->keys[slot], key) == 0)
            return index->values[slot];
    index->keys[slot] = key;
    index->values[slot] = value;
    return -1;
}

/* ---------------------------------------------------------------------------
 * The document reader: typed values, keys of objects, ids and references
 * ------------------------------------------------------------------------- */

void reader_out_of_memory(struct instance_reader *parser)
{
    parser->out_of_memory = true;
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

const char *json_type_name(const cJSON *item)
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

static void report_type(struct instance_reader *parser, const cJSON *item, const char *path, const char *expected)
{
    diag_error(parser->diag, path, "expected %s, got %s", expected, json_type_name(item));
}

/* Match the members of `object` (at `path`) against `keys`: found[i] gets the
 * member called keys[i].name, or NULL when it is absent (or null and nullable).
 * Reports unknown keys, duplicate keys and missing required keys. Returns false
 * only when `object` is not an object. */
bool reader_object(struct instance_reader *parser, const cJSON *object, const char *path,
                        const struct key_spec *keys, int key_count, const cJSON **found)
{
    char quoted[QUOTE_SIZE];
    char child_path[PATH_SIZE];
    for (int k = 0; k < key_count; k++)
        found[k] = NULL;
    if (!cJSON_IsObject(object)) {
        report_type(parser, object, path, "an object");
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
            diag_error(parser->diag, path, "unknown key %s (known keys: %s)",
                       reader_quote(quoted, sizeof quoted, member->string), known);
            continue;
        }
        if (seen[k]) {
            diag_error(parser->diag, reader_key_path(child_path, path, keys[k].name),
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
            diag_error_kind(parser->diag, reader_key_path(child_path, path, keys[k].name), DIAG_MISSING_KEY,
                            "missing required key");
    return true;
}

bool reader_string(struct instance_reader *parser, const cJSON *item, const char *path, const char **text)
{
    if (!cJSON_IsString(item) || item->valuestring == NULL) {
        report_type(parser, item, path, "a string");
        return false;
    }
    *text = item->valuestring;
    return true;
}

bool reader_bool(struct instance_reader *parser, const cJSON *item, const char *path, bool *value)
{
    if (!cJSON_IsBool(item)) {
        report_type(parser, item, path, "true or false");
        return false;
    }
    *value = cJSON_IsTrue(item);
    return true;
}

/* A finite number in [minimum, maximum], or above minimum when `above` (a strict
 * lower bound). `meaning` describes the range for the message. */
bool reader_number(struct instance_reader *parser, const cJSON *item, const char *path, double minimum,
                        bool above, double maximum, const char *meaning, double *value)
{
    if (!cJSON_IsNumber(item)) {
        report_type(parser, item, path, "a number");
        return false;
    }
    double number = item->valuedouble;
    if (!isfinite(number)) {
        diag_error(parser->diag, path, "the number is too large");
        return false;
    }
    if ((above ? number <= minimum : number < minimum) || number > maximum) {
        diag_error(parser->diag, path, "must be %s, got %.15g", meaning, number);
        return false;
    }
    *value = number;
    return true;
}

/* A whole number in [minimum, maximum]. */
bool reader_integer(struct instance_reader *parser, const cJSON *item, const char *path, int minimum,
                         int maximum, int *value)
{
    if (!cJSON_IsNumber(item)) {
        report_type(parser, item, path, "a whole number");
        return false;
    }
    double number = item->valuedouble;
    if (!isfinite(number) || number != floor(number) || number < minimum || number > maximum) {
        diag_error(parser->diag, path, "must be a whole number from %d to %d, got %.15g", minimum,
                   maximum, number);
        return false;
    }
    *value = (int)number;
    return true;
}

/* True when `text` holds a C0 control character, DEL or a C1 control (U+0080-U+009F). */
static bool has_control_character(const char *text)
{
    const unsigned char *bytes = (const unsigned char *)text;
    for (size_t i = 0; bytes[i] != '\0'; i++) {
        bool c1_control = bytes[i] == 0xC2 && bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x9F;
        if (bytes[i] < 0x20 || bytes[i] == 0x7f || c1_control)
            return true;
    }
    return false;
}

static void report_identity_code(struct instance_reader *parser, const char *path)
{
    diag_error(parser->diag, path, "looks like a Finnish personal identity code (henkilötunnus); "
               "personal identity codes must not be in a planning file, use pseudonymous ids");
}

/* Report why `id` is not an acceptable id: empty, longer than 64 bytes, control
 * characters, or a personal identity code inside. Returns true when it is fine. */
bool reader_check_id(struct instance_reader *parser, const char *path, const char *id)
{
    size_t length = strlen(id);
    if (length == 0) {
        diag_error(parser->diag, path, "an id must not be empty");
        return false;
    }
    if (identity_code_in(id)) {
        report_identity_code(parser, path);
        return false;
    }
    if (length > ID_MAX_BYTES) {
        diag_error(parser->diag, path, "an id must be at most %d bytes, got %zu", ID_MAX_BYTES, length);
        return false;
    }
    if (has_control_character(id)) {
        diag_error(parser->diag, path, "an id must not contain control characters");
        return false;
    }
    if (identity_begins_like_formula(id)) {
        diag_error(parser->diag, path, "an id must not begin with =, +, -, @, a tab or a carriage "
                   "return: a spreadsheet program would take it for a formula");
        return false;
    }
    return true;
}

/* Read the id of an element (`path` is e.g. "workers[3].id"), keep a copy in *id
 * and enter it in `index` as number `element` of array `array_name`. Duplicates
 * are reported. */
void reader_own_id(struct instance_reader *parser, const cJSON *item, const char *path, const char *array_name,
                   struct id_index *index, int existing, int element, char **id)
{
    const char *text;
    if (item == NULL || !reader_string(parser, item, path, &text))
        return;
    reader_check_id(parser, path, text);
    *id = mem_strdup(text);
    if (*id == NULL) {
        reader_out_of_memory(parser);
        return;
    }
    if (text[0] == '\0' || index == NULL)
        return;
    int earlier = id_index_insert(index, *id, element);
    char quoted[QUOTE_SIZE];
    if (earlier >= 0 && earlier < existing)
        diag_error(parser->diag, path, "duplicate id %s: the instance already has it",
                   reader_quote(quoted, sizeof quoted, text));
    else if (earlier >= 0)
        diag_error_ref(parser->diag, path, array_name, earlier - existing, ")", "duplicate id %s (also ",
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
static bool reader_refused(const struct instance_reader *parser, const struct id_index *index, const char *text)
{
    const struct refused_ids *refused = parser->refused;
    if (refused == NULL)
        return false;
    const struct id_index *same = index == &parser->municipality_index ? refused->municipalities
                                  : index == &parser->team_index       ? refused->teams
                                  : index == &parser->worker_index     ? refused->workers
                                                                       : NULL;
    return same != NULL && id_index_find(same, text) >= 0;
}

/* Resolve the id at `item` in `index`; returns its element or -1 after reporting
 * it as an unknown `kind`. */
int reader_reference(struct instance_reader *parser, const cJSON *item, const char *path,
                          const struct id_index *index, const char *kind)
{
    const char *text;
    if (!reader_string(parser, item, path, &text))
        return -1;
    if (identity_code_in(text)) {
        report_identity_code(parser, path);
        return -1;
    }
    int found = id_index_find(index, text);
    if (found < 0 && reader_refused(parser, index, text))
        return -1; /* its row was refused, with a message of its own */
    if (found < 0) {
        char quoted[QUOTE_SIZE], hint[256] = "";
        if (parser->diag->kept < DIAG_KEEP)
            reference_hint(index, text, hint, sizeof hint);
        diag_error(parser->diag, path, "unknown %s %s%s", kind, reader_quote(quoted, sizeof quoted, text), hint);
    }
    return found;
}

/* `item` must be an array; returns its length, or -1 after reporting. */
int reader_array(struct instance_reader *parser, const cJSON *item, const char *path)
{
    if (!cJSON_IsArray(item)) {
        report_type(parser, item, path, "an array");
        return -1;
    }
    return cJSON_GetArraySize(item);
}

bool reader_service(struct instance_reader *parser, const cJSON *item, const char *path, enum service *service)
{
    const char *text;
    if (!reader_string(parser, item, path, &text))
        return false;
    for (int s = 0; s < SERVICE_COUNT; s++) {
        if (strcmp(text, service_names[s]) == 0) {
            *service = (enum service)s;
            return true;
        }
    }
    char quoted[QUOTE_SIZE];
    diag_error(parser->diag, path, "unknown service %s: expected avohuolto, sijaishuolto or jalkihuolto",
               reader_quote(quoted, sizeof quoted, text));
    return false;
}

/* ---------------------------------------------------------------------------
 * Dates
 * ------------------------------------------------------------------------- */

static bool is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

/* Does `text` have the shape of `pattern`, where '9' stands for a digit? */
static bool matches_pattern(const char *text, const char *pattern)
{
    for (; *pattern != '\0'; text++, pattern++) {
        if (*pattern == '9' ? !is_digit((unsigned char)*text) : *text != *pattern)
            return false;
    }
    return *text == '\0';
}

static int read_digits(const char *text, int count)
{
    int value = 0;
    for (int i = 0; i < count; i++)
        value = value * 10 + (text[i] - '0');
    return value;
}

void reader_date(struct instance_reader *parser, const cJSON *item)
{
    const char *text;
    if (item == NULL || !reader_string(parser, item, "date", &text))
        return;
    char quoted[QUOTE_SIZE];
    if (!matches_pattern(text, "9999-99-99")) {
        diag_error_kind(parser->diag, "date", DIAG_DATE_FORMAT, READER_DATE_EXPECTED ", got %s",
                        reader_quote(quoted, sizeof quoted, text));
        return;
    }
    struct date date = {read_digits(text, 4), read_digits(text + 5, 2), read_digits(text + 8, 2)};
    if (date.year < 1900 || date.month < 1 || date.month > 12 || date.day < 1 ||
        date.day > days_in_month(date.year, date.month)) {
        diag_error(parser->diag, "date", "%s is not a date on the calendar", reader_quote(quoted, sizeof quoted, text));
        return;
    }
    parser->instance->date = date;
    parser->date_valid = true;
}

/* Read a birth month "YYYY-MM" into the child. */
static void read_born(struct instance_reader *parser, const cJSON *item, const char *path, struct child *child)
{
    const char *text;
    if (!reader_string(parser, item, path, &text))
        return;
    if (matches_pattern(text, "9999-99-99")) {
        diag_error_kind(parser->diag, path, DIAG_MONTH_FORMAT,
                        "a full birth date is not allowed: give only the birth month YYYY-MM");
        return;
    }
    char quoted[QUOTE_SIZE];
    if (!matches_pattern(text, "9999-99")) {
        diag_error_kind(parser->diag, path, DIAG_MONTH_FORMAT, "expected a birth month YYYY-MM, got %s",
                        reader_quote(quoted, sizeof quoted, text));
        return;
    }
    int year = read_digits(text, 4), month = read_digits(text + 5, 2);
    if (month < 1 || month > 12) {
        diag_error(parser->diag, path, "%s is not a month on the calendar (month %d)",
                   reader_quote(quoted, sizeof quoted, text), month);
        return;
    }
    if (year < 1900) {
        diag_error(parser->diag, path, "a birth year before 1900 is not plausible");
        return;
    }
    const struct date *date = &parser->instance->date;
    if (parser->date_valid && (year > date->year || (year == date->year && month > date->month))) {
        diag_error(parser->diag, path, "born after the plan date %04d-%02d-%02d", date->year, date->month,
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

static void read_weights(struct instance_reader *parser, const cJSON *object)
{
    struct key_spec keys[TERM_COUNT];
    const cJSON *found[TERM_COUNT];
    for (int term = 0; term < TERM_COUNT; term++)
        keys[term] = (struct key_spec){term_names[term], KEY_OPTIONAL};
    /* An unknown weight name is reported as an unknown key of rules.weights. */
    if (!reader_object(parser, object, "rules.weights", keys, TERM_COUNT, found))
        return;
    char path[PATH_SIZE];
    for (int term = 0; term < TERM_COUNT; term++) {
        if (found[term] == NULL)
            continue;
        double weight;
        if (reader_number(parser, found[term], reader_key_path(path, "rules.weights", term_names[term]), 0.0, false,
                        MAX_WEIGHT, "a weight from 0 to 1e9", &weight))
            parser->instance->rules.weights[term] = weight;
    }
}

void reader_rules(struct instance_reader *parser, const cJSON *object)
{
    enum { CAP, TARGET, ROAD_FACTOR, CROSS_TEAM, FAMILY, WEIGHTS, KEY_COUNT };
    static const struct key_spec keys[KEY_COUNT] = {
        {"cap", KEY_OPTIONAL},        {"target", KEY_OPTIONAL}, {"road_factor", KEY_OPTIONAL},
        {"cross_team", KEY_OPTIONAL}, {"family", KEY_OPTIONAL}, {"weights", KEY_OPTIONAL},
    };
    const cJSON *found[KEY_COUNT];
    struct rules *rules = &parser->instance->rules;
    if (!reader_object(parser, object, "rules", keys, KEY_COUNT, found))
        return;
    if (found[CAP] != NULL && reader_integer(parser, found[CAP], "rules.cap", 1, MAX_CAP, &rules->cap))
        rules->cap_given = true;
    if (found[TARGET] != NULL)
        reader_number(parser, found[TARGET], "rules.target", 0.0, true, MAX_TARGET,
                    "greater than 0 and at most 1000", &rules->target);
    if (found[ROAD_FACTOR] != NULL)
        reader_number(parser, found[ROAD_FACTOR], "rules.road_factor", 0.0, true, MAX_ROAD_FACTOR,
                    "greater than 0 and at most 100", &rules->road_factor);
    if (found[CROSS_TEAM] != NULL)
        reader_bool(parser, found[CROSS_TEAM], "rules.cross_team", &rules->cross_team);
    const char *family;
    if (found[FAMILY] != NULL && reader_string(parser, found[FAMILY], "rules.family", &family)) {
        if (strcmp(family, "soft") == 0)
            rules->family = FAMILY_SOFT;
        else if (strcmp(family, "hard") == 0)
            rules->family = FAMILY_HARD;
        else {
            char quoted[QUOTE_SIZE];
            diag_error(parser->diag, "rules.family", "expected \"soft\" or \"hard\", got %s",
                       reader_quote(quoted, sizeof quoted, family));
        }
    }
    if (found[WEIGHTS] != NULL)
        read_weights(parser, found[WEIGHTS]);
}

static void read_municipality(struct instance_reader *parser, const cJSON *object, int element)
{
    enum { ID, LAT, LON, KEY_COUNT };
    static const struct key_spec keys[KEY_COUNT] = {
        {"id", KEY_REQUIRED}, {"lat", KEY_REQUIRED}, {"lon", KEY_REQUIRED},
    };
    const cJSON *found[KEY_COUNT];
    char base[PATH_SIZE], path[PATH_SIZE];
    struct municipality *municipality = &parser->instance->municipalities[element];
    reader_element_path(base, "municipalities", element);
    if (!reader_object(parser, object, base, keys, KEY_COUNT, found))
        return;
    reader_own_id(parser, found[ID], reader_key_path(path, base, "id"), "municipalities",
                &parser->municipality_index, 0, element, &municipality->id);
    if (found[LAT] != NULL)
        reader_number(parser, found[LAT], reader_key_path(path, base, "lat"), -90.0, false, 90.0,
                    "a latitude from -90 to 90 degrees", &municipality->lat);
    if (found[LON] != NULL)
        reader_number(parser, found[LON], reader_key_path(path, base, "lon"), -180.0, false, 180.0,
                    "a longitude from -180 to 180 degrees", &municipality->lon);
}

static void read_municipalities(struct instance_reader *parser, const cJSON *array)
{
    struct instance *instance = parser->instance;
    int count = reader_array(parser, array, "municipalities");
    if (count < 0)
        return;
    if (count > MAX_MUNICIPALITIES) {
        diag_error(parser->diag, "municipalities", "at most %d municipalities are supported, got %d",
                   MAX_MUNICIPALITIES, count);
        return;
    }
    instance->municipalities = mem_calloc((size_t)count, sizeof *instance->municipalities);
    if (instance->municipalities == NULL || !id_index_init(&parser->municipality_index, count)) {
        reader_out_of_memory(parser);
        return;
    }
    instance->municipality_count = count;
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, array) {
        read_municipality(parser, item, element++);
        if (parser->out_of_memory)
            return;
    }
}

static void read_distances(struct instance_reader *parser, const cJSON *array)
{
    struct instance *instance = parser->instance;
    int count = reader_array(parser, array, "distances");
    if (count < 0)
        return;
    instance->distance_table = mem_calloc((size_t)count, sizeof *instance->distance_table);
    if (instance->distance_table == NULL) {
        reader_out_of_memory(parser);
        return;
    }
    instance->distance_table_count = count;

    /* A pair given twice, in either direction, is an error: which one would hold? */
    struct id_index pair_index = {NULL, NULL, 0};
    if (!id_index_init(&pair_index, count)) {
        reader_out_of_memory(parser);
        return;
    }
    char(*pair_keys)[24] = mem_calloc((size_t)count, sizeof *pair_keys);
    if (pair_keys == NULL) {
        id_index_free(&pair_index);
        reader_out_of_memory(parser);
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
        if (reader_object(parser, item, base, keys, KEY_COUNT, found)) {
            if (found[FROM] != NULL)
                entry->from = reader_reference(parser, found[FROM], reader_key_path(path, base, "from"),
                                             &parser->municipality_index, "municipality");
            if (found[TO] != NULL)
                entry->to = reader_reference(parser, found[TO], reader_key_path(path, base, "to"),
                                           &parser->municipality_index, "municipality");
            if (found[KM] != NULL)
                reader_number(parser, found[KM], reader_key_path(path, base, "km"), 0.0, false, MAX_KM,
                            "a distance from 0 to 100000 km", &entry->km);
            if (entry->from >= 0 && entry->to >= 0) {
                int low = entry->from < entry->to ? entry->from : entry->to;
                int high = entry->from < entry->to ? entry->to : entry->from;
                snprintf(pair_keys[element], sizeof pair_keys[element], "%d-%d", low, high);
                int earlier = id_index_insert(&pair_index, pair_keys[element], element);
                if (earlier >= 0)
                    diag_error_ref(parser->diag, base, "distances", earlier, "",
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
void reader_area(struct instance_reader *parser, const cJSON *array, const char *base, struct team *team)
{
    char path[PATH_SIZE], element_name[PATH_SIZE];
    reader_key_path(path, base, "area");
    int count = reader_array(parser, array, path);
    if (count < 0)
        return;
    int municipality_count = parser->instance->municipality_count;
    team->area = mem_calloc((size_t)count, sizeof *team->area);
    bool *listed = mem_calloc((size_t)municipality_count, sizeof *listed);
    if (team->area == NULL || listed == NULL) {
        mem_free(listed);
        reader_out_of_memory(parser);
        return;
    }
    team->area_all = false;
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, array) {
        reader_element_path(element_name, path, element++);
        int municipality = reader_reference(parser, item, element_name, &parser->municipality_index,
                                          "municipality");
        if (municipality < 0)
            continue;
        if (listed[municipality]) {
            char quoted[QUOTE_SIZE];
            diag_error(parser->diag, element_name, "municipality %s is listed twice",
                       reader_quote(quoted, sizeof quoted, item->valuestring));
            continue;
        }
        listed[municipality] = true;
        team->area[team->area_count++] = municipality;
    }
    mem_free(listed);
    qsort(team->area, (size_t)team->area_count, sizeof *team->area, compare_ints);
}

void reader_team(struct instance_reader *parser, const cJSON *object, const char *base, int element)
{
    enum { ID, SERVICE, OFFICE, AREA, MAX_HIRES, TARGET, KEY_COUNT };
    static const struct key_spec keys[KEY_COUNT] = {
        {"id", KEY_REQUIRED}, {"service", KEY_REQUIRED},     {"office", KEY_REQUIRED},
        {"area", KEY_OPTIONAL}, {"max_hires", KEY_OPTIONAL}, {"target", KEY_OPTIONAL},
    };
    const cJSON *found[KEY_COUNT];
    char path[PATH_SIZE];
    struct team *team = &parser->instance->teams[element];
    team->service = SERVICE_COUNT; /* unknown until read */
    team->office = -1;
    team->area_all = true;
    if (!reader_object(parser, object, base, keys, KEY_COUNT, found))
        return;
    reader_own_id(parser, found[ID], reader_key_path(path, base, "id"), parser->team_array, &parser->team_index,
                  parser->existing_teams, element, &team->id);
    if (found[SERVICE] != NULL)
        reader_service(parser, found[SERVICE], reader_key_path(path, base, "service"), &team->service);
    if (found[OFFICE] != NULL)
        team->office = reader_reference(parser, found[OFFICE], reader_key_path(path, base, "office"),
                                      &parser->municipality_index, "municipality");
    if (found[AREA] != NULL)
        reader_area(parser, found[AREA], base, team);
    if (found[MAX_HIRES] != NULL &&
        reader_integer(parser, found[MAX_HIRES], reader_key_path(path, base, "max_hires"), 0, MAX_HIRES_PER_TEAM,
                       &team->max_hires))
        team->max_hires_given = true;
    if (found[TARGET] != NULL &&
        reader_number(parser, found[TARGET], reader_key_path(path, base, "target"), 0.0, true, MAX_TARGET,
                    "greater than 0 and at most 1000", &team->target))
        team->target_given = true;
}

static void read_teams(struct instance_reader *parser, const cJSON *array)
{
    struct instance *instance = parser->instance;
    int count = reader_array(parser, array, "teams");
    if (count < 0)
        return;
    instance->teams = mem_calloc((size_t)count, sizeof *instance->teams);
    if (instance->teams == NULL || !id_index_init(&parser->team_index, count)) {
        reader_out_of_memory(parser);
        return;
    }
    instance->team_count = count;
    int element = 0;
    long long hires = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, array) {
        char base[PATH_SIZE];
        reader_team(parser, item, reader_element_path(base, "teams", element), element);
        if (parser->out_of_memory)
            return;
        hires += instance->teams[element].max_hires;
        element++;
    }
    if (hires > MAX_ASSIGNEES)
        diag_error(parser->diag, "teams", "the teams may open %lld hires in total, at most %d are supported",
                   hires, MAX_ASSIGNEES);
}

void reader_worker(struct instance_reader *parser, const cJSON *object, const char *base, int element,
                   bool register_id)
{
    enum { ID, TEAM, FTE, ACCEPTS_NEW, LEAVING, MAX_NEW, KEY_COUNT };
    static const struct key_spec keys[KEY_COUNT] = {
        {"id", KEY_REQUIRED},          {"team", KEY_REQUIRED},    {"fte", KEY_OPTIONAL},
        {"accepts_new", KEY_OPTIONAL}, {"leaving", KEY_OPTIONAL}, {"max_new", KEY_OPTIONAL | KEY_NULLABLE},
    };
    const cJSON *found[KEY_COUNT];
    char path[PATH_SIZE];
    struct worker *worker = &parser->instance->workers[element];
    worker->team = -1;
    worker->fte = 1.0;
    worker->accepts_new = true;
    worker->leaving = false;
    worker->max_new = -1;
    if (!reader_object(parser, object, base, keys, KEY_COUNT, found))
        return;
    reader_own_id(parser, found[ID], reader_key_path(path, base, "id"), parser->worker_array,
                  register_id ? &parser->worker_index : NULL, parser->existing_workers, element, &worker->id);
    if (found[TEAM] != NULL)
        worker->team = reader_reference(parser, found[TEAM], reader_key_path(path, base, "team"), &parser->team_index,
                                      "team");
    if (found[FTE] != NULL)
        reader_number(parser, found[FTE], reader_key_path(path, base, "fte"), 0.0, true, 1.0,
                    "greater than 0 and at most 1", &worker->fte);
    if (found[ACCEPTS_NEW] != NULL)
        reader_bool(parser, found[ACCEPTS_NEW], reader_key_path(path, base, "accepts_new"), &worker->accepts_new);
    if (found[LEAVING] != NULL)
        reader_bool(parser, found[LEAVING], reader_key_path(path, base, "leaving"), &worker->leaving);
    if (found[MAX_NEW] != NULL)
        reader_integer(parser, found[MAX_NEW], reader_key_path(path, base, "max_new"), 0, MAX_NEW_LIMIT, &worker->max_new);
}

static void read_workers(struct instance_reader *parser, const cJSON *array)
{
    struct instance *instance = parser->instance;
    int count = reader_array(parser, array, "workers");
    if (count < 0)
        return;
    instance->workers = mem_calloc((size_t)count, sizeof *instance->workers);
    if (instance->workers == NULL || !id_index_init(&parser->worker_index, count)) {
        reader_out_of_memory(parser);
        return;
    }
    instance->worker_count = count;
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, array) {
        char base[PATH_SIZE];
        reader_worker(parser, item, reader_element_path(base, "workers", element), element, true);
        element++;
        if (parser->out_of_memory)
            return;
    }
}

/* The family of child `element`: the named family, or one of its own. */
static void read_family(struct instance_reader *parser, const cJSON *item, const char *path, int element)
{
    struct instance *instance = parser->instance;
    struct child *child = &instance->children[element];
    const char *name = NULL;
    if (item != NULL) {
        if (!reader_string(parser, item, path, &name))
            return;
        if (!reader_check_id(parser, path, name))
            return;
    } else if (child->id != NULL) {
        name = child->id; /* a family of its own, never shared with a named one */
    } else {
        return; /* the child's id was already reported */
    }
    if (item != NULL) {
        int existing = id_index_find(&parser->family_index, name);
        if (existing >= 0) {
            child->family = existing;
            return;
        }
    }
    struct family *family = &instance->families[instance->family_count];
    family->id = mem_strdup(name);
    if (family->id == NULL) {
        reader_out_of_memory(parser);
        return;
    }
    if (item != NULL)
        id_index_insert(&parser->family_index, family->id, instance->family_count);
    child->family = instance->family_count++;
}

/* Check the child's current worker against its service and the lock. */
static void check_current_worker(struct instance_reader *parser, const char *base, int element, bool worker_given)
{
    struct instance *instance = parser->instance;
    struct child *child = &instance->children[element];
    char path[PATH_SIZE], quoted[QUOTE_SIZE];
    if (child->worker < 0) {
        if (child->locked && !worker_given)
            diag_error(parser->diag, reader_key_path(path, base, "locked"),
                       "a locked child needs a current worker (\"worker\" is missing)");
        return;
    }
    const struct worker *worker = &instance->workers[child->worker];
    if (child->locked && worker->leaving)
        diag_error(parser->diag, reader_key_path(path, base, "locked"),
                   "the child is locked to worker %s, who is leaving",
                   reader_quote(quoted, sizeof quoted, worker->id != NULL ? worker->id : ""));
    if (worker->team < 0 || child->service == SERVICE_COUNT)
        return;
    const struct team *team = &instance->teams[worker->team];
    if (team->service != SERVICE_COUNT && team->service != child->service) {
        char team_quoted[QUOTE_SIZE];
        diag_error(parser->diag, reader_key_path(path, base, "worker"),
                   "worker %s of team %s serves %s, but the child's service is %s",
                   reader_quote(quoted, sizeof quoted, worker->id != NULL ? worker->id : ""),
                   reader_quote(team_quoted, sizeof team_quoted, team->id != NULL ? team->id : ""),
                   service_names[team->service], service_names[child->service]);
    }
}

void reader_child(struct instance_reader *parser, const cJSON *object, const char *base, int element)
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
    struct child *child = &parser->instance->children[element];
    child->family = -1;
    child->service = SERVICE_COUNT;
    child->municipality = -1;
    child->worker = -1;
    child->weight = 1.0;
    if (!reader_object(parser, object, base, keys, KEY_COUNT, found))
        return;
    reader_own_id(parser, found[ID], reader_key_path(path, base, "id"), parser->child_array, &parser->child_index,
                  parser->existing_children, element, &child->id);
    if (parser->out_of_memory)
        return;
    read_family(parser, found[FAMILY], reader_key_path(path, base, "family"), element);
    if (found[SERVICE] != NULL)
        reader_service(parser, found[SERVICE], reader_key_path(path, base, "service"), &child->service);
    if (found[MUNICIPALITY] != NULL)
        child->municipality = reader_reference(parser, found[MUNICIPALITY], reader_key_path(path, base, "municipality"),
                                             &parser->municipality_index, "municipality");
    if (found[BORN] != NULL)
        read_born(parser, found[BORN], reader_key_path(path, base, "born"), child);
    if (found[WORKER] != NULL)
        child->worker = reader_reference(parser, found[WORKER], reader_key_path(path, base, "worker"),
                                       &parser->worker_index, "worker");
    if (found[WEIGHT] != NULL)
        reader_number(parser, found[WEIGHT], reader_key_path(path, base, "weight"), 0.0, true, MAX_CHILD_WEIGHT,
                    "greater than 0 and at most 1000", &child->weight);
    if (found[LOCKED] != NULL)
        reader_bool(parser, found[LOCKED], reader_key_path(path, base, "locked"), &child->locked);
    check_current_worker(parser, base, element, found[WORKER] != NULL);
}

static void read_children(struct instance_reader *parser, const cJSON *array)
{
    struct instance *instance = parser->instance;
    int count = reader_array(parser, array, "children");
    if (count < 0)
        return;
    instance->children = mem_calloc((size_t)count, sizeof *instance->children);
    instance->families = mem_calloc((size_t)count, sizeof *instance->families);
    if (instance->children == NULL || instance->families == NULL ||
        !id_index_init(&parser->child_index, count) || !id_index_init(&parser->family_index, count)) {
        reader_out_of_memory(parser);
        return;
    }
    instance->child_count = count;
    int element = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, array) {
        char base[PATH_SIZE];
        reader_child(parser, item, reader_element_path(base, "children", element), element);
        element++;
        if (parser->out_of_memory)
            return;
    }
}

void reader_name(struct instance_reader *parser, const cJSON *item, char **stored)
{
    const char *name = "";
    if (item != NULL && reader_string(parser, item, "name", &name)) {
        if (strlen(name) > NAME_MAX_BYTES) {
            diag_error(parser->diag, "name", "the name must be at most %d bytes", NAME_MAX_BYTES);
        } else if (identity_code_in(name)) {
            report_identity_code(parser, "name");
        } else if (has_control_character(name)) {
            diag_error(parser->diag, "name", "the name must not contain control characters");
        }
    }
    char *copy = mem_strdup(name);
    if (copy == NULL) {
        reader_out_of_memory(parser);
        return;
    }
    mem_free(*stored);
    *stored = copy;
}

static void read_document(struct instance_reader *parser, const cJSON *root)
{
    char quoted[QUOTE_SIZE];
    if (!cJSON_IsObject(root)) {
        diag_error(parser->diag, "", "expected a JSON object at the top level, got %s", json_type_name(root));
        return;
    }
    /* The format first: a scenario or a plan given by mistake should get one clear
     * message, not a list of everything it lacks. */
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (format == NULL) {
        diag_error(parser->diag, "format", "missing required key: expected \"" INSTANCE_FORMAT "\"");
        return;
    }
    if (!cJSON_IsString(format) || strcmp(format->valuestring, INSTANCE_FORMAT) != 0) {
        if (cJSON_IsString(format))
            diag_error(parser->diag, "format", "expected \"" INSTANCE_FORMAT "\", got %s",
                       reader_quote(quoted, sizeof quoted, format->valuestring));
        else
            diag_error(parser->diag, "format", "expected \"" INSTANCE_FORMAT "\", got %s",
                       json_type_name(format));
        return;
    }

    enum { FORMAT, NAME, DATE, RULES, MUNICIPALITIES, DISTANCES, TEAMS, WORKERS, CHILDREN, KEY_COUNT };
    static const struct key_spec keys[KEY_COUNT] = {
        {"format", KEY_REQUIRED},         {"name", KEY_OPTIONAL},      {"date", KEY_REQUIRED},
        {"rules", KEY_OPTIONAL},          {"municipalities", KEY_REQUIRED}, {"distances", KEY_OPTIONAL},
        {"teams", KEY_REQUIRED},          {"workers", KEY_REQUIRED},   {"children", KEY_REQUIRED},
    };
    const cJSON *found[KEY_COUNT];
    reader_object(parser, root, "", keys, KEY_COUNT, found);

    reader_name(parser, found[NAME], &parser->instance->name);
    reader_date(parser, found[DATE]);
    if (found[RULES] != NULL)
        reader_rules(parser, found[RULES]);
    if (!parser->out_of_memory && found[MUNICIPALITIES] != NULL)
        read_municipalities(parser, found[MUNICIPALITIES]);
    if (!parser->out_of_memory && found[DISTANCES] != NULL)
        read_distances(parser, found[DISTANCES]);
    if (!parser->out_of_memory && found[TEAMS] != NULL)
        read_teams(parser, found[TEAMS]);
    if (!parser->out_of_memory && found[WORKERS] != NULL)
        read_workers(parser, found[WORKERS]);
    if (!parser->out_of_memory && found[CHILDREN] != NULL)
        read_children(parser, found[CHILDREN]);
    if (!parser->out_of_memory && (long long)parser->instance->worker_count +
                                          instance_hire_count(parser->instance) > MAX_ASSIGNEES)
        diag_error(parser->diag, "workers", "too many workers and hires, at most %d are supported",
                   MAX_ASSIGNEES);
}

/* ---------------------------------------------------------------------------
 * Parsing, loading, freeing, lookups
 * ------------------------------------------------------------------------- */

/* cJSON allocates through the program's wrappers; this notes whether one failed,
 * to tell running out of memory apart from text cJSON refuses. */
static bool json_allocation_failed;

static void *json_allocate(size_t size)
{
    void *block = mem_alloc(size);
    if (block == NULL)
        json_allocation_failed = true;
    return block;
}

static void json_release(void *block)
{
    mem_free(block);
}

/* The name of the encoding when `text` is UTF-16 or UTF-32, by its byte-order mark
 * or, without one, by the NUL bytes a JSON text in them has around its first
 * character (JSON starts with ASCII); NULL otherwise. */
static const char *utf16_or_32(const char *text, size_t length)
{
    const unsigned char *b = (const unsigned char *)text;
    if (length >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0)
        return "UTF-32LE";
    if (length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF)
        return "UTF-32BE";
    if (length >= 2 && b[0] == 0xFF && b[1] == 0xFE)
        return "UTF-16LE";
    if (length >= 2 && b[0] == 0xFE && b[1] == 0xFF)
        return "UTF-16BE";
    if (length >= 4 && b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0)
        return "UTF-32LE";
    if (length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0)
        return "UTF-32BE";
    if (length >= 2 && b[0] != 0 && b[1] == 0)
        return "UTF-16LE";
    if (length >= 2 && b[0] == 0 && b[1] != 0)
        return "UTF-16BE";
    return NULL;
}

cJSON *reader_parse_json(const char *text, size_t length, struct diag *diag)
{
    static const char bom[] = "\xEF\xBB\xBF";
    if (length >= 3 && memcmp(text, bom, 3) == 0) {
        text += 3;
        length -= 3;
    }
    const char *encoding = utf16_or_32(text, length);
    if (encoding != NULL) {
        diag_error(diag, "", "the file is %s, not UTF-8: save it as UTF-8 (in the editor's \"Save "
                   "as\", choose the encoding \"UTF-8\"; on the command line: iconv -f %s -t UTF-8)",
                   encoding, encoding);
        return NULL;
    }
    if (!json_check_syntax(text, length, diag))
        return NULL;

    cJSON_Hooks hooks = {json_allocate, json_release};
    cJSON_InitHooks(&hooks);
    json_allocation_failed = false;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, length, &end, false);
    if (root == NULL) {
        if (json_allocation_failed) {
            diag->out_of_memory = true;
        } else {
            long line = 0, column = 0;
            size_t position = end != NULL && end >= text && end <= text + length ? (size_t)(end - text) : 0;
            text_line_column((const unsigned char *)text, position, &line, &column);
            diag_error(diag, "", "invalid JSON at line %ld, column %ld: the JSON reader refused it", line,
                       column);
        }
        return NULL;
    }
    return root;
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

struct instance *instance_parse(const char *text, size_t length, struct diag *diag)
{
    return instance_parse_refusing(text, length, diag, NULL);
}

struct instance *instance_parse_refusing(const char *text, size_t length, struct diag *diag,
                                         const struct refused_ids *refused)
{
    int errors_before = diag->count;
    cJSON *root = reader_parse_json(text, length, diag);
    if (root == NULL)
        return NULL;

    struct instance_reader parser;
    memset(&parser, 0, sizeof parser);
    parser.diag = diag;
    parser.team_array = "teams";
    parser.worker_array = "workers";
    parser.child_array = "children";
    parser.refused = refused;
    parser.instance = mem_calloc(1, sizeof *parser.instance);
    if (parser.instance == NULL) {
        parser.out_of_memory = true;
    } else {
        rules_set_defaults(&parser.instance->rules);
        read_document(&parser, root);
    }
    cJSON_Delete(root);
    reader_free(&parser);

    if (!parser.out_of_memory && diag->count == errors_before && !instance_resolve(parser.instance))
        parser.out_of_memory = true;
    if (parser.out_of_memory)
        diag->out_of_memory = true;
    if (parser.out_of_memory || diag->count != errors_before) {
        instance_free(parser.instance);
        return NULL;
    }
    return parser.instance;
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

void instance_free(struct instance *instance)
{
    if (instance == NULL)
        return;
    mem_free(instance->name);
    for (int i = 0; i < instance->municipality_count; i++)
        mem_free(instance->municipalities[i].id);
    mem_free(instance->municipalities);
    for (int i = 0; i < instance->team_count; i++) {
        mem_free(instance->teams[i].id);
        mem_free(instance->teams[i].area);
    }
    mem_free(instance->teams);
    for (int i = 0; i < instance->worker_count; i++)
        mem_free(instance->workers[i].id);
    mem_free(instance->workers);
    for (int i = 0; i < instance->child_count; i++)
        mem_free(instance->children[i].id);
    mem_free(instance->children);
    for (int i = 0; i < instance->family_count; i++)
        mem_free(instance->families[i].id);
    mem_free(instance->families);
    mem_free(instance->distance_table);
    mem_free(instance->distance);
    mem_free(instance);
}

int instance_find_worker(const struct instance *instance, const char *id)
{
    for (int i = 0; i < instance->worker_count; i++)
        if (instance->workers[i].id != NULL && strcmp(instance->workers[i].id, id) == 0)
            return i;
    return -1;
}

int instance_find_team(const struct instance *instance, const char *id)
{
    for (int i = 0; i < instance->team_count; i++)
        if (instance->teams[i].id != NULL && strcmp(instance->teams[i].id, id) == 0)
            return i;
    return -1;
}

int instance_find_municipality(const struct instance *instance, const char *id)
{
    for (int i = 0; i < instance->municipality_count; i++)
        if (instance->municipalities[i].id != NULL && strcmp(instance->municipalities[i].id, id) == 0)
            return i;
    return -1;
}

/* Great-circle km between two points given in degrees (haversine). */
static double great_circle_km(double lat1, double lon1, double lat2, double lon2)
{
    const double radians = PI / 180.0;
    double half_lat = sin((lat2 - lat1) * radians / 2.0);
    double half_lon = sin((lon2 - lon1) * radians / 2.0);
    double a = half_lat * half_lat + cos(lat1 * radians) * cos(lat2 * radians) * half_lon * half_lon;
    if (a > 1.0)
        a = 1.0;
    return 2.0 * EARTH_RADIUS_KM * asin(sqrt(a));
}

/* d(a, b) from the table (either direction) or coordinates, without the matrix. */
static double compute_distance(const struct instance *instance, int from, int to)
{
    for (int i = 0; i < instance->distance_table_count; i++) {
        const struct distance_entry *entry = &instance->distance_table[i];
        if ((entry->from == from && entry->to == to) || (entry->from == to && entry->to == from))
            return entry->km;
    }
    if (from == to)
        return 0.0;
    const struct municipality *a = &instance->municipalities[from];
    const struct municipality *b = &instance->municipalities[to];
    return great_circle_km(a->lat, a->lon, b->lat, b->lon) * instance->rules.road_factor;
}

bool instance_resolve(struct instance *instance)
{
    if (!instance->rules.cap_given)
        instance->rules.cap = rules_cap_for_date(instance->date);

    mem_free(instance->distance);
    instance->distance = NULL;
    size_t count = instance->municipality_count > 0 ? (size_t)instance->municipality_count : 0;
    if (count == 0)
        return true;
    if (count > SIZE_MAX / sizeof(double) / count)
        return false;
    double *distance = mem_alloc(count * count * sizeof *distance);
    if (distance == NULL)
        return false;
    for (size_t a = 0; a < count; a++) {
        const struct municipality *from = &instance->municipalities[a];
        distance[a * count + a] = 0.0;
        for (size_t b = a + 1; b < count; b++) {
            const struct municipality *to = &instance->municipalities[b];
            double km = great_circle_km(from->lat, from->lon, to->lat, to->lon) * instance->rules.road_factor;
            distance[a * count + b] = km;
            distance[b * count + a] = km;
        }
    }
    for (int i = 0; i < instance->distance_table_count; i++) {
        const struct distance_entry *entry = &instance->distance_table[i];
        if (entry->from < 0 || entry->to < 0 || (size_t)entry->from >= count || (size_t)entry->to >= count)
            continue;
        distance[(size_t)entry->from * count + (size_t)entry->to] = entry->km;
        distance[(size_t)entry->to * count + (size_t)entry->from] = entry->km;
    }
    instance->distance = distance;
    return true;
}

/* ---------------------------------------------------------------------------
 * Rules of DESIGN.md §2
 * ------------------------------------------------------------------------- */

int rules_cap_for_date(struct date date)
{
    /* Lastensuojelulaki 13 b §: 35 in 2022-2023, 30 from 2024-01-01. */
    return date.year < 2024 ? 35 : 30;
}

/* floor(value + 1e-9) as an int, for caps and targets scaled by FTE. */
static int floor_scaled(double value)
{
    double floored = floor(value + 1e-9);
    if (floored > INT_MAX)
        return INT_MAX;
    return floored < 0 ? 0 : (int)floored;
}

int instance_worker_cap(const struct instance *instance, int worker)
{
    return floor_scaled(instance->rules.cap * instance->workers[worker].fte);
}

double instance_worker_share(const struct instance *instance, int worker)
{
    if (instance->workers[worker].share > 0.0)
        return instance->workers[worker].share;
    int own = instance_worker_cap(instance, worker);
    return (double)instance->rules.cap / (double)(own > 1 ? own : 1);
}

double instance_worker_overload(const struct instance *instance, int worker, int over)
{
    if (over <= 0)
        return 0.0;
    int carried = instance->workers[worker].carried > 0 ? instance->workers[worker].carried : 0;
    return instance_worker_share(instance, worker) * (double)over * (double)(over + 2 * carried + 1) / 2.0;
}

/* The target of team `team` for one full-time worker. */
static double team_target(const struct instance *instance, int team)
{
    if (team >= 0 && instance->teams[team].target_given)
        return instance->teams[team].target;
    return instance->rules.target;
}

int instance_worker_target(const struct instance *instance, int worker)
{
    const struct worker *w = &instance->workers[worker];
    return floor_scaled(team_target(instance, w->team) * w->fte);
}

bool instance_child_counted(const struct instance *instance, int child)
{
    const struct child *c = &instance->children[child];
    if (!c->born_given)
        return true;
    /* Counted while the plan date is before the first day of the birth month 18 years on. */
    int adult_year = c->born_year + 18;
    const struct date *date = &instance->date;
    return date->year < adult_year || (date->year == adult_year && date->month < c->born_month);
}

double instance_distance(const struct instance *instance, int from, int to)
{
    if (instance->distance == NULL)
        return compute_distance(instance, from, to);
    return instance->distance[(size_t)from * (size_t)instance->municipality_count + (size_t)to];
}

bool instance_team_covers(const struct instance *instance, int team, int municipality)
{
    const struct team *t = &instance->teams[team];
    if (t->area_all)
        return true;
    int low = 0, high = t->area_count - 1;
    while (low <= high) {
        int middle = low + (high - low) / 2;
        if (t->area[middle] == municipality)
            return true;
        if (t->area[middle] < municipality)
            low = middle + 1;
        else
            high = middle - 1;
    }
    return false;
}

int instance_hire_count(const struct instance *instance)
{
    long long count = 0;
    for (int t = 0; t < instance->team_count; t++)
        count += instance->teams[t].max_hires;
    return count > INT_MAX ? INT_MAX : (int)count;
}

void instance_hire_slot(const struct instance *instance, int hire, int *team, int *k)
{
    *team = -1;
    *k = 0;
    if (hire < 0)
        return;
    for (int t = 0; t < instance->team_count; t++) {
        if (hire < instance->teams[t].max_hires) {
            *team = t;
            *k = hire + 1;
            return;
        }
        hire -= instance->teams[t].max_hires;
    }
}

int instance_assignee_count(const struct instance *instance)
{
    return instance->worker_count + instance_hire_count(instance);
}

int instance_assignee_team(const struct instance *instance, int assignee)
{
    if (assignee < instance->worker_count)
        return instance->workers[assignee].team;
    int team, k;
    instance_hire_slot(instance, assignee - instance->worker_count, &team, &k);
    return team;
}

int instance_assignee_cap(const struct instance *instance, int assignee)
{
    if (assignee < instance->worker_count)
        return instance_worker_cap(instance, assignee);
    return instance->rules.cap; /* a hire works full time */
}

int instance_assignee_target(const struct instance *instance, int assignee)
{
    if (assignee < instance->worker_count)
        return instance_worker_target(instance, assignee);
    return floor_scaled(team_target(instance, instance_assignee_team(instance, assignee)));
}

const char *instance_assignee_id(const struct instance *instance, int assignee, char *buffer, size_t size)
{
    if (size == 0)
        return buffer;
    if (assignee >= 0 && assignee < instance->worker_count) {
        snprintf(buffer, size, "%s", instance->workers[assignee].id);
        return buffer;
    }
    int team, k;
    instance_hire_slot(instance, assignee - instance->worker_count, &team, &k);
    if (team < 0)
        snprintf(buffer, size, "?");
    else
        snprintf(buffer, size, "%s/hire-%d", instance->teams[team].id, k);
    return buffer;
}

bool instance_eligible(const struct instance *instance, int child, int assignee)
{
    const struct child *c = &instance->children[child];
    int team = instance_assignee_team(instance, assignee);
    if (team < 0 || instance->teams[team].service != c->service)
        return false;
    bool is_worker = assignee < instance->worker_count;
    if (is_worker && instance->workers[assignee].leaving)
        return false;
    if (is_worker && assignee == c->worker)
        return true; /* continuity is always allowed */
    if (c->locked)
        return false;
    if (is_worker && !instance->workers[assignee].accepts_new)
        return false;
    return instance->rules.cross_team || instance_team_covers(instance, team, c->municipality);
}

bool instance_cross_team(const struct instance *instance, int child, int assignee)
{
    int team = instance_assignee_team(instance, assignee);
    return team >= 0 && !instance_team_covers(instance, team, instance->children[child].municipality);
}

double instance_pair_km(const struct instance *instance, int child, int assignee)
{
    int team = instance_assignee_team(instance, assignee);
    return instance_distance(instance, instance->teams[team].office, instance->children[child].municipality);
}
