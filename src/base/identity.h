/* identity.h - the one check for Finnish personal identity codes (henkilötunnus) in every id and free text, and the rule that an id never begins like a spreadsheet formula (DESIGN.md §3). */
#ifndef CASELOAD_IDENTITY_H
#define CASELOAD_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>

/* True when something shaped like a henkilötunnus appears anywhere in `text`
 * (UTF-8; invalid bytes are fine): DDMMYY with a real day and month, a century
 * sign (+ - A B C D E F X Y W V U, either case), three digits and a check
 * character (not verified: a mistyped code is refused as well). The text is
 * read as Unicode classes, not lists (base/unicode.h, tables generated from the
 * Unicode Character Database and ICU's confusables by tools/unicode_tables.py):
 *   - default-ignorable code points (zero-width characters, bidi marks and
 *     isolates, invisible operators, variation selectors, tag characters, the soft
 *     hyphen ...) and combining marks are dropped;
 *   - every character is read in its compatibility decomposition (NFKD: Roman
 *     numerals, the Kelvin sign, mathematical and full-width letters, circled and
 *     superscript digits);
 *   - every dash (general category Pd) reads as '-', every space (Zs) as a space;
 *     one or two spaces may stand between the parts of the code, or for its sign;
 *   - every decimal digit of Unicode reads as its digit, and every character
 *     confusable (UTS #39) with an ASCII digit or letter as that digit or letter,
 *     in either case (Cyrillic 'Ѕ' as S, 'к' as K, 'О' as O and as 0).
 * Never allocates; linear in the length of `text`. */
bool identity_code_in(const char *text);

/* The first such code in `text` and its length in bytes in *length (zero-width
 * characters after its last character not included), or NULL when there is none. */
const char *identity_code_find(const char *text, size_t *length);

/* True when `text`, normalised as above, begins with '=', '+', '-', '@', a tab or
 * a carriage return: a spreadsheet program would take the cell for a formula. */
bool identity_begins_like_formula(const char *text);

#endif
