/* common.c - the allocation wrappers with their failure-injection hook, the diagnostic list and message escaping. */
#include "base/common.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/identity.h"

/* Allocation calls attempted since the last mem_fail_at, and which one must fail
 * (0: none). Process-wide on purpose: the hook serves tests only. Atomic, since
 * the solver's threads allocate at once: with --threads > 1 exactly one attempt
 * still fails, though which thread makes it depends on timing. (A signed atomic
 * wraps on overflow, which 2^63 attempts will not reach.) */
static atomic_long allocation_count;
static atomic_long allocation_fail_at;

/* Count one allocation attempt; true when this one is the attempt to fail. */
static bool allocation_should_fail(void)
{
    long attempt = atomic_fetch_add_explicit(&allocation_count, 1, memory_order_relaxed) + 1;
    long fail_at = atomic_load_explicit(&allocation_fail_at, memory_order_relaxed);
    return fail_at > 0 && attempt == fail_at;
}

void mem_fail_at(long n)
{
    atomic_store(&allocation_fail_at, n > 0 ? n : 0);
    atomic_store(&allocation_count, 0);
}

long mem_alloc_count(void)
{
    return atomic_load(&allocation_count);
}

/* A zero-byte request still gets a unique block, so NULL always means failure. */
void *mem_alloc(size_t size)
{
    if (allocation_should_fail())
        return NULL;
    return malloc(size > 0 ? size : 1);
}

void *mem_calloc(size_t count, size_t size)
{
    if (allocation_should_fail())
        return NULL;
    if (count == 0 || size == 0)
        return calloc(1, 1);
    return calloc(count, size); /* calloc itself refuses count * size overflow */
}

/* Like realloc, but a failed call leaves `ptr` untouched and owned by the caller. */
void *mem_realloc(void *ptr, size_t size)
{
    if (allocation_should_fail())
        return NULL;
    return realloc(ptr, size > 0 ? size : 1);
}

char *mem_strdup(const char *text)
{
    if (allocation_should_fail() || text == NULL)
        return NULL;
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    if (copy != NULL)
        memcpy(copy, text, length + 1);
    return copy;
}

void mem_free(void *ptr)
{
    free(ptr);
}

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

void error_format(char *error, size_t size, const char *format, ...)
{
    if (error == NULL || size == 0)
        return;
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(error, size, format, arguments);
    va_end(arguments);
}

/* --- Messages ---------------------------------------------------------------- */

/* The escaped form of the character at `text` (not NUL) in `piece`, NUL-terminated;
 * returns how many bytes of `text` it stands for. */
static size_t escape_character(const unsigned char *text, char piece[16])
{
    unsigned long code;
    size_t length = text_utf8_sequence(text, SIZE_MAX, &code);
    if (length == 0 || code < 0x20 || code == 0x7F) {
        snprintf(piece, 16, "\\x{%02x}", text[0]);
        return 1;
    }
    if ((code >= 0x80 && code <= 0x9F) || code == 0x2028 || code == 0x2029 ||
        (code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069)) {
        snprintf(piece, 16, "\\u{%04x}", (unsigned)code);
        return length;
    }
    memcpy(piece, text, length);
    piece[length] = '\0';
    return length;
}

#define WITHHELD "(withheld)"

/* The escaped pieces of `text` one after the other, each handed to `emit`; an
 * identity code anywhere in it is one piece, WITHHELD. */
static void escape_pieces(const char *text, void (*emit)(const char *piece, void *context), void *context)
{
    const unsigned char *bytes = (const unsigned char *)text;
    size_t code_length = 0;
    const unsigned char *code = (const unsigned char *)identity_code_find(text, &code_length);
    char piece[16];
    while (*bytes != '\0') {
        if (bytes == code) {
            emit(WITHHELD, context);
            bytes += code_length;
            code = (const unsigned char *)identity_code_find((const char *)bytes, &code_length);
            continue;
        }
        bytes += escape_character(bytes, piece);
        emit(piece, context);
    }
}

