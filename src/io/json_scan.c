/* json_scan.c - the strict JSON scanner (RFC 8259 with UTF-8: line and column for
 * every syntax error, a bounded depth) run before cJSON builds a tree, and the
 * parse itself with cJSON's allocator installed once for the process. */
#include "io/instance_json.h"
#include "base/text.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

/* JSON syntax limits checked before cJSON sees the text: the format itself never
 * nests deeper than 4 levels, and cJSON cannot read numbers longer than 63 chars. */
#define JSON_DEPTH_LIMIT 64
#define JSON_NUMBER_LIMIT 60

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* ---------------------------------------------------------------------------
 * JSON syntax check: strict RFC 8259 with UTF-8, before cJSON builds a tree.
 * It gives line and column for every syntax error, catches what cJSON accepts
 * silently (invalid UTF-8, raw control characters, "\u0000" that would cut a
 * string short) and bounds the nesting depth.
 * ------------------------------------------------------------------------- */

enum json_problem_kind { JSON_SYNTAX, JSON_ENCODING, JSON_TOO_DEEP };

struct json_scan {
    const unsigned char *text;
    size_t length;
    size_t position;
    const char *problem;         /* NULL while the text is fine */
    enum json_problem_kind kind; /* what kind of problem */
    int character;               /* the offending printable character, or -1 */
};

static bool scan_fail(struct json_scan *scan, enum json_problem_kind kind, const char *problem)
{
    if (scan->problem == NULL) {
        scan->problem = problem;
        scan->kind = kind;
    }
    return false;
}

/* Fail at an unexpected character (or the end of the text). */
static bool scan_unexpected(struct json_scan *scan, const char *expected)
{
    if (scan->position >= scan->length)
        return scan_fail(scan, JSON_SYNTAX, "unexpected end of the file");
    unsigned char c = scan->text[scan->position];
    if (c >= 0x21 && c < 0x7f)
        scan->character = c;
    return scan_fail(scan, JSON_SYNTAX, expected);
}

static void scan_space(struct json_scan *scan)
{
    while (scan->position < scan->length) {
        unsigned char c = scan->text[scan->position];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        scan->position++;
    }
}

/* Read the 4 hex digits of a \u escape at the current position. */
static bool scan_hex4(struct json_scan *scan, unsigned *value)
{
    *value = 0;
    for (int i = 0; i < 4; i++) {
        if (scan->position >= scan->length)
            return scan_fail(scan, JSON_SYNTAX, "unexpected end of the file in a \\u escape");
        unsigned char c = scan->text[scan->position];
        unsigned digit;
        if (c >= '0' && c <= '9')
            digit = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            digit = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            digit = (unsigned)(c - 'A' + 10);
        else
            return scan_fail(scan, JSON_SYNTAX, "a \\u escape needs four hex digits");
        *value = *value * 16 + digit;
        scan->position++;
    }
    return true;
}

static bool scan_string(struct json_scan *scan)
{
    scan->position++; /* the opening quote */
    for (;;) {
        if (scan->position >= scan->length)
            return scan_fail(scan, JSON_SYNTAX, "unterminated string");
        unsigned char c = scan->text[scan->position];
        if (c == '"') {
            scan->position++;
            return true;
        }
        if (c < 0x20)
            return scan_fail(scan, JSON_SYNTAX,
                             "control character inside a string (write it as an escape such as \\n)");
        if (c >= 0x80) {
            size_t length = text_utf8_sequence(scan->text + scan->position,
                                               scan->length - scan->position, NULL);
            if (length == 0)
                return scan_fail(scan, JSON_ENCODING, "invalid UTF-8");
            scan->position += length;
            continue;
        }
        if (c != '\\') {
            scan->position++;
            continue;
        }
        scan->position++;
        if (scan->position >= scan->length)
            return scan_fail(scan, JSON_SYNTAX, "unterminated string");
        c = scan->text[scan->position];
        if (strchr("\"\\/bfnrt", c) != NULL && c != '\0') {
            scan->position++;
            continue;
        }
        if (c != 'u')
            return scan_fail(scan, JSON_SYNTAX, "invalid escape sequence in a string");
        size_t escape_start = scan->position - 1;
        scan->position++;
        unsigned code;
        if (!scan_hex4(scan, &code))
            return false;
        if (code == 0) {
            scan->position = escape_start;
            return scan_fail(scan, JSON_SYNTAX, "\\u0000 is not allowed in a string");
        }
        if (code >= 0xDC00 && code <= 0xDFFF) {
            scan->position = escape_start;
            return scan_fail(scan, JSON_SYNTAX, "unpaired UTF-16 surrogate in a \\u escape");
        }
        if (code >= 0xD800 && code <= 0xDBFF) {
            unsigned low = 0;
            if (scan->position + 2 > scan->length || scan->text[scan->position] != '\\' ||
                scan->text[scan->position + 1] != 'u') {
                scan->position = escape_start;
                return scan_fail(scan, JSON_SYNTAX, "unpaired UTF-16 surrogate in a \\u escape");
            }
            scan->position += 2;
            if (!scan_hex4(scan, &low))
                return false;
            if (low < 0xDC00 || low > 0xDFFF) {
                scan->position = escape_start;
                return scan_fail(scan, JSON_SYNTAX, "unpaired UTF-16 surrogate in a \\u escape");
            }
        }
    }
}

