/* suggest.c - near-miss names: folding and a bounded edit distance. */
#include "base/suggest.h"

#include <stdio.h>
#include <string.h>

#define FOLD_MAX 64

/* Fold `text` into `out` (at most FOLD_MAX bytes): ASCII letters lowercased, the
 * Latin-1 letters with accents (U+00C0..U+00FF, as UTF-8) as their base letter,
 * spaces, tabs and no-break spaces dropped. Returns the length. */
static size_t fold(const char *text, char *out)
{
    /* base letters of U+00C0..U+00FF; '?' for the signs that have none */
    static const char base[64 + 1] = "aaaaaaaceeeeiiiidnooooo?ouuuuyts"
                                     "aaaaaaaceeeeiiiidnooooo?ouuuuyty";
    size_t length = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p != '\0' && length < FOLD_MAX) {
        if (*p == ' ' || *p == '\t') {
            p++;
        } else if (p[0] == 0xC2 && p[1] == 0xA0) {
            p += 2;
        } else if (p[0] == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
            out[length++] = base[p[1] - 0x80];
            p += 2;
        } else {
            unsigned char c = *p++;
            out[length++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
    }
    out[length] = '\0';
    return length;
}

/* Levenshtein distance of two folded texts, or limit + 1 as soon as it must be
 * larger than `limit`. */
static int bounded_distance(const char *a, size_t a_length, const char *b, size_t b_length, int limit)
{
    size_t difference = a_length > b_length ? a_length - b_length : b_length - a_length;
    if (difference > (size_t)limit)
        return limit + 1;
    int previous[FOLD_MAX + 1], current[FOLD_MAX + 1];
    for (size_t j = 0; j <= b_length; j++)
        previous[j] = (int)j;
    for (size_t i = 1; i <= a_length; i++) {
        current[0] = (int)i;
        int row_minimum = current[0];
        for (size_t j = 1; j <= b_length; j++) {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int value = previous[j - 1] + cost;
            if (previous[j] + 1 < value)
                value = previous[j] + 1;
            if (current[j - 1] + 1 < value)
                value = current[j - 1] + 1;
            current[j] = value;
            if (value < row_minimum)
                row_minimum = value;
        }
        if (row_minimum > limit)
            return limit + 1;
        memcpy(previous, current, (b_length + 1) * sizeof previous[0]);
    }
    return previous[b_length] <= limit ? previous[b_length] : limit + 1;
}

void suggest_begin(struct suggestion *suggestion, const char *text)
{
    memset(suggestion, 0, sizeof *suggestion);
    suggestion->folded_length = fold(text != NULL ? text : "", suggestion->folded);
    /* short ids differ from each other in one character: W1 is no typo of W2 */
    size_t length = suggestion->folded_length;
    suggestion->limit = length >= 10 ? 2 : length >= 4 ? 1 : 0;
    suggestion->best = suggestion->limit + 1;
}

void suggest_consider(struct suggestion *suggestion, const char *name)
{
    if (name == NULL)
        return;
    char folded[FOLD_MAX + 1];
    size_t length = fold(name, folded);
    int distance = bounded_distance(suggestion->folded, suggestion->folded_length, folded, length,
                                    suggestion->best < suggestion->limit ? suggestion->best
                                                                         : suggestion->limit);
    if (distance > suggestion->limit || distance > suggestion->best)
        return;
    if (distance < suggestion->best) {
        suggestion->best = distance;
        suggestion->count = 0;
    }
    if (suggestion->count < SUGGEST_KEEP)
        suggestion->names[suggestion->count] = name;
    suggestion->count++;
}

bool suggest_text(const struct suggestion *suggestion, char *buffer, size_t size)
{
    if (size == 0)
        return false;
    buffer[0] = '\0';
    if (suggestion->count == 0)
        return false;
    int shown = suggestion->count < SUGGEST_KEEP ? suggestion->count : SUGGEST_KEEP;
    size_t used = (size_t)snprintf(buffer, size, "did you mean ");
    for (int i = 0; i < shown && used < size; i++)
        used += (size_t)snprintf(buffer + used, size - used, "%s\"%.60s\"",
                                 i == 0 ? "" : i + 1 == shown ? " or " : ", ", suggestion->names[i]);
    if (used < size)
        snprintf(buffer + used, size - used, "%s?", suggestion->count > shown ? " ..." : "");
    return true;
}

int suggest_distance(const char *a, const char *b)
{
    char fa[FOLD_MAX + 1], fb[FOLD_MAX + 1];
    size_t la = fold(a, fa), lb = fold(b, fb);
    return bounded_distance(fa, la, fb, lb, 99);
}

int suggest_nearest(const char *text, const char *const *names, int count)
{
    struct suggestion suggestion;
    suggest_begin(&suggestion, text);
    for (int i = 0; i < count; i++)
        suggest_consider(&suggestion, names[i]);
    if (suggestion.count != 1)
        return -1;
    for (int i = 0; i < count; i++)
        if (names[i] == suggestion.names[0])
            return i;
    return -1;
}
