/* spreadsheet.c - a folder of CSV files read into caseload-instance/1 JSON, errors at
 * file:line:column (the tokeniser is csv.c, the error map spreadsheet_map.c, the
 * writer spreadsheet_write.c). */
#include "io/spreadsheet.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "io/csv.h"
#include "io/spreadsheet_internal.h"
#include "io/fileio.h"
#include "io/instance_json.h"
#include "base/text.h"
#include "base/suggest.h"

#define INSTANCE_FORMAT "caseload-instance/1"
/* Room for "FOLDER/FILE.csv:LINE:COLUMN" and for a rewritten message. */
#define POSITION_SIZE 4200
#define MESSAGE_SIZE 1024
#define QUOTED_SIZE 80

/* --- The format ------------------------------------------------------------ */




static const struct column_spec municipality_columns[] = {
    {"id", CELL_STRING, true}, {"lat", CELL_NUMBER, true}, {"lon", CELL_NUMBER, true}};
static const struct column_spec distance_columns[] = {
    {"from", CELL_STRING, true}, {"to", CELL_STRING, true}, {"km", CELL_NUMBER, true}};
static const struct column_spec team_columns[] = {
    {"id", CELL_STRING, true},  {"service", CELL_STRING, true},    {"office", CELL_STRING, true},
    {"area", CELL_LIST, false}, {"max_hires", CELL_NUMBER, false}, {"target", CELL_NUMBER, false}};
static const struct column_spec worker_columns[] = {
    {"id", CELL_STRING, true},        {"team", CELL_STRING, true},    {"fte", CELL_NUMBER, false},
    {"accepts_new", CELL_BOOL, false}, {"leaving", CELL_BOOL, false}, {"max_new", CELL_NUMBER, false}};
static const struct column_spec child_columns[] = {
    {"id", CELL_STRING, true},        {"family", CELL_STRING, false},
    {"service", CELL_STRING, true},   {"municipality", CELL_STRING, true},
    {"born", CELL_MONTH, false},     {"worker", CELL_STRING, false},
    {"weight", CELL_NUMBER, false},   {"locked", CELL_BOOL, false}};

#define COUNT_OF(array) ((int)(sizeof(array) / sizeof((array)[0])))


const struct file_spec file_specs[FILE_COUNT] = {
    {"municipalities.csv", "municipalities", municipality_columns, COUNT_OF(municipality_columns), false},
    {"distances.csv", "distances", distance_columns, COUNT_OF(distance_columns), true},
    {"teams.csv", "teams", team_columns, COUNT_OF(team_columns), false},
    {"workers.csv", "workers", worker_columns, COUNT_OF(worker_columns), false},
    {"children.csv", "children", child_columns, COUNT_OF(child_columns), false},
};


static const struct setting_spec fixed_settings[SETTING_FIRST_WEIGHT] = {
    {"name", "name", CELL_STRING},
    {"date", "date", CELL_DATE},
    {"cap", "rules.cap", CELL_NUMBER},
    {"target", "rules.target", CELL_NUMBER},
    {"road_factor", "rules.road_factor", CELL_NUMBER},
    {"cross_team", "rules.cross_team", CELL_BOOL},
    {"family", "rules.family", CELL_STRING},
};

/* Key, JSON path and type of setting s; weights are named after the terms. */
struct setting_spec setting_at(int s, char *key, char *path, size_t size)
{
    if (s < SETTING_FIRST_WEIGHT)
        return fixed_settings[s];
    const char *term = instance_term_name((enum term)(s - SETTING_FIRST_WEIGHT));
    snprintf(key, size, "weights.%s", term);
    snprintf(path, size, "rules.weights.%s", term);
    return (struct setting_spec){key, path, CELL_NUMBER};
}

/* --- Errors -------------------------------------------------------------- */


void report(struct folder_reader *reader, const char *file, int line, int column,
                   const char *name, const char *format, ...)
{
    char reason[MESSAGE_SIZE];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(reason, sizeof reason, format, arguments);
    va_end(arguments);
    diag_error_at(reader->diag, file, line, column, name, "%s", reason);
}

