/* spreadsheet.c - a folder of CSV files <-> caseload-instance/1 JSON, errors at file:line:column. */
#include "spreadsheet.h"

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

#include "fileio.h"
#include "instance_json.h"
#include "plan.h"
#include "suggest.h"

#define INSTANCE_FORMAT "caseload-instance/1"
/* Room for "FOLDER/FILE.csv:LINE:COLUMN" and for a rewritten message. */
#define POSITION_SIZE 4200
#define MESSAGE_SIZE 1024
#define QUOTED_SIZE 80

/* --- The format ------------------------------------------------------------ */

enum cell_type {
    CELL_STRING,
    CELL_NUMBER,
    CELL_BOOL,
    CELL_LIST, /* strings separated by "|" */
    CELL_DATE, /* YYYY-MM-DD, D.M.YYYY accepted */
    CELL_MONTH /* YYYY-MM, M.YYYY accepted; a D.M.YYYY date is cut to its month */
};

struct column_spec {
    const char *name; /* the JSON key */
    enum cell_type type;
    bool required;    /* the column must be in the header */
};

struct file_spec {
    const char *file;  /* "workers.csv" */
    const char *array; /* "workers" */
    const struct column_spec *columns;
    int column_count;
    bool optional;     /* the file may be missing */
};

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

/* In the order of the JSON document. */
enum { FILE_MUNICIPALITIES, FILE_DISTANCES, FILE_TEAMS, FILE_WORKERS, FILE_CHILDREN, FILE_COUNT };

static const struct file_spec file_specs[FILE_COUNT] = {
    {"municipalities.csv", "municipalities", municipality_columns, COUNT_OF(municipality_columns), false},
    {"distances.csv", "distances", distance_columns, COUNT_OF(distance_columns), true},
    {"teams.csv", "teams", team_columns, COUNT_OF(team_columns), false},
    {"workers.csv", "workers", worker_columns, COUNT_OF(worker_columns), false},
    {"children.csv", "children", child_columns, COUNT_OF(child_columns), false},
};

#define SETTINGS_FILE "settings.csv"
#define MAX_COLUMNS 8 /* no file has more */

/* The keys of settings.csv and where they go in the JSON document. */
struct setting_spec {
    const char *key;  /* "cap", "weights.move" */
    const char *path; /* "rules.cap", "rules.weights.move" */
    enum cell_type type;
};

enum { SETTING_NAME, SETTING_DATE, SETTING_FIRST_RULE = 2, SETTING_FIRST_WEIGHT = 7 };
#define SETTING_COUNT (SETTING_FIRST_WEIGHT + TERM_COUNT)

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
static struct setting_spec setting_at(int s, char *key, char *path, size_t size)
{
    if (s < SETTING_FIRST_WEIGHT)
        return fixed_settings[s];
    const char *term = term_name((enum term)(s - SETTING_FIRST_WEIGHT));
    snprintf(key, size, "weights.%s", term);
    snprintf(path, size, "rules.weights.%s", term);
    return (struct setting_spec){key, path, CELL_NUMBER};
}

/* --- Errors -------------------------------------------------------------- */

/* Text that grows as it is written (see text_append). */
struct text {
    char *data;
    size_t length, capacity;
    bool failed; /* memory ran out: the text is incomplete */
};

/* Where the cells of one file went in the JSON document, to name file:line:column. */
struct source_map {
    char *path;                 /* "FOLDER/workers.csv", owned */
    bool present;               /* the file was read */
    int column_of[MAX_COLUMNS]; /* per spec column: 1-based column in the file, 0 when absent */
    int *element_line;          /* per array element: line of its row */
    unsigned char *element_errors; /* per array element: bit k set when spec column k had an error */
    int element_count;
    struct text refused;        /* ids of rows refused for an empty required cell, each NUL-ended */
    int refused_count;
    struct id_index refused_index; /* the same, indexed once the folder is read */
};

struct settings_map {
    char *path;
    bool present;
    int line[SETTING_COUNT]; /* line of each key's row, 0 when absent */
    bool errored[SETTING_COUNT]; /* the row's value was reported as wrong */
    char date_text[QUOTED_SIZE]; /* the date as written, "8.10.2024" */
    int value_column;        /* column of the values (2) */
};

struct folder_reader {
    struct diag *diag;
    struct diag *notes; /* warnings, or NULL when the caller wants none */
    bool out_of_memory;
    int born_cut;       /* birth dates cut to their month (noted once) */
    bool unreadable;    /* a file could not be split into cells: no instance check */
    struct text windows_files; /* files read as Windows-1252, "a.csv, b.csv" */
    struct source_map files[FILE_COUNT];
    struct settings_map settings;
};

