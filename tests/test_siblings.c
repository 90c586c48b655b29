/* test_siblings.c - unit tests of core/siblings: the sibling groups (family,
 * service) that the heuristic and the model both see, in the same order. */
#include "testutil.h"

#include "core/instance.h"
#include "core/siblings.h"

#include "fixture_tiny.h"

/* Children of one family in one service form a group; a family's child in
 * another service, and a lone child, form none. */
static void siblings_group_should_group_by_family_and_service(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int w = fixture_worker(instance, "W1", team, 1.0);
    fixture_child(instance, "C0", "F2", SERVICE_AVOHUOLTO, ALPHA, w, false);
    fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, ALPHA, w, false);
    fixture_child(instance, "C2", "F1", SERVICE_SIJAISHUOLTO, ALPHA, w, false);
    fixture_child(instance, "C3", "F1", SERVICE_AVOHUOLTO, ALPHA, w, false);
    fixture_child(instance, "C4", "F3", SERVICE_AVOHUOLTO, ALPHA, w, false);
    fixture_child(instance, "C5", "F2", SERVICE_AVOHUOLTO, ALPHA, w, false);
    int n = instance->child_count;
    int group_of[8], group_start[8], group_child[8], group_count = -1;
    assert_true(siblings_group(instance, NULL, n, group_of, group_start, group_child, &group_count));
    assert_int_equal(group_count, 2);
    /* ordered by family (F2 was read first: family 0), the children by index */
    assert_int_equal(group_start[0], 0);
    assert_int_equal(group_start[1], 2);
    assert_int_equal(group_start[2], 4);
    assert_int_equal(group_child[0], 0);
    assert_int_equal(group_child[1], 5);
    assert_int_equal(group_child[2], 1);
    assert_int_equal(group_child[3], 3);
    static const int expected_group_of[] = {0, 1, -1, 1, -1, 0};
    for (int i = 0; i < n; i++)
        assert_int_equal(group_of[i], expected_group_of[i]);
    fixture_free(instance);
}

/* A part's children: the groups speak of the positions in the list, and a family
 * with one child in the part forms no group there. */
static void siblings_group_should_number_a_parts_children_by_position(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int w = fixture_worker(instance, "W1", team, 1.0);
    fixture_child(instance, "C0", "F1", SERVICE_AVOHUOLTO, ALPHA, w, false);
    fixture_child(instance, "C1", "F2", SERVICE_AVOHUOLTO, ALPHA, w, false);
    fixture_child(instance, "C2", "F1", SERVICE_AVOHUOLTO, ALPHA, w, false);
    fixture_child(instance, "C3", "F2", SERVICE_AVOHUOLTO, ALPHA, w, false);
    int children[] = {3, 2, 0};
    int group_of[3], group_start[4], group_child[3], group_count = -1;
    assert_true(siblings_group(instance, children, 3, group_of, group_start, group_child,
                               &group_count));
    assert_int_equal(group_count, 1);
    assert_int_equal(group_child[0], 1);
    assert_int_equal(group_child[1], 2);
    assert_int_equal(group_of[0], -1);
    assert_int_equal(group_of[1], 0);
    assert_int_equal(group_of[2], 0);
    fixture_free(instance);
}

static void siblings_group_should_report_running_out_of_memory(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int w = fixture_worker(instance, "W1", team, 1.0);
    fixture_child(instance, "C0", "F1", SERVICE_AVOHUOLTO, ALPHA, w, false);
    fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, ALPHA, w, false);
    int group_of[2], group_start[3], group_child[2], group_count = -1;
    mem_fail_at(1);
    bool ok = siblings_group(instance, NULL, 2, group_of, group_start, group_child, &group_count);
    mem_fail_at(0);
    assert_false(ok);
    assert_int_equal(group_count, 0);
    fixture_free(instance);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(siblings_group_should_group_by_family_and_service),
        cmocka_unit_test(siblings_group_should_number_a_parts_children_by_position),
        cmocka_unit_test(siblings_group_should_report_running_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
