/* test_json_scan.c - unit tests of io/json_scan: the strict scan before cJSON
 * builds a tree (each error at its line and column), the encodings a user's editor
 * may have saved, running out of memory, and parses on several threads at once. */
#include "testutil.h"

#include <pthread.h>

#include <cjson/cJSON.h>

#include "io/instance_json.h"

/* Parse `text`; expect a refusal whose first message holds `words`. */
static void refused(const char *text, size_t length, const char *words)
{
    struct diag diag;
    diag_init(&diag, "t.json");
    cJSON *root = json_scan_parse(text, length, &diag);
    assert_null(root);
    assert_false(diag.out_of_memory);
    assert_int_equal(diag.count, 1);
    if (strstr(diag.messages[0], words) == NULL)
        fail_msg("\"%s\" does not say \"%s\"", diag.messages[0], words);
    diag_free(&diag);
}

static void json_scan_parse_should_skip_a_byte_order_mark(void **state)
{
    (void)state;
    static const char text[] = "\xEF\xBB\xBF{\"name\": \"Keski-Suomi\", \"cap\": 30}";
    struct diag diag;
    diag_init(&diag, "t.json");
    cJSON *root = json_scan_parse(text, sizeof text - 1, &diag);
    assert_non_null(root);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "name")->valuestring, "Keski-Suomi");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(root, "cap")->valueint, 30);
    cJSON_Delete(root);
    assert_int_equal(diag.count, 0);
    diag_free(&diag);
}

/* What cJSON alone would accept or report vaguely, named at its line and column. */
static void json_scan_parse_should_name_the_line_and_column_of_a_syntax_error(void **state)
{
    (void)state;
    static const char comma[] = "{\n  \"a\": 1,\n  \"b\": 2,\n}";
    refused(comma, sizeof comma - 1, "line 4, column 1");
    static const char after[] = "{\"a\": 1} x";
    refused(after, sizeof after - 1, "unexpected text after the JSON value");
    static const char cut[] = "{\"a\": [1, 2";
    refused(cut, sizeof cut - 1, "unexpected end of the file");
    refused("   ", 3, "the file is empty");
    static const char latin1[] = "{\"name\": \"J\xE4ms\xE4\"}";
    refused(latin1, sizeof latin1 - 1, "invalid UTF-8 at line 1, column 12");
    char deep[200];
    memset(deep, '[', 100);
    memset(deep + 100, ']', 100);
    refused(deep, sizeof deep, "nested deeper than");
}

/* A file saved as UTF-16 (Windows Notepad's "Unicode") is named as such, with the
 * way to save it as UTF-8. */
static void json_scan_parse_should_name_utf16_and_utf32(void **state)
{
    (void)state;
    static const char utf16le[] = "\xFF\xFE{\0}\0";
    refused(utf16le, sizeof utf16le - 1, "UTF-16LE, not UTF-8");
    static const char utf16be[] = "\0{\0}";
    refused(utf16be, sizeof utf16be - 1, "UTF-16BE");
    static const char utf32le[] = "{\0\0\0}\0\0\0";
    refused(utf32le, sizeof utf32le - 1, "UTF-32LE");
}

/* Running out of memory while cJSON builds the tree is not a fault of the file:
 * diag->out_of_memory (exit 5), no message. */
static void json_scan_parse_should_tell_running_out_of_memory_apart(void **state)
{
    (void)state;
    static const char text[] = "{\"children\": [{\"id\": \"C1\"}, {\"id\": \"C2\"}]}";
    for (long n = 1; n <= 4; n++) {
        struct diag diag;
        diag_init(&diag, "t.json");
        mem_fail_at(n);
        cJSON *root = json_scan_parse(text, sizeof text - 1, &diag);
        mem_fail_at(0);
        assert_null(root);
        assert_true(diag.out_of_memory);
        assert_int_equal(diag.count, 0);
        diag_free(&diag);
    }
    /* and the next parse on this thread is not taken for a failure */
    struct diag diag;
    diag_init(&diag, "t.json");
    cJSON *root = json_scan_parse(text, sizeof text - 1, &diag);
    assert_non_null(root);
    assert_false(diag.out_of_memory);
    cJSON_Delete(root);
    diag_free(&diag);
}

/* Parse a document many times; the count of the ones read right. */
static void *parse_many(void *argument)
{
    static const char text[] = "{\"teams\": [{\"id\": \"avo\", \"area\": [\"Jyväskylä\", \"Laukaa\"]}]}";
    long *good = argument;
    for (int i = 0; i < 300; i++) {
        struct diag diag;
        diag_init(&diag, "t.json");
        cJSON *root = json_scan_parse(text, sizeof text - 1, &diag);
        const cJSON *teams = cJSON_GetObjectItemCaseSensitive(root, "teams");
        if (root != NULL && cJSON_GetArraySize(teams) == 1 && diag.count == 0)
            (*good)++;
        cJSON_Delete(root);
        diag_free(&diag);
    }
    return NULL;
}

/* cJSON's allocator is installed once for the process: parses on several threads
 * at once (a forecast's, a solve's) never race (make tsan runs this). */
static void json_scan_parse_should_be_safe_on_several_threads(void **state)
{
    (void)state;
    pthread_t threads[4];
    long good[4] = {0, 0, 0, 0};
    for (int t = 0; t < 4; t++)
        assert_int_equal(pthread_create(&threads[t], NULL, parse_many, &good[t]), 0);
    for (int t = 0; t < 4; t++) {
        pthread_join(threads[t], NULL);
        assert_int_equal(good[t], 300);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_scan_parse_should_skip_a_byte_order_mark),
        cmocka_unit_test(json_scan_parse_should_name_the_line_and_column_of_a_syntax_error),
        cmocka_unit_test(json_scan_parse_should_name_utf16_and_utf32),
        cmocka_unit_test(json_scan_parse_should_tell_running_out_of_memory_apart),
        cmocka_unit_test(json_scan_parse_should_be_safe_on_several_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
