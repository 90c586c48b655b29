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
#include "io/sheet.h"
#include "io/spreadsheet_map.h"
#include "io/spreadsheet_rows.h"
#include "io/fileio.h"
#include "io/instance_json.h"
#include "base/text.h"
#include "base/suggest.h"

#define INSTANCE_FORMAT "caseload-instance/1"

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
                sheet_report(reader, file, 0, 0, NULL,
                       "the file starts as UTF-16 (\"Unicode text\") but is cut or holds an unpaired "
                       "surrogate: save it again as \"CSV UTF-8\"");
            goto fail;
        }
    } else if (memchr(text, '\0', length) != NULL) {
        sheet_report(reader, file, 0, 0, NULL,
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
        sheet_report(reader, file, 0, 0, NULL, "the file holds NUL characters: it is not a CSV text file");
        goto fail;
    }
    *decoded_length = out.length;
    return out.data;
fail:
    mem_free(out.data);
    return NULL;
}

/* --- Settings ---------------------------------------------------------------- */

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
        char *name = sheet_header_name(table->records[0].cells[0].text);
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
        char *key = sheet_header_name(record->cells[0].text);
        if (key == NULL) {
            reader->out_of_memory = true;
            break;
        }
        char key_buffer[48], path_buffer[48];
        int s = 0;
        while (s < SETTING_COUNT &&
               strcmp(sheet_setting_at(s, key_buffer, path_buffer, sizeof key_buffer).key, key) != 0)
            s++;
        if (s == SETTING_COUNT) {
            sheet_report(reader, file, record->line, 1, NULL,
                   "unknown setting %s (settings: name, date, cap, target, road_factor, "
                   "cross_team, family, weights.TERM with TERM one of unassigned, over_cap, hire, "
                   "move, cross_team, family_split, above_target, km)",
                   sheet_quote(quoted, sizeof quoted, record->cells[0].text));
        } else if (reader->settings.line[s] != 0) {
            sheet_report(reader, file, record->line, 1, key, "given twice (also line %d)",
                   reader->settings.line[s]);
        } else {
            reader->settings.line[s] = record->line;
            struct setting_spec spec = sheet_setting_at(s, key_buffer, path_buffer, sizeof key_buffer);
            if (record->count >= 2 && record->cells[1].text[0] != '\0') {
                if (!text_utf8_valid(record->cells[1].text, strlen(record->cells[1].text)))
                    sheet_report(reader, file, record->cells[1].line, 2, key,
                           "not valid UTF-8: save the file as \"CSV UTF-8\"");
                else
                    values[s] = sheet_cell_value(reader, file, &record->cells[1], 2, key, spec.type);
                reader->settings.errored[s] = values[s] == NULL;
                if (s == SETTING_DATE)
                    snprintf(reader->settings.date_text, sizeof reader->settings.date_text, "%s",
                             record->cells[1].text);
            }
            for (int c = 2; c < record->count; c++) {
                if (record->cells[c].text[0] != '\0') {
                    sheet_report(reader, file, record->cells[c].line, c + 1, key,
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
        struct setting_spec spec = sheet_setting_at(s, key_buffer, path_buffer, sizeof key_buffer);
        if (s < SETTING_FIRST_RULE) {
            sheet_add_value(reader, root, spec.key, values[s]);
        } else if (s < SETTING_FIRST_WEIGHT) {
            sheet_add_value(reader, rules, spec.key, values[s]);
        } else {
            if (weights == NULL) {
                weights = cJSON_CreateObject();
                sheet_add_value(reader, rules, "weights", weights);
                if (reader->out_of_memory) {
                    weights = NULL;
                    cJSON_Delete(values[s]);
                    continue;
                }
            }
            sheet_add_value(reader, weights, instance_term_name((enum term)(s - SETTING_FIRST_WEIGHT)), values[s]);
        }
        values[s] = NULL;
    }
    for (int s = 0; s < SETTING_COUNT; s++)
        cJSON_Delete(values[s]);
}

/* The file `name` of a folder held in memory, or NULL when it is not there. */
static const struct spreadsheet_buffer *find_buffer(const struct folder_reader *reader, const char *name)
{
    for (int i = 0; i < reader->buffer_count; i++)
        if (reader->buffers[i].name != NULL && strcmp(reader->buffers[i].name, name) == 0)
            return &reader->buffers[i];
    return NULL;
}

/* A copy of a file held in memory, NUL-terminated as fileio_read_all's. */
static char *copy_buffer(const struct spreadsheet_buffer *buffer, size_t *length)
{
    char *text = mem_alloc(buffer->length + 1);
    if (text == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    if (buffer->length > 0)
        memcpy(text, buffer->data, buffer->length);
    text[buffer->length] = '\0';
    *length = buffer->length;
    return text;
}

/* Read and split one file (`name` in the folder, at `path`); *missing is set when
 * it does not exist. */
static bool read_csv_file(struct folder_reader *reader, const char *path, const char *name, bool *missing,
                          struct csv_table *table)
{
    char error[512];
    size_t length = 0;
    struct stat status;
    const struct spreadsheet_buffer *buffer = reader->buffers != NULL ? find_buffer(reader, name) : NULL;
    *missing = reader->buffers != NULL ? buffer == NULL : stat(path, &status) != 0 && errno == ENOENT;
    if (*missing)
        return false;
    char *text = buffer != NULL ? copy_buffer(buffer, &length) : fileio_read_all(path, &length, error, sizeof error);
    if (text == NULL) {
        if (errno == ENOMEM)
            reader->out_of_memory = true;
        else
            sheet_report(reader, path, 0, 0, NULL, "%s", error);
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

char *spreadsheet_read_json(const char *folder, size_t *length, struct diag *diag)
{
    return spreadsheet_read_json_noted(folder, length, diag, NULL);
}

/* spreadsheet_read_json_noted, and when `checked` is not NULL the instance that
 * the check built from the text (NULL on failure), so that a caller who needs the
 * instance does not parse the text a second time. */
static char *read_folder(const char *folder, const struct spreadsheet_buffer *buffers, int buffer_count,
                         size_t *length, struct diag *diag, struct diag *notes, struct instance **checked)
{
    struct folder_reader reader;
    memset(&reader, 0, sizeof reader);
    reader.buffers = buffers;
    reader.buffer_count = buffer_count;
    reader.diag = diag;
    reader.notes = notes;
    int errors_before = diag->count;
    char *result = NULL;
    struct text out = {0};
    json_scan_use_hooks();

    cJSON *root = cJSON_CreateObject();
    cJSON *rules = cJSON_CreateObject();
    sheet_add_value(&reader, root, "format", cJSON_CreateString(INSTANCE_FORMAT));
    if (root == NULL || rules == NULL) {
        cJSON_Delete(rules);
        reader.out_of_memory = true;
        goto done;
    }
    if (buffers == NULL && !spreadsheet_is_folder(folder)) {
        sheet_report(&reader, folder, 0, 0, NULL, "not a folder of CSV files");
        cJSON_Delete(rules);
        goto done;
    }

    reader.settings.path = sheet_join_path(folder, SETTINGS_FILE);
    if (reader.settings.path == NULL) {
        cJSON_Delete(rules);
        reader.out_of_memory = true;
        goto done;
    }
    struct csv_table table = {0};
    bool missing = false;
    if (read_csv_file(&reader, reader.settings.path, SETTINGS_FILE, &missing, &table)) {
        reader.settings.present = true;
        read_settings(&reader, &table, root, rules);
    } else if (!missing) {
        reader.unreadable = true;
    }
    csv_free(&table);
    sheet_add_value(&reader, root, "rules", rules);

    /* The document: the members of root, then each array written row by row as its
     * file is read. */
    sheet_json_document_head(&out, root);
    for (int f = 0; f < FILE_COUNT && !reader.out_of_memory; f++) {
        const struct file_spec *spec = &sheet_file_specs[f];
        struct source_map *map = &reader.files[f];
        map->path = sheet_join_path(folder, spec->file);
        if (map->path == NULL) {
            reader.out_of_memory = true;
            break;
        }
        if (!read_csv_file(&reader, map->path, spec->file, &missing, &table)) {
            if (missing && !spec->optional)
                sheet_report(&reader, map->path, 0, 0, NULL,
                       "the file is missing (a CSV folder holds municipalities.csv, teams.csv, "
                       "workers.csv, children.csv and optionally distances.csv and settings.csv)");
            if (!missing || !spec->optional)
                reader.unreadable = true;
            csv_free(&table);
            continue;
        }
        map->present = true;
        text_puts(&out, ",\n  ");
        sheet_json_string(&out, spec->array);
        text_puts(&out, ": [\n");
        size_t rows_start = out.length;
        spreadsheet_rows_read(&reader, spec, map, &table, &out);
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
        sheet_note(&reader, folder, "not UTF-8, so read as Windows-1252 (Excel's plain \"CSV\"): %s; save "
             "as \"CSV UTF-8\" to be sure every letter is right", reader.windows_files.data);
    if (reader.born_cut > 0)
        sheet_note(&reader, reader.files[FILE_CHILDREN].path,
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
    if (!spreadsheet_map_check(&reader, folder, out.data, out.length, checked) || reader.out_of_memory ||
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
    return read_folder(folder, NULL, 0, length, diag, notes, NULL);
}

struct instance *spreadsheet_load(const char *folder, struct diag *diag)
{
    return spreadsheet_load_noted(folder, diag, NULL);
}

struct instance *spreadsheet_load_noted(const char *folder, struct diag *diag, struct diag *notes)
{
    size_t length = 0;
    struct instance *instance = NULL;
    mem_free(read_folder(folder, NULL, 0, &length, diag, notes, &instance));
    return instance;
}

char *spreadsheet_read_json_buffers(const char *folder, const struct spreadsheet_buffer *files, int count,
                                    size_t *length, struct diag *diag, struct diag *notes)
{
    static const struct spreadsheet_buffer none = {NULL, NULL, 0};
    return read_folder(folder, files != NULL ? files : &none, files != NULL ? count : 0, length, diag, notes,
                       NULL);
}

struct instance *spreadsheet_load_buffers(const char *folder, const struct spreadsheet_buffer *files, int count,
                                          struct diag *diag, struct diag *notes)
{
    static const struct spreadsheet_buffer none = {NULL, NULL, 0};
    size_t length = 0;
    struct instance *instance = NULL;
    mem_free(read_folder(folder, files != NULL ? files : &none, files != NULL ? count : 0, &length, diag, notes,
                         &instance));
    return instance;
}
