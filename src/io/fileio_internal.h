/* fileio_internal.h - internal: what fileio.c (reading, temporaries, single
 * output files) shares with output.c (the output transaction). */
#ifndef CASELOAD_FILEIO_INTERNAL_H
#define CASELOAD_FILEIO_INTERNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "io/fileio.h"

/* A short hidden name, so that a target name of NAME_MAX bytes still works. */
#define TEMPORARY_PREFIX ".caseload-"
#define TEMPORARY_NAME_SIZE 24
#define TEMPORARY_SLOTS 64

enum { TEMPORARY_NONE, TEMPORARY_FILE, TEMPORARY_FOLDER };

/* A temporary file or folder that exists now. The registry is changed only with
 * every signal held, by the thread that writes the outputs; a handler only reads
 * it (fileio_remove_temporaries). */
struct temporary {
    volatile sig_atomic_t kind;  /* TEMPORARY_NONE: the slot is free */
    int folder;                  /* descriptor of the folder that holds it */
    char name[TEMPORARY_NAME_SIZE];
    const char *const *contents; /* a folder: the names of the files that may be in it */
};

/* The registry of temporaries (fileio.c). */
extern struct temporary fileio_temporaries[TEMPORARY_SLOTS];

enum target {
    TARGET_NEW,        /* nothing there yet: created by the rename */
    TARGET_REGULAR,    /* a regular file: replaced by the rename */
    TARGET_FOLDER,     /* an existing folder, for a folder output */
    TARGET_STREAM,     /* a device, FIFO, socket, terminal or a file under /proc: opened and written */
    TARGET_DESCRIPTOR  /* one of this process's descriptors: "-", /dev/stdout, /dev/fd/N */
};

void fileio_hold_signals(sigset_t *saved);
void fileio_release_signals(const sigset_t *saved);
void fileio_remove_temporary(const struct temporary *temporary);
void fileio_temporary_name(char name[TEMPORARY_NAME_SIZE]);
int fileio_temporary_create(int folder, int kind, const char *const *contents, char name[TEMPORARY_NAME_SIZE],
                     int *descriptor);
void fileio_temporary_forget(int slot);
void fileio_temporary_remove(int slot);
bool fileio_folder_part(const char *path, char *folder, size_t size);
void fileio_follow_links(const char *path, int *descriptor, bool *through_proc);
int fileio_open_folder(const char *folder, const char *path, char *error, size_t error_size);
size_t fileio_longest_name(int folder);
bool fileio_open_stream(struct output_file *file, const char *path, int descriptor, bool through_proc,
                 char *error, size_t error_size);
bool fileio_create_temporary_file(struct output_file *file, const char *folder_path, char *error,
                           size_t error_size);
void fileio_sync_folder(int folder);
bool fileio_push_to_disk(struct output_file *file, char *error, size_t error_size);
bool fileio_close_stream(struct output_file *file, char *error, size_t error_size);
bool fileio_rename_into_place(struct output_file *file);

#endif