static bool scan_digits(struct json_scan *scan)
{
    if (scan->position >= scan->length || !is_digit(scan->text[scan->position]))
        return scan_unexpected(scan, "invalid number: a digit is missing");
    while (scan->position < scan->length && is_digit(scan->text[scan->position]))
        scan->position++;
    return true;
}

static bool scan_number(struct json_scan *scan)
{
    size_t start = scan->position;
    if (scan->text[scan->position] == '-')
        scan->position++;
    if (scan->position < scan->length && scan->text[scan->position] == '0')
        scan->position++;
    else if (!scan_digits(scan))
        return false;
    if (scan->position < scan->length && scan->text[scan->position] == '.') {
        scan->position++;
        if (!scan_digits(scan))
            return false;
    }
    if (scan->position < scan->length &&
        (scan->text[scan->position] == 'e' || scan->text[scan->position] == 'E')) {
        scan->position++;
        if (scan->position < scan->length &&
            (scan->text[scan->position] == '+' || scan->text[scan->position] == '-'))
            scan->position++;
        if (!scan_digits(scan))
            return false;
    }
    if (scan->position - start > JSON_NUMBER_LIMIT) {
        scan->position = start;
        return scan_fail(scan, JSON_SYNTAX, "number with too many digits");
    }
    return true;
}

static bool scan_literal(struct json_scan *scan, const char *word)
{
    size_t length = strlen(word);
    if (scan->length - scan->position < length ||
        memcmp(scan->text + scan->position, word, length) != 0)
        return scan_unexpected(scan, "unexpected character");
    scan->position += length;
    return true;
}

static bool scan_value(struct json_scan *scan, int depth);

static bool scan_object(struct json_scan *scan, int depth)
{
    if (depth >= JSON_DEPTH_LIMIT)
        return scan_fail(scan, JSON_TOO_DEEP, "nested too deeply");
    scan->position++; /* { */
    scan_space(scan);
    if (scan->position < scan->length && scan->text[scan->position] == '}') {
        scan->position++;
        return true;
    }
    for (;;) {
        scan_space(scan);
        if (scan->position >= scan->length || scan->text[scan->position] != '"')
            return scan_unexpected(scan, "expected a key in double quotes");
        if (!scan_string(scan))
            return false;
        scan_space(scan);
        if (scan->position >= scan->length || scan->text[scan->position] != ':')
            return scan_unexpected(scan, "expected ':' after a key");
        scan->position++;
        if (!scan_value(scan, depth + 1))
            return false;
        scan_space(scan);
        if (scan->position < scan->length && scan->text[scan->position] == ',') {
            scan->position++;
            continue;
        }
        if (scan->position < scan->length && scan->text[scan->position] == '}') {
            scan->position++;
            return true;
        }
        return scan_unexpected(scan, "expected ',' or '}'");
    }
}

static bool scan_array(struct json_scan *scan, int depth)
{
    if (depth >= JSON_DEPTH_LIMIT)
        return scan_fail(scan, JSON_TOO_DEEP, "nested too deeply");
    scan->position++; /* [ */
    scan_space(scan);
    if (scan->position < scan->length && scan->text[scan->position] == ']') {
        scan->position++;
        return true;
    }
    for (;;) {
        if (!scan_value(scan, depth + 1))
            return false;
        scan_space(scan);
        if (scan->position < scan->length && scan->text[scan->position] == ',') {
            scan->position++;
            continue;
        }
        if (scan->position < scan->length && scan->text[scan->position] == ']') {
            scan->position++;
            return true;
        }
        return scan_unexpected(scan, "expected ',' or ']'");
    }
}

static bool scan_value(struct json_scan *scan, int depth)
{
    scan_space(scan);
    if (scan->position >= scan->length)
        return scan_fail(scan, JSON_SYNTAX, "unexpected end of the file, expected a value");
    unsigned char c = scan->text[scan->position];
    switch (c) {
    case '{':
        return scan_object(scan, depth);
    case '[':
        return scan_array(scan, depth);
    case '"':
        return scan_string(scan);
    case 't':
        return scan_literal(scan, "true");
    case 'f':
        return scan_literal(scan, "false");
    case 'n':
        return scan_literal(scan, "null");
    default:
        if (c == '-' || is_digit(c))
            return scan_number(scan);
        if (c >= 0x80 && text_utf8_sequence(scan->text + scan->position,
                                            scan->length - scan->position, NULL) == 0)
            return scan_fail(scan, JSON_ENCODING, "invalid UTF-8");
        return scan_unexpected(scan, "unexpected character, expected a value");
    }
}

