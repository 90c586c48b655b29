/* test_identity.c - unit tests of the personal identity code check and the formula rule for ids. */
#include "testutil.h"

#include "base/identity.h"
#include "base/unicode.h"

/* The same code, 010203A123B, written every way a careless or evasive file might. */
static void identity_code_in_should_find_a_code_however_it_is_written(void **state)
{
    (void)state;
    static const char *const codes[] = {
        "010203A123B",                          /* plain */
        "C-010203A123B-x",                      /* inside a longer id */
        "010203a123b",                          /* lower case */
        "010203-123B", "010203+123B", "010203Y123B", "010203U123B",
        "010203\xE2\x80\x93" "123B",            /* en dash */
        "010203\xE2\x88\x92" "123B",            /* U+2212 minus sign */
        "010203\xE2\x80\x90" "123B",            /* U+2010 hyphen */
        "010203\xEF\xBC\x8D" "123B",            /* full-width hyphen-minus */
        "010203 123B",                          /* a space for the sign */
        "010203\xC2\xA0" "123B",                /* a no-break space for the sign */
        "010203\xC2\xA0-\xC2\xA0" "123B",       /* no-break spaces around the sign */
        "010203 A 123 B",                       /* spaces between the parts */
        "01 02 03-123B",                        /* spaces in the date */
        "0102\xE2\x80\x8B" "03A123B",           /* a zero-width space inside */
        "\xE2\x80\x8B" "010203A1\xE2\x80\x8C" "23B", /* zero-width characters around and inside */
        "010203\xC2\xAD" "A123B",               /* a soft hyphen inside */
        "\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x93"
        "A\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93" "B", /* full-width digits */
        "\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x93"
        "\xEF\xBC\xA1" "123\xEF\xBC\xA2",       /* full-width digits and letters */
        "\xD9\xA0\xD9\xA1\xD9\xA0\xD9\xA2\xD9\xA0\xD9\xA3" "A123B", /* Arabic-Indic digits */
        "010203\xD0\x90" "123B",                /* Cyrillic A as the sign */
        "010203A123\xCE\x92",                   /* Greek Beta as the check character */
        "\xE2\x81\xB0" "10203A123B",            /* a superscript zero */
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (!identity_code_in(codes[i]))
            fail_msg("not found: case %zu", i);
}

static void identity_code_in_should_accept_near_misses_and_pseudonyms(void **state)
{
    (void)state;
    static const char *const fine[] = {
        "",          "C000123",     "W0012",        "010203123B",  /* no sign */
        "320203A123B",                                             /* day 32 */
        "011303A123B",                                             /* month 13 */
        "010203A12B",                                              /* too short */
        "010203A123",                                              /* no check character */
        "010203G123B",                                             /* not a century sign */
        "010203   123B",                                           /* three spaces: not one code */
        "Keski-Suomi, October 2024", "avo-jkl/hire-3", "Jyväskylä",
        "\xFF\xFE\x80", "010203\xE2\x80",                          /* broken UTF-8 */
    };
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
        if (identity_code_in(fine[i]))
            fail_msg("refused: %s", fine[i]);
}

static void identity_begins_like_formula_should_catch_every_formula_start(void **state)
{
    (void)state;
    static const char *const formulas[] = {
        "=HYPERLINK(\"http://x\")", "@SUM(A1)", "+1+1", "-1+1", "\t=1", "\r=1", " =1",
        "\xEF\xBC\x9D" "1+1",          /* full-width equals sign */
        "\xE2\x88\x92" "1",            /* U+2212 minus sign */
        "\xE2\x80\x8B" "=1",           /* behind a zero-width space */
        "\xC2\xA0@x",                  /* behind a no-break space */
    };
    for (size_t i = 0; i < sizeof formulas / sizeof formulas[0]; i++)
        if (!identity_begins_like_formula(formulas[i]))
            fail_msg("not caught: case %zu", i);
    static const char *const fine[] = {"", "C1", "a=b", "W-1", "'=1", "1+1", "Äänekoski"};
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
        if (identity_begins_like_formula(fine[i]))
            fail_msg("refused: %s", fine[i]);
}

/* Issue 23 item 5: one writing of each class (tests/identity_table_test.py walks them all). */
static void identity_code_in_should_see_through_invisible_and_look_alike_characters(void **state)
{
    (void)state;
    static const char *const writings[] = {
        "010203\u200eA123B",           /* LRM, as Windows copies dates */
        "0102\u206603A123B\u2069",      /* an isolate */
        "01\u034f0203A123B",           /* the combining grapheme joiner */
        "010203\U000e0041A123B",       /* a tag character */
        "0\u03011\u03010203A123B",     /* combining marks on digits */
        "010203\u2169123B",            /* Roman numeral ten as the century sign */
        "010203A123\u212a",            /* the Kelvin sign */
        "\u24ea\u2460\u24ea\u2461\u24ea\u2462A123B", /* circled digits */
        "010203\u301c123B",            /* a wave dash (Pd) */
        "010203A123\u043a",            /* Cyrillic ka */
        "010203\u04ae123B",            /* Cyrillic straight u as Y */
    };
    for (size_t i = 0; i < sizeof writings / sizeof writings[0]; i++)
        if (!identity_code_in(writings[i]))
            fail_msg("not found: writing %zu", i);
}

static void unicode_equal_should_join_nfc_and_nfd_and_fold_case_only_when_asked(void **state)
{
    (void)state;
    assert_true(unicode_equal("Jyv\u00e4skyl\u00e4", "Jyva\u0308skyla\u0308", false));
    assert_false(unicode_equal("C01", "c01", false));
    assert_true(unicode_equal("C01", "c01", true));
    assert_true(unicode_equal("\u00c4", "a\u0308", true));
    assert_false(unicode_equal("W2", "W2\u200b", true)); /* ids hold no invisible characters: refused on reading */
    assert_true(unicode_key_hash("\u00c5land") == unicode_key_hash("a\u030aLAND"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(identity_code_in_should_find_a_code_however_it_is_written),
        cmocka_unit_test(identity_code_in_should_accept_near_misses_and_pseudonyms),
        cmocka_unit_test(identity_begins_like_formula_should_catch_every_formula_start),
        cmocka_unit_test(identity_code_in_should_see_through_invisible_and_look_alike_characters),
        cmocka_unit_test(unicode_equal_should_join_nfc_and_nfd_and_fold_case_only_when_asked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
