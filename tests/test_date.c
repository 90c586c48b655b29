/* test_date.c - unit tests of base/date: the Gregorian calendar, ISO dates, month
 * arithmetic and THL's census Tuesdays, and the readers' use of the calendar. */
#include "testutil.h"

#include "base/date.h"

static void date_is_leap_year_should_follow_the_gregorian_calendar(void **state)
{
    (void)state;
    assert_false(date_is_leap_year(1900));
    assert_true(date_is_leap_year(2000));
    assert_true(date_is_leap_year(2024));
    assert_false(date_is_leap_year(2023));
    assert_false(date_is_leap_year(2100));
}

static void date_days_in_month_should_give_february_29_only_in_leap_years(void **state)
{
    (void)state;
    assert_int_equal(date_days_in_month(1900, 2), 28);
    assert_int_equal(date_days_in_month(2000, 2), 29);
    assert_int_equal(date_days_in_month(2024, 2), 29);
    assert_int_equal(date_days_in_month(2025, 2), 28);
    assert_int_equal(date_days_in_month(2024, 1), 31);
    assert_int_equal(date_days_in_month(2024, 4), 30);
    assert_int_equal(date_days_in_month(2024, 12), 31);
}

/* The readers that use the calendar: an instance dated Feb 29 is read only in a
 * leap year. */
static void instance_parse_should_accept_february_29_only_in_leap_years(void **state)
{
    (void)state;
    static const struct {
        const char *date;
        bool valid;
    } cases[] = {{"1900-02-29", false}, {"2000-02-29", true}, {"2024-02-29", true}, {"2023-02-29", false}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "{\"format\": \"caseload-instance/1\", \"name\": \"t\", \"date\": \"%s\", "
                 "\"municipalities\": [{\"id\": \"M\", \"lat\": 62.2, \"lon\": 25.7}], "
                 "\"teams\": [{\"id\": \"T\", \"service\": \"avohuolto\", \"office\": \"M\"}], "
                 "\"workers\": [{\"id\": \"W\", \"team\": \"T\", \"fte\": 1.0}], "
                 "\"children\": [{\"id\": \"C1\", \"service\": \"avohuolto\", "
                 "\"municipality\": \"M\", \"worker\": \"W\"}]}",
                 cases[i].date);
        struct diag diag;
        diag_init(&diag, "t.json");
        struct instance *instance = instance_parse(text, strlen(text), &diag);
        if (cases[i].valid) {
            if (instance == NULL && diag.kept > 0)
                fail_msg("%s: %s", cases[i].date, diag.messages[0]);
            assert_non_null(instance);
        } else {
            assert_null(instance);
            assert_true(diag.kept > 0);
            assert_non_null(strstr(diag.messages[0], "not a date on the calendar"));
        }
        instance_free(instance);
        diag_free(&diag);
    }
}

static void date_parse_should_read_only_the_iso_shapes(void **state)
{
    (void)state;
    struct date date = {1, 1, 1};
    assert_true(date_parse_digits("2024-10-08", &date));
    assert_int_equal(date.year, 2024);
    assert_int_equal(date.month, 10);
    assert_int_equal(date.day, 8);
    static const char *const refused[] = {"8.10.2024", "2024-1-08", "2024-10-8", "2024-10-08 ",
                                          "2024/10/08", "", "20a4-10-08"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        struct date untouched = {7, 7, 7};
        assert_false(date_parse_digits(refused[i], &untouched));
        assert_int_equal(untouched.year, 7);
    }
    int year = 1, month = 1;
    assert_true(date_parse_month("2014-03", &year, &month));
    assert_int_equal(year, 2014);
    assert_int_equal(month, 3);
    assert_false(date_parse_month("2014-03-01", &year, &month));
    assert_false(date_parse_month("3.2014", &year, &month));
    assert_false(date_parse_month("2014-3", &year, &month));
    assert_int_equal(year, 2014);
    /* the shape only: the calendar is date_on_calendar's */
    assert_true(date_parse_digits("2023-02-30", &date));
    assert_false(date_on_calendar(date));
}

static void date_on_calendar_should_refuse_days_before_1900_and_past_the_month(void **state)
{
    (void)state;
    assert_true(date_on_calendar((struct date){1900, 1, 1}));
    assert_false(date_on_calendar((struct date){1899, 12, 31}));
    assert_true(date_on_calendar((struct date){2024, 2, 29}));
    assert_false(date_on_calendar((struct date){2023, 2, 29}));
    assert_false(date_on_calendar((struct date){2024, 4, 31}));
    assert_false(date_on_calendar((struct date){2024, 13, 1}));
    assert_false(date_on_calendar((struct date){2024, 0, 1}));
    assert_false(date_on_calendar((struct date){2024, 1, 0}));
}

/* The forecast's months: a day past the end of the month reached is clamped. */
static void date_add_months_should_clamp_the_day_to_the_month_reached(void **state)
{
    (void)state;
    struct date moved = date_add_months((struct date){2024, 1, 31}, 1);
    assert_int_equal(moved.year, 2024);
    assert_int_equal(moved.month, 2);
    assert_int_equal(moved.day, 29);
    moved = date_add_months((struct date){2023, 1, 31}, 1);
    assert_int_equal(moved.day, 28);
    moved = date_add_months((struct date){2024, 11, 15}, 3);
    assert_int_equal(moved.year, 2025);
    assert_int_equal(moved.month, 2);
    assert_int_equal(moved.day, 15);
    moved = date_add_months((struct date){2024, 3, 31}, -13);
    assert_int_equal(moved.year, 2023);
    assert_int_equal(moved.month, 2);
    assert_int_equal(moved.day, 28);
    assert_int_equal(date_months_between((struct date){2024, 10, 31}, (struct date){2025, 2, 1}), 4);
    assert_int_equal(date_months_between((struct date){2025, 2, 1}, (struct date){2024, 10, 31}), -4);
    assert_int_equal(date_months_between((struct date){2024, 10, 1}, (struct date){2024, 10, 31}), 0);
}

/* THL's census days: the second Tuesday of April and October. */
static void date_second_tuesday_should_give_thls_census_days(void **state)
{
    (void)state;
    assert_int_equal(date_day_of_week((struct date){2024, 10, 8}), 2);
    assert_int_equal(date_day_of_week((struct date){2000, 1, 1}), 6);
    assert_int_equal(date_day_of_week((struct date){2024, 2, 29}), 4);
    static const struct {
        int year, month, day;
    } census[] = {{2024, 10, 8}, {2025, 4, 8}, {2024, 4, 9}, {2023, 10, 10}, {2026, 9, 8}};
    for (size_t i = 0; i < sizeof census / sizeof census[0]; i++) {
        struct date day = date_second_tuesday(census[i].year, census[i].month);
        assert_int_equal(day.year, census[i].year);
        assert_int_equal(day.month, census[i].month);
        assert_int_equal(day.day, census[i].day);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(date_is_leap_year_should_follow_the_gregorian_calendar),
        cmocka_unit_test(date_days_in_month_should_give_february_29_only_in_leap_years),
        cmocka_unit_test(date_parse_should_read_only_the_iso_shapes),
        cmocka_unit_test(date_on_calendar_should_refuse_days_before_1900_and_past_the_month),
        cmocka_unit_test(date_add_months_should_clamp_the_day_to_the_month_reached),
        cmocka_unit_test(date_second_tuesday_should_give_thls_census_days),
        cmocka_unit_test(instance_parse_should_accept_february_29_only_in_leap_years),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