/* 1-based line and column (in characters) of byte `position` of `text`. */
static void text_line_column(const unsigned char *text, size_t position, long *line, long *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < position; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *column = 1;
        } else if ((text[i] & 0xC0) != 0x80) {
            (*column)++;
        }
    }
}

/* Check that `text` is one well-formed JSON value; report the first problem. */
static bool json_check_syntax(const char *text, size_t length, struct diag *diag)
{
    struct json_scan scan = {(const unsigned char *)text, length, 0, NULL, JSON_SYNTAX, -1};
    scan_space(&scan);
    if (scan.position >= length) {
        diag_error(diag, "", "the file is empty, expected a JSON object");
        return false;
    }
    if (scan_value(&scan, 0)) {
        scan_space(&scan);
        if (scan.position >= length)
            return true;
        scan_unexpected(&scan, "unexpected text after the JSON value");
    }
    long line, column;
    text_line_column(scan.text, scan.position, &line, &column);
    switch (scan.kind) {
    case JSON_ENCODING:
        diag_error(diag, "", "invalid UTF-8 at line %ld, column %ld: the file must be saved as UTF-8 "
                   "(not Latin-1 or Windows-1252)", line, column);
        break;
    case JSON_TOO_DEEP:
        diag_error(diag, "", "invalid JSON at line %ld, column %ld: nested deeper than %d levels",
                   line, column, JSON_DEPTH_LIMIT);
        break;
    case JSON_SYNTAX:
        if (scan.character >= 0)
            diag_error(diag, "", "invalid JSON at line %ld, column %ld: %s, found '%c'", line, column,
                       scan.problem, scan.character);
        else
            diag_error(diag, "", "invalid JSON at line %ld, column %ld: %s", line, column, scan.problem);
        break;
    }
    return false;
}

/* cJSON's allocator is one process-wide pair of function pointers
 * (cJSON_InitHooks). It is installed once, under pthread_once, and never changed
 * after: a thread that parses or builds a tree never races another's install.
 * Whether an allocation failed is recorded per thread, so that a parse tells
 * running out of memory apart from text cJSON refuses without seeing another
 * thread's failure. */
static pthread_once_t json_hooks_once = PTHREAD_ONCE_INIT;
static _Thread_local bool json_allocation_failed;

static void *json_allocate(size_t size)
{
    void *block = mem_alloc(size);
    if (block == NULL)
        json_allocation_failed = true;
    return block;
}

static void json_release(void *block)
{
    mem_free(block);
}

static void json_hooks_install(void)
{
    cJSON_Hooks hooks = {json_allocate, json_release};
    cJSON_InitHooks(&hooks);
}

void json_scan_use_hooks(void)
{
    pthread_once(&json_hooks_once, json_hooks_install);
}

/* The name of the encoding when `text` is UTF-16 or UTF-32, by its byte-order mark
 * or, without one, by the NUL bytes a JSON text in them has around its first
 * character (JSON starts with ASCII); NULL otherwise. */
static const char *utf16_or_32(const char *text, size_t length)
{
    const unsigned char *b = (const unsigned char *)text;
    if (length >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0)
        return "UTF-32LE";
    if (length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF)
        return "UTF-32BE";
    if (length >= 2 && b[0] == 0xFF && b[1] == 0xFE)
        return "UTF-16LE";
    if (length >= 2 && b[0] == 0xFE && b[1] == 0xFF)
        return "UTF-16BE";
    if (length >= 4 && b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0)
        return "UTF-32LE";
    if (length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0)
        return "UTF-32BE";
    if (length >= 2 && b[0] != 0 && b[1] == 0)
        return "UTF-16LE";
    if (length >= 2 && b[0] == 0 && b[1] != 0)
        return "UTF-16BE";
    return NULL;
}

cJSON *json_scan_parse(const char *text, size_t length, struct diag *diag)
{
    static const char bom[] = "\xEF\xBB\xBF";
    if (length >= 3 && memcmp(text, bom, 3) == 0) {
        text += 3;
        length -= 3;
    }
    const char *encoding = utf16_or_32(text, length);
    if (encoding != NULL) {
        diag_error(diag, "", "the file is %s, not UTF-8: save it as UTF-8 (in the editor's \"Save "
                   "as\", choose the encoding \"UTF-8\"; on the command line: iconv -f %s -t UTF-8)",
                   encoding, encoding);
        return NULL;
    }
    if (!json_check_syntax(text, length, diag))
        return NULL;

    json_scan_use_hooks();
    json_allocation_failed = false;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, length, &end, false);
    if (root == NULL) {
        if (json_allocation_failed) {
            diag->out_of_memory = true;
        } else {
            long line = 0, column = 0;
            size_t position = end != NULL && end >= text && end <= text + length ? (size_t)(end - text) : 0;
            text_line_column((const unsigned char *)text, position, &line, &column);
            diag_error(diag, "", "invalid JSON at line %ld, column %ld: the JSON reader refused it", line,
                       column);
        }
        return NULL;
    }
    return root;
}
