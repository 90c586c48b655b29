/* diag.c - the diagnostic list. */
#include "base/diag.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/message.h"

void diag_init(struct diag *diag, const char *file)
{
    memset(diag, 0, sizeof *diag);
    diag->file = file;
}

void diag_free(struct diag *diag)
{
    if (diag == NULL)
        return;
    for (int i = 0; i < diag->kept; i++) {
        mem_free(diag->messages[i]);
        mem_free(diag->entries[i].storage_);
    }
    memset(diag->entries, 0, sizeof diag->entries);
    diag->kept = 0;
    diag->count = 0;
    diag->out_of_memory = false;
}

/* Where a JSON path points: "children[12].worker" is element 12 of "children" and
 * key "worker"; a path that does not begin with an element ("rules.cap", "date",
 * "teams") is all key. The path is one the readers built, never text from a file. */
static void path_place(const char *path, size_t *array_length, int *index, const char **key)
{
    size_t name = strspn(path, "abcdefghijklmnopqrstuvwxyz_");
    *array_length = 0;
    *index = -1;
    *key = path;
    if (name == 0 || path[name] != '[')
        return;
    size_t digits = strspn(path + name + 1, "0123456789");
    if (digits == 0 || digits > 9 || path[name + 1 + digits] != ']')
        return;
    *array_length = name;
    *index = atoi(path + name + 1);
    const char *rest = path + name + 2 + digits;
    *key = *rest == '.' ? rest + 1 : rest;
}

/* Copy `text` (`length` bytes) into *cursor as a string and move past it. */
static const char *store_text(char **cursor, const char *text, size_t length)
{
    char *copy = *cursor;
    memcpy(copy, text, length);
    copy[length] = '\0';
    *cursor += length + 1;
    return copy;
}

/* Record one entry: at a JSON path (line 0) or at file:line:column. */
static void diag_record(struct diag *diag, enum diag_kind kind, const char *file, int line, int column,
                        const char *path, const char *ref_array, int ref_index, const char *after,
                        const char *format, va_list arguments) __attribute__((format(printf, 10, 0)));

static void diag_record(struct diag *diag, enum diag_kind kind, const char *file, int line, int column,
                        const char *path, const char *ref_array, int ref_index, const char *after,
                        const char *format, va_list arguments)
{
    if (diag->count < INT_MAX)
        diag->count++;
    if (diag->kept >= DIAG_KEEP)
        return; /* counted, not kept: no need to format */
    if (file == NULL)
        file = "";
    if (path == NULL)
        path = "";
    if (after == NULL)
        after = "";
    va_list copy;
    va_copy(copy, arguments);
    int reason_length = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    if (reason_length < 0)
        reason_length = 0;

    /* the place: "FILE:LINE:COLUMN" and a key, or "FILE" and a JSON path */
    char position[64] = "";
    if (line > 0 && column > 0)
        snprintf(position, sizeof position, ":%d:%d", line, column);
    else if (line > 0)
        snprintf(position, sizeof position, ":%d", line);
    size_t array_length = 0;
    int index = -1;
    const char *key = path;
    if (line == 0)
        path_place(path, &array_length, &index, &key);
    char reference[96] = "";
    if (ref_array != NULL)
        snprintf(reference, sizeof reference, "%.80s[%d]", ref_array, ref_index);

    size_t file_length = strlen(file), path_length = strlen(path), key_length = strlen(key);
    size_t reference_length = strlen(reference), after_length = strlen(after);
    size_t ref_array_length = ref_array != NULL ? strlen(ref_array) : 0;
    char *storage = mem_alloc(file_length + array_length + key_length + (size_t)reason_length +
                              ref_array_length + after_length + 6);
    size_t size = file_length + strlen(position) + path_length + 4 + (size_t)reason_length +
                  reference_length + after_length + 1;
    char *message = storage != NULL ? mem_alloc(size) : NULL;
    if (message == NULL) {
        mem_free(storage);
        diag->out_of_memory = true;
        return;
    }
    /* "FILE: PATH: REASON", "FILE: REASON" without a path, no "FILE: " without a file. */
    int used = snprintf(message, size, "%s%s%s%s%s", file, position, file_length > 0 ? ": " : "",
                        path, path_length > 0 ? ": " : "");
    if (used < 0)
        used = 0;
    char *reason = message + used;
    vsnprintf(reason, size - (size_t)used, format, arguments);
    snprintf(reason + reason_length, size - (size_t)used - (size_t)reason_length, "%s%s", reference,
             after);
    message[size - 1] = '\0';

    struct diag_entry *entry = &diag->entries[diag->kept];
    char *cursor = storage;
    entry->storage_ = storage;
    entry->kind = kind;
    entry->file = store_text(&cursor, file, file_length);
    entry->array = array_length > 0 ? store_text(&cursor, path, array_length) : NULL;
    entry->index = index;
    entry->key = store_text(&cursor, key, key_length);
    entry->line = line;
    entry->column = column;
    entry->reason = store_text(&cursor, reason, (size_t)reason_length);
    entry->ref_array = ref_array != NULL ? store_text(&cursor, ref_array, ref_array_length) : NULL;
    entry->ref_index = ref_index;
    entry->reason_after = store_text(&cursor, after, after_length);

    /* nothing read from a file reaches the terminal unescaped, whatever the caller quoted */
    char *escaped = mem_alloc(message_escape(NULL, message) + 1);
    if (escaped == NULL) {
        mem_free(message);
        mem_free(storage);
        memset(entry, 0, sizeof *entry);
        diag->out_of_memory = true;
        return;
    }
    message_escape(escaped, message);
    mem_free(message);
    diag->messages[diag->kept++] = escaped;
}

void diag_error(struct diag *diag, const char *path, const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    diag_record(diag, DIAG_PLAIN, diag->file, 0, 0, path, NULL, 0, NULL, format, arguments);
    va_end(arguments);
}

void diag_error_ref(struct diag *diag, const char *path, const char *ref_array, int ref_index,
                    const char *after, const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    diag_record(diag, DIAG_PLAIN, diag->file, 0, 0, path, ref_array, ref_index, after, format, arguments);
    va_end(arguments);
}

void diag_error_kind(struct diag *diag, const char *path, enum diag_kind kind, const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    diag_record(diag, kind, diag->file, 0, 0, path, NULL, 0, NULL, format, arguments);
    va_end(arguments);
}

void diag_error_at(struct diag *diag, const char *file, int line, int column, const char *key,
                   const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    diag_record(diag, DIAG_PLAIN, file, line, column, key, NULL, 0, NULL, format, arguments);
    va_end(arguments);
}
