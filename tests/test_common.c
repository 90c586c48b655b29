/* test_common.c - unit tests of the allocation hook, the diagnostic list, the
 * small text helpers and the escaping of messages. */
#include "testutil.h"

#include "base/common.h"
#include "base/identity.h"

static void message_escape_should_escape_controls_and_keep_text(void **state)
{
    (void)state;
    char out[256];
    const char *text = "a\x1b[31mb\tc\x7f" "d\xC2\x9B" "e\xE2\x80\xAE" "f\xFF" "g Äänekoski";
    size_t length = message_escape(NULL, text);
    assert_true(length < sizeof out);
    assert_int_equal(message_escape(out, text), length);
    assert_string_equal(out, "a\\x{1b}[31mb\\x{09}c\\x{7f}d\\u{009b}e\\u{202e}f\\x{ff}g Äänekoski");
    assert_int_equal(message_escape(out, "plain"), 5);
    assert_string_equal(out, "plain");
}

static void message_quote_should_withhold_identity_codes_and_escape_the_rest(void **state)
{
    (void)state;
    char buffer[64];
    assert_string_equal(message_quote(buffer, sizeof buffer, "W1\x1b]0;x\x07"), "\"W1\\x{1b}]0;x\\x{07}\"");
    assert_string_equal(message_quote(buffer, sizeof buffer, "say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
    /* an identity code, even in another writing, never appears */
    message_quote(buffer, sizeof buffer, "x 010203\xE2\x80\x93" "123B");
    assert_null(strstr(buffer, "010203"));
    assert_non_null(strstr(buffer, "withheld"));
    /* long text is cut on a character boundary, escapes are never cut */
    char long_text[200];
    memset(long_text, 0, sizeof long_text);
    for (int i = 0; i < 60; i++)
        strcat(long_text, i % 2 == 0 ? "ä" : "\x1b");
    message_quote(buffer, sizeof buffer, long_text);
    size_t length = strlen(buffer);
    assert_true(length < sizeof buffer);
    assert_string_equal(buffer + length - 4, "...\"");
    assert_true(strstr(buffer, "\\x1\"") == NULL && strstr(buffer, "\\x...") == NULL);
}

static void diag_error_should_store_messages_without_control_characters(void **state)
{
    (void)state;
    struct diag diag;
    diag_init(&diag, "file\x1b.csv");
    diag_error(&diag, "key\n", "unknown setting %s", "\x1b[2J\x9b");
    assert_int_equal(diag.kept, 1);
    assert_string_equal(diag.messages[0], "file\\x{1b}.csv: key\\x{0a}: unknown setting \\x{1b}[2J\\x{9b}");
    diag_free(&diag);
}

/* Each entry keeps where (file, array, element, key, or line and column) and why
 * apart, and the formatted message is made from them. */
static void diag_error_should_keep_the_place_and_reason_structured(void **state)
{
    (void)state;
    struct diag diag;
    diag_init(&diag, "x.json");
    diag_error(&diag, "children[12].worker", "unknown worker %s", "\"W9\"");
    diag_error_ref(&diag, "workers[5].id", "workers", 2, ")", "duplicate id %s (also ", "\"W1\"");
    diag_error_kind(&diag, "rules.weights.move", DIAG_MISSING_KEY, "missing required key");
    diag_error(&diag, "teams[3].area[2]", "again");
    diag_error_at(&diag, "kunta/workers.csv", 12, 3, "fte", "got %d", 2);
    diag_error_at(&diag, "kunta/teams.csv", 1, 0, NULL, "missing column");
    diag_error(&diag, "", "the file is empty");
    assert_int_equal(diag.kept, 7);
    const struct diag_entry *e = diag.entries;
    assert_string_equal(e[0].file, "x.json");
    assert_string_equal(e[0].array, "children");
    assert_int_equal(e[0].index, 12);
    assert_string_equal(e[0].key, "worker");
    assert_string_equal(e[0].reason, "unknown worker \"W9\"");
    assert_null(e[0].ref_array);
    assert_int_equal(e[0].kind, DIAG_PLAIN);
    assert_string_equal(diag.messages[0], "x.json: children[12].worker: unknown worker \"W9\"");
    assert_string_equal(e[1].reason, "duplicate id \"W1\" (also ");
    assert_string_equal(e[1].ref_array, "workers");
    assert_int_equal(e[1].ref_index, 2);
    assert_string_equal(e[1].reason_after, ")");
    assert_string_equal(diag.messages[1], "x.json: workers[5].id: duplicate id \"W1\" (also workers[2])");
    assert_null(e[2].array);
    assert_int_equal(e[2].index, -1);
    assert_string_equal(e[2].key, "rules.weights.move");
    assert_int_equal(e[2].kind, DIAG_MISSING_KEY);
    assert_string_equal(e[3].array, "teams");
    assert_string_equal(e[3].key, "area[2]");
    assert_int_equal(e[4].line, 12);
    assert_int_equal(e[4].column, 3);
    assert_string_equal(e[4].key, "fte");
    assert_string_equal(diag.messages[4], "kunta/workers.csv:12:3: fte: got 2");
    assert_string_equal(diag.messages[5], "kunta/teams.csv:1: missing column");
    assert_string_equal(diag.messages[6], "x.json: the file is empty");
    assert_string_equal(e[6].key, "");
    diag_free(&diag);
}

/* Whatever a message holds, a personal identity code in it is withheld, and the
 * escapes themselves never make one out of the digits around them. */
static void message_escape_should_withhold_any_identity_code(void **state)
{
    (void)state;
    char out[256];
    message_escape(out, "/data/010203\xE2\x80\x93" "123B.json: cannot open; also 311299A9999 here");
    assert_string_equal(out, "/data/(withheld).json: cannot open; also (withheld) here");
    message_escape(out, "\x01" "0203A123B and 01020" "\x03" "A123B");
    assert_false(identity_code_in(out));
    assert_non_null(strstr(out, "\\x{01}0203A123B"));
}

/* The way main.c's print_error uses message_vprint. */
static void print_to(FILE *stream, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void print_to(FILE *stream, const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    message_vprint(stream, "caseload", format, arguments);
    va_end(arguments);
}

static void message_vprint_should_escape_the_whole_line(void **state)
{
    (void)state;
    char *text = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&text, &size);
    assert_non_null(stream);
    print_to(stream, "%s: no child %s in the instance", "x\ry.json", "\"C\x1b[1m\"");
    /* longer than the stack buffer: the whole message, escaped */
    char long_text[6000];
    memset(long_text, 'a', sizeof long_text - 2);
    long_text[sizeof long_text - 2] = '\x1b';
    long_text[sizeof long_text - 1] = '\0';
    print_to(stream, "|%s", long_text);
    assert_int_equal(fclose(stream), 0);
    const char *expected = "caseload: x\\x{0d}y.json: no child \"C\\x{1b}[1m\" in the instance";
    assert_true(strncmp(text, expected, strlen(expected)) == 0);
    assert_null(strchr(text, '\x1b'));
    assert_null(strchr(text, '\r'));
    const char *tail = strstr(text, "|");
    assert_non_null(tail);
    assert_int_equal(strlen(tail), 1 + (sizeof long_text - 2) + strlen("\\x{1b}"));
    free(text);
}

/* Only the n-th allocation fails, whichever of the four makes it; the ones after
 * it succeed again (a failure path that retries must not meet a second one), and
 * every attempt is counted. */
static void mem_fail_at_should_fail_only_the_nth_allocation(void **state)
{
    (void)state;
    mem_fail_at(3);
    void *first = mem_alloc(8), *second = mem_calloc(2, 4);
    assert_non_null(first);
    assert_non_null(second);
    assert_null(mem_strdup("third"));
    char *fourth = mem_strdup("fourth");
    assert_non_null(fourth);
    assert_int_equal(mem_alloc_count(), 4);
    mem_fail_at(1);
    void *grown = mem_realloc(first, 64); /* fails: `first` stays the caller's */
    assert_null(grown);
    mem_fail_at(0);
    assert_int_equal(mem_alloc_count(), 0);
    mem_free(first);
    mem_free(second);
    mem_free(fourth);
}

/* "FILE: PATH: REASON", without the path or the file when there is none. */
static void diag_error_should_name_the_file_and_the_path(void **state)
{
    (void)state;
    struct diag diag;
    diag_init(&diag, "county.json");
    diag_error(&diag, "children[12].worker", "unknown worker \"%s\"", "W999");
    diag_error(&diag, "", "not a JSON object");
    diag_error(&diag, NULL, "empty");
    assert_string_equal(diag.messages[0], "county.json: children[12].worker: unknown worker \"W999\"");
    assert_string_equal(diag.messages[1], "county.json: not a JSON object");
    assert_string_equal(diag.messages[2], "county.json: empty");
    diag_free(&diag);
    diag_init(&diag, NULL);
    diag_error(&diag, "rules.cap", "must be at least 1");
    assert_string_equal(diag.messages[0], "rules.cap: must be at least 1");
    diag_free(&diag);
}

/* The list keeps DIAG_KEEP messages, in order, and counts every error: main
 * prints "N more errors not shown" from the difference. */
static void diag_error_should_keep_the_first_messages_and_count_them_all(void **state)
{
    (void)state;
    struct diag diag;
    diag_init(&diag, "big.json");
    for (int i = 0; i < DIAG_KEEP + 25; i++)
        diag_error(&diag, "children", "error %d", i);
    assert_int_equal(diag.kept, DIAG_KEEP);
    assert_int_equal(diag.count, DIAG_KEEP + 25);
    assert_false(diag.out_of_memory);
    assert_string_equal(diag.messages[0], "big.json: children: error 0");
    assert_string_equal(diag.messages[DIAG_KEEP - 1], "big.json: children: error 49");
    diag_free(&diag);
    assert_int_equal(diag.kept, 0);
    assert_int_equal(diag.count, 0);
}

/* Without memory an error is still counted, and marked, never lost silently. */
static void diag_error_should_count_an_error_it_has_no_memory_for(void **state)
{
    (void)state;
    struct diag diag;
    diag_init(&diag, "x.json");
    mem_fail_at(1);
    diag_error(&diag, "teams[0]", "bad");
    mem_fail_at(0);
    assert_int_equal(diag.count, 1);
    assert_int_equal(diag.kept, 0);
    assert_true(diag.out_of_memory);
    diag_free(&diag);
}

/* message_format cuts a long reason to the buffer, and writes nothing without one. */
static void error_format_should_cut_to_the_buffer(void **state)
{
    (void)state;
    char error[8];
    message_format(error, sizeof error, "%s: %d", "abcdef", 12345);
    assert_string_equal(error, "abcdef:");
    message_format(NULL, 0, "%s", "nothing");
    message_format(error, 0, "%s", "untouched");
    assert_string_equal(error, "abcdef:");
}

/* The default name of a scenario or forecast: the file's base name without .json. */
static void path_stem_should_drop_the_folders_and_the_json_ending(void **state)
{
    (void)state;
    const char *cases[][2] = {{"a/b/x.json", "x"}, {"x.json", "x"}, {"dir/plan", "plan"},
                              {"archive.tar.gz", "archive.tar.gz"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *stem = text_path_stem(cases[i][0]);
        assert_non_null(stem);
        assert_string_equal(stem, cases[i][1]);
        mem_free(stem);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(message_escape_should_escape_controls_and_keep_text),
        cmocka_unit_test(message_quote_should_withhold_identity_codes_and_escape_the_rest),
        cmocka_unit_test(message_escape_should_withhold_any_identity_code),
        cmocka_unit_test(diag_error_should_store_messages_without_control_characters),
        cmocka_unit_test(diag_error_should_keep_the_place_and_reason_structured),
        cmocka_unit_test(message_vprint_should_escape_the_whole_line),
        cmocka_unit_test(mem_fail_at_should_fail_only_the_nth_allocation),
        cmocka_unit_test(diag_error_should_name_the_file_and_the_path),
        cmocka_unit_test(diag_error_should_keep_the_first_messages_and_count_them_all),
        cmocka_unit_test(diag_error_should_count_an_error_it_has_no_memory_for),
        cmocka_unit_test(error_format_should_cut_to_the_buffer),
        cmocka_unit_test(path_stem_should_drop_the_folders_and_the_json_ending),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