/* A warning about `file`: the folder is read all the same. */
void note(struct folder_reader *reader, const char *file, const char *format, ...)
{
    if (reader->notes == NULL)
        return;
    char reason[MESSAGE_SIZE];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(reason, sizeof reason, format, arguments);
    va_end(arguments);
    const char *saved = reader->notes->file;
    reader->notes->file = file;
    diag_error(reader->notes, "", "%s", reason);
    reader->notes->file = saved;
}

/* `text` in quotes for a message: escaped, shortened when long, and withheld when
 * it holds a personal identity code (message_quote). */
const char *quote(char *buffer, size_t size, const char *text)
{
    return message_quote(buffer, size, text);
}

/* --- Decoding: what spreadsheet programs save --------------------------------- */

/* The Unicode code points of Windows-1252 bytes 0x80..0x9F (0: undefined there). */
static const unsigned short windows_1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

/* Append code point `code` as UTF-8. */
static void text_append_code(struct text *out, unsigned code)
{
    char bytes[4];
    size_t count;
    if (code < 0x80) {
        bytes[0] = (char)code, count = 1;
    } else if (code < 0x800) {
        bytes[0] = (char)(0xC0 | (code >> 6)), bytes[1] = (char)(0x80 | (code & 0x3F)), count = 2;
    } else if (code < 0x10000) {
        bytes[0] = (char)(0xE0 | (code >> 12)), bytes[1] = (char)(0x80 | ((code >> 6) & 0x3F));
        bytes[2] = (char)(0x80 | (code & 0x3F)), count = 3;
    } else {
        bytes[0] = (char)(0xF0 | (code >> 18)), bytes[1] = (char)(0x80 | ((code >> 12) & 0x3F));
        bytes[2] = (char)(0x80 | ((code >> 6) & 0x3F)), bytes[3] = (char)(0x80 | (code & 0x3F));
        count = 4;
    }
    text_append(out, bytes, count);
}

/* UTF-16 (little- or big-endian, after its byte order mark) as UTF-8 into `out`;
 * false when the text is cut or a surrogate is unpaired. */
static bool decode_utf16(const unsigned char *bytes, size_t length, bool little, struct text *out)
{
    if (length % 2 != 0)
        return false;
    for (size_t i = 0; i < length; i += 2) {
        unsigned unit = little ? bytes[i] | (unsigned)bytes[i + 1] << 8
                               : (unsigned)bytes[i] << 8 | bytes[i + 1];
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            if (i + 3 >= length)
                return false;
            unsigned low = little ? bytes[i + 2] | (unsigned)bytes[i + 3] << 8
                                  : (unsigned)bytes[i + 2] << 8 | bytes[i + 3];
            if (low < 0xDC00 || low > 0xDFFF)
                return false;
            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            i += 2;
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            return false;
        }
        text_append_code(out, unit);
    }
    return true;
}

/* The file's bytes as UTF-8 text, the way a spreadsheet program may have saved it:
 * UTF-16 with a byte order mark ("Unicode text"), UTF-8 with or without a BOM, or
 * else Windows-1252 (the plain "CSV" of Excel on Windows), which is said once in a
 * note. Returns a new NUL-terminated text (mem_free it; *decoded_length its size)
 * or NULL after reporting why the file cannot be text (or with out_of_memory). */
