/* suggest.h - "did you mean Jyväskylä?": the nearest known names to a name that
 * is not known, ignoring case, accents (ä, ö, å, é ...) and spaces, within one or
 * two edits. */
#ifndef CASELOAD_SUGGEST_H
#define CASELOAD_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>

#define SUGGEST_KEEP 3 /* names kept at the best distance */

/* The names nearest to `text` seen so far. Plain data on the caller's stack; the
 * names are not owned and must outlive it. */
struct suggestion {
    char folded[72];                /* `text` folded (see suggest.c), cut at 64 bytes */
    size_t folded_length;
    int limit;                      /* the most edits a suggestion may be away */
    int best;                       /* edits of the nearest names, limit + 1 when none */
    const char *names[SUGGEST_KEEP];
    int count;                      /* names at distance `best`, at most SUGGEST_KEEP kept */
};

/* Start looking for names near `text`. Cannot fail. */
void suggest_begin(struct suggestion *suggestion, const char *text);

/* Consider the known name `name` (NULL is skipped). */
void suggest_consider(struct suggestion *suggestion, const char *name);

/* Write "did you mean \"A\"?" (or "\"A\" or \"B\"") into `buffer`; false, with
 * an empty buffer, when no name was near enough. */
bool suggest_text(const struct suggestion *suggestion, char *buffer, size_t size);

/* The edits between `a` and `b` after folding (case, accents, spaces), at most
 * 99 reported; 0 means they differ only in those. */
int suggest_distance(const char *a, const char *b);

/* Index of the nearest of `count` names to `text` within the limit, -1 when none
 * is near or two are equally near. */
int suggest_nearest(const char *text, const char *const *names, int count);

#endif
