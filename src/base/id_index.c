/* id_index.c - an open-addressing hash table (linear probing) from id to array
 * index; its size is fixed when created (every array's length is known before it
 * is read). Keys are compared after canonical decomposition (an NFC and an NFD
 * writing of one name are one key), and hashed after case folding too, so that a
 * key that differs from another only in case lands on the same probe sequence
 * (base/unicode.h). */
#include "base/id_index.h"

#include <stdint.h>
#include <string.h>

#include "base/mem.h"
#include "base/unicode.h"

bool id_index_init(struct id_index *index, int expected)
{
    size_t capacity = 16;
    while (capacity < (size_t)expected * 2)
        capacity *= 2;
    index->keys = mem_calloc(capacity, sizeof *index->keys);
    index->values = mem_calloc(capacity, sizeof *index->values);
    index->hashes = mem_calloc(capacity, sizeof *index->hashes);
    index->capacity = capacity;
    return index->keys != NULL && index->values != NULL && index->hashes != NULL;
}

void id_index_free(struct id_index *index)
{
    mem_free(index->keys);
    mem_free(index->values);
    mem_free(index->hashes);
    index->keys = NULL;
    index->values = NULL;
    index->hashes = NULL;
    index->capacity = 0;
}

/* The slot of a key equal to `key` (with case folding when `fold_case`), or of the
 * free slot where it would go. */
static size_t id_index_slot(const struct id_index *index, const char *key, uint32_t hash, bool fold_case)
{
    size_t mask = index->capacity - 1;
    size_t slot = hash & mask;
    for (; index->keys[slot] != NULL; slot = (slot + 1) & mask)
        if (index->hashes[slot] == hash && unicode_equal(index->keys[slot], key, fold_case))
            break;
    return slot;
}

/* Index of `key` (after canonical decomposition, case kept), or -1. An index that
 * was never created finds nothing. */
int id_index_find(const struct id_index *index, const char *key)
{
    if (index->keys == NULL)
        return -1;
    size_t slot = id_index_slot(index, key, unicode_key_hash(key), false);
    return index->keys[slot] != NULL ? index->values[slot] : -1;
}

/* Index of a key equal to `key` but for case, or -1. */
int id_index_find_folded(const struct id_index *index, const char *key)
{
    if (index->keys == NULL)
        return -1;
    size_t slot = id_index_slot(index, key, unicode_key_hash(key), true);
    return index->keys[slot] != NULL ? index->values[slot] : -1;
}

/* Add `key` -> `value`. Returns -1 when added, or the earlier value of a key that
 * is already there, in any case or normalisation form (then nothing changes). The
 * table never fills: see init. */
int id_index_insert(struct id_index *index, const char *key, int value)
{
    if (index->keys == NULL)
        return -1;
    uint32_t hash = unicode_key_hash(key);
    size_t slot = id_index_slot(index, key, hash, true);
    if (index->keys[slot] != NULL)
        return index->values[slot];
    index->hashes[slot] = hash;
    index->keys[slot] = key;
    index->values[slot] = value;
    return -1;
}
