/* fileio.h - read whole files and write output files atomically with mode 0600. */
#ifndef CASELOAD_FILEIO_H
#define CASELOAD_FILEIO_H

#include <stdbool.h>
#include <stdio.h>

#include "common.h"

/* Read all of `path` ("-" is standard input) into a new NUL-terminated buffer the
 * caller frees with mem_free; *length gets its size. Returns NULL with a reason in
 * `error` when the file cannot be read or memory runs out; errno is then ENOMEM
 * when memory ran out (an internal error, not a fault of the file), else 0. */
char *fileio_read_all(const char *path, size_t *length, char *error, size_t error_size);

/* fileio_read_all for an input the user gave: on failure the reason goes into
 * `diag` with an empty JSON path, or, when memory ran out, diag->out_of_memory is
 * set instead (exit 5, not 3). */
char *fileio_read_input(const char *path, size_t *length, struct diag *diag);

/* An output file being written: data goes to a temporary file beside `path`
 * created with mode 0600, and reaches `path` only by fileio_commit's rename.
 * "-" writes to standard output directly. */
struct output_file {
    char *path;      /* final name, owned */
    char *temp_path; /* temporary name, owned (NULL for standard output) */
    FILE *stream;    /* where to write */
};

/* Open a temporary file for `path`. Returns false with a reason in `error`. */
bool fileio_open(struct output_file *file, const char *path, char *error, size_t error_size);
/* Flush, sync, close and rename onto the final name. Returns false (and removes the
 * temporary file) when any step fails, e.g. a full disk. Frees what `file` owns. */
bool fileio_commit(struct output_file *file, char *error, size_t error_size);
/* Push everything written so far to the disk without ending the file, so that a
 * full disk shows before any output is renamed into place. Returns false with a
 * reason in `error` (the file stays open: abort it). */
bool fileio_flush(struct output_file *file, char *error, size_t error_size);
/* Give up: close and remove the temporary file; frees what `file` owns. */
void fileio_abort(struct output_file *file);

#endif
