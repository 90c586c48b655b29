/* csv.c - the CSV tokeniser of a spreadsheet folder (csv.h). */
#include "io/csv.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- CSV ----------------------------------------------------------------- */

void csv_free(struct csv_table *table)
{
    mem_free(table->records);
    mem_free(table->cells);
    mem_free(table->text.data);
    memset(table, 0, sizeof *table);
}

/* The separator of the file: the most frequent of ; , and tab outside quotes in
 * the header line, ";" on a tie or when there is none. */
static char detect_separator(const char *text, size_t length)
{
    static const char candidates[] = {';', ',', '\t'};
    int counts[3] = {0, 0, 0};
    bool quoted = false;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted)
            for (int k = 0; k < 3; k++)
                if (c == candidates[k])
                    counts[k]++;
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (counts[k] > counts[best])
            best = k;
    return candidates[best];
}

/* Spaces, tabs and no-break spaces (U+00A0) at either end of a cell are not part of
 * it: a spreadsheet keeps what was typed, " 2017-11" and "Hankasalmi " alike. The
 * cell is the `*length` bytes at `cell`; returns how many lead, *length is cut to
 * the bytes kept after them. */
static size_t trim_cell(const char *cell, size_t *length)
{
    size_t end = *length;
    size_t start = 0;
    for (;;) {
        if (start < end && (cell[start] == ' ' || cell[start] == '\t'))
            start++;
        else if (start + 1 < end && (unsigned char)cell[start] == 0xC2 &&
                 (unsigned char)cell[start + 1] == 0xA0)
            start += 2;
        else
            break;
    }
    for (;;) {
        if (end > start && (cell[end - 1] == ' ' || cell[end - 1] == '\t'))
            end--;
        else if (end >= start + 2 && (unsigned char)cell[end - 2] == 0xC2 &&
                 (unsigned char)cell[end - 1] == 0xA0)
            end -= 2;
        else
            break;
    }
    *length = end - start;
    return start;
}

/* Append a cell whose text starts at `offset` of the table's text. */
static bool table_push_cell(struct csv_table *table, size_t offset, int line)
{
    if (table->cell_count == table->cell_capacity) {
        size_t grown = table->cell_capacity > 0 ? table->cell_capacity * 2 : 64;
        struct csv_cell *cells = mem_realloc(table->cells, grown * sizeof *cells);
        if (cells == NULL)
            return false;
        table->cells = cells;
        table->cell_capacity = grown;
    }
    table->cells[table->cell_count].offset = offset;
    table->cells[table->cell_count].line = line;
    table->cell_count++;
    return true;
}

static bool table_push_record(struct csv_table *table, size_t first, int count, int line)
{
    if (table->count == table->capacity) {
        if (table->capacity > INT_MAX / 2)
            return false;
        int grown = table->capacity > 0 ? table->capacity * 2 : 64;
        struct csv_record *records = mem_realloc(table->records, (size_t)grown * sizeof *records);
        if (records == NULL)
            return false;
        table->records = records;
        table->capacity = grown;
    }
    table->records[table->count].first = first;
    table->records[table->count].count = count;
    table->records[table->count].line = line;
    table->count++;
    return true;
}

/* Split `text` into records and cells (RFC 4180 with any line end and the detected
 * separator). A syntax error is reported at its line and column and ends the
 * reading of the file: returns false (also when memory runs out). */
