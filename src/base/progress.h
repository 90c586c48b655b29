/* progress.h - the progress handle: how a long computation tells a person how it goes
 * without printing. */
#ifndef CASELOAD_PROGRESS_H
#define CASELOAD_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
