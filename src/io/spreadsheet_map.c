/* spreadsheet_map.c - the errors of the instance check of a CSV folder, mapped
 * from their place in the document (array, element, key) to the file, line and
 * column of the cell, with the folder's own wording. */
#include "io/spreadsheet_map.h"

#include <stdio.h>
#include <string.h>

/* --- Validation messages back to file:line:column -------------------------- */

/* The file index of array `name`, or -1. */
static int array_file(const char *name)
{
    for (int f = 0; name != NULL && f < FILE_COUNT; f++)
        if (strcmp(sheet_file_specs[f].array, name) == 0)
            return f;
    return -1;
}

/* The line of element `index` of the array of file f, or 0 when there is no such row. */
static int element_line(const struct folder_reader *reader, int f, int index)
{
    if (f < 0 || index < 0 || index >= reader->files[f].element_count)
        return 0;
    return reader->files[f].element_line[index];
}

/* The reason of `entry` with its reference to another element ("also workers[3]")
 * given as the line of that row: "line 4" in the same file, else "FILE line 4". */
static void entry_reason(const struct folder_reader *reader, int same_file, const struct diag_entry *entry,
                         char *out, size_t size)
{
    int f = array_file(entry->ref_array);
    int line = element_line(reader, f, entry->ref_index);
    if (entry->ref_array == NULL)
        snprintf(out, size, "%s", entry->reason);
    else if (line == 0)
        snprintf(out, size, "%s%s[%d]%s", entry->reason, entry->ref_array, entry->ref_index, entry->reason_after);
    else if (f == same_file)
        snprintf(out, size, "%sline %d%s", entry->reason, line, entry->reason_after);
    else
        snprintf(out, size, "%s%s line %d%s", entry->reason, sheet_file_specs[f].file, line, entry->reason_after);
}

/* Report one entry of the instance check at its file, line and column: the CSV
 * reader's map from (array, element, key) to where the cell is. */
