/* unicode.h - UTF-8 decoding, what a code point reads as for the identity-code
 * check, and the comparison keys of ids (canonical decomposition, case folding),
 * from the tables tools/unicode_tables.py generated (base/unicode_tables.c). */
#ifndef CASELOAD_UNICODE_H
#define CASELOAD_UNICODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The code point of the UTF-8 sequence at `text` and its length in *length (at
 * least 1). An invalid, overlong, cut or surrogate sequence is one byte of no
 * meaning: returns -1 with *length 1. Stops at a NUL byte (a NUL is code 0). */
long unicode_decode(const char *text, size_t *length);

/* The most readings one code point has (the tables have at most 10). */
#define UNICODE_MAX_READINGS 16

/* The readings of `code` (-1: an invalid byte): *count masks (0 when the code
 * point is dropped: a default-ignorable code point or a combining mark), each a
 * set of bits of UNICODE_SYMBOLS ("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-+ =@\t\r");
 * a mask 0 is a character that plays no part. The pointer is to static data. */
const uint64_t *unicode_readings(long code, int *count, uint64_t buffer[UNICODE_MAX_READINGS]);

/* The bit of symbol `symbol` (one of UNICODE_SYMBOLS, a letter in upper case) in a
 * reading, or 0 for any other character. */
uint64_t unicode_symbol_bit(char symbol);

/* True when `code` is a default-ignorable code point or a combining mark: it is
 * invisible, or draws over the character before it. */
bool unicode_is_dropped(long code);

/* True when `code` is a Default_Ignorable_Code_Point: drawn as nothing (bidi
 * marks, zero-width characters, variation selectors, tag characters ...). */
bool unicode_is_ignorable(long code);

/* True when `code` reads as a space (general category Zs, or a tab). */
bool unicode_is_space(long code);

/* The comparison key of `text` into `out` (NUL-terminated UTF-8): its canonical
 * decomposition in canonical order (NFD: NFC and NFD writings of one name give
 * one key), with every character case-folded when `fold_case`. Invalid bytes are
 * kept as they are. Returns the key's length, or (size_t)-1 when it does not fit
 * in `size` bytes (out is then cut). Never allocates. */
size_t unicode_key(const char *text, bool fold_case, char *out, size_t size);

/* True when `a` and `b` are the same text after canonical decomposition (and case
 * folding when `fold_case`). Texts whose keys exceed 1024 bytes are compared byte
 * for byte. Never allocates. */
bool unicode_equal(const char *a, const char *b, bool fold_case);

/* A hash of the key of `text` (with case folding), consistent with unicode_equal(.., true). */
uint32_t unicode_key_hash(const char *text);

#endif