static char *decode_file(struct folder_reader *reader, const char *file, const char *text,
                         size_t length, size_t *decoded_length)
{
    const unsigned char *bytes = (const unsigned char *)text;
    struct text out = {0};
    text_append(&out, "", 0);
    if (length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))) {
        if (!decode_utf16(bytes + 2, length - 2, bytes[0] == 0xFF, &out)) {
            if (!out.failed)
                report(reader, file, 0, 0, NULL,
                       "the file starts as UTF-16 (\"Unicode text\") but is cut or holds an unpaired "
                       "surrogate: save it again as \"CSV UTF-8\"");
            goto fail;
        }
    } else if (memchr(text, '\0', length) != NULL) {
        report(reader, file, 0, 0, NULL,
               "the file holds NUL bytes: it is not a CSV text file (a workbook must be saved as "
               "\"CSV UTF-8\" first)");
        goto fail;
    } else if (text_utf8_valid(text, length)) {
        text_append(&out, text, length);
    } else {
        for (size_t i = 0; i < length; i++) {
            unsigned code = bytes[i];
            if (code >= 0x80 && code <= 0x9F)
                code = windows_1252_high[code - 0x80] != 0 ? windows_1252_high[code - 0x80] : 0xFFFD;
            text_append_code(&out, code);
        }
        /* said once for the folder, at the end */
        const char *slash = strrchr(file, '/');
        text_puts(&reader->windows_files, reader->windows_files.length > 0 ? ", " : "");
        text_puts(&reader->windows_files, slash != NULL ? slash + 1 : file);
    }
    if (out.failed) {
        reader->out_of_memory = true;
        goto fail;
    }
    if (memchr(out.data, '\0', out.length) != NULL) {
        report(reader, file, 0, 0, NULL, "the file holds NUL characters: it is not a CSV text file");
        goto fail;
    }
    *decoded_length = out.length;
    return out.data;
fail:
    mem_free(out.data);
    return NULL;
}

/* --- Cells to JSON values --------------------------------------------------- */

/* A copy of `text` without spaces and tabs at either end (mem_free it). */
char *trimmed_copy(const char *text, size_t length)
{
    while (length > 0 && (*text == ' ' || *text == '\t'))
        text++, length--;
    while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\t'))
        length--;
    char *copy = mem_alloc(length + 1);
    if (copy != NULL) {
        memcpy(copy, text, length);
        copy[length] = '\0';
    }
    return copy;
}

/* A decimal number with a point or a comma: [+-]digits[(.|,)digits][e[+-]digits],
 * spaces around it allowed. No infinities, NaN or hexadecimal. */
static bool parse_number(const char *text, double *value)
{
    char buffer[64];
    size_t length = 0;
    const char *p = text;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '+' || *p == '-')
        buffer[length++] = *p++;
    int digits = 0;
    while (*p >= '0' && *p <= '9' && length < sizeof buffer - 8)
        buffer[length++] = *p++, digits++;
    if (*p == '.' || *p == ',') {
        buffer[length++] = '.';
        p++;
        while (*p >= '0' && *p <= '9' && length < sizeof buffer - 8)
            buffer[length++] = *p++, digits++;
    }
    if (digits == 0)
        return false;
    if (*p == 'e' || *p == 'E') {
        buffer[length++] = *p++;
        if (*p == '+' || *p == '-')
            buffer[length++] = *p++;
        int exponent_digits = 0;
        while (*p >= '0' && *p <= '9' && length < sizeof buffer - 1)
            buffer[length++] = *p++, exponent_digits++;
        if (exponent_digits == 0)
            return false;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '\0')
        return false;
    buffer[length] = '\0';
    *value = strtod(buffer, NULL);
    return true;
}

/* true/false, yes/no, kyllä/ei, tosi/epätosi (as Finnish spreadsheets write them)
 * or 1/0, any case. */
static bool parse_bool(const char *text, bool *value)
{
    static const char *const yes[] = {"true", "yes", "kyllä", "tosi", "1"};
    static const char *const no[] = {"false", "no", "ei", "epätosi", "0"};
    char lower[16];
    char *word = trimmed_copy(text, strlen(text));
    if (word == NULL)
        return false;
    size_t length = 0;
    for (const unsigned char *p = (const unsigned char *)word; *p != '\0' && length < sizeof lower - 1; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        /* Ä (C3 84) -> ä (C3 A4) */
        if (c == 0x84 && length > 0 && (unsigned char)lower[length - 1] == 0xC3)
            c = 0xA4;
        lower[length++] = (char)c;
    }
    lower[length] = '\0';
    bool overlong = strlen(word) >= sizeof lower;
    mem_free(word);
    if (overlong)
        return false;
    for (int i = 0; i < 5; i++) {
        if (strcmp(lower, yes[i]) == 0) {
            *value = true;
            return true;
        }
        if (strcmp(lower, no[i]) == 0) {
            *value = false;
            return true;
        }
    }
    return false;
}

