/* spreadsheet_rows.c - the rows of a CSV folder's files into the instance's JSON:
 * the header matched to the columns of the format, each row's cells as values
 * (a row without a required cell refused). */
#include "io/spreadsheet_rows.h"

#include <stdio.h>
#include <string.h>

#include "base/suggest.h"

/* " id, team, fte ..." : the columns of a file, for a message, in `known`. */
static const char *column_list(const struct file_spec *spec, char *known, size_t size)
{
    known[0] = '\0';
    for (int i = 0; i < spec->column_count; i++) {
        strncat(known, " ", size - strlen(known) - 1);
        strncat(known, spec->columns[i].name, size - strlen(known) - 1);
        if (i + 1 < spec->column_count)
            strncat(known, ",", size - strlen(known) - 1);
    }
    return known;
}

/* Report every empty cell of a required column of `record` ("missing: the cell is
 * empty") and, when there is one or when `header_refused` (a required column is
 * missing from the header, reported once with it), keep the row's id in
 * map->refused. Returns whether the row is refused. */
static bool refuse_row(struct folder_reader *reader, const struct file_spec *spec, struct source_map *map,
                       const struct csv_record *record, bool header_refused)
{
    bool refused = header_refused;
    for (int k = 0; k < spec->column_count; k++) {
        int c = map->column_of[k] - 1;
        if (!spec->columns[k].required || c < 0 || (c < record->count && record->cells[c].text[0] != '\0'))
            continue;
        sheet_report(reader, map->path, record->line, c + 1, spec->columns[k].name, "missing: the cell is empty");
        refused = true;
    }
    /* only the arrays that other rows refer to: municipalities, teams, workers */
    bool referred = spec == &sheet_file_specs[FILE_MUNICIPALITIES] || spec == &sheet_file_specs[FILE_TEAMS] ||
                    spec == &sheet_file_specs[FILE_WORKERS];
    int id_column = referred ? map->column_of[0] - 1 : -1;
    if (refused && id_column >= 0 && id_column < record->count && record->cells[id_column].text[0] != '\0') {
        const char *id = record->cells[id_column].text;
        if (id[0] == '\'')
            id++; /* as sheet_cell_value reads it */
        text_append(&map->refused, id, strlen(id) + 1);
        if (map->refused.failed)
            reader->out_of_memory = true;
        else
            map->refused_count++;
    }
    return refused;
}

/* An export's own column `name` (header cell `cell`) into the note's list
 * `extra`, with the format's nearest column when that is not in the file. */
static void note_extra_column(const struct file_spec *spec, const struct source_map *map, const char *name,
                              const char *cell, struct text *extra, int extra_count)
{
    char quoted[QUOTED_SIZE];
    text_puts(extra, extra_count > 0 ? ", " : "");
    text_puts(extra, sheet_quote(quoted, sizeof quoted, cell));
    const char *names[MAX_COLUMNS];
    for (int i = 0; i < spec->column_count; i++)
        names[i] = spec->columns[i].name;
    int near = suggest_nearest(name, names, spec->column_count);
    if (near >= 0 && map->column_of[near] == 0) {
        text_puts(extra, " (did you mean \"");
        text_puts(extra, names[near]);
        text_puts(extra, "\"?)");
    }
}

/* The header row matched to the format: spec_of[c] is the format column that file
 * column c holds (-1: none, -2: an export's own column, named in a note),
 * map->column_of[k] the file column (from 1) of format column k. A required column
 * missing is reported, *column_missing set. False when memory runs out. */
static bool match_header(struct folder_reader *reader, const struct file_spec *spec, struct source_map *map,
                         const struct csv_record *header, int *spec_of, bool *column_missing)
{
    char quoted[QUOTED_SIZE], known[256];
    const char *file = map->path;
    struct text extra = {0}; /* the extra columns, named once in a note */
    int extra_count = 0;
    for (int c = 0; c < header->count; c++) {
        spec_of[c] = -1;
        char *name = sheet_header_name(header->cells[c].text);
        if (name == NULL) {
            mem_free(extra.data);
            return false;
        }
        int k = 0;
        while (k < spec->column_count && strcmp(spec->columns[k].name, name) != 0)
            k++;
        if (name[0] == '\0') {
            /* a column without a name is fine while it is empty (a spreadsheet's trailing ;) */
        } else if (k == spec->column_count) {
            /* an export's own column ("notes"): named in a note, its cells not read */
            spec_of[c] = -2;
            note_extra_column(spec, map, name, header->cells[c].text, &extra, extra_count++);
        } else if (map->column_of[k] != 0) {
            sheet_report(reader, file, header->line, c + 1, spec->columns[k].name,
                   "the column is given twice (also column %d)", map->column_of[k]);
        } else {
            map->column_of[k] = c + 1;
            spec_of[c] = k;
        }
        mem_free(name);
    }
    bool ok = !extra.failed;
    if (ok && extra_count > 0)
        sheet_note(reader, file, "%s %s %s not read (the columns of %s:%s)", extra_count > 1 ? "columns" : "column",
             extra.data, extra_count > 1 ? "are" : "is", spec->file,
             column_list(spec, known, sizeof known));
    mem_free(extra.data);
    *column_missing = false;
    for (int k = 0; k < spec->column_count; k++) {
        if (spec->columns[k].required && map->column_of[k] == 0) {
            /* the other columns are still read, so their errors show in the same run */
            sheet_report(reader, file, header->line, 0, NULL, "missing column %s",
                   sheet_quote(quoted, sizeof quoted, spec->columns[k].name));
            *column_missing = true;
        }
    }
    return ok;
}

