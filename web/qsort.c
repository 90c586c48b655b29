/* qsort.c - a stable qsort for the WebAssembly build, linked in place of musl's.
 * musl's qsort (smoothsort) is not stable, while glibc's, which the native build
 * uses, is a merge sort; GLPK's comparators and some of ours return 0 on ties,
 * so with musl's the search takes another path and the plans differ from the
 * native ones. A stable sort gives the one order a consistent comparator allows,
 * so the wasm build's plans are the native ones byte for byte. Merge sort: top
 * down, insertion sort below 8 elements, one scratch buffer; when the buffer
 * cannot be had, a stable insertion sort in place (slow, never wrong). */
#include <stdlib.h>
#include <string.h>

typedef int (*compare_function)(const void *, const void *);

/* Insertion sort of `count` elements at `base`, stable: an element moves left
 * only past strictly greater ones. `hold` holds one element. */
static void insertion_sort(char *base, size_t count, size_t size, compare_function compare, char *hold)
{
    for (size_t i = 1; i < count; i++) {
        size_t j = i;
        while (j > 0 && compare(base + (j - 1) * size, base + i * size) > 0)
            j--;
        if (j == i)
            continue;
        memcpy(hold, base + i * size, size);
        memmove(base + (j + 1) * size, base + j * size, (i - j) * size);
        memcpy(base + j * size, hold, size);
    }
}

/* Sort `count` elements at `base` with `scratch` of the same size. */
static void merge_sort(char *base, size_t count, size_t size, compare_function compare, char *scratch)
{
    if (count < 8) {
        insertion_sort(base, count, size, compare, scratch);
        return;
    }
    size_t left = count / 2, right = count - left;
    merge_sort(base, left, size, compare, scratch);
    merge_sort(base + left * size, right, size, compare, scratch);
    /* already in order: nothing to merge */
    if (compare(base + (left - 1) * size, base + left * size) <= 0)
        return;
    memcpy(scratch, base, left * size);
    char *a = scratch, *a_end = scratch + left * size;
    char *b = base + left * size, *b_end = base + count * size, *out = base;
    while (a < a_end && b < b_end) {
        /* ties take the left run first: stable */
        if (compare(a, b) <= 0) {
            memcpy(out, a, size);
            a += size;
        } else {
            memcpy(out, b, size);
            b += size;
        }
        out += size;
    }
    memcpy(out, a, (size_t)(a_end - a)); /* what is left of b is in place */
}

void qsort(void *base, size_t count, size_t size, compare_function compare)
{
    if (count < 2 || size == 0)
        return;
    char hold[64];
    char *scratch = malloc(count * size);
    if (scratch != NULL) {
        merge_sort(base, count, size, compare, scratch);
        free(scratch);
    } else if (size <= sizeof hold) {
        insertion_sort(base, count, size, compare, hold);
    } else {
        char *one = malloc(size);
        if (one == NULL)
            abort(); /* no byte left for one element: as musl's own allocation failures */
        insertion_sort(base, count, size, compare, one);
        free(one);
    }
}
