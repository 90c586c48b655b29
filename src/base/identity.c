/* identity.c - personal identity codes in any writing, and ids that would be spreadsheet formulas. */
#include "base/identity.h"

#include <stddef.h>
#include <string.h>

/* The first code point of every block of ten decimal digits in Unicode 15
 * (general category Nd), ASCII included. */
static const unsigned long digit_zeros[] = {
    0x30,    0x660,   0x6F0,   0x7C0,   0x966,   0x9E6,   0xA66,   0xAE6,   0xB66,   0xBE6,
    0xC66,   0xCE6,   0xD66,   0xDE6,   0xE50,   0xED0,   0xF20,   0x1040,  0x1090,  0x17E0,
    0x1810,  0x1946,  0x19D0,  0x1A80,  0x1A90,  0x1B50,  0x1BB0,  0x1C40,  0x1C50,  0xA620,
    0xA8D0,  0xA900,  0xA9D0,  0xA9F0,  0xAA50,  0xABF0,  0xFF10,  0x104A0, 0x10D30, 0x11066,
    0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0,
    0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8,
    0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950, 0x1FBF0,
};

/* Cyrillic and Greek letters that look like the Latin capital after them. */
static const struct {
    unsigned long code;
    char latin;
} look_alikes[] = {
    {0x0410, 'A'}, {0x0412, 'B'}, {0x0415, 'E'}, {0x041A, 'K'}, {0x041C, 'M'}, {0x041D, 'H'},
    {0x041E, 'O'}, {0x0420, 'P'}, {0x0421, 'C'}, {0x0422, 'T'}, {0x0423, 'Y'}, {0x0425, 'X'},
    {0x0430, 'A'}, {0x0435, 'E'}, {0x043E, 'O'}, {0x0440, 'P'}, {0x0441, 'C'}, {0x0443, 'Y'},
    {0x0445, 'X'}, {0x0391, 'A'}, {0x0392, 'B'}, {0x0395, 'E'}, {0x0396, 'Z'}, {0x0397, 'H'},
    {0x0399, 'I'}, {0x039A, 'K'}, {0x039C, 'M'}, {0x039D, 'N'}, {0x039F, 'O'}, {0x03A1, 'P'},
    {0x03A4, 'T'}, {0x03A5, 'Y'}, {0x03A7, 'X'},
};

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))
#define SKIP '\0'  /* a symbol that is dropped (zero-width) */
#define OTHER '?'  /* any character that plays no part in a code */
#define MAX_GAP 2  /* spaces allowed between two parts of a code */

/* The code point of the UTF-8 sequence at `text` and its length in *length; an
 * invalid or cut sequence is one byte of no meaning (returns -1). */
static long decode(const unsigned char *text, size_t *length)
{
    unsigned char lead = text[0];
    size_t count;
    unsigned long code;
    if (lead < 0x80) {
        *length = 1;
        return lead;
    }
    if ((lead & 0xE0) == 0xC0)
        count = 2, code = lead & 0x1F;
    else if ((lead & 0xF0) == 0xE0)
        count = 3, code = lead & 0x0F;
    else if ((lead & 0xF8) == 0xF0)
        count = 4, code = lead & 0x07;
    else
        count = 0, code = 0;
    *length = 1;
    if (count == 0)
        return -1;
    for (size_t i = 1; i < count; i++) {
        if ((text[i] & 0xC0) != 0x80)
            return -1; /* also stops at the terminating NUL */
        code = (code << 6) | (text[i] & 0x3F);
    }
    *length = count;
    return (long)code;
}

/* What code point `code` reads as: '0'-'9', 'A'-'Z', one of " +-=@\t\r" (a
 * space for every kind of space), SKIP for zero-width characters, OTHER else. */