struct escape_buffer {
    char *out; /* NULL: only measure */
    size_t used;
};

static void emit_to_buffer(const char *piece, void *context)
{
    struct escape_buffer *buffer = context;
    size_t length = strlen(piece);
    if (buffer->out != NULL)
        memcpy(buffer->out + buffer->used, piece, length);
    buffer->used += length;
}

static void emit_to_stream(const char *piece, void *context)
{
    fputs(piece, (FILE *)context);
}

size_t message_escape(char *out, const char *text)
{
    struct escape_buffer buffer = {out, 0};
    escape_pieces(text, emit_to_buffer, &buffer);
    if (out != NULL)
        out[buffer.used] = '\0';
    return buffer.used;
}

void message_write(FILE *stream, const char *text)
{
    escape_pieces(text, emit_to_stream, stream);
}

void message_vprint(FILE *stream, const char *prefix, const char *format, va_list arguments)
{
    char buffer[4096];
    va_list copy;
    va_copy(copy, arguments);
    int length = vsnprintf(buffer, sizeof buffer, format, arguments);
    char *text = buffer;
    if (length >= (int)sizeof buffer) {
        char *longer = mem_alloc((size_t)length + 1);
        if (longer != NULL) {
            vsnprintf(longer, (size_t)length + 1, format, copy);
            text = longer;
        }
    }
    va_end(copy);
    if (length < 0)
        buffer[0] = '\0';
    message_write(stream, prefix);
    fputs(": ", stream);
    message_write(stream, text);
    if (text != buffer)
        mem_free(text);
}

const char *message_quote(char *buffer, size_t size, const char *text)
{
    if (identity_code_in(text)) {
        snprintf(buffer, size, "(withheld: looks like a personal identity code)");
        return buffer;
    }
    const size_t reserve = 5; /* the ellipsis, the closing quote and the NUL */
    size_t used = 0;
    buffer[used++] = '"';
    const unsigned char *bytes = (const unsigned char *)text;
    char piece[16];
    while (*bytes != '\0') {
        size_t consumed;
        if (*bytes == '"' || *bytes == '\\') {
            piece[0] = '\\', piece[1] = (char)*bytes, piece[2] = '\0';
            consumed = 1;
        } else {
            consumed = escape_character(bytes, piece);
        }
        size_t length = strlen(piece);
        if (used + length + reserve > size)
            break;
        memcpy(buffer + used, piece, length);
        used += length;
        bytes += consumed;
    }
    if (*bytes != '\0') {
        memcpy(buffer + used, "...", 3);
        used += 3;
    }
    buffer[used++] = '"';
    buffer[used] = '\0';
    return buffer;
}

char *path_stem(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    size_t length = strlen(base);
    if (length > 5 && strcmp(base + length - 5, ".json") == 0)
        length -= 5;
    char *name = mem_alloc(length + 1);
    if (name != NULL) {
        memcpy(name, base, length);
        name[length] = '\0';
    }
    return name;
}

/* --- Progress ------------------------------------------------------------------ */

void progress_number(double value, int decimals, bool percent, char *buffer, size_t size)
{
    if (isfinite(value))
        snprintf(buffer, size, "%.*f%s", decimals, value, percent ? " %" : "");
    else
        snprintf(buffer, size, "none yet");
}

bool progress_on(const struct progress *progress)
{
    return progress != NULL && progress->show != NULL;
}

static void progress_vshow(const struct progress *progress, bool transient, const char *format,
                           va_list arguments) __attribute__((format(printf, 3, 0)));

static void progress_vshow(const struct progress *progress, bool transient, const char *format,
                           va_list arguments)
{
    char text[512];
    if (!progress_on(progress))
        return;
    vsnprintf(text, sizeof text, format, arguments);
    progress->show(progress->context, transient, text);
}

void progress_line(const struct progress *progress, const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    progress_vshow(progress, false, format, arguments);
    va_end(arguments);
}

void progress_status(const struct progress *progress, const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    progress_vshow(progress, true, format, arguments);
    va_end(arguments);
}
