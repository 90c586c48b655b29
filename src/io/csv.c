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

/* Spaces, tabs and no-break spaces (U+00A0) at either end of an unquoted cell are
 * not part of it: a spreadsheet keeps what was typed, " 2017-11" and "Hankasalmi "
 * alike; a quoted cell is kept exactly (names with spaces at an end). The
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

/* The state of csv_parse while it splits a file: where it reads, the line and
 * column it is at, and the table the cells go to. */
struct csv_parser {
    struct diag *diag;
    const char *file;
    const char *text;
    size_t length;
    size_t position;
    int line;
    char separator;
    struct csv_table *table;
    struct text *cells_text; /* the table's text */
    int column;              /* cells read on this line, empty ones included */
    int pending;             /* empty cells not yet kept: only when a non-empty one follows */
    int pending_line;
    bool out_of_memory;
};

/* Note that memory ran out; returns false, for the caller to return. */
static bool note_out_of_memory(struct csv_parser *p)
{
    p->out_of_memory = true;
    return false;
}

/* Step past a byte order mark and Excel's "sep=;" first line, which names the
 * separator; without that line the separator is detected from the header line. */
static void read_separator(struct csv_parser *p)
{
    const char *text = p->text;
    size_t length = p->length, position = 0;
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        position = 3;
    /* NUL bytes were refused by decode_file, after UTF-16 was decoded (its text
     * holds NUL bytes until then) */
    p->line = 1;
    /* Excel's "sep=;" first line names the separator */
    if (length - position >= 5 && strncasecmp(text + position, "sep=", 4) == 0 &&
        strchr("\r\n\"", text[position + 4]) == NULL &&
        (position + 5 == length || text[position + 5] == '\r' || text[position + 5] == '\n')) {
        p->table->separator = text[position + 4];
        position += 5;
        if (position < length && text[position] == '\r')
            position++;
        if (position < length && text[position] == '\n')
            position++;
        p->line = 2;
    } else {
        p->table->separator = detect_separator(text + position, length - position);
    }
    p->separator = p->table->separator;
    p->position = position;
}

/* Read a quoted cell, from its opening quote past its closing one, into the table's
 * text: "" is one quote, line ends are kept. Returns false (reported) when the
 * quote is not closed or text follows the closing one. */