static void map_entry(struct folder_reader *reader, const char *folder, const struct diag_entry *entry)
{
    bool missing = entry->kind == DIAG_MISSING_KEY;
    char rewritten[MESSAGE_SIZE];

    /* a whole array file, or an element of one: ARRAY, ARRAY[N] or ARRAY[N].KEY... */
    int f = array_file(entry->array != NULL ? entry->array : entry->key);
    if (f >= 0 && entry->array == NULL) {
        const struct source_map *map = &reader->files[f];
        entry_reason(reader, f, entry, rewritten, sizeof rewritten);
        sheet_report(reader, map->path != NULL ? map->path : sheet_file_specs[f].file, 0, 0, NULL, "%s", rewritten);
        return;
    }
    if (f >= 0 && entry->index < reader->files[f].element_count) {
        const struct source_map *map = &reader->files[f];
        const struct file_spec *spec = &sheet_file_specs[f];
        int element = entry->index;
        int line = map->element_line[element];
        entry_reason(reader, f, entry, rewritten, sizeof rewritten);
        if (entry->key[0] == '\0' || entry->key[0] == '[') {
            sheet_report(reader, map->path, line, 0, NULL, "%s", rewritten);
            return;
        }
        char key[64];
        size_t key_length = strcspn(entry->key, "[.");
        snprintf(key, sizeof key, "%.*s", (int)key_length, entry->key);
        int column = 0;
        for (int k = 0; k < spec->column_count; k++)
            if (strcmp(spec->columns[k].name, key) == 0)
                column = map->column_of[k];
        for (int k = 0; k < spec->column_count; k++)
            if (strcmp(spec->columns[k].name, key) == 0 && missing &&
                (map->column_of[k] == 0 || (map->element_errors[element] & (1u << k)) != 0))
                return; /* already reported: the column or the cell */
        if (entry->kind == DIAG_MONTH_FORMAT)
            strncat(rewritten, " (in a spreadsheet also M.YYYY, as 10.2019, or a date D.M.YYYY)",
                    sizeof rewritten - strlen(rewritten) - 1);
        sheet_report(reader, map->path, line, column, key, "%s",
               missing ? "missing: the cell is empty" : rewritten);
        return;
    }
    /* a setting */
    for (int s = 0; s < SETTING_COUNT && entry->array == NULL; s++) {
        char key_buffer[48], path_buffer[48];
        struct setting_spec spec = sheet_setting_at(s, key_buffer, path_buffer, sizeof key_buffer);
        if (strcmp(entry->key, spec.path) != 0)
            continue;
        const char *file = reader->settings.path;
        int line = reader->settings.line[s];
        int column = line > 0 ? reader->settings.value_column : 0;
        const char *reason = entry->reason;
        if (missing && reader->settings.errored[s])
            return; /* the value was reported */
        if (missing)
            sheet_report(reader, file, 0, 0, spec.key, "missing: %s needs a row \"%s;%s\"", SETTINGS_FILE,
                   spec.key, s == SETTING_DATE ? "D.M.YYYY\" (as 8.10.2024) or \"date;YYYY-MM-DD" : "VALUE");
        else if (s == SETTING_DATE && entry->kind == DIAG_DATE_FORMAT)
            sheet_report(reader, file, line, column, spec.key, "expected a date D.M.YYYY (as 8.10.2024) or YYYY-MM-DD%s",
                   reason + strlen(READER_DATE_EXPECTED));
        else if (s == SETTING_DATE && strchr(reader->settings.date_text, '.') != NULL)
            sheet_report(reader, file, line, column, spec.key, "%s (written \"%s\" in the file, read as D.M.YYYY)",
                   reason, reader->settings.date_text);
        else
            sheet_report(reader, file, line, column, spec.key, "%s", reason);
        return;
    }
    /* anything else: where the instance check put it */
    char path[128];
    if (entry->array != NULL)
        snprintf(path, sizeof path, "%s[%d]%s%s", entry->array, entry->index,
                 entry->key[0] != '\0' && entry->key[0] != '[' ? "." : "", entry->key);
    else
        snprintf(path, sizeof path, "%s", entry->key);
    entry_reason(reader, -1, entry, rewritten, sizeof rewritten);
    sheet_report(reader, folder, 0, 0, path[0] != '\0' ? path : NULL, "%s", rewritten);
}

/* Check the document's text as an instance, reporting at file:line:column. */
bool spreadsheet_map_check(struct folder_reader *reader, const char *folder, const char *text, size_t length,
                    struct instance **checked)
{
    if (checked != NULL)
        *checked = NULL;
    for (int f = 0; f < FILE_COUNT; f++) {
        struct source_map *map = &reader->files[f];
        if (map->refused_count > 0 && !id_index_init(&map->refused_index, map->refused_count)) {
            reader->out_of_memory = true;
            return false;
        }
        const char *id = map->refused.data;
        for (int i = 0; i < map->refused_count; i++, id += strlen(id) + 1)
            id_index_insert(&map->refused_index, id, i);
    }
    struct refused_ids refused = {&reader->files[FILE_MUNICIPALITIES].refused_index,
                                  &reader->files[FILE_TEAMS].refused_index,
                                  &reader->files[FILE_WORKERS].refused_index};
    struct diag check;
    diag_init(&check, NULL);
    struct instance *instance = instance_parse_refusing(text, length, &check, &refused);
    bool ok = instance != NULL;
    if (checked != NULL)
        *checked = instance;
    else
        instance_free(instance);
    for (int i = 0; i < check.kept; i++)
        map_entry(reader, folder, &check.entries[i]);
    if (check.count > check.kept) {
        int more = check.count - check.kept;
        reader->diag->count += more;
    }
    if (check.out_of_memory)
        reader->out_of_memory = true;
    diag_free(&check);
    return ok;
}
