/* message.h - everything shown to a person, escaped once; reasons formatted into the
 * caller's buffer. */
#ifndef CASELOAD_MESSAGE_H
#define CASELOAD_MESSAGE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

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

/* Write a printf-formatted reason into the caller's buffer `error` of `size`
 * bytes (truncated to fit). NULL or a zero size writes nothing. */
void message_format(char *error, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

#endif
