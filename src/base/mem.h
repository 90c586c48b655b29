/* mem.h - the one allocation wrapper of the program, with its failure-injection
 * hook for tests. */
#ifndef CASELOAD_MEM_H
#define CASELOAD_MEM_H

#include <stddef.h>

/* Every heap allocation of the program goes through these four, so a test can
 * make the N-th one fail (mem_fail_at). They return NULL on failure, never abort.
 * The caller owns what they return and frees it with mem_free (NULL is fine). */
void *mem_alloc(size_t size);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *ptr, size_t size);
char *mem_strdup(const char *text);
void mem_free(void *ptr);

/* Test hook: make the n-th allocation from now on fail (n >= 1), 0 disables.
 * mem_alloc_count returns how many allocations were attempted since the last call
 * of mem_fail_at. The count and the target are process-wide on purpose (the one
 * mutable state of the base layer) and atomic: every function here is safe from
 * any thread, and with several threads allocating exactly one attempt fails,
 * which one depending on timing. */
void mem_fail_at(long n);
long mem_alloc_count(void);

#endif