/* D.M.YYYY as ISO YYYY-MM-DD into buffer (24 bytes); false when not that form. */
static bool finnish_date(const char *text, char *buffer)
{
    int day, month, year, used = 0;
    if (sscanf(text, "%2d.%2d.%4d%n", &day, &month, &year, &used) != 3 || text[used] != '\0' ||
        year < 1000 || day < 1 || month < 1 || month > 99 || day > 99)
        return false;
    snprintf(buffer, 24, "%04d-%02d-%02d", year, month, day);
    return true;
}

/* M.YYYY or D.M.YYYY (a spreadsheet's date) as the month YYYY-MM into buffer (24
 * bytes), *cut set for a full date; false when the text is neither. */
static bool finnish_month(const char *text, char *buffer, bool *cut)
{
    int day, month, year, used = 0;
    *cut = false;
    if (sscanf(text, "%2d.%4d%n", &month, &year, &used) == 2 && text[used] == '\0' && year >= 1000 &&
        month >= 1 && month <= 99) {
        snprintf(buffer, 24, "%04d-%02d", year, month);
        return true;
    }
    used = 0;
    if (sscanf(text, "%2d.%2d.%4d%n", &day, &month, &year, &used) == 3 && text[used] == '\0' &&
        year >= 1000 && day >= 1 && day <= 31 && month >= 1 && month <= 99) {
        snprintf(buffer, 24, "%04d-%02d", year, month);
        *cut = true;
        return true;
    }
    return false;
}

bool cell_is_number(const char *text)
{
    double number;
    return parse_number(text, &number);
}

/* The JSON value of a cell of `type`, or NULL after reporting why it cannot be one
 * (or with reader->out_of_memory). */
cJSON *cell_value(struct folder_reader *reader, const char *file, const struct csv_cell *cell, int column,
                  const char *name, enum cell_type type)
{
    char quoted[QUOTED_SIZE];
    cJSON *value = NULL;
    /* text as text_csv_field writes it: one leading apostrophe neutralises a formula */
    const char *text = cell->text[0] == '\'' ? cell->text + 1 : cell->text;
    switch (type) {
    case CELL_STRING:
        value = cJSON_CreateString(text);
        break;
    case CELL_DATE: {
        char iso[24];
        value = cJSON_CreateString(finnish_date(text, iso) ? iso : text);
        break;
    }
    case CELL_MONTH: {
        char iso[24];
        bool cut = false;
        value = cJSON_CreateString(finnish_month(text, iso, &cut) ? iso : text);
        if (cut)
            reader->born_cut++;
        break;
    }
    case CELL_NUMBER: {
        double number;
        if (!parse_number(cell->text, &number)) {
            report(reader, file, cell->line, column, name, "expected a number, got %s",
                   quote(quoted, sizeof quoted, cell->text));
            return NULL;
        }
        if (!isfinite(number)) { /* 1e400: no JSON number holds it */
            report(reader, file, cell->line, column, name,
                   "the number %s is too large (the largest is about 1.8e308)",
                   quote(quoted, sizeof quoted, cell->text));
            return NULL;
        }
        value = cJSON_CreateNumber(number);
        break;
    }
    case CELL_BOOL: {
        bool flag;
        if (!parse_bool(cell->text, &flag)) {
            report(reader, file, cell->line, column, name,
                   "expected true or false (also yes/no, kyllä/ei, 1/0), got %s",
                   quote(quoted, sizeof quoted, cell->text));
            return NULL;
        }
        value = cJSON_CreateBool(flag);
        break;
    }
    case CELL_LIST: {
        value = cJSON_CreateArray();
        const char *start = text;
        for (;;) {
            const char *bar = strchr(start, '|');
            size_t length = bar != NULL ? (size_t)(bar - start) : strlen(start);
            char *item = trimmed_copy(start, length);
            if (item == NULL || value == NULL) {
                mem_free(item);
                break;
            }
            if (item[0] == '\0') {
                report(reader, file, cell->line, column, name,
                       "an empty name in the list %s (separate names with \"|\")",
                       quote(quoted, sizeof quoted, cell->text));
                mem_free(item);
                cJSON_Delete(value);
                return NULL;
            }
            cJSON *string = cJSON_CreateString(item);
            mem_free(item);
            if (string == NULL || !cJSON_AddItemToArray(value, string)) {
                cJSON_Delete(string);
                cJSON_Delete(value);
                value = NULL;
                break;
            }
            if (bar == NULL)
                break;
            start = bar + 1;
        }
        break;
    }
    }
    if (value == NULL)
        reader->out_of_memory = true;
    return value;
}

