/* spreadsheet_write.c - an instance written as a CSV folder for Finnish
 * spreadsheets, and files of the wrong kind named for what they are. */
#include "io/sheet.h"
#include "io/spreadsheet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/fileio.h"

_Static_assert(SPREADSHEET_MAX_FILES == FILE_COUNT + 1, "settings.csv and one file per array");

/* Write `stream` content for one array file: the columns in use. */
static bool write_array_csv(FILE *stream, const struct file_spec *spec, const cJSON *array)
{
    bool used[MAX_COLUMNS] = {false};
    const cJSON *element;
    for (int k = 0; k < spec->column_count; k++) {
        used[k] = spec->columns[k].required;
        cJSON_ArrayForEach(element, array) {
            const cJSON *item = cJSON_GetObjectItemCaseSensitive(element, spec->columns[k].name);
            if (item != NULL && !cJSON_IsNull(item))
                used[k] = true;
        }
    }
    fputs("\xEF\xBB\xBF", stream);
    bool first = true;
    for (int k = 0; k < spec->column_count; k++) {
        if (!used[k])
            continue;
        if (!first)
            fputc(';', stream);
        fputs(spec->columns[k].name, stream);
        first = false;
    }
    fputs("\r\n", stream);
    cJSON_ArrayForEach(element, array) {
        first = true;
        for (int k = 0; k < spec->column_count; k++) {
            if (!used[k])
                continue;
            if (!first)
                fputc(';', stream);
            if (!sheet_write_cell(stream, cJSON_GetObjectItemCaseSensitive(element, spec->columns[k].name)))
                return false;
            first = false;
        }
        fputs("\r\n", stream);
    }
    return true;
}

static bool write_settings_csv(FILE *stream, const cJSON *root)
{
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(root, "rules");
    const cJSON *weights = cJSON_GetObjectItemCaseSensitive(rules, "weights");
    fputs("\xEF\xBB\xBFkey;value\r\n", stream);
    for (int s = 0; s < SETTING_COUNT; s++) {
        char key_buffer[48], path_buffer[48];
        struct setting_spec spec = sheet_setting_at(s, key_buffer, path_buffer, sizeof key_buffer);
        const cJSON *item;
        if (s < SETTING_FIRST_RULE)
            item = cJSON_GetObjectItemCaseSensitive(root, spec.key);
        else if (s < SETTING_FIRST_WEIGHT)
            item = cJSON_GetObjectItemCaseSensitive(rules, spec.key);
        else
            item = cJSON_GetObjectItemCaseSensitive(weights, instance_term_name((enum term)(s - SETTING_FIRST_WEIGHT)));
        if (item == NULL || cJSON_IsNull(item))
            continue;
        fprintf(stream, "%s;", spec.key);
        if (!sheet_write_cell(stream, item))
            return false;
        fputs("\r\n", stream);
    }
    return true;
}

/* Values the CSV form cannot carry: an empty area (an empty cell means the whole
 * region) and a municipality in an area whose name holds "|" or spaces at an end. */
static void check_writable(const cJSON *root, struct diag *diag)
{
    const cJSON *team;
    int t = 0;
    cJSON_ArrayForEach(team, cJSON_GetObjectItemCaseSensitive(root, "teams")) {
        char path[64];
        const cJSON *area = cJSON_GetObjectItemCaseSensitive(team, "area");
        snprintf(path, sizeof path, "teams[%d].area", t);
        if (cJSON_IsArray(area) && area->child == NULL)
            diag_error(diag, path, "an empty area cannot be written as CSV, where an empty cell "
                                   "means the whole region");
        const cJSON *name;
        cJSON_ArrayForEach(name, area) {
            const char *text = name->valuestring;
            size_t length = strlen(text);
            if (strchr(text, '|') != NULL || (length > 0 && (text[0] == ' ' || text[length - 1] == ' '))) {
                diag_error(diag, path, "municipality \"%s\" cannot be listed in a CSV cell (it holds "
                                       "\"|\" or spaces at an end)", text);
                break;
            }
        }
        t++;
    }
}

/* One file's content: settings.csv when `spec` is NULL, else its array's file. */
static bool write_content(FILE *stream, const struct file_spec *spec, const cJSON *root)
{
    return spec != NULL ? write_array_csv(stream, spec, cJSON_GetObjectItemCaseSensitive(root, spec->array))
                        : write_settings_csv(stream, root);
}

