/* sheet.h - internal to src/io: the format of a CSV folder, the state of reading
 * one, and the pieces its reader (spreadsheet.c), rows (spreadsheet_rows.c),
 * error map (spreadsheet_map.c) and writer (spreadsheet_write.c) share:
 * messages at file:line:column, cells as JSON values, JSON text on one line.
 * Below all four; it uses none of them. */
#ifndef CASELOAD_SHEET_H
#define CASELOAD_SHEET_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "io/csv.h"
#include "io/instance_json.h"

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

#define COUNT_OF(array) ((int)(sizeof(array) / sizeof((array)[0])))

/* In the order of the JSON document. */
enum { FILE_MUNICIPALITIES, FILE_DISTANCES, FILE_TEAMS, FILE_WORKERS, FILE_CHILDREN, FILE_COUNT };

extern const struct file_spec sheet_file_specs[FILE_COUNT];

#define SETTINGS_FILE "settings.csv"
#define MAX_COLUMNS 8 /* no file has more */

/* The keys of settings.csv and where they go in the JSON document. */
struct setting_spec {
    const char *key;  /* "cap", "weights.move" */
    const char *path; /* "rules.cap", "rules.weights.move" */
    enum cell_type type;
};

enum { SETTING_NAME, SETTING_DATE, SETTING_FIRST_RULE = 2, SETTING_FIRST_WEIGHT = 8 };
#define SETTING_COUNT (SETTING_FIRST_WEIGHT + TERM_COUNT)

/* Key, JSON path and type of setting s; weights are named after the terms. */
struct setting_spec sheet_setting_at(int s, char *key, char *path, size_t size);

/* --- Reading a folder -------------------------------------------------------- */

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
    const struct spreadsheet_buffer *buffers; /* the files held in memory, or NULL: read the folder */
    int buffer_count;
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
void sheet_report(struct folder_reader *reader, const char *file, int line, int column, const char *name,
            const char *format, ...) __attribute__((format(printf, 6, 7)));

/* A warning about `file`: the folder is read all the same. */
void sheet_note(struct folder_reader *reader, const char *file, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* `text` in quotes for a message: escaped, shortened when long, and withheld when
 * it holds a personal identity code (message_quote). */
const char *sheet_quote(char *buffer, size_t size, const char *text);

/* A copy of `text` without spaces and tabs at either end (mem_free it). */
char *sheet_trimmed_copy(const char *text, size_t length);

/* Whether a cell reads as a number (a decimal point or comma). */
bool sheet_cell_is_number(const char *text);

/* The JSON value of a cell of `type`, or NULL after reporting why it cannot be one
 * (or with reader->out_of_memory). */
cJSON *sheet_cell_value(struct folder_reader *reader, const char *file, const struct csv_cell *cell, int column,
                  const char *name, enum cell_type type);

/* Add `value` to `object` under `key`; on failure frees it and notes lack of memory. */
void sheet_add_value(struct folder_reader *reader, cJSON *object, const char *key, cJSON *value);

/* ASCII-lowercase copy of a header cell without surrounding spaces (mem_free it). */
char *sheet_header_name(const char *text);

/* `string` as a JSON string, quotes and escapes included. */
void sheet_json_string(struct text *out, const char *string);

/* A value on one line: {"key": value, ...}, [a, b]. */
void sheet_json_value(struct text *out, const cJSON *item);

/* The opening of the document and the members of `root`, one a line, without the
 * line end after the last member: the arrays follow, one element a line, as the
 * sample instances are written. */
void sheet_json_document_head(struct text *out, const cJSON *root);

/* "FOLDER/NAME" in a new string (mem_free it); NULL when memory runs out. */
char *sheet_join_path(const char *folder, const char *name);

/* One cell of a JSON value, as a spreadsheet shows it. */
bool sheet_write_cell(FILE *stream, const cJSON *item);

#endif
