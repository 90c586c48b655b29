/* unicode.c - UTF-8 decoding, readings for the identity-code check, and NFD keys with case folding. */
#include "base/unicode.h"

#include <string.h>

#include "base/unicode_tables.h"

#define KEY_BUFFER 1024
#define MAX_RUN 64 /* combining marks reordered together; a longer run keeps its order */

long unicode_decode(const char *text, size_t *length)
{
    const unsigned char *bytes = (const unsigned char *)text;
    unsigned char lead = bytes[0];
    *length = 1;
    if (lead < 0x80)
        return lead;
    size_t count;
    unsigned long code, least;
    if (lead >= 0xC2 && lead <= 0xDF)
        count = 2, code = lead & 0x1F, least = 0x80;
    else if ((lead & 0xF0) == 0xE0)
        count = 3, code = lead & 0x0F, least = 0x800;
    else if (lead >= 0xF0 && lead <= 0xF4)
        count = 4, code = lead & 0x07, least = 0x10000;
    else
        return -1;
    for (size_t i = 1; i < count; i++) {
        if ((bytes[i] & 0xC0) != 0x80)
            return -1; /* also stops at the terminating NUL */
        code = (code << 6) | (bytes[i] & 0x3F);
    }
    if (code < least || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return -1;
    *length = count;
    return (long)code;
}

/* The expansion of `code`: binary search of the ranges. */
static const struct unicode_expansion *expansion_of(unsigned long code)
{
    if (code < 0x80)
        return &unicode_expansions[unicode_ascii_expansions[code]];
    int low = 0, high = unicode_reading_range_count - 1;
    while (low < high) {
        int middle = (low + high + 1) / 2;
        if (unicode_reading_ranges[middle].first <= code)
            low = middle;
        else
            high = middle - 1;
    }
    return &unicode_expansions[unicode_reading_ranges[low].expansion];
}

const uint64_t *unicode_readings(long code, int *count, uint64_t buffer[UNICODE_MAX_READINGS])
{
    if (code < 0) {
        buffer[0] = 0;
        *count = 1;
        return buffer;
    }
    const struct unicode_expansion *expansion = expansion_of((unsigned long)code);
    int length = expansion->length < UNICODE_MAX_READINGS ? expansion->length : UNICODE_MAX_READINGS;
    for (int i = 0; i < length; i++)
        buffer[i] = unicode_masks[unicode_expansion_pool[expansion->start + i]];
    *count = length;
    return buffer;
}

uint64_t unicode_symbol_bit(char symbol)
{
    const char *found = symbol != '\0' ? strchr(UNICODE_SYMBOLS, symbol) : NULL;
    return found != NULL ? (uint64_t)1 << (found - UNICODE_SYMBOLS) : 0;
}

bool unicode_is_dropped(long code)
{
    return code >= 0 && expansion_of((unsigned long)code)->length == 0;
}

bool unicode_is_ignorable(long code)
{
    int low = 0, high = unicode_ignorable_range_count - 1;
    while (code >= 0 && low <= high) {
        int middle = (low + high) / 2;
        if ((unsigned long)code < unicode_ignorable_ranges[middle].first)
            high = middle - 1;
        else if ((unsigned long)code > unicode_ignorable_ranges[middle].last)
            low = middle + 1;
        else
            return true;
    }
    return false;
}

bool unicode_is_space(long code)
{
    uint64_t buffer[UNICODE_MAX_READINGS];
    int count;
    const uint64_t *readings = unicode_readings(code, &count, buffer);
    uint64_t space = unicode_symbol_bit(' ') | unicode_symbol_bit('\t');
    return count == 1 && (readings[0] & space) != 0 && (readings[0] & ~space) == 0;
}

/* The canonical combining class of `code`. */
static int combining_class(unsigned long code)
{
    int low = 0, high = unicode_class_range_count - 1;
    while (low <= high) {
        int middle = (low + high) / 2;
        if (code < unicode_class_ranges[middle].first)
            high = middle - 1;
        else if (code > unicode_class_ranges[middle].last)
            low = middle + 1;
        else
            return unicode_class_ranges[middle].ccc;
    }
    return 0;
}

static unsigned long fold(unsigned long code)
{
    int low = 0, high = unicode_folding_count - 1;
    while (low <= high) {
        int middle = (low + high) / 2;
        if (code < unicode_foldings[middle].code)
            high = middle - 1;
        else if (code > unicode_foldings[middle].code)
            low = middle + 1;
        else
            return unicode_foldings[middle].folded;
    }
    return code;
}

/* The canonical decomposition of `code` into parts (at most 4 code points, Hangul
 * 3); returns how many. */
static int decompose(unsigned long code, unsigned long parts[8])
{
    if (code >= 0xAC00 && code <= 0xD7A3) {
        unsigned long index = code - 0xAC00;
        parts[0] = 0x1100 + index / 588;
        parts[1] = 0x1161 + (index % 588) / 28;
        if (index % 28 == 0)
            return 2;
        parts[2] = 0x11A7 + index % 28;
        return 3;
    }
    int low = 0, high = unicode_decomposition_count - 1;
    while (low <= high) {
        int middle = (low + high) / 2;
        if (code < unicode_decompositions[middle].code)
            high = middle - 1;
        else if (code > unicode_decompositions[middle].code)
            low = middle + 1;
        else {
            int length = unicode_decompositions[middle].length < 8 ? unicode_decompositions[middle].length : 8;
            for (int i = 0; i < length; i++)
                parts[i] = unicode_decomposition_pool[unicode_decompositions[middle].start + i];
            return length;
        }
    }
    parts[0] = code;
    return 1;
}

struct key_writer {
    char *out;
    size_t size, used;
    bool overflow;
};

static void put_byte(struct key_writer *writer, unsigned char byte)
{
    if (writer->used + 1 < writer->size)
        writer->out[writer->used] = (char)byte;
    else
        writer->overflow = true;
    writer->used++;
}

static void put_code(struct key_writer *writer, unsigned long code)
{
    if (code < 0x80) {
        put_byte(writer, (unsigned char)code);
    } else if (code < 0x800) {
        put_byte(writer, (unsigned char)(0xC0 | (code >> 6)));
        put_byte(writer, (unsigned char)(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
        put_byte(writer, (unsigned char)(0xE0 | (code >> 12)));
        put_byte(writer, (unsigned char)(0x80 | ((code >> 6) & 0x3F)));
        put_byte(writer, (unsigned char)(0x80 | (code & 0x3F)));
    } else {
        put_byte(writer, (unsigned char)(0xF0 | (code >> 18)));
        put_byte(writer, (unsigned char)(0x80 | ((code >> 12) & 0x3F)));
        put_byte(writer, (unsigned char)(0x80 | ((code >> 6) & 0x3F)));
        put_byte(writer, (unsigned char)(0x80 | (code & 0x3F)));
    }
}

/* Write the run of combining marks in canonical order (a stable sort by class). */
static void flush_run(struct key_writer *writer, unsigned long *run, int *classes, int *length)
{
    for (int i = 1; i < *length; i++) {
        unsigned long code = run[i];
        int ccc = classes[i], j = i;
        while (j > 0 && classes[j - 1] > ccc) {
            run[j] = run[j - 1];
            classes[j] = classes[j - 1];
            j--;
        }
        run[j] = code;
        classes[j] = ccc;
    }
    for (int i = 0; i < *length; i++)
        put_code(writer, run[i]);
    *length = 0;
}

size_t unicode_key(const char *text, bool fold_case, char *out, size_t size)
{
    struct key_writer writer = {out, size, 0, false};
    unsigned long run[MAX_RUN];
    int classes[MAX_RUN], run_length = 0;
    const char *cursor = text;
    while (*cursor != '\0') {
        size_t length;
        if ((unsigned char)*cursor < 0x80) { /* ASCII: no decomposition, no combining class */
            unsigned char byte = (unsigned char)*cursor++;
            flush_run(&writer, run, classes, &run_length);
            put_byte(&writer, fold_case && byte >= 'A' && byte <= 'Z' ? (unsigned char)(byte - 'A' + 'a') : byte);
            continue;
        }
        long code = unicode_decode(cursor, &length);
        if (code < 0) {
            flush_run(&writer, run, classes, &run_length);
            put_byte(&writer, (unsigned char)*cursor);
            cursor += 1;
            continue;
        }
        cursor += length;
        unsigned long parts[8], more[8];
        int count = decompose((unsigned long)(fold_case ? fold((unsigned long)code) : (unsigned long)code), parts);
        for (int i = 0; i < count; i++) {
            unsigned long part = parts[i];
            if (fold_case && fold(part) != part) {
                /* a folded letter may decompose again (U+1E9E -> U+00DF) */
                int again = decompose(fold(part), more);
                if (again == 1) {
                    part = more[0];
                } else {
                    for (int k = 0; k < again; k++) {
                        int ccc = combining_class(more[k]);
                        if (ccc == 0 || run_length == MAX_RUN)
                            flush_run(&writer, run, classes, &run_length);
                        if (ccc == 0)
                            put_code(&writer, more[k]);
                        else
                            run[run_length] = more[k], classes[run_length++] = ccc;
                    }
                    continue;
                }
            }
            int ccc = combining_class(part);
            if (ccc == 0 || run_length == MAX_RUN)
                flush_run(&writer, run, classes, &run_length);
            if (ccc == 0)
                put_code(&writer, part);
            else
                run[run_length] = part, classes[run_length++] = ccc;
        }
    }
    flush_run(&writer, run, classes, &run_length);
    if (size > 0)
        out[writer.used < size ? writer.used : size - 1] = '\0';
    return writer.overflow ? (size_t)-1 : writer.used;
}

bool unicode_equal(const char *a, const char *b, bool fold_case)
{
    if (strcmp(a, b) == 0)
        return true;
    char key_a[KEY_BUFFER], key_b[KEY_BUFFER];
    size_t length_a = unicode_key(a, fold_case, key_a, sizeof key_a);
    size_t length_b = unicode_key(b, fold_case, key_b, sizeof key_b);
    if (length_a == (size_t)-1 || length_b == (size_t)-1)
        return false;
    return length_a == length_b && memcmp(key_a, key_b, length_a) == 0;
}

uint32_t unicode_key_hash(const char *text)
{
    char key[KEY_BUFFER];
    size_t length = unicode_key(text, true, key, sizeof key);
    const char *bytes = key;
    if (length == (size_t)-1) {
        bytes = text;
        length = strlen(text);
    }
    uint32_t hash = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < length; i++) {
        hash ^= (unsigned char)bytes[i];
        hash *= 16777619u;
    }
    return hash;
}