/* Add `value` to `object` under `key`; on failure frees it and notes lack of memory. */
void add_value(struct folder_reader *reader, cJSON *object, const char *key, cJSON *value)
{
    if (value == NULL)
        return;
    if (object == NULL || !cJSON_AddItemToObject(object, key, value)) {
        cJSON_Delete(value);
        reader->out_of_memory = true;
    }
}

/* ASCII-lowercase copy of a header cell without surrounding spaces (mem_free it). */
char *header_name(const char *text)
{
    char *name = trimmed_copy(text, strlen(text));
    for (char *p = name; p != NULL && *p != '\0'; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return name;
}

/* Read settings.csv into the document's name, date and rules. */
static void read_settings(struct folder_reader *reader, const struct csv_table *table, cJSON *root,
                          cJSON *rules)
{
    char quoted[QUOTED_SIZE];
    const char *file = reader->settings.path;
    cJSON *weights = NULL;
    reader->settings.value_column = 2;
    int first = 0;
    if (table->count > 0 && table->records[0].count >= 1) {
        char *name = header_name(table->records[0].cells[0].text);
        if (name == NULL) {
            reader->out_of_memory = true;
            return;
        }
        if (strcmp(name, "key") == 0)
            first = 1; /* the header row key;value */
        mem_free(name);
    }
    cJSON *values[SETTING_COUNT] = {NULL};
    for (int r = first; r < table->count && !reader->out_of_memory; r++) {
        const struct csv_record *record = &table->records[r];
        char *key = header_name(record->cells[0].text);
        if (key == NULL) {
            reader->out_of_memory = true;
            break;
        }
        char key_buffer[48], path_buffer[48];
        int s = 0;
        while (s < SETTING_COUNT &&
               strcmp(setting_at(s, key_buffer, path_buffer, sizeof key_buffer).key, key) != 0)
            s++;
        if (s == SETTING_COUNT) {
            report(reader, file, record->line, 1, NULL,
                   "unknown setting %s (settings: name, date, cap, target, road_factor, "
                   "cross_team, family, weights.TERM with TERM one of unassigned, over_cap, hire, "
                   "move, cross_team, family_split, above_target, km)",
                   quote(quoted, sizeof quoted, record->cells[0].text));
        } else if (reader->settings.line[s] != 0) {
            report(reader, file, record->line, 1, key, "given twice (also line %d)",
                   reader->settings.line[s]);
        } else {
            reader->settings.line[s] = record->line;
            struct setting_spec spec = setting_at(s, key_buffer, path_buffer, sizeof key_buffer);
            if (record->count >= 2 && record->cells[1].text[0] != '\0') {
                if (!text_utf8_valid(record->cells[1].text, strlen(record->cells[1].text)))
                    report(reader, file, record->cells[1].line, 2, key,
                           "not valid UTF-8: save the file as \"CSV UTF-8\"");
                else
                    values[s] = cell_value(reader, file, &record->cells[1], 2, key, spec.type);
                reader->settings.errored[s] = values[s] == NULL;
                if (s == SETTING_DATE)
                    snprintf(reader->settings.date_text, sizeof reader->settings.date_text, "%s",
                             record->cells[1].text);
            }
            for (int c = 2; c < record->count; c++) {
                if (record->cells[c].text[0] != '\0') {
                    report(reader, file, record->cells[c].line, c + 1, key,
                           "a setting row has two cells, key and value");
                    break;
                }
            }
        }
        mem_free(key);
    }
    /* into the document in a fixed order, whatever the order of the rows */
    for (int s = 0; s < SETTING_COUNT; s++) {
        if (values[s] == NULL)
            continue;
        char key_buffer[48], path_buffer[48];
        struct setting_spec spec = setting_at(s, key_buffer, path_buffer, sizeof key_buffer);
        if (s < SETTING_FIRST_RULE) {
            add_value(reader, root, spec.key, values[s]);
        } else if (s < SETTING_FIRST_WEIGHT) {
            add_value(reader, rules, spec.key, values[s]);
        } else {
            if (weights == NULL) {
                weights = cJSON_CreateObject();
                add_value(reader, rules, "weights", weights);
                if (reader->out_of_memory) {
                    weights = NULL;
                    cJSON_Delete(values[s]);
                    continue;
                }
            }
            add_value(reader, weights, instance_term_name((enum term)(s - SETTING_FIRST_WEIGHT)), values[s]);
        }
        values[s] = NULL;
    }
    for (int s = 0; s < SETTING_COUNT; s++)
        cJSON_Delete(values[s]);
}

/* "FOLDER/NAME" in a new string. */
char *join_path(const char *folder, const char *name)
{
    size_t length = strlen(folder);
    bool slash = length > 0 && folder[length - 1] == '/';
    char *path = mem_alloc(length + strlen(name) + 2);
    if (path != NULL)
        sprintf(path, "%s%s%s", folder, slash ? "" : "/", name);
    return path;
}

/* Read and split one file; *missing is set when it does not exist. */
static bool read_csv_file(struct folder_reader *reader, const char *path, bool *missing,
                          struct csv_table *table)
{
    char error[512];
    size_t length = 0;
    struct stat status;
    *missing = stat(path, &status) != 0 && errno == ENOENT;
    if (*missing)
        return false;
    char *text = fileio_read_all(path, &length, error, sizeof error);
    if (text == NULL) {
        if (errno == ENOMEM)
            reader->out_of_memory = true;
        else
            report(reader, path, 0, 0, NULL, "%s", error);
        return false;
    }
    size_t decoded_length = 0;
    char *decoded = decode_file(reader, path, text, length, &decoded_length);
    mem_free(text);
    if (decoded == NULL)
        return false;
    bool ok = csv_parse(reader->diag, path, decoded, decoded_length, table, &reader->out_of_memory);
    mem_free(decoded);
    return ok;
}

/* --- JSON text ------------------------------------------------------------ */

static void json_string(struct text *out, const char *string)
{
    text_puts(out, "\"");
    for (const unsigned char *p = (const unsigned char *)string; *p != '\0'; p++) {
        char escape[8];
        if (text_json_escape(*p, escape) != NULL)
            text_puts(out, escape);
        else
            text_append(out, (const char *)p, 1);
    }
    text_puts(out, "\"");
}

/* The shortest text that reads back as exactly `value`. */
static void json_number(struct text *out, double value)
{
    char buffer[TEXT_NUMBER_SIZE];
    text_format_number(value, buffer);
    text_puts(out, buffer);
}

/* A value on one line: {"key": value, ...}, [a, b]. */
void json_value(struct text *out, const cJSON *item)
{
    const cJSON *member;
    if (cJSON_IsString(item)) {
        json_string(out, item->valuestring);
    } else if (cJSON_IsNumber(item)) {
        json_number(out, item->valuedouble);
    } else if (cJSON_IsBool(item)) {
        text_puts(out, cJSON_IsTrue(item) ? "true" : "false");
    } else if (cJSON_IsArray(item)) {
        text_puts(out, "[");
        cJSON_ArrayForEach(member, item) {
            json_value(out, member);
            if (member->next != NULL)
                text_puts(out, ", ");
        }
        text_puts(out, "]");
    } else if (cJSON_IsObject(item)) {
        text_puts(out, "{");
        cJSON_ArrayForEach(member, item) {
            json_string(out, member->string);
            text_puts(out, ": ");
            json_value(out, member);
            if (member->next != NULL)
                text_puts(out, ", ");
        }
        text_puts(out, "}");
    } else {
        text_puts(out, "null");
    }
}

/* The opening of the document and the members of `root`, one a line, without the
 * line end after the last member: the arrays follow, one element a line, as the
 * sample instances are written. */
static void json_document_head(struct text *out, const cJSON *root)
{
    const cJSON *member;
    text_puts(out, "{\n");
    cJSON_ArrayForEach(member, root) {
        text_puts(out, "  ");
        json_string(out, member->string);
        text_puts(out, ": ");
        json_value(out, member);
        if (member->next != NULL)
            text_puts(out, ",\n");
    }
}

/* --- Reading a folder ------------------------------------------------------- */

static void folder_reader_free(struct folder_reader *reader)
{
    for (int f = 0; f < FILE_COUNT; f++) {
        mem_free(reader->files[f].path);
        mem_free(reader->files[f].element_line);
        mem_free(reader->files[f].element_errors);
        mem_free(reader->files[f].refused.data);
        id_index_free(&reader->files[f].refused_index);
    }
    mem_free(reader->settings.path);
    mem_free(reader->windows_files.data);
}

bool spreadsheet_is_folder(const char *path)
{
    struct stat status;
    return path != NULL && strcmp(path, "-") != 0 && stat(path, &status) == 0 &&
           S_ISDIR(status.st_mode);
}

const char *const *spreadsheet_file_names(void)
{
    static const char *const names[] = {SETTINGS_FILE, "municipalities.csv", "distances.csv", "teams.csv",
                                        "workers.csv", "children.csv", NULL};
    return names;
}

static void *hook_allocate(size_t size)
{
    return mem_alloc(size);
}

void use_memory_hooks(void)
{
    cJSON_Hooks hooks = {hook_allocate, mem_free};
    cJSON_InitHooks(&hooks);
}

char *spreadsheet_read_json(const char *folder, size_t *length, struct diag *diag)
{
    return spreadsheet_read_json_noted(folder, length, diag, NULL);
}

/* spreadsheet_read_json_noted, and when `checked` is not NULL the instance that
 * the check built from the text (NULL on failure), so that a caller who needs the
 * instance does not parse the text a second time. */
static char *read_folder(const char *folder, size_t *length, struct diag *diag, struct diag *notes,
                         struct instance **checked)
{
    struct folder_reader reader;
    memset(&reader, 0, sizeof reader);
    reader.diag = diag;
    reader.notes = notes;
    int errors_before = diag->count;
    char *result = NULL;
    struct text out = {0};
    use_memory_hooks();

    cJSON *root = cJSON_CreateObject();
    cJSON *rules = cJSON_CreateObject();
    add_value(&reader, root, "format", cJSON_CreateString(INSTANCE_FORMAT));
    if (root == NULL || rules == NULL) {
        cJSON_Delete(rules);
        reader.out_of_memory = true;
        goto done;
    }
    if (!spreadsheet_is_folder(folder)) {
        report(&reader, folder, 0, 0, NULL, "not a folder of CSV files");
        cJSON_Delete(rules);
        goto done;
    }

    reader.settings.path = join_path(folder, SETTINGS_FILE);
    if (reader.settings.path == NULL) {
        cJSON_Delete(rules);
        reader.out_of_memory = true;
        goto done;
    }
    struct csv_table table = {0};
    bool missing = false;
    if (read_csv_file(&reader, reader.settings.path, &missing, &table)) {
        reader.settings.present = true;
        read_settings(&reader, &table, root, rules);
    } else if (!missing) {
        reader.unreadable = true;
    }
    csv_free(&table);
    add_value(&reader, root, "rules", rules);

    /* The document: the members of root, then each array written row by row as its
     * file is read. */
    json_document_head(&out, root);
    for (int f = 0; f < FILE_COUNT && !reader.out_of_memory; f++) {
        const struct file_spec *spec = &file_specs[f];
        struct source_map *map = &reader.files[f];
        map->path = join_path(folder, spec->file);
        if (map->path == NULL) {
            reader.out_of_memory = true;
            break;
        }
        if (!read_csv_file(&reader, map->path, &missing, &table)) {
            if (missing && !spec->optional)
                report(&reader, map->path, 0, 0, NULL,
                       "the file is missing (a CSV folder holds municipalities.csv, teams.csv, "
                       "workers.csv, children.csv and optionally distances.csv and settings.csv)");
            if (!missing || !spec->optional)
                reader.unreadable = true;
            csv_free(&table);
            continue;
        }
        map->present = true;
        text_puts(&out, ",\n  ");
        json_string(&out, spec->array);
        text_puts(&out, ": [\n");
        size_t rows_start = out.length;
        read_array_file(&reader, spec, map, &table, &out);
        if (out.length == rows_start && !out.failed) {
            out.length -= 1; /* no rows: "[]", as an empty array is written */
            text_puts(&out, "]");
        } else {
            text_puts(&out, "\n  ]");
        }
        csv_free(&table);
    }
    if (reader.windows_files.failed)
        reader.out_of_memory = true;
    else if (reader.windows_files.length > 0)
        note(&reader, folder, "not UTF-8, so read as Windows-1252 (Excel's plain \"CSV\"): %s; save "
             "as \"CSV UTF-8\" to be sure every letter is right", reader.windows_files.data);
    if (reader.born_cut > 0)
        note(&reader, reader.files[FILE_CHILDREN].path,
             "born: %d birth date%s D.M.YYYY %s read as %s month only (the plan needs no more; "
             "M.YYYY, as 10.2019, keeps the day out of the file)",
             reader.born_cut, reader.born_cut > 1 ? "s" : "", reader.born_cut > 1 ? "were" : "was",
             reader.born_cut > 1 ? "their" : "its");
    text_puts(&out, "\n}\n");
    /* a file that could not be split leaves nothing to check the references against */
    if (reader.out_of_memory || reader.unreadable)
        goto done;
    if (out.failed) {
        reader.out_of_memory = true;
        goto done;
    }
    /* checked even after errors in the cells, so every error shows in one run */
    if (!check_instance(&reader, folder, out.data, out.length, checked) || reader.out_of_memory ||
        diag->count != errors_before) {
        if (checked != NULL) {
            instance_free(*checked);
            *checked = NULL;
        }
        goto done;
    }
    result = out.data;
    *length = out.length;
    out.data = NULL;
done:
    if (reader.out_of_memory)
        diag->out_of_memory = true;
    mem_free(out.data);
    cJSON_Delete(root);
    folder_reader_free(&reader);
    return result;
}

char *spreadsheet_read_json_noted(const char *folder, size_t *length, struct diag *diag,
                                  struct diag *notes)
{
    return read_folder(folder, length, diag, notes, NULL);
}

struct instance *spreadsheet_load(const char *folder, struct diag *diag)
{
    return spreadsheet_load_noted(folder, diag, NULL);
}

struct instance *spreadsheet_load_noted(const char *folder, struct diag *diag, struct diag *notes)
{
    size_t length = 0;
    struct instance *instance = NULL;
    mem_free(read_folder(folder, &length, diag, notes, &instance));
    return instance;
}

/* --- Writing a folder ------------------------------------------------------- */

/* One cell of a JSON value: text, number with a decimal comma, true/false, a list
 * joined with "|"; nothing for null or absent. */
bool write_cell(FILE *stream, const cJSON *item)
{
    if (item == NULL || cJSON_IsNull(item))
        return true;
    if (cJSON_IsString(item)) {
        text_csv_field(stream, item->valuestring);
    } else if (cJSON_IsNumber(item)) {
        text_csv_number(stream, item->valuedouble);
    } else if (cJSON_IsBool(item)) {
        fputs(cJSON_IsTrue(item) ? "true" : "false", stream);
    } else if (cJSON_IsArray(item)) {
        struct text joined = {0};
        const cJSON *element;
        text_puts(&joined, "");
        cJSON_ArrayForEach(element, item) {
            text_puts(&joined, element->valuestring);
            if (element->next != NULL)
                text_puts(&joined, "|");
        }
        if (joined.failed) {
            mem_free(joined.data);
            return false;
        }
        text_csv_field(stream, joined.data);
        mem_free(joined.data);
    }
    return true;
}
