/* sheet.c - what the spreadsheet folder's reader (spreadsheet.c), its rows
 * (spreadsheet_rows.c), its error map (spreadsheet_map.c) and its writer
 * (spreadsheet_write.c) share: the format of the files, messages at
 * file:line:column, cells as JSON values, JSON text on one line. */
#include "io/sheet.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/text.h"

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


const struct file_spec sheet_file_specs[FILE_COUNT] = {
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
    {"moves", "rules.moves", CELL_STRING},
};


/* Key, JSON path and type of setting s; weights are named after the terms. */
struct setting_spec sheet_setting_at(int s, char *key, char *path, size_t size)
{
    if (s < SETTING_FIRST_WEIGHT)
        return fixed_settings[s];
    const char *term = instance_term_name((enum term)(s - SETTING_FIRST_WEIGHT));
    snprintf(key, size, "weights.%s", term);
    snprintf(path, size, "rules.weights.%s", term);
    return (struct setting_spec){key, path, CELL_NUMBER};
}


/* --- Messages ------------------------------------------------------------ */

void sheet_report(struct folder_reader *reader, const char *file, int line, int column,
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
void sheet_note(struct folder_reader *reader, const char *file, const char *format, ...)
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
const char *sheet_quote(char *buffer, size_t size, const char *text)
{
    return message_quote(buffer, size, text);
}


/* --- Cells to JSON values --------------------------------------------------- */

/* A copy of `text` without spaces and tabs at either end (mem_free it). */
char *sheet_trimmed_copy(const char *text, size_t length)
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
    char *word = sheet_trimmed_copy(text, strlen(text));
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


bool sheet_cell_is_number(const char *text)
{
    double number;
    return parse_number(text, &number);
}


/* The JSON value of a cell of `type`, or NULL after reporting why it cannot be one
 * (or with reader->out_of_memory). */
cJSON *sheet_cell_value(struct folder_reader *reader, const char *file, const struct csv_cell *cell, int column,
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
            sheet_report(reader, file, cell->line, column, name, "expected a number, got %s",
                   sheet_quote(quoted, sizeof quoted, cell->text));
            return NULL;
        }
        value = cJSON_CreateNumber(number);
        break;
    }
    case CELL_BOOL: {
        bool flag;
        if (!parse_bool(cell->text, &flag)) {
            sheet_report(reader, file, cell->line, column, name,
                   "expected true or false (also yes/no, kyllä/ei, 1/0), got %s",
                   sheet_quote(quoted, sizeof quoted, cell->text));
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
            char *item = sheet_trimmed_copy(start, length);
            if (item == NULL || value == NULL) {
                mem_free(item);
                break;
            }
            if (item[0] == '\0') {
                sheet_report(reader, file, cell->line, column, name,
                       "an empty name in the list %s (separate names with \"|\")",
                       sheet_quote(quoted, sizeof quoted, cell->text));
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
void sheet_add_value(struct folder_reader *reader, cJSON *object, const char *key, cJSON *value)
{
    if (value == NULL)
        return;
    if (object == NULL || !cJSON_AddItemToObject(object, key, value)) {
        cJSON_Delete(value);
        reader->out_of_memory = true;
    }
}


/* ASCII-lowercase copy of a header cell without surrounding spaces (mem_free it). */
char *sheet_header_name(const char *text)
{
    char *name = sheet_trimmed_copy(text, strlen(text));
    for (char *p = name; p != NULL && *p != '\0'; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return name;
}


/* "FOLDER/NAME" in a new string. */
char *sheet_join_path(const char *folder, const char *name)
{
    size_t length = strlen(folder);
    bool slash = length > 0 && folder[length - 1] == '/';
    char *path = mem_alloc(length + strlen(name) + 2);
    if (path != NULL)
        sprintf(path, "%s%s%s", folder, slash ? "" : "/", name);
    return path;
}


/* --- JSON text ------------------------------------------------------------ */

void sheet_json_string(struct text *out, const char *string)
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
void sheet_json_value(struct text *out, const cJSON *item)
{
    const cJSON *member;
    if (cJSON_IsString(item)) {
        sheet_json_string(out, item->valuestring);
    } else if (cJSON_IsNumber(item)) {
        json_number(out, item->valuedouble);
    } else if (cJSON_IsBool(item)) {
        text_puts(out, cJSON_IsTrue(item) ? "true" : "false");
    } else if (cJSON_IsArray(item)) {
        text_puts(out, "[");
        cJSON_ArrayForEach(member, item) {
            sheet_json_value(out, member);
            if (member->next != NULL)
                text_puts(out, ", ");
        }
        text_puts(out, "]");
    } else if (cJSON_IsObject(item)) {
        text_puts(out, "{");
        cJSON_ArrayForEach(member, item) {
            sheet_json_string(out, member->string);
            text_puts(out, ": ");
            sheet_json_value(out, member);
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
void sheet_json_document_head(struct text *out, const cJSON *root)
{
    const cJSON *member;
    text_puts(out, "{\n");
    cJSON_ArrayForEach(member, root) {
        text_puts(out, "  ");
        sheet_json_string(out, member->string);
        text_puts(out, ": ");
        sheet_json_value(out, member);
        if (member->next != NULL)
            text_puts(out, ",\n");
    }
}


/* --- Writing a folder ------------------------------------------------------- */

/* One cell of a JSON value: text, number with a decimal comma, true/false, a list
 * joined with "|"; nothing for null or absent. */
bool sheet_write_cell(FILE *stream, const cJSON *item)
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