static char symbol_of(long code)
{
    if (code < 0)
        return OTHER;
    unsigned long c = (unsigned long)code;
    if (c >= 0xFF01 && c <= 0xFF5E)
        c -= 0xFEE0; /* full-width ASCII */
    if (c < 0x80) {
        if (c >= 'a' && c <= 'z')
            return (char)(c - 'a' + 'A');
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr(" +-=@\t\r", (int)c) != NULL)
            return c == 0 ? OTHER : (char)c;
        return OTHER;
    }
    switch (c) {
    case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
        return ' ';
    case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF: case 0x00AD: case 0x180E:
        return SKIP;
    case 0x02D7: case 0x2043: case 0x2212: case 0x2796: case 0xFE58: case 0xFE63:
        return '-';
    case 0xFE62: case 0x2795:
        return '+';
    case 0x00B9:
        return '1';
    case 0x00B2: case 0x00B3:
        return (char)('2' + (c - 0x00B2));
    case 0x2070:
        return '0';
    default:
        break;
    }
    if (c >= 0x2000 && c <= 0x200A)
        return ' ';
    if (c >= 0x2010 && c <= 0x2015)
        return '-';
    if (c >= 0x2074 && c <= 0x2079)
        return (char)('4' + (c - 0x2074));
    if (c >= 0x2080 && c <= 0x2089)
        return (char)('0' + (c - 0x2080));
    for (size_t i = 0; i < COUNT_OF(digit_zeros); i++)
        if (c >= digit_zeros[i] && c < digit_zeros[i] + 10)
            return (char)('0' + (c - digit_zeros[i]));
    for (size_t i = 0; i < COUNT_OF(look_alikes); i++)
        if (c == look_alikes[i].code)
            return look_alikes[i].latin;
    return OTHER;
}

/* The next symbol at *cursor (zero-width characters skipped), '\0' at the end. */
static char next_symbol(const unsigned char **cursor)
{
    while (**cursor != '\0') {
        size_t length;
        char symbol = symbol_of(decode(*cursor, &length));
        *cursor += length;
        if (symbol != SKIP)
            return symbol;
    }
    return '\0';
}

/* Skip at most MAX_GAP spaces at *cursor; returns how many. */
static int skip_gap(const unsigned char **cursor)
{
    int spaces = 0;
    while (spaces < MAX_GAP) {
        const unsigned char *saved = *cursor;
        char symbol = next_symbol(cursor);
        if (symbol != ' ' && symbol != '\t') {
            *cursor = saved;
            break;
        }
        spaces++;
    }
    return spaces;
}

static bool is_digit_symbol(char symbol)
{
    return symbol >= '0' && symbol <= '9';
}

/* The end of the code that starts at `cursor` (the first symbol a digit), or NULL
 * when none starts there. */
static const unsigned char *code_at(const unsigned char *cursor)
{
    static const char century_signs[] = "+-ABCDEFXYWVU";
    static const char check_characters[] = "0123456789ABCDEFHJKLMNPRSTUVWXY";
    int date[6];
    for (int i = 0; i < 6; i++) {
        if (i == 2 || i == 4)
            skip_gap(&cursor); /* DD MM YY */
        char symbol = next_symbol(&cursor);
        if (!is_digit_symbol(symbol))
            return NULL;
        date[i] = symbol - '0';
    }
    int day = date[0] * 10 + date[1], month = date[2] * 10 + date[3];
    if (day < 1 || day > 31 || month < 1 || month > 12)
        return NULL;
    int spaces = skip_gap(&cursor);
    const unsigned char *saved = cursor;
    char sign = next_symbol(&cursor);
    if (sign != '\0' && strchr(century_signs, sign) != NULL)
        skip_gap(&cursor);
    else if (spaces > 0)
        cursor = saved; /* the spaces stand for the sign */
    else
        return NULL;
    for (int i = 0; i < 3; i++)
        if (!is_digit_symbol(next_symbol(&cursor)))
            return NULL;
    skip_gap(&cursor);
    char check = next_symbol(&cursor);
    return check != '\0' && strchr(check_characters, check) != NULL ? cursor : NULL;
}

const char *identity_code_find(const char *text, size_t *length)
{
    const unsigned char *cursor = (const unsigned char *)text;
    while (*cursor != '\0') {
        size_t character;
        const unsigned char *end;
        if (is_digit_symbol(symbol_of(decode(cursor, &character))) && (end = code_at(cursor)) != NULL) {
            *length = (size_t)(end - cursor);
            return (const char *)cursor;
        }
        cursor += character;
    }
    return NULL;
}

bool identity_code_in(const char *text)
{
    size_t length;
    return identity_code_find(text, &length) != NULL;
}

bool identity_begins_like_formula(const char *text)
{
    const unsigned char *cursor = (const unsigned char *)text;
    char symbol = next_symbol(&cursor);
    while (symbol == ' ')
        symbol = next_symbol(&cursor);
    return symbol != '\0' && strchr("=+-@\t\r", symbol) != NULL;
}
