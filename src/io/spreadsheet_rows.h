/* spreadsheet_rows.h - internal to src/io: the rows of one array file of a
 * folder (workers.csv, ...) as the elements of its JSON array. */
#ifndef CASELOAD_SPREADSHEET_ROWS_H
#define CASELOAD_SPREADSHEET_ROWS_H

#include "io/sheet.h"

/* Read the cells of one array file into `out` as the elements of its JSON array,
 * one a line; the positions of its rows go into `map`. Errors go to the reader's
 * diagnostics, lack of memory to reader->out_of_memory. */
void spreadsheet_rows_read(struct folder_reader *reader, const struct file_spec *spec,
                           struct source_map *map, const struct csv_table *table, struct text *out);

#endif
