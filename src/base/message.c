/* message.c - the escaping of every message, quoting for messages, reasons
 * into the caller's buffer. */
#include "base/message.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/identity.h"
#include "base/mem.h"
#include "base/text.h"

/* --- Messages ---------------------------------------------------------------- */

/* The escaped form of the character at `text` (not NUL) in `piece`, NUL-terminated;
 * returns how many bytes of `text` it stands for. */
static size_t escape_character(const unsigned char *text, char piece[16])
{
    unsigned long code;
    size_t length = text_utf8_sequence(text, SIZE_MAX, &code);
    if (length == 0 || code < 0x20 || code == 0x7F) {
        snprintf(piece, 16, "\\x{%02x}", text[0]);
        return 1;
    }
    if ((code >= 0x80 && code <= 0x9F) || code == 0x2028 || code == 0x2029 ||
        (code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069)) {
        snprintf(piece, 16, "\\u{%04x}", (unsigned)code);
        return length;
    }
    memcpy(piece, text, length);
    piece[length] = '\0';
    return length;
}

#define WITHHELD "(withheld)"

/* The escaped pieces of `text` one after the other, each handed to `emit`; an
 * identity code anywhere in it is one piece, WITHHELD. */
static void escape_pieces(const char *text, void (*emit)(const char *piece, void *context), void *context)
{
    const unsigned char *bytes = (const unsigned char *)text;
    size_t code_length = 0;
    const unsigned char *code = (const unsigned char *)identity_code_find(text, &code_length);
    char piece[16];
    while (*bytes != '\0') {
        if (bytes == code) {
            emit(WITHHELD, context);
            bytes += code_length;
            code = (const unsigned char *)identity_code_find((const char *)bytes, &code_length);
            continue;
        }
        bytes += escape_character(bytes, piece);
        emit(piece, context);
    }
}

struct escape_buffer {
    char *out; /* NULL: only measure */
    size_t used;
};

static void emit_to_buffer(const char *piece, void *context)
{
    struct escape_buffer *buffer = context;
    size_t length = strlen(piece);
    if (buffer->out != NULL)
        memcpy(buffer->out + buffer->used, piece, length);
    buffer->used += length;
}

static void emit_to_stream(const char *piece, void *context)
{
    fputs(piece, (FILE *)context);
}

size_t message_escape(char *out, const char *text)
{
    struct escape_buffer buffer = {out, 0};
    escape_pieces(text, emit_to_buffer, &buffer);
    if (out != NULL)
        out[buffer.used] = '\0';
    return buffer.used;
}

void message_write(FILE *stream, const char *text)
{
    escape_pieces(text, emit_to_stream, stream);
}

void message_vprint(FILE *stream, const char *prefix, const char *format, va_list arguments)
{
    char buffer[4096];
    va_list copy;
    va_copy(copy, arguments);
    int length = vsnprintf(buffer, sizeof buffer, format, arguments);
    char *text = buffer;
    if (length >= (int)sizeof buffer) {
        char *longer = mem_alloc((size_t)length + 1);
        if (longer != NULL) {
            vsnprintf(longer, (size_t)length + 1, format, copy);
            text = longer;
        }
    }
    va_end(copy);
    if (length < 0)
        buffer[0] = '\0';
    message_write(stream, prefix);
    fputs(": ", stream);
    message_write(stream, text);
    if (text != buffer)
        mem_free(text);
}

const char *message_quote(char *buffer, size_t size, const char *text)
{
    if (identity_code_in(text)) {
        snprintf(buffer, size, "(withheld: looks like a personal identity code)");
        return buffer;
    }
    const size_t reserve = 5; /* the ellipsis, the closing quote and the NUL */
    size_t used = 0;
    buffer[used++] = '"';
    const unsigned char *bytes = (const unsigned char *)text;
    char piece[16];
    while (*bytes != '\0') {
        size_t consumed;
        if (*bytes == '"' || *bytes == '\\') {
            piece[0] = '\\', piece[1] = (char)*bytes, piece[2] = '\0';
            consumed = 1;
        } else {
            consumed = escape_character(bytes, piece);
        }
        size_t length = strlen(piece);
        if (used + length + reserve > size)
            break;
        memcpy(buffer + used, piece, length);
        used += length;
        bytes += consumed;
    }
    if (*bytes != '\0') {
        memcpy(buffer + used, "...", 3);
        used += 3;
    }
    buffer[used++] = '"';
    buffer[used] = '\0';
    return buffer;
}

void message_format(char *error, size_t size, const char *format, ...)
{
    if (error == NULL || size == 0)
        return;
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(error, size, format, arguments);
    va_end(arguments);
}