bool csv_parse(struct diag *diag, const char *file, const char *text, size_t length,
               struct csv_table *table, bool *out_of_memory)
{
    size_t position = 0;
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        position = 3;
    /* NUL bytes were refused by decode_file, after UTF-16 was decoded (its text
     * holds NUL bytes until then) */
    int line = 1;
    /* Excel's "sep=;" first line names the separator */
    if (length - position >= 5 && strncasecmp(text + position, "sep=", 4) == 0 &&
        strchr("\r\n\"", text[position + 4]) == NULL &&
        (position + 5 == length || text[position + 5] == '\r' || text[position + 5] == '\n')) {
        table->separator = text[position + 4];
        position += 5;
        if (position < length && text[position] == '\r')
            position++;
        if (position < length && text[position] == '\n')
            position++;
        line = 2;
    } else {
        table->separator = detect_separator(text + position, length - position);
    }
    char separator = table->separator;
    struct text *cells_text = &table->text;
    text_append(cells_text, "", 1); /* offset 0: the text of every empty cell */
    while (position < length) {
        size_t first = table->cell_count;
        int record_line = line;
        int column = 0;  /* cells read on this line, empty ones included */
        int pending = 0; /* empty cells not yet kept: only when a non-empty one follows */
        int pending_line = line;
        for (;;) {
            int cell_line = line;
            size_t start = cells_text->length;
            column++;
            if (position < length && text[position] == '"') {
                position++;
                for (;;) {
                    if (position >= length) {
                        diag_error_at(diag, file, cell_line, column, NULL,
                               "a quoted cell is not closed (a \" is missing)");
                        return false;
                    }
                    char c = text[position];
                    if (c == '"' && position + 1 < length && text[position + 1] == '"') {
                        text_append(cells_text, "\"", 1);
                        position += 2;
                        continue;
                    }
                    if (c == '"') {
                        position++;
                        break;
                    }
                    size_t run = position;
                    while (run < length && text[run] != '"' && text[run] != '\n' && text[run] != '\r')
                        run++;
                    if (run > position) {
                        text_append(cells_text, text + position, run - position);
                        position = run;
                        continue;
                    }
                    if (c == '\n' || (c == '\r' && !(position + 1 < length && text[position + 1] == '\n')))
                        line++;
                    text_append(cells_text, &text[position], 1);
                    position++;
                }
                if (position < length && text[position] != separator && text[position] != '\r' &&
                    text[position] != '\n') {
                    diag_error_at(diag, file, line, column, NULL,
                           "text after the closing quote of a quoted cell (a quote inside a "
                           "quoted cell is written \"\")");
                    return false;
                }
            } else {
                size_t end = position;
                while (end < length && text[end] != separator && text[end] != '\r' && text[end] != '\n')
                    end++;
                text_append(cells_text, text + position, end - position);
                position = end;
            }
            if (!cells_text->failed) { /* trimmed where it lies, within the table's text */
                size_t kept = cells_text->length - start;
                size_t lead = trim_cell(cells_text->data + start, &kept);
                if (lead > 0)
                    memmove(cells_text->data + start, cells_text->data + start + lead, kept);
                cells_text->length = start + kept;
                cells_text->data[cells_text->length] = '\0';
            }
            if (cells_text->length == start) {
                if (pending++ == 0)
                    pending_line = cell_line;
            } else {
                if (column > MAX_CELLS) {
                    diag_error_at(diag, file, cell_line, column, NULL,
                           "a cell beyond column %d: no file of a CSV folder has that many columns",
                           MAX_CELLS);
                    return false;
                }
                text_append(cells_text, "", 1);
                for (; pending > 0; pending--)
                    if (!table_push_cell(table, 0, pending_line))
                        goto out_of_memory;
                if (!table_push_cell(table, start, cell_line))
                    goto out_of_memory;
            }
            if (cells_text->failed)
                goto out_of_memory;
            if (position < length && text[position] == separator) {
                position++;
                continue;
            }
            if (position < length && text[position] == '\r')
                position++;
            if (position < length && text[position] == '\n')
                position++;
            line++;
            break;
        }
        int count = (int)(table->cell_count - first);
        if (count > 0 && !table_push_record(table, first, count, record_line))
            goto out_of_memory;
    }
    if (cells_text->failed)
        goto out_of_memory;
    /* the block and the array no longer move: offsets become pointers */
    for (size_t c = 0; c < table->cell_count; c++)
        table->cells[c].text = cells_text->data + table->cells[c].offset;
    for (int r = 0; r < table->count; r++)
        table->records[r].cells = table->cells + table->records[r].first;
    return true;
out_of_memory:
    *out_of_memory = true;
    return false;
}