/* The first cell of `record` outside the header's columns, reported (one a row). */
static void report_cell_outside(struct folder_reader *reader, const char *file, const struct csv_table *table,
                                const struct csv_record *record, const int *spec_of)
{
    int columns = table->records[0].count;
    for (int c = 0; c < record->count; c++) {
        bool beyond = c >= columns;
        if ((beyond || spec_of[c] == -1) && record->cells[c].text[0] != '\0') {
            bool decimal_comma = table->separator == ',' && c > 0 &&
                                 sheet_cell_is_number(record->cells[c].text) &&
                                 sheet_cell_is_number(record->cells[c - 1].text);
            sheet_report(reader, file, record->cells[c].line, c + 1, NULL,
                   "a cell outside the columns of the header%s",
                   decimal_comma ? " (in a file separated by commas, a number with a "
                                   "decimal comma must be quoted: \"1,5\")"
                                 : "");
            return;
        }
    }
}

/* One row of the file into `out` as an element of the JSON array, or refused. */
static void read_row(struct folder_reader *reader, const struct file_spec *spec, struct source_map *map,
                     const struct csv_table *table, const struct csv_record *record, const int *spec_of,
                     bool column_missing, struct text *out)
{
    const char *file = map->path;
    cJSON *object = cJSON_CreateObject();
    if (object == NULL) {
        reader->out_of_memory = true;
        return;
    }
    map->element_line[map->element_count++] = record->line;
    /* the cells in the order of the format, so a folder always gives the same JSON */
    for (int k = 0; k < spec->column_count; k++) {
        int c = map->column_of[k] - 1;
        if (c < 0 || c >= record->count || record->cells[c].text[0] == '\0')
            continue;
        const struct csv_cell *cell = &record->cells[c];
        cJSON *value = sheet_cell_value(reader, file, cell, c + 1, spec->columns[k].name,
                                  spec->columns[k].type);
        if (value == NULL && !reader->out_of_memory)
            map->element_errors[map->element_count - 1] |= (unsigned char)(1u << k);
        sheet_add_value(reader, object, spec->columns[k].name, value);
    }
    report_cell_outside(reader, file, table, record, spec_of);
    /* A row without a required cell is refused here, with a message per empty
     * cell, and never reaches the instance check: so a file of such rows costs
     * its table and no more. So is every row of a file whose header lacks a
     * required column (named once above); its cells are still checked. The id
     * is kept, so that a reference to the row is not also reported as unknown. */
    if (refuse_row(reader, spec, map, record, column_missing)) {
        map->element_errors[--map->element_count] = 0;
        cJSON_Delete(object);
        return;
    }
    /* written even after an error in a cell, so the instance check still sees
     * the row (element k is the k-th row kept) and reports every error in one run */
    text_puts(out, map->element_count > 1 ? ",\n    " : "    ");
    sheet_json_value(out, object);
    cJSON_Delete(object);
    if (out->failed)
        reader->out_of_memory = true;
}

/* Read the cells of one array file into `out` as the elements of its JSON array,
 * one a line ("    {...}" joined by ",\n"), as the sample instances are written. Each
 * row is a cJSON object only while it is written, so the memory of a folder is
 * its CSV table and the JSON text, never a tree of the whole file. */
void spreadsheet_rows_read(struct folder_reader *reader, const struct file_spec *spec,
                            struct source_map *map, const struct csv_table *table, struct text *out)
{
    if (table->count == 0) {
        sheet_report(reader, map->path, 0, 0, NULL, "the file is empty: expected a header row (%s ...)",
               spec->columns[0].name);
        return;
    }
    const struct csv_record *header = &table->records[0];
    int *spec_of = mem_alloc(((size_t)header->count + 1) * sizeof *spec_of);
    bool column_missing = false;
    if (spec_of == NULL || !match_header(reader, spec, map, header, spec_of, &column_missing)) {
        reader->out_of_memory = true;
        mem_free(spec_of);
        return;
    }
    map->element_line = mem_calloc((size_t)table->count, sizeof *map->element_line);
    map->element_errors = mem_calloc((size_t)table->count, sizeof *map->element_errors);
    if (map->element_line == NULL || map->element_errors == NULL) {
        reader->out_of_memory = true;
        mem_free(spec_of);
        return;
    }
    for (int r = 1; r < table->count && !reader->out_of_memory; r++)
        read_row(reader, spec, map, table, &table->records[r], spec_of, column_missing, out);
    mem_free(spec_of);
}
