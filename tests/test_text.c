/* test_text.c - unit tests of the shared text helpers: numbers, JSON strings, CSV
 * numbers, UTF-8 checks and column widths (dates: test_date.c). */
#include "testutil.h"

#include <math.h>

#include "base/text.h"

/* What `write` puts on a stream, as a string the caller frees. */
static char *written(void (*write)(FILE *stream, const void *argument), const void *argument)
{
    char *text = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&text, &size);
    assert_non_null(stream);
    write(stream, argument);
    assert_int_equal(fclose(stream), 0);
    return text;
}

static void text_format_number_should_write_the_shortest_text_that_reads_back(void **state)
{
    (void)state;
    char buffer[TEXT_NUMBER_SIZE];
    static const double awkward[] = {
        0.1, 0.30000000000000004, 1.0 / 3.0, 2.0 / 3.0, 5.0 / 12.0, 1e-310 /* subnormal */,
        4.9406564584124654e-324, 1.7976931348623157e308, 123456789012345678.0, -2.5e-7,
        9007199254740993.0, 0.1 + 0.7, 100.0, 1e21, 44.63647032106576,
    };
    for (size_t i = 0; i < sizeof awkward / sizeof awkward[0]; i++) {
        assert_true(text_format_number(awkward[i], buffer));
        assert_true(strtod(buffer, NULL) == awkward[i]);
        /* and no precision from 15 to 17 that reads back gives a shorter text */
        for (int precision = 15; precision <= 17; precision++) {
            char other[400];
            snprintf(other, sizeof other, "%.*g", precision, awkward[i]);
            if (strtod(other, NULL) == awkward[i])
                assert_true(strlen(buffer) <= strlen(other));
        }
    }
    assert_true(text_format_number(0.1, buffer));
    assert_string_equal(buffer, "0.1");
    assert_true(text_format_number(0.30000000000000004, buffer));
    assert_string_equal(buffer, "0.30000000000000004");
    assert_true(text_format_number(5.0 / 12.0, buffer));
    assert_string_equal(buffer, "0.4166666666666667");
    assert_true(text_format_number(35, buffer));
    assert_string_equal(buffer, "35");
}

static void text_format_number_should_write_negative_zero_as_zero(void **state)
{
    (void)state;
    char buffer[TEXT_NUMBER_SIZE];
    assert_true(text_format_number(-0.0, buffer));
    assert_string_equal(buffer, "0");
    assert_true(text_format_number(0.0, buffer));
    assert_string_equal(buffer, "0");
}

static void text_format_number_should_refuse_nan_and_infinities(void **state)
{
    (void)state;
    char buffer[TEXT_NUMBER_SIZE];
    assert_false(text_format_number(NAN, buffer));
    assert_non_null(strstr(buffer, "nan"));
    assert_false(text_format_number(INFINITY, buffer));
    assert_string_equal(buffer, "inf");
    assert_false(text_format_number(-INFINITY, buffer));
    assert_string_equal(buffer, "-inf");
}

static void write_csv_number(FILE *stream, const void *argument)
{
    text_csv_number(stream, *(const double *)argument);
}