/* Report an error at `file` (line and column when > 0) about column `name` (NULL: none). */
static void report(struct folder_reader *reader, const char *file, int line, int column,
                   const char *name, const char *format, ...) __attribute__((format(printf, 6, 7)));

static void report(struct folder_reader *reader, const char *file, int line, int column,
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
static void note(struct folder_reader *reader, const char *file, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static void note(struct folder_reader *reader, const char *file, const char *format, ...)
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
static const char *quote(char *buffer, size_t size, const char *text)
{
    return message_quote(buffer, size, text);
}

/* --- Growing text ---------------------------------------------------------- */


static void text_append(struct text *text, const char *bytes, size_t count)
{
    if (text->failed)
        return;
    if (text->length + count + 1 > text->capacity) {
        size_t capacity = text->capacity > 0 ? text->capacity : 256;
        while (capacity < text->length + count + 1)
            capacity *= 2;
        char *data = mem_realloc(text->data, capacity);
        if (data == NULL) {
            text->failed = true;
            return;
        }
        text->data = data;
        text->capacity = capacity;
    }
    memcpy(text->data + text->length, bytes, count);
    text->length += count;
    text->data[text->length] = '\0';
}

static void text_puts(struct text *text, const char *string)
{
    text_append(text, string, strlen(string));
}

/* --- CSV ----------------------------------------------------------------- */

/* The most cells a line may hold up to its last non-empty one. No file of a folder
 * has more than MAX_COLUMNS columns, and empty cells at the end of a line (a
 * spreadsheet's trailing separators) are not kept at all, so this only stops a
 * line that would fill memory with cells. */
#define MAX_CELLS 1000

/* A table keeps every cell's text in one block and every record's cells in one
 * array, so its memory is a small multiple of the file's size, whatever the file
 * holds: about 16 bytes per kept cell and 16 per line, plus the text. While the
 * file is split the block and the array still move; offsets and indices stand in
 * for the pointers until csv_parse ends. */
struct csv_cell {
    union {
        size_t offset; /* while splitting: where the text starts in the table's text */
        char *text;    /* after: NUL-terminated, owned by the table */
    };
    int line; /* line where the cell starts */
};

struct csv_record {
    union {
        size_t first;            /* while splitting: its first cell in the table's cells */
        struct csv_cell *cells;  /* after: its cells, owned by the table */
    };
    int count; /* cells up to the last non-empty one; empty lines are not kept */
    int line;
};

struct csv_table {
    char separator;
    struct csv_record *records;
    int count, capacity;
    struct csv_cell *cells; /* the cells of every record, in order */
    size_t cell_count, cell_capacity;
    struct text text;       /* every cell's text, NUL-terminated; offset 0 is "" */
};

static void csv_free(struct csv_table *table)
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
static bool csv_parse(struct folder_reader *reader, const char *file, const char *text,
                      size_t length, struct csv_table *table)
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
                        report(reader, file, cell_line, column, NULL,
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
                    report(reader, file, line, column, NULL,
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
                    report(reader, file, cell_line, column, NULL,
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
    reader->out_of_memory = true;
    return false;
}

/* Length of the valid UTF-8 sequence at `text`, 0 when it is not one. */
static size_t utf8_length(const unsigned char *text)
{
    if (text[0] < 0x80)
        return 1;
    size_t length;
    unsigned minimum;
    unsigned code;
    if ((text[0] & 0xE0) == 0xC0) {
        length = 2, minimum = 0x80, code = text[0] & 0x1F;
    } else if ((text[0] & 0xF0) == 0xE0) {
        length = 3, minimum = 0x800, code = text[0] & 0x0F;
    } else if ((text[0] & 0xF8) == 0xF0) {
        length = 4, minimum = 0x10000, code = text[0] & 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < length; i++) {
        if ((text[i] & 0xC0) != 0x80)
            return 0;
        code = (code << 6) | (text[i] & 0x3F);
    }
    if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return 0;
    return length;
}

static bool is_utf8(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    while (*p != '\0') {
        size_t length = utf8_length(p);
        if (length == 0)
            return false;
        p += length;
    }
    return true;
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

/* True when the `length` bytes at `text` are all valid UTF-8 (NUL included). */
static bool is_utf8_bytes(const char *text, size_t length)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0;
    while (i < length) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        unsigned char sequence[5] = {0};
        size_t take = length - i < 4 ? length - i : 4;
        memcpy(sequence, p + i, take);
        size_t step = utf8_length(sequence);
        if (step == 0 || step > take)
            return false;
        i += step;
    }
    return true;
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
    } else if (is_utf8_bytes(text, length)) {
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
static char *trimmed_copy(const char *text, size_t length)
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

/* The JSON value of a cell of `type`, or NULL after reporting why it cannot be one
 * (or with reader->out_of_memory). */
static cJSON *cell_value(struct folder_reader *reader, const char *file, const struct csv_cell *cell,
                         int column, const char *name, enum cell_type type)
{
    char quoted[QUOTED_SIZE];
    cJSON *value = NULL;
    /* text as plan_csv_field writes it: one leading apostrophe neutralises a formula */
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
static void add_value(struct folder_reader *reader, cJSON *object, const char *key, cJSON *value)
{
    if (value == NULL)
        return;
    if (object == NULL || !cJSON_AddItemToObject(object, key, value)) {
        cJSON_Delete(value);
        reader->out_of_memory = true;
    }
}

/* ASCII-lowercase copy of a header cell without surrounding spaces (mem_free it). */
static char *header_name(const char *text)
{
    char *name = trimmed_copy(text, strlen(text));
    for (char *p = name; p != NULL && *p != '\0'; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return name;
}

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

static void json_value(struct text *out, const cJSON *item);

/* Report every empty cell of a required column of `record` ("missing: the cell is
 * empty") and, when there is one, keep the row's id in map->refused. Returns
 * whether the row is refused. A required column missing from the header is
 * reported once, with the header, and does not refuse the rows. */
static bool refuse_row(struct folder_reader *reader, const struct file_spec *spec, struct source_map *map,
                       const struct csv_record *record)
{
    bool refused = false;
    for (int k = 0; k < spec->column_count; k++) {
        int c = map->column_of[k] - 1;
        if (!spec->columns[k].required || c < 0 || (c < record->count && record->cells[c].text[0] != '\0'))
            continue;
        report(reader, map->path, record->line, c + 1, spec->columns[k].name, "missing: the cell is empty");
        refused = true;
    }
    /* only the arrays that other rows refer to: municipalities, teams, workers */
    bool referred = spec == &file_specs[FILE_MUNICIPALITIES] || spec == &file_specs[FILE_TEAMS] ||
                    spec == &file_specs[FILE_WORKERS];
    int id_column = referred ? map->column_of[0] - 1 : -1;
    if (refused && id_column >= 0 && id_column < record->count && record->cells[id_column].text[0] != '\0') {
        const char *id = record->cells[id_column].text;
        if (id[0] == '\'')
            id++; /* as cell_value reads it */
        text_append(&map->refused, id, strlen(id) + 1);
        if (map->refused.failed)
            reader->out_of_memory = true;
        else
            map->refused_count++;
    }
    return refused;
}

/* Read the cells of one array file into `out` as the elements of its JSON array,
 * one a line ("    {...}" joined by ",\n"), as the sample instances are written. Each
 * row is a cJSON object only while it is written, so the memory of a folder is
 * its CSV table and the JSON text, never a tree of the whole file. */
static void read_array_file(struct folder_reader *reader, const struct file_spec *spec,
                            struct source_map *map, const struct csv_table *table, struct text *out)
{
    char quoted[QUOTED_SIZE];
    const char *file = map->path;
    if (table->count == 0) {
        report(reader, file, 0, 0, NULL, "the file is empty: expected a header row (%s ...)",
               spec->columns[0].name);
        return;
    }
    /* header: which spec column each file column holds (-1: none) */
    const struct csv_record *header = &table->records[0];
    int *spec_of = mem_alloc((size_t)header->count * sizeof *spec_of);
    if (spec_of == NULL) {
        reader->out_of_memory = true;
        return;
    }
    struct text extra = {0}; /* the extra columns, named once in a note */
    char known[256];
    int extra_count = 0;
    for (int c = 0; c < header->count; c++) {
        spec_of[c] = -1;
        char *name = header_name(header->cells[c].text);
        if (name == NULL) {
            reader->out_of_memory = true;
            mem_free(spec_of);
            mem_free(extra.data);
            return;
        }
        int k = 0;
        while (k < spec->column_count && strcmp(spec->columns[k].name, name) != 0)
            k++;
        if (name[0] == '\0') {
            /* a column without a name is fine while it is empty (a spreadsheet's trailing ;) */
        } else if (k == spec->column_count) {
            /* an export's own column ("notes"): named in a note, its cells not read */
            spec_of[c] = -2;
            text_puts(&extra, extra_count > 0 ? ", " : "");
            text_puts(&extra, quote(quoted, sizeof quoted, header->cells[c].text));
            const char *names[MAX_COLUMNS];
            for (int i = 0; i < spec->column_count; i++)
                names[i] = spec->columns[i].name;
            int near = suggest_nearest(name, names, spec->column_count);
            if (near >= 0 && map->column_of[near] == 0) {
                text_puts(&extra, " (did you mean \"");
                text_puts(&extra, names[near]);
                text_puts(&extra, "\"?)");
            }
            extra_count++;
        } else if (map->column_of[k] != 0) {
            report(reader, file, header->line, c + 1, spec->columns[k].name,
                   "the column is given twice (also column %d)", map->column_of[k]);
        } else {
            map->column_of[k] = c + 1;
            spec_of[c] = k;
        }
        mem_free(name);
    }
    if (extra.failed)
        reader->out_of_memory = true;
    else if (extra_count > 0)
        note(reader, file, "%s %s %s not read (the columns of %s:%s)", extra_count > 1 ? "columns" : "column",
             extra.data, extra_count > 1 ? "are" : "is", spec->file,
             column_list(spec, known, sizeof known));
    mem_free(extra.data);
    for (int k = 0; k < spec->column_count; k++) {
        if (spec->columns[k].required && map->column_of[k] == 0) {
            /* the other columns are still read, so their errors show in the same run */
            report(reader, file, header->line, 0, NULL, "missing column %s",
                   quote(quoted, sizeof quoted, spec->columns[k].name));
        }
    }

    map->element_line = mem_calloc((size_t)table->count, sizeof *map->element_line);
    map->element_errors = mem_calloc((size_t)table->count, sizeof *map->element_errors);
    if (map->element_line == NULL || map->element_errors == NULL) {
        reader->out_of_memory = true;
        mem_free(spec_of);
        return;
    }
    for (int r = 1; r < table->count && !reader->out_of_memory; r++) {
        const struct csv_record *record = &table->records[r];
        cJSON *object = cJSON_CreateObject();
        if (object == NULL) {
            reader->out_of_memory = true;
            break;
        }
        map->element_line[map->element_count++] = record->line;
        /* the cells in the order of the format, so a folder always gives the same JSON */
        for (int k = 0; k < spec->column_count; k++) {
            int c = map->column_of[k] - 1;
            if (c < 0 || c >= record->count || record->cells[c].text[0] == '\0')
                continue;
            const struct csv_cell *cell = &record->cells[c];
            cJSON *value = cell_value(reader, file, cell, c + 1, spec->columns[k].name,
                                      spec->columns[k].type);
            if (value == NULL && !reader->out_of_memory)
                map->element_errors[map->element_count - 1] |= (unsigned char)(1u << k);
            add_value(reader, object, spec->columns[k].name, value);
        }
        for (int c = 0; c < record->count; c++) {
            bool beyond = c >= header->count;
            if ((beyond || spec_of[c] == -1) && record->cells[c].text[0] != '\0') {
                double number;
                bool decimal_comma = table->separator == ',' && c > 0 &&
                                     parse_number(record->cells[c].text, &number) &&
                                     parse_number(record->cells[c - 1].text, &number);
                report(reader, file, record->cells[c].line, c + 1, NULL,
                       "a cell outside the columns of the header%s",
                       decimal_comma ? " (in a file separated by commas, a number with a "
                                       "decimal comma must be quoted: \"1,5\")"
                                     : "");
                break;
            }
        }
        /* A row without a required cell is refused here, with a message per empty
         * cell, and never reaches the instance check: so a file of such rows costs
         * its table and no more. Its id is kept, so that a reference to it is not
         * also reported as unknown. */
        if (refuse_row(reader, spec, map, record)) {
            map->element_errors[--map->element_count] = 0;
            cJSON_Delete(object);
            continue;
        }
        /* written even after an error in a cell, so the instance check still sees
         * the row (element k is the k-th row kept) and reports every error in one run */
        text_puts(out, map->element_count > 1 ? ",\n    " : "    ");
        json_value(out, object);
        cJSON_Delete(object);
        if (out->failed)
            reader->out_of_memory = true;
    }
    mem_free(spec_of);
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
                if (!is_utf8(record->cells[1].text))
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
            add_value(reader, weights, term_name((enum term)(s - SETTING_FIRST_WEIGHT)), values[s]);
        }
        values[s] = NULL;
    }
    for (int s = 0; s < SETTING_COUNT; s++)
        cJSON_Delete(values[s]);
}

/* "FOLDER/NAME" in a new string. */
static char *join_path(const char *folder, const char *name)
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
    bool ok = csv_parse(reader, path, decoded, decoded_length, table);
    mem_free(decoded);
    return ok;
}

/* --- JSON text ------------------------------------------------------------ */

static void json_string(struct text *out, const char *string)
{
    text_puts(out, "\"");
    for (const unsigned char *p = (const unsigned char *)string; *p != '\0'; p++) {
        char escape[8];
        if (*p == '"' || *p == '\\') {
            escape[0] = '\\', escape[1] = (char)*p, escape[2] = '\0';
            text_puts(out, escape);
        } else if (*p < 0x20 || *p == 0x7f) {
            snprintf(escape, sizeof escape, "\\u%04x", *p);
            text_puts(out, escape);
        } else {
            text_append(out, (const char *)p, 1);
        }
    }
    text_puts(out, "\"");
}

/* The shortest text that reads back as exactly `value`. */
static void json_number(struct text *out, double value)
{
    char buffer[40];
    if (value == 0)
        value = 0; /* no "-0" */
    for (int precision = 15; precision <= 17; precision++) {
        snprintf(buffer, sizeof buffer, "%.*g", precision, value);
        if (strtod(buffer, NULL) == value)
            break;
    }
    text_puts(out, buffer);
}

/* A value on one line: {"key": value, ...}, [a, b]. */
static void json_value(struct text *out, const cJSON *item)
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

/* --- Validation messages back to file:line:column -------------------------- */

/* The file index of array `name`, or -1. */
static int array_file(const char *name)
{
    for (int f = 0; name != NULL && f < FILE_COUNT; f++)
        if (strcmp(file_specs[f].array, name) == 0)
            return f;
    return -1;
}

/* The line of element `index` of the array of file f, or 0 when there is no such row. */
static int element_line(const struct folder_reader *reader, int f, int index)
{
    const struct source_map *map = &reader->files[f];
    return f >= 0 && index >= 0 && index < map->element_count ? map->element_line[index] : 0;
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
        snprintf(out, size, "%s%s line %d%s", entry->reason, file_specs[f].file, line, entry->reason_after);
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
        report(reader, map->path != NULL ? map->path : file_specs[f].file, 0, 0, NULL, "%s", rewritten);
        return;
    }
    if (f >= 0 && entry->index < reader->files[f].element_count) {
        const struct source_map *map = &reader->files[f];
        const struct file_spec *spec = &file_specs[f];
        int element = entry->index;
        int line = map->element_line[element];
        entry_reason(reader, f, entry, rewritten, sizeof rewritten);
        if (entry->key[0] == '\0' || entry->key[0] == '[') {
            report(reader, map->path, line, 0, NULL, "%s", rewritten);
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
        report(reader, map->path, line, column, key, "%s",
               missing ? "missing: the cell is empty" : rewritten);
        return;
    }
    /* a setting */
    for (int s = 0; s < SETTING_COUNT && entry->array == NULL; s++) {
        char key_buffer[48], path_buffer[48];
        struct setting_spec spec = setting_at(s, key_buffer, path_buffer, sizeof key_buffer);
        if (strcmp(entry->key, spec.path) != 0)
            continue;
        const char *file = reader->settings.path;
        int line = reader->settings.line[s];
        int column = line > 0 ? reader->settings.value_column : 0;
        const char *reason = entry->reason;
        if (missing && reader->settings.errored[s])
            return; /* the value was reported */
        if (missing)
            report(reader, file, 0, 0, spec.key, "missing: %s needs a row \"%s;%s\"", SETTINGS_FILE,
                   spec.key, s == SETTING_DATE ? "D.M.YYYY\" (as 8.10.2024) or \"date;YYYY-MM-DD" : "VALUE");
        else if (s == SETTING_DATE && entry->kind == DIAG_DATE_FORMAT)
            report(reader, file, line, column, spec.key, "expected a date D.M.YYYY (as 8.10.2024) or YYYY-MM-DD%s",
                   reason + strlen(READER_DATE_EXPECTED));
        else if (s == SETTING_DATE && strchr(reader->settings.date_text, '.') != NULL)
            report(reader, file, line, column, spec.key, "%s (written \"%s\" in the file, read as D.M.YYYY)",
                   reason, reader->settings.date_text);
        else
            report(reader, file, line, column, spec.key, "%s", reason);
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
    report(reader, folder, 0, 0, path[0] != '\0' ? path : NULL, "%s", rewritten);
}

/* Check the document's text as an instance, reporting at file:line:column. */
static bool check_instance(struct folder_reader *reader, const char *folder, const char *text,
                           size_t length)
{
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

static void use_memory_hooks(void)
{
    cJSON_Hooks hooks = {hook_allocate, mem_free};
    cJSON_InitHooks(&hooks);
}

char *spreadsheet_read_json(const char *folder, size_t *length, struct diag *diag)
{
    return spreadsheet_read_json_noted(folder, length, diag, NULL);
}

char *spreadsheet_read_json_noted(const char *folder, size_t *length, struct diag *diag,
                                  struct diag *notes)
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
    if (!check_instance(&reader, folder, out.data, out.length) || reader.out_of_memory ||
        diag->count != errors_before)
        goto done;
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

struct instance *spreadsheet_load(const char *folder, struct diag *diag)
{
    size_t length = 0;
    char *text = spreadsheet_read_json(folder, &length, diag);
    if (text == NULL)
        return NULL;
    struct instance *instance = instance_parse(text, length, diag);
    mem_free(text);
    return instance;
}

/* --- Writing a folder ------------------------------------------------------- */

/* One cell of a JSON value: text, number with a decimal comma, true/false, a list
 * joined with "|"; nothing for null or absent. */
static bool write_cell(FILE *stream, const cJSON *item)
{
    if (item == NULL || cJSON_IsNull(item))
        return true;
    if (cJSON_IsString(item)) {
        plan_csv_field(stream, item->valuestring);
    } else if (cJSON_IsNumber(item)) {
        plan_csv_number(stream, item->valuedouble);
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
        plan_csv_field(stream, joined.data);
        mem_free(joined.data);
    }
    return true;
}

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
            if (!write_cell(stream, cJSON_GetObjectItemCaseSensitive(element, spec->columns[k].name)))
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
        struct setting_spec spec = setting_at(s, key_buffer, path_buffer, sizeof key_buffer);
        const cJSON *item;
        if (s < SETTING_FIRST_RULE)
            item = cJSON_GetObjectItemCaseSensitive(root, spec.key);
        else if (s < SETTING_FIRST_WEIGHT)
            item = cJSON_GetObjectItemCaseSensitive(rules, spec.key);
        else
            item = cJSON_GetObjectItemCaseSensitive(weights, term_name((enum term)(s - SETTING_FIRST_WEIGHT)));
        if (item == NULL || cJSON_IsNull(item))
            continue;
        fprintf(stream, "%s;", spec.key);
        if (!write_cell(stream, item))
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

static bool write_file(const char *folder, const char *name, const struct file_spec *spec,
                       const cJSON *root, char *error, size_t error_size)
{
    char *path = join_path(folder, name);
    if (path == NULL) {
        snprintf(error, error_size, "out of memory");
        return false;
    }
    struct output_file file;
    bool ok = fileio_open(&file, path, error, error_size);
    if (ok) {
        bool written = spec != NULL
                           ? write_array_csv(file.stream, spec, cJSON_GetObjectItemCaseSensitive(root, spec->array))
                           : write_settings_csv(file.stream, root);
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

int spreadsheet_write_folder(const char *text, size_t length, const char *folder,
                             struct diag *diag, char *error, size_t error_size)
{
    int errors_before = diag->count;
    struct instance *instance = instance_parse(text, length, diag);
    if (instance == NULL)
        return diag->count != errors_before ? EXIT_INPUT : EXIT_INTERNAL;
    instance_free(instance);

    use_memory_hooks();
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3, length -= 3;
    cJSON *root = cJSON_ParseWithLength(text, length);
    if (root == NULL) {
        snprintf(error, error_size, "out of memory");
        return EXIT_INTERNAL;
    }
    int result = EXIT_DONE;
    check_writable(root, diag);
    if (diag->count != errors_before) {
        result = EXIT_INPUT;
        goto done;
    }
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
        const struct file_spec *spec = &file_specs[f];
        if (cJSON_GetObjectItemCaseSensitive(root, spec->array) == NULL) {
            /* an absent optional table: a stale file of an earlier export must not come back */
            char *path = join_path(folder, spec->file);
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
