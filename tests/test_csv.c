/* test_csv.c - unit tests of io/csv: what spreadsheet programs save, split into
 * records and cells, and each syntax error at its line and column. */
#include "testutil.h"

#include "io/csv.h"

/* Parse `text`; the table is the caller's to csv_free. */
static bool parse(const char *text, struct csv_table *table, struct diag *diag)
{
    bool out_of_memory = false;
    memset(table, 0, sizeof *table);
    diag_init(diag, "workers.csv");
    bool ok = csv_parse(diag, "workers.csv", text, strlen(text), table, &out_of_memory);
    assert_false(out_of_memory);
    return ok;
}

/* Excel's Finnish default: semicolons, CRLF, a byte-order mark, cells trimmed,
 * empty lines and trailing separators dropped, each record with its line. */
static void csv_parse_should_read_what_finnish_excel_saves(void **state)
{
    (void)state;
    struct csv_table table;
    struct diag diag;
    assert_true(parse("\xEF\xBB\xBFid;team;fte\r\nW1; avo ;0,8;;\r\n\r\nW2;avo;1\r\n", &table, &diag));
    assert_int_equal(table.separator, ';');
    assert_int_equal(table.count, 3);
    assert_string_equal(table.records[0].cells[0].text, "id");
    assert_int_equal(table.records[1].count, 3);
    assert_string_equal(table.records[1].cells[0].text, "W1");
    assert_string_equal(table.records[1].cells[1].text, "avo");
    assert_string_equal(table.records[1].cells[2].text, "0,8");
    assert_int_equal(table.records[1].line, 2);
    assert_int_equal(table.records[2].line, 4);
    assert_string_equal(table.records[2].cells[0].text, "W2");
    csv_free(&table);
    diag_free(&diag);
}

/* The separator: Excel's "sep=" line names it; otherwise the most frequent of
 * ; , and tab in the header. */
static void csv_parse_should_find_the_separator(void **state)
{
    (void)state;
    struct csv_table table;
    struct diag diag;
    assert_true(parse("sep=,\nid,team\nW1,avo\n", &table, &diag));
    assert_int_equal(table.separator, ',');
    assert_int_equal(table.count, 2);
    assert_int_equal(table.records[0].line, 2);
    csv_free(&table);
    diag_free(&diag);
    assert_true(parse("id\tteam\tfte\nW1\tavo\t1\n", &table, &diag));
    assert_int_equal(table.separator, '\t');
    assert_string_equal(table.records[1].cells[1].text, "avo");
    csv_free(&table);
    diag_free(&diag);
}

/* RFC 4180 quoting: separators, line ends and doubled quotes inside a quoted
 * cell; the record keeps the line it began on. */
static void csv_parse_should_keep_separators_and_quotes_inside_quoted_cells(void **state)
{
    (void)state;
    struct csv_table table;
    struct diag diag;
    assert_true(parse("id;name\n\"C1\";\"Virtanen; \"\"Aino\"\"\nrivi 2\"\nC2;x\n", &table, &diag));
    assert_int_equal(table.count, 3);
    assert_string_equal(table.records[1].cells[1].text, "Virtanen; \"Aino\"\nrivi 2");
    assert_int_equal(table.records[2].line, 4);
    csv_free(&table);
    diag_free(&diag);
}

/* A syntax error names the file, line and column, and ends the file. */
static void csv_parse_should_report_a_quote_error_at_its_line_and_column(void **state)
{
    (void)state;
    struct csv_table table;
    struct diag diag;
    assert_false(parse("id;team\nW1;\"avo\"x\n", &table, &diag));
    assert_int_equal(diag.count, 1);
    assert_non_null(strstr(diag.messages[0], "workers.csv:2:2"));
    assert_non_null(strstr(diag.messages[0], "text after the closing quote"));
    csv_free(&table);
    diag_free(&diag);
    assert_false(parse("id;team\nW1;avo\nW2;\"avo\n", &table, &diag));
    assert_non_null(strstr(diag.messages[0], "workers.csv:3:2"));
    assert_non_null(strstr(diag.messages[0], "not closed"));
    csv_free(&table);
    diag_free(&diag);
}

/* Running out of memory is not a syntax error: *out_of_memory, no message. */
static void csv_parse_should_tell_running_out_of_memory_apart(void **state)
{
    (void)state;
    static const char text[] = "id;team\nW1;avo\n";
    struct csv_table table;
    memset(&table, 0, sizeof table);
    struct diag diag;
    diag_init(&diag, "workers.csv");
    bool out_of_memory = false;
    mem_fail_at(1);
    bool ok = csv_parse(&diag, "workers.csv", text, strlen(text), &table, &out_of_memory);
    mem_fail_at(0);
    assert_false(ok);
    assert_true(out_of_memory);
    assert_int_equal(diag.count, 0);
    csv_free(&table);
    diag_free(&diag);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_parse_should_read_what_finnish_excel_saves),
        cmocka_unit_test(csv_parse_should_find_the_separator),
        cmocka_unit_test(csv_parse_should_keep_separators_and_quotes_inside_quoted_cells),
        cmocka_unit_test(csv_parse_should_report_a_quote_error_at_its_line_and_column),
        cmocka_unit_test(csv_parse_should_tell_running_out_of_memory_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