static bool write_file(const char *folder, const char *name, const struct file_spec *spec,
                       const cJSON *root, char *error, size_t error_size)
{
    char *path = sheet_join_path(folder, name);
    if (path == NULL) {
        snprintf(error, error_size, "out of memory");
        return false;
    }
    struct output_file file;
    bool ok = fileio_open(&file, path, error, error_size);
    if (ok) {
        bool written = write_content(file.stream, spec, root);
        if (!written || ferror(file.stream)) {
            snprintf(error, error_size, "%s: write failed", path);
            fileio_abort(&file);
            ok = false;
        } else {
            ok = fileio_commit(&file, error, error_size);
        }
    }
    mem_free(path);
    return ok;
}

/* Check that `text` is an instance the CSV form can carry, and parse it into
 * *root (the caller deletes it). EXIT_DONE, EXIT_INPUT (errors in `diag`) or
 * EXIT_INTERNAL (memory; reason in `error`, or none when the check ran out). */
static int writable_root(const char *text, size_t length, struct diag *diag, cJSON **root, char *error,
                         size_t error_size)
{
    int errors_before = diag->count;
    *root = NULL;
    struct instance *instance = instance_parse(text, length, diag);
    if (instance == NULL)
        return diag->count != errors_before ? EXIT_INPUT : EXIT_INTERNAL;
    instance_free(instance);

    json_scan_use_hooks();
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3, length -= 3;
    *root = cJSON_ParseWithLength(text, length);
    if (*root == NULL) {
        snprintf(error, error_size, "out of memory");
        return EXIT_INTERNAL;
    }
    check_writable(*root, diag);
    return diag->count != errors_before ? EXIT_INPUT : EXIT_DONE;
}

int spreadsheet_write_folder(const char *text, size_t length, const char *folder,
                             struct diag *diag, char *error, size_t error_size)
{
    cJSON *root = NULL;
    int result = writable_root(text, length, diag, &root, error, error_size);
    if (result != EXIT_DONE)
        goto done;
    if (mkdir(folder, 0700) != 0 && errno != EEXIST) {
        snprintf(error, error_size, "%s: cannot create the folder: %s", folder, strerror(errno));
        result = EXIT_INTERNAL;
        goto done;
    }
    if (!spreadsheet_is_folder(folder)) {
        snprintf(error, error_size, "%s: exists and is not a folder", folder);
        result = EXIT_INTERNAL;
        goto done;
    }
    if (!write_file(folder, SETTINGS_FILE, NULL, root, error, error_size)) {
        result = EXIT_INTERNAL;
        goto done;
    }
    for (int f = 0; f < FILE_COUNT; f++) {
        const struct file_spec *spec = &sheet_file_specs[f];
        if (cJSON_GetObjectItemCaseSensitive(root, spec->array) == NULL) {
            /* an absent optional table: a stale file of an earlier export must not come back */
            char *path = sheet_join_path(folder, spec->file);
            if (path == NULL || (unlink(path) != 0 && errno != ENOENT)) {
                snprintf(error, error_size, "%s: cannot remove the stale file", spec->file);
                mem_free(path);
                result = EXIT_INTERNAL;
                goto done;
            }
            mem_free(path);
            continue;
        }
        if (!write_file(folder, spec->file, spec, root, error, error_size)) {
            result = EXIT_INTERNAL;
            goto done;
        }
    }
done:
    cJSON_Delete(root);
    return result;
}

/* One file written into memory, as `name`; false when memory runs out. */
static bool write_buffer(const char *name, const struct file_spec *spec, const cJSON *root,
                         struct spreadsheet_written *file)
{
    char *data = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&data, &size);
    if (stream == NULL)
        return false;
    bool written = write_content(stream, spec, root) && !ferror(stream);
    if (fclose(stream) != 0 || !written) {
        free(data);
        return false;
    }
    *file = (struct spreadsheet_written){name, data, size}; /* malloc's, which mem_free frees */
    return true;
}

