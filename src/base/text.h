/* text.h - the text helpers that readers and writers share: numbers that read back
 * exactly, growing text, JSON strings, CSV cells, UTF-8 checks, column widths
 * (calendar dates are in date.h). */
#ifndef CASELOAD_TEXT_H
#define CASELOAD_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* --- Growing text ------------------------------------------------------------ */

/* Text that grows as it is written (see text_append). */
struct text {
    char *data;
    size_t length, capacity;
    bool failed; /* memory ran out: the text is incomplete */
};

/* Append `count` bytes (the text stays NUL-terminated); on failure sets failed. */
void text_append(struct text *text, const char *bytes, size_t count);
/* Append a NUL-terminated string. */
void text_puts(struct text *text, const char *string);

/* --- Numbers ------------------------------------------------------------------ */

/* Room for any text text_format_number writes, NUL included. */
#define TEXT_NUMBER_SIZE 40

/* Write into `buffer` the shortest "%.Ng" text (N = 15, 16 or 17) that strtod reads
 * back as exactly `value`; negative zero is written "0". Returns true. A value that
 * is not finite gets printf's own text ("inf", "-inf", "nan") and returns false, so
 * that a JSON writer can write null instead. Never fails otherwise. */
bool text_format_number(double value, char buffer[TEXT_NUMBER_SIZE]);

/* Write `value` to `stream` as a JSON number (text_format_number), null when it is
 * not finite. */
void text_json_number(FILE *stream, double value);

/* --- JSON strings --------------------------------------------------------------- */

/* The JSON escape of byte `byte` inside a string literal, written into `escape`:
 * \" \\ \b \f \n \r \t, \u00XX for other control characters and DEL. Returns
 * `escape`, or NULL when the byte stands for itself (every other byte, the bytes of
 * UTF-8 letters included). */
const char *text_json_escape(unsigned char byte, char escape[8]);

/* Write `text` to `stream` as a JSON string literal (text_json_escape for each
 * byte); NULL writes null. The stream's error flag tells whether it was written. */
void text_json_string(FILE *stream, const char *text);

/* --- CSV cells (semicolons, decimal comma: what Finnish spreadsheets read) ------ */

/* A text cell, quoted (quotes doubled) when it holds ; " CR or LF; nothing for
 * NULL. A text that a spreadsheet program would take for a formula
 * (identity_begins_like_formula, unless it is a plain number such as "-3" or "-")
 * gets a leading apostrophe, and so does a text that begins with one: a reader
 * strips one leading apostrophe (spreadsheet.c does), which gives back exactly the
 * text written. */
void text_csv_field(FILE *stream, const char *text);

/* A number at full precision (text_format_number) with a decimal comma; a value
 * that is not finite is written null. */
void text_csv_number(FILE *stream, double value);

/* A number with exactly `decimals` decimals ("%.*f") and a decimal comma. */
void text_csv_decimal(FILE *stream, double value, int decimals);

/* A number rounded for people: `decimals` decimals at most, trailing zeros and the
 * comma dropped ("44,6", "7,2", "1"), decimal comma, "-0" written "0"; nothing when
 * not finite. */
void text_csv_rounded(FILE *stream, double value, int decimals);

/* --- UTF-8 ------------------------------------------------------------------------ */

/* Length (1 to 4) of the well-formed UTF-8 sequence at `text`, reading at most
 * `available` bytes, with its code point in *code when `code` is not NULL. Returns
 * 0 when the bytes there are not one: a continuation byte or 0xF8-0xFF first, an
 * overlong form, a UTF-16 surrogate (U+D800-U+DFFF), a value above U+10FFFF, or a
 * sequence cut short by `available` or by a byte that does not continue it (a NUL
 * does not, so SIZE_MAX is safe for a NUL-terminated text). A NUL byte itself is
 * the one-byte sequence U+0000. */
size_t text_utf8_sequence(const unsigned char *text, size_t available, unsigned long *code);

/* True when the `length` bytes at `text` are all well-formed UTF-8 (NUL bytes
 * included, as U+0000). */
bool text_utf8_valid(const char *text, size_t length);

/* --- Columns on a terminal ---------------------------------------------------------- */

/* Width of `text` for aligning columns: the bytes that do not continue a UTF-8
 * sequence (one per character of a well-formed text). */
int text_width(const char *text);

/* Write `text` padded with spaces to `width` columns (text_width), after it or,
 * with `right`, before it. A text wider than `width` is written whole. */
void text_write_padded(FILE *stream, const char *text, int width, bool right);

/* --- Paths ------------------------------------------------------------------ */

/* The base name of `path` without a ".json" ending ("a/b/x.json" -> "x"), as a
 * new string the caller frees with mem_free; NULL when memory runs out. */
char *text_path_stem(const char *path);

#endif
