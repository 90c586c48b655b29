/* test_suggest.c - near-miss names: accents, case, spaces and one or two edits. */
#include "testutil.h"

#include "base/suggest.h"

static void suggest_text_should_offer_the_name_with_its_accents(void **state)
{
    (void)state;
    struct suggestion suggestion;
    char text[256];
    suggest_begin(&suggestion, "Jyvaskyla");
    suggest_consider(&suggestion, "Muurame");
    suggest_consider(&suggestion, "Jyväskylä");
    assert_true(suggest_text(&suggestion, text, sizeof text));
    assert_string_equal(text, "did you mean \"Jyväskylä\"?");
}

static void suggest_text_should_offer_nothing_for_a_short_id_one_edit_away(void **state)
{
    (void)state;
    struct suggestion suggestion;
    char text[256];
    suggest_begin(&suggestion, "W9");
    suggest_consider(&suggestion, "W1");
    assert_false(suggest_text(&suggestion, text, sizeof text));
    assert_string_equal(text, "");
}

static void suggest_text_should_list_every_name_equally_near(void **state)
{
    (void)state;
    struct suggestion suggestion;
    char text[256];
    suggest_begin(&suggestion, "W044");
    suggest_consider(&suggestion, "W0044");
    suggest_consider(&suggestion, "W0144");
    suggest_consider(&suggestion, "W0999");
    assert_true(suggest_text(&suggestion, text, sizeof text));
    assert_string_equal(text, "did you mean \"W0044\" or \"W0144\"?");
}

static void suggest_distance_should_ignore_case_accents_and_spaces(void **state)
{
    (void)state;
    assert_int_equal(suggest_distance("Hankasalmi ", "Hankasalmi"), 0);
    assert_int_equal(suggest_distance("PETAJAVESI", "Petäjävesi"), 0);
    assert_int_equal(suggest_distance("W044", "W0044"), 1);
    assert_int_equal(suggest_distance("avo-north", "avo-south"), 2);
}

static void suggest_nearest_should_refuse_a_tie(void **state)
{
    (void)state;
    const char *names[] = {"fte", "team", "id"};
    assert_int_equal(suggest_nearest("ftee", names, 3), 0);
    assert_int_equal(suggest_nearest("notes", names, 3), -1);
    const char *twins[] = {"W0044", "W0144"};
    assert_int_equal(suggest_nearest("W044", twins, 2), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(suggest_text_should_offer_the_name_with_its_accents),
        cmocka_unit_test(suggest_text_should_offer_nothing_for_a_short_id_one_edit_away),
        cmocka_unit_test(suggest_text_should_list_every_name_equally_near),
        cmocka_unit_test(suggest_distance_should_ignore_case_accents_and_spaces),
        cmocka_unit_test(suggest_nearest_should_refuse_a_tie),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