static void text_csv_number_should_use_a_decimal_comma_and_null_when_not_finite(void **state)
{
    (void)state;
    static const struct {
        double value;
        const char *text;
    } cases[] = {{2.5, "2,5"}, {-0.0, "0"}, {1e-7, "1e-07"}, {NAN, "null"}, {INFINITY, "null"},
                 {40, "40"}, {0.1 + 0.2, "0,30000000000000004"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = written(write_csv_number, &cases[i].value);
        assert_string_equal(text, cases[i].text);
        free(text);
    }
}

static void write_json_string(FILE *stream, const void *argument)
{
    text_json_string(stream, argument);
}

static void text_json_string_should_escape_quotes_backslashes_and_controls(void **state)
{
    (void)state;
    char *text = written(write_json_string, "a\"b\\c\nd\te\x01" "f\x7f" "g\b\f\rÄä");
    assert_string_equal(text, "\"a\\\"b\\\\c\\nd\\te\\u0001f\\u007fg\\b\\f\\rÄä\"");
    free(text);
    text = written(write_json_string, NULL);
    assert_string_equal(text, "null");
    free(text);
}

static void text_json_escape_should_leave_letters_and_utf8_bytes_alone(void **state)
{
    (void)state;
    char escape[8];
    assert_null(text_json_escape('a', escape));
    assert_null(text_json_escape(' ', escape));
    assert_null(text_json_escape(0xC3, escape));
    assert_null(text_json_escape(0x80, escape));
    assert_string_equal(text_json_escape(0x1f, escape), "\\u001f");
    assert_string_equal(text_json_escape('"', escape), "\\\"");
}

static void text_utf8_sequence_should_accept_well_formed_sequences(void **state)
{
    (void)state;
    unsigned long code = 0;
    assert_int_equal(text_utf8_sequence((const unsigned char *)"A", 1, &code), 1);
    assert_int_equal(code, 0x41);
    assert_int_equal(text_utf8_sequence((const unsigned char *)"\xC3\xA4", 2, &code), 2);
    assert_int_equal(code, 0xE4); /* ä */
    assert_int_equal(text_utf8_sequence((const unsigned char *)"\xE2\x82\xAC", 3, &code), 3);
    assert_int_equal(code, 0x20AC); /* € */
    assert_int_equal(text_utf8_sequence((const unsigned char *)"\xF4\x8F\xBF\xBF", 4, &code), 4);
    assert_int_equal(code, 0x10FFFF); /* the last code point */
    assert_int_equal(text_utf8_sequence((const unsigned char *)"\xED\x9F\xBF", 3, &code), 3);
    assert_int_equal(code, 0xD7FF); /* just below the surrogates */
    assert_int_equal(text_utf8_sequence((const unsigned char *)"", 1, &code), 1);
    assert_int_equal(code, 0); /* NUL is U+0000 */
    assert_int_equal(text_utf8_sequence((const unsigned char *)"\xC3\xA4", SIZE_MAX, NULL), 2);
}

static void text_utf8_sequence_should_refuse_overlong_surrogates_and_truncated(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "\xC0\x80",         /* overlong NUL */
        "\xC1\xBF",         /* overlong 0x7F */
        "\xE0\x80\xAF",     /* overlong '/' */
        "\xF0\x8F\xBF\xBF", /* overlong U+FFFF */
        "\xED\xA0\x80",     /* surrogate U+D800 */
        "\xED\xBF\xBF",     /* surrogate U+DFFF */
        "\xF4\x90\x80\x80", /* above U+10FFFF */
        "\xF5\x80\x80\x80", /* lead byte never used */
        "\xF8\x88\x80\x80", /* five-byte form */
        "\x80",             /* a continuation byte first */
        "\xBF",
        "\xC3",             /* cut by the NUL */
        "\xE2\x82",
        "\xF0\x9F\x98",
        ("\xC3" "A"),       /* not continued (one string: the hex escape stops before A) */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const unsigned char *bytes = (const unsigned char *)bad[i];
        assert_int_equal(text_utf8_sequence(bytes, strlen(bad[i]) + 1, NULL), 0);
        assert_int_equal(text_utf8_sequence(bytes, SIZE_MAX, NULL), 0);
        assert_false(text_utf8_valid(bad[i], strlen(bad[i])));
    }
    /* cut by the number of bytes available, though the next bytes would do */
    assert_int_equal(text_utf8_sequence((const unsigned char *)"\xE2\x82\xAC", 2, NULL), 0);
    assert_int_equal(text_utf8_sequence((const unsigned char *)"A", 0, NULL), 0);
}

static void text_utf8_valid_should_check_every_byte_of_the_length(void **state)
{
    (void)state;
    assert_true(text_utf8_valid("Jyv\xC3\xA4skyl\xC3\xA4 \xE2\x82\xAC", 15));
    assert_true(text_utf8_valid("", 0));
    assert_true(text_utf8_valid("a\0b", 3)); /* a NUL byte is U+0000 */
    assert_false(text_utf8_valid("ok \xC3\xA4\xFF", 6));
    /* a sequence cut by the length */
    assert_false(text_utf8_valid("\xC3\xA4", 1));
    assert_true(text_utf8_valid("\xC3\xA4\xFF", 2));
}

static void text_width_should_count_characters_not_bytes(void **state)
{
    (void)state;
    assert_int_equal(text_width(""), 0);
    assert_int_equal(text_width("team"), 4);
    assert_int_equal(text_width("Äänekoski"), 9);
    assert_int_equal(text_width("\xE2\x86\x92"), 1); /* → */
}

struct padded {
    const char *text;
    int width;
    bool right;
};

static void write_padded(FILE *stream, const void *argument)
{
    const struct padded *padded = argument;
    text_write_padded(stream, padded->text, padded->width, padded->right);
}

static void text_write_padded_should_pad_by_characters_left_or_right(void **state)
{
    (void)state;
    struct padded cases[] = {{"Ää", 4, false}, {"Ää", 4, true}, {"toolong", 3, false}, {"", 2, true}};
    const char *expected[] = {"Ää  ", "  Ää", "toolong", "  "};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = written(write_padded, &cases[i]);
        assert_string_equal(text, expected[i]);
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_format_number_should_write_the_shortest_text_that_reads_back),
        cmocka_unit_test(text_format_number_should_write_negative_zero_as_zero),
        cmocka_unit_test(text_format_number_should_refuse_nan_and_infinities),
        cmocka_unit_test(text_csv_number_should_use_a_decimal_comma_and_null_when_not_finite),
        cmocka_unit_test(text_json_string_should_escape_quotes_backslashes_and_controls),
        cmocka_unit_test(text_json_escape_should_leave_letters_and_utf8_bytes_alone),
        cmocka_unit_test(text_utf8_sequence_should_accept_well_formed_sequences),
        cmocka_unit_test(text_utf8_sequence_should_refuse_overlong_surrogates_and_truncated),
        cmocka_unit_test(text_utf8_valid_should_check_every_byte_of_the_length),
        cmocka_unit_test(text_width_should_count_characters_not_bytes),
        cmocka_unit_test(text_write_padded_should_pad_by_characters_left_or_right),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
