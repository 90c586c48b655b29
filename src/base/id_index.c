/* id_index.c - an open-addressing hash table (FNV-1a, linear probing) from id to
 * array index; its size is fixed when created (every array's length is known
 * before it is read). */
#include "base/id_index.h"

#include <stdint.h>
#include <string.h>

#include "base/mem.h"

static size_t hash_text(const char *text)
{
    uint64_t hash = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *c = (const unsigned char *)text; *c != '\0'; c++) {
        hash ^= *c;
        hash *= 1099511628211ULL;
    }
    return (size_t)hash;
}

bool id_index_init(struct id_index *index, int expected)
{
    size_t capacity = 16;
    while (capacity < (size_t)expected * 2)
        capacity *= 2;
    index->keys = mem_calloc(capacity, sizeof *index->keys);
    index->values = mem_calloc(capacity, sizeof *index->values);
    index->capacity = capacity;
    return index->keys != NULL && index->values != NULL;
}

void id_index_free(struct id_index *index)
{
    mem_free(index->keys);
    mem_free(index->values);
    index->keys = NULL;
    index->values = NULL;
    index->capacity = 0;
}

/* Index of `key`, or -1. An index that was never created finds nothing. */
int id_index_find(const struct id_index *index, const char *key)
{
    if (index->keys == NULL)
        return -1;
    size_t mask = index->capacity - 1;
    for (size_t slot = hash_text(key) & mask; index->keys[slot] != NULL; slot = (slot + 1) & mask)
        if (strcmp(index->keys[slot], key) == 0)
            return index->values[slot];
    return -1;
}

/* Add `key` -> `value`. Returns -1 when added, or the earlier value of a key that
 * is already there (then nothing changes). The table never fills: see init. */
int id_index_insert(struct id_index *index, const char *key, int value)
{
    if (index->keys == NULL)
        return -1;
    size_t mask = index->capacity - 1;
    size_t slot = hash_text(key) & mask;
    for (; index->keys[slot] != NULL; slot = (slot + 1) & mask)
        if (strcmp(index->keys[slot], key) == 0)
            return index->values[slot];
    index->keys[slot] = key;
    index->values[slot] = value;
    return -1;
}
