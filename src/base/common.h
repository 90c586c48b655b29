/* common.h - exit codes, the one allocation wrapper, the diagnostic list and the escaping of every message. */
#ifndef CASELOAD_COMMON_H
#define CASELOAD_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* text.h (numbers, JSON strings, CSV cells, UTF-8, dates) is the other half of the
 * base layer: whatever includes this header can use it. */
#include "base/text.h"

#define CASELOAD_VERSION "0.1.0"

/* Process exit codes of the command line (DESIGN.md §4). */
enum exit_code {
    EXIT_DONE = 0,       /* done */
    EXIT_VIOLATIONS = 1, /* `check` found a worker over the cap */
    EXIT_USAGE = 2,      /* usage error */
    EXIT_INPUT = 3,      /* invalid input: file, JSON path and reason printed */
    EXIT_NO_PLAN = 4,    /* no plan could be found */
    EXIT_INTERNAL = 5    /* I/O error, out of memory or internal error */
};

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
 * of mem_fail_at. */
void mem_fail_at(long n);
long mem_alloc_count(void);

/* Write a printf-formatted reason into the caller's buffer `error` of `size`
 * bytes (truncated to fit). NULL or a zero size writes nothing. */
void error_format(char *error, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* A list of diagnostics for one input file. Each entry is kept structured (where:
 * the file, the element `index` of an array and the key inside it, or a line and
 * column; why: the reason) and also formatted once as "FILE: PATH: REASON" (or
 * "FILE:LINE:COLUMN: KEY: REASON"), escaped, in messages[]. A reader of another
 * form (the CSV folder) maps the structured place to its own line and column
 * instead of reading the text back. The list keeps at most DIAG_KEEP entries but
 * counts all of them. The caller owns the struct (usually on its stack); call
 * diag_init before use and diag_free after. */
#define DIAG_KEEP 50

/* What kind of error an entry is, where a reader of another form words it its own
 * way (the CSV folder: "missing: the cell is empty"). */
enum diag_kind {
    DIAG_PLAIN,        /* any other */
    DIAG_MISSING_KEY,  /* "missing required key" */
    DIAG_DATE_FORMAT,  /* a plan date not written YYYY-MM-DD */
    DIAG_MONTH_FORMAT  /* a birth month not written YYYY-MM */
};

struct diag_entry {
    enum diag_kind kind;
    const char *file;   /* the file (diag->file when the entry was made), or "" */
    const char *array;  /* "children" when the place is inside an array element, else NULL */
    int index;          /* that element, or -1 */
    const char *key;    /* the rest of the JSON path: "worker", "area[2]", "rules.cap", "" */
    int line, column;   /* a place in a text file (> 0), or 0 */
    const char *reason; /* why, as formatted (not escaped); before the reference if any */
    /* Another element the reason refers to ("also children[3]"): ref_array NULL when
     * none; the message is reason, "REF_ARRAY[REF_INDEX]", then reason_after. */
    const char *ref_array;
    int ref_index;
    const char *reason_after;
    char *storage_;     /* one block holding the strings above, owned */
};

struct diag {
    const char *file;          /* name of the file being read, as the user gave it (not owned) */
    char *messages[DIAG_KEEP]; /* formatted messages, owned */
    struct diag_entry entries[DIAG_KEEP]; /* the same, structured: entries[i] is messages[i] */
    int kept;                  /* number of messages stored */
    int count;                 /* number of errors reported, including those not kept */
    bool out_of_memory;        /* a message could not be stored for lack of memory */
};

void diag_init(struct diag *diag, const char *file);
void diag_free(struct diag *diag);
/* Record an error at JSON path `path` (e.g. "children[12].worker"; "" for the whole
 * file). The reason is printf-formatted. Never fails: without memory it only counts. */
void diag_error(struct diag *diag, const char *path, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
/* diag_error whose reason names another element: the reason is the formatted text,
 * then "REF_ARRAY[REF_INDEX]", then `after` (e.g. ")"), kept apart in the entry. */
void diag_error_ref(struct diag *diag, const char *path, const char *ref_array, int ref_index,
                    const char *after, const char *format, ...) __attribute__((format(printf, 6, 7)));
/* diag_error of a kind other than DIAG_PLAIN. */
void diag_error_kind(struct diag *diag, const char *path, enum diag_kind kind, const char *format, ...)
    __attribute__((format(printf, 4, 5)));
/* Record an error at a place of a text file: "FILE:LINE:COLUMN: KEY: REASON", the
 * column left out when 0, the line too when 0, "KEY: " when `key` is NULL or "". */
void diag_error_at(struct diag *diag, const char *file, int line, int column, const char *key,
                   const char *format, ...) __attribute__((format(printf, 6, 7)));

/* The base name of `path` without a ".json" ending ("a/b/x.json" -> "x"), as a
 * new string the caller frees with mem_free; NULL when memory runs out. */
char *path_stem(const char *path);

/* --- Progress -----------------------------------------------------------------
 * Nothing below the command line prints. A long computation that wants to tell a
 * person how it goes calls progress_line (a line that stays) or progress_status (a
 * line the next one replaces, like a counter) on a handle its options carry; the
 * command line decides where the text goes (stderr on a terminal) or passes NULL
 * for none. The text is formatted here and handed over without a newline. */
struct progress {
    void (*show)(void *context, bool transient, const char *text);
    void *context;
};

void progress_line(const struct progress *progress, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
void progress_status(const struct progress *progress, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
/* Whether a handle shows anything (not NULL and with a function). */
bool progress_on(const struct progress *progress);
/* A number of a progress line with `decimals` decimals (and " %" when
 * `percent`), or "none yet" when it is not finite (no plan found so far): never
 * "nan" on the terminal. Writes at most `size` bytes into `buffer`. */
void progress_number(double value, int decimals, bool percent, char *buffer, size_t size);

/* --- Messages ------------------------------------------------------------------
 * Everything shown to a person goes through one escaping, so that no byte read
 * from a file or the command line can drive the terminal: C0 controls, DEL and
 * bytes that are not UTF-8 become \x{NN}; C1 controls (U+0080-U+009F), the line
 * and paragraph separators and the bidirectional overrides and isolates
 * (U+202A-U+202E, U+2066-U+2069) become \u{NNNN} (the braces keep the hex
 * digits from running into the digits around them). And whatever a message holds
 * (a file name, a number, a value no reader quoted), a personal identity code in
 * it (identity.h, in any writing) is shown as "(withheld)". Everything else is
 * kept. */

/* Write the escaped form of `text` into `out` (room for the returned length plus
 * the NUL; `out` NULL only measures). Returns the length without the NUL. */
size_t message_escape(char *out, const char *text);

/* Write `text` escaped to `stream`. */
void message_write(FILE *stream, const char *text);

/* Print "PREFIX: " and the printf-formatted message to `stream`, escaped, with no
 * newline after it. Never fails for lack of memory: a message too long for its
 * buffer is cut. */
void message_vprint(FILE *stream, const char *prefix, const char *format, va_list arguments)
    __attribute__((format(printf, 3, 0)));

/* `text` in double quotes for a message, written into `buffer` of `size` bytes
 * (at least 64): escaped as above, '"' and '\\' with a backslash, long text cut on
 * a character boundary with "...". A text that holds a personal identity code
 * (identity.h) is never shown: the buffer says it was withheld. Returns buffer. */
const char *message_quote(char *buffer, size_t size, const char *text);

#endif
