/* common.c - the allocation wrappers with their failure-injection hook, and the diagnostic list. */
#include "common.h"

#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    for (int i = 0; i < diag->kept; i++)
        mem_free(diag->messages[i]);
    diag->kept = 0;
    diag->count = 0;
    diag->out_of_memory = false;
}

void diag_error(struct diag *diag, const char *path, const char *format, ...)
{
    if (diag->count < INT_MAX)
        diag->count++;
    if (diag->kept >= DIAG_KEEP)
        return; /* counted, not kept: no need to format */

    const char *file = diag->file != NULL ? diag->file : "";
    if (path == NULL)
        path = "";
    va_list arguments;
    va_start(arguments, format);
    int reason_length = vsnprintf(NULL, 0, format, arguments);
    va_end(arguments);
    if (reason_length < 0)
        reason_length = 0;

    size_t file_length = strlen(file);
    size_t path_length = strlen(path);
    size_t size = file_length + path_length + 4 + (size_t)reason_length + 1;
    char *message = mem_alloc(size);
    if (message == NULL) {
        diag->out_of_memory = true;
        return;
    }
    /* "FILE: PATH: REASON", "FILE: REASON" without a path, no "FILE: " without a file. */
    size_t used = 0;
    memcpy(message + used, file, file_length);
    used += file_length;
    if (file_length > 0) {
        memcpy(message + used, ": ", 2);
        used += 2;
    }
    memcpy(message + used, path, path_length);
    used += path_length;
    if (path_length > 0) {
        memcpy(message + used, ": ", 2);
        used += 2;
    }
    va_start(arguments, format);
    vsnprintf(message + used, size - used, format, arguments);
    va_end(arguments);
    message[size - 1] = '\0';
    diag->messages[diag->kept++] = message;
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
