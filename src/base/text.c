/* text.c - growing text, numbers that read back exactly, JSON strings, CSV cells, UTF-8 checks,
 * column widths, one copy each for every reader and writer. */
#include "base/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/identity.h"

/* --- Growing text ---------------------------------------------------------- */

void text_append(struct text *text, const char *bytes, size_t count)
{
    if (text->failed)
        return;
    if (text->length + count + 1 > text->capacity) {
        size_t capacity = text->capacity > 0 ? text->capacity : 256;
        while (capacity < text->length + count + 1)
            capacity *= 2;
        char *data = mem_realloc(text->data, capacity);
        if (data == NULL) {
            text->failed = true;
            return;
        }
        text->data = data;
        text->capacity = capacity;
    }
    memcpy(text->data + text->length, bytes, count);
    text->length += count;
    text->data[text->length] = '\0';
}

void text_puts(struct text *text, const char *string)
{
    text_append(text, string, strlen(string));
}

/* --- Numbers ------------------------------------------------------------------ */

bool text_format_number(double value, char buffer[TEXT_NUMBER_SIZE])
{
    if (!isfinite(value)) {
        snprintf(buffer, TEXT_NUMBER_SIZE, "%.15g", value);
        return false;
    }
    if (value == 0)
        value = 0; /* no "-0" */
    for (int precision = 15; precision <= 17; precision++) {
        snprintf(buffer, TEXT_NUMBER_SIZE, "%.*g", precision, value);
        if (strtod(buffer, NULL) == value)
            break;
    }
    return true;
}

void text_json_number(FILE *stream, double value)
{
    char buffer[TEXT_NUMBER_SIZE];
    fputs(text_format_number(value, buffer) ? buffer : "null", stream);
}

/* --- JSON strings --------------------------------------------------------------- */

const char *text_json_escape(unsigned char byte, char escape[8])
{
    const char *short_form = NULL;
    switch (byte) {
    case '"': short_form = "\\\""; break;
    case '\\': short_form = "\\\\"; break;
    case '\b': short_form = "\\b"; break;
    case '\f': short_form = "\\f"; break;
    case '\n': short_form = "\\n"; break;
    case '\r': short_form = "\\r"; break;
    case '\t': short_form = "\\t"; break;
    default:
        if (byte >= 0x20 && byte != 0x7f)
            return NULL;
        snprintf(escape, 8, "\\u%04x", byte);
        return escape;
    }
    strcpy(escape, short_form);
    return escape;
}

void text_json_string(FILE *stream, const char *text)
{
    if (text == NULL) {
        fputs("null", stream);
        return;
    }
    fputc('"', stream);
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
        char escape[8];
        if (text_json_escape(*p, escape) != NULL)
            fputs(escape, stream);
        else
            fputc(*p, stream);
    }
    fputc('"', stream);
}

/* --- CSV cells ------------------------------------------------------------------- */

/* [+-]digits[(.|,)digits], digits possibly none: a number (or a lone sign) that a
 * spreadsheet program reads as itself, never as a formula. */
static bool csv_plain_number(const char *text)
{
    if (*text == '+' || *text == '-')
        text++;
    text += strspn(text, "0123456789");
    if (*text == '.' || *text == ',') {
        text++;
        if (strspn(text, "0123456789") == 0)
            return false;
        text += strspn(text, "0123456789");
    }
    return *text == '\0';
}

void text_csv_field(FILE *stream, const char *text)
{
    if (text == NULL)
        return;
    /* formula injection: the usual neutralisation, a leading apostrophe */
    bool neutralise = text[0] == '\'' || (identity_begins_like_formula(text) && !csv_plain_number(text));
    bool quoted = strpbrk(text, ";\"\r\n") != NULL;
    if (!quoted) {
        if (neutralise)
            fputc('\'', stream);
        fputs(text, stream);
        return;
    }
    fputc('"', stream);
    if (neutralise)
        fputc('\'', stream);
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '"')
            fputc('"', stream);
        fputc(*p, stream);
    }
    fputc('"', stream);
}

void text_csv_number(FILE *stream, double value)
{
    /* decimal comma, as Finnish spreadsheet programs read numbers */
    char number[TEXT_NUMBER_SIZE];
    if (!text_format_number(value, number)) {
        fputs("null", stream);
        return;
    }
    char *point = strchr(number, '.');
    if (point != NULL)
        *point = ',';
    fputs(number, stream);
}

void text_csv_decimal(FILE *stream, double value, int decimals)
{
    char buffer[64];
    snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    char *point = strchr(buffer, '.');
    if (point != NULL)
        *point = ',';
    fputs(buffer, stream);
}

void text_csv_rounded(FILE *stream, double value, int decimals)
{
    char number[64];
    if (!isfinite(value))
        return;
    snprintf(number, sizeof number, "%.*f", decimals, value);
    char *point = strchr(number, '.');
    if (point != NULL) {
        size_t length = strlen(number);
        while (length > 0 && number[length - 1] == '0')
            number[--length] = '\0';
        if (number[length - 1] == '.')
            number[--length] = '\0';
        else
            *point = ',';
    }
    if (strcmp(number, "-0") == 0)
        strcpy(number, "0");
    fputs(number, stream);
}

/* --- UTF-8 ------------------------------------------------------------------------ */

size_t text_utf8_sequence(const unsigned char *text, size_t available, unsigned long *code)
{
    if (available == 0)
        return 0;
    size_t length;
    unsigned long value, minimum;
    if (text[0] < 0x80) {
        if (code != NULL)
            *code = text[0];
        return 1;
    }
    if ((text[0] & 0xE0) == 0xC0)
        length = 2, minimum = 0x80, value = text[0] & 0x1Fu;
    else if ((text[0] & 0xF0) == 0xE0)
        length = 3, minimum = 0x800, value = text[0] & 0x0Fu;
    else if ((text[0] & 0xF8) == 0xF0)
        length = 4, minimum = 0x10000, value = text[0] & 0x07u;
    else
        return 0;
    for (size_t i = 1; i < length; i++) {
        if (i >= available || (text[i] & 0xC0) != 0x80)
            return 0;
        value = (value << 6) | (text[i] & 0x3Fu);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return 0;
    if (code != NULL)
        *code = value;
    return length;
}

bool text_utf8_valid(const char *text, size_t length)
{
    const unsigned char *bytes = (const unsigned char *)text;
    size_t i = 0;
    while (i < length) {
        size_t step = text_utf8_sequence(bytes + i, length - i, NULL);
        if (step == 0)
            return false;
        i += step;
    }
    return true;
}

/* --- Columns on a terminal ---------------------------------------------------------- */

int text_width(const char *text)
{
    int width = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++)
        if ((*p & 0xC0) != 0x80)
            width++;
    return width;
}

void text_write_padded(FILE *stream, const char *text, int width, bool right)
{
    int padding = width - text_width(text);
    if (right)
        for (int i = 0; i < padding; i++)
            fputc(' ', stream);
    fputs(text, stream);
    if (!right)
        for (int i = 0; i < padding; i++)
            fputc(' ', stream);
}

/* --- Paths ------------------------------------------------------------------ */

char *text_path_stem(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    size_t length = strlen(base);
    if (length > 5 && strcmp(base + length - 5, ".json") == 0)
        length -= 5;
    char *name = mem_alloc(length + 1);
    if (name != NULL) {
        memcpy(name, base, length);
        name[length] = '\0';
    }
    return name;
}
