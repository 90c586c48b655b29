/* test_law.c - unit tests of core/law: Lastensuojelulaki 13 b § as caseload counts
 * it, the rules a leading social worker checks a plan against. */
#include "testutil.h"

#include <limits.h>

#include "core/law.h"

/* 35 children per full-time worker in 2022-2023, 30 from 1.1.2024. */
static void law_cap_for_date_should_change_on_the_first_day_of_2024(void **state)
{
    (void)state;
    assert_int_equal(law_cap_for_date((struct date){2022, 1, 1}), 35);
    assert_int_equal(law_cap_for_date((struct date){2023, 12, 31}), 35);
    assert_int_equal(law_cap_for_date((struct date){2024, 1, 1}), 30);
    assert_int_equal(law_cap_for_date((struct date){2026, 10, 13}), 30);
}

/* cap(w) = floor(cap·fte + 1e-9): a part-timer's own cap is rounded down, but a
 * product that floating point puts a hair below a whole number is not. */
static void law_own_cap_should_round_down_but_not_below_a_whole_product(void **state)
{
    (void)state;
    assert_int_equal(law_own_cap(30, 1.0), 30);
    assert_int_equal(law_own_cap(30, 0.8), 24);
    assert_int_equal(law_own_cap(30, 0.55), 16); /* 16.5 */
    assert_int_equal(law_own_cap(35, 0.5), 17);  /* 17.5 */
    assert_int_equal(law_own_cap(100, 0.29), 29); /* 100 × 0.29 is 28.999999999999996 */
    assert_int_equal(law_floor_scaled(2.99999), 2);
    assert_int_equal(law_own_cap(30, 0.0), 0);
    assert_int_equal(law_floor_scaled(-3.5), 0);
    assert_int_equal(law_floor_scaled(1e300), INT_MAX);
}

/* Only the 0-17-year-olds count: a child stops counting on the first day of the
 * birth month 18 years on. */
static void law_child_counted_should_stop_at_the_month_of_the_18th_birthday(void **state)
{
    (void)state;
    /* born March 2006: counted through February 2024, not from 1 March 2024 */
    assert_true(law_child_counted(2006, 3, (struct date){2024, 2, 29}));
    assert_false(law_child_counted(2006, 3, (struct date){2024, 3, 1}));
    assert_false(law_child_counted(2006, 3, (struct date){2024, 3, 31}));
    assert_true(law_child_counted(2024, 10, (struct date){2024, 10, 8})); /* a newborn */
    assert_false(law_child_counted(1990, 1, (struct date){2024, 10, 8}));
    /* aftercare ends at 25 the same way */
    assert_true(law_under_age(2000, 11, (struct date){2025, 10, 31}, 25));
    assert_false(law_under_age(2000, 11, (struct date){2025, 11, 1}, 25));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(law_cap_for_date_should_change_on_the_first_day_of_2024),
        cmocka_unit_test(law_own_cap_should_round_down_but_not_below_a_whole_product),
        cmocka_unit_test(law_child_counted_should_stop_at_the_month_of_the_18th_birthday),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
