/* diag.h - the list of diagnostics of one input file: each error kept structured
 * (file, JSON path or line and column, reason) and formatted once, escaped. */
#ifndef CASELOAD_DIAG_H
#define CASELOAD_DIAG_H

#include <stdbool.h>

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

#endif
