/* fileio.h - read whole files and write output files atomically with mode 0600.
 * Threads: reading is safe from any thread. The registry of temporary files
 * (fileio_internal.h) is process-wide on purpose, so that a signal handler can
 * remove them: it is changed only with every signal held, and only by the one
 * thread that opens, commits and aborts the outputs (the command line's). */
#ifndef CASELOAD_FILEIO_H
#define CASELOAD_FILEIO_H

#include <stdbool.h>
#include <stdio.h>

#include "base/common.h"

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
 * created with mode 0600 under a short hidden name (".caseload-XXXXXX", so that a
 * target name of the longest legal length still works), and reaches `path` only by
 * fileio_commit's rename. A target that exists and is not a regular file (a
 * device, FIFO, socket or terminal) is written as a stream and never renamed over;
 * "-", /dev/stdout, /dev/stderr and /dev/fd/N write to that descriptor. */
struct output_file {
    char *path;      /* final name, owned */
    char *temp_path; /* temporary name, owned (NULL when written as a stream) */
    FILE *stream;    /* where to write */
    /* private to fileio.c */
    int folder;        /* descriptor of the folder the rename happens in, or -1 */
    int slot;          /* the temporary file's entry for fileio_remove_temporaries, or -1 */
    bool close_stream; /* a stream fileio opened (not stdout or stderr) */
};

/* Open a temporary file (or the stream) for `path`. Returns false with a reason
 * naming `path` in `error`. */
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

/* Remove every temporary file and folder not yet committed or aborted, of every
 * output of the process. Async-signal-safe: for a signal handler that is about to
 * end the process (it only calls openat, unlinkat and close). */
void fileio_remove_temporaries(void);

/* --- Output transactions ----------------------------------------------------------
 * All the outputs of one command, committed together:
 *   1. output_set_add_input for every file the command reads, then output_set_add
 *      for every output, before anything is loaded: bad names, outputs that would
 *      replace an input or each other, and missing folders show at once;
 *   2. output_set_prepare creates every temporary file (or folder), so a folder
 *      that cannot be written also shows before any work;
 *   3. write each through output_set_stream (or output_set_write_path) and check it
 *      with output_set_finish;
 *   4. output_set_commit renames them all into place, only when all are written.
 * Outputs are named by the path they were added with. output_set_free removes any
 * temporary not committed, whatever happened before. */

enum output_kind {
    OUTPUT_FILE,  /* a file (or a stream: "-", a device, a FIFO ...) */
    OUTPUT_FOLDER /* a folder, built beside the target and swapped in whole */
};

struct output_set;

/* A new empty set the caller frees with output_set_free; NULL when memory runs out. */
struct output_set *output_set_create(void);
/* Remove every temporary file and folder not committed, close and free. NULL is fine. */
void output_set_free(struct output_set *set);

/* Record an input (before any output is added) that no output may replace. A
 * folder input is recorded as the files `folder_files` (NULL-terminated names, or
 * NULL) inside it, whether they exist or not. "-" and paths that cannot be
 * examined are skipped (loading reports them). Returns false when memory ran out. */
bool output_set_add_input(struct output_set *set, const char *path, const char *const *folder_files);

/* Add the output `path`, given with the command-line option `option` (for
 * messages; not copied, must outlive the set). A folder output must be missing or
 * empty, or `force` must be given and it may hold only files named in
 * `folder_files`, which it then loses. Returns EXIT_DONE; EXIT_USAGE with the
 * reason in `error` for an empty name, a folder where a file is wanted, a file or
 * a non-empty folder where a folder is wanted, a name too long for its folder, or
 * an output that is an input or an earlier output (by device and inode, or by
 * folder and name for a file not there yet: both names are given); EXIT_INTERNAL
 * when the folder it goes in is missing or not a folder, or memory ran out. */
int output_set_add(struct output_set *set, const char *option, const char *path, enum output_kind kind,
                   bool force, const char *const *folder_files, char *error, size_t error_size);

/* Create the temporary file or folder of every output (mode 0600 / 0700).
 * Returns false with the file and reason in `error`. */
bool output_set_prepare(struct output_set *set, char *error, size_t error_size);

/* The stream to write the output added as `path` to, opening a device or FIFO
 * now. NULL with the reason in `error` (an unknown path, a device that cannot be
 * opened). A folder output has no stream: use output_set_write_path. */
FILE *output_set_stream(struct output_set *set, const char *path, char *error, size_t error_size);

/* The name to write the output `path` to by name, for writers that open files
 * themselves (GLPK, the folder writer): its temporary file or folder, or the
 * target itself for a stream (/dev/stdout for "-"). NULL for an unknown path. */
const char *output_set_write_path(const struct output_set *set, const char *path);

/* The output `path` is fully written: flush and sync it now, so that a full disk
 * shows before anything is renamed. Returns false with "PATH: cannot write:
 * REASON" in `error`. */
bool output_set_finish(struct output_set *set, const char *path, char *error, size_t error_size);

/* For writers that open the file by name and do not report a failed last write
 * (GLPK): true when the output `path` ends with `trailer` (always for a stream,
 * which cannot be read back); else false with "PATH: cannot write: REASON" in
 * `error`, the reason being a full disk when its file system says so. */
bool output_set_check_ending(const struct output_set *set, const char *path, const char *trailer, char *error,
                             size_t error_size);

/* Leave the output `path` out: its temporary is removed, the commit skips it. */
void output_set_drop(struct output_set *set, const char *path);

/* Finish every output not yet finished, then rename each into place (signals held
 * meanwhile); a folder output replaces the earlier folder, whose files are then
 * removed. When any output cannot be finished nothing is renamed; when a rename
 * still fails the message says which files were already replaced and which not.
 * Returns false with the reason in `error`; the temporaries left are removed. */
bool output_set_commit(struct output_set *set, char *error, size_t error_size);

#endif
