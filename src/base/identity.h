/* identity.h - the one check for Finnish personal identity codes (henkilötunnus) in every id and free text, and the rule that an id never begins like a spreadsheet formula (DESIGN.md §3). */
#ifndef CASELOAD_IDENTITY_H
#define CASELOAD_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>

/* True when something shaped like a henkilötunnus appears anywhere in `text`
 * (UTF-8; invalid bytes are fine): DDMMYY with a real day and month, a century
 * sign (+ - A B C D E F X Y W V U, either case), three digits and a check
 * character (not verified: a mistyped code is refused as well). The text is
 * normalised first, however it is written:
 *   - any dash (hyphen, en and em dash, U+2212 minus, full-width ...) reads as '-';
 *   - any space (no-break, narrow, ideographic ...) reads as a space; one or two
 *     spaces may stand between the parts of the code, or in place of the sign;
 *   - zero-width characters (U+200B-U+200D, U+2060, U+FEFF, soft hyphen) are dropped;
 *   - every decimal digit of Unicode (full-width, Arabic-Indic, mathematical ...),
 *     superscript and subscript digits read as 0-9;
 *   - full-width Latin letters and the Cyrillic and Greek capitals that look like
 *     Latin ones read as those letters.
 * Never allocates; linear in the length of `text`. */
bool identity_code_in(const char *text);

/* The first such code in `text` and its length in bytes in *length (zero-width
 * characters after its last character not included), or NULL when there is none. */
const char *identity_code_find(const char *text, size_t *length);

/* True when `text`, normalised as above, begins with '=', '+', '-', '@', a tab or
 * a carriage return: a spreadsheet program would take the cell for a formula. */
bool identity_begins_like_formula(const char *text);

#endif
