/* identity.c - personal identity codes in any writing, and ids that would be spreadsheet formulas. */
#include "base/identity.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/unicode.h"

#define MAX_GAP 2 /* spaces allowed between two parts of a code */

/* The readings of a text one at a time (unicode.h): a code point reads as none
 * (dropped), one or a few (NFKD of U+2469 is "10") readings. */
struct cursor {
    const char *next;     /* the code point after the current one */
    const char *current;  /* the code point the pending readings come from */
    uint64_t pending[UNICODE_MAX_READINGS];
    int count, index;
};

static void cursor_start(struct cursor *cursor, const char *text)
{
    cursor->next = text;
    cursor->current = text;
    cursor->count = 0;
    cursor->index = 0;
}

/* The next reading into *mask; false at the end of the text. */
static bool next_reading(struct cursor *cursor, uint64_t *mask)
{
    while (cursor->index >= cursor->count) {
        if (*cursor->next == '\0')
            return false;
        size_t length;
        long code = unicode_decode(cursor->next, &length);
        cursor->current = cursor->next;
        cursor->next += length;
        int count;
        const uint64_t *readings = unicode_readings(code, &count, cursor->pending);
        if (readings != cursor->pending)
            memcpy(cursor->pending, readings, (size_t)count * sizeof *readings);
        cursor->count = count;
        cursor->index = 0;
    }
    *mask = cursor->pending[cursor->index++];
    return true;
}

/* The bits of UNICODE_SYMBOLS (base/unicode_tables.h): digits 0-9, letters A-Z,
 * then - + space = @ tab CR. */
#define DIGIT_BIT(d) ((uint64_t)1 << (d))
#define LETTER_BIT(c) ((uint64_t)1 << (10 + (c) - 'A'))
#define MINUS_BIT ((uint64_t)1 << 36)
#define PLUS_BIT ((uint64_t)1 << 37)
#define SPACE_BIT ((uint64_t)1 << 38)
#define EQUALS_BIT ((uint64_t)1 << 39)
#define AT_BIT ((uint64_t)1 << 40)
#define TAB_BIT ((uint64_t)1 << 41)
#define RETURN_BIT ((uint64_t)1 << 42)
#define LETTERS4(a, b, c, d) (LETTER_BIT(a) | LETTER_BIT(b) | LETTER_BIT(c) | LETTER_BIT(d))
/* + - A B C D E F X Y W V U */
#define CENTURY_SIGNS                                                                                        \
    (PLUS_BIT | MINUS_BIT | LETTERS4('A', 'B', 'C', 'D') | LETTERS4('E', 'F', 'X', 'Y') |                     \
     LETTERS4('W', 'V', 'U', 'U'))
/* 0-9 A B C D E F H J K L M N P R S T U V W X Y */
#define CHECK_CHARACTERS                                                                                     \
    (DIGITS | LETTERS4('A', 'B', 'C', 'D') | LETTERS4('E', 'F', 'H', 'J') | LETTERS4('K', 'L', 'M', 'N') |   \
     LETTERS4('P', 'R', 'S', 'T') | LETTERS4('U', 'V', 'W', 'X') | LETTER_BIT('Y'))
#define FORMULA_STARTS (EQUALS_BIT | PLUS_BIT | MINUS_BIT | AT_BIT | TAB_BIT | RETURN_BIT)

#define DIGITS ((uint64_t)0x3FF)

/* Skip at most MAX_GAP spaces (or tabs); returns how many. */
static int skip_gap(struct cursor *cursor)
{
    uint64_t spaces = SPACE_BIT | TAB_BIT;
    int skipped = 0;
    while (skipped < MAX_GAP) {
        struct cursor saved = *cursor;
        uint64_t mask;
        if (!next_reading(cursor, &mask) || (mask & spaces) == 0) {
            *cursor = saved;
            break;
        }
        skipped++;
    }
    return skipped;
}

/* True when some reading of two digits makes a number in [low, high]. */
static bool two_digits_within(uint64_t tens, uint64_t ones, int low, int high)
{
    for (int a = 0; a < 10; a++)
        for (int b = 0; a * 10 <= high && b < 10; b++)
            if ((tens >> a & 1) && (ones >> b & 1) && a * 10 + b >= low && a * 10 + b <= high)
                return true;
    return false;
}

/* The rest of a code after its date: three digits, spaces, a check character.
 * True with `cursor` after the check character. */
static bool code_tail(struct cursor *cursor)
{
    uint64_t mask;
    for (int i = 0; i < 3; i++)
        if (!next_reading(cursor, &mask) || (mask & DIGITS) == 0)
            return false;
    skip_gap(cursor);
    return next_reading(cursor, &mask) && (mask & CHECK_CHARACTERS) != 0;
}

/* Does a code start at `cursor` (its next reading a digit)? True with `cursor`
 * after the code. */
static bool code_at(struct cursor *cursor)
{
    uint64_t date[6];
    for (int i = 0; i < 6; i++) {
        if (i == 2 || i == 4)
            skip_gap(cursor); /* DD MM YY */
        if (!next_reading(cursor, &date[i]) || (date[i] & DIGITS) == 0)
            return false;
    }
    if (!two_digits_within(date[0], date[1], 1, 31) || !two_digits_within(date[2], date[3], 1, 12))
        return false;
    int spaces = skip_gap(cursor);
    struct cursor saved = *cursor;
    uint64_t sign;
    if (next_reading(cursor, &sign) && (sign & CENTURY_SIGNS) != 0) {
        struct cursor after_sign = *cursor;
        skip_gap(&after_sign);
        if (code_tail(&after_sign)) {
            *cursor = after_sign;
            return true;
        }
    }
    if (spaces == 0)
        return false;
    *cursor = saved; /* the spaces stand for the sign */
    return code_tail(cursor);
}

const char *identity_code_find(const char *text, size_t *length)
{
    struct cursor cursor;
    cursor_start(&cursor, text);
    for (;;) {
        struct cursor here = cursor;
        uint64_t mask;
        if (!next_reading(&cursor, &mask))
            return NULL;
        if ((mask & DIGITS) == 0)
            continue;
        struct cursor attempt = here;
        if (code_at(&attempt)) {
            /* from the code point of the first digit to the end of the last character */
            const char *start = cursor.current;
            *length = (size_t)(attempt.next - start);
            return start;
        }
    }
}

bool identity_code_in(const char *text)
{
    size_t length;
    return identity_code_find(text, &length) != NULL;
}

bool identity_begins_like_formula(const char *text)
{
    struct cursor cursor;
    cursor_start(&cursor, text);
    uint64_t mask;
    while (next_reading(&cursor, &mask))
        if ((mask & SPACE_BIT) == 0)
            return (mask & FORMULA_STARTS) != 0;
    return false;
}