int spreadsheet_write_buffers(const char *text, size_t length, struct diag *diag, struct spreadsheet_written *files,
                              int *count, char *error, size_t error_size)
{
    *count = 0;
    cJSON *root = NULL;
    int result = writable_root(text, length, diag, &root, error, error_size);
    for (int f = -1; f < FILE_COUNT && result == EXIT_DONE; f++) {
        const struct file_spec *spec = f < 0 ? NULL : &sheet_file_specs[f];
        if (spec != NULL && cJSON_GetObjectItemCaseSensitive(root, spec->array) == NULL)
            continue; /* an absent optional table has no file */
        if (!write_buffer(spec != NULL ? spec->file : SETTINGS_FILE, spec, root, &files[*count])) {
            snprintf(error, error_size, "out of memory");
            result = EXIT_INTERNAL;
        } else {
            (*count)++;
        }
    }
    if (result != EXIT_DONE) {
        for (int i = 0; i < *count; i++)
            mem_free(files[i].data);
        *count = 0;
    }
    cJSON_Delete(root);
    return result;
}

/* --- Files of the wrong kind ----------------------------------------------- */

static bool ends_with(const char *text, const char *suffix)
{
    size_t length = strlen(text), suffix_length = strlen(suffix);
    return length >= suffix_length && strcasecmp(text + length - suffix_length, suffix) == 0;
}

/* True when the text is JSON written in UTF-16 or UTF-32, with or without a byte
 * order mark: its first character other than white space is { or [, with NUL bytes
 * around it. */
static bool wide_json(const unsigned char *bytes, size_t length)
{
    size_t i = 0;
    if (length >= 4 && ((bytes[0] == 0xFF && bytes[1] == 0xFE && bytes[2] == 0 && bytes[3] == 0) ||
                        (bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF)))
        i = 4;
    else if (length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        i = 2;
    else if (!(length >= 2 && (bytes[0] == 0 || bytes[1] == 0)))
        return false;
    for (; i < length && i < 64; i++) {
        unsigned char c = bytes[i];
        if (c == 0 || c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == '{' || c == '[';
    }
    return false;
}

bool spreadsheet_wrong_kind(const char *path, const char *text, size_t length, char *reason,
                            size_t size)
{
    const unsigned char *bytes = (const unsigned char *)text;
    size_t start = length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (start < length && (text[start] == ' ' || text[start] == '\t' || text[start] == '\r' ||
                              text[start] == '\n'))
        start++;
    if (start < length && (text[start] == '{' || text[start] == '['))
        return false; /* JSON: the parser says what is wrong with it */
    if (wide_json(bytes, length))
        return false; /* JSON in UTF-16 or UTF-32: the parser says it must be UTF-8 */
    const char *save = "save each sheet with \"Save as\" > \"CSV UTF-8\" into one folder (settings, "
                       "municipalities, teams, workers, children) and give the folder";
    if (length >= 4 && memcmp(text, "PK\x03\x04", 4) == 0) {
        const char *what = ends_with(path, ".ods")    ? "an OpenDocument spreadsheet (.ods)"
                           : ends_with(path, ".xlsx") || ends_with(path, ".xlsm")
                               ? "an Excel workbook (.xlsx)"
                               : "a ZIP archive (an Excel .xlsx or .ods workbook is one)";
        snprintf(reason, size, "%s, not a caseload instance: %s", what, save);
        return true;
    }
    if (length >= 4 && bytes[0] == 0xD0 && bytes[1] == 0xCF && bytes[2] == 0x11 && bytes[3] == 0xE0) {
        snprintf(reason, size, "an old Excel workbook (.xls), not a caseload instance: %s", save);
        return true;
    }
    bool csv_name = ends_with(path, ".csv") || ends_with(path, ".txt");
    size_t line_end = start;
    while (line_end < length && text[line_end] != '\n')
        line_end++;
    bool separated = memchr(text + start, ';', line_end - start) != NULL ||
                     memchr(text + start, '\t', line_end - start) != NULL ||
                     memchr(text + start, ',', line_end - start) != NULL;
    if (csv_name || (length >= 2 && (bytes[0] == 0xFF || bytes[0] == 0xFE)) || separated) {
        char folder[512];
        snprintf(folder, sizeof folder, "%s", path);
        char *slash = strrchr(folder, '/');
        if (slash != NULL)
            *slash = '\0';
        else
            snprintf(folder, sizeof folder, ".");
        snprintf(reason, size,
                 "a spreadsheet file (CSV), not a caseload instance: an instance is a JSON file or a "
                 "folder of CSV files; give the folder that holds it (%s) with settings.csv, "
                 "municipalities.csv, teams.csv, workers.csv and children.csv",
                 strcmp(path, "-") == 0 ? "FOLDER" : folder);
        return true;
    }
    return false;
}
