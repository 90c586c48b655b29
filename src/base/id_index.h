/* id_index.h - ids (strings) to array indexes, for resolving references while a
 * document is read. A table is plain data owned by its caller: one per reader,
 * never shared between threads while it changes. */
#ifndef CASELOAD_ID_INDEX_H
#define CASELOAD_ID_INDEX_H

#include <stdbool.h>
#include <stddef.h>

/* An open-addressing hash table from id to array index, with a fixed capacity:
 * create it for at least as many ids as will be inserted. Keys are not owned. */
struct id_index {
    const char **keys;
    int *values;
    size_t capacity; /* a power of two, at least twice the number of ids */
};

/* Create for `expected` ids; false when memory runs out (free it anyway). */
bool id_index_init(struct id_index *index, int expected);
/* Free the table; a zeroed or already freed one is fine. */
void id_index_free(struct id_index *index);
/* The value of `key`, or -1. */
int id_index_find(const struct id_index *index, const char *key);
/* Add key -> value. Returns -1 when added, or the value already there for `key`. */
int id_index_insert(struct id_index *index, const char *key, int value);

#endif
