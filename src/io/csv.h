/* csv.h - the CSV tokeniser of a spreadsheet folder: a file's text split into
 * records and cells (RFC 4180, any line end, the separator detected or named by
 * Excel's "sep=" line, cells trimmed), in a table whose memory is a small multiple
 * of the file (its cells kept in a growing struct text, text.h). */
#ifndef CASELOAD_CSV_H
#define CASELOAD_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "base/common.h"
#include "base/text.h"

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

/* Free what the table holds and zero it. */
void csv_free(struct csv_table *table);

/* Split `text` (`length` bytes, UTF-8 without NUL bytes) of the file `file` into
 * `table`. A syntax error is reported in `diag` at its line and column and ends
 * the reading of the file: returns false (also when memory runs out, with
 * *out_of_memory set). */
bool csv_parse(struct diag *diag, const char *file, const char *text, size_t length,
               struct csv_table *table, bool *out_of_memory);

#endif
