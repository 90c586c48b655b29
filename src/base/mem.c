/* mem.c - the allocation wrappers and their failure-injection hook. */
#include "base/mem.h"

#include <stdatomic.h>
#include <stdbool.h>
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
