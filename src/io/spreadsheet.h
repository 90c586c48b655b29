/* spreadsheet.h - an instance as a folder of CSV files, read into a checked
 * caseload-instance/1 and written back.
 *
 * The folder holds one file per array of the instance, each with a header row
 * whose names are the JSON keys (any order, case and surrounding spaces ignored):
 *   municipalities.csv  id, lat, lon
 *   teams.csv           id, service, office, area, max_hires, target
 *   workers.csv         id, team, fte, accepts_new, leaving, max_new
 *   children.csv        id, family, service, municipality, born, worker, weight, locked
 *   distances.csv       from, to, km                                   (optional)
 *   settings.csv        key, value rows                                (optional)
 * settings.csv keys: name, date (YYYY-MM-DD, or D.M.YYYY as Finnish spreadsheets
 * show it), cap, target, road_factor, cross_team, family (soft or hard) and
 * weights.TERM (weights.move, weights.over_cap ...). The header row key;value may
 * be left out. Without settings.csv there is no plan date, which is required.
 *
 * Cells: an empty cell is an absent key (the default applies). A team's area lists
 * municipalities separated by "|" in one cell ("Jyväskylä|Muurame"); empty: the
 * whole region. Yes/no cells take true/false, yes/no, kyllä/ei, tosi/epätosi or
 * 1/0. Numbers take a decimal point or a decimal comma ("1,5"); in a file separated
 * by commas a decimal comma needs the cell quoted.
 *
 * Files: UTF-8 with or without a BOM, CRLF or LF line ends, separated by ";", ","
 * or tab (detected per file from the header line), cells quoted with "..." and ""
 * for a quote inside. Rows with every cell empty are skipped.
 *
 * Errors name the file, line and column: "kunta/workers.csv:12:3: fte: must be
 * greater than 0 and at most 1, got 1.5". A row with an empty cell in a required
 * column is refused by the reader itself ("missing: the cell is empty" for each),
 * never reaches the instance check, and a reference to its id is not reported
 * again; the other rows are checked in the same run. */
#ifndef CASELOAD_SPREADSHEET_H
#define CASELOAD_SPREADSHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "base/common.h"
#include "core/instance.h"

/* True when `path` is an existing directory (then it is read as a CSV folder). */
bool spreadsheet_is_folder(const char *path);

/* The names of the files a CSV folder may hold (settings.csv and one per array),
 * NULL-terminated; static, never freed. */
const char *const *spreadsheet_file_names(void);

/* Read the CSV folder `folder` and check it as an instance. Returns the instance
 * as caseload-instance/1 JSON text (NUL-terminated, *length its size) that the
 * caller frees with mem_free; the same folder always gives the same bytes. On
 * failure returns NULL with every error in `diag` as "FOLDER/FILE.csv:LINE:COLUMN:
 * COLUMN-NAME: REASON" (diag->file is not used), or with diag->count == 0 and
 * diag->out_of_memory set when memory ran out. */
char *spreadsheet_read_json(const char *folder, size_t *length, struct diag *diag);

/* spreadsheet_read_json, and the warnings of a folder that is read all the same
 * go into `notes` (NULL: none) as "FILE: REASON": a file read as Windows-1252,
 * extra columns that are not read, birth dates cut to their month. */
char *spreadsheet_read_json_noted(const char *folder, size_t *length, struct diag *diag,
                                  struct diag *notes);

/* Read the CSV folder as above into a new instance the caller frees with
 * instance_free; NULL on failure with the errors in `diag`. The instance is the
 * one the folder's check built: the JSON text is not parsed a second time. */
struct instance *spreadsheet_load(const char *folder, struct diag *diag);

/* spreadsheet_load, with the warnings in `notes` as spreadsheet_read_json_noted. */
struct instance *spreadsheet_load_noted(const char *folder, struct diag *diag, struct diag *notes);

/* One file of a CSV folder held in memory (a browser has no file system): its
 * name inside the folder ("children.csv") and its bytes, not copied. */
struct spreadsheet_buffer {
    const char *name;
    const char *data;
    size_t length;
};

/* spreadsheet_read_json_noted and spreadsheet_load_noted for a folder held in
 * memory: the `count` files of `files`, read by the same reader as files on disk
 * (decoding, separators, messages "FOLDER/children.csv:LINE:COLUMN" with
 * `folder` the name given). A file of another name is ignored, as in a folder; of
 * two files with one name the first counts. */
char *spreadsheet_read_json_buffers(const char *folder, const struct spreadsheet_buffer *files, int count,
                                    size_t *length, struct diag *diag, struct diag *notes);
struct instance *spreadsheet_load_buffers(const char *folder, const struct spreadsheet_buffer *files, int count,
                                          struct diag *diag, struct diag *notes);

/* Write the caseload-instance/1 JSON `text` (`length` bytes, read from the file
 * diag->file) as a CSV folder `folder`, created with mode 0700 when missing. The
 * files are written atomically with mode 0600 as semicolon CSV with a BOM, CRLF
 * and decimal commas; a stale distances.csv is removed when the instance has no
 * distance table. Columns are those the instance uses, in the order above.
 * Returns EXIT_DONE; EXIT_INPUT when the text is not a valid instance (errors in
 * `diag` with JSON paths); or EXIT_INTERNAL when memory ran out or a file could
 * not be written (reason in `error`). */
int spreadsheet_write_folder(const char *text, size_t length, const char *folder,
                             struct diag *diag, char *error, size_t error_size);

/* The most files a CSV folder holds: settings.csv and one per array. */
#define SPREADSHEET_MAX_FILES 6

/* One file of a CSV folder written into memory: its name (static) and its bytes,
 * owned (mem_free). */
struct spreadsheet_written {
    const char *name;
    char *data;
    size_t length;
};

/* spreadsheet_write_folder into memory (a browser has no file system): the same
 * bytes, one entry of `files` (room for SPREADSHEET_MAX_FILES) per file the folder
 * would hold, settings.csv first, *count of them. The same results; on failure
 * *count is 0 and nothing is left to free. */
int spreadsheet_write_buffers(const char *text, size_t length, struct diag *diag, struct spreadsheet_written *files,
                              int *count, char *error, size_t error_size);

/* True when the file `path` (its `length` bytes at `text`) is plainly not a JSON
 * instance but a spreadsheet workbook (.xlsx, .ods, .xls) or a single CSV file given
 * where a folder is expected; `reason` then says what it is and what to do. */
bool spreadsheet_wrong_kind(const char *path, const char *text, size_t length, char *reason,
                            size_t size);

#endif