static inline bool read_quoted_cell(struct csv_parser *p, int cell_line)
{
    const char *text = p->text;
    size_t length = p->length, position = p->position + 1;
    struct text *cells_text = p->cells_text;
    for (;;) {
        if (position >= length) {
            diag_error_at(p->diag, p->file, cell_line, p->column, NULL,
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
            p->line++;
        text_append(cells_text, &text[position], 1);
        position++;
    }
    p->position = position;
    if (position < length && text[position] != p->separator && text[position] != '\r' &&
        text[position] != '\n') {
        diag_error_at(p->diag, p->file, p->line, p->column, NULL,
               "text after the closing quote of a quoted cell (a quote inside a "
               "quoted cell is written \"\")");
        return false;
    }
    return true;
}

/* Read an unquoted cell, up to the separator or the line end, into the table's
 * text. */
static inline void read_plain_cell(struct csv_parser *p)
{
    const char *text = p->text;
    size_t length = p->length, position = p->position, end = position;
    char separator = p->separator;
    while (end < length && text[end] != separator && text[end] != '\r' && text[end] != '\n')
        end++;
    text_append(p->cells_text, text + position, end - position);
    p->position = end;
}

/* Trim the cell from `start` of the table's text where it lies (trim_cell). */
static inline void trim_in_place(struct text *cells_text, size_t start)
{
    size_t kept = cells_text->length - start;
    size_t lead = trim_cell(cells_text->data + start, &kept);
    if (lead > 0)
        memmove(cells_text->data + start, cells_text->data + start + lead, kept);
    cells_text->length = start + kept;
    cells_text->data[cells_text->length] = '\0';
}

/* Keep the cell read from `start` of the table's text. An empty one is only
 * counted, and kept (as offset 0) when a non-empty one follows on its line.
 * Returns false on a cell beyond MAX_CELLS (reported) or when memory runs out. */
static inline bool keep_cell(struct csv_parser *p, size_t start, int cell_line)
{
    struct text *cells_text = p->cells_text;
    if (cells_text->length == start) {
        if (p->pending++ == 0)
            p->pending_line = cell_line;
        return true;
    }
    if (p->column > MAX_CELLS) {
        diag_error_at(p->diag, p->file, cell_line, p->column, NULL,
               "a cell beyond column %d: no file of a CSV folder has that many columns",
               MAX_CELLS);
        return false;
    }
    text_append(cells_text, "", 1);
    for (; p->pending > 0; p->pending--)
        if (!table_push_cell(p->table, 0, p->pending_line))
            return note_out_of_memory(p);
    if (!table_push_cell(p->table, start, cell_line))
        return note_out_of_memory(p);
    return true;
}

/* Read the cell at the parser's position, quoted or not, and keep it. Returns false
 * on a syntax error (reported) or when memory runs out. */
static inline bool read_cell(struct csv_parser *p)
{
    struct text *cells_text = p->cells_text;
    int cell_line = p->line;
    size_t start = cells_text->length;
    p->column++;
    bool quoted = p->position < p->length && p->text[p->position] == '"';
    if (quoted) {
        if (!read_quoted_cell(p, cell_line))
            return false;
    } else {
        read_plain_cell(p);
    }
    if (!cells_text->failed && !quoted) /* trimmed where it lies, within the table's text */
        trim_in_place(cells_text, start);
    if (!keep_cell(p, start, cell_line))
        return false;
    if (cells_text->failed)
        return note_out_of_memory(p);
    return true;
}

/* Step over what ends a cell: a separator, when another cell of the line follows
 * (returns true), or else the line end (returns false; the line is counted). */
static inline bool skip_cell_end(struct csv_parser *p)
{
    const char *text = p->text;
    size_t length = p->length;
    if (p->position < length && text[p->position] == p->separator) {
        p->position++;
        return true;
    }
    if (p->position < length && text[p->position] == '\r')
        p->position++;
    if (p->position < length && text[p->position] == '\n')
        p->position++;
    p->line++;
    return false;
}

/* Read the line at the parser's position into a record of the table; a line
 * without a non-empty cell is not kept. Returns false on a syntax error (reported)
 * or when memory runs out. */
static bool read_record(struct csv_parser *p)
{
    struct csv_table *table = p->table;
    size_t first = table->cell_count;
    int record_line = p->line;
    p->column = 0;
    p->pending = 0;
    p->pending_line = p->line;
    do {
        if (!read_cell(p))
            return false;
    } while (skip_cell_end(p));
    int count = (int)(table->cell_count - first);
    if (count > 0 && !table_push_record(table, first, count, record_line))
        return note_out_of_memory(p);
    return true;
}

/* Once the block and the array no longer move, offsets become pointers. */
static void resolve_offsets(struct csv_table *table)
{
    for (size_t c = 0; c < table->cell_count; c++)
        table->cells[c].text = table->text.data + table->cells[c].offset;
    for (int r = 0; r < table->count; r++)
        table->records[r].cells = table->cells + table->records[r].first;
}

/* Split `text` into records and cells (RFC 4180 with any line end and the detected
 * separator). A syntax error is reported at its line and column and ends the
 * reading of the file: returns false (also when memory runs out). */
bool csv_parse(struct diag *diag, const char *file, const char *text, size_t length,
               struct csv_table *table, bool *out_of_memory)
{
    struct csv_parser p = {
        .diag = diag, .file = file, .text = text, .length = length,
        .table = table, .cells_text = &table->text,
    };
    read_separator(&p);
    text_append(p.cells_text, "", 1); /* offset 0: the text of every empty cell */
    bool ok = true;
    while (ok && p.position < length)
        ok = read_record(&p);
    if (ok && p.cells_text->failed)
        ok = note_out_of_memory(&p);
    if (ok)
        resolve_offsets(table);
    if (p.out_of_memory)
        *out_of_memory = true;
    return ok;
}
